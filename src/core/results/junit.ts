import { cleanLine, cleanText, decisiveTests, runTime, startedAt, testMessage, waiverOf } from './details.js';
import type { Evaluation, ReportDetails } from './evaluate.js';
import { PLAIN_INLINE, type ResultMeta } from './markdown.js';
import { OutBuffer } from './out-buffer.js';
import type { CountedControl, RawResult } from './report.js';
import { STATUS_LABEL } from './types.js';

// scan-results.junit.xml, in the Ant JUnit format (the schema GitLab, Jenkins and most CI test reports read):
// one <testsuites> holding one <testsuite> per scan (the profile), one <testcase> per counted control
// (classname = profile name, name = control id and title, time from the report), with <failure> for failed,
// <error> for errored and <skipped> for not reviewed and not applicable controls (saying which). The suite's counts
// are the summary's: tests = every counted control, failures = failed, errors = error, skipped = not reviewed plus
// not applicable. Text from the report is escaped and stripped of characters XML 1.0 cannot hold.

export interface JunitScan {
  evaluation: Evaluation;
  details: ReportDetails;
  meta: ResultMeta;
}

// Characters XML 1.0 cannot hold (C0 controls but tab, line feed, carriage return; lone surrogates; U+FFFE, U+FFFF),
// and C1 controls and bidi overrides, which it can hold but a reader should not see.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Anything xmlText or xmlAttr would change: markup, quotes, line ends, tabs, and every character outside printable ASCII. */
const XML_WORK = /[^ !#-%(-;=?-~]/;

/** Anything xmlText would change: markup, and every character outside printable ASCII but tab and line ends. */
const TEXT_WORK = /[^\t\n\r -%'-;=?-~]/;

/** Text content: `&`, `<` and `>` escaped (so `]]>` cannot appear either). */
export function xmlText(text: string): string {
  if (!TEXT_WORK.test(text)) return text;
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes: also `"`, and line ends and tabs as references (a parser would flatten them). */
export function xmlAttr(text: string): string {
  if (!XML_WORK.test(text)) return text;
  return xmlText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** xs:decimal: plain digits, never an exponent. */
function seconds(value: number): string {
  return (Number.isFinite(value) && value > 0 ? value : 0).toFixed(6);
}

/** The schema's timestamp: ISO 8601 without a zone (we write UTC). */
function timestamp(date: Date): string {
  return date.toISOString().slice(0, 19);
}

const MAX_MESSAGE = 1000;
const MAX_BODY = 20_000;

/** A failed or errored testcase's `<failure>` or `<error>`: the first decisive test as message, all of them as text. */
function writeFailure(out: OutBuffer, c: CountedControl): void {
  const tests = decisiveTests(c);
  const first = tests[0];
  const failed = c.status === 'failed';
  const message = first
    ? cleanLine(`${first.code_desc}${testMessage(first) ? `: ${testMessage(first)}` : ''}`, MAX_MESSAGE)
    : cleanLine(c.message ?? 'no test was run in this control', MAX_MESSAGE);
  const type = failed ? 'failed' : cleanLine(first?.exception ?? 'error', 200) || 'error';
  out.text(failed ? '<failure message="' : '<error message="');
  out.text(xmlAttr(message));
  out.text('" type="');
  out.text(xmlAttr(type));
  out.text('">');
  const label = failed ? 'FAILED' : 'ERROR';
  if (tests.length !== 1 || !writeOneTestLines(out, first as RawResult, label))
    out.text(xmlText(testLines(tests, label) || message));
  out.text(failed ? '</failure>' : '</error>');
}

/** The decisive tests, one `FAILED: what` line each with what the test said indented below, cleaned and bounded. */
function testLines(tests: readonly RawResult[], label: string): string {
  let lines = '';
  for (let i = 0; i < tests.length; i += 1) {
    const t = tests[i] as RawResult;
    const said = cleanText(testMessage(t), MAX_MESSAGE);
    lines += `${i > 0 ? '\n' : ''}${label}: ${cleanLine(t.code_desc, MAX_MESSAGE)}`;
    if (said) lines += `\n  ${said.replace(/\n/g, '\n  ')}`;
  }
  return cleanText(lines, MAX_BODY);
}

/**
 * What testLines makes of a single test, written piece by piece as XML text (most failures have one decisive test,
 * and a large report has thousands of them). False, with nothing written, when the line would end in a space that
 * testLines trims. Its parts are cleaned already and far below MAX_BODY together, so nothing else would change them.
 */
function writeOneTestLines(out: OutBuffer, test: RawResult, label: string): boolean {
  const what = cleanLine(test.code_desc, MAX_MESSAGE);
  const said = cleanText(testMessage(test), MAX_MESSAGE);
  if (what === '' && said === '') return false;
  out.text(label);
  out.text(': ');
  out.text(xmlText(what));
  if (said === '') return true;
  // Each line of what the test said, indented under the test.
  for (let start = 0; ;) {
    const end = said.indexOf('\n', start);
    out.text('\n  ');
    out.text(xmlText(end < 0 ? said.slice(start) : said.slice(start, end)));
    if (end < 0) return true;
    start = end + 1;
  }
}

/** A skipped testcase's `<skipped>`, saying why: not reviewed (and the reason), not applicable, or waived. */
function skippedElement(c: CountedControl): string {
  let why: string;
  if (c.status === 'skipped') {
    const reason = c.root.detail?.skipMessage ?? c.control.detail?.skipMessage;
    why = `${STATUS_LABEL.skipped}${reason ? `: ${reason}` : ''}`;
  } else {
    const waiver = waiverOf(c);
    why = waiver?.skipped
      ? `${STATUS_LABEL.no_impact}: waived${waiver.justification ? ` (${waiver.justification})` : ''}`
      : `${STATUS_LABEL.no_impact}: impact 0`;
  }
  return `<skipped message="${xmlAttr(cleanLine(why, MAX_MESSAGE))}"/>`;
}

/** `id: title` as an attribute value (the id alone when there is no title). */
function testcaseName(c: CountedControl): string {
  const given = c.title ?? '';
  const title = given.length <= 500 && PLAIN_INLINE.test(given) ? given : cleanLine(given, 500);
  const named = `${cleanLine(c.id, 200)}:${given ? ` ${title}` : ''}`;
  return xmlAttr(named.endsWith(':') ? named.slice(0, -1) : named);
}

/** An id that testcaseName keeps as it is: printable ASCII words that need no escape in an attribute. */
const PLAIN_ID = /^[!#-%(-;=?-~]+(?: [!#-%(-;=?-~]+)*$/;

/**
 * The name, written as it is when the id and the title are plain (most testcases of a large report): no string is
 * made for it, and a 10,000-control report's testcases make almost no garbage.
 */
function writeTestcaseName(out: OutBuffer, c: CountedControl): void {
  const id = c.id;
  const title = c.title ?? '';
  if (id.length > 200 || !PLAIN_ID.test(id) || (title !== '' && (title.length > 500 || !PLAIN_INLINE.test(title)))) {
    out.text(testcaseName(c));
    return;
  }
  out.text(id);
  if (title === '') return;
  out.text(': ');
  out.text(title);
}

/**
 * A testcase, written piece by piece into `out`. `classAndTime` is `" classname="…" time="`: the classname is the
 * same for every testcase of a suite.
 */
function writeTestcase(out: OutBuffer, c: CountedControl, classAndTime: string): void {
  out.text('    <testcase name="');
  writeTestcaseName(out, c);
  out.text(classAndTime);
  out.text(seconds(runTime(c)));
  if (c.status === 'passed') {
    out.text('"/>\n');
    return;
  }
  out.text('">');
  if (c.status === 'failed' || c.status === 'error') writeFailure(out, c);
  else out.text(skippedElement(c));
  out.text('</testcase>\n');
}

function property(name: string, value: string | number | undefined): string {
  if (value === undefined || value === '') return '';
  return `      <property name="${xmlAttr(name)}" value="${xmlAttr(cleanLine(String(value), 2000))}"/>\n`;
}

function* suiteChunks(scan: JunitScan, id: number, out: OutBuffer): Generator<Buffer> {
  const { evaluation, details, meta } = scan;
  const counts = evaluation.counts;
  const profile = details.report.profiles[0];
  const name = cleanLine(profile?.name ?? '', 200) || 'profile';
  const total = details.controls.length;
  const duration = details.report.statistics?.duration;
  const time = typeof duration === 'number' ? duration : details.controls.reduce((sum, c) => sum + runTime(c), 0);
  const attrs = [
    `name="${xmlAttr(name)}"`,
    `package="${xmlAttr(name)}"`,
    `id="${id}"`,
    `timestamp="${timestamp(startedAt(details.controls) ?? new Date())}"`,
    `hostname="${xmlAttr(cleanLine(meta.image ?? '', 500) || 'localhost')}"`,
    `tests="${total}"`,
    `failures="${counts.failed.total}"`,
    `errors="${counts.error.total}"`,
    `skipped="${counts.skipped.total + counts.no_impact.total}"`,
    `time="${seconds(time)}"`,
  ];
  out.text(`  <testsuite ${attrs.join(' ')}>\n    <properties>\n`);
  out.text(
    property('profile.version', profile?.version ?? undefined) +
      property('image', meta.image) +
      property('image.digest', meta.imageDigest) +
      property('platform', `${details.report.platform.name} ${details.report.platform.release}`.trim()) +
      property('compliance', evaluation.compliance) +
      property('result', evaluation.thresholdGiven ? evaluation.result : 'no threshold') +
      property('threshold', meta.threshold) +
      property('inspec.version', details.report.version),
  );
  out.text('    </properties>\n');
  const classAndTime = `" classname="${xmlAttr(name)}" time="`;
  const controls = details.controls;
  for (let i = 0; i < controls.length; i += 1) {
    writeTestcase(out, controls[i] as CountedControl, classAndTime);
    if (out.full) yield out.take();
  }
  out.text('    <system-out/>\n    <system-err/>\n  </testsuite>\n');
}

/**
 * The JUnit XML of one or more scans (one testsuite each), a chunk of bytes at a time; each chunk is a view of one
 * reused buffer, valid until the next is asked for.
 */
export function* junitChunks(scans: readonly JunitScan[]): Generator<Buffer> {
  const out = new OutBuffer();
  out.text('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n');
  for (let i = 0; i < scans.length; i += 1) yield* suiteChunks(scans[i] as JunitScan, i, out);
  out.text('</testsuites>\n');
  yield out.take();
}

export function renderJunit(scans: readonly JunitScan[]): string {
  const chunks: Buffer[] = [];
  for (const chunk of junitChunks(scans)) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The JUnit file for a scan that ended in an error (`result=error`): one suite with one errored testcase that says
 * why, so a CI test report shows the failure instead of an empty run.
 */
export function renderJunitError(message: string, meta: ResultMeta, now = new Date()): string {
  const text = cleanText(message, MAX_BODY);
  const line = cleanLine(message, MAX_MESSAGE);
  const suite = cleanLine(meta.profile ?? '', 200) || 'kube-cinc-scan';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites>',
    `  <testsuite name="${xmlAttr(suite)}" package="${xmlAttr(suite)}" id="0" timestamp="${timestamp(now)}" hostname="${xmlAttr(cleanLine(meta.image ?? '', 500) || 'localhost')}" tests="1" failures="0" errors="1" skipped="0" time="0.000000">`,
    '    <properties>',
    property('image', meta.image).trimEnd(),
    '    </properties>',
    `    <testcase name="scan" classname="kube-cinc-scan" time="0.000000"><error message="${xmlAttr(line)}" type="scan error">${xmlText(text)}</error></testcase>`,
    '    <system-out/>',
    '    <system-err/>',
    '  </testsuite>',
    '</testsuites>',
  ]
    .filter((l) => l !== '')
    .join('\n')
    .concat('\n');
}
