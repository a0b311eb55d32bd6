import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { codeBlocks, read, root, section } from './helpers.js';

// The README makes promises about the pod, the permissions and the shipped files. These tests hold them to what the
// code renders and what the repository ships, so the prose cannot drift from the product.

const readme = read('README.md');

interface Container {
  name: string;
  imagePullPolicy?: string;
  securityContext?: {
    runAsUser?: number;
    runAsGroup?: number;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    privileged?: boolean;
    capabilities?: { add?: string[]; drop?: string[] };
  };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

interface Pod {
  kind: 'Pod';
  metadata: { annotations?: Record<string, string> };
  spec: {
    shareProcessNamespace?: boolean;
    automountServiceAccountToken?: boolean;
    hostPID?: boolean;
    hostNetwork?: boolean;
    hostIPC?: boolean;
    activeDeadlineSeconds?: number;
    securityContext?: { seccompProfile?: { type?: string } };
    initContainers?: Container[];
    containers: Container[];
    volumes?: { hostPath?: unknown }[];
  };
}

/** Rows of the first Markdown table in a text, as arrays of cells without backticks. */
function tableRows(text: string): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim().replace(/`/g, '')),
    );
  }
  return rows;
}

async function renderPod(...flags: string[]): Promise<Pod> {
  let out = '';
  const io = {
    out: (t: string) => (out += t),
    err: (t: string) => (out += t),
    env: {},
    cwd: root,
    signal: new AbortController().signal,
  };
  const code = await main(['render', '--image', 'busybox:1.37.0', ...flags], io);
  expect(code, out).toBe(0);
  const found = (loadAll(out) as { kind?: string }[]).find((d) => d?.kind === 'Pod');
  if (!found) throw new Error(`render printed no Pod:\n${out}`);
  return found as Pod;
}

let pod: Pod;

beforeAll(async () => {
  pod = await renderPod();
});

const container = (name: string): Container => {
  const found = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((c) => c.name === name);
  if (!found) throw new Error(`the rendered pod has no container ${name}`);
  return found;
};

describe('README security section matches the rendered pod', () => {
  const security = section(readme, 'Security: what the scan pod can and cannot do');

  it('lists exactly the capabilities the scanner adds', () => {
    const listed = tableRows(security).map((r) => r[0]);
    expect(listed.sort()).toEqual([...(container('scanner').securityContext?.capabilities?.add ?? [])].sort());
    expect(container('scanner').securityContext?.capabilities?.drop).toEqual(['ALL']);
  });

  it('runs the target as UID/GID 0 with no capabilities, read-only root, no privilege escalation', () => {
    const target = container('target').securityContext;
    expect(target?.runAsUser).toBe(0);
    expect(target?.runAsGroup).toBe(0);
    expect(target?.capabilities).toEqual({ drop: ['ALL'] });
    expect(target?.readOnlyRootFilesystem).toBe(true);
    expect(target?.allowPrivilegeEscalation).toBe(false);
  });

  it('shares the process namespace, mounts no token, uses no host namespace, hostPath or privileged', () => {
    expect(pod.spec.shareProcessNamespace).toBe(true);
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect([pod.spec.hostPID, pod.spec.hostNetwork, pod.spec.hostIPC].filter(Boolean)).toEqual([]);
    expect((pod.spec.volumes ?? []).filter((v) => v.hostPath)).toEqual([]);
    for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
      expect(c.securityContext?.privileged ?? false, c.name).toBe(false);
      expect(c.securityContext?.readOnlyRootFilesystem, c.name).toBe(true);
      expect(c.securityContext?.allowPrivilegeEscalation, c.name).toBe(false);
      expect(c.resources?.requests?.['cpu'] && c.resources?.requests?.['memory'], c.name).toBeTruthy();
      expect(c.resources?.limits?.['cpu'] && c.resources?.limits?.['memory'], c.name).toBeTruthy();
    }
    expect(security).toContain('no `SYS_PTRACE`');
    expect(JSON.stringify(pod)).not.toMatch(/SYS_PTRACE|SYS_ADMIN/);
  });

  it('sets the seccomp profile, the deadline and the mesh annotations the README names', () => {
    expect(pod.spec.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
    expect(pod.spec.activeDeadlineSeconds).toBeGreaterThan(0);
    expect(pod.metadata.annotations?.['sidecar.istio.io/inject']).toBe('false');
    expect(pod.metadata.annotations?.['linkerd.io/inject']).toBe('disabled');
    expect(security).toContain('`sidecar.istio.io/inject: "false"`, `linkerd.io/inject: disabled`');
  });

  it('names the four kubelet-managed files and the baseline / restricted levels', () => {
    for (const file of ['/etc/hosts', '/etc/resolv.conf', '/etc/hostname', '/dev/termination-log'])
      expect(security).toContain(`\`${file}\``);
    expect(security).toContain('**Pod Security `baseline`** level, **not `restricted`**');
  });

  it('is right that only the target follows image-pull-policy', async () => {
    const always = await renderPod('--image-pull-policy', 'Always');
    const policies = Object.fromEntries(
      [...(always.spec.initContainers ?? []), ...always.spec.containers].map((c) => [c.name, c.imagePullPolicy]),
    );
    expect(policies).toEqual({ keepalive: 'IfNotPresent', target: 'Always', scanner: 'IfNotPresent' });
    expect(section(readme, 'Inputs')).toContain(
      '`image-pull-policy` applies to the target container; the scanner and keep-alive images are pulled `IfNotPresent`',
    );
  });
});

describe('README permissions table matches deploy/rbac.yaml', () => {
  it('lists each resource with exactly the Role verbs', () => {
    const docs = loadAll(read('deploy/rbac.yaml')) as {
      kind: string;
      rules?: { resources: string[]; verbs: string[] }[];
    }[];
    const role = docs.find((d) => d?.kind === 'Role');
    const granted = new Map<string, string[]>();
    for (const rule of role?.rules ?? [])
      for (const r of rule.resources) granted.set(r, [...(granted.get(r) ?? []), ...rule.verbs].sort());
    const documented = new Map<string, string[]>();
    for (const [resource = '', verbs = ''] of tableRows(section(readme, 'Permissions'))) {
      documented.set(resource, [...(documented.get(resource) ?? []), ...verbs.split(',').map((v) => v.trim())].sort());
    }
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(granted));
    expect(granted.has('pods/exec')).toBe(false);
  });
});

describe('README lists what the repository ships', () => {
  it('names every shipped threshold in the thresholds table', () => {
    const shipped = readdirSync(join(root, 'thresholds'))
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => f.replace(/\.ya?ml$/, ''))
      .sort();
    const listed = tableRows(
      section(readme, 'Thresholds').slice(section(readme, 'Thresholds').indexOf('| name |')),
    ).map((r) => r[0]);
    expect(listed?.sort()).toEqual(shipped);
  });

  it('names every shipped profile', () => {
    for (const name of readdirSync(join(root, 'profiles')))
      expect(section(readme, 'Profiles')).toContain(`profiles/${name}`);
  });

  it('names every example', () => {
    for (const dir of ['examples/workflows', 'examples/gitlab-ci']) {
      for (const file of readdirSync(join(root, dir))) expect(section(readme, 'Examples')).toContain(`${dir}/${file}`);
    }
  });

  it('links only to files that exist and to headings that exist', () => {
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '').filter((l) => !/^https?:/.test(l));
    const slugs = [...readme.matchAll(/^#+ (.+)$/gm)].map((m) =>
      (m[1] ?? '')
        .toLowerCase()
        .replace(/[^\w\s-]/g, '')
        .replace(/\s/g, '-'),
    );
    const missing = links.filter((l) =>
      l.startsWith('#') ? !slugs.includes(l.slice(1)) : !existsSync(join(root, l.split('#')[0] ?? '')),
    );
    expect(missing).toEqual([]);
  });

  it('has a Mermaid diagram of the pod with its three containers', () => {
    const mermaid = codeBlocks(readme).find((b) => b.lang === 'mermaid')?.code ?? '';
    for (const word of ['shareProcessNamespace', 'init container', 'target', 'scanner'])
      expect(mermaid).toContain(word);
  });
});
