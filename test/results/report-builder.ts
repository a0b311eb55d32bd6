// Builds small, schema-valid InSpec JSON reports for table-driven tests, and reads the public sample reports committed
// in test/fixtures/hdf/ (see its README: sources, commits, licence). Samples over 256 KB are stored as NAME.json.gz;
// every function here takes the plain name (`rhel-8_hardened.json`, `invalid/truncated.json`).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { makeTempDir } from '../support/temp-dir.js';

/** The committed sample reports (some gzipped: read them with readSample, or pass samplePath to a command). */
export const SAMPLES_DIR = resolve(import.meta.dirname, '../fixtures/hdf');

function namesIn(sub: string): string[] {
  return readdirSync(join(SAMPLES_DIR, sub))
    .filter((f) => f.endsWith('.json') || f.endsWith('.json.gz'))
    .map((f) => join(sub, f.replace(/\.gz$/, '')))
    .sort();
}

/** The valid sample reports, by plain name (`bad_nginx.json`), sorted. */
export const SAMPLE_NAMES: readonly string[] = namesIn('');
/** The samples that are not loadable exec JSON, each an input error (`invalid/truncated.json`), sorted. */
export const INVALID_SAMPLE_NAMES: readonly string[] = namesIn('invalid');

/** The bytes of a sample, uncompressed. */
export function readSampleBytes(name: string): Buffer {
  const plain = join(SAMPLES_DIR, name);
  if (existsSync(plain)) return readFileSync(plain);
  if (existsSync(`${plain}.gz`)) return gunzipSync(readFileSync(`${plain}.gz`));
  throw new Error(
    `no sample ${name} in ${SAMPLES_DIR} (known: ${[...SAMPLE_NAMES, ...INVALID_SAMPLE_NAMES].join(', ')})`,
  );
}

/** The text of a sample (UTF-8), uncompressed. */
export function readSample(name: string): string {
  return readSampleBytes(name).toString('utf8');
}

const unpacked = new Map<string, string>();

/**
 * A path to the uncompressed sample, for a command that takes a file name: the committed file itself, or for a
 * gzipped one a copy decompressed once into a temporary folder, removed after the test file (test/support/temp-dir.ts).
 */
export function samplePath(name: string): string {
  const plain = join(SAMPLES_DIR, name);
  if (existsSync(plain)) return plain;
  const cached = unpacked.get(name);
  if (cached && existsSync(cached)) return cached;
  const path = join(makeTempDir('kcs-hdf-sample-'), name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, readSampleBytes(name));
  unpacked.set(name, path);
  return path;
}

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
