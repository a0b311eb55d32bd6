import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubeConnection } from '../../src/core/kube/connection.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { ScanError, planScan, runScan, type RunScanDeps } from '../../src/core/scan.js';
import { FakeKube, Timeline } from '../support/fake-kube/index.js';
import { NAMESPACE, ROOT, connectTo, scanConfig } from './helpers.js';

/*
 * States a real cluster gets out of by itself (an autoscaler adding a node, a registry's rate limit, a containerd
 * timeout), half-open connections, and the refusals and runtime failures whose cause must be named right.
 */

const FIXTURE_LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');
const FIXTURE_REPORT = readFileSync(join(ROOT, 'test/fixtures/framing/report.json'), 'utf8');
const LOG_LINES = FIXTURE_LOG.split('\n').slice(0, -1);
const LIVE_LINES = LOG_LINES.slice(
  0,
  LOG_LINES.findIndex((l) => l.startsWith('KCS-RESULTS-BEGIN')),
);
const AFTER_BLOCK = LOG_LINES.slice(LOG_LINES.indexOf('KCS-RESULTS-END v2') + 1);
const SCHEDULER =
  '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';

let fake: FakeKube;
let connection: KubeConnection;

beforeAll(async () => {
  fake = await FakeKube.start({ tls: true });
  connection = await connectTo(fake);
});
afterAll(async () => {
  connection.close();
  await fake.close();
});
afterEach(async () => {
  expect(await fake.waitForNoScanObjects()).toEqual([]);
  fake.resetScripting();
});

type Options = Partial<Omit<RunScanDeps, 'connection' | 'logger'>>;

async function scan(options: Options = {}) {
  const logger = new MemoryLogger();
  const plan = await planScan(scanConfig());
  const outcome = await runScan(plan, {
    connection,
    logger,
    cleanup: true,
    timeoutSeconds: 10,
    logDrainMs: 500,
    ...options,
  });
  return { outcome, logger, plan };
}

async function scanError(options: Options = {}): Promise<{ error: ScanError; logger: MemoryLogger; ms: number }> {
  const logger = new MemoryLogger();
  const started = Date.now();
  try {
    await runScan(await planScan(scanConfig()), {
      connection,
      logger,
      cleanup: true,
      timeoutSeconds: 10,
      logDrainMs: 500,
      ...options,
    });
  } catch (error) {
    expect(error).toBeInstanceOf(ScanError);
    return { error: error as ScanError, logger, ms: Date.now() - started };
  }
  throw new Error('the scan did not fail');
}

/** The whole scan, with `before` played first and `middle` between the keep-alive and the two containers starting. */
function scanWith(options: { before?: (t: Timeline) => Timeline; middle?: (t: Timeline) => Timeline } = {}): Timeline {
  const t = (options.before ?? ((x: Timeline) => x))(new Timeline())
    .schedule()
    .running(['keepalive'])
    .terminated('keepalive', 0, 'Completed');
  return (options.middle ?? ((x: Timeline) => x))(t)
    .running(['target', 'scanner'])
    .log('scanner', LOG_LINES)
    .terminated('scanner', 0, 'Completed');
}

describe('an unschedulable pod gets a grace period (autoscaling clusters add a node meanwhile)', () => {
  it('unschedulable, then scheduled within the grace: the scan completes', async () => {
    fake.timelineFor = () =>
      scanWith({
        before: (t) =>
          t
            .unschedulable(SCHEDULER)
            .unschedulable(`${SCHEDULER} (retry)`, 100)
            .then(150, { type: 'call', fn: () => undefined }),
      });
    const { outcome, logger } = await scan({ unschedulableGraceMs: 2000 });
    expect(outcome.reportText).toBe(FIXTURE_REPORT);
    // The user learns why nothing happens yet, once.
    const waits = logger.messages('info').filter((m) => m.includes('cannot be scheduled yet'));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toContain(SCHEDULER);
    expect(waits[0]).toMatch(/Waiting up to 2 s for a node to be added/);
  });

  it('still unschedulable after the grace: KCS-SCAN-115 with the scheduler message, without waiting for the timeout', async () => {
    fake.timelineFor = () => new Timeline().unschedulable(SCHEDULER);
    const { error, ms } = await scanError({ unschedulableGraceMs: 300 });
    expect(error.code).toBe('KCS-SCAN-115');
    expect(error.message).toMatch(
      /^Pod kcs-[0-9a-f]{10} cannot be scheduled: 0\/3 nodes are available: 3 Insufficient cpu\..* \(still unschedulable after 0 s\)\.$/,
    );
    expect(error.hint).toMatch(/autoscal/);
    expect(ms).toBeGreaterThanOrEqual(300);
    expect(ms).toBeLessThan(3000);
  });

  it('the timeout before the grace: the error names the last scheduler message', async () => {
    fake.timelineFor = () =>
      new Timeline().unschedulable('0/3 nodes are available: 3 Insufficient memory.').unschedulable(SCHEDULER, 50);
    const { error } = await scanError({ timeoutSeconds: 0.5 });
    expect(error.code).toBe('KCS-SCAN-115');
    expect(error.message).toContain(`cannot be scheduled: ${SCHEDULER}`);
    expect(error.message).toMatch(/The scan's 0\.5 s timeout passed first\.$/);
  });
});

describe('transient kubelet errors get a short grace; the others fail at once', () => {
  it('a rate-limited pull (429) and its back-off, then the pull passes: the scan completes', async () => {
    fake.timelineFor = () =>
      scanWith({
        middle: (t) =>
          t
            .waiting(
              'target',
              'ErrImagePull',
              'failed to pull and unpack image: unexpected status from HEAD request: 429 Too Many Requests',
            )
            .waiting('target', 'ImagePullBackOff', 'Back-off pulling image "registry.example.com/team/app:1.2.3"', 50)
            .waiting('target', 'ErrImagePull', 'toomanyrequests: You have reached your pull rate limit.', 50)
            .then(50, { type: 'call', fn: () => undefined }),
      });
    const { outcome, logger } = await scan({ transientGraceMs: 2000 });
    expect(outcome.reportText).toBe(FIXTURE_REPORT);
    expect(logger.messages('info').filter((m) => m.includes('hit an error the kubelet retries'))).toHaveLength(1);
  });

  it('a rate limit past the grace: KCS-SCAN-128 quoting the registry, naming the mirror and kind-load', async () => {
    fake.timelineFor = () =>
      new Timeline()
        .schedule()
        .waiting('scanner', 'ErrImagePull', 'toomanyrequests: You have reached your pull rate limit.')
        .waiting('scanner', 'ImagePullBackOff', 'Back-off pulling image "cincproject/auditor:6.8.24"', 20);
    const { error, ms } = await scanError({ transientGraceMs: 300 });
    expect(error.code).toBe('KCS-SCAN-128');
    expect(error.message).toMatch(
      /^Cannot pull the scanner container \(image cincproject\/auditor:6\.8\.24\): ErrImagePull: toomanyrequests: .* \(still refused after 0 s\)\.$/,
    );
    expect(error.hint).toMatch(/rate limit/);
    expect(error.hint).toMatch(/mirror .*scanner-image and keepalive-image/);
    expect(error.hint).toMatch(/kind-load: true/);
    expect(ms).toBeGreaterThanOrEqual(300);
    expect(ms).toBeLessThan(3000);
  });

  it('containerd "failed to reserve container name", then the container starts: the scan completes', async () => {
    fake.timelineFor = () =>
      scanWith({
        middle: (t) =>
          t
            .waiting(
              'scanner',
              'CreateContainerError',
              'failed to reserve container name "scanner_kcs_kube-cinc-scan_0": name is reserved',
            )
            .then(100, { type: 'call', fn: () => undefined }),
      });
    const { outcome } = await scan({ transientGraceMs: 2000 });
    expect(outcome.reportText).toBe(FIXTURE_REPORT);
  });

  it('"context deadline exceeded" past the grace: KCS-SCAN-111', async () => {
    fake.timelineFor = () =>
      new Timeline().schedule().waiting('target', 'CreateContainerError', 'context deadline exceeded');
    const { error } = await scanError({ transientGraceMs: 200 });
    expect(error.code).toBe('KCS-SCAN-111');
    expect(error.message).toMatch(/CreateContainerError: context deadline exceeded \(still failing after 0 s\)\.$/);
  });

  const fast: { name: string; timeline: () => Timeline; code: string }[] = [
    {
      name: 'ErrImagePull: not found',
      timeline: () =>
        new Timeline()
          .schedule()
          .waiting(
            'target',
            'ErrImagePull',
            'rpc error: code = NotFound desc = failed to pull and unpack image: not found',
          ),
      code: 'KCS-SCAN-110',
    },
    {
      name: 'ErrImagePull: unauthorized',
      timeline: () =>
        new Timeline().schedule().waiting('target', 'ErrImagePull', 'failed to authorize: 401 Unauthorized'),
      code: 'KCS-SCAN-127',
    },
    {
      name: 'ImagePullBackOff with no rate limit before it',
      timeline: () => new Timeline().schedule().waiting('target', 'ImagePullBackOff', 'Back-off pulling image "x"'),
      code: 'KCS-SCAN-110',
    },
    {
      name: 'InvalidImageName',
      timeline: () => new Timeline().schedule().waiting('target', 'InvalidImageName', 'invalid reference format'),
      code: 'KCS-SCAN-110',
    },
    {
      name: 'CreateContainerConfigError',
      timeline: () =>
        new Timeline().schedule().waiting('scanner', 'CreateContainerConfigError', 'configmap "x" not found'),
      code: 'KCS-SCAN-111',
    },
  ];
  for (const c of fast) {
    it(`${c.name} fails at once`, async () => {
      fake.timelineFor = c.timeline;
      const { error, ms } = await scanError({ transientGraceMs: 60_000, unschedulableGraceMs: 120_000 });
      expect(error.code).toBe(c.code);
      expect(ms).toBeLessThan(3000);
    });
  }
});

describe('a scanner that cannot start', () => {
  it('StartError (exec format error) fails with the runtime message, not "exited with code 128"', async () => {
    const cause =
      'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/bin/bash": exec format error: unknown';
    fake.timelineFor = () => Timeline.started().terminated('scanner', 128, 'StartError', 2, cause);
    const { error } = await scanError();
    expect(error.code).toBe('KCS-SCAN-126');
    expect(error.message).toBe(
      `The scanner container (image cincproject/auditor:6.8.24) could not start: StartError: ${cause}.`,
    );
    expect(error.message).not.toMatch(/exited with code/);
    expect(error.hint).toMatch(/another CPU architecture/);
  });
});

describe('the image digest', () => {
  const digest = `sha256:${'3c'.repeat(32)}`;
  const cases: { name: string; imageID: string; expected: string | undefined }[] = [
    { name: 'containerd repo digest', imageID: `registry.example.com/team/app@${digest}`, expected: digest },
    {
      name: 'Docker (cri-dockerd) docker-pullable://',
      imageID: `docker-pullable://registry.example.com/team/app@${digest}`,
      expected: digest,
    },
    { name: 'containerd bare config id (no repo digest)', imageID: digest, expected: undefined },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      fake.imageIdFor = () => c.imageID;
      fake.timelineFor = () => Timeline.scan(FIXTURE_LOG);
      const { outcome } = await scan();
      expect(outcome.imageDigest).toBe(c.expected);
    });
  }
});

describe('a 403 is blamed on its real owner', () => {
  const refusals: { name: string; message: string; code: string; hint: RegExp }[] = [
    {
      name: 'an admission webhook',
      message:
        'admission webhook "validate.kyverno.svc-fail" denied the request: policy Pod/kube-cinc-scan/kcs-x for resource violation: restrict-image-registries',
      code: 'KCS-K8S-014',
      hint: /"validate\.kyverno\.svc-fail".*policy.*Gatekeeper, Kyverno/,
    },
    {
      name: 'a ResourceQuota',
      message:
        'pods "kcs-x" is forbidden: exceeded quota: compute, requested: requests.cpu=520m, used: requests.cpu=2, limited: requests.cpu=2',
      code: 'KCS-K8S-015',
      hint: /ResourceQuota or LimitRange/,
    },
    {
      name: 'something else',
      message:
        'pods "kcs-x" is forbidden: unable to create new content in namespace kube-cinc-scan because it is being terminated',
      code: 'KCS-K8S-012',
      hint: /^$/,
    },
  ];
  for (const r of refusals) {
    it(r.name, async () => {
      fake.faults.refusals.push({
        count: 1,
        status: 403,
        method: 'POST',
        path: `/namespaces/${NAMESPACE}/pods`,
        reason: 'Forbidden',
        message: r.message,
      });
      const { error } = await scanError();
      expect(error.code).toBe(r.code);
      expect(error.message).toMatch(/^Failed to create pod kube-cinc-scan\/kcs-[0-9a-f]{10}: /);
      expect(error.message).toContain(`${r.message} (403 Forbidden)`);
      expect(error.hint ?? '').toMatch(r.hint);
      expect(error.hint ?? '').not.toContain('deploy/rbac.yaml');
    });
  }
});

describe('half-open connections', () => {
  it('a watch whose server goes silent without closing is dropped after the idle timeout and resumed', async () => {
    // Slow enough that the watch goes silent mid-scan, with pod changes still to come.
    fake.timelineFor = () =>
      new Timeline()
        .schedule(60)
        .running(['keepalive'], 60)
        .terminated('keepalive', 0, 'Completed', 60)
        .running(['target', 'scanner'], 60)
        .log('scanner', LOG_LINES)
        .terminated('scanner', 0, 'Completed', 400);
    fake.faults.silenceWatch = { events: 1, times: 2 };
    const before = fake.requests.length;
    const { outcome, logger } = await scan({ watchIdleTimeoutMs: 150 });
    expect(outcome.reportText).toBe(FIXTURE_REPORT);
    const watches = fake.requests.slice(before).filter((r) => r.query['watch'] === 'true');
    expect(watches.length).toBeGreaterThanOrEqual(3);
    // Each resumption starts from the last resourceVersion seen, so no state is missed or replayed.
    const versions = watches.map((r) => Number(r.query['resourceVersion']));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(
      logger
        .messages('debug')
        .filter((m) =>
          /^Watch of pod .* ended: no data for 150 ms, the connection is presumed dead; resuming from \d+\.$/.test(m),
        ).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('a followed log that stays quiet past its idle timeout is reconnected without losing or repeating lines', async () => {
    // The scanner is quiet for 400 ms between two batches; the live log gives up on the stream after 100 ms.
    fake.timelineFor = () =>
      Timeline.started()
        .log('scanner', LOG_LINES.slice(0, 5))
        .then(400, { type: 'log', container: 'scanner', lines: LOG_LINES.slice(5) })
        .terminated('scanner', 0, 'Completed');
    const before = fake.requests.length;
    const { outcome, logger } = await scan({ logIdleTimeoutMs: 100 });
    expect(outcome.reportText).toBe(FIXTURE_REPORT);
    expect(logger.messages('scanner')).toEqual([...LIVE_LINES, ...AFTER_BLOCK]);
    const follows = fake.requests.slice(before).filter((r) => r.path.endsWith('/log') && r.query['follow'] === 'true');
    expect(follows.length).toBeGreaterThanOrEqual(2);
  });
});
