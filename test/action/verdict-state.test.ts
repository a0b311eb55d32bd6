import { describe, expect, it } from 'vitest';
import { isPost, loadScanState, markMainStarted, saveScanState, type StateStore } from '../../src/action/state.js';
import { verdict } from '../../src/action/verdict.js';
import { KcsError } from '../../src/core/errors.js';
import type { PipelineOutcome } from '../../src/core/pipeline.js';
import { emptyCounts, type Evaluation } from '../../src/core/results/index.js';

function outcome(result: PipelineOutcome['result'], extra: Partial<PipelineOutcome> = {}): PipelineOutcome {
  return {
    result,
    files: { summaryFile: 's', thresholdFile: 't', summaryJsonFile: 'j' },
    markdown: '',
    meta: {},
    ...extra,
  };
}

function evaluation(result: 'pass' | 'fail', violations: number): Evaluation {
  const violation = { rule: 'failed.total.max', expected: 0, actual: 2, message: 'too many' };
  return {
    result,
    compliance: 60,
    counts: emptyCounts(),
    violations: Array.from({ length: violations }, () => violation),
    profiles: [],
    controls: [],
    thresholdGiven: true,
    warnings: [],
  };
}

const WHERE = 'the job summary';

describe('verdict', () => {
  it.each([
    [
      'pass',
      outcome('pass', { evaluation: evaluation('pass', 0) }),
      true,
      'passed',
      'The scan passed (compliance 60%).',
    ],
    [
      'threshold failed, fail-on-threshold true',
      outcome('fail', { evaluation: evaluation('fail', 2) }),
      true,
      'failed',
      'KCS-GH-002: the threshold failed with 2 violations (compliance 60%). See the job summary.',
    ],
    [
      'threshold failed, fail-on-threshold false',
      outcome('fail', { evaluation: evaluation('fail', 1) }),
      false,
      'warning',
      'KCS-GH-002: the threshold failed with 1 violation (compliance 60%). See the job summary. The step passes because fail-on-threshold is false.',
    ],
    [
      'scan error, even with fail-on-threshold false',
      outcome('error', {
        error: new KcsError('KCS-SCAN-121', 'scanner exited 68\n::error::tail line', { hint: 'Read scanner.log.' }),
      }),
      false,
      'failed',
      'Scan error: KCS-SCAN-121: scanner exited 68 ::error::tail line Read scanner.log. See the job summary.',
    ],
  ])('%s', (_name, given, failOnThreshold, status, message) => {
    expect(verdict(given, failOnThreshold, WHERE)).toEqual({ status, message });
  });

  it('keeps a huge error to one bounded line that still says where to look', () => {
    const decided = verdict(outcome('error', { error: new KcsError('KCS-SCAN-121', 'x\n'.repeat(5000)) }), true, WHERE);
    expect(decided.message).not.toContain('\n');
    expect(decided.message.length).toBeLessThan(1100);
    expect(decided.message.endsWith('See the job summary.')).toBe(true);
  });
});

describe('state', () => {
  const store = (): StateStore & { values: Map<string, string> } => {
    const values = new Map<string, string>();
    return { values, get: (name) => values.get(name) ?? '', save: (name, value) => void values.set(name, value) };
  };

  it('main marks itself so the same bundle runs post next time', () => {
    const s = store();
    expect(isPost(s)).toBe(false);
    markMainStarted(s);
    expect(isPost(s)).toBe(true);
  });

  it('round-trips the scan names and refuses anything malformed', () => {
    const s = store();
    expect(loadScanState(s)).toBeUndefined();
    const state = {
      runId: 'kcs-1',
      namespace: 'scans',
      podName: 'kcs-1',
      configMapNames: ['kcs-1-profile'],
      cleanup: true,
    };
    saveScanState(s, state);
    expect(loadScanState(s)).toEqual(state);
    for (const bad of ['{', '[]', '{"runId":"x"}', JSON.stringify({ ...state, configMapNames: [1] })]) {
      s.values.set('scan', bad);
      expect(loadScanState(s)).toBeUndefined();
    }
  });
});
