import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { V1Pod } from '@kubernetes/client-node';

/**
 * The per-scan key that signs the results block (DESIGN.md §5, issue 18). The runner makes it, puts it in the scanner
 * container's environment only, and verifies the block's HMAC-SHA256 with it. The target container never gets it, and
 * cannot read it from the scanner: /proc/<pid>/environ of another process needs ptrace-read access, which a process
 * without capabilities does not have over the scanner, whose permitted set is not a subset of its own. So text that
 * the image under test gets into the scanner's log cannot carry a valid signature.
 *
 * The key is a credential: every copy of the pod that leaves the runner (pod.yaml, `render`, error messages) shows
 * REDACTED_RESULTS_KEY in its place.
 */
export const RESULTS_KEY_ENV = 'KCS_RESULTS_KEY';
export const REDACTED_RESULTS_KEY = '<per-scan key, not shown>';
const KEY_PATTERN = /^[0-9a-f]{64}$/;

/** 32 random bytes as 64 lower-case hex digits, the form the scanner's frame script takes. */
export function newResultsKey(): string {
  return randomBytes(32).toString('hex');
}

export function isResultsKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/** HMAC-SHA256 of `data` under a key given as 64 hex digits (the key's 32 bytes, not its text). */
export function resultsHmac(key: string, data: Buffer): string {
  if (!isResultsKey(key)) throw new Error('the results key must be 64 lower-case hex digits');
  return createHmac('sha256', Buffer.from(key, 'hex')).update(data).digest('hex');
}

/** Constant-time comparison of an announced HMAC (hex) with the one computed here. */
export function hmacMatches(key: string, data: Buffer, announced: string): boolean {
  const expected = Buffer.from(resultsHmac(key, data), 'hex');
  const given = Buffer.from(announced, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A copy of the pod with the results key replaced by REDACTED_RESULTS_KEY, fit for pod.yaml and `render`. */
export function withoutResultsKey(pod: V1Pod): V1Pod {
  const copy = structuredClone(pod);
  for (const container of [...(copy.spec?.initContainers ?? []), ...(copy.spec?.containers ?? [])]) {
    for (const variable of container.env ?? []) {
      if (variable.name === RESULTS_KEY_ENV && variable.value !== undefined) variable.value = REDACTED_RESULTS_KEY;
    }
  }
  return copy;
}
