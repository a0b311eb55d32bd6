import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { V1ConfigMap, V1Container, V1KeyToPath, V1Pod, V1Volume } from '@kubernetes/client-node';

// What the kubelet does with the volumes of a pod, reproduced on the local file system so a container's command can
// run against the files the pod would really see. Read from the kubelet's behaviour (configmap volume plugin, atomic
// writer) and the API server's validation of volume items; only configMap and emptyDir volumes are needed here.

/** One file of a configMap volume: where it lands relative to the mount, its bytes and its mode. */
export interface ProjectedFile {
  path: string;
  content: Buffer;
  mode: number;
}

/** A volume mounted into a container: the path inside the container and the directory that stands for it here. */
export interface MaterialisedMount {
  mountPath: string;
  hostDir: string;
  readOnly: boolean;
  volume: V1Volume;
}

const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;
// The kubelet's default for configMap volumes when neither the item nor the volume sets a mode.
const DEFAULT_MODE = 0o644;

/**
 * The files a configMap volume shows: with `items`, exactly those keys at their `path`s (a missing key keeps the pod
 * in ContainerCreating unless the volume is optional); without, every key under its own name. `binaryData` is
 * base64-decoded, `data` written as UTF-8. Problems the API server or the kubelet would refuse are thrown.
 */
export function projectConfigMap(volume: V1Volume, configMaps: readonly V1ConfigMap[]): ProjectedFile[] {
  const source = volume.configMap;
  if (!source?.name) throw new Error(`volume ${volume.name} is not a configMap volume`);
  const configMap = configMaps.find((c) => c.metadata?.name === source.name);
  if (!configMap)
    throw new Error(`volume ${volume.name} names ConfigMap ${source.name}, which the plan does not create`);
  const contents = configMapContents(configMap);
  const items: V1KeyToPath[] = source.items ?? [...contents.keys()].map((key) => ({ key, path: key }));
  const seen = new Set<string>();
  return items.map((item) => {
    const content = contents.get(item.key);
    if (content === undefined) {
      throw new Error(
        `volume ${volume.name}: item key "${item.key}" is not in ConfigMap ${source.name} (the kubelet refuses to mount it)`,
      );
    }
    checkItemPath(volume.name, item.path);
    if (seen.has(item.path)) throw new Error(`volume ${volume.name}: two items use the path ${item.path}`);
    seen.add(item.path);
    const mode = item.mode ?? source.defaultMode ?? DEFAULT_MODE;
    if (!Number.isInteger(mode) || mode < 0 || mode > 0o777)
      throw new Error(`volume ${volume.name}: mode ${mode} of ${item.path} is out of range`);
    return { path: item.path, content, mode };
  });
}

/** Every key of a ConfigMap with its bytes; keys the API server would refuse are thrown. */
export function configMapContents(configMap: V1ConfigMap): Map<string, Buffer> {
  const name = configMap.metadata?.name ?? '?';
  const contents = new Map<string, Buffer>();
  const add = (key: string, content: Buffer) => {
    if (!CONFIGMAP_KEY.test(key)) throw new Error(`ConfigMap ${name}: key "${key}" is not a valid ConfigMap key`);
    if (contents.has(key)) throw new Error(`ConfigMap ${name}: key "${key}" is in both data and binaryData`);
    contents.set(key, content);
  };
  for (const [key, text] of Object.entries(configMap.data ?? {})) add(key, Buffer.from(text, 'utf8'));
  for (const [key, base64] of Object.entries(configMap.binaryData ?? {})) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64))
      throw new Error(`ConfigMap ${name}: binaryData key "${key}" is not base64`);
    add(key, Buffer.from(base64, 'base64'));
  }
  return contents;
}

/** The API server's rule for items[].path: relative, and no `..` element. */
function checkItemPath(volumeName: string, path: string): void {
  if (path === '' || path.startsWith('/') || path.split('/').includes('..')) {
    throw new Error(`volume ${volumeName}: item path "${path}" must be relative and may not contain '..'`);
  }
}

/**
 * Writes the files as the kubelet's atomic writer lays them out: the real files in a timestamped `..<ts>` directory,
 * `..data` linking to it, and one link per top-level entry pointing through `..data`. Scripts that look at their own
 * path therefore see links, as they do in a pod.
 */
export function writeAtomically(mountDir: string, files: readonly ProjectedFile[]): void {
  const stamp = `..${new Date().toISOString().replace(/[-:.TZ]/g, '_')}`;
  mkdirSync(join(mountDir, stamp), { recursive: true, mode: 0o755 });
  for (const file of files) {
    const target = join(mountDir, stamp, file.path);
    mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
    writeFileSync(target, file.content, { mode: file.mode });
  }
  symlinkSync(stamp, join(mountDir, '..data'));
  const tops = new Set(files.map((file) => file.path.split('/')[0] ?? file.path));
  for (const top of tops) symlinkSync(posix.join('..data', top), join(mountDir, top));
}

/**
 * Materialises every volume the container mounts under `root` (the directory that stands for the container's file
 * system): configMap volumes as the kubelet writes them, emptyDirs as empty directories.
 */
export function materialiseMounts(
  root: string,
  pod: V1Pod,
  container: V1Container,
  configMaps: readonly V1ConfigMap[],
): MaterialisedMount[] {
  return (container.volumeMounts ?? []).map((mount) => {
    const volume = pod.spec?.volumes?.find((v) => v.name === mount.name);
    if (!volume)
      throw new Error(`container ${container.name} mounts volume ${mount.name}, which the pod does not define`);
    if (!mount.mountPath.startsWith('/'))
      throw new Error(`container ${container.name}: mountPath ${mount.mountPath} is not absolute`);
    const hostDir = join(root, mount.mountPath);
    mkdirSync(hostDir, { recursive: true });
    if (volume.configMap) writeAtomically(hostDir, projectConfigMap(volume, configMaps));
    // The kubelet creates an emptyDir world-writable, whatever UID the containers run as.
    else if (volume.emptyDir) chmodSync(hostDir, 0o777);
    else throw new Error(`volume ${volume.name} is neither a configMap nor an emptyDir`);
    return { mountPath: mount.mountPath, hostDir, readOnly: mount.readOnly === true, volume };
  });
}

/** The local path that stands for a path inside the container, or undefined when no mount holds it. */
export function hostPath(mounts: readonly MaterialisedMount[], podPath: string): string | undefined {
  const mount = mounts
    .filter((m) => podPath === m.mountPath || podPath.startsWith(`${m.mountPath}/`))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  return mount ? mount.hostDir + podPath.slice(mount.mountPath.length) : undefined;
}
