// The registry pull Secret against the fake API server, with the RBAC of deploy/rbac.yaml plus
// deploy/rbac-registry-secret.yaml: created before the pod with the right docker config, referenced by the pod, owned
// by it, and gone afterwards on every path; refused with a clear hint when only deploy/rbac.yaml is applied.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanupLeftovers } from '../../src/core/kube/janitor.js';
import type { KubeConnection } from '../../src/core/kube/connection.js';
import { deleteScanObjects } from '../../src/core/kube/delete.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { registryCredentials } from '../../src/core/registry.js';
import { ScanError, planScan, renderPlan, runScan } from '../../src/core/scan.js';
import type { ScanConfig } from '../../src/core/config.js';
import { FakeKube, Timeline } from '../support/fake-kube/index.js';
import { NAMESPACE, ROOT, connectTo, scanConfig } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects read back from the fake are untyped JSON */

const FIXTURE_LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');
const SECRET_ROLE = join(ROOT, 'deploy/rbac-registry-secret.yaml');
const PASSWORD = 'planted-registry-password-5e1d0c7b';
const AUTH = Buffer.from(`octocat:${PASSWORD}`).toString('base64');

let fake: FakeKube;
let connection: KubeConnection;
beforeAll(async () => {
  fake = await FakeKube.start({ extraRbacManifests: [SECRET_ROLE] });
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

const config = (overrides: Partial<ScanConfig> = {}): ScanConfig =>
  scanConfig({
    image: 'ghcr.io/acme/private-app:1.2.3',
    registryCredentials: registryCredentials('ghcr.io', 'octocat', PASSWORD),
    ...overrides,
  });

const decode = (secret: any): any => JSON.parse(Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString());

/** Everything a scan wrote where a person can see it, as one text. */
const visible = (logger: MemoryLogger, ...more: string[]): string =>
  [...logger.lines.map((l) => l.message), ...more].join('\n');

describe('a scan with registry credentials', () => {
  it('creates the dockerconfigjson Secret before the pod, the pod pulls with it and owns it, and it is gone after', async () => {
    let seen: { secrets: any[]; pods: any[] } | undefined;
    fake.timelineFor = () =>
      Timeline.scan(FIXTURE_LOG).call(() => (seen = { secrets: fake.list('secrets'), pods: fake.list('pods') }));
    const logger = new MemoryLogger();
    const plan = await planScan(config());
    const outcome = await runScan(plan, { connection, logger, cleanup: true, timeoutSeconds: 10, logDrainMs: 200 });

    const [secret] = seen?.secrets ?? [];
    const [pod] = seen?.pods ?? [];
    expect(seen?.secrets).toHaveLength(1);
    expect(secret.metadata.name).toBe(`${plan.names.runId}-registry`);
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    expect(secret.immutable).toBe(true);
    expect(secret.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'kube-cinc-scan',
      'kube-cinc-scan/run-id': plan.names.runId,
    });
    expect(decode(secret)).toEqual({ auths: { 'ghcr.io': { username: 'octocat', password: PASSWORD, auth: AUTH } } });
    expect(secret.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Pod', name: plan.names.podName, uid: pod.metadata.uid },
    ]);
    expect(pod.spec.imagePullSecrets).toEqual([{ name: secret.metadata.name }]);
    expect(plan.names.secretNames).toEqual([secret.metadata.name]);

    // Created after the ConfigMaps and before the pod.
    const creates = fake.requests.filter((r) => r.method === 'POST').map((r) => r.path.split('/').at(-1));
    expect(creates.slice(-4)).toEqual(['configmaps', 'configmaps', 'secrets', 'pods']);
    expect(logger.messages('info')).toContain(
      `Created Secret ${NAMESPACE}/${secret.metadata.name} with the pull credentials for ghcr.io.`,
    );
    for (const text of [visible(logger), outcome.podYaml, outcome.scannerLog, renderPlan(plan), plan.podYaml]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(AUTH);
    }
    expect(renderPlan(plan)).toContain('kind: Secret');
    expect(fake.list('secrets')).toEqual([]);
  });

  it('files Docker Hub credentials under https://index.docker.io/v1/', async () => {
    let secrets: any[] = [];
    fake.timelineFor = () => Timeline.scan(FIXTURE_LOG).call(() => (secrets = fake.list('secrets')));
    const plan = await planScan(
      config({ image: 'acme/private:1', registryCredentials: registryCredentials('docker.io', 'me', PASSWORD) }),
    );
    await runScan(plan, { connection, logger: new MemoryLogger(), cleanup: true, timeoutSeconds: 10, logDrainMs: 200 });
    expect(Object.keys(decode(secrets[0]).auths)).toEqual(['https://index.docker.io/v1/']);
  });

  it('with cleanup off, the pod and ConfigMaps are kept but the Secret is deleted', async () => {
    fake.timelineFor = () => Timeline.scan(FIXTURE_LOG);
    const logger = new MemoryLogger();
    const plan = await planScan(config());
    await runScan(plan, { connection, logger, cleanup: false, timeoutSeconds: 10, logDrainMs: 200 });
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.list('secrets')).toEqual([]);
    expect(fake.scanObjects().some((o) => o.startsWith('pods/'))).toBe(true);
    expect(logger.messages('info').at(-1)).toMatch(/were kept \(its registry Secret was deleted/);
    expect(logger.messages('info').at(-1)).toContain('delete pod,configmap,secret -l');
    await deleteScanObjects(plan.names, connection, new MemoryLogger());
  });

  it('a scan that fails (an unauthorized pull, within seconds) leaves nothing', async () => {
    fake.timelineFor = () =>
      new Timeline().schedule().waiting('target', 'ErrImagePull', 'failed to authorize: 401 Unauthorized');
    const started = Date.now();
    const error = await runScan(await planScan(config()), {
      connection,
      logger: new MemoryLogger(),
      cleanup: true,
      timeoutSeconds: 10,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScanError);
    expect((error as ScanError).code).toBe('KCS-SCAN-127');
    expect((error as ScanError).message).toContain('The registry ghcr.io refused the pull');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a rate-limited pull past its grace is KCS-SCAN-128, and leaves nothing', async () => {
    fake.timelineFor = () =>
      new Timeline()
        .schedule()
        .waiting('target', 'ErrImagePull', 'toomanyrequests: You have reached your pull rate limit.')
        // Late enough for the watch to have seen the 429 first (a back-off alone fails at once, as KCS-SCAN-110).
        .waiting('target', 'ImagePullBackOff', 'Back-off pulling image "ghcr.io/acme/private-app:1.2.3"', 150);
    const error = await runScan(await planScan(config()), {
      connection,
      logger: new MemoryLogger(),
      cleanup: true,
      timeoutSeconds: 10,
      transientGraceMs: 400,
    }).catch((e: unknown) => e);
    expect((error as ScanError).code).toBe('KCS-SCAN-128');
  });

  it('a cancelled scan deletes its Secret too', async () => {
    fake.timelineFor = () => Timeline.started().log('scanner', ['scanning…']);
    const controller = new AbortController();
    const logger = new MemoryLogger();
    const pending = runScan(await planScan(config()), {
      connection,
      logger,
      signal: controller.signal,
      cleanup: true,
      timeoutSeconds: 10,
    }).catch((e: unknown) => e);
    const deadline = Date.now() + 5000;
    while (!logger.messages('scanner').includes('scanning…') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    expect(fake.list('secrets')).toHaveLength(1);
    controller.abort();
    expect(((await pending) as ScanError).code).toBe('KCS-SCAN-120');
  });
});

describe('cleanup finds the Secrets of dead scans by name', () => {
  const base = `/api/v1/namespaces/${NAMESPACE}`;

  it('deletes the Secret of a scan whose runner died before or after creating its pod', async () => {
    const withPod = await planScan(config());
    const withoutPod = await planScan(config());
    for (const plan of [withPod, withoutPod]) {
      for (const cm of plan.objects.configMaps)
        await connection.http.request('POST', `${base}/configmaps`, { body: cm });
      await connection.http.request('POST', `${base}/secrets`, { body: plan.objects.secret });
    }
    await connection.http.request('POST', `${base}/pods`, { body: withPod.objects.pod });
    const secretsOf = (plan: typeof withPod) => plan.names.secretNames ?? [];
    const logger = new MemoryLogger();
    const later = new Date(Date.now() + 2 * 3600_000);
    const dry = await cleanupLeftovers(
      { namespace: NAMESPACE, olderThanSeconds: 3600, dryRun: true, now: later },
      connection,
      logger,
    );
    expect(dry.secrets.sort()).toEqual([...secretsOf(withPod), ...secretsOf(withoutPod)].sort());
    expect(fake.list('secrets')).toHaveLength(2);
    const young = await cleanupLeftovers({ namespace: NAMESPACE, olderThanSeconds: 3600 }, connection, logger);
    expect(young.secrets).toEqual([]);
    const done = await cleanupLeftovers(
      { namespace: NAMESPACE, olderThanSeconds: 3600, now: later },
      connection,
      logger,
    );
    expect(done.secrets.sort()).toEqual(dry.secrets);
    expect(fake.list('secrets')).toEqual([]);
    expect(logger.messages('warn')).toEqual([]);
    // Never listed: the Role grants no list on Secrets.
    expect(fake.requests.some((r) => r.method === 'GET' && r.path.endsWith('/secrets'))).toBe(false);
  });
});

describe('without deploy/rbac-registry-secret.yaml', () => {
  let plain: FakeKube;
  let plainConnection: KubeConnection;
  beforeAll(async () => {
    plain = await FakeKube.start();
    plainConnection = await connectTo(plain);
  });
  afterAll(async () => {
    plainConnection.close();
    await plain.close();
  });

  it('the Secret is refused with KCS-K8S-006 naming the Role file, before the pod; nothing is left', async () => {
    const error = await runScan(await planScan(config()), {
      connection: plainConnection,
      logger: new MemoryLogger(),
      cleanup: true,
      timeoutSeconds: 10,
    }).catch((e: unknown) => e);
    expect((error as ScanError).code).toBe('KCS-K8S-006');
    expect((error as ScanError).message).toMatch(/^Failed to create Secret kube-cinc-scan\/kcs-[0-9a-f]+-registry: /);
    expect((error as ScanError).hint).toContain('deploy/rbac-registry-secret.yaml');
    expect(plain.requests.some((r) => r.method === 'POST' && r.path.endsWith('/pods'))).toBe(false);
    expect(await plain.waitForNoScanObjects()).toEqual([]);
  });

  it('cleanup still works: it cannot read Secrets, so it looks for none', async () => {
    const plan = await planScan(scanConfig());
    for (const cm of plan.objects.configMaps)
      await plainConnection.http.request('POST', `/api/v1/namespaces/${NAMESPACE}/configmaps`, { body: cm });
    const logger = new MemoryLogger();
    const done = await cleanupLeftovers(
      { namespace: NAMESPACE, olderThanSeconds: 0, now: new Date(Date.now() + 1000) },
      plainConnection,
      logger,
    );
    expect(done).toEqual({ pods: [], configMaps: plan.names.configMapNames, secrets: [] });
    expect(logger.messages('warn')).toEqual([]);
  });
});
