import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KcsError } from '../../src/core/errors.js';
import { kindLoad } from '../../src/core/kind.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { standInKind } from './stand-in-kind.js';

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
    const empty = mkdtempSync(join(tmpdir(), 'kcs-nokind-'));
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
