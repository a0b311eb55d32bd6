import { hash } from 'node:crypto';
import type * as Sarif from 'sarif';
import {
  allTags,
  bounded,
  cleanLine,
  cleanText,
  controlTexts,
  decisiveTests,
  imageRepository,
  listTag,
  newControlTexts,
  rawListTag,
  shownSeverity,
  tagPairs,
  testMessage,
  waiverOf,
  type ControlTexts,
  type ShownText,
} from './details.js';
import type { Evaluation, ReportDetails } from './evaluate.js';
import { inline, inlineBlock, PLAIN_INLINE, type ResultMeta } from './markdown.js';
import { OutBuffer } from './out-buffer.js';
import type { CountedControl } from './report.js';
import { SEVERITY_LABEL, STATUS_LABEL, type Severity } from './types.js';

// scan-results.sarif (SARIF 2.1.0, for GitHub code scanning), written from the same evaluation as the summary. The
// mapping, decided here once:
// - one run per scan; tool.driver is CINC Auditor with the report's version, the profile a tool extension;
//   automationDetails.id names the image repository and the profile, so scans of different images are separate
//   analyses (categories) and never close each other's alerts;
// - one rule per counted control id: short description = title, full description = description (GitHub shows 1024
//   characters), level and security-severity from the control's severity, NIST and CCI tags; help (text and Markdown)
//   = description, check and fix text and every tag for a control with a result (GitHub shows a rule's help only
//   beside its alerts), else title and status, which keeps the log of a 10,000-control report small;
// - one result per failed or errored control (never per passed test), and one per control a waiver skipped, carrying
//   a suppression with the justification; passed, not-reviewed and not-applicable controls give no result;
// - every result sits on one file of the repository (`sarif-location`, default Dockerfile), line 1, with a
//   fingerprint made of the image repository and the control id, stable across runs.

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const CINC_AUDITOR_URI = 'https://cinc.sh/start/auditor/';
export const DEFAULT_SARIF_LOCATION = 'Dockerfile';

/** GitHub's bands: over 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, 0.1 to 3.9 low. `none` has no score. */
export const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  none: undefined,
};

export const SARIF_LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  none: 'note',
};

/** GitHub refuses a run with more rules or results than this; only 10 tags per rule are kept (20 are refused). */
const MAX_RULES = 25_000;
const MAX_RESULTS = 25_000;
const MAX_RULE_TAGS = 10;
/** GitHub shows at most 1024 characters of a short or full description. */
const MAX_DESCRIPTION = 1024;
const MAX_MESSAGE = 2000;
/** The full description of a rule without a result: the start of the description (the report has all of it). */
const SHORT_DESCRIPTION = 300;

export interface SarifScan {
  evaluation: Evaluation;
  details: ReportDetails;
  meta: ResultMeta;
  /** The repository file every result of this scan attaches to (the `sarif-location` input). */
  location: string;
}

/** `kube-cinc-scan/<image repository>/<profile>/`: the category, with no run id after the last slash. */
export function automationId(scan: Pick<SarifScan, 'details' | 'meta'>): string {
  const repository = scan.meta.image ? imageRepository(scan.meta.image) : '';
  const profile = scan.details.report.profiles[0]?.name ?? 'profile';
  return ['kube-cinc-scan', ...(repository ? [repository] : []), profile].map((p) => cleanLine(p, 200)).join('/') + '/';
}

/** The same for every run of the same image repository and control: 16 hex digits, then which copy of the id. */
export function fingerprint(image: string | undefined, controlId: string, occurrence: number): string {
  return repositoryFingerprint(image ? imageRepository(image) : '', controlId, occurrence);
}

function repositoryFingerprint(repository: string, controlId: string, occurrence: number): string {
  const digest = hash('sha256', `kube-cinc-scan\n${repository}\n${controlId}`, 'hex').slice(0, 16);
  return `${digest}:${occurrence}`;
}

/** A path relative to the repository root as a URI reference: each segment percent-encoded where it must be. */
export function locationUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password) return url.href;
  } catch {
    // not a URL: no informationUri
  }
  return undefined;
}

function driver(details: ReportDetails): Omit<Sarif.ToolComponent, 'rules'> {
  const version = cleanLine(details.report.version, 100);
  return {
    name: 'CINC Auditor',
    ...(version ? { version } : {}),
    ...(SEMVER.test(version) ? { semanticVersion: version } : {}),
    informationUri: CINC_AUDITOR_URI,
  };
}

/** The profile, as a tool extension: name, version, title and, where the report gives one, an information URL. */
function profileExtension(details: ReportDetails): Sarif.ToolComponent {
  const profile = details.report.profiles[0];
  const name = cleanLine(profile?.name ?? 'profile', 200) || 'profile';
  const version = profile?.version ? cleanLine(profile.version, 100) : '';
  const title = profile?.title ? cleanLine(profile.title, 200) : '';
  const uri = httpUrl(profile?.url);
  return {
    name,
    ...(title ? { fullName: title } : {}),
    ...(version ? { version } : {}),
    ...(SEMVER.test(version) ? { semanticVersion: version } : {}),
    ...(uri ? { informationUri: uri } : {}),
  };
}

const ENDS_WITH_PERIOD = /[.!?…]$/;

function endWithPeriod(text: string): string {
  return ENDS_WITH_PERIOD.test(text) ? text : `${text}.`;
}

/** Printable ASCII but `"` and `\\`: a JSON string holds it as it is. */
const JSON_AS_IS = /^[ !#-[\]-~]*$/;

/** A string as the content of a JSON string literal (without the quotes). */
function esc(text: string): string {
  return JSON_AS_IS.test(text) ? text : JSON.stringify(text).slice(1, -1);
}

/** A text as plain help: copied as it is when the report holds it plainly, else escaped. */
function writeText(out: OutBuffer, t: ShownText): void {
  if (t.plainLength >= 0) t.writePlain(out);
  else out.text(esc(t.text()));
}

/** A text as Markdown: copied when nothing in it means anything to Markdown, else made inert. */
function writeMarkdown(out: OutBuffer, t: ShownText): void {
  if (t.plainLength >= 0 && t.inert) t.writePlain(out);
  else out.text(esc(inlineBlock(t.text())));
}

/** The description, cut to `max` characters (GitHub shows 1024), else the title. */
function writeFullDescription(out: OutBuffer, t: ShownText, titleText: string, max: number): void {
  if (t.empty) out.text(titleText);
  else if (t.plainLength < 0) out.text(esc(cleanLine(t.text(), max)));
  else if (t.plainLength <= max) t.writePlain(out);
  else {
    t.writePlain(out, max - 3);
    out.text('...');
  }
}

/** What every rule of a run shares, and the JSON that many rules repeat, made once. */
interface RunContext {
  details: ReportDetails;
  /** The profile's name, as JSON string content. */
  profileJson: string;
  /** Reused for the facts of each rule: its tags' names and values, then the pieces of its facts. */
  tagPairs: string[];
  facts: Pieces;
  /**
   * `"defaultConfiguration":…,"properties":…` by severity and impact, then by the NIST and CCI lists. The report's
   * reader keeps one array per distinct list, so the lists are keys as they are, never joined into strings.
   */
  ruleEnds: Map<Severity, Map<number, Map<readonly string[], Map<readonly string[], string>>>>;
  /** The texts of the rule being written. */
  texts: ControlTexts;
}

function ruleTags(c: CountedControl, severity: Severity): string[] {
  const out = ['security', 'compliance', severity];
  for (const nist of listTag(c, 'nist')) out.push(`NIST ${nist}`);
  for (const cci of listTag(c, 'cci')) out.push(cci);
  return [...new Set(out)].slice(0, MAX_RULE_TAGS);
}

/** The end of a rule: its level, tags and scores, which depend on nothing but severity, impact and tags. */
function ruleEnd(ctx: RunContext, c: CountedControl, severity: Severity): string {
  const nist = rawListTag(c, 'nist');
  const cci = rawListTag(c, 'cci');
  let byImpact = ctx.ruleEnds.get(severity);
  if (byImpact === undefined) ctx.ruleEnds.set(severity, (byImpact = new Map()));
  let byNist = byImpact.get(c.impact);
  if (byNist === undefined) byImpact.set(c.impact, (byNist = new Map()));
  let byCci = byNist.get(nist);
  if (byCci === undefined) byNist.set(nist, (byCci = new Map()));
  let end = byCci.get(cci);
  if (end === undefined) {
    const score = SECURITY_SEVERITY[severity];
    const properties = {
      tags: ruleTags(c, severity),
      precision: 'high',
      ...(score ? { 'security-severity': score } : {}),
      severity,
      impact: c.impact,
    };
    end = `"},"defaultConfiguration":${JSON.stringify({ level: SARIF_LEVEL[severity] })},"properties":${JSON.stringify(properties)}}`;
    byCci.set(cci, end);
  }
  return end;
}

/**
 * Pieces of a text, set by index into a list reused rule after rule. Emptying an array by its length frees its
 * storage, and pushing grows it again: half a kilobyte per rule with a result.
 */
class Pieces {
  // Room for a rule with nine tags (grown by a rule with more): a join also copies the list, empty entries included.
  private readonly items = new Array<string>(48).fill('');
  private count = 0;

  add(piece: string): void {
    this.items[this.count] = piece;
    this.count += 1;
  }

  /** The pieces as one string; the list is empty again. */
  take(): string {
    // Entries past `count` are '' (cleared by the last take), so the join is of the pieces alone.
    const text = this.items.join('');
    this.items.fill('', 0, this.count);
    this.count = 0;
    return text;
  }
}

/**
 * Severity, tags and which control of which profile, one per line, as JSON string content: made once per rule with
 * a result and written twice (in its help's text and Markdown).
 */
function factsJson(ctx: RunContext, c: CountedControl, severity: Severity): string {
  const pairs = ctx.tagPairs;
  const count = tagPairs(allTags(ctx.details, c), pairs);
  const facts = ctx.facts;
  facts.add('Severity: ');
  facts.add(SEVERITY_LABEL[severity]);
  facts.add(' (impact ');
  facts.add(String(c.impact));
  facts.add(')\\n');
  for (let i = 0; i < count; i += 2) {
    facts.add(pairs[i] as string);
    facts.add(': ');
    facts.add(esc(pairs[i + 1] as string));
    facts.add('\\n');
  }
  facts.add('Control: ');
  facts.add(esc(cleanLine(c.id, 200)));
  facts.add(' of profile ');
  facts.add(ctx.profileJson);
  return facts.take();
}

/** A fence for a code block that no backtick run in `text` can close (escaping for JSON makes or breaks no run). */
function fenceFor(text: string): string {
  let fence = '```';
  while (text.includes(fence)) fence += '`';
  return fence;
}

/**
 * The help of a rule with a result: description, check and fix text, then the facts, as text and as Markdown we write
 * around text that stays inert (nothing from the report becomes a link, heading, tag or mention).
 */
function writeFullHelp(
  out: OutBuffer,
  texts: ControlTexts,
  facts: string,
  titleText: string,
  titleMarkdown: string | undefined,
): void {
  out.text('"},"help":{"text":"');
  out.text(titleText);
  if (!texts.description.empty) {
    out.text('\\n\\n');
    writeText(out, texts.description);
  }
  if (!texts.check.empty) {
    out.text('\\n\\nCheck:\\n');
    writeText(out, texts.check);
  }
  if (!texts.fix.empty) {
    out.text('\\n\\nFix:\\n');
    writeText(out, texts.fix);
  }
  out.text('\\n\\n');
  out.text(facts);
  out.text('","markdown":"');
  writeTitleMarkdown(out, titleMarkdown, titleText);
  if (!texts.description.empty) {
    out.text('\\n\\n');
    writeMarkdown(out, texts.description);
  }
  if (!texts.check.empty) {
    out.text('\\n\\n#### Check\\n\\n');
    writeMarkdown(out, texts.check);
  }
  if (!texts.fix.empty) {
    out.text('\\n\\n#### Fix\\n\\n');
    writeMarkdown(out, texts.fix);
  }
  // The facts (tags come from the report) as a fenced code block: shown as written, never interpreted, and cheap.
  const fence = fenceFor(facts);
  out.text('\\n\\n');
  out.text(fence);
  out.text('text\\n');
  out.text(facts);
  out.text('\\n');
  out.text(fence);
}

/** Per status, the note of a rule without a result, as JSON string content. */
const SHORT_NOTE = Object.fromEntries(
  Object.entries(STATUS_LABEL).map(([status, label]) => [
    status,
    esc(`\n\nStatus in this scan: ${label}. The check and fix text are written here when the control fails or errors.`),
  ]),
) as Record<keyof typeof STATUS_LABEL, string>;

/**
 * The help of a rule with no result in this scan. GitHub shows a rule's help only beside an alert, so the long texts
 * (description, check, fix, tags) are written with the control's alert; a 10,000-control report stays small.
 */
function writeShortHelp(out: OutBuffer, c: CountedControl, titleText: string, titleMarkdown: string | undefined): void {
  const note = SHORT_NOTE[c.status];
  out.text('"},"help":{"text":"');
  out.text(titleText);
  out.text(note);
  out.text('","markdown":"');
  writeTitleMarkdown(out, titleMarkdown, titleText);
  out.text(note);
}

/**
 * The title in bold: `titleMarkdown`, or `undefined` for a title of plain words, which is bold as it is. Written in
 * pieces, so that no string is made for it.
 */
function writeTitleMarkdown(out: OutBuffer, titleMarkdown: string | undefined, titleText: string): void {
  if (titleMarkdown !== undefined) {
    out.text(titleMarkdown);
    return;
  }
  out.text('**');
  out.text(titleText);
  out.text('**');
}

/**
 * One reportingDescriptor. `full`: the control has a result, so its help carries the description, check and fix
 * text; its long texts are copied from the report's bytes where they are plain.
 */
function writeRule(out: OutBuffer, ctx: RunContext, c: CountedControl, full: boolean): void {
  const severity = shownSeverity(c);
  const texts = controlTexts(ctx.details, c, full, ctx.texts);
  const given = c.title ?? '';
  let titleText: string;
  // undefined: the title is plain words, bold as it is.
  let titleMarkdown: string | undefined;
  // Most titles are plain words: nothing to clean, escape or make inert, and no regular expression but this one.
  if (given !== '' && given.length <= MAX_DESCRIPTION && PLAIN_INLINE.test(given)) titleText = given;
  else {
    const title = cleanLine(given, MAX_DESCRIPTION) || cleanLine(c.id, MAX_DESCRIPTION);
    titleText = esc(title);
    titleMarkdown = esc(`**${inline(title, MAX_DESCRIPTION)}**`);
  }
  out.text('{"id":"');
  out.text(esc(c.id));
  out.text('","shortDescription":{"text":"');
  out.text(titleText);
  out.text('"},"fullDescription":{"text":"');
  writeFullDescription(out, texts.description, titleText, full ? MAX_DESCRIPTION : SHORT_DESCRIPTION);
  if (full) {
    writeFullHelp(out, texts, factsJson(ctx, c, severity), titleText, titleMarkdown);
  } else writeShortHelp(out, c, titleText, titleMarkdown);
  out.text(ruleEnd(ctx, c, severity));
}

/**
 * Why the control is a result, as a JSON string: its first failing (or erroring) test and what that test said, or
 * its waiver. A message that needs no cutting (most results of a large report) is written piece by piece: JSON
 * escapes each piece as it would the whole.
 */
function writeResultMessage(out: OutBuffer, c: CountedControl, waived: boolean, justification: string): void {
  if (waived) {
    const why = justification ? `: ${justification}` : '';
    out.text(JSON.stringify(endWithPeriod(cleanLine(`Waived (not run)${why}`, MAX_MESSAGE))));
    return;
  }
  const tests = decisiveTests(c);
  const first = tests[0];
  const verb = c.status === 'error' ? 'Error' : 'Failed';
  if (!first) {
    const message = endWithPeriod(cleanLine(`${verb}: ${c.message ?? 'no test was run in this control'}`, MAX_MESSAGE));
    out.text(JSON.stringify(message));
    return;
  }
  const what = cleanLine(first.code_desc, 500);
  const period = ENDS_WITH_PERIOD.test(what) ? '' : '.';
  const said = cleanText(testMessage(first), MAX_MESSAGE);
  const more =
    tests.length > 1
      ? `\n(${tests.length - 1} more ${verb === 'Error' ? 'erroring' : 'failing'} test${tests.length > 2 ? 's' : ''})`
      : '';
  if (verb.length + 2 + what.length + period.length + (said ? 1 + said.length : 0) + more.length > MAX_MESSAGE) {
    out.text(JSON.stringify(bounded(`${verb}: ${what}${period}${said ? `\n${said}` : ''}${more}`, MAX_MESSAGE)));
    return;
  }
  out.text('"');
  out.text(verb);
  out.text(': ');
  out.text(esc(what));
  out.text(period);
  if (said) {
    out.text('\\n');
    out.text(esc(said));
  }
  out.text(esc(more));
  out.text('"');
}

interface Planned {
  control: CountedControl;
  /** Where the control is among the scan's counted controls. */
  position: number;
  waived: boolean;
  justification: string;
}

/**
 * Failed and errored controls, and those a waiver skipped (`eligible` of them); most severe first when over GitHub's
 * limit.
 */
function plannedResults(controls: readonly CountedControl[]): { planned: Planned[]; eligible: number } {
  const planned: Planned[] = [];
  // Index loops here and below: they run for every control, mostly before V8 optimises them, and an unoptimised
  // for-of makes an iterator result per element.
  for (let i = 0; i < controls.length; i += 1) {
    const c = controls[i] as CountedControl;
    if (c.status === 'failed' || c.status === 'error') {
      planned.push({ control: c, position: i, waived: false, justification: '' });
      continue;
    }
    const waiver = c.status === 'no_impact' ? waiverOf(c) : undefined;
    if (waiver?.skipped) planned.push({ control: c, position: i, waived: true, justification: waiver.justification });
  }
  if (planned.length <= MAX_RESULTS) return { planned, eligible: planned.length };
  const rank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, none: 4 };
  const kept = planned
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        Number(a.p.waived) - Number(b.p.waived) ||
        rank[shownSeverity(a.p.control)] - rank[shownSeverity(b.p.control)] ||
        a.i - b.i,
    )
    .slice(0, MAX_RESULTS)
    .sort((a, b) => a.i - b.i)
    .map(({ p }) => p);
  return { planned: kept, eligible: planned.length };
}

/**
 * One rule per distinct control id, in the report's order (over GitHub's limit, the ids with a result first), and
 * each id's index among them; no index when every control is its own rule, at its own position (the usual report,
 * whose ids are all different: no map of 10,000 ids to make).
 */
function plannedRules(
  details: ReportDetails,
  results: readonly Planned[],
): { rules: readonly CountedControl[]; index: Map<string, number> | undefined } {
  const controls = details.controls;
  if (details.uniqueIds && controls.length <= MAX_RULES) return { rules: controls, index: undefined };
  const index = new Map<string, number>();
  const rules: CountedControl[] = [];
  for (let i = 0; i < controls.length; i += 1) {
    const c = controls[i] as CountedControl;
    if (index.has(c.id)) continue;
    index.set(c.id, rules.length);
    rules.push(c);
  }
  if (rules.length <= MAX_RULES) return { rules, index };
  const wanted = new Set(results.map((r) => r.control.id));
  const withResult = rules.filter((c) => wanted.has(c.id));
  const without = rules.filter((c) => !wanted.has(c.id));
  const kept = [...withResult, ...without].slice(0, MAX_RULES);
  index.clear();
  kept.forEach((c, i) => index.set(c.id, i));
  return { rules: kept, index };
}

/** The index of a planned result's rule, or undefined when its rule was left out (over GitHub's limit). */
function ruleOf(p: Planned, index: Map<string, number> | undefined): number | undefined {
  return index === undefined ? p.position : index.get(p.control.id);
}

/** Where every result of a run sits: line 1 of one repository file. */
function locationsJson(uri: string): string {
  const location: Sarif.Location = {
    physicalLocation: { artifactLocation: { uri }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } },
  };
  return JSON.stringify([location]);
}

/** One result, written as text: thousands of them are written, and only their rule, message and fingerprint vary. */
function writeResult(out: OutBuffer, p: Planned, index: number, locations: string, fingerprintText: string): void {
  const c = p.control;
  const severity = shownSeverity(c);
  let suppressions = '';
  if (p.waived) {
    const suppression: Sarif.Suppression = {
      kind: 'external',
      status: 'accepted',
      ...(p.justification ? { justification: p.justification } : {}),
    };
    suppressions = `"suppressions":${JSON.stringify([suppression])},`;
  }
  // Status and severity are names of ours; the impact is a number the schema check has seen. Written in pieces: no
  // string is made for the result as a whole.
  out.text('{"ruleId":"');
  out.text(esc(c.id));
  out.text('","ruleIndex":');
  out.text(String(index));
  out.text(',"level":"');
  out.text(SARIF_LEVEL[severity]);
  out.text('","message":{"text":');
  writeResultMessage(out, c, p.waived, p.justification);
  out.text('},"locations":');
  out.text(locations);
  out.text(',"partialFingerprints":{"primaryLocationLineHash":"');
  out.text(fingerprintText);
  out.text('"},');
  out.text(suppressions);
  out.text('"properties":{"status":"');
  out.text(p.waived ? 'waived' : c.status);
  out.text('","severity":"');
  out.text(severity);
  out.text('","impact":');
  out.text(JSON.stringify(c.impact));
  out.text('}}');
}

function* runChunks(scan: SarifScan, out: OutBuffer): Generator<Buffer> {
  const { details, evaluation, meta } = scan;
  const { planned, eligible } = plannedResults(details.controls);
  const { rules, index: ruleIndex } = plannedRules(details, planned);
  const tool = JSON.stringify(driver(details));
  out.text(`{"tool":{"driver":${tool.slice(0, -1)},"rules":[`);
  // By rule: whether it has a result (and so its full help), then how many of its results are written.
  const withResult = new Uint8Array(rules.length);
  for (let i = 0; i < planned.length; i += 1) {
    const index = ruleOf(planned[i] as Planned, ruleIndex);
    if (index !== undefined) withResult[index] = 1;
  }
  const ctx: RunContext = {
    details,
    profileJson: esc(cleanLine(details.report.profiles[0]?.name ?? '', 200)),
    tagPairs: new Array<string>(40).fill(''),
    facts: new Pieces(),
    ruleEnds: new Map(),
    texts: newControlTexts(),
  };
  for (let i = 0; i < rules.length; i += 1) {
    const c = rules[i] as CountedControl;
    if (i > 0) out.text(',');
    writeRule(out, ctx, c, withResult[i] === 1);
    if (out.full) yield out.take();
  }
  const runProperties = {
    'kube-cinc-scan': {
      ...(meta.image ? { image: meta.image } : {}),
      ...(meta.imageDigest ? { imageDigest: meta.imageDigest } : {}),
      profile: details.report.profiles[0]?.name ?? '',
      result: evaluation.result,
      thresholdGiven: evaluation.thresholdGiven,
      compliance: evaluation.compliance,
      ...(planned.length < eligible ? { resultsLeftOut: eligible - planned.length } : {}),
    },
  };
  out.text(`]},"extensions":[${JSON.stringify(profileExtension(details))}]},`);
  out.text(`"automationDetails":${JSON.stringify({ id: automationId(scan) })},`);
  out.text(`"columnKind":"utf16CodeUnits","properties":${JSON.stringify(runProperties)},"results":[`);
  const occurrences = new Uint32Array(rules.length);
  const repository = meta.image ? imageRepository(meta.image) : '';
  const locations = locationsJson(locationUri(scan.location));
  let written = 0;
  for (let i = 0; i < planned.length; i += 1) {
    const p = planned[i] as Planned;
    const index = ruleOf(p, ruleIndex);
    if (index === undefined) continue;
    occurrences[index] = (occurrences[index] ?? 0) + 1;
    if (written > 0) out.text(',');
    writeResult(out, p, index, locations, repositoryFingerprint(repository, p.control.id, occurrences[index] ?? 1));
    written += 1;
    if (out.full) yield out.take();
  }
  out.text(']}');
}

/**
 * The SARIF log of one or more scans (one run each), a chunk of bytes at a time: a large report's log is never held
 * whole, and its plain texts are copied from the report's bytes, never decoded. Each chunk is a view of one reused
 * buffer, valid until the next is asked for.
 */
export function* sarifChunks(scans: readonly SarifScan[]): Generator<Buffer> {
  const out = new OutBuffer();
  out.text(`{"$schema":${JSON.stringify(SARIF_SCHEMA)},"version":"2.1.0","runs":[`);
  for (let i = 0; i < scans.length; i += 1) {
    if (i > 0) out.text(',');
    yield* runChunks(scans[i] as SarifScan, out);
  }
  out.text(']}\n');
  yield out.take();
}

/** The whole SARIF log as one string (for tests and small reports). */
export function renderSarif(scans: readonly SarifScan[]): string {
  const chunks: Buffer[] = [];
  for (const chunk of sarifChunks(scans)) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
