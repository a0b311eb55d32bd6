import * as core from '@actions/core';
import type { Config } from '../core/config.js';
import { runImages, type ImagesOutcome } from '../core/multi/run.js';
import type { MainDeps } from './main.js';
import { publishImages } from './publish/images.js';
import { ImageScanStates, markScanSettled } from './state.js';
import type { Verdict } from './verdict.js';

/**
 * The main step for several images (the `image` input with more than one line, or images-from-namespace): every scan
 * is saved for the post step before it creates anything, then the run is published and the step ends with the
 * combined result.
 */
export async function mainImages(config: Config, deps: MainDeps): Promise<void> {
  const states = new ImageScanStates(deps.state);
  const outcome = await runImages(config, {
    logger: deps.logger,
    signal: deps.signal,
    onPlanned: (plan) => {
      core.setSecret(plan.resultsKey);
      states.add({ ...plan.names, cleanup: config.scan.cleanup });
    },
    onSecrets: (secrets) => {
      for (const secret of secrets) core.setSecret(secret);
    },
  });
  markScanSettled(deps.state);
  deps.logger.closeFence();
  const published = await deps.logger.group('Publish', () =>
    publishImages(config, outcome, { env: deps.env, logger: deps.logger, artifactClient: deps.artifactClient }),
  );
  const where = published.artifact
    ? `the job summary and the artifact ${published.artifact.name} (a folder per image)`
    : `the job summary and ${config.results.outputDir}`;
  const decided = imagesVerdict(outcome, config.results.failOnThreshold, where);
  if (decided.status === 'failed') core.setFailed(decided.message);
  else if (decided.status === 'warning') core.warning(decided.message);
  else core.info(decided.message);
}

const MAX_MESSAGE = 1_000;
const MAX_NAMED = 5;

function oneLine(text: string): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ');
  return flat.length <= MAX_MESSAGE ? flat : `${flat.slice(0, MAX_MESSAGE - 1)}…`;
}

function named(images: string[]): string {
  const shown = images.slice(0, MAX_NAMED).join(', ');
  return images.length > MAX_NAMED ? `${shown} and ${images.length - MAX_NAMED} more` : shown;
}

/** The step's end for a run of several images: its combined result, in one line that names the images concerned. */
export function imagesVerdict(outcome: ImagesOutcome, failOnThreshold: boolean, where: string): Verdict {
  const { summary } = outcome;
  const total = summary.totals.images;
  if (outcome.error)
    return { status: 'failed', message: oneLine(`Scan error: ${outcome.error.oneLine()} See ${where}.`) };
  const errored = summary.images.filter((e) => e.result === 'error');
  if (errored.length > 0) {
    const first = errored[0]?.error;
    const why = first ? ` (${first.code}: ${first.message})` : '';
    return {
      status: 'failed',
      message: oneLine(
        `Scan error: ${errored.length} of ${total} images could not be scanned: ${named(errored.map((e) => e.image))}${why}. See ${where}.`,
      ),
    };
  }
  const failed = summary.images.filter((e) => e.result === 'fail');
  if (failed.length > 0) {
    const text = `KCS-GH-002: the threshold failed for ${failed.length} of ${total} images: ${named(failed.map((e) => e.image))}. See ${where}.`;
    return failOnThreshold
      ? { status: 'failed', message: oneLine(text) }
      : { status: 'warning', message: oneLine(`${text} The step passes because fail-on-threshold is false.`) };
  }
  const compliance = summary.compliance === null ? '' : ` (compliance of all images ${summary.compliance}%)`;
  return { status: 'passed', message: `All ${total} images passed${compliance}.` };
}
