import type { Logger } from '../logger.js';
import { apiFailure, isNotFound } from './api-errors.js';
import type { KubeConnection } from './connection.js';
import type { KubeHttp } from './http.js';
import { describeRef, objectPath, type ObjectRef } from './object-ref.js';
import { LABEL_RUN_ID } from './objects.js';
import type { ScanNames } from './plan.js';

/**
 * Deletes one object in the background (the garbage collector then removes what it owns). The one delete of the tool:
 * the scan's `finally`, the post step and the janitor all come here. A 404 counts as done; any other failure is a
 * warning ending with `advice` (how to delete it by hand), never an exception, because the callers are cleaning up
 * after the outcome is decided.
 */
export async function deleteObject(http: KubeHttp, ref: ObjectRef, logger: Logger, advice?: string): Promise<void> {
  const what = describeRef(ref);
  try {
    await http.request('DELETE', objectPath(ref), { query: { propagationPolicy: 'Background' } });
    logger.debug(`Deleted ${what}.`);
  } catch (error) {
    if (isNotFound(error)) {
      logger.debug(`${what} was already gone.`);
      return;
    }
    logger.warn(`${apiFailure('delete', what, error).oneLine()}${advice ? ` ${advice}` : ''}`);
  }
}

/** Every object of a scan, from its names: the pod, its ConfigMaps and its registry Secret. */
export function scanObjectRefs(names: ScanNames): ObjectRef[] {
  const { namespace } = names;
  return [
    { kind: 'pod', namespace, name: names.podName },
    ...names.configMapNames.map((name): ObjectRef => ({ kind: 'configmap', namespace, name })),
    ...secretRefs(names),
  ];
}

/** The scan's registry pull Secret, when it has one. */
export function secretRefs(names: ScanNames): ObjectRef[] {
  return (names.secretNames ?? []).map((name): ObjectRef => ({ kind: 'secret', namespace: names.namespace, name }));
}

/** The command that deletes every object of a scan by hand, by its run-id label. */
export function handDeleteCommand(names: ScanNames): string {
  const kinds = (names.secretNames ?? []).length > 0 ? 'pod,configmap,secret' : 'pod,configmap';
  return `kubectl -n ${names.namespace} delete ${kinds} -l ${LABEL_RUN_ID}=${names.runId}`;
}

/**
 * Deletes the objects of one scan, all at once: every object its names give, or `only` those (the ones a failed scan
 * may have made). Deleting twice is harmless. Never throws.
 */
export async function deleteScanObjects(
  names: ScanNames,
  connection: KubeConnection,
  logger: Logger,
  only: readonly ObjectRef[] = scanObjectRefs(names),
): Promise<void> {
  const advice = `Delete it by hand: ${handDeleteCommand(names)}`;
  await Promise.all(only.map((ref) => deleteObject(connection.http, ref, logger, advice)));
}
