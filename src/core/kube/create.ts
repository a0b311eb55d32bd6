import type { V1ConfigMap, V1Pod, V1Secret } from '@kubernetes/client-node';
import type { Logger } from '../logger.js';
import { apiFailure } from './api-errors.js';
import type { ConfigMapPins } from './configmap-pins.js';
import { KubeApiError, type KubeHttp } from './http.js';
import { collectionPath, describeRef, objectPath, type ObjectRef } from './object-ref.js';
import type { ScanPlan } from './plan.js';
import { REGISTRY_ANNOTATION } from './registry-secret.js';

/** What the steps that create a scan's objects work with. */
export interface CreateContext {
  http: KubeHttp;
  logger: Logger;
  /** Aborted when the scan is cancelled or times out. */
  signal: AbortSignal;
  /** The objects that exist or may exist, in the order made; the cleanup deletes these and no others. */
  made: ObjectRef[];
  /** The uids the ConfigMaps were created with, checked again once the scanner ended (configmap-pins.ts). */
  pins?: ConfigMapPins;
}

/** Creates the ConfigMaps (profile, scanner files) first: the pod mounts them. */
export async function createConfigMaps(plan: ScanPlan, context: CreateContext): Promise<void> {
  for (const configMap of plan.objects.configMaps) {
    const ref: ObjectRef = {
      kind: 'configmap',
      namespace: plan.names.namespace,
      name: configMap.metadata?.name ?? '?',
    };
    // Created first, recorded after: `pins?.record(await create…)` would skip the create itself when there are no pins.
    const created = await createObject<V1ConfigMap>(ref, configMap, context);
    context.pins?.record(created, ref.name);
  }
}

export async function createPod(plan: ScanPlan, context: CreateContext): Promise<V1Pod> {
  const { namespace, podName } = plan.names;
  const pod = await createObject<V1Pod>({ kind: 'pod', namespace, name: podName }, plan.objects.pod, context);
  const image = plan.objects.pod.metadata?.annotations?.['kube-cinc-scan/image'] ?? 'the image';
  context.logger.info(`Created pod ${namespace}/${podName} to scan ${image}.`);
  return pod;
}

/**
 * Makes the pod the owner of the ConfigMaps, so the garbage collector removes them even if every delete of ours fails.
 * A refused patch is a warning: the ConfigMaps are then deleted explicitly after the scan, as they are anyway.
 */
export async function adoptConfigMaps(plan: ScanPlan, pod: V1Pod, context: CreateContext): Promise<void> {
  for (const name of plan.names.configMapNames) {
    const ref: ObjectRef = { kind: 'configmap', namespace: plan.names.namespace, name };
    await adopt(ref, context.pins?.uidOf(name), plan, pod, context);
  }
}

/**
 * Creates the scan's registry pull Secret, when there is one, before the pod that pulls with it. Its data (the
 * password) is sent to the API server and nowhere else: the answer is not logged.
 */
export async function createRegistrySecret(plan: ScanPlan, context: CreateContext): Promise<V1Secret | undefined> {
  const secret = plan.objects.secret;
  if (!secret) return undefined;
  const ref: ObjectRef = { kind: 'secret', namespace: plan.names.namespace, name: secret.metadata?.name ?? '?' };
  const created = await createObject<V1Secret>(ref, secret, context);
  const registry = secret.metadata?.annotations?.[REGISTRY_ANNOTATION] ?? 'the registry';
  context.logger.info(`Created ${describeRef(ref)} with the pull credentials for ${registry}.`);
  return created;
}

/** Makes the pod the owner of the registry Secret, like the ConfigMaps: deleting the pod then deletes it too. */
export async function adoptRegistrySecret(
  plan: ScanPlan,
  pod: V1Pod,
  secret: V1Secret,
  context: CreateContext,
): Promise<void> {
  const ref: ObjectRef = { kind: 'secret', namespace: plan.names.namespace, name: secret.metadata?.name ?? '?' };
  await adopt(ref, secret.metadata?.uid, plan, pod, context);
}

/** A refused patch is a warning: the object is then deleted explicitly after the scan, as it is anyway. */
async function adopt(
  ref: ObjectRef,
  uid: string | undefined,
  plan: ScanPlan,
  pod: V1Pod,
  context: CreateContext,
): Promise<void> {
  const { http, logger, signal } = context;
  const owner = { apiVersion: 'v1', kind: 'Pod', name: plan.names.podName, uid: pod.metadata?.uid ?? '' };
  try {
    // With the uid it was created with: an object someone put in its place under the same name is not adopted.
    await http.request('PATCH', objectPath(ref), {
      body: { metadata: { ...(uid ? { uid } : {}), ownerReferences: [owner] } },
      contentType: 'application/merge-patch+json',
      idempotent: true,
      // The answer is the whole object again (the scanner's files: 80 KB); only success matters.
      discardBody: true,
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    logger.warn(
      `${apiFailure('patch', describeRef(ref), error).oneLine()} It is deleted explicitly after the scan instead.`,
    );
  }
}

/** Creates one object (strict field validation) and records it in `made` as soon as it may exist. */
async function createObject<T>(ref: ObjectRef, body: unknown, context: CreateContext): Promise<T> {
  const { http, signal } = context;
  const path = collectionPath(ref.kind, ref.namespace);
  try {
    const created = await http.request<T>('POST', path, { body, query: { fieldValidation: 'Strict' }, signal });
    context.made.push(ref);
    return created;
  } catch (error) {
    const refused = error instanceof KubeApiError && error.status >= 400 && error.status < 500;
    // A retried create that meets 409 found the object its own earlier attempt made (the answer was lost). Any other
    // 4xx made nothing (a 409 on the first attempt is someone else's object); after a network error, an abort or a 5xx
    // the object may exist, so it is deleted afterwards.
    const oursAfterRetry = refused && error.status === 409 && error.attempts > 1;
    if (!refused || oursAfterRetry) context.made.push(ref);
    if (oursAfterRetry) return http.request<T>('GET', objectPath(ref), { signal });
    if (signal.aborted) throw error;
    throw apiFailure('create', describeRef(ref), error);
  }
}
