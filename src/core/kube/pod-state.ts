import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { KEEPALIVE_CONTAINER, SCANNER_CONTAINER, TARGET_CONTAINER } from './objects.js';
import { ScanError } from './scan-error.js';

/** Where a scan pod stands, judged from one pod object of the watch. */
export type PodAssessment =
  | { kind: 'pending' }
  | { kind: 'scanning' }
  | { kind: 'finished'; exitCode: number; reason: string | undefined }
  | { kind: 'failed'; error: ScanError };

const IMAGE_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const START_FAILURES = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'CrashLoopBackOff']);

const ROLE: Record<string, string> = {
  [KEEPALIVE_CONTAINER]: 'keep-alive init container',
  [TARGET_CONTAINER]: 'target container',
  [SCANNER_CONTAINER]: 'scanner container',
};

/**
 * Decides from the pod's status whether the scan goes on, finished (the scanner terminated) or failed; a failure is
 * reported at once, naming the container, its image and the kubelet's reason, instead of waiting for the timeout.
 */
export function assessPod(pod: V1Pod): PodAssessment {
  const name = pod.metadata?.name ?? '?';
  const status = pod.status ?? {};
  if (status.reason === 'DeadlineExceeded') {
    return failed('KCS-SCAN-117', `Pod ${name} reached its activeDeadlineSeconds and was stopped by Kubernetes.`, 'Raise the timeout, or make the scan faster (fewer controls, a closer registry).');
  }
  if (status.reason === 'Evicted') {
    return failed('KCS-SCAN-116', `Pod ${name} was evicted: ${status.message ?? 'no message'}.`, 'The node ran short of resources; lower other load or give the scan more room (scanner memory, ephemeral storage).');
  }
  const scanner = findStatus(status.containerStatuses, SCANNER_CONTAINER);
  const scannerEnd = scanner?.state?.terminated;
  if (scannerEnd) {
    if (scannerEnd.reason === 'OOMKilled') {
      return failed('KCS-SCAN-114', `The scanner container of pod ${name} was killed for using more memory than its limit (OOMKilled).`, 'Raise the scanner memory setting (for example 2Gi).');
    }
    return { kind: 'finished', exitCode: scannerEnd.exitCode, reason: scannerEnd.reason };
  }
  if (pod.metadata?.deletionTimestamp) {
    return failed('KCS-SCAN-121', `Pod ${name} is being deleted by someone else before the scan ended.`, 'Something else deletes pods in this namespace (a janitor, a namespace deletion); scan in a namespace of its own.');
  }
  const broken = containerFailure(pod, status.initContainerStatuses, true) ?? containerFailure(pod, status.containerStatuses, false);
  if (broken) return broken;
  const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return failed('KCS-SCAN-115', `Pod ${name} cannot be scheduled: ${scheduled.message ?? 'no message'}.`, 'Check the node selector, the tolerations and the scanner CPU and memory requests against the nodes.');
  }
  if (status.phase === 'Failed' || status.phase === 'Succeeded') {
    return failed('KCS-SCAN-121', `Pod ${name} ended (${status.phase}${status.reason ? `, ${status.reason}` : ''}) before the scanner reported.`, 'See the pod events: kubectl describe pod.');
  }
  return scanner?.state?.running ? { kind: 'scanning' } : { kind: 'pending' };
}

function containerFailure(pod: V1Pod, statuses: V1ContainerStatus[] | undefined, init: boolean): PodAssessment | undefined {
  for (const container of statuses ?? []) {
    const what = `the ${ROLE[container.name] ?? `container ${container.name}`} (image ${imageOf(pod, container.name, init) ?? container.image})`;
    const waiting = container.state?.waiting;
    if (waiting?.reason && IMAGE_FAILURES.has(waiting.reason)) {
      return failed('KCS-SCAN-110', `Cannot pull ${what}: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}.`, 'Check the image name and tag, that the registry is reachable from the nodes, and imagePullSecrets; for a kind cluster, load the image (kind-load) and use pull policy IfNotPresent or Never.');
    }
    if (waiting?.reason && START_FAILURES.has(waiting.reason)) {
      return failed('KCS-SCAN-111', `Cannot start ${what}: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}.`, 'The container runtime refused the container; the message above names the cause.');
    }
    const ended = container.state?.terminated;
    if (init && ended && ended.exitCode !== 0) {
      return failed('KCS-SCAN-112', `${capitalize(what)} failed with exit code ${ended.exitCode}${ended.reason ? ` (${ended.reason})` : ''}${ended.message ? `: ${ended.message}` : ''}.`, 'The keep-alive image must be a static busybox (a -musl or -uclibc tag) that has /bin/busybox.');
    }
    if (!init && ended && container.name === TARGET_CONTAINER) {
      return failed('KCS-SCAN-113', `${capitalize(what)} exited with code ${ended.exitCode}${ended.reason ? ` (${ended.reason})` : ''} before the scan ended.`, 'The target runs only the keep-alive; an early exit means it could not run (a read-only /dev, an image for another CPU architecture) or was killed.');
    }
  }
  return undefined;
}

function imageOf(pod: V1Pod, container: string, init: boolean): string | undefined {
  const list = init ? pod.spec?.initContainers : pod.spec?.containers;
  return list?.find((c) => c.name === container)?.image;
}

function findStatus(statuses: V1ContainerStatus[] | undefined, name: string): V1ContainerStatus | undefined {
  return statuses?.find((s) => s.name === name);
}

function failed(code: string, message: string, hint: string): PodAssessment {
  return { kind: 'failed', error: new ScanError(code, message, { hint }) };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The digest of the scanned image, from the target container's imageID (`…@sha256:…`). */
export function targetDigest(pod: V1Pod): string | undefined {
  const imageId = findStatus(pod.status?.containerStatuses, TARGET_CONTAINER)?.imageID;
  const match = imageId ? /(sha256:[0-9a-f]{64})/.exec(imageId) : null;
  return match?.[1];
}
