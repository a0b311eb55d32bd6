import type { Logger } from '../logger.js';
import { KubeApiError, sleep, type KubeHttp } from './http.js';
import { readLines } from './lines.js';
import { isBlockEnd, isBlockStart } from './results-block.js';

/**
 * The kubelet sends nothing on a followed log while the container is quiet, and a control can run silently for
 * minutes, so the idle limit is loose: it only catches a dead connection, and a reconnection costs nothing (the lines
 * already shown are skipped).
 */
export const LOG_IDLE_TIMEOUT_MS = 300_000;

export interface LiveLogOptions {
  maxReconnects?: number;
  /** A stream that receives nothing for this long is reconnected. */
  idleTimeoutMs?: number;
}

/**
 * Streams a container's log to the logger while it runs. Best effort by design: the stream can be cut (kubelet,
 * proxies, client timeouts), so it reconnects and skips the lines it already showed, and whatever it missed is shown
 * from the full log read at the end (`showRemaining`). The results block is kept out of the live output.
 */
export class LiveLog {
  private shown = 0;
  private inBlock = false;
  private terminated = false;
  private readonly controller = new AbortController();
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly http: KubeHttp,
    private readonly namespace: string,
    private readonly pod: string,
    private readonly container: string,
    private readonly logger: Logger,
    private readonly options: LiveLogOptions = {},
  ) {}

  start(): void {
    this.running ??= this.follow().catch((error: unknown) => {
      this.logger.debug(
        `Live log of ${this.pod}/${this.container} stopped: ${error instanceof Error ? error.message : String(error)}.`,
      );
    });
  }

  /** The watch saw the container terminate: the next end of the stream is the real end. */
  markTerminated(): void {
    this.terminated = true;
    this.wake?.();
  }

  /** Gives the stream up to `waitMs` to deliver its last lines, then stops it. */
  async stop(waitMs: number): Promise<void> {
    if (this.running && waitMs > 0) {
      await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
    }
    this.controller.abort();
    await this.running;
  }

  /** Shows the lines of the full log the live stream did not deliver. */
  showRemaining(lines: string[]): void {
    for (let index = this.shown; index < lines.length; index += 1) this.emit(lines[index] ?? '');
    this.shown = Math.max(this.shown, lines.length);
  }

  private emit(line: string): void {
    if (isBlockStart(line)) this.inBlock = true;
    else if (this.inBlock && isBlockEnd(line)) this.inBlock = false;
    else if (!this.inBlock) this.logger.scannerOutput(line);
  }

  private async follow(): Promise<void> {
    const signal = this.controller.signal;
    const path = `/api/v1/namespaces/${this.namespace}/pods/${this.pod}/log`;
    const maxReconnects = this.options.maxReconnects ?? 20;
    const idleTimeoutMs = this.options.idleTimeoutMs ?? LOG_IDLE_TIMEOUT_MS;
    for (let attempt = 0; attempt <= maxReconnects && !signal.aborted; attempt += 1) {
      const skip = this.shown;
      let index = 0;
      try {
        const response = await this.http.stream(path, { container: this.container, follow: true }, signal, {
          idleTimeoutMs,
        });
        const result = await readLines(
          response,
          (line) => {
            index += 1;
            if (index <= skip) return false;
            this.emit(line);
            this.shown += 1;
            return false;
          },
          signal,
        );
        if (signal.aborted || (result.ended === 'complete' && this.terminated)) return;
        if (result.error)
          this.logger.debug(
            `Live log of ${this.pod}/${this.container} was cut (${result.error.message}); reconnecting.`,
          );
      } catch (error) {
        if (signal.aborted) return;
        // 400 while the container is still being created; anything else is logged and retried the same way.
        if (!(error instanceof KubeApiError && error.status === 400)) {
          this.logger.debug(
            `Live log of ${this.pod}/${this.container} failed: ${error instanceof Error ? error.message : String(error)}.`,
          );
        }
      }
      await this.pause(Math.min(1000, 50 * (attempt + 1)), signal);
    }
  }

  private pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      sleep(ms, signal).then(resolve, resolve);
    });
  }
}
