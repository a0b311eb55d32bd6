import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KcsError } from '../errors.js';
import { redactUrl } from '../redact.js';
import { ARCHIVE_LIMITS, readArchive, type ArchiveLimits } from './archive.js';
import type { ProfileTree } from './tree.js';

export interface GitFetchOptions {
  /** The profile token, for the URL's origin only (sent as a Basic credential in an http.extraHeader). */
  token?: string;
  tokenOrigin?: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Local remotes (file://, a path) only for the user's own profile and its local dependencies. */
  allowLocal: boolean;
  /** The git binary; tests point it at a wrapper that records what git is given. */
  git?: string;
  limits?: ArchiveLimits;
  timeoutMs?: number;
}

export interface GitFetched {
  tree: ProfileTree;
  /** The commit the ref resolved to (the lock's `ref`). */
  commit: string;
}

const SHA = /^[0-9a-f]{7,40}$/i;

/**
 * Fetches one commit of a repository with the runner's git, as little as possible (`--depth 1` of the ref; a commit id
 * that cannot be fetched shallow is fetched with the branches and tags instead), and reads its tree with `git archive`
 * into memory: no working tree is checked out, so neither a hook, a filter nor a link in the repository acts on this
 * machine. The URL given to git holds no credential: the token (or the URL's own user and password) goes in an
 * `http.<origin>/.extraHeader` set through GIT_CONFIG_* variables, never on the command line or in a message.
 */
export async function gitFetch(remote: string, ref: string | undefined, options: GitFetchOptions): Promise<GitFetched> {
  const { url, header } = withoutCredentials(remote, options);
  const shown = redactUrl(url, { query: true });
  const dir = await mkdtemp(join(tmpdir(), 'kcs-git-'));
  const git = (args: string[], capture?: number) =>
    run(options.git ?? 'git', ['-C', dir, ...args], gitEnv(options, header, url), shown, options, capture);
  try {
    await run(options.git ?? 'git', ['init', '--quiet', '--bare', dir], gitEnv(options, header, url), shown, options);
    const wanted = ref ?? 'HEAD';
    try {
      await git(['fetch', '--quiet', '--no-tags', '--depth', '1', '--', url, wanted]);
    } catch (error) {
      if (!ref || !SHA.test(ref)) throw error;
      // Some servers refuse a shallow fetch of a commit by id: fetch the branches and tags, then find it there.
      await git([
        'fetch',
        '--quiet',
        '--no-tags',
        '--',
        url,
        '+refs/heads/*:refs/kcs/heads/*',
        '+refs/tags/*:refs/kcs/tags/*',
      ]);
    }
    const commit = (
      await git(['rev-parse', '--verify', '--quiet', `${ref && SHA.test(ref) ? ref : 'FETCH_HEAD'}^{commit}`], 1024)
    )
      .toString('utf8')
      .trim();
    const limits = options.limits ?? ARCHIVE_LIMITS;
    const tar = await git(['archive', '--format=tar', commit], limits.maxBytes + limits.maxEntries * 1024);
    return { tree: readArchive(tar, `${shown} at ${commit.slice(0, 12)}`, limits), commit };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The URL without its user part; that, or the token for this origin, as a Basic authorization header. */
function withoutCredentials(remote: string, options: GitFetchOptions): { url: string; header?: string } {
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return { url: remote };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { url: remote };
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const clean = url.toString();
  if (user || password) return { url: clean, header: basic(password ? user : 'x-access-token', password || user) };
  if (options.token && options.tokenOrigin === url.origin) {
    return { url: clean, header: basic('x-access-token', options.token) };
  }
  return { url: clean };
}

const basic = (user: string, password: string): string =>
  `Authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * git's environment: no prompt (a missing credential fails at once), only the transports a profile may come from, and
 * the credential header scoped to the remote's origin, appended to any GIT_CONFIG_* the runner already sets.
 */
function gitEnv(options: GitFetchOptions, header: string | undefined, url: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_ALLOW_PROTOCOL: options.allowLocal ? 'https:http:ssh:git:file' : 'https:http:ssh:git',
  };
  if (header) {
    const count = Number(env['GIT_CONFIG_COUNT'] ?? '0') || 0;
    env['GIT_CONFIG_COUNT'] = String(count + 1);
    env[`GIT_CONFIG_KEY_${count}`] = `http.${new URL(url).origin}/.extraHeader`;
    env[`GIT_CONFIG_VALUE_${count}`] = header;
  }
  return env;
}

/** Runs git; stdout is returned (at most `capture` bytes), stderr only quoted in the error, without credentials. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  shown: string,
  options: GitFetchOptions,
  capture = 0,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 300_000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let overflow = false;
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > capture) {
        overflow = true;
        child.kill('SIGKILL');
        return;
      }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 4000) err += chunk.toString('utf8');
    });
    child.on('error', (cause: NodeJS.ErrnoException) => {
      const missing = cause.code === 'ENOENT';
      reject(
        gitFailed(
          shown,
          missing ? 'git is not installed on this machine (or not on PATH)' : cause.message,
          missing
            ? 'Install git on the runner, or publish the profile as an archive and give its https:// URL.'
            : undefined,
          cause,
        ),
      );
    });
    child.on('close', (code, signal) => {
      if (overflow) {
        reject(
          new KcsError('KCS-PROF-005', `The repository ${shown} holds more than the limit a profile may unpack to.`, {
            hint: 'Publish only the profile (inspec.yml, controls/, libraries/, files/) in the repository, or as an archive.',
            category: 'input',
          }),
        );
        return;
      }
      if (code === 0) {
        resolve(Buffer.concat(out));
        return;
      }
      const reason = lastLines(clean(err, env)) || (signal ? `killed by ${signal}` : `exit code ${code ?? '?'}`);
      const verb = args[0] === '-C' ? args[2] : args[0];
      reject(gitFailed(shown, `git ${verb ?? ''}: ${reason}`));
    });
  });
}

/** git's stderr, with anything that came from a credential cut out (defence in depth: git was never given one in argv). */
function clean(text: string, env: NodeJS.ProcessEnv): string {
  let out = text;
  for (const [name, value] of Object.entries(env)) {
    if (value && /^GIT_CONFIG_VALUE_/.test(name)) out = out.split(value).join('***');
  }
  return out.replace(/(Authorization: \w+ )\S+/gi, '$1***');
}

const lastLines = (text: string): string =>
  text
    .trim()
    .split('\n')
    .slice(-3)
    .map((line) => line.trim())
    .join(' ');

function gitFailed(shown: string, reason: string, hint?: string, cause?: unknown): KcsError {
  return new KcsError('KCS-PROF-008', `Fetching the profile repository ${shown} failed: ${reason}.`, {
    hint:
      hint ??
      'Check the URL and the ref (a branch, tag or commit); for a private repository over https pass a token in profile-token (CLI: KCS_PROFILE_TOKEN), over ssh the runner needs a key for it.',
    category: 'input',
    ...(cause === undefined ? {} : { cause }),
  });
}
