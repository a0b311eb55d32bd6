import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFileCommands } from './runner-emulator.js';
import { makeTempDir } from '../support/temp-dir.js';

/** The repository root, where dist/action/index.js and node_modules/.bin/node live. */
export const ROOT = resolve(import.meta.dirname, '../..');
/** The bundle users run. KCS_ACTION_BUNDLE points the tests at another build of it (one made from a work tree). */
export const BUNDLE = process.env['KCS_ACTION_BUNDLE'] ?? join(ROOT, 'dist/action/index.js');
export const NODE = join(ROOT, 'node_modules/.bin/node');

export interface StepResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * One job's worth of runner files (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY, RUNNER_TEMP) and the two steps
 * of the action run the way the runner runs them: main, then post with the saved state passed back as STATE_* vars.
 */
export class RunnerJob {
  readonly dir = makeTempDir('kcs-job-');
  readonly files = {
    output: join(this.dir, 'github_output'),
    state: join(this.dir, 'github_state'),
    summary: join(this.dir, 'step_summary'),
    temp: join(this.dir, 'runner_temp'),
  };

  constructor(
    private readonly inputs: Record<string, string>,
    private readonly env: Record<string, string>,
  ) {
    for (const file of [this.files.output, this.files.state, this.files.summary]) writeFileSync(file, '');
    mkdirSync(this.files.temp);
  }

  /** The environment the runner gives a node24 action step: INPUT_<NAME> (upper-case, dashes kept), file commands. */
  private stepEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: this.dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: this.files.output,
      GITHUB_STATE: this.files.state,
      GITHUB_STEP_SUMMARY: this.files.summary,
      RUNNER_TEMP: this.files.temp,
      GITHUB_JOB: 'scan',
      GITHUB_RUN_ID: '4711',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_WORKSPACE: this.dir,
      ...this.env,
      ...extra,
    };
    for (const [name, value] of Object.entries(this.inputs))
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    return env;
  }

  main(options: StepOptions = {}): Promise<StepResult> {
    return runStep(this.stepEnv({}), options);
  }

  /** The post step gets main's saved state back as STATE_<name>, as the runner passes it. */
  post(options: StepOptions = {}): Promise<StepResult> {
    const state: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.state())) state[`STATE_${name}`] = value;
    return runStep(this.stepEnv(state), options);
  }

  outputs(): Record<string, string> {
    return parseFileCommands(readFileSync(this.files.output, 'utf8'));
  }
  state(): Record<string, string> {
    return parseFileCommands(readFileSync(this.files.state, 'utf8'));
  }
  summary(): string {
    return readFileSync(this.files.summary, 'utf8');
  }
}

export interface StepOptions {
  /** Sends `signal` to the step once its stdout contains `when`. */
  signalWhen?: { when: string | RegExp; signal: NodeJS.Signals };
  timeoutMs?: number;
}

function runStep(env: NodeJS.ProcessEnv, options: StepOptions): Promise<StepResult> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run bundle`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(NODE, [BUNDLE], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const trigger = options.signalWhen;
      if (
        trigger &&
        !signalled &&
        (typeof trigger.when === 'string' ? stdout.includes(trigger.when) : trigger.when.test(stdout))
      ) {
        signalled = true;
        child.kill(trigger.signal);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}
