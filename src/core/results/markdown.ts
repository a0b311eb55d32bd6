import { asciiLine } from './ascii-line.js';
import type { ControlSummary, Evaluation, Violation } from './evaluate.js';
import { SEVERITIES, STATUS_LABEL, STATUSES, SEVERITY_LABEL, type Severity } from './types.js';

// Pure renderers for scan-summary.md and the job summary. Everything that comes from a report (titles, ids,
// messages, profile names) or from the user (image names) goes through `inline()`, which turns it into inert text.

export interface ResultMeta {
  image?: string | undefined;
  imageDigest?: string | undefined;
  profile?: string | undefined;
  threshold?: string | undefined;
  artifactUrl?: string | undefined;
}

/** GitHub refuses a job summary over 1 MiB; keep a margin for what the action appends. */
export const DEFAULT_MAX_BYTES = 1024 * 1024 - 32 * 1024;

// Characters that Markdown, GFM tables, HTML, autolinks, @mentions or #references give a meaning to. Each becomes a
// numeric character reference, which GitHub shows as the character itself but never interprets.
const SPECIAL = /[&<>"'`|*_~[\]()\\#!{}@:=+\-.^$%]/g;

// Control characters (an ESC sequence recolours a terminal that shows scan-summary.md) and the bidi overrides that make
// an id or a title read as something else.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * GitHub turns `@name` and `#123` into mentions and links after it has decoded entities, so an entity alone does not
 * stop them: a zero-width space after the sign does.
 */
function entity(c: string): string {
  let made = ENTITIES.get(c);
  if (made === undefined) {
    made = c === '@' || c === '#' ? `&#${c.charCodeAt(0)};&#8203;` : `&#${c.charCodeAt(0)};`;
    ENTITIES.set(c, made);
  }
  return made;
}

/** Each special character's entity, made the first time it is needed. */
const ENTITIES = new Map<string, string>();

/** One line of inert text: special characters as entities, every run of whitespace (newlines too) as one space. */
export function inline(text: string, maxChars = 400): string {
  // Most titles and tags of a large report are plain words: nothing to remove, collapse or escape.
  if (text.length <= maxChars && PLAIN_INLINE.test(text)) return text;
  const collapsed =
    asciiLine(text, true) ??
    text
      .replace(INVISIBLE, '')
      .replace(/[\s\u0085]+/g, ' ')
      .trim();
  let end = maxChars - 1;
  // Never cut between the two halves of a surrogate pair (an emoji would become U+FFFD).
  if (/[\uD800-\uDBFF]/.test(collapsed[end - 1] ?? '')) end -= 1;
  const cut = collapsed.length > maxChars ? `${collapsed.slice(0, end)}…` : collapsed;
  return cut.replace(SPECIAL, entity);
}

/** Words, digits and single spaces inside: `inline` would return it unchanged (and a JSON string holds it as is). */
export const PLAIN_INLINE = /^(?:[A-Za-z0-9,;?/]+(?: [A-Za-z0-9,;?/]+)*)?$/;

/**
 * Multi-line inert text (a description, a check text): paragraphs and line breaks kept, each line as inert as
 * `inline` makes it, with its indentation dropped (indented lines would become a code block, where the entities show
 * as written). The text should already be bounded and free of control characters.
 */
export function inlineBlock(text: string): string {
  const visible = text.replace(INVISIBLE, '');
  // Most texts of a large report are single paragraphs of plain words: nothing to split or escape.
  if (!BLOCK_WORK.test(visible)) return visible.replace(/\s+/g, ' ').trim();
  return visible
    .split(/\n[ \t]*\n\s*/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .filter((line) => line !== '')
        .map((line) => line.replace(SPECIAL, entity))
        .join('\\\n'),
    )
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}

const BLOCK_WORK = /[\n&<>"'`|*_~[\]()\\#!{}@:=+\-.^$%]/;

function pct(n: number): string {
  return `${n}%`;
}

function headline(evaluation: Evaluation): string {
  if (!evaluation.thresholdGiven) return '## ℹ️ Compliance scan: no threshold set';
  return evaluation.result === 'pass'
    ? '## ✅ Compliance scan passed the threshold'
    : '## ❌ Compliance scan failed the threshold';
}

function metaLines(meta: ResultMeta): string[] {
  const items: string[] = [];
  if (meta.image) items.push(`**Image:** ${inline(meta.image)}`);
  if (meta.imageDigest) items.push(`**Digest:** ${inline(meta.imageDigest)}`);
  if (meta.profile) items.push(`**Profile:** ${inline(meta.profile)}`);
  if (meta.threshold) items.push(`**Threshold:** ${inline(meta.threshold)}`);
  return items;
}

function countsTable(evaluation: Evaluation): string[] {
  const columns: Severity[] = SEVERITIES.filter((s) => s !== 'none');
  const lines = [
    `| Status | ${columns.map((s) => SEVERITY_LABEL[s]).join(' | ')} | Total |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} | ---: |`,
  ];
  for (const status of STATUSES) {
    const row = evaluation.counts[status];
    lines.push(`| ${STATUS_LABEL[status]} | ${columns.map((s) => String(row[s])).join(' | ')} | ${row.total} |`);
  }
  return lines;
}

function showValue(value: number | string | string[]): string {
  if (!Array.isArray(value)) return inline(String(value));
  const shown = value.slice(0, 20).map((v) => inline(v, 80));
  const more = value.length > 20 ? `, … ${value.length - 20} more` : '';
  return `[${shown.join(', ')}${more}]`;
}

function violationLine(v: Violation): string {
  return `- \`${v.rule}\`: expected ${showValue(v.expected)}, got ${showValue(v.actual)}. ${inline(v.message, 600)}`;
}

/**
 * A row of the failed-controls table, with its line feed, and its size in bytes: summed over its parts, so that a
 * summary of thousands of rows does not copy each row whole to measure it.
 */
function controlRow(c: ControlSummary): { row: string; bytes: number } {
  const severity = inline(c.severity, 20);
  const id = inline(c.id, 80);
  const status = STATUS_LABEL[c.status];
  const impact = String(c.impact);
  const title = c.title ? inline(c.title, 200) : '';
  const message = c.message ? inline(c.message, 300) : '';
  return {
    row: `| ${severity} | ${id} | ${status} | ${impact} | ${title} | ${message} |\n`,
    bytes: ROW_FRAME + bytes(severity) + bytes(id) + bytes(status) + bytes(impact) + bytes(title) + bytes(message),
  };
}

/** The bytes a row adds around its six cells: `| ` and ` | ` between them, ` |` and the line feed. */
const ROW_FRAME = '|  |  |  |  |  |  |\n'.length;

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Renders the summary; lists are cut (with a note saying how many were left out) so it stays under maxBytes. */
export function renderSummaryMarkdown(
  evaluation: Evaluation,
  meta: ResultMeta,
  options: { maxBytes?: number } = {},
): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const head: string[] = [headline(evaluation), ''];
  const metaItems = metaLines(meta);
  head.push([`**Compliance:** ${pct(evaluation.compliance)}`, ...metaItems].join(' · '), '');
  head.push(...countsTable(evaluation), '');
  if (evaluation.thresholdGiven) {
    if (evaluation.violations.length === 0) head.push('Every threshold rule is met.', '');
    else head.push(`**Violated threshold rules (${evaluation.violations.length}):**`, '');
  }
  const tail: string[] = [];
  if (meta.artifactUrl)
    tail.push(
      '',
      `Full results: [scan results artifact](${encodeURI(meta.artifactUrl).replace(/[()]/g, encodeURIComponent)})`,
    );
  for (const w of evaluation.warnings) tail.push('', `> ⚠️ ${inline(w, 600)}`);
  const tailText = tail.join('\n') + '\n';

  let out = head.join('\n') + '\n';
  const budget = () => maxBytes - bytes(tailText) - 400;
  let used = bytes(out);
  const vLines: string[] = [];
  let vShown = 0;
  for (const v of evaluation.violations) {
    const line = violationLine(v) + '\n';
    if (used + bytes(line) > budget() / 2) break;
    vLines.push(line);
    used += bytes(line);
    vShown += 1;
  }
  out += vLines.join('');
  if (vShown < evaluation.violations.length) {
    out += `- … ${evaluation.violations.length - vShown} more violated rules not shown (see summary.json)\n`;
  }
  if (vLines.length > 0) out += '\n';

  const controls = evaluation.controls;
  if (controls.length > 0) {
    const failed = controls.filter((c) => c.status === 'failed').length;
    const errored = controls.length - failed;
    out += `<details><summary>Failed (${failed}) and errored (${errored}) controls, most severe first</summary>\n\n`;
    out += '| Severity | Control | Status | Impact | Title | Message |\n| --- | --- | --- | ---: | --- | --- |\n';
    used = bytes(out);
    const closing = '\n</details>\n';
    // Joined once at the end: the table is most of a large summary, and each concatenation would copy it again.
    const parts = [out];
    let shown = 0;
    for (const c of controls) {
      const { row, bytes: rowBytes } = controlRow(c);
      if (used + rowBytes + bytes(closing) > budget()) break;
      parts.push(row);
      used += rowBytes;
      shown += 1;
    }
    if (shown < controls.length) {
      parts.push(
        `\n… ${controls.length - shown} more controls not shown to keep this summary under GitHub's size limit (see scan-results.json).\n`,
      );
    }
    parts.push(closing, tailText);
    return parts.join('');
  }
  return out + tailText;
}

/** The summary for `result=error`: what went wrong, as inert text. */
export function renderErrorMarkdown(message: string, meta: ResultMeta): string {
  const lines = ['## ⚠️ Compliance scan error', ''];
  const metaItems = metaLines(meta);
  if (metaItems.length > 0) lines.push(metaItems.join(' · '), '');
  for (const part of message.split(/\r?\n/).slice(0, 40)) {
    if (part.trim() !== '') lines.push(`> ${inline(part, 1000)}`, '>');
  }
  if (lines[lines.length - 1] === '>') lines.pop();
  lines.push('', 'No threshold was evaluated: the step reports `result=error`.');
  if (meta.artifactUrl) lines.push('', `Logs and partial results: [artifact](${encodeURI(meta.artifactUrl)})`);
  return lines.join('\n') + '\n';
}
