export const id = 888;
export const ids = [888];
export const modules = {

/***/ 7888:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  scanCommand: () => (/* binding */ scanCommand)
});

// EXTERNAL MODULE: ./src/core/config.ts
var core_config = __webpack_require__(4489);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/core/kind.ts


/** What `kind load` printed last; enough to explain a failure without flooding the log. */
const TAIL_LINES = 20;
/**
 * Loads an image from the local Docker daemon into the nodes of a kind cluster, so a pod can use it with
 * `imagePullPolicy: IfNotPresent` without a registry (the "build, load, scan, gate" workflow).
 */
async function kindLoad(image, cluster, logger, options = {}) {
    const binary = options.binary ?? 'kind';
    const args = ['load', 'docker-image', image, '--name', cluster];
    logger.info(`Loading ${image} into kind cluster ${cluster} (${binary} ${args.join(' ')})`);
    const { code, output, spawnError } = await runKind(binary, args, options);
    if (spawnError?.name === 'AbortError') {
        throw new errors/* KcsError */.q$('KCS-KIND-007', `kind load of ${image} was cancelled`, { cause: spawnError, category: 'scan' });
    }
    if (spawnError) {
        const missing = spawnError.code === 'ENOENT';
        throw new errors/* KcsError */.q$(missing ? 'KCS-KIND-001' : 'KCS-KIND-002', missing ? `kind-load is on but the 'kind' binary was not found on PATH` : `could not run '${binary}': ${spawnError.message}`, {
            hint: missing
                ? 'Install kind (for example with helm/kind-action) before this step, or turn kind-load off.'
                : 'Check that the kind binary is executable.',
            cause: spawnError,
            category: 'cluster',
        });
    }
    if (code !== 0) {
        throw kindFailure(image, cluster, code, output);
    }
    logger.info(`Loaded ${image} into kind cluster ${cluster}`);
}
function kindFailure(image, cluster, code, output) {
    const tail = output.trim().split('\n').slice(-TAIL_LINES).join('\n');
    const lower = tail.toLowerCase();
    if (lower.includes('not present locally') || lower.includes('no such image') || lower.includes('image not found')) {
        return new errors/* KcsError */.q$('KCS-KIND-003', `image ${image} is not in the local Docker daemon, so kind cannot load it`, {
            hint: 'Build or pull the image on the runner before this step (docker build / docker pull), or turn kind-load off for a registry image.',
            category: 'input',
        });
    }
    if (lower.includes('no nodes found') || lower.includes('unknown cluster')) {
        return new errors/* KcsError */.q$('KCS-KIND-004', `kind cluster '${cluster}' was not found`, {
            hint: 'Set kind-cluster to the name given to `kind create cluster --name` (`kind get clusters` lists them).',
            category: 'cluster',
        });
    }
    return new errors/* KcsError */.q$('KCS-KIND-005', `kind load docker-image ${image} --name ${cluster} failed (exit ${String(code)}): ${tail || 'no output'}`, {
        hint: 'Run the same kind command on the runner to see the full error.',
        category: 'cluster',
    });
}
function runKind(binary, args, options) {
    return new Promise((resolve) => {
        const chunks = [];
        const child = (0,external_node_child_process_.spawn)(binary, args, {
            env: options.env ?? process.env,
            stdio: ['ignore', 'pipe', 'pipe'],
            ...(options.signal ? { signal: options.signal } : {}),
        });
        child.stdout.on('data', (chunk) => chunks.push(chunk));
        child.stderr.on('data', (chunk) => chunks.push(chunk));
        child.on('error', (error) => resolve({ code: null, output: Buffer.concat(chunks).toString('utf8'), spawnError: error }));
        child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
    });
}

// EXTERNAL MODULE: ./src/core/kube/connection.ts
var kube_connection = __webpack_require__(8309);
// EXTERNAL MODULE: ./src/core/kube/scan-error.ts
var scan_error = __webpack_require__(8679);
// EXTERNAL MODULE: ./src/core/results/index.ts + 8 modules
var results = __webpack_require__(6567);
// EXTERNAL MODULE: ./src/core/scan.ts + 8 modules
var scan = __webpack_require__(466);
// EXTERNAL MODULE: ./src/core/redact.ts
var redact = __webpack_require__(2258);
;// CONCATENATED MODULE: ./src/core/pipeline.ts









/**
 * One scan from validated config to written result files: the action and the CLI `scan` command both call it. It
 * never throws: a failure becomes `result: 'error'` with the error, and whatever was obtained before it (scanner log,
 * a verified report, the pod spec) is still written to the output directory.
 */
async function runPipeline(config, deps) {
    const { logger } = deps;
    const progress = {};
    try {
        const { plan, connection } = await logger.group('Prepare', () => prepare(config, deps, progress));
        try {
            progress.scan = await logger.group('Scan', () => pipeline_scan(config, deps, plan, connection));
            progress.scannerLog = progress.scan.scannerLog;
            progress.reportText = progress.scan.reportText;
            progress.podYaml = progress.scan.podYaml;
        }
        finally {
            connection.close();
        }
        return await logger.group('Results', () => evaluate(config, progress, logger));
    }
    catch (thrown) {
        const error = asKcsError(thrown);
        if (error instanceof scan_error/* ScanError */.s) {
            progress.scannerLog ??= error.scannerLog;
            progress.reportText ??= error.reportText;
        }
        // Not logged here: the caller reports it once (the action as the step's failure, the CLI on stderr).
        return logger.group('Results', () => writeErrorSafely(config, progress, error, logger));
    }
}
/** Writing the error files can fail too (a read-only output-dir): the outcome must still reach the caller. */
async function writeErrorSafely(config, progress, error, logger) {
    try {
        return await writeError(config, progress, error);
    }
    catch (thrown) {
        logger.warn(`could not write the result files to ${config.results.outputDir}: ${(0,errors/* describeError */.Uc)(thrown)}`);
        const meta = resultMeta(config, progress);
        const outcome = {
            result: 'error',
            error,
            files: { summaryFile: '', thresholdFile: '', summaryJsonFile: '' },
            markdown: (0,results/* renderErrorMarkdown */.mc)(error.oneLine(), meta),
            meta,
        };
        if (progress.plan)
            outcome.names = progress.plan.names;
        return outcome;
    }
}
/** Everything before the first object is created: threshold, kind load, plan (saved by onPlanned), connection. */
async function prepare(config, deps, progress) {
    // The threshold is read first: a bad threshold is an input error that must stop the run before any cluster call.
    if (config.results.threshold)
        progress.threshold = await (0,results/* loadThreshold */._W)(config.results.threshold);
    if (config.scan.kindLoad) {
        await kindLoad(config.scan.image, config.scan.kindCluster, deps.logger, deps.signal ? { signal: deps.signal } : {});
    }
    const plan = await (0,scan/* planScan */.hn)(config.scan);
    const { names } = plan;
    deps.logger.info(`Planned pod ${names.namespace}/${names.podName} with ConfigMaps ${names.configMapNames.join(', ')} (run ${names.runId}).`);
    progress.plan = plan;
    await deps.onPlanned?.(plan);
    const connection = await (0,kube_connection/* connect */.N)(config.scan.kubeconfig, config.scan.context, deps.logger);
    deps.onSecrets?.(connection.secrets);
    return { plan, connection };
}
async function pipeline_scan(config, deps, plan, connection) {
    deps.logger.info(`Scanning ${config.scan.image} in namespace ${plan.names.namespace} (pod ${plan.names.podName})`);
    return (0,scan/* runScan */.Hk)(plan, {
        connection,
        logger: deps.logger,
        ...(deps.signal ? { signal: deps.signal } : {}),
        cleanup: config.scan.cleanup,
        timeoutSeconds: config.scan.timeoutSeconds,
    });
}
async function evaluate(config, progress, logger) {
    const extra = await writeScanFiles(config.results.outputDir, progress, profileUrlOf(config));
    const meta = resultMeta(config, progress);
    const scanOutcome = progress.scan;
    let evaluation;
    try {
        evaluation = (0,results/* evaluateReport */._s)(scanOutcome.reportText, { threshold: progress.threshold, origin: 'scan-results.json' });
    }
    catch (thrown) {
        return writeError(config, progress, asKcsError(thrown), extra);
    }
    const files = await (0,results/* writeResultFiles */.SU)(config.results.outputDir, { reportText: scanOutcome.reportText, evaluation, meta });
    const gate = evaluation.thresholdGiven ? `threshold ${evaluation.result === 'pass' ? 'met' : `failed (${evaluation.violations.length} violated)`}` : 'no threshold';
    logger.info(`Compliance ${evaluation.compliance}%, ${gate}; files in ${config.results.outputDir}`);
    return {
        result: evaluation.result,
        evaluation,
        files: { ...files, ...extra },
        names: progress.plan?.names,
        imageDigest: scanOutcome.imageDigest,
        markdown: (0,results/* renderSummaryMarkdown */.i$)(evaluation, meta),
        meta,
    };
}
async function writeError(config, progress, error, written) {
    const extra = written ?? (await writeScanFiles(config.results.outputDir, progress, profileUrlOf(config)).catch(() => ({})));
    const meta = resultMeta(config, progress);
    const message = error.oneLine();
    const files = await (0,results/* writeResultFiles */.SU)(config.results.outputDir, {
        ...(progress.reportText === undefined ? {} : { reportText: progress.reportText }),
        error: message,
        meta,
    });
    const outcome = {
        result: 'error',
        error,
        files: { ...files, ...extra },
        markdown: (0,results/* renderErrorMarkdown */.mc)(message, meta),
        meta,
    };
    if (progress.plan)
        outcome.names = progress.plan.names;
    if (progress.scan?.imageDigest)
        outcome.imageDigest = progress.scan.imageDigest;
    return outcome;
}
/** Writes the scanner's log and the rendered pod spec beside the results, whatever the scan's end. */
async function writeScanFiles(outputDir, progress, profileUrl) {
    await (0,promises_.mkdir)(outputDir, { recursive: true });
    const files = {};
    if (progress.scannerLog !== undefined) {
        files.scannerLogFile = (0,external_node_path_.join)(outputDir, 'scanner.log');
        await (0,promises_.writeFile)(files.scannerLogFile, withoutProfileCredentials(progress.scannerLog, profileUrl));
    }
    const podYaml = progress.podYaml ?? progress.plan?.podYaml;
    if (podYaml !== undefined) {
        files.podSpecFile = (0,external_node_path_.join)(outputDir, 'pod.yaml');
        await (0,promises_.writeFile)(files.podSpecFile, withoutProfileCredentials(podYaml, profileUrl));
    }
    return files;
}
/**
 * The pod spec (the scanner's env) and the scanner's log (its command line) name the profile URL; both go into the
 * artifact, which the runner does not mask, so a private profile's credentials are cut out first.
 */
function withoutProfileCredentials(text, profileUrl) {
    if (!profileUrl)
        return text;
    return (0,redact/* urlSecrets */.F)(profileUrl).reduce((out, secret) => out.split(secret).join('***'), text);
}
const profileUrlOf = (config) => (config.scan.profile.kind === 'url' ? config.scan.profile.url : undefined);
function resultMeta(config, progress) {
    return {
        image: config.scan.image,
        imageDigest: progress.scan?.imageDigest,
        profile: describeProfile(config),
        threshold: describeThreshold(config),
    };
}
function describeProfile(config) {
    const profile = config.scan.profile;
    if (profile.kind === 'url')
        return (0,redact/* redactUrl */.B)(profile.url, { query: true });
    if (profile.kind === 'directory')
        return profile.path;
    return profile.name;
}
function describeThreshold(config) {
    const threshold = config.results.threshold;
    if (!threshold)
        return undefined;
    if (threshold.kind === 'inline')
        return 'inline';
    if (threshold.kind === 'file')
        return threshold.path;
    return threshold.name;
}
/** Anything thrown becomes a KcsError, so the caller always has a code to show; a thrown non-Error is not lost. */
function asKcsError(thrown) {
    if (thrown instanceof errors/* KcsError */.q$)
        return thrown;
    return new errors/* KcsError */.q$('KCS-SCAN-900', `unexpected error: ${(0,errors/* describeError */.Uc)(thrown)}`, { cause: thrown, category: 'internal' });
}

// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
// EXTERNAL MODULE: ./src/cli/flags.ts
var flags = __webpack_require__(5377);
// EXTERNAL MODULE: ./src/cli/logger.ts
var cli_logger = __webpack_require__(2280);
// EXTERNAL MODULE: ./src/cli/commands/evaluate.ts
var commands_evaluate = __webpack_require__(2682);
;// CONCATENATED MODULE: ./src/cli/commands/scan.ts






const FLAGS = [...flags/* SCAN_FLAGS */.Gw, ...flags/* RESULT_FLAGS */.WC];
const OPTIONS = { ...(0,flags/* parseArgsOptions */.dm)(FLAGS), verbose: { type: 'boolean', short: 'v' } };
const scanCommand = {
    name: 'scan',
    summary: 'scan an image in the cluster, evaluate the threshold, write the result files',
    help: `Usage: kube-cinc-scan scan --image IMAGE [flags]

Deploys the scan pod (the image under test plus a CINC Auditor sidecar) into the cluster of the current kubeconfig,
streams the scan to stderr, brings the JSON report back, evaluates it against the threshold and writes
scan-results.json, scan-summary.md, threshold-result.txt, summary.json, scanner.log and pod.yaml to the output
directory (on a scan error, whatever was obtained). Everything it
created in the cluster is deleted at the end, also on Ctrl-C.

Flags:
${(0,flags/* flagHelp */.QR)(FLAGS)}
  -v, --verbose                  debug output
  -h, --help                     show this help

Exit codes: 0 pass, 1 threshold failed, 2 invalid input, 3 scan or cluster error.`,
    async run(argv, io) {
        const { values } = (0,cli_io/* parseFlags */.b)('scan', argv, OPTIONS);
        if (values['help']) {
            io.out(`${scanCommand.help}\n`);
            return cli_io/* EXIT */.d.pass;
        }
        const config = (0,core_config/* parseConfig */.o4)((0,flags/* rawInputsFromFlags */.ZB)(FLAGS, values), { env: io.env, cwd: io.cwd, mode: 'cli' });
        const logger = new cli_logger/* CliLogger */.fT(io, values['verbose'] === true);
        try {
            const outcome = await runPipeline(config, { logger, signal: io.signal });
            logger.closeFence();
            io.err(`result: ${outcome.result}; files in ${config.results.outputDir}\n`);
            if (outcome.result === 'error') {
                if (outcome.error)
                    reportScanError(outcome.error, logger, io);
                return outcome.error?.category === 'input' ? cli_io/* EXIT */.d.usage : cli_io/* EXIT */.d.error;
            }
            if (outcome.evaluation)
                logger.untrustedOut((0,commands_evaluate.textReport)(outcome.evaluation, outcome.meta.threshold));
            if (outcome.result === 'fail')
                return config.results.failOnThreshold ? cli_io/* EXIT */.d.thresholdFailed : cli_io/* EXIT */.d.pass;
            return cli_io/* EXIT */.d.pass;
        }
        finally {
            logger.closeFence();
        }
    },
};
/**
 * A scan error's message can end with the scanner's log tail, which is text from the scanned image: it goes out
 * through the logger's fence, and the hint on a line of its own after it.
 */
function reportScanError(error, logger, io) {
    logger.untrusted(`error: ${error.code}: ${error.message}`);
    if (error.hint)
        io.err(`hint: ${error.hint}\n`);
}


/***/ }),

/***/ 5377:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gw: () => (/* binding */ SCAN_FLAGS),
/* harmony export */   QR: () => (/* binding */ flagHelp),
/* harmony export */   WC: () => (/* binding */ RESULT_FLAGS),
/* harmony export */   ZB: () => (/* binding */ rawInputsFromFlags),
/* harmony export */   dm: () => (/* binding */ parseArgsOptions)
/* harmony export */ });
/* harmony import */ var _core_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4489);

/** The scan configuration flags, shared by `scan` and `render`; they mirror the action's inputs. */
const SCAN_FLAGS = [
    { name: 'image', kind: 'string', help: 'the image under test (required)' },
    { name: 'profile', kind: 'string', help: `profile URL, directory or shipped name (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.profile})` },
    { name: 'profile-inputs', kind: 'string', help: 'InSpec input file (YAML)' },
    { name: 'waiver-file', kind: 'string', help: 'InSpec waiver file (YAML)' },
    { name: 'controls', kind: 'string', help: 'control ids to run, comma-separated (repeatable)', multiple: true },
    { name: 'namespace', kind: 'string', help: `namespace of the scan pod (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.namespace})` },
    { name: 'kubeconfig', kind: 'string', help: 'kubeconfig file (default: KUBECONFIG, ~/.kube/config, in-cluster)' },
    { name: 'context', kind: 'string', help: 'kubeconfig context (default: the current one)' },
    { name: 'scanner-image', kind: 'string', help: `CINC Auditor image (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.scannerImage})` },
    { name: 'keepalive-image', kind: 'string', help: `static busybox image (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.keepaliveImage})` },
    { name: 'image-pull-policy', kind: 'string', help: 'Always, IfNotPresent or Never (default: IfNotPresent)' },
    { name: 'image-pull-secrets', kind: 'string', help: 'pull Secret names, comma-separated (repeatable)', multiple: true },
    { name: 'node-selector', kind: 'string', help: 'node selector, YAML mapping' },
    { name: 'tolerations', kind: 'string', help: 'tolerations, YAML list' },
    { name: 'pod-annotations', kind: 'string', help: 'extra pod annotations, YAML mapping' },
    { name: 'scanner-cpu', kind: 'string', help: `scanner CPU limit (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.scannerCpu})` },
    { name: 'scanner-memory', kind: 'string', help: `scanner memory limit (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.scannerMemory})` },
    { name: 'kind-load', kind: 'boolean', help: 'load the image from the local Docker into kind first' },
    { name: 'kind-cluster', kind: 'string', help: `kind cluster name (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.kindCluster})` },
    { name: 'timeout', kind: 'string', help: `how long the scan may take (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.timeout})` },
    { name: 'cleanup', kind: 'boolean', help: 'delete the scan objects when done (default; --no-cleanup keeps them)' },
];
/** Flags of `scan` only: what to do with the result. */
const RESULT_FLAGS = [
    { name: 'threshold', kind: 'string', help: 'threshold: inline YAML, a file or a shipped name (strict, moderate, baseline)' },
    { name: 'fail-on-threshold', kind: 'boolean', help: 'exit 1 when the threshold fails (default; --no-fail-on-threshold exits 0)' },
    { name: 'output-dir', kind: 'string', help: 'where result files go (default: ./kube-cinc-scan-results)' },
];
function parseArgsOptions(specs) {
    const options = { help: { type: 'boolean', short: 'h' } };
    for (const spec of specs) {
        options[spec.name] = spec.kind === 'boolean' ? { type: 'boolean' } : { type: 'string', multiple: spec.multiple ?? false };
    }
    return options;
}
/** Turns parsed flag values into the same raw strings the action's inputs give parseConfig. */
function rawInputsFromFlags(specs, values) {
    const raw = {};
    for (const spec of specs) {
        const v = values[spec.name];
        if (v === undefined)
            continue;
        raw[spec.name] = Array.isArray(v) ? v.map(String).join('\n') : String(v);
    }
    return raw;
}
function flagHelp(specs) {
    const width = Math.max(...specs.map((s) => s.name.length + (s.kind === 'string' ? 8 : 0))) + 4;
    return specs
        .map((s) => {
        const left = s.kind === 'string' ? `--${s.name} VALUE` : `--${s.name}`;
        return `  ${left.padEnd(width)}${s.help}`;
    })
        .join('\n');
}


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
