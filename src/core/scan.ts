import type { V1ConfigMap, V1ConfigMapList, V1Pod, V1PodList } from '@kubernetes/client-node';
import { dump } from 'js-yaml';
import { KcsError } from './errors.js';
import type { Logger } from './logger.js';
import { apiFailure, isNotFound } from './kube/api-errors.js';
import type { KubeConnection } from './kube/connection.js';
import { KubeApiError, type KubeHttp } from './kube/http.js';
import { LOG_IDLE_TIMEOUT_MS, LiveLog } from './kube/live-log.js';
import { LABEL_RUN_ID, MANAGED_SELECTOR, SCANNER_CONTAINER } from './kube/objects.js';
import type { ScanNames, ScanPlan } from './kube/plan.js';
import { DEFAULT_GRACE, PodTracker, targetDigest, type PodAssessment } from './kube/pod-state.js';
import { WATCH_IDLE_TIMEOUT_MS, watchPod } from './kube/pod-watch.js';
import { extractResultsBlock, isBlockEnd, isBlockStart, logLines } from './kube/results-block.js';
import { ScanError } from './kube/scan-error.js';

export { planScan, renderPlan, type PlanOptions, type ScanNames, type ScanPlan } from './kube/plan.js';
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

const EXIT_MEANING: Record<number, string> = {
  64: 'the scanner environment is missing or invalid',
  65: 'the target process was not found in time',
  66: 'the target root filesystem is not readable',
  67: 'the profile could not be unpacked',
  68: 'cinc-auditor failed',
  69: 'cinc-auditor wrote no JSON report',
};
const TAIL_LINES = 20;

/**
 * Runs one scan: creates the ConfigMaps and the Pod, follows the pod with a watch (failing fast on every known way a
 * pod gets stuck), streams the scanner's log live, reads the whole log once the scanner terminated, extracts and
 * verifies the results block, and deletes everything in `finally` — also when the signal aborts the scan.
 */
export async function runScan(plan: ScanPlan, deps: RunScanDeps): Promise<ScanOutcome> {
  const { connection, logger } = deps;
  const { names } = plan;
  const stop = new AbortController();
  const onAbort = () => stop.abort('cancelled');
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  const live = new LiveLog(connection.http, names.namespace, names.podName, SCANNER_CONTAINER, logger, {
    idleTimeoutMs: deps.logIdleTimeoutMs ?? LOG_IDLE_TIMEOUT_MS,
  });
  let timer: NodeJS.Timeout | undefined;
  let scannerLog: string | undefined;
  const made: MayExist = { pod: false, configMapNames: [] };
  try {
    if (deps.signal?.aborted) throw cancelled(names.podName);
    await createObjects(plan, connection.http, logger, stop.signal, made);
    timer = setTimeout(() => stop.abort('timeout'), deps.timeoutSeconds * 1000);
    const { pod, exitCode } = await waitForScanner(plan, connection.http, live, logger, stop.signal, deps);
    clearTimeout(timer);
    await live.stop(deps.logDrainMs ?? 2000);
    scannerLog = await readLog(connection.http, names, deps.signal);
    live.showRemaining(logLines(scannerLog));
    if (exitCode !== 0) throw scannerFailed(names.podName, exitCode, scannerLog);
    const reportText = extractResultsBlock(scannerLog);
    logger.info(
      `Results received from pod ${names.namespace}/${names.podName} (${Buffer.byteLength(reportText)} bytes, sha256 verified).`,
    );
    return {
      reportText,
      imageDigest: targetDigest(pod),
      podName: names.podName,
      scannerLog,
      podYaml: dump(pod, { noRefs: true, lineWidth: -1 }),
    };
  } catch (error) {
    if (stop.signal.reason === 'cancelled') throw cancelled(names.podName);
    throw asScanError(error, names.podName, scannerLog);
  } finally {
    clearTimeout(timer);
    deps.signal?.removeEventListener('abort', onAbort);
    stop.abort('done');
    await live.stop(0);
    if (deps.cleanup) await deleteObjects(names, made, connection, logger);
    else if (made.pod || made.configMapNames.length > 0) logKept(names, logger);
  }
}

/** The objects of a scan that exist or may exist, so the cleanup deletes those and no others. */
interface MayExist {
  pod: boolean;
  configMapNames: string[];
}

async function createObjects(
  plan: ScanPlan,
  http: KubeHttp,
  logger: Logger,
  signal: AbortSignal,
  made: MayExist,
): Promise<void> {
  const ns = plan.names.namespace;
  for (const configMap of plan.objects.configMaps) {
    const name = configMap.metadata?.name ?? '?';
    await create<V1ConfigMap>(
      http,
      `/api/v1/namespaces/${ns}/configmaps`,
      configMap,
      `ConfigMap ${ns}/${name}`,
      signal,
      () => made.configMapNames.push(name),
    );
  }
  const pod = await create<V1Pod>(
    http,
    `/api/v1/namespaces/${ns}/pods`,
    plan.objects.pod,
    `pod ${ns}/${plan.names.podName}`,
    signal,
    () => (made.pod = true),
  );
  logger.info(
    `Created pod ${ns}/${plan.names.podName} to scan ${plan.objects.pod.metadata?.annotations?.['kube-cinc-scan/image'] ?? 'the image'}.`,
  );
  const owner = { apiVersion: 'v1', kind: 'Pod', name: plan.names.podName, uid: pod.metadata?.uid ?? '' };
  for (const name of plan.names.configMapNames) {
    // With the Pod as owner, the garbage collector removes the ConfigMaps even if every delete of ours fails.
    try {
      await http.request('PATCH', `/api/v1/namespaces/${ns}/configmaps/${name}`, {
        body: { metadata: { ownerReferences: [owner] } },
        contentType: 'application/merge-patch+json',
        idempotent: true,
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      logger.warn(
        `${apiFailure('patch', `ConfigMap ${ns}/${name}`, error).oneLine()} It is deleted explicitly after the scan instead.`,
      );
    }
  }
}

async function create<T>(
  http: KubeHttp,
  path: string,
  body: unknown,
  what: string,
  signal: AbortSignal,
  mayExist: () => void,
): Promise<T> {
  try {
    const created = await http.request<T>('POST', path, { body, query: { fieldValidation: 'Strict' }, signal });
    mayExist();
    return created;
  } catch (error) {
    const refused = error instanceof KubeApiError && error.status >= 400 && error.status < 500;
    // A retried create that meets 409 found the object its own earlier attempt made (the answer was lost). Any other
    // 4xx made nothing (a 409 on the first attempt is someone else's object); after a network error, an abort or a 5xx
    // the object may exist, so it is deleted afterwards.
    const oursAfterRetry = refused && error.status === 409 && error.attempts > 1;
    if (!refused || oursAfterRetry) mayExist();
    if (oursAfterRetry) {
      const name = (body as { metadata?: { name?: string } }).metadata?.name ?? '';
      return http.request<T>('GET', `${path}/${name}`, { signal });
    }
    if (signal.aborted) throw error;
    throw apiFailure('create', what, error);
  }
}

async function waitForScanner(
  plan: ScanPlan,
  http: KubeHttp,
  live: LiveLog,
  logger: Logger,
  signal: AbortSignal,
  deps: RunScanDeps,
): Promise<{ pod: V1Pod; exitCode: number }> {
  const { namespace, podName } = plan.names;
  const tracker = new PodTracker({
    unschedulableMs: deps.unschedulableGraceMs ?? DEFAULT_GRACE.unschedulableMs,
    transientMs: deps.transientGraceMs ?? DEFAULT_GRACE.transientMs,
  });
  // A stall can outlast its grace without any new pod state: a timer re-judges it then and ends the watch.
  const graceOver = new AbortController();
  let graceTimer: NodeJS.Timeout | undefined;
  let result: { pod: V1Pod; exitCode: number } | undefined;
  let failure: ScanError | undefined;
  let lastPhase = '';
  let lastStall = '';
  const watchUntilStallExpires = () => {
    clearTimeout(graceTimer);
    const stall = tracker.stall();
    if (!stall) return;
    graceTimer = setTimeout(() => {
      if (!tracker.expired()) return watchUntilStallExpires();
      failure = tracker.failure();
      graceOver.abort('stalled');
    }, stall.remainingMs);
  };
  try {
    await watchPod(http, {
      namespace,
      name: podName,
      signal: AbortSignal.any([signal, graceOver.signal]),
      logger,
      idleTimeoutMs: deps.watchIdleTimeoutMs ?? WATCH_IDLE_TIMEOUT_MS,
      onPod: (pod) => {
        if (!pod) {
          failure = new ScanError(
            'KCS-SCAN-121',
            `Pod ${namespace}/${podName} was deleted by someone else before the scan ended.`,
            {
              hint: 'Something else deletes pods in this namespace (a janitor, a namespace deletion); scan in a namespace of its own.',
            },
          );
          return true;
        }
        const assessment = tracker.assess(pod);
        const phase = `${pod.status?.phase ?? 'Pending'}/${assessment.kind}`;
        if (phase !== lastPhase) logger.debug(`Pod ${namespace}/${podName}: ${phase}.`);
        lastPhase = phase;
        lastStall = reportStall(assessment, lastStall, `${namespace}/${podName}`, tracker, logger);
        watchUntilStallExpires();
        if (assessment.kind === 'failed') failure = assessment.error;
        if (assessment.kind === 'scanning' || assessment.kind === 'finished') live.start();
        if (assessment.kind === 'finished') {
          live.markTerminated();
          result = { pod, exitCode: assessment.exitCode };
        }
        return assessment.kind === 'failed' || assessment.kind === 'finished';
      },
    });
  } catch (error) {
    if (!signal.aborted && !graceOver.signal.aborted) throw error;
  } finally {
    clearTimeout(graceTimer);
  }
  if (failure) throw failure;
  if (result) return result;
  if (signal.reason === 'timeout') {
    // The timeout came before the grace of a stall in progress: that stall is why the scan did not finish.
    if (tracker.stall()) {
      const stalled = tracker.failure();
      throw new ScanError(
        stalled.code,
        `${stalled.message} The scan's ${deps.timeoutSeconds} s timeout passed first.`,
        { ...(stalled.hint ? { hint: stalled.hint } : {}) },
      );
    }
    throw new ScanError(
      'KCS-SCAN-118',
      `The scan did not finish within ${deps.timeoutSeconds} s (pod ${namespace}/${podName} was ${lastPhase || 'not seen'}).`,
      {
        hint: 'Raise the timeout, or check why the pod is slow: kubectl describe pod (image pulls, scheduling).',
      },
    );
  }
  throw cancelled(podName);
}

/** Says once per stall that the scan waits for it to pass, and for how long; returns the key of the stall shown. */
function reportStall(
  assessment: PodAssessment,
  shown: string,
  pod: string,
  tracker: PodTracker,
  logger: Logger,
): string {
  if (assessment.kind !== 'stalled') return '';
  const { key, grace, message } = assessment.stall;
  if (key === shown) return shown;
  const seconds = Math.round((tracker.stall()?.remainingMs ?? 0) / 1000);
  const what = grace === 'unschedulable' ? 'cannot be scheduled yet' : 'hit an error the kubelet retries';
  const waitFor = grace === 'unschedulable' ? 'a node to be added (autoscaling)' : 'the retry to pass';
  logger.info(`Pod ${pod} ${what}: ${message.replace(/\.$/, '')}. Waiting up to ${seconds} s for ${waitFor}.`);
  return key;
}

async function readLog(http: KubeHttp, names: ScanNames, signal?: AbortSignal): Promise<string> {
  const what = `the log of pod ${names.namespace}/${names.podName}`;
  try {
    return await http.request<string>('GET', `/api/v1/namespaces/${names.namespace}/pods/${names.podName}/log`, {
      query: { container: SCANNER_CONTAINER },
      text: true,
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    throw apiFailure('read', what, error);
  }
}

function scannerFailed(podName: string, exitCode: number, log: string): ScanError {
  const lines = logLines(log);
  const errorLine = [...lines].reverse().find((line) => line.startsWith('kcs-scanner: error:'));
  let reportText: string | undefined;
  try {
    reportText = extractResultsBlock(log);
  } catch {
    reportText = undefined;
  }
  const meaning = EXIT_MEANING[exitCode];
  const tail = logTail(lines);
  return new ScanError(
    'KCS-SCAN-119',
    `The scanner in pod ${podName} exited with code ${exitCode}${meaning ? ` (${meaning})` : ''}${errorLine ? `: ${errorLine}` : ''}.\nLast lines of its log:\n${tail}`,
    {
      hint: 'The scanner log above says what went wrong; the troubleshooting table in the README lists each exit code.',
      scannerLog: log,
      podName,
      ...(reportText !== undefined ? { reportText } : {}),
    },
  );
}

/** The last lines of the log, without the results block (base64 tells nobody anything). */
function logTail(lines: string[]): string {
  const visible: string[] = [];
  let inBlock = false;
  for (const line of lines) {
    if (isBlockStart(line)) inBlock = true;
    else if (inBlock && isBlockEnd(line)) inBlock = false;
    else if (!inBlock) visible.push(line);
  }
  return visible
    .slice(-TAIL_LINES)
    .map((line) => `  ${line}`)
    .join('\n');
}

function cancelled(podName: string): ScanError {
  return new ScanError(
    'KCS-SCAN-120',
    'The scan was cancelled (SIGINT/SIGTERM or the job was cancelled); its objects are deleted.',
    { podName },
  );
}

function asScanError(error: unknown, podName: string, scannerLog: string | undefined): ScanError {
  if (error instanceof ScanError) {
    error.podName ??= podName;
    if (scannerLog !== undefined) error.scannerLog ??= scannerLog;
    return error;
  }
  if (error instanceof KcsError) {
    return new ScanError(error.code, error.message, {
      category: error.category,
      cause: error,
      podName,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(scannerLog !== undefined ? { scannerLog } : {}),
    });
  }
  if (error === 'cancelled' || (error instanceof Error && error.name === 'AbortError')) return cancelled(podName);
  return new ScanError(
    'KCS-SCAN-125',
    `The scan failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    {
      category: 'internal',
      cause: error,
      podName,
    },
  );
}

function logKept(names: ScanNames, logger: Logger): void {
  const ns = names.namespace;
  logger.info(
    [
      `cleanup is off: pod ${ns}/${names.podName} and ConfigMaps ${names.configMapNames.join(', ')} were kept.`,
      `  inspect: kubectl -n ${ns} describe pod ${names.podName}; kubectl -n ${ns} logs ${names.podName} -c ${SCANNER_CONTAINER}`,
      `  delete:  kubectl -n ${ns} delete pod,configmap -l ${LABEL_RUN_ID}=${names.runId}`,
    ].join('\n'),
  );
}

/**
 * Deletes the objects of one scan. 404 counts as done; any other failure is a warning, never an exception, because this
 * runs in `finally` blocks and in the action's post step.
 */
export async function deleteScanObjects(names: ScanNames, connection: KubeConnection, logger: Logger): Promise<void> {
  await deleteObjects(names, { pod: true, configMapNames: names.configMapNames }, connection, logger);
}

async function deleteObjects(
  names: ScanNames,
  only: MayExist,
  connection: KubeConnection,
  logger: Logger,
): Promise<void> {
  const ns = names.namespace;
  const targets = [
    ...(only.pod
      ? [{ path: `/api/v1/namespaces/${ns}/pods/${names.podName}`, what: `pod ${ns}/${names.podName}` }]
      : []),
    ...only.configMapNames.map((name) => ({
      path: `/api/v1/namespaces/${ns}/configmaps/${name}`,
      what: `ConfigMap ${ns}/${name}`,
    })),
  ];
  await Promise.all(
    targets.map(async ({ path, what }) => {
      try {
        await connection.http.request('DELETE', path, { query: { propagationPolicy: 'Background' } });
        logger.debug(`Deleted ${what}.`);
      } catch (error) {
        if (isNotFound(error)) {
          logger.debug(`${what} was already gone.`);
          return;
        }
        logger.warn(
          `${apiFailure('delete', what, error).oneLine()} Delete it by hand: kubectl -n ${ns} delete pod,configmap -l ${LABEL_RUN_ID}=${names.runId}`,
        );
      }
    }),
  );
}

export interface CleanupOptions {
  namespace: string;
  olderThanSeconds: number;
  /** List what would be deleted without deleting it. */
  dryRun?: boolean;
  now?: Date;
}

/**
 * The janitor: deletes scan pods older than the given age (runs whose runner died) and ConfigMaps of scans whose pod
 * no longer exists. Objects are found by the managed-by label, so nothing else in the namespace is touched.
 */
export async function cleanupLeftovers(
  options: CleanupOptions,
  connection: KubeConnection,
  logger: Logger,
): Promise<{ pods: string[]; configMaps: string[] }> {
  const ns = options.namespace;
  const now = (options.now ?? new Date()).getTime();
  const old = (object: { metadata?: { creationTimestamp?: Date | string } }) => {
    const created = object.metadata?.creationTimestamp;
    return created !== undefined && now - new Date(created).getTime() >= options.olderThanSeconds * 1000;
  };
  const list = async <T>(resource: string): Promise<T> => {
    try {
      return await connection.http.request<T>('GET', `/api/v1/namespaces/${ns}/${resource}`, {
        query: { labelSelector: MANAGED_SELECTOR },
      });
    } catch (error) {
      throw apiFailure('list', `${resource} in namespace ${ns}`, error);
    }
  };
  const pods = (await list<V1PodList>('pods')).items;
  const configMaps = (await list<V1ConfigMapList>('configmaps')).items;
  const stalePods = pods.filter(old).map((pod) => pod.metadata?.name ?? '');
  const livePods = new Set(pods.map((pod) => pod.metadata?.name ?? '').filter((name) => !stalePods.includes(name)));
  const orphans = configMaps
    .filter(
      (configMap) =>
        old(configMap) && !(configMap.metadata?.ownerReferences ?? []).some((ref) => livePods.has(ref.name)),
    )
    .filter((configMap) => !livePods.has(configMap.metadata?.labels?.[LABEL_RUN_ID] ?? ''))
    .map((configMap) => configMap.metadata?.name ?? '');
  if (!options.dryRun) {
    for (const name of stalePods)
      await deleteOne(connection, `/api/v1/namespaces/${ns}/pods/${name}`, `pod ${ns}/${name}`, logger);
    for (const name of orphans)
      await deleteOne(connection, `/api/v1/namespaces/${ns}/configmaps/${name}`, `ConfigMap ${ns}/${name}`, logger);
  }
  return { pods: stalePods, configMaps: orphans };
}

async function deleteOne(connection: KubeConnection, path: string, what: string, logger: Logger): Promise<void> {
  try {
    await connection.http.request('DELETE', path, { query: { propagationPolicy: 'Background' } });
  } catch (error) {
    if (!isNotFound(error)) logger.warn(apiFailure('delete', what, error).oneLine());
  }
}
