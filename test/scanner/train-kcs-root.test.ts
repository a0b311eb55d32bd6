import { describe, expect, it } from 'vitest';
import { runSuite } from './run-suite.js';

describe('scanner/train-kcs-root (minitest suite: scanner/test/ruby)', () => {
  it('passes every case against real directory trees and live processes', () => {
    const run = runSuite('ruby', ['scanner/test/ruby/run-all.rb'], 240_000);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toMatch(/\d+ runs, \d+ assertions, 0 failures, 0 errors, 0 skips/);
  }, 300_000);
});
