import { createHash, randomBytes } from 'node:crypto';
import type {
  V1ConfigMap,
  V1Container,
  V1Pod,
  V1ResourceRequirements,
  V1SecurityContext,
  V1Volume,
} from '@kubernetes/client-node';
import type { ScanConfig } from '../config.js';
import { RESULTS_KEY_ENV } from './results-key.js';

/** Labels every object of a scan carries; the janitor and the post step find leftovers by them. */
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_RUN_ID = 'kube-cinc-scan/run-id';
export const TOOL = 'kube-cinc-scan';
export const MANAGED_SELECTOR = `${LABEL_MANAGED_BY}=${TOOL}`;

export const SCANNER_CONTAINER = 'scanner';
export const TARGET_CONTAINER = 'target';
export const KEEPALIVE_CONTAINER = 'keepalive';

/** The API server refuses a ConfigMap whose keys and values add up to more than 1 MiB. */
export const CONFIGMAP_LIMIT_BYTES = 1024 * 1024;

// Paths inside the pod; the scanner side reads them (the scanner <-> cluster contract).
const SCANNER_MOUNT = '/opt/kcs/scanner';
const PROFILE_MOUNT = '/opt/kcs/profile';
const INPUTS_MOUNT = '/opt/kcs/inputs';
const WORK_DIR = '/opt/kcs/work';
// /dev is a tmpfs in every container, so the mount point exists even in a scratch image with a read-only root.
const KEEPALIVE_MOUNT = '/dev/kcs';
const KEEPALIVE_INIT_MOUNT = '/kcs';
export const PROFILE_ARCHIVE_KEY = 'profile.tar.gz';
export const INPUTS_KEY = 'inputs.yml';
export const WAIVERS_KEY = 'waivers.yml';

/** A run id: `kcs-` and 10 random hex digits, valid as a DNS label and unique across parallel jobs. */
export function newRunId(): string {
  return `kcs-${randomBytes(5).toString('hex')}`;
}

export function scanLabels(runId: string, component: string): Record<string, string> {
  return { [LABEL_NAME]: TOOL, [LABEL_MANAGED_BY]: TOOL, [LABEL_COMPONENT]: component, [LABEL_RUN_ID]: runId };
}

export const profileConfigMapName = (runId: string): string => `${runId}-profile`;
export const scannerConfigMapName = (runId: string): string => `${runId}-scanner`;

/** The content of one ConfigMap key plus where the pod mounts it (relative to the volume). */
export interface MountedFile {
  key: string;
  path: string;
  content: Buffer;
  mode: number;
}

export function buildConfigMap(
  name: string,
  namespace: string,
  runId: string,
  component: string,
  files: MountedFile[],
): V1ConfigMap {
  const { data, binaryData } = configMapData(files);
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: scanLabels(runId, component) },
    immutable: true,
    ...(Object.keys(data).length > 0 ? { data } : {}),
    ...(Object.keys(binaryData).length > 0 ? { binaryData } : {}),
  };
}

/** The files as ConfigMap data, made once per list of files: the scans of a run share their scanner files. */
const encoded = new WeakMap<MountedFile[], { data: Record<string, string>; binaryData: Record<string, string> }>();

function configMapData(files: MountedFile[]): { data: Record<string, string>; binaryData: Record<string, string> } {
  let made = encoded.get(files);
  if (made === undefined) {
    made = { data: {}, binaryData: {} };
    for (const file of files) {
      if (isText(file.content)) made.data[file.key] = file.content.toString('utf8');
      else made.binaryData[file.key] = file.content.toString('base64');
    }
    encoded.set(files, made);
  }
  return made;
}

/** Size as the API server counts it for the 1 MiB limit: keys plus decoded values. */
export function configMapSize(files: MountedFile[]): number {
  return files.reduce((sum, file) => sum + Buffer.byteLength(file.key) + file.content.length, 0);
}

function isText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  return Buffer.from(content.toString('utf8'), 'utf8').equals(content);
}

export interface PodInputs {
  config: ScanConfig;
  runId: string;
  podName: string;
  scannerFiles: MountedFile[];
  /** The profile ConfigMap's name and files, when there is one (a profile archive, inputs or waivers). */
  profileConfigMap: { name: string; files: MountedFile[] } | undefined;
  /** The key that signs the results block (results-key.ts): in the scanner's environment, and nowhere else. */
  resultsKey: string;
  /** The scan's own pull Secret (registry credentials given as inputs), pulled with after image-pull-secrets. */
  registrySecretName?: string;
}

export function buildPod(inputs: PodInputs): V1Pod {
  const { config, runId, podName } = inputs;
  const timeout = Math.max(1, Math.ceil(config.timeoutSeconds));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName,
      namespace: config.namespace,
      labels: scanLabels(runId, 'scan'),
      annotations: {
        ...config.podAnnotations,
        // An injected mesh proxy would change the pod's Pod Security level and keep it from completing.
        'sidecar.istio.io/inject': 'false',
        'linkerd.io/inject': 'disabled',
        'kube-cinc-scan/image': config.image,
      },
    },
    spec: {
      shareProcessNamespace: true,
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      activeDeadlineSeconds: timeout,
      terminationGracePeriodSeconds: 5,
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      ...pullSecrets(config.imagePullSecrets, inputs.registrySecretName),
      // The scanner image and the keep-alive are Linux binaries: on a mixed cluster a Windows node could not run them.
      nodeSelector: { 'kubernetes.io/os': 'linux', ...config.nodeSelector },
      ...(config.tolerations.length > 0 ? { tolerations: config.tolerations.map((t) => ({ ...t })) } : {}),
      initContainers: [keepaliveContainer(config)],
      containers: [targetContainer(config, runId, timeout), scannerContainer(inputs)],
      volumes: volumes(inputs),
    },
  };
}

function pullSecrets(names: string[], registrySecret: string | undefined): { imagePullSecrets?: { name: string }[] } {
  const all = registrySecret === undefined ? names : [...names, registrySecret];
  return all.length > 0 ? { imagePullSecrets: all.map((name) => ({ name })) } : {};
}

function lockedDown(extra: Partial<V1SecurityContext> = {}): V1SecurityContext {
  return {
    runAsUser: 0,
    runAsGroup: 0,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    ...extra,
  };
}

function resources(cpuRequest: string, cpuLimit: string, memory: string): V1ResourceRequirements {
  return { requests: { cpu: cpuRequest, memory }, limits: { cpu: cpuLimit, memory } };
}

function keepaliveContainer(config: ScanConfig): V1Container {
  return {
    name: KEEPALIVE_CONTAINER,
    image: config.keepaliveImage,
    imagePullPolicy: 'IfNotPresent',
    // A static busybox runs in any image, distroless and scratch included.
    command: ['/bin/busybox', 'cp', '/bin/busybox', `${KEEPALIVE_INIT_MOUNT}/busybox`],
    securityContext: lockedDown(),
    resources: resources('10m', '100m', '32Mi'),
    volumeMounts: [{ name: 'keepalive', mountPath: KEEPALIVE_INIT_MOUNT }],
  };
}

function targetContainer(config: ScanConfig, runId: string, timeout: number): V1Container {
  return {
    name: TARGET_CONTAINER,
    image: config.image,
    imagePullPolicy: config.imagePullPolicy,
    // The image's own entrypoint never runs: the keep-alive only holds the root filesystem open for the scan.
    command: [`${KEEPALIVE_MOUNT}/busybox`, 'sleep', String(timeout + 600)],
    env: [{ name: 'KCS_SCAN_TARGET', value: runId }],
    securityContext: lockedDown(),
    resources: resources('10m', '100m', '32Mi'),
    volumeMounts: [{ name: 'keepalive', mountPath: KEEPALIVE_MOUNT, readOnly: true }],
  };
}

function scannerEnv(inputs: PodInputs): { name: string; value: string }[] {
  const { config, runId } = inputs;
  const env = [{ name: 'KCS_RUN_ID', value: runId }];
  // Always an archive in the ConfigMap: a profile URL is fetched on the runner, so the pod needs no egress and never
  // holds the URL or its token.
  env.push({ name: 'KCS_PROFILE_ARCHIVE', value: `${PROFILE_MOUNT}/${PROFILE_ARCHIVE_KEY}` });
  const keys = new Set(inputs.profileConfigMap?.files.map((f) => f.key) ?? []);
  if (keys.has(INPUTS_KEY)) env.push({ name: 'KCS_INPUT_FILE', value: `${INPUTS_MOUNT}/${INPUTS_KEY}` });
  if (keys.has(WAIVERS_KEY)) env.push({ name: 'KCS_WAIVER_FILE', value: `${INPUTS_MOUNT}/${WAIVERS_KEY}` });
  if (config.controls.length > 0) env.push({ name: 'KCS_CONTROLS', value: config.controls.join('\n') });
  env.push(
    { name: 'KCS_WORK_DIR', value: WORK_DIR },
    { name: 'HOME', value: WORK_DIR },
    { name: 'TMPDIR', value: WORK_DIR },
    // The transport's caps, in bytes (scanner/train-kcs-root/lib/train-kcs-root/limits.rb).
    { name: 'KCS_MAX_FILE_SIZE', value: String(config.maxFileSize) },
    { name: 'KCS_MAX_COMMAND_OUTPUT', value: String(config.maxCommandOutput) },
    { name: RESULTS_KEY_ENV, value: inputs.resultsKey },
  );
  return env;
}

function scannerContainer(inputs: PodInputs): V1Container {
  const { config } = inputs;
  const keys = new Set(inputs.profileConfigMap?.files.map((f) => f.key) ?? []);
  const mounts = [
    { name: 'scanner', mountPath: SCANNER_MOUNT, readOnly: true },
    { name: 'work', mountPath: WORK_DIR },
  ];
  if (keys.has(PROFILE_ARCHIVE_KEY)) mounts.push({ name: 'profile', mountPath: PROFILE_MOUNT, readOnly: true });
  if (keys.has(INPUTS_KEY) || keys.has(WAIVERS_KEY))
    mounts.push({ name: 'inputs', mountPath: INPUTS_MOUNT, readOnly: true });
  return {
    name: SCANNER_CONTAINER,
    image: config.scannerImage,
    imagePullPolicy: 'IfNotPresent',
    command: [...SCANNER_COMMAND],
    args: scannerArgs(inputs),
    env: scannerEnv(inputs),
    // SYS_CHROOT runs commands inside the target root, DAC_OVERRIDE reads files of any owner, SETPCAP lets the
    // transport drop every capability before it executes a binary of the target. All three are Pod Security baseline.
    securityContext: lockedDown({ capabilities: { drop: ['ALL'], add: ['SYS_CHROOT', 'DAC_OVERRIDE', 'SETPCAP'] } }),
    resources: resources(config.scannerCpu, config.scannerCpu, config.scannerMemory),
    volumeMounts: mounts,
  };
}

/**
 * The scanner's command checks every file the ConfigMaps mount against the sha256 the pod spec holds before it runs
 * anything (issue 18). Anyone who may delete and create ConfigMaps in the namespace could replace the scanner's files
 * between their creation and the kubelet mounting them; the pod spec is immutable, so what it pins is what runs, or
 * nothing runs (exit 70). The arguments are the entry script, then pairs of mounted path and sha256.
 * The kubelet expands `$(NAME)` and turns `$$` into `$` in command and args, so the script uses neither.
 */
export const EXIT_FILES_CHANGED = 70;
export const VERIFY_SCRIPT = [
  'entry=$1',
  'shift',
  'bad=',
  'while [ "$#" -ge 2 ]; do',
  `  printf '%s  %s\\n' "$2" "$1" | sha256sum --check --status --strict - 2>/dev/null || bad="$bad $1"`,
  '  shift 2',
  'done',
  'if [ -n "$bad" ] || [ "$#" -ne 0 ]; then',
  `  printf 'kcs-scanner: error: these files do not match the sha256 in the pod spec:%s. A scan ConfigMap was replaced after the scan created it; nothing was run\\n' "$bad"`,
  `  exit ${EXIT_FILES_CHANGED}`,
  'fi',
  'exec /bin/bash "$entry"',
].join('\n');
export const SCANNER_COMMAND: readonly string[] = ['/bin/bash', '-c', VERIFY_SCRIPT, 'kcs-verify'];

function scannerArgs(inputs: PodInputs): string[] {
  const pinned: string[] = [];
  const pin = (mountPath: string, file: MountedFile) =>
    pinned.push(`${mountPath}/${file.path}`, createHash('sha256').update(file.content).digest('hex'));
  for (const file of inputs.scannerFiles) pin(SCANNER_MOUNT, file);
  for (const file of inputs.profileConfigMap?.files ?? [])
    pin(file.key === PROFILE_ARCHIVE_KEY ? PROFILE_MOUNT : INPUTS_MOUNT, file);
  return [`${SCANNER_MOUNT}/entrypoint.sh`, ...pinned];
}

/** A ConfigMap volume item; the mode is spelled out only where it differs from the volume's read-only default. */
function item(file: MountedFile): { key: string; path: string; mode?: number } {
  return { key: file.key, path: file.path, ...(file.mode === 0o444 ? {} : { mode: file.mode }) };
}

function volumes(inputs: PodInputs): V1Volume[] {
  const list: V1Volume[] = [
    // Disk-backed on purpose: a memory-backed emptyDir may be mounted noexec, and the keep-alive is executed from it.
    { name: 'keepalive', emptyDir: { sizeLimit: '16Mi' } },
    { name: 'work', emptyDir: { sizeLimit: '512Mi' } },
    {
      name: 'scanner',
      configMap: {
        name: scannerConfigMapName(inputs.runId),
        defaultMode: 0o444,
        items: inputs.scannerFiles.map(item),
      },
    },
  ];
  const profile = inputs.profileConfigMap;
  if (profile) {
    const archive = profile.files.filter((f) => f.key === PROFILE_ARCHIVE_KEY);
    const extra = profile.files.filter((f) => f.key !== PROFILE_ARCHIVE_KEY);
    if (archive.length > 0)
      list.push({ name: 'profile', configMap: { name: profile.name, defaultMode: 0o444, items: archive.map(item) } });
    if (extra.length > 0)
      list.push({ name: 'inputs', configMap: { name: profile.name, defaultMode: 0o444, items: extra.map(item) } });
  }
  return list;
}
