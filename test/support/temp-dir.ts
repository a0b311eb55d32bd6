// Temporary folders for tests. Each one is registered and removed after the test file that made it has run (the
// afterAll hook in test/support/remove-temp-dirs.ts, a vitest setup file), so a test run leaves nothing in the
// system's temp folder. No vitest import here: bench/ and scripts/ use this module outside vitest too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

/** mkdtempSync under os.tmpdir(), registered for removal. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes every folder makeTempDir made (force: a test may have removed one itself). */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  made.clear();
}
