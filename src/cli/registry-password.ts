import { InputError } from '../core/errors.js';
import type { CliIo } from './io.js';

/** The variable a CI system's secret store can fill with the registry password. */
export const REGISTRY_PASSWORD_ENV = 'KCS_REGISTRY_PASSWORD';

/**
 * A password on the command line is visible to every user of the machine (`ps`, /proc/<pid>/cmdline) and lands in
 * shell history, so `--registry-password` does not exist. It is refused by name, before the flags are parsed, with a
 * message that never repeats what followed it.
 */
export function refusePasswordFlag(command: string, argv: readonly string[]): void {
  const end = argv.indexOf('--');
  const flags = end < 0 ? argv : argv.slice(0, end);
  if (!flags.some((arg) => arg === '--registry-password' || arg.startsWith('--registry-password='))) return;
  throw new InputError(
    'KCS-CLI-002',
    `${command}: --registry-password is not accepted: a password on the command line is visible to other users of the machine (ps) and stays in shell history`,
    {
      hint: `Pipe it in with --registry-password-stdin (for example: aws ecr get-login-password | kube-cinc-scan ${command} --registry-username AWS --registry-password-stdin …), or set ${REGISTRY_PASSWORD_ENV}.`,
    },
  );
}

/**
 * The registry password: stdin with `--registry-password-stdin` (one trailing line break removed, as `docker login
 * --password-stdin` does), otherwise KCS_REGISTRY_PASSWORD, otherwise none. As the raw input parseConfig takes.
 */
export async function registryPasswordInput(fromStdin: boolean, io: CliIo): Promise<{ 'registry-password'?: string }> {
  if (fromStdin) {
    if (!io.readStdin) throw new InputError('KCS-CLI-002', '--registry-password-stdin: there is no stdin to read');
    return { 'registry-password': (await io.readStdin()).replace(/\r?\n$/, '') };
  }
  const fromEnv = io.env[REGISTRY_PASSWORD_ENV];
  return fromEnv ? { 'registry-password': fromEnv } : {};
}
