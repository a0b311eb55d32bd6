import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { evaluateReport } from '../../src/core/results/index.js';
import {
  controlSeverity,
  controlStatus,
  parseReportJson,
  SCAN_ABOVE_BYTES,
  severityFromImpact,
  type RawControl,
} from '../../src/core/results/report.js';
import { bigReport } from './big-report.js';
import {
  control,
  fail,
  INVALID_SAMPLE_NAMES,
  pass,
  readSample,
  readSampleBytes,
  report,
  SAMPLE_NAMES,
  simpleReport,
  type ControlSpec,
} from './report-builder.js';

function raw(spec: ControlSpec): RawControl {
  return control(spec) as unknown as RawControl;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'no error';
}

describe('control status (inspecjs order)', () => {
  it.each<[string, ControlSpec, string]>([
    [
      'an error result wins over everything',
      { id: 'a', impact: 0, waived: true, results: [{ status: 'failed' }, { status: 'error' }] },
      'error',
    ],
    ['a backtrace is an error', { id: 'a', results: [{ status: 'passed', backtrace: ['x.rb:1'] }] }, 'error'],
    ['waived is not applicable', { id: 'a', waived: true, results: [{ status: 'failed' }] }, 'no_impact'],
    ['impact 0 is not applicable', { id: 'a', impact: 0, results: [{ status: 'failed' }] }, 'no_impact'],
    ['impact 0 without results is not applicable', { id: 'a', impact: 0, results: [] }, 'no_impact'],
    ['no results is an error', { id: 'a', results: [] }, 'error'],
    [
      'any failure fails',
      { id: 'a', results: [{ status: 'passed' }, { status: 'failed' }, { status: 'skipped' }] },
      'failed',
    ],
    ['passed and skipped passes', { id: 'a', results: [{ status: 'skipped' }, { status: 'passed' }] }, 'passed'],
    ['only skipped is not reviewed', { id: 'a', results: [{ status: 'skipped' }] }, 'skipped'],
    ['results without a status are an error', { id: 'a', results: [{}] }, 'error'],
  ])('%s', (_name, spec, status) => {
    expect(controlStatus(raw(spec))).toBe(status);
  });
});

describe('control severity', () => {
  it.each<[string, ControlSpec, string]>([
    ['impact 0.09 → none', { id: 'a', impact: 0.09 }, 'none'],
    ['impact 0.1 → low', { id: 'a', impact: 0.1 }, 'low'],
    ['impact 0.39 → low', { id: 'a', impact: 0.39 }, 'low'],
    ['impact 0.4 → medium', { id: 'a', impact: 0.4 }, 'medium'],
    ['impact 0.7 → high', { id: 'a', impact: 0.7 }, 'high'],
    ['impact 0.9 → critical', { id: 'a', impact: 0.9 }, 'critical'],
    ['severity tag wins over impact', { id: 'a', impact: 0.9, tags: { severity: 'low' } }, 'low'],
    [
      'override wins over severity',
      { id: 'a', impact: 0.9, tags: { severity: 'low', severityoverride: 'medium' } },
      'medium',
    ],
    ['a tag is kept as written', { id: 'a', impact: 0.1, tags: { severity: 'High' } }, 'High'],
    ['an unknown tag falls back to impact', { id: 'a', impact: 0.5, tags: { severity: 'CAT II' } }, 'medium'],
  ])('%s', (_name, spec, severity) => {
    expect(controlSeverity(raw(spec), 'p', 'r')).toBe(severity);
  });
  it('refuses a non-string severity tag (the SAF CLI crashes on it)', () => {
    expect(
      codeOf(() => controlSeverity(raw({ id: 'a', tags: { severity: 3 } }), 'profiles[0].controls[0]', 'r.json')),
    ).toBe('KCS-RES-002: r.json: profiles[0].controls[0].tags.severity must be a string, got 3');
  });
  it('severityFromImpact covers 1.0', () => expect(severityFromImpact(1)).toBe('critical'));
});

describe('which controls count', () => {
  it('an overlay takes status and severity from its dependency, even when it sets impact 0', () => {
    const text = report([
      {
        name: 'overlay',
        controls: [
          { id: 'C1', impact: 0, title: 'overlay title' },
          { id: 'C2', impact: 0.3 },
        ],
      },
      {
        name: 'base',
        parent: 'overlay',
        controls: [
          { id: 'C1', impact: 0.7, ...fail('boom') },
          { id: 'C2', impact: 0.9, ...pass },
          { id: 'C3', ...pass },
        ],
      },
    ]);
    const e = evaluateReport(text, { origin: 'r' });
    expect(e.counts.failed).toMatchObject({ total: 1, high: 1 });
    expect(e.counts.passed).toMatchObject({ total: 1, critical: 1 });
    // C3 is only in the dependency: only profiles[0] counts.
    expect(e.counts.passed.total + e.counts.failed.total).toBe(2);
    expect(e.controls).toEqual([
      { id: 'C1', title: 'overlay title', status: 'failed', severity: 'high', impact: 0.7, message: 'boom' },
    ]);
  });

  it('a three-level overlay chain resolves to the deepest control', () => {
    const text = report([
      { name: 'top', controls: [{ id: 'C1', impact: 0.1 }] },
      { name: 'mid', parent: 'top', controls: [{ id: 'C1', impact: 0.2 }] },
      { name: 'deep', parent: 'mid', controls: [{ id: 'C1', impact: 0.95, ...fail() }] },
    ]);
    expect(evaluateReport(text, { origin: 'r' }).counts.failed).toMatchObject({ total: 1, critical: 1 });
  });

  it('profiles without links are linked by control id (the copy with results wins)', () => {
    const text = report([
      { name: 'a', controls: [{ id: 'C1', impact: 0.5 }] },
      { name: 'b', controls: [{ id: 'C1', impact: 0.5, ...fail() }] },
    ]);
    expect(evaluateReport(text, { origin: 'r' }).counts.failed.total).toBe(1);
  });

  it('a duplicate id counts once; a third copy counts again, as in the SAF CLI', () => {
    const two = simpleReport([
      { id: 'D', ...pass },
      { id: 'D', ...fail() },
    ]);
    const e2 = evaluateReport(two, { origin: 'r' });
    expect([e2.counts.passed.total, e2.counts.failed.total]).toEqual([1, 0]);
    const three = simpleReport([
      { id: 'D', ...pass },
      { id: 'D', ...fail() },
      { id: 'D', results: [] },
    ]);
    const e3 = evaluateReport(three, { origin: 'r' });
    expect(e3.counts.passed.total).toBe(2);
  });

  it('a dependency listed first counts only what its overlay does not extend; if that is nothing, it is an error', () => {
    const text = report([
      { name: 'base', parent: 'overlay', controls: [{ id: 'C1', ...pass }] },
      { name: 'overlay', controls: [{ id: 'C1' }] },
    ]);
    expect(codeOf(() => evaluateReport(text, { origin: 'r.json' }))).toMatch(
      /^KCS-RES-005: r.json: no control of the first profile "base" counts/,
    );
  });

  it('profiles whose parent_profile links form a cycle count nothing: an error, not a hang', () => {
    const text = report([
      { name: 'a', parent: 'b', controls: [{ id: 'C1', ...pass }] },
      { name: 'b', parent: 'a', controls: [{ id: 'C1', ...pass }] },
    ]);
    expect(codeOf(() => evaluateReport(text, { origin: 'r.json' }))).toMatch(
      /^KCS-RES-005: r.json: no control of the first profile "a" counts/,
    );
  });

  it('a severity tag written "High" counts in the total and in no bucket, with a warning', () => {
    const e = evaluateReport(simpleReport([{ id: 'a', tags: { severity: 'High' }, ...fail() }]), { origin: 'r' });
    expect(e.counts.failed).toEqual({ total: 1, critical: 0, high: 0, medium: 0, low: 0, none: 0 });
    expect(e.warnings).toEqual([
      '1 control(s) have severity "High": as in the SAF CLI they count in the totals but in no severity bucket (the tag is not lowercase)',
    ]);
  });

  it('compliance rounds like the CLI and ignores not-applicable controls', () => {
    const e = evaluateReport(
      simpleReport([
        { id: 'a', ...pass },
        { id: 'b', ...pass },
        { id: 'c', ...fail() },
        { id: 'd', impact: 0 },
      ]),
      { origin: 'r' },
    );
    expect(e.compliance).toBe(67);
    const onlyNa = evaluateReport(simpleReport([{ id: 'd', impact: 0 }]), { origin: 'r' });
    expect(onlyNa.compliance).toBe(0);
  });
});

describe('fail closed on invalid results', () => {
  it.each([
    ['not JSON', '{"profiles": [', /^KCS-RES-001: r.json is not JSON \(truncated or not a report\)/],
    ['empty', '  ', /^KCS-RES-001: r.json is empty$/],
    ['JSON list', '[]', /^KCS-RES-002: r.json is not a valid .*: \(top level\) must be a mapping, got \[\]/],
    ['profile JSON', '{"name": "x", "controls": []}', /^KCS-RES-003: r.json is a profile description/],
    ['no profiles key', '{"version": "1"}', /^KCS-RES-003: r.json has no "profiles" list/],
    [
      'empty profiles',
      JSON.stringify({ ...JSON.parse(report([])) }),
      /^KCS-RES-003: r.json has an empty "profiles" list/,
    ],
    [
      'first profile failed to load',
      report([{ name: 'p', status: 'failed', controls: [] }]),
      /^KCS-RES-004: r.json: profile "p" did not load \(status "failed"\)/,
    ],
    ['skipped profile', report([{ name: 'p', status: 'skipped', controls: [{ id: 'a', ...pass }] }]), /^KCS-RES-004/],
    ['empty profile', report([{ name: 'p', controls: [] }]), /^KCS-RES-005/],
    [
      'impact as string',
      simpleReport([{ id: 'a', impact: '0.5' as unknown as number }]),
      /profiles\[0\]\.controls\[0\]\.impact must be a number, got "0.5"/,
    ],
    [
      'unknown result status',
      simpleReport([{ id: 'a', results: [{ status: 'unknown' }] }]),
      /results\[0\]\.status must be one of "error", "failed", "passed", "skipped", got "unknown"/,
    ],
  ])('%s', (_name, text, pattern) => {
    expect(codeOf(() => evaluateReport(text, { origin: 'r.json' }))).toMatch(pattern);
  });

  const invalid = INVALID_SAMPLE_NAMES;
  it.each(invalid)('test/fixtures/hdf/%s is an InputError naming the file', (file) => {
    const text = readSample(file);
    expect(codeOf(() => evaluateReport(text, { origin: file }))).toMatch(
      new RegExp(`^KCS-RES-00[1-5]: ${file.replace('.', '\\.')}`),
    );
  });
  it('covers all seven invalid samples', () => expect(invalid).toHaveLength(7));
});

describe('the scanner path (reports over SCAN_ABOVE_BYTES) reads every report as JSON.parse does', () => {
  it.each(SAMPLE_NAMES)('%s', (file) => {
    const bytes = readSampleBytes(file);
    expect(parseReportJson(bytes, file, 0)).toEqual(parseReportJson(bytes, file));
    expect(parseReportJson(bytes.toString('utf8'), file, 0)).toEqual(parseReportJson(bytes, file));
  });
  it.each(INVALID_SAMPLE_NAMES)('%s fails with the same code', (file) => {
    const bytes = readSampleBytes(file);
    const code = (scanAbove?: number) => codeOf(() => parseReportJson(bytes, file, scanAbove)).split(':')[0];
    expect(code(0)).toBe(code());
  });
  it('a generated 10,000-control report gives the same evaluation either way', () => {
    const text = bigReport({ controls: 10_000, textBytes: 300, hostile: true });
    expect(text.length).toBeGreaterThan(SCAN_ABOVE_BYTES);
    expect(parseReportJson(text, 'big', Number.MAX_SAFE_INTEGER)).toEqual(parseReportJson(text, 'big'));
  });
});
