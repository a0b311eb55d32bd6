// A profile that cannot be packed is an input error of the CLI (exit 2), found before kind or the cluster is touched.
// In process, through main(): the subprocess tests in this folder run the bundle, which the sources lead.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { standInKind } from '../action/stand-in-kind.js';
import { makeTempDir } from '../support/temp-dir.js';

function capture(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env,
    cwd,
    signal: new AbortController().signal,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** A profile with one control whose path inside the profile is `inner`. */
function profileWith(root: string, inner: string): string {
  const dir = join(root, 'profile');
  mkdirSync(join(dir, inner, '..'), { recursive: true });
  writeFileSync(join(dir, 'inspec.yml'), 'name: long-paths\n');
  writeFileSync(join(dir, inner), "control 'x' do\nend\n");
  return dir;
}

describe('kube-cinc-scan with a profile path too long for tar', () => {
  const inner = `controls/${'a'.repeat(100)}/${'b'.repeat(100)}/${'c'.repeat(60)}.rb`;

  it('scan exits 2 with KCS-CFG-013 naming the path, its length and the limit; kind is never run', async () => {
    const root = makeTempDir('kcs-cli-profile-');
    const profile = profileWith(root, inner);
    const kind = standInKind({ exit: 0 });
    const outputDir = join(root, 'out');
    // No cluster at all: the kubeconfig does not exist, so any attempt to connect would be a different error.
    const run = capture(root, { PATH: kind.env['PATH'], KUBECONFIG: join(root, 'no-such-kubeconfig') });
    const code = await main(
      ['scan', '--image', 'app:1', '--profile', profile, '--kind-load', '--output-dir', outputDir],
      run.io,
    );
    expect(code, run.stderr()).toBe(2);
    expect(run.stderr()).toContain('KCS-CFG-013');
    expect(run.stderr()).toContain(inner);
    expect(run.stderr()).toMatch(/is 274 bytes long, over the 256 bytes a tar \(ustar\) path can hold/);
    expect(run.stderr()).toContain('hint: Shorten the file and folder names');
    expect(run.stderr()).not.toContain('KCS-SCAN-900');
    expect(existsSync(kind.argsFile), 'kind was run').toBe(false);
    expect(JSON.parse(readFileSync(join(outputDir, 'summary.json'), 'utf8'))).toMatchObject({ result: 'error' });
  });

  it('render exits 2 with the same code', async () => {
    const root = makeTempDir('kcs-cli-profile-');
    const run = capture(root);
    const code = await main(['render', '--image', 'app:1', '--profile', profileWith(root, inner)], run.io);
    expect(code, run.stderr()).toBe(2);
    expect(run.stderr()).toContain('KCS-CFG-013');
  });
});
