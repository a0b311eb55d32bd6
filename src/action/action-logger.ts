import { randomBytes } from 'node:crypto';
import { EOL } from 'node:os';
import * as core from '@actions/core';
import type { Logger } from '../core/logger.js';

/**
 * A line the runner could read as a workflow command: `::name::…` at its start (current syntax; leading whitespace
 * does not protect it) or `##[name]…` anywhere in it (the legacy syntax, still parsed by the runner).
 */
const COMMAND_LIKE = /^\s*::|##\[/m;

/**
 * Maps the core's Logger onto the job log. Scanner output (and any message carrying text from the scanned image)
 * is data: it is written between `::stop-commands::<token>` and `::<token>::`, with a fresh random token per fence,
 * so a file in the image that holds `::add-mask::` or `::set-output` cannot act on the workflow.
 */
export class ActionLogger implements Logger {
  private fence: string | undefined;

  constructor(private readonly write: (text: string) => void = (text) => void process.stdout.write(text)) {}

  debug(message: string): void {
    this.closeFence();
    core.debug(message);
  }

  info(message: string): void {
    this.closeFence();
    if (COMMAND_LIKE.test(message)) {
      this.fenced(message.split(/\r?\n/));
      return;
    }
    core.info(message);
  }

  warn(message: string): void {
    this.closeFence();
    // Annotation messages are escaped by @actions/core (newlines become %0A), so they cannot start a command.
    core.warning(message);
  }

  error(message: string): void {
    this.closeFence();
    core.error(message);
  }

  scannerOutput(line: string): void {
    this.openFence();
    this.write(line + EOL);
  }

  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.closeFence();
    core.startGroup(title);
    try {
      return await fn();
    } finally {
      this.closeFence();
      core.endGroup();
    }
  }

  /** Ends an open fence; call before anything else writes workflow commands (the publish step, annotations). */
  closeFence(): void {
    if (this.fence === undefined) return;
    this.write(`::${this.fence}::${EOL}`);
    this.fence = undefined;
  }

  /** Writes lines that came from the scan inside one fence of their own. */
  fenced(lines: string[]): void {
    for (const line of lines) this.scannerOutput(line);
    this.closeFence();
  }

  private openFence(): void {
    if (this.fence !== undefined) return;
    this.fence = randomBytes(16).toString('hex');
    this.write(`::stop-commands::${this.fence}${EOL}`);
  }
}
