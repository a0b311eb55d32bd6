import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeKube, Timeline, podResultsKey, resignLog } from '../support/fake-kube/index.js';
import { startFakeResultsService, type FakeResultsService } from '../support/fake-actions-results/server.js';
import { readZip } from '../support/fake-actions-results/zip.js';
import { startFakeGitHubApi } from '../support/fake-github-api/server.js';
import { plantedKubeconfig } from './planted-kubeconfig.js';
import { RunnerJob, type StepResult } from './run-bundle.js';
import { interpretStdout } from './runner-emulator.js';
import { makeTempDir } from '../support/temp-dir.js';

const FIXTURE_LOG = readFileSync(new URL('../fixtures/framing/scanner.log', import.meta.url), 'utf8');
/** Lines a file in the scanned image could hold; printed by the scanner, they must change nothing. */
const HOSTILE = ['::add-mask::x', '::set-output name=result::pass', '::error::boom'];
const SCANNER_LOG = `${HOSTILE.join('\n')}\n${FIXTURE_LOG}`;
const NAMESPACE = 'kube-cinc-scan';
const PASS = 'failed:\n  total:\n    max: 2\n';
const FAIL = 'failed:\n  total:\n    max: 0\n';
const GITHUB_TOKEN = 'ghs_plantedgithubtoken0123456789abcdef';

// The bundled action (dist/action/index.js) as the runner runs it: node24, main then post with the saved state as
// STATE_* variables, against the fake Kubernetes API server and the fake Actions results service.
describe('the bundled action, main then post', () => {
  let fake: FakeKube;
  let results: FakeResultsService;
  let planted: ReturnType<typeof plantedKubeconfig>;

  beforeAll(async () => {
    fake = await FakeKube.start();
    results = await startFakeResultsService();
  });
  afterAll(async () => {
    await fake.close();
    await results.close();
  });
  beforeEach(() => {
    results.artifacts.length = 0;
    planted = plantedKubeconfig(fake.url, NAMESPACE, fake.tokens.scanner);
  });

  const job = (inputs: Record<string, string>, env: Record<string, string> = {}): RunnerJob =>
    new RunnerJob(
      {
        image: 'ghcr.io/acme/app:1.0',
        namespace: NAMESPACE,
        kubeconfig: planted.text,
        'github-token': GITHUB_TOKEN,
        timeout: '60s',
        ...inputs,
      },
      { ...results.env(), ...env },
    );

  /** Nothing secret anywhere a user or a later step can see it, and each secret masked on its own. */
  function expectNoSecrets(step: StepResult, run: RunnerJob, artifactFiles: Map<string, Buffer> | undefined): void {
    const view = interpretStdout(step.stdout);
    const secrets = [...planted.secrets, GITHUB_TOKEN];
    for (const secret of secrets) expect(view.masks, 'each secret has its own ::add-mask::').toContain(secret);
    const unmasked = step.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    const places: Record<string, string> = {
      stdout: unmasked,
      stderr: step.stderr,
      outputs: JSON.stringify(run.outputs()),
      summary: run.summary(),
      state: JSON.stringify(run.state()),
    };
    for (const [name, content] of artifactFiles ?? []) places[`artifact ${name}`] = content.toString('utf8');
    for (const [where, text] of Object.entries(places)) {
      for (const secret of [...secrets, ...planted.keyPemLines])
        expect(text.includes(secret), `${where} leaks a secret`).toBe(false);
    }
  }

  /** The scanner's hostile lines were shown as text and acted on nothing. */
  function expectHostileLinesInert(step: StepResult): void {
    const view = interpretStdout(step.stdout);
    expect(view.masks).not.toContain('x');
    expect(view.outputs).toEqual({});
    expect(view.errors).not.toContain('boom');
    for (const line of HOSTILE) expect(view.shown).toContain(line);
  }

  function artifactFiles(): Map<string, Buffer> {
    expect(results.artifacts).toHaveLength(1);
    return readZip(results.artifacts[0]?.blob ?? Buffer.alloc(0));
  }

  it('pass: exit 0, outputs, summary, eight files uploaded, nothing left in the cluster; post is clean', async () => {
    let key = '';
    fake.timelineFor = (pod) => {
      key = podResultsKey(pod) ?? '';
      return Timeline.scan(SCANNER_LOG);
    };
    const run = job({ threshold: PASS, 'retention-days': '3' });
    const main = await run.main();
    expect(main.code, main.stdout + main.stderr).toBe(0);
    const outputs = run.outputs();
    expect(outputs).toMatchObject({
      result: 'pass',
      passed: '3',
      failed: '2',
      skipped: '1',
      'not-applicable': '1',
      errors: '1',
    });
    expect(outputs['artifact-id']).toBe(String(results.artifacts[0]?.id));
    expect(outputs['pod-name']).toMatch(/^kcs-/);
    expect(outputs['results-file']).toMatch(/scan-results\.json$/);
    expect(outputs['sarif-file']).toBe(join(dirname(outputs['results-file'] ?? ''), 'scan-results.sarif'));
    expect(outputs['junit-file']).toBe(join(dirname(outputs['results-file'] ?? ''), 'scan-results.junit.xml'));
    expect(run.summary()).toContain('Compliance scan passed the threshold');
    expect(run.summary()).toContain(
      `https://github.com/acme/app/actions/runs/4711/artifacts/${outputs['artifact-id']}`,
    );
    const files = artifactFiles();
    expect([...files.keys()].sort()).toEqual([
      'pod.yaml',
      'scan-results.json',
      'scan-results.junit.xml',
      'scan-results.sarif',
      'scan-summary.md',
      'scanner.log',
      'summary.json',
      'threshold-result.txt',
    ]);
    const sarif = JSON.parse(files.get('scan-results.sarif')?.toString() ?? '{}') as {
      runs: { automationDetails: { id: string }; results: { suppressions?: unknown }[] }[];
    };
    expect(sarif.runs[0]?.automationDetails.id).toBe('kube-cinc-scan/ghcr.io/acme/app/container-baseline/');
    expect(sarif.runs[0]?.results.filter((r) => !r.suppressions)).toHaveLength(2 + 1); // failed + errors
    expect(files.get('scan-results.junit.xml')?.toString()).toMatch(
      /<testsuite [^>]*tests="8" failures="2" errors="1"/,
    );
    expect(files.get('scanner.log')?.toString()).toBe(resignLog(SCANNER_LOG, key));
    // The results key is a credential: in no uploaded file, registered as a mask, and nowhere the job log shows.
    for (const [name, content] of files) expect(content.toString(), name).not.toContain(key);
    expect(results.artifacts[0]?.name).toBe('kcs-ghcr.io-acme-app-1.0-scan');
    expect(results.artifacts[0]?.expiresAt).toBeDefined();
    const view = interpretStdout(main.stdout);
    expect(view.masks).toContain(key);
    expect(view.shown.join('\n') + main.stderr).not.toContain(key);
    expect(view.groups).toEqual(['Prepare', 'Scan', 'Results', 'Publish']);
    expect(view.errors).toEqual([]);
    expectHostileLinesInert(main);
    expectNoSecrets(main, run, files);
    expect(await fake.waitForNoScanObjects()).toEqual([]);

    const post = await run.post();
    expect(post.code, post.stdout + post.stderr).toBe(0);
    expect(interpretStdout(post.stdout).warnings).toEqual([]);
    // Main finished its scan and its own cleanup, so post has nothing to do and reads no input at all.
    expect(post.stdout).toMatch(/nothing left to do/);
    for (const secret of [...planted.secrets, GITHUB_TOKEN]) expect(post.stdout + post.stderr).not.toContain(secret);
  });

  it('threshold fail with fail-on-threshold true: exit 1, one-line error with the code; outputs still set', async () => {
    fake.timelineFor = () => Timeline.scan(SCANNER_LOG);
    const run = job({ threshold: FAIL });
    const main = await run.main();
    expect(main.code).toBe(1);
    expect(run.outputs()).toMatchObject({
      result: 'fail',
      failed: '2',
      'artifact-id': String(results.artifacts[0]?.id),
    });
    const view = interpretStdout(main.stdout);
    expect(view.errors).toEqual([
      expect.stringMatching(
        /^KCS-GH-002: the threshold failed with 1 violation \(compliance \d+%\)\. See the job summary and the artifact kcs-/,
      ),
    ]);
    expectHostileLinesInert(main);
    expect(run.summary()).toContain('Compliance scan failed the threshold');
    expect(await fake.waitForNoScanObjects()).toEqual([]);
  });

  it('threshold fail with fail-on-threshold false: exit 0 with a warning annotation', async () => {
    fake.timelineFor = () => Timeline.scan(SCANNER_LOG);
    const run = job({ threshold: FAIL, 'fail-on-threshold': 'false' });
    const main = await run.main();
    expect(main.code).toBe(0);
    expect(run.outputs()['result']).toBe('fail');
    const view = interpretStdout(main.stdout);
    expect(view.errors).toEqual([]);
    expect(view.warnings).toEqual([expect.stringMatching(/^KCS-GH-002: .*fail-on-threshold is false\.$/)]);
  });

  it('scan error: exit 1, result=error, scanner log and pod spec uploaded, cluster empty', async () => {
    const log = `${HOSTILE.join('\n')}\nkcs-scanner: run x: cinc-auditor failed\n`;
    fake.timelineFor = () => Timeline.scan(log, { exitCode: 68 });
    const run = job({ threshold: PASS });
    const main = await run.main();
    expect(main.code).toBe(1);
    expect(run.outputs()).toMatchObject({
      result: 'error',
      compliance: '',
      passed: '',
      'results-file': '',
      'sarif-file': '',
      'artifact-id': String(results.artifacts[0]?.id),
    });
    expect(run.outputs()['junit-file']).toMatch(/scan-results\.junit\.xml$/);
    const view = interpretStdout(main.stdout);
    expect(view.errors.at(-1)).toMatch(/^Scan error: KCS-SCAN-\d{3}: .* See the job summary and the artifact kcs-/);
    expect(view.errors.at(-1)).not.toContain('\n');
    const files = artifactFiles();
    expect([...files.keys()].sort()).toEqual([
      'pod.yaml',
      'scan-results.junit.xml',
      'scan-summary.md',
      'scanner.log',
      'summary.json',
      'threshold-result.txt',
    ]);
    expect(files.get('scanner.log')?.toString()).toBe(log);
    expectHostileLinesInert(main);
    expectNoSecrets(main, run, files);
    expect(await fake.waitForNoScanObjects()).toEqual([]);
  });

  it('SIGTERM during the scan: main deletes the pod, publishes result=error and fails; post then finds nothing', async () => {
    fake.timelineFor = () => Timeline.started().log('scanner', ['scan is running']);
    const run = job({});
    const main = await run.main({ signalWhen: { when: 'scan is running', signal: 'SIGTERM' } });
    expect(main.code).toBe(1);
    expect(run.outputs()['result']).toBe('error');
    const view = interpretStdout(main.stdout);
    expect(view.warnings).toContain(
      'KCS-GH-010: received SIGTERM (job cancelled?): stopping the scan and deleting its pod.',
    );
    expect(run.state()['scan']).toContain(NAMESPACE);
    expect(await fake.waitForNoScanObjects()).toEqual([]);
    const post = await run.post();
    expect(post.code).toBe(0);
    expect(interpretStdout(post.stdout).warnings).toEqual([]);
    expect(await fake.waitForNoScanObjects()).toEqual([]);
  });

  it('SIGKILL of main during the scan: the pod is left, and post deletes it from the saved state', async () => {
    fake.timelineFor = () => Timeline.started().log('scanner', ['scan is running']);
    const run = job({});
    const main = await run.main({ signalWhen: { when: 'scan is running', signal: 'SIGKILL' } });
    expect(main.signal).toBe('SIGKILL');
    const left = fake.scanObjects();
    expect(left.filter((o) => o.startsWith('pods/'))).toHaveLength(1);
    const post = await run.post();
    expect(post.code, post.stdout + post.stderr).toBe(0);
    expect(interpretStdout(post.stdout).warnings).toEqual([]);
    expect(await fake.waitForNoScanObjects()).toEqual([]);
    expectNoSecrets(post, run, undefined);
  });

  it('comment-on-pr on a pull_request event: the bundled @actions/github client posts, then updates the same comment', async () => {
    fake.timelineFor = () => Timeline.scan(SCANNER_LOG);
    const github = await startFakeGitHubApi({ owner: 'acme', repo: 'app', token: GITHUB_TOKEN });
    try {
      const dir = makeTempDir('kcs-event-');
      writeFileSync(join(dir, 'event.json'), JSON.stringify({ pull_request: { number: 5 } }));
      const env = {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: join(dir, 'event.json'),
        GITHUB_API_URL: github.url,
      };
      for (const threshold of [FAIL, PASS]) {
        const run = job({ threshold, 'comment-on-pr': 'true', 'upload-artifact': 'false' }, env);
        const main = await run.main();
        expect(interpretStdout(main.stdout).warnings).toEqual([]);
      }
      expect(github.comments).toHaveLength(1);
      expect(github.comments[0]?.issue).toBe(5);
      expect(github.comments[0]?.body).toContain('Compliance scan passed the threshold');
      expect(github.requests.filter((r) => !r.startsWith('GET'))).toEqual([
        'POST /repos/acme/app/issues/5/comments',
        `PATCH /repos/acme/app/issues/comments/${github.comments[0]?.id}`,
      ]);
      for (const secret of planted.secrets) expect(github.comments[0]?.body).not.toContain(secret);
    } finally {
      await github.close();
    }
  });
});
