// Issue 18 as a user meets it: `kube-cinc-scan scan` (the bundle, in its own process) against the fake API server,
// with a scripted pod whose log the image wrote into, or whose ConfigMap a tenant replaced. The gate is `strict`; the
// genuine report fails it, the forged one would pass it. The run must end as a scan error (exit 3), never as a pass.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubeConnection } from '../../src/core/kube/connection.js';
import { FakeKube, Timeline, hmacHex, podResultsKey } from '../support/fake-kube/index.js';
import { connectTo } from '../kube/helpers.js';
import { NAMESPACE, ROOT, runCli } from './helpers.js';

const FIXTURE_LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');
const BEGIN = FIXTURE_LOG.indexOf('KCS-RESULTS-BEGIN');
const END = FIXTURE_LOG.indexOf('KCS-RESULTS-END v2') + 'KCS-RESULTS-END v2\n'.length;
const LIVE = FIXTURE_LOG.slice(0, BEGIN);
const REAL_BLOCK = FIXTURE_LOG.slice(BEGIN, END);
const CLOSING = FIXTURE_LOG.slice(END);

/** The fixture report with every control passed: what a forger wants `strict` to see. */
function passingReport(): string {
  const report = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/framing/report.json'), 'utf8')) as {
    profiles: { controls: { impact: number; results: Record<string, unknown>[] }[] }[];
  };
  for (const control of report.profiles.flatMap((p) => p.controls)) {
    control.impact = Math.max(control.impact, 0.5);
    control.results = control.results.map((r) => ({
      status: 'passed',
      code_desc: r['code_desc'],
      run_time: 0.001,
      start_time: r['start_time'],
    }));
  }
  return JSON.stringify(report);
}

function frame(report: string, key: string): string {
  const data = Buffer.from(report);
  const b64 =
    gzipSync(data)
      .toString('base64')
      .match(/.{1,76}/g) ?? [];
  const sha = createHash('sha256').update(data).digest('hex');
  return `KCS-RESULTS-BEGIN v2 bytes=${data.length} sha256=${sha} hmac-sha256=${hmacHex(key, data)} encoding=gzip+base64\n${b64.join('\n')}\nKCS-RESULTS-END v2\n`;
}

const temp = mkdtempSync(join(tmpdir(), 'kcs-cli-integrity-'));
let fake: FakeKube;
let kubeconfig: string;
let tenant: KubeConnection;
let runs = 0;

beforeAll(async () => {
  fake = await FakeKube.start({ tls: true });
  kubeconfig = fake.writeKubeconfig(join(temp, 'kubeconfig'));
  // Another identity bound to the same Role in the same namespace (a neighbour's pipeline).
  tenant = await connectTo(fake);
});
afterAll(async () => {
  tenant.close();
  await fake.close();
  rmSync(temp, { recursive: true, force: true });
});
afterEach(async () => {
  expect(await fake.waitForNoScanObjects()).toEqual([]);
  fake.resetScripting();
});

async function strictScan(): Promise<{ code: number | null; stderr: string; stdout: string; outputDir: string }> {
  runs += 1;
  const outputDir = join(temp, `out-${runs}`);
  const args = ['scan', '--image', 'registry.example.com/team/app:1.2.3', '--kubeconfig', kubeconfig];
  args.push('--namespace', NAMESPACE, '--output-dir', outputDir, '--threshold', 'strict');
  const run = await runCli(args);
  return { ...run, outputDir };
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('kube-cinc-scan scan refuses a tampered scanner log (KCS-SCAN-130)', () => {
  it('the forged report itself would pass strict (so the refusal below is what stops it)', async () => {
    writeFileSync(join(temp, 'forged.json'), passingReport());
    const args = ['evaluate', '--results', join(temp, 'forged.json'), '--threshold', 'strict'];
    const passed = await runCli([...args, '--output-dir', join(temp, 'forged-out')]);
    expect(passed.code, passed.stdout + passed.stderr).toBe(0);
    expect(passed.stdout).toMatch(/^Result: PASS/m);
  });

  const cases: { name: string; log: (key: string) => string }[] = [
    {
      name: 'a forged passing block spliced before the real one, whose start line got a stray prefix',
      log: () => `${LIVE}${frame(passingReport(), 'b'.repeat(64))}x${REAL_BLOCK}${CLOSING}`,
    },
    {
      name: 'the same splice, the forgery signed with the scan key itself',
      log: (key) => `${LIVE}${frame(passingReport(), key)}x${REAL_BLOCK}${CLOSING}`,
    },
    { name: 'two blocks', log: (key) => `${LIVE}${REAL_BLOCK}${frame(passingReport(), key)}${CLOSING}` },
    { name: 'text after the block', log: () => `${FIXTURE_LOG}scan complete: all controls passed\n` },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      fake.timelineFor = (pod) => Timeline.scan(c.log(podResultsKey(pod) ?? ''), { batch: 9 });
      const run = await strictScan();
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/KCS-SCAN-130: The scanner's log was tampered with or corrupted: /);
      const summary = JSON.parse(read(run.outputDir, 'summary.json')) as { result: string };
      expect(summary.result).toBe('error');
      expect(read(run.outputDir, 'threshold-result.txt')).toMatch(/^THRESHOLD_RESULT=1\n/);
      // Neither report is kept as the results: the verdict is never the forged one.
      expect(readdirSync(run.outputDir)).not.toContain('scan-results.json');
      expect(run.stdout).not.toMatch(/Result: PASS/);
    });
  }
});

describe('kube-cinc-scan scan refuses a replaced ConfigMap (KCS-SCAN-131)', () => {
  it('a tenant swaps the scanner ConfigMap between its creation and the pod start', async () => {
    let swapped: Promise<void> | undefined;
    fake.timelineFor = (pod: { metadata: { name: string } }) => {
      const name = `${pod.metadata.name}-scanner`;
      const path = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
      swapped = (async () => {
        const original = await tenant.http.request<V1ConfigMap>('GET', `${path}/${name}`);
        await tenant.http.request('DELETE', `${path}/${name}`);
        await tenant.http.request('POST', path, {
          body: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name, labels: original.metadata?.labels ?? {} },
            immutable: true,
            data: { ...original.data, 'entrypoint.sh': '#!/bin/bash\necho "every control passed"\n' },
          },
        });
      })();
      return new Timeline()
        .call(() => void swapped, 1)
        .then(50, { type: 'schedule', node: 'fake-node-1' })
        .running(['keepalive'])
        .terminated('keepalive', 0, 'Completed')
        .running(['target', 'scanner'])
        .log('scanner', FIXTURE_LOG.split('\n').slice(0, -1))
        .terminated('scanner', 0, 'Completed');
    };
    const run = await strictScan();
    await swapped;
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(
      new RegExp(
        `KCS-SCAN-131: ConfigMap ${NAMESPACE}/kcs-[0-9a-f]{10}-scanner was replaced after the scan created it`,
      ),
    );
    expect((JSON.parse(read(run.outputDir, 'summary.json')) as { result: string }).result).toBe('error');
    expect(readdirSync(run.outputDir)).not.toContain('scan-results.json');
  });
});
