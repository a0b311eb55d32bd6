// The bundles stay lean (issue 10): no file under dist/ above 8 MB, `evaluate` loads at most 2 MB of JavaScript, and a
// scan reaches its first API request without loading client-node's generated API (19 MB that used to be compiled on
// every start). The runs are real subprocesses of dist/, with a preloaded probe that lists the files they load.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeKube } from '../support/fake-kube/index.js';

const root = join(import.meta.dirname, '..', '..');
const probe = join(root, 'test/support/first-request-probe.mjs');
const MB = 1024 * 1024;

interface ProbeRecord {
  firstRequest?: { host: string; path: string };
  modules: string[];
  moduleBytes: number;
}

/** Runs `args` under node with the probe; returns what it loaded (up to the first request with `stop`). */
function loadedBy(args: string[], env: NodeJS.ProcessEnv, stop: boolean): ProbeRecord {
  const dir = mkdtempSync(join(tmpdir(), 'kcs-size-'));
  const out = join(dir, 'probe.json');
  spawnSync(process.execPath, ['--import', probe, ...args], {
    env: {
      PATH: process.env['PATH'],
      HOME: dir,
      KCS_PROBE_OUT: out,
      KCS_PROBE_MODULES: '1',
      ...(stop ? { KCS_PROBE_STOP: '1' } : {}),
      ...env,
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (!existsSync(out)) throw new Error(`the probe wrote nothing for ${args.join(' ')}`);
  return JSON.parse(readFileSync(out, 'utf8').trim()) as ProbeRecord;
}

describe('bundle size', () => {
  it('no file under dist/ is larger than 8 MB', () => {
    const sizes = ['action', 'cli'].flatMap((entry) =>
      readdirSync(join(root, 'dist', entry)).map((name) => ({
        file: `dist/${entry}/${name}`,
        size: statSync(join(root, 'dist', entry, name)).size,
      })),
    );
    expect(sizes.filter((s) => s.size > 8 * MB)).toEqual([]);
  });

  it('evaluate loads at most 2 MB of JavaScript', () => {
    const out = mkdtempSync(join(tmpdir(), 'kcs-size-eval-'));
    const report = join(root, 'test/fixtures/framing/report.json');
    const cli = join(root, 'dist/cli/index.js');
    const record = loadedBy(
      [cli, 'evaluate', '--results', report, '--threshold', 'compliance.min: 0', '--output-dir', out],
      {},
      false,
    );
    expect(record.modules).toContain(cli);
    expect(record.moduleBytes).toBeLessThanOrEqual(2 * MB);
  });

  describe('up to the first API request', () => {
    let fake: FakeKube;
    beforeAll(async () => {
      fake = await FakeKube.start();
    });
    afterAll(async () => {
      await fake.close();
    });

    it('a CLI scan loads under 2 MB of JavaScript', () => {
      const dir = mkdtempSync(join(tmpdir(), 'kcs-size-scan-'));
      const kubeconfig = fake.writeKubeconfig(join(dir, 'kubeconfig'));
      const args = ['scan', '--image', 'registry.example.com/app:1', '--kubeconfig', kubeconfig, '--output-dir', dir];
      const record = loadedBy([join(root, 'dist/cli/index.js'), ...args], {}, true);
      expect(record.firstRequest?.path).toBe('/version');
      expect(record.moduleBytes).toBeLessThanOrEqual(2 * MB);
    });
  });
});

describe('the Kubernetes client is imported narrowly', () => {
  // A value import of the package root pulls every generated model back into the bundle; types are free.
  it('src/ imports only types from the root of @kubernetes/client-node', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          const text = readFileSync(path, 'utf8');
          for (const match of text.matchAll(/import\s+(type\s+)?[^;]*?from\s+'@kubernetes\/client-node'/g)) {
            if (!match[1]) offenders.push(path.slice(root.length + 1));
          }
          if (/import\(\s*'@kubernetes\/client-node'\s*\)/.test(text)) offenders.push(path.slice(root.length + 1));
        }
      }
    };
    walk(join(root, 'src'));
    expect(offenders).toEqual([]);
  });
});
