import { extractResultsBlock, isBlockEnd, isBlockStart, logLines } from './results-block.js';
import { ScanError } from './scan-error.js';

/** The entry script's exit codes (scanner/entrypoint.sh), as the message explains them. */
const EXIT_MEANING: Record<number, string> = {
  64: 'the scanner environment is missing or invalid',
  65: 'the target process was not found in time',
  66: 'the target root filesystem is not readable',
  67: 'the profile could not be unpacked',
  68: 'cinc-auditor failed',
  69: 'cinc-auditor wrote no JSON report',
  70: 'the files mounted from the scan ConfigMaps do not match the pod spec; nothing was run',
};
const TAIL_LINES = 20;

export function cancelled(podName: string): ScanError {
  return new ScanError(
    'KCS-SCAN-120',
    'The scan was cancelled (SIGINT/SIGTERM or the job was cancelled); its objects are deleted.',
    { podName },
  );
}

/**
 * The scanner exited non-zero: the message says what the code means, quotes its last `kcs-scanner: error:` line and
 * the tail of its log; a results block that still verifies is kept for the artifact.
 */
export function scannerFailed(podName: string, exitCode: number, log: string, resultsKey: string): ScanError {
  const lines = logLines(log);
  const errorLine = [...lines].reverse().find((line) => line.startsWith('kcs-scanner: error:'));
  let reportText: string | undefined;
  try {
    reportText = extractResultsBlock(log, resultsKey);
  } catch {
    reportText = undefined;
  }
  const meaning = EXIT_MEANING[exitCode];
  const tail = logTail(lines);
  return new ScanError(
    'KCS-SCAN-119',
    `The scanner in pod ${podName} exited with code ${exitCode}${meaning ? ` (${meaning})` : ''}${errorLine ? `: ${errorLine}` : ''}.\nLast lines of its log:\n${tail}`,
    {
      hint: 'The scanner log above says what went wrong; the troubleshooting table in the README lists each exit code.',
      scannerLog: log,
      podName,
      ...(reportText !== undefined ? { reportText } : {}),
    },
  );
}

/** The last lines of the log, without the results block (base64 tells nobody anything). */
function logTail(lines: string[]): string {
  const visible: string[] = [];
  let inBlock = false;
  for (const line of lines) {
    if (isBlockStart(line)) inBlock = true;
    else if (inBlock && isBlockEnd(line)) inBlock = false;
    else if (!inBlock) visible.push(line);
  }
  return visible
    .slice(-TAIL_LINES)
    .map((line) => `  ${line}`)
    .join('\n');
}
