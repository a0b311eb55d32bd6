// Profiles fetched on the runner: archives by URL (a token only for its own origin), git repositories at a ref
// (file:// bare repositories here, no network), and remote dependencies vendored as `inspec vendor` lays them out.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileSource } from '../../src/core/config.js';
import type { KcsError } from '../../src/core/errors.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { readArchive } from '../../src/core/profile/archive.js';
import { download } from '../../src/core/profile/download.js';
import { prepareProfile, type PreparedProfile } from '../../src/core/profile/prepare.js';
import { tarGz } from '../../src/core/kube/tar.js';
import { profileTarGz } from '../support/archives.js';
import { bareRepo, recordingGit, type BareRepo } from '../support/git-repo.js';
import { ProfileServer } from '../support/profile-server.js';
import { makeTempDir } from '../support/temp-dir.js';

const yml = (name: string, depends?: unknown[]): string =>
  `name: ${name}\nversion: 1.0.0\n${depends ? `depends:\n${depends.map((d) => `  - ${JSON.stringify(d)}`).join('\n')}\n` : ''}`;

let server: ProfileServer;
let other: ProfileServer;
let dir: string;
let repo: BareRepo;
beforeAll(async () => {
  server = await ProfileServer.start();
  other = await ProfileServer.start('other-servers-token');
  dir = makeTempDir('kcs-fetch-');
  repo = bareRepo(join(dir, 'git'), [
    { files: { 'inspec.yml': yml('base'), 'controls/v.rb': 'control "v1"' }, tag: 'v1' },
    { files: { 'inspec.yml': yml('base'), 'controls/v.rb': 'control "v2"', 'spec/x_spec.rb': 'x' } },
  ]);
});
afterAll(async () => {
  await server.close();
  await other.close();
});

/** The files of a prepared profile, as text (through the same tar.gz the ConfigMap carries). */
function filesOf(prepared: PreparedProfile): Record<string, string> {
  const tree = readArchive(tarGz(prepared.entries), 'prepared');
  return Object.fromEntries([...tree].map(([path, content]) => [path, content.toString('utf8')]));
}

async function failure(promise: Promise<unknown>): Promise<KcsError> {
  try {
    await promise;
  } catch (error) {
    return error as KcsError;
  }
  throw new Error('expected a failure');
}

const prepare = (profile: ProfileSource, token?: string, git?: string) =>
  prepareProfile(
    { profile, ...(token ? { profileToken: token } : {}) },
    { env: {}, logger: new MemoryLogger(), ...(git ? { git } : {}) },
  );

describe('a profile archive by URL', () => {
  it('is downloaded with the token as a Bearer header, checked and cut to what InSpec reads', async () => {
    const url = server.serve(
      '/private/p.tar.gz',
      profileTarGz({ 'inspec.yml': yml('p'), 'controls/a.rb': 'control "a"', 'test/fixtures/big': 'x' }, 'p-1.0'),
    );
    const prepared = await prepare({ kind: 'url', url }, server.token);
    expect(filesOf(prepared)).toEqual({ 'inspec.yml': yml('p'), 'controls/a.rb': 'control "a"' });
    expect(server.requests.at(-1)).toEqual({ path: '/private/p.tar.gz', authorization: `Bearer ${server.token}` });
    expect(prepared.description).toBe(url);
  });

  it('fails with a hint when the server wants a token, and never shows a token of the URL', async () => {
    server.serve('/private/q.tar.gz', profileTarGz({ 'inspec.yml': yml('q') }));
    const missing = await failure(prepare({ kind: 'url', url: `${server.url}/private/q.tar.gz?private_token=abc123` }));
    expect(missing.code).toBe('KCS-PROF-003');
    expect(missing.message).toBe(`Downloading the profile ${server.url}/private/q.tar.gz?… failed: HTTP 401.`);
    expect(missing.hint).toMatch(/profile-token/);
    const wrong = await failure(prepare({ kind: 'url', url: `${server.url}/private/q.tar.gz` }, 'not-the-token'));
    expect(wrong.message).toMatch(/HTTP 403/);
    expect(JSON.stringify(wrong)).not.toContain('not-the-token');
  });

  it('keeps the token on a same-origin redirect and drops it on a redirect elsewhere', async () => {
    server.serve('/private/r.tar.gz', profileTarGz({ 'inspec.yml': yml('r') }));
    other.serve('/private/r.tar.gz', profileTarGz({ 'inspec.yml': yml('r') }));
    const same = `${server.url}/redirect/1?to=${encodeURIComponent('/private/r.tar.gz')}`;
    await expect(prepare({ kind: 'url', url: same }, server.token)).resolves.toBeDefined();
    const away = `${server.url}/redirect/1?to=${encodeURIComponent(`${other.url}/private/r.tar.gz`)}`;
    const error = await failure(prepare({ kind: 'url', url: away }, server.token));
    expect(error.message).toMatch(/HTTP 401/);
    expect(other.requests.every((r) => r.authorization === '')).toBe(true);
  });

  it('refuses a download over the size limit before reading it all (KCS-PROF-005)', async () => {
    const url = server.serve('/big.tar.gz', Buffer.alloc(4096));
    const error = await failure(download(url, { env: {}, maxBytes: 1024 }));
    expect(error.code).toBe('KCS-PROF-005');
  });
});

describe('a profile from git', () => {
  it('fetches the ref given after #: a tag, a commit id, or the default branch without one', async () => {
    const tag = await prepare({ kind: 'git', url: repo.url, ref: 'v1' });
    expect(filesOf(tag)['controls/v.rb']).toBe('control "v1"');
    expect(tag.description).toBe(`${repo.url}#v1 (commit ${repo.commits[0] ?? ''})`);
    const commit = await prepare({ kind: 'git', url: repo.url, ref: repo.commits[0] ?? '' });
    expect(filesOf(commit)['controls/v.rb']).toBe('control "v1"');
    const head = await prepare({ kind: 'git', url: repo.url });
    // The default branch, cut to what InSpec reads (spec/ stays behind).
    expect(filesOf(head)).toEqual({ 'inspec.yml': yml('base'), 'controls/v.rb': 'control "v2"' });
  });

  it('fails on a ref that does not exist (KCS-PROF-008)', async () => {
    const error = await failure(prepare({ kind: 'git', url: repo.url, ref: 'no-such-tag' }));
    expect(error.code).toBe('KCS-PROF-008');
    expect(error.message).toContain(repo.url);
  });

  it('gives git the token in an http.extraHeader for the origin, never on its command line or in a message', async () => {
    const log = join(dir, 'git-calls.log');
    const git = recordingGit(dir, log);
    const token = 'ghp_git-token-value-0123456789';
    const error = await failure(
      prepare(
        { kind: 'git', url: 'https://user:url-pass-9876@git.example.invalid/org/repo.git', ref: 'v1' },
        token,
        git,
      ),
    );
    expect(error.code).toBe('KCS-PROF-008');
    const calls = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { args: string[]; env: Record<string, string> });
    const fetch = calls.find((call) => call.args.includes('fetch'));
    expect(fetch?.args).toContain('https://git.example.invalid/org/repo.git');
    expect(fetch?.env).toMatchObject({
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://git.example.invalid/.extraHeader',
      // The URL's own credentials win over the token.
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from('user:url-pass-9876').toString('base64')}`,
    });
    for (const secret of [token, 'url-pass-9876']) {
      expect(JSON.stringify(calls.map((c) => c.args))).not.toContain(secret);
      expect(`${error.message} ${error.hint ?? ''}`).not.toContain(secret);
    }
    writeFileSync(log, '');
    await failure(prepare({ kind: 'git', url: 'https://git.example.invalid/org/repo.git' }, token, git));
    const second = readFileSync(log, 'utf8');
    expect(second).toContain(Buffer.from(`x-access-token:${token}`).toString('base64'));
    expect(second).not.toContain(token);
  });
});

/** Writes a local profile folder. */
function localProfile(name: string, files: Record<string, string>): string {
  const root = join(dir, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

interface Lock {
  lockfile_version: number;
  depends: {
    name: string;
    resolved_source: Record<string, string>;
    version_constraints: string[];
    dependencies?: Lock['depends'];
  }[];
}

describe('dependencies, vendored as `inspec vendor` does', () => {
  it('fetches url:, git: and path: dependencies (theirs too) into vendor/<sha256>/, named in inspec.lock', async () => {
    const base = profileTarGz(
      {
        'inspec.yml': yml('base', [{ name: 'leaf', path: 'deps/leaf' }]),
        'controls/b.rb': 'b',
        'deps/leaf/inspec.yml': yml('leaf'),
        'deps/leaf/controls/l.rb': 'l',
      },
      'base-1.0',
    );
    const baseUrl = server.serve('/private/base.tar.gz', base);
    const otherUrl = other.serve('/public/other.tar.gz', profileTarGz({ 'inspec.yml': yml('other') }));
    const wrapper = profileTarGz({
      'inspec.yml': yml('wrapper', [
        { name: 'base', url: baseUrl, version: '>= 1.0' },
        { name: 'other', url: otherUrl },
      ]),
      'controls/w.rb': 'include_controls "base"',
    });
    const url = server.serve('/private/wrapper.tar.gz', wrapper);
    const [seen, seenElsewhere] = [server.requests.length, other.requests.length];
    const logger = new MemoryLogger();
    const prepared = await prepareProfile(
      { profile: { kind: 'url', url }, profileToken: server.token },
      { env: {}, logger },
    );
    const files = filesOf(prepared);
    const lock = load(files['inspec.lock'] ?? '') as Lock;
    const baseKey = createHash('sha256').update(base).digest('hex');
    expect(lock.lockfile_version).toBe(1);
    expect(lock.depends.map((d) => d.name)).toEqual(['base', 'other']);
    expect(lock.depends[0]).toMatchObject({
      resolved_source: { url: baseUrl, sha256: baseKey },
      version_constraints: ['>= 1.0'],
      dependencies: [{ name: 'leaf', resolved_source: { path: 'deps/leaf' } }],
    });
    const leafKey = lock.depends[0]?.dependencies?.[0]?.resolved_source['sha256'] ?? '';
    const otherKey = lock.depends[1]?.resolved_source['sha256'] ?? '';
    // Flat, one folder per key, as InSpec's cache looks them up.
    expect(files[`vendor/${baseKey}/inspec.yml`]).toContain('name: base');
    expect(files[`vendor/${baseKey}/controls/b.rb`]).toBe('b');
    expect(files[`vendor/${leafKey}/controls/l.rb`]).toBe('l');
    expect(files[`vendor/${otherKey}/inspec.yml`]).toContain('name: other');
    // The token went to the profile's own origin only.
    const mine = server.requests.slice(seen);
    expect(mine.map((r) => r.path)).toEqual(['/private/wrapper.tar.gz', '/private/base.tar.gz']);
    expect(mine.every((r) => r.authorization === `Bearer ${server.token}`)).toBe(true);
    expect(other.requests.slice(seenElsewhere)).toEqual([{ path: '/public/other.tar.gz', authorization: '' }]);
    expect(JSON.stringify(files)).not.toContain(server.token);
    expect(logger.messages('info').join('\n')).toContain(`Vendored the dependency base from ${baseUrl}`);
  });

  it('vendors a git: dependency of a local profile at its ref (the lock pins the commit)', async () => {
    const root = localProfile('local-git', {
      'inspec.yml': yml('local', [{ name: 'base', git: repo.url, tag: 'v1' }]),
      'controls/x.rb': 'x',
    });
    const files = filesOf(await prepare({ kind: 'directory', path: root }));
    const lock = load(files['inspec.lock'] ?? '') as Lock;
    expect(lock.depends[0]?.resolved_source).toMatchObject({ git: repo.url, ref: repo.commits[0] });
    const key = lock.depends[0]?.resolved_source['sha256'] ?? '';
    expect(files[`vendor/${key}/controls/v.rb`]).toBe('control "v1"');
    // Every string quoted, so Ruby's YAML reads a key of digits as a string.
    expect(files['inspec.lock']).toContain(`sha256: "${key}"`);
  });

  it('leaves a local profile without dependencies, or already vendored, exactly as it is', async () => {
    const plain = localProfile('plain', { 'inspec.yml': yml('plain'), 'controls/x.rb': 'x' });
    expect(filesOf(await prepare({ kind: 'directory', path: plain }))).toEqual({
      'inspec.yml': yml('plain'),
      'controls/x.rb': 'x',
    });
    const lock =
      'lockfile_version: 1\ndepends:\n- name: base\n  resolved_source:\n    url: https://x.invalid/b.tar.gz\n    sha256: abc123\n';
    const vendored = localProfile('vendored', {
      'inspec.yml': yml('vendored', [{ name: 'base', url: 'https://x.invalid/b.tar.gz' }]),
      'inspec.lock': lock,
      'vendor/abc123/inspec.yml': yml('base'),
    });
    expect(filesOf(await prepare({ kind: 'directory', path: vendored }))['inspec.lock']).toBe(lock);
  });

  const refused: [string, unknown, RegExp][] = [
    [
      'supermarket:',
      { name: 's', supermarket: 'dev-sec/ssh-baseline' },
      /comes from supermarket: dev-sec\/ssh-baseline/,
    ],
    ['compliance:', { name: 'c', compliance: 'admin/linux' }, /comes from compliance: admin\/linux/],
    ['a bare name (the Supermarket)', { name: 'bare' }, /has no url:, git: or path:/],
    ['a local git repository', { name: 'g', git: 'file:///srv/secret.git' }, /local git repository/],
    ['a path out of the archive', { name: 'p', path: '../../../etc' }, /leaves/],
  ];
  for (const [name, dep, message] of refused) {
    it(`refuses ${name} in a fetched profile, before the cluster (KCS-PROF-009)`, async () => {
      const url = server.serve(`/refused-${name.length}.tar.gz`, profileTarGz({ 'inspec.yml': yml('top', [dep]) }));
      const error = await failure(prepare({ kind: 'url', url }));
      expect(error.code).toBe('KCS-PROF-009');
      expect(error.message).toMatch(/^The profile dependency top → \S+ cannot be vendored: /);
      expect(error.message).toMatch(message);
    });
  }

  it('says which dependency could not be fetched, its URL without the query that carries a token', async () => {
    const root = localProfile('broken-dep', {
      'inspec.yml': yml('broken', [{ name: 'gone', url: `${server.url}/missing.tar.gz?private_token=leaky-123` }]),
    });
    const error = await failure(prepare({ kind: 'directory', path: root }));
    expect(error.code).toBe('KCS-PROF-003');
    expect(error.message).toBe(
      `The profile dependency broken → gone cannot be vendored: Downloading the profile ${server.url}/missing.tar.gz?… failed: HTTP 404.`,
    );
    expect(JSON.stringify(error)).not.toContain('leaky-123');
  });

  it('finds a cycle', async () => {
    const url = `${server.url}/cycle.tar.gz`;
    server.serve('/cycle.tar.gz', profileTarGz({ 'inspec.yml': yml('cycle', [{ name: 'again', url }]) }));
    const root = localProfile('cycle-root', { 'inspec.yml': yml('root', [{ name: 'c', url }]) });
    expect((await failure(prepare({ kind: 'directory', path: root }))).code).toBe('KCS-PROF-010');
  });
});

// The tar.gz of a prepared profile must unpack with the pod's tar (as entrypoint.sh does) to the same files.
describe('the prepared archive', () => {
  it('is one gzip stream whose first entry is a file or a folder of the profile', async () => {
    const url = server.serve('/gz.tar.gz', profileTarGz({ 'inspec.yml': yml('gz') }));
    const archive = tarGz((await prepare({ kind: 'url', url })).entries);
    expect(gunzipSync(archive).subarray(0, 10).toString('utf8')).toBe('inspec.yml');
  });
});
