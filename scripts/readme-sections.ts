/**
 * Regenerates the README's generated sections: the inputs and outputs tables (from action.yml) and the
 * troubleshooting table (from docs/troubleshooting/*.md, one file per area, sorted by code). Each sits between marker
 * comments, so the prose around them stays hand-written.
 *
 *   npx tsx scripts/readme-sections.ts           rewrite README.md
 *   npx tsx scripts/readme-sections.ts --check   exit 1 when README.md is out of date (CI)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { load } from 'js-yaml';

export interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

export interface ActionMetadata {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description?: string }>;
}

export interface TroubleshootingRow {
  code: string;
  message: string;
  cause: string;
  fix: string;
  /** The file the row came from, for error messages. */
  source: string;
}

export const SECTIONS = ['inputs', 'outputs', 'troubleshooting'] as const;
export type SectionName = (typeof SECTIONS)[number];

// Areas are upper-case letters and digits (K8S).
export const CODE_PATTERN = /^KCS-[A-Z][A-Z0-9]*-\d{3}$/;

/** Text for one table cell: one line, pipes escaped (a `|` would start a new cell). */
export function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/(?<!\\)\|/g, '\\|');
}

/** A default value as a reader types it: in backticks, with backticks inside doubled-up delimiters. */
function codeCell(text: string): string {
  if (text === '') return '';
  return text.includes('`') ? `\`\` ${cell(text)} \`\`` : `\`${cell(text)}\``;
}

export function renderInputsTable(action: ActionMetadata): string {
  const rows = Object.entries(action.inputs).map(
    ([name, input]) =>
      `| \`${name}\` | ${cell(input.description ?? '')} | ${codeCell(input.default ?? '')} | ${input.required ? 'yes' : 'no'} |`,
  );
  return ['| input | description | default | required |', '|---|---|---|---|', ...rows].join('\n');
}

export function renderOutputsTable(action: ActionMetadata): string {
  const rows = Object.entries(action.outputs).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description ?? '')} |`,
  );
  return ['| output | description |', '|---|---|', ...rows].join('\n');
}

/** Splits a Markdown table row into its cells, keeping escaped pipes (`\|`) inside a cell. */
export function splitRow(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

/**
 * The rows of the troubleshooting tables in one area file: every table row whose first cell is a code
 * (`KCS-AREA-123`, with or without backticks). Header and separator rows have no code and are left out.
 */
export function parseTroubleshooting(markdown: string, source: string): TroubleshootingRow[] {
  const rows: TroubleshootingRow[] = [];
  for (const line of markdown.split('\n')) {
    if (!line.trim().startsWith('|')) continue;
    const cells = splitRow(line);
    const code = (cells[0] ?? '').replace(/`/g, '');
    if (!CODE_PATTERN.test(code)) continue;
    if (cells.length !== 4) {
      throw new Error(`${source}: the row of ${code} has ${cells.length} cells; use | code | message | cause | fix |`);
    }
    const [, message = '', cause = '', fix = ''] = cells;
    rows.push({ code, message, cause, fix, source });
  }
  return rows;
}

/** One table, sorted by code; a code described twice is an error that names both files. */
export function renderTroubleshootingTable(rows: readonly TroubleshootingRow[]): string {
  const seen = new Map<string, string>();
  for (const row of rows) {
    const earlier = seen.get(row.code);
    if (earlier !== undefined) throw new Error(`${row.code} is described twice: in ${earlier} and in ${row.source}`);
    seen.set(row.code, row.source);
  }
  const sorted = [...rows].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const lines = sorted.map((r) => `| \`${r.code}\` | ${r.message} | ${r.cause} | ${r.fix} |`);
  return ['| code | message | cause | fix |', '|---|---|---|---|', ...lines].join('\n');
}

/** Replaces what sits between `<!-- name:start -->` and `<!-- name:end -->`; both markers must be there once. */
export function replaceSection(markdown: string, name: SectionName, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  if (from < 0 || to < 0 || to < from || markdown.indexOf(start, from + 1) >= 0 || markdown.indexOf(end, to + 1) >= 0) {
    throw new Error(`README.md must hold the markers ${start} and ${end} once each, in that order`);
  }
  return `${markdown.slice(0, from + start.length)}\n${content}\n${markdown.slice(to)}`;
}

export interface Sources {
  action: ActionMetadata;
  troubleshooting: TroubleshootingRow[];
}

export function renderReadme(readme: string, sources: Sources): string {
  let text = replaceSection(readme, 'inputs', renderInputsTable(sources.action));
  text = replaceSection(text, 'outputs', renderOutputsTable(sources.action));
  return replaceSection(text, 'troubleshooting', renderTroubleshootingTable(sources.troubleshooting));
}

export function readSources(root: string): Sources {
  const action = load(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionMetadata;
  const dir = join(root, 'docs', 'troubleshooting');
  let files: string[] = [];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.md'))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const troubleshooting = files.flatMap((f) =>
    parseTroubleshooting(readFileSync(join(dir, f), 'utf8'), `docs/troubleshooting/${f}`),
  );
  return { action, troubleshooting };
}

/** Returns the process exit code: 0 written or up to date, 1 out of date (with --check). */
export function run(root: string, args: readonly string[], log: (line: string) => void): number {
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')}; usage: readme-sections.ts [--check]`);
  const path = join(root, 'README.md');
  const current = readFileSync(path, 'utf8');
  const next = renderReadme(current, readSources(root));
  if (next === current) {
    log('README.md is up to date');
    return 0;
  }
  if (args.includes('--check')) {
    log('README.md is out of date: run `npx tsx scripts/readme-sections.ts` and commit README.md');
    return 1;
  }
  writeFileSync(path, next);
  log('README.md updated');
  return 0;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  try {
    process.exitCode = run(root, process.argv.slice(2), (line) => console.log(line));
  } catch (error) {
    console.error(`readme-sections: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  }
}
