// KubeHttp's keep-alive agent against a bare HTTPS server that counts its connections: reuse, streams that end early,
// sockets the server closed while idle, close(), and tunnels through HTTP CONNECT and SOCKS5 proxies.
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentTarget } from '../../src/core/kube/agent.js';
import { KubeHttp, KubeNetworkError } from '../../src/core/kube/http.js';
import type { KubeAccess } from '../../src/core/kube/kubeconfig.js';
import { readLines } from '../../src/core/kube/lines.js';
import { selfSignedCertificate } from '../support/fake-kube/tls.js';
import { FAST_RETRY } from './helpers.js';

const { key, cert } = selfSignedCertificate();

/** Per connection: the requests it carried, in order. */
let connections: string[][] = [];
let open = new Set<net.Socket>();
/** Requests to drop, by the position they arrive at on their connection (0 = first): the socket is destroyed. */
let dropNth: number | undefined;
let server: https.Server;
let url = '';

function handle(req: IncomingMessage, res: ServerResponse): void {
  const served = (req.socket as net.Socket & { served?: string[] }).served ?? [];
  served.push(`${req.method ?? ''} ${req.url ?? ''}`);
  if (dropNth !== undefined && served.length - 1 === dropNth) {
    // A server (or load balancer) that closed the idle connection just as the request went out.
    req.socket.destroy();
    return;
  }
  if (req.url?.startsWith('/stream')) {
    // A watch: an event now and then, never the end.
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"type":"ADDED"}\n');
    const timer = setInterval(() => res.write('{"type":"MODIFIED"}\n'), 20);
    res.on('close', () => clearInterval(timer));
    return;
  }
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ ok: true, path: req.url }));
  });
}

beforeAll(async () => {
  server = https.createServer({ key, cert, keepAliveTimeout: 60_000 }, handle);
  server.on('secureConnection', (socket: net.Socket & { served?: string[] }) => {
    socket.served = [];
    connections.push(socket.served);
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  connections = [];
  open = new Set();
  dropNth = undefined;
});

function access(target: Partial<AgentTarget> = {}): KubeAccess {
  return {
    server: target.server ?? url,
    target: () => ({ server: url, tls: { ca: cert }, ...target }),
    credentials: () => Promise.resolve({ headers: { Authorization: 'Bearer t0ken' } }),
  };
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('one keep-alive agent per connection', () => {
  it('sends sequential requests of every verb over one TLS connection', async () => {
    const http = new KubeHttp(access(), FAST_RETRY);
    try {
      for (const method of ['GET', 'POST', 'PATCH', 'DELETE', 'GET']) {
        await http.request(method, `/api/${method.toLowerCase()}`, method === 'GET' ? {} : { body: { a: 1 } });
      }
    } finally {
      http.close();
    }
    expect(connections).toEqual([
      ['GET /api/get', 'POST /api/post', 'PATCH /api/patch', 'DELETE /api/delete', 'GET /api/get'],
    ]);
  });

  it('never reuses the socket of a stream the caller stopped or aborted', async () => {
    const http = new KubeHttp(access(), FAST_RETRY);
    try {
      await http.request('GET', '/before');
      // Stopped by its reader after one line (the watch saw what it waited for).
      const stopped = await http.stream('/stream', {});
      expect((await readLines(stopped, () => true)).ended).toBe('stopped');
      // Aborted by the scan's signal while it runs.
      const controller = new AbortController();
      const aborted = await http.stream('/stream', {}, controller.signal);
      const reading = readLines(aborted, () => false, controller.signal);
      controller.abort();
      expect((await reading).ended).toBe('stopped');
      await http.request('GET', '/after');
    } finally {
      http.close();
    }
    // The stream's connections carried nothing after it; the request after them went on a connection of its own.
    expect(connections).toEqual([['GET /before', 'GET /stream'], ['GET /stream'], ['GET /after']]);
  });

  it('sends a request again on a fresh connection when its kept-alive socket was closed, even a POST', async () => {
    const http = new KubeHttp(access(), { ...FAST_RETRY, attempts: 2 });
    try {
      await http.request('GET', '/first');
      dropNth = 1;
      const created = await http.request<{ path: string }>('POST', '/create', { body: { a: 1 } });
      expect(created.path).toBe('/create');
    } finally {
      http.close();
    }
    expect(connections).toEqual([['GET /first', 'POST /create'], ['POST /create']]);
  });

  it('does not repeat a POST that failed on a new connection', async () => {
    const http = new KubeHttp(access(), FAST_RETRY);
    dropNth = 0;
    try {
      const error = await http.request('POST', '/create', { body: {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KubeNetworkError);
      expect((error as KubeNetworkError).staleSocket).toBe(false);
    } finally {
      http.close();
    }
    expect(connections).toEqual([['POST /create']]);
  });

  it('close() ends open streams and idle sockets, so nothing keeps the process alive', async () => {
    const http = new KubeHttp(access(), FAST_RETRY);
    await http.request('GET', '/first');
    const watch = await http.stream('/stream', {});
    const reading = readLines(watch, () => false);
    // The watch holds the first connection, so this one needs a second, which then waits idle in the pool.
    await http.request('GET', '/idle');
    expect(connections).toEqual([['GET /first', 'GET /stream'], ['GET /idle']]);
    expect(open.size).toBe(2);
    http.close();
    expect((await reading).ended).toBe('error');
    await until(() => open.size === 0);
    await expect(http.request('GET', '/late')).rejects.toThrow(/closed/);
  });
});

describe('proxies: one tunnel per pooled socket', () => {
  it('HTTP CONNECT (with proxy credentials): three requests, one tunnel', async () => {
    const seen: string[] = [];
    const proxy = await startConnectProxy((req) =>
      seen.push(`${req.url ?? ''} ${req.headers['proxy-authorization'] ?? ''}`),
    );
    const http = new KubeHttp(access({ proxyUrl: `http://u%40x:p%3Ass@127.0.0.1:${proxy.port}` }), FAST_RETRY);
    try {
      for (let i = 0; i < 3; i += 1) await http.request('GET', `/via-proxy/${i}`);
    } finally {
      http.close();
      await proxy.close();
    }
    const authority = url.replace('https://', '');
    expect(seen).toEqual([`${authority} Basic ${Buffer.from('u@x:p:ss').toString('base64')}`]);
    expect(connections).toEqual([['GET /via-proxy/0', 'GET /via-proxy/1', 'GET /via-proxy/2']]);
  });

  it('a CONNECT refusal is a network error that names the proxy and the status', async () => {
    const proxy = await startConnectProxy(() => undefined, 407);
    const http = new KubeHttp(access({ proxyUrl: `http://127.0.0.1:${proxy.port}` }), { ...FAST_RETRY, attempts: 1 });
    try {
      await expect(http.request('GET', '/refused')).rejects.toThrow(/refused CONNECT .* HTTP 407/);
    } finally {
      http.close();
      await proxy.close();
    }
  });

  it.each([
    ['without authentication', ''],
    ['with username and password', 'scan:pa55'],
  ])('SOCKS5 %s: three requests, one tunnel', async (_name, userinfo) => {
    const proxy = await startSocks5Proxy(userinfo);
    const at = userinfo ? `${userinfo}@` : '';
    const http = new KubeHttp(access({ proxyUrl: `socks5://${at}127.0.0.1:${proxy.port}` }), FAST_RETRY);
    try {
      for (let i = 0; i < 3; i += 1) await http.request('GET', `/via-socks/${i}`);
    } finally {
      http.close();
      await proxy.close();
    }
    expect(proxy.tunnels).toEqual([`127.0.0.1:${new URL(url).port}`]);
    expect(connections).toEqual([['GET /via-socks/0', 'GET /via-socks/1', 'GET /via-socks/2']]);
  });

  it('refuses a proxy scheme it cannot speak, saying which ones it can', async () => {
    const http = new KubeHttp(access({ proxyUrl: 'socks4://127.0.0.1:1080' }), FAST_RETRY);
    await expect(http.request('GET', '/x')).rejects.toThrow(/socks4: is not supported \(use http, https, socks5/);
    http.close();
  });
});

interface TestProxy {
  port: number;
  tunnels: string[];
  close(): Promise<void>;
}

async function listen(server: net.Server, sockets: Set<net.Socket>, tunnels: string[]): Promise<TestProxy> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    tunnels,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function pipeTo(client: net.Socket, host: string, port: number, sockets: Set<net.Socket>, onOpen: () => void): void {
  const upstream = net.connect(port, host, () => {
    onOpen();
    upstream.pipe(client);
    client.pipe(upstream);
  });
  sockets.add(upstream);
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
}

async function startConnectProxy(onConnect: (req: IncomingMessage) => void, status = 200): Promise<TestProxy> {
  const sockets = new Set<net.Socket>();
  const { createServer } = await import('node:http');
  const server = createServer();
  server.on('connect', (req: IncomingMessage, client: net.Socket) => {
    onConnect(req);
    sockets.add(client);
    if (status !== 200) {
      client.end(`HTTP/1.1 ${status} No\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host = '', port = ''] = (req.url ?? '').split(':');
    pipeTo(client, host, Number(port), sockets, () => client.write('HTTP/1.1 200 Connection Established\r\n\r\n'));
  });
  return listen(server, sockets, []);
}

/** A SOCKS5 server that speaks just enough of RFC 1928/1929 for one CONNECT per connection. */
async function startSocks5Proxy(userinfo: string): Promise<TestProxy> {
  const sockets = new Set<net.Socket>();
  const tunnels: string[] = [];
  const server = net.createServer((client) => {
    sockets.add(client);
    let stage = 'greeting';
    client.on('data', function onData(data: Buffer) {
      if (stage === 'greeting') {
        const methods = [...data.subarray(2, 2 + (data[1] ?? 0))];
        const wanted = userinfo ? 2 : 0;
        client.write(Buffer.from([5, methods.includes(wanted) ? wanted : 0xff]));
        stage = userinfo ? 'auth' : 'request';
      } else if (stage === 'auth') {
        const userLength = data[1] ?? 0;
        const user = data.subarray(2, 2 + userLength).toString();
        const password = data.subarray(3 + userLength, 3 + userLength + (data[2 + userLength] ?? 0)).toString();
        const ok = `${user}:${password}` === userinfo;
        client.write(Buffer.from([1, ok ? 0 : 1]));
        stage = 'request';
      } else {
        client.off('data', onData);
        const host =
          data[3] === 1 ? [...data.subarray(4, 8)].join('.') : data.subarray(5, 5 + (data[4] ?? 0)).toString();
        const port = data.readUInt16BE(data.length - 2);
        tunnels.push(`${host}:${port}`);
        pipeTo(client, host, port, sockets, () => client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0])));
      }
    });
  });
  return listen(server, sockets, tunnels);
}
