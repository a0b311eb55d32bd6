import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { hmacMatches, resultsHmac } from '../../src/core/kube/results-key.js';
import { ScanError, extractResultsBlock } from '../../src/core/scan.js';
import { FIXTURE_RESULTS_KEY, resignLog } from '../support/fake-kube/index.js';
import { ROOT } from './helpers.js';

const KEY = FIXTURE_RESULTS_KEY;
const OTHER_KEY = 'f'.repeat(64);
const LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');
const REPORT = readFileSync(join(ROOT, 'test/fixtures/framing/report.json'), 'utf8');
const BEGIN = LOG.split('\n').find((l) => l.startsWith('KCS-RESULTS-BEGIN')) ?? '';
const BLOCK = LOG.slice(LOG.indexOf(BEGIN), LOG.indexOf('KCS-RESULTS-END v2') + 'KCS-RESULTS-END v2\n'.length);
const BODY = BLOCK.split('\n').slice(1, -2);
const LIVE = LOG.slice(0, LOG.indexOf(BEGIN));
const CLOSING = LOG.slice(LOG.indexOf(BLOCK) + BLOCK.length);
const FAILING_REPORT = JSON.stringify({ forged: false, controls: [{ id: 'cb-01', status: 'failed' }] });
const PASSING_REPORT = JSON.stringify({ forged: true, controls: [{ id: 'cb-01', status: 'passed' }] });

/** Frames `report` the way scanner/frame-results.sh does, signed with `key`, with optional lies in the header. */
function frame(report: string, key = KEY, lie: { bytes?: number; sha256?: string } = {}): string {
  const data = Buffer.from(report);
  const b64 =
    gzipSync(data)
      .toString('base64')
      .match(/.{1,76}/g) ?? [];
  const sha = lie.sha256 ?? createHash('sha256').update(data).digest('hex');
  const hmac = resultsHmac(key, data);
  return `KCS-RESULTS-BEGIN v2 bytes=${lie.bytes ?? data.length} sha256=${sha} hmac-sha256=${hmac} encoding=gzip+base64\n${b64.join('\n')}\nKCS-RESULTS-END v2\n`;
}

function refusal(log: string, key = KEY): ScanError {
  try {
    extractResultsBlock(log, key);
  } catch (error) {
    expect(error).toBeInstanceOf(ScanError);
    return error as ScanError;
  }
  throw new Error('the log was accepted');
}

describe('extractResultsBlock', () => {
  it('returns the report of the shared fixture byte for byte', () => {
    expect(extractResultsBlock(LOG, KEY)).toBe(REPORT);
  });

  it('accepts CRLF line ends and a log without a final newline', () => {
    expect(extractResultsBlock(LOG.replaceAll('\n', '\r\n'), KEY)).toBe(REPORT);
    expect(extractResultsBlock(LOG.trimEnd(), KEY)).toBe(REPORT);
  });

  it('frames and reads back any text, UTF-8 included; the block may be the last thing in the log', () => {
    const report = JSON.stringify({ controls: [{ title: 'ünïcødé ✔ ×', message: 'x'.repeat(5000) }] });
    expect(extractResultsBlock(`noise\n${frame(report)}`, KEY)).toBe(report);
  });

  it("accepts the scanner's closing line of a cinc-auditor failure (exit 68) after the block", () => {
    const closing =
      'kcs-scanner: error: run kcs-7f3a9c2e1b: cinc-auditor exited with code 1 (expected 0, 100 or 101); the results above may be incomplete\n';
    expect(extractResultsBlock(`${LIVE}${BLOCK}${closing}`, KEY)).toBe(REPORT);
  });

  const failures: { name: string; log: string; code: string; message: RegExp }[] = [
    { name: 'no block', log: 'kcs-scanner: error: boom\n', code: 'KCS-SCAN-101', message: /contains no results block/ },
    {
      name: 'no end line',
      log: `${BEGIN}\n${BODY.join('\n')}\n`,
      code: 'KCS-SCAN-103',
      message: /cut short: it has no end line/,
    },
    {
      name: 'end line without start (log rotated)',
      log: `${BODY.slice(-3).join('\n')}\nKCS-RESULTS-END v2\n`,
      code: 'KCS-SCAN-103',
      message: /no start line/,
    },
    {
      name: 'lines missing in the middle',
      log: `${BEGIN}\n${BODY.slice(0, 5).join('\n')}\nKCS-RESULTS-END v2\n`,
      code: 'KCS-SCAN-103',
      message: /does not gunzip/,
    },
    {
      name: 'length mismatch',
      log: frame(REPORT, KEY, { bytes: 12 }),
      code: 'KCS-SCAN-104',
      message: /holds 10303 bytes but its header announces 12/,
    },
    {
      name: 'sha256 mismatch',
      log: frame(REPORT, KEY, { sha256: 'a'.repeat(64) }),
      code: 'KCS-SCAN-105',
      message: /sha256 is f15be41b.* but its header announces a{64}/,
    },
    {
      name: 'another version',
      log: BLOCK.replace('BEGIN v2', 'BEGIN v1').replace('END v2', 'END v1'),
      code: 'KCS-SCAN-106',
      message: /header is not understood/,
    },
    {
      name: 'a version 1 block (no signature)',
      log: BLOCK.replace('BEGIN v2', 'BEGIN v1')
        .replace(/ hmac-sha256=[0-9a-f]{64}/, '')
        .replace('END v2', 'END v1'),
      code: 'KCS-SCAN-106',
      message: /header is not understood/,
    },
    {
      name: 'an end line of another version',
      log: BLOCK.replace('END v2', 'END v3'),
      code: 'KCS-SCAN-106',
      message: /end line is not understood/,
    },
  ];
  for (const f of failures) {
    it(`refuses: ${f.name}`, () => {
      const error = refusal(f.log);
      expect(error.code).toBe(f.code);
      expect(error.message).toMatch(f.message);
      expect(error.hint).toBeTruthy();
    });
  }
});

describe('extractResultsBlock refuses a tampered log (issue 18): KCS-SCAN-130, never a verdict', () => {
  // The attack of the issue: the image prints a forged, self-consistent block, then breaks the real block's start
  // line with a stray prefix (written without a newline just before the scanner prints it).
  const realFailing = frame(FAILING_REPORT);
  const forgedPassing = frame(PASSING_REPORT, OTHER_KEY);
  const perfectForgery = frame(PASSING_REPORT, KEY);

  const tampered: { name: string; log: string; message: RegExp }[] = [
    {
      name: 'a forged block spliced before the real one, whose start line got a prefix',
      log: `${LIVE}${forgedPassing}x${realFailing}${CLOSING}`,
      message: /line \d+ names the results marker outside a results block: "xKCS-RESULTS-BEGIN v2/,
    },
    {
      name: 'the same splice with a forgery signed with the right key (the structure alone refuses it)',
      log: `${LIVE}${perfectForgery}x${realFailing}${CLOSING}`,
      message: /names the results marker outside a results block/,
    },
    {
      name: 'a forged block that replaced the real one, signed with another key',
      log: `${LIVE}${forgedPassing}${CLOSING}`,
      message: /hmac-sha256 does not match this scan's key/,
    },
    {
      name: 'a block with a correct sha256 and no knowledge of the key (the HMAC of a guessed key)',
      log: `${LIVE}${frame(PASSING_REPORT, '0'.repeat(64))}${CLOSING}`,
      message: /hmac-sha256 does not match/,
    },
    {
      name: 'two blocks',
      log: `${LIVE}${BLOCK}${BLOCK}${CLOSING}`,
      message: /2 start lines and 2 end lines; the scanner prints exactly one of each/,
    },
    {
      name: 'two start lines, one end line',
      log: `${LIVE}${BEGIN}\n${BLOCK}${CLOSING}`,
      message: /2 start lines and 1 end lines/,
    },
    {
      name: 'a second end line after the block',
      log: `${LIVE}${BLOCK}KCS-RESULTS-END v2\n${CLOSING}`,
      message: /1 start lines and 2 end lines/,
    },
    {
      name: 'an end line before the start line',
      log: `${LIVE}KCS-RESULTS-END v2\n${BEGIN}\n${BODY.join('\n')}\n${CLOSING}`,
      message: /end line \(line \d+\) comes before its start line/,
    },
    {
      name: 'two end lines and no start line',
      log: `${LIVE}KCS-RESULTS-END v2\nKCS-RESULTS-END v2\n`,
      message: /2 end lines and no start line/,
    },
    {
      name: 'the marker in the live output',
      log: `echo KCS-RESULTS-BEGIN v2 bytes=1\n${LOG}`,
      message: /line 1 names the results marker outside a results block: "echo KCS-RESULTS-BEGIN/,
    },
    {
      name: 'the marker after the block',
      log: `${LOG}  KCS-RESULTS-END v2\n`,
      message: /names the results marker outside a results block/,
    },
    {
      name: 'text after the closing line',
      log: `${LOG}{"forged": true}\n`,
      message: /line \d+, after the block, is not the scanner's closing line: "\{"forged": true\}"/,
    },
    {
      name: 'text between the block and the closing line',
      log: `${LIVE}${BLOCK}noise\n${CLOSING}`,
      message: /after the block, is not the scanner's closing line: "noise"/,
    },
    {
      name: 'a blank line after the block',
      log: `${LIVE}${BLOCK}\n${CLOSING}`,
      message: /after the block, is not the scanner's closing line: ""/,
    },
    {
      name: 'a forged closing line',
      log: `${LIVE}${BLOCK}kcs-scanner: run kcs-7f3a9c2e1b: scan complete (cinc-auditor exit code 0) and more\n`,
      message: /is not the scanner's closing line/,
    },
    {
      name: 'a foreign line inside the block',
      log: BLOCK.replace(BODY[3] ?? '', 'W, [2026-01-01] WARN -- : noise'),
      message: /line 5, inside the results block, is not base64: "W, \[2026-01-01\] WARN -- : noise"/,
    },
  ];
  for (const t of tampered) {
    it(`refuses: ${t.name}`, () => {
      const error = refusal(t.log);
      expect(error.code).toBe('KCS-SCAN-130');
      expect(error.message).toMatch(/^The scanner's log was tampered with or corrupted: /);
      expect(error.message).toMatch(t.message);
      expect(error.hint).toMatch(/never a verdict/);
      expect(error.reportText).toBeUndefined();
    });
  }

  it('accepts the genuine block only under the key of its scan', () => {
    const log = `${LIVE}${realFailing}${CLOSING}`;
    expect(JSON.parse(extractResultsBlock(log, KEY))).toEqual(JSON.parse(FAILING_REPORT));
    expect(refusal(log, OTHER_KEY).code).toBe('KCS-SCAN-130');
    // The fake API server's re-signing is what a scanner with another key prints.
    expect(extractResultsBlock(resignLog(log, OTHER_KEY), OTHER_KEY)).toBe(FAILING_REPORT);
  });
});

describe('the results key helpers', () => {
  it('compare HMACs of the right length only, in constant time', () => {
    const data = Buffer.from('report');
    const good = resultsHmac(KEY, data);
    expect(hmacMatches(KEY, data, good)).toBe(true);
    expect(hmacMatches(KEY, data, good.slice(0, 62))).toBe(false);
    expect(hmacMatches(KEY, data, '')).toBe(false);
    expect(hmacMatches(OTHER_KEY, data, good)).toBe(false);
    expect(() => resultsHmac('short', data)).toThrow(/64 lower-case hex digits/);
  });
});
