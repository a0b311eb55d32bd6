import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, kubeconfigSecrets } from '../../src/core/kube/connection.js';
import type { KcsError } from '../../src/core/errors.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { FakeKube } from '../support/fake-kube/index.js';
import { FAST_RETRY } from './helpers.js';

const temp = mkdtempSync(join(tmpdir(), 'kcs-conn-'));
let fake: FakeKube;
beforeAll(async () => {
  fake = await FakeKube.start({ tls: true });
});
afterAll(async () => {
  await fake.close();
  rmSync(temp, { recursive: true, force: true });
});

const FULL = `
apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://k8s.example.com
    certificate-authority-data: Q0EtREFUQS1JUy1QVUJMSUM=
users:
- name: token-user
  user:
    token: tok-1234567890
- name: basic
  user:
    username: admin
    password: hunter2hunter2
- name: cert
  user:
    client-certificate-data: Q0VSVC1EQVRB
    client-key-data: S0VZLURBVEE=
- name: oidc
  user:
    auth-provider:
      name: oidc
      config:
        client-id: kubernetes
        client-secret: oidc-client-secret
        id-token: eyJhbGciOi.id.token
        refresh-token: refresh-abcdef
        idp-issuer-url: https://issuer.example.com
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: ["eks", "get-token", "--cluster-name", "prod", "--token=inline-arg-secret", "--client-secret", "next-arg-secret"]
      env:
      - name: AWS_REGION
        value: eu-west-1
      - name: AWS_SECRET_ACCESS_KEY
        value: aws-secret-value
      - name: GITHUB_TOKEN
        value: ghp_tokenvalue
contexts:
- name: ctx
  context: { cluster: c, user: token-user }
current-context: ctx
`;

describe('kubeconfigSecrets', () => {
  it('finds every secret and nothing public', () => {
    expect(kubeconfigSecrets(FULL).sort()).toEqual(
      [
        'tok-1234567890',
        'hunter2hunter2',
        'Q0VSVC1EQVRB',
        'S0VZLURBVEE=',
        'oidc-client-secret',
        'eyJhbGciOi.id.token',
        'refresh-abcdef',
        'inline-arg-secret',
        'next-arg-secret',
        'aws-secret-value',
        'ghp_tokenvalue',
      ].sort(),
    );
  });

  const cases: [string, string, string[]][] = [
    ['empty', '', []],
    ['no users', 'apiVersion: v1\nkind: Config\n', []],
    ['a short value is not masked (it would mask every log line)', 'users:\n- name: u\n  user:\n    token: abc\n', []],
    [
      'not YAML: a line scan still finds the token',
      'users: [\n  token: broken-but-secret-token\n',
      ['broken-but-secret-token'],
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => expect(kubeconfigSecrets(text)).toEqual(expected));
  }
});

async function failure(promise: Promise<unknown>): Promise<KcsError> {
  try {
    await promise;
  } catch (error) {
    return error as KcsError;
  }
  throw new Error('expected a failure');
}

describe('connect', () => {
  it('uses kubeconfig content from memory, over TLS with the CA, and exposes the secrets', async () => {
    const logger = new MemoryLogger();
    const connection = await connect({ kind: 'content', content: fake.kubeconfig() }, undefined, logger, {
      retry: FAST_RETRY,
    });
    try {
      expect(connection.server).toBe(fake.url);
      expect(connection.server).toMatch(/^https:/);
      expect(connection.context).toBe('fake');
      expect(connection.namespaceDefault).toBe('kube-cinc-scan');
      expect(connection.serverVersion).toBe('v1.32.3');
      expect(connection.secrets).toEqual([fake.tokens.scanner]);
      expect(JSON.stringify(logger.lines)).not.toContain(fake.tokens.scanner);
    } finally {
      connection.close();
    }
  });

  it('reads a file, KUBECONFIG (several files) and ~/.kube/config', async () => {
    const file = join(temp, 'config');
    writeFileSync(file, fake.kubeconfig());
    const extra = join(temp, 'extra');
    writeFileSync(extra, fake.kubeconfig(fake.tokens.admin).replaceAll('fake', 'admin'));
    mkdirSync(join(temp, 'home/.kube'), { recursive: true });
    writeFileSync(join(temp, 'home/.kube/config'), fake.kubeconfig());
    const viaFile = await connect({ kind: 'file', path: file }, undefined, new MemoryLogger(), {}, {});
    const viaEnv = await connect(
      { kind: 'default' },
      'admin',
      new MemoryLogger(),
      {},
      { KUBECONFIG: `${file}:${extra}` },
    );
    const viaHome = await connect({ kind: 'default' }, undefined, new MemoryLogger(), {}, { HOME: join(temp, 'home') });
    expect(viaFile.context).toBe('fake');
    expect(viaEnv.context).toBe('admin');
    expect(viaEnv.secrets.sort()).toEqual([fake.tokens.scanner, fake.tokens.admin].sort());
    expect(viaHome.server).toBe(fake.url);
    for (const c of [viaFile, viaEnv, viaHome]) c.close();
  });

  it('fails on a missing file, a broken file (without quoting it), an unknown context, and no kubeconfig at all', async () => {
    const missing = await failure(connect({ kind: 'file', path: join(temp, 'nope') }, undefined, new MemoryLogger()));
    expect(missing.code).toBe('KCS-K8S-001');
    expect(missing.message).toContain('ENOENT');
    const broken = await failure(
      connect({ kind: 'content', content: 'users: [\n  token: very-secret-token\n' }, undefined, new MemoryLogger()),
    );
    expect(broken.code).toBe('KCS-K8S-001');
    expect(`${broken.message} ${broken.hint ?? ''}`).not.toContain('very-secret-token');
    const context = await failure(connect({ kind: 'content', content: fake.kubeconfig() }, 'prod', new MemoryLogger()));
    expect(context.code).toBe('KCS-K8S-002');
    expect(context.hint).toContain('fake');
    const none = await failure(
      connect({ kind: 'default' }, undefined, new MemoryLogger(), {}, { HOME: join(temp, 'empty-home') }),
    );
    expect(none.code).toBe('KCS-K8S-003');
  });

  it('fails fast on an unreachable server, naming it', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const content = fake.kubeconfig().replace(fake.url, `https://127.0.0.1:${port}`);
    const started = Date.now();
    const error = await failure(
      connect({ kind: 'content', content }, undefined, new MemoryLogger(), { retry: FAST_RETRY }),
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.code).toBe('KCS-K8S-004');
    expect(error.message).toContain(`https://127.0.0.1:${port}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.category).toBe('cluster');
  });

  it('reports refused credentials (401)', async () => {
    const error = await failure(
      connect({ kind: 'content', content: fake.kubeconfig('expired-token') }, undefined, new MemoryLogger(), {
        retry: FAST_RETRY,
      }),
    );
    expect(error.code).toBe('KCS-K8S-005');
    expect(error.message).toMatch(/\(401 Unauthorized\)$/);
  });

  it('works with an exec credential plugin (EKS/GKE style)', async () => {
    const plugin = join(temp, 'token-plugin.sh');
    writeFileSync(
      plugin,
      `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${fake.tokens.scanner}"}}'\n`,
    );
    chmodSync(plugin, 0o755);
    const content = fake
      .kubeconfig()
      .replace(
        `    token: ${fake.tokens.scanner}`,
        [
          '    exec:',
          '      apiVersion: client.authentication.k8s.io/v1',
          `      command: ${plugin}`,
          '      interactiveMode: Never',
        ].join('\n'),
      );
    const connection = await connect({ kind: 'content', content }, undefined, new MemoryLogger(), {
      retry: FAST_RETRY,
    });
    try {
      const before = fake.requests.length;
      await connection.http.request('GET', '/api/v1/namespaces/kube-cinc-scan/pods');
      expect(fake.requests.slice(before).map((r) => r.user)).toEqual([fake.scannerUser]);
    } finally {
      connection.close();
    }
  });

  it('goes through proxy-url', async () => {
    let tunnels = 0;
    const sockets = new Set<net.Socket>();
    const proxy = http.createServer();
    proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      tunnels += 1;
      sockets.add(socket);
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const { port } = proxy.address() as AddressInfo;
    const content = fake
      .kubeconfig()
      .replace(`    server: ${fake.url}`, `    server: ${fake.url}\n    proxy-url: http://127.0.0.1:${port}`);
    const connection = await connect({ kind: 'content', content }, undefined, new MemoryLogger(), {
      retry: FAST_RETRY,
    });
    try {
      await connection.http.request('GET', '/api/v1/namespaces/kube-cinc-scan/configmaps');
      expect(tunnels).toBeGreaterThan(0);
    } finally {
      connection.close();
      // Tunnelled sockets are no longer the HTTP server's: close them by hand, or close() waits forever.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});
