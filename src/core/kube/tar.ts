import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One entry of an archive: a directory (no content) or a regular file. */
export interface TarEntry {
  path: string;
  content?: Buffer;
}

const BLOCK = 512;
// Folders that are never part of a profile and only make the archive bigger or leak data.
const SKIPPED = new Set(['.git', 'node_modules', '.DS_Store']);

/**
 * Lists a directory tree in a stable order (sorted by name, parents before children), so the same profile always
 * packs into the same bytes. Symbolic links are followed to files; a link to a directory is skipped (it could loop).
 */
export function collectTree(root: string, prefix = ''): TarEntry[] {
  const entries: TarEntry[] = [];
  for (const name of readdirSync(join(root, prefix)).sort()) {
    if (SKIPPED.has(name)) continue;
    const relative = prefix ? `${prefix}/${name}` : name;
    const full = join(root, relative);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) {
      if (lstatSync(full).isSymbolicLink()) continue;
      entries.push({ path: `${relative}/` });
      entries.push(...collectTree(root, relative));
    } else if (stat.isFile()) {
      entries.push({ path: relative, content: readFileSync(full) });
    }
  }
  return entries;
}

/**
 * A deterministic ustar archive, gzip-compressed: owner root, mode 0644/0755, time 0, so repeated runs produce identical
 * bytes (and identical ConfigMaps). A path longer than ustar allows is refused (`TarPathError`) rather than silently cut.
 */
export function tarGz(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const content = entry.content ?? Buffer.alloc(0);
    blocks.push(header(entry.path, entry.content === undefined, content.length));
    if (content.length > 0) {
      blocks.push(content, Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK));
    }
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(blocks), { level: 9 });
}

function header(path: string, isDirectory: boolean, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const [prefix, name] = isDirectory ? splitDirectory(path) : splitPath(path);
  block.write(name, 0, 100, 'utf8');
  writeOctal(block, isDirectory ? 0o755 : 0o644, 100, 8);
  writeOctal(block, 0, 108, 8);
  writeOctal(block, 0, 116, 8);
  writeOctal(block, size, 124, 12);
  writeOctal(block, 0, 136, 12);
  block.fill(' ', 148, 156);
  block.write(isDirectory ? '5' : '0', 156, 1, 'ascii');
  block.write('ustar\u000000', 257, 8, 'ascii');
  block.write('root', 265, 32, 'ascii');
  block.write('root', 297, 32, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return block;
}

function writeOctal(block: Buffer, value: number, offset: number, length: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}

/** ustar keeps a name of up to 100 bytes and a prefix of up to 155 before it, split at a `/` that is not stored. */
export const USTAR_NAME_BYTES = 100;
export const USTAR_PREFIX_BYTES = 155;
export const USTAR_PATH_BYTES = USTAR_PREFIX_BYTES + 1 + USTAR_NAME_BYTES;

/**
 * A path that a ustar archive cannot hold. The archive does not know whose path it is, so the caller turns this into
 * its own error (for a profile: an input error); `reason` says the path's length and the limit it breaks.
 */
export class TarPathError extends Error {
  constructor(
    readonly path: string,
    readonly bytes: number,
    readonly reason: string,
  ) {
    super(`path too long for a tar archive: ${path} is ${reason}`);
    this.name = 'TarPathError';
  }
}

function splitPath(path: string): [string, string] {
  if (Buffer.byteLength(path) <= USTAR_NAME_BYTES) return ['', path];
  for (let cut = path.indexOf('/'); cut >= 0; cut = path.indexOf('/', cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= USTAR_PREFIX_BYTES && Buffer.byteLength(name) <= USTAR_NAME_BYTES && name !== '')
      return [prefix, name];
  }
  throw tooLong(path);
}

/** A directory's trailing `/` is kept where it fits; the type flag already says it is a directory. */
function splitDirectory(path: string): [string, string] {
  const [prefix, name] = splitPath(path.replace(/\/$/, ''));
  return [prefix, Buffer.byteLength(name) < USTAR_NAME_BYTES ? `${name}/` : name];
}

function tooLong(path: string): TarPathError {
  const bytes = Buffer.byteLength(path);
  const lastBytes = Buffer.byteLength(path.slice(path.lastIndexOf('/') + 1));
  const reason =
    bytes > USTAR_PATH_BYTES
      ? `${bytes} bytes long, over the ${USTAR_PATH_BYTES} bytes a tar (ustar) path can hold`
      : lastBytes > USTAR_NAME_BYTES
        ? `${bytes} bytes long, and its last part is ${lastBytes} bytes, over the ${USTAR_NAME_BYTES} bytes a tar (ustar) name can hold`
        : `${bytes} bytes long, and no "/" in it splits it into the ${USTAR_PREFIX_BYTES} + ${USTAR_NAME_BYTES} bytes a tar (ustar) path can hold`;
  return new TarPathError(path, bytes, reason);
}
