import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import type { Config } from '../../core/config.js';
import { describeError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { PipelineOutcome } from '../../core/pipeline.js';
import { artifactUrl, uploadResultFiles, type ArtifactUploader, type UploadedArtifact } from './artifact.js';
import { imageEntry } from '../../core/multi/combined.js';
import { stepOutputs } from './outputs.js';
import { commentBody, commentMarker, httpStatus, pullRequestFromEvent, upsertComment } from './pr-comment.js';
import { summaryMarkdown } from './summary.js';

/** The files the artifact holds, by name, in the output directory. */
export const ARTIFACT_FILES = [
  'scan-results.json',
  'scan-summary.md',
  'threshold-result.txt',
  'summary.json',
  'scan-results.sarif',
  'scan-results.junit.xml',
  'pod.yaml',
  'scanner.log',
];

/** The results engine drops table rows to fit this; bytes ≥ characters, so the comment stays under GitHub's limit. */
const COMMENT_MARKDOWN_BYTES = 60_000;

export interface PublishDeps {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  artifactClient: ArtifactUploader;
}

export interface Published {
  artifact: UploadedArtifact | undefined;
  outputs: Record<string, string>;
  summary: string;
}

/**
 * Publishes a finished pipeline, whatever its result: artifact (first, so the summary can link it), step outputs,
 * job summary, pull-request comment. Each part that fails is a warning; none of them decides the step's status.
 */
export async function publish(config: Config, outcome: PipelineOutcome, deps: PublishDeps): Promise<Published> {
  const artifact = config.publish.uploadArtifact ? await uploadArtifact(config, outcome, deps) : undefined;
  // `results`: the per-image array a run of several images gives, here with one entry (the output directory, `.`).
  const outputs = {
    ...stepOutputs(outcome, artifact?.id),
    results: JSON.stringify([imageEntry(config.scan.image, '.', outcome)]),
  };
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);

  const link = artifact ? artifactUrl(deps.env, artifact.id) : undefined;
  const summary = summaryMarkdown(outcome, link);
  if (config.publish.jobSummary) await writeJobSummary(summary, deps);
  if (config.publish.commentOnPr)
    await commentOnPullRequest(config, (maxBytes) => summaryMarkdown(outcome, link, maxBytes), deps);
  return { artifact, outputs, summary };
}

async function uploadArtifact(
  config: Config,
  outcome: PipelineOutcome,
  deps: PublishDeps,
): Promise<UploadedArtifact | undefined> {
  const dir = config.results.outputDir;
  try {
    const uploaded = await uploadResultFiles(deps.artifactClient, {
      name: config.publish.artifactName,
      uniqueSuffix: outcome.names?.runId ?? Date.now().toString(36),
      files: ARTIFACT_FILES.map((file) => join(dir, file)),
      rootDirectory: dir,
      retentionDays: config.publish.retentionDays,
    });
    deps.logger.info(`Uploaded artifact ${uploaded.name} (id ${uploaded.id}): ${uploaded.files.join(', ')}`);
    return uploaded;
  } catch (error) {
    deps.logger.warn(
      `KCS-GH-003: could not upload the artifact ${config.publish.artifactName}: ${describeError(error)}. The files are still in ${dir}.`,
    );
    return undefined;
  }
}

/**
 * Appends to the file the runner names in GITHUB_STEP_SUMMARY (what core.summary.write does, but reading the
 * environment it is given rather than a path cached on first use).
 */
export async function writeJobSummary(summary: string, deps: Pick<PublishDeps, 'env' | 'logger'>): Promise<void> {
  const file = deps.env['GITHUB_STEP_SUMMARY'];
  if (!file) {
    deps.logger.debug('GITHUB_STEP_SUMMARY is not set (not on a runner): no job summary');
    return;
  }
  try {
    await appendFile(file, summary.endsWith('\n') ? summary : `${summary}\n`);
  } catch (error) {
    deps.logger.warn(`KCS-GH-004: could not write the job summary to ${file}: ${describeError(error)}`);
  }
}

/** Posts (or updates) the summary on the pull request; `render` gives it within a byte budget. */
export async function commentOnPullRequest(
  config: Config,
  render: (maxBytes: number) => string,
  deps: PublishDeps,
): Promise<void> {
  const target = pullRequestFromEvent(deps.env);
  if (!target) {
    deps.logger.info(
      `comment-on-pr is on, but this is a ${deps.env['GITHUB_EVENT_NAME'] ?? 'non-pull-request'} event: no comment`,
    );
    return;
  }
  if (!config.publish.githubToken) {
    deps.logger.warn(
      'KCS-GH-005: comment-on-pr is on but github-token is empty, so no comment was posted. Pass github-token: ${{ github.token }}.',
    );
    return;
  }
  const marker = commentMarker(config.publish.artifactName);
  const markdown = render(COMMENT_MARKDOWN_BYTES);
  const body = commentBody(
    marker,
    markdown,
    '_The summary was cut to fit a comment; the full version is scan-summary.md in the artifact._',
  );
  const octokit = getOctokit(config.publish.githubToken, {
    baseUrl: deps.env['GITHUB_API_URL'] || 'https://api.github.com',
  });
  try {
    const result = await upsertComment(octokit, target, marker, body);
    deps.logger.info(
      `${result.action === 'created' ? 'Posted' : 'Updated'} the scan summary on pull request #${target.number}: ${result.url}`,
    );
  } catch (error) {
    const status = httpStatus(error);
    if (status === 403 || status === 404) {
      deps.logger.warn(
        `KCS-GH-006: the token cannot comment on pull request #${target.number} (HTTP ${status}); the results are in the job summary. ` +
          'Give the job `permissions: pull-requests: write`; on a pull request from a fork GITHUB_TOKEN is read-only.',
      );
      return;
    }
    deps.logger.warn(`KCS-GH-007: could not comment on pull request #${target.number}: ${describeError(error)}`);
  }
}
