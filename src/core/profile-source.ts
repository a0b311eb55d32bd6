import { isIP } from 'node:net';
import { InputError } from './errors.js';
import { redactUrl } from './redact.js';

/** A profile the runner fetches before the scan: an archive by URL, or a git repository at a ref. */
export type RemoteProfileSource = { kind: 'url'; url: string } | { kind: 'git'; url: string; ref?: string };

/** `user@host:path`, as git and ssh write a remote without a scheme. */
const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!\/\/)[^\s]+$/;
const URL_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;
/** Repository pages of the big forges: `https://github.com/owner/repo`, optionally `/tree/<ref>` or `/commit/<sha>`. */
const FORGE_REPO =
  /^https:\/\/(?:www\.)?(github\.com|gitlab\.com|bitbucket\.org)\/([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:\/(?:tree|commit|-\/tree|branch|commits)\/([\w.-]+))?\/?$/;
const GIT_REF = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,200}$/;

/** Whether `text` names a remote profile (a URL or an scp-like git remote) rather than a path or a shipped name. */
export function isRemoteProfile(text: string): boolean {
  return URL_SCHEME.test(text) || SCP_LIKE.test(text);
}

/**
 * What kind of remote profile `text` is. Git: `git+https://…` (any `git+` scheme), `ssh://`, `git://`, an scp-like
 * `git@host:org/repo.git`, a `file://` or `http(s)://` URL whose path ends in `.git`, or a repository page on GitHub,
 * GitLab or Bitbucket (with `/tree/<ref>`); a ref follows as `#ref`. Anything else on `http(s)://` is an archive
 * (tar.gz or zip, recognised by its content).
 */
export function remoteProfileSource(text: string): RemoteProfileSource {
  const [base = '', fragment] = splitFragment(text);
  if (SCP_LIKE.test(base)) return git(text, base, fragment);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(base)?.[1]?.toLowerCase() ?? '';
  if (scheme.startsWith('git+')) return git(text, base.slice(4), fragment);
  if (scheme === 'ssh' || scheme === 'git') return git(text, base, fragment);
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw invalid(text, 'is not a valid URL');
  }
  if (scheme === 'file') {
    if (/\.git\/?$/.test(url.pathname)) return git(text, base, fragment);
    throw invalid(text, 'is a file:// URL that is not a git repository (….git); give a local profile by its path');
  }
  if (scheme !== 'https' && scheme !== 'http') {
    throw invalid(text, `has the scheme ${scheme}://, which is not supported`);
  }
  if (/\.git\/?$/.test(url.pathname)) return git(text, base, fragment);
  const forge = FORGE_REPO.exec(`${url.origin}${url.pathname}`);
  if (forge && url.search === '' && forge[1] && forge[2] && forge[3]) {
    const repo = `${url.protocol}//${credentialsOf(url)}${forge[1]}/${forge[2]}/${forge[3]}.git`;
    return git(text, repo, fragment ?? forge[4]);
  }
  return { kind: 'url', url: text };
}

function git(text: string, url: string, ref: string | undefined): RemoteProfileSource {
  if (url.startsWith('-')) throw invalid(text, 'starts with "-"');
  if (ref === undefined || ref === '') return { kind: 'git', url };
  if (!GIT_REF.test(ref)) {
    throw invalid(text, `names the ref ${JSON.stringify(ref)}, which is not a branch, tag or commit name`);
  }
  return { kind: 'git', url, ref };
}

function splitFragment(text: string): [string, string | undefined] {
  const hash = text.indexOf('#');
  return hash < 0 ? [text, undefined] : [text.slice(0, hash), decodeURIComponent(text.slice(hash + 1))];
}

function credentialsOf(url: URL): string {
  if (!url.username && !url.password) return '';
  return `${url.username}${url.password ? `:${url.password}` : ''}@`;
}

function invalid(text: string, problem: string): InputError {
  return new InputError(
    'KCS-CFG-006',
    `profile: ${JSON.stringify(redactUrl(text, { query: true }))} ${problem}; use an https:// URL of a .tar.gz, .tgz or .zip archive, a git repository (https://…/repo.git#ref, git@host:org/repo.git, git+https://…), a local profile directory or a shipped profile name`,
  );
}

/** Loopback hosts, where a credential over plain http never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** The URL a fetch of this source talks to, for origin comparisons; undefined for ssh and scp-like remotes. */
export function httpOrigin(source: RemoteProfileSource): URL | undefined {
  try {
    const url = new URL(source.url);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
