import { existsSync } from 'node:fs';
import { basename } from 'node:path';

/** The part of @actions/artifact's client this code uses; the real DefaultArtifactClient satisfies it. */
export interface ArtifactUploader {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: { retentionDays?: number },
  ): Promise<{ id?: number; size?: number }>;
}

export interface UploadedArtifact {
  id: number;
  name: string;
  files: string[];
}

/** Artifact names are unique per workflow run; the service answers 409 when one is taken. */
function nameTaken(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /\(409\)|already exists/i.test(message);
}

/**
 * Uploads the result files that exist (a failed scan may lack the report) under `name`. When two steps of one run
 * derive the same name (matrix legs scanning the same image in the same job), the second retries once with the
 * scan's run id appended, which is unique.
 */
export async function uploadResultFiles(
  client: ArtifactUploader,
  options: {
    name: string;
    uniqueSuffix: string;
    files: string[];
    rootDirectory: string;
    retentionDays: number | undefined;
  },
): Promise<UploadedArtifact> {
  const files = options.files.filter((file) => existsSync(file));
  const uploadOptions = options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays };
  const attempt = async (name: string): Promise<UploadedArtifact> => {
    const { id } = await client.uploadArtifact(name, files, options.rootDirectory, uploadOptions);
    if (id === undefined) throw new Error(`the artifact service returned no id for ${name}`);
    return { id, name, files: files.map((file) => basename(file)) };
  };
  try {
    return await attempt(options.name);
  } catch (error) {
    if (!nameTaken(error)) throw error;
    return attempt(`${options.name}-${options.uniqueSuffix}`.slice(0, 200));
  }
}

/** The artifact's page in the run, for the job summary. */
export function artifactUrl(env: NodeJS.ProcessEnv, id: number): string | undefined {
  const server = env['GITHUB_SERVER_URL'] ?? 'https://github.com';
  const repository = env['GITHUB_REPOSITORY'];
  const runId = env['GITHUB_RUN_ID'];
  if (!repository || !runId) return undefined;
  return `${server}/${repository}/actions/runs/${runId}/artifacts/${id}`;
}
