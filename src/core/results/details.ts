import { asciiLine } from './ascii-line.js';
import type { ReportDetails } from './evaluate.js';
import type { ByteSink } from './json-scan.js';
import type { CountedControl, RawControl, RawResult, ReportReader, TextRef } from './report.js';
import { isSeverity, type Severity } from './types.js';

// What the SARIF and JUnit writers show of a counted control, decided once for both: its texts (description, check,
// fix), its tags, its tests, its waiver. Everything here comes from the report, so it is data: control characters
// are removed and every text is bounded; each writer then escapes for its own format.

// C0 controls but tab, line feed and carriage return; DEL and C1 controls; the bidi overrides and isolates that make
// text read as something else.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** What cleanText removes or rewrites: a control character or a carriage return. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CLEAN_WORK = /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Cuts at `max` characters with an ellipsis, never between the halves of a surrogate pair. */
export function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Report text as plain multi-line text: control characters removed, line ends as `\n`, trimmed and bounded. */
export function cleanText(text: string, max: number): string {
  // Cut first (with room for what is removed): a text is often far longer than what is kept of it.
  const head = text.length > 2 * max ? text.slice(0, 2 * max) : text;
  if (!CLEAN_WORK.test(head)) return bounded(head.trim(), max);
  return bounded(head.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim(), max);
}

/** Printable ASCII words with single spaces between them: nothing for cleanLine to do. */
const SIMPLE_LINE = /^(?:[!-~]+(?: [!-~]+)*)?$/;

/** Report text as one line: every run of whitespace (line ends too) becomes one space. */
export function cleanLine(text: string, max: number): string {
  if (text.length <= max && SIMPLE_LINE.test(text)) return text;
  const head = text.length > 4 * max + 64 ? text.slice(0, 4 * max + 64) : text;
  const ascii = asciiLine(head, false);
  if (ascii !== undefined) return bounded(ascii, max);
  // \s covers U+2028 and U+2029 but not NEL (U+0085), which CONTROL removes.
  const visible = CLEAN_WORK.test(head) ? head.replace(CONTROL, '') : head;
  return bounded(visible.replace(/\s+/g, ' ').trim(), max);
}

/** Longest text kept per description, check or fix text (a STIG check text is a few thousand characters). */
export const MAX_TEXT = 10_000;

/**
 * A text of a control as the writers take it. Most texts of a large report are plain (printable ASCII, no escape):
 * those are copied from the report as they are (`writePlain`), never decoded; the others are decoded and cleaned
 * (`text`). Re-pointed from control to control (`show`) rather than made per text: a 10,000-control report has tens of
 * thousands of texts, and a writer looks at one control's at a time.
 */
export class ShownText {
  private reader: ReportReader | undefined = undefined;
  private ref: TextRef = '';
  /** The length of a plain text (valid inside a JSON string as it is), -1 when it is not plain or too long. */
  plainLength = -1;
  /** The plain text is also inert Markdown: words, digits, spaces and `,;/?` alone. */
  inert = false;
  private cleaned: string | undefined = '';

  get empty(): boolean {
    return this.plainLength <= 0 && this.cleaned === '';
  }

  /** Points at a text of the report; false, leaving this unchanged, when there is none or nothing in it to show. */
  show(reader: ReportReader, ref: TextRef | undefined): boolean {
    if (ref === undefined) return false;
    const length = reader.plainLength(ref);
    if (length >= 0 && length <= MAX_TEXT) {
      if (length === 0) return false;
      this.point(reader, ref, length, reader.inert(ref), undefined);
      return true;
    }
    const text = cleanText(reader.text(ref), MAX_TEXT);
    if (text === '') return false;
    this.point(reader, ref, -1, false, text);
    return true;
  }

  /** No text. */
  clear(): void {
    this.point(undefined, '', -1, false, '');
  }

  /** Decoded, without control characters, trimmed and bounded; '' when there is no text. */
  text(): string {
    if (this.cleaned !== undefined) return this.cleaned;
    return this.reader ? this.reader.text(this.ref) : '';
  }

  /** Writes the first `length` characters of a plain text (all of it by default), copied from the report. */
  writePlain(sink: ByteSink, length = this.plainLength): void {
    this.reader?.writePlain(this.ref, length, sink);
  }

  private point(
    reader: ReportReader | undefined,
    ref: TextRef,
    plainLength: number,
    inert: boolean,
    cleaned: string | undefined,
  ): void {
    this.reader = reader;
    this.ref = ref;
    this.plainLength = plainLength;
    this.inert = inert;
    this.cleaned = cleaned;
  }
}

/** A control's description, check and fix texts, re-pointed by each controlTexts call. */
export interface ControlTexts {
  readonly description: ShownText;
  readonly check: ShownText;
  readonly fix: ShownText;
}

export function newControlTexts(): ControlTexts {
  return { description: new ShownText(), check: new ShownText(), fix: new ShownText() };
}

/**
 * Points `texts` at the description, check and fix texts, each from the control profiles[0] lists (an overlay may
 * reword them) and else from the control it extends; check and fix from `descriptions` (InSpec 4 and later) or else
 * from tags of the same name (older profiles). Without `withCheckAndFix`, those two are left empty.
 */
export function controlTexts(
  details: ReportDetails,
  c: CountedControl,
  withCheckAndFix = true,
  texts: ControlTexts = newControlTexts(),
): ControlTexts {
  const reader = details.reader;
  const own = c.control.detail;
  const root = c.root.detail;
  // Written out rather than as a list of lookups: this runs for every control of a report, mostly before V8 has
  // optimised it, and closures made per call cost more than the lookups themselves.
  const d = texts.description;
  if (
    !d.show(reader, own?.desc) &&
    !d.show(reader, own?.default) &&
    !d.show(reader, root?.desc) &&
    !d.show(reader, root?.default)
  )
    d.clear();
  if (withCheckAndFix) {
    showTextOf(reader, c, 'check', texts.check);
    showTextOf(reader, c, 'fix', texts.fix);
  } else {
    texts.check.clear();
    texts.fix.clear();
  }
  return texts;
}

/** The check or fix text: the control's, from `descriptions` or else from a tag of that name, else its root's. */
function showTextOf(reader: ReportReader, c: CountedControl, key: 'check' | 'fix', into: ShownText): void {
  if (
    !into.show(reader, c.control.detail?.[key]) &&
    !into.show(reader, tagText(reader, c.control, key)) &&
    !into.show(reader, c.root.detail?.[key]) &&
    !into.show(reader, tagText(reader, c.root, key))
  )
    into.clear();
}

/** Older profiles keep check and fix text in tags; a scanned report's tags are parsed only when it comes to this. */
function tagText(reader: ReportReader, control: RawControl, key: 'check' | 'fix'): TextRef | undefined {
  const value = reader.tags(control)[key];
  return typeof value === 'string' ? value : undefined;
}

/** The severity to show: the tag in lowercase (the SAF CLI keeps `"High"` as written, so it is in no bucket). */
export function shownSeverity(c: CountedControl): Severity {
  const written = c.severityAsWritten;
  // Nearly always written in lowercase already: lowering it would make a string per call.
  if (isSeverity(written)) return written;
  const lower = written.toLowerCase();
  return isSeverity(lower) ? lower : 'none';
}

// Tags shown elsewhere (severity) or as texts of their own (check, fix).
const NOT_SHOWN = new Set(['severity', 'severityoverride', 'check', 'fix']);
// A tag name that reads as a name: some converters write whole paragraphs as tag keys.
const TAG_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,39}$/;
const MAX_TAGS = 20;
const MAX_TAG_VALUE = 300;

function tagValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!Array.isArray(value)) return undefined;
  let joined = '';
  for (let i = 0; i < value.length; i += 1) {
    const v: unknown = value[i];
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined;
    joined += i === 0 ? String(v) : `, ${String(v)}`;
  }
  return joined;
}

/**
 * Sets the tag's name and value (cleaned and bounded) at `at` and `at + 1` of `into`: 2, or 0 when the value is not
 * shown (not a scalar or a list of them, or blank).
 */
function putTag(key: string, raw: unknown, into: string[], at: number): number {
  const value = tagValue(raw);
  if (value === undefined || value.trim() === '') return 0;
  into[at] = key;
  into[at + 1] = cleanLine(value, MAX_TAG_VALUE);
  return 2;
}

/** Every tag of the counted control, else of the control it extends (an overlay may list none). */
export function allTags(details: ReportDetails, c: CountedControl): Record<string, unknown> {
  const own = details.reader.tags(c.control);
  for (const key in own) if (!NOT_SHOWN.has(key)) return own;
  return details.reader.tags(c.root);
}

/**
 * The tags worth showing, name then value (cleaned and bounded) for each, set from the start of `into` (a list the
 * caller reuses: 40 entries at most): NIST and CCI first, then the others in the report's order; only scalar and list
 * values, at most 20. Names are safe as they are (TAG_NAME). Returns how many entries were set.
 */
export function tagPairs(tags: Record<string, unknown>, into: string[]): number {
  let count = 0;
  // Written out, without closures or tuples: this runs for every control with a result, mostly before V8 optimises it.
  for (let i = 0; i < FIRST_TAGS.length; i += 1) {
    const key = FIRST_TAGS[i] as string;
    if (key in tags) count += putTag(key, tags[key], into, count);
  }
  for (const key in tags) {
    if (count === 2 * MAX_TAGS) break;
    if (key === 'nist' || key === 'cci' || NOT_SHOWN.has(key) || !TAG_NAME.test(key)) continue;
    count += putTag(key, tags[key], into, count);
  }
  return count;
}

/** Shown before every other tag. */
const FIRST_TAGS: readonly string[] = ['nist', 'cci'];

/** The NIST or CCI tags of the control (else of the control it extends), cleaned. */
export function listTag(c: CountedControl, key: 'nist' | 'cci'): string[] {
  return rawListTag(c, key)
    .filter((v) => v.trim() !== '')
    .map((v) => cleanLine(v, 60));
}

/** The NIST or CCI tags of the control (else of the control it extends), as the report has them. */
export function rawListTag(c: CountedControl, key: 'nist' | 'cci'): readonly string[] {
  const own = c.control.detail?.[key] ?? NO_LIST;
  return own.length > 0 ? own : (c.root.detail?.[key] ?? NO_LIST);
}

const NO_LIST: readonly string[] = Object.freeze([]);

/** A result's status as the SAF CLI reads it: a backtrace makes it an error. */
export function testStatus(r: RawResult): string {
  return r.backtrace ? 'error' : (r.status ?? 'no status');
}

/** The tests that made the control fail (or error), in the report's order. */
export function decisiveTests(c: CountedControl): RawResult[] {
  const wanted = c.status === 'error' ? 'error' : 'failed';
  const results = c.root.results;
  const decisive: RawResult[] = [];
  for (let i = 0; i < results.length; i += 1) {
    const r = results[i] as RawResult;
    if (testStatus(r) === wanted) decisive.push(r);
  }
  return decisive;
}

/** What a test said: its message, else its exception, else nothing. */
export function testMessage(r: RawResult): string {
  return r.message ?? r.exception ?? '';
}

/** The control's waiver, when it has one with a justification or that skipped it. */
export interface Waiver {
  skipped: boolean;
  justification: string;
  expires: string | undefined;
}

export function waiverOf(c: CountedControl): Waiver | undefined {
  const w = c.root.detail?.waiver ?? c.control.detail?.waiver;
  if (!w) return undefined;
  const justification = cleanLine(w.justification ?? '', 1000);
  if (!w.skipped && justification === '') return undefined;
  return { skipped: w.skipped, justification, expires: w.expires };
}

/** Seconds the control's tests took (the sum of their run times). */
export function runTime(c: CountedControl): number {
  return c.root.detail?.runTime ?? 0;
}

/** When the first test of the scan started (the earliest start_time), or undefined if none can be read. */
export function startedAt(controls: readonly CountedControl[]): Date | undefined {
  let earliest: number | undefined;
  for (let i = 0; i < controls.length; i += 1) {
    const t = (controls[i] as CountedControl).root.detail?.startTime;
    if (t !== undefined && (earliest === undefined || t < earliest)) earliest = t;
  }
  return earliest === undefined ? undefined : new Date(earliest);
}

/**
 * The image's repository, without tag or digest (`ghcr.io/acme/app:1.2@sha256:…` → `ghcr.io/acme/app`), so that
 * every build of one image is one analysis in code scanning. A registry port (`localhost:5000/app`) is kept.
 */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return (colon > slash ? withoutDigest.slice(0, colon) : withoutDigest).trim();
}
