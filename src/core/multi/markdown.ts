import type { PipelineOutcome } from '../pipeline.js';
import {
  DEFAULT_MAX_BYTES,
  escapeMarkdownInline as inline,
  renderErrorMarkdown,
  renderSummaryMarkdown,
} from '../results/index.js';
import type { CombinedSummaryJson, ImageEntry } from './combined.js';

// scan-summary.md and the job summary of a run of several images: one table of every image first, then each image's
// own summary in a collapsed <details> section. Everything from a report, an image reference or an error message goes
// through the results engine's `inline` escaping. The whole stays under a byte budget (GitHub refuses a job summary
// over 1 MiB): table rows, then details sections, are left out with a note saying how many and where to look.

const ICON: Record<ImageEntry['result'], string> = { pass: '✅', fail: '❌', error: '⚠️' };

/** Bytes kept for the headline, the table's header and the notes. */
const FRAME_BYTES = 4 * 1024;
/** What one table row takes, about (a long reference takes more; the final assembly measures). */
const ROW_BYTES = 400;
/** Each image's details get at least this much before the run gives up on showing them all. */
const MIN_DETAILS_BYTES = 4 * 1024;

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * How many bytes each image's details may take so that `images` of them, with the table, fit the job summary. Each
 * image's summary is rendered to this size as the image finishes, so the run never holds more than the summary.
 */
export function detailsBudget(images: number, maxBytes = DEFAULT_MAX_BYTES): number {
  const room = maxBytes - FRAME_BYTES - images * ROW_BYTES;
  return Math.max(MIN_DETAILS_BYTES, Math.floor(room / Math.max(1, images)));
}

/** One image's details section (its summary, or its error), rendered within `maxBytes`. */
export function renderImageDetails(entry: ImageEntry, outcome: PipelineOutcome | undefined, maxBytes: number): string {
  let body: string;
  if (outcome?.evaluation && entry.result !== 'error') {
    body = renderSummaryMarkdown(outcome.evaluation, outcome.meta, { maxBytes: Math.max(1024, maxBytes - 600) });
  } else {
    const message = entry.error ? `${entry.error.code}: ${entry.error.message}` : 'the scan ended in an error';
    body = renderErrorMarkdown(message, outcome?.meta ?? { image: entry.image });
  }
  // A level-2 heading inside a collapsed section would outweigh the run's own.
  body = body.replace(/^## /, '#### ');
  return `<details><summary>${summaryLine(entry)}</summary>\n\n${body.trimEnd()}\n\n</details>\n`;
}

function summaryLine(entry: ImageEntry): string {
  const what =
    entry.result === 'error'
      ? `error ${entry.error?.code ?? ''}`.trim()
      : `${entry.result}, compliance ${entry.compliance ?? 0}%`;
  return `${ICON[entry.result]} ${inline(entry.image, 200)}: ${what}`;
}

function headline(summary: CombinedSummaryJson): string {
  const { totals } = summary;
  const counts = [`${totals.pass} passed`, `${totals.fail} failed`, `${totals.error} errored`].join(', ');
  const what = `Compliance scan of ${totals.images} image${totals.images === 1 ? '' : 's'}`;
  if (summary.result === 'error') return `## ⚠️ ${what}: ${counts}`;
  if (summary.result === 'fail') return `## ❌ ${what}: ${counts}`;
  if (!summary.thresholdGiven) return `## ℹ️ ${what}: no threshold set`;
  return `## ✅ ${what}: every image passed the threshold`;
}

function metaLine(summary: CombinedSummaryJson): string {
  const items: string[] = [];
  if (summary.compliance !== null) items.push(`**Compliance (all images):** ${summary.compliance}%`);
  if (summary.profile) items.push(`**Profile:** ${inline(summary.profile)}`);
  if (summary.threshold) items.push(`**Threshold:** ${inline(summary.threshold)}`);
  return items.join(' · ');
}

const SEVERITY_COLUMNS = ['critical', 'high', 'medium', 'low'] as const;

function row(entry: ImageEntry): string {
  const image = inline(entry.image, 120);
  if (!entry.counts) {
    const code = entry.error ? ` ${inline(entry.error.code, 40)}` : '';
    return `| ${image} | ${ICON.error} error${code} | – | – | – | – | – | – |`;
  }
  const failed = entry.counts.failed;
  const cells = SEVERITY_COLUMNS.map((s) => String(failed[s]));
  const result =
    entry.result === 'error'
      ? `${ICON.error} error ${inline(entry.error?.code ?? '', 40)}`
      : `${ICON[entry.result]} ${entry.result}`;
  return `| ${image} | ${result} | ${entry.compliance ?? 0}% | ${cells.join(' | ')} | ${entry.counts.error.total} |`;
}

const TABLE_HEAD =
  '| Image | Result | Compliance | Failed critical | Failed high | Failed medium | Failed low | Errors |\n' +
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n';

/**
 * The run's summary: headline, meta, the table of images, the artifact link, then each image's details (pre-rendered
 * by renderImageDetails, in the order of `summary.images`) while they fit `maxBytes`.
 */
export function renderCombinedMarkdown(
  summary: CombinedSummaryJson,
  details: readonly string[],
  options: { maxBytes?: number; artifactUrl?: string | undefined } = {},
): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let out = `${headline(summary)}\n\n`;
  const meta = metaLine(summary);
  if (meta) out += `${meta}\n\n`;
  if (summary.error) out += `> ${inline(`${summary.error.code}: ${summary.error.message}`, 1000)}\n\n`;
  const link = options.artifactUrl
    ? `Full results, a folder per image: [scan results artifact](${encodeURI(options.artifactUrl).replace(/[()]/g, encodeURIComponent)})\n\n`
    : '';
  const reserve = bytes(link) + 600;
  if (summary.images.length > 0) {
    out += TABLE_HEAD;
    let used = bytes(out);
    let shown = 0;
    for (const entry of summary.images) {
      const line = `${row(entry)}\n`;
      if (used + bytes(line) + reserve > maxBytes) break;
      out += line;
      used += bytes(line);
      shown += 1;
    }
    if (shown < summary.images.length) {
      out += `\n… ${summary.images.length - shown} more images not shown to stay under GitHub's size limit (see summary.json).\n`;
    }
    out += '\n';
  }
  out += link;
  let used = bytes(out);
  let shown = 0;
  for (const section of details) {
    if (used + bytes(section) + 400 > maxBytes) break;
    out += `${section}\n`;
    used += bytes(section) + 1;
    shown += 1;
  }
  if (shown < details.length) {
    out += `_Details of ${details.length - shown} more image${details.length - shown === 1 ? '' : 's'} are left out to stay under GitHub's size limit: each image's folder in the artifact holds its own scan-summary.md._\n`;
  }
  return out;
}
