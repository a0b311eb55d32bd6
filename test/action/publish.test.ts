import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publish } from '../../src/action/publish/index.js';
import { parseConfig, type Config } from '../../src/core/config.js';
import { KcsError } from '../../src/core/errors.js';
import { MemoryLogger } from '../../src/core/logger.js';
import type { PipelineOutcome } from '../../src/core/pipeline.js';
import {
  evaluateReportWithDetails,
  parseThresholdText,
  renderErrorMarkdown,
  renderSummaryMarkdown,
  writeResultFiles,
} from '../../src/core/results/index.js';
import { startFakeResultsService, type FakeResultsService } from '../support/fake-actions-results/server.js';
import { readZip } from '../support/fake-actions-results/zip.js';
import { startFakeGitHubApi, type FakeGitHubApi } from '../support/fake-github-api/server.js';
import { holdStdout, withEnv } from './helpers.js';
import { parseFileCommands } from './runner-emulator.js';
import { makeTempDir } from '../support/temp-dir.js';

const REPORT = readFileSync(new URL('../fixtures/framing/report.json', import.meta.url), 'utf8');
const IMAGE = 'ghcr.io/acme/app:1.0';
const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

// publish() with the real @actions/artifact and @actions/github clients against the two fakes, and the real results
// engine's files; the outcome stands in for a scan (the bundled-action test runs the real one).
describe('publish: outputs, job summary, artifact, PR comment', () => {
  let results: FakeResultsService;
  let github: FakeGitHubApi;
  let dir: string;
  let restore: () => void;
  let env: NodeJS.ProcessEnv;

  // The artifact client logs to stdout (::debug:: lines and progress): shown only for a failing test.
  beforeEach(holdStdout);
  beforeEach(async () => {
    results = await startFakeResultsService();
    github = await startFakeGitHubApi({ owner: 'acme', repo: 'app' });
    dir = makeTempDir('kcs-publish-');
    writeFileSync(join(dir, 'event.json'), JSON.stringify({ pull_request: { number: 12 } }));
    writeFileSync(join(dir, 'output'), '');
    writeFileSync(join(dir, 'summary'), '');
    env = {
      ...results.env(),
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '4711',
      GITHUB_API_URL: github.url,
      GITHUB_JOB: 'scan',
    };
    restore = withEnv(env);
  });
  afterEach(async () => {
    restore();
    await results.close();
    await github.close();
  });

  const config = (extra: Record<string, string> = {}): Config =>
    parseConfig(
      {
        image: IMAGE,
        'output-dir': join(dir, 'out'),
        'comment-on-pr': 'true',
        'github-token': github.token,
        'retention-days': '5',
        ...extra,
      },
      { env, cwd: dir, mode: 'action' },
    );

  async function passedScan(cfg: Config): Promise<PipelineOutcome> {
    const threshold = parseThresholdText('failed:\n  total:\n    max: 5\n', 'test');
    const { evaluation, details } = evaluateReportWithDetails(REPORT, { threshold, origin: 'report.json' });
    const meta = { image: IMAGE, imageDigest: DIGEST, profile: 'container-baseline', threshold: 'inline' };
    const files = await writeResultFiles(cfg.results.outputDir, { reportText: REPORT, evaluation, details, meta });
    writeFileSync(join(cfg.results.outputDir, 'scanner.log'), 'scanner output\n');
    writeFileSync(join(cfg.results.outputDir, 'pod.yaml'), 'kind: Pod\n');
    return {
      result: evaluation.result,
      evaluation,
      files,
      names: { runId: 'kcs-abc123', namespace: 'default', podName: 'kcs-abc123', configMapNames: [] },
      imageDigest: DIGEST,
      markdown: renderSummaryMarkdown(evaluation, meta),
      meta,
    };
  }

  it('sets every output, writes the summary with the artifact link, uploads eight files, comments on the PR', async () => {
    const cfg = config();
    const outcome = await passedScan(cfg);
    expect(outcome.result).toBe('pass');
    const logger = new MemoryLogger();
    const published = await publish(cfg, outcome, { env, logger, artifactClient: new DefaultArtifactClient() });

    const outputs = parseFileCommands(readFileSync(env['GITHUB_OUTPUT'] ?? '', 'utf8'));
    expect(outputs).toEqual({
      result: 'pass',
      compliance: String(outcome.evaluation?.compliance),
      passed: '3',
      failed: '2',
      skipped: '1',
      'not-applicable': '1',
      errors: '1',
      'results-file': join(cfg.results.outputDir, 'scan-results.json'),
      'summary-file': join(cfg.results.outputDir, 'scan-summary.md'),
      'sarif-file': join(cfg.results.outputDir, 'scan-results.sarif'),
      'junit-file': join(cfg.results.outputDir, 'scan-results.junit.xml'),
      'artifact-id': '1000',
      'image-digest': DIGEST,
      'pod-name': 'kcs-abc123',
      // The per-image array a run of several images gives, with this one image (its folder the output directory).
      results: expect.any(String) as string,
    });
    expect(JSON.parse(outputs['results'] ?? '[]')).toEqual([
      {
        image: cfg.scan.image,
        folder: '.',
        result: 'pass',
        digest: DIGEST,
        compliance: outcome.evaluation?.compliance,
        counts: outcome.evaluation?.counts,
        violations: 0,
        error: null,
        pod: 'kcs-abc123',
      },
    ]);

    const summary = readFileSync(env['GITHUB_STEP_SUMMARY'] ?? '', 'utf8');
    expect(summary).toContain('Compliance scan passed the threshold');
    expect(summary).toContain('https://github.com/acme/app/actions/runs/4711/artifacts/1000');
    expect(summary).toContain('0123456789abcdef');

    const artifact = results.artifacts[0];
    expect(artifact?.name).toBe(cfg.publish.artifactName);
    expect(artifact?.name).toMatch(/^kcs-ghcr.io-acme-app-1.0-scan$/);
    expect([...readZip(artifact?.blob ?? Buffer.alloc(0)).keys()].sort()).toEqual([
      'pod.yaml',
      'scan-results.json',
      'scan-results.junit.xml',
      'scan-results.sarif',
      'scan-summary.md',
      'scanner.log',
      'summary.json',
      'threshold-result.txt',
    ]);
    expect(published.artifact?.id).toBe(1000);

    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.issue).toBe(12);
    expect(github.comments[0]?.body).toContain('<!-- kube-cinc-scan:kcs-ghcr.io-acme-app-1.0-scan -->');
    expect(github.comments[0]?.body).toContain('Compliance scan passed the threshold');
    expect(logger.messages('warn')).toEqual([]);

    // A second run in the same workflow run: the comment is updated in place; the artifact name gets the run id.
    await publish(cfg, outcome, { env, logger, artifactClient: new DefaultArtifactClient() });
    expect(github.comments).toHaveLength(1);
    expect(results.artifacts.map((a) => a.name)).toEqual([
      'kcs-ghcr.io-acme-app-1.0-scan',
      'kcs-ghcr.io-acme-app-1.0-scan-kcs-abc123',
    ]);
  });

  it('on a scan error still uploads what exists (scanner log, error summary) and sets result=error with empty counts', async () => {
    const cfg = config({ 'upload-artifact': 'true' });
    const error = new KcsError('KCS-SCAN-121', 'the scanner exited 68 (cinc-auditor failed)');
    const meta = { image: IMAGE, profile: 'container-baseline' };
    const files = await writeResultFiles(cfg.results.outputDir, { error: error.oneLine(), meta });
    writeFileSync(join(cfg.results.outputDir, 'scanner.log'), 'kcs-scanner: cinc-auditor failed\n');
    const outcome: PipelineOutcome = {
      result: 'error',
      error,
      files,
      markdown: renderErrorMarkdown(error.oneLine(), meta),
      meta,
    };
    await publish(cfg, outcome, { env, logger: new MemoryLogger(), artifactClient: new DefaultArtifactClient() });
    const outputs = parseFileCommands(readFileSync(env['GITHUB_OUTPUT'] ?? '', 'utf8'));
    expect(outputs).toMatchObject({
      result: 'error',
      compliance: '',
      passed: '',
      failed: '',
      'results-file': '',
      'sarif-file': '',
      'junit-file': join(cfg.results.outputDir, 'scan-results.junit.xml'),
      'artifact-id': '1000',
      'pod-name': '',
    });
    // No SARIF on an error (an empty log would close every open alert); the JUnit file holds one errored testcase.
    expect([...readZip(results.artifacts[0]?.blob ?? Buffer.alloc(0)).keys()].sort()).toEqual([
      'scan-results.junit.xml',
      'scan-summary.md',
      'scanner.log',
      'summary.json',
      'threshold-result.txt',
    ]);
    // The error text is escaped into inert entities by the results engine.
    expect(readFileSync(env['GITHUB_STEP_SUMMARY'] ?? '', 'utf8')).toContain('KCS&#45;SCAN&#45;121');
  });

  it('a token that cannot write the comment (403) leaves a warning and publishing goes on', async () => {
    github.readOnly = true;
    const cfg = config();
    const logger = new MemoryLogger();
    await publish(cfg, await passedScan(cfg), { env, logger, artifactClient: new DefaultArtifactClient() });
    expect(logger.messages('warn')).toEqual([
      expect.stringMatching(/^KCS-GH-006: the token cannot comment on pull request #12 \(HTTP 403\)/),
    ]);
    expect(parseFileCommands(readFileSync(env['GITHUB_OUTPUT'] ?? '', 'utf8'))['result']).toBe('pass');
  });

  it('an artifact service error is a warning, not a failure; upload-artifact false uploads nothing', async () => {
    results.failNext('CreateArtifact', 403, 'forbidden');
    const logger = new MemoryLogger();
    const cfg = config({ 'comment-on-pr': 'false' });
    const first = await publish(cfg, await passedScan(cfg), {
      env,
      logger,
      artifactClient: new DefaultArtifactClient(),
    });
    expect(first.artifact).toBeUndefined();
    expect(logger.messages('warn')[0]).toMatch(/^KCS-GH-003: could not upload the artifact/);
    const off = config({ 'upload-artifact': 'false', 'comment-on-pr': 'false' });
    await publish(off, await passedScan(off), { env, logger, artifactClient: new DefaultArtifactClient() });
    expect(results.artifacts).toEqual([]);
    expect(github.requests).toEqual([]);
  });
});
