import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionLogger } from '../../src/action/action-logger.js';
import { main } from '../../src/action/main.js';
import { post } from '../../src/action/post.js';
import { runMain } from '../../src/action/run.js';
import { saveScanState, type StateStore } from '../../src/action/state.js';
import { MemoryLogger } from '../../src/core/logger.js';
import { captureStdout, withEnv } from './helpers.js';
import { plantedKubeconfig } from './planted-kubeconfig.js';
import { interpretStdout, parseFileCommands } from './runner-emulator.js';
import { makeTempDir } from '../support/temp-dir.js';

const memoryState = (): StateStore & { values: Map<string, string> } => {
  const values = new Map<string, string>();
  return { values, get: (name) => values.get(name) ?? '', save: (name, value) => void values.set(name, value) };
};

const noUpload = {
  uploadArtifact: () => Promise.reject(new Error('no upload expected')),
};

describe('main and post without a cluster', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
    process.exitCode = undefined;
  });

  it('an invalid input fails the step with result=error and a summary, masks first, creates nothing', async () => {
    const dir = makeTempDir('kcs-main-');
    writeFileSync(join(dir, 'output'), '');
    writeFileSync(join(dir, 'summary'), '');
    const env = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
    restore = withEnv(env);
    const planted = plantedKubeconfig('https://127.0.0.1:1');
    const state = memoryState();
    const { output } = await captureStdout(() =>
      main({
        env,
        cwd: dir,
        readInputs: () => ({
          image: '',
          kubeconfig: planted.text,
          'github-token': 'ghs_secret0123456789',
          timeout: '7x',
        }),
        state,
        logger: new ActionLogger(),
        artifactClient: noUpload,
        signal: new AbortController().signal,
      }),
    );
    const view = interpretStdout(output);
    expect(process.exitCode).toBe(1);
    expect(view.errors).toHaveLength(1);
    expect(view.errors[0]).toMatch(/^Invalid input: .*image.*timeout/);
    expect(view.masks).toEqual(expect.arrayContaining([...planted.secrets, 'ghs_secret0123456789']));
    // Masks come before anything else is written.
    expect(output.split('\n').findIndex((l) => !l.startsWith('::add-mask::'))).toBeGreaterThanOrEqual(
      view.masks.length,
    );
    expect(parseFileCommands(readFileSync(env.GITHUB_OUTPUT, 'utf8'))).toEqual({ result: 'error' });
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toContain('Compliance scan error');
    expect(state.values.has('scan')).toBe(false);
  });

  it('post does nothing when main created nothing, or when cleanup is false', async () => {
    const logger = new MemoryLogger();
    const readInputs = () => {
      throw new Error('post must not read inputs when it has nothing to do');
    };
    await post({ env: {}, cwd: '/', readInputs, state: memoryState(), logger });
    const kept = memoryState();
    saveScanState(kept, {
      runId: 'kcs-1',
      namespace: 'scans',
      podName: 'kcs-1',
      configMapNames: ['kcs-1-profile'],
      cleanup: false,
    });
    await post({ env: {}, cwd: '/', readInputs, state: kept, logger });
    expect(logger.messages('info')).toEqual([
      'Nothing to clean up: the main step created nothing.',
      'cleanup is false: keeping pod kcs-1 and its ConfigMaps in namespace scans.',
    ]);
    expect(logger.messages('warn')).toEqual([]);
  });

  it('post never throws: an unreachable cluster is a warning that names the cleanup command', async () => {
    const state = memoryState();
    saveScanState(state, { runId: 'kcs-2', namespace: 'scans', podName: 'kcs-2', configMapNames: [], cleanup: true });
    const logger = new MemoryLogger();
    const planted = plantedKubeconfig('http://127.0.0.1:9');
    await captureStdout(() =>
      post({
        env: {},
        cwd: process.cwd(),
        readInputs: () => ({ image: 'app:1', kubeconfig: planted.text }),
        state,
        logger,
      }),
    );
    expect(logger.messages('warn')).toEqual([
      expect.stringMatching(/^KCS-GH-009: post-step cleanup failed: .*kube-cinc-scan cleanup/),
    ]);
    for (const secret of planted.secrets) expect(logger.messages('warn')[0]).not.toContain(secret);
  });
});

describe('runMain: any thrown value fails the step', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it.each([
    ['an Error', new Error('boom'), 'boom'],
    ['a string', 'plain string thrown', 'plain string thrown'],
    ['undefined', undefined, 'non-Error value thrown'],
    ['an object', { reason: 'odd' }, 'non-Error value thrown: {"reason":"odd"}'],
  ])('%s', async (_name, thrown, shown) => {
    const { output } = await captureStdout(() =>
      runMain({
        env: {},
        cwd: '/',
        readInputs: () => {
          throw thrown;
        },
        state: memoryState(),
        logger: new ActionLogger(),
        artifactClient: noUpload,
        signal: new AbortController().signal,
      }),
    );
    expect(process.exitCode).toBe(1);
    expect(interpretStdout(output).errors).toEqual([
      expect.stringContaining(`KCS-GH-011: the action failed unexpectedly: ${shown}`),
    ]);
  });
});
