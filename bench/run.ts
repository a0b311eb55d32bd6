// `npm run bench`: runs every bench/*.bench.ts in its own process, one after another (benchmarks must not compete
// for the machine's two cores), and fails if any of them fails. Pass names to run only some: npm run bench -- scan
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((o) => name.startsWith(o)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n### ${file}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    console.error(`${file} failed (exit ${result.status ?? result.signal})`);
  }
}
if (files.length === 0) console.error('no benchmark matched');
process.exitCode = failed > 0 || files.length === 0 ? 1 : 0;
