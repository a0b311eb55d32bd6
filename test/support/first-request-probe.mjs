// Preloaded into a bundle run by bench/cold-start.bench.ts and test/smoke/bundle-size.test.ts (`node --import <this file> …`). Writes a JSON line to
// $KCS_PROBE_OUT: the process's CPU time (user + system, from its start) and wall time when the first HTTP request
// starts, and with KCS_PROBE_MODULES=1 every JavaScript file the run loaded. With KCS_PROBE_STOP=1 the process ends at
// the first request: what comes after it (the scan) is not start-up.
import { subscribe } from 'node:diagnostics_channel';
import { appendFileSync, statSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const out = process.env.KCS_PROBE_OUT;
const loaded = new Set();
let firstRequest;

if (process.env.KCS_PROBE_MODULES === '1') {
  registerHooks({
    load(url, context, nextLoad) {
      if (url.startsWith('file:')) loaded.add(fileURLToPath(url));
      return nextLoad(url, context);
    },
  });
}

subscribe('http.client.request.start', ({ request }) => {
  if (firstRequest) return;
  const cpu = process.cpuUsage();
  firstRequest = {
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: performance.now(),
    host: request.host,
    path: request.path,
  };
  if (process.env.KCS_PROBE_STOP === '1') process.exit(0);
});

process.on('exit', () => {
  const modules = [...loaded].filter((file) => !file.endsWith('first-request-probe.mjs'));
  const bytes = modules.reduce((sum, file) => sum + statSync(file).size, 0);
  const record = { firstRequest, modules, moduleBytes: bytes };
  if (out) appendFileSync(out, `${JSON.stringify(record)}\n`);
});
