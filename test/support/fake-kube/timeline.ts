/**
 * A pod's life, scripted per test: what the scheduler and the kubelet would do, and when. The fake API server plays a
 * timeline when the pod is created, writing each change into the pod's status (so watches see it) and log lines into
 * the container logs (so `logs -f` sees them).
 */

export type TimelineAction =
  | { type: 'schedule'; node: string }
  | { type: 'unschedulable'; message: string }
  | { type: 'waiting'; container: string; reason: string; message?: string }
  | { type: 'running'; containers: string[] }
  | { type: 'terminated'; container: string; exitCode: number; reason?: string; message?: string }
  | { type: 'log'; container: string; lines: string[] }
  | { type: 'podFailed'; reason: string; message: string }
  | { type: 'call'; fn: () => void };

export interface TimelineStep {
  /** Milliseconds after the previous step. */
  delayMs: number;
  action: TimelineAction;
}

export class Timeline {
  readonly steps: TimelineStep[] = [];

  then(delayMs: number, action: TimelineAction): this {
    this.steps.push({ delayMs, action });
    return this;
  }
  schedule(delayMs = 2, node = 'fake-node-1'): this {
    return this.then(delayMs, { type: 'schedule', node });
  }
  unschedulable(message: string, delayMs = 2): this {
    return this.then(delayMs, { type: 'unschedulable', message });
  }
  waiting(container: string, reason: string, message?: string, delayMs = 2): this {
    return this.then(delayMs, { type: 'waiting', container, reason, ...(message ? { message } : {}) });
  }
  running(containers: string[], delayMs = 2): this {
    return this.then(delayMs, { type: 'running', containers });
  }
  terminated(container: string, exitCode: number, reason?: string, delayMs = 2, message?: string): this {
    return this.then(delayMs, {
      type: 'terminated',
      container,
      exitCode,
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
    });
  }
  /** Writes lines in batches of `batch`, `intervalMs` apart. */
  log(container: string, lines: string[], intervalMs = 1, batch = 20): this {
    for (let i = 0; i < lines.length; i += batch)
      this.then(i === 0 ? 1 : intervalMs, { type: 'log', container, lines: lines.slice(i, i + batch) });
    return this;
  }
  podFailed(reason: string, message: string, delayMs = 2): this {
    return this.then(delayMs, { type: 'podFailed', reason, message });
  }
  call(fn: () => void, delayMs = 0): this {
    return this.then(delayMs, { type: 'call', fn });
  }

  /** Scheduling, the keep-alive init container, both containers running. */
  static started(): Timeline {
    return new Timeline()
      .schedule()
      .running(['keepalive'])
      .terminated('keepalive', 0, 'Completed')
      .running(['target', 'scanner']);
  }

  /** A whole scan: started, the scanner writes `log`, then exits with `exitCode`; the target keeps running. */
  static scan(
    log: string,
    options: { exitCode?: number; intervalMs?: number; batch?: number; reason?: string } = {},
  ): Timeline {
    const lines = log.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const exitCode = options.exitCode ?? 0;
    return Timeline.started()
      .log('scanner', lines, options.intervalMs ?? 1, options.batch ?? 20)
      .terminated('scanner', exitCode, options.reason ?? (exitCode === 0 ? 'Completed' : 'Error'));
  }
}
