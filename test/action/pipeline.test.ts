import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/core/config.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { runPipeline } from '../../src/core/pipeline.js';
import { FakeKube, Timeline, podResultsKey, resignLog } from '../support/fake-kube/index.js';
import { withEnv } from './helpers.js';
import { recordedCalls, standInKind } from './stand-in-kind.js';
import { makeTempDir } from '../support/temp-dir.js';
import { profileTarGz } from '../support/archives.js';
import { ProfileServer } from '../support/profile-server.js';

const SCANNER_LOG = readFileSync(new URL('../fixtures/framing/scanner.log', import.meta.url), 'utf8');
const REPORT = readFileSync(new URL('../fixtures/framing/report.json', import.meta.url), 'utf8');
const NAMESPACE = 'kube-cinc-scan';

// runPipeline (shared by the action and the CLI) against the fake Kubernetes API server over a real socket.
describe('runPipeline against the fake Kubernetes API', () => {
  let fake: FakeKube;
  let dir: string;
  beforeEach(async () => {
    fake = await FakeKube.start();
    dir = makeTempDir('kcs-pipeline-');
  });
  afterEach(async () => {
    await fake.close();
  });

  const config = (extra: Record<string, string> = {}): Config =>
    parseConfig(
      {
        image: 'ghcr.io/acme/app:1.0',
        namespace: NAMESPACE,
        kubeconfig: fake.kubeconfig(),
        'output-dir': join(dir, 'out'),
        timeout: '30s',
        ...extra,
      },
      { env: {}, cwd: dir, mode: 'action' },
    );

  it('pass: saves the names before creating anything, streams the scan, writes every file, deletes the pod', async () => {
    let key = '';
    fake.timelineFor = (pod) => {
      key = podResultsKey(pod) ?? '';
      return Timeline.scan(SCANNER_LOG);
    };
    const logger = new MemoryLogger();
    let objectsWhenPlanned: string[] | undefined;
    const outcome = await runPipeline(config({ threshold: 'failed:\n  total:\n    max: 2\n' }), {
      logger,
      onPlanned: (plan) => {
        objectsWhenPlanned = fake.scanObjects();
        expect(plan.names.namespace).toBe(NAMESPACE);
      },
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toBe('pass');
    expect(objectsWhenPlanned).toEqual([]);
    expect(outcome.names?.podName).toMatch(/^kcs-/);
    expect(logger.messages('group')).toEqual(['Prepare', 'Scan', 'Results']);
    expect(logger.messages('scanner').length).toBeGreaterThan(5);
    const out = join(dir, 'out');
    for (const file of [
      'scan-results.json',
      'scan-summary.md',
      'threshold-result.txt',
      'summary.json',
      'scan-results.sarif',
      'scan-results.junit.xml',
      'scanner.log',
      'pod.yaml',
    ]) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    expect(outcome.files).toMatchObject({
      sarifFile: join(out, 'scan-results.sarif'),
      junitFile: join(out, 'scan-results.junit.xml'),
    });
    expect(readFileSync(join(out, 'scan-results.json'), 'utf8')).toBe(REPORT);
    // As the pod's scanner signed it; the key itself is in no file.
    expect(readFileSync(join(out, 'scanner.log'), 'utf8')).toBe(resignLog(SCANNER_LOG, key));
    expect(readFileSync(join(out, 'pod.yaml'), 'utf8')).not.toContain(key);
    expect(readFileSync(join(out, 'threshold-result.txt'), 'utf8')).toMatch(/^THRESHOLD_RESULT=0/);
    expect(outcome.files).toMatchObject({
      scannerLogFile: join(out, 'scanner.log'),
      podSpecFile: join(out, 'pod.yaml'),
    });
    expect(await fake.waitForNoScanObjects()).toEqual([]);
  });

  it('a private profile URL: fetched on the runner; its token is in no file, the pod spec not even its URL', async () => {
    const server = await ProfileServer.start();
    try {
      const token = server.token;
      const url = `${server.serve('/private/p.tar.gz', profileTarGz({ 'inspec.yml': 'name: p\n' }))}?private_token=${token}`;
      fake.timelineFor = () => Timeline.scan(SCANNER_LOG);
      const outcome = await runPipeline(config({ profile: url, 'profile-token': token }), {
        logger: new MemoryLogger(),
      });
      expect(outcome.result, outcome.error?.oneLine()).toBe('pass');
      const out = join(dir, 'out');
      for (const file of ['pod.yaml', 'scanner.log', 'scan-summary.md', 'summary.json']) {
        expect(readFileSync(join(out, file), 'utf8'), file).not.toContain(token);
      }
      expect(outcome.markdown).not.toContain(token);
      expect(readFileSync(join(out, 'pod.yaml'), 'utf8')).not.toContain('/private/p.tar.gz');
      expect(readFileSync(join(out, 'pod.yaml'), 'utf8')).toContain('KCS_PROFILE_ARCHIVE');
    } finally {
      await server.close();
    }
  });

  it('threshold fail is result fail, with the violations', async () => {
    fake.timelineFor = () => Timeline.scan(SCANNER_LOG);
    const outcome = await runPipeline(config({ threshold: 'failed:\n  total:\n    max: 0\n' }), {
      logger: new MemoryLogger(),
    });
    expect(outcome.result).toBe('fail');
    expect(outcome.evaluation?.violations.map((v) => v.rule)).toEqual(['failed.total.max']);
    expect(readFileSync(join(dir, 'out', 'threshold-result.txt'), 'utf8')).toMatch(/^THRESHOLD_RESULT=1/);
  });

  it('a scan error keeps the scanner log and writes the error files; nothing is left in the cluster', async () => {
    const log = 'kcs-scanner: run x: cinc-auditor failed\nsome ruby backtrace\n';
    fake.timelineFor = () => Timeline.scan(log, { exitCode: 68 });
    const outcome = await runPipeline(config(), { logger: new MemoryLogger() });
    expect(outcome.result).toBe('error');
    expect(outcome.error?.code).toMatch(/^KCS-SCAN-/);
    const out = join(dir, 'out');
    expect(readFileSync(join(out, 'scanner.log'), 'utf8')).toBe(log);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ result: 'error' });
    expect(existsSync(join(out, 'scan-results.json'))).toBe(false);
    expect(existsSync(join(out, 'pod.yaml'))).toBe(true);
    expect(await fake.waitForNoScanObjects()).toEqual([]);
  });

  it('a bad threshold is an input error before any cluster call', async () => {
    const outcome = await runPipeline(config({ threshold: 'failed:\n  total:\n    maximum: 0\n' }), {
      logger: new MemoryLogger(),
    });
    expect(outcome.result).toBe('error');
    expect(outcome.error?.category).toBe('input');
    expect(fake.requests).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'))).toMatchObject({ result: 'error' });
  });

  it('kind-load: loads the image, then the scanner and keep-alive images (pulled once), before creating the pod', async () => {
    fake.timelineFor = () => Timeline.scan(SCANNER_LOG);
    const kind = standInKind({ exit: 0 }, { present: ['busybox:1.37.0-musl'] });
    const restore = withEnv({ PATH: kind.env['PATH'] });
    let createdBeforeLoad = true;
    try {
      const outcome = await runPipeline(config({ 'kind-load': 'true', 'kind-cluster': 'ci' }), {
        logger: new MemoryLogger(),
        onSecrets: () => (createdBeforeLoad = fake.requests.some((r) => r.method === 'POST')),
      });
      expect(outcome.result).toBe('pass');
    } finally {
      restore();
    }
    expect(createdBeforeLoad).toBe(false);
    // The scanner image was not in the runner's Docker, so it was pulled there; the keep-alive image was.
    expect(recordedCalls(kind.callsFile)).toEqual([
      'kind load docker-image ghcr.io/acme/app:1.0 --name ci',
      'docker image inspect --format {{.Id}} cincproject/auditor:6.8.24',
      'docker pull cincproject/auditor:6.8.24',
      'kind load docker-image cincproject/auditor:6.8.24 --name ci',
      'docker image inspect --format {{.Id}} busybox:1.37.0-musl',
      'kind load docker-image busybox:1.37.0-musl --name ci',
    ]);
    const pod = readFileSync(join(dir, 'out', 'pod.yaml'), 'utf8');
    expect(pod).toMatch(/image: ghcr.io\/acme\/app:1.0\n\s+imagePullPolicy: IfNotPresent/);
  });

  it('kind-load with a missing image stops before any cluster call', async () => {
    const kind = standInKind({ exit: 1, stderr: 'ERROR: image: "ghcr.io/acme/app:1.0" not present locally' });
    const restore = withEnv({ PATH: kind.env['PATH'] });
    try {
      const missing = await runPipeline(config({ 'kind-load': 'true' }), { logger: new MemoryLogger() });
      expect(missing.error?.code).toBe('KCS-KIND-003');
    } finally {
      restore();
    }
    expect(fake.requests).toEqual([]);
  });

  it('a profile too big for a ConfigMap fails before kind load and before any cluster call', async () => {
    const profile = join(dir, 'huge-profile');
    mkdirSync(join(profile, 'files'), { recursive: true });
    writeFileSync(join(profile, 'inspec.yml'), 'name: huge\n');
    writeFileSync(join(profile, 'files', 'big.bin'), randomBytes(1100 * 1024));
    const kind = standInKind({ exit: 0 });
    const restore = withEnv({ PATH: kind.env['PATH'] });
    const logger = new MemoryLogger();
    try {
      const outcome = await runPipeline(config({ 'kind-load': 'true', profile }), { logger });
      expect(outcome.result).toBe('error');
      expect(outcome.error).toMatchObject({ code: 'KCS-SCAN-122', category: 'input' });
    } finally {
      restore();
    }
    expect(existsSync(kind.argsFile), 'kind was run').toBe(false);
    expect(logger.messages('info').some((m) => m.startsWith('Loading '))).toBe(false);
    expect(fake.requests).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'))).toMatchObject({ result: 'error' });
  });

  it('an abort during the scan stops it, deletes the pod, and still returns an outcome', async () => {
    fake.timelineFor = () => Timeline.started().log('scanner', ['running…']);
    const controller = new AbortController();
    const logger = new MemoryLogger();
    const pending = runPipeline(config(), { logger, signal: controller.signal });
    const deadline = Date.now() + 5000;
    while (!logger.messages('scanner').includes('running…') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const outcome = await pending;
    expect(outcome.result).toBe('error');
    expect(await fake.waitForNoScanObjects()).toEqual([]);
  });
});
