import { InputError } from '../errors.js';
import { assertControl, assertExecJson } from './hdf-schema.js';
import { parseReportText } from './json-scan.js';
import { isSeverity, type Severity, type Status } from './types.js';

// Loads a report and decides which controls count and with which status and severity, exactly as the SAF CLI
// (inspecjs 2.12.6 `contextualizeEvaluation` + `ExecControl`) does. See reference/saf-threshold.md.

export interface RawResult {
  status?: string | null | undefined;
  backtrace?: string[] | null | undefined;
  message?: string | null | undefined;
  exception?: string | null | undefined;
  code_desc: string;
  skip_message?: string | null;
}

export interface RawControl {
  id: string;
  title?: string | null;
  impact: number;
  tags: Record<string, unknown>;
  results: RawResult[];
  waiver_data?: { skipped_due_to_waiver?: boolean | string | null | undefined } | null | undefined;
}

export interface RawProfile {
  name: string;
  version?: string | null;
  title?: string | null;
  parent_profile?: string | null;
  status?: string | null;
  status_message?: string | null;
  controls: RawControl[];
}

export interface RawReport {
  platform: { name: string; release: string };
  profiles: RawProfile[];
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
}

/** Keeps what the evaluation reads of a control that passed the schema check. */
function leanControl(value: unknown): RawControl {
  const c = value as RawControl & { tags: Record<string, unknown> };
  const tags: Record<string, unknown> = {};
  if (c.tags['severity'] !== undefined) tags['severity'] = c.tags['severity'];
  if (c.tags['severityoverride'] !== undefined) tags['severityoverride'] = c.tags['severityoverride'];
  return {
    id: c.id,
    ...(c.title !== undefined ? { title: c.title } : {}),
    impact: c.impact,
    tags,
    results: c.results.map((r) => ({
      status: r.status,
      backtrace: r.backtrace,
      message: r.message,
      exception: r.exception,
      code_desc: r.code_desc,
    })),
    ...(c.waiver_data ? { waiver_data: { skipped_due_to_waiver: c.waiver_data.skipped_due_to_waiver } } : {}),
  };
}

/**
 * Reports up to this size are parsed whole with JSON.parse (fastest); larger ones with the scanner of json-scan.ts,
 * which never holds the whole object graph (a 60 MB report then peaks near 150 MB instead of 400 MB).
 */
export const SCAN_ABOVE_BYTES = 8 * 1024 * 1024;

function decode(text: string | Uint8Array): string {
  return typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8');
}

function parseWhole(text: string | Uint8Array, origin: string): unknown {
  const parsed: unknown = JSON.parse(decode(text));
  const profiles = (parsed as { profiles?: unknown } | null)?.profiles;
  if (!Array.isArray(profiles)) return parsed;
  profiles.forEach((profile: unknown, p) => {
    const controls = (profile as { controls?: unknown } | null)?.controls;
    if (!Array.isArray(controls)) return;
    controls.forEach((control: unknown, i) => {
      assertControl(control, `profiles[${p}].controls[${i}]`, origin);
      controls[i] = leanControl(control);
    });
  });
  return parsed;
}

/**
 * Parses and checks a report: each control against the schema, keeping only what the evaluation reads. Reports over
 * `scanAbove` bytes are scanned control by control, so a 60 MB report never exists as one object graph.
 */
export function parseReportJson(text: string | Uint8Array, origin: string, scanAbove = SCAN_ABOVE_BYTES): RawReport {
  let parsed: unknown;
  try {
    parsed =
      text.length > scanAbove
        ? parseReportText(text, (control, profile, index) => {
            assertControl(control, `profiles[${profile}].controls[${index}]`, origin);
            return leanControl(control);
          })
        : parseWhole(text, origin);
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
  return parsed as RawReport;
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
function linkControls(report: RawReport): Node[][] {
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
  return nodes;
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
  /** Severity tags outside the buckets (e.g. "High"), with how many controls carry them. */
  unbucketedSeverities: Map<string, number>;
}

/** The controls the SAF CLI counts: those of profiles[0] that nothing extends, each judged by its deepest control. */
export function countedControls(report: RawReport, origin: string): CountedReport {
  const nodes = linkControls(report);
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
    });
  }
  return { controls, unbucketedSeverities };
}
