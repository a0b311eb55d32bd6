import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { registryOf } from '../registry.js';
import { dedupeImages, imageLines, type Deduplicated, type ImageLine } from './images.js';

/** What one run scans, and how many scans may run at once. */
export interface TargetsConfig {
  /** The images given (image input, --image, --images-file), valid, without duplicates, in the order given. */
  images: string[];
  /** References left out because an earlier one names the same image. */
  duplicates: Deduplicated['duplicates'];
  /** Namespaces whose pods' images are scanned too (images-from-namespace), without duplicates. */
  fromNamespaces: string[];
  /** At most this many scan pods exist at once (max-parallel, 1 to 32). */
  maxParallel: number;
  /**
   * The per-image layout (a folder per image, combined files on top): more than one image was given, or
   * images-from-namespace was. One image given on its own keeps the single-scan layout and outputs.
   */
  multi: boolean;
}

export const MAX_PARALLEL_DEFAULT = 4;
export const MAX_PARALLEL_LIMIT = 32;

export interface TargetsInput {
  /** The `image` input: one reference per line. */
  image: string;
  /** --images-file (CLI): a file with one reference per line. */
  imagesFile: string;
  /** images-from-namespace: namespaces, one per line or comma-separated. */
  fromNamespaces: string;
  maxParallel: string;
  cwd: string;
}

/** What parseTargets needs from the config parser, passed in so that this module does not import it. */
export interface TargetsChecks {
  isImageReference(text: string): boolean;
  /** Reports a bad namespace name itself (it knows the message). */
  namespace(name: string, text: string): string;
  problem(code: string, message: string): void;
}

const show = (text: string): string => JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);

/**
 * The image list, from the `image` input (or every --image, joined by line breaks), the images file and
 * images-from-namespace. Every reference is checked before anything is created; each bad one is reported with where it
 * was written (`image line 3`, `images.txt:7`).
 */
export function parseTargets(input: TargetsInput, checks: TargetsChecks): TargetsConfig {
  const fromImage = imageLines(input.image, (n) => `image line ${n}`);
  // One line, as before: its errors keep saying `image: …`.
  if (fromImage.length === 1 && !input.image.trim().includes('\n')) (fromImage[0] as ImageLine).where = 'image';
  const lines = [...fromImage, ...imagesFileLines(input.imagesFile, input.cwd, checks)];
  const fromNamespaces = [
    ...new Set(
      input.fromNamespaces
        .split(/[\n,]/)
        .map((n) => n.trim())
        .filter((n) => n !== ''),
    ),
  ].map((name) => checks.namespace('images-from-namespace', name));
  if (lines.length === 0 && fromNamespaces.length === 0 && input.imagesFile.trim() === '') {
    checks.problem(
      'KCS-CFG-001',
      'image is required: the image reference to scan, for example ghcr.io/acme/app:1.2.3 (several: one per line), or images-from-namespace',
    );
  }
  const valid: string[] = [];
  for (const line of lines) {
    if (checks.isImageReference(line.text)) valid.push(line.text);
    else
      checks.problem(
        'KCS-CFG-011',
        `${line.where}: ${show(line.text)} is not an image reference; use [registry/]repository[:tag][@sha256:digest] with a lower-case repository`,
      );
  }
  const { images, duplicates } = dedupeImages(valid);
  return {
    images,
    duplicates,
    fromNamespaces,
    maxParallel: maxParallel(input.maxParallel, checks),
    multi: lines.length > 1 || fromNamespaces.length > 0 || input.imagesFile.trim() !== '',
  };
}

function imagesFileLines(text: string, cwd: string, checks: TargetsChecks): ImageLine[] {
  const name = text.trim();
  if (name === '') return [];
  const path = resolve(cwd, name);
  let content: string;
  try {
    if (!existsSync(path) || !statSync(path).isFile()) throw new Error('not a file');
    content = readFileSync(path, 'utf8');
  } catch {
    checks.problem('KCS-CFG-008', `images-file: file ${show(name)} does not exist (looked at ${path})`);
    return [];
  }
  const lines = imageLines(content, (n) => `${name}:${n}`);
  if (lines.length === 0)
    checks.problem('KCS-IMG-002', `images-file: ${show(name)} lists no image (one reference per line, # comments)`);
  return lines;
}

function maxParallel(text: string, checks: TargetsChecks): number {
  const trimmed = text.trim();
  if (trimmed === '') return MAX_PARALLEL_DEFAULT;
  const n = Number(trimmed);
  if (/^\d+$/.test(trimmed) && n >= 1 && n <= MAX_PARALLEL_LIMIT) return n;
  checks.problem(
    'KCS-IMG-001',
    `max-parallel: ${show(trimmed)} is not allowed; use a whole number from 1 to ${MAX_PARALLEL_LIMIT}`,
  );
  return MAX_PARALLEL_DEFAULT;
}

/**
 * The registry credentials default to the image's registry; with several images that is only clear when they share
 * one. A message when it is not (the images come from several registries, or from a namespace, not known yet).
 */
export function ambiguousRegistry(targets: TargetsConfig, registry: string, username: string): string | undefined {
  if (registry !== '' || username === '') return undefined;
  const registries = [...new Set(targets.images.map(registryOf))];
  if (targets.fromNamespaces.length > 0)
    return 'registry: registry credentials are given with images-from-namespace, whose images are not known in advance; set registry to the registry the credentials are for';
  if (registries.length > 1)
    return `registry: registry credentials are given, and the images come from several registries (${registries.join(', ')}); set registry to the one the credentials are for`;
  return undefined;
}
