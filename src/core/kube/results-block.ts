import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { ScanError } from './scan-error.js';

// The framing of DESIGN.md §5. Only version 1 exists; an unknown version is refused rather than guessed at.
const BEGIN_PREFIX = 'KCS-RESULTS-BEGIN ';
const END_LINE = 'KCS-RESULTS-END v1';
const HEADER = /^KCS-RESULTS-BEGIN v1 bytes=(\d+) sha256=([0-9a-f]{64}) encoding=gzip\+base64$/;
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;

const ROTATION_HINT =
  'The container log was cut: the kubelet keeps only the current log file (containerLogMaxSize, 10 MiB by ' +
  'default), so a very chatty scan loses its beginning or end. Run fewer controls, or raise containerLogMaxSize.';

/** Splits a container log into lines, tolerating CRLF and a missing final newline. */
export function logLines(log: string): string[] {
  const lines = log.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** True for the lines of a results block, which are noise in the live output. */
export function isBlockStart(line: string): boolean {
  return line.startsWith(BEGIN_PREFIX);
}
export function isBlockEnd(line: string): boolean {
  return line === END_LINE;
}

/**
 * Finds the one results block in a scanner log, decodes it and verifies its length and sha256. Returns the JSON
 * report text exactly as the scanner wrote it. Every way the block can be wrong is a ScanError that says what happened.
 */
export function extractResultsBlock(log: string): string {
  const lines = logLines(log);
  const begins = lines.flatMap((line, index) => (isBlockStart(line) ? [index] : []));
  const ends = lines.flatMap((line, index) => (isBlockEnd(line) ? [index] : []));
  const first = begins[0];
  if (first === undefined) {
    if (ends.length > 0) {
      throw new ScanError('KCS-SCAN-103', 'The results block in the scanner log has an end line but no start line.', {
        hint: ROTATION_HINT,
      });
    }
    throw new ScanError('KCS-SCAN-101', 'The scanner log contains no results block (KCS-RESULTS-BEGIN … END).', {
      hint: 'The scanner did not finish; its last lines (kcs-scanner: error: …) say why.',
    });
  }
  if (begins.length > 1) {
    throw new ScanError(
      'KCS-SCAN-102',
      `The scanner log contains ${begins.length} results blocks; exactly one is expected.`,
      {
        hint: 'Something in the scan printed a second block (a profile or target file echoing scanner output?). Report this with the log.',
      },
    );
  }
  const header = HEADER.exec(lines[first] ?? '');
  if (!header) {
    throw new ScanError(
      'KCS-SCAN-106',
      `The results block header is not understood: "${truncate(lines[first] ?? '', 120)}".`,
      {
        hint: 'The scanner files and the action are from different versions; use the scanner/ shipped with this release.',
      },
    );
  }
  const end = ends.find((index) => index > first);
  if (end === undefined) {
    throw new ScanError('KCS-SCAN-103', 'The results block in the scanner log is cut short: it has no end line.', {
      hint: ROTATION_HINT,
    });
  }
  return decodeBlock(lines.slice(first + 1, end), Number(header[1]), header[2] ?? '');
}

function decodeBlock(body: string[], bytes: number, sha256: string): string {
  const bad = body.findIndex((line) => !BASE64_LINE.test(line));
  if (bad >= 0) {
    throw new ScanError(
      'KCS-SCAN-106',
      `Line ${bad + 1} of the results block is not base64: "${truncate(body[bad] ?? '', 80)}".`,
      {
        hint: 'Another process wrote into the scanner log while the block was printed. Run the scan again.',
      },
    );
  }
  let report: Buffer;
  try {
    report = gunzipSync(Buffer.from(body.join(''), 'base64'));
  } catch (cause) {
    throw new ScanError(
      'KCS-SCAN-103',
      'The results block in the scanner log is cut short or damaged: it does not gunzip.',
      {
        hint: ROTATION_HINT,
        cause,
      },
    );
  }
  if (report.length !== bytes) {
    throw new ScanError(
      'KCS-SCAN-104',
      `The results block holds ${report.length} bytes but its header announces ${bytes}.`,
      {
        hint: ROTATION_HINT,
      },
    );
  }
  const actual = createHash('sha256').update(report).digest('hex');
  if (actual !== sha256) {
    throw new ScanError('KCS-SCAN-105', `The results block's sha256 is ${actual} but its header announces ${sha256}.`, {
      hint: 'The report was altered between the scanner and the action. Run the scan again; if it repeats, report it.',
    });
  }
  return report.toString('utf8');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
