/**
 * The runner side of bench/images.bench.ts, in a process of its own so that its memory and CPU are the runner's
 * alone (the fake API server stays in the bench's process). Not a benchmark itself (no `.bench.ts`).
 *
 *   node --import tsx bench/images-runner.ts '<json: {kubeconfig, images, maxParallel, outputDir, single}>'
 *
 * Prints one JSON line: wall time, peak RSS, and for each image when its slot started and ended (this process's
 * clock, from when the run started).
 */
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../src/core/config.js';
import { MemoryLogger } from '../src/core/logger.js';
import { runImages } from '../src/core/multi/run.js';
import { runPipeline } from '../src/core/pipeline.js';

interface Job {
  kubeconfig: string;
  images: string[];
  maxParallel: number;
  outputDir: string;
  /**
   * Each image through the single-scan pipeline, one after another, as separate runs of one image would (each with
   * its own connection): what one scan costs the runner, for comparison.
   */
  single?: boolean;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const t0 = performance.now();
const slots = new Map<string, { start: number; end: number }>();

/** Notes when each image's slot starts (its `▶` line) and ends (its group), and keeps nothing else. */
class SlotLogger extends MemoryLogger {
  override info(message: string): void {
    const started = /^▶ \[\d+\/\d+\] (\S+): scanning$/.exec(message);
    if (started?.[1]) slots.set(started[1], { start: performance.now() - t0, end: 0 });
  }
  override debug(): void {}
  override warn(message: string): void {
    process.stderr.write(`warning: ${message}\n`);
  }
  override error(message: string): void {
    process.stderr.write(`error: ${message}\n`);
  }
  override scannerOutput(): void {}
  override async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    const ended = /\[\d+\/\d+\] (\S+): /.exec(title);
    const slot = ended?.[1] ? slots.get(ended[1]) : undefined;
    if (slot) slot.end = performance.now() - t0;
    return fn();
  }
}

const config = parseConfig(
  {
    image: job.images.join('\n'),
    namespace: 'kube-cinc-scan',
    kubeconfig: job.kubeconfig,
    'output-dir': job.outputDir,
    'max-parallel': String(job.maxParallel),
    timeout: '5m',
  },
  { env: {}, cwd: job.outputDir, mode: 'cli' },
);
let result: string;
if (job.single) {
  result = 'pass';
  for (const [index, image] of job.images.entries()) {
    const one = {
      ...config,
      scan: { ...config.scan, image },
      results: { ...config.results, outputDir: `${job.outputDir}/${index}` },
    };
    const outcome = await runPipeline(one, { logger: new MemoryLogger() });
    if (outcome.result !== 'pass') result = outcome.result;
  }
} else {
  const outcome = await runImages(config, { logger: new SlotLogger(), heartbeatMs: 3_600_000 });
  result = outcome.result;
}
const wallMs = performance.now() - t0;
// With --expose-gc: what is still live once the run is over (for finding leaks).
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const liveMb = process.memoryUsage().heapUsed / 2 ** 20;
process.stdout.write(
  `${JSON.stringify({
    result,
    wallMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    ...(gc ? { liveMb } : {}),
    slots: Object.fromEntries(slots),
  })}\n`,
);
