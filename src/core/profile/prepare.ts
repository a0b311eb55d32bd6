import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ScanConfig } from '../config.js';
import { ScanError } from '../kube/scan-error.js';
import { collectTree, type TarEntry } from '../kube/tar.js';
import type { Logger } from '../logger.js';
import { httpOrigin } from '../profile-source.js';
import { redactUrl } from '../redact.js';
import { profileRootPrefix, readArchive } from './archive.js';
import { vendorDependencies, type FetchContext, type ProfileHome } from './dependencies.js';
import { download } from './download.js';
import { gitFetch } from './git.js';
import { profileParts, subtree, treeEntries, type ProfileTree } from './tree.js';

/** The profile as it goes into the profile ConfigMap: its files, dependencies vendored. */
export interface PreparedProfile {
  entries: TarEntry[];
  /** Where it came from, without credentials or query (a git profile with the commit it resolved to). */
  description: string;
}

export interface PrepareOptions {
  logger?: Logger;
  signal?: AbortSignal;
  /** HTTPS_PROXY, HTTP_PROXY, NO_PROXY and git's own variables; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** The git binary (tests). */
  git?: string;
}

/**
 * Gets the profile ready on the runner, whatever its kind: a local or shipped folder is read; a URL is downloaded
 * (an archive) or fetched with git, checked (inspec.yml at its root or in its single top folder, limits, no path out of
 * it) and cut to what InSpec reads; in every case the `depends:` that point elsewhere are fetched and vendored. The
 * pod then only unpacks a ConfigMap: it downloads nothing and never sees the token. Throws KCS-PROF-… (or KCS-SCAN-123
 * for a local folder without inspec.yml) before anything is created in the cluster.
 */
export async function prepareProfile(
  config: Pick<ScanConfig, 'profile' | 'profileToken'>,
  options: PrepareOptions = {},
): Promise<PreparedProfile> {
  const profile = config.profile;
  const origin = profile.kind === 'url' || profile.kind === 'git' ? httpOrigin(profile) : undefined;
  const context: FetchContext = {
    env: options.env ?? process.env,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(config.profileToken && origin ? { token: config.profileToken, tokenOrigin: origin.origin } : {}),
    ...(options.git ? { git: options.git } : {}),
  };
  if (profile.kind === 'directory') return localProfile(profile.path, profile.path, context);
  if (profile.kind === 'shipped') return localProfile(profile.path, profile.name, context);
  const fetched =
    profile.kind === 'url' ? await fetchArchive(profile.url, context) : await fetchRepository(profile, context);
  const prefix = profileRootPrefix(fetched.tree, fetched.description);
  const tree = profileParts(subtree(fetched.tree, prefix));
  const home: ProfileHome = { kind: 'remote', archive: fetched.tree, base: prefix, what: fetched.description };
  const vendored = await vendorDependencies(tree, home, context);
  return { entries: treeEntries(vendored ?? tree), description: fetched.description };
}

async function localProfile(path: string, description: string, context: FetchContext): Promise<PreparedProfile> {
  if (!existsSync(join(path, 'inspec.yml'))) {
    throw new ScanError('KCS-SCAN-123', `The profile directory ${path} has no inspec.yml.`, {
      hint: 'Point the profile at the directory that contains inspec.yml, controls/ and libraries/.',
      category: 'input',
    });
  }
  let entries: TarEntry[];
  try {
    entries = collectTree(path);
  } catch (cause) {
    throw new ScanError('KCS-SCAN-123', `Cannot read the profile directory ${path}: ${(cause as Error).message}.`, {
      category: 'input',
      cause,
    });
  }
  const tree: ProfileTree = new Map(entries.flatMap((e) => (e.content ? [[e.path, e.content] as const] : [])));
  const vendored = await vendorDependencies(tree, { kind: 'local', dir: path }, context);
  // Unchanged (folders and all) when there is nothing to vendor, so the same folder packs into the same bytes.
  return { entries: vendored ? treeEntries(vendored) : entries, description };
}

async function fetchArchive(url: string, context: FetchContext): Promise<{ tree: ProfileTree; description: string }> {
  const shown = redactUrl(url, { query: true });
  const { bytes } = await download(url, {
    env: context.env,
    ...(context.signal ? { signal: context.signal } : {}),
    ...(context.token && context.tokenOrigin
      ? { auth: { token: context.token, tokenOrigin: context.tokenOrigin } }
      : {}),
  });
  const tree = readArchive(bytes, shown);
  context.logger?.info(`Downloaded the profile ${shown} (${Math.ceil(bytes.length / 1024)} KiB) on the runner.`);
  return { tree, description: shown };
}

async function fetchRepository(
  profile: { url: string; ref?: string },
  context: FetchContext,
): Promise<{ tree: ProfileTree; description: string }> {
  const shown = redactUrl(profile.url, { query: true });
  const { tree, commit } = await gitFetch(profile.url, profile.ref, {
    env: context.env,
    ...(context.signal ? { signal: context.signal } : {}),
    ...(context.token && context.tokenOrigin ? { token: context.token, tokenOrigin: context.tokenOrigin } : {}),
    ...(context.git ? { git: context.git } : {}),
    allowLocal: true,
  });
  const description = `${shown}${profile.ref ? `#${profile.ref}` : ''} (commit ${commit})`;
  context.logger?.info(`Fetched the profile ${description} with git on the runner.`);
  return { tree, description };
}
