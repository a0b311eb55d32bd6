import { readFile } from 'node:fs/promises';
import { load } from 'js-yaml';
import type { ThresholdSource } from '../config.js';
import { InputError } from '../errors.js';
import { isSeverity, isStatus, SEVERITIES, type Severity, type Status } from './types.js';

// Threshold files as the SAF CLI reads them (YAML or JSON, nested or flat dotted keys), parsed strictly: anything the
// CLI would silently ignore or misread is an error here, except the keys `saf generate threshold -c` writes for
// buckets the CLI never checks, which are accepted with a warning.

export interface Limits {
  min?: number;
  max?: number;
}

export interface BucketRule extends Limits {
  controls?: string[];
}

export interface Threshold {
  /** Where it came from, for messages: a file path, `shipped:strict` or `inline`. */
  origin: string;
  compliance: Limits;
  /** `<status>.total: N` (exactly N). */
  totalExact: Partial<Record<Status, number>>;
  totals: Partial<Record<Status, Limits>>;
  buckets: Partial<Record<Status, Partial<Record<Severity, BucketRule>>>>;
  /** Keys accepted but never checked (written by `saf generate threshold -c`). */
  warnings: string[];
}

const ALLOWED = `top-level keys compliance, passed, failed, skipped, no_impact, error; under compliance: min, max; under a status: total (a number, or min/max) and critical, high, medium, low (and none for no_impact) with min, max, controls`;

function thrError(origin: string, key: string, message: string): InputError {
  return new InputError('KCS-THR-004', `threshold ${origin}: ${key ? `${key}: ` : ''}${message}`, {
    hint: `Allowed: ${ALLOWED}.`,
  });
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function parseText(text: string, origin: string): unknown {
  const meaningful = text.split(/\r?\n/).some((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  if (!meaningful) {
    throw new InputError('KCS-THR-001', `threshold ${origin} is empty${text.trim() === '' ? '' : ' (only comments)'}`, {
      hint: 'Write at least one rule, e.g. `compliance: {min: 80}`, or leave the threshold out to only report.',
    });
  }
  try {
    return load(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InputError('KCS-THR-002', `threshold ${origin} is not valid YAML or JSON: ${detail}`, {
      hint: 'Check indentation and quoting; JSON is valid YAML.',
    });
  }
}

/**
 * Turns `a.b.c: v` keys into nested mappings, at any level, and merges them with nested keys. A path given twice
 * is an error (the CLI silently keeps only one of them).
 */
function expandDotted(value: Record<string, unknown>, origin: string, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, child] of Object.entries(value)) {
    const parts = rawKey.split('.');
    let target = out;
    for (let i = 0; i < parts.length - 1; i += 1) {
      const part = parts[i] as string;
      const existing = target[part];
      if (existing === undefined) target[part] = {};
      else if (!isMapping(existing)) throw conflict(origin, prefix + parts.slice(0, i + 1).join('.'));
      target = target[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1] as string;
    const full = prefix + rawKey;
    const expanded = isMapping(child) ? expandDotted(child, origin, `${full}.`) : child;
    const existing = target[last];
    if (existing === undefined) target[last] = expanded;
    else if (isMapping(existing) && isMapping(expanded))
      target[last] = mergeMappings(existing, expanded, origin, `${full}.`);
    else throw conflict(origin, full);
  }
  return out;
}

function mergeMappings(a: Record<string, unknown>, b: Record<string, unknown>, origin: string, prefix: string) {
  const out = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (isMapping(existing) && isMapping(value))
      out[key] = mergeMappings(existing, value, origin, `${prefix}${key}.`);
    else throw conflict(origin, prefix + key);
  }
  return out;
}

function conflict(origin: string, key: string): InputError {
  return new InputError('KCS-THR-007', `threshold ${origin}: ${key} is given more than once (nested and dotted)`, {
    hint: 'Give each rule once.',
  });
}

function limitValue(origin: string, key: string, value: unknown, kind: 'count' | 'percent'): number {
  const allowed = kind === 'count' ? 'a whole number of controls, 0 or more' : 'a percentage from 0 to 100';
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0 &&
    (kind === 'count' ? Number.isInteger(value) : value <= 100);
  if (!ok) {
    throw new InputError('KCS-THR-005', `threshold ${origin}: ${key} is ${show(value)}; it must be ${allowed}`, {
      hint: `Write it unquoted, e.g. ${key}: ${kind === 'count' ? 0 : 80}.`,
    });
  }
  return value;
}

function parseLimits(origin: string, key: string, value: unknown, kind: 'count' | 'percent', empty: string[]): Limits {
  if (!isMapping(value)) throw thrError(origin, key, `must be a mapping with min and/or max, got ${show(value)}`);
  if (Object.keys(value).length === 0) empty.push(key);
  const limits: Limits = {};
  for (const [k, v] of Object.entries(value)) {
    if (k !== 'min' && k !== 'max') throw thrError(origin, `${key}.${k}`, 'unknown limit (allowed: min, max)');
    limits[k] = limitValue(origin, `${key}.${k}`, v, kind);
  }
  return limits;
}

function parseControlList(origin: string, key: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'string')) {
    throw new InputError(
      'KCS-THR-006',
      `threshold ${origin}: ${key} must be a list of control ids (strings), got ${show(value)}`,
      {
        hint: 'Quote ids that YAML would read as numbers, e.g. - "1.1".',
      },
    );
  }
  return value as string[];
}

function parseBucket(threshold: Threshold, status: Status, sevKey: string, value: unknown, empty: string[]): void {
  const origin = threshold.origin;
  const key = `${status}.${sevKey}`;
  if (!isMapping(value))
    throw thrError(origin, key, `must be a mapping with min, max and/or controls, got ${show(value)}`);
  if (Object.keys(value).length === 0) {
    if (!isSeverity(sevKey) || (sevKey === 'none' && status !== 'no_impact')) {
      throw thrError(
        origin,
        key,
        `unknown severity ${JSON.stringify(sevKey)} for ${status} (allowed: critical, high, medium, low${status === 'no_impact' ? ', none' : ''})`,
      );
    }
    empty.push(key);
    return;
  }
  // `saf generate threshold -c` writes control lists under the severity as a tag spells it ("High") and under
  // `none` for every status; the CLI never checks those buckets.
  const checked = isSeverity(sevKey) && (sevKey !== 'none' || status === 'no_impact');
  if (!checked) {
    const generatedShape = isSeverity(sevKey.toLowerCase()) && Object.keys(value).every((k) => k === 'controls');
    if (!generatedShape) {
      throw thrError(
        origin,
        key,
        `unknown severity ${JSON.stringify(sevKey)} for ${status} (allowed: critical, high, medium, low${status === 'no_impact' ? ', none' : ''})`,
      );
    }
    parseControlList(origin, `${key}.controls`, value['controls']);
    threshold.warnings.push(
      `threshold ${origin}: ${key}.controls is not checked (the SAF CLI never checks this bucket); ignored`,
    );
    return;
  }
  const rule: BucketRule = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'min' || k === 'max') rule[k] = limitValue(origin, `${key}.${k}`, v, 'count');
    else if (k === 'controls') rule.controls = parseControlList(origin, `${key}.controls`, v);
    else throw thrError(origin, `${key}.${k}`, 'unknown limit (allowed: min, max, controls)');
  }
  (threshold.buckets[status] ??= {})[sevKey] = rule;
}

function parseStatus(threshold: Threshold, status: Status, value: unknown, empty: string[]): void {
  const origin = threshold.origin;
  if (!isMapping(value)) throw thrError(origin, status, `must be a mapping, got ${show(value)}`);
  if (Object.keys(value).length === 0) empty.push(status);
  for (const [k, v] of Object.entries(value)) {
    if (k === 'total') {
      if (isMapping(v)) {
        if ('controls' in v)
          throw thrError(
            origin,
            `${status}.total.controls`,
            'not checked by the SAF CLI; list ids per severity instead',
          );
        const limits = parseLimits(origin, `${status}.total`, v, 'count', empty);
        if (Object.keys(limits).length > 0) threshold.totals[status] = limits;
      } else {
        threshold.totalExact[status] = limitValue(origin, `${status}.total`, v, 'count');
      }
    } else {
      parseBucket(threshold, status, k, v, empty);
    }
  }
}

/** Parses a threshold (YAML or JSON text). Throws InputError KCS-THR-… naming the origin, the key and what is allowed. */
export function parseThresholdText(text: string, origin: string): Threshold {
  const parsed = parseText(text, origin);
  if (!isMapping(parsed)) {
    throw new InputError('KCS-THR-003', `threshold ${origin} must be a mapping of rules, got ${show(parsed)}`, {
      hint: 'For example:\n  compliance:\n    min: 80\n  failed:\n    critical:\n      max: 0',
    });
  }
  const tree = expandDotted(parsed, origin);
  const threshold: Threshold = { origin, compliance: {}, totalExact: {}, totals: {}, buckets: {}, warnings: [] };
  const empty: string[] = [];
  for (const [key, value] of Object.entries(tree)) {
    if (key === 'compliance') threshold.compliance = parseLimits(origin, 'compliance', value, 'percent', empty);
    else if (isStatus(key)) parseStatus(threshold, key, value, empty);
    else throw thrError(origin, key, 'unknown key');
  }
  if (!holdsRule(threshold) && threshold.warnings.length === 0) throw noRuleError(origin, empty);
  for (const group of empty) {
    threshold.warnings.push(`threshold ${origin}: ${group} is empty (no limit and no control list); ignored`);
  }
  return threshold;
}

/** Whether the threshold holds anything that is checked: a limit, an exact total or a control-id list. */
export function holdsRule(threshold: Threshold): boolean {
  const hasLimit = (limits: Limits | undefined) => limits?.min !== undefined || limits?.max !== undefined;
  return (
    hasLimit(threshold.compliance) ||
    Object.keys(threshold.totalExact).length > 0 ||
    Object.values(threshold.totals).some(hasLimit) ||
    Object.values(threshold.buckets).some((bySeverity) =>
      Object.values(bySeverity).some((rule) => hasLimit(rule) || rule.controls !== undefined),
    )
  );
}

const MINIMAL_EXAMPLE =
  'A threshold needs at least one limit or control list, for example `failed: {critical: {max: 0}}` (inline) or, in a file:\n  failed:\n    critical:\n      max: 0\nLeave the threshold out to only report.';

/**
 * A threshold that parses but holds no rule (`{}`, `failed: {}`, `failed: {critical: {}}`) would pass every report; the
 * SAF CLI reads it that way. Here it is an input error that names the empty groups.
 */
function noRuleError(origin: string, empty: string[]): InputError {
  const names = empty.map((group) => `${group}: {}`);
  const what =
    names.length === 0
      ? 'it is an empty mapping ({})'
      : `${names.length === 1 ? 'its one group is empty' : 'all its groups are empty'}: ${names.join(', ')}`;
  return new InputError('KCS-THR-009', `threshold ${origin} holds no rule (${what}), so it would pass every report`, {
    hint: MINIMAL_EXAMPLE,
  });
}

/** Reads and parses a threshold from any source the action input or the CLI flag can name. */
export async function loadThreshold(source: ThresholdSource): Promise<Threshold> {
  if (source.kind === 'inline') return parseThresholdText(source.text, 'inline');
  const origin = source.kind === 'shipped' ? `${source.name} (shipped, ${source.path})` : source.path;
  let text: string;
  try {
    text = await readFile(source.path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'does not exist'
        : `cannot be read (${(error as Error).message})`;
    throw new InputError('KCS-THR-008', `threshold file ${source.path} ${reason}`, {
      hint: 'Give a readable YAML/JSON file, inline YAML, or a shipped name (strict, moderate, baseline).',
      cause: error,
    });
  }
  return parseThresholdText(text, origin);
}

/** Every severity a status can be limited by. */
export function severitiesFor(status: Status): readonly Severity[] {
  return status === 'no_impact' ? SEVERITIES : SEVERITIES.filter((s) => s !== 'none');
}
