// `kube-cinc-scan scan --registry-username USER --registry-password-stdin` against the fake API server (with the Role
// of deploy/rbac-registry-secret.yaml): the pull Secret holds the right credentials for the image's registry, the pod
// pulls with it, nothing is left afterwards, and the planted password appears in no output and no file. In process,
// through main(): the subprocess tests in this folder run the bundle, which the sources lead.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { FakeKube, Timeline } from '../support/fake-kube/index.js';
import { makeTempDir } from '../support/temp-dir.js';
import { NAMESPACE, ROOT } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects read back from the fake are untyped JSON */

const FIXTURE_LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');
const PASSWORD = 'planted-cli-registry-password-19c4e2';
const AUTH = Buffer.from(`octocat:${PASSWORD}`).toString('base64');
const IMAGE = 'ghcr.io/acme/private-app:1.2.3';

let fake: FakeKube;
let dir: string;
let kubeconfig: string;
beforeAll(async () => {
  fake = await FakeKube.start({ extraRbacManifests: [join(ROOT, 'deploy/rbac-registry-secret.yaml')] });
  dir = makeTempDir('kcs-cli-registry-');
  kubeconfig = fake.writeKubeconfig(join(dir, 'kubeconfig'));
});
afterAll(async () => {
  await fake.close();
});
afterEach(async () => {
  expect(await fake.waitForNoScanObjects()).toEqual([]);
  fake.resetScripting();
});

function capture(env: NodeJS.ProcessEnv = {}, stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env,
    cwd: dir,
    signal: new AbortController().signal,
    ...(stdin === undefined ? {} : { readStdin: () => Promise.resolve(stdin) }),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

let runs = 0;
function scanArgs(...extra: string[]): { args: string[]; outputDir: string } {
  runs += 1;
  const outputDir = join(dir, `out-${runs}`);
  return {
    args: [
      'scan',
      '--image',
      IMAGE,
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      NAMESPACE,
      '--output-dir',
      outputDir,
      ...extra,
    ],
    outputDir,
  };
}

/** Records the Secrets and pods while the scanner runs. */
function recordWhileScanning(): { secrets: any[]; pods: any[] } {
  const seen = { secrets: [] as any[], pods: [] as any[] };
  fake.timelineFor = () =>
    Timeline.scan(FIXTURE_LOG).call(() => {
      seen.secrets = fake.list('secrets');
      seen.pods = fake.list('pods');
    });
  return seen;
}

function expectNoPassword(where: Record<string, string>): void {
  for (const [name, text] of Object.entries(where)) {
    expect(text.includes(PASSWORD), `${name} shows the password`).toBe(false);
    expect(text.includes(AUTH), `${name} shows the auth string`).toBe(false);
  }
}

const filesOf = (outputDir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(outputDir).map((f) => [f, readFileSync(join(outputDir, f), 'utf8')]));

describe('kube-cinc-scan scan with registry credentials', () => {
  it('--registry-password-stdin: the Secret holds the credentials for ghcr.io, the pod uses it, nothing leaks or stays', async () => {
    const seen = recordWhileScanning();
    const { args, outputDir } = scanArgs('--registry-username', 'octocat', '--registry-password-stdin', '-v');
    const run = capture({}, `${PASSWORD}\n`);
    const code = await main(args, run.io);
    expect(code, run.stderr()).toBe(0);
    expect(seen.secrets).toHaveLength(1);
    const [secret] = seen.secrets;
    const config = JSON.parse(Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString());
    expect(config).toEqual({ auths: { 'ghcr.io': { username: 'octocat', password: PASSWORD, auth: AUTH } } });
    expect(seen.pods[0].spec.imagePullSecrets).toEqual([{ name: secret.metadata.name }]);
    expect(run.stderr()).toContain(`Created Secret ${NAMESPACE}/${secret.metadata.name} with the pull credentials`);
    expectNoPassword({ stdout: run.stdout(), stderr: run.stderr(), ...filesOf(outputDir) });
    expect(filesOf(outputDir)['pod.yaml']).toContain(secret.metadata.name);
  });

  it('KCS_REGISTRY_PASSWORD works the same, for --registry given explicitly', async () => {
    const seen = recordWhileScanning();
    const { args, outputDir } = scanArgs('--registry-username', 'octocat', '--registry', 'https://ghcr.io/');
    const run = capture({ KCS_REGISTRY_PASSWORD: PASSWORD });
    expect(await main(args, run.io), run.stderr()).toBe(0);
    expect(seen.secrets).toHaveLength(1);
    expectNoPassword({ stdout: run.stdout(), stderr: run.stderr(), ...filesOf(outputDir) });
  });

  it('refuses --registry-password by name with a usage error that does not repeat the value', async () => {
    const before = fake.requests.length;
    for (const form of [['--registry-password', PASSWORD], [`--registry-password=${PASSWORD}`]]) {
      const { args } = scanArgs('--registry-username', 'octocat', ...form);
      const run = capture();
      expect(await main(args, run.io)).toBe(2);
      expect(run.stderr()).toContain('KCS-CLI-002: scan: --registry-password is not accepted');
      expect(run.stderr()).toContain('--registry-password-stdin');
      expect(run.stderr()).toContain('KCS_REGISTRY_PASSWORD');
      expectNoPassword({ stderr: run.stderr(), stdout: run.stdout() });
    }
    expect(fake.requests.length, 'nothing was sent to the cluster').toBe(before);
  });

  it('a user name without a password is an input error (exit 2) before the cluster is touched', async () => {
    const before = fake.requests.length;
    const { args } = scanArgs('--registry-username', 'octocat');
    const run = capture();
    expect(await main(args, run.io)).toBe(2);
    expect(run.stderr()).toContain('KCS-CFG-014');
    expect(fake.requests.length).toBe(before);
  });
});

describe('kube-cinc-scan render with registry credentials', () => {
  it('prints the Secret with REDACTED in place of the password, which it never reads', async () => {
    const run = capture({ KCS_REGISTRY_PASSWORD: PASSWORD }, PASSWORD);
    const code = await main(
      ['render', '--image', 'busybox:1.37.0', '--registry-username', 'me', '--registry-password-stdin'],
      run.io,
    );
    expect(code, run.stderr()).toBe(0);
    expectNoPassword({ stdout: run.stdout(), stderr: run.stderr() });
    const documents = loadAll(run.stdout()) as any[];
    expect(documents.map((d) => d.kind)).toEqual(['ConfigMap', 'ConfigMap', 'Secret', 'Pod']);
    const secret = documents[2];
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    expect(JSON.parse(Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString())).toEqual({
      auths: { 'https://index.docker.io/v1/': { username: 'me', password: 'REDACTED', auth: 'REDACTED' } },
    });
    expect(documents[3].spec.imagePullSecrets).toEqual([{ name: secret.metadata.name }]);
    expect(run.stdout()).toContain(
      `# create it with: kubectl -n default create secret docker-registry ${secret.metadata.name}`,
    );
  });
});
