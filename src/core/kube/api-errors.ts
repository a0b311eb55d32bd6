import { KcsError } from '../errors.js';
import { KubeApiError, KubeNetworkError } from './http.js';

const RBAC_HINT =
  'Grant the identity in the kubeconfig the Role in deploy/rbac.yaml (pods: create, get, list, watch, delete; ' +
  'pods/log: get; configmaps: create, get, list, delete, patch) in the scan namespace.';

/**
 * Turns a failed API call into one line: what we tried, on which object, the server's reason and the HTTP status,
 * with a stable code and what to do about it.
 */
export function apiFailure(action: string, object: string, error: unknown): KcsError {
  if (error instanceof KcsError) return error;
  if (error instanceof KubeNetworkError) {
    return new KcsError('KCS-K8S-004', `Failed to ${action} ${object}: cannot reach the Kubernetes API server at ${error.server}: ${error.message}.`, {
      hint: 'Check that the cluster is running, that the kubeconfig names the right server, and any proxy or firewall in between.',
      category: 'cluster',
      cause: error,
    });
  }
  if (!(error instanceof KubeApiError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new KcsError('KCS-K8S-012', `Failed to ${action} ${object}: ${message}`, { category: 'cluster', cause: error });
  }
  const reason = error.body?.reason ?? '';
  const detail = `${error.body?.message ?? 'no message'} (${error.status}${reason ? ` ${reason}` : ''})`;
  const line = `Failed to ${action} ${object}: ${detail}`;
  const options = { category: 'cluster' as const, cause: error };
  const podSecurity = /violates PodSecurity "([a-z]+)(?::[^"]*)?"/.exec(error.body?.message ?? '');
  if (error.status === 403 && podSecurity) {
    return new KcsError('KCS-K8S-007', line, {
      ...options,
      hint:
        `The namespace enforces the Pod Security "${podSecurity[1] ?? '?'}" level; the scan pod needs "baseline" (it runs as UID 0 ` +
        'and adds SYS_CHROOT, DAC_OVERRIDE and SETPCAP). Scan in a namespace labelled ' +
        'pod-security.kubernetes.io/enforce=baseline (deploy/rbac.yaml creates one), or label yours: ' +
        'kubectl label namespace <name> pod-security.kubernetes.io/enforce=baseline --overwrite.',
    });
  }
  if (error.status === 401) {
    return new KcsError('KCS-K8S-005', line, {
      ...options,
      hint: 'The credentials in the kubeconfig were refused: the token expired or the certificate is not trusted. Refresh them.',
    });
  }
  if (error.status === 403) return new KcsError('KCS-K8S-006', line, { ...options, hint: RBAC_HINT });
  if (error.status === 404 && error.body?.details?.kind === 'namespaces') {
    return new KcsError('KCS-K8S-008', line, {
      ...options,
      hint: 'Create the namespace first (deploy/rbac.yaml creates kube-cinc-scan with the right labels), or choose an existing one.',
    });
  }
  if (error.status === 409) {
    return new KcsError('KCS-K8S-009', line, {
      ...options,
      hint: 'An object with this name already exists: a run id was reused. Start the scan again (it draws a new run id).',
    });
  }
  if (error.status === 422 || error.status === 400) {
    return new KcsError('KCS-K8S-010', line, {
      ...options,
      hint: 'The API server refused the object; check the image, annotations, node selector and tolerations in the configuration.',
    });
  }
  if (error.status === 429 || error.status >= 500) {
    return new KcsError('KCS-K8S-011', `${line}, still failing after ${error.attempts} attempts`, {
      ...options,
      hint: 'The API server is overloaded or failing; try again later or check the control plane.',
    });
  }
  return new KcsError('KCS-K8S-012', line, options);
}

/** True when the error is a 404 for the object itself (not its namespace): deleting it is then already done. */
export function isNotFound(error: unknown): boolean {
  return error instanceof KubeApiError && error.status === 404;
}
