export const id = 902;
export const ids = [902];
export const modules = {

/***/ 9902:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cleanupCommand: () => (/* binding */ cleanupCommand)
});

// EXTERNAL MODULE: ./src/core/config.ts + 1 modules
var config = __webpack_require__(3555);
// EXTERNAL MODULE: ./src/core/kube/connection.ts + 2 modules
var kube_connection = __webpack_require__(8252);
// EXTERNAL MODULE: ./src/core/kube/api-errors.ts
var api_errors = __webpack_require__(1161);
// EXTERNAL MODULE: ./src/core/kube/delete.ts
var kube_delete = __webpack_require__(1798);
// EXTERNAL MODULE: ./src/core/kube/http.ts
var http = __webpack_require__(773);
// EXTERNAL MODULE: ./src/core/kube/object-ref.ts
var object_ref = __webpack_require__(1914);
// EXTERNAL MODULE: ./src/core/kube/objects.ts
var objects = __webpack_require__(1633);
// EXTERNAL MODULE: ./src/core/kube/registry-secret.ts
var registry_secret = __webpack_require__(3347);
;// CONCATENATED MODULE: ./src/core/kube/janitor.ts






/**
 * The janitor: deletes scan pods older than the given age (runs whose runner died) and ConfigMaps of scans whose pod
 * no longer exists. Objects are found by the managed-by label, so nothing else in the namespace is touched. The
 * registry Secrets of those scans are found by name (`<run id>-registry`), not listed: listing Secrets would let the
 * janitor's identity read every Secret of the namespace.
 */
async function cleanupLeftovers(options, connection, logger) {
    const namespace = options.namespace;
    const now = (options.now ?? new Date()).getTime();
    const old = (object) => {
        const created = object.metadata?.creationTimestamp;
        return created !== undefined && now - new Date(created).getTime() >= options.olderThanSeconds * 1000;
    };
    const pods = (await listManaged(connection, 'pod', namespace)).items;
    const configMaps = (await listManaged(connection, 'configmap', namespace)).items;
    const stalePods = pods.filter(old).map((pod) => pod.metadata?.name ?? '');
    const livePods = new Set(pods.map((pod) => pod.metadata?.name ?? '').filter((name) => !stalePods.includes(name)));
    const orphans = configMaps
        .filter((configMap) => old(configMap) && !(configMap.metadata?.ownerReferences ?? []).some((ref) => livePods.has(ref.name)))
        .filter((configMap) => !livePods.has(configMap.metadata?.labels?.[objects/* LABEL_RUN_ID */.Ni] ?? ''))
        .map((configMap) => configMap.metadata?.name ?? '');
    const runIds = new Set([...pods.filter(old), ...configMaps.filter((c) => orphans.includes(c.metadata?.name ?? ''))]
        .map((object) => object.metadata?.labels?.[objects/* LABEL_RUN_ID */.Ni] ?? '')
        .filter((runId) => runId !== ''));
    const secrets = await existingRegistrySecrets([...runIds], namespace, connection, logger);
    if (!options.dryRun) {
        for (const name of stalePods)
            await (0,kube_delete/* deleteObject */.XR)(connection.http, { kind: 'pod', namespace, name }, logger);
        for (const name of orphans)
            await (0,kube_delete/* deleteObject */.XR)(connection.http, { kind: 'configmap', namespace, name }, logger);
        for (const name of secrets)
            await (0,kube_delete/* deleteObject */.XR)(connection.http, { kind: 'secret', namespace, name }, logger);
    }
    return { pods: stalePods, configMaps: orphans, secrets };
}
/**
 * The registry Secrets of these runs that exist (and are ours). Without the Role of deploy/rbac-registry-secret.yaml
 * (a 403) no scan could have created one, so there is nothing to find.
 */
async function existingRegistrySecrets(runIds, namespace, connection, logger) {
    const found = [];
    for (const runId of runIds.sort()) {
        const ref = { kind: 'secret', namespace, name: (0,registry_secret/* registrySecretName */.jz)(runId) };
        try {
            const secret = await connection.http.request('GET', (0,object_ref/* objectPath */.du)(ref));
            if (secret.metadata?.labels?.[objects/* LABEL_MANAGED_BY */.dq] === objects/* TOOL */.js)
                found.push(ref.name);
        }
        catch (error) {
            if ((0,api_errors/* isNotFound */.c)(error))
                continue;
            if (error instanceof http/* KubeApiError */.W3 && error.status === 403) {
                logger.debug(`Not allowed to read Secrets in ${namespace}, so no scan there had a registry Secret to leave.`);
                return found;
            }
            logger.warn((0,api_errors/* apiFailure */.t)('get', `Secret ${namespace}/${ref.name}`, error).oneLine());
        }
    }
    return found;
}
async function listManaged(connection, kind, namespace) {
    try {
        return await connection.http.request('GET', (0,object_ref/* collectionPath */.yb)(kind, namespace), {
            query: { labelSelector: objects/* MANAGED_SELECTOR */.oi },
        });
    }
    catch (error) {
        throw (0,api_errors/* apiFailure */.t)('list', `${(0,object_ref/* pluralOf */._l)(kind)} in namespace ${namespace}`, error);
    }
}

// EXTERNAL MODULE: ./src/cli/io.ts + 1 modules
var cli_io = __webpack_require__(7654);
// EXTERNAL MODULE: ./src/cli/logger.ts
var cli_logger = __webpack_require__(2280);
;// CONCATENATED MODULE: ./src/cli/commands/cleanup.ts





const FLAGS = {
    namespace: { type: 'string', short: 'n' },
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

Deletes what scans whose runner died left behind: scan pods older than --older-than, and ConfigMaps (and registry
Secrets) of scans whose pod is gone. Only objects labelled app.kubernetes.io/managed-by=kube-cinc-scan are considered.

Flags:
  -n, --namespace NS        namespace to clean (default: the kubeconfig context's namespace, else default)
      --older-than DURATION only objects at least this old: 90s, 30m, 2h, 1d (default: 1h)
      --kubeconfig FILE     kubeconfig to use (default: KUBECONFIG, ~/.kube/config, in-cluster)
      --context NAME        kubeconfig context (default: its current context)
      --dry-run             list what would be deleted, delete nothing
  -v, --verbose             debug output on stderr
  -h, --help                show this help

Exit codes: 0 done, 2 invalid flags, 3 cluster error.`,
    async run(argv, io) {
        const { values } = (0,cli_io/* parseFlags */.b)('cleanup', argv, FLAGS);
        if (values.help) {
            io.out(`${cleanupCommand.help}\n`);
            return cli_io/* EXIT */.d.pass;
        }
        const olderThanSeconds = (0,config/* parseDuration */.E9)('--older-than', values['older-than'], { unitRequired: true });
        const logger = new cli_logger/* CliLogger */.fT(io, values.verbose);
        const source = values.kubeconfig
            ? { kind: 'file', path: values.kubeconfig }
            : { kind: 'default' };
        const connection = await (0,kube_connection/* connect */.N)(source, values.context, logger, {}, io.env);
        try {
            // kubectl's order: the flag, else the context's namespace, else default.
            const namespace = values.namespace ?? connection.namespaceDefault ?? 'default';
            const dryRun = values['dry-run'];
            const found = await cleanupLeftovers({ namespace, olderThanSeconds, dryRun }, connection, logger);
            const verb = dryRun ? 'would delete' : 'deleted';
            for (const pod of found.pods)
                io.out(`${verb} pod ${namespace}/${pod}\n`);
            for (const configMap of found.configMaps)
                io.out(`${verb} configmap ${namespace}/${configMap}\n`);
            for (const secret of found.secrets)
                io.out(`${verb} secret ${namespace}/${secret}\n`);
            if (found.pods.length + found.configMaps.length + found.secrets.length === 0)
                io.out(`nothing to clean in namespace ${namespace}\n`);
            return cli_io/* EXIT */.d.pass;
        }
        finally {
            connection.close();
        }
    },
};


/***/ })

};
