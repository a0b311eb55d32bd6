import { InputError } from '../errors.js';
import {
  countedControls,
  parseReportJson,
  SCAN_ABOVE_BYTES,
  type CountedControl,
  type RawReport,
  type ReportReader,
} from './report.js';
import type { Threshold } from './threshold.js';
import { emptyCounts, SEVERITIES, STATUSES, type Counts, type Severity, type Status } from './types.js';

export interface Violation {
  /** Dotted rule path as written in a threshold file, e.g. `failed.critical.max`. */
  rule: string;
  expected: number | string | string[];
  actual: number | string | string[];
  /** The SAF CLI's message for this rule (without its `Error: ` prefix). */
  message: string;
}

export interface ControlSummary {
  id: string;
  title: string | undefined;
  status: Status;
  /** The severity as the report gives it (a tag may be spelt "High"); sorting uses its lowercase. */
  severity: string;
  impact: number;
  message: string | undefined;
}

export interface Evaluation {
  result: 'pass' | 'fail';
  compliance: number;
  counts: Counts;
  violations: Violation[];
  profiles: { name: string; version?: string; title?: string }[];
  platform?: { name: string; release: string };
  /** Failed and errored controls, most severe first. */
  controls: ControlSummary[];
  thresholdGiven: boolean;
  warnings: string[];
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, none: 4 };
const STATUS_RANK: Partial<Record<Status, number>> = { failed: 0, error: 1 };

function countControls(controls: CountedControl[]): Counts {
  const counts = emptyCounts();
  for (const c of controls) {
    counts[c.status].total += 1;
    if (c.severity) counts[c.status][c.severity] += 1;
  }
  return counts;
}

/** The SAF CLI's compliance: passed over everything but not-applicable, rounded; 0 when nothing is in the denominator. */
export function complianceOf(counts: Counts): number {
  const denominator = counts.passed.total + counts.failed.total + counts.skipped.total + counts.error.total;
  return denominator === 0 ? 0 : Math.round((100 * counts.passed.total) / denominator);
}

function countMessage(rule: string, status: Status, actual: number, relation: string, limit: number): string {
  return `${rule}: Threshold not met. Number of received total ${status} controls (${actual}) is ${relation} your set threshold for the number of ${status} controls (${limit})`;
}

function idsBySeverity(controls: CountedControl[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const c of controls) {
    const key = `${c.status}.${c.severityAsWritten}`;
    const list = map.get(key);
    if (list) list.push(c.id);
    else map.set(key, [c.id]);
  }
  return map;
}

function checkControlList(rule: string, expected: string[], actual: string[]): Violation | undefined {
  // The CLI: every expected id must be present, then the lengths must match. An empty list is the one deviation:
  // the CLI fails it even on an empty bucket (it compares 0 with `undefined`); here it means "no controls".
  const missing = expected.find((id) => !actual.includes(id));
  if (missing !== undefined) {
    return {
      rule,
      expected,
      actual,
      message: `Expected ${rule} to contain ${missing} controls but it only contained [${actual.join(', ')}]`,
    };
  }
  if (expected.length !== actual.length) {
    return {
      rule,
      expected,
      actual,
      message: `Expected ${rule} to contain ${expected.length} controls but it contained ${actual.length}`,
    };
  }
  return undefined;
}

/** Every violated rule, in the order the SAF CLI checks them; rules the CLI does not check come last. */
export function checkThreshold(
  threshold: Threshold,
  counts: Counts,
  compliance: number,
  controls: CountedControl[],
): Violation[] {
  const violations: Violation[] = [];
  const { min: cMin, max: cMax } = threshold.compliance;
  // The CLI skips a limit of 0 (`if (min && …)`); min 0 can never fail, max 0 is checked at the end (a deviation).
  if (cMin && compliance < cMin) {
    violations.push({
      rule: 'compliance.min',
      expected: cMin,
      actual: compliance,
      message: 'Overall compliance minimum was not satisfied',
    });
  }
  if (cMax && compliance > cMax) {
    violations.push({
      rule: 'compliance.max',
      expected: cMax,
      actual: compliance,
      message: 'Overall compliance maximum was not satisfied',
    });
  }
  for (const status of STATUSES) {
    const exact = threshold.totalExact[status];
    const actual = counts[status].total;
    if (exact !== undefined && actual !== exact) {
      const rule = `${status}.total`;
      violations.push({
        rule,
        expected: exact,
        actual,
        message: countMessage(rule, status, actual, 'not equal to', exact),
      });
    }
  }
  const cliTotalStatuses = STATUSES.filter((s) => s !== 'no_impact');
  const totalChecks = (statuses: readonly Status[]) => {
    for (const kind of ['min', 'max'] as const) {
      for (const status of statuses) {
        const limit = threshold.totals[status]?.[kind];
        const actual = counts[status].total;
        if (limit === undefined) continue;
        if (kind === 'min' ? actual < limit : actual > limit) {
          const rule = `${status}.total.${kind}`;
          const relation = kind === 'min' ? 'less than' : 'greater than';
          violations.push({
            rule,
            expected: limit,
            actual,
            message: countMessage(rule, status, actual, relation, limit),
          });
        }
      }
    }
  };
  totalChecks(cliTotalStatuses);
  const bucketOrder: Status[] = ['passed', 'failed', 'skipped', 'error', 'no_impact'];
  for (const severity of SEVERITIES) {
    for (const status of bucketOrder) {
      if (severity === 'none' && status !== 'no_impact') continue;
      const rule = threshold.buckets[status]?.[severity];
      const actual = counts[status][severity];
      for (const kind of ['min', 'max'] as const) {
        const limit = rule?.[kind];
        if (limit === undefined) continue;
        if (kind === 'min' ? actual < limit : actual > limit) {
          const path = `${status}.${severity}.${kind}`;
          const relation = kind === 'min' ? 'less than' : 'greater than';
          violations.push({
            rule: path,
            expected: limit,
            actual,
            message: countMessage(path, status, actual, relation, limit),
          });
        }
      }
    }
  }
  const ids = idsBySeverity(controls);
  for (const severity of SEVERITIES) {
    for (const status of bucketOrder) {
      const expected = threshold.buckets[status]?.[severity]?.controls;
      if (expected === undefined) continue;
      const violation = checkControlList(
        `${status}.${severity}.controls`,
        expected,
        ids.get(`${status}.${severity}`) ?? [],
      );
      if (violation) violations.push(violation);
    }
  }
  // Rules the SAF CLI accepts but never checks; we honour them (documented deviations), after the CLI's own.
  if (cMax === 0 && compliance > 0) {
    violations.push({
      rule: 'compliance.max',
      expected: 0,
      actual: compliance,
      message: 'Overall compliance maximum was not satisfied',
    });
  }
  totalChecks(['no_impact']);
  return violations;
}

function bySeverity(a: ControlSummary, b: ControlSummary): number {
  const rank = (s: string) => SEVERITY_RANK[s.toLowerCase() as Severity] ?? 5;
  return (
    rank(a.severity) - rank(b.severity) ||
    (STATUS_RANK[a.status] ?? 9) - (STATUS_RANK[b.status] ?? 9) ||
    b.impact - a.impact ||
    a.id.localeCompare(b.id, 'en')
  );
}

/**
 * What the SARIF and JUnit writers read besides the evaluation: the report (each control with its details) with the
 * reader of its texts and tags, and its counted controls, in the report's order.
 */
export interface ReportDetails {
  report: RawReport;
  reader: ReportReader;
  controls: CountedControl[];
  /** No two of `controls` share an id. */
  uniqueIds: boolean;
}

/**
 * Evaluates a report (an InSpec/CINC Auditor JSON report, as text or as its UTF-8 bytes: bytes keep a large file
 * from ever becoming one large string) against an optional threshold. Invalid input is an InputError (KCS-RES-…):
 * a report nobody can evaluate must never pass a gate.
 */
export function evaluateReport(
  reportText: string | Uint8Array,
  options: { threshold?: Threshold | undefined; origin: string },
): Evaluation {
  return evaluate(reportText, options, false).evaluation;
}

/**
 * The same evaluation, plus the details the SARIF and JUnit files are written from. They keep the report's text (or
 * bytes) alive, so that the long control texts are read only when a file is written: drop them once it is.
 */
export function evaluateReportWithDetails(
  reportText: string | Uint8Array,
  options: {
    threshold?: Threshold | undefined;
    origin: string;
    /** Scan reports larger than this instead of parsing them whole (default SCAN_ABOVE_BYTES; tests use both). */
    scanAbove?: number;
  },
): { evaluation: Evaluation; details: ReportDetails } {
  const { evaluation, report, controls, uniqueIds } = evaluate(reportText, options, true);
  if (!report.reader) throw new Error('internal: a report parsed with details has no reader');
  return { evaluation, details: { report, reader: report.reader, controls, uniqueIds } };
}

function evaluate(
  reportText: string | Uint8Array,
  options: { threshold?: Threshold | undefined; origin: string; scanAbove?: number },
  details: boolean,
): { evaluation: Evaluation; report: RawReport; controls: CountedControl[]; uniqueIds: boolean } {
  const { origin, threshold } = options;
  const report = parseReportJson(reportText, origin, options.scanAbove ?? SCAN_ABOVE_BYTES, { details });
  const first = report.profiles[0];
  if (!first) {
    throw new InputError('KCS-RES-003', `${origin} has an empty "profiles" list: the scan produced no results`, {
      hint: 'Check the scan log: the profile may have failed to load.',
    });
  }
  if (first.status !== undefined && first.status !== null && first.status !== 'loaded') {
    const why = first.status_message ? `: ${first.status_message}` : '';
    throw new InputError(
      'KCS-RES-004',
      `${origin}: profile ${JSON.stringify(first.name)} did not load (status ${JSON.stringify(first.status)}${why})`,
      {
        hint: 'Fix the profile (or its platform support) and scan again; a profile that did not run cannot pass.',
      },
    );
  }
  const { controls, uniqueIds, unbucketedSeverities } = countedControls(report, origin);
  if (controls.length === 0) {
    throw new InputError(
      'KCS-RES-005',
      `${origin}: no control of the first profile ${JSON.stringify(first.name)} counts (it is empty, or a dependency is listed before its overlay)`,
      {
        hint: 'A scan in which nothing was evaluated cannot pass a gate; check the profile and its controls filter.',
      },
    );
  }
  const counts = countControls(controls);
  const compliance = complianceOf(counts);
  const warnings = [...(threshold?.warnings ?? [])];
  for (const [severity, n] of unbucketedSeverities) {
    warnings.push(
      `${n} control(s) have severity ${JSON.stringify(severity)}: as in the SAF CLI they count in the totals but in no severity bucket (the tag is not lowercase)`,
    );
  }
  const violations = threshold ? checkThreshold(threshold, counts, compliance, controls) : [];
  const summaries = controls
    .filter((c) => c.status === 'failed' || c.status === 'error')
    .map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      severity: c.severityAsWritten,
      impact: c.impact,
      message: c.message,
    }))
    .sort(bySeverity);
  const evaluation: Evaluation = {
    result: violations.length > 0 ? 'fail' : 'pass',
    compliance,
    counts,
    violations,
    profiles: report.profiles.map((p) => ({
      name: p.name,
      ...(p.version ? { version: p.version } : {}),
      ...(p.title ? { title: p.title } : {}),
    })),
    platform: { name: report.platform.name, release: report.platform.release },
    controls: summaries,
    thresholdGiven: threshold !== undefined,
    warnings,
  };
  return { evaluation, report, controls, uniqueIds };
}
