import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FIXTURE_RESULTS_KEY } from '../support/fake-kube/index.js';
import { repoRoot } from './run-suite.js';

// The scanner's side of the shared framing fixture, decoded with Node instead of coreutils: the block that the entry
// script printed must come back as report.json byte for byte.
const dir = join(repoRoot, 'test/fixtures/framing');
const log = readFileSync(join(dir, 'scanner.log'), 'utf8');
const report = readFileSync(join(dir, 'report.json'));

describe('test/fixtures/framing', () => {
  it('holds exactly one block that decodes to report.json', () => {
    const lines = log.split('\n');
    const begins = lines.flatMap((line, i) => (line.startsWith('KCS-RESULTS-BEGIN ') ? [i] : []));
    const end = lines.indexOf('KCS-RESULTS-END v2');
    expect(begins).toHaveLength(1);
    const begin = begins[0] ?? -1;
    const header =
      /^KCS-RESULTS-BEGIN v2 bytes=(\d+) sha256=([0-9a-f]{64}) hmac-sha256=([0-9a-f]{64}) encoding=gzip\+base64$/.exec(
        lines[begin] ?? '',
      );
    expect(header, lines[begin]).not.toBeNull();
    const payload = lines.slice(begin + 1, end);
    expect(payload.every((line) => line.length <= 76 && /^[A-Za-z0-9+/=]+$/.test(line))).toBe(true);
    const decoded = gunzipSync(Buffer.from(payload.join(''), 'base64'));
    expect(decoded.length).toBe(Number(header?.[1]));
    expect(createHash('sha256').update(decoded).digest('hex')).toBe(header?.[2]);
    expect(decoded.equals(report)).toBe(true);
    // Signed with the fixture key (scanner/test/lib.sh), which the fake API server knows under the same value.
    const hmac = createHmac('sha256', Buffer.from(FIXTURE_RESULTS_KEY, 'hex')).update(decoded).digest('hex');
    expect(header?.[3]).toBe(hmac);
    const lib = readFileSync(join(repoRoot, 'scanner/test/lib.sh'), 'utf8');
    expect(/^readonly KCS_FIXTURE_RESULTS_KEY=([0-9a-f]{64})$/m.exec(lib)?.[1]).toBe(FIXTURE_RESULTS_KEY);
  });

  it('has live cli output before the block and the closing scanner line after it', () => {
    const begin = log.indexOf('KCS-RESULTS-BEGIN');
    expect(log.slice(0, begin)).toContain('Profile Summary:');
    expect(log.trimEnd().split('\n').at(-1)).toMatch(/^kcs-scanner: run kcs-[a-z0-9]+: scan complete/);
  });

  it('is a JSON report of the container-baseline profile with every status', () => {
    const parsed = JSON.parse(report.toString('utf8')) as {
      profiles: { name: string; controls: { impact: number; results: { status: string; backtrace?: unknown }[] }[] }[];
    };
    const profile = parsed.profiles[0];
    expect(profile?.name).toBe('container-baseline');
    const statuses = new Set(profile?.controls.flatMap((c) => c.results.map((r) => r.status)));
    expect([...statuses].sort()).toEqual(['failed', 'passed', 'skipped']);
    expect(profile?.controls.some((c) => c.impact === 0)).toBe(true);
    expect(profile?.controls.some((c) => c.results.some((r) => r.backtrace !== undefined))).toBe(true);
  });
});
