// Builds small, schema-valid InSpec JSON reports for table-driven tests.
import { resolve } from 'node:path';

export const SAMPLES = resolve(
  process.env['KCS_HDF_SAMPLES'] ?? resolve(import.meta.dirname, '../../../shared/hdf-samples'),
);

export interface ControlSpec {
  id: string;
  impact?: number;
  title?: string;
  tags?: Record<string, unknown>;
  results?: { status?: string; backtrace?: string[]; message?: string }[];
  waived?: boolean;
}

export function control(spec: ControlSpec): Record<string, unknown> {
  return {
    id: spec.id,
    title: spec.title ?? `title of ${spec.id}`,
    desc: null,
    impact: spec.impact ?? 0.5,
    refs: [],
    tags: spec.tags ?? {},
    code: '',
    source_location: { line: 1, ref: 'controls/x.rb' },
    ...(spec.waived ? { waiver_data: { skipped_due_to_waiver: true, justification: 'accepted' } } : {}),
    results: (spec.results ?? []).map((r) => ({
      status: r.status,
      code_desc: `check of ${spec.id}`,
      start_time: '2024-01-01T00:00:00+00:00',
      ...(r.message !== undefined ? { message: r.message } : {}),
      ...(r.backtrace ? { backtrace: r.backtrace } : {}),
    })),
  };
}

export interface ProfileSpec {
  name: string;
  parent?: string;
  status?: string;
  controls: ControlSpec[];
}

export function profile(spec: ProfileSpec): Record<string, unknown> {
  return {
    name: spec.name,
    version: '1.0.0',
    title: `Profile ${spec.name}`,
    sha256: '0'.repeat(64),
    supports: [],
    attributes: [],
    groups: [],
    status: spec.status ?? 'loaded',
    ...(spec.parent ? { parent_profile: spec.parent } : {}),
    controls: spec.controls.map(control),
  };
}

export function report(profiles: ProfileSpec[]): string {
  return JSON.stringify({
    platform: { name: 'debian', release: '12' },
    profiles: profiles.map(profile),
    statistics: { duration: 1 },
    version: '6.8.1',
  });
}

/** A one-profile report. */
export function simpleReport(controls: ControlSpec[]): string {
  return report([{ name: 'p', controls }]);
}

export const pass = { results: [{ status: 'passed' }] };
export const fail = (message = 'expected x') => ({ results: [{ status: 'failed', message }] });
