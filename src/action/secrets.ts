import type { RawInputs } from '../core/config.js';
import { urlSecrets } from '../core/redact.js';
import { normalizeRegistry, registryCredentialForms, registryCredentials, registryOf } from '../core/registry.js';

/**
 * Lines shorter than this are not masked on their own: they carry no secret worth hiding (a PEM line is 64 characters,
 * a token far more) and masking them would blank every occurrence of a common word in the job log.
 */
const MIN_LINE_LENGTH = 8;

/**
 * Every value to register with `::add-mask::`, one by one. The runner masks a multi-line value only as a whole, so a
 * PEM key printed line by line (or a single credential field printed alone) would slip through: each credential of a
 * kubeconfig is masked on its own, and each line of a multi-line value too.
 */
export function secretsToMask(
  raw: RawInputs,
  kubeconfigSecrets: (text: string) => string[],
  env: NodeJS.ProcessEnv = {},
): string[] {
  const values: string[] = [];
  const token = raw['github-token'] ?? '';
  if (token) values.push(token);
  // A private profile's URL may carry a token in its user part or query (https://user:token@host/…, ?private_token=).
  values.push(...urlSecrets((raw['profile'] ?? '').trim()));
  values.push(...profileSecrets(raw));
  values.push(...proxySecrets(env));
  values.push(...registrySecrets(raw));
  // Taken from the raw input, before it is parsed: a parse error may quote the input, and must not leak it.
  const kubeconfig = raw['kubeconfig'] ?? '';
  if (!kubeconfig.trim()) return expandSecrets(values);
  let credentials: string[] | undefined;
  try {
    credentials = kubeconfigSecrets(kubeconfig);
  } catch {
    credentials = undefined;
  }
  if (credentials === undefined) {
    // Unparseable, so its credentials cannot be picked out: hide every line, since a parse error may quote some.
    values.push(...kubeconfig.split(/\r?\n/).filter((line) => line.trim().length >= MIN_LINE_LENGTH));
  } else {
    values.push(...credentials, ...credentials.flatMap(decodedPem));
  }
  // The whole text too; but not its lines one by one, which would blank `kind: Config` and the like everywhere.
  return [...expandSecrets(values), ...(kubeconfig.includes('\n') ? [kubeconfig] : [])];
}

/** Each value, then each line of multi-line values; without duplicates or blanks, longest first. */
export function expandSecrets(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    if (!value.trim()) continue;
    out.add(value);
    if (!/[\r\n]/.test(value)) continue;
    for (const line of value.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (trimmed.length >= MIN_LINE_LENGTH) out.add(trimmed);
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * `client-key-data` holds a base64 PEM; a library that logs the decoded key would print it line by line, so the
 * decoded text is masked too (and, through expandSecrets, each of its lines).
 */
function decodedPem(value: string): string[] {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(value)) return [];
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return decoded.startsWith('-----BEGIN') ? [decoded] : [];
}

/**
 * The registry password and what is made from it: the `auth` string (base64 of user:password) and the Secret's
 * data. Computed from the raw inputs the way parseConfig does, so the masks match what the scan creates; the password
 * is masked even when the other registry inputs are invalid.
 */
function registrySecrets(raw: RawInputs): string[] {
  const password = (raw['registry-password'] ?? '').trim();
  if (!password) return [];
  const username = (raw['registry-username'] ?? '').trim();
  const registry = normalizeRegistry((raw['registry'] ?? '').trim() || registryOf(firstImage(raw['image'] ?? '')));
  return registryCredentialForms(registryCredentials(registry ?? '', username, password));
}

/**
 * The profile token and the forms it travels in (the git http.extraHeader carries it base64-encoded, as the password of
 * a Basic credential), and the Basic form of credentials in the profile URL, which git gets the same way.
 */
function profileSecrets(raw: RawInputs): string[] {
  const token = (raw['profile-token'] ?? '').trim();
  const forms = token ? [token, basic('x-access-token', token)] : [];
  try {
    const url = new URL((raw['profile'] ?? '').trim().replace(/^git\+/, ''));
    if (url.username || url.password) {
      forms.push(basic(decodeURIComponent(url.username), decodeURIComponent(url.password)));
    }
  } catch {
    // Not a URL: nothing more to mask.
  }
  return forms;
}

const basic = (user: string, password: string): string => Buffer.from(`${user}:${password}`).toString('base64');

/** Credentials in the runner's proxy variables (http://user:password@proxy:3128), which the connection may use. */
function proxySecrets(env: NodeJS.ProcessEnv): string[] {
  const names = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];
  return names.flatMap((name) => {
    const value = (env[name] ?? '').trim();
    return value ? urlSecrets(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(value) ? value : `http://${value}`) : [];
  });
}

/** The first reference of the `image` input (one per line, `#` comments), whose registry the credentials default to. */
function firstImage(text: string): string {
  for (const line of text.split(/\r?\n/)) {
    const reference = line.replace(/#.*/, '').trim();
    if (reference !== '') return reference;
  }
  return '';
}
