// Public API of the results engine: parse a report, evaluate a threshold, render and write the result files.
export type { Status, Severity, Counts, CountKey } from './types.js';
export { STATUSES, SEVERITIES, STATUS_LABEL, SEVERITY_LABEL, emptyCounts } from './types.js';
export type { Threshold, Limits, BucketRule } from './threshold.js';
export { parseThresholdText, loadThreshold } from './threshold.js';
export type { Violation, Evaluation, ControlSummary, ReportDetails } from './evaluate.js';
export { evaluateReport, evaluateReportWithDetails, checkThreshold, complianceOf } from './evaluate.js';
export type { SarifScan } from './sarif.js';
export {
  renderSarif,
  sarifChunks,
  automationId,
  fingerprint,
  SECURITY_SEVERITY,
  SARIF_LEVEL,
  DEFAULT_SARIF_LOCATION,
} from './sarif.js';
export type { JunitScan } from './junit.js';
export { renderJunit, junitChunks, renderJunitError } from './junit.js';
export type { ResultMeta } from './markdown.js';
export {
  renderSummaryMarkdown,
  renderErrorMarkdown,
  inline as escapeMarkdownInline,
  DEFAULT_MAX_BYTES,
} from './markdown.js';
export type { SummaryJson, ResultFiles } from './files.js';
export {
  buildSummaryJson,
  writeResultFiles,
  renderThresholdResult,
  writeChunks,
  SARIF_FILE,
  JUNIT_FILE,
} from './files.js';
