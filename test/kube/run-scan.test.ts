import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubeConnection } from '../../src/core/kube/connection.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { deleteScanObjects } from '../../src/core/kube/delete.js';
import { ScanError, planScan, runScan, type ScanPlan } from '../../src/core/scan.js';
import { watchPod } from '../../src/core/kube/pod-watch.js';
import { FakeKube, Timeline, podResultsKey, resignLog } from '../support/fake-kube/index.js';
import { NAMESPACE, ROOT, connectTo, scanConfig } from './helpers.js';

const FIXTURE_LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');
const FIXTURE_REPORT = readFileSync(join(ROOT, 'test/fixtures/framing/report.json'), 'utf8');
const LIVE_LINES = FIXTURE_LOG.split('\n').slice(
  0,
  FIXTURE_LOG.split('\n').findIndex((l) => l.startsWith('KCS-RESULTS-BEGIN')),
);
const AFTER_BLOCK = FIXTURE_LOG.split('\n')
  .slice(FIXTURE_LOG.split('\n').indexOf('KCS-RESULTS-END v2') + 1)
  .filter((l) => l !== '');

let fake: FakeKube;
let connection: KubeConnection;

beforeAll(async () => {
  fake = await FakeKube.start({
    tls: true,
    namespaces: { strict: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
  });
  connection = await connectTo(fake);
});
afterAll(async () => {
  connection.close();
  await fake.close();
});
afterEach(async () => {
  // The rule of the issue: whatever happened, the scan leaves nothing behind.
  expect(await fake.waitForNoScanObjects()).toEqual([]);
  fake.resetScripting();
});

async function scan(
  options: {
    plan?: ScanPlan;
    timeoutSeconds?: number;
    signal?: AbortSignal;
    logger?: MemoryLogger;
    connection?: KubeConnection;
    cleanup?: boolean;
    unschedulableGraceMs?: number;
  } = {},
) {
  const plan = options.plan ?? (await planScan(scanConfig()));
  const logger = options.logger ?? new MemoryLogger();
  const outcome = await runScan(plan, {
    connection: options.connection ?? connection,
    logger,
    cleanup: options.cleanup ?? true,
    timeoutSeconds: options.timeoutSeconds ?? 10,
    logDrainMs: 500,
    ...(options.unschedulableGraceMs !== undefined ? { unschedulableGraceMs: options.unschedulableGraceMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { outcome, logger, plan };
}

/** The paths the fake saw deleted since request number `before`. */
function deletedSince(before: number): string[] {
  return fake.requests
    .slice(before)
    .filter((r) => r.method === 'DELETE')
    .map((r) => r.path)
    .sort();
}

const configMapPath = (name: string) => `/api/v1/namespaces/${NAMESPACE}/configmaps/${name}`;

async function scanError(options: Parameters<typeof scan>[0] = {}): Promise<ScanError> {
  try {
    await scan(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ScanError);
    return error as ScanError;
  }
  throw new Error('the scan did not fail');
}

describe('runScan happy path', () => {
  it('creates the objects as planned, streams the live log in order, verifies the results and deletes everything', async () => {
    const seen: { pod?: V1Pod; configMaps?: V1ConfigMap[] } = {};
    fake.timelineFor = (pod) => {
      seen.pod = pod;
      seen.configMaps = fake.list('configmaps');
      return Timeline.scan(FIXTURE_LOG, { intervalMs: 2, batch: 5 });
    };
    const before = fake.requests.length;
    const created: unknown[] = [];
    const plan = await planScan(scanConfig());
    const { outcome, logger } = await scan({ plan });
    // The fixture's block, signed as this scan's scanner signs it: with the key only this pod carries.
    expect(podResultsKey(seen.pod)).toBe(plan.resultsKey);
    // The objects in the cluster are the rendered ones.
    expect(seen.pod?.spec).toEqual(plan.objects.pod.spec);
    expect(seen.pod?.metadata?.labels).toEqual(plan.objects.pod.metadata?.labels);
    expect(seen.pod?.metadata?.annotations).toEqual(plan.objects.pod.metadata?.annotations);
    expect(seen.configMaps?.map((c) => [c.metadata?.name, c.data, c.binaryData, c.immutable])).toEqual(
      plan.objects.configMaps.map((c) => [c.metadata?.name, c.data, c.binaryData, true]),
    );
    for (const r of fake.requests.slice(before)) if (r.method === 'POST') created.push(r.path);

    expect(outcome.reportText).toBe(FIXTURE_REPORT);
    expect(outcome.podName).toBe(plan.names.podName);
    expect(outcome.scannerLog).toBe(resignLog(FIXTURE_LOG, plan.resultsKey));
    expect(outcome.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(outcome.podYaml).toContain(`name: ${plan.names.podName}`);
    // Live output: every line outside the block, once, in order; the block itself is not shown.
    expect(logger.messages('scanner')).toEqual([...LIVE_LINES, ...AFTER_BLOCK]);
    expect(created).toEqual([
      `/api/v1/namespaces/${NAMESPACE}/configmaps`,
      `/api/v1/namespaces/${NAMESPACE}/configmaps`,
      `/api/v1/namespaces/${NAMESPACE}/pods`,
    ]);
    const mine = fake.requests.slice(before);
    // ownerReferences are patched onto both ConfigMaps after the pod exists, as a merge patch.
    const patches = mine.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.path)).toEqual(
      plan.names.configMapNames.map((n) => `/api/v1/namespaces/${NAMESPACE}/configmaps/${n}`),
    );
    expect(patches.every((r) => r.contentType === 'application/merge-patch+json')).toBe(true);
    // Every query parameter the runner sends.
    expect(mine.find((r) => r.method === 'POST')?.query).toEqual({ fieldValidation: 'Strict' });
    const watch = mine.find((r) => r.query['watch'] === 'true');
    expect(watch?.query).toMatchObject({
      fieldSelector: `metadata.name=${plan.names.podName}`,
      allowWatchBookmarks: 'true',
      timeoutSeconds: '300',
    });
    expect(watch?.query['resourceVersion']).toMatch(/^\d+$/);
    const logs = mine.filter((r) => r.path.endsWith('/log'));
    expect(logs.some((r) => r.query['follow'] === 'true' && r.query['container'] === 'scanner')).toBe(true);
    expect(logs.some((r) => r.query['follow'] === undefined && r.query['container'] === 'scanner')).toBe(true);
    const deletes = mine.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.path).sort()).toEqual(
      [
        `/api/v1/namespaces/${NAMESPACE}/pods/${plan.names.podName}`,
        ...plan.names.configMapNames.map((n) => `/api/v1/namespaces/${NAMESPACE}/configmaps/${n}`),
      ].sort(),
    );
    expect(deletes.every((r) => r.query['propagationPolicy'] === 'Background')).toBe(true);
    // The scan ran as the ServiceAccount of deploy/rbac.yaml: the Role is enough.
    expect(new Set(mine.map((r) => r.user))).toEqual(new Set([fake.scannerUser]));
  });

  it('keeps the objects with cleanup off, says how to inspect and delete them, and deleteScanObjects removes them', async () => {
    fake.timelineFor = () => Timeline.scan(FIXTURE_LOG);
    const { logger, plan } = await scan({ cleanup: false });
    expect(fake.scanObjects().sort()).toEqual(
      [
        `pods/${NAMESPACE}/${plan.names.podName}`,
        ...plan.names.configMapNames.map((n) => `configmaps/${NAMESPACE}/${n}`),
      ].sort(),
    );
    const kept = logger.messages('info').join('\n');
    expect(kept).toContain(`kubectl -n ${NAMESPACE} logs ${plan.names.podName} -c scanner`);
    expect(kept).toContain(`delete pod,configmap -l kube-cinc-scan/run-id=${plan.names.runId}`);
    await deleteScanObjects(plan.names, connection, logger);
    // A second run (the post step after the main step) finds nothing and does not complain.
    expect(await fake.waitForNoScanObjects()).toEqual([]);
    const before = fake.requests.length;
    await deleteScanObjects(plan.names, connection, logger);
    expect(deletedSince(before)).toHaveLength(3);
    expect(fake.requests.slice(before).every((r) => r.status === 404)).toBe(true);
    expect(logger.messages('warn')).toEqual([]);
    expect(logger.messages('error')).toEqual([]);
  });
});

describe('runScan fails fast, naming the container, the image and the reason', () => {
  const image = 'registry.example.com/team/app:1.2.3';
  const cases: { name: string; timeline: () => Timeline; code: string; text: RegExp[] }[] = [
    {
      name: 'ErrImagePull',
      timeline: () => Timeline.started().waiting('target', 'ErrImagePull', 'failed to resolve reference: not found'),
      code: 'KCS-SCAN-110',
      text: [/target container/, new RegExp(image.replaceAll('.', '\\.')), /ErrImagePull/, /not found/],
    },
    {
      name: 'ImagePullBackOff',
      timeline: () => new Timeline().schedule().waiting('scanner', 'ImagePullBackOff', 'Back-off pulling image'),
      code: 'KCS-SCAN-110',
      text: [/scanner container/, /cincproject\/auditor:6\.8\.24/, /ImagePullBackOff/],
    },
    {
      name: 'InvalidImageName',
      timeline: () => new Timeline().schedule().waiting('target', 'InvalidImageName', "couldn't parse image name"),
      code: 'KCS-SCAN-110',
      text: [/InvalidImageName/],
    },
    {
      name: 'CreateContainerConfigError',
      timeline: () =>
        new Timeline().schedule().waiting('scanner', 'CreateContainerConfigError', 'configmap "x" not found'),
      code: 'KCS-SCAN-111',
      text: [/scanner container/, /CreateContainerConfigError/, /configmap "x" not found/],
    },
    {
      name: 'CreateContainerError',
      timeline: () => new Timeline().schedule().waiting('target', 'CreateContainerError', 'no command specified'),
      code: 'KCS-SCAN-111',
      text: [/CreateContainerError/],
    },
    {
      name: 'RunContainerError',
      timeline: () =>
        new Timeline().schedule().waiting('target', 'RunContainerError', 'exec: "/dev/kcs/busybox": permission denied'),
      code: 'KCS-SCAN-111',
      text: [/RunContainerError/, /permission denied/],
    },
    {
      name: 'failed init container',
      timeline: () =>
        new Timeline().schedule().running(['keepalive']).terminated('keepalive', 1, 'Error', 2, "cp: can't stat"),
      code: 'KCS-SCAN-112',
      text: [/keep-alive init container/, /busybox:1\.38\.0-musl/, /exit code 1/],
    },
    {
      name: 'init container image pull',
      timeline: () => new Timeline().schedule().waiting('keepalive', 'ErrImagePull', 'not found'),
      code: 'KCS-SCAN-110',
      text: [/keep-alive init container/, /busybox/],
    },
    {
      name: 'target exits before the scan ends',
      timeline: () => Timeline.started().log('scanner', ['kcs-scanner: looking']).terminated('target', 127, 'Error'),
      code: 'KCS-SCAN-113',
      text: [/target container/, /code 127/, /before the scan ended/],
    },
    {
      name: 'scanner OOMKilled',
      timeline: () => Timeline.started().log('scanner', ['Profile: x']).terminated('scanner', 137, 'OOMKilled'),
      code: 'KCS-SCAN-114',
      text: [/OOMKilled/, /memory/],
    },
    {
      name: 'evicted',
      timeline: () => Timeline.started().podFailed('Evicted', 'The node was low on resource: ephemeral-storage.'),
      code: 'KCS-SCAN-116',
      text: [/evicted/, /ephemeral-storage/],
    },
    {
      name: 'DeadlineExceeded',
      timeline: () =>
        Timeline.started().podFailed(
          'DeadlineExceeded',
          'Pod was active on the node longer than the specified deadline',
        ),
      code: 'KCS-SCAN-117',
      text: [/activeDeadlineSeconds/],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      fake.timelineFor = c.timeline;
      const started = Date.now();
      const error = await scanError();
      expect(error.code).toBe(c.code);
      for (const pattern of c.text) expect(error.message).toMatch(pattern);
      expect(error.hint).toBeTruthy();
      expect(error.podName).toMatch(/^kcs-[0-9a-f]{10}$/);
      expect(Date.now() - started).toBeLessThan(3000);
    });
  }

  it('unschedulable past a short grace (the grace itself is covered in stalls.test.ts)', async () => {
    fake.timelineFor = () => new Timeline().unschedulable('0/3 nodes are available: 3 Insufficient memory.');
    const error = await scanError({ unschedulableGraceMs: 50 });
    expect(error.code).toBe('KCS-SCAN-115');
    expect(error.message).toMatch(
      /cannot be scheduled: 0\/3 nodes are available: 3 Insufficient memory\. \(still unschedulable after \d+ s\)\.$/,
    );
    expect(error.podName).toMatch(/^kcs-[0-9a-f]{10}$/);
  });

  it('the timeout', async () => {
    fake.timelineFor = () => new Timeline().schedule();
    const error = await scanError({ timeoutSeconds: 0.3 });
    expect(error.code).toBe('KCS-SCAN-118');
    expect(error.message).toMatch(/within 0\.3 s/);
  });

  it('a pod deleted by someone else', async () => {
    fake.timelineFor = (pod) =>
      Timeline.started().call(
        () => void connection.http.request('DELETE', `/api/v1/namespaces/${NAMESPACE}/pods/${pod.metadata.name}`),
        5,
      );
    const error = await scanError();
    expect(error.code).toBe('KCS-SCAN-121');
  });
});

describe('runScan: the scanner and its results block', () => {
  const block = FIXTURE_LOG.slice(
    FIXTURE_LOG.indexOf('KCS-RESULTS-BEGIN'),
    FIXTURE_LOG.indexOf('KCS-RESULTS-END v2') + 'KCS-RESULTS-END v2\n'.length,
  );
  const live = LIVE_LINES.join('\n');

  it('scanner exit 65 with the log tail and the error line in the message', async () => {
    const log = `${live}\nkcs-scanner: error: no process has KCS_SCAN_TARGET=kcs-x after 60s\n`;
    fake.timelineFor = () => Timeline.scan(log, { exitCode: 65 });
    const error = await scanError();
    expect(error.code).toBe('KCS-SCAN-119');
    expect(error.message).toMatch(
      /exited with code 65 \(the target process was not found in time\): kcs-scanner: error: no process has/,
    );
    expect(error.message).toContain('Last lines of its log:');
    expect(error.scannerLog).toBe(log);
    expect(error.reportText).toBeUndefined();
  });

  it('scanner exit 68 keeps the verified report for the artifact', async () => {
    const closing =
      'kcs-scanner: error: run kcs-x: cinc-auditor exited with code 1 (expected 0, 100 or 101); the results above may be incomplete';
    const log = `${live}\n${block}${closing}\n`;
    fake.timelineFor = () => Timeline.scan(log, { exitCode: 68 });
    const error = await scanError();
    expect(error.code).toBe('KCS-SCAN-119');
    expect(error.reportText).toBe(FIXTURE_REPORT);
    expect(error.message).not.toContain('KCS-RESULTS-BEGIN');
  });

  const broken: { name: string; log: string; code: string }[] = [
    { name: 'missing', log: `${live}\n`, code: 'KCS-SCAN-101' },
    { name: 'duplicated', log: `${live}\n${block}${block}`, code: 'KCS-SCAN-130' },
    { name: 'truncated', log: `${live}\n${block.split('\n').slice(0, 10).join('\n')}\n`, code: 'KCS-SCAN-103' },
    {
      name: 'bad checksum',
      log: `${live}\n${block.replace(/sha256=[0-9a-f]{64}/, `sha256=${'0'.repeat(64)}`)}`,
      code: 'KCS-SCAN-105',
    },
  ];
  for (const b of broken) {
    it(`results block ${b.name}`, async () => {
      let key = '';
      fake.timelineFor = (pod) => {
        key = podResultsKey(pod) ?? '';
        return Timeline.scan(b.log);
      };
      const error = await scanError();
      expect(error.code).toBe(b.code);
      expect(error.scannerLog).toBe(resignLog(b.log, key));
      expect(error.podName).toBeTruthy();
    });
  }
});

describe('runScan: API errors become one line with a code', () => {
  it('403 on create names the verb and the resource and points at deploy/rbac.yaml', async () => {
    const nobody = await connectTo(fake, fake.tokens.nobody);
    const logger = new MemoryLogger();
    const before = fake.requests.length;
    try {
      const error = await scanError({ connection: nobody, logger });
      expect(error.code).toBe('KCS-K8S-006');
      expect(error.message).toMatch(
        /^Failed to create ConfigMap kube-cinc-scan\/kcs-[0-9a-f]{10}-profile: .*cannot create resource "configmaps".* \(403 Forbidden\)$/,
      );
      expect(error.hint).toContain('deploy/rbac.yaml');
      expect(error.category).toBe('cluster');
      // A refused create made nothing, so there is nothing to delete and nothing to warn about.
      expect(fake.scanObjects()).toEqual([]);
      expect(deletedSince(before)).toEqual([]);
      expect(logger.messages('warn')).toEqual([]);
      expect(logger.messages('error')).toEqual([]);
    } finally {
      nobody.close();
    }
  });

  it('a Pod Security rejection says the enforced level and how to label a baseline namespace', async () => {
    const admin = await connectTo(fake, fake.tokens.admin);
    try {
      const plan = await planScan(scanConfig({ namespace: 'strict' }));
      const logger = new MemoryLogger();
      const before = fake.requests.length;
      const error = await scanError({ connection: admin, plan, logger });
      expect(error.code).toBe('KCS-K8S-007');
      expect(error.message).toContain('violates PodSecurity "restricted:latest"');
      expect(error.hint).toContain('"restricted"');
      expect(error.hint).toContain('pod-security.kubernetes.io/enforce=baseline');
      // The ConfigMaps made before the pod was refused are deleted too; the refused pod is not.
      expect(await fake.waitForNoScanObjects()).toEqual([]);
      expect(deletedSince(before)).toEqual(
        plan.names.configMapNames.map((n) => `/api/v1/namespaces/strict/configmaps/${n}`).sort(),
      );
      expect(logger.messages('warn')).toEqual([]);
    } finally {
      admin.close();
    }
  });

  it('namespace not found', async () => {
    const admin = await connectTo(fake, fake.tokens.admin);
    try {
      const logger = new MemoryLogger();
      const before = fake.requests.length;
      const error = await scanError({
        connection: admin,
        logger,
        plan: await planScan(scanConfig({ namespace: 'nope' })),
      });
      expect(error.code).toBe('KCS-K8S-008');
      expect(error.message).toContain('namespaces "nope" not found (404 NotFound)');
      expect(deletedSince(before)).toEqual([]);
      expect(logger.messages('warn')).toEqual([]);
    } finally {
      admin.close();
    }
  });

  it('409: an object with the name already exists', async () => {
    const plan = await planScan(scanConfig(), { runId: 'kcs-0000000409' });
    await connection.http.request('POST', `/api/v1/namespaces/${NAMESPACE}/pods`, { body: plan.objects.pod });
    const before = fake.requests.length;
    const error = await scanError({ plan });
    expect(error.code).toBe('KCS-K8S-009');
    expect(error.message).toMatch(/already exists \(409 AlreadyExists\)/);
    // The pod with that name is not ours: the scan deletes its own ConfigMaps and leaves that pod alone.
    expect(deletedSince(before)).toEqual(plan.names.configMapNames.map(configMapPath).sort());
    expect(fake.scanObjects()).toEqual([`pods/${NAMESPACE}/${plan.names.podName}`]);
    await deleteScanObjects(plan.names, connection, new MemoryLogger());
  });

  it('422 is not retried', async () => {
    const plan = await planScan(scanConfig({ image: '' }));
    const before = fake.requests.length;
    const error = await scanError({ plan });
    expect(error.code).toBe('KCS-K8S-010');
    expect(fake.requests.slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('/pods'))).toHaveLength(1);
  });

  it('a 429 storm and 5xx answers are retried, and the scan succeeds', async () => {
    // Slow enough that the pod is still running when the watch starts.
    fake.timelineFor = () => Timeline.scan(FIXTURE_LOG, { intervalMs: 20 });
    fake.faults.refusals.push(
      { count: 3, status: 429, retryAfter: 0, method: 'POST' },
      { count: 2, status: 503, method: 'PATCH' },
      { count: 2, status: 500, path: '/log', watch: false },
      { count: 2, status: 429, retryAfter: 0, watch: true },
    );
    const before = fake.requests.length;
    const { outcome } = await scan();
    expect(outcome.reportText).toBe(FIXTURE_REPORT);
    const statuses = fake.requests.slice(before).map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(4);
  });

  it('honours Retry-After', async () => {
    fake.timelineFor = () => Timeline.scan(FIXTURE_LOG);
    fake.faults.refusals.push({ count: 1, status: 429, retryAfter: 1, method: 'POST' });
    const started = Date.now();
    await scan();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('gives up after bounded retries with one line', async () => {
    fake.faults.refusals.push({ count: 100, status: 503, method: 'POST' });
    const plan = await planScan(scanConfig());
    const logger = new MemoryLogger();
    const before = fake.requests.length;
    const error = await scanError({ plan, logger });
    expect(error.code).toBe('KCS-K8S-011');
    expect(error.message).toMatch(/\(503 ServiceUnavailable\), still failing after 6 attempts$/);
    // After a 5xx the first ConfigMap may exist, so it is deleted; its 404 is no warning. Nothing later was tried.
    expect(deletedSince(before)).toEqual([configMapPath(plan.names.configMapNames[0] ?? '')]);
    expect(logger.messages('warn')).toEqual([]);
    expect(logger.messages('debug')).toContain(
      `ConfigMap ${NAMESPACE}/${plan.names.configMapNames[0] ?? ''} was already gone.`,
    );
  });
});

describe('runScan survives the network', () => {
  it('a watch dropped mid-scan is resumed from the last resourceVersion', async () => {
    fake.timelineFor = () =>
      new Timeline()
        .schedule(20)
        .running(['keepalive'], 20)
        .terminated('keepalive', 0, 'Completed', 20)
        .running(['target', 'scanner'], 20)
        .log('scanner', FIXTURE_LOG.split('\n').slice(0, -1))
        .terminated('scanner', 0, 'Completed', 20);
    fake.faults.dropWatch = { events: 1, times: 3 };
    const before = fake.requests.length;
    const { outcome } = await scan();
    expect(outcome.reportText).toBe(FIXTURE_REPORT);
    const watches = fake.requests.slice(before).filter((r) => r.query['watch'] === 'true');
    expect(watches.length).toBeGreaterThanOrEqual(3);
    const versions = watches.map((r) => Number(r.query['resourceVersion']));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('watches aborted every 15 ms while events flow (client-node 2.0.x style) still see the scan through', async () => {
    fake.timelineFor = () => Timeline.scan(FIXTURE_LOG, { intervalMs: 4, batch: 2 });
    fake.faults.watchMaxMs = 15;
    const before = fake.requests.length;
    const { outcome, logger } = await scan();
    expect(outcome.reportText).toBe(FIXTURE_REPORT);
    expect(logger.messages('scanner')).toEqual([...LIVE_LINES, ...AFTER_BLOCK]);
    expect(fake.requests.slice(before).filter((r) => r.query['watch'] === 'true').length).toBeGreaterThanOrEqual(3);
  });

  it('a 410 Gone (compacted resourceVersion) leads to a fresh list', async () => {
    // The watch is reset and refused for a while; meanwhile the pod changes and the history is compacted, so the
    // reconnection from the last resourceVersion meets 410 Gone.
    fake.timelineFor = () =>
      Timeline.started()
        .call(() => {
          fake.faults.refusals.push({ count: 1, status: 500, watch: true });
          fake.dropWatches();
        }, 5)
        .running(['target'], 5)
        .call(() => fake.compact(), 2)
        .log('scanner', FIXTURE_LOG.split('\n').slice(0, -1), 2)
        .terminated('scanner', 0, 'Completed', 5);
    const before = fake.requests.length;
    const { outcome } = await scan();
    expect(outcome.reportText).toBe(FIXTURE_REPORT);
    const lists = fake.requests
      .slice(before)
      .filter((r) => r.method === 'GET' && r.path.endsWith('/pods') && r.query['watch'] === undefined);
    expect(lists.length).toBeGreaterThanOrEqual(2);
  });

  it('a cut log stream is resumed without losing or repeating lines', async () => {
    fake.timelineFor = () => Timeline.scan(FIXTURE_LOG, { intervalMs: 3, batch: 4 });
    fake.faults.cutLog = { lines: 7, times: 3 };
    const { outcome, logger } = await scan();
    expect(outcome.reportText).toBe(FIXTURE_REPORT);
    expect(logger.messages('scanner')).toEqual([...LIVE_LINES, ...AFTER_BLOCK]);
  });

  it('the API server going away mid-scan ends the scan and the cleanup warns with the commands to run by hand', async () => {
    const lost = await FakeKube.start();
    const lostConnection = await connectTo(lost);
    lost.timelineFor = () => Timeline.started().call(() => void lost.close(), 5);
    const logger = new MemoryLogger();
    try {
      const error = await scanError({ connection: lostConnection, logger, timeoutSeconds: 1 });
      // The watch keeps retrying (with backoff) until the scan's own timeout ends it.
      expect(error.code).toBe('KCS-SCAN-118');
      const warnings = logger.messages('warn');
      expect(warnings.length).toBeGreaterThan(0);
      expect(
        warnings.every(
          (w) =>
            w.startsWith('KCS-K8S-004: Failed to delete') &&
            w.includes(lost.url) &&
            w.includes('kubectl -n kube-cinc-scan delete pod,configmap -l kube-cinc-scan/run-id='),
        ),
      ).toBe(true);
    } finally {
      lostConnection.close();
    }
  });

  it('gives up on a watch that keeps failing, with one line', async () => {
    const plan = await planScan(scanConfig());
    await connection.http.request('POST', `/api/v1/namespaces/${NAMESPACE}/pods`, { body: plan.objects.pod });
    fake.faults.refusals.push({ count: 100, status: 500, watch: true });
    try {
      const error = await watchPod(connection.http, {
        namespace: NAMESPACE,
        name: plan.names.podName,
        onPod: () => false,
        signal: new AbortController().signal,
        logger: new MemoryLogger(),
        maxFailures: 3,
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'KCS-K8S-013', category: 'cluster' });
    } finally {
      await deleteScanObjects(plan.names, connection, new MemoryLogger());
    }
  });

  it('an abort (SIGTERM) mid-scan deletes the objects and reports cancelled', async () => {
    const controller = new AbortController();
    fake.timelineFor = () =>
      Timeline.started()
        .log('scanner', LIVE_LINES.slice(0, 5))
        .call(() => controller.abort(), 5)
        .log('scanner', LIVE_LINES.slice(5), 50);
    const error = await scanError({ signal: controller.signal });
    expect(error.code).toBe('KCS-SCAN-120');
    expect(error.message).toMatch(/cancelled/);
  });

  it('an abort before anything is created creates nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = fake.requests.length;
    const error = await scanError({ signal: controller.signal });
    expect(error.code).toBe('KCS-SCAN-120');
    expect(fake.requests.slice(before).filter((r) => r.method === 'POST' || r.method === 'DELETE')).toEqual([]);
  });
});

describe('runScan at scale', () => {
  it('ten scans at once: no name collides, all complete, nothing is left', async () => {
    fake.timelineFor = () => Timeline.scan(FIXTURE_LOG, { intervalMs: 2, batch: 10 });
    const results = await Promise.all(Array.from({ length: 10 }, () => scan()));
    expect(new Set(results.map((r) => r.outcome.podName)).size).toBe(10);
    for (const r of results) expect(r.outcome.reportText).toBe(FIXTURE_REPORT);
    for (const r of results) expect(r.logger.messages('scanner')).toEqual([...LIVE_LINES, ...AFTER_BLOCK]);
  });
});
