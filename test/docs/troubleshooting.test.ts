import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTroubleshooting, readSources, renderTroubleshootingTable } from '../../scripts/readme-sections.js';
import { read, root, section } from './helpers.js';

/** Every `KCS-AREA-123` (areas may hold digits: K8S) in src/**\/*.ts, with the first file that uses it. */
function codesInSource(): Map<string, string> {
  const codes = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/KCS-[A-Z][A-Z0-9]*-\d{3}/g)) {
          if (!codes.has(match[0])) codes.set(match[0], relative(root, path));
        }
      }
    }
  };
  walk(join(root, 'src'));
  return codes;
}

const readmeCodes = parseTroubleshooting(section(read('README.md'), 'Troubleshooting'), 'README.md').map((r) => r.code);
const sourceCodes = codesInSource();

describe('the README troubleshooting table', () => {
  it('lists every error code used in src/', () => {
    const missing = [...sourceCodes]
      .filter(([code]) => !readmeCodes.includes(code))
      .map(([code, file]) => `${code} (${file})`);
    expect(missing, 'add a row to docs/troubleshooting/<area>.md, then run npx tsx scripts/readme-sections.ts').toEqual(
      [],
    );
  });

  it('lists no code that src/ does not use', () => {
    expect(readmeCodes.filter((code) => !sourceCodes.has(code))).toEqual([]);
  });

  it('lists each code once, sorted', () => {
    expect(readmeCodes).toEqual([...new Set(readmeCodes)].sort());
  });

  it('is exactly the rows of docs/troubleshooting/*.md', () => {
    const table = renderTroubleshootingTable(readSources(root).troubleshooting);
    expect(section(read('README.md'), 'Troubleshooting')).toContain(table);
  });

  it('gives every row a message, a cause and a fix', () => {
    for (const row of readSources(root).troubleshooting) {
      expect(
        [row.message, row.cause, row.fix].every((c) => c.length > 0),
        `${row.code} in ${row.source}`,
      ).toBe(true);
    }
  });
});
