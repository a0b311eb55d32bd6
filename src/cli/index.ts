#!/usr/bin/env node
import { enableCompileCache } from 'node:module';
import { main } from './main.js';

// Compiling the bundle is much of a short command's start-up; Node keeps the compiled code in its cache directory,
// so later runs on the same machine start sooner (bench/cold-start.bench.ts measures with the cache off).
enableCompileCache();

const controller = new AbortController();
let signals = 0;
const onSignal = (signal: NodeJS.Signals): void => {
  signals += 1;
  // The first signal lets the scan delete what it created; a second one means "now".
  if (signals > 1) process.exit(130);
  process.stderr.write(`kube-cinc-scan: ${signal} received, cleaning up…\n`);
  controller.abort(new Error(`${signal} received`));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks).toString('utf8');
  },
});
process.exitCode = code;
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
