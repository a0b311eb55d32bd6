import type { V1Pod, V1PodList } from '@kubernetes/client-node';
import { KcsError } from '../errors.js';
import type { Logger } from '../logger.js';
import { apiFailure } from './api-errors.js';
import { KubeApiError, sleep, type KubeHttp } from './http.js';
import { readLines } from './lines.js';

export interface WatchOptions {
  namespace: string;
  name: string;
  /** Called for every state of the pod; returns true to stop watching. `undefined` = the pod was deleted. */
  onPod: (pod: V1Pod | undefined) => boolean;
  signal: AbortSignal;
  logger: Logger;
  /** Consecutive failed (re)connections before giving up. */
  maxFailures?: number;
  /** A watch that receives nothing for this long is dropped and resumed (a half-open connection). */
  idleTimeoutMs?: number;
}

/**
 * The API server sends a bookmark about once a minute on a watch with allowWatchBookmarks (and ends it at
 * timeoutSeconds), so 90 s without a byte means the connection is dead though no RST arrived (a NAT or load balancer
 * that forgot it, a node that went away).
 */
export const WATCH_IDLE_TIMEOUT_MS = 90_000;

interface WatchEvent {
  type?: string;
  object?: V1Pod & { code?: number; message?: string };
}

/**
 * Follows one pod through the Watch API until `onPod` says stop. A watch that ends (the server's timeout, a proxy,
 * client-node 2.0.x's 30 s abort, a dropped connection) is resumed from the last resourceVersion seen; a 410 Gone
 * (that version was compacted away) starts again from a fresh list. Completion is decided here, never from the log.
 */
export async function watchPod(http: KubeHttp, options: WatchOptions): Promise<void> {
  const { namespace, name, signal, logger } = options;
  const path = `/api/v1/namespaces/${namespace}/pods`;
  const fieldSelector = `metadata.name=${name}`;
  const maxFailures = options.maxFailures ?? 8;
  let resourceVersion: string | undefined;
  let failures = 0;
  let quietEnds = 0;
  while (!signal.aborted) {
    if (resourceVersion === undefined) {
      const list = await listPod(http, path, fieldSelector, name, namespace, signal);
      resourceVersion = list.metadata?.resourceVersion ?? '0';
      if (options.onPod(list.items[0])) return;
    }
    let progressed = false;
    let stopped = false;
    let gone = false;
    let reportedError = false;
    let errored: boolean;
    const started = Date.now();
    try {
      const query = { watch: true, fieldSelector, resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300 };
      const response = await http.stream(path, query, signal, {
        idleTimeoutMs: options.idleTimeoutMs ?? WATCH_IDLE_TIMEOUT_MS,
      });
      const result = await readLines(
        response,
        (line) => {
          const event = parseEvent(line);
          if (!event?.object) return false;
          if (event.type === 'ERROR') {
            gone = event.object.code === 410;
            reportedError = !gone;
            if (!gone)
              logger.debug(
                `Watch of pod ${namespace}/${name} reported an error: ${event.object.message ?? 'unknown'}; resuming.`,
              );
            return true;
          }
          progressed = true;
          resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion;
          if (event.type === 'BOOKMARK') return false;
          stopped = options.onPod(event.type === 'DELETED' ? undefined : event.object);
          return stopped;
        },
        signal,
      );
      if (stopped || signal.aborted) return;
      errored = result.error !== undefined || reportedError;
      if (result.error)
        logger.debug(
          `Watch of pod ${namespace}/${name} ended: ${result.error.message}; resuming from ${resourceVersion}.`,
        );
    } catch (error) {
      if (signal.aborted) return;
      gone = error instanceof KubeApiError && error.status === 410;
      if (!gone && error instanceof KubeApiError && error.status < 500 && error.status !== 429)
        throw apiFailure('watch', `pod ${namespace}/${name}`, error);
      errored = true;
      logger.debug(
        `Watch of pod ${namespace}/${name} failed: ${error instanceof Error ? error.message : String(error)}.`,
      );
    }
    if (gone) {
      logger.debug(
        `Resource version ${resourceVersion ?? '?'} of pod ${namespace}/${name} is gone (410); listing again.`,
      );
      resourceVersion = undefined;
      continue;
    }
    // Errors count towards giving up; a watch that ends quietly is normal (server timeout, client-side aborts), but
    // one that ends at once without an event is retried with a pause, so a proxy that closes streams cannot spin us.
    failures = progressed ? 0 : errored ? failures + 1 : failures;
    quietEnds = progressed || errored || Date.now() - started >= 1000 ? 0 : quietEnds + 1;
    if (failures >= maxFailures) {
      throw new KcsError(
        'KCS-K8S-013',
        `Lost the watch of pod ${namespace}/${name}: ${failures} reconnections in a row got no event.`,
        {
          hint: 'The API server or a proxy in between keeps dropping long-running requests; check its timeouts.',
          category: 'cluster',
        },
      );
    }
    // Reconnect at once after a normal end; back off after failures.
    const pause = Math.max(failures > 0 ? 50 * 2 ** failures : 0, quietEnds > 1 ? 100 * quietEnds : 0);
    if (pause > 0) await sleep(Math.min(2000, pause), signal).catch(() => undefined);
  }
}

async function listPod(
  http: KubeHttp,
  path: string,
  fieldSelector: string,
  name: string,
  namespace: string,
  signal: AbortSignal,
): Promise<V1PodList> {
  try {
    return await http.request<V1PodList>('GET', path, { query: { fieldSelector }, signal });
  } catch (error) {
    throw apiFailure('list', `pod ${namespace}/${name}`, error);
  }
}

function parseEvent(line: string): WatchEvent | undefined {
  if (!line.trim()) return undefined;
  try {
    return JSON.parse(line) as WatchEvent;
  } catch {
    return undefined;
  }
}
