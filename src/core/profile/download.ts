import http from 'node:http';
import https from 'node:https';
import { KcsError } from '../errors.js';
import { createAgent } from '../kube/agent.js';
import { proxyFromEnvironment } from '../proxy-env.js';
import { redactUrl } from '../redact.js';
import { isLoopbackHost } from '../profile-source.js';

/** Where a download may send a credential, and with what. */
export interface DownloadAuth {
  /** Sent as `Authorization: Bearer` to this origin only (`https://host:port`), never after a redirect elsewhere. */
  token?: string;
  tokenOrigin?: string;
  /** Basic credentials (an InSpec `url:` dependency's username and password), for the URL's own origin only. */
  basic?: { username: string; password: string };
}

export interface DownloadOptions {
  auth?: DownloadAuth;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Largest download accepted. */
  maxBytes?: number;
  /** A connection silent this long is given up. */
  idleTimeoutMs?: number;
}

export interface Downloaded {
  bytes: Buffer;
  /** The URL the bytes came from, after redirects. */
  url: string;
}

export const MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;
const MAX_REDIRECTS = 5;

/**
 * GETs a profile archive on the runner: through HTTPS_PROXY/HTTP_PROXY as kubectl would (NO_PROXY honoured), following
 * up to 5 redirects (never from https to plain http), with the token only for its own origin. Messages name the URL
 * without credentials or query.
 */
export async function download(url: string, options: DownloadOptions): Promise<Downloaded> {
  let current = new URL(url);
  for (let redirects = 0; ; redirects += 1) {
    const response = await get(current, options);
    if (response.location === undefined) return { bytes: response.bytes, url: current.toString() };
    if (redirects >= MAX_REDIRECTS) throw fetchFailed(url, `more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(response.location, current);
    if (next.protocol !== 'https:' && next.protocol !== 'http:')
      throw fetchFailed(url, `a redirect to ${next.protocol}`);
    if (current.protocol === 'https:' && next.protocol === 'http:' && !isLoopbackHost(next.hostname)) {
      throw fetchFailed(url, `a redirect from https to plain http (${redactUrl(next.toString(), { query: true })})`);
    }
    current = next;
  }
}

interface Answer {
  bytes: Buffer;
  location?: string;
}

function get(url: URL, options: DownloadOptions): Promise<Answer> {
  const proxy = proxyFromEnvironment(url.toString(), options.env);
  const agent = createAgent({
    server: url.origin,
    ...(proxy ? { proxyUrl: proxy.url, proxySource: proxy.variable } : {}),
    tls: {},
  });
  const maxBytes = options.maxBytes ?? MAX_DOWNLOAD_BYTES;
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const shown = redactUrl(url.toString(), { query: true });
  return new Promise<Answer>((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'GET',
      agent,
      headers: { ...authHeaders(url, options.auth), 'User-Agent': 'kube-cinc-scan', Accept: '*/*' },
      timeout: idleTimeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    request.on('timeout', () => request.destroy(new Error(`no data for ${idleTimeoutMs / 1000} s`)));
    request.on('error', (cause) => reject(fetchFailed(url.toString(), cause.message, cause)));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        resolve({ bytes: Buffer.alloc(0), location: response.headers.location });
        return;
      }
      if (status !== 200) {
        response.resume();
        reject(httpError(shown, status, options.auth));
        return;
      }
      const declared = Number(response.headers['content-length'] ?? '0');
      if (declared > maxBytes) {
        response.destroy();
        reject(tooLarge(shown, maxBytes));
        return;
      }
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) {
          response.destroy();
          reject(tooLarge(shown, maxBytes));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ bytes: Buffer.concat(chunks) }));
      response.on('error', (cause) => reject(fetchFailed(url.toString(), cause.message, cause)));
    });
    request.end();
  }).finally(() => agent.destroy());
}

/** The token for its origin only; Basic credentials in the URL itself are sent by Node (and dropped on redirect). */
function authHeaders(url: URL, auth: DownloadAuth | undefined): Record<string, string> {
  if (!auth) return {};
  if (auth.token && auth.tokenOrigin === url.origin) return { Authorization: `Bearer ${auth.token}` };
  if (auth.basic && !url.username) {
    const pair = `${auth.basic.username}:${auth.basic.password}`;
    return { Authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
  }
  return {};
}

function httpError(shown: string, status: number, auth: DownloadAuth | undefined): KcsError {
  const hint =
    status === 401 || status === 403
      ? auth?.token
        ? 'The server refused the token: check that it is valid, not expired, and may read this repository or package.'
        : 'The URL needs credentials: pass a token in profile-token (CLI: KCS_PROFILE_TOKEN).'
      : status === 404
        ? 'Check the URL (and, for a private repository, the token: some servers answer 404 rather than 403).'
        : 'Try again later, or host the profile elsewhere.';
  return new KcsError('KCS-PROF-003', `Downloading the profile ${shown} failed: HTTP ${status}.`, {
    hint,
    category: status >= 500 ? 'scan' : 'input',
  });
}

function tooLarge(shown: string, maxBytes: number): KcsError {
  return new KcsError(
    'KCS-PROF-005',
    `The profile ${shown} is larger than ${Math.round(maxBytes / (1024 * 1024))} MiB; it was not downloaded.`,
    {
      hint: 'A profile travels to the pod in a ConfigMap (1 MiB): publish only the profile, not a whole repository with its history or assets.',
      category: 'input',
    },
  );
}

function fetchFailed(url: string, reason: string, cause?: unknown): KcsError {
  return new KcsError('KCS-PROF-004', `Downloading the profile ${redactUrl(url, { query: true })} failed: ${reason}.`, {
    hint: 'Check the URL and that this machine reaches it (behind a proxy: HTTPS_PROXY, and NO_PROXY for hosts reached directly).',
    category: 'scan',
    ...(cause === undefined ? {} : { cause }),
  });
}
