// `evaluate` (and writeResultFiles under it) writes scan-results.sarif and scan-results.junit.xml beside the other
// files; --image names the SARIF analysis, --sarif-location the file its results attach to.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { parseConfig, parseSarifLocation } from '../../src/core/config.js';
import { evaluateReport, writeResultFiles } from '../../src/core/results/index.js';
import { inputErrorOf } from '../support/input-error.js';
import { makeTempDir } from '../support/temp-dir.js';
import { richReport } from './rich-report.js';

const dir = makeTempDir('kcs-eval-formats-');
writeFileSync(join(dir, 'results.json'), richReport());

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    env: {},
    cwd: dir,
    signal: new AbortController().signal,
  };
  const code = await main(['evaluate', ...argv], io);
  return { code, out, err };
}

const read = (...parts: string[]) => readFileSync(join(dir, ...parts), 'utf8');

describe('evaluate writes SARIF and JUnit', () => {
  it('beside the other files, named in summary.json and on stdout', async () => {
    const r = await run(['--results', 'results.json', '--output-dir', 'out', '--image', 'ghcr.io/acme/app:7']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Files: .*summary\.json, .*scan-results\.sarif, .*scan-results\.junit\.xml/);
    const summary = JSON.parse(read('out', 'summary.json')) as Record<string, unknown>;
    expect(summary).toMatchObject({
      image: 'ghcr.io/acme/app:7',
      sarifFile: 'scan-results.sarif',
      junitFile: 'scan-results.junit.xml',
    });
    const log = JSON.parse(read('out', 'scan-results.sarif')) as Sarif.Log;
    expect(log.runs[0]?.automationDetails?.id).toBe('kube-cinc-scan/ghcr.io/acme/app/rich-profile/');
    expect(read('out', 'scan-results.junit.xml')).toContain('hostname="ghcr.io/acme/app:7"');
  });

  it('--sarif-location names the file the results attach to', async () => {
    const r = await run([
      '--results',
      'results.json',
      '--output-dir',
      'out-loc',
      '--sarif-location',
      'images/app/Dockerfile',
    ]);
    expect(r.code).toBe(0);
    const log = JSON.parse(read('out-loc', 'scan-results.sarif')) as Sarif.Log;
    const uris = new Set(
      (log.runs[0]?.results ?? []).map((x) => x.locations?.[0]?.physicalLocation?.artifactLocation?.uri),
    );
    expect([...uris]).toEqual(['images/app/Dockerfile']);
  });

  it.each(['/abs/Dockerfile', 'https://example.com/Dockerfile', '../Dockerfile', 'a\\b', 'a//b'])(
    'refuses --sarif-location %s (exit 2, KCS-RES-007)',
    async (location) => {
      const r = await run(['--results', 'results.json', '--sarif-location', location]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('KCS-RES-007: sarif-location:');
    },
  );

  it('on an input error writes no SARIF (an empty one would close every alert) and removes one left from before', async () => {
    await run(['--results', 'results.json', '--output-dir', 'out-err']);
    expect(existsSync(join(dir, 'out-err', 'scan-results.sarif'))).toBe(true);
    writeFileSync(join(dir, 'broken.json'), '{"profiles": [');
    const r = await run(['--results', 'broken.json', '--output-dir', 'out-err', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'out-err', 'scan-results.sarif'))).toBe(false);
    expect(JSON.parse(r.out)).toMatchObject({ result: 'error', sarifFile: null, junitFile: 'scan-results.junit.xml' });
    expect(read('out-err', 'scan-results.junit.xml')).toContain('<error message="KCS-RES-001: ');
  });

  it('writeResultFiles without details writes neither (and removes files left from before)', async () => {
    const out = join(dir, 'out-plain');
    await run(['--results', 'results.json', '--output-dir', 'out-plain']);
    const evaluation = evaluateReport(richReport(), { origin: 'r.json' });
    const files = await writeResultFiles(out, { evaluation, meta: {} });
    expect(files.sarifFile).toBeUndefined();
    expect(files.junitFile).toBeUndefined();
    expect(existsSync(join(out, 'scan-results.sarif'))).toBe(false);
    expect(existsSync(join(out, 'scan-results.junit.xml'))).toBe(false);
  });
});

describe('the sarif-location input', () => {
  it.each([
    ['', 'Dockerfile'],
    ['  ', 'Dockerfile'],
    ['Dockerfile', 'Dockerfile'],
    ['./docker/Dockerfile.prod', 'docker/Dockerfile.prod'],
    ['images/my app/Containerfile', 'images/my app/Containerfile'],
  ])('%j is %j', (text, expected) => {
    expect(parseSarifLocation(text)).toBe(expected);
  });

  it.each([
    ['/etc/Dockerfile', 'is absolute'],
    ['C:/x/Dockerfile', 'is absolute'],
    ['file:///x/Dockerfile', 'is absolute'],
    ['docker\\Dockerfile', 'contains a backslash'],
    ['docker/../Dockerfile', 'has an empty, "." or ".." segment'],
    ['docker/', 'has an empty, "." or ".." segment'],
    ['a\u0000b', 'contains a control character'],
  ])('refuses %j (%s)', (text, why) => {
    const error = inputErrorOf(() => parseSarifLocation(text));
    expect(error.code).toBe('KCS-RES-007');
    expect(error.message).toContain(why);
  });

  it('is read by parseConfig (default Dockerfile) and reported with the other invalid inputs', () => {
    const context = { env: {}, cwd: dir, mode: 'action' as const };
    expect(parseConfig({ image: 'app:1' }, context).results.sarifLocation).toBe('Dockerfile');
    expect(parseConfig({ image: 'app:1', 'sarif-location': 'app/Dockerfile' }, context).results.sarifLocation).toBe(
      'app/Dockerfile',
    );
    const error = inputErrorOf(() => parseConfig({ image: 'app:1', 'sarif-location': '../Dockerfile' }, context));
    expect(error.message).toContain('sarif-location');
  });
});
