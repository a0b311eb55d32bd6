import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { dump, load } from 'js-yaml';
import { KcsError } from '../errors.js';
import type { Logger } from '../logger.js';
import { remoteProfileSource } from '../profile-source.js';
import { redactUrl } from '../redact.js';
import { profileRootPrefix, readArchive, safePath } from './archive.js';
import { download } from './download.js';
import { gitFetch } from './git.js';
import { profileParts, subtree, treeDigest, treeFromDirectory, type ProfileTree } from './tree.js';

/**
 * Vendoring, as `inspec vendor` lays it out: every dependency of the profile (and theirs, flattened) in
 * `vendor/<key>/`, and an `inspec.lock` whose entries name each one with a `sha256` that is its key. InSpec looks a
 * locked dependency up in its cache by that `sha256` (before `ref`), and the profile's `vendor/` is copied into the
 * cache when the profile loads, so the scanner finds every dependency there and never fetches one.
 */
export interface FetchContext {
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  logger?: Logger;
  /** The profile token, and the origin of the profile URL: the only origin it is sent to. */
  token?: string;
  tokenOrigin?: string;
  /** The git binary (tests). */
  git?: string;
}

/** Where a profile's own relative references point: a folder on this machine, or its place in a fetched archive. */
export type ProfileHome =
  { kind: 'local'; dir: string } | { kind: 'remote'; archive: ProfileTree; base: string; what: string };

interface LockEntry {
  name: string;
  resolved_source: Record<string, string>;
  version_constraints: string[];
  dependencies?: LockEntry[];
}

const MAX_DEPTH = 8;
const MAX_DEPENDENCIES = 64;

/** What the vendoring of one profile collects: the files of vendor/ (by path below it) and how many were fetched. */
class Vendoring {
  readonly vendor: ProfileTree = new Map();
  fetched = 0;

  constructor(readonly context: FetchContext) {}

  add(key: string, tree: ProfileTree): void {
    for (const [path, content] of tree) this.vendor.set(`${key}/${path}`, content);
  }
}

/**
 * The profile with its dependencies vendored, or undefined when it needs nothing (no `depends:`, or an inspec.lock
 * whose every entry is already in its vendor/). Fetches on this machine; throws a KCS-PROF error naming the
 * dependency (URL without credentials or query) when one cannot be fetched or is of a kind the pod could only fetch
 * from the network (supermarket:, compliance:, a bare name).
 */
export async function vendorDependencies(
  tree: ProfileTree,
  home: ProfileHome,
  context: FetchContext,
): Promise<ProfileTree | undefined> {
  const metadata = readMetadata(tree, describeHome(home));
  const depends = dependsOf(metadata, describeHome(home));
  if (depends.length === 0) return undefined;
  const name = profileName(metadata);
  if (isVendored(tree)) {
    context.logger?.info(`The profile ${name} ships its dependencies vendored (inspec.lock and vendor/).`);
    return undefined;
  }
  if (tree.has('inspec.lock')) {
    context.logger?.warn(
      `The inspec.lock of the profile ${name} names dependencies its vendor/ lacks; they are resolved again from inspec.yml.`,
    );
  }
  const state = new Vendoring(context);
  const entries = await resolveAll(depends, home, state, { names: [name], sources: [] }, 1);
  const out: ProfileTree = new Map();
  for (const [path, content] of tree) {
    if (path !== 'inspec.lock' && !path.startsWith('vendor/')) out.set(path, content);
  }
  for (const [path, content] of state.vendor) out.set(`vendor/${path}`, content);
  out.set('inspec.lock', Buffer.from(lockfile(entries)));
  return out;
}

function lockfile(entries: LockEntry[]): string {
  // Every string quoted: a key of hex digits must not read as a number to Ruby's YAML.
  return dump({ lockfile_version: 1, depends: entries }, { forceQuotes: true, quoteStyle: 'double', lineWidth: -1 });
}

/** The dependencies above the one being resolved: names for messages, sources to find a cycle. */
interface Chain {
  names: string[];
  sources: string[];
}

async function resolveAll(
  depends: Record<string, unknown>[],
  home: ProfileHome,
  state: Vendoring,
  chain: Chain,
  depth: number,
): Promise<LockEntry[]> {
  if (depth > MAX_DEPTH) {
    throw dependencyError(chain.names, `dependencies nest deeper than ${MAX_DEPTH} levels`, 'KCS-PROF-010');
  }
  const entries: LockEntry[] = [];
  for (const dep of depends) entries.push(await resolveOne(dep, home, state, chain, depth));
  return entries;
}

interface Fetched {
  /** The files where the dependency was found (an archive, a repository, a folder). */
  tree: ProfileTree;
  home: ProfileHome;
  source: Record<string, string>;
  /** The vendor key when it is not the tree's digest (a URL archive: the sha256 of its bytes, as InSpec keys it). */
  key?: string;
  shown: string;
}

interface Found {
  fetched: Fetched;
  profile: ProfileTree;
  home: ProfileHome;
  metadata: Record<string, unknown>;
}

/** Fetches a dependency and finds the profile in what came back; errors name the chain of dependencies. */
async function find(
  dep: Record<string, unknown>,
  home: ProfileHome,
  state: Vendoring,
  names: string[],
): Promise<Found> {
  try {
    const fetched = await fetchDependency(dep, home, state.context);
    const prefix = profileRootPrefix(fetched.tree, fetched.shown);
    const profile = subtree(fetched.tree, prefix);
    const where: ProfileHome =
      fetched.home.kind === 'remote' && prefix
        ? { ...fetched.home, base: fetched.home.base ? `${fetched.home.base}/${prefix}` : prefix }
        : fetched.home;
    return { fetched, profile, home: where, metadata: readMetadata(profile, fetched.shown) };
  } catch (error) {
    if (error instanceof KcsError) throw dependencyError(names, error.message, error.code, error);
    throw error;
  }
}

async function resolveOne(
  dep: Record<string, unknown>,
  home: ProfileHome,
  state: Vendoring,
  chain: Chain,
  depth: number,
): Promise<LockEntry> {
  const label = typeof dep['name'] === 'string' ? dep['name'] : JSON.stringify(dep);
  const names = [...chain.names, label];
  state.fetched += 1;
  if (state.fetched > MAX_DEPENDENCIES) {
    throw dependencyError(names, `the profile has more than ${MAX_DEPENDENCIES} dependencies`, 'KCS-PROF-010');
  }
  const { fetched, profile, home: where, metadata } = await find(dep, home, state, names);
  const identity = JSON.stringify(fetched.source);
  if (chain.sources.includes(identity)) throw dependencyError(names, 'it depends on itself (a cycle)', 'KCS-PROF-010');
  const name = typeof dep['name'] === 'string' ? dep['name'] : profileName(metadata);
  const nested = dependsOf(metadata, fetched.shown);
  let dependencies: LockEntry[] = [];
  if (nested.length > 0 && isVendored(profile)) dependencies = hoistVendored(profile, state);
  else if (nested.length > 0) {
    const inner = { names: [...chain.names, name], sources: [...chain.sources, identity] };
    dependencies = await resolveAll(nested, where, state, inner, depth + 1);
  }
  const stored: ProfileTree = new Map(
    [...profileParts(profile)].filter(([path]) => path !== 'inspec.lock' && !path.startsWith('vendor/')),
  );
  const key = fetched.key ?? treeDigest(stored);
  state.add(key, stored);
  state.context.logger?.info(`Vendored the dependency ${name} from ${fetched.shown} (sha256 ${key.slice(0, 12)}).`);
  const version = dep['version'];
  return {
    name,
    resolved_source: { ...fetched.source, sha256: key },
    version_constraints: Array.isArray(version) ? version.map(String) : version === undefined ? [] : [String(version)],
    ...(dependencies.length > 0 ? { dependencies } : {}),
  };
}

/** Fetches one `depends:` entry by its source key; refuses the kinds a pod would have to fetch from a service. */
async function fetchDependency(
  dep: Record<string, unknown>,
  home: ProfileHome,
  context: FetchContext,
): Promise<Fetched> {
  for (const key of ['supermarket', 'compliance', 'gem'] as const) {
    if (dep[key] !== undefined) {
      throw refused(`comes from ${key}: ${String(dep[key])}, which only a network service can resolve`);
    }
  }
  if (typeof dep['url'] === 'string') return fetchUrl(dep, dep['url'], home, context);
  if (typeof dep['git'] === 'string') return fetchGit(dep['git'], gitRef(dep), dep['relative_path'], home, context);
  if (typeof dep['path'] === 'string') return fetchPath(dep['path'], home);
  throw refused('has no url:, git: or path: (a bare name means the Chef Supermarket)');
}

function refused(problem: string): KcsError {
  return new KcsError('KCS-PROF-009', problem, {
    hint: 'Give each dependency as url: (an archive) or git: (a repository, with a ref), or vendor them yourself with `cinc-auditor vendor` and ship inspec.lock and vendor/ with the profile.',
    category: 'input',
  });
}

function gitRef(dep: Record<string, unknown>): string | undefined {
  for (const key of ['ref', 'branch', 'tag']) {
    const value = dep[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

async function fetchUrl(
  dep: Record<string, unknown>,
  text: string,
  home: ProfileHome,
  context: FetchContext,
): Promise<Fetched> {
  let source;
  try {
    source = remoteProfileSource(text);
  } catch (error) {
    throw refused(error instanceof Error ? error.message.replace(/^profile: /, 'url: ') : String(error));
  }
  if (source.kind === 'git') return fetchGit(source.url, source.ref, undefined, home, context);
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw refused(`has the url ${url.protocol} (only https: and http:)`);
  const shown = redactUrl(text, { query: true });
  const username = typeof dep['username'] === 'string' ? dep['username'] : undefined;
  const password = typeof dep['password'] === 'string' ? dep['password'] : '';
  const { bytes } = await download(text, {
    env: context.env,
    ...(context.signal ? { signal: context.signal } : {}),
    auth: {
      ...(context.token && context.tokenOrigin ? { token: context.token, tokenOrigin: context.tokenOrigin } : {}),
      ...(username ? { basic: { username, password } } : {}),
    },
  });
  const archive = readArchive(bytes, shown);
  return {
    tree: archive,
    home: { kind: 'remote', archive, base: '', what: shown },
    // What the lock shows, without credentials or query; InSpec never fetches it (the sha256 is in its cache).
    source: { url: `${url.origin}${url.pathname}` },
    key: createHash('sha256').update(bytes).digest('hex'),
    shown,
  };
}

async function fetchGit(
  remote: string,
  ref: string | undefined,
  relativePath: unknown,
  home: ProfileHome,
  context: FetchContext,
): Promise<Fetched> {
  const local = !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(remote) && !/^[\w.-]+@[\w.-]+:/.test(remote);
  if (home.kind === 'remote' && (local || remote.startsWith('file:'))) {
    throw refused(`names the local git repository ${remote}; a fetched profile may only depend on remote ones`);
  }
  const url = local && home.kind === 'local' && !isAbsolute(remote) ? resolve(home.dir, remote) : remote;
  const shown = redactUrl(url, { query: true });
  const { tree, commit } = await gitFetch(url, ref, {
    env: context.env,
    ...(context.signal ? { signal: context.signal } : {}),
    ...(context.token && context.tokenOrigin ? { token: context.token, tokenOrigin: context.tokenOrigin } : {}),
    ...(context.git ? { git: context.git } : {}),
    allowLocal: home.kind === 'local',
  });
  const sub = typeof relativePath === 'string' && relativePath !== '' ? safePath(relativePath, shown) : '';
  const profile = subtree(tree, sub);
  const what = `${shown}${sub ? ` (${sub})` : ''} at ${commit.slice(0, 12)}`;
  return {
    tree: profile,
    home: { kind: 'remote', archive: tree, base: sub, what },
    source: { git: withoutUserinfo(url), ref: commit, ...(sub ? { relative_path: sub } : {}) },
    shown: what,
  };
}

function fetchPath(path: string, home: ProfileHome): Fetched {
  if (home.kind === 'local') {
    const dir = resolve(home.dir, path);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw refused(`names the path ${path}, which is not a profile folder here (${dir}; archives are not supported)`);
    }
    return { tree: treeFromDirectory(dir), home: { kind: 'local', dir }, source: { path }, shown: dir };
  }
  // Inside a fetched archive: relative to the profile's place in it, and never out of it.
  const joined = home.base ? `${home.base}/${path}` : path;
  const normal = normalise(joined);
  if (normal === undefined) throw refused(`names the path ${path}, which leaves ${home.what}`);
  const tree = subtree(home.archive, normal);
  if (tree.size === 0) throw refused(`names the path ${path}, which is not in ${home.what}`);
  return { tree, home: { ...home, base: normal }, source: { path }, shown: `${home.what}, ${path}` };
}

/** `a/b/../c` → `a/c`; undefined when `..` climbs out of the root. */
function normalise(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

// ----- metadata and existing locks ---------------------------------------------------------------------------------

function readMetadata(tree: ProfileTree, what: string): Record<string, unknown> {
  const text = tree.get('inspec.yml')?.toString('utf8');
  if (text === undefined) {
    throw new KcsError('KCS-PROF-007', `The profile ${what} has no inspec.yml.`, { category: 'input' });
  }
  let parsed: unknown;
  try {
    parsed = load(text);
  } catch (cause) {
    throw new KcsError(
      'KCS-PROF-011',
      `The inspec.yml of the profile ${what} is not valid YAML: ${(cause as Error).message.split('\n')[0] ?? ''}.`,
      { category: 'input', cause },
    );
  }
  if (!isRecord(parsed)) {
    throw new KcsError('KCS-PROF-011', `The inspec.yml of the profile ${what} is not a YAML mapping.`, {
      category: 'input',
    });
  }
  return parsed;
}

function dependsOf(metadata: Record<string, unknown>, what: string): Record<string, unknown>[] {
  const depends = metadata['depends'];
  if (depends === undefined || depends === null) return [];
  if (!Array.isArray(depends) || !depends.every(isRecord)) {
    throw new KcsError('KCS-PROF-011', `The depends: of the profile ${what} is not a list of mappings.`, {
      category: 'input',
    });
  }
  return depends;
}

const profileName = (metadata: Record<string, unknown>): string =>
  typeof metadata['name'] === 'string' ? metadata['name'] : '(unnamed)';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The cache keys an inspec.lock names (sha256, else ref, as InSpec's cached fetcher), depth first. */
function lockKeys(entries: unknown): string[] | undefined {
  if (!Array.isArray(entries)) return undefined;
  const keys: string[] = [];
  for (const entry of entries) {
    if (!isRecord(entry) || !isRecord(entry['resolved_source'])) return undefined;
    const source = entry['resolved_source'];
    const key = source['sha256'] ?? source['ref'];
    if (typeof key !== 'string' || key === '') return undefined;
    keys.push(key);
    if (entry['dependencies'] !== undefined) {
      const nested = lockKeys(entry['dependencies']);
      if (!nested) return undefined;
      keys.push(...nested);
    }
  }
  return keys;
}

function readLock(tree: ProfileTree): Record<string, unknown> | undefined {
  const text = tree.get('inspec.lock')?.toString('utf8');
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = load(text);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** An inspec.lock whose every entry is in vendor/ (a folder or an archive, as InSpec's cache accepts). */
function isVendored(tree: ProfileTree): boolean {
  const keys = lockKeys(readLock(tree)?.['depends']);
  if (!keys || keys.length === 0) return false;
  return keys.every(
    (key) => tree.has(`vendor/${key}/inspec.yml`) || tree.has(`vendor/${key}.tar.gz`) || tree.has(`vendor/${key}.zip`),
  );
}

/** A dependency that ships its own vendored dependencies: its lock entries nest under ours, its vendor/ joins ours. */
function hoistVendored(tree: ProfileTree, state: Vendoring): LockEntry[] {
  for (const [path, content] of tree) {
    if (path.startsWith('vendor/')) state.vendor.set(path.slice('vendor/'.length), content);
  }
  const depends = readLock(tree)?.['depends'];
  return (Array.isArray(depends) ? depends : []) as LockEntry[];
}

/** A URL without its user part, for the lock (a scp-like `git@host:path` stays as it is). */
function withoutUserinfo(text: string): string {
  try {
    const url = new URL(text);
    if (!url.username && !url.password) return text;
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return text;
  }
}

function describeHome(home: ProfileHome): string {
  return home.kind === 'local' ? home.dir : home.what;
}

function dependencyError(names: string[], problem: string, code: string, cause?: unknown): KcsError {
  const path = names.join(' → ');
  const hint =
    cause instanceof KcsError && cause.hint
      ? cause.hint
      : 'Fix the depends: of the profile; the scan was stopped before anything was created in the cluster.';
  return new KcsError(code, `The profile dependency ${path} cannot be vendored: ${problem}`, {
    hint,
    category: cause instanceof KcsError ? cause.category : 'input',
    ...(cause === undefined ? {} : { cause }),
  });
}
