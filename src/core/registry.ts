/**
 * Container registries as the kubelet sees them: which registry an image reference names, the key a
 * `kubernetes.io/dockerconfigjson` Secret files its credentials under, and the credentials themselves.
 */

/** Docker Hub, as users write it; unqualified image names (`busybox`, `library/app`) live there. */
export const DOCKER_HUB = 'docker.io';
/** The key Docker Hub's credentials go under in a docker config (what `docker login` and kubectl write). */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const DOCKER_HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
  'index.docker.io/v1',
]);

/**
 * The registry an image reference names, the way Docker and the kubelet read it: the part before the first `/` when
 * it holds a `.` or a `:` or is `localhost`; otherwise Docker Hub (`busybox:1.37`, `acme/app:1`).
 */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return DOCKER_HUB;
  const first = image.slice(0, slash);
  if (!first.includes('.') && !first.includes(':') && first !== 'localhost') return DOCKER_HUB;
  const host = first.toLowerCase();
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?(\/[a-z0-9._-]+)*$/;

/**
 * A registry as given in the `registry` input: `host[:port]` with an optional path (`registry.example.com/team`), with
 * or without `https://` and a trailing `/`. Docker Hub in any of its spellings becomes `docker.io`. Undefined when the
 * text is not a registry.
 */
export function normalizeRegistry(text: string): string | undefined {
  const bare = text
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
  if (DOCKER_HUB_ALIASES.has(bare)) return DOCKER_HUB;
  return HOST.test(bare) && bare.length <= 255 ? bare : undefined;
}

/** The key of the registry in a docker config's `auths`: Docker Hub's historical URL, otherwise the registry itself. */
export function dockerConfigKey(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_KEY : registry;
}

/** Registry credentials. The password is not enumerable, so logging or serialising the object cannot show it. */
export interface RegistryCredentials {
  /** Normalised (normalizeRegistry): `docker.io`, `ghcr.io`, `123456789012.dkr.ecr.eu-west-1.amazonaws.com`. */
  readonly registry: string;
  readonly username: string;
  readonly password: string;
}

export function registryCredentials(registry: string, username: string, password: string): RegistryCredentials {
  const credentials = { registry, username } as { registry: string; username: string; password: string };
  Object.defineProperty(credentials, 'password', { value: password, enumerable: false });
  return credentials;
}

/** The `auth` field of a docker config: base64 of `username:password`. */
export function basicAuth(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

/** The `.dockerconfigjson` document for one registry, as `kubectl create secret docker-registry` writes it. */
export function dockerConfigJson(credentials: RegistryCredentials): string {
  const { username, password } = credentials;
  return JSON.stringify({
    auths: { [dockerConfigKey(credentials.registry)]: { username, password, auth: basicAuth(username, password) } },
  });
}

/**
 * Every form in which the credentials could show up in text: the password (also as it reads inside a JSON string),
 * the `auth` string, and the base64 of the whole docker config (the Secret's data). Each is to be masked on its own.
 */
export function registryCredentialForms(credentials: RegistryCredentials): string[] {
  const { password } = credentials;
  const inJson = JSON.stringify(password).slice(1, -1);
  return [
    ...new Set([
      password,
      inJson,
      basicAuth(credentials.username, password),
      Buffer.from(dockerConfigJson(credentials), 'utf8').toString('base64'),
    ]),
  ];
}
