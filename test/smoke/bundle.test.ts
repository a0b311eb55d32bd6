// The bundles are what users run: start them as subprocesses, exactly as the runner and a shell do.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/temp-dir.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'index.js');
const actionBundle = join(root, 'dist', 'action', 'index.js');
const SUBCOMMANDS = ['scan', 'evaluate', 'render', 'cleanup'];

function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'], HOME: tmpdir(), ...env },
    timeout: 30_000,
  });
}

describe('CLI bundle', () => {
  it('prints its usage with --help and exits 0', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    for (const name of SUBCOMMANDS) expect(result.stdout).toContain(name);
  });

  it.each(SUBCOMMANDS)('%s --help exits 0 and names its flags', (name) => {
    const result = runCli([name, '--help']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`kube-cinc-scan ${name}`));
    expect(result.stdout).toContain('--');
  });

  it.each(SUBCOMMANDS)('%s with an unknown flag exits 2', (name) => {
    const result = runCli([name, '--no-such-flag']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no-such-flag/);
  });

  it('an unknown command exits 2', () => {
    const result = runCli(['scna']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown command "scna"/);
  });

  it('no command prints the usage and exits 2', () => {
    expect(runCli([]).status).toBe(2);
  });

  it('scan without --image is invalid input (exit 2) that says what is missing', () => {
    const result = runCli(['scan']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/KCS-CFG-001: image is required/);
  });

  it('render prints the pod without a cluster', () => {
    const result = runCli(['render', '--image', 'busybox:1.37.0']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/kind: Pod/);
    expect(result.stdout).toMatch(/shareProcessNamespace: true/);
  });

  it('evaluate judges a results file offline', () => {
    const out = makeTempDir('kcs-smoke-eval-');
    const result = runCli([
      'evaluate',
      '--results',
      join(root, 'test', 'fixtures', 'framing', 'report.json'),
      '--threshold',
      'compliance.min: 0',
      '--output-dir',
      out,
      '--format',
      'json',
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ result: 'pass' });
    expect(readFileSync(join(out, 'threshold-result.txt'), 'utf8')).toMatch(/^THRESHOLD_RESULT=0/);
  });
});

describe('action bundle', () => {
  function files() {
    const dir = makeTempDir('kcs-smoke-action-');
    const paths = { output: join(dir, 'output'), state: join(dir, 'state'), summary: join(dir, 'summary'), temp: dir };
    for (const p of [paths.output, paths.state, paths.summary]) writeFileSync(p, '');
    return paths;
  }
  const runnerEnv = (p: ReturnType<typeof files>, extra: NodeJS.ProcessEnv) => ({
    PATH: process.env['PATH'],
    HOME: p.temp,
    RUNNER_TEMP: p.temp,
    GITHUB_OUTPUT: p.output,
    GITHUB_STATE: p.state,
    GITHUB_STEP_SUMMARY: p.summary,
    GITHUB_JOB: 'smoke',
    ...extra,
  });

  it('main fails the step with a one-line reason when the image is missing, and post then does nothing', () => {
    const p = files();
    const main = spawnSync(process.execPath, [actionBundle], {
      encoding: 'utf8',
      env: runnerEnv(p, { INPUT_IMAGE: '', 'INPUT_UPLOAD-ARTIFACT': 'false' }),
      timeout: 30_000,
    });
    expect(main.status).toBe(1);
    expect(main.stdout).toMatch(/::error[^:]*::.*KCS-CFG-001: image is required/);
    expect(readFileSync(p.output, 'utf8')).toMatch(/result<<[^\n]+\nerror\n/);

    // The runner hands saved state back to post as STATE_* variables.
    const state = Object.fromEntries(
      [...readFileSync(p.state, 'utf8').matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)].map((m) => [
        `STATE_${m[1]}`,
        m[3],
      ]),
    );
    const post = spawnSync(process.execPath, [actionBundle], {
      encoding: 'utf8',
      env: runnerEnv(p, { ...state, STATE_isPost: 'true' }),
      timeout: 30_000,
    });
    expect(post.status).toBe(0);
  });
});
