import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildSummaryJson,
  evaluateReport,
  parseThresholdText,
  renderThresholdResult,
  writeResultFiles,
  type Evaluation,
} from '../../src/core/results/index.js';
import { fail, pass, simpleReport } from './report-builder.js';
import { makeTempDir } from '../support/temp-dir.js';

const text = simpleReport([
  { id: 'A', impact: 0.7, ...pass },
  { id: 'B', impact: 0.7, ...fail() },
]);

function evaluate(threshold?: string): Evaluation {
  return evaluateReport(text, { origin: 'r', ...(threshold ? { threshold: parseThresholdText(threshold, 't') } : {}) });
}

/** Sources the file in a real shell and prints what it set; a marker file shows whether anything was executed. */
function source(content: string): { value: string; executed: boolean } {
  const dir = makeTempDir('kcs-src-');
  const file = join(dir, 'threshold-result.txt');
  writeFileSync(file, content);
  const r = spawnSync('bash', ['-c', `set -e; cd "${dir}"; . ./threshold-result.txt; printf %s "$THRESHOLD_RESULT"`], {
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  return { value: r.stdout, executed: existsSync(join(dir, 'pwned')) };
}

describe('threshold-result.txt', () => {
  it.each([
    ['no threshold', evaluate(), 'THRESHOLD_RESULT=0\n# no threshold\n'],
    ['pass', evaluate('failed: {total: {max: 1}}'), 'THRESHOLD_RESULT=0\n# every threshold rule is met\n'],
    [
      'fail',
      evaluate('failed: {total: {max: 0}}\ncompliance: {min: 90}'),
      'THRESHOLD_RESULT=1\n# compliance.min: Overall compliance minimum was not satisfied\n# failed.total.max: failed.total.max: Threshold not met. Number of received total failed controls (1) is greater than your set threshold for the number of failed controls (0)\n',
    ],
  ])('%s', (_name, evaluation, expected) => {
    const content = renderThresholdResult(evaluation);
    expect(content).toBe(expected);
    expect(source(content).value).toBe(expected.slice('THRESHOLD_RESULT='.length, 'THRESHOLD_RESULT='.length + 1));
  });

  it('keeps a hostile violation message inside its comment', () => {
    const evaluation = evaluate('failed: {total: {max: 0}}');
    const hostile = 'x\ntouch pwned\rTHRESHOLD_RESULT=0\u2028touch pwned\u0085$(touch pwned)';
    evaluation.violations[0] = { rule: 'failed.total.max', expected: 0, actual: 1, message: hostile };
    const content = renderThresholdResult(evaluation);
    expect(
      content
        .split('\n')
        .filter((l) => l !== '')
        .every((l, i) => (i === 0 ? l === 'THRESHOLD_RESULT=1' : l.startsWith('# '))),
    ).toBe(true);
    expect(source(content)).toEqual({ value: '1', executed: false });
  });

  it('says error and fails on an error', () => {
    const content = renderThresholdResult(undefined, 'KCS-RES-001: bad\nworse');
    expect(content).toBe('THRESHOLD_RESULT=1\n# error: KCS-RES-001: bad worse\n');
    expect(source(content).value).toBe('1');
  });
});

describe('summary.json', () => {
  it('holds result, compliance, counts, violations, profiles, platform and the image', () => {
    const s = buildSummaryJson(evaluate('failed: {total: {max: 0}}'), {
      image: 'img:1',
      imageDigest: 'sha256:00',
      profile: 'p',
      threshold: 'strict',
    });
    expect(s).toMatchObject({
      result: 'fail',
      compliance: 50,
      image: 'img:1',
      imageDigest: 'sha256:00',
      profiles: [{ name: 'p' }],
      platform: { name: 'debian', release: '12' },
      thresholdGiven: true,
    });
    expect(s.counts?.failed).toEqual({ total: 1, critical: 0, high: 1, medium: 0, low: 0, none: 0 });
    expect(s.violations[0]).toMatchObject({ rule: 'failed.total.max', expected: 0, actual: 1 });
  });
  it('is result=error with the message when there is no evaluation', () => {
    expect(buildSummaryJson(undefined, { error: 'KCS-RES-001: x', image: 'i' })).toMatchObject({
      result: 'error',
      error: 'KCS-RES-001: x',
      compliance: null,
      counts: null,
      image: 'i',
    });
  });
});

describe('writeResultFiles', () => {
  it('writes the four files of DESIGN §7', async () => {
    const dir = join(makeTempDir('kcs-out-'), 'nested');
    const files = await writeResultFiles(dir, {
      reportText: text,
      evaluation: evaluate('failed: {total: {max: 0}}'),
      meta: { image: 'img' },
    });
    expect(files).toEqual({
      resultsFile: join(dir, 'scan-results.json'),
      summaryFile: join(dir, 'scan-summary.md'),
      thresholdFile: join(dir, 'threshold-result.txt'),
      summaryJsonFile: join(dir, 'summary.json'),
    });
    expect(readFileSync(files.resultsFile ?? '', 'utf8')).toBe(text);
    expect(readFileSync(files.summaryFile, 'utf8')).toMatch(/^## ❌ Compliance scan failed the threshold/);
    expect(readFileSync(files.thresholdFile, 'utf8')).toMatch(/^THRESHOLD_RESULT=1\n/);
    expect(JSON.parse(readFileSync(files.summaryJsonFile, 'utf8'))).toMatchObject({ result: 'fail', image: 'img' });
  });

  it('on an error still writes the report it has and an error summary', async () => {
    const dir = makeTempDir('kcs-out-');
    const files = await writeResultFiles(dir, { reportText: '{"trunc', error: 'KCS-RES-001: cut short', meta: {} });
    expect(readFileSync(files.resultsFile ?? '', 'utf8')).toBe('{"trunc');
    expect(readFileSync(files.summaryFile, 'utf8')).toMatch(/^## ⚠️ Compliance scan error/);
    expect(readFileSync(files.thresholdFile, 'utf8')).toBe('THRESHOLD_RESULT=1\n# error: KCS-RES-001: cut short\n');
    expect(JSON.parse(readFileSync(files.summaryJsonFile, 'utf8'))).toMatchObject({
      result: 'error',
      error: 'KCS-RES-001: cut short',
    });
  });

  it('without a report writes no scan-results.json', async () => {
    const dir = makeTempDir('kcs-out-');
    const files = await writeResultFiles(dir, { error: 'KCS-K8S-001: no cluster', meta: {} });
    expect(files.resultsFile).toBeUndefined();
    expect(existsSync(join(dir, 'scan-results.json'))).toBe(false);
  });
});
