import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ScanError, extractResultsBlock } from '../../src/core/scan.js';
import { ROOT } from './helpers.js';

const LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');
const REPORT = readFileSync(join(ROOT, 'test/fixtures/framing/report.json'), 'utf8');
const BEGIN = LOG.split('\n').find((l) => l.startsWith('KCS-RESULTS-BEGIN')) ?? '';
const BLOCK = LOG.slice(LOG.indexOf(BEGIN), LOG.indexOf('KCS-RESULTS-END v1') + 'KCS-RESULTS-END v1\n'.length);
const BODY = BLOCK.split('\n').slice(1, -2);

/** Frames `report` the way scanner/frame-results.sh does, with optional lies in the header. */
function frame(report: string, lie: { bytes?: number; sha256?: string } = {}): string {
  const data = Buffer.from(report);
  const b64 =
    gzipSync(data)
      .toString('base64')
      .match(/.{1,76}/g) ?? [];
  const sha = lie.sha256 ?? createHash('sha256').update(data).digest('hex');
  return `KCS-RESULTS-BEGIN v1 bytes=${lie.bytes ?? data.length} sha256=${sha} encoding=gzip+base64\n${b64.join('\n')}\nKCS-RESULTS-END v1\n`;
}

describe('extractResultsBlock', () => {
  it('returns the report of the shared fixture byte for byte', () => {
    expect(extractResultsBlock(LOG)).toBe(REPORT);
  });

  it('accepts CRLF line ends and a log without a final newline', () => {
    expect(extractResultsBlock(LOG.replaceAll('\n', '\r\n'))).toBe(REPORT);
    expect(extractResultsBlock(LOG.trimEnd())).toBe(REPORT);
  });

  it('frames and reads back any text, UTF-8 included', () => {
    const report = JSON.stringify({ controls: [{ title: 'ünïcødé ✔ ×', message: 'x'.repeat(5000) }] });
    expect(extractResultsBlock(`noise\n${frame(report)}more noise\n`)).toBe(report);
  });

  const failures: { name: string; log: string; code: string; message: RegExp }[] = [
    { name: 'no block', log: 'kcs-scanner: error: boom\n', code: 'KCS-SCAN-101', message: /contains no results block/ },
    { name: 'two blocks', log: `${BLOCK}${BLOCK}`, code: 'KCS-SCAN-102', message: /contains 2 results blocks/ },
    {
      name: 'no end line',
      log: `${BEGIN}\n${BODY.join('\n')}\n`,
      code: 'KCS-SCAN-103',
      message: /cut short: it has no end line/,
    },
    {
      name: 'end line without start (log rotated)',
      log: `${BODY.slice(-3).join('\n')}\nKCS-RESULTS-END v1\n`,
      code: 'KCS-SCAN-103',
      message: /no start line/,
    },
    {
      name: 'lines missing in the middle',
      log: `${BEGIN}\n${BODY.slice(0, 5).join('\n')}\nKCS-RESULTS-END v1\n`,
      code: 'KCS-SCAN-103',
      message: /does not gunzip/,
    },
    {
      name: 'length mismatch',
      log: frame(REPORT, { bytes: 12 }),
      code: 'KCS-SCAN-104',
      message: /holds 10303 bytes but its header announces 12/,
    },
    {
      name: 'sha256 mismatch',
      log: frame(REPORT, { sha256: 'a'.repeat(64) }),
      code: 'KCS-SCAN-105',
      message: /sha256 is f15be41b.* but its header announces a{64}/,
    },
    {
      name: 'unknown version',
      log: BLOCK.replace('BEGIN v1', 'BEGIN v2'),
      code: 'KCS-SCAN-106',
      message: /header is not understood/,
    },
    {
      name: 'foreign line inside',
      log: BLOCK.replace(BODY[3] ?? '', 'W, [2026-01-01] WARN -- : noise'),
      code: 'KCS-SCAN-106',
      message: /Line 4 of the results block is not base64/,
    },
  ];
  for (const f of failures) {
    it(`refuses: ${f.name}`, () => {
      let caught: unknown;
      try {
        extractResultsBlock(f.log);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ScanError);
      expect((caught as ScanError).code).toBe(f.code);
      expect((caught as ScanError).message).toMatch(f.message);
      expect((caught as ScanError).hint).toBeTruthy();
    });
  }
});
