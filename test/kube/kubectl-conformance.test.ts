import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planScan, renderPlan } from '../../src/core/scan.js';
import { FakeKube, Timeline } from '../support/fake-kube/index.js';
import { NAMESPACE, ROOT, scanConfig } from './helpers.js';

const run = promisify(execFile);
const FIXTURE_LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');

/** The real kubectl: KCS_KUBECTL, else /usr/bin/kubectl, else the one scripts/ensure-test-deps.sh fetched. */
function findKubectl(): string {
  const candidates = [process.env['KCS_KUBECTL'], '/usr/bin/kubectl', join(ROOT, '.cache/kubectl/kubectl')];
  const found = candidates.find((c): c is string => Boolean(c) && existsSync(c ?? ''));
  if (!found) throw new Error('no kubectl found: run scripts/ensure-test-deps.sh or set KCS_KUBECTL');
  return found;
}

const temp = mkdtempSync(join(tmpdir(), 'kcs-kubectl-'));
const kubectl = findKubectl();
let fake: FakeKube;
let base: string[];

beforeAll(async () => {
  fake = await FakeKube.start({ tls: true });
  const kubeconfig = join(temp, 'kubeconfig');
  // The ServiceAccount's token: kubectl too gets only what deploy/rbac.yaml grants.
  writeFileSync(kubeconfig, fake.kubeconfig(), { mode: 0o600 });
  base = ['--kubeconfig', kubeconfig, '--cache-dir', join(temp, 'cache'), '-n', NAMESPACE];
});
afterAll(async () => {
  await fake.close();
  rmSync(temp, { recursive: true, force: true });
});

const kc = (...args: string[]) =>
  run(kubectl, [...base, ...args], { timeout: 20_000, env: { ...process.env, HOME: temp } });

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe(`kubectl (${kubectl}) against the fake API server`, () => {
  it('talks to the pinned server version', async () => {
    const { stdout } = await kc('version', '-o', 'json');
    expect(JSON.parse(stdout).serverVersion.gitVersion).toBe('v1.32.3');
  });

  it('get pods on an empty namespace', async () => {
    const { stdout, stderr } = await kc('get', 'pods');
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`No resources found in ${NAMESPACE} namespace.`);
  });

  it('create -f of the rendered plan (validated), get -w, logs -f, delete --wait', async () => {
    const plan = await planScan(scanConfig());
    const { podName, configMapNames, runId } = plan.names;
    const file = join(temp, 'plan.yaml');
    writeFileSync(file, renderPlan(plan));
    const lines = FIXTURE_LOG.split('\n').slice(0, -1);
    // Pending for 2 s: kubectl here is a dispatcher that starts a Python process first, and under a loaded test run
    // the watcher below can take over a second to make its first request; it must still see the early states.
    fake.timelineFor = () =>
      new Timeline()
        .schedule(2000)
        .running(['keepalive'], 50)
        .terminated('keepalive', 0, 'Completed', 50)
        .running(['target', 'scanner'], 50)
        .log('scanner', lines, 10, 10)
        .terminated('scanner', 0, 'Completed', 50);

    const created = await kc('create', '-f', file);
    expect(created.stdout).toBe(
      [...configMapNames.map((n) => `configmap/${n} created`), `pod/${podName} created`, ''].join('\n'),
    );
    const watcher = spawn(kubectl, [...base, 'get', 'pod', podName, '-w'], { env: { ...process.env, HOME: temp } });
    let watched = '';
    watcher.stdout.on('data', (chunk: Buffer) => (watched += chunk.toString()));
    watcher.stderr.on('data', (chunk: Buffer) => (watched += chunk.toString()));
    const creates = fake.requests.filter((r) => r.method === 'POST');
    expect(creates.every((r) => r.query['fieldValidation'] === 'Strict')).toBe(true);

    const scannerRunning = () =>
      fake
        .list('pods')
        .some(
          (p) =>
            p.status?.containerStatuses?.find(
              (s: { name: string; state?: { running?: unknown } }) => s.name === 'scanner',
            )?.state?.running,
        );
    await until(scannerRunning, 15_000);
    const logs = await kc('logs', '-f', podName, '-c', 'scanner');
    expect(logs.stdout).toBe(FIXTURE_LOG);

    await until(() => /Running/.test(watched), 15_000);
    watcher.kill();
    const rows = watched.trim().split('\n');
    expect(rows[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(rows.slice(1).every((row) => row.startsWith(`${podName} `))).toBe(true);
    const statuses = rows.slice(1).map((row) => row.split(/\s+/)[2]);
    expect(statuses).toContain('Running');
    expect(statuses.some((s) => s?.startsWith('Init:') || s === 'Pending' || s === 'PodInitializing')).toBe(true);

    const { stdout: table } = await kc('get', 'pods');
    expect(table).toMatch(
      new RegExp(`^NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\n${podName}\\s+1/2\\s+Running\\s+0\\s+\\d+s\\n$`),
    );

    const deleted = await kc('delete', 'pod', podName, '--wait');
    expect(deleted.stdout.trim()).toBe(`pod "${podName}" deleted`);
    expect(fake.list('pods')).toEqual([]);
    const cms = await kc('delete', 'configmap', '-l', `kube-cinc-scan/run-id=${runId}`);
    expect(cms.stdout.trim().split('\n').sort()).toEqual(configMapNames.map((n) => `configmap "${n}" deleted`).sort());
    expect(fake.scanObjects()).toEqual([]);
  });

  it('is refused what the Role does not grant', async () => {
    await expect(kc('get', 'secrets')).rejects.toMatchObject({
      stderr: expect.stringMatching(/server doesn't have a resource type "secrets"|forbidden/),
    });
    await expect(kc('get', 'pods', '-n', 'default')).rejects.toMatchObject({
      stderr: expect.stringContaining(
        'pods is forbidden: User "system:serviceaccount:kube-cinc-scan:kube-cinc-scan" cannot list resource "pods" in API group "" in the namespace "default"',
      ),
    });
  });
});

describe('what the Role does not grant', () => {
  it('kubectl exec (a WebSocket upgrade) is forbidden: the scan never needs pods/exec', async () => {
    const plan = await planScan(scanConfig());
    fake.timelineFor = () => Timeline.started();
    const file = join(temp, 'exec-plan.yaml');
    writeFileSync(file, renderPlan(plan));
    await kc('create', '-f', file);
    try {
      const failed = await kc('exec', plan.names.podName, '-c', 'scanner', '--', 'true').then(
        () => undefined,
        (error: { stderr: string }) => error,
      );
      expect(failed?.stderr).toContain(
        `cannot create resource "pods/exec" in API group "" in the namespace "${NAMESPACE}"`,
      );
      const upgrades = fake.requests.filter((r) => r.path.endsWith('/exec'));
      expect(upgrades.length).toBeGreaterThan(0);
      expect(upgrades.every((r) => r.status === 403)).toBe(true);
    } finally {
      await kc('delete', 'pod,configmap', '-l', `kube-cinc-scan/run-id=${plan.names.runId}`, '--wait');
    }
    expect(fake.scanObjects()).toEqual([]);
  });
});
