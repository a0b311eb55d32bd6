import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from './config.js';
import { KcsError, describeError } from './errors.js';
import { kindLoad } from './kind.js';
import { connect, type KubeConnection } from './kube/connection.js';
import { ScanError } from './kube/scan-error.js';
import type { Logger } from './logger.js';
import {
  evaluateReport,
  loadThreshold,
  renderErrorMarkdown,
  renderSummaryMarkdown,
  writeResultFiles,
  type Evaluation,
  type ResultFiles,
  type ResultMeta,
  type Threshold,
} from './results/index.js';
import { planScan, runScan, type ScanNames, type ScanOutcome, type ScanPlan } from './scan.js';
import { redactUrl, urlSecrets } from './redact.js';

export interface PipelineDeps {
  logger: Logger;
  /** Aborted on SIGINT/SIGTERM: the scan stops and deletes what it created. */
  signal?: AbortSignal;
  /** Called once the names are known and before anything is created, so the action can save them for its post step. */
  onPlanned?: (plan: ScanPlan) => void | Promise<void>;
  /** Called with every credential the connection holds (exec-plugin tokens too), before anything could log them. */
  onSecrets?: (secrets: string[]) => void;
}

export type PipelineFiles = ResultFiles & { scannerLogFile?: string; podSpecFile?: string };

export interface PipelineOutcome {
  result: 'pass' | 'fail' | 'error';
  evaluation?: Evaluation;
  error?: KcsError;
  files: PipelineFiles;
  names?: ScanNames | undefined;
  imageDigest?: string | undefined;
  /** The summary Markdown (the same text as scan-summary.md). */
  markdown: string;
  /** What the summary says about the scan (image, digest, profile, threshold), for an adapter that re-renders it. */
  meta: ResultMeta;
}

/** What has been obtained so far; on an error everything in it is still written out. */
interface Progress {
  threshold?: Threshold;
  plan?: ScanPlan;
  scan?: ScanOutcome;
  scannerLog?: string | undefined;
  reportText?: string | undefined;
  podYaml?: string | undefined;
}

/**
 * One scan from validated config to written result files: the action and the CLI `scan` command both call it. It
 * never throws: a failure becomes `result: 'error'` with the error, and whatever was obtained before it (scanner log,
 * a verified report, the pod spec) is still written to the output directory.
 */
export async function runPipeline(config: Config, deps: PipelineDeps): Promise<PipelineOutcome> {
  const { logger } = deps;
  const progress: Progress = {};
  try {
    const { plan, connection } = await logger.group('Prepare', () => prepare(config, deps, progress));
    try {
      progress.scan = await logger.group('Scan', () => scan(config, deps, plan, connection));
      progress.scannerLog = progress.scan.scannerLog;
      progress.reportText = progress.scan.reportText;
      progress.podYaml = progress.scan.podYaml;
    } finally {
      connection.close();
    }
    return await logger.group('Results', () => evaluate(config, progress, logger));
  } catch (thrown) {
    const error = asKcsError(thrown);
    if (error instanceof ScanError) {
      progress.scannerLog ??= error.scannerLog;
      progress.reportText ??= error.reportText;
    }
    // Not logged here: the caller reports it once (the action as the step's failure, the CLI on stderr).
    return logger.group('Results', () => writeErrorSafely(config, progress, error, logger));
  }
}

/** Writing the error files can fail too (a read-only output-dir): the outcome must still reach the caller. */
async function writeErrorSafely(
  config: Config,
  progress: Progress,
  error: KcsError,
  logger: Logger,
): Promise<PipelineOutcome> {
  try {
    return await writeError(config, progress, error);
  } catch (thrown) {
    logger.warn(`could not write the result files to ${config.results.outputDir}: ${describeError(thrown)}`);
    const meta = resultMeta(config, progress);
    const outcome: PipelineOutcome = {
      result: 'error',
      error,
      files: { summaryFile: '', thresholdFile: '', summaryJsonFile: '' },
      markdown: renderErrorMarkdown(error.oneLine(), meta),
      meta,
    };
    if (progress.plan) outcome.names = progress.plan.names;
    return outcome;
  }
}

/** Everything before the first object is created: threshold, kind load, plan (saved by onPlanned), connection. */
async function prepare(
  config: Config,
  deps: PipelineDeps,
  progress: Progress,
): Promise<{ plan: ScanPlan; connection: KubeConnection }> {
  // The threshold is read first: a bad threshold is an input error that must stop the run before any cluster call.
  if (config.results.threshold) progress.threshold = await loadThreshold(config.results.threshold);
  if (config.scan.kindLoad) {
    await kindLoad(config.scan.image, config.scan.kindCluster, deps.logger, deps.signal ? { signal: deps.signal } : {});
  }
  const plan = await planScan(config.scan);
  const { names } = plan;
  deps.logger.info(
    `Planned pod ${names.namespace}/${names.podName} with ConfigMaps ${names.configMapNames.join(', ')} (run ${names.runId}).`,
  );
  progress.plan = plan;
  await deps.onPlanned?.(plan);
  const connection = await connect(config.scan.kubeconfig, config.scan.context, deps.logger);
  deps.onSecrets?.(connection.secrets);
  return { plan, connection };
}

async function scan(
  config: Config,
  deps: PipelineDeps,
  plan: ScanPlan,
  connection: KubeConnection,
): Promise<ScanOutcome> {
  deps.logger.info(`Scanning ${config.scan.image} in namespace ${plan.names.namespace} (pod ${plan.names.podName})`);
  return runScan(plan, {
    connection,
    logger: deps.logger,
    ...(deps.signal ? { signal: deps.signal } : {}),
    cleanup: config.scan.cleanup,
    timeoutSeconds: config.scan.timeoutSeconds,
  });
}

async function evaluate(config: Config, progress: Progress, logger: Logger): Promise<PipelineOutcome> {
  const extra = await writeScanFiles(config.results.outputDir, progress, profileUrlOf(config));
  const meta = resultMeta(config, progress);
  const scanOutcome = progress.scan as ScanOutcome;
  let evaluation: Evaluation;
  try {
    evaluation = evaluateReport(scanOutcome.reportText, { threshold: progress.threshold, origin: 'scan-results.json' });
  } catch (thrown) {
    return writeError(config, progress, asKcsError(thrown), extra);
  }
  const files = await writeResultFiles(config.results.outputDir, {
    reportText: scanOutcome.reportText,
    evaluation,
    meta,
  });
  const gate = evaluation.thresholdGiven
    ? `threshold ${evaluation.result === 'pass' ? 'met' : `failed (${evaluation.violations.length} violated)`}`
    : 'no threshold';
  logger.info(`Compliance ${evaluation.compliance}%, ${gate}; files in ${config.results.outputDir}`);
  return {
    result: evaluation.result,
    evaluation,
    files: { ...files, ...extra },
    names: progress.plan?.names,
    imageDigest: scanOutcome.imageDigest,
    markdown: renderSummaryMarkdown(evaluation, meta),
    meta,
  };
}

async function writeError(
  config: Config,
  progress: Progress,
  error: KcsError,
  written?: Partial<PipelineFiles>,
): Promise<PipelineOutcome> {
  const extra =
    written ?? (await writeScanFiles(config.results.outputDir, progress, profileUrlOf(config)).catch(() => ({})));
  const meta = resultMeta(config, progress);
  const message = error.oneLine();
  const files = await writeResultFiles(config.results.outputDir, {
    ...(progress.reportText === undefined ? {} : { reportText: progress.reportText }),
    error: message,
    meta,
  });
  const outcome: PipelineOutcome = {
    result: 'error',
    error,
    files: { ...files, ...extra },
    markdown: renderErrorMarkdown(message, meta),
    meta,
  };
  if (progress.plan) outcome.names = progress.plan.names;
  if (progress.scan?.imageDigest) outcome.imageDigest = progress.scan.imageDigest;
  return outcome;
}

/** Writes the scanner's log and the rendered pod spec beside the results, whatever the scan's end. */
async function writeScanFiles(
  outputDir: string,
  progress: Progress,
  profileUrl: string | undefined,
): Promise<Partial<PipelineFiles>> {
  await mkdir(outputDir, { recursive: true });
  const files: Partial<PipelineFiles> = {};
  if (progress.scannerLog !== undefined) {
    files.scannerLogFile = join(outputDir, 'scanner.log');
    await writeFile(files.scannerLogFile, withoutProfileCredentials(progress.scannerLog, profileUrl));
  }
  const podYaml = progress.podYaml ?? progress.plan?.podYaml;
  if (podYaml !== undefined) {
    files.podSpecFile = join(outputDir, 'pod.yaml');
    await writeFile(files.podSpecFile, withoutProfileCredentials(podYaml, profileUrl));
  }
  return files;
}

/**
 * The pod spec (the scanner's env) and the scanner's log (its command line) name the profile URL; both go into the
 * artifact, which the runner does not mask, so a private profile's credentials are cut out first.
 */
function withoutProfileCredentials(text: string, profileUrl: string | undefined): string {
  if (!profileUrl) return text;
  return urlSecrets(profileUrl).reduce((out, secret) => out.split(secret).join('***'), text);
}

const profileUrlOf = (config: Config): string | undefined =>
  config.scan.profile.kind === 'url' ? config.scan.profile.url : undefined;

function resultMeta(config: Config, progress: Progress): ResultMeta {
  return {
    image: config.scan.image,
    imageDigest: progress.scan?.imageDigest,
    profile: describeProfile(config),
    threshold: describeThreshold(config),
  };
}

function describeProfile(config: Config): string {
  const profile = config.scan.profile;
  if (profile.kind === 'url') return redactUrl(profile.url, { query: true });
  if (profile.kind === 'directory') return profile.path;
  return profile.name;
}

function describeThreshold(config: Config): string | undefined {
  const threshold = config.results.threshold;
  if (!threshold) return undefined;
  if (threshold.kind === 'inline') return 'inline';
  if (threshold.kind === 'file') return threshold.path;
  return threshold.name;
}

/** Anything thrown becomes a KcsError, so the caller always has a code to show; a thrown non-Error is not lost. */
function asKcsError(thrown: unknown): KcsError {
  if (thrown instanceof KcsError) return thrown;
  return new KcsError('KCS-SCAN-900', `unexpected error: ${describeError(thrown)}`, {
    cause: thrown,
    category: 'internal',
  });
}
