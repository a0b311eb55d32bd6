// The action with registry-username and registry-password, in process (main, then post), against the fake API server
// with the Role of deploy/rbac-registry-secret.yaml: the password and the auth string are masked each on their own,
// the pull Secret exists only while the scan runs, and neither appears in the log, the outputs, the summary, the state
// or the artifact. Post deletes the Secret of a main that died.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ActionLogger } from '../../src/action/action-logger.js';
import { main } from '../../src/action/main.js';
import { post } from '../../src/action/post.js';
import { secretsToMask } from '../../src/action/secrets.js';
import { saveScanState, type StateStore } from '../../src/action/state.js';
import { parseConfig } from '../../src/core/config.js';
import { connect, kubeconfigSecrets } from '../../src/core/kube/connection.js';
import { createConfigMaps, createPod, createRegistrySecret } from '../../src/core/kube/create.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { planScan } from '../../src/core/scan.js';
import { FakeKube, Timeline } from '../support/fake-kube/index.js';
import { makeTempDir } from '../support/temp-dir.js';
import { captureStdout, withEnv } from './helpers.js';
import { interpretStdout, parseFileCommands } from './runner-emulator.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects read back from the fake are untyped JSON */

const ROOT = join(import.meta.dirname, '../..');
const FIXTURE_LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');
const NAMESPACE = 'kube-cinc-scan';
const PASSWORD = 'ghp_plantedRegistryToken0123456789abcdef';
const AUTH = Buffer.from(`octocat:${PASSWORD}`).toString('base64');

const memoryState = (): StateStore & { values: Map<string, string> } => {
  const values = new Map<string, string>();
  return { values, get: (name) => values.get(name) ?? '', save: (name, value) => void values.set(name, value) };
};

describe('secretsToMask with registry inputs', () => {
  it('masks the password, the auth string and the Secret data, each on its own', () => {
    const masks = secretsToMask(
      { image: 'ghcr.io/acme/app:1', 'registry-username': 'octocat', 'registry-password': PASSWORD },
      kubeconfigSecrets,
    );
    expect(masks).toContain(PASSWORD);
    expect(masks).toContain(AUTH);
    const dockerConfig = JSON.stringify({
      auths: { 'ghcr.io': { username: 'octocat', password: PASSWORD, auth: AUTH } },
    });
    expect(masks).toContain(Buffer.from(dockerConfig).toString('base64'));
  });

  it('masks the password even when the other registry inputs are invalid', () => {
    expect(secretsToMask({ 'registry-password': PASSWORD, registry: 'not a host' }, kubeconfigSecrets)).toContain(
      PASSWORD,
    );
  });
});

describe('main and post with registry credentials', () => {
  let fake: FakeKube;
  let dir: string;
  let env: Record<string, string>;
  let restore: () => void = () => undefined;
  const uploads: { name: string; files: Map<string, string> }[] = [];
  const artifactClient = {
    uploadArtifact: (name: string, files: string[]) => {
      uploads.push({ name, files: new Map(files.map((f) => [f, readFileSync(f, 'utf8')])) });
      return Promise.resolve({ id: uploads.length, size: 1 });
    },
  };

  beforeAll(async () => {
    fake = await FakeKube.start({ extraRbacManifests: [join(ROOT, 'deploy/rbac-registry-secret.yaml')] });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    dir = makeTempDir('kcs-action-registry-');
    env = {
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      RUNNER_TEMP: dir,
      GITHUB_JOB: 'scan',
    };
    for (const file of [env['GITHUB_OUTPUT'], env['GITHUB_STEP_SUMMARY']]) writeFileSync(file ?? '', '');
    restore = withEnv(env);
    uploads.length = 0;
  });
  afterEach(async () => {
    restore();
    process.exitCode = undefined;
    expect(await fake.waitForNoScanObjects()).toEqual([]);
    fake.resetScripting();
  });

  const inputs = () => ({
    image: 'ghcr.io/acme/private-app:1.2.3',
    namespace: NAMESPACE,
    kubeconfig: fake.kubeconfig(),
    'registry-username': 'octocat',
    'registry-password': PASSWORD,
    timeout: '30s',
  });

  it('main: masks first, scans with the Secret, leaves nothing, and no output, file or artifact holds the password', async () => {
    let secrets: any[] = [];
    fake.timelineFor = () => Timeline.scan(FIXTURE_LOG).call(() => (secrets = fake.list('secrets')));
    const state = memoryState();
    const { output } = await captureStdout(() =>
      main({
        env,
        cwd: dir,
        readInputs: inputs,
        state,
        logger: new ActionLogger(),
        artifactClient,
        signal: new AbortController().signal,
      }),
    );
    const view = interpretStdout(output);
    expect(view.errors, output).toEqual([]);
    expect(view.masks).toEqual(expect.arrayContaining([PASSWORD, AUTH]));
    // Masked before anything else is written (the connection's own credentials are masked later, once known).
    const lines = output.split('\n');
    const firstOther = lines.findIndex((l) => !l.startsWith('::add-mask::'));
    for (const secret of [PASSWORD, AUTH]) expect(lines.indexOf(`::add-mask::${secret}`)).toBeLessThan(firstOther);
    expect(secrets).toHaveLength(1);
    expect(JSON.parse(Buffer.from(secrets[0].data['.dockerconfigjson'], 'base64').toString())).toEqual({
      auths: { 'ghcr.io': { username: 'octocat', password: PASSWORD, auth: AUTH } },
    });
    expect(state.values.get('scan')).toContain(secrets[0].metadata.name);

    const outputs = parseFileCommands(readFileSync(env['GITHUB_OUTPUT'] ?? '', 'utf8'));
    expect(outputs['result']).toBe('pass');
    expect(uploads).toHaveLength(1);
    const places: Record<string, string> = {
      'job log': output
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
      outputs: JSON.stringify(outputs),
      summary: readFileSync(env['GITHUB_STEP_SUMMARY'] ?? '', 'utf8'),
      state: JSON.stringify([...state.values]),
    };
    for (const [file, content] of uploads[0]?.files ?? []) places[`artifact ${file}`] = content;
    expect(Object.keys(places).some((p) => p.endsWith('pod.yaml'))).toBe(true);
    for (const [where, text] of Object.entries(places)) {
      expect(text.includes(PASSWORD), `${where} holds the password`).toBe(false);
      expect(text.includes(AUTH), `${where} holds the auth string`).toBe(false);
    }
  });

  it('post after a main that died with the pod, ConfigMaps and Secret in place deletes them all, masked', async () => {
    // What main leaves when it is killed mid-scan: the saved names, and every object created.
    fake.timelineFor = () => Timeline.started().log('scanner', ['scan is running']);
    const config = parseConfig(inputs(), { env, cwd: dir, mode: 'action' });
    const plan = await planScan(config.scan);
    const state = memoryState();
    saveScanState(state, { ...plan.names, cleanup: true });
    const connection = await connect(config.scan.kubeconfig, undefined, new MemoryLogger());
    try {
      const context = {
        http: connection.http,
        logger: new MemoryLogger(),
        signal: new AbortController().signal,
        made: [],
      };
      await createConfigMaps(plan, context);
      await createRegistrySecret(plan, context);
      await createPod(plan, context);
    } finally {
      connection.close();
    }
    expect(fake.list('secrets')).toHaveLength(1);

    const logger = new MemoryLogger();
    const { output } = await captureStdout(() => post({ env, cwd: dir, readInputs: inputs, state, logger }));
    expect(interpretStdout(output).masks).toEqual(expect.arrayContaining([PASSWORD, AUTH]));
    expect(logger.messages('warn')).toEqual([]);
    expect(logger.messages('info')).toContain(
      `Making sure pod ${NAMESPACE}/${plan.names.podName} and its ConfigMaps and registry Secret are deleted.`,
    );
    expect(await fake.waitForNoScanObjects()).toEqual([]);
    expect(fake.list('secrets')).toEqual([]);
  });

  it('post with cleanup false still deletes the registry Secret, and keeps the rest', async () => {
    const config = parseConfig({ ...inputs(), cleanup: 'false' }, { env, cwd: dir, mode: 'action' });
    const plan = await planScan(config.scan);
    const state = memoryState();
    saveScanState(state, { ...plan.names, cleanup: false });
    const connection = await connect(config.scan.kubeconfig, undefined, new MemoryLogger());
    try {
      const context = {
        http: connection.http,
        logger: new MemoryLogger(),
        signal: new AbortController().signal,
        made: [],
      };
      await createConfigMaps(plan, context);
      await createRegistrySecret(plan, context);
      const logger = new MemoryLogger();
      await captureStdout(() =>
        post({ env, cwd: dir, readInputs: () => ({ ...inputs(), cleanup: 'false' }), state, logger }),
      );
      expect(fake.list('secrets')).toEqual([]);
      expect(fake.list('configmaps').map((c) => c.metadata.name)).toEqual(plan.names.configMapNames);
      expect(logger.messages('warn')).toEqual([]);
      for (const name of plan.names.configMapNames)
        await connection.http.request('DELETE', `/api/v1/namespaces/${NAMESPACE}/configmaps/${name}`);
    } finally {
      connection.close();
    }
  });
});
