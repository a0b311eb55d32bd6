import type { Logger } from '../logger.js';

type Level = 'debug' | 'info' | 'warn' | 'error' | 'scanner' | 'heading';

/**
 * The Logger of one image's scan while several run. Held back (the default), it keeps every line in order and writes
 * them when the scan has finished (flush), so that each image's output is one contiguous block: the caller puts it in
 * a log group of its own. Live, it writes at once (for one scan at a time, inside a group the caller opened).
 *
 * The job log cannot nest groups, so the pipeline's own sections (Prepare, Scan, Results) become heading lines.
 * Whole lines only, each written by one call: two scans' lines can follow each other but never mix within a line.
 */
export class ImageLog implements Logger {
  private held: { level: Level; message: string }[] = [];

  constructor(
    private readonly target: Logger,
    private readonly live = false,
  ) {}

  debug(message: string): void {
    this.add('debug', message);
  }
  info(message: string): void {
    this.add('info', message);
  }
  warn(message: string): void {
    this.add('warn', message);
  }
  error(message: string): void {
    this.add('error', message);
  }
  scannerOutput(line: string): void {
    this.add('scanner', line);
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.add('heading', title);
    return fn();
  }

  /** Writes what was held back, in order, in one synchronous pass (nothing else can write in between), and forgets it. */
  flush(): void {
    const held = this.held;
    this.held = [];
    for (const { level, message } of held) this.write(level, message);
  }

  private add(level: Level, message: string): void {
    if (this.live) this.write(level, message);
    else this.held.push({ level, message });
  }

  private write(level: Level, message: string): void {
    const target = this.target;
    if (level === 'scanner') target.scannerOutput(message);
    else if (level === 'heading') target.info(`── ${message}`);
    else target[level](message);
  }
}
