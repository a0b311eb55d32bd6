// Report text is data: printed by the CLI inside a GitHub Actions step, it must not act as a workflow command, and on
// a terminal it must not move the cursor or retitle the window.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSafe, terminalSafe } from '../../src/cli/logger.js';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { commandsOutsideFences } from './helpers.js';
import { makeTempDir } from '../support/temp-dir.js';

const ROOT = join(import.meta.dirname, '..', '..');

function hostileReport(): string {
  const report = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/framing/report.json'), 'utf8')) as {
    profiles: { name: string; controls: { id: string; title?: string }[] }[];
  };
  const profile = report.profiles[0];
  if (!profile) throw new Error('fixture has no profile');
  profile.name = 'evil\n::add-mask::Compliance\n  ::error::boom ##[set-output name=x]y \u001b]0;owned\u0007';
  for (const control of profile.controls) control.title = `${control.title ?? ''}\n::warning::from a title`;
  return JSON.stringify(report);
}

async function runInProcess(
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env,
    cwd: ROOT,
    signal: new AbortController().signal,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('terminalSafe and jsonSafe', () => {
  it.each([
    ['carriage return', 'ok\rFAKE', 'okFAKE'],
    ['OSC window title', 'a\u001b]0;title\u0007b', 'a]0;titleb'],
    ['cursor movement', 'a\u001b[2Ab', 'a[2Ab'],
    ['bidi override', 'cb-\u202e10', 'cb-10'],
    ['NUL and DEL', 'a\u0000b\u007f', 'ab'],
  ])('strips %s', (_name, input, expected) => {
    expect(terminalSafe(input)).toBe(expected);
  });

  it('keeps colours, tabs and newlines', () => {
    expect(terminalSafe('\u001b[31mred\u001b[0m\tx\ny')).toBe('\u001b[31mred\u001b[0m\tx\ny');
  });

  it('escapes the legacy ##[ command form so the JSON still parses to the same value', () => {
    const json = jsonSafe(JSON.stringify({ name: 'x ##[add-mask]y' }));
    expect(json).not.toContain('##[');
    expect(JSON.parse(json)).toEqual({ name: 'x ##[add-mask]y' });
  });
});

describe('evaluate under GitHub Actions with a hostile report', () => {
  const dir = makeTempDir('kcs-hostile-');
  const results = join(dir, 'hostile.json');
  writeFileSync(results, hostileReport());
  const env = { GITHUB_ACTIONS: 'true' };

  it.each(['text', 'json'])('--format %s leaves nothing the runner would run', async (format) => {
    const run = await runInProcess(
      [
        'evaluate',
        '--results',
        results,
        '--threshold',
        'passed.total.min: 1000',
        '--output-dir',
        join(dir, format),
        '--format',
        format,
      ],
      env,
    );
    expect(run.code, run.err).toBe(1);
    expect(commandsOutsideFences(`${run.out}\n${run.err}`)).toEqual([]);
    expect(run.out).not.toContain('\u001b]');
    if (format === 'json') expect(JSON.parse(run.out)).toMatchObject({ result: 'fail' });
    else expect(run.out).toMatch(/Result: FAIL/);
  });
});
