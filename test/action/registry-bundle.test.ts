// The bundled action (dist/action/index.js, or KCS_ACTION_BUNDLE) with registry-username and registry-password, as
// the runner runs it, against the fake API server with the Role of deploy/rbac-registry-secret.yaml: the pull Secret
// is gone after a passing scan and after a main killed with SIGKILL (post deletes it from the saved names), and the
// planted password and its auth string are masked and appear in no log, output, summary, state or artifact.
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeKube, Timeline } from '../support/fake-kube/index.js';
import { startFakeResultsService, type FakeResultsService } from '../support/fake-actions-results/server.js';
import { readZip } from '../support/fake-actions-results/zip.js';
import { RunnerJob, ROOT, type StepResult } from './run-bundle.js';
import { interpretStdout } from './runner-emulator.js';
import { readFileSync } from 'node:fs';

const FIXTURE_LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');
const NAMESPACE = 'kube-cinc-scan';
const PASSWORD = 'glpat-plantedRegistryPassword-4d2b9e';
const AUTH = Buffer.from(`ci-bot:${PASSWORD}`).toString('base64');

describe('the bundled action with registry credentials', () => {
  let fake: FakeKube;
  let results: FakeResultsService;
  beforeAll(async () => {
    fake = await FakeKube.start({ extraRbacManifests: [join(ROOT, 'deploy/rbac-registry-secret.yaml')] });
    results = await startFakeResultsService();
  });
  afterAll(async () => {
    await fake.close();
    await results.close();
  });
  beforeEach(() => {
    results.artifacts.length = 0;
    fake.resetScripting();
  });

  const job = (inputs: Record<string, string> = {}): RunnerJob =>
    new RunnerJob(
      {
        image: 'registry.gitlab.example.com/acme/app:2.0',
        namespace: NAMESPACE,
        kubeconfig: fake.kubeconfig(),
        'registry-username': 'ci-bot',
        'registry-password': PASSWORD,
        timeout: '60s',
        ...inputs,
      },
      // The package folders (scanner/, profiles/) for a bundle built outside the repository.
      { ...results.env(), KCS_ROOT: ROOT },
    );

  function expectMaskedAndAbsent(step: StepResult, run: RunnerJob, files: Map<string, Buffer> | undefined): void {
    const view = interpretStdout(step.stdout);
    expect(view.masks, 'the password has its own ::add-mask::').toContain(PASSWORD);
    expect(view.masks, 'the auth string has its own ::add-mask::').toContain(AUTH);
    const places: Record<string, string> = {
      stdout: step.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n'),
      stderr: step.stderr,
      outputs: JSON.stringify(run.outputs()),
      summary: run.summary(),
      state: JSON.stringify(run.state()),
    };
    for (const [name, content] of files ?? []) places[`artifact ${name}`] = content.toString('utf8');
    for (const [where, text] of Object.entries(places)) {
      expect(text.includes(PASSWORD), `${where} holds the password`).toBe(false);
      expect(text.includes(AUTH), `${where} holds the auth string`).toBe(false);
    }
  }

  it('pass: the Secret is used while the scan runs and gone after; nothing secret anywhere', async () => {
    let secrets: { metadata: { name: string }; data: Record<string, string> }[] = [];
    fake.timelineFor = () => Timeline.scan(FIXTURE_LOG).call(() => (secrets = fake.list('secrets')));
    const run = job();
    const main = await run.main();
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(secrets).toHaveLength(1);
    const config = JSON.parse(Buffer.from(secrets[0]?.data['.dockerconfigjson'] ?? '', 'base64').toString()) as {
      auths: Record<string, { auth: string }>;
    };
    expect(config.auths['registry.gitlab.example.com']?.auth).toBe(AUTH);
    expect(await fake.waitForNoScanObjects()).toEqual([]);
    expect(results.artifacts).toHaveLength(1);
    const files = readZip(results.artifacts[0]?.blob ?? Buffer.alloc(0));
    expect(files.get('pod.yaml')?.toString()).toContain(secrets[0]?.metadata.name);
    expectMaskedAndAbsent(main, run, files);
    const post = await run.post();
    expect(post.code).toBe(0);
    expect(post.stdout + post.stderr).not.toContain(PASSWORD);
  });

  it('SIGKILL of main during the scan leaves the pod and the Secret; post deletes both from the saved state', async () => {
    fake.timelineFor = () => Timeline.started().log('scanner', ['scan is running']);
    const run = job();
    const main = await run.main({ signalWhen: { when: 'scan is running', signal: 'SIGKILL' } });
    expect(main.signal).toBe('SIGKILL');
    const left = fake.scanObjects();
    expect(left.filter((o) => o.startsWith('pods/'))).toHaveLength(1);
    expect(left.filter((o) => o.startsWith('secrets/'))).toHaveLength(1);
    expect(run.state()['scan']).toContain('-registry');
    const post = await run.post();
    expect(post.code, post.stdout + post.stderr).toBe(0);
    expect(interpretStdout(post.stdout).warnings).toEqual([]);
    expect(await fake.waitForNoScanObjects()).toEqual([]);
    expectMaskedAndAbsent(main, run, undefined);
    expectMaskedAndAbsent(post, run, undefined);
  });
});
