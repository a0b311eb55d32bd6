import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import { dump } from 'js-yaml';
import type { ScanConfig } from '../config.js';
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
import { ScanError } from './scan-error.js';
import { collectTree, tarGz, type TarEntry } from './tar.js';

export interface ScanNames {
  runId: string;
  namespace: string;
  podName: string;
  configMapNames: string[];
}

export interface ScanPlan {
  names: ScanNames;
  objects: { configMaps: V1ConfigMap[]; pod: V1Pod };
  /** The Pod as YAML (what a pod.yaml artifact shows when the scan never got as far as the cluster). */
  podYaml: string;
}

export interface PlanOptions {
  runId?: string;
  /** The scanner files to ship; the package's scanner/ folder by default. */
  scannerDir?: string;
}

const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Builds every object of one scan without touching a cluster: the names (from a run id made here, so they can be saved
 * before anything is created), the ConfigMaps and the Pod. A profile too large for a ConfigMap is refused here.
 */
export async function planScan(config: ScanConfig, options: PlanOptions = {}): Promise<ScanPlan> {
  const runId = options.runId ?? newRunId();
  const podName = runId;
  const scannerFiles = scannerFilesFrom(options.scannerDir ?? scannerDir());
  const profileFiles = profileConfigMapFiles(config);
  const configMaps: V1ConfigMap[] = [];
  let profileConfigMap: { name: string; files: MountedFile[] } | undefined;
  if (profileFiles.length > 0) {
    profileConfigMap = { name: profileConfigMapName(runId), files: profileFiles };
    configMaps.push(buildConfigMap(profileConfigMap.name, config.namespace, runId, 'profile', profileFiles));
  }
  configMaps.push(buildConfigMap(scannerConfigMapName(runId), config.namespace, runId, 'scanner-files', scannerFiles));
  const pod = buildPod({ config, runId, podName, scannerFiles, profileConfigMap });
  return {
    names: {
      runId,
      namespace: config.namespace,
      podName,
      configMapNames: configMaps.map((c) => c.metadata?.name ?? ''),
    },
    objects: { configMaps, pod },
    podYaml: dump(pod, { noRefs: true, lineWidth: -1 }),
  };
}

/** The objects as multi-document YAML, ready for `kubectl create -f -`. */
export function renderPlan(plan: ScanPlan): string {
  return [...plan.objects.configMaps, plan.objects.pod]
    .map((object) => `---\n${dump(object, { noRefs: true, lineWidth: -1, sortKeys: false })}`)
    .join('');
}

function profileConfigMapFiles(config: ScanConfig): MountedFile[] {
  const files: MountedFile[] = [];
  if (config.profile.kind !== 'url') {
    const archive = packProfile(config.profile.path);
    files.push({ key: PROFILE_ARCHIVE_KEY, path: PROFILE_ARCHIVE_KEY, content: archive, mode: 0o444 });
  }
  if (config.profileInputs) files.push(readInput(config.profileInputs, INPUTS_KEY, 'profile inputs'));
  if (config.waiverFile) files.push(readInput(config.waiverFile, WAIVERS_KEY, 'waiver'));
  const size = configMapSize(files);
  if (size > CONFIGMAP_LIMIT_BYTES) {
    const where =
      config.profile.kind === 'url'
        ? 'The inputs and waivers'
        : `The profile ${config.profile.path} (packed), with its inputs and waivers,`;
    throw new ScanError(
      'KCS-SCAN-122',
      `${where} take ${kib(size)} KiB, over the ${kib(CONFIGMAP_LIMIT_BYTES)} KiB a ConfigMap can hold.`,
      {
        hint: 'Publish the profile as an archive and pass its URL as the profile (for example https://…/profile.tar.gz), or remove files the scan does not need (files/, vendored dependencies).',
        category: 'input',
      },
    );
  }
  return files;
}

function packProfile(path: string): Buffer {
  if (!existsSync(join(path, 'inspec.yml'))) {
    throw new ScanError('KCS-SCAN-123', `The profile directory ${path} has no inspec.yml.`, {
      hint: 'Point the profile at the directory that contains inspec.yml, controls/ and libraries/.',
      category: 'input',
    });
  }
  let entries: TarEntry[];
  try {
    entries = collectTree(path);
  } catch (cause) {
    throw new ScanError('KCS-SCAN-123', `Cannot read the profile directory ${path}: ${(cause as Error).message}.`, {
      category: 'input',
      cause,
    });
  }
  return tarGz(entries);
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
