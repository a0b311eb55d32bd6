export const id = 45;
export const ids = [45];
export const modules = {

/***/ 6045:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cleanupCommand: () => (/* binding */ cleanupCommand)
/* harmony export */ });
/* harmony import */ var _core_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4489);
/* harmony import */ var _core_kube_connection_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8309);
/* harmony import */ var _core_scan_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(466);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1604);
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2280);





const FLAGS = {
    namespace: { type: 'string', short: 'n', default: 'default' },
    'older-than': { type: 'string', default: '1h' },
    kubeconfig: { type: 'string' },
    context: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    verbose: { type: 'boolean', short: 'v', default: false },
    help: { type: 'boolean', short: 'h', default: false },
};
const cleanupCommand = {
    name: 'cleanup',
    summary: 'delete leftovers of scans that died (pods and ConfigMaps)',
    help: `Usage: kube-cinc-scan cleanup [--namespace NS] [--older-than 1h] [flags]

Deletes what scans whose runner died left behind: scan pods older than --older-than, and ConfigMaps of scans whose
pod is gone. Only objects labelled app.kubernetes.io/managed-by=kube-cinc-scan are considered.

Flags:
  -n, --namespace NS        namespace to clean (default: default)
      --older-than DURATION only objects at least this old: 90s, 30m, 2h, 1d (default: 1h)
      --kubeconfig FILE     kubeconfig to use (default: KUBECONFIG, ~/.kube/config, in-cluster)
      --context NAME        kubeconfig context (default: its current context)
      --dry-run             list what would be deleted, delete nothing
  -v, --verbose             debug output on stderr
  -h, --help                show this help

Exit codes: 0 done, 2 invalid flags, 3 cluster error.`,
    async run(argv, io) {
        const { values } = (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .parseFlags */ .b)('cleanup', argv, FLAGS);
        if (values.help) {
            io.out(`${cleanupCommand.help}\n`);
            return _io_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT */ .d.pass;
        }
        const olderThanSeconds = (0,_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDuration */ .E9)('--older-than', values['older-than'], { unitRequired: true });
        const logger = new _logger_js__WEBPACK_IMPORTED_MODULE_4__/* .CliLogger */ .fT(io, values.verbose);
        const source = values.kubeconfig ? { kind: 'file', path: values.kubeconfig } : { kind: 'default' };
        const connection = await (0,_core_kube_connection_js__WEBPACK_IMPORTED_MODULE_1__/* .connect */ .N)(source, values.context, logger, {}, io.env);
        try {
            const dryRun = values['dry-run'];
            const found = await (0,_core_scan_js__WEBPACK_IMPORTED_MODULE_2__/* .cleanupLeftovers */ .nb)({ namespace: values.namespace, olderThanSeconds, dryRun }, connection, logger);
            const verb = dryRun ? 'would delete' : 'deleted';
            for (const pod of found.pods)
                io.out(`${verb} pod ${values.namespace}/${pod}\n`);
            for (const configMap of found.configMaps)
                io.out(`${verb} configmap ${values.namespace}/${configMap}\n`);
            if (found.pods.length + found.configMaps.length === 0)
                io.out(`nothing to clean in namespace ${values.namespace}\n`);
            return _io_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT */ .d.pass;
        }
        finally {
            connection.close();
        }
    },
};


/***/ }),

/***/ 8309:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ connect)
/* harmony export */ });
/* unused harmony export kubeconfigSecrets */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2574);
/* harmony import */ var js_yaml__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3243);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4296);
/* harmony import */ var _api_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1161);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(773);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2258);









const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';
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
        parsed = (0,js_yaml__WEBPACK_IMPORTED_MODULE_4__/* .load */ .Hh)(kubeconfigText);
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
                for (const secret of (0,_redact_js__WEBPACK_IMPORTED_MODULE_8__/* .urlSecrets */ .F)(child))
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
function loadKubeconfig(source, env) {
    const kubeConfig = new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_3__/* .KubeConfig */ .ypW();
    if (source.kind === 'content') {
        // Loaded from memory: the content is never written to disk, so it cannot be left behind world-readable.
        parseInto(kubeConfig, () => kubeConfig.loadFromString(source.content), 'the kubeconfig input');
        return { kubeConfig, texts: [source.content], origin: 'the kubeconfig input' };
    }
    if (source.kind === 'file')
        return loadFiles(kubeConfig, [source.path], `--kubeconfig ${source.path}`);
    const fromEnv = (env['KUBECONFIG'] ?? '').split(node_path__WEBPACK_IMPORTED_MODULE_2__.delimiter).filter(Boolean);
    if (fromEnv.length > 0)
        return loadFiles(kubeConfig, fromEnv, `KUBECONFIG=${env['KUBECONFIG'] ?? ''}`);
    const home = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(env['HOME'] ?? (0,node_os__WEBPACK_IMPORTED_MODULE_1__.homedir)(), '.kube', 'config');
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(home))
        return loadFiles(kubeConfig, [home], home);
    if (env['KUBERNETES_SERVICE_HOST'] && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(SERVICE_ACCOUNT_TOKEN)) {
        kubeConfig.loadFromCluster();
        return { kubeConfig, texts: [(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(SERVICE_ACCOUNT_TOKEN, 'utf8')], origin: 'the in-cluster service account' };
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .KcsError */ .q$('KCS-K8S-003', 'No kubeconfig found: no kubeconfig input, KUBECONFIG is unset, ~/.kube/config does not exist and this is not a pod.', {
        hint: 'Pass the kubeconfig input (or --kubeconfig FILE), set KUBECONFIG, or create a kind cluster first.',
        category: 'cluster',
    });
}
function loadFiles(kubeConfig, files, origin) {
    const texts = [];
    files.forEach((file, index) => {
        let text;
        try {
            text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8');
        }
        catch (cause) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .KcsError */ .q$('KCS-K8S-001', `Cannot read the kubeconfig file ${file}: ${cause.code ?? String(cause)}.`, {
                hint: 'Check the path and its permissions.',
                category: 'cluster',
                cause,
            });
        }
        texts.push(text);
        if (index === 0)
            parseInto(kubeConfig, () => kubeConfig.loadFromFile(file), file);
        else {
            const more = new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_3__/* .KubeConfig */ .ypW();
            parseInto(more, () => more.loadFromFile(file), file);
            kubeConfig.mergeConfig(more, true);
        }
    });
    return { kubeConfig, texts, origin };
}
function parseInto(_kubeConfig, load, origin) {
    try {
        load();
    }
    catch (cause) {
        // The parser's message may quote the offending line, which can hold a secret: keep it out of the message.
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .KcsError */ .q$('KCS-K8S-001', `Cannot parse the kubeconfig from ${origin}: it is not a valid kubeconfig YAML.`, {
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
    const { kubeConfig, texts, origin } = loadKubeconfig(source, env);
    const secrets = [...new Set(texts.flatMap(kubeconfigSecrets))];
    if (context !== undefined) {
        if (!kubeConfig.getContexts().some((c) => c.name === context)) {
            const known = kubeConfig.getContexts().map((c) => c.name);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .KcsError */ .q$('KCS-K8S-002', `The kubeconfig from ${origin} has no context "${context}".`, {
                hint: `Contexts it has: ${known.length > 0 ? known.join(', ') : 'none'}.`,
                category: 'cluster',
            });
        }
        kubeConfig.setCurrentContext(context);
    }
    const cluster = kubeConfig.getCurrentCluster();
    const contextName = kubeConfig.getCurrentContext();
    if (!cluster) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .KcsError */ .q$('KCS-K8S-002', `The kubeconfig from ${origin} has no usable current context ("${contextName || 'none'}" names no cluster).`, {
            hint: 'Pick a context with the context input or --context.',
            category: 'cluster',
        });
    }
    const http = new _http_js__WEBPACK_IMPORTED_MODULE_7__/* .KubeHttp */ .qm(kubeConfig, cluster.server, options.retry ?? _http_js__WEBPACK_IMPORTED_MODULE_7__/* .DEFAULT_RETRY */ .vI);
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
        throw (0,_api_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .apiFailure */ .t)('connect to', `the Kubernetes API server at ${(0,_redact_js__WEBPACK_IMPORTED_MODULE_8__/* .redactUrl */ .B)(cluster.server)} (context "${contextName}")`, error);
    }
    logger.debug(`Connected to ${(0,_redact_js__WEBPACK_IMPORTED_MODULE_8__/* .redactUrl */ .B)(cluster.server)} (context "${contextName}", Kubernetes ${serverVersion}).`);
    const namespace = kubeConfig.getContextObject(contextName)?.namespace;
    return {
        server: (0,_redact_js__WEBPACK_IMPORTED_MODULE_8__/* .redactUrl */ .B)(cluster.server),
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
