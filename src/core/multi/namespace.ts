import { isImageReference } from '../config.js';
import { KcsError } from '../errors.js';
import { apiFailure } from '../kube/api-errors.js';
import { KubeApiError, type KubeHttp } from '../kube/http.js';
import { LABEL_MANAGED_BY, TOOL } from '../kube/objects.js';
import { imageKey } from './images.js';

// images-from-namespace: the images a namespace's pods run, each once, by digest where the kubelet reported one.
// Reading them needs one permission only, `list pods` in that namespace (deploy/rbac-images-from-namespace.yaml).

/** An image found in a namespace, and where. */
export interface FoundImage {
  /** What is scanned: `repo@sha256:…` when a container status gave the digest, else the pod spec's reference. */
  image: string;
  byDigest: boolean;
  /** `namespace/pod/container` of every container that runs it (init and ephemeral containers too). */
  sources: string[];
}

export interface NamespaceImages {
  images: FoundImage[];
  pods: number;
  /** References in a pod spec that are not image references we can scan (left out, with where they were). */
  skipped: string[];
}

/** One page of pods: the API server may cut a long list (`limit`), the rest follows with `continue`. */
const PAGE = 500;

/** Scan pods (ours, by label) are not what the namespace runs. */
export const NOT_OURS = `${LABEL_MANAGED_BY}!=${TOOL}`;

interface Container {
  name?: string;
  image?: string;
}
interface ContainerStatus {
  name?: string;
  imageID?: string;
}
interface Pod {
  metadata?: { name?: string };
  spec?: { containers?: Container[]; initContainers?: Container[]; ephemeralContainers?: Container[] };
  status?: {
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    ephemeralContainerStatuses?: ContainerStatus[];
  };
}
interface PodList {
  items?: Pod[];
  metadata?: { continue?: string };
}

/** Lists the namespace's pods (every phase; not the scan pods) and returns each distinct image once. */
export async function imagesOfNamespace(
  http: KubeHttp,
  namespace: string,
  signal?: AbortSignal,
): Promise<NamespaceImages> {
  const found = new Map<string, FoundImage>();
  const skipped: string[] = [];
  let pods = 0;
  let token: string | undefined;
  do {
    const page = await listPods(http, namespace, token, signal);
    for (const pod of page.items ?? []) {
      pods += 1;
      for (const { container, status } of containersOf(pod)) {
        const where = `${namespace}/${pod.metadata?.name ?? '?'}/${container.name ?? '?'}`;
        const scanned = scannedReference(container.image ?? '', status?.imageID);
        if (!scanned) {
          skipped.push(`${where} (${JSON.stringify(container.image ?? '')})`);
          continue;
        }
        const key = imageKey(scanned.image);
        const entry = found.get(key);
        if (entry) entry.sources.push(where);
        else found.set(key, { ...scanned, sources: [where] });
      }
    }
    token = page.metadata?.continue || undefined;
  } while (token);
  return { images: [...found.values()], pods, skipped };
}

async function listPods(
  http: KubeHttp,
  namespace: string,
  token: string | undefined,
  signal: AbortSignal | undefined,
): Promise<PodList> {
  try {
    return await http.request<PodList>('GET', `/api/v1/namespaces/${namespace}/pods`, {
      query: { labelSelector: NOT_OURS, limit: PAGE, ...(token ? { continue: token } : {}) },
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 403 && /cannot list resource "pods"/.test(error.message)) {
      throw new KcsError(
        'KCS-IMG-004',
        `Failed to list pods in namespace ${namespace} for images-from-namespace: ${error.message} (403)`,
        {
          hint: `Apply deploy/rbac-images-from-namespace.yaml with its namespace set to ${namespace}: a Role that only lists pods there, bound to the identity that scans.`,
          category: 'cluster',
          cause: error,
        },
      );
    }
    throw apiFailure('list', `pods in namespace ${namespace}`, error);
  }
}

/** Every container of a pod (init, regular, ephemeral) with its status when the kubelet reported one. */
function containersOf(pod: Pod): { container: Container; status: ContainerStatus | undefined }[] {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const pair = (containers: Container[] | undefined, statuses: ContainerStatus[] | undefined) =>
    (containers ?? []).map((container) => ({
      container,
      status: (statuses ?? []).find((s) => s.name === container.name),
    }));
  return [
    ...pair(spec.initContainers, status.initContainerStatuses),
    ...pair(spec.containers, status.containerStatuses),
    ...pair(spec.ephemeralContainers, status.ephemeralContainerStatuses),
  ];
}

const REPO_DIGEST = /^(?:docker-pullable:\/\/)?([^@\s]+)@(sha256:[a-f0-9]{64})$/;

/**
 * What to scan for one container: the repository and digest from its status's imageID when it holds them
 * (`docker.io/library/nginx@sha256:…`; Docker's `docker-pullable://` prefix dropped), which is the image the node runs;
 * else the spec's reference (a container not started yet, or an image loaded into the node without a registry digest,
 * whose imageID is a bare `sha256:…`). Undefined when neither is a reference we can scan.
 */
export function scannedReference(
  specImage: string,
  imageID: string | undefined,
): { image: string; byDigest: boolean } | undefined {
  const match = REPO_DIGEST.exec(imageID ?? '');
  if (match) {
    const image = `${match[1] ?? ''}@${match[2] ?? ''}`;
    if (isImageReference(image)) return { image, byDigest: true };
  }
  const spec = specImage.trim();
  if (!isImageReference(spec)) return undefined;
  return { image: spec, byDigest: spec.includes('@sha256:') };
}
