import { describe, expect, it } from 'vitest';
import { KcsError } from '../../src/core/errors.js';
import {
  buildCombinedSummary,
  errorEntry,
  renderCombinedThreshold,
  type ImageEntry,
} from '../../src/core/multi/combined.js';
import { detailsBudget, renderCombinedMarkdown, renderImageDetails } from '../../src/core/multi/markdown.js';
import type { PipelineOutcome } from '../../src/core/pipeline.js';
import { DEFAULT_MAX_BYTES, evaluateReport, parseThresholdText } from '../../src/core/results/index.js';
import { bigReport } from '../results/big-report.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** One evaluated image, as the pipeline would hand it over. */
function evaluated(image: string, report: string, threshold = 'failed:\n  total:\n    max: 0\n') {
  const evaluation = evaluateReport(report, {
    threshold: parseThresholdText(threshold, 'inline'),
    origin: 'scan-results.json',
  });
  const outcome = {
    result: evaluation.result,
    evaluation,
    files: { summaryFile: '', thresholdFile: '', summaryJsonFile: '' },
    imageDigest: `sha256:${'c'.repeat(64)}`,
    markdown: '',
    meta: { image, profile: 'generated-stig-baseline', threshold: 'inline' },
  } as PipelineOutcome;
  const entry: ImageEntry = {
    image,
    folder: image.replace(/[^a-z0-9.-]+/g, '-'),
    result: evaluation.result,
    digest: outcome.imageDigest ?? null,
    compliance: evaluation.compliance,
    counts: evaluation.counts,
    violations: evaluation.violations.length,
    error: null,
    pod: 'kcs-0123456789',
  };
  return { entry, outcome };
}

describe('the summary of a run of several images', () => {
  it('100 images × 1,000 controls (hostile titles) stay under GitHub’s 1 MiB, table first, details collapsed', () => {
    const report = bigReport({ controls: 1000, textBytes: 200, hostile: true });
    const images = Array.from({ length: 100 }, (_, i) => `registry.example.com/team/app-${i}:1.0`);
    const budget = detailsBudget(images.length);
    const rendered = images.map((image) => {
      const { entry, outcome } = evaluated(image, report);
      return { entry, details: renderImageDetails(entry, outcome, budget) };
    });
    const summary = buildCombinedSummary(
      rendered.map((r) => r.entry),
      { profile: 'generated-stig-baseline', threshold: 'inline' },
    );
    const markdown = renderCombinedMarkdown(
      summary,
      rendered.map((r) => r.details),
    );
    expect(bytes(markdown)).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    expect(markdown.split('\n')[0]).toBe('## ❌ Compliance scan of 100 images: 0 passed, 100 failed, 0 errored');
    const table = markdown.indexOf('| Image | Result |');
    expect(table).toBeGreaterThan(0);
    expect(table).toBeLessThan(markdown.indexOf('<details>'));
    expect(markdown.match(/^\| registry/gm)).toHaveLength(100);
    // Each image's own list was cut, with the results engine's note; nothing from the report is live HTML.
    expect(markdown).toMatch(/more controls not shown/);
    expect(markdown).not.toContain('<img');
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toMatch(/\[link\]\(javascript/);
  });

  it('more images than fit: later details are left out with a note; a smaller budget (a PR comment) keeps the table', () => {
    const report = bigReport({ controls: 200, textBytes: 100 });
    const images = Array.from({ length: 400 }, (_, i) => `registry.example.com/team/app-${i}:1.0`);
    const budget = detailsBudget(images.length);
    expect(budget).toBe(4096);
    const rendered = images.map((image) => {
      const { entry, outcome } = evaluated(image, report);
      return { entry, details: renderImageDetails(entry, outcome, budget) };
    });
    const summary = buildCombinedSummary(
      rendered.map((r) => r.entry),
      {},
    );
    const full = renderCombinedMarkdown(
      summary,
      rendered.map((r) => r.details),
    );
    expect(bytes(full)).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    expect(full).toMatch(/_Details of \d+ more images are left out to stay under GitHub's size limit/);
    const comment = renderCombinedMarkdown(
      summary,
      rendered.map((r) => r.details),
      { maxBytes: 20_000, artifactUrl: 'https://github.com/o/r/actions/runs/1/artifacts/2' },
    );
    expect(bytes(comment)).toBeLessThanOrEqual(20_000);
    expect(comment).toMatch(/more images not shown to stay under GitHub's size limit \(see summary\.json\)/);
    expect(comment).toContain('[scan results artifact](https://github.com/o/r/actions/runs/1/artifacts/2)');
  });

  it('an errored image: its code in the table, its message escaped in its section; run files say error', () => {
    const report = bigReport({ controls: 5, textBytes: 50 });
    const ok = evaluated('ghcr.io/acme/ok:1', report, 'compliance:\n  min: 0\n');
    const error = new KcsError('KCS-SCAN-110', 'Cannot pull <b>the</b> target | image `x` @team #12', {
      hint: 'Check the *image*.',
    });
    const bad = errorEntry('ghcr.io/acme/bad:1', 'ghcr.io-acme-bad-1-0badf00d', error);
    const summary = buildCombinedSummary([ok.entry, bad], { threshold: 'inline' });
    expect(summary.result).toBe('error');
    expect(summary.images[1]?.error).toEqual({
      code: 'KCS-SCAN-110',
      message: 'Cannot pull <b>the</b> target | image `x` @team #12 Check the *image*.',
    });
    const markdown = renderCombinedMarkdown(summary, [
      renderImageDetails(ok.entry, ok.outcome, 8000),
      renderImageDetails(bad, undefined, 8000),
    ]);
    expect(markdown).toContain('| ghcr&#46;io/acme/bad&#58;1 | ⚠️ error KCS&#45;SCAN&#45;110 | – |');
    expect(markdown).not.toContain('<b>');
    expect(markdown).not.toMatch(/[^;]@team/);
    expect(renderCombinedThreshold(summary)).toBe(
      'THRESHOLD_RESULT=1\n# ghcr.io/acme/bad:1: error KCS-SCAN-110: Cannot pull <b>the</b> target | image `x` @team #12 Check the *image*.\n',
    );
  });

  it('result: error beats fail beats pass; counts add up; compliance is that of the sums', () => {
    const report = bigReport({ controls: 20, textBytes: 20 });
    const failing = evaluated('a:1', report);
    const passing = evaluated('b:1', report, 'compliance:\n  min: 0\n');
    const both = buildCombinedSummary([failing.entry, passing.entry], {});
    expect(both.result).toBe('fail');
    expect(both.totals).toEqual({ images: 2, pass: 1, fail: 1, error: 0 });
    expect(both.counts?.passed.total).toBe(2 * (failing.entry.counts?.passed.total ?? 0));
    expect(both.compliance).toBe(failing.entry.compliance);
    expect(buildCombinedSummary([passing.entry], {}).result).toBe('pass');
    expect(renderCombinedThreshold(buildCombinedSummary([passing.entry], {}))).toBe(
      'THRESHOLD_RESULT=0\n# no threshold\n',
    );
  });
});
