import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { V1ConfigMap, V1Container, V1Pod } from '@kubernetes/client-node';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanConfig } from '../../src/core/config.js';
import { extractResultsBlock } from '../../src/core/kube/results-block.js';
import { planScan, renderPlan, type ScanPlan } from '../../src/core/scan.js';
import {
  hostPath,
  materialiseMounts,
  projectConfigMap,
  type MaterialisedMount,
  type ProjectedFile,
} from './kubelet.js';
import { scanConfig as kubeScanConfig } from '../kube/helpers.js';

// The pod the Kubernetes side plans and the scanner side's entry script must agree (the scanner <-> cluster
// contract). Part one reads the planned objects; part two lays the ConfigMaps out as the kubelet would, starts a real
// target process chrooted into a small image tree, and runs the materialised entry script with the pod's environment.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PROFILE_DIR = join(ROOT, 'profiles/container-baseline');
const REPORT = join(ROOT, 'test/fixtures/framing/report.json');
const LIVE_OUTPUT = join(ROOT, 'scanner/test/fixtures/cli-output.txt');
const STAND_IN = join(ROOT, 'test/integration/stand-in/cinc-auditor');
const CONTROLS = ['cb-01', 'cb-14'];

// The contract's fixed paths, written out here rather than imported, so a change on either side shows up as a failure.
const CONTRACT = {
  // bash -c <the pinning check>, then the entry script and the pairs of mounted file and sha256 (issue 18).
  shell: ['/bin/bash', '-c'],
  entry: '/opt/kcs/scanner/entrypoint.sh',
  scannerMount: '/opt/kcs/scanner',
  profileArchive: '/opt/kcs/profile/profile.tar.gz',
  inputFile: '/opt/kcs/inputs/inputs.yml',
  waiverFile: '/opt/kcs/inputs/waivers.yml',
  workDir: '/opt/kcs/work',
} as const;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const MARKER = 'KCS_SCAN_TARGET';
const RESULTS_KEY = 'KCS_RESULTS_KEY';

interface Case {
  name: string;
  slug: string;
  /** A profile URL is fetched on the runner and reaches the pod as an archive too: the pod has one kind of profile. */
  profile: 'shipped';
  extras: boolean;
}

const CASES: Case[] = [
  { name: 'the shipped container-baseline profile', slug: 'shipped', profile: 'shipped', extras: false },
  {
    name: 'the shipped profile with inputs, waivers and controls',
    slug: 'shipped-extras',
    profile: 'shipped',
    extras: true,
  },
];

let tmp = '';
let imageBin = '';
let inputsPath = '';
let waiversPath = '';

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'kcs-pod-contract-')));
  // Readable by every UID, as a pod's mounts are, so a scanner running as another user fails for the pod's reasons.
  chmodSync(tmp, 0o755);
  inputsPath = join(tmp, 'inputs.yml');
  waiversPath = join(tmp, 'waivers.yml');
  writeFileSync(inputsPath, 'unprivileged_uid_min: 500\nallowed_setuid_binaries:\n  - /bin/su\n');
  writeFileSync(waiversPath, "cb-14:\n  run: false\n  justification: 'contract test'\n");
  imageBin = makeImageBin(join(tmp, 'image'));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.each(CASES)('the planned pod for $name', (testCase) => {
  let plan: ScanPlan;
  let wire: ScanPlan['objects'];

  beforeAll(async () => {
    plan = await planScan(scanConfig(testCase));
    // What the API server receives: the objects as JSON.
    wire = JSON.parse(JSON.stringify(plan.objects)) as ScanPlan['objects'];
  });

  it('runs the entry script with exactly the environment the contract names', () => {
    const scanner = scannerOf(wire.pod);
    expect(scanner.command?.slice(0, 2)).toEqual(CONTRACT.shell);
    expect(scanner.args?.[0]).toBe(CONTRACT.entry);
    expect(plan.names.runId).toMatch(DNS_LABEL);
    const env = envOf(scanner);
    // The results key: a fresh credential of 64 hex digits, the one the runner verifies with.
    expect(env.get(RESULTS_KEY)).toMatch(/^[0-9a-f]{64}$/);
    expect(env.get(RESULTS_KEY)).toBe(plan.resultsKey);
    env.delete(RESULTS_KEY);
    // Optional in the contract; when the plan sets it, the entry script accepts whole seconds only.
    const wait = env.get('KCS_TARGET_WAIT_SECONDS');
    if (wait !== undefined) expect(wait).toMatch(/^[0-9]{1,4}$/);
    env.delete('KCS_TARGET_WAIT_SECONDS');
    expect(Object.fromEntries(env)).toEqual(expectedScannerEnv(testCase, plan.names.runId));
  });

  it('marks the target container, and only the target, with the run id', () => {
    const pod = wire.pod;
    const marked = allContainers(pod).filter((c) => envOf(c).has(MARKER));
    expect(marked.map((c) => c.name)).toEqual([targetOf(pod).name]);
    expect(envOf(targetOf(pod)).get(MARKER)).toBe(plan.names.runId);
    expect(envOf(scannerOf(pod)).has(MARKER)).toBe(false);
    // The results key is the scanner's alone: no other container may carry it.
    const keyed = allContainers(pod).filter((c) => envOf(c).has(RESULTS_KEY) || (c.envFrom ?? []).length > 0);
    expect(keyed.map((c) => c.name)).toEqual([scannerOf(pod).name]);
    expect(scannerOf(pod).envFrom ?? []).toEqual([]);
    expect(targetOf(pod).name).not.toBe(scannerOf(pod).name);
  });

  it('lets the scanner read the target root (shared PID namespace, same UID and GID, capabilities a superset)', () => {
    const pod = wire.pod;
    const scanner = securityOf(pod, scannerOf(pod));
    const target = securityOf(pod, targetOf(pod));
    expect(pod.spec?.shareProcessNamespace).toBe(true);
    expect(scanner.runAsUser).toBeDefined();
    expect({ uid: target.runAsUser, gid: target.runAsGroup }).toEqual({
      uid: scanner.runAsUser,
      gid: scanner.runAsGroup,
    });
    expect(target.drop).toContain('ALL');
    for (const capability of target.add) expect(scanner.add).toContain(capability);
    // The contract's scanner root is read-only: everything it writes must go to the work directory.
    expect(scannerOf(pod).securityContext?.readOnlyRootFilesystem).toBe(true);
  });

  it('mounts every path of the environment at the contract path, from a ConfigMap item or the work emptyDir', () => {
    const pod = wire.pod;
    const scanner = scannerOf(pod);
    const env = envOf(scanner);
    const scannerFiles = mountedVolume(pod, scanner, CONTRACT.scannerMount);
    expect({ readOnly: scannerFiles.readOnly, configMap: scannerFiles.volume.configMap !== undefined }).toEqual({
      readOnly: true,
      configMap: true,
    });
    const work = mountedVolume(pod, scanner, CONTRACT.workDir);
    expect({ readOnly: work.readOnly, emptyDir: work.volume.emptyDir !== undefined }).toEqual({
      readOnly: false,
      emptyDir: true,
    });

    const files: [string, string | undefined][] = [
      ['KCS_PROFILE_ARCHIVE', undefined],
      ['KCS_INPUT_FILE', inputsPath],
      ['KCS_WAIVER_FILE', waiversPath],
    ];
    for (const [name, source] of files) {
      const podPath = env.get(name);
      if (podPath === undefined) continue;
      const file = mountedFile(pod, scanner, wire.configMaps, podPath);
      if (source) expect(file.content.equals(readFileSync(source)), `${name} content`).toBe(true);
      else expect(file.content.subarray(0, 2).toString('hex'), `${name} is gzip`).toBe('1f8b');
    }
  });

  it('ships every scanner file at its place in the tree, with the files the entry script and the plugin load', () => {
    const scanner = scannerOf(wire.pod);
    const shipped = new Map(
      mountedVolumeFiles(wire.pod, scanner, wire.configMaps, CONTRACT.scannerMount).map((f) => [f.path, f.content]),
    );
    const expected = repoScannerFiles();
    expect([...shipped.keys()].sort()).toEqual(expected);
    for (const path of expected)
      expect(shipped.get(path)?.equals(readFileSync(join(ROOT, 'scanner', path))), path).toBe(true);
    const needed = ['entrypoint.sh', 'frame-results.sh', ...rubyClosure('train-kcs-root/lib/train-kcs-root.rb')];
    expect(needed.filter((path) => !shipped.has(path))).toEqual([]);
  });

  it('pins every file it mounts from a ConfigMap by its sha256, in the command the immutable pod spec holds', () => {
    const scanner = scannerOf(wire.pod);
    const pairs = scanner.args?.slice(1) ?? [];
    expect(pairs.length % 2).toBe(0);
    const pinned = new Map<string, string>();
    for (let i = 0; i < pairs.length; i += 2) pinned.set(pairs[i] ?? '', pairs[i + 1] ?? '');
    const mounted = (scanner.volumeMounts ?? [])
      .filter((m) => wire.pod.spec?.volumes?.find((v) => v.name === m.name)?.configMap)
      .flatMap((m) =>
        mountedVolumeFiles(wire.pod, scanner, wire.configMaps, m.mountPath).map((f) => ({
          path: `${m.mountPath}/${f.path}`,
          sha256: createHash('sha256').update(f.content).digest('hex'),
        })),
      );
    expect([...pinned.keys()].sort()).toEqual(mounted.map((f) => f.path).sort());
    for (const file of mounted) expect(pinned.get(file.path), file.path).toBe(file.sha256);
    // The kubelet expands $(NAME) and turns $$ into $ in command and args: the check must contain neither.
    for (const part of [...(scanner.command ?? []), ...(scanner.args ?? [])]) expect(part).not.toMatch(/\$[($]/);
  });

  it('renders, for kubectl, the same objects it creates, with the results key redacted', () => {
    const rendered = loadAll(renderPlan(plan)) as unknown[];
    expect(rendered.slice(0, -1)).toEqual(wire.configMaps);
    const pod = rendered.at(-1) as V1Pod;
    expect(envOf(scannerOf(pod)).get(RESULTS_KEY)).toBe('<per-scan key, not shown>');
    const withKey = structuredClone(pod);
    const variable = scannerOf(withKey).env?.find((e) => e.name === RESULTS_KEY);
    if (variable) variable.value = plan.resultsKey;
    expect(withKey).toEqual(wire.pod);
    expect(renderPlan(plan)).not.toContain(plan.resultsKey);
    expect(plan.podYaml).not.toContain(plan.resultsKey);
  });

  it('runs nothing when a ConfigMap was replaced before the kubelet mounted it (exit 70)', async () => {
    // The tenant's ConfigMap: same name and keys, its own entry script.
    const swapped = wire.configMaps.map((configMap) => {
      if (!configMap.metadata?.name?.endsWith('-scanner')) return configMap;
      const copy = structuredClone(configMap);
      copy.data = { ...copy.data, 'entrypoint.sh': '#!/bin/bash\necho forged results\n' };
      return copy;
    });
    const run = await runPod({ pod: wire.pod, configMaps: swapped }, join(tmp, `${testCase.slug}-swapped`));
    expect(run.status, run.log).toBe(70);
    expect(run.log).toMatch(
      /^kcs-scanner: error: these files do not match the sha256 in the pod spec: \S+\/entrypoint\.sh\. A scan ConfigMap was replaced/,
    );
    expect(run.log).not.toContain('forged results');
    expect(run.recorded('args')).toBe('(args not recorded)');
  }, 20_000);

  it('runs the materialised entry script against a live target and ends the log with a valid results block', async () => {
    const run = await runPod(wire, join(tmp, testCase.slug));
    const runId = plan.names.runId;
    expect(run.status, run.log).toBe(0);

    const lines = run.log.trimEnd().split('\n');
    expect(extractResultsBlock(run.log, plan.resultsKey)).toBe(readFileSync(REPORT, 'utf8'));
    const begin = lines.findIndex((line) => line.startsWith('KCS-RESULTS-BEGIN '));
    const end = lines.lastIndexOf('KCS-RESULTS-END v2');
    expect(begin).toBeGreaterThan(lines.indexOf('Test Summary: 8 successful, 3 failures, 2 skipped'));
    expect(lines.slice(end + 1)).toEqual([`kcs-scanner: run ${runId}: scan complete (cinc-auditor exit code 100)`]);

    const work = hostPathOf(run.mounts, CONTRACT.workDir);
    expect(run.recorded('args').split('\0').slice(0, -1)).toEqual(expectedArgs(testCase, run, work));
    expectPrivateTmpdirAndHome(run, work, securityOf(wire.pod, scannerOf(wire.pod)).runAsUser ?? 0);
    if (testCase.profile === 'shipped') {
      expect(run.recorded('profile-files').trimEnd().split('\n').sort()).toEqual(
        repoFiles(PROFILE_DIR).map((p) => `./${p}`),
      );
      for (const path of repoFiles(PROFILE_DIR)) {
        expect(
          readFileSync(join(work, 'profile', path)).equals(readFileSync(join(PROFILE_DIR, path))),
          `unpacked ${path}`,
        ).toBe(true);
      }
    } else {
      expect(existsSync(join(work, 'profile'))).toBe(false);
    }
    expect(run.recorded('target-listing').trimEnd().split('\n').sort()).toEqual(['bin', 'dev', 'etc']);
    expectPluginLoadedFromTheMount(run, runId);
  }, 20_000);
});

// ----- configuration and expectations ------------------------------------------------------------------------------

function scanConfig(testCase: Case): ScanConfig {
  return kubeScanConfig({
    profile: { kind: 'shipped', name: 'container-baseline', path: PROFILE_DIR },
    profileInputs: testCase.extras ? inputsPath : undefined,
    waiverFile: testCase.extras ? waiversPath : undefined,
    controls: testCase.extras ? CONTROLS : [],
    namespace: 'kcs-contract',
  });
}

function expectedScannerEnv(testCase: Case, runId: string): Record<string, string> {
  return {
    KCS_RUN_ID: runId,
    KCS_PROFILE_ARCHIVE: CONTRACT.profileArchive,
    ...(testCase.extras
      ? { KCS_INPUT_FILE: CONTRACT.inputFile, KCS_WAIVER_FILE: CONTRACT.waiverFile, KCS_CONTROLS: CONTROLS.join('\n') }
      : {}),
    KCS_WORK_DIR: CONTRACT.workDir,
    HOME: CONTRACT.workDir,
    TMPDIR: CONTRACT.workDir,
    KCS_MAX_FILE_SIZE: String(64 * 1024 * 1024),
    KCS_MAX_COMMAND_OUTPUT: String(16 * 1024 * 1024),
  };
}

function expectedArgs(testCase: Case, run: PodRun, work: string): string[] {
  const profile = `${work}/profile`;
  const extras = testCase.extras
    ? [
        '--input-file',
        hostPathOf(run.mounts, CONTRACT.inputFile),
        '--waiver-file',
        hostPathOf(run.mounts, CONTRACT.waiverFile),
        '--controls',
        ...CONTROLS,
      ]
    : [];
  return [
    'exec',
    profile,
    '-t',
    `kcs-root:///proc/${run.targetPid}/root`,
    '--no-create-lockfile',
    '--reporter',
    'cli',
    `json:${work}/report.json`,
    ...extras,
  ];
}

/**
 * The pod points HOME and TMPDIR at the emptyDir, which the kubelet makes 0777 without the sticky bit: Ruby's
 * Dir.tmpdir refuses that and falls back to the read-only /tmp. The entry script must hand cinc-auditor private 0700
 * directories inside it, which Ruby then uses without a warning.
 */
function expectPrivateTmpdirAndHome(run: PodRun, work: string, uid: number): void {
  expect(statSync(work).mode & 0o7777).toBe(0o777);
  expect({ tmpdir: run.recorded('tmpdir'), home: run.recorded('home') }).toEqual({
    tmpdir: `${work}/tmp\n`,
    home: `${work}/home\n`,
  });
  expect(run.recorded('private-dirs')).toBe(`700 ${uid}\n700 ${uid}\n`);
  expect(run.recorded('ruby-tmpdir-status').trim(), run.recorded('ruby-tmpdir.err')).toBe('0');
  expect({ out: run.recorded('ruby-tmpdir'), err: run.recorded('ruby-tmpdir.err') }).toEqual({
    out: `${work}/tmp\n${work}/tmp\n`,
    err: '',
  });
}

/** The stand-in loaded the transport from RUBYLIB alone, i.e. from the mounted ConfigMap, and read the target through it. */
function expectPluginLoadedFromTheMount(run: PodRun, runId: string): void {
  const scannerDir = hostPathOf(run.mounts, CONTRACT.scannerMount);
  expect(run.recorded('rubylib')).toBe(`${scannerDir}/train-kcs-root/lib`);
  const probe = run.recorded('plugin-probe');
  expect(run.recorded('plugin-probe-status').trim(), probe).toBe('0');
  const facts = probe.trimEnd().split('\n');
  expect(facts.filter((line) => !line.startsWith('loaded='))).toEqual([`file=${runId}`, `command=0:${runId}`]);
  const loaded = facts.filter((line) => line.startsWith('loaded=')).map((line) => line.slice('loaded='.length));
  expect(loaded.filter((path) => !path.startsWith(`${scannerDir}/`))).toEqual([]);
  const shippedRuby = repoScannerFiles().filter(
    (path) => path.startsWith('train-kcs-root/lib/') && path.endsWith('.rb'),
  );
  expect(loaded.map((path) => basename(path)).sort()).toEqual(shippedRuby.map((path) => basename(path)).sort());
}

// ----- reading the planned pod -------------------------------------------------------------------------------------

function allContainers(pod: V1Pod): V1Container[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
}

/** The scanner is the one container started with the contract's shell and entry script. */
function scannerOf(pod: V1Pod): V1Container {
  const found = (pod.spec?.containers ?? []).filter(
    (c) => JSON.stringify(c.command?.slice(0, 2)) === JSON.stringify(CONTRACT.shell) && c.args?.[0] === CONTRACT.entry,
  );
  if (found.length !== 1 || !found[0])
    throw new Error(`expected one container running ${CONTRACT.entry} through bash -c, found ${found.length}`);
  return found[0];
}

/** The target is the one app container that carries the marker. */
function targetOf(pod: V1Pod): V1Container {
  const found = (pod.spec?.containers ?? []).filter((c) => c.env?.some((e) => e.name === MARKER));
  if (found.length !== 1 || !found[0])
    throw new Error(`expected one container with ${MARKER} in its env, found ${found.length}`);
  return found[0];
}

/** A container's environment as literal values; a duplicate or a valueFrom would hide what the process really gets. */
function envOf(container: V1Container): Map<string, string> {
  const env = new Map<string, string>();
  for (const variable of container.env ?? []) {
    if (env.has(variable.name)) throw new Error(`container ${container.name} sets ${variable.name} twice`);
    if (variable.valueFrom || variable.value === undefined)
      throw new Error(`container ${container.name}: ${variable.name} has no literal value`);
    env.set(variable.name, variable.value);
  }
  return env;
}

function securityOf(
  pod: V1Pod,
  container: V1Container,
): { runAsUser?: number; runAsGroup?: number; drop: string[]; add: string[] } {
  const own = container.securityContext;
  const podLevel = pod.spec?.securityContext;
  const runAsUser = own?.runAsUser ?? podLevel?.runAsUser;
  const runAsGroup = own?.runAsGroup ?? podLevel?.runAsGroup;
  return {
    ...(runAsUser !== undefined ? { runAsUser } : {}),
    ...(runAsGroup !== undefined ? { runAsGroup } : {}),
    drop: own?.capabilities?.drop ?? [],
    add: own?.capabilities?.add ?? [],
  };
}

function mountedVolume(
  pod: V1Pod,
  container: V1Container,
  mountPath: string,
): { readOnly: boolean; volume: NonNullable<NonNullable<V1Pod['spec']>['volumes']>[number] } {
  const mount = container.volumeMounts?.find((m) => m.mountPath === mountPath);
  if (!mount) throw new Error(`container ${container.name} mounts nothing at ${mountPath}`);
  const volume = pod.spec?.volumes?.find((v) => v.name === mount.name);
  if (!volume) throw new Error(`volume ${mount.name} (mounted at ${mountPath}) is not defined in the pod`);
  return { readOnly: mount.readOnly === true, volume };
}

function mountedVolumeFiles(
  pod: V1Pod,
  container: V1Container,
  configMaps: V1ConfigMap[],
  mountPath: string,
): ProjectedFile[] {
  return projectConfigMap(mountedVolume(pod, container, mountPath).volume, configMaps);
}

/** The ConfigMap item that shows up at podPath inside the container (read-only mount), or a thrown explanation. */
function mountedFile(pod: V1Pod, container: V1Container, configMaps: V1ConfigMap[], podPath: string): ProjectedFile {
  const mount = (container.volumeMounts ?? []).find((m) => podPath.startsWith(`${m.mountPath}/`));
  if (!mount) throw new Error(`no volume of container ${container.name} holds ${podPath}`);
  if (mount.readOnly !== true) throw new Error(`the mount at ${mount.mountPath} (holding ${podPath}) is not read-only`);
  const files = mountedVolumeFiles(pod, container, configMaps, mount.mountPath);
  const path = podPath.slice(mount.mountPath.length + 1);
  const file = files.find((f) => f.path === path);
  if (!file)
    throw new Error(
      `volume ${mount.name} at ${mount.mountPath} has no item with path ${path} (it has: ${files.map((f) => f.path).join(', ')})`,
    );
  return file;
}

// ----- the repository side -----------------------------------------------------------------------------------------

/** Relative paths of the files under dir, sorted. */
function repoFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/** The scanner files the contract ships: scanner/ minus scanner/test/** and *.md. */
function repoScannerFiles(): string[] {
  return repoFiles(join(ROOT, 'scanner')).filter((path) => !path.startsWith('test/') && !path.endsWith('.md'));
}

/** A Ruby file of scanner/ and every file it reaches through require_relative, as paths relative to scanner/. */
function rubyClosure(start: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const full = join(ROOT, 'scanner', path);
    if (!existsSync(full)) return;
    for (const match of readFileSync(full, 'utf8').matchAll(/^\s*require_relative\s+["']([^"']+)["']/gm)) {
      const target = match[1] ?? '';
      visit(posix.normalize(posix.join(posix.dirname(path), target.endsWith('.rb') ? target : `${target}.rb`)));
    }
  };
  visit(start);
  return [...seen].sort();
}

// ----- running the pod locally -------------------------------------------------------------------------------------

interface PodRun {
  status: number | null;
  log: string;
  targetPid: number;
  mounts: MaterialisedMount[];
  /** What the stand-in cinc-auditor recorded in its directory. */
  recorded: (name: string) => string;
}

/** The scanner image's PATH: the tools of the stock image (as the scanner's own tests build it) and the stand-in. */
function makeImageBin(dir: string): string {
  const made = spawnSync(
    'bash',
    ['-c', '. "$1/scanner/test/lib.sh" && make_image_path "$2"', 'make-image-path', ROOT, dir],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`make_image_path failed: ${made.stderr}`);
  rmSync(join(dir, 'bin/cinc-auditor'), { force: true });
  symlinkSync(STAND_IN, join(dir, 'bin/cinc-auditor'));
  return join(dir, 'bin');
}

/**
 * Starts the pod: materialises the scanner's and the target's volumes, runs the init containers' commands against
 * them, starts the target chrooted into a small image tree with its pod environment only, then runs the scanner's
 * command with its pod environment (paths under its mounts pointing at the materialised trees) and the image PATH.
 */
async function runPod(objects: ScanPlan['objects'], dir: string): Promise<PodRun> {
  const { pod, configMaps } = objects;
  const scanner = scannerOf(pod);
  const target = targetOf(pod);
  const targetRoot = makeTargetRoot(join(dir, 'target-root'), envOf(target).get(MARKER) ?? '');
  const targetMounts = materialiseMounts(targetRoot, pod, target, configMaps);
  for (const init of pod.spec?.initContainers ?? []) runInitContainer(pod, init, targetMounts);
  // chroot itself needs CAP_SYS_CHROOT, so the target keeps it on top of its own capabilities. That only makes the
  // scanner's ptrace-read check stricter (the target's capabilities must be a subset of the scanner's).
  const targetCommand = [
    ...privileges(pod, target, ['SYS_CHROOT']),
    '/usr/sbin/chroot',
    targetRoot,
    ...(target.command ?? []),
    ...(target.args ?? []),
  ];
  const child = spawn(targetCommand[0] ?? '', targetCommand.slice(1), {
    env: Object.fromEntries(envOf(target)),
    stdio: 'ignore',
  });
  try {
    const targetPid = await chrootedPid(child, targetRoot);
    const mounts = materialiseMounts(join(dir, 'scanner-root'), pod, scanner, configMaps);
    const cincDir = join(dir, 'cinc');
    mkdirSync(cincDir, { mode: 0o777 });
    chmodSync(cincDir, 0o777);
    const rewrite = (value: string) => hostPath(mounts, value) ?? value;
    // The target already runs, so a short wait changes nothing when the pod is right, and turns a target the scanner
    // may not see into a prompt exit 65 instead of a 60 s wait (the pod may set its own value; it then wins).
    const env = {
      KCS_TARGET_WAIT_SECONDS: '3',
      ...Object.fromEntries([...envOf(scanner)].map(([name, value]) => [name, rewrite(value)])),
    };
    const logPath = join(dir, 'scanner.log');
    const status = runLogged(
      [...privileges(pod, scanner), ...[...(scanner.command ?? []), ...(scanner.args ?? [])].map(rewrite)],
      logPath,
      {
        PATH: imageBin,
        ...env,
        FAKE_CINC_DIR: cincDir,
        FAKE_CINC_REPORT: REPORT,
        FAKE_CINC_OUTPUT: LIVE_OUTPUT,
        FAKE_CINC_EXIT: '100',
        FAKE_CINC_RUBY: '/usr/bin/ruby',
      },
    );
    const recorded = (name: string) =>
      existsSync(join(cincDir, name)) ? readFileSync(join(cincDir, name), 'utf8') : `(${name} not recorded)`;
    return { status, log: readFileSync(logPath, 'utf8'), targetPid, mounts, recorded };
  } finally {
    child.kill('SIGKILL');
  }
}

// What a container runtime grants when a container does not drop ALL (containerd's and Docker's default set).
const RUNTIME_DEFAULT_CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
];

/**
 * A setpriv prefix that gives a process what the container's securityContext gives it: its UID and GID, no extra
 * groups, its capabilities as the bounding set (a root process then holds exactly those) and no_new_privs when
 * privilege escalation is off. This is what decides whether the scanner may read the target's /proc/<pid>/root.
 */
function privileges(pod: V1Pod, container: V1Container, extra: string[] = []): string[] {
  const security = securityOf(pod, container);
  const name = (capability: string) => capability.toUpperCase().replace(/^CAP_/, '');
  const dropped = new Set(security.drop.map(name));
  const base = dropped.has('ALL') ? [] : RUNTIME_DEFAULT_CAPABILITIES.filter((c) => !dropped.has(c));
  const capabilities = [...new Set([...base, ...security.add.map(name), ...extra])];
  return [
    '/usr/bin/setpriv',
    ...(security.runAsUser !== undefined ? [`--reuid=${security.runAsUser}`] : []),
    ...(security.runAsGroup !== undefined ? [`--regid=${security.runAsGroup}`] : []),
    '--clear-groups',
    `--bounding-set=-all${capabilities.map((c) => `,+${c.toLowerCase()}`).join('')}`,
    '--inh-caps=-all',
    ...(container.securityContext?.allowPrivilegeEscalation === false ? ['--no-new-privs'] : []),
  ];
}

/** Runs a command with stdout and stderr into one file, as a container log interleaves them. */
function runLogged(command: string[], logPath: string, env: Record<string, string>): number | null {
  const [file, ...args] = command;
  if (!file) throw new Error('the scanner container has no command');
  const fd = openSync(logPath, 'w');
  try {
    const done = spawnSync(file, args, { env, stdio: ['ignore', fd, fd], timeout: 15_000 });
    if (done.error)
      throw new Error(`cannot run ${command.join(' ')}: ${done.error.message}\n${readFileSync(logPath, 'utf8')}`);
    return done.status;
  } finally {
    closeSync(fd);
  }
}

/** A tiny image: a static busybox as /bin/sh and cat, an os-release, a passwd and a file naming the run. */
function makeTargetRoot(root: string, runId: string): string {
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'etc'));
  copyFileSync('/bin/busybox', join(root, 'bin/busybox'));
  for (const applet of ['sh', 'cat', 'sleep']) symlinkSync('busybox', join(root, 'bin', applet));
  writeFileSync(join(root, 'etc/os-release'), 'ID=kcs-contract\nNAME="kcs contract image"\n');
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(root, 'etc/kcs-target-run-id'), `${runId}\n`);
  return root;
}

/**
 * Runs an init container's command on this machine (its image's static busybox is /bin/busybox here), each path under
 * one of its mounts pointing at the directory the target sees for the same volume: that is how the keep-alive's copy
 * lands in the target.
 */
function runInitContainer(pod: V1Pod, init: V1Container, targetMounts: MaterialisedMount[]): void {
  const mounts = (init.volumeMounts ?? []).map((mount) => {
    const shared = targetMounts.find((m) => m.volume.name === mount.name);
    if (!shared) throw new Error(`init container ${init.name} mounts ${mount.name}, which the target does not mount`);
    return { ...shared, mountPath: mount.mountPath };
  });
  const [file, ...args] = [...(init.command ?? []), ...(init.args ?? [])].map(
    (value) => hostPath(mounts, value) ?? value,
  );
  if (!file) throw new Error(`init container ${init.name} of pod ${pod.metadata?.name ?? '?'} has no command`);
  const done = spawnSync(file, args, { env: Object.fromEntries(envOf(init)), encoding: 'utf8' });
  if (done.status !== 0)
    throw new Error(`init container ${init.name} (${file} ${args.join(' ')}) failed: ${done.stderr}`);
}

/** Waits until the child has chrooted (its /proc/<pid>/root is the image tree), so the scanner finds a settled target. */
async function chrootedPid(child: ChildProcess, root: string): Promise<number> {
  const pid = child.pid;
  if (pid === undefined) throw new Error('the target process did not start');
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null)
      throw new Error(`the target process exited with code ${child.exitCode}; is ${dirname(root)} executable?`);
    try {
      if (readlinkSync(`/proc/${pid}/root`) === root) return pid;
    } catch {
      // Not there yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the target process ${pid} never chrooted into ${root}`);
}

function hostPathOf(mounts: MaterialisedMount[], podPath: string): string {
  const path = hostPath(mounts, podPath);
  if (path === undefined) throw new Error(`no mount holds ${podPath}`);
  return path;
}
