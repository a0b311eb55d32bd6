import { randomBytes } from 'node:crypto';
import type { Logger } from '../core/logger.js';
import type { CliIo } from './io.js';

/**
 * The CLI's logger writes everything to stderr, so stdout carries only the command's result (JSON or YAML).
 * When the CLI itself runs inside a GitHub Actions step, the runner parses its output for workflow commands: scanner
 * output (text from the scanned image) is then fenced with ::stop-commands:: exactly as the action does.
 */
export class CliLogger implements Logger {
  private readonly fence: string | undefined;
  private fenceOpen = false;

  constructor(
    private readonly io: CliIo,
    private readonly verbose = false,
  ) {
    this.fence = io.env['GITHUB_ACTIONS'] === 'true' ? randomBytes(16).toString('hex') : undefined;
  }

  debug(message: string): void {
    if (this.verbose) this.write(`debug: ${message}`);
  }
  info(message: string): void {
    this.write(message);
  }
  warn(message: string): void {
    this.write(`warning: ${message}`);
  }
  error(message: string): void {
    this.write(`error: ${message}`);
  }
  scannerOutput(line: string): void {
    if (this.fence && !this.fenceOpen) {
      this.io.err(`::stop-commands::${this.fence}\n`);
      this.fenceOpen = true;
    }
    this.io.err(`${line}\n`);
  }
  /**
   * Text that may quote the scanned image (an error that carries the scanner's log tail): written line by line as
   * scanner output, so under GitHub Actions it is fenced like the live scan.
   */
  untrusted(text: string): void {
    for (const line of text.split('\n')) this.scannerOutput(line);
    this.closeFence();
  }

  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.write(`== ${title}`);
    return fn();
  }

  private write(message: string): void {
    this.closeFence();
    this.io.err(`${message}\n`);
  }

  /** Resumes command processing; called before our own lines and at the end of a run. */
  closeFence(): void {
    if (this.fence && this.fenceOpen) {
      this.io.err(`::${this.fence}::\n`);
      this.fenceOpen = false;
    }
  }
}
