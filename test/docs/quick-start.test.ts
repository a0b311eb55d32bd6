import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import {
  action,
  actionlint,
  allSteps,
  codeBlocks,
  isThisAction,
  read,
  section,
  unknownWithKeys,
  type Workflow,
} from './helpers.js';

const readme = read('README.md');
const quickStart = codeBlocks(section(readme, 'Quick start')).find((b) => b.lang === 'yaml');

describe('the README quick start', () => {
  it('has a YAML workflow', () => {
    expect(quickStart?.code).toContain('jobs:');
  });

  it('passes actionlint', async () => {
    expect(await actionlint(quickStart?.code ?? '', 'quick-start.yml')).toEqual([]);
  });

  it('runs the action with an image and only declared inputs, on a kind cluster', () => {
    const steps = allSteps(load(quickStart?.code ?? '') as Workflow);
    const scans = steps.filter((s) => isThisAction(s.uses));
    expect(scans).toHaveLength(1);
    expect(scans[0]?.with?.['image']).toBeTruthy();
    expect(unknownWithKeys(steps, 'quick start', Object.keys(action().inputs))).toEqual([]);
    expect(steps.some((s) => (s.uses ?? '').startsWith('helm/kind-action@'))).toBe(true);
  });

  it('actionlint catches a mistake in it (the lint is live)', async () => {
    const broken = (quickStart?.code ?? '').replace(
      'runs-on: ubuntu-latest',
      'runs-on: ubuntu-latest\n    timeout-minutes: soon',
    );
    expect(await actionlint(broken, 'broken.yml')).not.toEqual([]);
  });
});

describe('the README set-up commands', () => {
  it('show how to run a scan and how to run the tests', () => {
    const commands = codeBlocks(section(readme, 'Try it from a clone')).map((b) => b.code.trim());
    expect(commands).toContain('npm ci && npx kube-cinc-scan scan --image busybox:1.37.0 --threshold baseline');
    expect(commands).toContain('npm ci && npm test');
  });
});
