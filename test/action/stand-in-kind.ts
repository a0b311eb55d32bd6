import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** A stand-in `kind` on PATH: records its arguments, prints what the real one prints, exits as told. */
export function standInKind(behaviour: { exit: number; stderr?: string }): {
  dir: string;
  argsFile: string;
  env: NodeJS.ProcessEnv;
} {
  const dir = mkdtempSync(join(tmpdir(), 'kcs-kind-'));
  const argsFile = join(dir, 'args');
  const script = [
    '#!/bin/sh',
    `for a in "$@"; do printf '%s\\n' "$a"; done > '${argsFile}'`,
    behaviour.stderr ? `printf '%s\\n' '${behaviour.stderr}' >&2` : '',
    `exit ${behaviour.exit}`,
  ].join('\n');
  writeFileSync(join(dir, 'kind'), script);
  chmodSync(join(dir, 'kind'), 0o755);
  return { dir, argsFile, env: { ...process.env, PATH: `${dir}${delimiter}${process.env['PATH'] ?? ''}` } };
}
