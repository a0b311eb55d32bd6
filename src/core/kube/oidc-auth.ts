import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { User } from '@kubernetes/client-node';
import type { Authenticator } from '@kubernetes/client-node/dist/auth.js';

const TIMEOUT_MS = 30_000;

interface OidcConfig {
  'id-token'?: string;
  'refresh-token'?: string;
  'idp-issuer-url'?: string;
  'client-id'?: string;
  'client-secret'?: string;
  'idp-certificate-authority'?: string;
  'idp-certificate-authority-data'?: string;
}

/**
 * The `oidc` auth-provider, as kubectl's: send the `id-token`; once it has expired, trade the `refresh-token` for a
 * new one at the issuer's token endpoint (found through its discovery document) and keep it for the rest of the run.
 * Written here rather than taken from client-node, whose version pulls its whole generated API into the bundle.
 * Like kubectl, it does not verify the ID token: the API server does. An expired token that cannot be refreshed is
 * still sent, so the server's 401 says what is wrong.
 */
export class OidcAuth implements Authenticator {
  private expiresAt: number | undefined;

  isAuthProvider(user: User): boolean {
    return (user.authProvider as { name?: string } | undefined)?.name === 'oidc';
  }

  async applyAuthentication(user: User, options: { headers?: unknown }): Promise<void> {
    const config = ((user.authProvider as { config?: OidcConfig }).config ??= {});
    if (!config['id-token']) return;
    this.expiresAt ??= jwtExpiry(config['id-token']);
    const expired = this.expiresAt !== undefined && Date.now() / 1000 >= this.expiresAt - 10;
    if (expired && config['refresh-token'] && config['idp-issuer-url'] && config['client-id'])
      await this.refresh(config);
    const headers = (options.headers ??= {}) as Record<string, string>;
    headers['Authorization'] = `Bearer ${config['id-token']}`;
  }

  private async refresh(config: OidcConfig): Promise<void> {
    const issuer = (config['idp-issuer-url'] ?? '').replace(/\/+$/, '');
    const caFile = config['idp-certificate-authority'];
    const caData = config['idp-certificate-authority-data'];
    const ca = caFile ? readFileSync(caFile) : caData ? Buffer.from(caData, 'base64') : undefined;
    const discovery = await call<{ token_endpoint?: string }>(`${issuer}/.well-known/openid-configuration`, ca);
    if (!discovery.token_endpoint) throw new Error(`OIDC issuer ${issuer} names no token_endpoint`);
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: config['refresh-token'] ?? '',
      client_id: config['client-id'] ?? '',
    });
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const secret = config['client-secret'];
    if (secret) {
      const basic = `${encodeURIComponent(config['client-id'] ?? '')}:${encodeURIComponent(secret)}`;
      headers['Authorization'] = `Basic ${Buffer.from(basic).toString('base64')}`;
    }
    const token = await call<{ id_token?: string; refresh_token?: string; expires_in?: number }>(
      discovery.token_endpoint,
      ca,
      { body: form.toString(), headers },
    );
    if (!token.id_token) throw new Error(`OIDC token refresh at ${issuer} returned no id_token`);
    config['id-token'] = token.id_token;
    if (token.refresh_token) config['refresh-token'] = token.refresh_token;
    this.expiresAt =
      jwtExpiry(token.id_token) ?? (token.expires_in ? Date.now() / 1000 + token.expires_in : Number.POSITIVE_INFINITY);
  }
}

/** The `exp` claim of a JWT, in seconds; undefined when the token is not a JWT or has none. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp : undefined;
  } catch {
    return undefined;
  }
}

/** A GET (or, with a body, a form POST) to the issuer that returns JSON. */
function call<T>(
  url: string,
  ca: Buffer | undefined,
  post?: { body: string; headers: Record<string, string> },
): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, {
      method: post ? 'POST' : 'GET',
      headers: { Accept: 'application/json', ...post?.headers },
      timeout: TIMEOUT_MS,
      ...(ca ? { ca } : {}),
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within ${TIMEOUT_MS} ms`)));
    request.on('error', (error) => reject(new Error(`OIDC request to ${url} failed: ${error.message}`)));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = response.statusCode ?? 0;
        // The body of an error may hold the refresh token's echo or an error description: only its `error` code.
        if (status < 200 || status >= 300) {
          const code = /"error"\s*:\s*"([\w.-]{1,64})"/.exec(text)?.[1];
          reject(new Error(`OIDC request to ${url} failed: HTTP ${status}${code ? ` ${code}` : ''}`));
          return;
        }
        try {
          resolve(JSON.parse(text) as T);
        } catch {
          reject(new Error(`OIDC request to ${url} returned no JSON`));
        }
      });
    });
    request.end(post?.body);
  });
}
