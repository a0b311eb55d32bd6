import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' }).trim();

export interface BareRepo {
  /** The bare repository's path. */
  path: string;
  url: string;
  /** Commit ids, in the order the versions were committed. */
  commits: string[];
}

/**
 * A bare git repository on disk whose history holds one commit per version, each a full set of files; version i is
 * tagged as given. `main` points at the last one. For `file://` fetches in tests: no network.
 */
export function bareRepo(dir: string, versions: { files: Record<string, string>; tag?: string }[]): BareRepo {
  const work = join(dir, 'work');
  const bare = join(dir, 'repo.git');
  mkdirSync(work, { recursive: true });
  git(work, 'init', '--quiet', '--initial-branch=main');
  const commits: string[] = [];
  for (const version of versions) {
    git(work, 'rm', '-r', '--quiet', '--ignore-unmatch', '.');
    for (const [path, content] of Object.entries(version.files)) {
      mkdirSync(dirname(join(work, path)), { recursive: true });
      writeFileSync(join(work, path), content);
    }
    git(work, 'add', '-A');
    git(work, 'commit', '--quiet', '-m', `version ${commits.length + 1}`);
    commits.push(git(work, 'rev-parse', 'HEAD'));
    if (version.tag) git(work, 'tag', version.tag);
  }
  git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  git(work, 'push', '--quiet', bare, 'main', '--tags');
  return { path: bare, url: `file://${bare}`, commits };
}

/**
 * A stand-in for git that appends its arguments and its GIT_* environment (one JSON line per call) to `log`, then
 * runs the real git, except that a fetch from an https:// remote fails as an unreachable one would.
 */
export function recordingGit(dir: string, log: string): string {
  const script = join(dir, 'git-recorder');
  writeFileSync(
    script,
    [
      '#!/usr/bin/env node',
      "const { appendFileSync } = require('node:fs');",
      "const { spawnSync } = require('node:child_process');",
      'const args = process.argv.slice(2);',
      "const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('GIT_')));",
      `appendFileSync(${JSON.stringify(log)}, JSON.stringify({ args, env }) + '\\n');`,
      "if (args.includes('fetch') && args.some((a) => a.startsWith('https://'))) {",
      "  process.stderr.write('fatal: unable to access the remote: Could not resolve host\\n');",
      '  process.exit(128);',
      '}',
      "const run = spawnSync('git', args, { stdio: 'inherit' });",
      'process.exit(run.status ?? 1);',
    ].join('\n'),
  );
  chmodSync(script, 0o755);
  return script;
}
