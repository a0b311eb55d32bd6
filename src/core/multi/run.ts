import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.js';
import { KcsError, toKcsError, type Unexpected } from '../errors.js';
import { kindLoad, kindLoadSupportImages } from '../kind.js';
import { isNotFound } from '../kube/api-errors.js';
import { connect, type ConnectOptions, type KubeConnection } from '../kube/connection.js';
import type { Logger } from '../logger.js';
import { runPipeline, type PipelineOutcome } from '../pipeline.js';
import { loadThreshold, writeResultFiles, type ResultMeta } from '../results/index.js';
import { prepareProfile, type PreparedProfile } from '../profile/prepare.js';
import { scannerDir } from '../paths.js';
import { planScan, scannerFilesFrom, type MountedFile, type ScanPlan } from '../scan.js';
import {
  buildCombinedSummary,
  entryError,
  errorEntry,
  imageEntry,
  renderCombinedThreshold,
  type CombinedSummaryJson,
  type ImageEntry,
  type Result,
} from './combined.js';
import { ImageLog } from './image-log.js';
import { imageFolders, imageKey } from './images.js';
import { detailsBudget, renderCombinedMarkdown, renderImageDetails } from './markdown.js';
import { writeCombinedJunit, writeCombinedSarif } from './merge.js';
import { imagesOfNamespace } from './namespace.js';
import { RETRY_WHEN_FREED, runBounded, type PoolContext } from './scheduler.js';

// A run of several images: each image is the existing single-image pipeline (its own run id, pod, ConfigMaps,
// timeout and cleanup), at most max-parallel at once, each on a connection of its slot; then one answer for the run.

const UNEXPECTED: Unexpected = { code: 'KCS-SCAN-900', context: 'unexpected error' };

export interface ImagesDeps {
  logger: Logger;
  /** Aborted on SIGINT/SIGTERM: no scan starts any more, and the running ones stop and delete what they created. */
  signal?: AbortSignal;
  /** Called for every scan (retries too) once its names are known, before it creates anything. */
  onPlanned?: (plan: ScanPlan) => void | Promise<void>;
  onSecrets?: (secrets: string[]) => void;
  /** For tests and benchmarks: how the connections are made. */
  connectOptions?: ConnectOptions;
  /** How often a progress line names the running scans (60 s). */
  heartbeatMs?: number;
  /**
   * A ResourceQuota refusal while no other scan of the run is in flight is retried for this long after the last one
   * finished (its pod may still be terminating and holding quota); 30 s.
   */
  quotaReleaseMs?: number;
  /** The pause between those retries; 2 s. */
  quotaRetryMs?: number;
  /** How long a finished scan waits for its pod to be gone before its slot is given to the next (30 s). */
  podGoneTimeoutMs?: number;
}

export interface ImagesOutcome {
  result: Result;
  summary: CombinedSummaryJson;
  /** Each image's details section, in the order of summary.images (for re-rendering with the artifact's link). */
  details: string[];
  /** scan-summary.md's text. */
  markdown: string;
  files: {
    summaryFile: string;
    summaryJsonFile: string;
    thresholdFile: string;
    sarifFile?: string;
    junitFile?: string;
  };
  /** A failure of the run as a whole (input, connection, listing a namespace): no image was scanned. */
  error?: KcsError;
}

/** An image to scan, with where it was found (images-from-namespace). */
interface Target {
  image: string;
  folder: string;
  sources?: string[];
}

interface Scanned {
  entry: ImageEntry;
  details: string;
  meta?: ResultMeta;
  /** Its files are still to be written (an image that never started). */
  error?: KcsError;
}

/**
 * Scans every image of `config.targets` (and of the namespaces it names) and writes a folder per image plus the
 * run's combined files. Never throws: a failure of the run itself becomes `result: 'error'` with `error`.
 */
export async function runImages(config: Config, deps: ImagesDeps): Promise<ImagesOutcome> {
  const { logger } = deps;
  let connections: Connections | undefined;
  try {
    const prepared = await logger.group('Prepare', () => prepare(config, deps));
    connections = new Connections(prepared.connection, async () => {
      const made = await connect(config.scan.kubeconfig, config.scan.context, deps.logger, deps.connectOptions);
      deps.onSecrets?.(made.secrets);
      return made;
    });
    const scanned = await new ImagesRun(config, deps, connections, prepared.targets, prepared.shared).run();
    return await logger.group('Results', () => writeRun(config, scanned, logger));
  } catch (thrown) {
    const error = toKcsError(thrown, UNEXPECTED);
    return logger.group('Results', () => writeRun(config, [], logger, error));
  } finally {
    connections?.close();
  }
}

/**
 * A connection per scan slot, reused by the scans that follow in it: a scan keeps a watch and a followed log open on
 * its connection's few sockets (kube/agent.ts), so scans in parallel on one connection would queue behind each
 * other's streams. At most max-parallel connections, however many images: each opened once (one /version probe, one
 * exec-plugin call where the kubeconfig has one).
 */
class Connections {
  private readonly free: KubeConnection[];
  private readonly all: KubeConnection[];

  constructor(
    first: KubeConnection,
    private readonly open: () => Promise<KubeConnection>,
  ) {
    this.free = [first];
    this.all = [first];
  }

  async take(): Promise<KubeConnection> {
    const reused = this.free.pop();
    if (reused) return reused;
    const made = await this.open();
    this.all.push(made);
    return made;
  }

  give(connection: KubeConnection): void {
    this.free.push(connection);
  }

  close(): void {
    for (const connection of this.all) connection.close();
  }
}

interface Prepared {
  connection: KubeConnection;
  targets: Target[];
  shared: SharedParts;
}

/** What every scan of the run ships alike, read and prepared once. */
interface SharedParts {
  profile: PreparedProfile;
  scannerFiles: MountedFile[];
}

/**
 * Everything the run checks before the first object is created: the threshold, the profile (fetched once for every
 * image when it is a URL, then packed and sized once: one that cannot go into a ConfigMap fails the run, not each
 * image), the connection and the image list.
 */
async function prepare(config: Config, deps: ImagesDeps): Promise<Prepared> {
  if (config.results.threshold) await loadThreshold(config.results.threshold);
  const options = { logger: deps.logger, ...(deps.signal ? { signal: deps.signal } : {}) };
  // The profile (maybe a download) and the connection (maybe an exec plugin) at once.
  const [profiled, connected] = await Promise.allSettled([
    prepareProfile(config.scan, options).then(async (profile): Promise<SharedParts> => {
      const scannerFiles = scannerFilesFrom(scannerDir());
      const dryRun = { ...config.scan, image: config.scan.image || 'kube-cinc-scan-dry-run' };
      await planScan(dryRun, { profile, scannerFiles });
      return { profile, scannerFiles };
    }),
    connect(config.scan.kubeconfig, config.scan.context, deps.logger, deps.connectOptions),
  ]);
  if (connected.status === 'rejected') throw connected.reason;
  const connection = connected.value;
  try {
    deps.onSecrets?.(connection.secrets);
    if (profiled.status === 'rejected') throw profiled.reason;
    const targets = await listTargets(config, connection, deps);
    return { connection, targets, shared: profiled.value };
  } catch (error) {
    connection.close();
    throw error;
  }
}

async function listTargets(config: Config, connection: KubeConnection, deps: ImagesDeps): Promise<Target[]> {
  const { logger } = deps;
  for (const { image, sameAs } of config.targets.duplicates)
    logger.info(`${image} names the same image as ${sameAs}: scanned once.`);
  const found = new Map<string, { image: string; sources?: string[] }>();
  for (const image of config.targets.images) found.set(imageKey(image), { image });
  for (const namespace of config.targets.fromNamespaces) {
    const listed = await imagesOfNamespace(connection.http, namespace, deps.signal);
    const byDigest = listed.images.filter((i) => i.byDigest).length;
    logger.info(
      `Namespace ${namespace}: ${listed.pods} pod${listed.pods === 1 ? '' : 's'}, ${listed.images.length} distinct image${listed.images.length === 1 ? '' : 's'} (${byDigest} by digest; init and ephemeral containers included).`,
    );
    for (const where of listed.skipped)
      logger.warn(`images-from-namespace: ${where} is not an image reference that can be scanned; left out.`);
    for (const image of listed.images) {
      const key = imageKey(image.image);
      const known = found.get(key);
      if (known) known.sources = [...(known.sources ?? []), ...image.sources];
      else found.set(key, { image: image.image, sources: image.sources });
    }
  }
  if (found.size === 0) {
    throw new KcsError(
      'KCS-IMG-003',
      `No image to scan: the namespace${config.targets.fromNamespaces.length === 1 ? '' : 's'} ${config.targets.fromNamespaces.join(', ')} run${config.targets.fromNamespaces.length === 1 ? 's' : ''} no pod (scan pods aside).`,
      { hint: 'Check images-from-namespace names the namespace your workloads run in.', category: 'scan' },
    );
  }
  const folders = imageFolders([...found.values()].map((f) => f.image));
  return [...found.values()].map((f) => ({ ...f, folder: folders.get(f.image) ?? f.image }));
}

/** Quota refusals (ResourceQuota), not LimitRange ones: those never go away by waiting. */
function quotaRefused(outcome: PipelineOutcome): boolean {
  return outcome.error?.code === 'KCS-K8S-015' && /exceeded quota/i.test(outcome.error.message);
}

class ImagesRun {
  /** Output to the job log goes through this chain, so that one image's group is written whole, never split. */
  private output: Promise<void> = Promise.resolve();
  private readonly logs = new Map<number, ImageLog>();
  private readonly startedAt = new Map<number, number>();
  private readonly loads: Promise<KcsError | undefined>[];
  private readonly live: boolean;
  private readonly budget: number;
  private done = 0;

  constructor(
    private readonly config: Config,
    private readonly deps: ImagesDeps,
    private readonly connections: Connections,
    private readonly targets: Target[],
    private readonly shared: SharedParts,
  ) {
    // One scan at a time: its output can go to the job log as it comes, inside its group.
    this.live = config.targets.maxParallel === 1 || targets.length === 1;
    this.budget = detailsBudget(targets.length);
    this.loads = this.kindLoads();
  }

  async run(): Promise<Scanned[]> {
    const { config, targets } = this;
    const limit = Math.min(config.targets.maxParallel, targets.length);
    this.print((logger) =>
      logger.info(
        `Scanning ${targets.length} image${targets.length === 1 ? '' : 's'}, at most ${limit} at once${this.live ? '' : "; each image's log follows as a group when its scan has finished"}.`,
      ),
    );
    const heartbeat = this.live ? undefined : setInterval(() => this.heartbeat(), this.deps.heartbeatMs ?? 60_000);
    heartbeat?.unref();
    try {
      const results = await runBounded(targets, {
        limit,
        signal: this.deps.signal,
        run: (target, index, context) => this.scanOne(target, index, context),
        notStarted: (target) => this.unscanned(target, notStartedError(target.image)),
        failed: (target, _index, error) => this.unscanned(target, toKcsError(error, UNEXPECTED)),
        onLimitLowered: (n) =>
          this.print((logger) =>
            logger.warn(
              `KCS-K8S-015: a ResourceQuota of namespace ${config.scan.namespace} refused a scan pod while others ran: from now on at most ${n} scan${n === 1 ? '' : 's'} at once.`,
            ),
          ),
      });
      for (const scanned of results) {
        if (scanned.error) await this.writeUnscanned(scanned);
      }
      return results;
    } finally {
      clearInterval(heartbeat);
      await this.output;
    }
  }

  private async scanOne(
    target: Target,
    index: number,
    context: PoolContext,
  ): Promise<Scanned | typeof RETRY_WHEN_FREED> {
    const loadError = await this.loads[index];
    if (loadError) return this.finished(target, index, undefined, loadError);
    if (this.deps.signal?.aborted) return this.unscanned(target, notStartedError(target.image));
    this.startedAt.set(index, this.startedAt.get(index) ?? performance.now());
    if (this.live) {
      await this.output;
      return this.deps.logger.group(this.label(index, target.image), () => this.attempts(target, index, context));
    }
    if (!this.logs.has(index)) this.print((logger) => logger.info(`▶ ${this.label(index, target.image)}: scanning`));
    return this.attempts(target, index, context);
  }

  /** The scan, again while a quota refuses it and others of the run may free some. */
  private async attempts(
    target: Target,
    index: number,
    context: PoolContext,
  ): Promise<Scanned | typeof RETRY_WHEN_FREED> {
    let connection: KubeConnection;
    try {
      connection = await this.connections.take();
    } catch (error) {
      return this.finished(target, index, undefined, toKcsError(error, UNEXPECTED));
    }
    try {
      return await this.attemptsOn(connection, target, index, context);
    } finally {
      this.connections.give(connection);
    }
  }

  private async attemptsOn(
    connection: KubeConnection,
    target: Target,
    index: number,
    context: PoolContext,
  ): Promise<Scanned | typeof RETRY_WHEN_FREED> {
    const log = this.logs.get(index) ?? new ImageLog(this.deps.logger, this.live);
    this.logs.set(index, log);
    for (;;) {
      const outcome = await runPipeline(this.imageConfig(target), {
        logger: log,
        connection,
        profile: this.shared.profile,
        scannerFiles: this.shared.scannerFiles,
        ...(this.deps.signal ? { signal: this.deps.signal } : {}),
        ...(this.deps.onPlanned ? { onPlanned: this.deps.onPlanned } : {}),
      });
      if (!quotaRefused(outcome) || this.deps.signal?.aborted) {
        await this.podGone(connection, outcome);
        return this.finished(target, index, outcome);
      }
      if (context.othersRunning() > 0) {
        log.info(
          `A ResourceQuota refused the scan pod while other scans of this run hold quota: trying again when one of them has finished.`,
        );
        return RETRY_WHEN_FREED;
      }
      if (context.sinceLastFinish() > (this.deps.quotaReleaseMs ?? 30_000)) {
        return this.finished(target, index, outcome, quotaExhausted(this.config, target.image, outcome));
      }
      log.info(
        'A ResourceQuota refused the scan pod; a scan of this run finished moments ago and its pod may still hold quota: trying again.',
      );
      await sleep(
        this.deps.quotaRetryMs ?? 2000,
        undefined,
        this.deps.signal ? { signal: this.deps.signal } : {},
      ).catch(() => undefined);
    }
  }

  /** An image's scan is over: its entry, its details section, and its log written out as one group. */
  private async finished(
    target: Target,
    index: number,
    outcome: PipelineOutcome | undefined,
    error?: KcsError,
  ): Promise<Scanned> {
    let entry: ImageEntry;
    if (!error && outcome) entry = imageEntry(target.image, target.folder, outcome, target.sources);
    else {
      const cause =
        error ?? new KcsError('KCS-SCAN-900', 'the scan ended without an outcome', { category: 'internal' });
      // The pipeline, when it ran, wrote error files of its own: they are written again with the run's reason.
      await this.writeErrorFiles(target, cause, outcome?.meta ?? { image: target.image });
      entry = outcome
        ? {
            ...imageEntry(target.image, target.folder, outcome, target.sources),
            result: 'error',
            error: entryError(cause),
          }
        : errorEntry(target.image, target.folder, cause, target.sources);
    }
    const details = renderImageDetails(entry, outcome, this.budget);
    this.done += 1;
    const took = ((performance.now() - (this.startedAt.get(index) ?? performance.now())) / 1000).toFixed(1);
    const line = `${this.label(index, target.image)}: ${describe(entry)} in ${took} s`;
    const log = this.logs.get(index);
    this.logs.delete(index);
    this.startedAt.delete(index);
    if (this.live) this.print((logger) => logger.info(line));
    else
      this.print((logger) =>
        logger.group(`${ICON[entry.result]} ${line}`, () => {
          log?.flush();
          return Promise.resolve();
        }),
      );
    return { entry, details, ...(outcome ? { meta: outcome.meta } : {}) };
  }

  /** An image that was never scanned: its entry now, its files after the pool has finished. */
  private unscanned(target: Target, error: KcsError): Scanned {
    const entry = errorEntry(target.image, target.folder, error, target.sources);
    return { entry, details: renderImageDetails(entry, undefined, this.budget), error };
  }

  private async writeUnscanned(scanned: Scanned): Promise<void> {
    const target = this.targets.find((t) => t.folder === scanned.entry.folder);
    if (target && scanned.error) await this.writeErrorFiles(target, scanned.error, { image: target.image });
  }

  private async writeErrorFiles(target: Target, error: KcsError, meta: ResultMeta): Promise<void> {
    const dir = join(this.config.results.outputDir, target.folder);
    try {
      await writeResultFiles(dir, { error: error.oneLine(), meta });
    } catch (thrown) {
      this.deps.logger.warn(`could not write the result files to ${dir}: ${toKcsError(thrown, UNEXPECTED).message}`);
    }
  }

  private imageConfig(target: Target): Config {
    const { config } = this;
    return {
      ...config,
      // Loaded once, by the run (kindLoads), not by each scan.
      scan: { ...config.scan, image: target.image, kindLoad: false },
      results: { ...config.results, outputDir: join(config.results.outputDir, target.folder) },
    };
  }

  /**
   * kind-load: the scanner and keep-alive images once, then each image once, one load after another (each is a
   * `docker save` piped into every node); a scan waits for its own image only. A failed load fails that image.
   */
  private kindLoads(): Promise<KcsError | undefined>[] {
    const { config, deps } = this;
    if (!config.scan.kindLoad) return this.targets.map(() => Promise.resolve(undefined));
    const logger = this.queued();
    const options = deps.signal ? { signal: deps.signal } : {};
    const images = new Set(this.targets.map((t) => t.image));
    const support = [config.scan.scannerImage, config.scan.keepaliveImage].filter((i) => !images.has(i));
    const asError = (error: unknown) => toKcsError(error, UNEXPECTED);
    const supportLoad = kindLoadSupportImages(support, config.scan.kindCluster, logger, options).then(
      () => undefined,
      asError,
    );
    let chain: Promise<unknown> = supportLoad;
    return this.targets.map((target) => {
      const load = chain.then(() => kindLoad(target.image, config.scan.kindCluster, logger, options));
      chain = load.catch(() => undefined);
      return Promise.all([supportLoad, load.then(() => undefined, asError)]).then(([a, b]) => a ?? b);
    });
  }

  /** Waits (bounded) until a finished scan's pod is gone, so that at most max-parallel scan pods exist at once. */
  private async podGone(connection: KubeConnection, outcome: PipelineOutcome): Promise<void> {
    const names = outcome.names;
    if (!names || !this.config.scan.cleanup || this.deps.signal?.aborted) return;
    const path = `/api/v1/namespaces/${names.namespace}/pods/${names.podName}`;
    const deadline = performance.now() + (this.deps.podGoneTimeoutMs ?? 30_000);
    for (
      let delay = 10;
      performance.now() < deadline && !this.deps.signal?.aborted;
      delay = Math.min(delay * 2, 1000)
    ) {
      try {
        await connection.http.request('GET', path, this.deps.signal ? { signal: this.deps.signal } : {});
      } catch (error) {
        if (!isNotFound(error)) this.deps.logger.debug(`could not check that pod ${names.podName} is gone`);
        return;
      }
      await sleep(delay);
    }
  }

  private heartbeat(): void {
    const now = performance.now();
    const running = [...this.startedAt].map(
      ([index, at]) => `${this.targets[index]?.image ?? '?'} ${Math.round((now - at) / 1000)}s`,
    );
    if (running.length === 0) return;
    const waiting = this.targets.length - this.done - running.length;
    this.print((logger) => logger.info(`… running: ${running.join(', ')}; ${this.done} done, ${waiting} waiting.`));
  }

  private label(index: number, image: string): string {
    return `[${index + 1}/${this.targets.length}] ${image}`;
  }

  private print(write: (logger: Logger) => void | Promise<void>): void {
    this.output = this.output.then(() => write(this.deps.logger)).catch(() => undefined);
  }

  /** A Logger whose lines go through the output chain (never inside another image's group). */
  private queued(): Logger {
    const print = (fn: (logger: Logger) => void) => this.print(fn);
    return {
      debug: (m) => print((l) => l.debug(m)),
      info: (m) => print((l) => l.info(m)),
      warn: (m) => print((l) => l.warn(m)),
      error: (m) => print((l) => l.error(m)),
      scannerOutput: (m) => print((l) => l.scannerOutput(m)),
      group: (_title, fn) => fn(),
    };
  }
}

const ICON: Record<Result, string> = { pass: '✅', fail: '❌', error: '⚠️' };

function describe(entry: ImageEntry): string {
  if (entry.result === 'error') return `error ${entry.error?.code ?? ''}`.trimEnd();
  const violations =
    entry.violations > 0 ? `, ${entry.violations} threshold rule${entry.violations === 1 ? '' : 's'} violated` : '';
  return `${entry.result} (compliance ${entry.compliance ?? 0}%${violations})`;
}

function notStartedError(image: string): KcsError {
  return new KcsError('KCS-IMG-006', `The scan of ${image} did not start: the run was cancelled first.`, {
    category: 'scan',
  });
}

function quotaExhausted(config: Config, image: string, outcome: PipelineOutcome): KcsError {
  const refused = outcome.error?.message ?? 'exceeded quota';
  return new KcsError(
    'KCS-IMG-005',
    `A ResourceQuota of namespace ${config.scan.namespace} refused the scan pod of ${image}, and no other scan of this run holds quota that could be freed: ${refused}`,
    {
      hint: `kubectl -n ${config.scan.namespace} describe quota; raise the quota, lower scanner-cpu and scanner-memory, or free what other workloads of the namespace hold.`,
      category: 'cluster',
      cause: outcome.error,
    },
  );
}

/** Writes the run's own files on top of the image folders, and the outcome the adapters publish. */
async function writeRun(
  config: Config,
  scanned: Scanned[],
  logger: Logger,
  runError?: KcsError,
): Promise<ImagesOutcome> {
  const dir = config.results.outputDir;
  const entries = scanned.map((s) => s.entry);
  const meta = scanned.find((s) => s.meta)?.meta;
  const files: ImagesOutcome['files'] = {
    summaryFile: join(dir, 'scan-summary.md'),
    summaryJsonFile: join(dir, 'summary.json'),
    thresholdFile: join(dir, 'threshold-result.txt'),
  };
  let summary = buildCombinedSummary(entries, {
    profile: meta?.profile,
    threshold: meta?.threshold ?? thresholdName(config),
    runError,
  });
  const details = scanned.map((s) => s.details);
  let markdown = renderCombinedMarkdown(summary, details);
  try {
    await mkdir(dir, { recursive: true });
    const sarifFile = await writeCombinedSarif(dir, entries);
    const junitFile = await writeCombinedJunit(dir, entries);
    if (sarifFile) files.sarifFile = sarifFile;
    files.junitFile = junitFile;
    summary = { ...summary, sarifFile: sarifFile ? 'scan-results.sarif' : null, junitFile: 'scan-results.junit.xml' };
    markdown = renderCombinedMarkdown(summary, details);
    await writeFile(files.summaryJsonFile, JSON.stringify(summary, null, 2) + '\n');
    await writeFile(files.summaryFile, markdown);
    await writeFile(files.thresholdFile, renderCombinedThreshold(summary));
  } catch (thrown) {
    logger.warn(`could not write the result files to ${dir}: ${toKcsError(thrown, UNEXPECTED).message}`);
  }
  const { totals } = summary;
  logger.info(
    `${totals.images} image${totals.images === 1 ? '' : 's'}: ${totals.pass} passed, ${totals.fail} failed, ${totals.error} errored; result ${summary.result}; files in ${dir}`,
  );
  return { result: summary.result, summary, details, markdown, files, ...(runError ? { error: runError } : {}) };
}

function thresholdName(config: Config): string | undefined {
  const threshold = config.results.threshold;
  if (!threshold) return undefined;
  if (threshold.kind === 'inline') return 'inline';
  if (threshold.kind === 'file') return threshold.path;
  return threshold.name;
}
