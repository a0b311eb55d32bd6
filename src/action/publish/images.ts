import { join } from 'node:path';
import * as core from '@actions/core';
import type { Config } from '../../core/config.js';
import { describeError } from '../../core/errors.js';
import type { ImageEntry } from '../../core/multi/combined.js';
import { renderCombinedMarkdown } from '../../core/multi/markdown.js';
import type { ImagesOutcome } from '../../core/multi/run.js';
import { artifactUrl, uploadResultFiles, type UploadedArtifact } from './artifact.js';
import { ARTIFACT_FILES, commentOnPullRequest, writeJobSummary, type PublishDeps, type Published } from './index.js';

/**
 * The step outputs of a run of several images. The counts are sums over the images (and compliance that of the sums);
 * empty when no image was evaluated. The per-image answers are in `results`, a JSON array of summary.json's `images`.
 * results-file, image-digest and pod-name belong to one scan: empty here (each image's are in `results`).
 */
export function imagesOutputs(outcome: ImagesOutcome, artifactId: number | undefined): Record<string, string> {
  const { summary } = outcome;
  const count = (status: 'passed' | 'failed' | 'skipped' | 'no_impact' | 'error'): string =>
    summary.counts ? String(summary.counts[status].total) : '';
  return {
    result: outcome.result,
    compliance: summary.compliance === null ? '' : String(summary.compliance),
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    'not-applicable': count('no_impact'),
    errors: count('error'),
    'results-file': '',
    'summary-file': outcome.files.summaryFile,
    'sarif-file': outcome.files.sarifFile ?? '',
    'junit-file': outcome.files.junitFile ?? '',
    'artifact-id': artifactId === undefined ? '' : String(artifactId),
    'image-digest': '',
    'pod-name': '',
    results: JSON.stringify(summary.images),
  };
}

/** Publishes a run of several images: one artifact with every folder, the outputs, the job summary, the PR comment. */
export async function publishImages(config: Config, outcome: ImagesOutcome, deps: PublishDeps): Promise<Published> {
  const artifact = config.publish.uploadArtifact ? await uploadFolders(config, outcome, deps) : undefined;
  const outputs = imagesOutputs(outcome, artifact?.id);
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  const link = artifact ? artifactUrl(deps.env, artifact.id) : undefined;
  const render = (maxBytes?: number) =>
    renderCombinedMarkdown(outcome.summary, outcome.details, {
      artifactUrl: link,
      ...(maxBytes === undefined ? {} : { maxBytes }),
    });
  const summary = render();
  if (config.publish.jobSummary) await writeJobSummary(summary, deps);
  if (config.publish.commentOnPr) await commentOnPullRequest(config, render, deps);
  return { artifact, outputs, summary };
}

async function uploadFolders(
  config: Config,
  outcome: ImagesOutcome,
  deps: PublishDeps,
): Promise<UploadedArtifact | undefined> {
  const dir = config.results.outputDir;
  const folders = outcome.summary.images.map((e: ImageEntry) => e.folder);
  const files = [
    ...ARTIFACT_FILES.map((file) => join(dir, file)),
    ...folders.flatMap((folder) => ARTIFACT_FILES.map((file) => join(dir, folder, file))),
  ];
  try {
    const uploaded = await uploadResultFiles(deps.artifactClient, {
      name: config.publish.artifactName,
      uniqueSuffix: Date.now().toString(36),
      files,
      rootDirectory: dir,
      retentionDays: config.publish.retentionDays,
    });
    deps.logger.info(
      `Uploaded artifact ${uploaded.name} (id ${uploaded.id}): ${uploaded.files.length} files, the run's and a folder per image (${folders.length}).`,
    );
    return uploaded;
  } catch (error) {
    deps.logger.warn(
      `KCS-GH-003: could not upload the artifact ${config.publish.artifactName}: ${describeError(error)}. The files are still in ${dir}.`,
    );
    return undefined;
  }
}
