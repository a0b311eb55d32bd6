// The CLI takes a private profile's token from KCS_PROFILE_TOKEN only: a flag would put it on the command line.
import { describe, expect, it } from 'vitest';
import { renderCommand } from '../../src/cli/commands/render.js';
import { scanCommand } from '../../src/cli/commands/scan.js';
import type { CliIo } from '../../src/cli/io.js';
import type { KcsError } from '../../src/core/errors.js';
import { profileTarGz } from '../support/archives.js';
import { ProfileServer } from '../support/profile-server.js';
import { makeTempDir } from '../support/temp-dir.js';

function io(env: NodeJS.ProcessEnv = {}): CliIo & { output: string[] } {
  const output: string[] = [];
  return {
    output,
    out: (text) => output.push(text),
    err: (text) => output.push(text),
    env,
    cwd: makeTempDir('kcs-cli-token-'),
    signal: new AbortController().signal,
  };
}

async function failure(promise: Promise<unknown>): Promise<KcsError> {
  try {
    await promise;
  } catch (error) {
    return error as KcsError;
  }
  throw new Error('expected a failure');
}

describe('the profile token on the CLI', () => {
  it('refuses --profile-token by name, never repeating the value (KCS-PROF-002)', async () => {
    for (const command of [scanCommand, renderCommand]) {
      for (const argv of [
        ['--image', 'app:1', '--profile-token', 'tok-on-argv-123'],
        ['--image', 'app:1', '--profile-token=tok-on-argv-123'],
      ]) {
        const error = await failure(command.run(argv, io()));
        expect(error.code).toBe('KCS-PROF-002');
        expect(error.hint).toContain('KCS_PROFILE_TOKEN');
        expect(JSON.stringify(error)).not.toContain('tok-on-argv-123');
      }
    }
  });

  it('render fetches a private profile with KCS_PROFILE_TOKEN; the output holds neither the token nor the URL', async () => {
    const server = await ProfileServer.start();
    try {
      const url = server.serve('/private/p.tar.gz', profileTarGz({ 'inspec.yml': 'name: p\n', 'controls/c.rb': 'c' }));
      const run = io({ KCS_PROFILE_TOKEN: server.token, HOME: '/nonexistent' });
      expect(await renderCommand.run(['--image', 'app:1', '--profile', url], run)).toBe(0);
      const yaml = run.output.join('');
      expect(yaml).toContain('profile.tar.gz:');
      expect(yaml).not.toContain(server.token);
      expect(yaml).not.toContain('/private/p.tar.gz');
      expect(yaml).not.toContain('name: KCS_PROFILE_URL');
      // No --namespace and no kubeconfig: kubectl's last resort.
      expect(yaml).toContain('namespace: default');
      expect(server.requests).toEqual([{ path: '/private/p.tar.gz', authorization: `Bearer ${server.token}` }]);
    } finally {
      await server.close();
    }
  });
});
