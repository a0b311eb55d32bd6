import { describe, expect, it } from 'vitest';
import { runSuite } from './run-suite.js';

describe('scanner/entrypoint.sh (bash suite: scanner/test/entrypoint.test.sh)', () => {
  it('passes every case on the image PATH against the real /proc', () => {
    const run = runSuite('bash', ['scanner/test/entrypoint.test.sh']);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toMatch(/entrypoint tests: \d+ passed, 0 failed/);
  }, 120_000);
});
