import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadThreshold, parseThresholdText } from '../../src/core/results/index.js';
import { inputErrorOf } from '../support/input-error.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('parseThresholdText: accepted forms', () => {
  it.each([
    ['nested YAML', 'compliance:\n  min: 80\nfailed:\n  total:\n    max: 2\n  critical:\n    max: 0\n'],
    ['flat dotted keys', 'compliance.min: 80\nfailed.total.max: 2\nfailed.critical.max: 0\n'],
    ['JSON', '{"compliance": {"min": 80}, "failed": {"total": {"max": 2}, "critical": {"max": 0}}}'],
    ['mixed nested and dotted', 'compliance:\n  min: 80\nfailed.total.max: 2\nfailed:\n  critical.max: 0\n'],
  ])('%s', (_name, text) => {
    const t = parseThresholdText(text, 't.yml');
    expect(t.compliance).toEqual({ min: 80 });
    expect(t.totals.failed).toEqual({ max: 2 });
    expect(t.buckets.failed?.critical).toEqual({ max: 0 });
    expect(t.warnings).toEqual([]);
  });

  it('keeps both of two flat keys sharing a prefix (the CLI keeps only the last)', () => {
    const t = parseThresholdText('passed.total.min: 3\npassed.total.max: 9\n', 'flat.yml');
    expect(t.totals.passed).toEqual({ min: 3, max: 9 });
  });

  it('reads a scalar total as "exactly", control lists and no_impact.none', () => {
    const t = parseThresholdText(
      'failed:\n  total: 3\n  high:\n    controls: [V-1, V-2]\nno_impact:\n  none:\n    max: 1\n',
      'x',
    );
    expect(t.totalExact.failed).toBe(3);
    expect(t.buckets.failed?.high?.controls).toEqual(['V-1', 'V-2']);
    expect(t.buckets.no_impact?.none).toEqual({ max: 1 });
  });

  it.each([
    ['failed.none.controls', 'failed:\n  none:\n    controls: [V-1]\n'],
    ['failed.High.controls', 'failed:\n  High:\n    controls: [V-1]\n'],
    ['passed.Medium.controls', 'passed.Medium.controls:\n  - V-1\n'],
  ])('accepts the generated, never-checked key %s with a warning', (key, text) => {
    const t = parseThresholdText(text, 'gen.yml');
    expect(t.warnings).toEqual([
      `threshold gen.yml: ${key} is not checked (the SAF CLI never checks this bucket); ignored`,
    ]);
    expect(t.buckets).toEqual({});
  });
});

describe('parseThresholdText: fails closed', () => {
  it.each([
    ['empty', '', 'KCS-THR-001', 'threshold t.yml is empty'],
    ['only a comment', '# nothing\n', 'KCS-THR-001', 'threshold t.yml is empty (only comments)'],
    ['null document', '~\n', 'KCS-THR-003', 'must be a mapping of rules, got null'],
    ['not YAML', 'compliance: [1, 2\n', 'KCS-THR-002', 'is not valid YAML or JSON'],
    ['a list', '- 1\n- 2\n', 'KCS-THR-003', 'must be a mapping of rules, got [1,2]'],
    ['a scalar', '42', 'KCS-THR-003', 'got 42'],
    ['unknown top-level key', 'passes:\n  total: 1\n', 'KCS-THR-004', 'passes: unknown key'],
    [
      'unknown status limit',
      'failed:\n  total:\n    maximum: 1\n',
      'KCS-THR-004',
      'failed.total.maximum: unknown limit (allowed: min, max)',
    ],
    ['unknown compliance limit', 'compliance:\n  mn: 1\n', 'KCS-THR-004', 'compliance.mn: unknown limit'],
    [
      'unknown severity',
      'failed:\n  urgent:\n    max: 0\n',
      'KCS-THR-004',
      'failed.urgent: unknown severity "urgent" for failed',
    ],
    ['none limit on failed', 'failed:\n  none:\n    max: 0\n', 'KCS-THR-004', 'failed.none: unknown severity "none"'],
    [
      'unknown bucket limit',
      'failed:\n  high:\n    maxx: 0\n',
      'KCS-THR-004',
      'failed.high.maxx: unknown limit (allowed: min, max, controls)',
    ],
    ['total controls', 'failed:\n  total:\n    controls: [V-1]\n', 'KCS-THR-004', 'failed.total.controls: not checked'],
    [
      'compliance scalar',
      'compliance: 80\n',
      'KCS-THR-004',
      'compliance: must be a mapping with min and/or max, got 80',
    ],
    ['status scalar', 'failed: 3\n', 'KCS-THR-004', 'failed: must be a mapping, got 3'],
    [
      'negative limit',
      'failed:\n  total:\n    max: -1\n',
      'KCS-THR-005',
      'failed.total.max is -1; it must be a whole number of controls, 0 or more',
    ],
    ['quoted number', 'failed:\n  total:\n    max: "2"\n', 'KCS-THR-005', 'failed.total.max is "2"'],
    ['fraction of a control', 'failed:\n  high:\n    max: 1.5\n', 'KCS-THR-005', 'failed.high.max is 1.5'],
    ['null limit', 'failed:\n  total:\n    max:\n', 'KCS-THR-005', 'failed.total.max is null'],
    [
      'compliance over 100',
      'compliance:\n  min: 101\n',
      'KCS-THR-005',
      'compliance.min is 101; it must be a percentage from 0 to 100',
    ],
    ['exact total as text', 'error:\n  total: none\n', 'KCS-THR-005', 'error.total is "none"'],
    [
      'controls not a list',
      'failed:\n  high:\n    controls: V-1\n',
      'KCS-THR-006',
      'failed.high.controls must be a list of control ids (strings), got "V-1"',
    ],
    ['numeric control id', 'failed:\n  high:\n    controls: [1.1]\n', 'KCS-THR-006', 'got [1.1]'],
    [
      'nested and dotted twice',
      'failed.total.max: 1\nfailed:\n  total:\n    max: 2\n',
      'KCS-THR-007',
      'failed.total.max is given more than once',
    ],
    [
      'scalar and mapping total',
      'failed.total: 1\nfailed.total.max: 2\n',
      'KCS-THR-007',
      'failed.total is given more than once',
    ],
  ])('%s', (_name, text, code, message) => {
    const error = inputErrorOf(() => parseThresholdText(text, 't.yml'));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    expect(error.message).toContain('t.yml');
  });
});

describe('loadThreshold', () => {
  const dir = makeTempDir('kcs-thr-');
  it('reads inline text, a file and a shipped threshold', async () => {
    writeFileSync(join(dir, 'a.yml'), 'failed:\n  total:\n    max: 4\n');
    expect((await loadThreshold({ kind: 'inline', text: 'compliance: {min: 5}' })).compliance).toEqual({ min: 5 });
    expect((await loadThreshold({ kind: 'file', path: join(dir, 'a.yml') })).totals.failed).toEqual({ max: 4 });
    const shipped = resolve(import.meta.dirname, '../../thresholds/strict.yml');
    const strict = await loadThreshold({ kind: 'shipped', name: 'strict', path: shipped });
    expect(strict.origin).toContain('strict (shipped');
  });
  it('names a missing file (KCS-THR-008)', async () => {
    await expect(loadThreshold({ kind: 'file', path: join(dir, 'nope.yml') })).rejects.toMatchObject({
      code: 'KCS-THR-008',
      message: `threshold file ${join(dir, 'nope.yml')} does not exist`,
    });
  });
  it('refuses an empty file (KCS-THR-001)', async () => {
    writeFileSync(join(dir, 'empty.yml'), '\n');
    await expect(loadThreshold({ kind: 'file', path: join(dir, 'empty.yml') })).rejects.toMatchObject({
      code: 'KCS-THR-001',
    });
  });
});

describe('shipped thresholds', () => {
  const dir = resolve(import.meta.dirname, '../../thresholds');
  it.each([
    [
      'strict',
      { compliance: { min: 100 }, totals: { failed: { max: 0 }, skipped: { max: 0 }, error: { max: 0 } }, buckets: {} },
    ],
    [
      'moderate',
      {
        compliance: { min: 70 },
        totals: {},
        buckets: { failed: { critical: { max: 0 }, high: { max: 0 }, medium: { max: 2 }, low: { max: 5 } } },
      },
    ],
    [
      'baseline',
      {
        compliance: { min: 60 },
        totals: { skipped: { max: 10 }, error: { max: 1 } },
        buckets: { failed: { critical: { max: 0 }, high: { max: 3 }, medium: { max: 5 } } },
      },
    ],
  ])('%s.yml says who it is for and holds the documented rules', (name, rules) => {
    const text = readFileSync(join(dir, `${name}.yml`), 'utf8');
    expect(text).toMatch(new RegExp(`^# ${name}: for `));
    const t = parseThresholdText(text, name);
    expect({ compliance: t.compliance, totals: t.totals, buckets: t.buckets }).toEqual(rules);
    expect(t.warnings).toEqual([]);
  });
});
