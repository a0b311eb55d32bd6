/**
 * Scan overhead against the fake API server: `npx tsx bench/scan.bench.ts [in-process runs] [CLI runs]`.
 *
 * The pod follows a scripted timeline (scheduling, keep-alive init, scanner output, scanner exit at a known instant),
 * so everything measured beyond the timeline is ours: connecting, planning, creating the objects, noticing the
 * termination, reading and verifying the log, deleting, writing the report. Targets (issue 4): termination detected
 * within 50 ms, total overhead under 500 ms. The shell-script approach polls every 5 s and then sleeps 10 s.
 *
 * Two parts. In process: `runScan` called directly, which can see when the watch noticed the termination. As a user
 * runs it: the shipped bundle (`node dist/cli/index.js scan`) as a subprocess, from spawn to scan-results.json on
 * disk, so Node's start-up, loading the bundle, evaluating and writing every result file count too.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from '../src/core/kube/connection.js';
import { MemoryLogger } from '../src/core/logger.js';
import { planScan, runScan } from '../src/core/scan.js';
import { CLI, NAMESPACE, startCli, type CliResult } from '../test/cli/helpers.js';
import { FakeKube, Timeline } from '../test/support/fake-kube/index.js';
import { scanConfig } from '../test/kube/helpers.js';

const moduleLoadMs = performance.now();
const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.argv[2] ?? 20);
const CLI_RUNS = Number(process.argv[3] ?? 10);
const LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');
const LINES = LOG.split('\n').slice(0, -1);
const REPORT = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/framing/report.json'), 'utf8')) as unknown;

type Row = Record<string, string>;

/** When the fake created the pod and when its scanner terminated, on this process's clock. */
interface Marks {
  createdAt: number;
  terminatedAt: number;
}

/**
 * The pod's scripted life, the same for both parts. The mark is taken one timer tick before the scanner's
 * termination is written, so the timeline is read slightly short and the overhead slightly long, never the reverse.
 */
function scripted(fake: FakeKube): Marks {
  const marks: Marks = { createdAt: 0, terminatedAt: 0 };
  fake.timelineFor = () => {
    marks.createdAt = performance.now();
    return new Timeline()
      .schedule(20)
      .running(['keepalive'], 20)
      .terminated('keepalive', 0, 'Completed', 20)
      .running(['target', 'scanner'], 20)
      .log('scanner', LINES, 10, 20)
      .call(() => (marks.terminatedAt = performance.now()), 20)
      .terminated('scanner', 0, 'Completed', 0);
  };
  return marks;
}

/** A logger that remembers when the runner saw the scanner finish and when the report was verified. */
class TimingLogger extends MemoryLogger {
  detectedAt = 0;
  extractedAt = 0;
  override debug(message: string): void {
    if (!this.detectedAt && /\/finished\.$/.test(message)) this.detectedAt = performance.now();
    super.debug(message);
  }
  override info(message: string): void {
    if (message.startsWith('Results received')) this.extractedAt = performance.now();
    super.info(message);
  }
}

interface Sample {
  overhead: number;
  beforePod: number;
  detect: number;
  extract: number;
  afterTermination: number;
  total: number;
  timeline: number;
}

async function once(fake: FakeKube, outDir: string, tls: boolean): Promise<Sample> {
  const marks = scripted(fake);
  const logger = new TimingLogger();
  const start = performance.now();
  const connection = await connect({ kind: 'content', content: fake.kubeconfig() }, undefined, logger);
  try {
    const plan = await planScan(scanConfig());
    const outcome = await runScan(plan, { connection, logger, cleanup: true, timeoutSeconds: 30 });
    writeFileSync(join(outDir, `scan-results-${tls ? 'tls' : 'plain'}.json`), outcome.reportText);
  } finally {
    connection.close();
  }
  const onDisk = performance.now();
  const timeline = marks.terminatedAt - marks.createdAt;
  return {
    total: onDisk - start,
    timeline,
    overhead: onDisk - start - timeline,
    beforePod: marks.createdAt - start,
    detect: logger.detectedAt - marks.terminatedAt,
    extract: logger.extractedAt - marks.terminatedAt,
    afterTermination: onDisk - marks.terminatedAt,
  };
}

interface CliSample {
  firstRequest: number;
  requestToPod: number;
  total: number;
  exit: number;
  timeline: number;
  overhead: number;
  exitOverhead: number;
  beforePod: number;
  detect: number;
  afterTermination: number;
  exitAfterTermination: number;
}

/**
 * One `kube-cinc-scan scan` of the bundle. "On disk" is the last change inotify reports on scan-results.json (each
 * write of the file is one), taken in this process when the event arrives, so it can only be late. The scan must
 * pass with the fixture's report, or the figure would time a failure.
 */
async function cliOnce(fake: FakeKube, clock: RequestClock, kubeconfig: string, outputDir: string): Promise<CliSample> {
  const marks = scripted(fake);
  mkdirSync(outputDir, { recursive: true });
  let writtenAt = 0;
  const watcher = watch(outputDir, (_event, file) => {
    if (file === 'scan-results.json') writtenAt = performance.now();
  });
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
    '--threshold',
    'compliance.min: 0',
    '--verbose',
  ];
  let timed: Timed;
  try {
    clock.reset();
    timed = await runTimed(args);
    await sleep(20); // an inotify event read in the same turn as the exit is still delivered
  } finally {
    watcher.close();
  }
  const { result, start, detectedAt, exitedAt } = timed;
  if (result.code !== 0) throw new Error(`the CLI exited ${result.code ?? result.signal}:\n${result.stderr}`);
  const report = JSON.parse(readFileSync(join(outputDir, 'scan-results.json'), 'utf8')) as unknown;
  if (JSON.stringify(report) !== JSON.stringify(REPORT)) throw new Error('scan-results.json is not the fixture report');
  if (!writtenAt || !marks.terminatedAt) throw new Error('no write of scan-results.json or no termination was seen');
  const leftovers = await fake.waitForNoScanObjects();
  if (leftovers.length > 0) throw new Error(`the CLI left ${leftovers.join(', ')}`);
  const timeline = marks.terminatedAt - marks.createdAt;
  return {
    total: writtenAt - start,
    exit: exitedAt - start,
    timeline,
    overhead: writtenAt - start - timeline,
    exitOverhead: exitedAt - start - timeline,
    firstRequest: clock.firstAt() - start,
    requestToPod: marks.createdAt - clock.firstAt(),
    beforePod: marks.createdAt - start,
    detect: detectedAt - marks.terminatedAt,
    afterTermination: writtenAt - marks.terminatedAt,
    exitAfterTermination: exitedAt - marks.terminatedAt,
  };
}

interface Timed {
  result: CliResult;
  start: number;
  detectedAt: number;
  exitedAt: number;
}

/**
 * The CLI from spawn to exit, on this process's clock. With `-v` it prints the pod's phase as its watch sees it, so
 * the arrival of `…/finished.` on stderr is when it noticed the termination, plus a pipe's latency.
 */
async function runTimed(args: string[]): Promise<Timed> {
  let exitedAt = 0;
  let detectedAt = 0;
  const start = performance.now();
  const run = startCli(args);
  run.child.on('exit', () => (exitedAt = performance.now()));
  const detected = run.waitForStderr('/finished.', 30_000).then(() => (detectedAt = performance.now()));
  const result = await run.result;
  await detected;
  return { result, start, detectedAt, exitedAt };
}

interface RequestClock {
  reset(): void;
  /** When the first request since the last reset arrived; 0 if none has. */
  firstAt(): number;
}

/**
 * The fake records each request the moment it arrives, so wrapping the record list's push times the subprocess's
 * first request (the version probe). That splits the time before the pod into starting the CLI and planning, and
 * talking to the cluster.
 */
function requestClock(fake: FakeKube): RequestClock {
  let at = 0;
  const push = fake.requests.push.bind(fake.requests);
  fake.requests.push = (...records) => {
    at ||= performance.now();
    return push(...records);
  };
  return { reset: () => (at = 0), firstAt: () => at };
}

/** Nearest-rank quantiles: p95 of 10 samples is the largest, of 20 the 19th. */
function stats(values: number[]): { median: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? NaN };
}

function rowsOf<S>(transport: string, samples: S[], metrics: [string, keyof S, string][]): Row[] {
  return metrics.map(([metric, key, target]) => {
    const s = stats(samples.map((sample) => Number(sample[key])));
    return { transport, metric, median: s.median.toFixed(1), p95: s.p95.toFixed(1), max: s.max.toFixed(1), target };
  });
}

const IN_PROCESS_METRICS: [string, keyof Sample, string][] = [
  ['termination → completion detected (watch)', 'detect', '< 50'],
  ['termination → results extracted and verified', 'extract', ''],
  ['termination → objects deleted, report on disk', 'afterTermination', ''],
  ['start → pod created (connect, plan, ConfigMaps)', 'beforePod', ''],
  ['total overhead beyond the timeline', 'overhead', '< 500'],
  ['scripted timeline (creation → termination)', 'timeline', ''],
  ['start → report on disk', 'total', ''],
];

const CLI_METRICS: [string, keyof CliSample, string][] = [
  ['process start → first API request (Node, bundle, config, plan)', 'firstRequest', ''],
  ['first API request → pod created (version probe, ConfigMaps)', 'requestToPod', ''],
  ['process start → pod created', 'beforePod', ''],
  ['scripted timeline (creation → termination)', 'timeline', ''],
  ['termination → completion detected (-v line on stderr)', 'detect', '< 50'],
  ['termination → scan-results.json on disk', 'afterTermination', ''],
  ['termination → process exited (all files, cleanup)', 'exitAfterTermination', ''],
  ['process start → scan-results.json on disk', 'total', ''],
  ['process start → process exited', 'exit', ''],
  ['total overhead beyond the timeline (to report on disk)', 'overhead', '< 500'],
  ['total overhead beyond the timeline (to exit)', 'exitOverhead', '< 500'],
];

async function inProcess(outDir: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const tls of [false, true]) {
    const fake = await FakeKube.start({ tls });
    try {
      await once(fake, outDir, tls); // warm-up: JIT, TLS session, first file reads
      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i += 1) samples.push(await once(fake, outDir, tls));
      rows.push(...rowsOf(tls ? 'https' : 'http', samples, IN_PROCESS_METRICS));
    } finally {
      await fake.close();
    }
  }
  return rows;
}

/** Over TLS only: a real cluster's API is always https, and the kubeconfig carries the fake's CA as a user's would. */
async function bundledCli(outDir: string): Promise<Row[]> {
  const fake = await FakeKube.start({ tls: true });
  try {
    const kubeconfig = fake.writeKubeconfig(join(outDir, 'kubeconfig'));
    const clock = requestClock(fake);
    await cliOnce(fake, clock, kubeconfig, join(outDir, 'cli-warm-up')); // page cache for node and the bundle
    const samples: CliSample[] = [];
    for (let i = 0; i < CLI_RUNS; i += 1)
      samples.push(await cliOnce(fake, clock, kubeconfig, join(outDir, `cli-${i}`)));
    return rowsOf('https', samples, CLI_METRICS);
  } finally {
    await fake.close();
  }
}

async function main(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'kcs-bench-'));
  try {
    const inProcessRows = await inProcess(outDir);
    const cliRows = await bundledCli(outDir);
    console.log(
      `kube-cinc-scan scan overhead (ms); node ${process.version}; bench module load ${moduleLoadMs.toFixed(0)} ms`,
    );
    console.log(`\nIn process (runScan against the fake), ${RUNS} runs per transport:`);
    console.table(inProcessRows);
    console.log(`\nBundled CLI as a subprocess (${CLI} scan), ${CLI_RUNS} runs:`);
    console.table(cliRows);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
