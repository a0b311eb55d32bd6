import type { PipelineOutcome } from '../../core/pipeline.js';

/**
 * The step outputs (DESIGN §7), every one always set so a later step can read them without checking whether the
 * scan got far enough: counts are empty strings when there is no evaluation, not zeros that would read as a clean scan.
 */
export function stepOutputs(outcome: PipelineOutcome, artifactId: number | undefined): Record<string, string> {
  const counts = outcome.evaluation?.counts;
  const count = (status: 'passed' | 'failed' | 'skipped' | 'no_impact' | 'error'): string =>
    counts ? String(counts[status].total) : '';
  return {
    result: outcome.result,
    compliance: outcome.evaluation ? String(outcome.evaluation.compliance) : '',
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    'not-applicable': count('no_impact'),
    errors: count('error'),
    'results-file': outcome.files.resultsFile ?? '',
    'summary-file': outcome.files.summaryFile ?? '',
    'sarif-file': outcome.files.sarifFile ?? '',
    'junit-file': outcome.files.junitFile ?? '',
    'artifact-id': artifactId === undefined ? '' : String(artifactId),
    'image-digest': outcome.imageDigest ?? '',
    'pod-name': outcome.names?.podName ?? '',
  };
}
