// `render` with several images prints every image's objects, and refuses what it cannot do offline. In process,
// through main(): render needs no cluster.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { makeTempDir } from '../support/temp-dir.js';

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: {},
    cwd,
    signal: new AbortController().signal,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

interface K8sObject {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { containers: { name: string; image: string }[] };
}

const targetImage = (pod: K8sObject) => pod.spec?.containers.find((c) => c.name === 'target')?.image;

describe('kube-cinc-scan render', () => {
  it('prints the objects of one scan per image, each after a comment naming its image', async () => {
    const root = makeTempDir('kcs-cli-render-');
    writeFileSync(join(root, 'images.txt'), '# the nightly list\nalpine:3.20\nbusybox:1.37.0\n');
    const run = capture(root);
    const code = await main(['render', '--image', 'nginx:1.27', '--images-file', 'images.txt'], run.io);
    expect(code, run.stderr()).toBe(0);
    const text = run.stdout();
    const comments = text.split('\n').filter((l) => l.startsWith('# kube-cinc-scan:'));
    expect(comments).toEqual([
      '# kube-cinc-scan: the objects of the scan of nginx:1.27',
      '# kube-cinc-scan: the objects of the scan of alpine:3.20',
      '# kube-cinc-scan: the objects of the scan of busybox:1.37.0',
    ]);
    const objects = loadAll(text) as K8sObject[];
    const pods = objects.filter((o) => o.kind === 'Pod');
    expect(pods.map(targetImage)).toEqual(['nginx:1.27', 'alpine:3.20', 'busybox:1.37.0']);
    // Each scan has its own run id, so its own names: the three can be applied side by side.
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
    expect(objects.filter((o) => o.kind === 'ConfigMap')).toHaveLength(pods.length * 2);
  });

  it('prints one image exactly as before: no comment', async () => {
    const run = capture(makeTempDir('kcs-cli-render-'));
    expect(await main(['render', '--image', 'busybox:1.37.0'], run.io)).toBe(0);
    expect(run.stdout()).not.toContain('# kube-cinc-scan:');
    expect(run.stdout().startsWith('---\n')).toBe(true);
  });

  it('refuses --images-from-namespace with KCS-CLI-003 (exit 2): listing a namespace needs a cluster', async () => {
    const run = capture(makeTempDir('kcs-cli-render-'));
    const code = await main(['render', '--images-from-namespace', 'production'], run.io);
    expect(code).toBe(2);
    expect(run.stderr()).toContain('KCS-CLI-003');
    expect(run.stderr()).toContain('--images-from-namespace production');
    expect(run.stdout()).toBe('');
  });
});
