import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { InputError } from '../core/errors.js';

/** Exit codes of every subcommand. */
export const EXIT = { pass: 0, thresholdFailed: 1, usage: 2, error: 3 } as const;

/** Where a subcommand writes; the entry point binds it to the process, tests to buffers. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM: long-running commands stop and clean up. */
  signal: AbortSignal;
  /** Reads all of stdin (`--registry-password-stdin`); absent where there is no stdin to read. */
  readStdin?: () => Promise<string>;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** Full `--help` text. */
  help: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/**
 * Strict flag parsing shared by every subcommand: an unknown flag or a missing value is a usage error (exit 2) that
 * names the command and the flag.
 */
export function parseFlags<T extends ParseArgsOptionsConfig>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false, allowNegative: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError('KCS-CLI-001', `${command}: ${message}`, {
      hint: `Run 'kube-cinc-scan ${command} --help' for the flags it takes.`,
    });
  }
}
