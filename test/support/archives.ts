import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

/**
 * Archive writers for tests that need archives our own packer would never make: any entry type, any path (`../x`,
 * `/etc/passwd`), links anywhere, pax headers, GitHub's global header, zips with unix modes.
 */
export interface RawTarEntry {
  name: string;
  /** '0' file (default), '5' folder, '2' symlink, '1' hard link, '3' character device, 'x' pax, 'g' global pax. */
  type?: string;
  content?: string | Buffer;
  linkname?: string;
}

const BLOCK = 512;

function header(name: string, type: string, size: number, linkname: string): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name.slice(0, 100), 0, 100, 'utf8');
  block.write('0000644\u0000', 100, 8, 'ascii');
  block.write('0000000\u0000', 108, 8, 'ascii');
  block.write('0000000\u0000', 116, 8, 'ascii');
  block.write(`${size.toString(8).padStart(11, '0')}\u0000`, 124, 12, 'ascii');
  block.write('00000000000\u0000', 136, 12, 'ascii');
  block.fill(' ', 148, 156);
  block.write(type, 156, 1, 'ascii');
  block.write(linkname.slice(0, 100), 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 8, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return block;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (`${length}${body}`.length !== length) length += 1;
  return `${length}${body}`;
}

/** A tar archive, entries exactly as given; names over 100 bytes get a pax `path` record. */
export function rawTar(entries: RawTarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  const push = (name: string, type: string, data: Buffer, linkname = '') => {
    blocks.push(header(name, type, data.length, linkname), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
  };
  for (const entry of entries) {
    const data = Buffer.from(entry.content ?? '');
    if (Buffer.byteLength(entry.name) > 100) push('PaxHeader', 'x', Buffer.from(paxRecord('path', entry.name)));
    push(entry.name, entry.type ?? '0', data, entry.linkname ?? '');
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(blocks);
}

export const rawTarGz = (entries: RawTarEntry[]): Buffer => gzipSync(rawTar(entries));

/** A profile's files (path → text) as a tar.gz, optionally inside one top folder and after a GitHub global header. */
export function profileTarGz(files: Record<string, string>, top?: string): Buffer {
  const prefix = top ? `${top}/` : '';
  return rawTarGz([
    ...(top ? [{ name: 'pax_global_header', type: 'g', content: paxRecord('comment', 'a1b2c3') }] : []),
    ...(top ? [{ name: `${top}/`, type: '5' }] : []),
    ...Object.entries(files).map(([name, content]) => ({ name: `${prefix}${name}`, content })),
  ]);
}

export interface ZipEntry {
  name: string;
  content?: string | Buffer;
  /** A unix mode (made by unix): 0o120777 makes a symbolic link whose content is its target. */
  mode?: number;
  deflate?: boolean;
  /** A wrong CRC, for a damaged archive. */
  badCrc?: boolean;
}

/** A zip archive (stored or deflated entries, unix modes when given). */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.from(entry.content ?? '');
    const packed = entry.deflate ? deflateRawSync(data) : data;
    const crc = entry.badCrc ? (crc32(data) ^ 1) >>> 0 : crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(entry.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(entry.mode === undefined ? 20 : (3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(entry.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(entry.mode === undefined ? 0 : (entry.mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
