import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { V1ConfigMap, V1Pod, V1Secret } from '@kubernetes/client-node';
import { dump } from 'js-yaml';
import type { ScanConfig } from '../config.js';
import { InputError } from '../errors.js';
import { scannerDir } from '../paths.js';
import {
  CONFIGMAP_LIMIT_BYTES,
  INPUTS_KEY,
  PROFILE_ARCHIVE_KEY,
  WAIVERS_KEY,
  buildConfigMap,
  buildPod,
  configMapSize,
  newRunId,
  profileConfigMapName,
  scannerConfigMapName,
  type MountedFile,
} from './objects.js';
import { buildRegistrySecret, registrySecretName, renderRedactedSecret } from './registry-secret.js';
import { newResultsKey, withoutResultsKey } from './results-key.js';
import { ScanError } from './scan-error.js';
import { TarPathError, collectTree, tarGz } from './tar.js';
import { prepareProfile, type PrepareOptions, type PreparedProfile } from '../profile/prepare.js';

export interface ScanNames {
  runId: string;
  namespace: string;
  podName: string;
  configMapNames: string[];
  /** The scan's registry pull Secret, when registry credentials were given (absent in state saved by older runs). */
  secretNames?: string[];
}

export interface ScanPlan {
  names: ScanNames;
  /** `secret`: the registry pull Secret; it holds the password, so it is shown only redacted (renderPlan). */
  objects: { configMaps: V1ConfigMap[]; pod: V1Pod; secret?: V1Secret };
  /**
   * The Pod as YAML (what a pod.yaml artifact shows when the scan never got as far as the cluster), key redacted; made
   * when first read, since most scans never read it.
   */
  readonly podYaml: string;
  /** The key the scanner signs the results block with (results-key.ts): a credential, never shown. */
  resultsKey: string;
  /** Where the profile came from, without credentials (a git profile with its commit), for the summary. */
  profileDescription?: string;
}

export interface PlanOptions {
  runId?: string;
  /** The results key; a fresh random one by default (tests pass their own). */
  resultsKey?: string;
  /** The scanner files to ship; the package's scanner/ folder by default. */
  scannerDir?: string;
  /** The scanner files, already read (scannerFilesFrom), for a run that plans many scans. */
  scannerFiles?: MountedFile[];
  /** The profile, already prepared (fetched, vendored); prepared here with `prepare` when absent. */
  profile?: PreparedProfile;
  /** How to fetch a profile URL and remote dependencies (logger, signal, environment). */
  prepare?: PrepareOptions;
}

const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Builds every object of one scan without touching a cluster: the names (from a run id made here, so they can be saved
 * before anything is created), the ConfigMaps and the Pod. A profile that cannot be packed (a path too long for tar) or
 * is too large for a ConfigMap is refused here, before the pipeline loads an image or touches a cluster.
 */
export async function planScan(config: ScanConfig, options: PlanOptions = {}): Promise<ScanPlan> {
  const runId = options.runId ?? newRunId();
  const podName = runId;
  const scannerFiles = options.scannerFiles ?? scannerFilesFrom(options.scannerDir ?? scannerDir());
  // A URL is fetched and every remote dependency vendored here, on the runner: the pod downloads nothing.
  const profile = options.profile ?? (await prepareProfile(config, options.prepare));
  const profileFiles = profileConfigMapFiles(config, profile);
  const configMaps: V1ConfigMap[] = [];
  let profileConfigMap: { name: string; files: MountedFile[] } | undefined;
  if (profileFiles.length > 0) {
    profileConfigMap = { name: profileConfigMapName(runId), files: profileFiles };
    configMaps.push(buildConfigMap(profileConfigMap.name, config.namespace, runId, 'profile', profileFiles));
  }
  configMaps.push(buildConfigMap(scannerConfigMapName(runId), config.namespace, runId, 'scanner-files', scannerFiles));
  const resultsKey = options.resultsKey ?? newResultsKey();
  const secretName = config.registryCredentials ? registrySecretName(runId) : undefined;
  const secret = config.registryCredentials
    ? buildRegistrySecret(registrySecretName(runId), config.namespace, runId, config.registryCredentials)
    : undefined;
  const pod = buildPod({
    config,
    runId,
    podName,
    scannerFiles,
    profileConfigMap,
    resultsKey,
    ...(secretName ? { registrySecretName: secretName } : {}),
  });
  return {
    names: {
      runId,
      namespace: config.namespace,
      podName,
      configMapNames: configMaps.map((c) => c.metadata?.name ?? ''),
      ...(secretName ? { secretNames: [secretName] } : {}),
    },
    objects: { configMaps, pod, ...(secret ? { secret } : {}) },
    get podYaml() {
      return dump(withoutResultsKey(pod), { noRefs: true, lineWidth: -1 });
    },
    resultsKey,
    profileDescription: profile.description,
  };
}

/**
 * The objects as multi-document YAML, for review or `kubectl create -f -`. The results key is a credential and shows as
 * a placeholder: a pod applied by hand needs its own (64 hex digits, e.g. `openssl rand -hex 32`) in KCS_RESULTS_KEY.
 * So is the registry password: the pull Secret shows REDACTED in its place.
 */
export function renderPlan(plan: ScanPlan): string {
  const documents = [...plan.objects.configMaps, withoutResultsKey(plan.objects.pod)].map(
    (object) => `---\n${dump(object, { noRefs: true, lineWidth: -1, sortKeys: false })}`,
  );
  // The registry Secret goes before the pod, as it is created; its password is never printed.
  if (plan.objects.secret) documents.splice(-1, 0, `---\n${renderRedactedSecret(plan.objects.secret)}`);
  return documents.join('');
}

function profileConfigMapFiles(config: ScanConfig, profile: PreparedProfile): MountedFile[] {
  const files: MountedFile[] = [];
  const archive = packProfile(profile);
  files.push({ key: PROFILE_ARCHIVE_KEY, path: PROFILE_ARCHIVE_KEY, content: archive, mode: 0o444 });
  if (config.profileInputs) files.push(readInput(config.profileInputs, INPUTS_KEY, 'profile inputs'));
  if (config.waiverFile) files.push(readInput(config.waiverFile, WAIVERS_KEY, 'waiver'));
  const size = configMapSize(files);
  if (size > CONFIGMAP_LIMIT_BYTES) {
    throw new ScanError(
      'KCS-SCAN-122',
      `The profile ${profile.description} (packed, with its vendored dependencies), with its inputs and waivers, takes ${kib(size)} KiB, over the ${kib(CONFIGMAP_LIMIT_BYTES)} KiB a ConfigMap can hold.`,
      {
        hint: 'Remove files the scan does not need (large files/, test fixtures), or split the profile; a profile URL or a git repository travels the same way, in the ConfigMap, so it does not help.',
        category: 'input',
      },
    );
  }
  return files;
}

/** Each prepared profile's archive: a run of many images packs its one profile once. */
const packed = new WeakMap<PreparedProfile, Buffer>();

function packProfile(profile: PreparedProfile): Buffer {
  try {
    let archive = packed.get(profile);
    if (archive === undefined) {
      archive = tarGz(profile.entries);
      packed.set(profile, archive);
    }
    return archive;
  } catch (error) {
    if (!(error instanceof TarPathError)) throw error;
    throw new InputError(
      'KCS-CFG-013',
      `The profile path ${error.path} (in ${profile.description}) is ${error.reason}.`,
      { hint: 'Shorten the file and folder names in the profile.', cause: error },
    );
  }
}

function readInput(path: string, key: string, what: string): MountedFile {
  try {
    return { key, path: key, content: readFileSync(path), mode: 0o444 };
  } catch (cause) {
    throw new ScanError(
      'KCS-SCAN-123',
      `Cannot read the ${what} file ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`,
      {
        category: 'input',
        cause,
      },
    );
  }
}

/**
 * The scanner's files as ConfigMap keys. Keys cannot hold `/`, so each key is the path with `/` spelled `__`, and the
 * volume's items[].path puts every file back at its place in the tree. Tests and documentation stay out of the pod.
 */
export function scannerFilesFrom(dir: string): MountedFile[] {
  if (!existsSync(join(dir, 'entrypoint.sh'))) {
    throw new ScanError(
      'KCS-SCAN-124',
      `The scanner files are missing: ${join(dir, 'entrypoint.sh')} does not exist.`,
      {
        hint: 'The scanner/ folder ships next to the action and the CLI; reinstall, or set KCS_ROOT to the package folder.',
        category: 'internal',
      },
    );
  }
  const files: MountedFile[] = [];
  const keys = new Set<string>();
  for (const entry of collectTree(dir)) {
    if (!entry.content || entry.path.startsWith('test/') || entry.path.endsWith('.md')) continue;
    const key = entry.path.replaceAll('/', '__');
    if (!CONFIGMAP_KEY.test(key) || keys.has(key)) {
      throw new ScanError(
        'KCS-SCAN-124',
        `The scanner file ${entry.path} cannot be shipped in a ConfigMap (key "${key}" is invalid or taken).`,
        { category: 'internal' },
      );
    }
    keys.add(key);
    const executable = (statSync(join(dir, entry.path)).mode & 0o111) !== 0;
    files.push({ key, path: entry.path, content: entry.content, mode: executable ? 0o555 : 0o444 });
  }
  if (configMapSize(files) > CONFIGMAP_LIMIT_BYTES) {
    throw new ScanError(
      'KCS-SCAN-124',
      `The scanner files take ${kib(configMapSize(files))} KiB, over what a ConfigMap holds.`,
      { category: 'internal' },
    );
  }
  return files;
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0);
}
