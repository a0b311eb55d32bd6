import type { V1ConfigMapList, V1PodList, V1Secret } from '@kubernetes/client-node';
import type { Logger } from '../logger.js';
import { apiFailure, isNotFound } from './api-errors.js';
import type { KubeConnection } from './connection.js';
import { deleteObject } from './delete.js';
import { KubeApiError } from './http.js';
import { collectionPath, objectPath, pluralOf, type ObjectKind, type ObjectRef } from './object-ref.js';
import { LABEL_MANAGED_BY, LABEL_RUN_ID, MANAGED_SELECTOR, TOOL } from './objects.js';
import { registrySecretName } from './registry-secret.js';

export interface CleanupOptions {
  namespace: string;
  olderThanSeconds: number;
  /** List what would be deleted without deleting it. */
  dryRun?: boolean;
  now?: Date;
}

type Dated = { metadata?: { creationTimestamp?: Date | string } };

/**
 * The janitor: deletes scan pods older than the given age (runs whose runner died) and ConfigMaps of scans whose pod
 * no longer exists. Objects are found by the managed-by label, so nothing else in the namespace is touched. The
 * registry Secrets of those scans are found by name (`<run id>-registry`), not listed: listing Secrets would let the
 * janitor's identity read every Secret of the namespace.
 */
export async function cleanupLeftovers(
  options: CleanupOptions,
  connection: KubeConnection,
  logger: Logger,
): Promise<{ pods: string[]; configMaps: string[]; secrets: string[] }> {
  const namespace = options.namespace;
  const now = (options.now ?? new Date()).getTime();
  const old = (object: Dated) => {
    const created = object.metadata?.creationTimestamp;
    return created !== undefined && now - new Date(created).getTime() >= options.olderThanSeconds * 1000;
  };
  const pods = (await listManaged<V1PodList>(connection, 'pod', namespace)).items;
  const configMaps = (await listManaged<V1ConfigMapList>(connection, 'configmap', namespace)).items;
  const stalePods = pods.filter(old).map((pod) => pod.metadata?.name ?? '');
  const livePods = new Set(pods.map((pod) => pod.metadata?.name ?? '').filter((name) => !stalePods.includes(name)));
  const orphans = configMaps
    .filter(
      (configMap) =>
        old(configMap) && !(configMap.metadata?.ownerReferences ?? []).some((ref) => livePods.has(ref.name)),
    )
    .filter((configMap) => !livePods.has(configMap.metadata?.labels?.[LABEL_RUN_ID] ?? ''))
    .map((configMap) => configMap.metadata?.name ?? '');
  const runIds = new Set(
    [...pods.filter(old), ...configMaps.filter((c) => orphans.includes(c.metadata?.name ?? ''))]
      .map((object) => object.metadata?.labels?.[LABEL_RUN_ID] ?? '')
      .filter((runId) => runId !== ''),
  );
  const secrets = await existingRegistrySecrets([...runIds], namespace, connection, logger);
  if (!options.dryRun) {
    for (const name of stalePods) await deleteObject(connection.http, { kind: 'pod', namespace, name }, logger);
    for (const name of orphans) await deleteObject(connection.http, { kind: 'configmap', namespace, name }, logger);
    for (const name of secrets) await deleteObject(connection.http, { kind: 'secret', namespace, name }, logger);
  }
  return { pods: stalePods, configMaps: orphans, secrets };
}

/**
 * The registry Secrets of these runs that exist (and are ours). Without the Role of deploy/rbac-registry-secret.yaml
 * (a 403) no scan could have created one, so there is nothing to find.
 */
async function existingRegistrySecrets(
  runIds: string[],
  namespace: string,
  connection: KubeConnection,
  logger: Logger,
): Promise<string[]> {
  const found: string[] = [];
  for (const runId of runIds.sort()) {
    const ref: ObjectRef = { kind: 'secret', namespace, name: registrySecretName(runId) };
    try {
      const secret = await connection.http.request<V1Secret>('GET', objectPath(ref));
      if (secret.metadata?.labels?.[LABEL_MANAGED_BY] === TOOL) found.push(ref.name);
    } catch (error) {
      if (isNotFound(error)) continue;
      if (error instanceof KubeApiError && error.status === 403) {
        logger.debug(`Not allowed to read Secrets in ${namespace}, so no scan there had a registry Secret to leave.`);
        return found;
      }
      logger.warn(apiFailure('get', `Secret ${namespace}/${ref.name}`, error).oneLine());
    }
  }
  return found;
}

async function listManaged<T>(connection: KubeConnection, kind: ObjectKind, namespace: string): Promise<T> {
  try {
    return await connection.http.request<T>('GET', collectionPath(kind, namespace), {
      query: { labelSelector: MANAGED_SELECTOR },
    });
  } catch (error) {
    throw apiFailure('list', `${pluralOf(kind)} in namespace ${namespace}`, error);
  }
}
