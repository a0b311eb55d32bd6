// Issue 17: a threshold that parses but holds no rule would pass every report ("every threshold rule is met"), as the
// SAF CLI reads it. It is an input error (KCS-THR-009) everywhere a threshold is read: the parser, `evaluate` (exit 2)
// and the action's input path, before any call to the cluster.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionLogger } from '../../src/action/action-logger.js';
import { main as actionMain } from '../../src/action/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { parseConfig } from '../../src/core/config.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { runPipeline } from '../../src/core/pipeline.js';
import { loadThreshold, parseThresholdText } from '../../src/core/results/index.js';
import { captureStdout, withEnv } from '../action/helpers.js';
import { interpretStdout, parseFileCommands } from '../action/runner-emulator.js';
import { FakeKube } from '../support/fake-kube/index.js';
import { inputErrorOf } from '../support/input-error.js';
import { makeTempDir } from '../support/temp-dir.js';
import { fail, pass, simpleReport } from './report-builder.js';

/** The shapes, each with the groups the message must name (none for a bare `{}`). */
const EMPTY: [string, string, string[]][] = [
  ['inline {}', '{}', []],
  ['failed: {}', 'failed: {}', ['failed: {}']],
  ['compliance: {}', 'compliance: {}', ['compliance: {}']],
  ['a file holding {}', '{}\n', []],
  ['failed: {} and compliance: {}', 'failed: {}\ncompliance: {}\n', ['failed: {}', 'compliance: {}']],
  ['failed: { critical: {} }', 'failed: { critical: {} }\n', ['failed.critical: {}']],
  ['failed.total: {} (flat)', 'failed.total: {}\n', ['failed.total: {}']],
];

const EXAMPLE = /failed: \{critical: \{max: 0\}\}.*\n\s+failed:\n\s+critical:\n\s+max: 0/s;

function expectNoRule(error: { code: string; message: string; hint?: string | undefined }, groups: string[]): void {
  expect(error.code).toBe('KCS-THR-009');
  expect(error.message).toMatch(/holds no rule/);
  expect(error.message).toMatch(/so it would pass every report/);
  for (const group of groups) expect(error.message).toContain(group);
  if (groups.length === 0) expect(error.message).toContain('empty mapping');
  expect(error.hint).toMatch(EXAMPLE);
}

describe('a threshold with no rule is an input error (KCS-THR-009)', () => {
  const dir = makeTempDir('kcs-thr-empty-');

  it.each(EMPTY)('parsed inline: %s', (_name, text, groups) => {
    expectNoRule(
      inputErrorOf(() => parseThresholdText(text, 'inline')),
      groups,
    );
  });

  it.each(EMPTY)('read from a file: %s', async (name, text, groups) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.yml`);
    writeFileSync(path, text);
    const error = await loadThreshold({ kind: 'file', path }).then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string; hint?: string },
    );
    expect(error).toBeDefined();
    expectNoRule(error as { code: string; message: string; hint?: string }, groups);
    expect(error?.message).toContain(path);
  });

  it('an empty group beside a real rule is ignored with a warning, not an error', () => {
    const t = parseThresholdText('compliance: {min: 80}\nfailed: {}\n', 't.yml');
    expect(t.compliance).toEqual({ min: 80 });
    expect(t.warnings).toEqual(['threshold t.yml: failed is empty (no limit and no control list); ignored']);
  });

  it.each([
    ['a limit of 0', 'failed: {total: {max: 0}}'],
    ['an exact total', 'error: {total: 0}'],
    ['an empty control list (it means "no controls")', 'failed: {high: {controls: []}}'],
    ['compliance.min: 0 (never fails, but is a rule)', 'compliance: {min: 0}'],
  ])('holds a rule: %s', (_name, text) => {
    expect(() => parseThresholdText(text, 'inline')).not.toThrow();
  });

  it('every shipped threshold still holds rules', () => {
    const shipped = resolve(import.meta.dirname, '../../thresholds');
    const files = readdirSync(shipped).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const t = parseThresholdText(readFileSync(join(shipped, file), 'utf8'), file);
      expect(t.warnings, file).toEqual([]);
    }
  });
});

describe('kube-cinc-scan evaluate with a threshold that holds no rule', () => {
  const dir = makeTempDir('kcs-thr-empty-eval-');
  writeFileSync(
    join(dir, 'results.json'),
    simpleReport([
      { id: 'A', ...pass },
      { id: 'B', ...fail() },
    ]),
  );

  async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: CliIo = {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
      env: {},
      cwd: dir,
      signal: new AbortController().signal,
    };
    const code = await main(['evaluate', ...argv], io);
    return { code, out, err };
  }

  it.each(EMPTY)('exits 2 inline: %s', async (_name, text, groups) => {
    // A one-line `{}` is inline YAML (it holds `{`); so is every shape here.
    const r = await run(['--results', 'results.json', '--threshold', text, '--output-dir', 'out-inline']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/KCS-THR-009: threshold inline holds no rule/);
    for (const group of groups) expect(r.err).toContain(group);
    expect(r.err).toMatch(/failed:\n\s+critical:\n\s+max: 0/);
    expect(readFileSync(join(dir, 'out-inline', 'threshold-result.txt'), 'utf8')).toMatch(
      /^THRESHOLD_RESULT=1\n# error: KCS-THR-009/,
    );
  });

  it.each(EMPTY)('exits 2 from a file: %s', async (name, text, groups) => {
    const file = `${name.replace(/\W+/g, '-')}.yml`;
    writeFileSync(join(dir, file), text);
    const r = await run(['--results', 'results.json', '--threshold', file, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`KCS-THR-009: threshold ${join(dir, file)} holds no rule`);
    for (const group of groups) expect(r.err).toContain(group);
    expect(JSON.parse(r.out)).toMatchObject({ result: 'error', error: expect.stringMatching(/^KCS-THR-009/) });
  });
});

describe('the action input path: a threshold with no rule fails before any cluster call', () => {
  let fake: FakeKube;
  let dir: string;
  beforeEach(async () => {
    fake = await FakeKube.start();
    dir = makeTempDir('kcs-thr-empty-action-');
  });
  afterEach(async () => {
    await fake.close();
  });

  const inputs = (threshold: string) =>
    parseConfig(
      {
        image: 'ghcr.io/acme/app:1.0',
        namespace: 'kube-cinc-scan',
        kubeconfig: fake.kubeconfig(),
        'output-dir': join(dir, 'out'),
        threshold,
      },
      { env: {}, cwd: dir, mode: 'action' },
    );

  it.each(EMPTY)('%s (inline and as a file): result=error, input error, no request', async (name, text, groups) => {
    writeFileSync(join(dir, 'threshold.yml'), text);
    // Every shape holds `{`, so the input reads it as inline YAML; the second run names the file.
    for (const threshold of [text, 'threshold.yml']) {
      const outcome = await runPipeline(inputs(threshold), { logger: new MemoryLogger() });
      expect(outcome.result, `${name} as ${threshold}`).toBe('error');
      expect(outcome.error?.code).toBe('KCS-THR-009');
      expect(outcome.error?.category).toBe('input');
      for (const group of groups) expect(outcome.error?.message).toContain(group);
      expect(outcome.names).toBeUndefined();
      expect(JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'))).toMatchObject({ result: 'error' });
    }
    expect(fake.requests).toEqual([]);
  });
});

describe('the action step with a threshold that holds no rule', () => {
  let fake: FakeKube;
  let restore: () => void = () => undefined;
  beforeEach(async () => {
    fake = await FakeKube.start();
  });
  afterEach(async () => {
    restore();
    process.exitCode = undefined;
    await fake.close();
  });

  it('fails the step with KCS-THR-009, sets result=error, and calls no cluster', async () => {
    const dir = makeTempDir('kcs-thr-empty-step-');
    writeFileSync(join(dir, 'output'), '');
    writeFileSync(join(dir, 'summary'), '');
    const env = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
    restore = withEnv(env);
    const values = new Map<string, string>();
    const { output } = await captureStdout(() =>
      actionMain({
        env,
        cwd: dir,
        readInputs: () => ({
          image: 'ghcr.io/acme/app:1.0',
          namespace: 'kube-cinc-scan',
          kubeconfig: fake.kubeconfig(),
          'output-dir': join(dir, 'out'),
          'upload-artifact': 'false',
          threshold: 'failed: {}\ncompliance: {}\n',
        }),
        state: { get: (name) => values.get(name) ?? '', save: (name, value) => void values.set(name, value) },
        logger: new ActionLogger(),
        artifactClient: { uploadArtifact: () => Promise.reject(new Error('no upload expected')) },
        signal: new AbortController().signal,
      }),
    );
    expect(process.exitCode).toBe(1);
    const view = interpretStdout(output);
    expect(view.errors.at(-1)).toMatch(/KCS-THR-009: threshold inline holds no rule .*failed: \{\}, compliance: \{\}/);
    expect(parseFileCommands(readFileSync(env.GITHUB_OUTPUT, 'utf8'))).toMatchObject({
      result: 'error',
      'sarif-file': '',
    });
    expect(values.has('scan')).toBe(false);
    expect(fake.requests).toEqual([]);
  });
});
