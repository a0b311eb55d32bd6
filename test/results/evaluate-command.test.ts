import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCommand } from '../../src/cli/commands/evaluate.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { makeTempDir } from '../support/temp-dir.js';
import { fail, INVALID_SAMPLE_NAMES, pass, readSampleBytes, samplePath, simpleReport } from './report-builder.js';

async function run(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    env: {},
    cwd,
    signal: new AbortController().signal,
  };
  const code = await main(['evaluate', ...argv], io);
  return { code, out, err };
}

const dir = makeTempDir('kcs-eval-');
writeFileSync(
  join(dir, 'results.json'),
  simpleReport([
    { id: 'A', impact: 0.7, ...pass },
    { id: 'B', impact: 0.7, ...fail('nope') },
  ]),
);
writeFileSync(join(dir, 'max0.yml'), 'failed:\n  total:\n    max: 0\n');

describe('kube-cinc-scan evaluate', () => {
  it('exits 0 without a threshold and writes the files', async () => {
    const r = await run(['--results', 'results.json', '--output-dir', 'out-none'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Result: no threshold');
    expect(readdirSync(join(dir, 'out-none')).sort()).toEqual([
      'scan-results.json',
      'scan-results.junit.xml',
      'scan-results.sarif',
      'scan-summary.md',
      'summary.json',
      'threshold-result.txt',
    ]);
    expect(readFileSync(join(dir, 'out-none', 'threshold-result.txt'), 'utf8')).toBe(
      'THRESHOLD_RESULT=0\n# no threshold\n',
    );
  });

  it.each([
    ['a threshold file', 'max0.yml', 1],
    ['inline YAML', 'failed: {total: {max: 1}}', 0],
    ['multi-line inline YAML', 'failed:\n  total:\n    max: 0\n', 1],
    ['a shipped name', 'strict', 1],
    ['a shipped name with extension', 'baseline.yml', 1],
  ])('takes %s as --threshold', async (_name, threshold, code) => {
    const r = await run(['--results', 'results.json', '--threshold', threshold, '--output-dir', 'out'], dir);
    expect(r.code).toBe(code);
  });

  it('--format json prints the summary.json object', async () => {
    const r = await run(
      ['--results', 'results.json', '--threshold', 'max0.yml', '--format', 'json', '--output-dir', 'out-json'],
      dir,
    );
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json).toEqual(JSON.parse(readFileSync(join(dir, 'out-json', 'summary.json'), 'utf8')));
    expect(json).toMatchObject({ result: 'fail', compliance: 50, threshold: join(dir, 'max0.yml') });
    expect(Object.keys(json.counts)).toEqual(['passed', 'failed', 'skipped', 'no_impact', 'error']);
    expect(Object.keys(json.counts.failed)).toEqual(['total', 'critical', 'high', 'medium', 'low', 'none']);
    expect(Object.keys(json.violations[0])).toEqual(['rule', 'expected', 'actual', 'message']);
  });

  it('text output lists every violation as the CLI words it', async () => {
    const r = await run(
      [
        '--results',
        'results.json',
        '--threshold',
        'failed: {total: {max: 0}}\ncompliance: {min: 99}',
        '--output-dir',
        'out',
      ],
      dir,
    );
    expect(r.out).toContain(
      'Violated rules (2):\n  Error: Overall compliance minimum was not satisfied\n  Error: failed.total.max: Threshold not met.',
    );
  });

  it.each([
    ['a missing results file', ['--results', 'nope.json'], /KCS-RES-006: results file .*nope\.json does not exist/],
    ['no --results', [], /KCS-CLI-102: evaluate: --results FILE is required/],
    ['a bad --format', ['--results', 'results.json', '--format', 'xml'], /KCS-CLI-101/],
    ['an unknown flag', ['--results', 'results.json', '--thresold', 'x'], /KCS-CLI-001/],
    [
      'an unknown threshold name',
      ['--results', 'results.json', '--threshold', 'strictest'],
      /shipped thresholds: baseline, moderate, strict/,
    ],
    ['an invalid threshold', ['--results', 'results.json', '--threshold', 'failed: {total: {max: -1}}'], /KCS-THR-005/],
  ])('exits 2 on %s', async (_name, argv, pattern) => {
    const r = await run(argv, dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(pattern);
  });

  it.each(INVALID_SAMPLE_NAMES)('exits 2 on test/fixtures/hdf/%s and writes an error summary', async (file) => {
    const out = join(dir, `out-${basename(file)}`);
    const r = await run(
      [
        '--results',
        samplePath(file),
        '--threshold',
        'failed: {total: {max: 0}}',
        '--output-dir',
        out,
        '--format',
        'json',
      ],
      dir,
    );
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ result: 'error' });
    expect(readFileSync(join(out, 'threshold-result.txt'), 'utf8')).toMatch(
      /^THRESHOLD_RESULT=1\n# error: KCS-RES-00\d/,
    );
  });

  it('evaluates a public sample by its path (one stored gzipped in test/fixtures/hdf)', async () => {
    const out = join(dir, 'out-wrapper');
    const results = samplePath('wrapper-acme-run.json');
    const r = await run(
      ['--results', results, '--threshold', 'failed: {total: {max: 0}}', '--output-dir', out, '--format', 'json'],
      dir,
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ result: 'fail' });
    expect(readFileSync(join(out, 'scan-results.json'))).toEqual(readSampleBytes('wrapper-acme-run.json'));
  });

  it('--help prints the flags and exits 0', async () => {
    let out = '';
    const io: CliIo = {
      out: (t) => void (out += t),
      err: () => undefined,
      env: {},
      cwd: dir,
      signal: new AbortController().signal,
    };
    expect(await evaluateCommand.run(['--help'], io)).toBe(0);
    expect(out).toContain('--threshold VALUE');
  });
});

describe('evaluate loads nothing it does not need', () => {
  // Walks the static relative imports from the command module: none may reach the Kubernetes client.
  it('its import graph has no @kubernetes/client-node, src/core/kube or @actions/*', () => {
    const srcRoot = resolve(import.meta.dirname, '../../src');
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      // Type-only imports (`import type … from 'sarif'`) are erased: they load nothing.
      for (const m of code.matchAll(
        /(?:^|\n)\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g,
      )) {
        const spec = (m[1] ?? m[2]) as string;
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
        else packages.add(spec);
      }
    };
    visit(join(srcRoot, 'cli/commands/evaluate.ts'));
    const files = [...seen].map((f) => f.slice(srcRoot.length + 1));
    expect(files.filter((f) => f.startsWith('core/kube/') || f.startsWith('action'))).toEqual([]);
    expect([...packages].filter((p) => !p.startsWith('node:')).sort()).toEqual(['js-yaml']);
  });
});
