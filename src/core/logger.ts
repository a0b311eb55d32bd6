/**
 * How the core talks to the person running it. The action maps this onto @actions/core (with scanner output
 * fenced by stop-commands), the CLI onto stderr/stdout, tests onto an array.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /**
   * One line of raw output from the scanner container. It came from the scanned image, so it is data: an adapter
   * must never let it act as a command (the action wraps it in ::stop-commands::).
   */
  scannerOutput(line: string): void;
  /** Runs `fn` inside a named, collapsible section (a job-log group in the action, a heading in the CLI). */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

/** A Logger that keeps every line, for tests and for code that must run silently. */
export class MemoryLogger implements Logger {
  readonly lines: { level: 'debug' | 'info' | 'warn' | 'error' | 'scanner' | 'group'; message: string }[] = [];

  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message });
  }
  scannerOutput(line: string): void {
    this.lines.push({ level: 'scanner', message: line });
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push({ level: 'group', message: title });
    return fn();
  }
  messages(level?: MemoryLogger['lines'][number]['level']): string[] {
    return this.lines.filter((l) => level === undefined || l.level === level).map((l) => l.message);
  }
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  scannerOutput: () => undefined,
  group: (_title, fn) => fn(),
};
