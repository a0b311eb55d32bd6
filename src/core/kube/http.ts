import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { redactUrl } from '../redact.js';
import { createAgent } from './agent.js';
import type { Credentials, KubeAccess } from './kubeconfig.js';

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
    /**
     * The request went out on a kept-alive socket that turned out closed (the server or a load balancer dropped it
     * while idle) before any answer: the server never saw it, so sending it again is safe, even a POST.
     */
    readonly staleSocket = false,
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
  /** The Accept header, when not the default (e.g. metadata only: PARTIAL_METADATA). */
  accept?: string;
  /** The caller needs no answer but success: a successful response's body is read and dropped (an error's is kept). */
  discardBody?: boolean;
}

/**
 * Asks for an object's metadata alone (a PartialObjectMetadata), as `kubectl get` does for tables; a server that
 * cannot answer so sends the whole object, which has the same metadata.
 */
export const PARTIAL_METADATA = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1, application/json';

export interface StreamOptions {
  /** Destroy the request when its connection is silent this long. */
  idleTimeoutMs?: number;
}

interface Prepared {
  agent: http.Agent;
  headers: Record<string, string>;
  auth?: string;
}

/** Errors of a request written to a kept-alive socket the other end had already closed. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * A small JSON client for the API server. It takes TLS material, proxies and credentials (tokens, exec plugins, client
 * certificates) from the kubeconfig, and adds what client-node lacks: retries of 429 (honouring Retry-After) and 5xx
 * with bounded backoff, a parsed Status on every error, and raw streams whose errors we handle ourselves.
 *
 * Every request, watch and log stream of a connection goes through one keep-alive agent (see agent.ts), so a scan
 * opens a few TLS connections instead of one per request. A stream the caller destroys takes its socket with it (an
 * unfinished response can never be reused); close() destroys the agent and every socket, so the process can exit.
 */
export class KubeHttp {
  readonly server: string;
  /** By client identity: the kubeconfig's ("") or a certificate an exec plugin handed out. */
  private readonly agents = new Map<string, http.Agent>();
  private closed = false;

  constructor(
    private readonly access: KubeAccess,
    readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.server = access.server;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const idempotent = options.idempotent ?? (method === 'GET' || method === 'DELETE');
    for (let attempt = 1; ; attempt += 1) {
      let delayMs: number;
      try {
        const response = await this.send(method, path, options);
        const text = response.body;
        if (response.status >= 200 && response.status < 300) {
          if (options.text) return text as T;
          if (options.discardBody) return {} as T;
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
        if (!(error instanceof KubeNetworkError) || attempt >= this.retry.attempts) throw error;
        if (options.signal?.aborted || !(idempotent || error.staleSocket)) throw error;
        // A stale socket is gone from the pool now: go again at once, on a fresh connection.
        delayMs = error.staleSocket ? 0 : this.delay(attempt, undefined);
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
        // 0 clears the pool's idle-socket timeout: a quiet watch is not a dead one unless the caller says so.
        timeout: idleTimeoutMs ?? 0,
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

  /** Destroys every socket, idle or in use: open watches and log streams end with an error their readers expect. */
  close(): void {
    this.closed = true;
    for (const agent of this.agents.values()) agent.destroy();
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
    const credentials = await this.access.credentials();
    const prepared: Prepared = { agent: this.agent(credentials), headers: credentials.headers };
    if (credentials.auth !== undefined) prepared.auth = credentials.auth;
    return prepared;
  }

  private agent(credentials: Credentials): http.Agent {
    if (this.closed) throw new Error('the connection to the API server is closed');
    const identity = credentials.cert || credentials.key ? `${credentials.cert ?? ''}\n${credentials.key ?? ''}` : '';
    let agent = this.agents.get(identity);
    if (!agent) {
      const target = this.access.target();
      if (credentials.cert) target.tls.cert = credentials.cert;
      if (credentials.key) target.tls.key = credentials.key;
      agent = createAgent(target);
      this.agents.set(identity, agent);
    }
    return agent;
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
          Accept: options.accept ?? (options.text ? 'text/plain, */*' : 'application/json'),
          'User-Agent': 'kube-cinc-scan',
          // An explicit length: Node sends a DELETE's body without one, which would corrupt a kept-alive connection.
          ...(payload === undefined
            ? {}
            : {
                'Content-Type': options.contentType ?? 'application/json',
                'Content-Length': String(Buffer.byteLength(payload)),
              }),
        },
        timeout: options.timeoutMs ?? 30_000,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      let answered = false;
      request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs ?? 30_000} ms`)));
      request.on('error', (cause) => {
        const code = (cause as NodeJS.ErrnoException).code ?? '';
        const stale = request.reusedSocket && !answered && STALE_SOCKET_CODES.has(code);
        reject(new KubeNetworkError(this.server, method, path, cause, stale));
      });
      request.on('response', (response) => {
        answered = true;
        const wanted = !options.discardBody || (response.statusCode ?? 0) < 200 || (response.statusCode ?? 0) >= 300;
        readBody(response, wanted)
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

function readBody(response: IncomingMessage, wanted = true): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => {
      if (wanted) chunks.push(chunk);
    });
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
