import type { Config } from '../../core/config.js';
import type { CombinedSummaryJson, ImageEntry } from '../../core/multi/combined.js';
import { runImages } from '../../core/multi/run.js';
import { EXIT, type CliIo } from '../io.js';
import type { CliLogger } from '../logger.js';

/**
 * `scan` with several images (--image more than once, --images-file, --images-from-namespace): the run's table on
 * stdout, and the exit code of the combined result (0 pass, 1 a threshold failed, 3 an image or the run errored; 2 an
 * input of the run was invalid).
 */
export async function scanImages(config: Config, logger: CliLogger, io: CliIo): Promise<number> {
  const outcome = await runImages(config, { logger, signal: io.signal });
  logger.closeFence();
  io.err(`result: ${outcome.result}; files in ${config.results.outputDir} (a folder per image)\n`);
  if (outcome.error) {
    logger.untrusted(`error: ${outcome.error.code}: ${outcome.error.message}`);
    if (outcome.error.hint) io.err(`hint: ${outcome.error.hint}\n`);
    return outcome.error.category === 'input' ? EXIT.usage : EXIT.error;
  }
  // Image references from a namespace and error messages come from the cluster: fenced and stripped like a report.
  logger.untrustedOut(imagesTextReport(outcome.summary));
  if (outcome.result === 'error') return EXIT.error;
  if (outcome.result === 'fail') return config.results.failOnThreshold ? EXIT.thresholdFailed : EXIT.pass;
  return EXIT.pass;
}

function cells(entry: ImageEntry): string[] {
  if (!entry.counts) return [entry.image, entry.result, '-', '-', '-', entry.error?.code ?? ''];
  const f = entry.counts.failed;
  return [
    entry.image,
    entry.result,
    `${entry.compliance ?? 0}%`,
    `${f.critical}/${f.high}/${f.medium}/${f.low}`,
    String(entry.counts.error.total),
    entry.result === 'error' ? (entry.error?.code ?? '') : '',
  ];
}

/** One line per image, in columns, then the totals. */
export function imagesTextReport(summary: CombinedSummaryJson): string {
  const rows = [['IMAGE', 'RESULT', 'COMPLIANCE', 'FAILED C/H/M/L', 'ERRORS', ''], ...summary.images.map(cells)];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const lines = rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  const { totals } = summary;
  lines.push(
    '',
    `${totals.images} images: ${totals.pass} passed, ${totals.fail} failed, ${totals.error} errored; result ${summary.result}`,
  );
  for (const e of summary.images.filter((i) => i.error))
    lines.push(`${e.image}: ${e.error?.code ?? ''}: ${e.error?.message ?? ''}`);
  return `${lines.join('\n')}\n`;
}
