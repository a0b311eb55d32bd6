import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KcsError } from '../../src/core/errors.js';
import { kindLoad, kindLoadSupportImages } from '../../src/core/kind.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { recordedCalls, standInKind } from './stand-in-kind.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('kindLoad (stand-in kind on PATH)', () => {
  it('runs kind load docker-image <image> --name <cluster>', async () => {
    const kind = standInKind({ exit: 0 });
    const logger = new MemoryLogger();
    await kindLoad('ghcr.io/acme/app:1.2.3', 'ci-cluster', logger, { env: kind.env });
    expect(readFileSync(kind.argsFile, 'utf8').trim().split('\n')).toEqual([
      'load',
      'docker-image',
      'ghcr.io/acme/app:1.2.3',
      '--name',
      'ci-cluster',
    ]);
    expect(logger.messages('info').at(-1)).toBe('Loaded ghcr.io/acme/app:1.2.3 into kind cluster ci-cluster');
  });

  it.each([
    [
      'an image missing from Docker',
      'ERROR: image: "app:1" not present locally',
      'KCS-KIND-003',
      /not in the local Docker daemon/,
    ],
    [
      'an unknown cluster',
      'ERROR: no nodes found for cluster "nope"',
      'KCS-KIND-004',
      /kind cluster 'ci' was not found/,
    ],
    [
      'any other failure',
      'ERROR: failed to load image: command "docker save" failed',
      'KCS-KIND-005',
      /exit 1.*docker save/,
    ],
  ])('%s is a clear error', async (_name, stderr, code, message) => {
    const kind = standInKind({ exit: 1, stderr });
    const error = await kindLoad('app:1', 'ci', new MemoryLogger(), { env: kind.env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KcsError);
    expect((error as KcsError).code).toBe(code);
    expect((error as KcsError).message).toMatch(message);
  });

  it('a missing kind binary says so', async () => {
    const empty = makeTempDir('kcs-nokind-');
    const error = await kindLoad('app:1', 'kind', new MemoryLogger(), { env: { PATH: empty } }).catch(
      (e: unknown) => e,
    );
    expect((error as KcsError).code).toBe('KCS-KIND-001');
    expect((error as KcsError).oneLine()).toMatch(/'kind' binary was not found on PATH.*Install kind/);
  });

  it('a cancelled job stops kind load with its own code', async () => {
    const kind = standInKind({ exit: 0 });
    const controller = new AbortController();
    controller.abort();
    const error = await kindLoad('app:1', 'kind', new MemoryLogger(), {
      env: kind.env,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect((error as KcsError).code).toBe('KCS-KIND-007');
  });
});

describe('kindLoadSupportImages: the scanner and keep-alive images, so kind nodes never pull them', () => {
  it("pulls an image into the runner's Docker only when it is not there, then loads each once", async () => {
    const kind = standInKind({ exit: 0 }, { present: ['busybox:1.37.0-musl'] });
    const logger = new MemoryLogger();
    await kindLoadSupportImages(
      ['cincproject/auditor:6.8.24', 'busybox:1.37.0-musl', 'busybox:1.37.0-musl'],
      'ci',
      logger,
      { env: kind.env },
    );
    expect(recordedCalls(kind.callsFile)).toEqual([
      'docker image inspect --format {{.Id}} cincproject/auditor:6.8.24',
      'docker pull cincproject/auditor:6.8.24',
      'kind load docker-image cincproject/auditor:6.8.24 --name ci',
      'docker image inspect --format {{.Id}} busybox:1.37.0-musl',
      'kind load docker-image busybox:1.37.0-musl --name ci',
    ]);
    expect(logger.messages('info')).toContain(
      "busybox:1.37.0-musl is in the runner's Docker already (not pulled again).",
    );
  });

  it("a pull refused by Docker Hub's limit is KCS-KIND-008, naming the login, the cache and the mirror", async () => {
    const kind = standInKind(
      { exit: 0 },
      {
        pullExit: 1,
        pullStderr:
          'Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading',
      },
    );
    const error = await kindLoadSupportImages(['cincproject/auditor:6.8.24'], 'kind', new MemoryLogger(), {
      env: kind.env,
    }).catch((e: unknown) => e);
    expect((error as KcsError).code).toBe('KCS-KIND-008');
    expect((error as KcsError).message).toMatch(
      /^kind-load could not pull cincproject\/auditor:6\.8\.24 into the runner's Docker \(exit 1: .*toomanyrequests/,
    );
    expect((error as KcsError).hint).toMatch(/docker\/login-action.*cache.*mirror/);
    expect(recordedCalls(kind.callsFile).some((c) => c.startsWith('kind '))).toBe(false);
  });

  it('any other failed pull is KCS-KIND-008 too, with a login hint', async () => {
    const kind = standInKind({ exit: 0 }, { pullExit: 1, pullStderr: 'Error response from daemon: manifest unknown' });
    const error = await kindLoadSupportImages(
      ['registry.example.com/mirror/auditor:6.8.24'],
      'kind',
      new MemoryLogger(),
      {
        env: kind.env,
      },
    ).catch((e: unknown) => e);
    expect((error as KcsError).code).toBe('KCS-KIND-008');
    expect((error as KcsError).hint).toMatch(/log the runner in to its registry/);
  });
});
