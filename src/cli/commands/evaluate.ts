import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseSarifLocation, resolveThresholdSource } from '../../core/config.js';
import { describeError, InputError, KcsError } from '../../core/errors.js';
import {
  buildSummaryJson,
  DEFAULT_SARIF_LOCATION,
  evaluateReportWithDetails,
  loadThreshold,
  STATUS_LABEL,
  STATUSES,
  writeResultFiles,
  type Evaluation,
  type ReportDetails,
  type ResultMeta,
  type Threshold,
} from '../../core/results/index.js';
import { EXIT, parseFlags, type CliCommand, type CliIo } from '../io.js';
import { CliLogger, jsonSafe } from '../logger.js';

// Only what evaluating needs is imported here: the dispatcher loads this module lazily, and nothing on this path may
// pull in the Kubernetes client.

const FLAGS = {
  results: { type: 'string' },
  threshold: { type: 'string' },
  'output-dir': { type: 'string' },
  image: { type: 'string' },
  'sarif-location': { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: kube-cinc-scan evaluate --results FILE [--threshold VALUE] [--output-dir DIR] [--format text|json]

Evaluates an InSpec/CINC Auditor JSON report (for example a downloaded scan-results.json) against a MITRE SAF
threshold, offline, with the SAF CLI's semantics. Every violated rule is listed; the first reads as the SAF CLI's
message. Writes scan-results.json, scan-summary.md, threshold-result.txt, summary.json, scan-results.sarif (SARIF
2.1.0 for code scanning) and scan-results.junit.xml (JUnit, for CI test reports) to the output directory.

Flags:
  --results FILE        the JSON report (required)
  --threshold VALUE     inline YAML (text with a newline, ':' or '{'), a threshold file, or a shipped threshold
                        name (strict, moderate, baseline); without it the report is only summarised
  --output-dir DIR      where to write the files (default: ./kube-cinc-scan-results)
  --image IMAGE         the image the report is of: names the SARIF analysis and keeps its alert fingerprints
                        stable across runs (default: none; take it from summary.json's "image")
  --sarif-location PATH the repository file SARIF results attach to (default: ${DEFAULT_SARIF_LOCATION})
  --format text|json    what to print on stdout: a readable summary (default) or the summary.json object
  -h, --help            show this help

Exit codes: 0 pass (or no threshold), 1 threshold failed, 2 invalid input (unreadable or invalid report or threshold).`;

function parseFormat(value: string | undefined): 'text' | 'json' {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new InputError('KCS-CLI-101', `evaluate: --format ${JSON.stringify(value)} is not allowed; use text or json`);
}

async function readResults(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'does not exist'
        : `cannot be read (${(error as Error).message})`;
    throw new InputError('KCS-RES-006', `results file ${path} ${reason}`, {
      hint: 'Pass the JSON report of a scan (scan-results.json in the results artifact).',
      cause: error,
    });
  }
}

/**
 * The report's bytes live only in what this returns: the details keep them for the SARIF and JUnit writers, which read
 * the long control texts from them; once the files are written, everything can be collected.
 */
async function readAndEvaluate(
  path: string,
  threshold: Threshold | undefined,
  state: { reportRead: boolean },
): Promise<{ evaluation: Evaluation; details: ReportDetails }> {
  const text = await readResults(path);
  state.reportRead = true;
  return evaluateReportWithDetails(text, { origin: path, ...(threshold ? { threshold } : {}) });
}

/** The human-readable verdict that `evaluate` and `scan` print: counts by status × severity and every violated rule. */
export function textReport(evaluation: Evaluation, thresholdName: string | undefined): string {
  const lines: string[] = [];
  const verdict = !evaluation.thresholdGiven ? 'no threshold' : evaluation.result === 'pass' ? 'PASS' : 'FAIL';
  lines.push(`Result: ${verdict}${thresholdName ? ` (threshold ${thresholdName})` : ''}`);
  lines.push(`Compliance: ${evaluation.compliance}%`);
  lines.push(`Profile: ${evaluation.profiles[0]?.name ?? '?'}`);
  lines.push('');
  lines.push(
    `${'status'.padEnd(16)}${['critical', 'high', 'medium', 'low', 'none', 'total'].map((h) => h.padStart(9)).join('')}`,
  );
  for (const status of STATUSES) {
    const row = evaluation.counts[status];
    const cells = [row.critical, row.high, row.medium, row.low, row.none, row.total].map((n) => String(n).padStart(9));
    lines.push(`${STATUS_LABEL[status].padEnd(16)}${cells.join('')}`);
  }
  if (evaluation.violations.length > 0) {
    lines.push('', `Violated rules (${evaluation.violations.length}):`);
    for (const v of evaluation.violations) lines.push(`  Error: ${v.message}`);
  }
  return lines.join('\n') + '\n';
}

async function runEvaluate(values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number> {
  const format = parseFormat(values['format'] as string | undefined);
  const resultsFlag = values['results'] as string | undefined;
  if (!resultsFlag) {
    throw new InputError('KCS-CLI-102', 'evaluate: --results FILE is required', {
      hint: "Run 'kube-cinc-scan evaluate --help'.",
    });
  }
  const outputFlag = values['output-dir'] as string | undefined;
  const outputDir = resolve(io.cwd, outputFlag ?? 'kube-cinc-scan-results');
  const thresholdFlag = values['threshold'] as string | undefined;
  const resultsPath = resolve(io.cwd, resultsFlag);
  const sarifLocation = parseSarifLocation((values['sarif-location'] as string | undefined) ?? '');
  const image = (values['image'] as string | undefined)?.trim();
  const meta: ResultMeta = image ? { image } : {};
  const state = { reportRead: false };
  try {
    let threshold: Threshold | undefined;
    if (thresholdFlag !== undefined) {
      const source = resolveThresholdSource(thresholdFlag, io.cwd);
      meta.threshold = source.kind === 'shipped' ? source.name : source.kind === 'file' ? source.path : 'inline';
      threshold = await loadThreshold(source);
    }
    const { evaluation, details } = await readAndEvaluate(resultsPath, threshold, state);
    meta.profile = evaluation.profiles[0]?.name;
    const files = await writeResultFiles(outputDir, {
      reportFile: resultsPath,
      evaluation,
      details,
      sarifLocation,
      meta,
    });
    const logger = new CliLogger(io);
    for (const w of evaluation.warnings) logger.untrusted(`warning: ${w}`);
    if (format === 'json') io.out(jsonSafe(JSON.stringify(buildSummaryJson(evaluation, meta, files), null, 2)) + '\n');
    else {
      logger.untrustedOut(textReport(evaluation, meta.threshold));
      const written = [files.summaryFile, files.summaryJsonFile, files.sarifFile, files.junitFile];
      io.out(`\nFiles: ${written.filter((f) => f !== undefined).join(', ')}\n`);
    }
    return evaluation.result === 'pass' ? EXIT.pass : EXIT.thresholdFailed;
  } catch (error) {
    if (!(error instanceof KcsError)) throw error;
    const message = describeError(error);
    // An explicitly named output directory gets the error files too, so a pipeline step that reads them sees why.
    const written =
      outputFlag === undefined
        ? {}
        : await writeResultFiles(outputDir, {
            ...(state.reportRead ? { reportFile: resultsPath } : {}),
            error: message,
            meta,
          });
    if (format === 'json') {
      const summary = buildSummaryJson(undefined, { ...meta, error: message }, written);
      io.out(jsonSafe(JSON.stringify(summary, null, 2)) + '\n');
    }
    throw error;
  }
}

export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  summary: 'evaluate a results file against a threshold, offline',
  help: HELP,
  async run(argv, io) {
    const { values } = parseFlags('evaluate', argv, FLAGS);
    if (values.help) {
      io.out(`${HELP}\n`);
      return EXIT.pass;
    }
    return runEvaluate(values, io);
  },
};
