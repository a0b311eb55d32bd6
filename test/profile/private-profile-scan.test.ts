// A whole scan with a private profile URL and its token, against the fake API server: the runner fetches the profile
// (and its dependency), the pod gets it in the profile ConfigMap like a local one, and no object in the cluster, no
// file of the artifact and no log line holds the token or the URL. The scan pod downloads nothing.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { runPipeline } from '../../src/core/pipeline.js';
import { prepareProfile } from '../../src/core/profile/prepare.js';
import { profileTarGz } from '../support/archives.js';
import { ConnectProxy } from '../support/connect-proxy.js';
import { FakeKube, Timeline } from '../support/fake-kube/index.js';
import { ProfileServer } from '../support/profile-server.js';
import { makeTempDir } from '../support/temp-dir.js';

const SCANNER_LOG = readFileSync(new URL('../fixtures/framing/scanner.log', import.meta.url), 'utf8');
const NAMESPACE = 'kube-cinc-scan';
const TOKEN = 'glpat-private-profile-token-5f2a9c';

let fake: FakeKube;
let server: ProfileServer;
let dir: string;
beforeAll(async () => {
  fake = await FakeKube.start();
  server = await ProfileServer.start(TOKEN);
  dir = makeTempDir('kcs-private-profile-');
});
afterAll(async () => {
  await server.close();
  await fake.close();
});

/** Every object in the cluster as text, with binaryData (the profile tar.gz) decoded and unpacked. */
function clusterText(): string {
  const objects = [...fake.list('configmaps'), ...fake.list('pods'), ...fake.list('secrets')];
  const unpacked = fake
    .list('configmaps')
    .flatMap((cm: { binaryData?: Record<string, string> }) =>
      Object.values(cm.binaryData ?? {}).map((b64) => gunzipSync(Buffer.from(b64, 'base64')).toString('latin1')),
    );
  return [JSON.stringify(objects), ...unpacked].join('\n');
}

describe('a scan of a private profile URL', () => {
  it('ships the fetched profile in the ConfigMap; the token is in no cluster object, file or log', async () => {
    const dependency = server.serve(
      '/private/base.tar.gz',
      profileTarGz({ 'inspec.yml': 'name: base\nversion: 1.0.0\n', 'controls/b.rb': 'control "b"' }, 'base-main'),
    );
    const url = server.serve(
      '/private/wrapper.tar.gz',
      profileTarGz({
        'inspec.yml': `name: wrapper\nversion: 1.0.0\ndepends:\n  - name: base\n    url: ${dependency}\n`,
        'controls/w.rb': 'include_controls "base"',
      }),
    );
    fake.timelineFor = () => Timeline.scan(SCANNER_LOG, { intervalMs: 2, batch: 5 });
    const out = join(dir, 'out');
    const config = parseConfig(
      {
        image: 'ghcr.io/acme/app:1.0',
        profile: url,
        'profile-token': TOKEN,
        namespace: NAMESPACE,
        kubeconfig: fake.kubeconfig(),
        'output-dir': out,
        timeout: '30s',
        // Kept, so the test can read every object the scan made.
        cleanup: 'false',
      },
      { env: {}, cwd: dir, mode: 'action' },
    );
    const logger = new MemoryLogger();
    const outcome = await runPipeline(config, { logger });
    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toBe('pass');

    // The runner fetched both, with the token; nothing else asked the profile server for anything.
    expect(server.requests.map((r) => [r.path, r.authorization])).toEqual([
      ['/private/wrapper.tar.gz', `Bearer ${TOKEN}`],
      ['/private/base.tar.gz', `Bearer ${TOKEN}`],
    ]);
    const text = clusterText();
    expect(text).toContain('include_controls "base"');
    expect(text).toContain('inspec.lock');
    // Not the token, nor the profile's URL. The dependency's URL is where the profile's author wrote it (inspec.yml) and
    // in inspec.lock, without credentials or query, as InSpec writes it; the pod never fetches it: the sha256 names it
    // in vendor/.
    for (const secret of [TOKEN, url]) expect(text, secret).not.toContain(secret);
    expect(text.split(dependency).length - 1).toBe(2);
    expect(text).toMatch(/url: "http:\/\/127\.0\.0\.1:\d+\/private\/base\.tar\.gz"\n\s+sha256: "[0-9a-f]{64}"/);

    // The scanner is told about an archive in its ConfigMap only: it has no URL to download.
    const [pod] = fake.list('pods') as { spec: { containers: { name: string; env?: { name: string }[] }[] } }[];
    const scanner = pod?.spec.containers.find((c) => c.name === 'scanner');
    const names = (scanner?.env ?? []).map((e) => e.name);
    expect(names).toContain('KCS_PROFILE_ARCHIVE');
    expect(names.filter((n) => /URL|TOKEN/.test(n))).toEqual([]);

    for (const file of readdirSync(out)) expect(readFileSync(join(out, file), 'utf8'), file).not.toContain(TOKEN);
    expect(JSON.stringify(logger.lines)).not.toContain(TOKEN);
    expect(outcome.markdown).not.toContain(TOKEN);
  });

  it('downloads through HTTP_PROXY, and straight to hosts in NO_PROXY, as kubectl would', async () => {
    const proxy = await ConnectProxy.start();
    try {
      const port = new URL(server.url).port;
      server.serve('/public/p.tar.gz', profileTarGz({ 'inspec.yml': 'name: p\nversion: 1.0.0\n' }));
      const url = `http://profiles.test:${port}/public/p.tar.gz`;
      await prepareProfile({ profile: { kind: 'url', url } }, { env: { HTTP_PROXY: proxy.url } });
      expect(proxy.connects).toEqual([`profiles.test:${port}`]);
      proxy.reset();
      // Loopback is never proxied.
      await prepareProfile(
        { profile: { kind: 'url', url: `${server.url}/public/p.tar.gz` } },
        { env: { HTTP_PROXY: proxy.url } },
      );
      expect(proxy.connects).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('refuses to send a credential over plain http to another machine (KCS-PROF-001)', () => {
    expect(() =>
      parseConfig(
        { image: 'app:1', profile: 'http://profiles.example.com/p.tar.gz', 'profile-token': TOKEN },
        { env: {}, cwd: dir, mode: 'action' },
      ),
    ).toThrow(/credential would be sent in clear text over http:\/\/ to profiles.example.com/);
  });
});
