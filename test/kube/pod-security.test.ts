import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { planScan } from '../../src/core/scan.js';
import { CHECKS, podSecurityViolations } from '../support/fake-kube/index.js';
import { scanConfig } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- mutations poke at untyped corners of the pod */

const pod = (await planScan(scanConfig())).objects.pod;
const mutate = (change: (p: any) => void): V1Pod => {
  const copy = structuredClone(pod) as any;
  change(copy);
  return copy;
};
const scanner = (p: any) => p.spec.containers.find((c: any) => c.name === 'scanner');

// One way to break each baseline rule, to show the check catches it (and so that passing it means something).
const BASELINE: Record<string, (p: any) => void> = {
  hostProcess: (p) => (scanner(p).securityContext.windowsOptions = { hostProcess: true }),
  'host namespaces': (p) => (p.spec.hostPID = true),
  privileged: (p) => (scanner(p).securityContext.privileged = true),
  'non-default capabilities': (p) => scanner(p).securityContext.capabilities.add.push('SYS_PTRACE'),
  'hostPath volumes': (p) => p.spec.volumes.push({ name: 'host', hostPath: { path: '/' } }),
  hostPort: (p) => (scanner(p).ports = [{ containerPort: 80, hostPort: 80 }]),
  AppArmor: (p) => (p.metadata.annotations['container.apparmor.security.beta.kubernetes.io/scanner'] = 'unconfined'),
  seLinuxOptions: (p) => (scanner(p).securityContext.seLinuxOptions = { type: 'spc_t' }),
  procMount: (p) => (scanner(p).securityContext.procMount = 'Unmasked'),
  seccompProfile: (p) => (p.spec.securityContext.seccompProfile = { type: 'Unconfined' }),
  'forbidden sysctls': (p) => (p.spec.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]),
};

describe('the scan pod and the Pod Security Standards', () => {
  it('lists every baseline rule', () => {
    expect(
      CHECKS.filter((c) => c.level === 'baseline')
        .map((c) => c.rule)
        .sort(),
    ).toEqual(Object.keys(BASELINE).sort());
  });

  for (const check of CHECKS.filter((c) => c.level === 'baseline')) {
    it(`passes baseline rule "${check.rule}" (and the rule catches a pod that breaks it)`, () => {
      expect(check.check(pod)).toEqual([]);
      const broken = BASELINE[check.rule];
      expect(broken).toBeDefined();
      expect(check.check(mutate(broken ?? (() => undefined))).length).toBeGreaterThan(0);
    });
  }

  it('meets baseline as a whole', () => {
    expect(podSecurityViolations(pod, 'baseline')).toEqual([]);
  });

  it('fails restricted exactly for the documented reasons: UID 0 and the added capabilities', () => {
    const violations = podSecurityViolations(pod, 'restricted');
    expect(violations.map((v) => v.rule).sort()).toEqual(
      ['runAsNonRoot != true', 'runAsUser=0', 'unrestricted capabilities'].sort(),
    );
    expect(violations.find((v) => v.rule === 'unrestricted capabilities')?.detail).toBe('container "scanner"');
  });

  it('meets the restricted rules it can: no privilege escalation, RuntimeDefault seccomp, restricted volume types', () => {
    const passed = CHECKS.filter((c) => c.level === 'restricted' && c.check(pod).length === 0).map((c) => c.rule);
    expect(passed.sort()).toEqual(
      ['allowPrivilegeEscalation != false', 'restricted volume types', 'seccompProfile (restricted)'].sort(),
    );
  });
});
