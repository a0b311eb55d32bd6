import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { load } from 'js-yaml';
import type { KubeconfigSource } from './config.js';

/** Where a pod finds its ServiceAccount (token, CA, namespace). */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The namespace a scan runs in and why: kubectl's order. */
export interface NamespaceChoice {
  namespace: string;
  /** For messages: `the namespace input`, `context "ci" of the kubeconfig`, `the in-cluster ServiceAccount`, `default`. */
  from: string;
}

/**
 * The namespace as kubectl chooses it: the `namespace` input (`--namespace`) when given; else the namespace of the
 * context in use (the `context` input, else the kubeconfig's current context); else `default`. In a pod without a
 * kubeconfig, POD_NAMESPACE, then the ServiceAccount's namespace file, as client-go's in-cluster config.
 *
 * Only reads local files: no cluster is contacted. A kubeconfig that cannot be read or names no such context yields
 * `default` here; connecting then fails with the reason, before anything is created.
 */
export function chooseNamespace(
  input: string,
  source: KubeconfigSource,
  context: string | undefined,
  env: NodeJS.ProcessEnv,
  serviceAccountDir = SERVICE_ACCOUNT_DIR,
): NamespaceChoice {
  if (input !== '') return { namespace: input, from: 'the namespace input' };
  return contextNamespace(source, context, env, serviceAccountDir) ?? { namespace: 'default', from: 'default' };
}

/** The namespace the kubeconfig's context in use names, or undefined when it names none. */
export function contextNamespace(
  source: KubeconfigSource,
  context: string | undefined,
  env: NodeJS.ProcessEnv,
  serviceAccountDir = SERVICE_ACCOUNT_DIR,
): NamespaceChoice | undefined {
  const documents = kubeconfigDocuments(source, env);
  if (documents === undefined) return inClusterNamespace(env, serviceAccountDir);
  // kubectl merges KUBECONFIG files: the first current-context set wins, and the first definition of a context name.
  const name = context ?? documents.map((d) => d['current-context']).find((c) => typeof c === 'string' && c !== '');
  if (typeof name !== 'string') return undefined;
  for (const document of documents) {
    const contexts = Array.isArray(document['contexts']) ? (document['contexts'] as unknown[]) : [];
    const entry = contexts.find((c): c is Record<string, unknown> => isRecord(c) && c['name'] === name);
    if (!entry) continue;
    const namespace = isRecord(entry['context']) ? entry['context']['namespace'] : undefined;
    return typeof namespace === 'string' && namespace !== ''
      ? { namespace, from: `context "${name}" of the kubeconfig` }
      : undefined;
  }
  return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The kubeconfig documents in kubectl's order (the same files connect() reads), or undefined when there is no
 * kubeconfig at all (in-cluster). Files that cannot be read or parsed are skipped.
 */
function kubeconfigDocuments(source: KubeconfigSource, env: NodeJS.ProcessEnv): Record<string, unknown>[] | undefined {
  if (source.kind === 'content') return parseAll([source.content]);
  if (source.kind === 'file') return parseAll([readText(source.path)]);
  const fromEnv = (env['KUBECONFIG'] ?? '').split(delimiter).filter(Boolean);
  if (fromEnv.length > 0) return parseAll(fromEnv.map(readText));
  const home = join(env['HOME'] ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return parseAll([readText(home)]);
  return undefined;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parseAll(texts: (string | undefined)[]): Record<string, unknown>[] {
  return texts.flatMap((text) => {
    if (text === undefined) return [];
    try {
      const document: unknown = load(text);
      return isRecord(document) ? [document] : [];
    } catch {
      return [];
    }
  });
}

function inClusterNamespace(env: NodeJS.ProcessEnv, dir: string): NamespaceChoice | undefined {
  if (!env['KUBERNETES_SERVICE_HOST'] || !existsSync(join(dir, 'token'))) return undefined;
  const fromEnv = (env['POD_NAMESPACE'] ?? '').trim();
  if (fromEnv) return { namespace: fromEnv, from: 'POD_NAMESPACE' };
  const fromFile = readText(join(dir, 'namespace'))?.trim();
  return fromFile ? { namespace: fromFile, from: 'the in-cluster ServiceAccount' } : undefined;
}
