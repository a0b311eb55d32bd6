// `kube-cinc-scan scan` as a user runs it: the bundle in its own process, against the fake API server over TLS.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeKube, Timeline, podResultsKey, resignLog } from '../support/fake-kube/index.js';
import { NAMESPACE, ROOT, commandsOutsideFences, fencedOccurrences, runCli, startCli } from './helpers.js';

const FIXTURE_LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');
const FIXTURE_REPORT = readFileSync(join(ROOT, 'test/fixtures/framing/report.json'), 'utf8');
const FIXTURE_LINES = FIXTURE_LOG.split('\n');
/** What the scanner printed before its results block: the live output a user watches. */
const LIVE_LINES = FIXTURE_LINES.slice(
  0,
  FIXTURE_LINES.findIndex((line) => line.startsWith('KCS-RESULTS-BEGIN')),
).filter((line) => line.trim() !== '');
const BLOCK_LINE = FIXTURE_LINES[FIXTURE_LINES.findIndex((line) => line.startsWith('KCS-RESULTS-BEGIN')) + 1] ?? '';
const RESULT_FILES = [
  'pod.yaml',
  'scan-results.json',
  'scan-results.junit.xml',
  'scan-results.sarif',
  'scan-summary.md',
  'scanner.log',
  'summary.json',
  'threshold-result.txt',
];

const temp = mkdtempSync(join(tmpdir(), 'kcs-cli-scan-'));
let fake: FakeKube;
let kubeconfig: string;
let runs = 0;

beforeAll(async () => {
  fake = await FakeKube.start({ tls: true });
  kubeconfig = fake.writeKubeconfig(join(temp, 'kubeconfig'));
});
afterAll(async () => {
  await fake.close();
  rmSync(temp, { recursive: true, force: true });
});
afterEach(async () => {
  // Whatever the run's end, the CLI leaves nothing in the cluster.
  expect(await fake.waitForNoScanObjects()).toEqual([]);
  fake.timelineFor = () => undefined;
});

/** A fresh output directory and the flags every scan here takes. */
function scanArgs(...extra: string[]): { args: string[]; outputDir: string } {
  runs += 1;
  const outputDir = join(temp, `out-${runs}`);
  const args = [
    'scan',
    '--image',
    'registry.example.com/team/app:1.2.3',
    '--kubeconfig',
    kubeconfig,
    '--namespace',
    NAMESPACE,
    '--output-dir',
    outputDir,
    ...extra,
  ];
  return { args, outputDir };
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const summary = (dir: string) => JSON.parse(read(dir, 'summary.json')) as { result: string };

describe('kube-cinc-scan scan (bundle, subprocess)', () => {
  it('passes: exit 0, the eight files, the live scanner output on stderr, nothing left in the cluster', async () => {
    let key = '';
    fake.timelineFor = (pod) => {
      key = podResultsKey(pod) ?? '';
      return Timeline.scan(FIXTURE_LOG, { intervalMs: 2, batch: 5 });
    };
    const { args, outputDir } = scanArgs('--threshold', 'compliance.min: 0');
    const run = await runCli(args);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(outputDir).sort()).toEqual(RESULT_FILES);
    expect(summary(outputDir).result).toBe('pass');
    expect(read(outputDir, 'threshold-result.txt')).toMatch(/^THRESHOLD_RESULT=0\n/);
    expect(JSON.parse(read(outputDir, 'scan-results.json'))).toEqual(JSON.parse(FIXTURE_REPORT));
    // The log as this scan's scanner signed it; its key is in no file and no output.
    expect(read(outputDir, 'scanner.log')).toBe(resignLog(FIXTURE_LOG, key));
    expect(read(outputDir, 'pod.yaml')).toMatch(/^kind: Pod$/m);
    for (const file of readdirSync(outputDir)) expect(read(outputDir, file), file).not.toContain(key);
    expect(run.stdout + run.stderr).not.toContain(key);
    // Every live line reached the user's terminal, in order; the base64 results block did not.
    const stderrLines = run.stderr.split('\n');
    let at = -1;
    for (const line of LIVE_LINES) {
      const next = stderrLines.indexOf(line, at + 1);
      expect(next, `live line missing or out of order: ${line}`).toBeGreaterThan(at);
      at = next;
    }
    expect(run.stderr).not.toContain(BLOCK_LINE);
    expect(run.stderr).not.toContain('KCS-RESULTS-BEGIN');
    // stdout is for results a script reads; the scan's progress and the scanner's output are not that.
    expect(run.stdout).not.toContain(LIVE_LINES[0]);
    // Not running under GitHub Actions: no fence.
    expect(run.stderr).not.toContain('::stop-commands::');
  });

  it('a failed threshold exits 1, or 0 with --no-fail-on-threshold; threshold-result.txt says so either way', async () => {
    fake.timelineFor = () => Timeline.scan(FIXTURE_LOG);
    const strict = scanArgs('--threshold', 'strict');
    const failed = await runCli(strict.args);
    expect(failed.code, failed.stderr).toBe(1);
    expect(read(strict.outputDir, 'threshold-result.txt')).toMatch(/^THRESHOLD_RESULT=1\n/);
    expect(summary(strict.outputDir).result).toBe('fail');
    // stdout says why: the verdict, the counts and every violated rule, as `evaluate` prints them.
    expect(failed.stdout).toMatch(/^Result: FAIL \(threshold strict\)$/m);
    expect(failed.stdout).toMatch(/^Violated rules \(\d+\):\n {2}Error: /m);

    const lenient = scanArgs('--threshold', 'strict', '--no-fail-on-threshold');
    const reported = await runCli(lenient.args);
    expect(reported.code, reported.stderr).toBe(0);
    expect(read(lenient.outputDir, 'threshold-result.txt')).toMatch(/^THRESHOLD_RESULT=1\n/);
    expect(summary(lenient.outputDir).result).toBe('fail');
  });

  it('a scanner that exits 65 is a scan error: exit 3, the code and the log tail on stderr, scanner.log kept', async () => {
    const log = [
      'kcs-scanner: run kcs-test: looking for the target process (marker KCS_SCAN_TARGET=kcs-test, waiting up to 10s)',
      'kcs-scanner: run kcs-test: still looking for the target process',
      'kcs-scanner: error: run kcs-test: no process carries the marker after 10s',
    ];
    fake.timelineFor = () => Timeline.scan(`${log.join('\n')}\n`, { exitCode: 65 });
    const { args, outputDir } = scanArgs('--threshold', 'compliance.min: 0');
    const run = await runCli(args);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('KCS-SCAN-119');
    expect(run.stderr).toContain('exited with code 65 (the target process was not found in time)');
    // The tail of the log is in the error, after the live lines.
    const errorAt = run.stderr.indexOf('KCS-SCAN-119');
    expect(run.stderr.slice(errorAt)).toContain(`  ${log[1] ?? ''}`);
    expect(read(outputDir, 'scanner.log')).toBe(`${log.join('\n')}\n`);
    expect(summary(outputDir).result).toBe('error');
    expect(read(outputDir, 'threshold-result.txt')).toMatch(/^THRESHOLD_RESULT=1\n/);
    expect(readdirSync(outputDir)).not.toContain('scan-results.json');
  });

  it('an API server that cannot be reached is a cluster error: exit 3, the error files and the planned pod spec written', async () => {
    const gone = await FakeKube.start();
    const unreachable = gone.writeKubeconfig(join(temp, 'kubeconfig-gone'));
    await gone.close();
    const { args, outputDir } = scanArgs('--threshold', 'compliance.min: 0');
    const at = args.indexOf(kubeconfig);
    args[at] = unreachable;
    const run = await runCli(args);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/KCS-K8S-\d{3}: .*cannot reach the Kubernetes API server/);
    expect(summary(outputDir).result).toBe('error');
    expect(read(outputDir, 'pod.yaml')).toMatch(/^kind: Pod$/m);
    expect(readdirSync(outputDir)).not.toContain('scanner.log');
  });

  it('invalid input exits 2 before any request reaches the cluster', async () => {
    const before = fake.requests.length;
    const { args, outputDir } = scanArgs('--timeout', '7x');
    const run = await runCli(args);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/KCS-CFG-\d{3}: .*timeout/);
    expect(run.stderr).toContain('"7x"');
    expect(fake.requests.length).toBe(before);
    expect(() => readdirSync(outputDir)).toThrow(/ENOENT/);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s mid-scan: exits non-zero promptly and deletes the scan pod and ConfigMaps',
    async (signal) => {
      const lines = ['kcs-scanner: run kcs-test: target process is PID 4242', `scanning, waiting for ${signal}`];
      // The scanner keeps running: no termination in the timeline.
      fake.timelineFor = () => Timeline.started().log('scanner', lines);
      const { args, outputDir } = scanArgs('--threshold', 'compliance.min: 0', '--timeout', '5m');
      const cli = startCli(args);
      await cli.waitForStderr(`scanning, waiting for ${signal}\n`);
      const created = fake.scanObjects();
      expect(created.filter((o) => o.startsWith('pods/'))).toHaveLength(1);
      const sentAt = Date.now();
      cli.child.kill(signal);
      const run = await cli.result;
      const exitMs = Date.now() - sentAt;
      // It exits on its own after cleaning up (not killed by the signal), with a scan error.
      expect(run.signal).toBeNull();
      expect(run.code, run.stderr).toBe(3);
      expect(exitMs).toBeLessThan(5000);
      expect(run.stderr).toContain(`${signal} received`);
      expect(run.stderr).toContain('KCS-SCAN-120');
      // The CLI itself deleted every object before it exited (a pod's graceful termination may outlast it briefly).
      const answered = fake.requests.filter(
        (r) => r.method === 'DELETE' && r.status === 200 && r.user === fake.scannerUser,
      );
      for (const object of created) {
        const [kind, namespace, name] = object.split('/');
        expect(answered.map((r) => r.path)).toContain(
          `/api/v1/namespaces/${namespace ?? ''}/${kind ?? ''}/${name ?? ''}`,
        );
      }
      expect(await fake.waitForNoScanObjects(1000)).toEqual([]);
      expect(summary(outputDir).result).toBe('error');
    },
  );

  it('under GitHub Actions, scanner output is fenced so a workflow command in it is not run', async () => {
    const hostile = ['::error::boom', '  ::add-mask::x', '##[error]legacy boom'];
    const log = [FIXTURE_LINES[0] ?? '', ...hostile, ...FIXTURE_LINES.slice(1)].join('\n');
    fake.timelineFor = () => Timeline.scan(log, { intervalMs: 2, batch: 3 });
    const { args, outputDir } = scanArgs('--threshold', 'compliance.min: 0');
    const run = await runCli(args, { env: { GITHUB_ACTIONS: 'true' } });
    expect(run.code, run.stderr).toBe(0);
    expect(summary(outputDir).result).toBe('pass');
    const output = `${run.stdout}\n${run.stderr}`;
    const occurrences = fencedOccurrences(output, '::error::boom');
    expect(occurrences.length).toBeGreaterThan(0);
    expect(occurrences.every(Boolean)).toBe(true);
    // Nothing the runner would execute anywhere outside a fence; the token cannot be guessed by the scanned image.
    expect(commandsOutsideFences(output)).toEqual([]);
    const tokens = [...run.stderr.matchAll(/^::stop-commands::(.+)$/gm)].map((m) => m[1] ?? '');
    expect(tokens.every((token) => /^[0-9a-f]{32}$/.test(token))).toBe(true);
    // The last fence is closed, so the runner processes commands again after the scan.
    const lastOpen = run.stderr.lastIndexOf('::stop-commands::');
    expect(run.stderr.indexOf(`::${tokens.at(-1) ?? ''}::`, lastOpen)).toBeGreaterThan(lastOpen);
  });

  it('under GitHub Actions, the log tail of a failed scan is fenced too', async () => {
    fake.timelineFor = () =>
      Timeline.scan('kcs-scanner: starting\n::error::boom\n##[error]legacy boom\nkcs-scanner: error: no target\n', {
        exitCode: 65,
      });
    const { args } = scanArgs('--threshold', 'compliance.min: 0');
    const run = await runCli(args, { env: { GITHUB_ACTIONS: 'true' } });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/KCS-SCAN-119/);
    expect(commandsOutsideFences(`${run.stdout}\n${run.stderr}`)).toEqual([]);
  });
});
