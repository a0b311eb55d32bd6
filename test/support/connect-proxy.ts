import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP CONNECT proxy on 127.0.0.1 for tests: it counts every CONNECT, records the authority asked for and the
 * Proxy-Authorization sent, and tunnels to 127.0.0.1 at the requested port whatever the host name, so a client can
 * be pointed at a name that is not loopback (loopback is never proxied) and still reach a local test server.
 */
export class ConnectProxy {
  /** The `host:port` of every CONNECT, in order. */
  readonly connects: string[] = [];
  /** The Proxy-Authorization header of every CONNECT ('' when none). */
  readonly authorizations: string[] = [];
  /** Plain (non-CONNECT) requests, which this proxy refuses: an http:// target must not reach it here. */
  readonly plainRequests: string[] = [];
  url = '';
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: http.Server) {}

  static async start(options: { requireAuth?: string } = {}): Promise<ConnectProxy> {
    const server = http.createServer();
    const proxy = new ConnectProxy(server);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      proxy.plainRequests.push(`${req.method ?? ''} ${req.url ?? ''}`);
      res.writeHead(405).end();
    });
    server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      const authority = req.url ?? '';
      proxy.connects.push(authority);
      const auth = req.headers['proxy-authorization'] ?? '';
      proxy.authorizations.push(auth);
      proxy.track(client);
      if (options.requireAuth !== undefined && auth !== options.requireAuth) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
        return;
      }
      const port = Number(authority.slice(authority.lastIndexOf(':') + 1));
      const upstream = net.connect(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      proxy.track(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return proxy;
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  reset(): void {
    this.connects.length = 0;
    this.authorizations.length = 0;
    this.plainRequests.length = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
