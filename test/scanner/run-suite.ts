import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where the scanner's own suites expect to be started. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface SuiteRun {
  status: number | null;
  output: string;
}

/**
 * Runs one of the scanner's own test suites (bash or Ruby) as a subprocess and returns its exit status with its
 * combined output, so a failing vitest case shows exactly what the suite printed.
 */
export function runSuite(command: string, args: string[], timeoutMs = 90_000): SuiteRun {
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  const spawnError = result.error ? `\n[could not run ${command}: ${result.error.message}]` : '';
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${spawnError}` };
}
