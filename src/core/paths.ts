import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folders the bundles read at run time (scanner/, profiles/, thresholds/, deploy/). ncc does not copy them, so
 * they are found by walking up from this module's own location: src/core in development, dist/<entry>/ in a bundle,
 * node_modules/kube-cinc-scan/dist/<entry>/ when installed from npm. KCS_ROOT overrides it.
 */
export function packageRoot(): string {
  const override = process.env['KCS_ROOT'];
  if (override) return resolve(override);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    if (existsSync(join(dir, 'action.yml')) && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`cannot find the kube-cinc-scan package root above ${fileURLToPath(import.meta.url)}; set KCS_ROOT`);
}

export const scannerDir = (): string => join(packageRoot(), 'scanner');
export const profilesDir = (): string => join(packageRoot(), 'profiles');
export const thresholdsDir = (): string => join(packageRoot(), 'thresholds');
export const deployDir = (): string => join(packageRoot(), 'deploy');
