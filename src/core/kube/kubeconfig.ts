import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { isIPv6 } from 'node:net';
import type { Cluster, Context, User } from '@kubernetes/client-node';
// Deep imports, on purpose: client-node's index (and its config.js, home of KubeConfig) loads every generated API
// model, 19 MB of JavaScript this tool never runs and that every start used to compile. These modules are the
// kubeconfig parsing and the credential plugins alone. The version is pinned exactly (package.json), and
// test/kube/kubeconfig.test.ts covers each path we use.
import type { Authenticator } from '@kubernetes/client-node/dist/auth.js';
import { AzureAuth } from '@kubernetes/client-node/dist/azure_auth.js';
import { newClusters, newContexts, newUsers } from '@kubernetes/client-node/dist/config_types.js';
import { ExecAuth } from '@kubernetes/client-node/dist/exec_auth.js';
import { FileAuth } from '@kubernetes/client-node/dist/file_auth.js';
import { GoogleCloudPlatformAuth } from '@kubernetes/client-node/dist/gcp_auth.js';
import { load } from 'js-yaml';
import type { AgentTarget, TlsMaterial } from './agent.js';
import { proxyFromEnvironment } from '../proxy-env.js';
import { OidcAuth } from './oidc-auth.js';
import { SERVICE_ACCOUNT_DIR } from '../kubeconfig-namespace.js';

export { SERVICE_ACCOUNT_DIR };

/** What one request carries to say who it is. */
export interface Credentials {
  /** `Authorization`, `Impersonate-User`. */
  headers: Record<string, string>;
  /** `user:password` for basic authentication. */
  auth?: string;
  /** A client certificate and key an exec plugin handed out; they replace the kubeconfig's. */
  cert?: string;
  key?: string;
}

/** The connection's view of one context: where the server is, and the credentials for each request. */
export interface KubeAccess {
  readonly server: string;
  /** The agent's target (TLS material, proxy). Throws for `http://` without `insecure-skip-tls-verify`. */
  target(): AgentTarget;
  /** Runs before every request; cheap while a plugin's or a token file's credential is still valid. */
  credentials(): Promise<Credentials>;
  /** The proxy the connection goes through and where it was configured (`proxy-url`, `HTTPS_PROXY`…), if any. */
  proxy?(): { url: string; source: string } | undefined;
}

/**
 * The part of a kubeconfig this tool uses, with client-node's semantics for parsing (same field names, same
 * validation) and for credentials (the same plugins: exec, token file, OIDC, the legacy Azure and GCP providers).
 * Where kubectl and client-node differ, it follows kubectl: several files merge with the first definition of a name
 * winning (client-node throws), relative paths (`token-file`, an exec `command` with a slash) are relative to the
 * file, and the cluster's CA applies to a context without a user.
 */
export class Kubeconfig {
  clusters: Cluster[] = [];
  users: User[] = [];
  contexts: Context[] = [];
  currentContext = '';

  /** Parses kubeconfig YAML; relative paths resolve against `baseDir` (the file's directory). Throws when invalid. */
  static parse(text: string, baseDir?: string): Kubeconfig {
    const raw: unknown = load(text);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a kubeconfig mapping');
    const document = raw as Record<string, unknown>;
    if (baseDir !== undefined) resolvePaths(document, baseDir);
    const config = new Kubeconfig();
    config.clusters = newClusters(document['clusters']);
    config.users = newUsers(document['users']);
    config.contexts = newContexts(document['contexts']);
    const current = document['current-context'];
    config.currentContext = typeof current === 'string' ? current : '';
    return config;
  }

  static fromFile(file: string): Kubeconfig {
    return Kubeconfig.parse(readFileSync(file, 'utf8'), dirname(file));
  }

  /** The pod's ServiceAccount, as client-go's rest.InClusterConfig() (the token file is re-read as it rotates). */
  static inCluster(env: NodeJS.ProcessEnv, dir = SERVICE_ACCOUNT_DIR): Kubeconfig {
    const host = env['KUBERNETES_SERVICE_HOST'] ?? '';
    const port = env['KUBERNETES_SERVICE_PORT'] ?? '443';
    const scheme = ['80', '8080', '8001'].includes(port) ? 'http' : 'https';
    const namespaceFile = join(dir, 'namespace');
    // client-go's in-cluster namespace: POD_NAMESPACE (the downward API), then the ServiceAccount's namespace file.
    const namespace =
      (env['POD_NAMESPACE'] ?? '').trim() ||
      (existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : undefined);
    const config = new Kubeconfig();
    config.clusters = [
      {
        name: 'inCluster',
        server: `${scheme}://${isIPv6(host) ? `[${host}]` : host}:${port}`,
        caFile: join(dir, 'ca.crt'),
        skipTLSVerify: false,
      },
    ];
    config.users = [
      { name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile: join(dir, 'token') } } },
    ];
    config.contexts = [
      { name: 'inClusterContext', cluster: 'inCluster', user: 'inClusterUser', ...(namespace ? { namespace } : {}) },
    ];
    config.currentContext = 'inClusterContext';
    return config;
  }

  /** Adds another file's entries, as kubectl merges KUBECONFIG: the first definition of a name wins. */
  merge(other: Kubeconfig): void {
    const add = <T extends { name: string }>(mine: T[], theirs: T[]) => {
      for (const entry of theirs) if (!mine.some((m) => m.name === entry.name)) mine.push(entry);
    };
    add(this.clusters, other.clusters);
    add(this.users, other.users);
    add(this.contexts, other.contexts);
    this.currentContext ||= other.currentContext;
  }

  context(name = this.currentContext): Context | undefined {
    return this.contexts.find((c) => c.name === name);
  }

  cluster(context = this.context()): Cluster | undefined {
    return context ? this.clusters.find((c) => c.name === context.cluster) : undefined;
  }

  user(context = this.context()): User | undefined {
    return context?.user ? this.users.find((u) => u.name === context.user) : undefined;
  }

  /**
   * The access of the current context; undefined when it names no cluster. `env` holds HTTPS_PROXY, HTTP_PROXY and
   * NO_PROXY, read as kubectl reads them when the cluster has no `proxy-url`.
   */
  access(env: NodeJS.ProcessEnv = process.env): KubeAccess | undefined {
    const cluster = this.cluster();
    return cluster ? new ContextAccess(cluster, this.user(), env) : undefined;
  }
}

class ContextAccess implements KubeAccess {
  readonly server: string;
  // One instance per connection: they cache what they fetched (an exec plugin's credential until it expires).
  private readonly authenticators: Authenticator[] = [
    new AzureAuth(),
    new GoogleCloudPlatformAuth(),
    new ExecAuth(),
    new FileAuth(),
    new OidcAuth(),
  ];

  constructor(
    private readonly cluster: Cluster,
    private readonly user: User | undefined,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.server = cluster.server;
  }

  /** client-go's order: the cluster's `proxy-url`, else the environment (HTTPS_PROXY/HTTP_PROXY, NO_PROXY). */
  proxy(): { url: string; source: string } | undefined {
    if (this.cluster.proxyUrl) return { url: this.cluster.proxyUrl, source: 'proxy-url' };
    const fromEnv = proxyFromEnvironment(this.cluster.server, this.env);
    return fromEnv ? { url: fromEnv.url, source: fromEnv.variable } : undefined;
  }

  target(): AgentTarget {
    const { cluster, user } = this;
    if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) {
      throw new Error('HTTP protocol is not allowed when skipTLSVerify is not set or false');
    }
    const tls: TlsMaterial = {};
    const ca = fileOrData(cluster.caFile, cluster.caData);
    if (ca) tls.ca = ca;
    const cert = fileOrData(user?.certFile, user?.certData);
    if (cert) tls.cert = cert;
    const key = fileOrData(user?.keyFile, user?.keyData);
    if (key) tls.key = key;
    if (cluster.tlsServerName) tls.servername = cluster.tlsServerName;
    if (cluster.skipTLSVerify) tls.rejectUnauthorized = false;
    const proxy = this.proxy();
    return { server: cluster.server, ...(proxy ? { proxyUrl: proxy.url, proxySource: proxy.source } : {}), tls };
  }

  async credentials(): Promise<Credentials> {
    const { user } = this;
    const credentials: Credentials = { headers: {} };
    if (!user) return credentials;
    // The plugins write into request options, as client-node's KubeConfig lets them.
    const options: { headers: Record<string, string>; cert?: string; key?: string } = { headers: {} };
    const plugin = this.authenticators.find((a) => a.isAuthProvider(user));
    if (plugin) await plugin.applyAuthentication(user, options);
    Object.assign(credentials.headers, options.headers);
    if (options.cert) credentials.cert = options.cert;
    if (options.key) credentials.key = options.key;
    if (user.token) credentials.headers['Authorization'] = `Bearer ${user.token}`;
    if (user.impersonateUser) credentials.headers['Impersonate-User'] = user.impersonateUser;
    if (user.username) credentials.auth = `${user.username}:${user.password ?? ''}`;
    return credentials;
  }
}

function fileOrData(file: string | undefined | null, data: string | undefined | null): Buffer | undefined {
  if (file) return readFileSync(file);
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}

const PATH_KEYS = ['certificate-authority', 'client-certificate', 'client-key', 'token-file'];

/** kubectl's rule: file references in a kubeconfig are relative to the file (an exec command only with a slash). */
function resolvePaths(document: Record<string, unknown>, baseDir: string): void {
  for (const list of [document['clusters'], document['users']]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list as unknown[]) {
      if (!entry || typeof entry !== 'object') continue;
      const body = (entry as Record<string, unknown>)['cluster'] ?? (entry as Record<string, unknown>)['user'];
      if (!body || typeof body !== 'object') continue;
      const fields = body as Record<string, unknown>;
      for (const key of PATH_KEYS) {
        const value = fields[key];
        if (typeof value === 'string' && value !== '' && !isAbsolute(value)) fields[key] = join(baseDir, value);
      }
      const exec = fields['exec'] as Record<string, unknown> | undefined;
      const command = exec?.['command'];
      if (exec && typeof command === 'string' && command.includes('/') && !isAbsolute(command)) {
        exec['command'] = join(baseDir, command);
      }
    }
  }
}
