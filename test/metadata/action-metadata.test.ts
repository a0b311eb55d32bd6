import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ACTION_INPUTS } from '../../src/action/inputs.js';
import { IMAGES_FLAGS, RESULT_FLAGS, SCAN_COMMAND_FLAGS, SCAN_FLAGS } from '../../src/cli/flags.js';

const root = join(import.meta.dirname, '..', '..');

interface ActionMetadata {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string; post: string; 'post-if': string };
}

const action = load(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionMetadata;
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The first column of the Markdown table under a `## <heading>`: rows that start with | `name` |. */
function tableNames(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return [];
  const rest = markdown.slice(start + heading.length + 5);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1] ?? '');
}

describe('action.yml', () => {
  it('runs main and post from one node24 bundle, post always', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/action/index.js',
      post: 'dist/action/index.js',
      'post-if': 'always()',
    });
    expect(action.name).toBeTruthy();
    expect(action.description).toBeTruthy();
    expect(action.branding.icon).toBeTruthy();
  });

  it('declares exactly the inputs the code reads, both ways', () => {
    const declared = Object.keys(action.inputs);
    expect(declared.filter((name) => !(ACTION_INPUTS as readonly string[]).includes(name))).toEqual([]);
    expect(ACTION_INPUTS.filter((name) => !declared.includes(name))).toEqual([]);
  });

  it('describes every input and output', () => {
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, `input ${name}`).toBeTruthy();
    for (const [name, output] of Object.entries(action.outputs))
      expect(output.description, `output ${name}`).toBeTruthy();
  });

  it('requires no input by metadata: image or images-from-namespace is checked by the action itself', () => {
    expect(
      Object.entries(action.inputs)
        .filter(([, i]) => i.required)
        .map(([n]) => n),
    ).toEqual([]);
    expect(action.inputs['image']?.description).toMatch(/Required unless images-from-namespace is set/);
  });

  it('has the outputs DESIGN.md §7 names', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(
      [
        'result',
        'compliance',
        'passed',
        'failed',
        'skipped',
        'not-applicable',
        'errors',
        'results-file',
        'summary-file',
        'sarif-file',
        'junit-file',
        'artifact-id',
        'image-digest',
        'pod-name',
        'results',
      ].sort(),
    );
  });
});

describe('README tables match action.yml', () => {
  it('lists every input, in order, and nothing else', () => {
    expect(tableNames(readme, 'Inputs')).toEqual(Object.keys(action.inputs));
  });
  it('lists every output, in order, and nothing else', () => {
    expect(tableNames(readme, 'Outputs')).toEqual(Object.keys(action.outputs));
  });
});

describe('CLI flags mirror the action inputs', () => {
  // The registry password is an input, but never a flag (argv is visible to every user of the machine): the CLI reads
  // it from stdin (--registry-password-stdin) or KCS_REGISTRY_PASSWORD.
  const passwordFlag = 'registry-password-stdin';

  // A file of images is the CLI's way to give many (the action's image input takes one per line).
  const cliOnly = [passwordFlag, 'images-file'];

  it('names each scan flag after an action input', () => {
    const inputs = Object.keys(action.inputs);
    for (const flag of [...SCAN_FLAGS, ...IMAGES_FLAGS, ...RESULT_FLAGS].filter((f) => !cliOnly.includes(f.name)))
      expect(inputs, `--${flag.name}`).toContain(flag.name);
    expect(inputs).toContain(passwordFlag.replace(/-stdin$/, ''));
  });

  it('scan takes --image more than once (several images); render takes one', () => {
    expect(SCAN_COMMAND_FLAGS.find((f) => f.name === 'image')?.multiple).toBe(true);
    expect(SCAN_FLAGS.find((f) => f.name === 'image')?.multiple).toBeFalsy();
    expect(IMAGES_FLAGS.find((f) => f.name === 'images-from-namespace')?.multiple).toBe(true);
  });
  it('offers every input that is not about GitHub as a flag', () => {
    const githubOnly = [
      'upload-artifact',
      'artifact-name',
      'retention-days',
      'job-summary',
      'comment-on-pr',
      'github-token',
    ];
    const flags = [...SCAN_FLAGS, ...IMAGES_FLAGS, ...RESULT_FLAGS].map((f) =>
      f.name.replace(/^registry-password-stdin$/, 'registry-password'),
    );
    // A secret with no flag on purpose (argv is visible to other users): the CLI reads KCS_PROFILE_TOKEN.
    flags.push('profile-token');
    expect(Object.keys(action.inputs).filter((name) => !githubOnly.includes(name) && !flags.includes(name))).toEqual(
      [],
    );
  });
});
