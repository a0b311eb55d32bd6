import type { V1Secret } from '@kubernetes/client-node';
import { dump } from 'js-yaml';
import { dockerConfigJson, type RegistryCredentials } from '../registry.js';
import { scanLabels } from './objects.js';

/** The Secret's name: the run id, like the ConfigMaps (`kcs-…-profile`, `kcs-…-scanner`). */
export const registrySecretName = (runId: string): string => `${runId}-registry`;

export const DOCKER_CONFIG_JSON_KEY = '.dockerconfigjson';
/** Which registry a scan's Secret is for (the data itself is never shown). */
export const REGISTRY_ANNOTATION = 'kube-cinc-scan/registry';
/** What `render` shows in place of the password and the auth string. */
export const REDACTED = 'REDACTED';

/**
 * The pull Secret of one scan: `kubernetes.io/dockerconfigjson` with the credentials of one registry, labelled like
 * the other objects of the scan (so `cleanup` finds it by run id), immutable, referenced by the pod's
 * imagePullSecrets and owned by the pod once it exists.
 */
export function buildRegistrySecret(
  name: string,
  namespace: string,
  runId: string,
  credentials: RegistryCredentials,
): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace,
      labels: scanLabels(runId, 'registry-credentials'),
      annotations: { [REGISTRY_ANNOTATION]: credentials.registry },
    },
    type: 'kubernetes.io/dockerconfigjson',
    immutable: true,
    data: { [DOCKER_CONFIG_JSON_KEY]: Buffer.from(dockerConfigJson(credentials), 'utf8').toString('base64') },
  };
}

type DockerConfig = { auths: Record<string, { username?: string; password?: string; auth?: string }> };

/**
 * The Secret as `render` prints it: the same object with REDACTED for each password and auth string (still valid
 * base64 and JSON, so a server-side dry run accepts it), after a comment saying how to create the real one.
 */
export function renderRedactedSecret(secret: V1Secret): string {
  const encoded = secret.data?.[DOCKER_CONFIG_JSON_KEY] ?? '';
  const config = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as DockerConfig;
  for (const entry of Object.values(config.auths)) {
    entry.password = REDACTED;
    entry.auth = REDACTED;
  }
  const redacted: V1Secret = {
    ...secret,
    data: { [DOCKER_CONFIG_JSON_KEY]: Buffer.from(JSON.stringify(config), 'utf8').toString('base64') },
  };
  const { name = '', namespace = '' } = secret.metadata ?? {};
  const [server = '', entry] = Object.entries(config.auths)[0] ?? [];
  const comment = [
    '# The registry password is not printed: this Secret holds REDACTED in its place. To apply the objects by hand,',
    `# create it with: kubectl -n ${namespace} create secret docker-registry ${name} \\`,
    `#   --docker-server=${server} --docker-username=${entry?.username ?? ''} --docker-password=…`,
  ].join('\n');
  return `${comment}\n${dump(redacted, { noRefs: true, lineWidth: -1, sortKeys: false })}`;
}
