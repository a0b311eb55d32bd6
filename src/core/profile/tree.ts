import { createHash } from 'node:crypto';
import { collectTree, type TarEntry } from '../kube/tar.js';

/**
 * A profile's files in memory, by path relative to the profile's root (`/`-separated, never `..` or absolute).
 * Fetched profiles are read into one of these and never written to disk, so no path in an archive can land outside.
 */
export type ProfileTree = Map<string, Buffer>;

/** A local directory as a tree (symbolic links to files followed, as collectTree does for local profiles). */
export function treeFromDirectory(dir: string): ProfileTree {
  const tree: ProfileTree = new Map();
  for (const entry of collectTree(dir)) if (entry.content) tree.set(entry.path, entry.content);
  return tree;
}

/**
 * The parts of a profile InSpec reads (its source reader, the lockfile and the vendor cache): what a fetched profile
 * ships. A repository's tests, CI files and docs stay behind, so they neither fill the ConfigMap nor reach the cluster.
 */
export function profileParts(tree: ProfileTree): ProfileTree {
  const kept: ProfileTree = new Map();
  for (const [path, content] of tree) {
    const top = path.split('/')[0] ?? '';
    const isDir = path.includes('/');
    if (isDir ? KEPT_DIRS.has(top) : KEPT_FILES.has(path)) kept.set(path, content);
  }
  return kept;
}

const KEPT_DIRS = new Set(['controls', 'libraries', 'files', 'vendor']);
const KEPT_FILES = new Set(['inspec.yml', 'inspec.lock', 'README.md', 'README']);

/** The files under `prefix/` (a folder of the tree), with the prefix removed. */
export function subtree(tree: ProfileTree, prefix: string): ProfileTree {
  if (prefix === '') return new Map(tree);
  const start = `${prefix}/`;
  const out: ProfileTree = new Map();
  for (const [path, content] of tree) if (path.startsWith(start)) out.set(path.slice(start.length), content);
  return out;
}

/**
 * The tree as archive entries in a stable order (by path segments, each folder before what it holds), so the same
 * files always pack into the same bytes.
 */
export function treeEntries(tree: ProfileTree): TarEntry[] {
  const paths = [...tree.keys()].sort(compareSegments);
  const entries: TarEntry[] = [];
  const dirs = new Set<string>();
  for (const path of paths) {
    const segments = path.split('/');
    for (let depth = 1; depth < segments.length; depth += 1) {
      const dir = segments.slice(0, depth).join('/');
      if (!dirs.has(dir)) {
        dirs.add(dir);
        entries.push({ path: `${dir}/` });
      }
    }
    const content = tree.get(path);
    if (content) entries.push({ path, content });
  }
  return entries;
}

function compareSegments(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const x = left[i] ?? '';
    const y = right[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

/** A content hash of the tree (paths and bytes), independent of any archive format: the vendor key of a dependency. */
export function treeDigest(tree: ProfileTree): string {
  const hash = createHash('sha256');
  for (const path of [...tree.keys()].sort(compareSegments)) {
    const content = tree.get(path) ?? Buffer.alloc(0);
    hash.update(`${path}\u0000${content.length}\u0000`);
    hash.update(content);
  }
  return hash.digest('hex');
}

/** Total bytes of the files. */
export function treeBytes(tree: ProfileTree): number {
  let total = 0;
  for (const content of tree.values()) total += content.length;
  return total;
}
