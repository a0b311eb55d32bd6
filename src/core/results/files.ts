import { writeSync } from 'node:fs';
import { copyFile, mkdir, open, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Evaluation, ReportDetails, Violation } from './evaluate.js';
import { junitChunks, renderJunitError } from './junit.js';
import { renderErrorMarkdown, renderSummaryMarkdown, type ResultMeta } from './markdown.js';
import { OutBuffer } from './out-buffer.js';
import { DEFAULT_SARIF_LOCATION, sarifChunks } from './sarif.js';
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
  /** scan-results.sarif and scan-results.junit.xml, by name beside this file (null when not written). */
  sarifFile: string | null;
  junitFile: string | null;
  error?: string;
  artifactUrl?: string;
}

export function buildSummaryJson(
  evaluation: Evaluation | undefined,
  meta: ResultMeta & { error?: string },
  written: { sarifFile?: string | undefined; junitFile?: string | undefined } = {},
): SummaryJson {
  const common = {
    image: meta.image ?? null,
    imageDigest: meta.imageDigest ?? null,
    profile: meta.profile ?? null,
    threshold: meta.threshold ?? null,
    sarifFile: written.sarifFile ? basename(written.sarifFile) : null,
    junitFile: written.junitFile ? basename(written.junitFile) : null,
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
  /** Written when there is an evaluation (an empty SARIF log would close every open alert of the analysis). */
  sarifFile?: string;
  /** Written on every run; on an error it holds one errored testcase that says why. */
  junitFile?: string;
}

export const SARIF_FILE = 'scan-results.sarif';
export const JUNIT_FILE = 'scan-results.junit.xml';

/**
 * Writes text produced in pieces (strings, or bytes copied from a report) through a reused buffer, so that a large
 * file is never one string (nor one buffer). The writes are synchronous: a chunk reaches the page cache in a fraction
 * of a millisecond, while a round trip through the thread pool and the event loop per chunk cost more (measured on
 * the 10,000-control report: making and writing its 34 MB SARIF log took about a fifth longer asynchronously). A
 * chunk that is a view of a writer's buffer is written before the next one is asked for.
 */
export async function writeChunks(path: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  const handle = await open(path, 'w');
  try {
    const writeAll = (bytes: Uint8Array) => {
      for (let done = 0; done < bytes.length;) done += writeSync(handle.fd, bytes, done, bytes.length - done);
    };
    const gathered = new OutBuffer(WRITE_BUFFER);
    for (const chunk of chunks) {
      if (chunk.length >= WRITE_DIRECT) {
        // A large chunk (a writer's own buffered output) goes to the file as it is, without a copy.
        if (!gathered.empty) writeAll(gathered.take());
        writeAll(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
        continue;
      }
      gathered.piece(chunk);
      if (gathered.full) writeAll(gathered.take());
    }
    if (!gathered.empty) writeAll(gathered.take());
  } finally {
    await handle.close();
  }
}

/** Bytes gathered before a write, and the size from which a chunk is written as it is. */
const WRITE_BUFFER = 1024 * 1024;
const WRITE_DIRECT = 64 * 1024;

export interface ResultInput {
  reportText?: string;
  reportFile?: string;
  evaluation?: Evaluation;
  /** What the SARIF and JUnit files are written from (evaluateReportWithDetails); without it they are not written. */
  details?: ReportDetails | undefined;
  /** The repository file SARIF results attach to (default Dockerfile). */
  sarifLocation?: string | undefined;
  error?: string;
  meta: ResultMeta;
}

/** scan-results.sarif and scan-results.junit.xml, or on an error the JUnit file that says why. */
async function writeSarifAndJunit(outputDir: string, input: ResultInput, files: ResultFiles): Promise<void> {
  const failed = input.error !== undefined || !input.evaluation;
  const sarifPath = join(outputDir, SARIF_FILE);
  const junitPath = join(outputDir, JUNIT_FILE);
  if (failed || !input.evaluation) {
    await rm(sarifPath, { force: true });
    await writeFile(junitPath, renderJunitError(input.error ?? 'no evaluation', input.meta));
    files.junitFile = junitPath;
  } else if (input.details) {
    const scan = { evaluation: input.evaluation, details: input.details, meta: input.meta };
    await writeChunks(sarifPath, sarifChunks([{ ...scan, location: input.sarifLocation ?? DEFAULT_SARIF_LOCATION }]));
    files.sarifFile = sarifPath;
    await writeChunks(junitPath, junitChunks([scan]));
    files.junitFile = junitPath;
  } else {
    await Promise.all([rm(sarifPath, { force: true }), rm(junitPath, { force: true })]);
  }
}

/**
 * Writes scan-results.json (the report as received), scan-summary.md, threshold-result.txt, summary.json and, from the
 * same evaluation, scan-results.sarif and scan-results.junit.xml (those two need `details`). On an error it still
 * writes whatever it has (the raw report if any, an error summary, a JUnit file with the error) and removes a SARIF
 * file left by an earlier run, so that it is not uploaded as this run's. `reportFile` copies the report from a file
 * instead of writing `reportText` (no second in-memory copy of a large report).
 */
export async function writeResultFiles(outputDir: string, input: ResultInput): Promise<ResultFiles> {
  await mkdir(outputDir, { recursive: true });
  const files: ResultFiles = {
    summaryFile: join(outputDir, 'scan-summary.md'),
    thresholdFile: join(outputDir, 'threshold-result.txt'),
    summaryJsonFile: join(outputDir, 'summary.json'),
  };
  // The report is copied (in the kernel, on the thread pool) while the SARIF and JUnit files are made.
  let copying: Promise<void> = Promise.resolve();
  if (input.reportText !== undefined || input.reportFile !== undefined) {
    files.resultsFile = join(outputDir, 'scan-results.json');
    if (input.reportText !== undefined) copying = writeFile(files.resultsFile, input.reportText);
    else if (resolve(input.reportFile as string) !== resolve(files.resultsFile))
      copying = copyFile(input.reportFile as string, files.resultsFile);
  }
  // Observed now, thrown below: a failed copy must not be an unhandled rejection while the other files are written.
  void copying.catch(() => undefined);
  try {
    await writeSarifAndJunit(outputDir, input, files);
  } finally {
    await copying;
  }
  const failed = input.error !== undefined || !input.evaluation;
  const markdown =
    failed || !input.evaluation
      ? renderErrorMarkdown(input.error ?? 'no evaluation', input.meta)
      : renderSummaryMarkdown(input.evaluation, input.meta);
  const summary = buildSummaryJson(
    input.evaluation,
    { ...input.meta, ...(input.error !== undefined ? { error: input.error } : {}) },
    files,
  );
  await writeFile(files.summaryFile, markdown);
  await writeFile(files.thresholdFile, renderThresholdResult(input.evaluation, input.error));
  await writeFile(files.summaryJsonFile, JSON.stringify(summary, null, 2) + '\n');
  return files;
}
