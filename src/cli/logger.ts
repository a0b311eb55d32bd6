import { randomBytes } from 'node:crypto';
import type { Logger } from '../core/logger.js';
import type { CliIo } from './io.js';

// C0 controls but tab and newline, DEL, C1 controls, and the bidi overrides that make text read as something else.
// ESC is kept only where it starts a colour (SGR) sequence: CINC Auditor's reporter colours its output.
const UNSAFE_CONTROLS =
  // eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
  /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\u001b(?!\[[0-9;]*m)/g;

/** Text from a scan report or the scanned image, made safe for a terminal: no cursor moves, title changes or `\r`. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_CONTROLS, '');
}

/**
 * JSON for stdout. Its strings cannot start a line (newlines are escaped), but the runner also honours the legacy
 * `##[command]` form anywhere in a line; `\u005b` is the same character to a JSON parser.
 */
export function jsonSafe(json: string): string {
  return json.replaceAll('##[', '##\\u005b');
}

/**
 * The CLI's logger writes its own lines to stderr, so stdout carries only the command's result. Text that came from
 * the scanned image or the report is data: it is stripped of terminal controls and, when the CLI runs inside a GitHub
 * Actions step (whose runner parses output for workflow commands), fenced with ::stop-commands:: as the action does.
 */
export class CliLogger implements Logger {
  private readonly fenced: boolean;
  private fence: { token: string; write: (text: string) => void } | undefined;

  constructor(
    private readonly io: CliIo,
    private readonly verbose = false,
  ) {
    this.fenced = io.env['GITHUB_ACTIONS'] === 'true';
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
    this.openFence(this.io.err);
    this.io.err(`${terminalSafe(line)}\n`);
  }

  /**
   * Text that may quote the scanned image (an error that carries the scanner's log tail, a warning about the report):
   * to stderr, fenced like the live scan.
   */
  untrusted(text: string): void {
    for (const line of text.split('\n')) this.scannerOutput(line);
    this.closeFence();
  }

  /** A result that quotes the report (profile names, control ids in violated rules): to stdout, fenced on stdout. */
  untrustedOut(text: string): void {
    this.openFence(this.io.out);
    this.io.out(terminalSafe(text));
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

  /** A fresh token for each fence, on the stream the fenced text goes to, so the runner sees them in order. */
  private openFence(write: (text: string) => void): void {
    if (!this.fenced || this.fence?.write === write) return;
    this.closeFence();
    const token = randomBytes(16).toString('hex');
    write(`::stop-commands::${token}\n`);
    this.fence = { token, write };
  }

  /** Resumes command processing; called before our own lines and at the end of a run. */
  closeFence(): void {
    if (!this.fence) return;
    this.fence.write(`::${this.fence.token}::\n`);
    this.fence = undefined;
  }
}
