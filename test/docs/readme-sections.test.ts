import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cell,
  parseTroubleshooting,
  renderInputsTable,
  renderOutputsTable,
  renderReadme,
  renderTroubleshootingTable,
  replaceSection,
  run,
  splitRow,
} from '../../scripts/readme-sections.js';
import { root } from './helpers.js';

describe('cell', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a | b', 'a \\| b'],
    ['already \\| escaped', 'already \\| escaped'],
    ['two\n  lines ', 'two lines'],
  ])('%j → %j', (input, expected) => {
    expect(cell(input)).toBe(expected);
  });
});

describe('splitRow', () => {
  it.each([
    ['| a | b |', ['a', 'b']],
    ['| `KCS-X-001` | one \\| two | c | d |', ['`KCS-X-001`', 'one \\| two', 'c', 'd']],
    ['|a|b', ['a', 'b']],
  ])('%j', (line, expected) => {
    expect(splitRow(line)).toEqual(expected);
  });
});

describe('inputs and outputs tables', () => {
  const metadata = {
    inputs: {
      image: { description: 'The image.', required: true },
      token: { description: 'A token', default: '${{ github.token }}' },
      mode: { description: 'a | b', default: 'a' },
      odd: { description: 'Back`tick', default: 'x`y' },
    },
    outputs: { result: { description: 'pass or\nfail' } },
  };

  it('renders one row per input, in order, with default and required', () => {
    expect(renderInputsTable(metadata).split('\n')).toEqual([
      '| input | description | default | required |',
      '|---|---|---|---|',
      '| `image` | The image. |  | yes |',
      '| `token` | A token | `${{ github.token }}` | no |',
      '| `mode` | a \\| b | `a` | no |',
      '| `odd` | Back`tick | `` x`y `` | no |',
    ]);
  });

  it('renders one row per output', () => {
    expect(renderOutputsTable(metadata).split('\n')).toEqual([
      '| output | description |',
      '|---|---|',
      '| `result` | pass or fail |',
    ]);
  });
});

describe('troubleshooting rows', () => {
  const area = `# Kubernetes

| code | message | cause | fix |
|---|---|---|---|
| \`KCS-K8S-002\` | Pod failed | a \\| b | do this |
| KCS-K8S-001 | Forbidden | RBAC | apply deploy/rbac.yaml |
| not a code | x | y | z |
`;

  it('parses the rows that start with a code, with or without backticks', () => {
    expect(parseTroubleshooting(area, 'k8s.md').map((r) => [r.code, r.message, r.cause, r.fix])).toEqual([
      ['KCS-K8S-002', 'Pod failed', 'a \\| b', 'do this'],
      ['KCS-K8S-001', 'Forbidden', 'RBAC', 'apply deploy/rbac.yaml'],
    ]);
  });

  it('refuses a row with the wrong number of cells', () => {
    expect(() => parseTroubleshooting('| KCS-K8S-001 | only | three |', 'k8s.md')).toThrow(/KCS-K8S-001 has 3 cells/);
  });

  it('sorts rows from several files by code', () => {
    const rows = [
      ...parseTroubleshooting(area, 'k8s.md'),
      ...parseTroubleshooting('| KCS-CFG-001 | m | c | f |', 'cfg.md'),
    ];
    expect(
      renderTroubleshootingTable(rows)
        .split('\n')
        .slice(2)
        .map((l) => l.split(' | ')[0]),
    ).toEqual(['| `KCS-CFG-001`', '| `KCS-K8S-001`', '| `KCS-K8S-002`']);
  });

  it('refuses a code described in two files, naming both', () => {
    const rows = [
      ...parseTroubleshooting('| KCS-CFG-001 | m | c | f |', 'a.md'),
      ...parseTroubleshooting('| KCS-CFG-001 | m | c | f |', 'b.md'),
    ];
    expect(() => renderTroubleshootingTable(rows)).toThrow('KCS-CFG-001 is described twice: in a.md and in b.md');
  });
});

describe('replaceSection', () => {
  it('replaces only what is between the markers', () => {
    const text = 'before\n<!-- inputs:start -->\nold\n<!-- inputs:end -->\nafter\n';
    expect(replaceSection(text, 'inputs', 'new')).toBe(
      'before\n<!-- inputs:start -->\nnew\n<!-- inputs:end -->\nafter\n',
    );
  });

  it.each([
    ['missing markers', 'no markers'],
    ['markers in the wrong order', '<!-- inputs:end -->\n<!-- inputs:start -->'],
    ['a marker twice', '<!-- inputs:start -->\n<!-- inputs:end -->\n<!-- inputs:start -->'],
  ])('refuses %s', (_, text) => {
    expect(() => replaceSection(text, 'inputs', 'x')).toThrow(/must hold the markers/);
  });

  it('is idempotent over the whole README', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const sources = { action: { inputs: { a: { description: 'x' } }, outputs: {} }, troubleshooting: [] };
    const once = renderReadme(readme, sources);
    expect(renderReadme(once, sources)).toBe(once);
  });
});

describe('the script', () => {
  let work: string | undefined;
  afterEach(() => {
    if (work) rmSync(work, { recursive: true, force: true });
    work = undefined;
  });

  it('finds the README of this repository up to date (--check)', () => {
    const lines: string[] = [];
    expect(run(root, ['--check'], (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual(['README.md is up to date']);
  });

  it('exits 1 with --check on a stale README, and rewrites it without', () => {
    work = mkdtempSync(join(tmpdir(), 'kcs-readme-'));
    for (const file of ['README.md', 'action.yml']) cpSync(join(root, file), join(work, file));
    cpSync(join(root, 'docs', 'troubleshooting'), join(work, 'docs', 'troubleshooting'), { recursive: true });
    const readme = readFileSync(join(work, 'README.md'), 'utf8');
    writeFileSync(join(work, 'README.md'), readme.replace(/\| `image` \|[^\n]*\n/, ''));
    const lines: string[] = [];
    expect(run(work, ['--check'], (l) => lines.push(l))).toBe(1);
    expect(run(work, [], (l) => lines.push(l))).toBe(0);
    expect(readFileSync(join(work, 'README.md'), 'utf8')).toBe(readme);
    expect(lines).toEqual([
      'README.md is out of date: run `npx tsx scripts/readme-sections.ts` and commit README.md',
      'README.md updated',
    ]);
  });

  it('runs from the command line through tsx', () => {
    const result = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/readme-sections.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.stdout).toBe('README.md is up to date\n');
    expect(result.status).toBe(0);
  });

  it('refuses an unknown argument', () => {
    expect(() => run(root, ['--frobnicate'], () => undefined)).toThrow(/unknown argument --frobnicate/);
  });
});
