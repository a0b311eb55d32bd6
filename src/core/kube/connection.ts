import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { load } from 'js-yaml';
import type { KubeconfigSource } from '../config.js';
import { KcsError } from '../errors.js';
import type { Logger } from '../logger.js';
import { apiFailure } from './api-errors.js';
import { DEFAULT_RETRY, KubeHttp, type RetryPolicy } from './http.js';
import { Kubeconfig, SERVICE_ACCOUNT_DIR } from './kubeconfig.js';
import { redactUrl, urlSecrets } from '../redact.js';

export interface KubeConnection {
  server: string;
  context: string;
  namespaceDefault?: string;
  /** Every secret string of the kubeconfig, for masking before anything is logged. */
  secrets: string[];
  /** The API client the scan uses. */
  http: KubeHttp;
  /** Kubernetes version the server reported when we connected (`v1.32.3`). */
  serverVersion: string;
  close(): void;
}

export interface ConnectOptions {
  retry?: RetryPolicy;
  /** How long the first request may take before the server counts as unreachable. */
  probeTimeoutMs?: number;
  /** Where a pod finds its ServiceAccount (tests point it elsewhere). */
  serviceAccountDir?: string;
}

const SECRET_KEY = /token|secret|password|passwd|credential|private|api[-_]?key|client[-_]?key|certificate-data|^key$/i;
const MIN_SECRET_LENGTH = 4;
/** Keys whose value is a URL that may carry credentials in its user part or query. */
const URL_KEYS = new Set(['server', 'proxy-url']);

/**
 * Every string in a kubeconfig that must never appear in a log: tokens, passwords, client keys and certificates,
 * auth-provider tokens and secrets, exec environment values and arguments that look secret. Pure; tolerant of
 * kubeconfigs it cannot parse (then it falls back to a line scan), because masking must not fail.
 */
export function kubeconfigSecrets(kubeconfigText: string): string[] {
  const found = new Set<string>();
  let parsed: unknown;
  try {
    parsed = load(kubeconfigText);
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed === 'object') collectSecrets(parsed, found, '');
  else {
    for (const match of kubeconfigText.matchAll(/^\s*-?\s*([\w-]+)\s*:\s*["']?([^"'\s#]+)["']?\s*$/gm)) {
      if (SECRET_KEY.test(match[1] ?? '') && match[2]) found.add(match[2]);
    }
  }
  return [...found].filter((value) => value.length >= MIN_SECRET_LENGTH);
}

function collectSecrets(node: unknown, found: Set<string>, key: string): void {
  if (Array.isArray(node)) {
    collectExecArgs(key, node, found);
    for (const item of node) collectSecrets(item, found, key);
    return;
  }
  if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    // exec.env is a list of {name, value}: the value is secret when its name says so.
    if (typeof record['name'] === 'string' && typeof record['value'] === 'string' && SECRET_KEY.test(record['name'])) {
      found.add(record['value']);
    }
    for (const [childKey, child] of Object.entries(record)) {
      if (childKey === 'certificate-authority-data') continue;
      const scalar = typeof child === 'string' || typeof child === 'number' || typeof child === 'bigint';
      if (scalar && SECRET_KEY.test(childKey)) found.add(String(child));
      else if (typeof child === 'string' && URL_KEYS.has(childKey))
        for (const secret of urlSecrets(child)) found.add(secret);
      else collectSecrets(child, found, childKey);
    }
  }
}

/** `--token=abc` or `--token abc` in an exec plugin's args. */
function collectExecArgs(key: string, list: unknown[], found: Set<string>): void {
  if (key !== 'args') return;
  list.forEach((arg, index) => {
    if (typeof arg !== 'string') return;
    const inline = /^--?([\w-]+)=(.+)$/.exec(arg);
    if (inline && SECRET_KEY.test(inline[1] ?? '')) found.add(inline[2] ?? '');
    const next = list[index + 1];
    if (/^--?[\w-]+$/.test(arg) && SECRET_KEY.test(arg.replace(/^-+/, '')) && typeof next === 'string') found.add(next);
  });
}

interface Loaded {
  kubeconfig: Kubeconfig;
  /** Every secret of what was read, for masking. */
  secrets: string[];
  origin: string;
}

function loadKubeconfig(source: KubeconfigSource, env: NodeJS.ProcessEnv, serviceAccountDir: string): Loaded {
  if (source.kind === 'content') {
    // Loaded from memory: the content is never written to disk, so it cannot be left behind world-readable.
    const kubeconfig = parse(() => Kubeconfig.parse(source.content), 'the kubeconfig input');
    return { kubeconfig, secrets: kubeconfigSecrets(source.content), origin: 'the kubeconfig input' };
  }
  if (source.kind === 'file') return loadFiles([source.path], `--kubeconfig ${source.path}`);
  const fromEnv = (env['KUBECONFIG'] ?? '').split(delimiter).filter(Boolean);
  if (fromEnv.length > 0) return loadFiles(fromEnv, `KUBECONFIG=${env['KUBECONFIG'] ?? ''}`);
  const home = join(env['HOME'] ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return loadFiles([home], home);
  const tokenFile = join(serviceAccountDir, 'token');
  if (env['KUBERNETES_SERVICE_HOST'] && existsSync(tokenFile)) {
    // The token file is the secret itself, not a kubeconfig to search.
    const token = readFileSync(tokenFile, 'utf8').trim();
    return {
      kubeconfig: Kubeconfig.inCluster(env, serviceAccountDir),
      secrets: token ? [token] : [],
      origin: 'the in-cluster service account',
    };
  }
  throw new KcsError(
    'KCS-K8S-003',
    'No kubeconfig found: no kubeconfig input, KUBECONFIG is unset, ~/.kube/config does not exist and this is not a pod.',
    {
      hint: 'Pass the kubeconfig input (or --kubeconfig FILE), set KUBECONFIG, or create a kind cluster first.',
      category: 'cluster',
    },
  );
}

/** Several files merge as kubectl merges them: the first definition of a name (and of current-context) wins. */
function loadFiles(files: string[], origin: string): Loaded {
  const texts: string[] = [];
  let merged: Kubeconfig | undefined;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      throw new KcsError(
        'KCS-K8S-001',
        `Cannot read the kubeconfig file ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`,
        {
          hint: 'Check the path and its permissions.',
          category: 'cluster',
          cause,
        },
      );
    }
    texts.push(text);
    const kubeconfig = parse(() => Kubeconfig.parse(text, dirname(file)), file);
    if (merged) merged.merge(kubeconfig);
    else merged = kubeconfig;
  }
  return { kubeconfig: merged ?? new Kubeconfig(), secrets: texts.flatMap(kubeconfigSecrets), origin };
}

function parse(load: () => Kubeconfig, origin: string): Kubeconfig {
  try {
    return load();
  } catch (cause) {
    // The parser's message may quote the offending line, which can hold a secret: keep it out of the message.
    throw new KcsError(
      'KCS-K8S-001',
      `Cannot parse the kubeconfig from ${origin}: it is not a valid kubeconfig YAML.`,
      {
        hint: 'Check it with `kubectl config view --kubeconfig <file>`.',
        category: 'cluster',
        cause,
      },
    );
  }
}

/**
 * Loads the kubeconfig, selects the context and checks the server answers, so that a wrong or unreachable cluster
 * fails in seconds with the server's address, not minutes later in the middle of a scan.
 */
export async function connect(
  source: KubeconfigSource,
  context: string | undefined,
  logger: Logger,
  options: ConnectOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<KubeConnection> {
  const loaded = loadKubeconfig(source, env, options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR);
  const { kubeconfig, origin } = loaded;
  const secrets = [...new Set(loaded.secrets)];
  if (context !== undefined) {
    if (!kubeconfig.context(context)) {
      const known = kubeconfig.contexts.map((c) => c.name);
      throw new KcsError('KCS-K8S-002', `The kubeconfig from ${origin} has no context "${context}".`, {
        hint: `Contexts it has: ${known.length > 0 ? known.join(', ') : 'none'}.`,
        category: 'cluster',
      });
    }
    kubeconfig.currentContext = context;
  }
  const access = kubeconfig.access(env);
  const contextName = kubeconfig.currentContext;
  if (!access) {
    throw new KcsError(
      'KCS-K8S-002',
      `The kubeconfig from ${origin} has no usable current context ("${contextName || 'none'}" names no cluster).`,
      {
        hint: 'Pick a context with the context input or --context.',
        category: 'cluster',
      },
    );
  }
  const server = access.server;
  // Chosen now, so a bad HTTPS_PROXY fails here with its own code (KCS-NET-001) rather than as a network error.
  const proxy = access.proxy?.();
  // A proxy from the environment may carry credentials too (http://user:password@proxy:3128): mask them with the rest.
  if (proxy) for (const secret of urlSecrets(proxy.url)) if (!secrets.includes(secret)) secrets.push(secret);
  const via = proxy ? `, through the proxy ${redactUrl(proxy.url, { query: true })} from ${proxy.source}` : '';
  const http = new KubeHttp(access, options.retry ?? DEFAULT_RETRY);
  let serverVersion: string;
  try {
    const version = await http.request<{ gitVersion?: string }>('GET', '/version', {
      timeoutMs: options.probeTimeoutMs ?? 10_000,
      idempotent: false,
    });
    serverVersion = version.gitVersion ?? 'unknown';
  } catch (error) {
    http.close();
    throw apiFailure(
      'connect to',
      `the Kubernetes API server at ${redactUrl(server)} (context "${contextName}"${via})`,
      error,
    );
  }
  logger.debug(`Connected to ${redactUrl(server)} (context "${contextName}"${via}, Kubernetes ${serverVersion}).`);
  const namespace = kubeconfig.context()?.namespace;
  return {
    server: redactUrl(server),
    context: contextName,
    ...(namespace ? { namespaceDefault: namespace } : {}),
    secrets,
    http,
    serverVersion,
    close: () => http.close(),
  };
}
