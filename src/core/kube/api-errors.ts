import { KcsError, toKcsError, type KcsErrorOptions } from '../errors.js';
import { KubeApiError, KubeNetworkError } from './http.js';

const ROLE_RULES =
  'pods: create, get, list, watch, delete; pods/log: get; configmaps: create, get, list, delete, patch';
const SECRET_ROLE_RULES = 'secrets: create, get, patch, delete';
/** The authorizer's form: `User "u" cannot create resource "pods" in API group "" in the namespace "ns"`. */
const RBAC_DENIAL = /cannot ([a-z]+) resource "([^"]+)"/;
/** A validating or mutating webhook said no (Gatekeeper, Kyverno, a vendor's policy engine). */
const WEBHOOK_DENIAL = /admission webhook "([^"]+)" denied the request/;
/** The ResourceQuota and LimitRanger admission plugins. */
const QUOTA_REFUSAL =
  /exceeded quota|must specify (?:limits|requests)|(?:maximum|minimum) [a-z-]+ usage per (?:container|pod)|limit to request ratio/i;

/**
 * Turns a failed API call into one line: what we tried, on which object, the server's reason and the HTTP status,
 * with a stable code and what to do about it.
 */
export function apiFailure(action: string, object: string, error: unknown): KcsError {
  if (error instanceof KcsError) return error;
  if (error instanceof KubeNetworkError) {
    return new KcsError(
      'KCS-K8S-004',
      `Failed to ${action} ${object}: cannot reach the Kubernetes API server at ${error.server}: ${error.message}.`,
      {
        hint: 'Check that the cluster is running, that the kubeconfig names the right server, and any proxy or firewall in between.',
        category: 'cluster',
        cause: error,
      },
    );
  }
  if (!(error instanceof KubeApiError)) {
    return toKcsError(error, { code: 'KCS-K8S-012', context: `Failed to ${action} ${object}`, category: 'cluster' });
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
  const webhook = WEBHOOK_DENIAL.exec(error.body?.message ?? '');
  if (webhook && error.status >= 400 && error.status < 500) {
    return new KcsError('KCS-K8S-014', line, {
      ...options,
      hint:
        `The admission webhook "${webhook[1] ?? '?'}" refused the object: a policy of the cluster (Gatekeeper, Kyverno or the like) ` +
        'does not allow the scan pod as it is. Its message above names the rule; ask the cluster admins for an exception for the scan ' +
        'namespace, or change what the rule objects to (image registry, annotations, resources) in the configuration.',
    });
  }
  if (error.status === 401) {
    return new KcsError('KCS-K8S-005', line, {
      ...options,
      hint: 'The credentials in the kubeconfig were refused: the token expired or the certificate is not trusted. Refresh them.',
    });
  }
  if (error.status === 403) return forbidden(line, error.body?.message ?? '', options);
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

/**
 * A 403 has several owners: the authorizer (RBAC), the ResourceQuota and LimitRanger admission plugins, and others
 * (a node restriction, an aggregated API). Only the authorizer's form names a verb and resource the Role could grant.
 */
function forbidden(line: string, message: string, options: KcsErrorOptions): KcsError {
  const rbac = RBAC_DENIAL.exec(message);
  if (rbac?.[2] === 'secrets') {
    return new KcsError('KCS-K8S-006', line, {
      ...options,
      hint:
        `The identity in the kubeconfig may not ${rbac[1] ?? '?'} "secrets" in the scan namespace: the registry credentials ` +
        `(registry-username, registry-password) travel in a Secret of their own, which needs the Role in ` +
        `deploy/rbac-registry-secret.yaml (${SECRET_ROLE_RULES}) besides deploy/rbac.yaml. Apply it, or leave the registry ` +
        'inputs empty and name a pull Secret you created yourself in image-pull-secrets.',
    });
  }
  if (rbac) {
    return new KcsError('KCS-K8S-006', line, {
      ...options,
      hint:
        `The identity in the kubeconfig may not ${rbac[1] ?? '?'} "${rbac[2] ?? '?'}" in the scan namespace. Grant it the Role in ` +
        `deploy/rbac.yaml (${ROLE_RULES}) and bind it in the scan namespace.`,
    });
  }
  if (QUOTA_REFUSAL.test(message)) {
    return new KcsError('KCS-K8S-015', line, {
      ...options,
      hint:
        'A ResourceQuota or LimitRange of the scan namespace refused the pod. The scan pod sets CPU and memory requests and limits on every ' +
        'container (10m-100m CPU and 32Mi for the keep-alive and the target, scanner-cpu and scanner-memory for the scanner): ' +
        'free or raise the quota, or set scanner-cpu and scanner-memory within the namespace limits (kubectl describe quota,limitrange).',
    });
  }
  return new KcsError('KCS-K8S-012', line, options);
}

/** True when the error is a 404 for the object itself (not its namespace): deleting it is then already done. */
export function isNotFound(error: unknown): boolean {
  return error instanceof KubeApiError && error.status === 404;
}
