import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { action, allSteps, isThisAction, loadWorkflow, read, unknownWithKeys, workflowFiles } from './helpers.js';

const inputs = Object.keys(action().inputs);
const examples = workflowFiles('examples/workflows');
const repositoryWorkflows = workflowFiles('.github/workflows');

describe('example workflows', () => {
  it('are the three jobs users hire the action for', () => {
    expect(examples).toEqual([
      'examples/workflows/gate-image-build.yml',
      'examples/workflows/pr-compliance.yml',
      'examples/workflows/scheduled-scan.yml',
    ]);
  });

  it.each(examples)('%s uses the action as users reference it, with declared inputs and an image', (path) => {
    const steps = allSteps(loadWorkflow(path));
    const scans = steps.filter((s) => isThisAction(s.uses));
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) {
      expect(scan.uses).toMatch(/^[\w.-]+\/kube-cinc-scan@v\d+$/);
      expect(scan.with?.['image'], `${path}: image`).toBeTruthy();
    }
    expect(unknownWithKeys(steps, path, inputs)).toEqual([]);
  });

  it('gate-image-build loads the built image into kind and pushes only after a passing scan', () => {
    const steps = allSteps(loadWorkflow('examples/workflows/gate-image-build.yml'));
    const scan = steps.findIndex((s) => isThisAction(s.uses));
    expect(String(steps[scan]?.with?.['kind-load'])).toBe('true');
    const push = steps.findIndex((s) => (s.run ?? '').includes('docker push'));
    expect(push).toBeGreaterThan(scan);
    expect(steps[push]?.if).toContain(`steps.${steps[scan]?.id}.outputs.result == 'pass'`);
  });

  it('pr-compliance comments on the pull request with write permission', () => {
    const workflow = loadWorkflow('examples/workflows/pr-compliance.yml') as unknown as {
      permissions: Record<string, string>;
      on: Record<string, unknown>;
    };
    expect(Object.keys(workflow.on)).toContain('pull_request');
    expect(workflow.permissions['pull-requests']).toBe('write');
    const scan = allSteps(loadWorkflow('examples/workflows/pr-compliance.yml')).find((s) => isThisAction(s.uses));
    expect(String(scan?.with?.['comment-on-pr'])).toBe('true');
  });

  it('pr-compliance takes the profile, waivers and threshold from the base commit, not from the pull request', () => {
    const steps = allSteps(loadWorkflow('examples/workflows/pr-compliance.yml'));
    const checkouts = steps.filter((s) => (s.uses ?? '').startsWith('actions/checkout@'));
    const gate = checkouts.find((s) => s.with?.['ref'] === '${{ github.event.pull_request.base.sha }}');
    const gatePath = String(gate?.with?.['path'] ?? '');
    expect(gatePath).toMatch(/^[\w-]+$/);
    // The pull request's own checkout lands elsewhere, so none of its files can stand in for the gate's.
    const pr = checkouts.filter((s) => s !== gate);
    expect(pr.length).toBeGreaterThan(0);
    for (const checkout of pr) expect(String(checkout.with?.['path'] ?? '')).not.toBe(gatePath);
    for (const checkout of checkouts) expect(String(checkout.with?.['persist-credentials'])).toBe('false');
    const scan = steps.find((s) => isThisAction(s.uses));
    for (const input of ['profile', 'waiver-file', 'threshold'])
      expect(String(scan?.with?.[input]), input).toMatch(new RegExp(`^(\\./)?${gatePath}/`));
    expect(read('examples/workflows/pr-compliance.yml')).toMatch(/waive its own/);
  });

  it('scheduled-scan scans several images in one step (no matrix) against a remote cluster in a dedicated namespace', () => {
    const text = read('examples/workflows/scheduled-scan.yml');
    const workflow = loadWorkflow('examples/workflows/scheduled-scan.yml') as unknown as {
      on: Record<string, unknown>;
      jobs: Record<string, { strategy?: unknown }>;
    };
    expect(Object.keys(workflow.on)).toContain('schedule');
    expect(Object.values(workflow.jobs).every((job) => job.strategy === undefined)).toBe(true);
    const scans = allSteps(loadWorkflow('examples/workflows/scheduled-scan.yml')).filter((s) => isThisAction(s.uses));
    expect(scans).toHaveLength(1);
    const scan = scans[0];
    const images = String(scan?.with?.['image'])
      .split('\n')
      .filter((line) => line.trim() !== '');
    expect(images.length).toBeGreaterThan(1);
    expect(String(scan?.with?.['max-parallel'])).toMatch(/^\d+$/);
    expect(String(scan?.with?.['kubeconfig'])).toMatch(/secrets\./);
    expect(scan?.with?.['namespace']).not.toBe('default');
    expect(String(scan?.with?.['artifact-name'])).toContain('github.run_id');
    expect(text).toContain('steps.scan.outputs.results');
    expect(text).toContain('pod-security.kubernetes.io/enforce=baseline');
    expect(text).toContain('deploy/rbac.yaml');
    expect(text).toContain('deploy/rbac-images-from-namespace.yaml');
  });

  it('the GitLab example runs the CLI bundle and keeps the result files as artifacts', () => {
    const gitlab = load(read('examples/gitlab-ci/.gitlab-ci.yml')) as Record<
      string,
      { script?: string[]; artifacts?: { when?: string; paths?: string[] } }
    >;
    const jobs = Object.values(gitlab).filter((j) => j && typeof j === 'object' && Array.isArray(j.script));
    expect(jobs).toHaveLength(1);
    const job = jobs[0];
    expect(job?.script?.join('\n')).toMatch(/dist\/cli\/index\.js scan /);
    expect(job?.artifacts?.when).toBe('always');
    expect(job?.artifacts?.paths?.length).toBeGreaterThan(0);
  });
});

describe('repository workflows', () => {
  it('are ci, check-dist, e2e and release (plus saf-parity when present)', () => {
    expect(repositoryWorkflows.filter((p) => !p.endsWith('/saf-parity.yml'))).toEqual([
      '.github/workflows/check-dist.yml',
      '.github/workflows/ci.yml',
      '.github/workflows/e2e.yml',
      '.github/workflows/release.yml',
    ]);
  });

  it.each(repositoryWorkflows)('%s passes only declared inputs to this action', (path) => {
    expect(unknownWithKeys(allSteps(loadWorkflow(path)), path, inputs)).toEqual([]);
  });

  it('ci runs .ci/run, and release checks dist/ before it moves the major tag', () => {
    expect(read('.github/workflows/ci.yml')).toContain('bash .ci/run');
    const release = allSteps(loadWorkflow('.github/workflows/release.yml'));
    const check = release.findIndex((s) => (s.run ?? '').includes('check-dist'));
    const move = release.findIndex((s) => (s.run ?? '').includes('git push --force origin "refs/tags/$major"'));
    expect(check).toBeGreaterThanOrEqual(0);
    expect(move).toBeGreaterThan(check);
  });
});
