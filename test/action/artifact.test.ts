import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { artifactUrl, uploadResultFiles } from '../../src/action/publish/artifact.js';
import { startFakeResultsService, type FakeResultsService } from '../support/fake-actions-results/server.js';
import { readZip } from '../support/fake-actions-results/zip.js';
import { holdStdout, withEnv } from './helpers.js';
import { makeTempDir } from '../support/temp-dir.js';

// The real @actions/artifact client against the fake results service on 127.0.0.1.
describe('artifact upload (real @actions/artifact client, fake results service)', () => {
  let service: FakeResultsService;
  let dir: string;
  let restore: () => void;

  // The artifact client logs to stdout (::debug:: lines and progress): shown only for a failing test.
  beforeEach(holdStdout);
  beforeEach(async () => {
    service = await startFakeResultsService();
    restore = withEnv(service.env());
    dir = makeTempDir('kcs-artifact-');
    writeFileSync(join(dir, 'scan-results.json'), '{"profiles":[]}');
    writeFileSync(join(dir, 'scanner.log'), 'line one\nline two\n');
  });
  afterEach(async () => {
    restore();
    await service.close();
  });

  it('uploads the files that exist, as a zip holding them under their own names', async () => {
    const uploaded = await uploadResultFiles(new DefaultArtifactClient(), {
      name: 'kcs-ghcr.io-acme-app-scan',
      uniqueSuffix: 'r1',
      files: [join(dir, 'scan-results.json'), join(dir, 'scanner.log'), join(dir, 'pod.yaml')],
      rootDirectory: dir,
      retentionDays: 7,
    });
    expect(uploaded).toEqual({
      id: 1000,
      name: 'kcs-ghcr.io-acme-app-scan',
      files: ['scan-results.json', 'scanner.log'],
    });
    const [artifact] = service.artifacts;
    expect(artifact?.finalized).toBe(true);
    expect(artifact?.name).toBe('kcs-ghcr.io-acme-app-scan');
    expect(artifact?.version).toBe(7);
    // retention-days reaches the service as an expiry about a week out.
    const days = (Date.parse(artifact?.expiresAt ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    const entries = readZip(artifact?.blob ?? Buffer.alloc(0));
    expect([...entries.keys()].sort()).toEqual(['scan-results.json', 'scanner.log']);
    expect(entries.get('scanner.log')?.toString()).toBe('line one\nline two\n');
    expect(service.requests.filter((r) => r.startsWith('PUT')).length).toBeGreaterThanOrEqual(2);
  });

  it('retries once with the unique suffix when the name is already taken in the run', async () => {
    const client = new DefaultArtifactClient();
    const options = {
      name: 'kcs-app-scan',
      uniqueSuffix: 'kcs-r2d2',
      files: [join(dir, 'scanner.log')],
      rootDirectory: dir,
      retentionDays: undefined,
    };
    await uploadResultFiles(client, options);
    const second = await uploadResultFiles(client, options);
    expect(second.name).toBe('kcs-app-scan-kcs-r2d2');
    expect(service.artifacts.map((a) => [a.name, a.finalized, a.expiresAt])).toEqual([
      ['kcs-app-scan', true, undefined],
      ['kcs-app-scan-kcs-r2d2', true, undefined],
    ]);
  });

  it('surfaces a 4xx from the service as an error', async () => {
    service.failNext('CreateArtifact', 403, 'artifact storage quota has been hit');
    await expect(
      uploadResultFiles(new DefaultArtifactClient(), {
        name: 'x',
        uniqueSuffix: 'y',
        files: [join(dir, 'scanner.log')],
        rootDirectory: dir,
        retentionDays: undefined,
      }),
    ).rejects.toThrow(/403/);
  });

  it('links to the artifact in the run', () => {
    expect(
      artifactUrl({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '42' }, 7),
    ).toBe('https://github.com/acme/app/actions/runs/42/artifacts/7');
    expect(artifactUrl({}, 7)).toBeUndefined();
  });
});
