/**
 * Cold start of the shipped bundles: `npx tsx bench/cold-start.bench.ts [runs]` (default 10), or `npm run bench --
 * cold-start`.
 *
 * Measures, for the action (dist/action/index.js, as the runner starts it) and the CLI (`dist/cli/index.js scan`), the
 * CPU time (user + system) of the process from its start to its first API request, against the fake API server over
 * TLS, with Node's compile cache off (NODE_DISABLE_COMPILE_CACHE=1: the CLI turns the cache on, and a runner starts
 * cold anyway). A preloaded probe (test/support/first-request-probe.mjs) reads the CPU time when the first request
 * starts and ends the process there. Also reported: the JavaScript each run loads up to that point, and what
 * `evaluate` loads in a whole run (it must not load the Kubernetes chunk).
 *
 * Before/after: KCS_BENCH_BASELINE names a baseline to run side by side, either a directory holding dist/ (with
 * scanner/, profiles/ next to it, e.g. a worktree of an older commit after `npm run bundle`) or a git ref whose
 * committed dist/ is extracted (`KCS_BENCH_BASELINE=HEAD~1`). Runs alternate between the two, and the ratio of the
 * medians is the figure to trust on a shared machine; absolute times vary with the machine's load.
 */
import { execSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeKube } from '../test/support/fake-kube/index.js';

const ROOT = resolve(import.meta.dirname, '..');
const NODE = join(ROOT, 'node_modules/.bin/node');
const PROBE = join(ROOT, 'test/support/first-request-probe.mjs');
const RUNS = Number(process.argv[2] ?? 10);
const NAMESPACE = 'kube-cinc-scan';

interface ProbeRecord {
  firstRequest?: { cpuMs: number; wallMs: number; host: string; path: string };
  modules: string[];
  moduleBytes: number;
}

interface Build {
  label: string;
  /** The directory holding dist/, scanner/, profiles/, thresholds/. */
  root: string;
}

const work = mkdtempSync(join(tmpdir(), 'kcs-cold-'));

function baseline(): Build | undefined {
  const spec = process.env['KCS_BENCH_BASELINE'];
  if (!spec) return undefined;
  if (existsSync(join(spec, 'dist'))) return { label: `baseline (${spec})`, root: resolve(spec) };
  const dir = join(work, 'baseline');
  mkdirSync(dir);
  execSync(`git archive ${spec} dist scanner profiles thresholds deploy action.yml package.json | tar -x -C ${dir}`, {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return { label: `baseline (committed dist/ of ${spec})`, root: dir };
}

function probe(args: string[], env: NodeJS.ProcessEnv, options: { stop: boolean; modules: boolean }): ProbeRecord {
  const out = join(work, `probe-${Math.random().toString(36).slice(2)}.json`);
  const result = spawnSync(NODE, ['--import', PROBE, ...args], {
    env: {
      ...env,
      PATH: process.env['PATH'],
      NODE_DISABLE_COMPILE_CACHE: '1',
      KCS_PROBE_OUT: out,
      ...(options.stop ? { KCS_PROBE_STOP: '1' } : {}),
      ...(options.modules ? { KCS_PROBE_MODULES: '1' } : {}),
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (!existsSync(out)) throw new Error(`no probe record: exit ${result.status ?? result.signal}\n${result.stderr}`);
  const record = JSON.parse(readFileSync(out, 'utf8').trim()) as ProbeRecord;
  rmSync(out);
  return record;
}

/** The environment the runner gives a node24 action step, enough for the main step to reach its first request. */
function actionRun(build: Build, fake: FakeKube): { args: string[]; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(work, 'job-'));
  for (const name of ['output', 'state', 'summary']) writeFileSync(join(dir, name), '');
  return {
    args: [join(build.root, 'dist/action/index.js')],
    env: {
      HOME: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STATE: join(dir, 'state'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      RUNNER_TEMP: dir,
      GITHUB_WORKSPACE: dir,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '1',
      INPUT_IMAGE: 'registry.example.com/team/app:1.2.3',
      INPUT_NAMESPACE: NAMESPACE,
      INPUT_KUBECONFIG: fake.kubeconfig(),
      'INPUT_UPLOAD-ARTIFACT': 'false',
      INPUT_TIMEOUT: '60s',
    },
  };
}

function cliRun(build: Build, fake: FakeKube): { args: string[]; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(work, 'cli-'));
  const kubeconfig = fake.writeKubeconfig(join(dir, 'kubeconfig'));
  return {
    args: [
      join(build.root, 'dist/cli/index.js'),
      'scan',
      '--image',
      'registry.example.com/team/app:1.2.3',
      '--namespace',
      NAMESPACE,
      '--kubeconfig',
      kubeconfig,
      '--output-dir',
      join(dir, 'out'),
    ],
    env: { HOME: dir },
  };
}

function evaluateRun(build: Build): { args: string[]; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(work, 'evaluate-'));
  return {
    args: [
      join(build.root, 'dist/cli/index.js'),
      'evaluate',
      '--results',
      join(ROOT, 'test/fixtures/framing/report.json'),
      '--threshold',
      'compliance.min: 0',
      '--output-dir',
      dir,
      '--format',
      'json',
    ],
    env: { HOME: dir },
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

function largestFile(build: Build): string {
  let largest = { file: '', size: 0 };
  for (const sub of ['dist/action', 'dist/cli']) {
    for (const name of readdirSync(join(build.root, sub))) {
      const size = statSync(join(build.root, sub, name)).size;
      if (size > largest.size) largest = { file: `${sub}/${name}`, size };
    }
  }
  return `${largest.file} ${mb(largest.size)}`;
}

async function main(): Promise<void> {
  const builds: Build[] = [];
  const before = baseline();
  if (before) builds.push(before);
  builds.push({ label: 'current (dist/)', root: ROOT });
  for (const build of builds) {
    if (!existsSync(join(build.root, 'dist/cli/index.js')))
      throw new Error(`${build.root}/dist is missing: npm run bundle`);
  }
  const fake = await FakeKube.start({ tls: true });
  try {
    const kinds = [
      { name: 'action', run: (b: Build) => actionRun(b, fake) },
      { name: 'CLI scan', run: (b: Build) => cliRun(b, fake) },
    ];
    const cpu = new Map<string, number[]>();
    const wall = new Map<string, number[]>();
    const loaded = new Map<string, number>();
    const fakeHost = new URL(fake.url).hostname;
    for (const kind of kinds) {
      for (const build of builds) {
        // One warm-up run (the file cache), which also records what the run loads.
        const { args, env } = kind.run(build);
        const record = probe(args, env, { stop: true, modules: true });
        if (record.firstRequest?.host !== fakeHost) {
          throw new Error(`${kind.name}: the first request went to ${record.firstRequest?.host ?? 'nowhere'}`);
        }
        loaded.set(`${kind.name}|${build.label}`, record.moduleBytes);
      }
      for (let run = 0; run < RUNS; run += 1) {
        for (const build of run % 2 ? [...builds].reverse() : builds) {
          const { args, env } = kind.run(build);
          const first = probe(args, env, { stop: true, modules: false }).firstRequest;
          const key = `${kind.name}|${build.label}`;
          cpu.set(key, [...(cpu.get(key) ?? []), first?.cpuMs ?? Number.NaN]);
          wall.set(key, [...(wall.get(key) ?? []), first?.wallMs ?? Number.NaN]);
        }
      }
    }

    console.log(`Cold start to the first API request, NODE_DISABLE_COMPILE_CACHE=1, median of ${RUNS} runs\n`);
    console.log('| bundle | build | CPU (user+sys) | wall | JS loaded | CPU ratio to baseline |');
    console.log('|---|---|---|---|---|---|');
    for (const kind of kinds) {
      const base = before ? median(cpu.get(`${kind.name}|${before.label}`) ?? []) : undefined;
      for (const build of builds) {
        const key = `${kind.name}|${build.label}`;
        const c = median(cpu.get(key) ?? []);
        const ratio = base ? (c / base).toFixed(2) : '–';
        console.log(
          `| ${kind.name} | ${build.label} | ${c.toFixed(0)} ms | ${median(wall.get(key) ?? []).toFixed(0)} ms | ${kb(loaded.get(key) ?? 0)} | ${ratio} |`,
        );
      }
    }
    console.log('\n| build | evaluate: JS loaded (whole run) | largest file under dist/ |');
    console.log('|---|---|---|');
    for (const build of builds) {
      const { args, env } = evaluateRun(build);
      const record = probe(args, env, { stop: false, modules: true });
      console.log(
        `| ${build.label} | ${kb(record.moduleBytes)} (${record.modules.length} files) | ${largestFile(build)} |`,
      );
    }
  } finally {
    await fake.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
