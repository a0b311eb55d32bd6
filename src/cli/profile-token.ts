import { InputError } from '../core/errors.js';
import type { CliIo } from './io.js';

/** The variable a CI system's secret store can fill with the token of a private profile URL. */
export const PROFILE_TOKEN_ENV = 'KCS_PROFILE_TOKEN';

/**
 * A token on the command line is visible to every user of the machine (`ps`) and lands in shell history, so there is
 * no `--profile-token`: it is refused by name, before the flags are parsed, and what followed it is never repeated.
 */
export function refuseProfileTokenFlag(command: string, argv: readonly string[]): void {
  const end = argv.indexOf('--');
  const flags = end < 0 ? argv : argv.slice(0, end);
  if (!flags.some((arg) => arg === '--profile-token' || arg.startsWith('--profile-token='))) return;
  throw new InputError(
    'KCS-PROF-002',
    `${command}: --profile-token is not accepted: a token on the command line is visible to other users of the machine (ps) and stays in shell history`,
    { hint: `Set ${PROFILE_TOKEN_ENV} instead.` },
  );
}

/** KCS_PROFILE_TOKEN as the raw input parseConfig takes (`profile-token`), or nothing. */
export function profileTokenInput(io: CliIo): { 'profile-token'?: string } {
  const token = io.env[PROFILE_TOKEN_ENV];
  return token ? { 'profile-token': token } : {};
}
