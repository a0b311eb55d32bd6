import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small fake of the GitHub Actions results service, enough for the real @actions/artifact client to upload: the
 * Twirp JSON calls CreateArtifact and FinalizeArtifact, and the Azure block-blob calls (Put Block, Put Block List) on
 * the signed upload URL it hands out. Every error is a 4xx: the client retries 5xx for about half a minute.
 */

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/';

export interface StoredArtifact {
  id: number;
  name: string;
  runId: string;
  jobId: string;
  version: number;
  mimeType: string | undefined;
  expiresAt: string | undefined;
  /** The committed blob (the zip), once Put Block List arrived. */
  blob: Buffer | undefined;
  finalized: boolean;
  size: number | undefined;
  hash: string | undefined;
}

export interface FakeResultsService {
  url: string;
  /** An unsigned JWT carrying the `Actions.Results:<run>:<job>` scope, as ACTIONS_RUNTIME_TOKEN holds on a runner. */
  token: string;
  runId: string;
  jobId: string;
  artifacts: StoredArtifact[];
  /** Every request, `METHOD path`, in order. */
  requests: string[];
  /** The environment the artifact client reads. */
  env(): Record<string, string>;
  /** Makes the next call to `method` (a Twirp method name) answer `status`. */
  failNext(method: 'CreateArtifact' | 'FinalizeArtifact', status: number, msg: string): void;
  close(): Promise<void>;
}

const base64url = (value: string): string => Buffer.from(value).toString('base64url');

export function unsignedJwt(scope: string): string {
  const header = base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ scp: scope, exp: Math.floor(Date.now() / 1000) + 3600 }));
  return `${header}.${payload}.`;
}

interface Upload {
  artifact: StoredArtifact;
  blocks: Map<string, Buffer>;
  sig: string;
}

export async function startFakeResultsService(): Promise<FakeResultsService> {
  const runId = `run-${randomBytes(4).toString('hex')}`;
  const jobId = `job-${randomBytes(4).toString('hex')}`;
  const token = unsignedJwt(`Actions.GenericRead:00000000 Actions.Results:${runId}:${jobId}`);
  const artifacts: StoredArtifact[] = [];
  const requests: string[] = [];
  const uploads = new Map<string, Upload>();
  const failures = new Map<string, { status: number; msg: string }>();
  let nextId = 1000;
  let url = '';

  const twirpError = (res: ServerResponse, status: number, code: string, msg: string): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, msg }));
  };
  const json = (res: ServerResponse, body: unknown): void => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const twirp = (method: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void => {
    if (req.headers.authorization !== `Bearer ${token}`) return twirpError(res, 401, 'unauthenticated', 'bad token');
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      return twirpError(res, failure.status, 'failed_precondition', failure.msg);
    }
    const request = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    if (request['workflow_run_backend_id'] !== runId || request['workflow_job_run_backend_id'] !== jobId) {
      return twirpError(res, 403, 'permission_denied', 'backend ids do not match the token scope');
    }
    const name = String(request['name'] ?? '');
    if (method === 'CreateArtifact') {
      if (artifacts.some((a) => a.name === name)) {
        return twirpError(res, 409, 'already_exists', `an artifact with this name already exists on the workflow run`);
      }
      const artifact: StoredArtifact = {
        id: nextId++,
        name,
        runId,
        jobId,
        version: Number(request['version']),
        mimeType: typeof request['mime_type'] === 'string' ? request['mime_type'] : undefined,
        expiresAt: typeof request['expires_at'] === 'string' ? request['expires_at'] : undefined,
        blob: undefined,
        finalized: false,
        size: undefined,
        hash: undefined,
      };
      artifacts.push(artifact);
      const key = randomBytes(6).toString('hex');
      const sig = randomBytes(12).toString('base64url');
      uploads.set(key, { artifact, blocks: new Map(), sig });
      return json(res, {
        ok: true,
        signed_upload_url: `${url}/devstoreaccount1/actions-results/${key}/${encodeURIComponent(name)}.zip?sig=${sig}&sv=2023-11-03`,
      });
    }
    if (method === 'FinalizeArtifact') {
      const artifact = artifacts.find((a) => a.name === name && !a.finalized);
      if (!artifact?.blob) return twirpError(res, 404, 'not_found', `no uploaded artifact named ${name}`);
      const size = Number(request['size']);
      if (size !== artifact.blob.length)
        return twirpError(res, 400, 'invalid_argument', `size ${size} != ${artifact.blob.length}`);
      const hash = typeof request['hash'] === 'string' ? request['hash'] : undefined;
      const actual = `sha256:${createHash('sha256').update(artifact.blob).digest('hex')}`;
      if (hash !== undefined && hash !== actual)
        return twirpError(res, 400, 'invalid_argument', `hash ${hash} != ${actual}`);
      Object.assign(artifact, { finalized: true, size, hash });
      return json(res, { ok: true, artifact_id: String(artifact.id) });
    }
    return twirpError(res, 404, 'bad_route', `no method ${method}`);
  };

  const blob = (req: IncomingMessage, body: Buffer, res: ServerResponse): void => {
    const target = new URL(req.url ?? '/', 'http://fake');
    const key = target.pathname.split('/')[3] ?? '';
    const upload = uploads.get(key);
    const blobError = (status: number, code: string): void => {
      res
        .writeHead(status, { 'x-ms-error-code': code, 'content-type': 'application/xml' })
        .end(`<?xml version="1.0"?><Error><Code>${code}</Code></Error>`);
    };
    if (!upload || target.searchParams.get('sig') !== upload.sig) return blobError(403, 'AuthenticationFailed');
    const headers = { 'x-ms-request-id': randomBytes(8).toString('hex'), 'x-ms-version': '2023-11-03', etag: '"0x1"' };
    const comp = target.searchParams.get('comp');
    if (req.method === 'PUT' && comp === 'block') {
      upload.blocks.set(target.searchParams.get('blockid') ?? '', body);
      res.writeHead(201, headers).end();
      return;
    }
    if (req.method === 'PUT' && comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted)>([^<]*)<\//g)].map((m) => m[1] ?? '');
      const parts = ids.map((id) => upload.blocks.get(id));
      if (parts.some((p) => p === undefined)) return blobError(400, 'InvalidBlockList');
      upload.artifact.blob = Buffer.concat(parts as Buffer[]);
      res.writeHead(201, { ...headers, 'last-modified': new Date().toUTCString() }).end();
      return;
    }
    return blobError(400, 'UnsupportedOperation');
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push(`${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''}`);
      const body = Buffer.concat(chunks);
      try {
        const path = (req.url ?? '').split('?')[0] ?? '';
        if (req.method === 'POST' && path.startsWith(TWIRP)) return twirp(path.slice(TWIRP.length), req, body, res);
        if (path.startsWith('/devstoreaccount1/')) return blob(req, body, res);
        twirpError(res, 404, 'bad_route', `no route ${req.method ?? ''} ${path}`);
      } catch (error) {
        twirpError(res, 400, 'malformed', error instanceof Error ? error.message : String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    token,
    runId,
    jobId,
    artifacts,
    requests,
    env: () => ({
      ACTIONS_RUNTIME_TOKEN: token,
      ACTIONS_RESULTS_URL: `${url}/`,
      GITHUB_SERVER_URL: 'https://github.com',
    }),
    failNext: (method, status, msg) => void failures.set(method, { status, msg }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
