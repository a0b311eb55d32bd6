// Pull errors a user can act on get codes of their own: a registry that wants (other) credentials fails at once
// (KCS-SCAN-127), a registry's rate limit gets a grace and then fails as such (KCS-SCAN-128); anything else stays
// KCS-SCAN-110. And a 403 on the registry Secret names the Role file that grants it.
import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { apiFailure } from '../../src/core/kube/api-errors.js';
import { KubeApiError } from '../../src/core/kube/http.js';
import { PodTracker, assessPod } from '../../src/core/kube/pod-state.js';

const IMAGES: Record<string, string> = {
  keepalive: 'busybox:1.38.0-musl',
  target: 'ghcr.io/acme/private-app:1.2.3',
  scanner: 'cincproject/auditor:6.8.24',
};

/** A scheduled scan pod whose `container` waits with `reason` and the kubelet's `message`. */
function waitingPod(container: string, reason: string, message: string): V1Pod {
  const status = (name: string) => ({
    name,
    image: IMAGES[name] ?? '',
    imageID: '',
    ready: false,
    restartCount: 0,
    state: name === container ? { waiting: { reason, message } } : { waiting: { reason: 'PodInitializing' } },
  });
  return {
    metadata: { name: 'kcs-0123456789' },
    spec: {
      initContainers: [{ name: 'keepalive', image: IMAGES['keepalive'] ?? '' }],
      containers: [
        { name: 'target', image: IMAGES['target'] ?? '' },
        { name: 'scanner', image: IMAGES['scanner'] ?? '' },
      ],
    },
    status: {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'True' }],
      initContainerStatuses: [status('keepalive')],
      containerStatuses: [status('target'), status('scanner')],
    },
  };
}

// Messages as containerd (kind, EKS, GKE), CRI-O and Docker word them.
const UNAUTHORIZED: [string, string][] = [
  [
    'containerd, no credentials (GHCR)',
    'failed to pull and unpack image "ghcr.io/acme/private-app:1.2.3": failed to resolve reference "ghcr.io/acme/private-app:1.2.3": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Aacme%2Fprivate-app%3Apull&service=ghcr.io: 401 Unauthorized',
  ],
  [
    'containerd, wrong credentials (403)',
    'failed to pull and unpack image "ghcr.io/acme/private-app:1.2.3": failed to resolve reference: failed to authorize: failed to fetch oauth token: unexpected status: 403 Forbidden',
  ],
  [
    'Docker Hub, private or missing repository',
    'failed to pull and unpack image "docker.io/acme/private-app:1.2.3": failed to resolve reference: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
  ],
  [
    'ECR without a token',
    'rpc error: code = Unknown desc = Error response from daemon: Get https://x.dkr.ecr.eu-west-1.amazonaws.com/v2/app/manifests/1: no basic auth credentials',
  ],
  ['a registry that says denied', 'failed to resolve reference: denied: requested access to the resource is denied'],
  [
    'CRI-O',
    'initializing source docker://quay.io/acme/app:1: reading manifest 1 in quay.io/acme/app: unauthorized: access to the requested resource is not authorized',
  ],
  [
    'authentication required',
    'Error response from daemon: Head "https://registry.example.com/v2/app/manifests/1": authentication required',
  ],
];

describe('a pull refused for lack of credentials: KCS-SCAN-127 at once', () => {
  it.each(UNAUTHORIZED)('%s', (_name, message) => {
    const assessment = assessPod(waitingPod('target', 'ErrImagePull', message));
    expect(assessment.kind).toBe('failed');
    if (assessment.kind !== 'failed') return;
    expect(assessment.error.code).toBe('KCS-SCAN-127');
    expect(assessment.error.message).toContain(
      'Cannot pull the target container (image ghcr.io/acme/private-app:1.2.3)',
    );
    expect(assessment.error.message).toContain('The registry ghcr.io refused the pull for lack of valid credentials.');
    expect(assessment.error.hint).toContain(
      'Give credentials for ghcr.io with registry-username and registry-password',
    );
    expect(assessment.error.hint).toContain('--registry-password-stdin or KCS_REGISTRY_PASSWORD');
    expect(assessment.error.hint).toContain('image-pull-secrets');
  });

  it('the back-off after it too, and the tracker does not wait for a grace', () => {
    const tracker = new PodTracker({ unschedulableMs: 120_000, transientMs: 60_000 }, () => 0);
    const assessment = tracker.assess(
      waitingPod('target', 'ImagePullBackOff', 'Back-off pulling image "x": ErrImagePull: 401 Unauthorized'),
    );
    expect(assessment.kind === 'failed' && assessment.error.code).toBe('KCS-SCAN-127');
  });

  it('for the scanner image the hint also names the mirror and kind-load', () => {
    const assessment = assessPod(waitingPod('scanner', 'ErrImagePull', 'failed to authorize: 401 Unauthorized'));
    expect(assessment.kind === 'failed' && assessment.error.message).toContain('The registry docker.io refused');
    expect(assessment.kind === 'failed' && assessment.error.hint).toMatch(
      /scanner-image and keepalive-image.*kind-load/,
    );
  });
});

describe('what is not a credential problem stays KCS-SCAN-110', () => {
  it.each([
    ['not found', 'rpc error: code = NotFound desc = failed to pull and unpack image "x": not found'],
    ["the node's own permission denied", 'failed to extract layer: mkdir /var/lib/containerd/x: permission denied'],
    [
      'a digest that holds 401 inside',
      `failed to resolve reference "app@sha256:${'0'.repeat(30)}401${'0'.repeat(31)}": not found`,
    ],
  ])('%s', (_name, message) => {
    const assessment = assessPod(waitingPod('target', 'ErrImagePull', message));
    expect(assessment.kind === 'failed' && assessment.error.code).toBe('KCS-SCAN-110');
  });
});

describe("a registry's rate limit: a grace, then KCS-SCAN-128", () => {
  it.each([
    [
      'Docker Hub',
      'toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
    ],
    ['a 429 from HEAD', 'failed to pull and unpack image: unexpected status from HEAD request: 429 Too Many Requests'],
  ])('%s: stalled within the grace, KCS-SCAN-128 after it, naming the remedies', (_name, message) => {
    const clock = { now: 0 };
    const tracker = new PodTracker({ unschedulableMs: 120_000, transientMs: 60_000 }, () => clock.now);
    expect(tracker.assess(waitingPod('scanner', 'ErrImagePull', message)).kind).toBe('stalled');
    clock.now = 30_000;
    expect(tracker.assess(waitingPod('scanner', 'ImagePullBackOff', 'Back-off pulling image "x"')).kind).toBe(
      'stalled',
    );
    clock.now = 60_000;
    const assessment = tracker.assess(waitingPod('scanner', 'ImagePullBackOff', 'Back-off pulling image "x"'));
    expect(assessment.kind).toBe('failed');
    if (assessment.kind !== 'failed') return;
    expect(assessment.error.code).toBe('KCS-SCAN-128');
    expect(assessment.error.message).toMatch(/\(still refused after 60 s\)\.$/);
    expect(assessment.error.hint).toMatch(/rate limit/);
    expect(assessment.error.hint).toMatch(/registry-username and registry-password/);
    expect(assessment.error.hint).toMatch(/mirror the scanner and keep-alive images/);
    expect(assessment.error.hint).toMatch(/kind-load: true/);
  });
});

describe('a 403 on the registry Secret', () => {
  const forbidden = (verb: string) =>
    apiFailure(
      verb,
      'Secret kube-cinc-scan/kcs-0123456789-registry',
      new KubeApiError(
        403,
        'POST',
        '/api/v1/namespaces/kube-cinc-scan/secrets',
        {
          kind: 'Status',
          reason: 'Forbidden',
          code: 403,
          message: `secrets is forbidden: User "system:serviceaccount:kube-cinc-scan:kube-cinc-scan" cannot ${verb} resource "secrets" in API group "" in the namespace "kube-cinc-scan"`,
        },
        undefined,
        1,
      ),
    );

  it('names deploy/rbac-registry-secret.yaml and the way around it', () => {
    const error = forbidden('create');
    expect(error.code).toBe('KCS-K8S-006');
    expect(error.hint).toContain('deploy/rbac-registry-secret.yaml');
    expect(error.hint).toContain('image-pull-secrets');
    expect(error.hint).toContain('may not create "secrets"');
  });
});
