import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { loadAll } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import type { PreparedProfile } from '../../src/core/profile/prepare.js';
import { ScanError, planScan, renderPlan } from '../../src/core/scan.js';
import { ROOT, scanConfig } from './helpers.js';

const temp = mkdtempSync(join(tmpdir(), 'kcs-plan-'));
/** A profile as the runner prepares one from a URL (fetched, checked, vendored): what planScan packs. */
const FETCHED: PreparedProfile = {
  entries: [{ path: 'inspec.yml', content: Buffer.from('name: fetched\n') }],
  description: 'https://example.com/p.tar.gz?…',
};
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function tree(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? [`${relative(base, full)}/`, ...tree(full, base)] : [relative(base, full)];
  });
}

function makeProfile(name: string, files: Record<string, string | Buffer>): string {
  const dir = join(temp, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const container = (pod: V1Pod, name: string): V1Container => {
  const found = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
};

describe('planScan: the pod (DESIGN.md §3)', async () => {
  const plan = await planScan(scanConfig({ timeoutSeconds: 900 }), { runId: 'kcs-0123456789' });
  const pod = plan.objects.pod;
  const spec = pod.spec ?? { containers: [] };

  it('names everything from the run id, before anything exists', () => {
    expect(plan.names).toEqual({
      runId: 'kcs-0123456789',
      namespace: 'kube-cinc-scan',
      podName: 'kcs-0123456789',
      configMapNames: ['kcs-0123456789-profile', 'kcs-0123456789-scanner'],
    });
    for (const object of [pod, ...plan.objects.configMaps]) {
      expect(object.metadata?.labels).toMatchObject({
        'app.kubernetes.io/name': 'kube-cinc-scan',
        'app.kubernetes.io/managed-by': 'kube-cinc-scan',
        'kube-cinc-scan/run-id': 'kcs-0123456789',
      });
    }
  });

  it('shares the process namespace and never restarts, mounts no token, has a deadline and no mesh', () => {
    expect(spec).toMatchObject({
      shareProcessNamespace: true,
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      activeDeadlineSeconds: 900,
    });
    expect(pod.metadata?.annotations).toMatchObject({
      'sidecar.istio.io/inject': 'false',
      'linkerd.io/inject': 'disabled',
    });
    expect(spec.hostNetwork ?? false).toBe(false);
    expect(spec.hostPID ?? false).toBe(false);
    expect(spec.hostIPC ?? false).toBe(false);
    expect((spec.volumes ?? []).some((v) => v.hostPath)).toBe(false);
  });

  it('copies a static busybox into a disk-backed emptyDir with an init container', () => {
    const init = container(pod, 'keepalive');
    expect(init.image).toBe('busybox:1.38.0-musl');
    expect(init.command).toEqual(['/bin/busybox', 'cp', '/bin/busybox', '/kcs/busybox']);
    const volume = spec.volumes?.find((v) => v.name === 'keepalive');
    expect(volume?.emptyDir).toBeDefined();
    expect(volume?.emptyDir?.medium).toBeUndefined();
  });

  it('runs the target as the keep-alive, UID/GID 0, read-only, no capabilities, with the marker', () => {
    const target = container(pod, 'target');
    expect(target.image).toBe('registry.example.com/team/app:1.2.3');
    expect(target.command?.[0]).toBe('/dev/kcs/busybox');
    expect(target.command?.slice(1, 2)).toEqual(['sleep']);
    expect(target.volumeMounts).toEqual([{ name: 'keepalive', mountPath: '/dev/kcs', readOnly: true }]);
    expect(target.env).toEqual([{ name: 'KCS_SCAN_TARGET', value: 'kcs-0123456789' }]);
    expect(target.securityContext).toEqual({
      runAsUser: 0,
      runAsGroup: 0,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('runs the scanner with exactly SYS_CHROOT, DAC_OVERRIDE and SETPCAP, and never the marker', () => {
    const scanner = container(pod, 'scanner');
    expect(scanner.image).toBe('cincproject/auditor:6.8.24');
    // bash -c <the check of the pinned files>, then the entry script (issue 18; the pinning is in pod-contract).
    expect(scanner.command?.slice(0, 2)).toEqual(['/bin/bash', '-c']);
    expect(scanner.command?.[2]).toContain('sha256sum --check');
    expect(scanner.args?.[0]).toBe('/opt/kcs/scanner/entrypoint.sh');
    expect(scanner.securityContext).toEqual({
      runAsUser: 0,
      runAsGroup: 0,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'], add: ['SYS_CHROOT', 'DAC_OVERRIDE', 'SETPCAP'] },
    });
    const env = Object.fromEntries((scanner.env ?? []).map((e) => [e.name, e.value]));
    expect(env).toEqual({
      KCS_RUN_ID: 'kcs-0123456789',
      KCS_PROFILE_ARCHIVE: '/opt/kcs/profile/profile.tar.gz',
      KCS_WORK_DIR: '/opt/kcs/work',
      HOME: '/opt/kcs/work',
      TMPDIR: '/opt/kcs/work',
      KCS_MAX_FILE_SIZE: String(64 * 1024 * 1024),
      KCS_MAX_COMMAND_OUTPUT: String(16 * 1024 * 1024),
      KCS_RESULTS_KEY: plan.resultsKey,
    });
    expect(plan.resultsKey).toMatch(/^[0-9a-f]{64}$/);
    expect(scanner.volumeMounts).toEqual([
      { name: 'scanner', mountPath: '/opt/kcs/scanner', readOnly: true },
      { name: 'work', mountPath: '/opt/kcs/work' },
      { name: 'profile', mountPath: '/opt/kcs/profile', readOnly: true },
    ]);
  });

  it('sets requests and limits on every container', () => {
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      expect(c.resources?.requests?.['cpu'], c.name).toBeTruthy();
      expect(c.resources?.requests?.['memory'], c.name).toBeTruthy();
      expect(c.resources?.limits?.['cpu'], c.name).toBeTruthy();
      expect(c.resources?.limits?.['memory'], c.name).toBeTruthy();
    }
    expect(container(pod, 'scanner').resources).toEqual({
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { cpu: '500m', memory: '1Gi' },
    });
  });

  it('restores the scanner/ layout through items[].path, without tests and Markdown', () => {
    const expected = tree(join(ROOT, 'scanner')).filter(
      (p) => !p.endsWith('/') && !p.startsWith('test/') && !p.endsWith('.md'),
    );
    const volume = spec.volumes?.find((v) => v.name === 'scanner');
    const items = volume?.configMap?.items ?? [];
    expect(items.map((i) => i.path).sort()).toEqual(expected.sort());
    expect(items.map((i) => i.path)).toContain('train-kcs-root/lib/train-kcs-root.rb');
    const configMap = plan.objects.configMaps.find((c) => c.metadata?.name === 'kcs-0123456789-scanner');
    for (const item of items) {
      const shipped =
        configMap?.data?.[item.key] ?? Buffer.from(configMap?.binaryData?.[item.key] ?? '', 'base64').toString('utf8');
      expect(shipped, item.path).toBe(readFileSync(join(ROOT, 'scanner', item.path), 'utf8'));
      expect(item.key).toMatch(/^[-._a-zA-Z0-9]+$/);
    }
  });
});

describe('planScan: the profile archive', () => {
  const files = {
    'inspec.yml': 'name: demo\nversion: 0.1.0\n',
    'controls/a.rb': "control 'a' do\nend\n",
    'controls/nested/b.rb': "control 'b' do\nend\n",
    'libraries/helper.rb': 'class Helper; end\n',
    'files/data/blob.bin': randomBytes(300),
    [`files/${'d'.repeat(90)}/${'f'.repeat(90)}.txt`]: 'a long path\n',
  };

  it('packs controls/, libraries/ and files/ intact, and tar reads it back', async () => {
    const dir = makeProfile('demo', files);
    const plan = await planScan(scanConfig({ profile: { kind: 'directory', path: dir } }));
    const archive = Buffer.from(plan.objects.configMaps[0]?.binaryData?.['profile.tar.gz'] ?? '', 'base64');
    const out = join(temp, 'unpacked');
    mkdirSync(out);
    writeFileSync(join(temp, 'p.tar.gz'), archive);
    execFileSync('tar', ['-xzf', join(temp, 'p.tar.gz'), '-C', out]);
    expect(tree(out).sort()).toEqual(tree(dir).sort());
    for (const path of Object.keys(files))
      expect(readFileSync(join(out, path)).equals(readFileSync(join(dir, path))), path).toBe(true);
  });

  it('packs names at the ustar limits: a 100-byte folder name, a 256-byte path', async () => {
    const edge = {
      'inspec.yml': 'name: edge\n',
      [`controls/${'f'.repeat(100)}/a.rb`]: 'one\n',
      [`${'p'.repeat(77)}/${'q'.repeat(77)}/${'n'.repeat(100)}`]: 'two\n',
    };
    const dir = makeProfile('edge', edge);
    const plan = await planScan(scanConfig({ profile: { kind: 'directory', path: dir } }));
    const archive = Buffer.from(plan.objects.configMaps[0]?.binaryData?.['profile.tar.gz'] ?? '', 'base64');
    const out = mkdtempSync(join(temp, 'edge-out-'));
    writeFileSync(join(temp, 'edge.tar.gz'), archive);
    execFileSync('tar', ['-xzf', join(temp, 'edge.tar.gz'), '-C', out]);
    expect(tree(out).sort()).toEqual(tree(dir).sort());
    for (const path of Object.keys(edge)) expect(readFileSync(join(out, path), 'utf8'), path).toBe(edge[path]);
  });

  it('is deterministic: the same profile packs to the same bytes', async () => {
    const dir = join(temp, 'demo');
    const first = await planScan(scanConfig({ profile: { kind: 'directory', path: dir } }));
    // Times are not part of the archive: touching every file changes nothing.
    for (const path of Object.keys(files)) utimesSync(join(dir, path), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const second = await planScan(scanConfig({ profile: { kind: 'directory', path: dir } }));
    expect(first.objects.configMaps[0]?.binaryData).toEqual(second.objects.configMaps[0]?.binaryData);
  });

  it('refuses a profile over the ConfigMap limit before anything is created, and says what to cut', async () => {
    const dir = makeProfile('huge', { 'inspec.yml': 'name: huge\n', 'files/big.bin': randomBytes(1100 * 1024) });
    const error = await planScan(scanConfig({ profile: { kind: 'directory', path: dir } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScanError);
    expect((error as ScanError).code).toBe('KCS-SCAN-122');
    expect((error as ScanError).category).toBe('input');
    expect((error as ScanError).message).toMatch(/KiB, over the 1024 KiB a ConfigMap can hold/);
    // A URL does not help any more: a fetched profile travels in the same ConfigMap.
    expect((error as ScanError).hint).toMatch(/Remove files the scan does not need/);
  });

  it.each([
    [
      'a path over 256 bytes',
      `controls/${'a'.repeat(100)}/${'b'.repeat(100)}/${'c'.repeat(60)}.rb`,
      /is 274 bytes long, over the 256 bytes a tar \(ustar\) path can hold/,
    ],
    [
      'a file name over 100 bytes',
      `controls/${'n'.repeat(120)}.rb`,
      /is 132 bytes long, and its last part is 123 bytes, over the 100 bytes a tar \(ustar\) name can hold/,
    ],
    [
      'a path no "/" splits into 155 + 100 bytes',
      `controls/${'p'.repeat(90)}/${'q'.repeat(90)}/${'r'.repeat(60)}.rb`,
      /is 254 bytes long, and no "\/" in it splits it into the 155 \+ 100 bytes a tar \(ustar\) path can hold/,
    ],
    [
      'a folder name over 100 bytes',
      `controls/${'d'.repeat(120)}/x.rb`,
      /controls\/d{120} \(in .*\) is 129 bytes long, and its last part is 120 bytes, over the 100 bytes/,
    ],
  ])(
    'refuses %s as an input error (KCS-CFG-013) naming the path, its length and the limit',
    async (_name, long, message) => {
      const dir = makeProfile(`long-${long.length}`, { 'inspec.yml': 'name: long\n', [long]: "control 'x' do\nend\n" });
      const error = await planScan(scanConfig({ profile: { kind: 'directory', path: dir } })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ code: 'KCS-CFG-013', category: 'input' });
      const text = (error as InputError).message;
      expect(text).toContain(long.split('/').slice(0, -1).join('/'));
      expect(text).toContain(dir);
      expect(text).toMatch(message);
      expect((error as InputError).hint).toContain('Shorten');
    },
  );

  it('refuses a directory without inspec.yml', async () => {
    const dir = makeProfile('not-a-profile', { 'controls/a.rb': '' });
    await expect(planScan(scanConfig({ profile: { kind: 'directory', path: dir } }))).rejects.toMatchObject({
      code: 'KCS-SCAN-123',
    });
  });

  it('ships a fetched URL profile in the ConfigMap like a local one: the pod gets no URL to download', async () => {
    const inputs = join(temp, 'inputs.yml');
    const waivers = join(temp, 'waivers.yml');
    writeFileSync(inputs, 'max_uid: 0\n');
    writeFileSync(waivers, 'cb-05:\n  run: false\n');
    const plan = await planScan(
      scanConfig({
        profile: { kind: 'url', url: 'https://example.com/p.tar.gz?private_token=t0k' },
        profileToken: 'profile-token-value',
        profileInputs: inputs,
        waiverFile: waivers,
        controls: ['cb-01', 'cb-05'],
      }),
      { profile: FETCHED },
    );
    const scanner = container(plan.objects.pod, 'scanner');
    const env = Object.fromEntries((scanner.env ?? []).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({
      KCS_PROFILE_ARCHIVE: '/opt/kcs/profile/profile.tar.gz',
      KCS_INPUT_FILE: '/opt/kcs/inputs/inputs.yml',
      KCS_WAIVER_FILE: '/opt/kcs/inputs/waivers.yml',
      KCS_CONTROLS: 'cb-01\ncb-05',
    });
    expect(env['KCS_PROFILE_URL']).toBeUndefined();
    const configMap = plan.objects.configMaps.find((c) => c.metadata?.name?.endsWith('-profile'));
    const shipped = JSON.stringify([plan.objects.pod, configMap]) + renderPlan(plan);
    for (const secret of ['example.com/p.tar.gz', 't0k', 'profile-token-value']) expect(shipped).not.toContain(secret);
    expect(configMap?.data).toEqual({ 'inputs.yml': 'max_uid: 0\n', 'waivers.yml': 'cb-05:\n  run: false\n' });
    expect(Object.keys(configMap?.binaryData ?? {})).toEqual(['profile.tar.gz']);
    expect(scanner.volumeMounts?.map((m) => m.mountPath)).toEqual([
      '/opt/kcs/scanner',
      '/opt/kcs/work',
      '/opt/kcs/profile',
      '/opt/kcs/inputs',
    ]);
  });
});

describe('planScan: configuration and names', () => {
  it('applies pull secrets, node selector, tolerations and annotations, but not over the mesh opt-out', async () => {
    const plan = await planScan(
      scanConfig({
        imagePullSecrets: ['regcred'],
        nodeSelector: { 'kubernetes.io/arch': 'arm64' },
        tolerations: [{ key: 'scans', operator: 'Exists', effect: 'NoSchedule' }],
        podAnnotations: { team: 'platform', 'sidecar.istio.io/inject': 'true' },
        imagePullPolicy: 'Never',
      }),
    );
    const spec = plan.objects.pod.spec;
    expect(spec?.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(spec?.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'arm64' });
    expect(spec?.tolerations).toEqual([{ key: 'scans', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(plan.objects.pod.metadata?.annotations).toMatchObject({
      team: 'platform',
      'sidecar.istio.io/inject': 'false',
    });
    expect(container(plan.objects.pod, 'target').imagePullPolicy).toBe('Never');
  });

  it('runs on Linux nodes by default, and lets the node selector say otherwise', async () => {
    expect((await planScan(scanConfig())).objects.pod.spec?.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    const custom = await planScan(scanConfig({ nodeSelector: { 'kubernetes.io/os': 'linux-custom' } }));
    expect(custom.objects.pod.spec?.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux-custom' });
  });

  it('makes a fresh results key for every scan, or takes the one given', async () => {
    const keys = new Set<string>();
    for (let i = 0; i < 20; i += 1) keys.add((await planScan(scanConfig(), { profile: FETCHED })).resultsKey);
    expect(keys.size).toBe(20);
    const given = 'ab'.repeat(32);
    expect((await planScan(scanConfig(), { resultsKey: given })).resultsKey).toBe(given);
  });

  it('makes random, DNS-safe run ids', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 100; i += 1) ids.add((await planScan(scanConfig(), { profile: FETCHED })).names.runId);
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^kcs-[0-9a-f]{10}$/);
  });

  it('renders YAML that parses back to the same objects and holds nothing privileged', async () => {
    const plan = await planScan(scanConfig());
    const yaml = renderPlan(plan);
    // The same objects, but the results key is a credential: render and pod.yaml show a placeholder.
    const shown = structuredClone(plan.objects.pod);
    const key = shown.spec?.containers
      .find((c) => c.name === 'scanner')
      ?.env?.find((e) => e.name === 'KCS_RESULTS_KEY');
    expect(key?.value).toBe(plan.resultsKey);
    if (key) key.value = '<per-scan key, not shown>';
    expect(loadAll(yaml)).toEqual([...plan.objects.configMaps, shown]);
    expect(yaml).not.toContain(plan.resultsKey);
    expect(plan.podYaml).not.toContain(plan.resultsKey);
    expect(plan.podYaml).toContain('KCS_RESULTS_KEY');
    for (const banned of [
      'privileged',
      'hostNetwork',
      'hostPID',
      'hostIPC',
      'hostPath',
      'SYS_PTRACE',
      'SYS_ADMIN',
      'hostPort',
    ])
      expect(yaml).not.toContain(banned);
    expect(plan.podYaml).toContain('shareProcessNamespace: true');
  });
});
