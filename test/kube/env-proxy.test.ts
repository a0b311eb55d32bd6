// HTTPS_PROXY / NO_PROXY as kubectl reads them, against a real CONNECT proxy (test/support/connect-proxy.ts) and the
// fake API server over TLS. Loopback is never proxied, so the kubeconfig names the server kube.test: the proxy tunnels
// any host to 127.0.0.1, and for the direct case this file's DNS answers kube.test with 127.0.0.1.
import dns from 'node:dns';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/core/kube/connection.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { planScan, runScan } from '../../src/core/scan.js';
import { ConnectProxy } from '../support/connect-proxy.js';
import { FakeKube, Timeline } from '../support/fake-kube/index.js';
import { FAST_RETRY, ROOT, scanConfig } from './helpers.js';

const FIXTURE_LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');

let fake: FakeKube;
let proxy: ConnectProxy;
let port = 0;
const originalLookup = dns.lookup;

beforeAll(async () => {
  fake = await FakeKube.start({ tls: true });
  proxy = await ConnectProxy.start();
  port = Number(new URL(fake.url).port);
  // kube.test is 127.0.0.1 for this process's own connections (the direct case); the proxy maps it on its side.
  const patched = (host: string, options: unknown, callback: unknown): void => {
    const [opts, cb] = typeof options === 'function' ? [{}, options] : [options, callback];
    const done = cb as (...args: unknown[]) => void;
    if (host !== 'kube.test') {
      (originalLookup as (...args: unknown[]) => void)(host, opts, done);
      return;
    }
    if ((opts as { all?: boolean }).all) done(null, [{ address: '127.0.0.1', family: 4 }]);
    else done(null, '127.0.0.1', 4);
  };
  (dns as { lookup: unknown }).lookup = patched;
});
afterAll(async () => {
  (dns as { lookup: unknown }).lookup = originalLookup;
  await proxy.close();
  await fake.close();
});
afterEach(() => {
  proxy.reset();
  fake.resetScripting();
});

/** The fake's kubeconfig with the server named kube.test (the certificate is for localhost: tls-server-name). */
function kubeconfig(server = `https://kube.test:${port}`): string {
  return fake.kubeconfig().replace(`server: ${fake.url}`, `server: ${server}\n    tls-server-name: localhost`);
}

async function scanWith(env: NodeJS.ProcessEnv, server?: string): Promise<{ handshakes: number; requests: number }> {
  fake.timelineFor = () => Timeline.scan(FIXTURE_LOG, { intervalMs: 2, batch: 5 });
  const handshakesBefore = fake.secureConnections;
  const requestsBefore = fake.requests.length;
  const logger = new MemoryLogger();
  const connection = await connect(
    { kind: 'content', content: kubeconfig(server) },
    undefined,
    logger,
    { retry: FAST_RETRY, probeTimeoutMs: 5000 },
    env,
  );
  try {
    const outcome = await runScan(await planScan(scanConfig()), {
      connection,
      logger,
      cleanup: true,
      timeoutSeconds: 15,
      logDrainMs: 500,
    });
    expect(outcome.reportText).toBeTruthy();
  } finally {
    connection.close();
  }
  expect(await fake.waitForNoScanObjects()).toEqual([]);
  return { handshakes: fake.secureConnections - handshakesBefore, requests: fake.requests.length - requestsBefore };
}

describe('a scan behind HTTPS_PROXY, as kubectl', () => {
  it('tunnels every connection (requests, watches, log streams) through the proxy, keeping them alive', async () => {
    const { handshakes, requests } = await scanWith({ HTTPS_PROXY: proxy.url });
    expect(requests).toBeGreaterThanOrEqual(10);
    // Each TLS connection the server saw is one tunnel the proxy opened, and keep-alive still holds them to 4.
    expect(proxy.connects.length).toBe(handshakes);
    expect(handshakes).toBeGreaterThanOrEqual(1);
    expect(handshakes).toBeLessThanOrEqual(4);
    expect(new Set(proxy.connects)).toEqual(new Set([`kube.test:${port}`]));
  });

  it('reads https_proxy too, and HTTPS_PROXY wins over it (an empty one counts as unset)', async () => {
    await scanWith({ https_proxy: proxy.url });
    expect(proxy.connects.length).toBeGreaterThan(0);
    proxy.reset();
    // The lower-case one points nowhere: it must not be used.
    await expect(scanWith({ HTTPS_PROXY: proxy.url, https_proxy: 'http://127.0.0.1:9' })).resolves.toBeDefined();
    expect(proxy.connects.length).toBeGreaterThan(0);
    proxy.reset();
    await scanWith({ HTTPS_PROXY: '', https_proxy: proxy.url });
    expect(proxy.connects.length).toBeGreaterThan(0);
  });

  it('sends the proxy credentials of the URL, and masks them with the kubeconfig secrets', async () => {
    const credentialed = proxy.url.replace('http://', 'http://ci:proxy-pass-1234@');
    const logger = new MemoryLogger();
    const connection = await connect(
      { kind: 'content', content: kubeconfig() },
      undefined,
      logger,
      { retry: FAST_RETRY },
      { HTTPS_PROXY: credentialed },
    );
    connection.close();
    expect(proxy.authorizations[0]).toBe(`Basic ${Buffer.from('ci:proxy-pass-1234').toString('base64')}`);
    expect(connection.secrets).toContain('proxy-pass-1234');
    expect(JSON.stringify(logger.lines)).not.toContain('proxy-pass-1234');
    expect(logger.messages('debug').join('\n')).toContain(`through the proxy http://***@127.0.0.1`);
  });

  it('goes direct when NO_PROXY names the server (name, domain suffix, host:port, *)', async () => {
    for (const noProxy of ['kube.test', '.test', 'other.example,kube.test', `kube.test:${port}`, '*']) {
      const { handshakes } = await scanWith({ HTTPS_PROXY: proxy.url, NO_PROXY: noProxy });
      expect(proxy.connects, `NO_PROXY=${noProxy}`).toEqual([]);
      expect(handshakes).toBeGreaterThanOrEqual(1);
    }
    // A NO_PROXY entry for another port does not match: through the proxy again.
    await scanWith({ HTTPS_PROXY: proxy.url, no_proxy: 'kube.test:1' });
    expect(proxy.connects.length).toBeGreaterThan(0);
  });

  it('never proxies loopback: a server on 127.0.0.1 is reached directly with HTTPS_PROXY set', async () => {
    await scanWith({ HTTPS_PROXY: proxy.url }, fake.url);
    expect(proxy.connects).toEqual([]);
  });

  it('prefers the kubeconfig proxy-url over HTTPS_PROXY', async () => {
    const withProxyUrl = kubeconfig().replace(
      '    tls-server-name: localhost',
      `    tls-server-name: localhost\n    proxy-url: ${proxy.url}`,
    );
    const connection = await connect(
      { kind: 'content', content: withProxyUrl },
      undefined,
      new MemoryLogger(),
      { retry: FAST_RETRY },
      { HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: 'kube.test' },
    );
    connection.close();
    expect(proxy.connects).toEqual([`kube.test:${port}`]);
  });

  it('refuses an HTTPS_PROXY that is not a proxy URL, naming the variable (KCS-NET-001)', async () => {
    await expect(
      connect(
        { kind: 'content', content: kubeconfig() },
        undefined,
        new MemoryLogger(),
        {},
        { HTTPS_PROXY: 'ftp://x:1' },
      ),
    ).rejects.toMatchObject({ code: 'KCS-NET-001', message: expect.stringContaining('HTTPS_PROXY') as unknown });
  });
});
