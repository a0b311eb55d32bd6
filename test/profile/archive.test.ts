// The reader of fetched profile archives: into memory only, every path checked, links kept inside, limits enforced.
import { describe, expect, it } from 'vitest';
import type { KcsError } from '../../src/core/errors.js';
import { profileRoot, readArchive } from '../../src/core/profile/archive.js';
import { profileParts } from '../../src/core/profile/tree.js';
import { profileTarGz, rawTar, rawTarGz, zip } from '../support/archives.js';

const INSPEC_YML = 'name: demo\nversion: 1.0.0\n';

function failure(fn: () => unknown): KcsError {
  try {
    fn();
  } catch (error) {
    return error as KcsError;
  }
  throw new Error('expected a failure');
}

const files = (tree: Map<string, Buffer>): Record<string, string> =>
  Object.fromEntries([...tree].map(([path, content]) => [path, content.toString('utf8')]));

describe('readArchive: formats', () => {
  it('reads a tar.gz with the profile at its root', () => {
    const tree = readArchive(profileTarGz({ 'inspec.yml': INSPEC_YML, 'controls/a.rb': 'control "a"' }), 'x');
    expect(files(profileRoot(tree, 'x'))).toEqual({ 'inspec.yml': INSPEC_YML, 'controls/a.rb': 'control "a"' });
  });

  it("reads GitHub's layout: a global pax header, then everything in one top folder", () => {
    const archive = profileTarGz({ 'inspec.yml': INSPEC_YML, 'controls/a.rb': 'a', '.github/ci.yml': 'x' }, 'repo-abc');
    const root = profileRoot(readArchive(archive, 'x'), 'x');
    expect(Object.keys(files(root)).sort()).toEqual(['.github/ci.yml', 'controls/a.rb', 'inspec.yml']);
    // What ships: what InSpec reads, not the repository's CI files.
    expect(Object.keys(files(profileParts(root))).sort()).toEqual(['controls/a.rb', 'inspec.yml']);
  });

  it('reads a plain tar, long names through pax records, and a zip (stored and deflated)', () => {
    const long = `controls/${'d'.repeat(120)}.rb`;
    expect(
      files(
        readArchive(
          rawTar([
            { name: 'inspec.yml', content: INSPEC_YML },
            { name: long, content: 'x' },
          ]),
          'x',
        ),
      ),
    ).toEqual({
      'inspec.yml': INSPEC_YML,
      [long]: 'x',
    });
    const archive = zip([
      { name: 'p/', mode: 0o040755 },
      { name: 'p/inspec.yml', content: INSPEC_YML, deflate: true },
      { name: 'p/controls/a.rb', content: 'control "a"' },
    ]);
    expect(files(profileRoot(readArchive(archive, 'x'), 'x'))).toEqual({
      'inspec.yml': INSPEC_YML,
      'controls/a.rb': 'control "a"',
    });
  });

  it('names an HTML page (a login page) for what it is', () => {
    expect(
      failure(() => readArchive(Buffer.from('<!DOCTYPE html><html>sign in'), 'https://h/p.tar.gz')).message,
    ).toMatch(/is an HTML page, not an archive/);
    expect(failure(() => readArchive(Buffer.from('just text'), 'x')).code).toBe('KCS-PROF-006');
  });

  it('refuses a profile with no inspec.yml at its root or in its single top folder (KCS-PROF-007)', () => {
    const twoTops = readArchive(profileTarGz({ 'a/inspec.yml': INSPEC_YML, 'b/x': 'y' }), 'x');
    expect(failure(() => profileRoot(twoTops, 'https://h/p.tar.gz')).code).toBe('KCS-PROF-007');
    const deep = readArchive(profileTarGz({ 'a/b/inspec.yml': INSPEC_YML }), 'x');
    expect(failure(() => profileRoot(deep, 'x')).code).toBe('KCS-PROF-007');
  });
});

describe('readArchive: nothing lands outside, nothing points outside', () => {
  const refused: [string, Buffer, RegExp][] = [
    ['a path with ..', rawTarGz([{ name: '../evil.rb', content: 'x' }]), /leaves the archive/],
    ['a path with .. in the middle', rawTarGz([{ name: 'p/../../evil', content: 'x' }]), /leaves the archive/],
    ['an absolute path', rawTarGz([{ name: '/etc/cron.d/x', content: 'x' }]), /absolute path/],
    ['a backslash', rawTarGz([{ name: 'p\\..\\x', content: 'x' }]), /backslash/],
    [
      'a symlink out of the archive',
      rawTarGz([{ name: 'p/x', type: '2', linkname: '../../etc/passwd' }]),
      /outside the archive/,
    ],
    [
      'an absolute symlink',
      rawTarGz([{ name: 'p/x', type: '2', linkname: '/root/.ssh/id_rsa' }]),
      /outside the archive/,
    ],
    ['a device', rawTarGz([{ name: 'p/dev', type: '3' }]), /device, FIFO/],
    ['a zip path with ..', zip([{ name: '../x', content: 'y' }]), /leaves the archive/],
    ['a zip symlink out', zip([{ name: 'l', content: '/etc/shadow', mode: 0o120777 }]), /outside the archive/],
    ['a zip entry whose CRC is wrong', zip([{ name: 'x', content: 'y', badCrc: true }]), /CRC/],
    [
      'a symlink to a folder',
      rawTarGz([
        { name: 'p/controls/a.rb', content: 'x' },
        { name: 'p/c2', type: '2', linkname: 'controls' },
      ]),
      /link to the folder/,
    ],
  ];
  for (const [name, archive, message] of refused) {
    it(`refuses ${name} (KCS-PROF-006)`, () => {
      const error = failure(() => readArchive(archive, 'https://host/p.tar.gz'));
      expect(error.code).toBe('KCS-PROF-006');
      expect(error.message).toMatch(message);
    });
  }

  it('turns a link to a file inside the archive into a copy; a dangling one is left out', () => {
    const tree = readArchive(
      rawTarGz([
        { name: 'controls/real.rb', content: 'control "r"' },
        { name: 'controls/soft.rb', type: '2', linkname: 'real.rb' },
        { name: 'controls/hard.rb', type: '1', linkname: 'controls/real.rb' },
        { name: 'libraries/up.rb', type: '2', linkname: '../controls/soft.rb' },
        { name: 'controls/dangling.rb', type: '2', linkname: 'nothing.rb' },
      ]),
      'x',
    );
    expect(files(tree)).toEqual({
      'controls/real.rb': 'control "r"',
      'controls/soft.rb': 'control "r"',
      'controls/hard.rb': 'control "r"',
      'libraries/up.rb': 'control "r"',
    });
  });

  it('stops at the size and entry limits, zip bombs included (KCS-PROF-005)', () => {
    const limits = { maxBytes: 1000, maxEntries: 10 };
    const big = profileTarGz({ 'inspec.yml': INSPEC_YML, 'files/big': 'x'.repeat(5000) });
    expect(failure(() => readArchive(big, 'x', limits)).code).toBe('KCS-PROF-005');
    const many = profileTarGz(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, 'x'])));
    expect(failure(() => readArchive(many, 'x', limits)).code).toBe('KCS-PROF-005');
    const bomb = zip([{ name: 'bomb', content: Buffer.alloc(50_000), deflate: true }]);
    expect(failure(() => readArchive(bomb, 'x', limits)).code).toBe('KCS-PROF-005');
  });
});
