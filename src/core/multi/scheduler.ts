import { performance } from 'node:perf_hooks';

/** What a run returns to be started again once another run of the pool has finished (a quota that others hold). */
export const RETRY_WHEN_FREED: unique symbol = Symbol('retry when another run has finished');

export interface PoolContext {
  /** How many other runs of the pool are in flight now. */
  othersRunning(): number;
  /** Milliseconds since another run of the pool last finished; Infinity when none has yet. */
  sinceLastFinish(): number;
}

export interface PoolOptions<I, R> {
  /** At most this many runs at once. */
  limit: number;
  /** Once aborted, no run starts any more; the runs in flight are left to stop on the same signal. */
  signal?: AbortSignal | undefined;
  /**
   * One item's run. It should not throw (a throw becomes `failed`). It may return RETRY_WHEN_FREED only while
   * othersRunning() is above 0: the item then goes back to the front of the queue, and the pool runs no more at once
   * than are in flight now, so that it starts again when one of them finishes.
   */
  run(item: I, index: number, context: PoolContext): Promise<R | typeof RETRY_WHEN_FREED>;
  /** The result of an item that never started (the signal aborted first). */
  notStarted(item: I, index: number): R;
  /** The result of a run that threw. */
  failed(item: I, index: number, error: unknown): R;
  /** Told when the pool lowers its limit (after a RETRY_WHEN_FREED). */
  onLimitLowered?(limit: number): void;
}

/**
 * Runs `run` over every item, at most `limit` at a time, starting the next one as soon as one finishes, and resolves
 * with the results in the order of the items. It never rejects.
 */
export function runBounded<I, R>(items: readonly I[], options: PoolOptions<I, R>): Promise<R[]> {
  return new Promise((resolve) => {
    const results: R[] = new Array<R>(items.length);
    const queue = items.map((_, index) => index);
    let limit = Math.max(1, options.limit);
    let running = 0;
    let remaining = items.length;
    let lastFinish = Number.NEGATIVE_INFINITY;
    const context: PoolContext = {
      othersRunning: () => Math.max(0, running - 1),
      sinceLastFinish: () => performance.now() - lastFinish,
    };
    const settle = (index: number, result: R): void => {
      results[index] = result;
      remaining -= 1;
    };
    const pump = (): void => {
      if (options.signal?.aborted) {
        for (const index of queue.splice(0)) settle(index, options.notStarted(items[index] as I, index));
      }
      while (queue.length > 0 && running < limit) start(queue.shift() as number);
      if (remaining === 0) {
        options.signal?.removeEventListener('abort', pump);
        resolve(results);
      }
    };
    const start = (index: number): void => {
      running += 1;
      const item = items[index] as I;
      const ended = (result: R | typeof RETRY_WHEN_FREED): void => {
        running -= 1;
        if (result === RETRY_WHEN_FREED) {
          queue.unshift(index);
          const lowered = Math.max(1, running);
          if (lowered < limit) {
            limit = lowered;
            options.onLimitLowered?.(limit);
          }
        } else {
          settle(index, result);
          lastFinish = performance.now();
        }
        pump();
      };
      Promise.resolve()
        .then(() => options.run(item, index, context))
        .then(ended, (error: unknown) => ended(options.failed(item, index, error)));
    };
    options.signal?.addEventListener('abort', pump, { once: true });
    pump();
  });
}
