import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/** The TLS side of a connection to the API server: the cluster's CA and name, the user's client certificate. */
export interface TlsMaterial {
  ca?: Buffer | string;
  cert?: Buffer | string;
  key?: Buffer | string;
  servername?: string;
  /** false with `insecure-skip-tls-verify: true`; left out otherwise, so Node's default (verify) applies. */
  rejectUnauthorized?: boolean;
}

/** Where an agent connects to and through what. */
export interface AgentTarget {
  /** The API server's URL (`https://host:port`); `http:` only with `insecure-skip-tls-verify`. */
  server: string;
  /**
   * A proxy to tunnel through: `http://`, `https://` (HTTP CONNECT) or `socks5://`, `socks5h://`: the kubeconfig's
   * `proxy-url`, else HTTPS_PROXY/HTTP_PROXY unless NO_PROXY exempts the server (see proxy-env.ts).
   */
  proxyUrl?: string;
  /** Where proxyUrl was set (`proxy-url`, `HTTPS_PROXY`…), for messages; `proxy-url` when absent. */
  proxySource?: string;
  tls: TlsMaterial;
}

/**
 * Keep-alive for every request of a scan on a few sockets. A watch and a followed log each hold one socket while they
 * run; short requests share the rest. Idle sockets close after 30 s, below the idle timeouts of the API server (90 s)
 * and of cloud load balancers (AWS ELB: 60 s), so a request rarely meets a socket the other end already closed (and
 * when it does, KubeHttp sends it again on a fresh one). The cap is a safety net, not a limit a scan reaches: it
 * leaves room for the two long-running streams and any number of short requests (they queue, never deadlock).
 */
const POOL: http.AgentOptions = {
  keepAlive: true,
  keepAliveMsecs: 30_000,
  maxSockets: 6,
  maxFreeSockets: 4,
  timeout: 30_000,
  scheduling: 'lifo',
};

/** How long opening a tunnel through a proxy may take when the request sets no timeout of its own. */
const TUNNEL_TIMEOUT_MS = 30_000;

/**
 * The one agent a connection's requests, watches and log streams share (one per client identity: an exec plugin that
 * hands out a new certificate gets a new agent). The TLS material lives in the agent's options, which Node merges over
 * every request's, so each pooled socket was opened with the same CA, client certificate and server name.
 */
export function createAgent(target: AgentTarget): http.Agent {
  const secure = target.server.startsWith('https:');
  const proxy = target.proxyUrl ? parseProxyUrl(target.proxyUrl, target.proxySource ?? 'proxy-url') : undefined;
  const options = { ...POOL, ...definedOnly(target.tls) };
  if (!proxy) return secure ? new https.Agent(options) : new http.Agent(POOL);
  return secure ? new TunnelHttpsAgent(proxy, options) : new TunnelHttpAgent(proxy, POOL);
}

function definedOnly(material: TlsMaterial): TlsMaterial {
  return Object.fromEntries(Object.entries(material).filter(([, value]) => value !== undefined)) as TlsMaterial;
}

function parseProxyUrl(proxyUrl: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    throw new Error(`${source} is not a URL (expected http://host:port, https://host:port or socks5://host:port)`);
  }
  if (!['http:', 'https:', 'socks5:', 'socks5h:'].includes(url.protocol)) {
    throw new Error(`${source} scheme ${url.protocol} is not supported (use http, https, socks5 or socks5h)`);
  }
  return url;
}

type Callback = (error: Error | null, stream: Duplex) => void;

/** TLS to the API server inside a tunnel through the proxy; each pooled socket is one tunnel. */
class TunnelHttpsAgent extends https.Agent {
  constructor(
    private readonly proxy: URL,
    options: https.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: https.RequestOptions, callback?: Callback): Duplex | null | undefined {
    openTunnel(this.proxy, options).then(
      (socket) => {
        const secure = tls.connect({ ...(options as tls.ConnectionOptions), socket });
        callback?.(null, secure);
      },
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

/** Plain HTTP to the API server (`insecure-skip-tls-verify`) inside a tunnel. */
class TunnelHttpAgent extends http.Agent {
  constructor(
    private readonly proxy: URL,
    options: http.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: http.ClientRequestArgs, callback?: Callback): Duplex | null | undefined {
    openTunnel(this.proxy, options).then(
      (socket) => callback?.(null, socket),
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

/** A TCP stream to the request's host and port through the proxy. */
function openTunnel(proxy: URL, options: http.ClientRequestArgs): Promise<net.Socket> {
  const host = (options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
  const port = Number(options.port ?? 443);
  const timeoutMs = options.timeout || TUNNEL_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.destroy();
      reject(new Error(`the proxy ${proxy.host} did not open a tunnel within ${timeoutMs} ms`));
    }, timeoutMs);
    let settled = false;
    const done: Done = (error, socket) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Until TLS or the HTTP client takes the socket over (a microtask later), an error must not crash the process;
      // they add their own listeners and see every later error.
      socket?.on('error', () => undefined);
      if (socket) resolve(socket);
      else reject(error ?? new Error(`the proxy ${proxy.host} opened no tunnel`));
    };
    const pending = proxy.protocol.startsWith('socks5')
      ? socks5Connect(proxy, host, port, done)
      : httpConnect(proxy, host, port, done);
  });
}

type Done = (error: Error | undefined, socket?: net.Socket) => void;

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'Proxy-Authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** HTTP CONNECT (RFC 9110 §9.3.6), to an `http://` proxy or, over TLS, an `https://` one. */
function httpConnect(proxy: URL, host: string, port: number, done: Done): http.ClientRequest {
  const authority = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
  const request = (proxy.protocol === 'https:' ? https : http).request({
    host: proxy.hostname.replace(/^\[|\]$/g, ''),
    port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
    method: 'CONNECT',
    path: authority,
    headers: { Host: authority, ...proxyAuthorization(proxy) },
    agent: false,
  });
  request.on('error', (error) => done(error));
  request.on('connect', (response: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    if (response.statusCode !== 200) {
      socket.destroy();
      done(new Error(`the proxy ${proxy.host} refused CONNECT ${authority}: HTTP ${response.statusCode ?? 0}`));
      return;
    }
    if (head.length > 0) socket.unshift(head);
    done(undefined, socket);
  });
  request.end();
  return request;
}

/** SOCKS5 (RFC 1928) CONNECT, with username/password authentication (RFC 1929) when the URL carries them. */
function socks5Connect(proxy: URL, host: string, port: number, done: Done): net.Socket {
  const socket = net.connect(Number(proxy.port || 1080), proxy.hostname.replace(/^\[|\]$/g, ''));
  const user = Buffer.from(decodeURIComponent(proxy.username));
  const password = Buffer.from(decodeURIComponent(proxy.password));
  const fail = (message: string) => {
    socket.destroy();
    socket.off('data', onData);
    done(new Error(`SOCKS5 proxy ${proxy.host}: ${message}`));
  };
  let stage: 'method' | 'auth' | 'connect' = 'method';
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    if (stage === 'method') {
      if (buffered.length < 2) return;
      const method = buffered[1];
      buffered = buffered.subarray(2);
      if (method === 2 && user.length > 0) {
        stage = 'auth';
        socket.write(Buffer.concat([Buffer.from([1, user.length]), user, Buffer.from([password.length]), password]));
      } else if (method === 0) {
        stage = 'connect';
        socket.write(socksConnectRequest(host, port));
      } else fail('no acceptable authentication method');
    } else if (stage === 'auth') {
      if (buffered.length < 2) return;
      if (buffered[1] !== 0) return fail('username or password refused');
      buffered = buffered.subarray(2);
      stage = 'connect';
      socket.write(socksConnectRequest(host, port));
    } else {
      const length = socksReplyLength(buffered);
      if (length === undefined) return;
      if (buffered[1] !== 0) return fail(`CONNECT ${host}:${port} refused (reply ${buffered[1] ?? '?'})`);
      socket.off('data', onData);
      if (buffered.length > length) socket.unshift(buffered.subarray(length));
      done(undefined, socket);
    }
  };
  socket.on('error', (error) => fail(error.message));
  socket.on('connect', () => socket.write(Buffer.from(user.length > 0 ? [5, 2, 0, 2] : [5, 1, 0])));
  socket.on('data', onData);
  return socket;
}

function socksConnectRequest(host: string, port: number): Buffer {
  const portBytes = Buffer.from([port >> 8, port & 0xff]);
  if (net.isIPv4(host)) return Buffer.concat([Buffer.from([5, 1, 0, 1, ...host.split('.').map(Number)]), portBytes]);
  if (net.isIPv6(host)) return Buffer.concat([Buffer.from([5, 1, 0, 4]), ipv6Bytes(host), portBytes]);
  // A name goes to the proxy as a name, for socks5 and socks5h alike: the proxy resolves it (as kubectl does).
  const name = Buffer.from(host);
  return Buffer.concat([Buffer.from([5, 1, 0, 3, name.length]), name, portBytes]);
}

/** The length of a complete CONNECT reply at the start of `data`, or undefined while it is incomplete. */
function socksReplyLength(data: Buffer): number | undefined {
  if (data.length < 5) return undefined;
  const type = data[3];
  const address = type === 1 ? 4 : type === 4 ? 16 : type === 3 ? 1 + (data[4] ?? 0) : 0;
  const length = 4 + address + 2;
  return data.length >= length ? length : undefined;
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail] = address.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const zeros = tail === undefined ? 0 : 8 - groups(head).length - groups(tail).length;
  const all = [...groups(head), ...Array<string>(zeros).fill('0'), ...groups(tail)];
  return Buffer.from(all.flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff]));
}
