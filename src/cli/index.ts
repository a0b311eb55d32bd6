#!/usr/bin/env node
import { main } from './main.js';

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
});
process.exitCode = code;
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
