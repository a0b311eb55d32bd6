import { KcsError } from '../errors.js';
import type { PipelineOutcome } from '../pipeline.js';
import { complianceOf, emptyCounts, STATUSES, type Counts } from '../results/index.js';

// One answer for a run of several images: each image's result as an entry, and the run's result from them.

export type Result = 'pass' | 'fail' | 'error';

/** One image of the run, as summary.json's `images` and the `results` output give it. */
export interface ImageEntry {
  image: string;
  /** The folder (under the output directory) that holds this image's files. */
  folder: string;
  result: Result;
  /** The digest the cluster ran, when the scan got that far. */
  digest: string | null;
  compliance: number | null;
  counts: Counts | null;
  /** How many threshold rules this image violated. */
  violations: number;
  error: { code: string; message: string } | null;
  /** The scan pod (its name is the run id that labels every object of the scan). */
  pod: string | null;
  /** images-from-namespace: the containers that run this image (`namespace/pod/container`), the first 20. */
  sources?: string[];
}

/** Longest error message an entry carries (the `results` output holds every entry). */
const MAX_ERROR = 1000;

/** The error as an entry shows it: its code, and its message with the hint, on one line, bounded. */
export function entryError(error: KcsError): { code: string; message: string } {
  const text = `${error.message}${error.hint ? ` ${error.hint}` : ''}`.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return { code: error.code, message: text.length <= MAX_ERROR ? text : `${text.slice(0, MAX_ERROR - 1)}…` };
}

/** The entry of one image, from its pipeline outcome. */
export function imageEntry(image: string, folder: string, outcome: PipelineOutcome, sources?: string[]): ImageEntry {
  const evaluation = outcome.evaluation;
  return {
    image,
    folder,
    result: outcome.result,
    digest: outcome.imageDigest ?? null,
    compliance: evaluation ? evaluation.compliance : null,
    counts: evaluation ? evaluation.counts : null,
    violations: evaluation ? evaluation.violations.length : 0,
    error: outcome.result === 'error' ? entryError(outcomeError(outcome)) : null,
    pod: outcome.names?.podName ?? null,
    ...(sources ? { sources: sources.slice(0, 20) } : {}),
  };
}

/** The entry of an image whose scan never ran (cancelled first, or refused before it could start). */
export function errorEntry(image: string, folder: string, error: KcsError, sources?: string[]): ImageEntry {
  return {
    image,
    folder,
    result: 'error',
    digest: null,
    compliance: null,
    counts: null,
    violations: 0,
    error: entryError(error),
    pod: null,
    ...(sources ? { sources: sources.slice(0, 20) } : {}),
  };
}

function outcomeError(outcome: PipelineOutcome): KcsError {
  return outcome.error ?? new KcsError('KCS-SCAN-900', 'the scan ended in an error', { category: 'internal' });
}

/** error if any image errored (or the run itself did), else fail if any failed, else pass. */
export function combinedResult(entries: readonly ImageEntry[], runError?: KcsError): Result {
  if (runError || entries.some((e) => e.result === 'error')) return 'error';
  if (entries.some((e) => e.result === 'fail')) return 'fail';
  return entries.length === 0 ? 'error' : 'pass';
}

/** Counts summed over every image that has them; null when none has. */
export function summedCounts(entries: readonly ImageEntry[]): Counts | null {
  const counted = entries.filter((e) => e.counts !== null);
  if (counted.length === 0) return null;
  const sum = emptyCounts();
  for (const { counts } of counted) {
    for (const status of STATUSES) {
      for (const [key, n] of Object.entries((counts as Counts)[status])) {
        sum[status][key as keyof Counts[typeof status]] += n;
      }
    }
  }
  return sum;
}

/** The top-level summary.json of a run of several images. */
export interface CombinedSummaryJson {
  result: Result;
  /** How many images, and how many passed, failed and errored. */
  totals: { images: number; pass: number; fail: number; error: number };
  /** Every image's counts added up (the step's count outputs); null when no image was evaluated. */
  counts: Counts | null;
  /** Compliance of the summed counts (every control of every evaluated image); null when none was evaluated. */
  compliance: number | null;
  profile: string | null;
  threshold: string | null;
  thresholdGiven: boolean;
  images: ImageEntry[];
  /** scan-results.sarif and scan-results.junit.xml beside this file (null when not written). */
  sarifFile: string | null;
  junitFile: string | null;
  /** A failure of the run as a whole (an input, the connection, listing a namespace), before any image was scanned. */
  error?: { code: string; message: string };
  artifactUrl?: string;
}

export function buildCombinedSummary(
  entries: readonly ImageEntry[],
  meta: {
    profile?: string | undefined;
    threshold?: string | undefined;
    runError?: KcsError | undefined;
    sarifFile?: string | undefined;
    junitFile?: string | undefined;
  },
): CombinedSummaryJson {
  const counts = summedCounts(entries);
  return {
    result: combinedResult(entries, meta.runError),
    totals: {
      images: entries.length,
      pass: entries.filter((e) => e.result === 'pass').length,
      fail: entries.filter((e) => e.result === 'fail').length,
      error: entries.filter((e) => e.result === 'error').length,
    },
    counts,
    compliance: counts ? complianceOf(counts) : null,
    profile: meta.profile ?? null,
    threshold: meta.threshold ?? null,
    thresholdGiven: meta.threshold !== undefined,
    images: [...entries],
    sarifFile: meta.sarifFile ?? null,
    junitFile: meta.junitFile ?? null,
    ...(meta.runError ? { error: entryError(meta.runError) } : {}),
  };
}

/** One comment line: nothing in it can end the comment early. */
function comment(text: string): string {
  return `# ${text.replace(/[\p{Cc}\u0085\u2028\u2029]+/gu, ' ').trim()}`;
}

/**
 * threshold-result.txt for the run: THRESHOLD_RESULT=0 when every image passed, 1 otherwise, then one comment per
 * image that did not pass (each image's own file, in its folder, lists its violations).
 */
export function renderCombinedThreshold(summary: CombinedSummaryJson): string {
  const lines = [`THRESHOLD_RESULT=${summary.result === 'pass' ? 0 : 1}`];
  if (summary.error) lines.push(comment(`error: ${summary.error.code}: ${summary.error.message}`));
  if (summary.result === 'pass')
    lines.push(summary.thresholdGiven ? '# every image met the threshold' : '# no threshold');
  for (const e of summary.images) {
    if (e.result === 'fail')
      lines.push(
        comment(`${e.image}: fail, ${e.violations} threshold rule(s) violated (${e.folder}/threshold-result.txt)`),
      );
    if (e.result === 'error')
      lines.push(comment(`${e.image}: error ${e.error?.code ?? ''}: ${e.error?.message ?? ''}`));
  }
  return lines.join('\n') + '\n';
}
