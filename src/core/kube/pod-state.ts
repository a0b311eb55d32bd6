import type { V1ContainerStateTerminated, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { registryOf } from '../registry.js';
import { KEEPALIVE_CONTAINER, SCANNER_CONTAINER, TARGET_CONTAINER } from './objects.js';
import { ScanError } from './scan-error.js';

/** Where a scan pod stands, judged from one pod object of the watch. */
export type PodAssessment =
  | { kind: 'pending' }
  | { kind: 'scanning' }
  | { kind: 'finished'; exitCode: number; reason: string | undefined }
  /** `continues`: not a failure while the stall with this key is within its grace (a back-off after a rate limit). */
  | { kind: 'failed'; error: ScanError; continues?: string }
  | { kind: 'stalled'; stall: Stall };

/**
 * A state the cluster usually gets out of by itself: a pod waiting for an autoscaler to add a node, a pull refused by
 * a registry's rate limit, a container runtime that timed out. It becomes a failure only when it lasts too long.
 */
export interface Stall {
  /** The same key on consecutive pod states means the same stall goes on. */
  key: string;
  grace: 'unschedulable' | 'transient';
  /** What the scheduler or the kubelet says, for messages. */
  message: string;
  /** The failure to report once the stall outlasted its grace (or the scan's timeout came first). */
  error: (waitedSeconds: number) => ScanError;
}

const IMAGE_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const START_FAILURES = new Set([
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'CrashLoopBackOff',
]);
/** Terminated reasons of a container whose process never ran (containerd, Docker). */
const NEVER_STARTED = new Set(['StartError', 'ContainerCannotRun']);
/** A registry's rate limit: the kubelet retries the pull with back-off, and a later try usually passes. */
const RATE_LIMITED = /\b429\b|toomanyrequests|too many requests/i;
/**
 * The registry refused the pull for lack of (valid) credentials: containerd's `failed to authorize … 401
 * Unauthorized`, `403 Forbidden`, Docker Hub's `pull access denied … insufficient_scope`, GHCR's and ECR's `denied`,
 * `no basic auth credentials`, `authentication required`. A node's own `permission denied` is not the registry's.
 */
const UNAUTHORIZED =
  /\b40[13]\b(?![.:]\d)|unauthorized|authentication required|no basic auth credentials|(?<!permission )\bdenied\b|\bforbidden\b/i;
/** containerd timeouts and name reservations left by a slow earlier attempt: the kubelet's next sync usually passes. */
const TRANSIENT_CREATE = /failed to reserve (?:container|sandbox) name|context deadline exceeded/i;

const ROLE: Record<string, string> = {
  [KEEPALIVE_CONTAINER]: 'keep-alive init container',
  [TARGET_CONTAINER]: 'target container',
  [SCANNER_CONTAINER]: 'scanner container',
};

const PULL_HINT =
  'Check the image name and tag, that the registry is reachable from the nodes, and the pull credentials (registry-username and registry-password, or image-pull-secrets); for a kind cluster, load the image (kind-load) and use pull policy IfNotPresent or Never.';
const RATE_LIMIT_HINT =
  'The registry kept refusing pulls for exceeding its rate limit (HTTP 429; Docker Hub counts anonymous pulls per IP address, and a cluster\'s nodes often share one). Pull with credentials (registry-username and registry-password, or image-pull-secrets), mirror the scanner and keep-alive images into your own registry and point scanner-image and keepalive-image at it, or on kind set kind-load: true, which loads them from the runner\'s Docker (see "Avoiding Docker Hub limits" in the README).';

/** What to do when a registry refused the credentials (or had none) for the image. */
function unauthorizedHint(registry: string, container: string): string {
  const mirror =
    container === TARGET_CONTAINER
      ? ''
      : ' For the scanner and keep-alive images, mirror them into a registry the nodes can pull from and set scanner-image and keepalive-image, or on kind use kind-load: true.';
  return (
    `Give credentials for ${registry} with registry-username and registry-password (CLI: --registry-username with --registry-password-stdin or KCS_REGISTRY_PASSWORD; the registry input defaults to the image's registry), or name a pull Secret in image-pull-secrets. ` +
    'If you did, check that they may read this repository and have not expired (an ECR token lasts 12 h, a gcloud access token 1 h), and that the image exists: registries answer "denied" for an image you may not see.' +
    mirror
  );
}
const START_HINT = 'The container runtime refused the container; the message above names the cause.';
const UNSCHEDULABLE_HINT =
  "Check the node selector, the tolerations and the scanner CPU and memory requests against the nodes. On an autoscaling cluster (GKE Autopilot, Karpenter, Cluster Autoscaler), check why no node was added: kubectl describe pod shows the autoscaler's events.";

/**
 * Decides from the pod's status whether the scan goes on, finished (the scanner terminated), failed or is stalled in a
 * state that may pass; a failure is reported at once, naming the container, its image and the kubelet's reason,
 * instead of waiting for the timeout. `PodTracker` turns stalls into failures when they last too long.
 */
export function assessPod(pod: V1Pod): PodAssessment {
  const name = pod.metadata?.name ?? '?';
  const status = pod.status ?? {};
  if (status.reason === 'DeadlineExceeded') {
    return failed(
      'KCS-SCAN-117',
      `Pod ${name} reached its activeDeadlineSeconds and was stopped by Kubernetes.`,
      'Raise the timeout, or make the scan faster (fewer controls, a closer registry).',
    );
  }
  if (status.reason === 'Evicted') {
    return failed(
      'KCS-SCAN-116',
      `Pod ${name} was evicted: ${status.message ?? 'no message'}.`,
      'The node ran short of resources; lower other load or give the scan more room (scanner memory, ephemeral storage).',
    );
  }
  const scanner = findStatus(status.containerStatuses, SCANNER_CONTAINER);
  const scannerEnd = scanner?.state?.terminated;
  if (scannerEnd) {
    if (scannerEnd.reason && NEVER_STARTED.has(scannerEnd.reason))
      return notStarted(
        `the ${ROLE[SCANNER_CONTAINER] ?? ''} (image ${imageOf(pod, SCANNER_CONTAINER, false) ?? scanner?.image ?? '?'})`,
        scannerEnd,
      );
    if (scannerEnd.reason === 'OOMKilled') {
      return failed(
        'KCS-SCAN-114',
        `The scanner container of pod ${name} was killed for using more memory than its limit (OOMKilled).`,
        'Raise the scanner memory setting (for example 2Gi).',
      );
    }
    return { kind: 'finished', exitCode: scannerEnd.exitCode, reason: scannerEnd.reason };
  }
  if (pod.metadata?.deletionTimestamp) {
    return failed(
      'KCS-SCAN-121',
      `Pod ${name} is being deleted by someone else before the scan ended.`,
      'Something else deletes pods in this namespace (a janitor, a namespace deletion); scan in a namespace of its own.',
    );
  }
  const broken =
    containerFailure(pod, status.initContainerStatuses, true) ?? containerFailure(pod, status.containerStatuses, false);
  if (broken) return broken;
  const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    const message = scheduled.message ?? 'no message';
    return stalled(
      'unschedulable',
      'unschedulable',
      message,
      (waited) =>
        new ScanError(
          'KCS-SCAN-115',
          `Pod ${name} cannot be scheduled: ${message} (still unschedulable after ${waited} s).`,
          { hint: UNSCHEDULABLE_HINT },
        ),
    );
  }
  if (status.phase === 'Failed' || status.phase === 'Succeeded') {
    return failed(
      'KCS-SCAN-121',
      `Pod ${name} ended (${status.phase}${status.reason ? `, ${status.reason}` : ''}) before the scanner reported.`,
      'See the pod events: kubectl describe pod.',
    );
  }
  return scanner?.state?.running ? { kind: 'scanning' } : { kind: 'pending' };
}

function containerFailure(
  pod: V1Pod,
  statuses: V1ContainerStatus[] | undefined,
  init: boolean,
): PodAssessment | undefined {
  for (const container of statuses ?? []) {
    const image = imageOf(pod, container.name, init) ?? container.image;
    const what = `the ${ROLE[container.name] ?? `container ${container.name}`} (image ${image})`;
    const waiting = container.state?.waiting;
    if (waiting?.reason && IMAGE_FAILURES.has(waiting.reason))
      return pullFailure(what, container.name, image, waiting.reason, waiting.message);
    if (waiting?.reason && START_FAILURES.has(waiting.reason))
      return startFailure(what, container.name, waiting.reason, waiting.message);
    const ended = container.state?.terminated;
    if (ended?.reason && NEVER_STARTED.has(ended.reason)) return notStarted(what, ended);
    if (init && ended && ended.exitCode !== 0) {
      return failed(
        'KCS-SCAN-112',
        `${capitalize(what)} failed with exit code ${ended.exitCode}${ended.reason ? ` (${ended.reason})` : ''}${ended.message ? `: ${ended.message}` : ''}.`,
        'The keep-alive image must be a static busybox (a -musl or -uclibc tag) that has /bin/busybox.',
      );
    }
    if (!init && ended && container.name === TARGET_CONTAINER) {
      return failed(
        'KCS-SCAN-113',
        `${capitalize(what)} exited with code ${ended.exitCode}${ended.reason ? ` (${ended.reason})` : ''} before the scan ended.`,
        'The target runs only the keep-alive; an early exit means it could not run (a read-only /dev, an image for another CPU architecture) or was killed.',
      );
    }
  }
  return undefined;
}

function pullFailure(
  what: string,
  container: string,
  image: string,
  reason: string,
  message: string | undefined,
): PodAssessment {
  const text = `Cannot pull ${what}: ${reason}${message ? `: ${message}` : ''}`;
  const key = `pull:${container}`;
  const pulling = reason === 'ErrImagePull' || reason === 'ImagePullBackOff';
  if (pulling && RATE_LIMITED.test(message ?? '')) {
    return stalled(
      key,
      'transient',
      message ?? reason,
      (waited) =>
        new ScanError('KCS-SCAN-128', `${text} (still refused after ${waited} s).`, { hint: RATE_LIMIT_HINT }),
    );
  }
  // Retrying does not bring credentials: this fails at once, on the kubelet's first answer.
  if (pulling && UNAUTHORIZED.test(message ?? '')) {
    const registry = registryOf(image);
    return failed(
      'KCS-SCAN-127',
      `${text}. The registry ${registry} refused the pull for lack of valid credentials.`,
      unauthorizedHint(registry, container),
    );
  }
  const failure = failed('KCS-SCAN-110', `${text}.`, PULL_HINT);
  // The back-off that follows a rate-limited pull often no longer quotes the registry's answer.
  return reason === 'ImagePullBackOff' ? { ...failure, continues: key } : failure;
}

function startFailure(what: string, container: string, reason: string, message: string | undefined): PodAssessment {
  const text = `Cannot start ${what}: ${reason}${message ? `: ${message}` : ''}`;
  if (reason === 'CreateContainerError' && TRANSIENT_CREATE.test(message ?? '')) {
    return stalled(
      `create:${container}`,
      'transient',
      message ?? reason,
      (waited) =>
        new ScanError('KCS-SCAN-111', `${text} (still failing after ${waited} s).`, {
          hint: `${START_HINT} The kubelet kept retrying; a node whose container runtime keeps timing out is overloaded or unhealthy.`,
        }),
    );
  }
  return failed('KCS-SCAN-111', `${text}.`, START_HINT);
}

/** A container whose process could not be executed (`exec format error`, a missing entrypoint): it never ran. */
function notStarted(what: string, ended: V1ContainerStateTerminated): PodAssessment {
  return failed(
    'KCS-SCAN-126',
    `${capitalize(what)} could not start: ${ended.reason ?? 'StartError'}${ended.message ? `: ${ended.message}` : ` (exit code ${ended.exitCode})`}.`,
    'The container runtime could not execute the container\'s command. "exec format error" means the image was built for another CPU architecture than the node (use a multi-architecture image or one for the node\'s architecture); "no such file or directory" or "permission denied" means the command is missing from the image or not executable.',
  );
}

export interface GraceTimes {
  /** How long a pod may stay unschedulable, for an autoscaler to add a node (1–3 minutes on GKE Autopilot, Karpenter). */
  unschedulableMs: number;
  /** How long a transient runtime or registry error may last while the kubelet retries. */
  transientMs: number;
}

export const DEFAULT_GRACE: GraceTimes = { unschedulableMs: 120_000, transientMs: 60_000 };

/** Tracks stalls across the pod states of a watch: how long each lasted, and when it becomes a failure. */
export class PodTracker {
  private current: { stall: Stall; since: number } | undefined;

  constructor(
    private readonly grace: GraceTimes = DEFAULT_GRACE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Like `assessPod`, but a stall is `stalled` within its grace and `failed` after it. */
  assess(pod: V1Pod): PodAssessment {
    const assessment = assessPod(pod);
    if (assessment.kind === 'stalled') {
      if (this.current?.stall.key === assessment.stall.key) this.current.stall = assessment.stall;
      else this.current = { stall: assessment.stall, since: this.now() };
    } else if (!(
      assessment.kind === 'failed' &&
      assessment.continues !== undefined &&
      assessment.continues === this.current?.stall.key
    )) {
      this.current = undefined;
      return assessment;
    }
    const current = this.current;
    if (!current) return assessment;
    return this.expired() ? { kind: 'failed', error: this.failure() } : { kind: 'stalled', stall: current.stall };
  }

  /** The stall in progress, and how many ms of its grace are left (0 once it is over). */
  stall(): { stall: Stall; remainingMs: number } | undefined {
    if (!this.current) return undefined;
    const limit = this.current.stall.grace === 'unschedulable' ? this.grace.unschedulableMs : this.grace.transientMs;
    return { stall: this.current.stall, remainingMs: Math.max(0, this.current.since + limit - this.now()) };
  }

  /** True when a stall is in progress and its grace is over. */
  expired(): boolean {
    const stall = this.stall();
    return stall !== undefined && stall.remainingMs === 0;
  }

  /** The failure a stall in progress amounts to now (when its grace is over, or when the scan's timeout came first). */
  failure(): ScanError {
    if (!this.current) throw new Error('no stall in progress');
    return this.current.stall.error(Math.round((this.now() - this.current.since) / 1000));
  }
}

function imageOf(pod: V1Pod, container: string, init: boolean): string | undefined {
  const list = init ? pod.spec?.initContainers : pod.spec?.containers;
  return list?.find((c) => c.name === container)?.image;
}

function findStatus(statuses: V1ContainerStatus[] | undefined, name: string): V1ContainerStatus | undefined {
  return statuses?.find((s) => s.name === name);
}

function failed(code: string, message: string, hint: string): { kind: 'failed'; error: ScanError } {
  return { kind: 'failed', error: new ScanError(code, message, { hint }) };
}

function stalled(key: string, grace: Stall['grace'], message: string, error: Stall['error']): PodAssessment {
  return { kind: 'stalled', stall: { key, grace, message, error } };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The digest of the scanned image, from the target container's imageID. Only a repository digest (`repo@sha256:…`,
 * `docker-pullable://repo@sha256:…`) names the image in a registry; containerd reports a bare `sha256:…` (the image's
 * config id, which no registry knows) when the image has no repository digest (loaded with kind, built on the node),
 * and that is no digest to report.
 */
export function targetDigest(pod: V1Pod): string | undefined {
  const imageId = findStatus(pod.status?.containerStatuses, TARGET_CONTAINER)?.imageID;
  return imageId ? /@(sha256:[0-9a-f]{64})$/.exec(imageId)?.[1] : undefined;
}
