import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import { InputError } from '../../src/core/errors.js';
import { dedupeImages, imageFolderName, imageFolders, imageKey, imageLines } from '../../src/core/multi/images.js';
import { scannedReference } from '../../src/core/multi/namespace.js';
import { runBounded, RETRY_WHEN_FREED } from '../../src/core/multi/scheduler.js';
import { makeTempDir } from '../support/temp-dir.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('imageLines', () => {
  it('reads one reference per line, skipping blanks and # comments, and says where each was', () => {
    expect(imageLines('a:1\n\n  # all of b\n b:2   # the API\r\nc', (n) => `line ${n}`)).toEqual([
      { text: 'a:1', where: 'line 1' },
      { text: 'b:2', where: 'line 4' },
      { text: 'c', where: 'line 5' },
    ]);
  });
});

describe('imageKey: one key per image the runtime pulls', () => {
  const cases: [string, string][] = [
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:latest', 'docker.io/library/busybox:latest'],
    ['docker.io/library/busybox', 'docker.io/library/busybox:latest'],
    ['index.docker.io/library/busybox:latest', 'docker.io/library/busybox:latest'],
    ['acme/app:1', 'docker.io/acme/app:1'],
    ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:1'],
    ['GHCR.io/acme/app:1', 'ghcr.io/acme/app:1'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    [`ghcr.io/acme/app:1@${DIGEST}`, `ghcr.io/acme/app@${DIGEST}`],
    [`ghcr.io/acme/app@${DIGEST}`, `ghcr.io/acme/app@${DIGEST}`],
  ];
  it.each(cases)('%s → %s', (reference, key) => expect(imageKey(reference)).toBe(key));

  it('keeps the first spelling of each image, in order, and lists the others', () => {
    expect(dedupeImages(['busybox', 'ghcr.io/a/b:1', 'docker.io/library/busybox:latest', 'ghcr.io/a/b:2'])).toEqual({
      images: ['busybox', 'ghcr.io/a/b:1', 'ghcr.io/a/b:2'],
      duplicates: [{ image: 'docker.io/library/busybox:latest', sameAs: 'busybox' }],
    });
  });
});

describe('image folders', () => {
  it('are safe, readable and unique: sanitised reference plus a short hash', () => {
    const name = imageFolderName(`ghcr.io/acme/app:1.2@${DIGEST}`);
    expect(name).toMatch(/^ghcr\.io-acme-app-1\.2-aaaaaaaaaaaa-[0-9a-f]{8}$/);
    expect(imageFolderName('app:1.0')).not.toBe(imageFolderName('app-1.0'));
    const long = imageFolderName(`registry.example.com/${'x'.repeat(200)}:1`);
    expect(long.length).toBeLessThanOrEqual(69);
    const folders = imageFolders(['a:1', 'a-1', 'A:1'.toLowerCase()]);
    expect(new Set([...folders.values()].map((f) => f.toLowerCase())).size).toBe(2);
  });
});

describe('scannedReference (images-from-namespace)', () => {
  it('scans repo@digest from the status imageID, Docker prefix dropped', () => {
    expect(scannedReference('nginx:1.27', `docker.io/library/nginx@${DIGEST}`)).toEqual({
      image: `docker.io/library/nginx@${DIGEST}`,
      byDigest: true,
    });
    expect(scannedReference('nginx:1.27', `docker-pullable://nginx@${DIGEST}`)).toEqual({
      image: `nginx@${DIGEST}`,
      byDigest: true,
    });
  });
  it('falls back to the spec reference without a repository digest (not started, loaded into the node)', () => {
    expect(scannedReference('nginx:1.27', '')).toEqual({ image: 'nginx:1.27', byDigest: false });
    expect(scannedReference('app:dev', `sha256:${'b'.repeat(64)}`)).toEqual({ image: 'app:dev', byDigest: false });
    expect(scannedReference('Not An Image', undefined)).toBeUndefined();
  });
});

describe('parseConfig: several images', () => {
  const cwd = makeTempDir('kcs-multi-config-');
  mkdirSync(join(cwd, 'lists'));
  writeFileSync(join(cwd, 'lists', 'images.txt'), '# production\nghcr.io/acme/api:2\n\nBad Image\nbusybox # again\n');
  writeFileSync(join(cwd, 'lists', 'empty.txt'), '# nothing\n');
  const parse = (raw: Record<string, string>, mode: 'action' | 'cli' = 'action') =>
    parseConfig(raw, { env: { GITHUB_JOB: 'scan' }, cwd, mode });
  const problem = (raw: Record<string, string>, mode: 'action' | 'cli' = 'action'): InputError => {
    try {
      parse(raw, mode);
    } catch (error) {
      if (error instanceof InputError) return error;
      throw error;
    }
    throw new Error('no error');
  };

  it('one image keeps the single-scan layout', () => {
    const config = parse({ image: 'busybox:1.37' });
    expect(config.targets).toMatchObject({ images: ['busybox:1.37'], multi: false, maxParallel: 4 });
    expect(config.publish.artifactName).toBe('kcs-busybox-1.37-scan');
  });

  it('one reference per line: validated, duplicates scanned once, the first is scan.image', () => {
    const config = parse({
      image: 'busybox:1.37\n# a comment\nghcr.io/acme/app:1\nbusybox:1.37\n',
      'max-parallel': '8',
    });
    expect(config.targets).toMatchObject({
      images: ['busybox:1.37', 'ghcr.io/acme/app:1'],
      duplicates: [{ image: 'busybox:1.37', sameAs: 'busybox:1.37' }],
      multi: true,
      maxParallel: 8,
    });
    expect(config.scan.image).toBe('busybox:1.37');
    expect(config.publish.artifactName).toBe('kcs-images-scan');
  });

  it('names every bad line, all at once', () => {
    const error = problem({ image: 'ok:1\nBad One\nalso bad!\n', 'max-parallel': '33' });
    expect(error.message).toContain('image line 2: "Bad One" is not an image reference');
    expect(error.message).toContain('image line 3: "also bad!" is not an image reference');
    expect(error.message).toContain('max-parallel: "33" is not allowed; use a whole number from 1 to 32');
  });

  it.each(['0', '-1', '2.5', 'four'])('max-parallel %s is refused', (value) => {
    expect(problem({ image: 'a:1\nb:1', 'max-parallel': value }).code).toBe('KCS-IMG-001');
  });

  it('--images-file: lines named file:line, comments skipped, added to --image', () => {
    const error = problem({ image: 'a:1', 'images-file': 'lists/images.txt' }, 'cli');
    expect(error.message).toMatch(/lists\/images\.txt:4: "Bad Image" is not an image reference/);
    expect(problem({ 'images-file': 'lists/empty.txt' }, 'cli').code).toBe('KCS-IMG-002');
    expect(problem({ 'images-file': 'lists/missing.txt' }, 'cli').code).toBe('KCS-CFG-008');
    writeFileSync(join(cwd, 'lists', 'good.txt'), 'ghcr.io/acme/api:2\nbusybox # again\n');
    const config = parse({ image: 'a:1', 'images-file': 'lists/good.txt' }, 'cli');
    expect(config.targets.images).toEqual(['a:1', 'ghcr.io/acme/api:2', 'busybox']);
    expect(config.targets.multi).toBe(true);
  });

  it('images-from-namespace alone is enough, validated as namespace names, and always the per-image layout', () => {
    const config = parse({ 'images-from-namespace': 'apps, web\napps' });
    expect(config.targets).toMatchObject({ images: [], fromNamespaces: ['apps', 'web'], multi: true });
    expect(problem({ 'images-from-namespace': 'Apps' }).code).toBe('KCS-CFG-009');
    expect(problem({}).message).toMatch(/image is required.*images-from-namespace/);
  });

  it('registry credentials need registry when the images come from several registries or a namespace', () => {
    const raw = { 'registry-username': 'u', 'registry-password': 'p' };
    expect(problem({ ...raw, image: 'ghcr.io/a/b:1\nquay.io/c/d:1' }).message).toMatch(
      /several registries \(ghcr\.io, quay\.io\); set registry/,
    );
    expect(problem({ ...raw, 'images-from-namespace': 'apps' }).code).toBe('KCS-IMG-007');
    expect(parse({ ...raw, image: 'ghcr.io/a/b:1\nghcr.io/c/d:1' }).scan.registryCredentials?.registry).toBe('ghcr.io');
  });
});

describe('runBounded', () => {
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('runs at most `limit` at once, starts the next when one finishes, keeps the order of results', async () => {
    let running = 0;
    let most = 0;
    const results = await runBounded([30, 10, 20, 10, 10, 5], {
      limit: 2,
      run: async (ms, index) => {
        running += 1;
        most = Math.max(most, running);
        await wait(ms);
        running -= 1;
        return index;
      },
      notStarted: () => -1,
      failed: () => -2,
    });
    expect(most).toBe(2);
    expect(results).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('a run that throws is failed(); after an abort nothing starts', async () => {
    const controller = new AbortController();
    const results = await runBounded([1, 2, 3, 4], {
      limit: 1,
      signal: controller.signal,
      run: async (n) => {
        if (n === 1) throw new Error('boom');
        controller.abort();
        await wait(5);
        return `ran ${n}`;
      },
      notStarted: (n) => `not started ${n}`,
      failed: (n, _i, error) => `failed ${n}: ${(error as Error).message}`,
    });
    expect(results).toEqual(['failed 1: boom', 'ran 2', 'not started 3', 'not started 4']);
  });

  it('RETRY_WHEN_FREED puts the item back first and lowers the limit to what is in flight', async () => {
    const order: string[] = [];
    const lowered: number[] = [];
    let refusals = 1;
    const results = await runBounded(['a', 'b', 'c', 'd'], {
      limit: 3,
      run: async (item, _index, context) => {
        if (item === 'c' && refusals > 0 && context.othersRunning() > 0) {
          refusals -= 1;
          order.push('c refused');
          return RETRY_WHEN_FREED;
        }
        order.push(`${item} start`);
        await wait(item === 'a' ? 30 : 10);
        order.push(`${item} end`);
        return item;
      },
      notStarted: () => 'x',
      failed: () => 'y',
      onLimitLowered: (n) => lowered.push(n),
    });
    expect(results).toEqual(['a', 'b', 'c', 'd']);
    expect(lowered).toEqual([2]);
    // c waits for b (the first to finish) and starts before d.
    expect(order.indexOf('c start')).toBeGreaterThan(order.indexOf('b end'));
    expect(order.indexOf('c start')).toBeLessThan(order.indexOf('d start'));
  });
});
