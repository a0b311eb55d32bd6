import type { V1ConfigMap } from '@kubernetes/client-node';
import { apiFailure, isNotFound } from './api-errors.js';
import { PARTIAL_METADATA, type KubeHttp } from './http.js';
import { EXIT_FILES_CHANGED } from './objects.js';
import { ScanError } from './scan-error.js';

/**
 * The ConfigMaps a scan created, pinned by the uid the API server gave each (issue 18). `immutable: true` stops
 * updates, but anyone who may delete and create ConfigMaps in the namespace can replace one by name between its
 * creation and the kubelet mounting it. Two checks close that: the scanner's command verifies the sha256 of every
 * mounted file against the pod spec (objects.ts, exit 70), and the runner reads the ConfigMaps back once the scanner
 * ended and refuses the scan unless each still has the uid it was created with. A replaced object has a new uid, so a
 * swap at any time between creation and the end of the scan is seen.
 */
export class ConfigMapPins {
  private readonly uids = new Map<string, string>();

  constructor(private readonly namespace: string) {}

  /** Remembers a ConfigMap as the create call returned it. */
  record(created: V1ConfigMap | undefined, name: string): void {
    this.uids.set(name, created?.metadata?.uid ?? '');
  }

  /** The uid a ConfigMap was created with; a merge patch that carries it is refused by any other object of that name. */
  uidOf(name: string): string | undefined {
    return this.uids.get(name);
  }

  /**
   * Reads every recorded ConfigMap back and throws KCS-SCAN-131 naming the first one that is gone or has another uid.
   * A failed read is an error too: what cannot be checked is not trusted.
   */
  async verify(http: KubeHttp, signal?: AbortSignal): Promise<void> {
    for (const [name, uid] of this.uids) {
      const what = `ConfigMap ${this.namespace}/${name}`;
      let current: Pick<V1ConfigMap, 'metadata'>;
      try {
        // Only the uid is compared: the metadata alone spares reading the scanner's files back (80 KB a scan).
        current = await http.request<Pick<V1ConfigMap, 'metadata'>>(
          'GET',
          `/api/v1/namespaces/${this.namespace}/configmaps/${name}`,
          { accept: PARTIAL_METADATA, ...(signal ? { signal } : {}) },
        );
      } catch (error) {
        if (isNotFound(error))
          throw swapped(`${what} was deleted before the scan ended (it was created with uid ${uid})`);
        throw apiFailure('read back', what, error);
      }
      const now = current.metadata?.uid ?? '';
      if (now !== uid) {
        throw swapped(
          `${what} was replaced after the scan created it (created with uid ${uid}, now uid ${now || 'none'})`,
        );
      }
    }
  }
}

/** The scanner's command found mounted files that do not match the pod spec (exit 70), though the uids still matched. */
export function filesChanged(podName: string, errorLine: string | undefined): ScanError {
  return new ScanError(
    'KCS-SCAN-131',
    `The scanner in pod ${podName} refused to run (exit ${EXIT_FILES_CHANGED}): the files mounted from the scan's ConfigMaps do not match the sha256 in the pod spec${errorLine ? `: ${errorLine}` : ''}.`,
    { hint: HINT, podName },
  );
}

const HINT =
  "Someone who may delete and create ConfigMaps in this namespace replaced the scan's files; the scan is an error, " +
  'never a verdict. Scan in a namespace of its own (one per team), and see "Least privilege" in SECURITY.md for the ' +
  "admission policy in deploy/ that keeps the scan identity to pods of the scan's shape.";

function swapped(what: string): ScanError {
  return new ScanError(
    'KCS-SCAN-131',
    `${what}: the scan may not have run the files it planned, so its results are not used.`,
    {
      hint: HINT,
    },
  );
}
