// The kubeconfig shim: client-node's parsing and credential plugins without its generated API, kubectl's rules where
// the two differ, the in-cluster ServiceAccount and the OIDC auth-provider against real sockets.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/core/kube/connection.js';
import { Kubeconfig } from '../../src/core/kube/kubeconfig.js';
import { jwtExpiry } from '../../src/core/kube/oidc-auth.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { FakeKube } from '../support/fake-kube/index.js';
import { selfSignedCertificate } from '../support/fake-kube/tls.js';
import { FAST_RETRY } from './helpers.js';

const temp = mkdtempSync(join(tmpdir(), 'kcs-kubeconfig-'));
let fake: FakeKube;
beforeAll(async () => {
  fake = await FakeKube.start({ tls: true });
});
afterAll(async () => {
  await fake.close();
  rmSync(temp, { recursive: true, force: true });
});

const yaml = (clusters: string, users: string, contexts: string, current = 'ctx') =>
  `apiVersion: v1\nkind: Config\nclusters:\n${clusters}\nusers:\n${users}\ncontexts:\n${contexts}\ncurrent-context: ${current}\n`;

const CLUSTER = '- name: c\n  cluster:\n    server: https://k8s.example.com:6443/\n';
const CONTEXT = '- name: ctx\n  context: { cluster: c, user: u, namespace: team }\n';

describe('parsing', () => {
  it('reads clusters, users and contexts as client-node does (trailing slash of the server dropped)', () => {
    const config = Kubeconfig.parse(yaml(CLUSTER, '- name: u\n  user: { token: abc }\n', CONTEXT));
    expect(config.currentContext).toBe('ctx');
    expect(config.context()?.namespace).toBe('team');
    expect(config.cluster()?.server).toBe('https://k8s.example.com:6443');
    expect(config.user()?.token).toBe('abc');
  });

  it('resolves file references against the kubeconfig file, as kubectl (a bare exec command stays on PATH)', () => {
    const dir = join(temp, 'relative');
    mkdirSync(join(dir, 'certs'), { recursive: true });
    writeFileSync(join(dir, 'certs/token'), 'token-from-file');
    const users = [
      '- name: u',
      '  user:',
      '    token-file: certs/token',
      '    client-certificate: certs/client.crt',
      '    client-key: /abs/client.key',
      '- name: e1',
      '  user: { exec: { command: ./bin/plugin } }',
      '- name: e2',
      '  user: { exec: { command: aws } }',
    ].join('\n');
    const cluster = '- name: c\n  cluster: { server: "https://k", certificate-authority: certs/ca.crt }';
    writeFileSync(join(dir, 'config'), yaml(cluster, users, CONTEXT));
    const config = Kubeconfig.fromFile(join(dir, 'config'));
    expect(config.cluster()?.caFile).toBe(join(dir, 'certs/ca.crt'));
    expect(config.user()?.token).toBe('token-from-file');
    expect(config.user()?.certFile).toBe(join(dir, 'certs/client.crt'));
    expect(config.user()?.keyFile).toBe('/abs/client.key');
    const exec = (name: string) => (config.users.find((u) => u.name === name)?.exec as { command: string }).command;
    expect(exec('e1')).toBe(join(dir, 'bin/plugin'));
    expect(exec('e2')).toBe('aws');
  });

  it('merges several files as kubectl: the first definition of a name and of current-context wins', () => {
    const first = Kubeconfig.parse(yaml(CLUSTER, '- name: u\n  user: { token: first }\n', CONTEXT, '""'));
    const second = Kubeconfig.parse(
      yaml(
        '- name: c\n  cluster: { server: "https://other" }\n- name: d\n  cluster: { server: "https://d" }',
        '- name: u\n  user: { token: second }\n',
        '- name: ctx2\n  context: { cluster: d, user: u }\n',
        'ctx2',
      ),
    );
    first.merge(second);
    expect(first.clusters.map((c) => [c.name, c.server])).toEqual([
      ['c', 'https://k8s.example.com:6443'],
      ['d', 'https://d'],
    ]);
    expect(first.user()?.token).toBe('first');
    expect(first.currentContext).toBe('ctx2');
  });

  it.each([
    ['empty', ''],
    ['a list', '- a\n- b\n'],
    ['a cluster without a server', 'clusters:\n- name: c\n  cluster: {}\n'],
  ])('throws on %s', (_name, text) => {
    expect(() => Kubeconfig.parse(text)).toThrow();
  });
});

describe('what a request carries', () => {
  const access = (users: string, clusters = CLUSTER) => {
    const found = Kubeconfig.parse(yaml(clusters, users, CONTEXT)).access();
    if (!found) throw new Error('no access');
    return found;
  };

  it('a token, basic credentials, impersonation', async () => {
    expect((await access('- name: u\n  user: { token: abc, as: alice }\n').credentials()).headers).toEqual({
      Authorization: 'Bearer abc',
      'Impersonate-User': 'alice',
    });
    expect(await access('- name: u\n  user: { username: admin, password: pw }\n').credentials()).toEqual({
      headers: {},
      auth: 'admin:pw',
    });
  });

  it('the TLS material: CA and client certificate, server name, skip-verify', () => {
    const users = '- name: u\n  user: { client-certificate-data: Q0VSVA==, client-key-data: S0VZ }\n';
    const clusters = `- name: c\n  cluster: { server: "https://k", certificate-authority-data: Q0E=, tls-server-name: api.internal, proxy-url: "http://p:3128" }`;
    expect(access(users, clusters).target()).toEqual({
      server: 'https://k',
      proxyUrl: 'http://p:3128',
      proxySource: 'proxy-url',
      tls: { ca: Buffer.from('CA'), cert: Buffer.from('CERT'), key: Buffer.from('KEY'), servername: 'api.internal' },
    });
    const insecure = '- name: c\n  cluster: { server: "https://k", insecure-skip-tls-verify: true }';
    expect(access(users, insecure).target().tls.rejectUnauthorized).toBe(false);
  });

  it('without proxy-url, the proxy of HTTPS_PROXY unless NO_PROXY names the server (as kubectl)', () => {
    const users = '- name: u\n  user: {}\n';
    const clusters = '- name: c\n  cluster: { server: "https://k8s.example.com:6443" }';
    const env = { HTTPS_PROXY: 'proxy.corp:3128' };
    const target = (vars: NodeJS.ProcessEnv) =>
      Kubeconfig.parse(yaml(clusters, users, CONTEXT))
        .access(vars)
        ?.target();
    expect(target(env)).toMatchObject({ proxyUrl: 'http://proxy.corp:3128', proxySource: 'HTTPS_PROXY' });
    expect(target({ ...env, NO_PROXY: '.example.com' })?.proxyUrl).toBeUndefined();
    expect(target({})?.proxyUrl).toBeUndefined();
  });

  it('an http:// server only with insecure-skip-tls-verify, as client-node', () => {
    expect(() => access('- name: u\n  user: {}\n', '- name: c\n  cluster: { server: "http://k" }').target()).toThrow(
      /HTTP protocol is not allowed/,
    );
  });
});

describe('in a pod: the ServiceAccount', () => {
  it('connects with the mounted token, CA and namespace', async () => {
    const dir = join(temp, 'serviceaccount');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'token'), fake.tokens.scanner);
    writeFileSync(join(dir, 'ca.crt'), fake.ca ?? '');
    writeFileSync(join(dir, 'namespace'), 'kube-cinc-scan\n');
    const env = {
      HOME: join(temp, 'no-home'),
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: new URL(fake.url).port,
    };
    const connection = await connect(
      { kind: 'default' },
      undefined,
      new MemoryLogger(),
      { retry: FAST_RETRY, serviceAccountDir: dir },
      env,
    );
    try {
      expect(connection.server).toBe(fake.url);
      expect(connection.namespaceDefault).toBe('kube-cinc-scan');
      expect(connection.secrets).toEqual([fake.tokens.scanner]);
      const before = fake.requests.length;
      await connection.http.request('GET', '/api/v1/namespaces/kube-cinc-scan/pods');
      expect(fake.requests.slice(before).map((r) => r.user)).toEqual([fake.scannerUser]);
    } finally {
      connection.close();
    }
  });
});

const jwt = (claims: object) =>
  ['{"alg":"none"}', JSON.stringify(claims)].map((part) => Buffer.from(part).toString('base64url')).join('.') + '.sig';

describe('the oidc auth-provider', () => {
  const tokenRequests: string[] = [];
  let issuer = '';
  let answer: { status: number; body: object } = { status: 200, body: {} };
  let idp: https.Server;
  const { key, cert } = selfSignedCertificate();

  beforeAll(async () => {
    idp = https.createServer({ key, cert }, (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.url === '/realm/.well-known/openid-configuration') {
          res.end(JSON.stringify({ issuer, token_endpoint: `${issuer}/token` }));
          return;
        }
        tokenRequests.push(`${req.headers.authorization ?? ''} ${body}`);
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    issuer = `https://127.0.0.1:${(idp.address() as AddressInfo).port}/realm`;
  });
  afterAll(async () => {
    idp.closeAllConnections();
    await new Promise<void>((resolve) => idp.close(() => resolve()));
  });

  const kubeconfig = (idToken: string) =>
    fake
      .kubeconfig()
      .replace(
        `    token: ${fake.tokens.scanner}`,
        [
          '    auth-provider:',
          '      name: oidc',
          '      config:',
          `        id-token: ${idToken}`,
          '        refresh-token: refresh-1',
          '        client-id: kubernetes',
          '        client-secret: s3cret',
          `        idp-issuer-url: ${issuer}/`,
          `        idp-certificate-authority-data: ${Buffer.from(cert).toString('base64')}`,
        ].join('\n'),
      );

  it('sends a valid id-token as it is, without asking the issuer', async () => {
    const token = jwt({ exp: Math.floor(Date.now() / 1000) + 3600 });
    const credentials = await Kubeconfig.parse(kubeconfig(token)).access()?.credentials();
    expect(credentials?.headers['Authorization']).toBe(`Bearer ${token}`);
    expect(tokenRequests).toEqual([]);
  });

  it('refreshes an expired id-token at the issuer (its own CA) and uses the new one for the rest of the run', async () => {
    answer = { status: 200, body: { id_token: fake.tokens.scanner, refresh_token: 'refresh-2', expires_in: 3600 } };
    const connection = await connect(
      { kind: 'content', content: kubeconfig(jwt({ exp: 1000 })) },
      undefined,
      new MemoryLogger(),
      { retry: FAST_RETRY },
    );
    try {
      const before = fake.requests.length;
      await connection.http.request('GET', '/api/v1/namespaces/kube-cinc-scan/pods');
      expect(fake.requests.slice(before).map((r) => r.user)).toEqual([fake.scannerUser]);
    } finally {
      connection.close();
    }
    const basic = `Basic ${Buffer.from('kubernetes:s3cret').toString('base64')}`;
    expect(tokenRequests).toEqual([`${basic} grant_type=refresh_token&refresh_token=refresh-1&client_id=kubernetes`]);
  });

  it('a refused refresh is an error with the status and the OAuth error code, nothing else of the answer', async () => {
    tokenRequests.length = 0;
    answer = { status: 400, body: { error: 'invalid_grant', error_description: 'token refresh-1 revoked' } };
    const access = Kubeconfig.parse(kubeconfig(jwt({ exp: 1000 }))).access();
    const error = await access?.credentials().catch((e: unknown) => e);
    expect(String(error)).toMatch(/OIDC request to .*\/token failed: HTTP 400 invalid_grant$/);
    expect(String(error)).not.toContain('refresh-1');
  });

  it('reads the expiry of a JWT, and none of anything else', () => {
    expect(jwtExpiry(jwt({ exp: 42 }))).toBe(42);
    expect(jwtExpiry(jwt({ sub: 'x' }))).toBeUndefined();
    expect(jwtExpiry('opaque-token')).toBeUndefined();
    expect(jwtExpiry('a.!!!.c')).toBeUndefined();
  });
});
