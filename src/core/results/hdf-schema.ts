import { InputError } from '../errors.js';

// The shape an InSpec / CINC Auditor `json` report (HDF exec-json 1.0) must have. The SAF CLI loads a report only
// when it matches this schema and otherwise treats it as unreadable, so a file that fails here is one the CLI cannot
// evaluate either. We check it in place, in one pass, without building the copy that the generated parser makes.

type FieldType =
  | 'string'
  | 'number'
  | 'boolean'
  | 'object' // any mapping
  | 'any'
  | { array: FieldType }
  | { record: string } // a named record type below
  | { enum: readonly string[] };

interface Field {
  type: FieldType;
  /** Absent (undefined) is allowed. */
  optional?: boolean;
  /** null is allowed. */
  nullable?: boolean;
  /** A string is allowed besides the main type (Reference.ref, skipped_due_to_waiver). */
  alsoString?: boolean;
}

const optString: Field = { type: 'string', optional: true, nullable: true };
const optNumber: Field = { type: 'number', optional: true, nullable: true };

const RECORDS: Record<string, Record<string, Field>> = {
  ExecJSON: {
    platform: { type: { record: 'Platform' } },
    profiles: { type: { array: { record: 'Profile' } } },
    statistics: { type: { record: 'Statistics' } },
    version: { type: 'string' },
  },
  Platform: { name: { type: 'string' }, release: { type: 'string' }, target_id: optString },
  Profile: {
    attributes: { type: { array: 'object' } },
    controls: { type: { array: { record: 'Control' } } },
    copyright: optString,
    copyright_email: optString,
    depends: { type: { array: { record: 'Dependency' } }, optional: true, nullable: true },
    description: optString,
    groups: { type: { array: { record: 'ControlGroup' } } },
    inspec_version: optString,
    license: optString,
    maintainer: optString,
    name: { type: 'string' },
    parent_profile: optString,
    sha256: { type: 'string' },
    skip_message: optString,
    status: optString,
    status_message: optString,
    summary: optString,
    supports: { type: { array: { record: 'SupportedPlatform' } } },
    title: optString,
    version: optString,
  },
  Control: {
    attestation_data: { type: { record: 'AttestationData' }, optional: true, nullable: true },
    code: optString,
    desc: optString,
    descriptions: { type: { array: { record: 'ControlDescription' } }, optional: true, nullable: true },
    id: { type: 'string' },
    impact: { type: 'number' },
    refs: { type: { array: { record: 'Reference' } } },
    results: { type: { array: { record: 'ControlResult' } } },
    source_location: { type: { record: 'SourceLocation' } },
    tags: { type: 'object' },
    title: optString,
    waiver_data: { type: { record: 'WaiverData' }, optional: true, nullable: true },
  },
  AttestationData: {
    control_id: { type: 'string' },
    explanation: { type: 'string' },
    frequency: { type: 'string' },
    status: { type: { enum: ['failed', 'passed'] } },
    updated: { type: 'string' },
    updated_by: { type: 'string' },
  },
  ControlDescription: { data: { type: 'string' }, label: { type: 'string' } },
  Reference: {
    ref: { type: { array: 'object' }, optional: true, alsoString: true },
    url: { type: 'string', optional: true },
    uri: { type: 'string', optional: true },
  },
  ControlResult: {
    backtrace: { type: { array: 'string' }, optional: true, nullable: true },
    code_desc: { type: 'string' },
    exception: optString,
    message: optString,
    resource: optString,
    resource_id: optString,
    run_time: optNumber,
    skip_message: optString,
    start_time: { type: 'string' },
    status: { type: { enum: ['error', 'failed', 'passed', 'skipped'] }, optional: true, nullable: true },
  },
  SourceLocation: { line: optNumber, ref: optString },
  WaiverData: {
    expiration_date: optString,
    justification: optString,
    message: optString,
    run: { type: 'boolean', optional: true, nullable: true },
    skipped_due_to_waiver: { type: 'boolean', optional: true, nullable: true, alsoString: true },
  },
  Dependency: {
    branch: optString,
    compliance: optString,
    git: optString,
    name: optString,
    path: optString,
    status: optString,
    status_message: optString,
    supermarket: optString,
    url: optString,
  },
  ControlGroup: { controls: { type: { array: 'string' } }, id: { type: 'string' }, title: optString },
  SupportedPlatform: {
    'os-family': optString,
    'os-name': optString,
    platform: optString,
    'platform-family': optString,
    'platform-name': optString,
    release: optString,
  },
  Statistics: {
    controls: { type: { record: 'StatisticHash' }, optional: true, nullable: true },
    duration: optNumber,
  },
  StatisticHash: {
    failed: { type: { record: 'StatisticBlock' }, optional: true, nullable: true },
    passed: { type: { record: 'StatisticBlock' }, optional: true, nullable: true },
    skipped: { type: { record: 'StatisticBlock' }, optional: true, nullable: true },
  },
  StatisticBlock: { total: { type: 'number' } },
};

class SchemaMismatch {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly value: unknown,
  ) {}
}

function describeType(type: FieldType): string {
  if (typeof type === 'string') return type === 'object' ? 'a mapping' : `a ${type}`;
  if ('array' in type) return 'a list';
  if ('record' in type) return 'a mapping';
  return `one of ${type.enum.map((e) => JSON.stringify(e)).join(', ')}`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Set while checking a report whose controls were checked one by one as they were parsed. */
let controlsChecked = false;

function checkType(value: unknown, type: FieldType, path: string): void {
  if (type === 'any') return;
  if (type === 'string' || type === 'number' || type === 'boolean') {
    if (typeof value !== type) throw new SchemaMismatch(path, describeType(type), value);
    return;
  }
  if (type === 'object') {
    if (!isMapping(value)) throw new SchemaMismatch(path, 'a mapping', value);
    return;
  }
  if ('enum' in type) {
    if (typeof value !== 'string' || !type.enum.includes(value))
      throw new SchemaMismatch(path, describeType(type), value);
    return;
  }
  if ('array' in type) {
    if (!Array.isArray(value)) throw new SchemaMismatch(path, 'a list', value);
    for (let i = 0; i < value.length; i += 1) checkType(value[i], type.array, `${path}[${i}]`);
    return;
  }
  checkRecord(value, type.record, path);
}

function checkRecord(value: unknown, name: string, path: string): void {
  if (!isMapping(value)) throw new SchemaMismatch(path, 'a mapping', value);
  const fields = RECORDS[name];
  if (!fields) throw new Error(`internal: unknown HDF record type ${name}`);
  for (const key in fields) {
    const field = fields[key] as Field;
    const child = Object.hasOwn(value, key) ? value[key] : undefined;
    const childPath = path ? `${path}.${key}` : key;
    if (controlsChecked && name === 'Profile' && key === 'controls' && Array.isArray(child)) continue;
    if (child === undefined) {
      if (field.optional) continue;
      throw new SchemaMismatch(childPath, `${describeType(field.type)} (required)`, child);
    }
    if (child === null && field.nullable) continue;
    if (typeof child === 'string' && field.alsoString) continue;
    checkType(child, field.type, childPath);
  }
}

function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function mismatchError(error: SchemaMismatch, origin: string): InputError {
  return new InputError(
    'KCS-RES-002',
    `${origin} is not a valid InSpec/CINC Auditor JSON report: ${error.path || '(top level)'} must be ${error.expected}, got ${preview(error.value)}`,
    {
      hint: 'Use the json reporter of cinc-auditor/inspec exec (`--reporter json:FILE`); json-min and profile JSON are not results.',
    },
  );
}

/**
 * Throws an InputError naming the JSON path of the first field that does not match the exec-json schema.
 * `origin` names the file (or "results") in the message. With `controlsChecked`, profiles' controls lists are taken
 * as already checked by assertControl.
 */
export function assertExecJson(report: unknown, origin: string, options: { controlsChecked?: boolean } = {}): void {
  controlsChecked = options.controlsChecked ?? false;
  try {
    checkRecord(report, 'ExecJSON', '');
  } catch (error) {
    if (error instanceof SchemaMismatch) throw mismatchError(error, origin);
    throw error;
  } finally {
    controlsChecked = false;
  }
}

/** Checks one control (at `path`, e.g. `profiles[0].controls[3]`) against the schema. */
export function assertControl(control: unknown, path: string, origin: string): void {
  try {
    checkRecord(control, 'Control', path);
  } catch (error) {
    if (error instanceof SchemaMismatch) throw mismatchError(error, origin);
    throw error;
  }
}
