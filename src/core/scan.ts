import type { V1Pod } from '@kubernetes/client-node';
import { dump } from 'js-yaml';
import { toKcsError } from './errors.js';
import type { Logger } from './logger.js';
import { apiFailure } from './kube/api-errors.js';
import type { KubeConnection } from './kube/connection.js';
import { ConfigMapPins, filesChanged } from './kube/configmap-pins.js';
import {
  adoptConfigMaps,
  adoptRegistrySecret,
  createConfigMaps,
  createPod,
  createRegistrySecret,
  type CreateContext,
} from './kube/create.js';
import { deleteScanObjects, handDeleteCommand } from './kube/delete.js';
import { LOG_IDLE_TIMEOUT_MS, LiveLog } from './kube/live-log.js';
import type { ObjectRef } from './kube/object-ref.js';
import { EXIT_FILES_CHANGED, SCANNER_CONTAINER } from './kube/objects.js';
import type { ScanNames, ScanPlan } from './kube/plan.js';
import { DEFAULT_GRACE, targetDigest } from './kube/pod-state.js';
import { WATCH_IDLE_TIMEOUT_MS } from './kube/pod-watch.js';
import { extractResultsBlock, logLines } from './kube/results-block.js';
import { withoutResultsKey } from './kube/results-key.js';
import { cancelled, scannerFailed } from './kube/scan-failures.js';
import { ScanError } from './kube/scan-error.js';
import { waitForScanner, type ScannerDone } from './kube/scanner-wait.js';

export {
  planScan,
  renderPlan,
  scannerFilesFrom,
  type PlanOptions,
  type ScanNames,
  type ScanPlan,
} from './kube/plan.js';
export type { MountedFile } from './kube/objects.js';
export { ScanError } from './kube/scan-error.js';
export { extractResultsBlock } from './kube/results-block.js';

export interface ScanOutcome {
  reportText: string;
  imageDigest: string | undefined;
  podName: string;
  scannerLog: string;
  podYaml: string;
}

export interface RunScanDeps {
  connection: KubeConnection;
  logger: Logger;
  signal?: AbortSignal;
  cleanup: boolean;
  timeoutSeconds: number;
  /** How long the live log may take to deliver its last lines after the scanner terminated. */
  logDrainMs?: number;
  /** How long the pod may stay unschedulable (an autoscaler adding a node) before the scan fails; 120 s by default. */
  unschedulableGraceMs?: number;
  /** How long a transient pull (rate limit) or container-creation error may last before the scan fails; 60 s by default. */
  transientGraceMs?: number;
  /** A watch that receives nothing for this long (not even a bookmark) is dropped and resumed; 90 s by default. */
  watchIdleTimeoutMs?: number;
  /** A followed scanner log that receives nothing for this long is reconnected; 300 s by default. */
  logIdleTimeoutMs?: number;
}

/**
 * Runs one scan: creates the ConfigMaps and the Pod, follows the pod with a watch (failing fast on every known way a
 * pod gets stuck), streams the scanner's log live, reads the whole log once the scanner terminated, extracts and
 * verifies the results block, and deletes everything in `finally` — also when the signal aborts the scan.
 */
export async function runScan(plan: ScanPlan, deps: RunScanDeps): Promise<ScanOutcome> {
  const { names } = plan;
  const stop = new ScanStop(deps.signal);
  const live = new LiveLog(deps.connection.http, names.namespace, names.podName, SCANNER_CONTAINER, deps.logger, {
    idleTimeoutMs: deps.logIdleTimeoutMs ?? LOG_IDLE_TIMEOUT_MS,
  });
  const pins = new ConfigMapPins(names.namespace);
  const context: CreateContext = {
    http: deps.connection.http,
    logger: deps.logger,
    signal: stop.signal,
    made: [],
    pins,
  };
  let scannerLog: string | undefined;
  try {
    if (deps.signal?.aborted) throw cancelled(names.podName);
    await createObjects(plan, context);
    const done = await stop.within(deps.timeoutSeconds, () => waitFor(plan, deps, live, stop.signal));
    scannerLog = await collectScannerLog(names, deps, live);
    // Before anything in the log is trusted: the ConfigMaps the pod mounted are still the ones this scan created.
    await pins.verify(deps.connection.http, stop.signal);
    return verifiedOutcome(plan, done, scannerLog, deps.logger);
  } catch (error) {
    if (stop.signal.reason === 'cancelled') throw cancelled(names.podName);
    throw asScanError(error, names.podName, scannerLog);
  } finally {
    stop.release();
    await live.stop(0);
    await deleteOrKeep(names, context.made, deps);
  }
}

/**
 * The one signal every call of a scan listens to. Its reason says why it aborted: `cancelled` (the caller's signal:
 * SIGINT/SIGTERM, a cancelled job), `timeout` (the scan's own timeout) or `done` (the scan is over).
 */
class ScanStop {
  private readonly controller = new AbortController();
  private readonly onCancel = () => this.controller.abort('cancelled');
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly outer: AbortSignal | undefined) {
    outer?.addEventListener('abort', this.onCancel, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Runs `step` with the scan's timeout running. */
  async within<T>(timeoutSeconds: number, step: () => Promise<T>): Promise<T> {
    this.timer = setTimeout(() => this.controller.abort('timeout'), timeoutSeconds * 1000);
    try {
      return await step();
    } finally {
      clearTimeout(this.timer);
    }
  }

  release(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onCancel);
    this.controller.abort('done');
  }
}

/**
 * The ConfigMaps first (the pod mounts them), then the registry Secret (the pod pulls with it; after the ConfigMaps,
 * so `cleanup` finds its run id even when the runner died right after creating it), then the pod, which then owns
 * them all.
 */
async function createObjects(plan: ScanPlan, context: CreateContext): Promise<void> {
  await createConfigMaps(plan, context);
  const secret = await createRegistrySecret(plan, context);
  const pod = await createPod(plan, context);
  await adoptConfigMaps(plan, pod, context);
  if (secret) await adoptRegistrySecret(plan, pod, secret, context);
}

function waitFor(plan: ScanPlan, deps: RunScanDeps, live: LiveLog, signal: AbortSignal): Promise<ScannerDone> {
  return waitForScanner(plan.names, {
    http: deps.connection.http,
    live,
    logger: deps.logger,
    signal,
    timeoutSeconds: deps.timeoutSeconds,
    grace: {
      unschedulableMs: deps.unschedulableGraceMs ?? DEFAULT_GRACE.unschedulableMs,
      transientMs: deps.transientGraceMs ?? DEFAULT_GRACE.transientMs,
    },
    watchIdleTimeoutMs: deps.watchIdleTimeoutMs ?? WATCH_IDLE_TIMEOUT_MS,
  });
}

/** The scanner's whole log, read once it terminated; what the live stream missed is shown from it. */
async function collectScannerLog(names: ScanNames, deps: RunScanDeps, live: LiveLog): Promise<string> {
  await live.stop(deps.logDrainMs ?? 2000);
  const log = await readLog(deps, names);
  live.showRemaining(logLines(log));
  return log;
}

async function readLog(deps: RunScanDeps, names: ScanNames): Promise<string> {
  const path = `/api/v1/namespaces/${names.namespace}/pods/${names.podName}/log`;
  try {
    return await deps.connection.http.request<string>('GET', path, {
      query: { container: SCANNER_CONTAINER },
      text: true,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
  } catch (error) {
    throw apiFailure('read', `the log of pod ${names.namespace}/${names.podName}`, error);
  }
}

/** A scanner that exited 0 and printed one results block that verifies: the scan's outcome. */
function verifiedOutcome(plan: ScanPlan, done: ScannerDone, scannerLog: string, logger: Logger): ScanOutcome {
  const { names, resultsKey } = plan;
  if (done.exitCode === EXIT_FILES_CHANGED) throw filesChanged(names.podName, scannerErrorLine(scannerLog));
  if (done.exitCode !== 0) throw scannerFailed(names.podName, done.exitCode, scannerLog, resultsKey);
  const reportText = extractResultsBlock(scannerLog, resultsKey);
  logger.info(
    `Results received from pod ${names.namespace}/${names.podName} (${Buffer.byteLength(reportText)} bytes, sha256 and signature verified).`,
  );
  return {
    reportText,
    imageDigest: targetDigest(done.pod),
    podName: names.podName,
    scannerLog,
    podYaml: podYaml(done.pod),
  };
}

const scannerErrorLine = (log: string): string | undefined =>
  logLines(log).findLast((line) => line.startsWith('kcs-scanner: error:'));

const podYaml = (pod: V1Pod): string => dump(withoutResultsKey(pod), { noRefs: true, lineWidth: -1 });

/** Anything thrown during a scan, as a ScanError that carries the pod's name and the scanner's log when known. */
function asScanError(error: unknown, podName: string, scannerLog: string | undefined): ScanError {
  if (error === 'cancelled' || (error instanceof Error && error.name === 'AbortError')) return cancelled(podName);
  const known = toKcsError(error, { code: 'KCS-SCAN-125', context: 'The scan failed unexpectedly' });
  if (known instanceof ScanError) {
    known.podName ??= podName;
    if (scannerLog !== undefined) known.scannerLog ??= scannerLog;
    return known;
  }
  return new ScanError(known.code, known.message, {
    category: known.category,
    cause: error,
    podName,
    ...(known.hint ? { hint: known.hint } : {}),
    ...(scannerLog !== undefined ? { scannerLog } : {}),
  });
}

/** With cleanup on, deletes what the scan made (or may have made); with it off, says how to inspect and delete it. */
async function deleteOrKeep(names: ScanNames, made: readonly ObjectRef[], deps: RunScanDeps): Promise<void> {
  if (deps.cleanup) {
    await deleteScanObjects(names, deps.connection, deps.logger, made);
    return;
  }
  // The registry credentials are never kept: the kept pod has pulled its images and no longer needs them.
  const secrets = made.filter((ref) => ref.kind === 'secret');
  if (secrets.length > 0) await deleteScanObjects(names, deps.connection, deps.logger, secrets);
  if (made.length > 0) logKept(names, deps.logger, secrets.length > 0);
}

function logKept(names: ScanNames, logger: Logger, secretDeleted = false): void {
  const ns = names.namespace;
  const secret = secretDeleted ? ' (its registry Secret was deleted: credentials are never kept)' : '';
  logger.info(
    [
      `cleanup is off: pod ${ns}/${names.podName} and ConfigMaps ${names.configMapNames.join(', ')} were kept${secret}.`,
      `  inspect: kubectl -n ${ns} describe pod ${names.podName}; kubectl -n ${ns} logs ${names.podName} -c ${SCANNER_CONTAINER}`,
      `  delete:  ${handDeleteCommand(names)}`,
    ].join('\n'),
  );
}
