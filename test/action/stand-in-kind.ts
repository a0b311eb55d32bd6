import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { makeTempDir } from '../support/temp-dir.js';

/**
 * A stand-in `kind` on PATH: records its arguments, prints what the real one prints, exits as told. Next to it a
 * stand-in `docker`: `docker image inspect IMAGE` succeeds for the images in `docker.present`, `docker pull` exits
 * with `docker.pullExit` (0 by default) after printing `docker.pullStderr`. Every call of either is one line of
 * `callsFile` (`kind load docker-image x --name c`); `argsFile` holds the last call of kind, one argument a line.
 */
export function standInKind(
  behaviour: { exit: number; stderr?: string },
  docker: { present?: string[]; pullExit?: number; pullStderr?: string } = {},
): {
  dir: string;
  argsFile: string;
  callsFile: string;
  env: NodeJS.ProcessEnv;
} {
  const dir = makeTempDir('kcs-kind-');
  const argsFile = join(dir, 'args');
  const callsFile = join(dir, 'calls');
  const script = [
    '#!/bin/sh',
    `printf '%s\\n' "kind $*" >> '${callsFile}'`,
    `for a in "$@"; do printf '%s\\n' "$a"; done > '${argsFile}'`,
    behaviour.stderr ? `printf '%s\\n' '${behaviour.stderr}' >&2` : '',
    `exit ${behaviour.exit}`,
  ].join('\n');
  writeFileSync(join(dir, 'kind'), script);
  chmodSync(join(dir, 'kind'), 0o755);
  const present = (docker.present ?? []).map((image) => `    '${image}') exit 0 ;;`);
  const dockerScript = [
    '#!/bin/sh',
    `printf '%s\\n' "docker $*" >> '${callsFile}'`,
    'if [ "$1" = image ] && [ "$2" = inspect ]; then',
    '  for last; do :; done',
    '  case "$last" in',
    ...present,
    '  esac',
    `  printf 'Error response from daemon: No such image: %s\\n' "$last" >&2`,
    '  exit 1',
    'fi',
    'if [ "$1" = pull ]; then',
    docker.pullStderr ? `  printf '%s\\n' '${docker.pullStderr}' >&2` : '  :',
    `  exit ${docker.pullExit ?? 0}`,
    'fi',
    'exit 0',
  ].join('\n');
  writeFileSync(join(dir, 'docker'), dockerScript);
  chmodSync(join(dir, 'docker'), 0o755);
  return {
    dir,
    argsFile,
    callsFile,
    env: { ...process.env, PATH: `${dir}${delimiter}${process.env['PATH'] ?? ''}` },
  };
}

/** The calls the stand-ins recorded, one string each (`kind load docker-image x --name c`). */
export function recordedCalls(callsFile: string): string[] {
  return existsSync(callsFile) ? readFileSync(callsFile, 'utf8').trim().split('\n').filter(Boolean) : [];
}
