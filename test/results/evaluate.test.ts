import { describe, expect, it } from 'vitest';
import { evaluateReport, parseThresholdText } from '../../src/core/results/index.js';
import { fail, pass, simpleReport, type ControlSpec } from './report-builder.js';

// 3 passed (high, medium, medium), 2 failed (critical, low), 1 skipped (medium), 1 not applicable (impact 0):
// compliance round(100·3/6) = 50.
const controls: ControlSpec[] = [
  { id: 'P1', impact: 0.7, ...pass },
  { id: 'P2', impact: 0.5, ...pass },
  { id: 'P3', impact: 0.5, ...pass },
  { id: 'F1', impact: 1.0, ...fail('critical broke') },
  { id: 'F2', impact: 0.3, ...fail('low broke') },
  { id: 'S1', impact: 0.5, results: [{ status: 'skipped' }] },
  { id: 'N1', impact: 0, ...pass },
];
const text = simpleReport(controls);

function evaluate(threshold: string) {
  return evaluateReport(text, { origin: 'r.json', threshold: parseThresholdText(threshold, 't.yml') });
}

describe('every rule kind, at its boundary', () => {
  it.each([
    ['compliance.min: 50', 'compliance: {min: 50}', []],
    ['compliance.min: 51', 'compliance: {min: 51}', ['compliance.min']],
    ['compliance.max: 50', 'compliance: {max: 50}', []],
    ['compliance.max: 49', 'compliance: {max: 49}', ['compliance.max']],
    ['failed.total: 2', 'failed: {total: 2}', []],
    ['failed.total: 1', 'failed: {total: 1}', ['failed.total']],
    ['passed.total.min: 3', 'passed: {total: {min: 3}}', []],
    ['passed.total.min: 4', 'passed: {total: {min: 4}}', ['passed.total.min']],
    ['failed.total.max: 2', 'failed: {total: {max: 2}}', []],
    ['failed.total.max: 1', 'failed: {total: {max: 1}}', ['failed.total.max']],
    ['failed.critical.max: 0', 'failed: {critical: {max: 0}}', ['failed.critical.max']],
    ['passed.medium.min: 2', 'passed: {medium: {min: 2}}', []],
    ['passed.medium.min: 3', 'passed: {medium: {min: 3}}', ['passed.medium.min']],
    ['no_impact.none.max: 0', 'no_impact: {none: {max: 0}}', ['no_impact.none.max']],
    ['failed.low.controls exact', 'failed: {low: {controls: [F2]}}', []],
    ['failed.low.controls missing', 'failed: {low: {controls: [F2, F9]}}', ['failed.low.controls']],
    ['failed.critical.controls too few', 'failed: {critical: {controls: []}}', ['failed.critical.controls']],
  ])('%s', (_name, threshold, rules) => {
    const e = evaluate(threshold);
    expect(e.violations.map((v) => v.rule)).toEqual(rules);
    expect(e.result).toBe(rules.length === 0 ? 'pass' : 'fail');
  });
});

describe('violations', () => {
  it('lists every violated rule in the CLI check order, whatever the file order, with expected and actual', () => {
    const e = evaluate(
      'failed:\n  low: {controls: [X]}\n  critical: {max: 0}\n  total: {max: 0}\n  high: {min: 1}\npassed: {total: {min: 9}}\nskipped: {total: 0}\ncompliance: {min: 90}\n',
    );
    expect(e.violations).toEqual([
      { rule: 'compliance.min', expected: 90, actual: 50, message: 'Overall compliance minimum was not satisfied' },
      {
        rule: 'skipped.total',
        expected: 0,
        actual: 1,
        message:
          'skipped.total: Threshold not met. Number of received total skipped controls (1) is not equal to your set threshold for the number of skipped controls (0)',
      },
      {
        rule: 'passed.total.min',
        expected: 9,
        actual: 3,
        message:
          'passed.total.min: Threshold not met. Number of received total passed controls (3) is less than your set threshold for the number of passed controls (9)',
      },
      {
        rule: 'failed.total.max',
        expected: 0,
        actual: 2,
        message:
          'failed.total.max: Threshold not met. Number of received total failed controls (2) is greater than your set threshold for the number of failed controls (0)',
      },
      {
        rule: 'failed.critical.max',
        expected: 0,
        actual: 1,
        message:
          'failed.critical.max: Threshold not met. Number of received total failed controls (1) is greater than your set threshold for the number of failed controls (0)',
      },
      {
        rule: 'failed.high.min',
        expected: 1,
        actual: 0,
        message:
          'failed.high.min: Threshold not met. Number of received total failed controls (0) is less than your set threshold for the number of failed controls (1)',
      },
      {
        rule: 'failed.low.controls',
        expected: ['X'],
        actual: ['F2'],
        message: 'Expected failed.low.controls to contain X controls but it only contained [F2]',
      },
    ]);
  });

  it('reports a control list with the right ids but too many entries by count', () => {
    const e = evaluate('passed: {medium: {controls: [P2, P3, P2]}}');
    expect(e.violations[0]?.message).toBe('Expected passed.medium.controls to contain 3 controls but it contained 2');
  });

  it('totals count every control, also one whose severity is in no bucket', () => {
    const e = evaluateReport(simpleReport([{ id: 'a', tags: { severity: 'High' }, ...fail() }]), {
      origin: 'r',
      threshold: parseThresholdText('failed: {total: {max: 0}, high: {max: 0}}', 't'),
    });
    expect(e.violations.map((v) => v.rule)).toEqual(['failed.total.max']);
  });
});

describe('deliberate deviations from the SAF CLI (each documented in docs/results-design-notes.md)', () => {
  it('compliance.max: 0 is checked (the CLI skips a zero limit), after every rule the CLI checks', () => {
    const e = evaluate('compliance: {max: 0}\nfailed: {total: {max: 0}}');
    expect(e.violations.map((v) => v.rule)).toEqual(['failed.total.max', 'compliance.max']);
    expect(
      evaluateReport(simpleReport([{ id: 'F', ...fail() }]), {
        origin: 'r',
        threshold: parseThresholdText('compliance: {max: 0}', 't'),
      }).result,
    ).toBe('pass');
  });

  it('no_impact.total.min and .max are checked (the CLI never checks them), last', () => {
    expect(evaluate('no_impact: {total: {max: 0}}').violations.map((v) => v.rule)).toEqual(['no_impact.total.max']);
    expect(evaluate('no_impact: {total: {min: 2}}').violations.map((v) => v.rule)).toEqual(['no_impact.total.min']);
    expect(evaluate('no_impact: {total: {min: 1, max: 1}}').violations).toEqual([]);
  });

  it('flat keys sharing a prefix are all checked (the CLI keeps only the last)', () => {
    expect(evaluate('passed.total.min: 4\npassed.total.max: 10\n').violations.map((v) => v.rule)).toEqual([
      'passed.total.min',
    ]);
  });

  it('an empty control list means "no controls" and passes on an empty bucket (the CLI always fails it)', () => {
    expect(evaluate('error: {high: {controls: []}}').result).toBe('pass');
    expect(evaluate('failed: {low: {controls: []}}').violations[0]?.message).toBe(
      'Expected failed.low.controls to contain 0 controls but it contained 1',
    );
  });

  it('an empty actual bucket prints [] where the CLI prints [undefined]', () => {
    expect(evaluate('error: {high: {controls: [E1]}}').violations[0]?.message).toBe(
      'Expected error.high.controls to contain E1 controls but it only contained []',
    );
  });
});

describe('the evaluation', () => {
  it('without a threshold passes and says so', () => {
    const e = evaluateReport(text, { origin: 'r' });
    expect(e).toMatchObject({ result: 'pass', thresholdGiven: false, violations: [], compliance: 50 });
    expect(e.platform).toEqual({ name: 'debian', release: '12' });
    expect(e.profiles).toEqual([{ name: 'p', version: '1.0.0', title: 'Profile p' }]);
  });

  it('lists failed and errored controls most severe first, with their first message', () => {
    const e = evaluateReport(
      simpleReport([
        { id: 'low', impact: 0.3, ...fail('l') },
        { id: 'err', impact: 1.0, results: [{ status: 'error', message: 'kaput' }] },
        { id: 'crit', impact: 1.0, ...fail('c') },
        { id: 'ok', ...pass },
      ]),
      { origin: 'r' },
    );
    expect(e.controls.map((c) => [c.id, c.status, c.severity, c.message])).toEqual([
      ['crit', 'failed', 'critical', 'c'],
      ['err', 'error', 'critical', 'kaput'],
      ['low', 'failed', 'low', 'l'],
    ]);
  });

  it('counts every status × severity', () => {
    expect(evaluateReport(text, { origin: 'r' }).counts).toEqual({
      passed: { total: 3, critical: 0, high: 1, medium: 2, low: 0, none: 0 },
      failed: { total: 2, critical: 1, high: 0, medium: 0, low: 1, none: 0 },
      skipped: { total: 1, critical: 0, high: 0, medium: 1, low: 0, none: 0 },
      no_impact: { total: 1, critical: 0, high: 0, medium: 0, low: 0, none: 1 },
      error: { total: 0, critical: 0, high: 0, medium: 0, low: 0, none: 0 },
    });
  });
});
