import type { V1Pod } from '@kubernetes/client-node';
import type { Logger } from '../logger.js';
import type { KubeHttp } from './http.js';
import type { LiveLog } from './live-log.js';
import { PodTracker, type GraceTimes, type PodAssessment } from './pod-state.js';
import { watchPod } from './pod-watch.js';
import { cancelled } from './scan-failures.js';
import { ScanError } from './scan-error.js';

/** The scanner container terminated: the pod as last seen, and the scanner's exit code. */
export interface ScannerDone {
  pod: V1Pod;
  exitCode: number;
}

export interface WaitOptions {
  http: KubeHttp;
  live: LiveLog;
  logger: Logger;
  /** Aborted with the reason `timeout` when the scan's timeout passes, with any other reason when it is cancelled. */
  signal: AbortSignal;
  timeoutSeconds: number;
  grace: GraceTimes;
  watchIdleTimeoutMs: number;
}

/**
 * Follows the scan pod until its scanner terminated, failing fast on every known way a pod gets stuck and letting
 * the stalls a cluster gets out of by itself (an autoscaler adding a node, a rate-limited pull) run for their grace.
 * Starts the live log once the scanner runs.
 */
export async function waitForScanner(
  pod: { namespace: string; podName: string },
  options: WaitOptions,
): Promise<ScannerDone> {
  const wait = new ScannerWait(pod.namespace, pod.podName, new PodTracker(options.grace), options);
  try {
    await watchPod(options.http, {
      namespace: pod.namespace,
      name: pod.podName,
      signal: AbortSignal.any([options.signal, wait.graceOver]),
      logger: options.logger,
      idleTimeoutMs: options.watchIdleTimeoutMs,
      onPod: (seen) => wait.observe(seen),
    });
  } catch (error) {
    if (!options.signal.aborted && !wait.graceOver.aborted) throw error;
  } finally {
    wait.dispose();
  }
  return wait.outcome(options.signal.reason, options.timeoutSeconds);
}

/** Where the wait stands: still watching, or decided (and then it stays as it is). */
type WaitState = { kind: 'watching' } | { kind: 'finished'; done: ScannerDone } | { kind: 'failed'; error: ScanError };

/** The wait for one pod's scanner, fed with each pod state the watch sees. */
class ScannerWait {
  private state: WaitState = { kind: 'watching' };
  /** What was last reported, so each phase and each stall is told once. */
  private readonly shown = { phase: '', stall: '' };
  /** A stall can outlast its grace without any new pod state: this timer re-judges it then and ends the watch. */
  private graceTimer: NodeJS.Timeout | undefined;
  private readonly graceController = new AbortController();
  readonly graceOver = this.graceController.signal;

  constructor(
    private readonly namespace: string,
    private readonly podName: string,
    private readonly tracker: PodTracker,
    private readonly deps: Pick<WaitOptions, 'live' | 'logger'>,
  ) {}

  /** Takes one pod state (`undefined`: the pod was deleted); true once the wait is decided. */
  observe(pod: V1Pod | undefined): boolean {
    if (!pod) return this.decide({ kind: 'failed', error: this.deletedBySomeoneElse() });
    const assessment = this.tracker.assess(pod);
    this.report(pod, assessment);
    this.armGraceTimer();
    if (assessment.kind === 'scanning' || assessment.kind === 'finished') this.deps.live.start();
    if (assessment.kind === 'failed') return this.decide({ kind: 'failed', error: assessment.error });
    if (assessment.kind === 'finished') {
      this.deps.live.markTerminated();
      return this.decide({ kind: 'finished', done: { pod, exitCode: assessment.exitCode } });
    }
    return false;
  }

  /** The end of the wait once the watch is over; `stopReason` is why the scan's signal aborted, if it did. */
  outcome(stopReason: unknown, timeoutSeconds: number): ScannerDone {
    if (this.state.kind === 'failed') throw this.state.error;
    if (this.state.kind === 'finished') return this.state.done;
    if (stopReason === 'timeout') throw this.timedOut(timeoutSeconds);
    throw cancelled(this.podName);
  }

  dispose(): void {
    clearTimeout(this.graceTimer);
  }

  private decide(state: Exclude<WaitState, { kind: 'watching' }>): true {
    if (this.state.kind === 'watching') this.state = state;
    return true;
  }

  private armGraceTimer(): void {
    clearTimeout(this.graceTimer);
    const stall = this.tracker.stall();
    if (!stall) return;
    this.graceTimer = setTimeout(() => {
      if (!this.tracker.expired()) return this.armGraceTimer();
      this.decide({ kind: 'failed', error: this.tracker.failure() });
      this.graceController.abort('stalled');
    }, stall.remainingMs);
  }

  /** Logs each new phase (debug), and says once per stall that the scan waits for it to pass, and for how long. */
  private report(pod: V1Pod, assessment: PodAssessment): void {
    const where = `${this.namespace}/${this.podName}`;
    const phase = `${pod.status?.phase ?? 'Pending'}/${assessment.kind}`;
    if (phase !== this.shown.phase) this.deps.logger.debug(`Pod ${where}: ${phase}.`);
    this.shown.phase = phase;
    if (assessment.kind !== 'stalled') {
      this.shown.stall = '';
      return;
    }
    const { key, grace, message } = assessment.stall;
    if (key === this.shown.stall) return;
    this.shown.stall = key;
    const seconds = Math.round((this.tracker.stall()?.remainingMs ?? 0) / 1000);
    const what = grace === 'unschedulable' ? 'cannot be scheduled yet' : 'hit an error the kubelet retries';
    const waitFor = grace === 'unschedulable' ? 'a node to be added (autoscaling)' : 'the retry to pass';
    this.deps.logger.info(
      `Pod ${where} ${what}: ${message.replace(/\.$/, '')}. Waiting up to ${seconds} s for ${waitFor}.`,
    );
  }

  private timedOut(timeoutSeconds: number): ScanError {
    // The timeout came before the grace of a stall in progress: that stall is why the scan did not finish.
    if (this.tracker.stall()) {
      const stalled = this.tracker.failure();
      return new ScanError(stalled.code, `${stalled.message} The scan's ${timeoutSeconds} s timeout passed first.`, {
        ...(stalled.hint ? { hint: stalled.hint } : {}),
      });
    }
    return new ScanError(
      'KCS-SCAN-118',
      `The scan did not finish within ${timeoutSeconds} s (pod ${this.namespace}/${this.podName} was ${this.shown.phase || 'not seen'}).`,
      { hint: 'Raise the timeout, or check why the pod is slow: kubectl describe pod (image pulls, scheduling).' },
    );
  }

  private deletedBySomeoneElse(): ScanError {
    return new ScanError(
      'KCS-SCAN-121',
      `Pod ${this.namespace}/${this.podName} was deleted by someone else before the scan ended.`,
      {
        hint: 'Something else deletes pods in this namespace (a janitor, a namespace deletion); scan in a namespace of its own.',
      },
    );
  }
}
