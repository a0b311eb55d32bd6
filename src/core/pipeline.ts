import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from './config.js';
import { describeError, toKcsError, type KcsError, type Unexpected } from './errors.js';
import { kindLoad, kindLoadSupportImages } from './kind.js';
import { connect, type KubeConnection } from './kube/connection.js';
import { ScanError } from './kube/scan-error.js';
import type { Logger } from './logger.js';
import type { PreparedProfile } from './profile/prepare.js';
import {
  evaluateReportWithDetails,
  loadThreshold,
  renderErrorMarkdown,
  renderSummaryMarkdown,
  writeResultFiles,
  type Evaluation,
  type ReportDetails,
  type ResultFiles,
  type ResultMeta,
  type Threshold,
} from './results/index.js';
import { planScan, runScan, type MountedFile, type ScanNames, type ScanOutcome, type ScanPlan } from './scan.js';
import { redactUrl, urlSecrets } from './redact.js';

/** A thrown value without a code of its own is a bug; the result files are still written, with this code. */
const UNEXPECTED: Unexpected = { code: 'KCS-SCAN-900', context: 'unexpected error' };

export interface PipelineDeps {
  logger: Logger;
  /** Aborted on SIGINT/SIGTERM: the scan stops and deletes what it created. */
  signal?: AbortSignal;
  /** Called once the names are known and before anything is created, so the action can save them for its post step. */
  onPlanned?: (plan: ScanPlan) => void | Promise<void>;
  /** Called with every credential the connection holds (exec-plugin tokens too), before anything could log them. */
  onSecrets?: (secrets: string[]) => void;
  /**
   * A connection to use instead of opening one (the scans of a run of several images reuse theirs, one scan at a time
   * on each). The caller closes it; the pipeline does not.
   */
  connection?: KubeConnection;
  /** The profile, prepared once for every scan of a run of several images (a URL is then fetched once, not per image). */
  profile?: PreparedProfile;
  /** The scanner files, read once for every scan of a run of several images. */
  scannerFiles?: MountedFile[];
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
      if (connection !== deps.connection) connection.close();
    }
    return await logger.group('Results', () => evaluate(config, progress, logger));
  } catch (thrown) {
    const error = toKcsError(thrown, UNEXPECTED);
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

/**
 * Everything before the first object is created, cheapest check first, so a bad input fails in a second: threshold,
 * plan (the profile packed and sized; saved by onPlanned), kind load (slow), connection.
 */
async function prepare(
  config: Config,
  deps: PipelineDeps,
  progress: Progress,
): Promise<{ plan: ScanPlan; connection: KubeConnection }> {
  if (config.results.threshold) progress.threshold = await loadThreshold(config.results.threshold);
  // A profile URL and remote dependencies are fetched here, on the runner, before anything touches the cluster.
  const prepare = { logger: deps.logger, ...(deps.signal ? { signal: deps.signal } : {}) };
  const plan = await planScan(config.scan, {
    prepare,
    ...(deps.profile ? { profile: deps.profile } : {}),
    ...(deps.scannerFiles ? { scannerFiles: deps.scannerFiles } : {}),
  });
  const { names } = plan;
  const from = config.scan.namespaceFrom ? ` (namespace from ${config.scan.namespaceFrom})` : '';
  deps.logger.info(
    `Planned pod ${names.namespace}/${names.podName} with ConfigMaps ${names.configMapNames.join(', ')} (run ${names.runId})${from}.`,
  );
  progress.plan = plan;
  await deps.onPlanned?.(plan);
  if (config.scan.kindLoad) {
    const options = deps.signal ? { signal: deps.signal } : {};
    await kindLoad(config.scan.image, config.scan.kindCluster, deps.logger, options);
    // The scanner and keep-alive images too: the kind nodes then never pull from Docker Hub.
    const support = [config.scan.scannerImage, config.scan.keepaliveImage].filter((i) => i !== config.scan.image);
    await kindLoadSupportImages(support, config.scan.kindCluster, deps.logger, options);
  }
  if (deps.connection) return { plan, connection: deps.connection };
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
  const extra = await writeScanFiles(config.results.outputDir, progress, profileSecretsOf(config));
  const meta = resultMeta(config, progress);
  const scanOutcome = progress.scan as ScanOutcome;
  let evaluation: Evaluation;
  let details: ReportDetails;
  try {
    ({ evaluation, details } = evaluateReportWithDetails(scanOutcome.reportText, {
      threshold: progress.threshold,
      origin: 'scan-results.json',
    }));
  } catch (thrown) {
    return writeError(config, progress, toKcsError(thrown, UNEXPECTED), extra);
  }
  const files = await writeResultFiles(config.results.outputDir, {
    reportText: scanOutcome.reportText,
    evaluation,
    details,
    sarifLocation: config.results.sarifLocation,
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
    written ?? (await writeScanFiles(config.results.outputDir, progress, profileSecretsOf(config)).catch(() => ({})));
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
  profileSecrets: string[],
): Promise<Partial<PipelineFiles>> {
  await mkdir(outputDir, { recursive: true });
  const files: Partial<PipelineFiles> = {};
  if (progress.scannerLog !== undefined) {
    files.scannerLogFile = join(outputDir, 'scanner.log');
    await writeFile(files.scannerLogFile, withoutProfileCredentials(progress.scannerLog, profileSecrets));
  }
  const podYaml = progress.podYaml ?? progress.plan?.podYaml;
  if (podYaml !== undefined) {
    files.podSpecFile = join(outputDir, 'pod.yaml');
    await writeFile(files.podSpecFile, withoutProfileCredentials(podYaml, profileSecrets));
  }
  return files;
}

/**
 * The pod never gets the profile URL or token (the runner fetches the profile and ships it in a ConfigMap), so neither
 * can be in the pod spec or the scanner's log. Both files go into the artifact, which the runner does not mask, so any
 * credential of the profile is still cut out: a second line of defence.
 */
function withoutProfileCredentials(text: string, secrets: string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}

function profileSecretsOf(config: Config): string[] {
  const { profile, profileToken } = config.scan;
  const url = profile.kind === 'url' || profile.kind === 'git' ? urlSecrets(profile.url) : [];
  return [...url, ...(profileToken ? [profileToken] : [])].filter((secret) => secret.length > 0);
}

function resultMeta(config: Config, progress: Progress): ResultMeta {
  return {
    image: config.scan.image,
    imageDigest: progress.scan?.imageDigest,
    profile: progress.plan?.profileDescription ?? describeProfile(config),
    threshold: describeThreshold(config),
  };
}

function describeProfile(config: Config): string {
  const profile = config.scan.profile;
  if (profile.kind === 'url') return redactUrl(profile.url, { query: true });
  if (profile.kind === 'git')
    return `${redactUrl(profile.url, { query: true })}${profile.ref ? `#${profile.ref}` : ''}`;
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
