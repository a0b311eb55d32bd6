import type { V1ContainerState, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { apiFailure } from '../../src/core/kube/api-errors.js';
import { KubeApiError } from '../../src/core/kube/http.js';
import { PodTracker, assessPod, targetDigest } from '../../src/core/kube/pod-state.js';

const DIGEST = `sha256:${'ab12'.repeat(16)}`;
const CONFIG_ID = `sha256:${'9f'.repeat(32)}`;

/** A scheduled scan pod whose containers are in the given states (the others are waiting to start). */
function pod(
  states: {
    keepalive?: V1ContainerState;
    target?: V1ContainerState;
    scanner?: V1ContainerState;
    imageID?: string;
  } = {},
): V1Pod {
  const status = (name: string, image: string, state: V1ContainerState | undefined) => ({
    name,
    image,
    imageID: name === 'target' ? (states.imageID ?? '') : '',
    ready: false,
    restartCount: 0,
    state: state ?? { waiting: { reason: 'PodInitializing' } },
  });
  return {
    metadata: { name: 'kcs-0123456789' },
    spec: {
      initContainers: [{ name: 'keepalive', image: 'busybox:1.38.0-musl' }],
      containers: [
        { name: 'target', image: 'registry.example.com/team/app:1.2.3' },
        { name: 'scanner', image: 'cincproject/auditor:6.8.24' },
      ],
    },
    status: {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'True' }],
      initContainerStatuses: [
        status(
          'keepalive',
          'busybox:1.38.0-musl',
          states.keepalive ?? { terminated: { exitCode: 0, reason: 'Completed' } },
        ),
      ],
      containerStatuses: [
        status('target', 'registry.example.com/team/app:1.2.3', states.target),
        status('scanner', 'cincproject/auditor:6.8.24', states.scanner),
      ],
    },
  };
}

function unschedulable(message: string): V1Pod {
  return {
    metadata: { name: 'kcs-0123456789' },
    spec: { containers: [{ name: 'target', image: 'x' }] },
    status: {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }],
    },
  };
}

const waiting = (reason: string, message?: string): V1ContainerState => ({
  waiting: { reason, ...(message ? { message } : {}) },
});

describe('targetDigest takes a repository digest only', () => {
  const cases: { imageID: string; digest: string | undefined }[] = [
    { imageID: `docker.io/library/nginx@${DIGEST}`, digest: DIGEST },
    { imageID: `registry.example.com:5000/team/app@${DIGEST}`, digest: DIGEST },
    { imageID: `docker-pullable://registry.example.com/team/app@${DIGEST}`, digest: DIGEST },
    // containerd without a repo digest (kind load, an image built on the node): the config id names no registry image.
    { imageID: CONFIG_ID, digest: undefined },
    { imageID: `docker://${CONFIG_ID}`, digest: undefined },
    { imageID: '', digest: undefined },
  ];
  for (const c of cases) {
    it(c.imageID || '(empty)', () => {
      expect(targetDigest(pod({ imageID: c.imageID }))).toBe(c.digest);
    });
  }
});

describe('assessPod', () => {
  const cases: { name: string; pod: V1Pod; kind: string; code?: string; text?: RegExp; key?: string }[] = [
    {
      name: 'scanner StartError (exec format error)',
      pod: pod({
        target: { running: {} },
        scanner: {
          terminated: {
            exitCode: 128,
            reason: 'StartError',
            message: 'failed to create containerd task: exec /bin/bash: exec format error',
          },
        },
      }),
      kind: 'failed',
      code: 'KCS-SCAN-126',
      text: /^The scanner container \(image cincproject\/auditor:6\.8\.24\) could not start: StartError: .*exec format error\.$/,
    },
    {
      name: 'target ContainerCannotRun (Docker)',
      pod: pod({
        target: { terminated: { exitCode: 128, reason: 'ContainerCannotRun', message: 'no such file or directory' } },
      }),
      kind: 'failed',
      code: 'KCS-SCAN-126',
      text: /^The target container .* could not start: ContainerCannotRun: no such file or directory\.$/,
    },
    {
      name: 'scanner exit 128 without StartError is a finished scanner',
      pod: pod({ scanner: { terminated: { exitCode: 128, reason: 'Error' } } }),
      kind: 'finished',
    },
    { name: 'unschedulable', pod: unschedulable('0/3 nodes are available'), kind: 'stalled', key: 'unschedulable' },
    {
      name: 'ErrImagePull 429',
      pod: pod({ target: waiting('ErrImagePull', 'unexpected status code 429 Too Many Requests') }),
      kind: 'stalled',
      key: 'pull:target',
    },
    {
      name: 'ErrImagePull toomanyrequests',
      pod: pod({ scanner: waiting('ErrImagePull', 'toomanyrequests: You have reached your pull rate limit.') }),
      kind: 'stalled',
      key: 'pull:scanner',
    },
    {
      name: 'ErrImagePull not found',
      pod: pod({ target: waiting('ErrImagePull', 'rpc error: code = NotFound desc = not found') }),
      kind: 'failed',
      code: 'KCS-SCAN-110',
    },
    {
      name: 'ErrImagePull unauthorized',
      pod: pod({ target: waiting('ErrImagePull', '401 Unauthorized') }),
      kind: 'failed',
      code: 'KCS-SCAN-127',
    },
    {
      name: 'InvalidImageName',
      pod: pod({ target: waiting('InvalidImageName', "couldn't parse image name") }),
      kind: 'failed',
      code: 'KCS-SCAN-110',
    },
    {
      name: 'CreateContainerError: name reserved',
      pod: pod({
        scanner: waiting(
          'CreateContainerError',
          'failed to reserve container name "scanner_kcs": name "scanner_kcs" is reserved for "4f1"',
        ),
      }),
      kind: 'stalled',
      key: 'create:scanner',
    },
    {
      name: 'CreateContainerError: context deadline exceeded',
      pod: pod({ target: waiting('CreateContainerError', 'context deadline exceeded') }),
      kind: 'stalled',
      key: 'create:target',
    },
    {
      name: 'CreateContainerError: other',
      pod: pod({ target: waiting('CreateContainerError', 'no command specified') }),
      kind: 'failed',
      code: 'KCS-SCAN-111',
    },
    {
      name: 'CreateContainerConfigError',
      pod: pod({ scanner: waiting('CreateContainerConfigError', 'configmap "x" not found') }),
      kind: 'failed',
      code: 'KCS-SCAN-111',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const assessment = assessPod(c.pod);
      expect(assessment.kind).toBe(c.kind);
      if (assessment.kind === 'failed') {
        expect(assessment.error.code).toBe(c.code);
        if (c.text) expect(assessment.error.message).toMatch(c.text);
        expect(assessment.error.hint).toBeTruthy();
      }
      if (assessment.kind === 'stalled') expect(assessment.stall.key).toBe(c.key);
    });
  }
});

describe('PodTracker: a stall is a failure only after its grace', () => {
  function tracker() {
    const clock = { now: 0 };
    return { clock, tracker: new PodTracker({ unschedulableMs: 120_000, transientMs: 60_000 }, () => clock.now) };
  }

  it('unschedulable within the grace, then scheduled: never a failure', () => {
    const { clock, tracker: t } = tracker();
    expect(t.assess(unschedulable('0/3 nodes are available')).kind).toBe('stalled');
    clock.now = 100_000;
    expect(t.assess(unschedulable('0/3 nodes are available: 1 node is being added')).kind).toBe('stalled');
    expect(t.stall()?.remainingMs).toBe(20_000);
    expect(t.assess(pod()).kind).toBe('pending');
    expect(t.stall()).toBeUndefined();
    // A new stall starts its grace afresh.
    clock.now = 200_000;
    expect(t.assess(unschedulable('0/3 nodes are available')).kind).toBe('stalled');
    expect(t.stall()?.remainingMs).toBe(120_000);
  });

  it('unschedulable past the grace: KCS-SCAN-115 with the last scheduler message', () => {
    const { clock, tracker: t } = tracker();
    t.assess(unschedulable('0/3 nodes are available: 3 Insufficient memory.'));
    clock.now = 119_999;
    expect(t.expired()).toBe(false);
    clock.now = 120_000;
    expect(t.expired()).toBe(true);
    const assessment = t.assess(unschedulable('0/4 nodes are available: 4 Insufficient memory.'));
    expect(assessment.kind).toBe('failed');
    if (assessment.kind !== 'failed') return;
    expect(assessment.error.code).toBe('KCS-SCAN-115');
    expect(assessment.error.message).toBe(
      'Pod kcs-0123456789 cannot be scheduled: 0/4 nodes are available: 4 Insufficient memory. (still unschedulable after 120 s).',
    );
  });

  it('a rate-limited pull, its back-off, and the pull again are one stall; past 60 s it fails with the 429', () => {
    const { clock, tracker: t } = tracker();
    expect(t.assess(pod({ target: waiting('ErrImagePull', 'toomanyrequests: rate limit') })).kind).toBe('stalled');
    clock.now = 20_000;
    expect(
      t.assess(
        pod({ target: waiting('ImagePullBackOff', 'Back-off pulling image "registry.example.com/team/app:1.2.3"') }),
      ).kind,
    ).toBe('stalled');
    clock.now = 40_000;
    expect(t.assess(pod({ target: waiting('ErrImagePull', 'toomanyrequests: rate limit') })).kind).toBe('stalled');
    clock.now = 61_000;
    const assessment = t.assess(
      pod({ target: waiting('ImagePullBackOff', 'Back-off pulling image "registry.example.com/team/app:1.2.3"') }),
    );
    expect(assessment.kind).toBe('failed');
    if (assessment.kind !== 'failed') return;
    expect(assessment.error.code).toBe('KCS-SCAN-128');
    expect(assessment.error.message).toMatch(
      /ErrImagePull: toomanyrequests: rate limit \(still refused after 61 s\)\.$/,
    );
  });

  it('a back-off without a rate limit before it fails at once', () => {
    const { tracker: t } = tracker();
    const assessment = t.assess(pod({ target: waiting('ImagePullBackOff', 'Back-off pulling image "x"') }));
    expect(assessment.kind).toBe('failed');
  });

  it('a transient create error, then the container runs: no failure', () => {
    const { clock, tracker: t } = tracker();
    expect(t.assess(pod({ scanner: waiting('CreateContainerError', 'context deadline exceeded') })).kind).toBe(
      'stalled',
    );
    clock.now = 59_000;
    expect(t.assess(pod({ target: { running: {} }, scanner: { running: {} } })).kind).toBe('scanning');
    expect(t.expired()).toBe(false);
  });
});

describe('apiFailure tells the owners of a 403 apart', () => {
  const forbidden = (message: string, status = 403) =>
    apiFailure(
      'create',
      'pod kube-cinc-scan/kcs-0123456789',
      new KubeApiError(
        status,
        'POST',
        '/api/v1/namespaces/kube-cinc-scan/pods',
        { kind: 'Status', reason: 'Forbidden', message, code: status },
        undefined,
        1,
      ),
    );

  it('RBAC: names the verb and the resource and points at deploy/rbac.yaml', () => {
    const error = forbidden(
      'pods is forbidden: User "system:serviceaccount:ci:runner" cannot create resource "pods" in API group "" in the namespace "kube-cinc-scan"',
    );
    expect(error.code).toBe('KCS-K8S-006');
    expect(error.hint).toContain('may not create "pods"');
    expect(error.hint).toContain('deploy/rbac.yaml');
  });

  it('an admission webhook: names the webhook and says a policy refused the pod', () => {
    const message =
      'admission webhook "validation.gatekeeper.sh" denied the request: [allowed-repos] container <target> has an invalid image repo';
    for (const status of [403, 400]) {
      const error = forbidden(message, status);
      expect(error.code).toBe('KCS-K8S-014');
      expect(error.message).toContain(message);
      expect(error.hint).toContain('"validation.gatekeeper.sh"');
      expect(error.hint).toMatch(/policy .*Gatekeeper, Kyverno/);
      expect(error.hint).not.toContain('deploy/rbac.yaml');
    }
  });

  const quotas = [
    'pods "kcs-0123456789" is forbidden: exceeded quota: compute, requested: limits.memory=1088Mi, used: limits.memory=3Gi, limited: limits.memory=4Gi',
    'pods "kcs-0123456789" is forbidden: failed quota: compute: must specify limits.ephemeral-storage for: keepalive,scanner,target',
    'pods "kcs-0123456789" is forbidden: maximum memory usage per Container is 512Mi, but limit is 1Gi',
  ];
  for (const message of quotas) {
    it(`a quota or limit: ${message.slice(message.indexOf(':') + 2, message.indexOf(':') + 30)}…`, () => {
      const error = forbidden(message);
      expect(error.code).toBe('KCS-K8S-015');
      expect(error.hint).toMatch(/ResourceQuota or LimitRange/);
      expect(error.hint).not.toContain('deploy/rbac.yaml');
    });
  }

  it('any other 403: the plain one line, no hint', () => {
    const error = forbidden('pods "kcs-0123456789" is forbidden: node "n1" can only create pods bound to itself');
    expect(error.code).toBe('KCS-K8S-012');
    expect(error.hint).toBeUndefined();
    expect(error.oneLine()).toBe(
      'KCS-K8S-012: Failed to create pod kube-cinc-scan/kcs-0123456789: pods "kcs-0123456789" is forbidden: node "n1" can only create pods bound to itself (403 Forbidden)',
    );
  });
});
