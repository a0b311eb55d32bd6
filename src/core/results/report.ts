import { InputError } from '../errors.js';
import { assertControl, assertExecJson } from './hdf-schema.js';
import {
  INERT_ASCII,
  parseReportText,
  spanReader,
  type ByteSink,
  type ControlTextSpans,
  type SpanReader,
  type TextSpan,
  type ValueSpan,
} from './json-scan.js';
import { isSeverity, type Severity, type Status } from './types.js';

// Loads a report and decides which controls count and with which status and severity, exactly as the SAF CLI
// (inspecjs 2.12.6 `contextualizeEvaluation` + `ExecControl`) does. See reference/saf-threshold.md.

/**
 * A text of the report that only the result writers read: the string itself, or (in a scanned report, whose texts
 * are never built) the index of where it lies in the report's source; the report's reader gives the string.
 */
export type TextRef = string | number;

export interface RawResult {
  status?: string | null | undefined;
  backtrace?: string[] | null | undefined;
  message?: string | null | undefined;
  exception?: string | null | undefined;
  code_desc: string;
  skip_message?: string | null | undefined;
}

/** What the SARIF and JUnit writers read of a control besides what the evaluation reads (kept with details only). */
export interface ControlDetail {
  /** `desc`, and the descriptions labelled default, check and fix. */
  desc: TextRef | undefined;
  default: TextRef | undefined;
  check: TextRef | undefined;
  fix: TextRef | undefined;
  /** Every tag: the mapping, or (scanned report) the index of where it lies. */
  tags: Record<string, unknown> | number;
  /** Seconds the tests took (the sum of their run times). */
  runTime: number;
  /** When its first test started (InSpec runs a control's tests in order), in ms since the epoch. */
  startTime: number | undefined;
  /** The NIST and CCI tags, as lists (kept out of `tags` so that the rules' tags need no parse); shared between
   * controls with the same list, so never to be changed. */
  nist: readonly string[];
  cci: readonly string[];
  /** The first skip message of its tests. */
  skipMessage: string | undefined;
  waiver: { skipped: boolean; justification: string | undefined; expires: string | undefined } | undefined;
}

export interface RawControl {
  id: string;
  title?: string | null;
  impact: number;
  /** Only the severity tags (every tag is in `detail`). */
  tags: Record<string, unknown>;
  results: RawResult[];
  waiver_data?: { skipped_due_to_waiver?: boolean | string | null | undefined } | null | undefined;
  detail?: ControlDetail;
}

export interface RawProfile {
  name: string;
  version?: string | null;
  title?: string | null;
  parent_profile?: string | null;
  status?: string | null;
  status_message?: string | null;
  controls: RawControl[];
  summary?: string | null;
  maintainer?: string | null;
  /** Not in the exec-json schema, but written by some tools; used as the profile's information URL when present. */
  url?: unknown;
}

export interface RawReport {
  platform: { name: string; release: string };
  profiles: RawProfile[];
  /** The version of InSpec / CINC Auditor that wrote the report. */
  version: string;
  statistics?: { duration?: number | null } | undefined;
  /** With details: reads the texts and tags the details point to. */
  reader?: ReportReader;
}

/** Reads what a control's details point to: the texts (decoded, or copied when plain) and the tags. */
export interface ReportReader {
  text(ref: TextRef): string;
  /**
   * The length of a plain text: printable ASCII, nothing to escape or trim, so valid inside a JSON string as it is
   * (and as many bytes as characters). -1 when the text is not plain.
   */
  plainLength(ref: TextRef): number;
  /** Writes the first `length` characters of a plain text to `sink`: a scanned report's bytes, copied. */
  writePlain(ref: TextRef, length: number, sink: ByteSink): void;
  /** Whether a plain text is also inert Markdown (words, digits, spaces and `,;/?` alone). */
  inert(ref: TextRef): boolean;
  tags(control: RawControl): Record<string, unknown>;
}

const PLAIN_TEXT = /^(?:[!#-[\]-~](?:[ !#-[\]-~]*[!#-[\]-~])?)?$/;

/**
 * Where a scanned report's texts and tags lie (start, end, and whether plain), in typed arrays rather than an object
 * per text: a 10,000-control report has 50,000 of them. Also the lists and strings many controls repeat (NIST and CCI
 * tags, skip messages), kept once.
 */
class SpanStore {
  private starts: Float64Array;
  private ends: Float64Array;
  private flags: Uint8Array;
  private count = 0;
  private readonly lists = new Map<string, readonly string[]>();
  private readonly singles = new Map<string, readonly string[]>();
  private readonly strings = new Map<string, string>();

  /**
   * Room for one span per kilobyte of the report (a control's four or five texts and tags take several): each time
   * the arrays grow, their old copies are garbage, and on a large report that is a megabyte of pages touched for
   * nothing.
   */
  constructor(reportBytes: number) {
    const capacity = Math.min(Math.max(4096, Math.ceil(reportBytes / 1024)), 1 << 22);
    this.starts = new Float64Array(capacity);
    this.ends = new Float64Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  add(span: TextSpan | ValueSpan): number {
    if (this.count === this.starts.length) this.grow();
    const index = this.count;
    this.starts[index] = span.start;
    this.ends[index] = span.end;
    this.flags[index] = 'plain' in span ? (span.inert ? INERT : 0) | (span.plain ? PLAIN : 0) : 0;
    this.count += 1;
    return index;
  }

  span(index: number): TextSpan {
    const flags = this.flags[index] ?? 0;
    return {
      start: this.starts[index] ?? 0,
      end: this.ends[index] ?? 0,
      plain: (flags & PLAIN) !== 0,
      inert: (flags & INERT) !== 0,
    };
  }

  /** Where the content of a text span starts (after its opening quote). */
  contentStart(index: number): number {
    return (this.starts[index] ?? 0) + 1;
  }

  /** The length of a plain span's content, else -1. */
  plainLength(index: number): number {
    return ((this.flags[index] ?? 0) & PLAIN) === 0 ? -1 : (this.ends[index] ?? 0) - (this.starts[index] ?? 0) - 2;
  }

  isInert(index: number): boolean {
    return ((this.flags[index] ?? 0) & INERT) !== 0;
  }

  /** A list of strings (a tag's value: one string or a list), the same array for the same strings. */
  list(value: unknown): readonly string[] {
    // Runs twice per control (NIST and CCI tags), mostly before V8 optimises it: no closures, and a list of one string
    // (the usual CCI tag) is keyed by that string, not by a joined copy.
    if (typeof value === 'string') return this.single(value);
    if (!Array.isArray(value)) return NO_STRINGS;
    if (value.length === 1 && typeof value[0] === 'string') return this.single(value[0]);
    const strings: string[] = [];
    let key = '';
    for (let i = 0; i < value.length; i += 1) {
      const v: unknown = value[i];
      if (typeof v !== 'string') continue;
      key += strings.length === 0 ? v : `\u0000${v}`;
      strings.push(v);
    }
    if (strings.length === 0) return NO_STRINGS;
    if (strings.length === 1) return this.single(strings[0] as string);
    let list = this.lists.get(key);
    if (list === undefined) {
      list = strings;
      this.lists.set(key, list);
    }
    return list;
  }

  private single(value: string): readonly string[] {
    let list = this.singles.get(value);
    if (list === undefined) {
      list = [value];
      this.singles.set(value, list);
    }
    return list;
  }

  string(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    let kept = this.strings.get(value);
    if (kept === undefined) {
      kept = value;
      this.strings.set(value, value);
    }
    return kept;
  }

  private grow(): void {
    const size = 2 * this.starts.length;
    const starts = new Float64Array(size);
    const ends = new Float64Array(size);
    const flags = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    flags.set(this.flags);
    this.starts = starts;
    this.ends = ends;
    this.flags = flags;
  }
}

const NO_STRINGS: readonly string[] = [];
const PLAIN = 1;
const INERT = 2;

function reportReader(spans: SpanReader | undefined, store: SpanStore): ReportReader {
  return {
    text: (ref) => (typeof ref === 'string' ? ref : spans ? spans.text(store.span(ref)) : ''),
    plainLength: (ref) => {
      if (typeof ref === 'string') return PLAIN_TEXT.test(ref) ? ref.length : -1;
      return spans ? store.plainLength(ref) : -1;
    },
    writePlain: (ref, length, sink) => {
      if (typeof ref === 'string') sink.text(length === ref.length ? ref : ref.slice(0, length));
      else if (spans) {
        const start = store.contentStart(ref);
        spans.copy(start, start + length, sink);
      }
    },
    inert: (ref) => (typeof ref === 'string' ? INERT_ASCII.test(ref) && PLAIN_TEXT.test(ref) : store.isInert(ref)),
    tags: (control) => {
      const tags = control.detail?.tags;
      if (tags === undefined) return control.tags;
      if (typeof tags !== 'number') return tags;
      const parsed = spans ? spans.value(store.span(tags)) : undefined;
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : control.tags;
    },
  };
}

/** A counted control: the one the first profile lists, with status and severity taken from its deepest control. */
export interface CountedControl {
  id: string;
  title: string | undefined;
  status: Status;
  /** As the SAF CLI computes it: a tag is kept as written, so it may be e.g. "High" (then it is in no bucket). */
  severityAsWritten: string;
  /** The bucket it counts in, or undefined when the tag's spelling keeps it out of every bucket. */
  severity: Severity | undefined;
  impact: number;
  /** First failure / error message of the deepest control, for rendering. */
  message: string | undefined;
  /** The control as profiles[0] lists it (an overlay's, for an overlay) and the deepest control it extends. */
  control: RawControl;
  root: RawControl;
}

/**
 * What is kept of a passed or skipped test: its status. Only failed and errored tests are ever read further (for the
 * control's message and the failing tests); most tests of a report pass, and their texts need not outlive the parse.
 */
const PASSED_RESULT: RawResult = Object.freeze({ status: 'passed', code_desc: '' });
const SKIPPED_RESULT: RawResult = Object.freeze({ status: 'skipped', code_desc: '' });

function leanResult(r: RawResult): RawResult {
  if (!r.backtrace && r.status === 'passed') return PASSED_RESULT;
  if (!r.backtrace && r.status === 'skipped') return SKIPPED_RESULT;
  return {
    status: r.status,
    backtrace: r.backtrace,
    message: r.message,
    exception: r.exception,
    code_desc: r.code_desc,
  };
}

/** A waiver_data as the evaluation reads it: whether it skipped the control. */
const WAIVED = Object.freeze({ skipped_due_to_waiver: true });
const NOT_WAIVED = Object.freeze({ skipped_due_to_waiver: false });

/**
 * The small parts of lean controls that many controls share, made once per report: the severity tags (a report has a
 * handful of values) and the results of controls whose tests all passed. A 10,000-control report otherwise keeps
 * 20,000 small objects that every garbage collection of the parse has to copy and promote.
 */
class LeanParts {
  private readonly severityTags = new Map<string | undefined, Map<string | undefined, Record<string, unknown>>>();
  private readonly allPassed: RawResult[][] = [];

  /** The severity tags, shared when both are strings (or absent); others are checked later and rejected. */
  tags(all: Record<string, unknown>): Record<string, unknown> {
    const severity = all['severity'];
    const override = all['severityoverride'];
    if (
      !(severity === undefined || typeof severity === 'string') ||
      !(override === undefined || typeof override === 'string')
    )
      return severityTagsOf(severity, override);
    let byOverride = this.severityTags.get(severity);
    if (byOverride === undefined) this.severityTags.set(severity, (byOverride = new Map()));
    let tags = byOverride.get(override);
    if (tags === undefined) byOverride.set(override, (tags = Object.freeze(severityTagsOf(severity, override))));
    return tags;
  }

  /** The lean results, one shared list for each number of tests that all passed. */
  results(results: RawResult[]): RawResult[] {
    const lean = results.map(leanResult);
    if (lean.length > 16 || lean.some((r) => r !== PASSED_RESULT)) return lean;
    let shared = this.allPassed[lean.length];
    if (shared === undefined) this.allPassed[lean.length] = shared = Object.freeze(lean) as RawResult[];
    return shared;
  }
}

function severityTagsOf(severity: unknown, override: unknown): Record<string, unknown> {
  const tags: Record<string, unknown> = {};
  if (severity !== undefined) tags['severity'] = severity;
  if (override !== undefined) tags['severityoverride'] = override;
  return tags;
}

/** Keeps what the evaluation reads of a control that passed the schema check. */
function leanControl(value: unknown, parts: LeanParts, detail?: ControlDetail): RawControl {
  const c = value as RawControl & { tags: Record<string, unknown> };
  return {
    id: c.id,
    ...(c.title !== undefined ? { title: c.title } : {}),
    impact: c.impact,
    tags: parts.tags(c.tags),
    results: parts.results(c.results),
    ...(c.waiver_data ? { waiver_data: c.waiver_data.skipped_due_to_waiver ? WAIVED : NOT_WAIVED } : {}),
    ...(detail ? { detail } : {}),
  };
}

interface FullResult extends RawResult {
  run_time?: number | null;
  start_time?: string;
}

interface FullControl {
  desc?: string | null;
  descriptions?: { label?: unknown; data: string }[] | null;
  tags: Record<string, unknown>;
  results: FullResult[];
  waiver_data?: {
    skipped_due_to_waiver?: boolean | string | null;
    justification?: string | null;
    message?: string | null;
    expiration_date?: string | null;
    run?: boolean | null;
  } | null;
}

/** A waiver_data that neither skipped the control nor says why: the writers show nothing of it. */
const SILENT_WAIVER = Object.freeze({ skipped: false, justification: undefined, expires: undefined });

function waiverDetail(w: FullControl['waiver_data']): ControlDetail['waiver'] {
  if (!w) return undefined;
  const skipped = Boolean(w.skipped_due_to_waiver);
  const justification = w.justification ?? w.message ?? undefined;
  if (!skipped && !justification) return SILENT_WAIVER;
  return { skipped, justification, expires: w.expiration_date ?? undefined };
}

function startOf(results: FullResult[]): number | undefined {
  const text = results[0]?.start_time;
  const time = typeof text === 'string' ? Date.parse(text) : Number.NaN;
  return Number.isNaN(time) ? undefined : time;
}

/**
 * Whether the writers may show every tag of this control: its tests did not all pass or skip, or a waiver skipped it.
 * Those controls keep their parsed tags (a few hundred bytes each); the others keep where the tags lie, parsed again
 * only if an overlay makes them shown.
 */
function mayBeShownWhole(c: FullControl): boolean {
  if (c.results.length === 0 || c.waiver_data?.skipped_due_to_waiver) return true;
  for (let i = 0; i < c.results.length; i += 1) {
    const r = c.results[i] as FullResult;
    if (r.backtrace || (r.status !== 'passed' && r.status !== 'skipped')) return true;
  }
  return false;
}

/**
 * Keeps, besides what the evaluation reads, what the SARIF and JUnit writers show: the description, check and fix
 * texts and the tags (where they lie, when the report was scanned), the tests' total run time, first start and skip
 * message, and the waiver.
 */
function detailedControl(
  value: unknown,
  spans: ControlTextSpans | undefined,
  store: SpanStore,
  parts: LeanParts,
): RawControl {
  const c = value as FullControl;
  let runTime = 0;
  let skipMessage: string | undefined;
  // Index loops: this runs for every control of the report, mostly before V8 optimises it.
  for (let i = 0; i < c.results.length; i += 1) {
    const r = c.results[i] as FullResult;
    if (typeof r.run_time === 'number' && Number.isFinite(r.run_time) && r.run_time > 0) runTime += r.run_time;
    if (skipMessage === undefined && r.skip_message) skipMessage = r.skip_message;
  }
  let fallback: TextRef | undefined;
  let check: TextRef | undefined;
  let fix: TextRef | undefined;
  const descriptions: readonly { label?: unknown; data: string | TextSpan }[] = spans
    ? spans.descriptions
    : (c.descriptions ?? []);
  for (let i = 0; i < descriptions.length; i += 1) {
    const d = descriptions[i] as { label?: unknown; data: string | TextSpan };
    if (typeof d.label !== 'string') continue;
    // The labels InSpec writes are lowercase already: lowering them would make a string per description.
    const key = d.label === 'default' || d.label === 'check' || d.label === 'fix' ? d.label : d.label.toLowerCase();
    const wanted =
      (key === 'default' && fallback === undefined) ||
      (key === 'check' && check === undefined) ||
      (key === 'fix' && fix === undefined);
    if (!wanted) continue;
    const ref = typeof d.data === 'string' ? d.data : store.add(d.data);
    if (key === 'default') fallback = ref;
    else if (key === 'check') check = ref;
    else fix = ref;
  }
  const detail: ControlDetail = {
    desc: spans ? (spans.desc ? store.add(spans.desc) : undefined) : (c.desc ?? undefined),
    default: fallback,
    check,
    fix,
    tags: spans?.tags && !mayBeShownWhole(c) ? store.add(spans.tags) : c.tags,
    runTime,
    startTime: startOf(c.results),
    nist: store.list(c.tags['nist']),
    cci: store.list(c.tags['cci']),
    skipMessage: store.string(skipMessage),
    waiver: waiverDetail(c.waiver_data),
  };
  return leanControl(value, parts, detail);
}

/**
 * Reports up to this size are parsed whole with JSON.parse (fastest); larger ones with the scanner of json-scan.ts,
 * which never holds the whole object graph (a 60 MB report then peaks near 150 MB instead of 400 MB).
 */
export const SCAN_ABOVE_BYTES = 8 * 1024 * 1024;

function decode(text: string | Uint8Array): string {
  return typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8');
}

function parseWhole(
  text: string | Uint8Array,
  origin: string,
  store: SpanStore | undefined,
  parts: LeanParts,
): unknown {
  const parsed: unknown = JSON.parse(decode(text));
  const profiles = (parsed as { profiles?: unknown } | null)?.profiles;
  if (!Array.isArray(profiles)) return parsed;
  profiles.forEach((profile: unknown, p) => {
    const controls = (profile as { controls?: unknown } | null)?.controls;
    if (!Array.isArray(controls)) return;
    controls.forEach((control: unknown, i) => {
      assertControl(control, `profiles[${p}].controls[${i}]`, origin);
      controls[i] = store ? detailedControl(control, undefined, store, parts) : leanControl(control, parts);
    });
  });
  return parsed;
}

/**
 * Parses and checks a report: each control against the schema, keeping only what the evaluation reads (with
 * `details`, also what the SARIF and JUnit writers show, and `readText`). Reports over `scanAbove` bytes are scanned
 * control by control, so a 60 MB report never exists as one object graph.
 */
export function parseReportJson(
  text: string | Uint8Array,
  origin: string,
  scanAbove = SCAN_ABOVE_BYTES,
  options: { details?: boolean } = {},
): RawReport {
  const details = options.details ?? false;
  const store = details ? new SpanStore(text.length) : undefined;
  const parts = new LeanParts();
  const scanned = text.length > scanAbove;
  let parsed: unknown;
  try {
    parsed = scanned
      ? parseReportText(
          text,
          (control, profile, index, spans) => {
            assertControl(control, `profiles[${profile}].controls[${index}]`, origin);
            return store ? detailedControl(control, spans, store, parts) : leanControl(control, parts);
          },
          { textSpans: details },
        )
      : parseWhole(text, origin, store, parts);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const empty = decode(text).trim() === '';
    throw new InputError(
      'KCS-RES-001',
      empty ? `${origin} is empty` : `${origin} is not JSON (truncated or not a report): ${error.message}`,
      { hint: 'Pass the JSON report written by cinc-auditor/inspec exec --reporter json:FILE, complete.' },
    );
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && !('profiles' in parsed)) {
    const profileJson = 'controls' in parsed;
    throw new InputError(
      'KCS-RES-003',
      profileJson
        ? `${origin} is a profile description (inspec json), not scan results: it has controls but no profiles with results`
        : `${origin} has no "profiles" list: it is not an InSpec/CINC Auditor JSON report`,
      { hint: 'Run the profile with cinc-auditor exec --reporter json:FILE and pass that file.' },
    );
  }
  assertExecJson(parsed, origin, { controlsChecked: true });
  const report = parsed as RawReport;
  // The spans point into `text`, which the reader keeps alive for as long as the report is.
  if (store) report.reader = reportReader(scanned ? spanReader(text) : undefined, store);
  return report;
}

/** inspecjs' severity: the override tag, then the severity tag, kept as written; else from the impact. */
export function controlSeverity(control: RawControl, path: string, origin: string): string {
  for (const tag of ['severityoverride', 'severity'] as const) {
    const value = control.tags[tag];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      // The SAF CLI crashes on this (it lowercases the tag); we say what is wrong.
      throw new InputError(
        'KCS-RES-002',
        `${origin}: ${path}.tags.${tag} must be a string, got ${JSON.stringify(value)}`,
      );
    }
    if (isSeverity(value.toLowerCase())) return value;
  }
  return severityFromImpact(control.impact);
}

export function severityFromImpact(impact: number): Severity {
  if (impact < 0.1) return 'none';
  if (impact < 0.4) return 'low';
  if (impact < 0.7) return 'medium';
  if (impact < 0.9) return 'high';
  return 'critical';
}

/** inspecjs' ExecControl.compute_status, in its order. */
export function controlStatus(control: RawControl): Status {
  const statuses = control.results.map((r) => (r.backtrace ? 'error' : (r.status ?? 'no_status')));
  if (statuses.includes('error')) return 'error';
  if (control.waiver_data?.skipped_due_to_waiver || control.impact === 0) return 'no_impact';
  if (statuses.length === 0) return 'error';
  if (statuses.includes('failed')) return 'failed';
  if (statuses.includes('passed')) return 'passed';
  if (statuses.includes('skipped')) return 'skipped';
  return 'error';
}

function firstMessage(control: RawControl, status: Status): string | undefined {
  const wanted = status === 'error' ? 'error' : 'failed';
  for (const r of control.results) {
    const rs = r.backtrace ? 'error' : r.status;
    if (rs !== wanted) continue;
    const text = r.message ?? r.exception ?? r.code_desc;
    if (text) return text.trim();
  }
  if (status === 'error' && control.results.length === 0) return 'No describe blocks were run in this control';
  return undefined;
}

interface Node {
  control: RawControl;
  profile: number;
  index: number;
  parent: Node | undefined;
  extendedBy: number;
}

/**
 * Links controls the way inspecjs does: a profile whose parent_profile names another profile is that profile's
 * dependency; a control of a profile with dependencies extends the first dependency control with the same id;
 * controls of unlinked profiles extend the first control with the same id anywhere that has results (or the first
 * one). Maps replace inspecjs' per-control scans, which are quadratic.
 */
function linkControls(report: RawReport): { nodes: Node[][]; firstIdsUnique: boolean } {
  const profiles = report.profiles;
  const extendsFrom: number[][] = profiles.map(() => []);
  const extendedBy: number[] = profiles.map(() => 0);
  const firstByName = new Map<string, number>();
  profiles.forEach((p, i) => {
    if (!firstByName.has(p.name)) firstByName.set(p.name, i);
  });
  profiles.forEach((p, i) => {
    if (p.parent_profile === undefined || p.parent_profile === null) return;
    const parent = firstByName.get(p.parent_profile);
    if (parent === undefined) return;
    extendsFrom[parent]?.push(i);
    extendedBy[i] = (extendedBy[i] ?? 0) + 1;
  });

  const nodes: Node[][] = profiles.map((p, pi) =>
    p.controls.map((control, index) => ({ control, profile: pi, index, parent: undefined, extendedBy: 0 })),
  );
  const firstById: Map<string, Node>[] = nodes.map((list) => {
    const map = new Map<string, Node>();
    for (const n of list) if (!map.has(n.control.id)) map.set(n.control.id, n);
    return map;
  });
  const globalFirst = new Map<string, Node>();
  const globalPopulated = new Map<string, Node>();
  for (const list of nodes) {
    for (const n of list) {
      if (!globalFirst.has(n.control.id)) globalFirst.set(n.control.id, n);
      if (n.control.results.length > 0 && !globalPopulated.has(n.control.id)) globalPopulated.set(n.control.id, n);
    }
  }

  for (const list of nodes) {
    for (const n of list) {
      const deps = extendsFrom[n.profile] ?? [];
      if (deps.length > 0 || (extendedBy[n.profile] ?? 0) > 0) {
        for (const dep of deps) {
          const ancestor = firstById[dep]?.get(n.control.id);
          if (ancestor) {
            ancestor.extendedBy += 1;
            n.parent = ancestor;
            break;
          }
        }
        continue;
      }
      const target = globalPopulated.get(n.control.id) ?? globalFirst.get(n.control.id);
      if (target && target !== n) {
        target.extendedBy += 1;
        n.parent = target;
      }
    }
  }
  return { nodes, firstIdsUnique: (firstById[0]?.size ?? 0) === (nodes[0]?.length ?? 0) };
}

function rootOf(node: Node, limit: number): Node {
  // parent_profile resolves to the first profile of a name, so a counted control cannot reach a cycle; the bound
  // only keeps a future change from turning one into a hang.
  let current = node;
  for (let steps = 0; current.parent; steps += 1) {
    if (steps > limit)
      throw new Error(`internal: control ${JSON.stringify(node.control.id)} has a cyclic parent chain`);
    current = current.parent;
  }
  return current;
}

export interface CountedReport {
  controls: CountedControl[];
  /** No two controls of profiles[0] share an id, so no two counted controls do (false says only that they may). */
  uniqueIds: boolean;
  /** Severity tags outside the buckets (e.g. "High"), with how many controls carry them. */
  unbucketedSeverities: Map<string, number>;
}

/** The controls the SAF CLI counts: those of profiles[0] that nothing extends, each judged by its deepest control. */
export function countedControls(report: RawReport, origin: string): CountedReport {
  const { nodes, firstIdsUnique } = linkControls(report);
  const total = nodes.reduce((sum, list) => sum + list.length, 0);
  const controls: CountedControl[] = [];
  const unbucketedSeverities = new Map<string, number>();
  for (const node of nodes[0] ?? []) {
    if (node.extendedBy > 0) continue;
    const root = rootOf(node, total);
    const path = `profiles[${root.profile}].controls[${root.index}]`;
    const severityAsWritten = controlSeverity(root.control, path, origin);
    const severity = isSeverity(severityAsWritten) ? severityAsWritten : undefined;
    if (!severity) unbucketedSeverities.set(severityAsWritten, (unbucketedSeverities.get(severityAsWritten) ?? 0) + 1);
    const status = controlStatus(root.control);
    controls.push({
      id: root.control.id,
      title: node.control.title ?? root.control.title ?? undefined,
      status,
      severityAsWritten,
      severity,
      impact: root.control.impact,
      message: status === 'failed' || status === 'error' ? firstMessage(root.control, status) : undefined,
      control: node.control,
      root: root.control,
    });
  }
  return { controls, uniqueIds: firstIdsUnique, unbucketedSeverities };
}
