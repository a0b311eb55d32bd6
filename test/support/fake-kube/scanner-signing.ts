/**
 * The fake's stand-in for the scanner's signature (issue 18). A real scanner signs its results block with the key the
 * runner put in its environment (KCS_RESULTS_KEY), which is new for every scan; the logs the tests replay were
 * recorded once, signed with the fixture key (KCS_FIXTURE_RESULTS_KEY in scanner/test/lib.sh). So when a pod plays a
 * timeline, every complete block in its scanner log whose HMAC verifies under the fixture key is re-signed with the
 * pod's own key, as the pod's scanner would have signed it. Anything else — a block signed with another key, a block
 * whose start line has a prefix, a broken block — is replayed byte for byte: that is what a forger could print.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects travel as untyped JSON here */

import { createHmac } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { Timeline } from './timeline.js';

export const FIXTURE_RESULTS_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

const HEADER =
  /^(KCS-RESULTS-BEGIN v2 bytes=\d+ sha256=[0-9a-f]{64} hmac-sha256=)([0-9a-f]{64})( encoding=gzip\+base64)$/;
const END = 'KCS-RESULTS-END v2';

export function hmacHex(keyHex: string, data: Buffer): string {
  return createHmac('sha256', Buffer.from(keyHex, 'hex')).update(data).digest('hex');
}

/** The scanner container's results key in a pod, if it has one. */
export function podResultsKey(pod: any): string | undefined {
  const scanner = (pod?.spec?.containers ?? []).find((c: any) => c.name === 'scanner');
  const value = scanner?.env?.find((e: any) => e.name === 'KCS_RESULTS_KEY')?.value;
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value) ? value : undefined;
}

/**
 * Re-signs, in `text` (a whole log), each complete block that the fixture key signs, with `key`. Tests use it to build
 * the log a scanner with that key would print.
 */
export function resignLog(text: string, key: string): string {
  const lines = text.split('\n');
  return resignLines(lines, key).join('\n');
}

function resignLines(lines: string[], key: string): string[] {
  const out = [...lines];
  lines.forEach((line, begin) => {
    const header = HEADER.exec(line);
    if (!header) return;
    const end = lines.indexOf(END, begin + 1);
    if (end < 0) return;
    let report: Buffer;
    try {
      report = gunzipSync(Buffer.from(lines.slice(begin + 1, end).join(''), 'base64'));
    } catch {
      return;
    }
    if (hmacHex(FIXTURE_RESULTS_KEY, report) !== header[2]) return;
    out[begin] = `${header[1]}${hmacHex(key, report)}${header[3]}`;
  });
  return out;
}

/** The timeline with its scanner log re-signed for `pod` (unchanged when the pod carries no results key). */
export function signScannerLogs(timeline: Timeline, pod: any): Timeline {
  const key = podResultsKey(pod);
  if (!key) return timeline;
  const logSteps = timeline.steps.filter((s) => s.action.type === 'log' && s.action.container === 'scanner');
  const all = logSteps.flatMap((s) => (s.action.type === 'log' ? s.action.lines : []));
  const signed = resignLines(all, key);
  const signedTimeline = new Timeline();
  let at = 0;
  for (const step of timeline.steps) {
    const { action } = step;
    if (action.type === 'log' && action.container === 'scanner') {
      const lines = signed.slice(at, at + action.lines.length);
      at += action.lines.length;
      signedTimeline.then(step.delayMs, { ...action, lines });
    } else {
      signedTimeline.then(step.delayMs, action);
    }
  }
  return signedTimeline;
}
