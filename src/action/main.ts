import * as core from '@actions/core';
import { parseConfig, type Config, type RawInputs } from '../core/config.js';
import { describeError, KcsError } from '../core/errors.js';
import { kubeconfigSecrets } from '../core/kube/connection.js';
import { runPipeline, type PipelineOutcome } from '../core/pipeline.js';
import { renderErrorMarkdown } from '../core/results/index.js';
import type { ActionLogger } from './action-logger.js';
import { mainImages } from './main-images.js';
import { publish, writeJobSummary } from './publish/index.js';
import type { ArtifactUploader } from './publish/artifact.js';
import { secretsToMask } from './secrets.js';
import { markScanSettled, saveScanState, type StateStore } from './state.js';
import { verdict } from './verdict.js';

export interface MainDeps {
  env: NodeJS.ProcessEnv;
  cwd: string;
  readInputs: () => RawInputs;
  state: StateStore;
  logger: ActionLogger;
  artifactClient: ArtifactUploader;
  /** Aborted on SIGINT/SIGTERM (a cancelled job): the scan stops and deletes what it created. */
  signal: AbortSignal;
}

/**
 * The main step: inputs, masking, the scan, publishing, then the step's status, in that order, so that outputs,
 * summary and artifact exist before the step turns red. Throws only for a bug; the caller fails the step then.
 */
export async function main(deps: MainDeps): Promise<void> {
  const raw = deps.readInputs();
  // Before anything is logged, and before parsing: a parse error may quote an input.
  for (const secret of secretsToMask(raw, kubeconfigSecrets, deps.env)) core.setSecret(secret);

  let config: Config;
  try {
    config = parseConfig(raw, { env: deps.env, cwd: deps.cwd, mode: 'action' });
  } catch (error) {
    await failOnInput(error, deps);
    return;
  }
  for (const warning of config.warnings) deps.logger.warn(warning);
  if (config.targets.multi) {
    await mainImages(config, deps);
    return;
  }

  const outcome = await runPipeline(config, {
    logger: deps.logger,
    signal: deps.signal,
    onPlanned: (plan) => {
      // Never printed, but a credential all the same: the per-scan key that signs the results block.
      core.setSecret(plan.resultsKey);
      saveScanState(deps.state, { ...plan.names, cleanup: config.scan.cleanup });
    },
    onSecrets: (secrets) => {
      for (const secret of secrets) core.setSecret(secret);
    },
  });
  markScanSettled(deps.state);
  deps.logger.closeFence();

  const published = await deps.logger.group('Publish', () =>
    publish(config, outcome, { env: deps.env, logger: deps.logger, artifactClient: deps.artifactClient }),
  );
  finish(outcome, config, published.artifact?.name);
}

function finish(outcome: PipelineOutcome, config: Config, artifactName: string | undefined): void {
  const where = artifactName
    ? `the job summary and the artifact ${artifactName} (scanner.log, scan-summary.md)`
    : `the job summary and ${config.results.outputDir}`;
  const decided = verdict(outcome, config.results.failOnThreshold, where);
  if (decided.status === 'failed') core.setFailed(decided.message);
  else if (decided.status === 'warning') core.warning(decided.message);
  else core.info(decided.message);
}

/** An invalid input: nothing was created; still say `result=error` and explain it in the summary before failing. */
async function failOnInput(error: unknown, deps: MainDeps): Promise<void> {
  const message = describeError(error);
  core.setOutput('result', 'error');
  await writeJobSummary(renderErrorMarkdown(message, {}), deps);
  const code = error instanceof KcsError ? '' : 'KCS-GH-008: ';
  core.setFailed(`Invalid input: ${code}${message.replace(/\s*\n\s*/g, ' ')} See the action's inputs in the README.`);
}
