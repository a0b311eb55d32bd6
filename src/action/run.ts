import * as core from '@actions/core';
import { DefaultArtifactClient } from '@actions/artifact';
import { describeError } from '../core/errors.js';
import { ActionLogger } from './action-logger.js';
import { readActionInputs } from './inputs.js';
import { main, type MainDeps } from './main.js';
import { post } from './post.js';
import { actionsState, isPost, markMainStarted } from './state.js';

/**
 * The one entry of the bundle, for both steps: action.yml runs the same file as main and as post, and the state that
 * main saves first (isPost) tells them apart. Any thrown value, Error or not, fails main; post only warns.
 */
export async function run(): Promise<void> {
  const logger = new ActionLogger();
  if (isPost(actionsState)) {
    try {
      await post({ env: process.env, cwd: process.cwd(), readInputs: readActionInputs, state: actionsState, logger });
    } catch (error) {
      logger.closeFence();
      core.warning(`KCS-GH-009: post-step cleanup failed: ${describeError(error)}`);
    }
    return;
  }
  markMainStarted(actionsState);
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) return;
    logger.closeFence();
    core.warning(`KCS-GH-010: received ${signal} (job cancelled?): stopping the scan and deleting its pod.`);
    controller.abort(new Error(`received ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await runMain({
      env: process.env,
      cwd: process.cwd(),
      readInputs: readActionInputs,
      state: actionsState,
      logger,
      artifactClient: new DefaultArtifactClient(),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** main, with any thrown value (an Error, a string, undefined) turned into a failed step rather than a green one. */
export async function runMain(deps: MainDeps): Promise<void> {
  try {
    await main(deps);
  } catch (error) {
    deps.logger.closeFence();
    core.setFailed(`KCS-GH-011: the action failed unexpectedly: ${describeError(error)}`);
  }
}
