import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupCommand } from '../../src/cli/commands/cleanup.js';
import { parseDuration } from '../../src/core/config.js';
import type { CliIo } from '../../src/cli/io.js';
import type { KubeConnection } from '../../src/core/kube/connection.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { cleanupLeftovers } from '../../src/core/kube/janitor.js';
import { planScan } from '../../src/core/scan.js';
import { FakeKube } from '../support/fake-kube/index.js';
import { NAMESPACE, connectTo, scanConfig } from './helpers.js';

const temp = mkdtempSync(join(tmpdir(), 'kcs-cleanup-'));
let fake: FakeKube;
let connection: KubeConnection;
beforeAll(async () => {
  fake = await FakeKube.start();
  connection = await connectTo(fake);
});
afterAll(async () => {
  connection.close();
  await fake.close();
  rmSync(temp, { recursive: true, force: true });
});

const base = `/api/v1/namespaces/${NAMESPACE}`;

/** What a scan whose runner died leaves: its ConfigMaps, and its pod unless `withPod` is false. */
async function leftovers(withPod = true) {
  const plan = await planScan(scanConfig());
  for (const cm of plan.objects.configMaps) await connection.http.request('POST', `${base}/configmaps`, { body: cm });
  if (withPod) await connection.http.request('POST', `${base}/pods`, { body: plan.objects.pod });
  return plan.names;
}

describe('cleanupLeftovers', () => {
  it('deletes old scan pods and orphaned ConfigMaps, keeps young scans and everything not ours', async () => {
    const dead = await leftovers();
    const orphan = await leftovers(false);
    await connection.http.request('POST', `${base}/configmaps`, {
      body: { metadata: { name: 'not-ours' }, data: { a: 'b' } },
    });
    const logger = new MemoryLogger();
    const inTwoHours = new Date(Date.now() + 2 * 3600_000);

    const dry = await cleanupLeftovers(
      { namespace: NAMESPACE, olderThanSeconds: 3600, dryRun: true, now: inTwoHours },
      connection,
      logger,
    );
    expect(dry.pods).toEqual([dead.podName]);
    expect(fake.scanObjects()).toHaveLength(1 + dead.configMapNames.length + orphan.configMapNames.length);

    const young = await cleanupLeftovers({ namespace: NAMESPACE, olderThanSeconds: 3600 }, connection, logger);
    expect(young).toEqual({ pods: [], configMaps: [], secrets: [] });

    const done = await cleanupLeftovers(
      { namespace: NAMESPACE, olderThanSeconds: 3600, now: inTwoHours },
      connection,
      logger,
    );
    expect(done.pods).toEqual([dead.podName]);
    expect(done.configMaps.sort()).toEqual([...dead.configMapNames, ...orphan.configMapNames].sort());
    expect(await fake.waitForNoScanObjects()).toEqual([]);
    expect(fake.list('configmaps').map((c) => c.metadata.name)).toEqual(['not-ours']);
    expect(logger.messages('warn')).toEqual([]);
    // Selected by label on the server side.
    expect(
      fake.requests
        .filter((r) => r.method === 'GET' && r.query['labelSelector'])
        .every((r) => r.query['labelSelector'] === 'app.kubernetes.io/managed-by=kube-cinc-scan'),
    ).toBe(true);
  });
});

describe('kube-cinc-scan cleanup', () => {
  function io(env: NodeJS.ProcessEnv = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const value: CliIo = {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env,
      cwd: temp,
      signal: new AbortController().signal,
    };
    return { io: value, out, err };
  }

  it('parses --older-than strictly: a unit is required', () => {
    const strict = (text: string) => parseDuration('--older-than', text, { unitRequired: true });
    const table: [string, number][] = [
      ['90s', 90],
      ['30m', 1800],
      ['2h', 7200],
      ['1d', 86400],
      ['0s', 0],
    ];
    for (const [text, seconds] of table) expect(strict(text)).toBe(seconds);
    for (const bad of ['30', '1w', '-1h', 'h', ''])
      expect(() => strict(bad)).toThrow(/--older-than: ".*" is not a duration; use 90s, 10m or 1h/);
  });

  it('deletes leftovers with --older-than 0s and says what it deleted', async () => {
    const dead = await leftovers();
    const file = join(temp, 'kubeconfig');
    writeFileSync(file, fake.kubeconfig(), { mode: 0o600 });
    const run = io();
    const code = await cleanupCommand.run(
      ['--namespace', NAMESPACE, '--older-than', '0s', '--kubeconfig', file],
      run.io,
    );
    expect(code).toBe(0);
    expect(run.out.join('')).toContain(`deleted pod ${NAMESPACE}/${dead.podName}\n`);
    expect(run.out.join('')).toContain(`deleted configmap ${NAMESPACE}/${dead.configMapNames[0] ?? ''}\n`);
    expect(await fake.waitForNoScanObjects()).toEqual([]);
    const again = io();
    expect(
      await cleanupCommand.run(['-n', NAMESPACE, '--older-than', '0s', '--kubeconfig', file, '--dry-run'], again.io),
    ).toBe(0);
    expect(again.out.join('')).toBe(`nothing to clean in namespace ${NAMESPACE}\n`);
  });

  it('without --namespace, cleans the namespace of the kubeconfig context, as kubectl would', async () => {
    const dead = await leftovers();
    const file = join(temp, 'kubeconfig-context');
    writeFileSync(file, fake.kubeconfig(fake.tokens.scanner, NAMESPACE), { mode: 0o600 });
    const run = io();
    expect(await cleanupCommand.run(['--older-than', '0s', '--kubeconfig', file], run.io)).toBe(0);
    expect(run.out.join('')).toContain(`deleted pod ${NAMESPACE}/${dead.podName}\n`);
    expect(await fake.waitForNoScanObjects()).toEqual([]);
  });

  it('--dry-run deletes nothing; KUBECONFIG is honoured', async () => {
    const dead = await leftovers();
    const file = join(temp, 'kubeconfig-env');
    writeFileSync(file, fake.kubeconfig(), { mode: 0o600 });
    const run = io({ KUBECONFIG: file });
    expect(await cleanupCommand.run(['-n', NAMESPACE, '--older-than', '0s', '--dry-run'], run.io)).toBe(0);
    expect(run.out.join('')).toContain(`would delete pod ${NAMESPACE}/${dead.podName}`);
    expect(fake.scanObjects()).toHaveLength(1 + dead.configMapNames.length);
    expect(await cleanupCommand.run(['-n', NAMESPACE, '--older-than', '0s'], io({ KUBECONFIG: file }).io)).toBe(0);
    expect(await fake.waitForNoScanObjects()).toEqual([]);
  });

  it('prints help and refuses bad flags', async () => {
    const run = io();
    expect(await cleanupCommand.run(['--help'], run.io)).toBe(0);
    expect(run.out.join('')).toContain('--older-than DURATION');
    await expect(cleanupCommand.run(['--older-than', '5x'], io().io)).rejects.toMatchObject({
      code: 'KCS-CFG-003',
      category: 'input',
    });
    await expect(cleanupCommand.run(['--bogus'], io().io)).rejects.toMatchObject({ code: 'KCS-CLI-001' });
  });
});
