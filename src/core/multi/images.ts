import { createHash } from 'node:crypto';
import { registryOf } from '../registry.js';

// The list of images one run scans: read from text written one reference per line (the `image` input, --image given
// more than once, an --images-file), told apart by what the container runtime would pull, and given a folder each.

/** One reference as written, and where, so that an error can name the line. */
export interface ImageLine {
  text: string;
  /** `image line 3`, `images.txt:3`. */
  where: string;
}

/**
 * The references in `text`, one per line: blank lines are skipped and `#` starts a comment (an image reference never
 * holds one). `label(n)` says where line `n` (from 1) is, for error messages.
 */
export function imageLines(text: string, label: (line: number) => string): ImageLine[] {
  const lines: ImageLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const hash = raw.indexOf('#');
    const content = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    if (content !== '') lines.push({ text: content, where: label(index + 1) });
  });
  return lines;
}

/**
 * Which image the runtime pulls for a reference, so that `busybox`, `docker.io/library/busybox:latest` and
 * `index.docker.io/library/busybox` count as one image: the registry (Docker Hub's aliases as docker.io), the
 * repository (`library/` added for Docker Hub's one-part names), then the digest when there is one (it decides the
 * content; a tag beside it is ignored by the runtime too), else the tag (`latest` when none).
 */
export function imageKey(reference: string): string {
  const at = reference.indexOf('@');
  const digest = at < 0 ? undefined : reference.slice(at + 1);
  const named = at < 0 ? reference : reference.slice(0, at);
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const tag = colon > slash ? named.slice(colon + 1) : undefined;
  const name = colon > slash ? named.slice(0, colon) : named;
  const registry = registryOf(name);
  const first = name.indexOf('/');
  const host = first < 0 ? '' : name.slice(0, first);
  // The first part is a host when registryOf reads it as one: it holds a `.` or a `:`, or is localhost.
  let path = host !== '' && (/[.:]/.test(host) || host === 'localhost') ? name.slice(first + 1) : name;
  if (registry === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  return `${registry}/${path}${digest ? `@${digest}` : `:${tag ?? 'latest'}`}`;
}

export interface Deduplicated {
  images: string[];
  /** Each reference left out, and the one kept in its place. */
  duplicates: { image: string; sameAs: string }[];
}

/** Keeps the first spelling of each image (by imageKey), in order. */
export function dedupeImages(references: readonly string[]): Deduplicated {
  const kept = new Map<string, string>();
  const duplicates: Deduplicated['duplicates'] = [];
  for (const image of references) {
    const key = imageKey(image);
    const earlier = kept.get(key);
    if (earlier === undefined) kept.set(key, image);
    else duplicates.push({ image, sameAs: earlier });
  }
  return { images: [...kept.values()], duplicates };
}

/**
 * The folder an image's files go to: the reference made safe for any file system and for artifact paths (letters,
 * digits, `.`, `_`, `-`; a digest shortened to 12 digits), at most 60 characters, then 8 hex digits of the
 * reference's SHA-256, so that two references that sanitise alike (`app:1.0` and `app-1.0`) still differ.
 */
export function imageFolderName(reference: string): string {
  const readable = reference
    .replace(/@sha256:([a-f0-9]{12})[a-f0-9]*/, '@$1')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+/, '')
    .slice(0, 60)
    .replace(/[-.]+$/, '');
  const hash = createHash('sha256').update(reference).digest('hex').slice(0, 8);
  return `${readable || 'image'}-${hash}`;
}

/**
 * A folder per image, unique within the run even if two short hashes met (they are compared case-insensitively, for
 * file systems that fold case).
 */
export function imageFolders(images: readonly string[]): Map<string, string> {
  const folders = new Map<string, string>();
  const taken = new Set<string>();
  for (const image of images) {
    let folder = imageFolderName(image);
    for (let n = 2; taken.has(folder.toLowerCase()); n += 1) folder = `${imageFolderName(image)}-${n}`;
    taken.add(folder.toLowerCase());
    folders.set(image, folder);
  }
  return folders;
}
