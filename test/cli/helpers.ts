import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeTempDir } from '../support/temp-dir.js';

/** The repository root: dist/cli/index.js and node_modules/.bin/node live there. */
export const ROOT = resolve(import.meta.dirname, '../..');
export const NAMESPACE = 'kube-cinc-scan';
/** The bundle users run. KCS_CLI_BUNDLE points the tests at another build of it (one made from a work tree). */
export const CLI = process.env['KCS_CLI_BUNDLE'] ?? join(ROOT, 'dist/cli/index.js');
export const NODE = join(ROOT, 'node_modules/.bin/node');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from start to exit. */
  elapsedMs: number;
}

export interface CliRun {
  child: ChildProcess;
  result: Promise<CliResult>;
  stderr(): string;
  /** Resolves once stderr contains `text`; rejects if the process exits first or `timeoutMs` passes. */
  waitForStderr(text: string, timeoutMs?: number): Promise<void>;
}

/**
 * Starts the CLI bundle as a user's shell would: its own process with a bare environment (no KUBECONFIG, no
 * GITHUB_ACTIONS leaking in from the machine running the tests) and HOME in a fresh directory, so ~/.kube/config
 * is never the developer's. It must be asynchronous: the fake API server lives in this process's event loop.
 */
export function startCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): CliRun {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist; build it with 'npm run bundle'`);
  const home = makeTempDir('kcs-cli-home-');
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, ...options.env };
  const started = Date.now();
  const child = spawn(NODE, [CLI, ...args], { cwd: options.cwd ?? home, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of [...waiters]) waiter();
  });
  const result = new Promise<CliResult>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const waiter of [...waiters]) waiter();
      resolvePromise({ code, signal, stdout, stderr, elapsedMs: Date.now() - started });
    });
  });
  const waitForStderr = (text: string, timeoutMs = 15_000) =>
    new Promise<void>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no ${JSON.stringify(text)} on stderr within ${timeoutMs} ms; stderr so far:\n${stderr}`));
      }, timeoutMs);
      const check = () => {
        if (stderr.includes(text)) {
          clearTimeout(timer);
          waiters.delete(check);
          resolvePromise();
        } else if (child.exitCode !== null || child.signalCode !== null) {
          clearTimeout(timer);
          waiters.delete(check);
          reject(new Error(`the CLI exited before ${JSON.stringify(text)} appeared on stderr:\n${stderr}`));
        }
      };
      waiters.add(check);
      check();
    });
  return { child, result, stderr: () => stderr, waitForStderr };
}

/** Runs the CLI to its end. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

/**
 * The lines of `output` the GitHub Actions runner would take as workflow commands: a line that starts with `::`
 * after leading white space (the runner trims it) or holds the legacy `##[` anywhere, outside a
 * `::stop-commands::TOKEN` … `::TOKEN::` fence. The fence markers themselves are not counted.
 */
export function commandsOutsideFences(output: string): string[] {
  const found: string[] = [];
  let token: string | undefined;
  for (const line of output.split('\n')) {
    const trimmed = line.trimStart();
    if (token !== undefined) {
      if (trimmed === `::${token}::`) token = undefined;
      continue;
    }
    const open = /^::stop-commands::(.+)$/.exec(trimmed);
    if (open) token = open[1];
    else if (trimmed.startsWith('::') || line.includes('##[')) found.push(line);
  }
  return found;
}

/** For each line equal to `text`, whether it is inside a stop-commands fence. */
export function fencedOccurrences(output: string, text: string): boolean[] {
  const seen: boolean[] = [];
  let token: string | undefined;
  for (const line of output.split('\n')) {
    const trimmed = line.trimStart();
    if (token !== undefined && trimmed === `::${token}::`) token = undefined;
    else if (token === undefined && /^::stop-commands::(.+)$/.test(trimmed))
      token = trimmed.slice('::stop-commands::'.length);
    else if (line === text) seen.push(token !== undefined);
  }
  return seen;
}
