import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot, runSuite } from './run-suite.js';

const profileDir = join(repoRoot, 'profiles/container-baseline');
const controlFiles = readdirSync(join(profileDir, 'controls')).filter((name) => name.endsWith('.rb'));

interface ControlMeta {
  id: string;
  file: string;
  title?: string;
  impact?: number;
  descriptions: Record<string, string>;
  tags: Record<string, unknown>;
  only_if: { message: string | null; impact: number | null }[];
  commands: number;
  walks: number;
}

function collectControls(): ControlMeta[] {
  const run = runSuite('ruby', ['scanner/test/profile/collect-controls.rb', profileDir]);
  if (run.status !== 0) throw new Error(`collect-controls.rb failed:\n${run.output}`);
  return JSON.parse(run.output) as ControlMeta[];
}

// The SAF CLI's severity buckets by impact (reference/saf-threshold.md), which the severity tags must agree with.
function severityOf(impact: number): string {
  if (impact < 0.1) return 'none';
  if (impact < 0.4) return 'low';
  if (impact < 0.7) return 'medium';
  if (impact < 0.9) return 'high';
  return 'critical';
}

describe('profiles/container-baseline', () => {
  it.each(controlFiles)('controls/%s is valid Ruby (ruby -c)', (file) => {
    const run = runSuite('ruby', ['-c', join(profileDir, 'controls', file)]);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('Syntax OK');
  });

  it('has a valid inspec.yml', () => {
    const meta = load(readFileSync(join(profileDir, 'inspec.yml'), 'utf8')) as Record<string, unknown>;
    expect(meta['name']).toBe('container-baseline');
    for (const key of ['title', 'maintainer', 'summary', 'license']) {
      expect(typeof meta[key], key).toBe('string');
    }
    expect(meta['version']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(meta['supports']).toEqual(expect.arrayContaining([{ 'platform-family': 'linux' }]));
    const inputs = meta['inputs'] as { name: string; type: string; value: unknown; description: string }[];
    expect(inputs.map((i) => i.name).sort()).toEqual([
      'allowed_setuid_binaries',
      'file_walk_max_entries',
      'file_walk_seconds',
      'unprivileged_uid_min',
    ]);
    for (const input of inputs) {
      expect(input.description.length, input.name).toBeGreaterThan(10);
      if (input.type === 'Array') expect(Array.isArray(input.value), input.name).toBe(true);
      if (input.type === 'Numeric') expect(typeof input.value, input.name).toBe('number');
    }
  });

  const controls = collectControls();

  it('has 22 controls with unique ids across low, medium, high and critical impact', () => {
    expect(controls.length).toBe(22);
    expect(new Set(controls.map((c) => c.id)).size).toBe(controls.length);
    const severities = new Set(controls.map((c) => severityOf(c.impact ?? -1)));
    expect([...severities].sort()).toEqual(['critical', 'high', 'low', 'medium']);
  });

  it.each(controls.map((c) => [c.id, c] as const))('%s has an id, title, description, impact and tags', (id, c) => {
    expect(id).toMatch(/^cb-\d{2}$/);
    expect(c.title?.length ?? 0).toBeGreaterThan(10);
    expect(c.descriptions['default']?.length ?? 0, 'the description says why it matters').toBeGreaterThan(60);
    expect(c.descriptions['fix']?.length ?? 0, 'a fix description').toBeGreaterThan(10);
    expect(c.impact).toBeGreaterThan(0);
    expect(c.impact).toBeLessThanOrEqual(1);
    expect(c.tags['severity']).toBe(severityOf(c.impact ?? -1));
    const nist = c.tags['nist'] as string[];
    expect(nist.length).toBeGreaterThan(0);
    for (const ref of nist) expect(ref).toMatch(/^[A-Z]{2}-\d+$/);
    for (const ref of c.tags['cis_docker'] as string[]) expect(ref).toMatch(/^\d+\.\d+$/);
  });

  it('runs no command of the image: the file walks go through image_files, guarded for other transports', () => {
    expect(controls.filter((c) => c.commands > 0).map((c) => c.id)).toEqual([]);
    const walking = controls.filter((c) => c.walks > 0);
    expect(walking.map((c) => c.id).sort()).toEqual(['cb-14', 'cb-18', 'cb-19', 'cb-20', 'cb-21', 'cb-22']);
    for (const c of walking) expect(c.only_if.length, c.id).toBeGreaterThan(0);
  });

  it('tags the toolchain check so a threshold or a waiver can leave it out', () => {
    const toolchain = controls.find((c) => c.id === 'cb-22');
    expect(toolchain?.tags['category']).toBe('toolchain');
    expect(severityOf(toolchain?.impact ?? -1)).toBe('low');
  });

  it('lists every control in the README, saying which need a shell and which list the image files', () => {
    const readme = readFileSync(join(profileDir, 'README.md'), 'utf8');
    for (const c of controls) {
      const row = readme.split('\n').find((line) => line.startsWith(`| ${c.id} |`));
      expect(row, `README row for ${c.id}`).toBeDefined();
      expect(row).toContain(c.title);
      expect(row).toContain(c.walks > 0 ? '| no | yes |' : '| no | no |');
    }
  });
});
