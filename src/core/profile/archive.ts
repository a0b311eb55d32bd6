import { crc32, gunzipSync, inflateRawSync } from 'node:zlib';
import { KcsError } from '../errors.js';
import { subtree, type ProfileTree } from './tree.js';

/**
 * A small, strict reader of profile archives (tar, tar.gz, zip) into memory. Nothing is written to disk, and every
 * entry is checked first: no absolute path, no `..`, no backslash or control character, no device or FIFO, no link
 * that leaves the archive. A link to a file inside it becomes a copy of that file; a link to a folder is refused.
 */
export interface ArchiveLimits {
  /** Bytes of all files together, once unpacked. */
  maxBytes: number;
  /** Files and folders. */
  maxEntries: number;
}

export const ARCHIVE_LIMITS: ArchiveLimits = { maxBytes: 256 * 1024 * 1024, maxEntries: 20_000 };

/** Thrown for an archive that is refused; `what` names it in messages (a redacted URL, `git archive of …`). */
export function archiveError(what: string, problem: string, cause?: unknown): KcsError {
  return new KcsError('KCS-PROF-006', `The profile archive ${what} ${problem}.`, {
    hint: 'Publish the profile as a .tar.gz, .tgz or .zip of its folder (inspec.yml at its root or in its one top folder), without links that point outside it.',
    category: 'input',
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Reads a tar, tar.gz or zip archive, recognised by its first bytes. */
export function readArchive(bytes: Buffer, what: string, limits: ArchiveLimits = ARCHIVE_LIMITS): ProfileTree {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    let tar: Buffer;
    try {
      // The cap counts tar's own headers and padding too; the per-file total is checked while reading.
      tar = gunzipSync(bytes, { maxOutputLength: limits.maxBytes + limits.maxEntries * 1024 });
    } catch (cause) {
      const tooLarge = cause instanceof RangeError || (cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      throw tooLarge
        ? sizeError(what, limits)
        : archiveError(what, `is not a valid gzip file (${(cause as Error).message})`, cause);
    }
    return readTar(tar, what, limits);
  }
  if (bytes.subarray(0, 4).equals(ZIP_LOCAL) || bytes.subarray(0, 4).equals(ZIP_END))
    return readZip(bytes, what, limits);
  if (bytes.length >= 262 && bytes.subarray(257, 262).toString('latin1') === 'ustar')
    return readTar(bytes, what, limits);
  const start = bytes.subarray(0, 64).toString('latin1');
  const looksLikeHtml = /^\s*<(!doctype|html)/i.test(start);
  throw archiveError(
    what,
    looksLikeHtml
      ? 'is an HTML page, not an archive (a login page? check the URL and the token)'
      : 'is not a tar.gz, tar or zip archive',
  );
}

function sizeError(what: string, limits: ArchiveLimits): KcsError {
  return new KcsError(
    'KCS-PROF-005',
    `The profile archive ${what} unpacks to more than ${mib(limits.maxBytes)} MiB or ${limits.maxEntries} entries.`,
    {
      hint: 'A profile this large cannot travel in a ConfigMap (1 MiB) anyway: publish only the profile (inspec.yml, controls/, libraries/, files/).',
      category: 'input',
    },
  );
}

const mib = (bytes: number): string => String(Math.round(bytes / (1024 * 1024)));

/** Collects entries, enforcing the limits, and resolves links once every entry is known. */
class Collector {
  readonly files: ProfileTree = new Map();
  readonly dirs = new Set<string>();
  private readonly links: { path: string; target: string; hard: boolean }[] = [];
  private bytes = 0;
  private entries = 0;

  constructor(
    private readonly what: string,
    private readonly limits: ArchiveLimits,
  ) {}

  count(size: number): void {
    this.fits(size);
    this.entries += 1;
    this.bytes += size;
  }

  /** Throws unless one more entry of `size` bytes stays within the limits (checked before inflating it). */
  fits(size: number): void {
    if (this.entries + 1 > this.limits.maxEntries || this.bytes + size > this.limits.maxBytes)
      throw sizeError(this.what, this.limits);
  }

  file(raw: string, content: Buffer): void {
    const path = safePath(raw, this.what);
    if (path === '') return;
    this.count(content.length);
    this.files.set(path, content);
  }

  dir(raw: string): void {
    const path = safePath(raw, this.what);
    this.count(0);
    if (path !== '') this.dirs.add(path);
  }

  link(raw: string, target: string, hard: boolean): void {
    const path = safePath(raw, this.what);
    this.count(0);
    if (path !== '') this.links.push({ path, target, hard });
  }

  /** Links become copies of the files they name inside the archive; one that leaves it is refused. */
  finish(): ProfileTree {
    const byPath = new Map(this.links.map((link) => [link.path, link]));
    for (const link of this.links) {
      let current = link;
      for (let hops = 0; ; hops += 1) {
        const resolved = current.hard
          ? safePath(current.target, this.what)
          : resolveSymlink(current.path, current.target, this.what);
        const content = this.files.get(resolved);
        if (content) {
          this.count(content.length);
          this.files.set(link.path, content);
          break;
        }
        const next = byPath.get(resolved);
        if (next && hops < 20) {
          current = next;
          continue;
        }
        if (this.dirs.has(resolved) || [...this.files.keys()].some((p) => p.startsWith(`${resolved}/`))) {
          throw archiveError(this.what, `holds ${link.path}, a link to the folder ${resolved}, which is not supported`);
        }
        // A link to nothing in the archive (or a loop): InSpec could not read it either; it is left out.
        break;
      }
    }
    return this.files;
  }
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A path inside the archive, normalised; refused when it could point anywhere else. */
export function safePath(raw: string, what: string): string {
  if (CONTROL.test(raw)) throw archiveError(what, `holds a path with a control character`);
  if (raw.includes('\\')) throw archiveError(what, `holds the path ${JSON.stringify(raw)} with a backslash`);
  if (raw.startsWith('/')) throw archiveError(what, `holds the absolute path ${JSON.stringify(raw)}`);
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..'))
    throw archiveError(what, `holds the path ${JSON.stringify(raw)}, which leaves the archive`);
  return segments.join('/');
}

/** The archive path a symbolic link at `path` names; refused when it leaves the archive (or is absolute). */
function resolveSymlink(path: string, target: string, what: string): string {
  if (target.startsWith('/') || target.includes('\\') || CONTROL.test(target)) {
    throw archiveError(what, `holds ${path}, a link to ${JSON.stringify(target)} outside the archive`);
  }
  const segments = path.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0)
        throw archiveError(what, `holds ${path}, a link to ${JSON.stringify(target)} outside the archive`);
      segments.pop();
    } else segments.push(part);
  }
  return segments.join('/');
}

// ----- tar ------------------------------------------------------------------------------------------------------

const BLOCK = 512;

function readTar(tar: Buffer, what: string, limits: ArchiveLimits): ProfileTree {
  const collector = new Collector(what, limits);
  let offset = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    checkChecksum(header, what);
    const size = octal(header.subarray(124, 136), what);
    const type = String.fromCharCode(header[156] ?? 0);
    const dataStart = offset + BLOCK;
    if (dataStart + size > tar.length) throw archiveError(what, 'is cut short');
    const data = tar.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      pax = parsePax(data);
      continue;
    }
    if (type === 'g') continue;
    if (type === 'L') {
      longName = cString(data);
      continue;
    }
    if (type === 'K') {
      longLink = cString(data);
      continue;
    }
    const name = pax['path'] ?? longName ?? headerName(header);
    const linkName = pax['linkpath'] ?? longLink ?? cString(header.subarray(157, 257));
    pax = {};
    longName = undefined;
    longLink = undefined;
    if (type === '0' || type === '\u0000' || type === '7') collector.file(name, Buffer.from(data));
    else if (type === '5') collector.dir(name);
    else if (type === '2' || type === '1') collector.link(name, linkName, type === '1');
    else
      throw archiveError(
        what,
        `holds ${JSON.stringify(name)}, an entry of type "${type}" (a device, FIFO or sparse file)`,
      );
  }
  return collector.finish();
}

function headerName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const ustar = header.subarray(257, 263).toString('latin1') === 'ustar\u0000';
  const prefix = ustar ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}

function octal(field: Buffer, what: string): number {
  if (((field[0] ?? 0) & 0x80) !== 0) throw archiveError(what, 'holds a file larger than 8 GiB');
  const text = cString(field).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw archiveError(what, 'has a damaged tar header');
  return parseInt(text, 8);
}

function checkChecksum(header: Buffer, what: string): void {
  const stored = octal(header.subarray(148, 156), what);
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  if (sum !== stored) throw archiveError(what, 'has a tar header whose checksum does not match (a damaged archive)');
}

/** Pax extended header records: `<length> <key>=<value>\n`. */
function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space < 0) break;
    const length = Number(data.subarray(offset, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}

// ----- zip ------------------------------------------------------------------------------------------------------

const ZIP_LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const ZIP_CENTRAL = 0x02014b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

function readZip(zip: Buffer, what: string, limits: ArchiveLimits): ProfileTree {
  const collector = new Collector(what, limits);
  const end = findEndOfCentralDirectory(zip, what);
  let offset = zip.readUInt32LE(end + 16);
  const count = zip.readUInt16LE(end + 10);
  if (count === 0xffff || offset === 0xffffffff) throw archiveError(what, 'is a ZIP64 archive, which is not supported');
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== ZIP_CENTRAL)
      throw archiveError(what, 'has a damaged zip directory');
    const flags = zip.readUInt16LE(offset + 8);
    const method = zip.readUInt16LE(offset + 10);
    const crc = zip.readUInt32LE(offset + 16);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const madeBy = zip.readUInt16LE(offset + 4) >> 8;
    const mode = madeBy === 3 ? zip.readUInt32LE(offset + 38) >>> 16 : 0;
    const local = zip.readUInt32LE(offset + 42);
    const nameBytes = zip.subarray(offset + 46, offset + 46 + nameLength);
    const name = (flags & 0x800) !== 0 ? nameBytes.toString('utf8') : nameBytes.toString('latin1');
    offset += 46 + nameLength + extraLength + commentLength;
    if ((flags & 0x1) !== 0) throw archiveError(what, `holds ${JSON.stringify(name)}, an encrypted entry`);
    if (size === 0xffffffff || compressedSize === 0xffffffff || local === 0xffffffff)
      throw archiveError(what, 'is a ZIP64 archive, which is not supported');
    if (name.endsWith('/') || (mode & S_IFMT) === S_IFDIR) {
      collector.dir(name);
      continue;
    }
    collector.fits(size);
    const content = zipEntryData(zip, local, method, compressedSize, size, crc, name, what);
    if ((mode & S_IFMT) === S_IFLNK) collector.link(name, content.toString('utf8'), false);
    else collector.file(name, content);
  }
  return collector.finish();
}

function findEndOfCentralDirectory(zip: Buffer, what: string): number {
  for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset -= 1) {
    if (zip.readUInt32LE(offset) === 0x06054b50) return offset;
  }
  throw archiveError(what, 'is not a complete zip archive (no end of central directory)');
}

function zipEntryData(
  zip: Buffer,
  local: number,
  method: number,
  compressedSize: number,
  size: number,
  crc: number,
  name: string,
  what: string,
): Buffer {
  if (local + 30 > zip.length || !zip.subarray(local, local + 4).equals(ZIP_LOCAL))
    throw archiveError(what, `has a damaged zip entry ${JSON.stringify(name)}`);
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const raw = zip.subarray(start, start + compressedSize);
  if (raw.length !== compressedSize) throw archiveError(what, 'is cut short');
  let data: Buffer;
  if (method === 0) data = Buffer.from(raw);
  else if (method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
    } catch (cause) {
      throw archiveError(
        what,
        `has a zip entry ${JSON.stringify(name)} that does not inflate to its stated size`,
        cause,
      );
    }
  } else
    throw archiveError(
      what,
      `holds ${JSON.stringify(name)}, compressed with method ${method} (only stored and deflate are supported)`,
    );
  if (data.length !== size || crc32(data) !== crc)
    throw archiveError(
      what,
      `has a zip entry ${JSON.stringify(name)} whose size or CRC does not match (a damaged archive)`,
    );
  return data;
}

// ----- the profile inside the archive ---------------------------------------------------------------------------

/**
 * The profile inside an unpacked archive: the archive's root when it holds inspec.yml, else its single top folder
 * when that holds inspec.yml (GitHub and GitLab archives put everything in `<repo>-<ref>/`).
 */
export function profileRoot(tree: ProfileTree, what: string): ProfileTree {
  return subtree(tree, profileRootPrefix(tree, what));
}

/** Where profileRoot finds the profile: `''` (the root) or the name of the single top folder. */
export function profileRootPrefix(tree: ProfileTree, what: string): string {
  if (tree.has('inspec.yml')) return '';
  const tops = new Set([...tree.keys()].map((path) => path.split('/')[0] ?? ''));
  const [top] = tops;
  if (tops.size === 1 && top !== undefined && tree.has(`${top}/inspec.yml`)) return top;
  throw new KcsError(
    'KCS-PROF-007',
    `The profile ${what} has no inspec.yml at its root or in its single top folder, so it is not an InSpec profile.`,
    {
      hint: 'Point the profile at an archive or repository of one InSpec profile (with git, a subfolder is not supported: publish the profile in a repository of its own, or as an archive).',
      category: 'input',
    },
  );
}
