export const id = 686;
export const ids = [686];
export const modules = {

/***/ 500:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ createAgent)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_3__);




/**
 * Keep-alive for every request of a scan on a few sockets. A watch and a followed log each hold one socket while they
 * run; short requests share the rest. Idle sockets close after 30 s, below the idle timeouts of the API server (90 s)
 * and of cloud load balancers (AWS ELB: 60 s), so a request rarely meets a socket the other end already closed (and
 * when it does, KubeHttp sends it again on a fresh one). The cap is a safety net, not a limit a scan reaches: it
 * leaves room for the two long-running streams and any number of short requests (they queue, never deadlock).
 */
const POOL = {
    keepAlive: true,
    keepAliveMsecs: 30_000,
    maxSockets: 6,
    maxFreeSockets: 4,
    timeout: 30_000,
    scheduling: 'lifo',
};
/** How long opening a tunnel through a proxy may take when the request sets no timeout of its own. */
const TUNNEL_TIMEOUT_MS = 30_000;
/**
 * The one agent a connection's requests, watches and log streams share (one per client identity: an exec plugin that
 * hands out a new certificate gets a new agent). The TLS material lives in the agent's options, which Node merges over
 * every request's, so each pooled socket was opened with the same CA, client certificate and server name.
 */
function createAgent(target) {
    const secure = target.server.startsWith('https:');
    const proxy = target.proxyUrl ? parseProxyUrl(target.proxyUrl, target.proxySource ?? 'proxy-url') : undefined;
    const options = { ...POOL, ...definedOnly(target.tls) };
    if (!proxy)
        return secure ? new (node_https__WEBPACK_IMPORTED_MODULE_1___default().Agent)(options) : new (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent)(POOL);
    return secure ? new TunnelHttpsAgent(proxy, options) : new TunnelHttpAgent(proxy, POOL);
}
function definedOnly(material) {
    return Object.fromEntries(Object.entries(material).filter(([, value]) => value !== undefined));
}
function parseProxyUrl(proxyUrl, source) {
    let url;
    try {
        url = new URL(proxyUrl);
    }
    catch {
        throw new Error(`${source} is not a URL (expected http://host:port, https://host:port or socks5://host:port)`);
    }
    if (!['http:', 'https:', 'socks5:', 'socks5h:'].includes(url.protocol)) {
        throw new Error(`${source} scheme ${url.protocol} is not supported (use http, https, socks5 or socks5h)`);
    }
    return url;
}
/** TLS to the API server inside a tunnel through the proxy; each pooled socket is one tunnel. */
class TunnelHttpsAgent extends (node_https__WEBPACK_IMPORTED_MODULE_1___default().Agent) {
    proxy;
    constructor(proxy, options) {
        super(options);
        this.proxy = proxy;
    }
    createConnection(options, callback) {
        openTunnel(this.proxy, options).then((socket) => {
            const secure = node_tls__WEBPACK_IMPORTED_MODULE_3___default().connect({ ...options, socket });
            callback?.(null, secure);
        }, (error) => callback?.(error, undefined));
        return undefined;
    }
}
/** Plain HTTP to the API server (`insecure-skip-tls-verify`) inside a tunnel. */
class TunnelHttpAgent extends (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent) {
    proxy;
    constructor(proxy, options) {
        super(options);
        this.proxy = proxy;
    }
    createConnection(options, callback) {
        openTunnel(this.proxy, options).then((socket) => callback?.(null, socket), (error) => callback?.(error, undefined));
        return undefined;
    }
}
/** A TCP stream to the request's host and port through the proxy. */
function openTunnel(proxy, options) {
    const host = (options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
    const port = Number(options.port ?? 443);
    const timeoutMs = options.timeout || TUNNEL_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            pending.destroy();
            reject(new Error(`the proxy ${proxy.host} did not open a tunnel within ${timeoutMs} ms`));
        }, timeoutMs);
        let settled = false;
        const done = (error, socket) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            // Until TLS or the HTTP client takes the socket over (a microtask later), an error must not crash the process;
            // they add their own listeners and see every later error.
            socket?.on('error', () => undefined);
            if (socket)
                resolve(socket);
            else
                reject(error ?? new Error(`the proxy ${proxy.host} opened no tunnel`));
        };
        const pending = proxy.protocol.startsWith('socks5')
            ? socks5Connect(proxy, host, port, done)
            : httpConnect(proxy, host, port, done);
    });
}
function proxyAuthorization(proxy) {
    if (!proxy.username)
        return {};
    const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    return { 'Proxy-Authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}
/** HTTP CONNECT (RFC 9110 §9.3.6), to an `http://` proxy or, over TLS, an `https://` one. */
function httpConnect(proxy, host, port, done) {
    const authority = `${node_net__WEBPACK_IMPORTED_MODULE_2___default().isIPv6(host) ? `[${host}]` : host}:${port}`;
    const request = (proxy.protocol === 'https:' ? (node_https__WEBPACK_IMPORTED_MODULE_1___default()) : (node_http__WEBPACK_IMPORTED_MODULE_0___default())).request({
        host: proxy.hostname.replace(/^\[|\]$/g, ''),
        port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
        method: 'CONNECT',
        path: authority,
        headers: { Host: authority, ...proxyAuthorization(proxy) },
        agent: false,
    });
    request.on('error', (error) => done(error));
    request.on('connect', (response, socket, head) => {
        if (response.statusCode !== 200) {
            socket.destroy();
            done(new Error(`the proxy ${proxy.host} refused CONNECT ${authority}: HTTP ${response.statusCode ?? 0}`));
            return;
        }
        if (head.length > 0)
            socket.unshift(head);
        done(undefined, socket);
    });
    request.end();
    return request;
}
/** SOCKS5 (RFC 1928) CONNECT, with username/password authentication (RFC 1929) when the URL carries them. */
function socks5Connect(proxy, host, port, done) {
    const socket = node_net__WEBPACK_IMPORTED_MODULE_2___default().connect(Number(proxy.port || 1080), proxy.hostname.replace(/^\[|\]$/g, ''));
    const user = Buffer.from(decodeURIComponent(proxy.username));
    const password = Buffer.from(decodeURIComponent(proxy.password));
    const fail = (message) => {
        socket.destroy();
        socket.off('data', onData);
        done(new Error(`SOCKS5 proxy ${proxy.host}: ${message}`));
    };
    let stage = 'method';
    let buffered = Buffer.alloc(0);
    const onData = (chunk) => {
        buffered = Buffer.concat([buffered, chunk]);
        if (stage === 'method') {
            if (buffered.length < 2)
                return;
            const method = buffered[1];
            buffered = buffered.subarray(2);
            if (method === 2 && user.length > 0) {
                stage = 'auth';
                socket.write(Buffer.concat([Buffer.from([1, user.length]), user, Buffer.from([password.length]), password]));
            }
            else if (method === 0) {
                stage = 'connect';
                socket.write(socksConnectRequest(host, port));
            }
            else
                fail('no acceptable authentication method');
        }
        else if (stage === 'auth') {
            if (buffered.length < 2)
                return;
            if (buffered[1] !== 0)
                return fail('username or password refused');
            buffered = buffered.subarray(2);
            stage = 'connect';
            socket.write(socksConnectRequest(host, port));
        }
        else {
            const length = socksReplyLength(buffered);
            if (length === undefined)
                return;
            if (buffered[1] !== 0)
                return fail(`CONNECT ${host}:${port} refused (reply ${buffered[1] ?? '?'})`);
            socket.off('data', onData);
            if (buffered.length > length)
                socket.unshift(buffered.subarray(length));
            done(undefined, socket);
        }
    };
    socket.on('error', (error) => fail(error.message));
    socket.on('connect', () => socket.write(Buffer.from(user.length > 0 ? [5, 2, 0, 2] : [5, 1, 0])));
    socket.on('data', onData);
    return socket;
}
function socksConnectRequest(host, port) {
    const portBytes = Buffer.from([port >> 8, port & 0xff]);
    if (node_net__WEBPACK_IMPORTED_MODULE_2___default().isIPv4(host))
        return Buffer.concat([Buffer.from([5, 1, 0, 1, ...host.split('.').map(Number)]), portBytes]);
    if (node_net__WEBPACK_IMPORTED_MODULE_2___default().isIPv6(host))
        return Buffer.concat([Buffer.from([5, 1, 0, 4]), ipv6Bytes(host), portBytes]);
    // A name goes to the proxy as a name, for socks5 and socks5h alike: the proxy resolves it (as kubectl does).
    const name = Buffer.from(host);
    return Buffer.concat([Buffer.from([5, 1, 0, 3, name.length]), name, portBytes]);
}
/** The length of a complete CONNECT reply at the start of `data`, or undefined while it is incomplete. */
function socksReplyLength(data) {
    if (data.length < 5)
        return undefined;
    const type = data[3];
    const address = type === 1 ? 4 : type === 4 ? 16 : type === 3 ? 1 + (data[4] ?? 0) : 0;
    const length = 4 + address + 2;
    return data.length >= length ? length : undefined;
}
function ipv6Bytes(address) {
    const [head = '', tail] = address.split('::');
    const groups = (part) => (part ? part.split(':') : []);
    const zeros = tail === undefined ? 0 : 8 - groups(head).length - groups(tail).length;
    const all = [...groups(head), ...Array(zeros).fill('0'), ...groups(tail)];
    return Buffer.from(all.flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff]));
}


/***/ }),

/***/ 1161:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ isNotFound),
/* harmony export */   t: () => (/* binding */ apiFailure)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(773);


const ROLE_RULES = 'pods: create, get, list, watch, delete; pods/log: get; configmaps: create, get, list, delete, patch';
const SECRET_ROLE_RULES = 'secrets: create, get, patch, delete';
/** The authorizer's form: `User "u" cannot create resource "pods" in API group "" in the namespace "ns"`. */
const RBAC_DENIAL = /cannot ([a-z]+) resource "([^"]+)"/;
/** A validating or mutating webhook said no (Gatekeeper, Kyverno, a vendor's policy engine). */
const WEBHOOK_DENIAL = /admission webhook "([^"]+)" denied the request/;
/** The ResourceQuota and LimitRanger admission plugins. */
const QUOTA_REFUSAL = /exceeded quota|must specify (?:limits|requests)|(?:maximum|minimum) [a-z-]+ usage per (?:container|pod)|limit to request ratio/i;
/**
 * Turns a failed API call into one line: what we tried, on which object, the server's reason and the HTTP status,
 * with a stable code and what to do about it.
 */
function apiFailure(action, object, error) {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$)
        return error;
    if (error instanceof _http_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeNetworkError */ .Up) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$('KCS-K8S-004', `Failed to ${action} ${object}: cannot reach the Kubernetes API server at ${error.server}: ${error.message}.`, {
            hint: 'Check that the cluster is running, that the kubeconfig names the right server, and any proxy or firewall in between.',
            category: 'cluster',
            cause: error,
        });
    }
    if (!(error instanceof _http_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3)) {
        return (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .toKcsError */ .FN)(error, { code: 'KCS-K8S-012', context: `Failed to ${action} ${object}`, category: 'cluster' });
    }
    const reason = error.body?.reason ?? '';
    const detail = `${error.body?.message ?? 'no message'} (${error.status}${reason ? ` ${reason}` : ''})`;
    const line = `Failed to ${action} ${object}: ${detail}`;
    const options = { category: 'cluster', cause: error };
    const podSecurity = /violates PodSecurity "([a-z]+)(?::[^"]*)?"/.exec(error.body?.message ?? '');
    if (error.status === 403 && podSecurity) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$('KCS-K8S-007', line, {
            ...options,
            hint: `The namespace enforces the Pod Security "${podSecurity[1] ?? '?'}" level; the scan pod needs "baseline" (it runs as UID 0 ` +
                'and adds SYS_CHROOT, DAC_OVERRIDE and SETPCAP). Scan in a namespace labelled ' +
                'pod-security.kubernetes.io/enforce=baseline (deploy/rbac.yaml creates one), or label yours: ' +
                'kubectl label namespace <name> pod-security.kubernetes.io/enforce=baseline --overwrite.',
        });
    }
    const webhook = WEBHOOK_DENIAL.exec(error.body?.message ?? '');
    if (webhook && error.status >= 400 && error.status < 500) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$('KCS-K8S-014', line, {
            ...options,
            hint: `The admission webhook "${webhook[1] ?? '?'}" refused the object: a policy of the cluster (Gatekeeper, Kyverno or the like) ` +
                'does not allow the scan pod as it is. Its message above names the rule; ask the cluster admins for an exception for the scan ' +
                'namespace, or change what the rule objects to (image registry, annotations, resources) in the configuration.',
        });
    }
    if (error.status === 401) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$('KCS-K8S-005', line, {
            ...options,
            hint: 'The credentials in the kubeconfig were refused: the token expired or the certificate is not trusted. Refresh them.',
        });
    }
    if (error.status === 403)
        return forbidden(line, error.body?.message ?? '', options);
    if (error.status === 404 && error.body?.details?.kind === 'namespaces') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$('KCS-K8S-008', line, {
            ...options,
            hint: 'Create the namespace first (deploy/rbac.yaml creates kube-cinc-scan with the right labels), or choose an existing one.',
        });
    }
    if (error.status === 409) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$('KCS-K8S-009', line, {
            ...options,
            hint: 'An object with this name already exists: a run id was reused. Start the scan again (it draws a new run id).',
        });
    }
    if (error.status === 422 || error.status === 400) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$('KCS-K8S-010', line, {
            ...options,
            hint: 'The API server refused the object; check the image, annotations, node selector and tolerations in the configuration.',
        });
    }
    if (error.status === 429 || error.status >= 500) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$('KCS-K8S-011', `${line}, still failing after ${error.attempts} attempts`, {
            ...options,
            hint: 'The API server is overloaded or failing; try again later or check the control plane.',
        });
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$('KCS-K8S-012', line, options);
}
/**
 * A 403 has several owners: the authorizer (RBAC), the ResourceQuota and LimitRanger admission plugins, and others
 * (a node restriction, an aggregated API). Only the authorizer's form names a verb and resource the Role could grant.
 */
function forbidden(line, message, options) {
    const rbac = RBAC_DENIAL.exec(message);
    if (rbac?.[2] === 'secrets') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$('KCS-K8S-006', line, {
            ...options,
            hint: `The identity in the kubeconfig may not ${rbac[1] ?? '?'} "secrets" in the scan namespace: the registry credentials ` +
                `(registry-username, registry-password) travel in a Secret of their own, which needs the Role in ` +
                `deploy/rbac-registry-secret.yaml (${SECRET_ROLE_RULES}) besides deploy/rbac.yaml. Apply it, or leave the registry ` +
                'inputs empty and name a pull Secret you created yourself in image-pull-secrets.',
        });
    }
    if (rbac) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$('KCS-K8S-006', line, {
            ...options,
            hint: `The identity in the kubeconfig may not ${rbac[1] ?? '?'} "${rbac[2] ?? '?'}" in the scan namespace. Grant it the Role in ` +
                `deploy/rbac.yaml (${ROLE_RULES}) and bind it in the scan namespace.`,
        });
    }
    if (QUOTA_REFUSAL.test(message)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$('KCS-K8S-015', line, {
            ...options,
            hint: 'A ResourceQuota or LimitRange of the scan namespace refused the pod. The scan pod sets CPU and memory requests and limits on every ' +
                'container (10m-100m CPU and 32Mi for the keep-alive and the target, scanner-cpu and scanner-memory for the scanner): ' +
                'free or raise the quota, or set scanner-cpu and scanner-memory within the namespace limits (kubectl describe quota,limitrange).',
        });
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$('KCS-K8S-012', line, options);
}
/** True when the error is a 404 for the object itself (not its namespace): deleting it is then already done. */
function isNotFound(error) {
    return error instanceof _http_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && error.status === 404;
}


/***/ }),

/***/ 1798:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   XR: () => (/* binding */ deleteObject),
/* harmony export */   br: () => (/* binding */ deleteScanObjects),
/* harmony export */   q8: () => (/* binding */ handDeleteCommand)
/* harmony export */ });
/* unused harmony exports scanObjectRefs, secretRefs */
/* harmony import */ var _api_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1161);
/* harmony import */ var _object_ref_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1914);
/* harmony import */ var _objects_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1633);



/**
 * Deletes one object in the background (the garbage collector then removes what it owns). The one delete of the tool:
 * the scan's `finally`, the post step and the janitor all come here. A 404 counts as done; any other failure is a
 * warning ending with `advice` (how to delete it by hand), never an exception, because the callers are cleaning up
 * after the outcome is decided.
 */
async function deleteObject(http, ref, logger, advice) {
    const what = (0,_object_ref_js__WEBPACK_IMPORTED_MODULE_1__/* .describeRef */ .Ro)(ref);
    try {
        await http.request('DELETE', (0,_object_ref_js__WEBPACK_IMPORTED_MODULE_1__/* .objectPath */ .du)(ref), { query: { propagationPolicy: 'Background' } });
        logger.debug(`Deleted ${what}.`);
    }
    catch (error) {
        if ((0,_api_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isNotFound */ .c)(error)) {
            logger.debug(`${what} was already gone.`);
            return;
        }
        logger.warn(`${(0,_api_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .apiFailure */ .t)('delete', what, error).oneLine()}${advice ? ` ${advice}` : ''}`);
    }
}
/** Every object of a scan, from its names: the pod, its ConfigMaps and its registry Secret. */
function scanObjectRefs(names) {
    const { namespace } = names;
    return [
        { kind: 'pod', namespace, name: names.podName },
        ...names.configMapNames.map((name) => ({ kind: 'configmap', namespace, name })),
        ...secretRefs(names),
    ];
}
/** The scan's registry pull Secret, when it has one. */
function secretRefs(names) {
    return (names.secretNames ?? []).map((name) => ({ kind: 'secret', namespace: names.namespace, name }));
}
/** The command that deletes every object of a scan by hand, by its run-id label. */
function handDeleteCommand(names) {
    const kinds = (names.secretNames ?? []).length > 0 ? 'pod,configmap,secret' : 'pod,configmap';
    return `kubectl -n ${names.namespace} delete ${kinds} -l ${_objects_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL_RUN_ID */ .Ni}=${names.runId}`;
}
/**
 * Deletes the objects of one scan, all at once: every object its names give, or `only` those (the ones a failed scan
 * may have made). Deleting twice is harmless. Never throws.
 */
async function deleteScanObjects(names, connection, logger, only = scanObjectRefs(names)) {
    const advice = `Delete it by hand: ${handDeleteCommand(names)}`;
    await Promise.all(only.map((ref) => deleteObject(connection.http, ref, logger, advice)));
}


/***/ }),

/***/ 773:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Um: () => (/* binding */ PARTIAL_METADATA),
/* harmony export */   Up: () => (/* binding */ KubeNetworkError),
/* harmony export */   W3: () => (/* binding */ KubeApiError),
/* harmony export */   qm: () => (/* binding */ KubeHttp),
/* harmony export */   vI: () => (/* binding */ DEFAULT_RETRY),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2258);
/* harmony import */ var _agent_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(500);




/** A request that reached the API server and was answered with an error status. */
class KubeApiError extends Error {
    status;
    method;
    path;
    body;
    retryAfterSeconds;
    attempts;
    constructor(status, method, path, body, retryAfterSeconds, attempts) {
        super(body?.message ?? `HTTP ${status}`);
        this.status = status;
        this.method = method;
        this.path = path;
        this.body = body;
        this.retryAfterSeconds = retryAfterSeconds;
        this.attempts = attempts;
        this.name = 'KubeApiError';
    }
}
/** A request that never got an HTTP answer (connection refused, DNS, TLS, reset, timeout). */
class KubeNetworkError extends Error {
    method;
    path;
    staleSocket;
    /** The server's URL without any credentials, for messages. */
    server;
    constructor(server, method, path, cause, 
    /**
     * The request went out on a kept-alive socket that turned out closed (the server or a load balancer dropped it
     * while idle) before any answer: the server never saw it, so sending it again is safe, even a POST.
     */
    staleSocket = false) {
        super(cause instanceof Error ? cause.message || cause.name : String(cause), { cause });
        this.method = method;
        this.path = path;
        this.staleSocket = staleSocket;
        this.name = 'KubeNetworkError';
        this.server = (0,_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .redactUrl */ .B)(server);
    }
}
const DEFAULT_RETRY = { attempts: 6, baseDelayMs: 250, maxDelayMs: 4000, maxRetryAfterSeconds: 30 };
/**
 * Asks for an object's metadata alone (a PartialObjectMetadata), as `kubectl get` does for tables; a server that
 * cannot answer so sends the whole object, which has the same metadata.
 */
const PARTIAL_METADATA = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1, application/json';
/** Errors of a request written to a kept-alive socket the other end had already closed. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
/**
 * A small JSON client for the API server. It takes TLS material, proxies and credentials (tokens, exec plugins, client
 * certificates) from the kubeconfig, and adds what client-node lacks: retries of 429 (honouring Retry-After) and 5xx
 * with bounded backoff, a parsed Status on every error, and raw streams whose errors we handle ourselves.
 *
 * Every request, watch and log stream of a connection goes through one keep-alive agent (see agent.ts), so a scan
 * opens a few TLS connections instead of one per request. A stream the caller destroys takes its socket with it (an
 * unfinished response can never be reused); close() destroys the agent and every socket, so the process can exit.
 */
class KubeHttp {
    access;
    retry;
    server;
    /** By client identity: the kubeconfig's ("") or a certificate an exec plugin handed out. */
    agents = new Map();
    closed = false;
    constructor(access, retry = DEFAULT_RETRY) {
        this.access = access;
        this.retry = retry;
        this.server = access.server;
    }
    async request(method, path, options = {}) {
        const idempotent = options.idempotent ?? (method === 'GET' || method === 'DELETE');
        for (let attempt = 1;; attempt += 1) {
            let delayMs;
            try {
                const response = await this.send(method, path, options);
                const text = response.body;
                if (response.status >= 200 && response.status < 300) {
                    if (options.text)
                        return text;
                    if (options.discardBody)
                        return {};
                    return (text ? JSON.parse(text) : {});
                }
                const error = new KubeApiError(response.status, method, path, parseStatus(text), retryAfter(response.headers), attempt);
                if (!retryable(error.status) || attempt >= this.retry.attempts)
                    throw error;
                delayMs = this.delay(attempt, error.retryAfterSeconds);
            }
            catch (error) {
                if (!(error instanceof KubeNetworkError) || attempt >= this.retry.attempts)
                    throw error;
                if (options.signal?.aborted || !(idempotent || error.staleSocket))
                    throw error;
                // A stale socket is gone from the pool now: go again at once, on a fresh connection.
                delayMs = error.staleSocket ? 0 : this.delay(attempt, undefined);
            }
            await sleep(delayMs, options.signal);
        }
    }
    /**
     * Opens a long-running GET (a watch or a followed log). The caller owns the response and must destroy it. With
     * `idleTimeoutMs`, a connection that delivers nothing for that long (before or after the headers) is destroyed with
     * an error, so a half-open connection ends like a dropped one instead of hanging until the scan's timeout.
     */
    async stream(path, query, signal, options = {}) {
        const prepared = await this.prepare();
        const url = this.url(path, query);
        const { idleTimeoutMs } = options;
        return new Promise((resolve, reject) => {
            const request = (url.protocol === 'https:' ? (node_https__WEBPACK_IMPORTED_MODULE_1___default()) : (node_http__WEBPACK_IMPORTED_MODULE_0___default())).request(url, {
                ...prepared,
                method: 'GET',
                headers: { ...prepared.headers, Accept: 'application/json, */*', 'User-Agent': 'kube-cinc-scan' },
                // 0 clears the pool's idle-socket timeout: a quiet watch is not a dead one unless the caller says so.
                timeout: idleTimeoutMs ?? 0,
                ...(signal ? { signal } : {}),
            });
            let streaming;
            if (idleTimeoutMs !== undefined) {
                // A socket timeout: it restarts with every byte received, so a busy stream never trips it. Once the stream is
                // the caller's, the error goes to the response, where the caller reads it.
                request.on('timeout', () => {
                    const error = new Error(`no data for ${idleTimeoutMs} ms, the connection is presumed dead`);
                    if (streaming)
                        streaming.destroy(error);
                    else
                        request.destroy(error);
                });
            }
            request.on('error', (cause) => reject(new KubeNetworkError(this.server, 'GET', path, cause)));
            request.on('response', (response) => {
                if (response.statusCode === 200) {
                    streaming = response;
                    resolve(response);
                    return;
                }
                readBody(response)
                    .then((text) => reject(new KubeApiError(response.statusCode ?? 0, 'GET', path, parseStatus(text), retryAfter(response.headers), 1)))
                    .catch((cause) => reject(new KubeNetworkError(this.server, 'GET', path, cause)));
            });
            request.end();
        });
    }
    /** Destroys every socket, idle or in use: open watches and log streams end with an error their readers expect. */
    close() {
        this.closed = true;
        for (const agent of this.agents.values())
            agent.destroy();
        this.agents.clear();
    }
    delay(attempt, retryAfterSeconds) {
        if (retryAfterSeconds !== undefined)
            return Math.min(retryAfterSeconds, this.retry.maxRetryAfterSeconds) * 1000;
        const exponential = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        // Jitter keeps ten parallel jobs from retrying in lockstep against an overloaded server.
        return exponential / 2 + Math.random() * (exponential / 2);
    }
    url(path, query = {}) {
        const url = new URL(this.server.replace(/\/+$/, '') + path);
        for (const [key, value] of Object.entries(query))
            if (value !== undefined)
                url.searchParams.set(key, String(value));
        return url;
    }
    async prepare() {
        const credentials = await this.access.credentials();
        const prepared = { agent: this.agent(credentials), headers: credentials.headers };
        if (credentials.auth !== undefined)
            prepared.auth = credentials.auth;
        return prepared;
    }
    agent(credentials) {
        if (this.closed)
            throw new Error('the connection to the API server is closed');
        const identity = credentials.cert || credentials.key ? `${credentials.cert ?? ''}\n${credentials.key ?? ''}` : '';
        let agent = this.agents.get(identity);
        if (!agent) {
            const target = this.access.target();
            if (credentials.cert)
                target.tls.cert = credentials.cert;
            if (credentials.key)
                target.tls.key = credentials.key;
            agent = (0,_agent_js__WEBPACK_IMPORTED_MODULE_2__/* .createAgent */ .S)(target);
            this.agents.set(identity, agent);
        }
        return agent;
    }
    async send(method, path, options) {
        const prepared = await this.prepare();
        const url = this.url(path, options.query);
        const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
        return new Promise((resolve, reject) => {
            const request = (url.protocol === 'https:' ? (node_https__WEBPACK_IMPORTED_MODULE_1___default()) : (node_http__WEBPACK_IMPORTED_MODULE_0___default())).request(url, {
                ...prepared,
                method,
                headers: {
                    ...prepared.headers,
                    // Container logs are text/plain; asking for JSON only could be answered 406.
                    Accept: options.accept ?? (options.text ? 'text/plain, */*' : 'application/json'),
                    'User-Agent': 'kube-cinc-scan',
                    // An explicit length: Node sends a DELETE's body without one, which would corrupt a kept-alive connection.
                    ...(payload === undefined
                        ? {}
                        : {
                            'Content-Type': options.contentType ?? 'application/json',
                            'Content-Length': String(Buffer.byteLength(payload)),
                        }),
                },
                timeout: options.timeoutMs ?? 30_000,
                ...(options.signal ? { signal: options.signal } : {}),
            });
            let answered = false;
            request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs ?? 30_000} ms`)));
            request.on('error', (cause) => {
                const code = cause.code ?? '';
                const stale = request.reusedSocket && !answered && STALE_SOCKET_CODES.has(code);
                reject(new KubeNetworkError(this.server, method, path, cause, stale));
            });
            request.on('response', (response) => {
                answered = true;
                const wanted = !options.discardBody || (response.statusCode ?? 0) < 200 || (response.statusCode ?? 0) >= 300;
                readBody(response, wanted)
                    .then((body) => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
                    .catch((cause) => reject(new KubeNetworkError(this.server, method, path, cause)));
            });
            request.end(payload);
        });
    }
}
function retryable(status) {
    return status === 429 || status >= 500;
}
function retryAfter(headers) {
    const value = headers['retry-after'];
    if (typeof value !== 'string' || !/^\d+$/.test(value.trim()))
        return undefined;
    return Number(value.trim());
}
function parseStatus(text) {
    try {
        const parsed = JSON.parse(text);
        return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
    }
    catch {
        return text.trim() ? { message: text.trim().slice(0, 500) } : undefined;
    }
}
function readBody(response, wanted = true) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        response.on('data', (chunk) => {
            if (wanted)
                chunks.push(chunk);
        });
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
        response.on('aborted', () => reject(new Error('response aborted')));
    });
}
/** Waits, unless the signal fires first (then rejects with its reason). */
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(signal.reason);
            return;
        }
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal?.reason);
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}


/***/ }),

/***/ 1914:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ro: () => (/* binding */ describeRef),
/* harmony export */   _l: () => (/* binding */ pluralOf),
/* harmony export */   du: () => (/* binding */ objectPath),
/* harmony export */   yb: () => (/* binding */ collectionPath)
/* harmony export */ });
/**
 * The kinds of object a scan creates: their path segment in the core/v1 API and the word messages use for them. A new
 * kind of scan object (a Secret, say) is one more row here, and the create and delete steps handle it.
 */
const KINDS = {
    pod: { plural: 'pods', label: 'pod' },
    configmap: { plural: 'configmaps', label: 'ConfigMap' },
    secret: { plural: 'secrets', label: 'Secret' },
};
/** The resource name of the kind in the API: `pods`, `configmaps`. */
function pluralOf(kind) {
    return KINDS[kind].plural;
}
/** `/api/v1/namespaces/<ns>/<plural>`: where objects of the kind are created and listed. */
function collectionPath(kind, namespace) {
    return `/api/v1/namespaces/${namespace}/${pluralOf(kind)}`;
}
function objectPath(ref) {
    return `${collectionPath(ref.kind, ref.namespace)}/${ref.name}`;
}
/** How messages name an object: `pod ns/name`, `ConfigMap ns/name`. */
function describeRef(ref) {
    return `${KINDS[ref.kind].label} ${ref.namespace}/${ref.name}`;
}


/***/ }),

/***/ 1633:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F$: () => (/* binding */ newRunId),
/* harmony export */   JV: () => (/* binding */ CONFIGMAP_LIMIT_BYTES),
/* harmony export */   Ni: () => (/* binding */ LABEL_RUN_ID),
/* harmony export */   RQ: () => (/* binding */ profileConfigMapName),
/* harmony export */   S$: () => (/* binding */ buildPod),
/* harmony export */   Um: () => (/* binding */ WAIVERS_KEY),
/* harmony export */   Vf: () => (/* binding */ scanLabels),
/* harmony export */   Wh: () => (/* binding */ EXIT_FILES_CHANGED),
/* harmony export */   XG: () => (/* binding */ PROFILE_ARCHIVE_KEY),
/* harmony export */   _8: () => (/* binding */ scannerConfigMapName),
/* harmony export */   bd: () => (/* binding */ KEEPALIVE_CONTAINER),
/* harmony export */   dq: () => (/* binding */ LABEL_MANAGED_BY),
/* harmony export */   f7: () => (/* binding */ buildConfigMap),
/* harmony export */   gt: () => (/* binding */ TARGET_CONTAINER),
/* harmony export */   js: () => (/* binding */ TOOL),
/* harmony export */   oi: () => (/* binding */ MANAGED_SELECTOR),
/* harmony export */   ub: () => (/* binding */ configMapSize),
/* harmony export */   vZ: () => (/* binding */ SCANNER_CONTAINER),
/* harmony export */   wD: () => (/* binding */ INPUTS_KEY)
/* harmony export */ });
/* unused harmony exports LABEL_NAME, LABEL_COMPONENT, VERIFY_SCRIPT, SCANNER_COMMAND */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _results_key_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8157);


/** Labels every object of a scan carries; the janitor and the post step find leftovers by them. */
const LABEL_NAME = 'app.kubernetes.io/name';
const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
const LABEL_COMPONENT = 'app.kubernetes.io/component';
const LABEL_RUN_ID = 'kube-cinc-scan/run-id';
const TOOL = 'kube-cinc-scan';
const MANAGED_SELECTOR = `${LABEL_MANAGED_BY}=${TOOL}`;
const SCANNER_CONTAINER = 'scanner';
const TARGET_CONTAINER = 'target';
const KEEPALIVE_CONTAINER = 'keepalive';
/** The API server refuses a ConfigMap whose keys and values add up to more than 1 MiB. */
const CONFIGMAP_LIMIT_BYTES = 1024 * 1024;
// Paths inside the pod; the scanner side reads them (the scanner <-> cluster contract).
const SCANNER_MOUNT = '/opt/kcs/scanner';
const PROFILE_MOUNT = '/opt/kcs/profile';
const INPUTS_MOUNT = '/opt/kcs/inputs';
const WORK_DIR = '/opt/kcs/work';
// /dev is a tmpfs in every container, so the mount point exists even in a scratch image with a read-only root.
const KEEPALIVE_MOUNT = '/dev/kcs';
const KEEPALIVE_INIT_MOUNT = '/kcs';
const PROFILE_ARCHIVE_KEY = 'profile.tar.gz';
const INPUTS_KEY = 'inputs.yml';
const WAIVERS_KEY = 'waivers.yml';
/** A run id: `kcs-` and 10 random hex digits, valid as a DNS label and unique across parallel jobs. */
function newRunId() {
    return `kcs-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(5).toString('hex')}`;
}
function scanLabels(runId, component) {
    return { [LABEL_NAME]: TOOL, [LABEL_MANAGED_BY]: TOOL, [LABEL_COMPONENT]: component, [LABEL_RUN_ID]: runId };
}
const profileConfigMapName = (runId) => `${runId}-profile`;
const scannerConfigMapName = (runId) => `${runId}-scanner`;
function buildConfigMap(name, namespace, runId, component, files) {
    const { data, binaryData } = configMapData(files);
    return {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace, labels: scanLabels(runId, component) },
        immutable: true,
        ...(Object.keys(data).length > 0 ? { data } : {}),
        ...(Object.keys(binaryData).length > 0 ? { binaryData } : {}),
    };
}
/** The files as ConfigMap data, made once per list of files: the scans of a run share their scanner files. */
const encoded = new WeakMap();
function configMapData(files) {
    let made = encoded.get(files);
    if (made === undefined) {
        made = { data: {}, binaryData: {} };
        for (const file of files) {
            if (isText(file.content))
                made.data[file.key] = file.content.toString('utf8');
            else
                made.binaryData[file.key] = file.content.toString('base64');
        }
        encoded.set(files, made);
    }
    return made;
}
/** Size as the API server counts it for the 1 MiB limit: keys plus decoded values. */
function configMapSize(files) {
    return files.reduce((sum, file) => sum + Buffer.byteLength(file.key) + file.content.length, 0);
}
function isText(content) {
    if (content.includes(0))
        return false;
    return Buffer.from(content.toString('utf8'), 'utf8').equals(content);
}
function buildPod(inputs) {
    const { config, runId, podName } = inputs;
    const timeout = Math.max(1, Math.ceil(config.timeoutSeconds));
    return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
            name: podName,
            namespace: config.namespace,
            labels: scanLabels(runId, 'scan'),
            annotations: {
                ...config.podAnnotations,
                // An injected mesh proxy would change the pod's Pod Security level and keep it from completing.
                'sidecar.istio.io/inject': 'false',
                'linkerd.io/inject': 'disabled',
                'kube-cinc-scan/image': config.image,
            },
        },
        spec: {
            shareProcessNamespace: true,
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            activeDeadlineSeconds: timeout,
            terminationGracePeriodSeconds: 5,
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            ...pullSecrets(config.imagePullSecrets, inputs.registrySecretName),
            // The scanner image and the keep-alive are Linux binaries: on a mixed cluster a Windows node could not run them.
            nodeSelector: { 'kubernetes.io/os': 'linux', ...config.nodeSelector },
            ...(config.tolerations.length > 0 ? { tolerations: config.tolerations.map((t) => ({ ...t })) } : {}),
            initContainers: [keepaliveContainer(config)],
            containers: [targetContainer(config, runId, timeout), scannerContainer(inputs)],
            volumes: volumes(inputs),
        },
    };
}
function pullSecrets(names, registrySecret) {
    const all = registrySecret === undefined ? names : [...names, registrySecret];
    return all.length > 0 ? { imagePullSecrets: all.map((name) => ({ name })) } : {};
}
function lockedDown(extra = {}) {
    return {
        runAsUser: 0,
        runAsGroup: 0,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        ...extra,
    };
}
function resources(cpuRequest, cpuLimit, memory) {
    return { requests: { cpu: cpuRequest, memory }, limits: { cpu: cpuLimit, memory } };
}
function keepaliveContainer(config) {
    return {
        name: KEEPALIVE_CONTAINER,
        image: config.keepaliveImage,
        imagePullPolicy: 'IfNotPresent',
        // A static busybox runs in any image, distroless and scratch included.
        command: ['/bin/busybox', 'cp', '/bin/busybox', `${KEEPALIVE_INIT_MOUNT}/busybox`],
        securityContext: lockedDown(),
        resources: resources('10m', '100m', '32Mi'),
        volumeMounts: [{ name: 'keepalive', mountPath: KEEPALIVE_INIT_MOUNT }],
    };
}
function targetContainer(config, runId, timeout) {
    return {
        name: TARGET_CONTAINER,
        image: config.image,
        imagePullPolicy: config.imagePullPolicy,
        // The image's own entrypoint never runs: the keep-alive only holds the root filesystem open for the scan.
        command: [`${KEEPALIVE_MOUNT}/busybox`, 'sleep', String(timeout + 600)],
        env: [{ name: 'KCS_SCAN_TARGET', value: runId }],
        securityContext: lockedDown(),
        resources: resources('10m', '100m', '32Mi'),
        volumeMounts: [{ name: 'keepalive', mountPath: KEEPALIVE_MOUNT, readOnly: true }],
    };
}
function scannerEnv(inputs) {
    const { config, runId } = inputs;
    const env = [{ name: 'KCS_RUN_ID', value: runId }];
    // Always an archive in the ConfigMap: a profile URL is fetched on the runner, so the pod needs no egress and never
    // holds the URL or its token.
    env.push({ name: 'KCS_PROFILE_ARCHIVE', value: `${PROFILE_MOUNT}/${PROFILE_ARCHIVE_KEY}` });
    const keys = new Set(inputs.profileConfigMap?.files.map((f) => f.key) ?? []);
    if (keys.has(INPUTS_KEY))
        env.push({ name: 'KCS_INPUT_FILE', value: `${INPUTS_MOUNT}/${INPUTS_KEY}` });
    if (keys.has(WAIVERS_KEY))
        env.push({ name: 'KCS_WAIVER_FILE', value: `${INPUTS_MOUNT}/${WAIVERS_KEY}` });
    if (config.controls.length > 0)
        env.push({ name: 'KCS_CONTROLS', value: config.controls.join('\n') });
    env.push({ name: 'KCS_WORK_DIR', value: WORK_DIR }, { name: 'HOME', value: WORK_DIR }, { name: 'TMPDIR', value: WORK_DIR }, 
    // The transport's caps, in bytes (scanner/train-kcs-root/lib/train-kcs-root/limits.rb).
    { name: 'KCS_MAX_FILE_SIZE', value: String(config.maxFileSize) }, { name: 'KCS_MAX_COMMAND_OUTPUT', value: String(config.maxCommandOutput) }, { name: _results_key_js__WEBPACK_IMPORTED_MODULE_1__/* .RESULTS_KEY_ENV */ .hA, value: inputs.resultsKey });
    return env;
}
function scannerContainer(inputs) {
    const { config } = inputs;
    const keys = new Set(inputs.profileConfigMap?.files.map((f) => f.key) ?? []);
    const mounts = [
        { name: 'scanner', mountPath: SCANNER_MOUNT, readOnly: true },
        { name: 'work', mountPath: WORK_DIR },
    ];
    if (keys.has(PROFILE_ARCHIVE_KEY))
        mounts.push({ name: 'profile', mountPath: PROFILE_MOUNT, readOnly: true });
    if (keys.has(INPUTS_KEY) || keys.has(WAIVERS_KEY))
        mounts.push({ name: 'inputs', mountPath: INPUTS_MOUNT, readOnly: true });
    return {
        name: SCANNER_CONTAINER,
        image: config.scannerImage,
        imagePullPolicy: 'IfNotPresent',
        command: [...SCANNER_COMMAND],
        args: scannerArgs(inputs),
        env: scannerEnv(inputs),
        // SYS_CHROOT runs commands inside the target root, DAC_OVERRIDE reads files of any owner, SETPCAP lets the
        // transport drop every capability before it executes a binary of the target. All three are Pod Security baseline.
        securityContext: lockedDown({ capabilities: { drop: ['ALL'], add: ['SYS_CHROOT', 'DAC_OVERRIDE', 'SETPCAP'] } }),
        resources: resources(config.scannerCpu, config.scannerCpu, config.scannerMemory),
        volumeMounts: mounts,
    };
}
/**
 * The scanner's command checks every file the ConfigMaps mount against the sha256 the pod spec holds before it runs
 * anything (issue 18). Anyone who may delete and create ConfigMaps in the namespace could replace the scanner's files
 * between their creation and the kubelet mounting them; the pod spec is immutable, so what it pins is what runs, or
 * nothing runs (exit 70). The arguments are the entry script, then pairs of mounted path and sha256.
 * The kubelet expands `$(NAME)` and turns `$$` into `$` in command and args, so the script uses neither.
 */
const EXIT_FILES_CHANGED = 70;
const VERIFY_SCRIPT = [
    'entry=$1',
    'shift',
    'bad=',
    'while [ "$#" -ge 2 ]; do',
    `  printf '%s  %s\\n' "$2" "$1" | sha256sum --check --status --strict - 2>/dev/null || bad="$bad $1"`,
    '  shift 2',
    'done',
    'if [ -n "$bad" ] || [ "$#" -ne 0 ]; then',
    `  printf 'kcs-scanner: error: these files do not match the sha256 in the pod spec:%s. A scan ConfigMap was replaced after the scan created it; nothing was run\\n' "$bad"`,
    `  exit ${EXIT_FILES_CHANGED}`,
    'fi',
    'exec /bin/bash "$entry"',
].join('\n');
const SCANNER_COMMAND = ['/bin/bash', '-c', VERIFY_SCRIPT, 'kcs-verify'];
function scannerArgs(inputs) {
    const pinned = [];
    const pin = (mountPath, file) => pinned.push(`${mountPath}/${file.path}`, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(file.content).digest('hex'));
    for (const file of inputs.scannerFiles)
        pin(SCANNER_MOUNT, file);
    for (const file of inputs.profileConfigMap?.files ?? [])
        pin(file.key === PROFILE_ARCHIVE_KEY ? PROFILE_MOUNT : INPUTS_MOUNT, file);
    return [`${SCANNER_MOUNT}/entrypoint.sh`, ...pinned];
}
/** A ConfigMap volume item; the mode is spelled out only where it differs from the volume's read-only default. */
function item(file) {
    return { key: file.key, path: file.path, ...(file.mode === 0o444 ? {} : { mode: file.mode }) };
}
function volumes(inputs) {
    const list = [
        // Disk-backed on purpose: a memory-backed emptyDir may be mounted noexec, and the keep-alive is executed from it.
        { name: 'keepalive', emptyDir: { sizeLimit: '16Mi' } },
        { name: 'work', emptyDir: { sizeLimit: '512Mi' } },
        {
            name: 'scanner',
            configMap: {
                name: scannerConfigMapName(inputs.runId),
                defaultMode: 0o444,
                items: inputs.scannerFiles.map(item),
            },
        },
    ];
    const profile = inputs.profileConfigMap;
    if (profile) {
        const archive = profile.files.filter((f) => f.key === PROFILE_ARCHIVE_KEY);
        const extra = profile.files.filter((f) => f.key !== PROFILE_ARCHIVE_KEY);
        if (archive.length > 0)
            list.push({ name: 'profile', configMap: { name: profile.name, defaultMode: 0o444, items: archive.map(item) } });
        if (extra.length > 0)
            list.push({ name: 'inputs', configMap: { name: profile.name, defaultMode: 0o444, items: extra.map(item) } });
    }
    return list;
}


/***/ }),

/***/ 3347:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EK: () => (/* binding */ REGISTRY_ANNOTATION),
/* harmony export */   I5: () => (/* binding */ buildRegistrySecret),
/* harmony export */   V4: () => (/* binding */ renderRedactedSecret),
/* harmony export */   XF: () => (/* binding */ REDACTED),
/* harmony export */   jz: () => (/* binding */ registrySecretName)
/* harmony export */ });
/* unused harmony export DOCKER_CONFIG_JSON_KEY */
/* harmony import */ var js_yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3243);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4692);
/* harmony import */ var _objects_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1633);



/** The Secret's name: the run id, like the ConfigMaps (`kcs-…-profile`, `kcs-…-scanner`). */
const registrySecretName = (runId) => `${runId}-registry`;
const DOCKER_CONFIG_JSON_KEY = '.dockerconfigjson';
/** Which registry a scan's Secret is for (the data itself is never shown). */
const REGISTRY_ANNOTATION = 'kube-cinc-scan/registry';
/** What `render` shows in place of the password and the auth string. */
const REDACTED = 'REDACTED';
/**
 * The pull Secret of one scan: `kubernetes.io/dockerconfigjson` with the credentials of one registry, labelled like
 * the other objects of the scan (so `cleanup` finds it by run id), immutable, referenced by the pod's
 * imagePullSecrets and owned by the pod once it exists.
 */
function buildRegistrySecret(name, namespace, runId, credentials) {
    return {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
            name,
            namespace,
            labels: (0,_objects_js__WEBPACK_IMPORTED_MODULE_2__/* .scanLabels */ .Vf)(runId, 'registry-credentials'),
            annotations: { [REGISTRY_ANNOTATION]: credentials.registry },
        },
        type: 'kubernetes.io/dockerconfigjson',
        immutable: true,
        data: { [DOCKER_CONFIG_JSON_KEY]: Buffer.from((0,_registry_js__WEBPACK_IMPORTED_MODULE_1__/* .dockerConfigJson */ .TF)(credentials), 'utf8').toString('base64') },
    };
}
/**
 * The Secret as `render` prints it: the same object with REDACTED for each password and auth string (still valid
 * base64 and JSON, so a server-side dry run accepts it), after a comment saying how to create the real one.
 */
function renderRedactedSecret(secret) {
    const encoded = secret.data?.[DOCKER_CONFIG_JSON_KEY] ?? '';
    const config = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    for (const entry of Object.values(config.auths)) {
        entry.password = REDACTED;
        entry.auth = REDACTED;
    }
    const redacted = {
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
    return `${comment}\n${(0,js_yaml__WEBPACK_IMPORTED_MODULE_0__/* .dump */ .Bh)(redacted, { noRefs: true, lineWidth: -1, sortKeys: false })}`;
}


/***/ }),

/***/ 8157:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AQ: () => (/* binding */ withoutResultsKey),
/* harmony export */   Tg: () => (/* binding */ hmacMatches),
/* harmony export */   hA: () => (/* binding */ RESULTS_KEY_ENV),
/* harmony export */   qW: () => (/* binding */ newResultsKey)
/* harmony export */ });
/* unused harmony exports REDACTED_RESULTS_KEY, isResultsKey, resultsHmac */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

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
const RESULTS_KEY_ENV = 'KCS_RESULTS_KEY';
const REDACTED_RESULTS_KEY = '<per-scan key, not shown>';
const KEY_PATTERN = /^[0-9a-f]{64}$/;
/** 32 random bytes as 64 lower-case hex digits, the form the scanner's frame script takes. */
function newResultsKey() {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(32).toString('hex');
}
function isResultsKey(value) {
    return KEY_PATTERN.test(value);
}
/** HMAC-SHA256 of `data` under a key given as 64 hex digits (the key's 32 bytes, not its text). */
function resultsHmac(key, data) {
    if (!isResultsKey(key))
        throw new Error('the results key must be 64 lower-case hex digits');
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha256', Buffer.from(key, 'hex')).update(data).digest('hex');
}
/** Constant-time comparison of an announced HMAC (hex) with the one computed here. */
function hmacMatches(key, data, announced) {
    const expected = Buffer.from(resultsHmac(key, data), 'hex');
    const given = Buffer.from(announced, 'hex');
    return given.length === expected.length && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.timingSafeEqual)(given, expected);
}
/** A copy of the pod with the results key replaced by REDACTED_RESULTS_KEY, fit for pod.yaml and `render`. */
function withoutResultsKey(pod) {
    const copy = structuredClone(pod);
    for (const container of [...(copy.spec?.initContainers ?? []), ...(copy.spec?.containers ?? [])]) {
        for (const variable of container.env ?? []) {
            if (variable.name === RESULTS_KEY_ENV && variable.value !== undefined)
                variable.value = REDACTED_RESULTS_KEY;
        }
    }
    return copy;
}


/***/ }),

/***/ 885:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GG: () => (/* binding */ proxyFromEnvironment)
/* harmony export */ });
/* unused harmony exports parseEnvProxy, useProxy, parseNoProxy, parseIp */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4296);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2258);




const PROXY_SCHEMES = new Set(['http:', 'https:', 'socks5:', 'socks5h:']);
const DEFAULT_PORTS = { 'http:': '80', 'https:': '443' };
/** The first non-empty of the names, with the name it was found under. */
function envAny(env, ...names) {
    for (const name of names) {
        const value = env[name];
        if (value)
            return { name, value };
    }
    return undefined;
}
/**
 * The proxy to reach `target` through, or undefined to connect directly. Throws (KCS-NET-001) when the variable that
 * applies holds something that is not a proxy URL: Go would quietly connect directly instead, which behind a proxy that
 * is the only way out fails later with a less helpful message.
 */
function proxyFromEnvironment(target, env) {
    let url;
    try {
        url = new URL(target);
    }
    catch {
        return undefined;
    }
    const found = url.protocol === 'https:'
        ? envAny(env, 'HTTPS_PROXY', 'https_proxy')
        : url.protocol === 'http:'
            ? envAny(env, 'HTTP_PROXY', 'http_proxy')
            : undefined;
    if (!found)
        return undefined;
    const noProxy = envAny(env, 'NO_PROXY', 'no_proxy')?.value ?? '';
    if (!useProxy(url, noProxy))
        return undefined;
    return { url: parseEnvProxy(found.name, found.value), variable: found.name };
}
/** A proxy variable's value as a URL: `host:port` and `host` get `http://`, as in Go's httpproxy. */
function parseEnvProxy(variable, value) {
    const text = value.trim();
    const withScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text) ? text : `http://${text}`;
    let url;
    try {
        url = new URL(withScheme);
    }
    catch {
        url = undefined;
    }
    if (!url || !PROXY_SCHEMES.has(url.protocol) || url.hostname === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('KCS-NET-001', `${variable}: ${JSON.stringify((0,_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .redactUrl */ .B)(text, { query: true }))} is not a proxy URL; use http://host:port, https://host:port or socks5://host:port (credentials as http://user:password@host:port)`);
    }
    return withScheme;
}
/** Whether a request to `url` goes through the proxy, given NO_PROXY: Go's `useProxy`, rule for rule. */
function useProxy(url, noProxy) {
    const host = hostOf(url);
    if (host === '')
        return true;
    if (host === 'localhost')
        return false;
    const ip = parseIp(host);
    if (ip && isLoopback(ip))
        return false;
    const port = url.port || DEFAULT_PORTS[url.protocol] || '';
    return !parseNoProxy(noProxy).some((rule) => rule(host, port, ip));
}
/** NO_PROXY, parsed as Go's httpproxy parses it; entries it cannot read are skipped, as there. */
function parseNoProxy(noProxy) {
    const rules = [];
    for (const raw of noProxy.split(',')) {
        const entry = raw.trim().toLowerCase();
        if (entry === '')
            continue;
        if (entry === '*')
            return [() => true];
        const cidr = parseCidr(entry);
        if (cidr) {
            rules.push((_host, _port, ip) => ip !== undefined && cidrContains(cidr, ip));
            continue;
        }
        const split = splitHostPort(entry);
        let entryHost = split ? split.host : entry;
        const entryPort = split ? split.port : '';
        if (split && entryHost === '')
            continue;
        if (entryHost.startsWith('[') && entryHost.endsWith(']'))
            entryHost = entryHost.slice(1, -1);
        const entryIp = parseIp(entryHost);
        if (entryIp) {
            rules.push((_host, port, ip) => ip !== undefined && sameIp(entryIp, ip) && (entryPort === '' || entryPort === port));
            continue;
        }
        if (entryHost === '')
            continue;
        // foo.com matches foo.com and bar.foo.com; .foo.com and *.foo.com match bar.foo.com only.
        if (entryHost.startsWith('*.'))
            entryHost = entryHost.slice(1);
        const matchHost = !entryHost.startsWith('.');
        const suffix = toAscii(matchHost ? `.${entryHost}` : entryHost);
        rules.push((host, port) => (host.endsWith(suffix) || (matchHost && host === suffix.slice(1))) && (entryPort === '' || entryPort === port));
    }
    return rules;
}
/** The URL's host as Go's canonicalAddr sees it: no brackets, lower case, ASCII (Node's URL already punycodes). */
function hostOf(url) {
    return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}
function toAscii(domain) {
    if ([...domain].every((c) => c.charCodeAt(0) < 0x80))
        return domain;
    // A leading dot is not a label domainToASCII accepts.
    const dot = domain.startsWith('.') ? '.' : '';
    return dot + ((0,node_url__WEBPACK_IMPORTED_MODULE_1__.domainToASCII)(domain.slice(dot.length)) || domain.slice(dot.length));
}
/** `host:port` or `[v6]:port`, as Go's net.SplitHostPort; undefined when there is no port part. */
function splitHostPort(text) {
    const bracketed = /^\[([^\]]*)\]:([^:]*)$/.exec(text);
    if (bracketed)
        return { host: `[${bracketed[1] ?? ''}]`, port: bracketed[2] ?? '' };
    const colons = text.split(':').length - 1;
    if (colons !== 1)
        return undefined;
    const [host = '', port = ''] = text.split(':');
    return { host, port };
}
// ----- IP addresses, as Go's net.IP: IPv4 as 4 bytes (an IPv4-mapped IPv6 address included), IPv6 as 16 ----------
function parseIp(text) {
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIPv4)(text))
        return Uint8Array.from(text.split('.').map(Number));
    if (!(0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIPv6)(text) || text.includes('%'))
        return undefined;
    const bytes = ipv6Bytes(text);
    const mapped = bytes.subarray(0, 12).every((b, i) => (i < 10 ? b === 0 : b === 0xff));
    return mapped ? bytes.slice(12) : bytes;
}
function ipv6Bytes(text) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) becomes its two 16-bit groups (::ffff:102:304).
    const address = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a, b, c, d) => [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((w) => w.toString(16)).join(':'));
    const [head = '', rest] = address.split('::');
    const groups = (part) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
    const left = groups(head);
    const right = groups(rest);
    const words = rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
    return Uint8Array.from(words.flatMap((w) => [w >> 8, w & 0xff]));
}
function isLoopback(ip) {
    if (ip.length === 4)
        return ip[0] === 127;
    return ip.every((b, i) => (i < 15 ? b === 0 : b === 1));
}
function sameIp(a, b) {
    return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
function parseCidr(text) {
    const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
    if (!match?.[1] || match[2] === undefined)
        return undefined;
    // Go keeps an IPv4 CIDR as IPv4 even when written as an IPv4-mapped IPv6 address; a plain IPv6 CIDR stays 16 bytes.
    const network = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIPv4)(match[1]) ? parseIp(match[1]) : (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIPv6)(match[1]) ? ipv6Bytes(match[1]) : undefined;
    const bits = Number(match[2]);
    if (!network || bits > network.length * 8)
        return undefined;
    return { network, bits };
}
function cidrContains(cidr, ip) {
    if (cidr.network.length !== ip.length)
        return false;
    for (let bit = 0; bit < cidr.bits; bit += 1) {
        const mask = 0x80 >> (bit % 8);
        const index = Math.floor(bit / 8);
        if (((cidr.network[index] ?? 0) & mask) !== ((ip[index] ?? 0) & mask))
            return false;
    }
    return true;
}


/***/ })

};
