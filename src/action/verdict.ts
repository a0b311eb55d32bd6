import type { PipelineOutcome } from '../core/pipeline.js';

/** What the step ends with: failed (with a one-line message), green with a warning annotation, or green. */
export type Verdict =
  | { status: 'failed'; message: string }
  | { status: 'warning'; message: string }
  | { status: 'passed'; message: string };

/**
 * A scan or input error fails the step; a failed threshold fails it when fail-on-threshold is true and otherwise
 * leaves a warning; a pass is green. Each message is one line: what happened, its code, where to look.
 */
export function verdict(outcome: PipelineOutcome, failOnThreshold: boolean, where: string): Verdict {
  if (outcome.result === 'error') {
    const what = outcome.error ? outcome.error.oneLine() : 'KCS-GH-001: the scan ended in an error';
    return { status: 'failed', message: `Scan error: ${oneLine(what)} See ${where}.` };
  }
  if (outcome.result === 'fail') {
    const violations = outcome.evaluation?.violations.length ?? 0;
    const compliance = outcome.evaluation ? ` (compliance ${outcome.evaluation.compliance}%)` : '';
    const text = `KCS-GH-002: the threshold failed with ${violations} violation${violations === 1 ? '' : 's'}${compliance}. See ${where}.`;
    return failOnThreshold
      ? { status: 'failed', message: oneLine(text) }
      : { status: 'warning', message: oneLine(`${text} The step passes because fail-on-threshold is false.`) };
  }
  const compliance = outcome.evaluation ? ` (compliance ${outcome.evaluation.compliance}%)` : '';
  return { status: 'passed', message: `The scan passed${compliance}.` };
}

/** Annotations show one line; a scanner log tail inside an error message must not make it a page. */
const MAX_MESSAGE = 1_000;

function oneLine(text: string): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ');
  return flat.length <= MAX_MESSAGE ? flat : `${flat.slice(0, MAX_MESSAGE - 1)}…`;
}
