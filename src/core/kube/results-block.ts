import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { hmacMatches } from './results-key.js';
import { ScanError } from './scan-error.js';

// The framing of DESIGN.md §5, version 2: version 1 plus an HMAC-SHA256 of the report under the scan's own key (issue
// 18). Only version 2 is read; any other version is refused rather than guessed at.
const MARKER = 'KCS-RESULTS-';
const BEGIN_PREFIX = 'KCS-RESULTS-BEGIN ';
const END_LINE = 'KCS-RESULTS-END v2';
const ANY_END = /^KCS-RESULTS-END v\d+$/;
const HEADER =
  /^KCS-RESULTS-BEGIN v2 bytes=(\d+) sha256=([0-9a-f]{64}) hmac-sha256=([0-9a-f]{64}) encoding=gzip\+base64$/;
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;
// What the entry script prints after the block, and nothing else: one closing line (scanner/entrypoint.sh, finish).
const CLOSING_LINES = [
  /^kcs-scanner: run [a-z0-9-]{1,63}: scan complete \(cinc-auditor exit code (0|100|101)\)$/,
  /^kcs-scanner: error: run [a-z0-9-]{1,63}: cinc-auditor exited with code \d{1,3} \(expected 0, 100 or 101\); the results above may be incomplete$/,
];

const ROTATION_HINT =
  'The container log was cut: the kubelet keeps only the current log file (containerLogMaxSize, 10 MiB by ' +
  'default), so a very chatty scan loses its beginning or end. Run fewer controls, or raise containerLogMaxSize.';
const TAMPER_HINT =
  'Something other than the scanner wrote into its log: most likely the image under test (a process it left running, ' +
  'or text from its files that cinc-auditor printed) trying to forge the results. The scan is an error, never a ' +
  'verdict. Inspect scanner.log in the artifact; if the image is trusted and this repeats, report it with the log.';

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
  return ANY_END.test(line);
}

/** Where the framing lines of a log are: the start lines, the end lines, and every other line naming the marker. */
interface Markers {
  begins: number[];
  ends: number[];
  stray: number[];
}

function findMarkers(lines: string[]): Markers {
  const markers: Markers = { begins: [], ends: [], stray: [] };
  lines.forEach((line, index) => {
    if (!line.includes(MARKER)) return;
    if (isBlockStart(line)) markers.begins.push(index);
    else if (isBlockEnd(line)) markers.ends.push(index);
    else markers.stray.push(index);
  });
  return markers;
}

/**
 * Finds the one results block in a scanner log, decodes it and verifies its length, its sha256 and its HMAC under
 * `key` (the scan's results key). Returns the JSON report text exactly as the scanner wrote it. A log that anything
 * else wrote into — a marker outside the block, a second start or end line, a foreign line inside the block, anything
 * after it but the scanner's closing line, a block not signed with `key` — is refused as tampered (KCS-SCAN-130).
 * Every way the block can be wrong is a ScanError that says what happened.
 */
export function extractResultsBlock(log: string, key: string): string {
  const lines = logLines(log);
  const { begins, ends, stray } = findMarkers(lines);
  const begin = begins[0];
  if (begin === undefined && ends.length === 0 && stray.length === 0) {
    throw new ScanError('KCS-SCAN-101', 'The scanner log contains no results block (KCS-RESULTS-BEGIN … END).', {
      hint: 'The scanner did not finish; its last lines (kcs-scanner: error: …) say why.',
    });
  }
  if (begin === undefined && ends.length === 1 && stray.length === 0) {
    throw new ScanError('KCS-SCAN-103', 'The results block in the scanner log has an end line but no start line.', {
      hint: ROTATION_HINT,
    });
  }
  if (begin === undefined || begins.length > 1 || ends.length > 1 || stray.length > 0) {
    throw tampered(describeMarkers(lines, { begins, ends, stray }));
  }
  const header = HEADER.exec(lines[begin] ?? '');
  if (!header) {
    throw new ScanError(
      'KCS-SCAN-106',
      `The results block header is not understood: "${truncate(lines[begin] ?? '', 120)}".`,
      {
        hint: 'The scanner files and the action are from different versions; use the scanner/ shipped with this release.',
      },
    );
  }
  const end = ends[0];
  if (end === undefined) {
    throw new ScanError('KCS-SCAN-103', 'The results block in the scanner log is cut short: it has no end line.', {
      hint: ROTATION_HINT,
    });
  }
  if (end < begin) throw tampered(`its end line (line ${end + 1}) comes before its start line (line ${begin + 1})`);
  if (lines[end] !== END_LINE) {
    throw new ScanError('KCS-SCAN-106', `The results block's end line is not understood: "${lines[end] ?? ''}".`, {
      hint: 'The scanner files and the action are from different versions; use the scanner/ shipped with this release.',
    });
  }
  checkAfterBlock(lines.slice(end + 1), end + 1);
  const report = decodeBlock(lines.slice(begin + 1, end), begin + 1, Number(header[1]), header[2] ?? '');
  if (!hmacMatches(key, report, header[3] ?? '')) {
    throw tampered(
      "the block's hmac-sha256 does not match this scan's key, so the scanner of this scan did not print it",
    );
  }
  return report.toString('utf8');
}

/** After the block the entry script prints at most its one closing line; anything else came from someone else. */
function checkAfterBlock(after: string[], offset: number): void {
  const foreign = after.findIndex((line, index) => index > 0 || !CLOSING_LINES.some((pattern) => pattern.test(line)));
  if (foreign < 0) return;
  throw tampered(
    `line ${offset + foreign + 1}, after the block, is not the scanner's closing line: "${truncate(after[foreign] ?? '', 80)}"`,
  );
}

function describeMarkers(lines: string[], { begins, ends, stray }: Markers): string {
  if (stray.length > 0) {
    const first = stray[0] ?? 0;
    const more = stray.length > 1 ? ` (and ${stray.length - 1} more)` : '';
    return `line ${first + 1} names the results marker outside a results block${more}: "${truncate(lines[first] ?? '', 80)}"`;
  }
  if (begins.length === 0) return `it has ${ends.length} end lines and no start line`;
  return `it has ${begins.length} start lines and ${ends.length} end lines; the scanner prints exactly one of each`;
}

function tampered(what: string): ScanError {
  return new ScanError('KCS-SCAN-130', `The scanner's log was tampered with or corrupted: ${what}.`, {
    hint: TAMPER_HINT,
  });
}

function decodeBlock(body: string[], offset: number, bytes: number, sha256: string): Buffer {
  const bad = body.findIndex((line) => !BASE64_LINE.test(line));
  if (bad >= 0) {
    throw tampered(
      `line ${offset + bad + 1}, inside the results block, is not base64: "${truncate(body[bad] ?? '', 80)}"`,
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
  return report;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
