import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake of the few GitHub REST endpoints the pull-request comment uses: list (paginated, with a Link header),
 * create and update issue comments. It enforces GitHub's 65,536-character body limit and can refuse writes with 403,
 * as GitHub does for a GITHUB_TOKEN on a pull request from a fork.
 */

export const GITHUB_BODY_LIMIT = 65_536;

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; type: string };
  html_url: string;
}

export interface FakeGitHubApi {
  url: string;
  token: string;
  comments: FakeComment[];
  /** Every request, `METHOD path?query`, in order. */
  requests: string[];
  /** When true, creating or updating a comment answers 403 (a read-only token). */
  readOnly: boolean;
  pageSize: number;
  close(): Promise<void>;
}

export async function startFakeGitHubApi(options: {
  owner: string;
  repo: string;
  token?: string;
}): Promise<FakeGitHubApi> {
  const token = options.token ?? 'ghs_faketoken0123456789';
  const prefix = `/repos/${options.owner}/${options.repo}/issues/`;
  let nextId = 500;
  const state: FakeGitHubApi = {
    url: '',
    token,
    comments: [],
    requests: [],
    readOnly: false,
    pageSize: 100,
    close: async () => undefined,
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
  };
  const htmlUrl = (issue: number, id: number): string =>
    `https://github.com/${options.owner}/${options.repo}/pull/${issue}#issuecomment-${id}`;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      state.requests.push(`${req.method ?? ''} ${url.pathname}${url.search}`);
      if (req.headers.authorization !== `token ${token}`) return send(res, 401, { message: 'Bad credentials' });
      if (!url.pathname.startsWith(prefix)) return send(res, 404, { message: 'Not Found' });
      const rest = url.pathname.slice(prefix.length).split('/');
      const write = req.method === 'POST' || req.method === 'PATCH';
      if (write && state.readOnly)
        return send(res, 403, { message: 'Resource not accessible by integration', status: '403' });
      const body = write ? ((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body?: string }).body ?? '') : '';
      if (write && body.length > GITHUB_BODY_LIMIT) {
        return send(res, 422, {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'IssueComment',
              code: 'custom',
              field: 'body',
              message: 'body is too long (maximum is 65536 characters)',
            },
          ],
        });
      }

      // GET|POST /repos/o/r/issues/:n/comments
      if (rest.length === 2 && rest[1] === 'comments') {
        const issue = Number(rest[0]);
        if (req.method === 'GET') {
          const all = state.comments.filter((c) => c.issue === issue);
          const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), state.pageSize);
          const page = Number(url.searchParams.get('page') ?? 1);
          const pages = Math.max(1, Math.ceil(all.length / perPage));
          const headers: Record<string, string> = {};
          if (page < pages) {
            const next = new URL(`${state.url}${url.pathname}`);
            next.searchParams.set('per_page', String(perPage));
            next.searchParams.set('page', String(page + 1));
            headers['link'] = `<${next.href}>; rel="next"`;
          }
          return send(res, 200, all.slice((page - 1) * perPage, page * perPage), headers);
        }
        if (req.method === 'POST') {
          const comment: FakeComment = {
            id: nextId++,
            issue,
            body,
            user: { login: 'github-actions[bot]', type: 'Bot' },
            html_url: '',
          };
          comment.html_url = htmlUrl(issue, comment.id);
          state.comments.push(comment);
          return send(res, 201, comment);
        }
      }
      // PATCH /repos/o/r/issues/comments/:id
      if (rest.length === 2 && rest[0] === 'comments' && req.method === 'PATCH') {
        const comment = state.comments.find((c) => c.id === Number(rest[1]));
        if (!comment) return send(res, 404, { message: 'Not Found' });
        comment.body = body;
        return send(res, 200, comment);
      }
      return send(res, 404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
