/**
 * Several images in one run, against the fake API server with scripted pods: `npx tsx bench/images.bench.ts`, or
 * `npm run bench -- images`.
 *
 * The runner runs in a process of its own, the fake API server in this one, so the runner's peak RSS and CPU are its
 * own. It is bench/images-runner.ts bundled with ncc into a temporary folder first, as `npm run bundle` builds the
 * shipped bundles (run through tsx, the runner would carry the TypeScript compiler's memory too). Each scan pod's scanner terminates SCAN_MS after the pod was
 * created. Targets (issue 12):
 * - 8 images, max-parallel 4: done within 2 × SCAN_MS + 1 s, never more than 4 scan pods at once;
 * - 200 images, max-parallel 32: runner peak RSS under 200 MB; API requests per scan the same as with 8 images;
 *   overhead per image (its slot's time minus its pod's scripted time) within 10% of a single scan's overhead
 *   (the same measure for one image scanned alone, connection included).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { FakeKube, Timeline } from '../test/support/fake-kube/index.js';
import { makeTempDir, removeTempDirs } from '../test/support/temp-dir.js';

const ROOT = join(import.meta.dirname, '..');
const SCAN_MS = Number(process.env['KCS_BENCH_SCAN_MS'] ?? 1500);
const LINES = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8').split('\n').slice(0, -1);

interface RunnerResult {
  result: string;
  wallMs: number;
  maxRssMb: number;
  cpuMs: number;
  slots: Record<string, { start: number; end: number }>;
}

interface Pod {
  image: string;
  created: number;
  terminated: number;
}

function script(fake: FakeKube): Map<string, Pod> {
  const pods = new Map<string, Pod>();
  fake.timelineFor = (pod: { metadata: { name: string }; spec: { containers: { name: string; image: string }[] } }) => {
    const record: Pod = {
      image: pod.spec.containers.find((c) => c.name === 'target')?.image ?? '',
      created: performance.now(),
      terminated: 0,
    };
    pods.set(pod.metadata.name, record);
    const started = Timeline.started().log('scanner', LINES, 1, 100);
    const scripted = started.steps.reduce((sum, s) => sum + s.delayMs, 0);
    return started
      .call(() => (record.terminated = performance.now()), Math.max(0, SCAN_MS - scripted))
      .terminated('scanner', 0, 'Completed', 0);
  };
  return pods;
}

/** @vercel/ncc's programmatic API (the package ships no types). */
type Ncc = (
  entry: string,
  options: { quiet?: boolean },
) => Promise<{ code: string; assets?: Record<string, { source: string | Buffer }> }>;
const ncc = createRequire(import.meta.url)('@vercel/ncc') as Ncc;

/** bench/images-runner.ts as one file, built as the shipped bundles are (scanner/ and profiles/ come from KCS_ROOT). */
async function bundleRunner(): Promise<string> {
  const dir = makeTempDir('kcs-bench-runner-');
  const { code, assets } = await ncc(join(ROOT, 'bench/images-runner.ts'), { quiet: true });
  writeFileSync(join(dir, 'index.js'), code);
  for (const [name, asset] of Object.entries(assets ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), asset.source);
  }
  return join(dir, 'index.js');
}

let runnerFile = '';

function runner(job: object): Promise<RunnerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runnerFile, JSON.stringify(job)], {
      cwd: ROOT,
      env: { ...process.env, KCS_ROOT: ROOT },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the runner exited ${code}: ${out}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as RunnerResult);
    });
  });
}

/** API requests by verb and resource (`POST pods`, `GET pods/log`, `GET version`, …). */
function requestKinds(fake: FakeKube): Map<string, number> {
  const kinds = new Map<string, number>();
  for (const r of fake.requests) {
    const path = r.path
      .replace(/^\/api\/v1\/namespaces\/[^/]+\//, '')
      .replace(/^(pods|configmaps|secrets)\/[^/]+/, '$1/NAME')
      .replace(/^\//, '');
    const key = `${r.method} ${path}${r.query['watch'] ? ' (watch)' : ''}`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  return kinds;
}

async function scenario(images: number, maxParallel: number, single = false) {
  const fake = await FakeKube.start();
  const dir = makeTempDir('kcs-bench-images-');
  try {
    const pods = script(fake);
    const kubeconfig = fake.writeKubeconfig(join(dir, 'kubeconfig'));
    const list = Array.from({ length: images }, (_, i) => `registry.example.com/team/app-${i}:1.${i}`);
    const result = await runner({ kubeconfig, images: list, maxParallel, outputDir: join(dir, 'out'), single });
    const leftovers = await fake.waitForNoScanObjects(5000);
    if (leftovers.length > 0) throw new Error(`left in the cluster: ${leftovers.join(', ')}`);
    if (result.result !== 'pass') throw new Error(`the run ended ${result.result}`);
    const podTime = new Map([...pods.values()].map((p) => [p.image, p.terminated - p.created]));
    const overheads = Object.entries(result.slots).map(
      ([image, slot]) => slot.end - slot.start - (podTime.get(image) ?? 0),
    );
    const kinds = requestKinds(fake);
    return {
      result,
      pods: pods.size,
      maxPods: fake.maxScanPods,
      podTime,
      overheads,
      kinds,
      requests: fake.requests.length,
    };
  } finally {
    await fake.close();
  }
}

const ms = (n: number) => `${Math.round(n)} ms`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
let failed = false;
const check = (ok: boolean, text: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${text}`);
  if (!ok) failed = true;
};

try {
  console.log(`scan pods terminate ${SCAN_MS} ms after they are created\n`);
  runnerFile = await bundleRunner();

  // What one scan costs the runner: one single-image run, then five in a row (the fifth costs what every one after
  // the first does: the difference, per scan, leaves out the process's start).
  const one = await scenario(1, 1, true);
  const five = await scenario(5, 1, true);
  const singlePod = mean([...one.podTime.values()]);
  const singleWallOverhead = one.result.wallMs - singlePod;
  const singleCpu = (five.result.cpuMs - one.result.cpuMs) / 4;
  console.log(
    `single scan (today's pipeline, its own connection): wall ${ms(one.result.wallMs)} (${ms(singleWallOverhead)} beyond its pod), runner CPU per further scan ${ms(singleCpu)}, ${one.requests} API requests, peak RSS ${Math.round(one.result.maxRssMb)} MB`,
  );

  const eight = await scenario(8, 4);
  console.log(
    `\n8 images, max-parallel 4: wall ${ms(eight.result.wallMs)}, at most ${eight.maxPods} scan pods at once, peak RSS ${Math.round(eight.result.maxRssMb)} MB, runner CPU ${ms(eight.result.cpuMs)}`,
  );
  check(
    eight.result.wallMs <= 2 * SCAN_MS + 1000,
    `8 × ${SCAN_MS} ms with max-parallel 4 within ${2 * SCAN_MS + 1000} ms`,
  );
  check(eight.maxPods <= 4, 'never more than 4 scan pods');

  const many = await scenario(200, 32);
  const rounds = Math.ceil(200 / 32);
  const perImageCpu = (many.result.cpuMs - eight.result.cpuMs) / 192;
  const perImageWall = (many.result.wallMs - rounds * SCAN_MS) / 200;
  console.log(
    `\n200 images, max-parallel 32: wall ${ms(many.result.wallMs)} (${rounds} rounds of ${SCAN_MS} ms = ${ms(rounds * SCAN_MS)}; ${ms(perImageWall)} per image beyond that), at most ${many.maxPods} scan pods at once, peak RSS ${Math.round(many.result.maxRssMb)} MB, runner CPU ${ms(many.result.cpuMs)}`,
  );
  console.log(
    `runner CPU per image (200 images minus 8, per image): ${ms(perImageCpu)}; a single scan's: ${ms(singleCpu)} (${((100 * perImageCpu) / singleCpu - 100).toFixed(0)}%)`,
  );
  console.log(
    `each image's slot beyond its pod (latency, with 32 scans sharing one JavaScript thread): mean ${ms(mean(many.overheads))}, median ${ms(median(many.overheads))}, max ${ms(Math.max(...many.overheads))}; with 4 at once ${ms(mean(eight.overheads))}`,
  );
  check(many.result.maxRssMb < 200, 'runner peak RSS under 200 MB');
  check(many.maxPods <= 32, 'never more than 32 scan pods');
  check(perImageCpu <= singleCpu * 1.1, "runner CPU per image within 10% of a single scan's");

  console.log('\nAPI requests per scan (8 images | 200 images):');
  const keys = [...new Set([...eight.kinds.keys(), ...many.kinds.keys()])].sort();
  for (const key of keys) {
    const a = (eight.kinds.get(key) ?? 0) / eight.pods;
    const b = (many.kinds.get(key) ?? 0) / many.pods;
    console.log(`  ${key.padEnd(44)} ${a.toFixed(2).padStart(6)} | ${b.toFixed(2).padStart(6)}`);
  }
  const per8 = eight.requests / eight.pods;
  const per200 = many.requests / many.pods;
  console.log(`  ${'all'.padEnd(44)} ${per8.toFixed(2).padStart(6)} | ${per200.toFixed(2).padStart(6)}`);
  check(per200 <= per8 * 1.05, 'API requests per scan do not grow with the number of images');
} finally {
  removeTempDirs();
}
process.exitCode = failed ? 1 : 0;
