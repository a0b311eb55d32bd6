import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Evaluation, Violation } from './evaluate.js';
import { renderErrorMarkdown, renderSummaryMarkdown, type ResultMeta } from './markdown.js';
import type { Counts } from './types.js';

// The files an evaluation leaves in the output directory (DESIGN §7), and summary.json's shape.

export interface SummaryJson {
  result: 'pass' | 'fail' | 'error';
  compliance: number | null;
  counts: Counts | null;
  violations: Violation[];
  profiles: { name: string; version?: string; title?: string }[];
  platform: { name: string; release: string } | null;
  image: string | null;
  imageDigest: string | null;
  profile: string | null;
  threshold: string | null;
  thresholdGiven: boolean;
  warnings: string[];
  error?: string;
  artifactUrl?: string;
}

export function buildSummaryJson(
  evaluation: Evaluation | undefined,
  meta: ResultMeta & { error?: string },
): SummaryJson {
  const common = {
    image: meta.image ?? null,
    imageDigest: meta.imageDigest ?? null,
    profile: meta.profile ?? null,
    threshold: meta.threshold ?? null,
    ...(meta.artifactUrl ? { artifactUrl: meta.artifactUrl } : {}),
  };
  if (!evaluation || meta.error !== undefined) {
    return {
      result: 'error',
      compliance: evaluation?.compliance ?? null,
      counts: evaluation?.counts ?? null,
      violations: evaluation?.violations ?? [],
      profiles: evaluation?.profiles ?? [],
      platform: evaluation?.platform ?? null,
      ...common,
      thresholdGiven: evaluation?.thresholdGiven ?? false,
      warnings: evaluation?.warnings ?? [],
      error: meta.error ?? 'no evaluation',
    };
  }
  return {
    result: evaluation.result,
    compliance: evaluation.compliance,
    counts: evaluation.counts,
    violations: evaluation.violations,
    profiles: evaluation.profiles,
    platform: evaluation.platform ?? null,
    ...common,
    thresholdGiven: evaluation.thresholdGiven,
    warnings: evaluation.warnings,
  };
}

/** One comment line: no character may end the comment early (newlines, other control and separator characters). */
function comment(text: string): string {
  return `# ${text.replace(/[\p{Cc}\u0085\u2028\u2029]+/gu, ' ').trim()}`;
}

/** `threshold-result.txt`: sourceable by a shell, THRESHOLD_RESULT first, then one comment per violation. */
export function renderThresholdResult(evaluation: Evaluation | undefined, error?: string): string {
  if (!evaluation || error !== undefined) {
    return `THRESHOLD_RESULT=1\n${comment(`error: ${error ?? 'no evaluation'}`)}\n`;
  }
  if (!evaluation.thresholdGiven) return 'THRESHOLD_RESULT=0\n# no threshold\n';
  const lines = [`THRESHOLD_RESULT=${evaluation.result === 'pass' ? 0 : 1}`];
  if (evaluation.violations.length === 0) lines.push('# every threshold rule is met');
  for (const v of evaluation.violations) lines.push(comment(`${v.rule}: ${v.message}`));
  return lines.join('\n') + '\n';
}

export interface ResultFiles {
  resultsFile?: string;
  summaryFile: string;
  thresholdFile: string;
  summaryJsonFile: string;
}

/**
 * Writes scan-results.json (the report as received), scan-summary.md, threshold-result.txt and summary.json. On an
 * error it still writes whatever it has (the raw report if any, and an error summary). `reportFile` copies the report
 * from a file instead of writing `reportText` (no second in-memory copy of a large report).
 */
export async function writeResultFiles(
  outputDir: string,
  input: { reportText?: string; reportFile?: string; evaluation?: Evaluation; error?: string; meta: ResultMeta },
): Promise<ResultFiles> {
  await mkdir(outputDir, { recursive: true });
  const files: ResultFiles = {
    summaryFile: join(outputDir, 'scan-summary.md'),
    thresholdFile: join(outputDir, 'threshold-result.txt'),
    summaryJsonFile: join(outputDir, 'summary.json'),
  };
  if (input.reportText !== undefined || input.reportFile !== undefined) {
    files.resultsFile = join(outputDir, 'scan-results.json');
    if (input.reportText !== undefined) await writeFile(files.resultsFile, input.reportText);
    else if (resolve(input.reportFile as string) !== resolve(files.resultsFile))
      await copyFile(input.reportFile as string, files.resultsFile);
  }
  const failed = input.error !== undefined || !input.evaluation;
  const markdown =
    failed || !input.evaluation
      ? renderErrorMarkdown(input.error ?? 'no evaluation', input.meta)
      : renderSummaryMarkdown(input.evaluation, input.meta);
  const summary = buildSummaryJson(input.evaluation, {
    ...input.meta,
    ...(input.error !== undefined ? { error: input.error } : {}),
  });
  await writeFile(files.summaryFile, markdown);
  await writeFile(files.thresholdFile, renderThresholdResult(input.evaluation, input.error));
  await writeFile(files.summaryJsonFile, JSON.stringify(summary, null, 2) + '\n');
  return files;
}
