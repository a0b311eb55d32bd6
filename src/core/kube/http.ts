import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import { redactUrl } from '../redact.js';

/** The parts of a Kubernetes `Status` object the error messages use. */
export interface KubeStatus {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: { message?: string; field?: string }[] };
}

/** A request that reached the API server and was answered with an error status. */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly body: KubeStatus | undefined,
    readonly retryAfterSeconds: number | undefined,
    readonly attempts: number,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'KubeApiError';
  }
}

/** A request that never got an HTTP answer (connection refused, DNS, TLS, reset, timeout). */
export class KubeNetworkError extends Error {
  /** The server's URL without any credentials, for messages. */
  readonly server: string;

  constructor(
    server: string,
    readonly method: string,
    readonly path: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message || cause.name : String(cause), { cause });
    this.name = 'KubeNetworkError';
    this.server = redactUrl(server);
  }
}

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is cut to it, so a misbehaving server cannot stall a job for hours. */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 4000, maxRetryAfterSeconds: 30 };

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** Retries of a network error are safe only when repeating the request cannot do anything twice. */
  idempotent?: boolean;
  timeoutMs?: number;
  /** Return the body as text instead of parsing it as JSON (container logs). */
  text?: boolean;
}

export interface StreamOptions {
  /** Destroy the request when its connection is silent this long. */
  idleTimeoutMs?: number;
}

type Prepared = Pick<
  https.RequestOptions,
  'agent' | 'headers' | 'ca' | 'cert' | 'key' | 'rejectUnauthorized' | 'servername' | 'auth'
>;

/**
 * A small JSON client for the API server. It takes TLS material, proxies and credentials (tokens, exec plugins, client
 * certificates) from client-node's KubeConfig, and adds what client-node lacks: retries of 429 (honouring Retry-After)
 * and 5xx with bounded backoff, a parsed Status on every error, and raw streams whose errors we handle ourselves.
 */
export class KubeHttp {
  private readonly agents = new Set<http.Agent>();

  constructor(
    private readonly kubeConfig: KubeConfig,
    readonly server: string,
    readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const idempotent = options.idempotent ?? (method === 'GET' || method === 'DELETE');
    for (let attempt = 1; ; attempt += 1) {
      let delayMs: number;
      try {
        const response = await this.send(method, path, options);
        const text = response.body;
        if (response.status >= 200 && response.status < 300) {
          if (options.text) return text as T;
          return (text ? JSON.parse(text) : {}) as T;
        }
        const error = new KubeApiError(
          response.status,
          method,
          path,
          parseStatus(text),
          retryAfter(response.headers),
          attempt,
        );
        if (!retryable(error.status) || attempt >= this.retry.attempts) throw error;
        delayMs = this.delay(attempt, error.retryAfterSeconds);
      } catch (error) {
        if (!(error instanceof KubeNetworkError) || !idempotent || attempt >= this.retry.attempts) throw error;
        if (options.signal?.aborted) throw error;
        delayMs = this.delay(attempt, undefined);
      }
      await sleep(delayMs, options.signal);
    }
  }

  /**
   * Opens a long-running GET (a watch or a followed log). The caller owns the response and must destroy it. With
   * `idleTimeoutMs`, a connection that delivers nothing for that long (before or after the headers) is destroyed with
   * an error, so a half-open connection ends like a dropped one instead of hanging until the scan's timeout.
   */
  async stream(
    path: string,
    query: Query,
    signal?: AbortSignal,
    options: StreamOptions = {},
  ): Promise<IncomingMessage> {
    const prepared = await this.prepare();
    const url = this.url(path, query);
    const { idleTimeoutMs } = options;
    return new Promise((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        ...prepared,
        method: 'GET',
        headers: { ...prepared.headers, Accept: 'application/json, */*', 'User-Agent': 'kube-cinc-scan' },
        ...(idleTimeoutMs !== undefined ? { timeout: idleTimeoutMs } : {}),
        ...(signal ? { signal } : {}),
      });
      let streaming: IncomingMessage | undefined;
      if (idleTimeoutMs !== undefined) {
        // A socket timeout: it restarts with every byte received, so a busy stream never trips it. Once the stream is
        // the caller's, the error goes to the response, where the caller reads it.
        request.on('timeout', () => {
          const error = new Error(`no data for ${idleTimeoutMs} ms, the connection is presumed dead`);
          if (streaming) streaming.destroy(error);
          else request.destroy(error);
        });
      }
      request.on('error', (cause) => reject(new KubeNetworkError(this.server, 'GET', path, cause)));
      request.on('response', (response) => {
        if (response.statusCode === 200) {
          streaming = response;
          resolve(response);
          return;
        }
        readBody(response)
          .then((text) =>
            reject(
              new KubeApiError(
                response.statusCode ?? 0,
                'GET',
                path,
                parseStatus(text),
                retryAfter(response.headers),
                1,
              ),
            ),
          )
          .catch((cause: unknown) => reject(new KubeNetworkError(this.server, 'GET', path, cause)));
      });
      request.end();
    });
  }

  close(): void {
    for (const agent of this.agents) agent.destroy();
    this.agents.clear();
  }

  private delay(attempt: number, retryAfterSeconds: number | undefined): number {
    if (retryAfterSeconds !== undefined) return Math.min(retryAfterSeconds, this.retry.maxRetryAfterSeconds) * 1000;
    const exponential = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    // Jitter keeps ten parallel jobs from retrying in lockstep against an overloaded server.
    return exponential / 2 + Math.random() * (exponential / 2);
  }

  private url(path: string, query: Query = {}): URL {
    const url = new URL(this.server.replace(/\/+$/, '') + path);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  private async prepare(): Promise<Prepared> {
    const options: https.RequestOptions = {};
    // Fills in the agent (TLS or proxy), client certificate, CA and the Authorization header (exec plugins included).
    await this.kubeConfig.applyToHTTPSOptions(options);
    if (options.agent instanceof http.Agent) this.agents.add(options.agent);
    const { agent, headers, ca, cert, key, rejectUnauthorized, servername, auth } = options;
    return { agent, headers, ca, cert, key, rejectUnauthorized, servername, auth };
  }

  private async send(
    method: string,
    path: string,
    options: RequestOptions,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    const prepared = await this.prepare();
    const url = this.url(path, options.query);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        ...prepared,
        method,
        headers: {
          ...prepared.headers,
          // Container logs are text/plain; asking for JSON only could be answered 406.
          Accept: options.text ? 'text/plain, */*' : 'application/json',
          'User-Agent': 'kube-cinc-scan',
          ...(payload === undefined ? {} : { 'Content-Type': options.contentType ?? 'application/json' }),
        },
        timeout: options.timeoutMs ?? 30_000,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs ?? 30_000} ms`)));
      request.on('error', (cause) => reject(new KubeNetworkError(this.server, method, path, cause)));
      request.on('response', (response) => {
        readBody(response)
          .then((body) => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
          .catch((cause: unknown) => reject(new KubeNetworkError(this.server, method, path, cause)));
      });
      request.end(payload);
    });
  }
}

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

function retryAfter(headers: http.IncomingHttpHeaders): number | undefined {
  const value = headers['retry-after'];
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function parseStatus(text: string): KubeStatus | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as KubeStatus) : undefined;
  } catch {
    return text.trim() ? { message: text.trim().slice(0, 500) } : undefined;
  }
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
    response.on('aborted', () => reject(new Error('response aborted')));
  });
}

/** Waits, unless the signal fires first (then rejects with its reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
