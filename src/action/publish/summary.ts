import type { PipelineOutcome } from '../../core/pipeline.js';
import { renderErrorMarkdown, renderSummaryMarkdown } from '../../core/results/index.js';
import { truncateMarkdown } from './markdown.js';

/**
 * The results engine's Markdown again, now with the artifact's link (known only after the upload, which happens after
 * scan-summary.md is written). `maxBytes` lets the engine drop rows cleanly for a smaller target (a PR comment).
 */
export function summaryMarkdown(outcome: PipelineOutcome, artifactUrl: string | undefined, maxBytes?: number): string {
  const meta = { ...outcome.meta, ...(artifactUrl ? { artifactUrl } : {}) };
  if (outcome.result !== 'error' && outcome.evaluation) {
    return renderSummaryMarkdown(outcome.evaluation, meta, maxBytes === undefined ? {} : { maxBytes });
  }
  const text = renderErrorMarkdown(outcome.error?.oneLine() ?? 'KCS-GH-001: the scan ended in an error', meta);
  // The error renderer does not budget; its input is bounded (40 lines), but a comment must fit regardless.
  return maxBytes === undefined ? text : truncateMarkdown(text, Math.floor(maxBytes / 4), '_(cut to fit)_');
}
