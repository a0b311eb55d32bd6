import type { RawInputs } from '../core/config.js';
import { urlSecrets } from '../core/redact.js';

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
export function secretsToMask(raw: RawInputs, kubeconfigSecrets: (text: string) => string[]): string[] {
  const values: string[] = [];
  const token = raw['github-token'] ?? '';
  if (token) values.push(token);
  // A private profile's URL may carry a token in its user part or query (https://user:token@host/…, ?private_token=).
  values.push(...urlSecrets((raw['profile'] ?? '').trim()));
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
