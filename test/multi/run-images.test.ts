// Several images in one run, against the fake Kubernetes API over a real socket: the CLI in process (main), the core
// runner (runImages) and the action's main and post steps.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main as actionMain } from '../../src/action/main.js';
import { post } from '../../src/action/post.js';
import { ActionLogger } from '../../src/action/action-logger.js';
import type { StateStore } from '../../src/action/state.js';
import type { CliIo } from '../../src/cli/io.js';
import { main as cliMain } from '../../src/cli/main.js';
import { parseConfig, type Config } from '../../src/core/config.js';
import { MemoryLogger } from '../../src/core/logger.js';
import type { CombinedSummaryJson } from '../../src/core/multi/combined.js';
import { runImages } from '../../src/core/multi/run.js';
import { FakeKube, Timeline } from '../support/fake-kube/index.js';
import { makeTempDir } from '../support/temp-dir.js';
import { captureStdout, holdStdout, withEnv } from '../action/helpers.js';
import { recordedCalls, standInKind } from '../action/stand-in-kind.js';

const ROOT = join(import.meta.dirname, '../..');
const LOG = readFileSync(join(ROOT, 'test/fixtures/framing/scanner.log'), 'utf8');
const LINES = LOG.split('\n').slice(0, -1);
const NAMESPACE = 'kube-cinc-scan';
const PASS = 'failed:\n  total:\n    max: 2\n';
const UNPULLABLE = 'registry.example.com/team/missing:1';

/** A scan that takes about `ms` once its pod is created, then prints the fixture's results. */
function scanTaking(ms: number): Timeline {
  return Timeline.started()
    .log('scanner', LINES, 1, 100)
    .call(() => undefined, ms)
    .terminated('scanner', 0, 'Completed', 0);
}

/** The target image cannot be pulled: the registry has no such manifest. */
function pullFails(): Timeline {
  return new Timeline()
    .schedule()
    .running(['keepalive'])
    .terminated('keepalive', 0, 'Completed')
    .waiting(
      'target',
      'ErrImagePull',
      `failed to pull and unpack image "${UNPULLABLE}": failed to resolve reference "${UNPULLABLE}": ${UNPULLABLE}: not found`,
    );
}

/** The image a scan pod scans (pods arrive from the fake as untyped JSON). */
const targetImage = (pod: { spec: { containers: { name: string; image: string }[] } }): string =>
  pod.spec.containers.find((c) => c.name === 'target')?.image ?? '';

const images8 = [
  'registry.example.com/team/api:1.0',
  'registry.example.com/team/api:1.1',
  'registry.example.com/team/web:2',
  UNPULLABLE,
  'registry.example.com/team/worker:3',
  'registry.example.com/team/cron:4',
  'busybox:1.37',
  'ghcr.io/acme/tool:5',
];

function capture(cwd: string, signal = new AbortController().signal) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd, signal };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('several images, against the fake Kubernetes API', () => {
  let fake: FakeKube;
  let dir: string;
  beforeEach(async () => {
    fake = await FakeKube.start();
    dir = makeTempDir('kcs-multi-');
  });
  afterEach(async () => {
    await fake.close();
  });

  const config = (raw: Record<string, string>): Config =>
    parseConfig(
      { namespace: NAMESPACE, kubeconfig: fake.kubeconfig(), 'output-dir': join(dir, 'out'), timeout: '30s', ...raw },
      { env: {}, cwd: dir, mode: 'action' },
    );

  it('8 images, one cannot be pulled: at most 4 pods at once, 7 verdicts and one error, exit 3, nothing left', async () => {
    fake.timelineFor = (pod) => (targetImage(pod) === UNPULLABLE ? pullFails() : scanTaking(150));
    const kubeconfig = fake.writeKubeconfig(join(dir, 'kubeconfig'));
    const out = join(dir, 'out');
    const run = capture(dir);
    const code = await cliMain(
      [
        'scan',
        ...images8.flatMap((image) => ['--image', image]),
        '--kubeconfig',
        kubeconfig,
        '--namespace',
        NAMESPACE,
        '--output-dir',
        out,
        '--threshold',
        PASS,
        '--timeout',
        '30s',
      ],
      run.io,
    );
    expect(code, run.stderr()).toBe(3);
    expect(fake.maxScanPods).toBeLessThanOrEqual(4);
    expect(fake.maxScanPods, 'the scans ran in parallel').toBeGreaterThan(1);
    expect(await fake.waitForNoScanObjects()).toEqual([]);

    const summary = readJson<CombinedSummaryJson>(join(out, 'summary.json'));
    expect(summary.result).toBe('error');
    expect(summary.totals).toEqual({ images: 8, pass: 7, fail: 0, error: 1 });
    expect(summary.images.map((e) => e.image)).toEqual(images8);
    const bad = summary.images.find((e) => e.result === 'error');
    expect(bad).toMatchObject({ image: UNPULLABLE, compliance: null, counts: null });
    expect(bad?.error?.code).toMatch(/^KCS-SCAN-1\d\d$/);
    expect(bad?.error?.message).toContain('not found');
    const good = summary.images.filter((e) => e.result === 'pass');
    expect(good.every((e) => e.digest && e.compliance !== null && e.counts && e.pod)).toBe(true);
    // Counts are sums over the images.
    expect(summary.counts?.passed.total).toBe((good[0]?.counts?.passed.total ?? 0) * 7);
    expect(new Set(summary.images.map((e) => e.folder)).size).toBe(8);
    for (const entry of summary.images) {
      for (const file of ['summary.json', 'scan-summary.md', 'threshold-result.txt', 'scan-results.junit.xml'])
        expect(existsSync(join(out, entry.folder, file)), `${entry.folder}/${file}`).toBe(true);
      if (entry.result === 'pass') expect(existsSync(join(out, entry.folder, 'scan-results.json'))).toBe(true);
    }
    expect(readFileSync(join(out, 'threshold-result.txt'), 'utf8')).toMatch(
      new RegExp(`^THRESHOLD_RESULT=1\n# ${UNPULLABLE.replace(/[.]/g, '\\.')}: error KCS-SCAN-`),
    );
    const markdown = readFileSync(join(out, 'scan-summary.md'), 'utf8');
    expect(markdown.split('\n')[0]).toBe('## ⚠️ Compliance scan of 8 images: 7 passed, 0 failed, 1 errored');
    expect(markdown).toContain('| Image | Result | Compliance | Failed critical | Failed high |');
    // A collapsed section per image (each holds the image's own, nested, list of failed controls).
    expect(markdown.match(/^<details><summary>(✅|❌|⚠️) /gmu)).toHaveLength(8);

    // One SARIF run per evaluated image, each its own category; one JUnit suite per image.
    const sarif = readJson<{ runs: { automationDetails: { id: string } }[] }>(join(out, 'scan-results.sarif'));
    expect(sarif.runs).toHaveLength(7);
    const ids = sarif.runs.map((r) => r.automationDetails.id);
    expect(new Set(ids).size).toBe(7);
    expect(ids.every((id) => id.startsWith('kube-cinc-scan/') && id.endsWith('/'))).toBe(true);
    const junit = readFileSync(join(out, 'scan-results.junit.xml'), 'utf8');
    expect(junit.match(/<testsuite /g)).toHaveLength(8);
    expect([...junit.matchAll(/<testsuite name="[^"]*" [^>]*?id="(\d+)"/g)].map((m) => m[1])).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);

    // stdout: the table; stderr: each image's log as one block, in the order the scans finished.
    expect(run.stdout()).toMatch(/^IMAGE +RESULT +COMPLIANCE/m);
    expect(run.stdout()).toContain('8 images: 7 passed, 0 failed, 1 errored; result error');
    expect(run.stderr().match(/^== (?:✅|⚠️|❌) \[\d\/8\] /gmu)).toHaveLength(8);
  });

  it('kind-load: the scanner and keep-alive images once, then each image once (a duplicate too)', async () => {
    fake.timelineFor = () => scanTaking(10);
    const kind = standInKind({ exit: 0 }, { present: ['busybox:1.37.0-musl'] });
    const restore = withEnv({ PATH: kind.env['PATH'] });
    try {
      const outcome = await runImages(
        config({
          image: 'ghcr.io/acme/a:1\nghcr.io/acme/b:1\nghcr.io/acme/a:1',
          'kind-load': 'true',
          'kind-cluster': 'ci',
        }),
        { logger: new MemoryLogger() },
      );
      expect(outcome.result).toBe('pass');
    } finally {
      restore();
    }
    expect(recordedCalls(kind.callsFile)).toEqual([
      'docker image inspect --format {{.Id}} cincproject/auditor:6.8.24',
      'docker pull cincproject/auditor:6.8.24',
      'kind load docker-image cincproject/auditor:6.8.24 --name ci',
      'docker image inspect --format {{.Id}} busybox:1.37.0-musl',
      'kind load docker-image busybox:1.37.0-musl --name ci',
      'kind load docker-image ghcr.io/acme/a:1 --name ci',
      'kind load docker-image ghcr.io/acme/b:1 --name ci',
    ]);
  });

  it('the job log: a group per image, written whole when its scan finished; never nested, scanner lines fenced', async () => {
    fake.timelineFor = (pod) => scanTaking(targetImage(pod).startsWith('slow') ? 200 : 20);
    const { output } = await captureStdout(() =>
      runImages(config({ image: 'slow:1\nfast:1\nfast:2', 'max-parallel': '3' }), { logger: new ActionLogger() }),
    );
    let depth = 0;
    let fence: string | undefined;
    const groups: string[] = [];
    const pods = new Map<string, Set<string>>();
    for (const line of output.split('\n')) {
      if (fence !== undefined) {
        if (line === `::${fence}::`) fence = undefined;
        continue;
      }
      const open = /^::stop-commands::(.+)$/.exec(line);
      if (open) fence = open[1];
      else if (line.startsWith('::group::')) {
        depth += 1;
        expect(depth, 'a group inside a group').toBe(1);
        groups.push(line.slice('::group::'.length));
      } else if (line === '::endgroup::') depth -= 1;
      else {
        const pod = /kcs-[0-9a-f]{10}/.exec(line)?.[0];
        const group = groups.at(-1) ?? '';
        if (pod && depth === 1 && /\[\d\/3\]/.test(group)) pods.set(group, (pods.get(group) ?? new Set()).add(pod));
      }
    }
    expect(depth).toBe(0);
    // Prepare, then the images in the order they finished (the slow one last), then Results. (The runner shows the
    // %25 of a workflow command's data as %.)
    expect(groups[0]).toBe('Prepare');
    expect(groups.slice(1, 4).map((g) => g.replace(/ in [\d.]+ s$/, ''))).toEqual([
      expect.stringMatching(/^✅ \[[23]\/3\] fast:[12]: pass \(compliance \d+%25\)$/),
      expect.stringMatching(/^✅ \[[23]\/3\] fast:[12]: pass \(compliance \d+%25\)$/),
      expect.stringMatching(/^✅ \[1\/3\] slow:1: pass \(compliance \d+%25\)$/),
    ]);
    expect(groups[4]).toBe('Results');
    // Each image's group holds its own pod's lines only.
    expect([...pods.values()].map((set) => set.size)).toEqual([1, 1, 1]);
  });

  it('max-parallel 1: the output of each image is live, inside its own group', async () => {
    fake.timelineFor = () => scanTaking(10);
    const logger = new MemoryLogger();
    const outcome = await runImages(config({ image: 'a:1\nb:1', 'max-parallel': '1' }), { logger });
    expect(outcome.result).toBe('pass');
    const groups = logger.lines.filter((l) => l.level === 'group').map((l) => l.message);
    expect(groups).toEqual(['Prepare', '[1/2] a:1', '[2/2] b:1', 'Results']);
    const second = logger.lines.findIndex((l) => l.level === 'group' && l.message === '[2/2] b:1');
    const scanner = logger.lines.findIndex((l) => l.level === 'scanner');
    expect(scanner).toBeGreaterThan(0);
    expect(scanner).toBeLessThan(second);
  });

  it('scans run in parallel: 8 images of 300 ms with max-parallel 4 take about two rounds', async () => {
    fake.timelineFor = () => scanTaking(300);
    const started = performance.now();
    const outcome = await runImages(
      config({ image: images8.filter((i) => i !== UNPULLABLE).join('\n') + '\nalpine:3' }),
      {
        logger: new MemoryLogger(),
      },
    );
    const elapsed = performance.now() - started;
    expect(outcome.result, JSON.stringify(outcome.summary.images.map((e) => e.error))).toBe('pass');
    expect(fake.maxScanPods).toBe(4);
    expect(elapsed).toBeLessThan(2 * 300 + 1500);
  });

  it('cancelling mid-run deletes every pod of every image and starts no more', async () => {
    fake.timelineFor = () => scanTaking(20_000);
    const controller = new AbortController();
    const run = capture(dir, controller.signal);
    const kubeconfig = fake.writeKubeconfig(join(dir, 'kubeconfig'));
    const done = cliMain(
      ['scan', ...images8.flatMap((i) => ['--image', i]), '--kubeconfig', kubeconfig, '--namespace', NAMESPACE],
      run.io,
    );
    while (fake.list('pods').filter((p) => p.status?.phase === 'Running').length < 4)
      await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    expect(await done).toBe(3);
    expect(await fake.waitForNoScanObjects()).toEqual([]);
    const summary = readJson<CombinedSummaryJson>(join(dir, 'kube-cinc-scan-results', 'summary.json'));
    expect(summary.result).toBe('error');
    expect(summary.images.filter((e) => e.error?.code === 'KCS-IMG-006')).toHaveLength(4);
    expect(summary.images.filter((e) => e.error?.code === 'KCS-SCAN-100' || e.pod !== null)).toHaveLength(4);
    expect(fake.maxScanPods).toBe(4);
  });

  it('a ResourceQuota that others of the run hold: waits for them and retries; every image gets its verdict', async () => {
    fake.podQuota.set(NAMESPACE, 2);
    fake.timelineFor = () => scanTaking(100);
    const logger = new MemoryLogger();
    const planned: string[] = [];
    const outcome = await runImages(
      config({ image: 'a:1\nb:1\nc:1\nd:1\ne:1', 'max-parallel': '4', threshold: 'failed:\n  total:\n    max: 0\n' }),
      { logger, onPlanned: (plan) => void planned.push(plan.names.runId), quotaRetryMs: 20 },
    );
    expect(outcome.summary.totals).toEqual({ images: 5, pass: 0, fail: 5, error: 0 });
    expect(outcome.result).toBe('fail');
    expect(fake.maxScanPods).toBeLessThanOrEqual(2);
    expect(logger.messages('warn').join('\n')).toMatch(/ResourceQuota .* from now on at most \d scans? at once/);
    // Each refused attempt was a scan of its own, saved before it created anything.
    expect(planned.length).toBeGreaterThan(5);
    expect(await fake.waitForNoScanObjects()).toEqual([]);
  });

  it('a ResourceQuota with nothing of the run to free: KCS-IMG-005', async () => {
    fake.podQuota.set(NAMESPACE, 0);
    fake.timelineFor = () => scanTaking(10);
    const outcome = await runImages(config({ image: 'a:1\nb:1\nc:1' }), {
      logger: new MemoryLogger(),
      quotaReleaseMs: 200,
      quotaRetryMs: 20,
    });
    expect(outcome.result).toBe('error');
    expect(outcome.summary.images.map((e) => e.error?.code)).toEqual(['KCS-IMG-005', 'KCS-IMG-005', 'KCS-IMG-005']);
    expect(outcome.summary.images[0]?.error?.message).toMatch(
      /exceeded quota.*kubectl -n kube-cinc-scan describe quota/,
    );
    expect(await fake.waitForNoScanObjects()).toEqual([]);
  });

  it('a run-level error (no such namespace to list) creates nothing and writes the run files', async () => {
    const outcome = await runImages(config({ image: 'a:1\nb:1', threshold: 'failed:\n  total:\n    maximum: 0\n' }), {
      logger: new MemoryLogger(),
    });
    expect(outcome.result).toBe('error');
    expect(outcome.error?.category).toBe('input');
    expect(fake.requests).toEqual([]);
    expect(readJson<CombinedSummaryJson>(join(dir, 'out', 'summary.json'))).toMatchObject({
      result: 'error',
      images: [],
    });
  });
});

describe('images-from-namespace', () => {
  let fake: FakeKube;
  let dir: string;
  const extra = join(ROOT, 'deploy/rbac-images-from-namespace.yaml');
  afterEach(async () => {
    await fake.close();
  });

  const digestOf = (image: string) => createHash('sha256').update(image).digest('hex');

  /** Workloads in `apps`, created and driven as the admin, as a cluster would run them. */
  async function workloads(): Promise<void> {
    const create = async (pod: Record<string, unknown>) => {
      const res = await fetch(`${fake.url}/api/v1/namespaces/apps/pods`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${fake.tokens.admin}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(pod),
      });
      expect(res.status, await res.text()).toBe(201);
    };
    const web = (name: string) => ({
      metadata: { name },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox:1.36' }],
        containers: [
          { name: 'nginx', image: 'nginx:1.27' },
          { name: 'proxy', image: 'envoyproxy/envoy:v1.30.0' },
        ],
      },
    });
    await create(web('web-1'));
    await create(web('web-2'));
    await create({ metadata: { name: 'dev' }, spec: { containers: [{ name: 'app', image: 'app:dev' }] } });
    await create({
      metadata: { name: 'debug' },
      spec: {
        containers: [{ name: 'app', image: 'nginx:1.27' }],
        ephemeralContainers: [{ name: 'debugger', image: 'alpine:3.20' }],
      },
    });
    // One of ours, from an earlier scan in this namespace: not what the namespace runs.
    await create({
      metadata: { name: 'kcs-old', labels: { 'app.kubernetes.io/managed-by': 'kube-cinc-scan' } },
      spec: { containers: [{ name: 'scanner', image: 'cincproject/auditor:6.8.24' }] },
    });
    fake.imageIdFor = (image) =>
      image === 'app:dev'
        ? `sha256:${digestOf('local')}`
        : `${image.includes('/') ? image.replace(/:.*/, '') : `docker.io/library/${image.replace(/:.*/, '')}`}@sha256:${digestOf(image)}`;
    for (const pod of ['web-1', 'web-2']) {
      fake.act('apps', pod, { type: 'schedule', node: 'n1' });
      fake.act('apps', pod, { type: 'running', containers: ['init'] });
      fake.act('apps', pod, { type: 'terminated', container: 'init', exitCode: 0 });
      fake.act('apps', pod, { type: 'running', containers: ['nginx', 'proxy'] });
    }
    fake.act('apps', 'dev', { type: 'schedule', node: 'n1' });
    fake.act('apps', 'dev', { type: 'running', containers: ['app'] });
    fake.act('apps', 'debug', { type: 'schedule', node: 'n1' });
    fake.act('apps', 'debug', { type: 'running', containers: ['app'] });
    const patched = await fetch(`${fake.url}/api/v1/namespaces/apps/pods/debug`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${fake.tokens.admin}`, 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({
        status: {
          ephemeralContainerStatuses: [
            { name: 'debugger', imageID: `docker.io/library/alpine@sha256:${digestOf('alpine:3.20')}` },
          ],
        },
      }),
    });
    expect(patched.status).toBe(200);
  }

  it('scans each distinct image the pods run, by digest, with only the read-only Role for listing', async () => {
    fake = await FakeKube.start({ extraRbacManifests: [extra], namespaces: { apps: {} } });
    dir = makeTempDir('kcs-ns-');
    await workloads();
    fake.timelineFor = (pod) => (pod.metadata.namespace === NAMESPACE ? scanTaking(5) : undefined);
    const logger = new MemoryLogger();
    const outcome = await runImages(
      parseConfig(
        {
          'images-from-namespace': 'apps',
          namespace: NAMESPACE,
          kubeconfig: fake.kubeconfig(),
          'output-dir': join(dir, 'out'),
        },
        { env: {}, cwd: dir, mode: 'action' },
      ),
      { logger },
    );
    expect(outcome.result, JSON.stringify(outcome.summary.images.map((e) => e.error))).toBe('pass');
    expect(outcome.summary.images.map((e) => e.image).sort()).toEqual(
      [
        `docker.io/library/busybox@sha256:${digestOf('busybox:1.36')}`,
        `docker.io/library/nginx@sha256:${digestOf('nginx:1.27')}`,
        `envoyproxy/envoy@sha256:${digestOf('envoyproxy/envoy:v1.30.0')}`,
        'app:dev',
        `docker.io/library/alpine@sha256:${digestOf('alpine:3.20')}`,
      ].sort(),
    );
    const nginx = outcome.summary.images.find((e) => e.image.includes('/nginx@'));
    expect(nginx?.sources?.sort()).toEqual(['apps/debug/app', 'apps/web-1/nginx', 'apps/web-2/nginx']);
    expect(logger.messages('info').join('\n')).toContain(
      'Namespace apps: 4 pods, 5 distinct images (4 by digest; init and ephemeral containers included).',
    );
    // The list: the scanner's own identity (bound only by deploy/rbac-images-from-namespace.yaml in apps), one
    // namespace, our scan pods left out by label, paged; nothing else of the scanner's touches apps.
    const lists = fake.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/namespaces/apps/pods');
    expect(lists).toHaveLength(1);
    expect(lists[0]).toMatchObject({
      user: fake.scannerUser,
      status: 200,
      query: { labelSelector: 'app.kubernetes.io/managed-by!=kube-cinc-scan', limit: '500' },
    });
    expect(
      fake.requests.filter(
        (r) =>
          r.user === fake.scannerUser &&
          r.path.startsWith('/api/v1/namespaces/apps/') &&
          r.path !== '/api/v1/namespaces/apps/pods',
      ),
    ).toEqual([]);
    // Nothing left but the old scan pod the test put in apps.
    expect(await fake.waitForNoScanObjects()).toEqual(['pods/apps/kcs-old']);
  });

  it('without the Role: KCS-IMG-004 naming the manifest, before anything is created', async () => {
    fake = await FakeKube.start({ namespaces: { apps: {} } });
    dir = makeTempDir('kcs-ns-');
    const outcome = await runImages(
      parseConfig(
        {
          'images-from-namespace': 'apps',
          namespace: NAMESPACE,
          kubeconfig: fake.kubeconfig(),
          'output-dir': join(dir, 'out'),
        },
        { env: {}, cwd: dir, mode: 'action' },
      ),
      { logger: new MemoryLogger() },
    );
    expect(outcome.result).toBe('error');
    expect(outcome.error?.code).toBe('KCS-IMG-004');
    expect(outcome.error?.hint).toContain('deploy/rbac-images-from-namespace.yaml');
    expect(fake.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('an empty namespace: KCS-IMG-003', async () => {
    fake = await FakeKube.start({ extraRbacManifests: [extra], namespaces: { apps: {} } });
    dir = makeTempDir('kcs-ns-');
    const outcome = await runImages(
      parseConfig(
        {
          'images-from-namespace': 'apps',
          namespace: NAMESPACE,
          kubeconfig: fake.kubeconfig(),
          'output-dir': join(dir, 'out'),
        },
        { env: {}, cwd: dir, mode: 'action' },
      ),
      { logger: new MemoryLogger() },
    );
    expect(outcome.error?.code).toBe('KCS-IMG-003');
  });
});

describe('the action with several images', () => {
  let fake: FakeKube;
  let dir: string;
  let restore: () => void = () => undefined;
  beforeEach(async (context) => {
    holdStdout(context);
    fake = await FakeKube.start();
    dir = makeTempDir('kcs-multi-action-');
  });
  afterEach(async () => {
    restore();
    process.exitCode = undefined;
    await fake.close();
  });

  const memoryState = (): StateStore & { values: Map<string, string> } => {
    const values = new Map<string, string>();
    return { values, get: (name) => values.get(name) ?? '', save: (name, value) => void values.set(name, value) };
  };

  function env(): { GITHUB_OUTPUT: string; GITHUB_STEP_SUMMARY: string } {
    const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
    for (const file of Object.values(files)) writeFileSync(file, '');
    return files;
  }

  it('outputs sum the counts, `results` holds one entry per image, the summary starts with the table', async () => {
    fake.timelineFor = () => scanTaking(20);
    const files = env();
    restore = withEnv(files);
    const state = memoryState();
    await actionMain({
      env: files,
      cwd: dir,
      readInputs: () => ({
        image: 'registry.example.com/team/api:1\nregistry.example.com/team/web:2\n',
        namespace: NAMESPACE,
        kubeconfig: fake.kubeconfig(),
        'output-dir': join(dir, 'out'),
        threshold: PASS,
        'upload-artifact': 'false',
      }),
      state,
      logger: new ActionLogger(),
      artifactClient: { uploadArtifact: () => Promise.reject(new Error('no upload')) },
      signal: new AbortController().signal,
    });
    expect(process.exitCode).toBeUndefined();
    const outputs = readFileSync(files.GITHUB_OUTPUT, 'utf8');
    const results = JSON.parse(/results<<(\S+)\n([\s\S]*?)\n\1/.exec(outputs)?.[2] ?? '[]') as { image: string }[];
    expect(results.map((r) => r.image)).toEqual(['registry.example.com/team/api:1', 'registry.example.com/team/web:2']);
    expect(/result<<(\S+)\n(.*)\n\1/.exec(outputs)?.[2]).toBe('pass');
    const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
    expect(summary.split('\n')[0]).toBe('## ✅ Compliance scan of 2 images: every image passed the threshold');
    // Every scan was saved for the post step; main settled, so post has nothing to do.
    expect(state.values.get('imageScans')).toBe('2');
    const logger = new MemoryLogger();
    await post({ env: {}, cwd: dir, readInputs: () => ({}), state, logger });
    expect(logger.messages('info')).toEqual([
      'The main step finished its 2 scans and their own cleanup; nothing left to do.',
    ]);
  });

  it('post deletes the objects of every scan of a main that was killed mid-run', async () => {
    fake.timelineFor = () => scanTaking(20_000);
    const files = env();
    restore = withEnv(files);
    const state = memoryState();
    const controller = new AbortController();
    const inputs = {
      image: 'a:1\nb:1\nc:1\nd:1',
      namespace: NAMESPACE,
      kubeconfig: fake.kubeconfig(),
      'output-dir': join(dir, 'out'),
      'upload-artifact': 'false',
    };
    const running = actionMain({
      env: files,
      cwd: dir,
      readInputs: () => inputs,
      state,
      logger: new ActionLogger(),
      artifactClient: { uploadArtifact: () => Promise.reject(new Error('no upload')) },
      signal: controller.signal,
    });
    while (fake.list('pods').length < 4) await new Promise((r) => setTimeout(r, 10));
    // What the runner hands the post step when main is killed now: the state saved so far, not settled.
    const snapshot = memoryState();
    for (const [name, value] of state.values) snapshot.save(name, value);
    expect(snapshot.values.get('imageScans')).toBe('4');
    const saved = [1, 2, 3, 4].map((n) => JSON.parse(snapshot.get(`imageScan${n}`)) as { podName: string });
    expect(saved.map((s) => s.podName).sort()).toEqual(
      fake
        .list('pods')
        .map((p) => p.metadata.name)
        .sort(),
    );
    await post({ env: files, cwd: dir, readInputs: () => inputs, state: snapshot, logger: new MemoryLogger() });
    expect(await fake.waitForNoScanObjects()).toEqual([]);
    controller.abort();
    await running;
    expect(await fake.waitForNoScanObjects()).toEqual([]);
  });
});
