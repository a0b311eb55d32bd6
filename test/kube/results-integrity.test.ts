// Issue 18 through runScan against the fake API server: a hostile image or a hostile neighbour cannot change the
// verdict. The image can write into the scanner's log (forged blocks, splices, text after the block); a tenant of the
// namespace can replace the scanner's ConfigMap. Each ends as a scan error with its own code, never a verdict.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubeConnection } from '../../src/core/kube/connection.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { ScanError, planScan, runScan, type ScanOutcome, type ScanPlan } from '../../src/core/scan.js';
import { FakeKube, Timeline, hmacHex, podResultsKey } from '../support/fake-kube/index.js';
import { NAMESPACE, ROOT, connectTo, scanConfig } from './helpers.js';

const FIXTURE_LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');
const FIXTURE_REPORT = readFileSync(join(ROOT, 'test/fixtures/framing/report.json'), 'utf8');
const BEGIN = FIXTURE_LOG.indexOf('KCS-RESULTS-BEGIN');
const END = FIXTURE_LOG.indexOf('KCS-RESULTS-END v2') + 'KCS-RESULTS-END v2\n'.length;
const LIVE = FIXTURE_LOG.slice(0, BEGIN);
const REAL_BLOCK = FIXTURE_LOG.slice(BEGIN, END);
const CLOSING = FIXTURE_LOG.slice(END);
/** What a forger wants the runner to see: every control passed. */
const FORGED_REPORT = JSON.stringify({
  platform: { name: 'debian', release: '12' },
  profiles: [{ name: 'container-baseline', controls: [{ id: 'cb-01', impact: 1, results: [{ status: 'passed' }] }] }],
  statistics: { duration: 1 },
  version: '6.8.24',
});
const ATTACKER_KEY = 'a'.repeat(64);

/** A self-consistent block for `report`, signed with `key`: what frame-results.sh prints with that key. */
function frame(report: string, key: string): string {
  const data = Buffer.from(report);
  const b64 =
    gzipSync(data)
      .toString('base64')
      .match(/.{1,76}/g) ?? [];
  const sha = createHash('sha256').update(data).digest('hex');
  return `KCS-RESULTS-BEGIN v2 bytes=${data.length} sha256=${sha} hmac-sha256=${hmacHex(key, data)} encoding=gzip+base64\n${b64.join('\n')}\nKCS-RESULTS-END v2\n`;
}

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

async function scan(plan?: ScanPlan, logger = new MemoryLogger()): Promise<ScanOutcome> {
  return runScan(plan ?? (await planScan(scanConfig())), {
    connection,
    logger,
    cleanup: true,
    timeoutSeconds: 10,
    logDrainMs: 300,
  });
}

async function scanError(plan?: ScanPlan, logger = new MemoryLogger()): Promise<ScanError> {
  try {
    await scan(plan, logger);
  } catch (error) {
    expect(error).toBeInstanceOf(ScanError);
    return error as ScanError;
  }
  throw new Error('the scan did not fail');
}

describe('a scanner log the image wrote into is refused (KCS-SCAN-130)', () => {
  // Each log is what the image makes the pod log hold; `key` is the pod's own results key (the forger's best case).
  const logs: { name: string; log: (key: string) => string; exitCode?: number; message: RegExp }[] = [
    {
      name: 'the issue: a forged block spliced before the real one, whose start line got a stray prefix',
      log: () => `${LIVE}${frame(FORGED_REPORT, ATTACKER_KEY)}garbage${REAL_BLOCK}${CLOSING}`,
      message: /names the results marker outside a results block: "garbageKCS-RESULTS-BEGIN v2/,
    },
    {
      name: 'the same splice with a forgery signed with the scan key itself (a perfect splice)',
      log: (key) => `${LIVE}${frame(FORGED_REPORT, key)}garbage${REAL_BLOCK}${CLOSING}`,
      message: /names the results marker outside a results block/,
    },
    {
      name: 'a forged block in place of the real one',
      log: () => `${LIVE}${frame(FORGED_REPORT, ATTACKER_KEY)}${CLOSING}`,
      message: /hmac-sha256 does not match this scan's key/,
    },
    {
      name: 'a forged block after the real one',
      log: () => `${LIVE}${REAL_BLOCK}${frame(FORGED_REPORT, ATTACKER_KEY)}${CLOSING}`,
      message: /2 start lines and 2 end lines/,
    },
    {
      name: 'the real block twice',
      log: () => `${LIVE}${REAL_BLOCK}${REAL_BLOCK}${CLOSING}`,
      message: /2 start lines and 2 end lines/,
    },
    {
      name: 'text after the block (a process the image left running)',
      log: () => `${FIXTURE_LOG}{"every control": "passed"}\n`,
      message: /after the block, is not the scanner's closing line/,
    },
  ];
  for (const c of logs) {
    it(c.name, async () => {
      let key = '';
      fake.timelineFor = (pod) => {
        key = podResultsKey(pod) ?? '';
        return Timeline.scan(c.log(key), { exitCode: c.exitCode ?? 0, batch: 7 });
      };
      const error = await scanError();
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      expect(error.code).toBe('KCS-SCAN-130');
      expect(error.message).toMatch(/^The scanner's log was tampered with or corrupted: /);
      expect(error.message).toMatch(c.message);
      // Never a verdict, and no report kept: neither the forged one nor the real one from a log that was written into.
      expect(error.reportText).toBeUndefined();
      expect(error.scannerLog).toContain('KCS-RESULTS-BEGIN');
    });
  }

  it('a failing scanner (exit 68) keeps no report from a tampered log', async () => {
    const closing =
      'kcs-scanner: error: run kcs-x: cinc-auditor exited with code 1 (expected 0, 100 or 101); the results above may be incomplete\n';
    fake.timelineFor = () =>
      Timeline.scan(`${LIVE}${frame(FORGED_REPORT, ATTACKER_KEY)}x${REAL_BLOCK}${closing}`, { exitCode: 68 });
    const error = await scanError();
    expect(error.code).toBe('KCS-SCAN-119');
    expect(error.reportText).toBeUndefined();
  });

  it('the genuine log passes, and the key is in no copy of the pod that leaves the runner', async () => {
    const plan = await planScan(scanConfig());
    fake.timelineFor = () => Timeline.scan(FIXTURE_LOG);
    const logger = new MemoryLogger();
    const outcome = await scan(plan, logger);
    expect(outcome.reportText).toBe(FIXTURE_REPORT);
    expect(outcome.podYaml).toContain('KCS_RESULTS_KEY');
    expect(outcome.podYaml).not.toContain(plan.resultsKey);
    expect(plan.podYaml).not.toContain(plan.resultsKey);
    expect(logger.lines.some((l) => l.message.includes(plan.resultsKey))).toBe(false);
    expect(outcome.scannerLog).not.toContain(plan.resultsKey);
    expect(logger.messages('info').join('\n')).toContain('sha256 and signature verified');
  });
});

describe('a ConfigMap replaced between its creation and the end of the scan is refused (KCS-SCAN-131)', () => {
  /** A tenant with the same Role (configmaps get, delete, create) puts its own scanner files in place. */
  async function replace(name: string, change: (configMap: V1ConfigMap) => void): Promise<void> {
    const path = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
    const original = await connection.http.request<V1ConfigMap>('GET', `${path}/${name}`);
    await connection.http.request('DELETE', `${path}/${name}`);
    const copy: V1ConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace: NAMESPACE,
        ...(original.metadata?.labels ? { labels: original.metadata.labels } : {}),
      },
      immutable: true,
      ...(original.data ? { data: original.data } : {}),
      ...(original.binaryData ? { binaryData: original.binaryData } : {}),
    };
    change(copy);
    await connection.http.request('POST', path, { body: copy });
  }

  /** The pod's timeline waits until the swap is done, then the scanner prints the genuine fixture log. */
  function swapThenScan(name: string, change: (configMap: V1ConfigMap) => void, uids: string[]): void {
    fake.timelineFor = () => {
      uids.push(fake.list('configmaps').find((c) => c.metadata.name === name)?.metadata.uid ?? '');
      const swapped = replace(name, change).then(() =>
        uids.push(fake.list('configmaps').find((c) => c.metadata.name === name)?.metadata.uid ?? ''),
      );
      return Timeline.started()
        .call(() => void swapped)
        .then(60, { type: 'log', container: 'scanner', lines: FIXTURE_LOG.split('\n').slice(0, -1) })
        .terminated('scanner', 0, 'Completed');
    };
  }

  it('the scanner ConfigMap swapped for one with its own entrypoint.sh', async () => {
    const plan = await planScan(scanConfig());
    const name = plan.names.configMapNames.find((n) => n.endsWith('-scanner')) ?? '';
    const uids: string[] = [];
    swapThenScan(name, (c) => (c.data = { ...c.data, 'entrypoint.sh': 'echo forged\n' }), uids);
    const error = await scanError(plan);
    expect(uids).toHaveLength(2);
    expect(uids[0]).not.toBe(uids[1]);
    expect(error.code).toBe('KCS-SCAN-131');
    expect(error.message).toBe(
      `ConfigMap ${NAMESPACE}/${name} was replaced after the scan created it (created with uid ${uids[0]}, now uid ${uids[1]}): the scan may not have run the files it planned, so its results are not used.`,
    );
    expect(error.hint).toContain('namespace of its own');
    expect(error.reportText).toBeUndefined();
  });

  it('the profile ConfigMap swapped (a tenant waiving its own controls)', async () => {
    const plan = await planScan(scanConfig());
    const name = plan.names.configMapNames.find((n) => n.endsWith('-profile')) ?? '';
    swapThenScan(name, () => undefined, []);
    const error = await scanError(plan);
    expect(error.code).toBe('KCS-SCAN-131');
    expect(error.message).toContain(`ConfigMap ${NAMESPACE}/${name} was replaced after the scan created it`);
  });

  it('a ConfigMap deleted during the scan', async () => {
    const plan = await planScan(scanConfig());
    const name = plan.names.configMapNames[0] ?? '';
    fake.timelineFor = () =>
      Timeline.started()
        .call(() => void connection.http.request('DELETE', `/api/v1/namespaces/${NAMESPACE}/configmaps/${name}`))
        .then(40, { type: 'log', container: 'scanner', lines: FIXTURE_LOG.split('\n').slice(0, -1) })
        .terminated('scanner', 0, 'Completed');
    const error = await scanError(plan);
    expect(error.code).toBe('KCS-SCAN-131');
    expect(error.message).toMatch(new RegExp(`^ConfigMap ${NAMESPACE}/${name} was deleted before the scan ended`));
  });

  it("the scanner's own check refused to run (exit 70): KCS-SCAN-131 with its error line", async () => {
    const line =
      'kcs-scanner: error: these files do not match the sha256 in the pod spec: /opt/kcs/scanner/entrypoint.sh. A scan ConfigMap was replaced after the scan created it; nothing was run';
    fake.timelineFor = () => Timeline.scan(`${line}\n`, { exitCode: 70 });
    const error = await scanError();
    expect(error.code).toBe('KCS-SCAN-131');
    expect(error.message).toMatch(/refused to run \(exit 70\).*: kcs-scanner: error: these files do not match/);
  });

  it('adopts its ConfigMaps with their uid as a precondition, and checks them again after the scan', async () => {
    const plan = await planScan(scanConfig());
    fake.timelineFor = () => Timeline.scan(FIXTURE_LOG);
    const before = fake.requests.length;
    await scan(plan);
    const mine = fake.requests.slice(before);
    const paths = plan.names.configMapNames.map((n) => `/api/v1/namespaces/${NAMESPACE}/configmaps/${n}`);
    expect(mine.filter((r) => r.method === 'PATCH').map((r) => [r.path, r.status])).toEqual(paths.map((p) => [p, 200]));
    // Read back once the scanner ended, before the log is trusted.
    const reads = mine.filter((r) => r.method === 'GET' && paths.includes(r.path));
    expect(reads.map((r) => r.path)).toEqual(paths);
    // As metadata only: the uid is all that is compared, and the scanner ConfigMap holds some 80 KB of files.
    for (const r of reads)
      expect(r.accept).toMatch(/^application\/json;as=PartialObjectMetadata;g=meta\.k8s\.io;v=v1,/);
  });

  it('the fake API server refuses a patch whose uid is not the object’s (422), as the real one does', async () => {
    const admin = await connectTo(fake, fake.tokens.admin);
    const path = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
    try {
      await admin.http.request('POST', path, {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'uid-check' }, data: { a: 'b' } },
      });
      await expect(
        admin.http.request('PATCH', `${path}/uid-check`, {
          body: { metadata: { uid: 'not-the-uid', labels: { x: 'y' } } },
          contentType: 'application/merge-patch+json',
        }),
      ).rejects.toMatchObject({ status: 422 });
    } finally {
      await admin.http.request('DELETE', `${path}/uid-check`);
      admin.close();
    }
  });
});
