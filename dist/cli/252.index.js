export const id = 252;
export const ids = [252];
export const modules = {

/***/ 8252:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  N: () => (/* binding */ connect)
});

// UNUSED EXPORTS: kubeconfigSecrets

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(3243);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/kube/api-errors.ts
var api_errors = __webpack_require__(1161);
// EXTERNAL MODULE: ./src/core/kube/http.ts
var kube_http = __webpack_require__(773);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: ./node_modules/@kubernetes/client-node/dist/azure_auth.js
var azure_auth = __webpack_require__(5779);
// EXTERNAL MODULE: ./node_modules/@kubernetes/client-node/dist/config_types.js
var config_types = __webpack_require__(6617);
// EXTERNAL MODULE: ./node_modules/@kubernetes/client-node/dist/exec_auth.js
var exec_auth = __webpack_require__(3497);
// EXTERNAL MODULE: ./node_modules/@kubernetes/client-node/dist/file_auth.js
var file_auth = __webpack_require__(5752);
// EXTERNAL MODULE: ./node_modules/@kubernetes/client-node/dist/gcp_auth.js
var gcp_auth = __webpack_require__(9704);
// EXTERNAL MODULE: ./src/core/proxy-env.ts
var proxy_env = __webpack_require__(885);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
;// CONCATENATED MODULE: ./src/core/kube/oidc-auth.ts


const TIMEOUT_MS = 30_000;
/**
 * The `oidc` auth-provider, as kubectl's: send the `id-token`; once it has expired, trade the `refresh-token` for a
 * new one at the issuer's token endpoint (found through its discovery document) and keep it for the rest of the run.
 * Written here rather than taken from client-node, whose version pulls its whole generated API into the bundle.
 * Like kubectl, it does not verify the ID token: the API server does. An expired token that cannot be refreshed is
 * still sent, so the server's 401 says what is wrong.
 */
class OidcAuth {
    expiresAt;
    isAuthProvider(user) {
        return user.authProvider?.name === 'oidc';
    }
    async applyAuthentication(user, options) {
        const config = (user.authProvider.config ??= {});
        if (!config['id-token'])
            return;
        this.expiresAt ??= jwtExpiry(config['id-token']);
        const expired = this.expiresAt !== undefined && Date.now() / 1000 >= this.expiresAt - 10;
        if (expired && config['refresh-token'] && config['idp-issuer-url'] && config['client-id'])
            await this.refresh(config);
        const headers = (options.headers ??= {});
        headers['Authorization'] = `Bearer ${config['id-token']}`;
    }
    async refresh(config) {
        const issuer = (config['idp-issuer-url'] ?? '').replace(/\/+$/, '');
        const caFile = config['idp-certificate-authority'];
        const caData = config['idp-certificate-authority-data'];
        const ca = caFile ? (0,external_node_fs_.readFileSync)(caFile) : caData ? Buffer.from(caData, 'base64') : undefined;
        const discovery = await call(`${issuer}/.well-known/openid-configuration`, ca);
        if (!discovery.token_endpoint)
            throw new Error(`OIDC issuer ${issuer} names no token_endpoint`);
        const form = new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: config['refresh-token'] ?? '',
            client_id: config['client-id'] ?? '',
        });
        const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
        const secret = config['client-secret'];
        if (secret) {
            const basic = `${encodeURIComponent(config['client-id'] ?? '')}:${encodeURIComponent(secret)}`;
            headers['Authorization'] = `Basic ${Buffer.from(basic).toString('base64')}`;
        }
        const token = await call(discovery.token_endpoint, ca, { body: form.toString(), headers });
        if (!token.id_token)
            throw new Error(`OIDC token refresh at ${issuer} returned no id_token`);
        config['id-token'] = token.id_token;
        if (token.refresh_token)
            config['refresh-token'] = token.refresh_token;
        this.expiresAt =
            jwtExpiry(token.id_token) ?? (token.expires_in ? Date.now() / 1000 + token.expires_in : Number.POSITIVE_INFINITY);
    }
}
/** The `exp` claim of a JWT, in seconds; undefined when the token is not a JWT or has none. */
function jwtExpiry(token) {
    const payload = token.split('.')[1];
    if (token.split('.').length !== 3 || !payload)
        return undefined;
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        return typeof claims.exp === 'number' ? claims.exp : undefined;
    }
    catch {
        return undefined;
    }
}
/** A GET (or, with a body, a form POST) to the issuer that returns JSON. */
function call(url, ca, post) {
    return new Promise((resolve, reject) => {
        const request = external_node_https_default().request(url, {
            method: post ? 'POST' : 'GET',
            headers: { Accept: 'application/json', ...post?.headers },
            timeout: TIMEOUT_MS,
            ...(ca ? { ca } : {}),
        });
        request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within ${TIMEOUT_MS} ms`)));
        request.on('error', (error) => reject(new Error(`OIDC request to ${url} failed: ${error.message}`)));
        request.on('response', (response) => {
            const chunks = [];
            response.on('data', (chunk) => chunks.push(chunk));
            response.on('error', reject);
            response.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                const status = response.statusCode ?? 0;
                // The body of an error may hold the refresh token's echo or an error description: only its `error` code.
                if (status < 200 || status >= 300) {
                    const code = /"error"\s*:\s*"([\w.-]{1,64})"/.exec(text)?.[1];
                    reject(new Error(`OIDC request to ${url} failed: HTTP ${status}${code ? ` ${code}` : ''}`));
                    return;
                }
                try {
                    resolve(JSON.parse(text));
                }
                catch {
                    reject(new Error(`OIDC request to ${url} returned no JSON`));
                }
            });
        });
        request.end(post?.body);
    });
}

// EXTERNAL MODULE: ./src/core/kubeconfig-namespace.ts
var kubeconfig_namespace = __webpack_require__(3858);
;// CONCATENATED MODULE: ./src/core/kube/kubeconfig.ts













/**
 * The part of a kubeconfig this tool uses, with client-node's semantics for parsing (same field names, same
 * validation) and for credentials (the same plugins: exec, token file, OIDC, the legacy Azure and GCP providers).
 * Where kubectl and client-node differ, it follows kubectl: several files merge with the first definition of a name
 * winning (client-node throws), relative paths (`token-file`, an exec `command` with a slash) are relative to the
 * file, and the cluster's CA applies to a context without a user.
 */
class Kubeconfig {
    clusters = [];
    users = [];
    contexts = [];
    currentContext = '';
    /** Parses kubeconfig YAML; relative paths resolve against `baseDir` (the file's directory). Throws when invalid. */
    static parse(text, baseDir) {
        const raw = (0,js_yaml/* load */.Hh)(text);
        if (!raw || typeof raw !== 'object' || Array.isArray(raw))
            throw new Error('not a kubeconfig mapping');
        const document = raw;
        if (baseDir !== undefined)
            resolvePaths(document, baseDir);
        const config = new Kubeconfig();
        config.clusters = (0,config_types/* newClusters */.MA)(document['clusters']);
        config.users = (0,config_types/* newUsers */.bw)(document['users']);
        config.contexts = (0,config_types/* newContexts */.FE)(document['contexts']);
        const current = document['current-context'];
        config.currentContext = typeof current === 'string' ? current : '';
        return config;
    }
    static fromFile(file) {
        return Kubeconfig.parse((0,external_node_fs_.readFileSync)(file, 'utf8'), (0,external_node_path_.dirname)(file));
    }
    /** The pod's ServiceAccount, as client-go's rest.InClusterConfig() (the token file is re-read as it rotates). */
    static inCluster(env, dir = kubeconfig_namespace/* SERVICE_ACCOUNT_DIR */.Id) {
        const host = env['KUBERNETES_SERVICE_HOST'] ?? '';
        const port = env['KUBERNETES_SERVICE_PORT'] ?? '443';
        const scheme = ['80', '8080', '8001'].includes(port) ? 'http' : 'https';
        const namespaceFile = (0,external_node_path_.join)(dir, 'namespace');
        // client-go's in-cluster namespace: POD_NAMESPACE (the downward API), then the ServiceAccount's namespace file.
        const namespace = (env['POD_NAMESPACE'] ?? '').trim() ||
            ((0,external_node_fs_.existsSync)(namespaceFile) ? (0,external_node_fs_.readFileSync)(namespaceFile, 'utf8').trim() : undefined);
        const config = new Kubeconfig();
        config.clusters = [
            {
                name: 'inCluster',
                server: `${scheme}://${(0,external_node_net_.isIPv6)(host) ? `[${host}]` : host}:${port}`,
                caFile: (0,external_node_path_.join)(dir, 'ca.crt'),
                skipTLSVerify: false,
            },
        ];
        config.users = [
            { name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile: (0,external_node_path_.join)(dir, 'token') } } },
        ];
        config.contexts = [
            { name: 'inClusterContext', cluster: 'inCluster', user: 'inClusterUser', ...(namespace ? { namespace } : {}) },
        ];
        config.currentContext = 'inClusterContext';
        return config;
    }
    /** Adds another file's entries, as kubectl merges KUBECONFIG: the first definition of a name wins. */
    merge(other) {
        const add = (mine, theirs) => {
            for (const entry of theirs)
                if (!mine.some((m) => m.name === entry.name))
                    mine.push(entry);
        };
        add(this.clusters, other.clusters);
        add(this.users, other.users);
        add(this.contexts, other.contexts);
        this.currentContext ||= other.currentContext;
    }
    context(name = this.currentContext) {
        return this.contexts.find((c) => c.name === name);
    }
    cluster(context = this.context()) {
        return context ? this.clusters.find((c) => c.name === context.cluster) : undefined;
    }
    user(context = this.context()) {
        return context?.user ? this.users.find((u) => u.name === context.user) : undefined;
    }
    /**
     * The access of the current context; undefined when it names no cluster. `env` holds HTTPS_PROXY, HTTP_PROXY and
     * NO_PROXY, read as kubectl reads them when the cluster has no `proxy-url`.
     */
    access(env = process.env) {
        const cluster = this.cluster();
        return cluster ? new ContextAccess(cluster, this.user(), env) : undefined;
    }
}
class ContextAccess {
    cluster;
    user;
    env;
    server;
    // One instance per connection: they cache what they fetched (an exec plugin's credential until it expires).
    authenticators = [
        new azure_auth/* AzureAuth */.M(),
        new gcp_auth/* GoogleCloudPlatformAuth */.m(),
        new exec_auth/* ExecAuth */.K(),
        new file_auth/* FileAuth */.v(),
        new OidcAuth(),
    ];
    constructor(cluster, user, env) {
        this.cluster = cluster;
        this.user = user;
        this.env = env;
        this.server = cluster.server;
    }
    /** client-go's order: the cluster's `proxy-url`, else the environment (HTTPS_PROXY/HTTP_PROXY, NO_PROXY). */
    proxy() {
        if (this.cluster.proxyUrl)
            return { url: this.cluster.proxyUrl, source: 'proxy-url' };
        const fromEnv = (0,proxy_env/* proxyFromEnvironment */.GG)(this.cluster.server, this.env);
        return fromEnv ? { url: fromEnv.url, source: fromEnv.variable } : undefined;
    }
    target() {
        const { cluster, user } = this;
        if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) {
            throw new Error('HTTP protocol is not allowed when skipTLSVerify is not set or false');
        }
        const tls = {};
        const ca = fileOrData(cluster.caFile, cluster.caData);
        if (ca)
            tls.ca = ca;
        const cert = fileOrData(user?.certFile, user?.certData);
        if (cert)
            tls.cert = cert;
        const key = fileOrData(user?.keyFile, user?.keyData);
        if (key)
            tls.key = key;
        if (cluster.tlsServerName)
            tls.servername = cluster.tlsServerName;
        if (cluster.skipTLSVerify)
            tls.rejectUnauthorized = false;
        const proxy = this.proxy();
        return { server: cluster.server, ...(proxy ? { proxyUrl: proxy.url, proxySource: proxy.source } : {}), tls };
    }
    async credentials() {
        const { user } = this;
        const credentials = { headers: {} };
        if (!user)
            return credentials;
        // The plugins write into request options, as client-node's KubeConfig lets them.
        const options = { headers: {} };
        const plugin = this.authenticators.find((a) => a.isAuthProvider(user));
        if (plugin)
            await plugin.applyAuthentication(user, options);
        Object.assign(credentials.headers, options.headers);
        if (options.cert)
            credentials.cert = options.cert;
        if (options.key)
            credentials.key = options.key;
        if (user.token)
            credentials.headers['Authorization'] = `Bearer ${user.token}`;
        if (user.impersonateUser)
            credentials.headers['Impersonate-User'] = user.impersonateUser;
        if (user.username)
            credentials.auth = `${user.username}:${user.password ?? ''}`;
        return credentials;
    }
}
function fileOrData(file, data) {
    if (file)
        return (0,external_node_fs_.readFileSync)(file);
    if (data)
        return Buffer.from(data, 'base64');
    return undefined;
}
const PATH_KEYS = ['certificate-authority', 'client-certificate', 'client-key', 'token-file'];
/** kubectl's rule: file references in a kubeconfig are relative to the file (an exec command only with a slash). */
function resolvePaths(document, baseDir) {
    for (const list of [document['clusters'], document['users']]) {
        if (!Array.isArray(list))
            continue;
        for (const entry of list) {
            if (!entry || typeof entry !== 'object')
                continue;
            const body = entry['cluster'] ?? entry['user'];
            if (!body || typeof body !== 'object')
                continue;
            const fields = body;
            for (const key of PATH_KEYS) {
                const value = fields[key];
                if (typeof value === 'string' && value !== '' && !(0,external_node_path_.isAbsolute)(value))
                    fields[key] = (0,external_node_path_.join)(baseDir, value);
            }
            const exec = fields['exec'];
            const command = exec?.['command'];
            if (exec && typeof command === 'string' && command.includes('/') && !(0,external_node_path_.isAbsolute)(command)) {
                exec['command'] = (0,external_node_path_.join)(baseDir, command);
            }
        }
    }
}

// EXTERNAL MODULE: ./src/core/redact.ts
var redact = __webpack_require__(2258);
;// CONCATENATED MODULE: ./src/core/kube/connection.ts









const SECRET_KEY = /token|secret|password|passwd|credential|private|api[-_]?key|client[-_]?key|certificate-data|^key$/i;
const MIN_SECRET_LENGTH = 4;
/** Keys whose value is a URL that may carry credentials in its user part or query. */
const URL_KEYS = new Set(['server', 'proxy-url']);
/**
 * Every string in a kubeconfig that must never appear in a log: tokens, passwords, client keys and certificates,
 * auth-provider tokens and secrets, exec environment values and arguments that look secret. Pure; tolerant of
 * kubeconfigs it cannot parse (then it falls back to a line scan), because masking must not fail.
 */
function kubeconfigSecrets(kubeconfigText) {
    const found = new Set();
    let parsed;
    try {
        parsed = (0,js_yaml/* load */.Hh)(kubeconfigText);
    }
    catch {
        parsed = undefined;
    }
    if (parsed && typeof parsed === 'object')
        collectSecrets(parsed, found, '');
    else {
        for (const match of kubeconfigText.matchAll(/^\s*-?\s*([\w-]+)\s*:\s*["']?([^"'\s#]+)["']?\s*$/gm)) {
            if (SECRET_KEY.test(match[1] ?? '') && match[2])
                found.add(match[2]);
        }
    }
    return [...found].filter((value) => value.length >= MIN_SECRET_LENGTH);
}
function collectSecrets(node, found, key) {
    if (Array.isArray(node)) {
        collectExecArgs(key, node, found);
        for (const item of node)
            collectSecrets(item, found, key);
        return;
    }
    if (node && typeof node === 'object') {
        const record = node;
        // exec.env is a list of {name, value}: the value is secret when its name says so.
        if (typeof record['name'] === 'string' && typeof record['value'] === 'string' && SECRET_KEY.test(record['name'])) {
            found.add(record['value']);
        }
        for (const [childKey, child] of Object.entries(record)) {
            if (childKey === 'certificate-authority-data')
                continue;
            const scalar = typeof child === 'string' || typeof child === 'number' || typeof child === 'bigint';
            if (scalar && SECRET_KEY.test(childKey))
                found.add(String(child));
            else if (typeof child === 'string' && URL_KEYS.has(childKey))
                for (const secret of (0,redact/* urlSecrets */.F)(child))
                    found.add(secret);
            else
                collectSecrets(child, found, childKey);
        }
    }
}
/** `--token=abc` or `--token abc` in an exec plugin's args. */
function collectExecArgs(key, list, found) {
    if (key !== 'args')
        return;
    list.forEach((arg, index) => {
        if (typeof arg !== 'string')
            return;
        const inline = /^--?([\w-]+)=(.+)$/.exec(arg);
        if (inline && SECRET_KEY.test(inline[1] ?? ''))
            found.add(inline[2] ?? '');
        const next = list[index + 1];
        if (/^--?[\w-]+$/.test(arg) && SECRET_KEY.test(arg.replace(/^-+/, '')) && typeof next === 'string')
            found.add(next);
    });
}
function loadKubeconfig(source, env, serviceAccountDir) {
    if (source.kind === 'content') {
        // Loaded from memory: the content is never written to disk, so it cannot be left behind world-readable.
        const kubeconfig = parse(() => Kubeconfig.parse(source.content), 'the kubeconfig input');
        return { kubeconfig, secrets: kubeconfigSecrets(source.content), origin: 'the kubeconfig input' };
    }
    if (source.kind === 'file')
        return loadFiles([source.path], `--kubeconfig ${source.path}`);
    const fromEnv = (env['KUBECONFIG'] ?? '').split(external_node_path_.delimiter).filter(Boolean);
    if (fromEnv.length > 0)
        return loadFiles(fromEnv, `KUBECONFIG=${env['KUBECONFIG'] ?? ''}`);
    const home = (0,external_node_path_.join)(env['HOME'] ?? (0,external_node_os_.homedir)(), '.kube', 'config');
    if ((0,external_node_fs_.existsSync)(home))
        return loadFiles([home], home);
    const tokenFile = (0,external_node_path_.join)(serviceAccountDir, 'token');
    if (env['KUBERNETES_SERVICE_HOST'] && (0,external_node_fs_.existsSync)(tokenFile)) {
        // The token file is the secret itself, not a kubeconfig to search.
        const token = (0,external_node_fs_.readFileSync)(tokenFile, 'utf8').trim();
        return {
            kubeconfig: Kubeconfig.inCluster(env, serviceAccountDir),
            secrets: token ? [token] : [],
            origin: 'the in-cluster service account',
        };
    }
    throw new errors/* KcsError */.q$('KCS-K8S-003', 'No kubeconfig found: no kubeconfig input, KUBECONFIG is unset, ~/.kube/config does not exist and this is not a pod.', {
        hint: 'Pass the kubeconfig input (or --kubeconfig FILE), set KUBECONFIG, or create a kind cluster first.',
        category: 'cluster',
    });
}
/** Several files merge as kubectl merges them: the first definition of a name (and of current-context) wins. */
function loadFiles(files, origin) {
    const texts = [];
    let merged;
    for (const file of files) {
        let text;
        try {
            text = (0,external_node_fs_.readFileSync)(file, 'utf8');
        }
        catch (cause) {
            throw new errors/* KcsError */.q$('KCS-K8S-001', `Cannot read the kubeconfig file ${file}: ${cause.code ?? String(cause)}.`, {
                hint: 'Check the path and its permissions.',
                category: 'cluster',
                cause,
            });
        }
        texts.push(text);
        const kubeconfig = parse(() => Kubeconfig.parse(text, (0,external_node_path_.dirname)(file)), file);
        if (merged)
            merged.merge(kubeconfig);
        else
            merged = kubeconfig;
    }
    return { kubeconfig: merged ?? new Kubeconfig(), secrets: texts.flatMap(kubeconfigSecrets), origin };
}
function parse(load, origin) {
    try {
        return load();
    }
    catch (cause) {
        // The parser's message may quote the offending line, which can hold a secret: keep it out of the message.
        throw new errors/* KcsError */.q$('KCS-K8S-001', `Cannot parse the kubeconfig from ${origin}: it is not a valid kubeconfig YAML.`, {
            hint: 'Check it with `kubectl config view --kubeconfig <file>`.',
            category: 'cluster',
            cause,
        });
    }
}
/**
 * Loads the kubeconfig, selects the context and checks the server answers, so that a wrong or unreachable cluster
 * fails in seconds with the server's address, not minutes later in the middle of a scan.
 */
async function connect(source, context, logger, options = {}, env = process.env) {
    const loaded = loadKubeconfig(source, env, options.serviceAccountDir ?? kubeconfig_namespace/* SERVICE_ACCOUNT_DIR */.Id);
    const { kubeconfig, origin } = loaded;
    const secrets = [...new Set(loaded.secrets)];
    if (context !== undefined) {
        if (!kubeconfig.context(context)) {
            const known = kubeconfig.contexts.map((c) => c.name);
            throw new errors/* KcsError */.q$('KCS-K8S-002', `The kubeconfig from ${origin} has no context "${context}".`, {
                hint: `Contexts it has: ${known.length > 0 ? known.join(', ') : 'none'}.`,
                category: 'cluster',
            });
        }
        kubeconfig.currentContext = context;
    }
    const access = kubeconfig.access(env);
    const contextName = kubeconfig.currentContext;
    if (!access) {
        throw new errors/* KcsError */.q$('KCS-K8S-002', `The kubeconfig from ${origin} has no usable current context ("${contextName || 'none'}" names no cluster).`, {
            hint: 'Pick a context with the context input or --context.',
            category: 'cluster',
        });
    }
    const server = access.server;
    // Chosen now, so a bad HTTPS_PROXY fails here with its own code (KCS-NET-001) rather than as a network error.
    const proxy = access.proxy?.();
    // A proxy from the environment may carry credentials too (http://user:password@proxy:3128): mask them with the rest.
    if (proxy)
        for (const secret of (0,redact/* urlSecrets */.F)(proxy.url))
            if (!secrets.includes(secret))
                secrets.push(secret);
    const via = proxy ? `, through the proxy ${(0,redact/* redactUrl */.B)(proxy.url, { query: true })} from ${proxy.source}` : '';
    const http = new kube_http/* KubeHttp */.qm(access, options.retry ?? kube_http/* DEFAULT_RETRY */.vI);
    let serverVersion;
    try {
        const version = await http.request('GET', '/version', {
            timeoutMs: options.probeTimeoutMs ?? 10_000,
            idempotent: false,
        });
        serverVersion = version.gitVersion ?? 'unknown';
    }
    catch (error) {
        http.close();
        throw (0,api_errors/* apiFailure */.t)('connect to', `the Kubernetes API server at ${(0,redact/* redactUrl */.B)(server)} (context "${contextName}"${via})`, error);
    }
    logger.debug(`Connected to ${(0,redact/* redactUrl */.B)(server)} (context "${contextName}"${via}, Kubernetes ${serverVersion}).`);
    const namespace = kubeconfig.context()?.namespace;
    return {
        server: (0,redact/* redactUrl */.B)(server),
        context: contextName,
        ...(namespace ? { namespaceDefault: namespace } : {}),
        secrets,
        http,
        serverVersion,
        close: () => http.close(),
    };
}


/***/ })

};
