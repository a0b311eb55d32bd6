import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { action, allSteps, isThisAction, loadWorkflow, root, unknownWithKeys, type Step } from './helpers.js';

// The e2e workflow cannot run here (no Docker, no kind); this keeps its six cases from being dropped or drifting from
// action.yml without anyone noticing.
const PATH = '.github/workflows/e2e.yml';
const LEFTOVER_CHECK = 'kubectl get pods,configmaps -A -l app.kubernetes.io/managed-by=kube-cinc-scan';

const workflow = loadWorkflow(PATH);
const steps = allSteps(workflow);
const metadata = action();
const env = workflow.env ?? {};

/** Resolves `${{ env.NAME }}` against the workflow's env, so assertions see the real values. */
const resolveEnv = (value: unknown): string =>
  String(value ?? '').replace(/\$\{\{\s*env\.(\w+)\s*\}\}/g, (_, name: string) => env[name] ?? `<unset ${name}>`);

const actionSteps = steps.filter((s) => s.uses === './');
const byId = (id: string): Step & { job: string } => {
  const step = steps.find((s) => s.id === id);
  if (!step) throw new Error(`${PATH} has no step with id ${id}`);
  return step;
};
const indexOf = (step: Step): number => steps.indexOf(step as Step & { job: string });
/** Run steps after `step` that mention `text`. */
const laterRunsMentioning = (step: Step, text: string): Step[] =>
  steps.slice(indexOf(step) + 1).filter((s) => `${s.run ?? ''}\n${JSON.stringify(s.env ?? {})}`.includes(text));

describe('e2e.yml', () => {
  it('runs on push, pull request and by hand', () => {
    expect(Object.keys(workflow.on as Record<string, unknown>).sort()).toEqual([
      'pull_request',
      'push',
      'workflow_dispatch',
    ]);
  });

  it('uses only pinned actions, kind-action at an exact version', () => {
    const external = steps.map((s) => s.uses).filter((u): u is string => u !== undefined && u !== './');
    for (const uses of external) expect(uses, uses).toMatch(/^[\w.-]+\/[\w.-]+@v\d+(\.\d+\.\d+)?$/);
    expect(external.filter((u) => u.startsWith('helm/kind-action@'))).toEqual([
      expect.stringMatching(/^helm\/kind-action@v\d+\.\d+\.\d+$/),
    ]);
  });

  it('pre-loads the default scanner and keep-alive images into kind once', () => {
    expect(env['SCANNER_IMAGE']).toBe(metadata.inputs['scanner-image']?.default);
    expect(env['KEEPALIVE_IMAGE']).toBe(metadata.inputs['keepalive-image']?.default);
    const preload = steps.find((s) => (s.run ?? '').includes('kind load docker-image'));
    expect(preload?.run).toContain('"$SCANNER_IMAGE"');
    expect(preload?.run).toContain('"$KEEPALIVE_IMAGE"');
    expect(preload?.run).toContain('docker pull');
    const kind = steps.findIndex((s) => (s.uses ?? '').startsWith('helm/kind-action@'));
    expect(kind).toBeGreaterThanOrEqual(0);
    expect(indexOf(preload as Step)).toBeGreaterThan(kind);
    expect(indexOf(preload as Step)).toBeLessThan(indexOf(actionSteps[0] as Step));
  });

  it('passes only inputs that action.yml declares to uses: ./', () => {
    expect(actionSteps.length).toBeGreaterThanOrEqual(4);
    expect(unknownWithKeys(actionSteps, PATH, Object.keys(metadata.inputs))).toEqual([]);
    for (const step of actionSteps) expect(step.with?.['image'], `step ${step.id}`).toBeTruthy();
  });

  it('scans as the ServiceAccount of deploy/rbac.yaml, through the kubeconfig input and --kubeconfig', () => {
    const sa = byId('sa');
    expect(sa.run).toContain('kubectl apply -f deploy/rbac.yaml');
    expect(sa.run).toContain('create token kube-cinc-scan');
    expect(sa.run).toContain('::add-mask::$token');
    const busybox = byId('busybox');
    expect(indexOf(busybox)).toBeGreaterThan(indexOf(sa));
    expect(busybox.with?.['kubeconfig']).toBe('${{ steps.sa.outputs.kubeconfig }}');
    expect(resolveEnv(busybox.with?.['namespace'])).toBe('kube-cinc-scan');
    const cli = steps.find((s) => (s.run ?? '').includes('node dist/cli/index.js scan'));
    expect(cli?.run).toContain('--kubeconfig "$SA_KUBECONFIG"');
    expect(cli?.env?.['SA_KUBECONFIG']).toBe('${{ steps.sa.outputs.file }}');
  });

  it('case 1: busybox with the shipped profile passes a lenient threshold; result, results file and artifact are checked', () => {
    const step = byId('busybox');
    expect(step.uses).toBe('./');
    expect(resolveEnv(step.with?.['image'])).toMatch(/^busybox:/);
    expect(step.with?.['profile']).toBe('profiles/container-baseline');
    expect(existsSync(join(root, 'profiles/container-baseline/inspec.yml'))).toBe(true);
    expect(String(step.with?.['threshold'] ?? '')).not.toBe('');
    expect(step['continue-on-error']).toBeUndefined();
    const checks = laterRunsMentioning(step, 'steps.busybox.outputs');
    const text = JSON.stringify(checks);
    expect(text).toContain('steps.busybox.outputs.result');
    expect(text).toContain('test \\"$RESULT\\" = pass');
    expect(text).toContain('steps.busybox.outputs.results-file');
    expect(text).toContain('steps.busybox.outputs.artifact-id');
    const download = steps.find((s) => (s.uses ?? '').startsWith('actions/download-artifact@'));
    expect(download?.with?.['name']).toBe(step.with?.['artifact-name']);
  });

  it('case 2: a distroless image; summary.json shows platform detection and file-based controls', () => {
    const step = byId('distroless');
    expect(step.uses).toBe('./');
    expect(resolveEnv(step.with?.['image'])).toBe('gcr.io/distroless/static-debian12:nonroot');
    const run = laterRunsMentioning(step, 'steps.distroless.outputs')
      .map((s) => s.run ?? '')
      .join('\n');
    expect(run).toContain('summary.json');
    expect(run).toContain('.platform.name == "debian"');
    expect(run).toMatch(/\.counts\.passed\.total/);
  });

  it('case 3: an image built in the job from test/e2e, loaded with kind-load and IfNotPresent', () => {
    expect(existsSync(join(root, 'test/e2e/Dockerfile'))).toBe(true);
    const build = steps.find((s) => /docker build[^\n]*test\/e2e/.test(s.run ?? ''));
    expect(build, 'a docker build of test/e2e').toBeDefined();
    const step = byId('built');
    expect(step.uses).toBe('./');
    expect(indexOf(step)).toBeGreaterThan(indexOf(build as Step));
    expect(build?.run).toContain('"$BUILT_IMAGE"');
    expect(resolveEnv(step.with?.['image'])).toBe(env['BUILT_IMAGE']);
    expect(String(step.with?.['kind-load'])).toBe('true');
    expect(step.with?.['image-pull-policy']).toBe('IfNotPresent');
    expect(resolveEnv(step.with?.['kind-cluster'])).toBe(
      resolveEnv(steps.find((s) => (s.uses ?? '').startsWith('helm/kind-action@'))?.with?.['cluster_name']),
    );
  });

  it('case 4: the strict threshold must fail; continue-on-error, then the outcome and outputs are asserted', () => {
    const step = byId('strict');
    expect(step.uses).toBe('./');
    expect(step.with?.['threshold']).toBe('strict');
    expect(step['continue-on-error']).toBe(true);
    const run = JSON.stringify(laterRunsMentioning(step, 'steps.strict.'));
    expect(run).toContain('steps.strict.outcome');
    expect(run).toContain('test \\"$OUTCOME\\" = failure');
    expect(run).toContain('steps.strict.outputs.result');
    expect(run).toContain('test \\"$RESULT\\" = fail');
  });

  it('case 6: the same flow through the CLI bundle', () => {
    const cli = steps.filter((s) => (s.run ?? '').includes('node dist/cli/index.js scan'));
    expect(cli).toHaveLength(1);
    expect(cli[0]?.run).toContain('--output-dir');
    expect(cli[0]?.run).toContain('node dist/cli/index.js evaluate');
    const setupNode = steps.find((s) => (s.uses ?? '').startsWith('actions/setup-node@'));
    expect(Number(setupNode?.with?.['node-version'])).toBeGreaterThanOrEqual(22);
  });

  it('case 5: after every scan, no pod or ConfigMap of the tool is left, even when a case failed', () => {
    const check = steps.filter((s) => (s.run ?? '').includes(LEFTOVER_CHECK));
    expect(check).toHaveLength(1);
    const at = indexOf(check[0] as Step);
    const lastScan = Math.max(
      ...steps.map((s, i) => (isThisAction(s.uses) || (s.run ?? '').includes('dist/cli/index.js scan') ? i : -1)),
    );
    expect(at).toBeGreaterThan(lastScan);
    expect(check[0]?.if).toMatch(/always\(\)|!cancelled\(\)/);
    expect(check[0]?.run).toMatch(
      /test -z "\$\(kubectl get pods,configmaps -A -l app\.kubernetes\.io\/managed-by=kube-cinc-scan -o name\)"/,
    );
  });

  it('uploads the kind logs when the job fails', () => {
    const exportLogs = steps.find((s) => (s.run ?? '').includes('kind export logs'));
    expect(exportLogs?.if).toMatch(/failure\(\)/);
    const upload = steps.find((s) => (s.uses ?? '').startsWith('actions/upload-artifact@'));
    expect(upload?.if).toMatch(/failure\(\)/);
    expect(String(upload?.with?.['path'])).toContain('kind-logs');
  });
});
