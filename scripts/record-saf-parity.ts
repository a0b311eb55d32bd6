// Records what the real MITRE SAF CLI says about our parity cases, into test/fixtures/saf-parity/ (committed).
// The tests in test/results/saf-parity.test.ts then check that our engine agrees with every recording.
//
//   npx tsx scripts/record-saf-parity.ts [--samples DIR]
//   npx tsx scripts/record-saf-parity.ts --fetch-samples DIR   (downloads the samples only; needs github.com)
//
// The SAF CLI (about 650 packages) is installed on demand into .cache/saf, never into the project's node_modules, so
// `npm ci` stays lean. Samples: the public MITRE sample reports committed in test/fixtures/hdf/ (unpacked into a
// temporary folder, as some are gzipped), or a folder of plain files given with --samples. --fetch-samples downloads
// them again from their pinned commits (test/fixtures/saf-parity/samples.json, sha256 checked), to refresh
// test/fixtures/hdf/. Output is deterministic: re-running on the same SAF version must leave `git diff` empty.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { INVALID_SAMPLE_NAMES, readSampleBytes, SAMPLE_NAMES } from '../test/results/report-builder.js';

export const SAF_VERSION = '1.5.3';
const root = resolve(import.meta.dirname, '..');
const fixtures = join(root, 'test/fixtures/saf-parity');
const safPrefix = join(root, '.cache/saf');
const safBin = join(safPrefix, 'node_modules/@mitre/saf/bin/run');

/** Thresholds of the parity suite: pass and fail cases for every rule kind, at their boundaries. */
export const THRESHOLDS: Record<string, string> = {
  'compliance-min-66': 'compliance:\n  min: 66\n',
  'compliance-min-67': 'compliance:\n  min: 67\n',
  'compliance-max-66': 'compliance:\n  max: 66\n',
  'compliance-max-65': 'compliance:\n  max: 65\n',
  'compliance-max-0': 'compliance:\n  max: 0\n',
  'compliance-min-0': 'compliance:\n  min: 0\n',
  'failed-total-112': 'failed:\n  total: 112\n',
  'failed-total-111': 'failed:\n  total: 111\n',
  'no-impact-total-33': 'no_impact:\n  total: 33\n',
  'no-impact-total-32': 'no_impact:\n  total: 32\n',
  'passed-total-min-227': 'passed:\n  total:\n    min: 227\n',
  'passed-total-min-228': 'passed:\n  total:\n    min: 228\n',
  'failed-total-max-112': 'failed:\n  total:\n    max: 112\n',
  'failed-total-max-111': 'failed:\n  total:\n    max: 111\n',
  'failed-total-max-0': 'failed:\n  total:\n    max: 0\n',
  'skipped-total-max-3': 'skipped:\n  total:\n    max: 3\n',
  'skipped-total-max-2': 'skipped:\n  total:\n    max: 2\n',
  'error-total-min-1': 'error:\n  total:\n    min: 1\n',
  'error-total-max-0': 'error:\n  total:\n    max: 0\n',
  'no-impact-total-max-32': 'no_impact:\n  total:\n    max: 32\n',
  'no-impact-total-min-34': 'no_impact:\n  total:\n    min: 34\n',
  'failed-high-max-6': 'failed:\n  high:\n    max: 6\n',
  'failed-high-max-5': 'failed:\n  high:\n    max: 5\n',
  'failed-critical-max-0': 'failed:\n  critical:\n    max: 0\n',
  'passed-medium-min-208': 'passed:\n  medium:\n    min: 208\n',
  'passed-medium-min-209': 'passed:\n  medium:\n    min: 209\n',
  'skipped-low-min-2': 'skipped:\n  low:\n    min: 2\n',
  'no-impact-high-max-2': 'no_impact:\n  high:\n    max: 2\n',
  'no-impact-none-min-1': 'no_impact:\n  none:\n    min: 1\n',
  'no-impact-none-max-0': 'no_impact:\n  none:\n    max: 0\n',
  'error-medium-min-1': 'error:\n  medium:\n    min: 1\n',
  // Several violations: the CLI reports the first in its own order, whatever the order in the file.
  'many-violations':
    'failed:\n  high:\n    max: 0\n  total:\n    max: 0\npassed:\n  total:\n    min: 1000\ncompliance:\n  min: 90\n',
  'many-violations-no-compliance':
    'no_impact:\n  medium:\n    max: 0\nfailed:\n  low:\n    max: 0\n  total: 1\nskipped:\n  total:\n    max: 0\n',
  'all-kinds-pass':
    'compliance:\n  min: 60\n  max: 70\npassed:\n  total:\n    min: 200\n  high:\n    min: 11\nfailed:\n  total:\n    max: 112\n  critical:\n    max: 0\n  medium:\n    max: 87\nskipped:\n  total: 3\nerror:\n  total:\n    max: 0\nno_impact:\n  none:\n    max: 0\n',
  'flat-pass': 'compliance.min: 60\nfailed.total.max: 112\nfailed.critical.max: 0\npassed.high.min: 11\n',
  'flat-fail': 'compliance.min: 60\nfailed.total.max: 100\n',
  // The CLI's unflatten keeps only the last of two keys sharing `passed.total`: it never checks the min.
  'flat-shared-prefix': 'passed.total.min: 300\npassed.total.max: 400\n',
  'json-threshold': '{"compliance": {"min": 50}, "failed": {"high": {"max": 10}}}\n',
  'controls-exact':
    'failed:\n  medium:\n    controls:\n      - SV-230222\npassed:\n  high:\n    controls:\n      - SV-230221\n',
  'controls-missing': 'failed:\n  medium:\n    controls:\n      - SV-230222\n      - SV-999999\n',
  'controls-wrong-bucket': 'failed:\n  high:\n    controls:\n      - SV-230222\n',
  'controls-too-few': 'skipped:\n  medium:\n    controls: []\n',
  'controls-empty-bucket-empty-list': 'error:\n  high:\n    controls: []\n',
  'controls-no-impact-high': 'no_impact:\n  high:\n    controls:\n      - SV-230223\n',
};

interface Case {
  name: string;
  sample: string;
  /** A file under test/fixtures/saf-parity/ (thresholds/… or generated/…) or a shipped threshold (thresholds/…). */
  threshold: string;
  /** Set where we differ from the CLI on purpose: our exit code and why. The tests check it. */
  deviation?: { exitCode: number; reason: string };
}

const DEV_COMPLIANCE_MAX_0 = 'compliance.max: 0 is honoured (the CLI skips a limit of 0)';
const DEV_NO_IMPACT_TOTAL = 'no_impact.total.min/max are checked (the CLI never checks them)';
const DEV_FLAT_PREFIX = 'flat keys sharing a prefix are all kept (the CLI keeps only the last one)';
const DEV_EMPTY_LIST = 'an empty control list passes on an empty bucket (the CLI always fails an empty list)';
const DEV_INVALID = 'invalid results are an error, exit 2 (the CLI warns and exits 0)';

function cases(samples: string[]): Case[] {
  const list: Case[] = [];
  const h = 'rhel-8_hardened.json';
  const one = 'rhel8_oneOfEachControlStatus.json';
  const t = (name: string) => `thresholds/${name}.yml`;
  const on = (sample: string, name: string, deviation?: Case['deviation']) =>
    list.push({
      name: `${basename(sample, '.json')}--${name}`,
      sample,
      threshold: t(name),
      ...(deviation ? { deviation } : {}),
    });
  for (const name of Object.keys(THRESHOLDS)) {
    if (name.startsWith('controls-')) continue;
    let deviation: Case['deviation'];
    if (name === 'compliance-max-0') deviation = { exitCode: 1, reason: DEV_COMPLIANCE_MAX_0 };
    if (name === 'no-impact-total-max-32' || name === 'no-impact-total-min-34')
      deviation = { exitCode: 1, reason: DEV_NO_IMPACT_TOTAL };
    if (name === 'flat-shared-prefix') deviation = { exitCode: 1, reason: DEV_FLAT_PREFIX };
    on(h, name, deviation);
  }
  for (const name of Object.keys(THRESHOLDS).filter((n) => n.startsWith('controls-'))) {
    on(one, name, name === 'controls-empty-bucket-empty-list' ? { exitCode: 0, reason: DEV_EMPTY_LIST } : undefined);
  }
  for (const sample of samples) {
    const base = basename(sample, '.json');
    for (const shipped of ['strict', 'moderate', 'baseline']) {
      list.push({ name: `${base}--shipped-${shipped}`, sample, threshold: `shipped:${shipped}` });
    }
    list.push({ name: `${base}--generated`, sample, threshold: `generated/${base}.yml` });
    list.push({ name: `${base}--generated-e-c`, sample, threshold: `generated/${base}.e-c.yml` });
  }
  // A threshold generated on one report, applied to another of the same profile.
  const cross: [string, string][] = [
    ['red_hat_good', 'red_hat_bad.json'],
    ['good_nginxresults', 'bad_nginx.json'],
    ['triple_overlay_profile_sample', 'triple_overlay_attested.json'],
    ['red_hat_bad', 'red_hat_good.json'],
  ];
  for (const [from, sample] of cross) {
    for (const kind of ['', '.e-c']) {
      list.push({
        name: `${basename(sample, '.json')}--generated${kind.replace('.', '-')}-from-${from}`,
        sample,
        threshold: `generated/${from}${kind}.yml`,
      });
    }
  }
  for (const invalid of [
    'impact_as_string',
    'missing_refs',
    'not_json',
    'profile_json_no_results',
    'result_missing_start_time',
    'truncated',
    'unknown_result_status',
  ]) {
    list.push({
      name: `invalid-${invalid}`,
      sample: `invalid/${invalid}.json`,
      threshold: t('failed-total-max-0'),
      deviation: { exitCode: 2, reason: DEV_INVALID },
    });
  }
  return list;
}

function ensureSaf(): void {
  const pkg = join(safPrefix, 'node_modules/@mitre/saf/package.json');
  if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === SAF_VERSION) return;
  console.error(`installing @mitre/saf@${SAF_VERSION} into .cache/saf (a few minutes) ...`);
  mkdirSync(safPrefix, { recursive: true });
  const npm = spawnSync(
    'npm',
    ['install', '--prefix', safPrefix, `@mitre/saf@${SAF_VERSION}`, '--no-audit', '--no-fund'],
    {
      stdio: 'inherit',
    },
  );
  if (npm.status !== 0) throw new Error(`npm install @mitre/saf@${SAF_VERSION} failed (exit ${npm.status})`);
}

interface Run {
  argv: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
}

function saf(args: string[], cwd: string, display: string[]): Run {
  const r = spawnSync(process.execPath, [safBin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', LOG_LEVEL: 'info' },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { argv: ['saf', ...display], exitCode: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function write(path: string, content: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

interface SampleSource {
  repo?: string;
  commit?: string;
  path?: string;
  derived?: boolean;
  sha256: string;
}

// The invalid samples are one-field mutations of minimal_hdf.json (compact JSON), a cut of bad_nginx.json and a text.
const DERIVED: Record<string, (dir: string) => string | Buffer> = {
  'invalid/not_json.json': () => 'this is not json\n',
  'invalid/truncated.json': (dir) => readFileSync(join(dir, 'bad_nginx.json')).subarray(0, 900),
  'invalid/impact_as_string.json': (dir) => mutateMinimal(dir, (c) => (c['impact'] = '0.5')),
  'invalid/missing_refs.json': (dir) => mutateMinimal(dir, (c) => delete c['refs']),
  'invalid/result_missing_start_time.json': (dir) => mutateMinimal(dir, (c) => delete firstResult(c)['start_time']),
  'invalid/unknown_result_status.json': (dir) => mutateMinimal(dir, (c) => (firstResult(c)['status'] = 'unknown')),
};

type Json = Record<string, unknown>;
function firstResult(control: Json): Json {
  return (control['results'] as Json[])[0] as Json;
}
function mutateMinimal(dir: string, change: (control: Json) => unknown): string {
  const report = JSON.parse(readFileSync(join(dir, 'minimal_hdf.json'), 'utf8')) as {
    profiles: { controls: Json[] }[];
  };
  change(report.profiles[0]?.controls[0] as Json);
  return JSON.stringify(report);
}

/** Downloads the public samples at their pinned commits (and derives the invalid ones), checking every sha256. */
async function fetchSamples(dir: string): Promise<void> {
  const sources = JSON.parse(readFileSync(join(fixtures, 'samples.json'), 'utf8')) as Record<string, SampleSource>;
  const headers: Record<string, string> = process.env['GITHUB_TOKEN']
    ? { authorization: `Bearer ${process.env['GITHUB_TOKEN']}` }
    : {};
  const fullCommits = new Map<string, string>();
  mkdirSync(join(dir, 'invalid'), { recursive: true });
  const ordered = Object.entries(sources).sort(
    ([a], [b]) => Number(a.startsWith('invalid/')) - Number(b.startsWith('invalid/')),
  );
  for (const [file, source] of ordered) {
    let content: string | Buffer;
    if (source.derived) {
      const derive = DERIVED[file];
      if (!derive) throw new Error(`no derivation for ${file}`);
      content = derive(dir);
    } else {
      const key = `${source.repo}@${source.commit}`;
      if (!fullCommits.has(key)) {
        const r = await fetch(`https://api.github.com/repos/${source.repo}/commits/${source.commit}`, { headers });
        if (!r.ok) throw new Error(`cannot resolve ${key}: HTTP ${r.status}`);
        fullCommits.set(key, ((await r.json()) as { sha: string }).sha);
      }
      const url = `https://raw.githubusercontent.com/${source.repo}/${fullCommits.get(key)}/${source.path}`;
      const r = await fetch(url);
      if (!r.ok) throw new Error(`cannot download ${url}: HTTP ${r.status}`);
      content = Buffer.from(await r.arrayBuffer());
    }
    const sha = createHash('sha256').update(content).digest('hex');
    if (sha !== source.sha256) throw new Error(`${file}: sha256 ${sha}, expected ${source.sha256}`);
    writeFileSync(join(dir, file), content);
  }
  console.error(`${Object.keys(sources).length} samples in ${dir}, sha256 verified`);
}

/** Writes the committed samples (test/fixtures/hdf/), uncompressed, into dir, for the SAF CLI to read. */
function unpackSamples(dir: string): string {
  for (const name of [...SAMPLE_NAMES, ...INVALID_SAMPLE_NAMES]) write(join(dir, name), readSampleBytes(name));
  return dir;
}

function main(): void {
  const flag = process.argv.indexOf('--samples');
  const given = flag >= 0 ? resolve(process.argv[flag + 1] ?? '') : undefined;
  if (given !== undefined && !existsSync(given)) throw new Error(`samples directory ${given} not found`);
  ensureSaf();
  // The SAF CLI writes saf-cli.log into its working directory: keep that out of the checkout.
  const work = mkdtempSync(join(tmpdir(), 'saf-parity-'));
  try {
    const samplesDir = given ?? unpackSamples(join(work, 'samples'));
    const version = saf(['--version'], work, ['--version']);
    write(
      join(fixtures, 'saf-version.json'),
      JSON.stringify(
        { version: version.stdout.trim().split(' ')[0], node: `node ${process.versions.node.split('.')[0]}` },
        null,
        2,
      ) + '\n',
    );
    for (const [name, text] of Object.entries(THRESHOLDS)) write(join(fixtures, 'thresholds', `${name}.yml`), text);

    const samples = readdirSync(samplesDir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    for (const sample of samples) {
      const base = basename(sample, '.json');
      const input = join(samplesDir, sample);
      const summary = saf(['view', 'summary', '-i', input, '-f', 'json', '--no-print-pretty'], work, [
        'view',
        'summary',
        '-i',
        sample,
        '-f',
        'json',
        '--no-print-pretty',
      ]);
      write(join(fixtures, 'summary', `${base}.json`), JSON.stringify({ sample, ...summary }, null, 2) + '\n');
      for (const [suffix, flags] of [
        ['', []],
        ['.e-c', ['-e', '-c']],
      ] as const) {
        const gen = saf(['generate', 'threshold', '-i', input, ...flags], work, [
          'generate',
          'threshold',
          '-i',
          sample,
          ...flags,
        ]);
        if (gen.exitCode !== 0) throw new Error(`saf generate threshold failed on ${sample}: ${gen.stderr}`);
        write(join(fixtures, 'generated', `${base}${suffix}.yml`), gen.stdout);
      }
    }
    const recorded = join(fixtures, 'recorded');
    rmSync(recorded, { recursive: true, force: true });
    for (const c of cases(samples)) {
      const thresholdPath = c.threshold.startsWith('shipped:')
        ? join(root, 'thresholds', `${c.threshold.slice('shipped:'.length)}.yml`)
        : join(fixtures, c.threshold);
      const run = saf(['validate', 'threshold', '-i', join(samplesDir, c.sample), '-T', thresholdPath], work, [
        'validate',
        'threshold',
        '-i',
        c.sample,
        '-T',
        c.threshold,
      ]);
      write(join(recorded, `${c.name}.json`), JSON.stringify({ ...c, ...run }, null, 2) + '\n');
      process.stderr.write('.');
    }
    process.stderr.write('\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const fetchFlag = process.argv.indexOf('--fetch-samples');
if (fetchFlag >= 0) await fetchSamples(resolve(process.argv[fetchFlag + 1] ?? 'hdf-samples'));
else main();
