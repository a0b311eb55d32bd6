// `kube-cinc-scan cleanup` as a user runs it: the bundle in its own process, against the fake API server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeConnection } from '../../src/core/kube/connection.js';
import { planScan, type ScanNames } from '../../src/core/scan.js';
import { FakeKube } from '../support/fake-kube/index.js';
import { connectTo, scanConfig } from '../kube/helpers.js';
import { NAMESPACE, runCli } from './helpers.js';

const TWO_HOURS = 2 * 3600;
const temp = mkdtempSync(join(tmpdir(), 'kcs-cli-cleanup-'));
let fake: FakeKube;
let connection: KubeConnection;
let kubeconfig: string;

beforeAll(async () => {
  fake = await FakeKube.start({ tls: true });
  connection = await connectTo(fake);
  kubeconfig = fake.writeKubeconfig(join(temp, 'kubeconfig'));
});
afterAll(async () => {
  connection.close();
  await fake.close();
  rmSync(temp, { recursive: true, force: true });
});

const base = `/api/v1/namespaces/${NAMESPACE}`;

/** What a scan leaves when its runner dies: its ConfigMaps, and its pod unless `withPod` is false; `ageSeconds` old. */
async function leftovers(options: { withPod: boolean; ageSeconds: number }): Promise<ScanNames> {
  const plan = await planScan(scanConfig());
  for (const configMap of plan.objects.configMaps)
    await connection.http.request('POST', `${base}/configmaps`, { body: configMap });
  if (options.withPod) await connection.http.request('POST', `${base}/pods`, { body: plan.objects.pod });
  if (options.ageSeconds > 0) {
    for (const name of plan.names.configMapNames) fake.backdate('configmaps', NAMESPACE, name, options.ageSeconds);
    if (options.withPod) fake.backdate('pods', NAMESPACE, plan.names.podName, options.ageSeconds);
  }
  return plan.names;
}

const objectsOf = (names: ScanNames, withPod: boolean) => [
  ...(withPod ? [`pods/${NAMESPACE}/${names.podName}`] : []),
  ...names.configMapNames.map((n) => `configmaps/${NAMESPACE}/${n}`),
];
const lines = (verb: string, names: ScanNames, withPod: boolean) => [
  ...(withPod ? [`${verb} pod ${NAMESPACE}/${names.podName}`] : []),
  ...names.configMapNames.map((n) => `${verb} configmap ${NAMESPACE}/${n}`),
];
const deletes = () => fake.requests.filter((r) => r.method === 'DELETE').length;

describe('kube-cinc-scan cleanup (bundle, subprocess)', () => {
  it('deletes scan pods and orphaned ConfigMaps older than --older-than, keeps younger ones; --dry-run deletes nothing', async () => {
    const dead = await leftovers({ withPod: true, ageSeconds: TWO_HOURS });
    const orphan = await leftovers({ withPod: false, ageSeconds: TWO_HOURS });
    const running = await leftovers({ withPod: true, ageSeconds: 60 });
    // A scan that is starting: its ConfigMaps exist before its pod does.
    const starting = await leftovers({ withPod: false, ageSeconds: 0 });
    await connection.http.request('POST', `${base}/configmaps`, {
      body: { metadata: { name: 'not-ours' }, data: { a: 'b' } },
    });
    fake.backdate('configmaps', NAMESPACE, 'not-ours', TWO_HOURS);
    const everything = fake.scanObjects().sort();
    const args = ['cleanup', '--namespace', NAMESPACE, '--older-than', '1h', '--kubeconfig', kubeconfig];

    const deletesBefore = deletes();
    const dry = await runCli([...args, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.trimEnd().split('\n').sort()).toEqual(
      [...lines('would delete', dead, true), ...lines('would delete', orphan, false)].sort(),
    );
    expect(deletes()).toBe(deletesBefore);
    expect(fake.scanObjects().sort()).toEqual(everything);

    const real = await runCli(args);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout.trimEnd().split('\n').sort()).toEqual(
      [...lines('deleted', dead, true), ...lines('deleted', orphan, false)].sort(),
    );
    expect((await fake.waitForNoScanObjects(300)).sort()).toEqual(
      [...objectsOf(running, true), ...objectsOf(starting, false)].sort(),
    );
    expect(fake.list('configmaps').map((c) => c.metadata.name)).toContain('not-ours');

    // Nothing old is left: a second run finds nothing, and says so.
    const again = await runCli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`nothing to clean in namespace ${NAMESPACE}\n`);

    // --older-than 0s takes the young ones too (the running scan's pod, then both scans' ConfigMaps).
    const all = await runCli(['cleanup', '-n', NAMESPACE, '--older-than', '0s', '--kubeconfig', kubeconfig]);
    expect(all.code, all.stderr).toBe(0);
    expect(await fake.waitForNoScanObjects()).toEqual([]);
    expect(fake.list('configmaps').map((c) => c.metadata.name)).toEqual(['not-ours']);
  });

  it('a bad duration or flag exits 2 before any request', async () => {
    const before = fake.requests.length;
    for (const argv of [['--older-than', '30'], ['--older-than', '1w'], ['--bogus']]) {
      const run = await runCli(['cleanup', '--kubeconfig', kubeconfig, ...argv]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/KCS-(CLI|CFG)-\d{3}/);
    }
    const duration = await runCli(['cleanup', '--kubeconfig', kubeconfig, '--older-than', '30']);
    expect(duration.stderr).toContain('KCS-CFG-003');
    expect(fake.requests.length).toBe(before);
  });

  it('a cluster error exits 3: a namespace the ServiceAccount may not list, an unreachable API server', async () => {
    const forbidden = await runCli(['cleanup', '--namespace', 'default', '--kubeconfig', kubeconfig]);
    expect(forbidden.code, forbidden.stderr).toBe(3);
    expect(forbidden.stderr).toMatch(/KCS-K8S-\d{3}/);
    expect(forbidden.stderr).toMatch(/forbidden/i);

    const gone = await FakeKube.start();
    const unreachable = gone.writeKubeconfig(join(temp, 'kubeconfig-gone'));
    await gone.close();
    const down = await runCli(['cleanup', '--namespace', NAMESPACE, '--kubeconfig', unreachable]);
    expect(down.code, down.stderr).toBe(3);
    expect(down.stderr).toMatch(/KCS-K8S-\d{3}/);
    // The kubeconfig's token is never printed.
    expect(`${down.stdout}${down.stderr}${forbidden.stdout}${forbidden.stderr}`).not.toContain(fake.tokens.scanner);
  });
});
