import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the profile server saw. */
export interface ProfileRequest {
  path: string;
  authorization: string;
}

/**
 * An HTTP server on 127.0.0.1 that serves profile archives. Paths under /private/ need `Authorization: Bearer <token>`
 * (401 otherwise, 403 for a wrong token); /redirect/<n>?to=<url> answers 302 to the URL. It records every request
 * with the Authorization it carried, so a test can check where a token was sent.
 */
export class ProfileServer {
  readonly requests: ProfileRequest[] = [];
  readonly files = new Map<string, Buffer>();
  url = '';

  private constructor(
    private readonly server: http.Server,
    readonly token: string,
  ) {}

  static async start(token = 'tok-private-profile-0123456789'): Promise<ProfileServer> {
    const server = http.createServer();
    const instance = new ProfileServer(server, token);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => instance.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    instance.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return instance;
  }

  /** Serves `content` at `path` (a /private/… path needs the token). */
  serve(path: string, content: Buffer | string): string {
    this.files.set(path, Buffer.from(content));
    return `${this.url}${path}`;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const authorization = req.headers.authorization ?? '';
    this.requests.push({ path: `${url.pathname}${url.search}`, authorization });
    if (url.pathname.startsWith('/redirect/')) {
      res.writeHead(302, { Location: url.searchParams.get('to') ?? '/' }).end();
      return;
    }
    if (url.pathname.startsWith('/private/')) {
      if (authorization === '') {
        res.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end('token required');
        return;
      }
      if (authorization !== `Bearer ${this.token}`) {
        res.writeHead(403).end('wrong token');
        return;
      }
    }
    const content = this.files.get(url.pathname);
    if (!content) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/gzip', 'Content-Length': String(content.length) }).end(content);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
