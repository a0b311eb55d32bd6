export const id = 594;
export const ids = [594];
export const modules = {

/***/ 1594:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  scanCommand: () => (/* binding */ scanCommand)
});

// EXTERNAL MODULE: ./src/core/config.ts + 1 modules
var core_config = __webpack_require__(3555);
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
        throw new errors/* KcsError */.q$(missing ? 'KCS-KIND-001' : 'KCS-KIND-002', missing
            ? `kind-load is on but the 'kind' binary was not found on PATH`
            : `could not run '${binary}': ${spawnError.message}`, {
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
/**
 * Loads the scanner and keep-alive images into kind as well, so the kind nodes never pull them from Docker Hub (whose
 * anonymous limit counts per IP address): each is pulled into the runner's Docker first when it is not there yet, where
 * the runner's own `docker login` applies and where an actions/cache step may have restored it. kind skips an image
 * its nodes already hold.
 */
async function kindLoadSupportImages(images, cluster, logger, options = {}) {
    for (const image of [...new Set(images)]) {
        await pullIfMissing(image, logger, options);
        await kindLoad(image, cluster, logger, options);
    }
}
async function pullIfMissing(image, logger, options) {
    const docker = options.dockerBinary ?? 'docker';
    const present = await runKind(docker, ['image', 'inspect', '--format', '{{.Id}}', image], options);
    if (present.spawnError?.name === 'AbortError')
        throw cancelledLoad(image, present.spawnError);
    if (present.code === 0) {
        logger.info(`${image} is in the runner's Docker already (not pulled again).`);
        return;
    }
    logger.info(`Pulling ${image} into the runner's Docker (${docker} pull ${image}), to load it into kind.`);
    const pulled = await runKind(docker, ['pull', image], options);
    if (pulled.spawnError?.name === 'AbortError')
        throw cancelledLoad(image, pulled.spawnError);
    if (pulled.spawnError || pulled.code !== 0) {
        const detail = pulled.spawnError
            ? `could not run '${docker}': ${pulled.spawnError.message}`
            : `exit ${String(pulled.code)}: ${tailOf(pulled.output) || 'no output'}`;
        const limited = /\b429\b|toomanyrequests/i.test(pulled.output);
        throw new errors/* KcsError */.q$('KCS-KIND-008', `kind-load could not pull ${image} into the runner's Docker (${detail})`, {
            hint: limited
                ? 'Docker Hub\'s pull limit: log the runner in (docker/login-action) or restore the image from a cache before this step (see "Avoiding Docker Hub limits" in the README), or mirror it and point scanner-image / keepalive-image at the mirror.'
                : 'Check the image reference, and log the runner in to its registry (docker/login-action) before this step; or pull the image yourself before this step.',
            cause: pulled.spawnError,
            category: 'cluster',
        });
    }
}
function cancelledLoad(image, cause) {
    return new errors/* KcsError */.q$('KCS-KIND-007', `kind load of ${image} was cancelled`, { cause, category: 'scan' });
}
function tailOf(output) {
    return output.trim().split('\n').slice(-TAIL_LINES).join('\n');
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

// EXTERNAL MODULE: ./src/core/kube/connection.ts + 2 modules
var kube_connection = __webpack_require__(8252);
// EXTERNAL MODULE: ./src/core/kube/scan-error.ts
var scan_error = __webpack_require__(8679);
// EXTERNAL MODULE: ./src/core/results/index.ts + 7 modules
var results = __webpack_require__(8706);
// EXTERNAL MODULE: ./src/core/scan.ts + 10 modules
var scan = __webpack_require__(9637);
// EXTERNAL MODULE: ./src/core/redact.ts
var redact = __webpack_require__(2258);
;// CONCATENATED MODULE: ./src/core/pipeline.ts









/** A thrown value without a code of its own is a bug; the result files are still written, with this code. */
const UNEXPECTED = { code: 'KCS-SCAN-900', context: 'unexpected error' };
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
            if (connection !== deps.connection)
                connection.close();
        }
        return await logger.group('Results', () => evaluate(config, progress, logger));
    }
    catch (thrown) {
        const error = (0,errors/* toKcsError */.FN)(thrown, UNEXPECTED);
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
/**
 * Everything before the first object is created, cheapest check first, so a bad input fails in a second: threshold,
 * plan (the profile packed and sized; saved by onPlanned), kind load (slow), connection.
 */
async function prepare(config, deps, progress) {
    if (config.results.threshold)
        progress.threshold = await (0,results/* loadThreshold */._W)(config.results.threshold);
    // A profile URL and remote dependencies are fetched here, on the runner, before anything touches the cluster.
    const prepare = { logger: deps.logger, ...(deps.signal ? { signal: deps.signal } : {}) };
    const plan = await (0,scan/* planScan */.hn)(config.scan, {
        prepare,
        ...(deps.profile ? { profile: deps.profile } : {}),
        ...(deps.scannerFiles ? { scannerFiles: deps.scannerFiles } : {}),
    });
    const { names } = plan;
    const from = config.scan.namespaceFrom ? ` (namespace from ${config.scan.namespaceFrom})` : '';
    deps.logger.info(`Planned pod ${names.namespace}/${names.podName} with ConfigMaps ${names.configMapNames.join(', ')} (run ${names.runId})${from}.`);
    progress.plan = plan;
    await deps.onPlanned?.(plan);
    if (config.scan.kindLoad) {
        const options = deps.signal ? { signal: deps.signal } : {};
        await kindLoad(config.scan.image, config.scan.kindCluster, deps.logger, options);
        // The scanner and keep-alive images too: the kind nodes then never pull from Docker Hub.
        const support = [config.scan.scannerImage, config.scan.keepaliveImage].filter((i) => i !== config.scan.image);
        await kindLoadSupportImages(support, config.scan.kindCluster, deps.logger, options);
    }
    if (deps.connection)
        return { plan, connection: deps.connection };
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
    const extra = await writeScanFiles(config.results.outputDir, progress, profileSecretsOf(config));
    const meta = resultMeta(config, progress);
    const scanOutcome = progress.scan;
    let evaluation;
    let details;
    try {
        ({ evaluation, details } = (0,results/* evaluateReportWithDetails */.c0)(scanOutcome.reportText, {
            threshold: progress.threshold,
            origin: 'scan-results.json',
        }));
    }
    catch (thrown) {
        return writeError(config, progress, (0,errors/* toKcsError */.FN)(thrown, UNEXPECTED), extra);
    }
    const files = await (0,results/* writeResultFiles */.SU)(config.results.outputDir, {
        reportText: scanOutcome.reportText,
        evaluation,
        details,
        sarifLocation: config.results.sarifLocation,
        meta,
    });
    const gate = evaluation.thresholdGiven
        ? `threshold ${evaluation.result === 'pass' ? 'met' : `failed (${evaluation.violations.length} violated)`}`
        : 'no threshold';
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
    const extra = written ?? (await writeScanFiles(config.results.outputDir, progress, profileSecretsOf(config)).catch(() => ({})));
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
async function writeScanFiles(outputDir, progress, profileSecrets) {
    await (0,promises_.mkdir)(outputDir, { recursive: true });
    const files = {};
    if (progress.scannerLog !== undefined) {
        files.scannerLogFile = (0,external_node_path_.join)(outputDir, 'scanner.log');
        await (0,promises_.writeFile)(files.scannerLogFile, withoutProfileCredentials(progress.scannerLog, profileSecrets));
    }
    const podYaml = progress.podYaml ?? progress.plan?.podYaml;
    if (podYaml !== undefined) {
        files.podSpecFile = (0,external_node_path_.join)(outputDir, 'pod.yaml');
        await (0,promises_.writeFile)(files.podSpecFile, withoutProfileCredentials(podYaml, profileSecrets));
    }
    return files;
}
/**
 * The pod never gets the profile URL or token (the runner fetches the profile and ships it in a ConfigMap), so neither
 * can be in the pod spec or the scanner's log. Both files go into the artifact, which the runner does not mask, so any
 * credential of the profile is still cut out: a second line of defence.
 */
function withoutProfileCredentials(text, secrets) {
    return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}
function profileSecretsOf(config) {
    const { profile, profileToken } = config.scan;
    const url = profile.kind === 'url' || profile.kind === 'git' ? (0,redact/* urlSecrets */.F)(profile.url) : [];
    return [...url, ...(profileToken ? [profileToken] : [])].filter((secret) => secret.length > 0);
}
function resultMeta(config, progress) {
    return {
        image: config.scan.image,
        imageDigest: progress.scan?.imageDigest,
        profile: progress.plan?.profileDescription ?? describeProfile(config),
        threshold: describeThreshold(config),
    };
}
function describeProfile(config) {
    const profile = config.scan.profile;
    if (profile.kind === 'url')
        return (0,redact/* redactUrl */.B)(profile.url, { query: true });
    if (profile.kind === 'git')
        return `${(0,redact/* redactUrl */.B)(profile.url, { query: true })}${profile.ref ? `#${profile.ref}` : ''}`;
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

// EXTERNAL MODULE: ./src/cli/io.ts + 1 modules
var cli_io = __webpack_require__(7654);
// EXTERNAL MODULE: ./src/cli/flags.ts
var flags = __webpack_require__(5377);
// EXTERNAL MODULE: ./src/cli/logger.ts
var cli_logger = __webpack_require__(2280);
// EXTERNAL MODULE: ./src/cli/registry-password.ts
var registry_password = __webpack_require__(6121);
// EXTERNAL MODULE: ./src/cli/profile-token.ts
var profile_token = __webpack_require__(9259);
// EXTERNAL MODULE: ./src/cli/commands/evaluate.ts
var commands_evaluate = __webpack_require__(2682);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./src/core/kube/api-errors.ts
var api_errors = __webpack_require__(1161);
// EXTERNAL MODULE: ./src/core/profile/prepare.ts + 5 modules
var profile_prepare = __webpack_require__(9110);
// EXTERNAL MODULE: ./src/core/paths.ts
var paths = __webpack_require__(6107);
;// CONCATENATED MODULE: ./src/core/multi/combined.ts


/** Longest error message an entry carries (the `results` output holds every entry). */
const MAX_ERROR = 1000;
/** The error as an entry shows it: its code, and its message with the hint, on one line, bounded. */
function entryError(error) {
    const text = `${error.message}${error.hint ? ` ${error.hint}` : ''}`.replace(/\s*[\r\n]+\s*/g, ' ').trim();
    return { code: error.code, message: text.length <= MAX_ERROR ? text : `${text.slice(0, MAX_ERROR - 1)}…` };
}
/** The entry of one image, from its pipeline outcome. */
function imageEntry(image, folder, outcome, sources) {
    const evaluation = outcome.evaluation;
    return {
        image,
        folder,
        result: outcome.result,
        digest: outcome.imageDigest ?? null,
        compliance: evaluation ? evaluation.compliance : null,
        counts: evaluation ? evaluation.counts : null,
        violations: evaluation ? evaluation.violations.length : 0,
        error: outcome.result === 'error' ? entryError(outcomeError(outcome)) : null,
        pod: outcome.names?.podName ?? null,
        ...(sources ? { sources: sources.slice(0, 20) } : {}),
    };
}
/** The entry of an image whose scan never ran (cancelled first, or refused before it could start). */
function errorEntry(image, folder, error, sources) {
    return {
        image,
        folder,
        result: 'error',
        digest: null,
        compliance: null,
        counts: null,
        violations: 0,
        error: entryError(error),
        pod: null,
        ...(sources ? { sources: sources.slice(0, 20) } : {}),
    };
}
function outcomeError(outcome) {
    return outcome.error ?? new errors/* KcsError */.q$('KCS-SCAN-900', 'the scan ended in an error', { category: 'internal' });
}
/** error if any image errored (or the run itself did), else fail if any failed, else pass. */
function combinedResult(entries, runError) {
    if (runError || entries.some((e) => e.result === 'error'))
        return 'error';
    if (entries.some((e) => e.result === 'fail'))
        return 'fail';
    return entries.length === 0 ? 'error' : 'pass';
}
/** Counts summed over every image that has them; null when none has. */
function summedCounts(entries) {
    const counted = entries.filter((e) => e.counts !== null);
    if (counted.length === 0)
        return null;
    const sum = (0,results/* emptyCounts */.W1)();
    for (const { counts } of counted) {
        for (const status of results/* STATUSES */.f) {
            for (const [key, n] of Object.entries(counts[status])) {
                sum[status][key] += n;
            }
        }
    }
    return sum;
}
function buildCombinedSummary(entries, meta) {
    const counts = summedCounts(entries);
    return {
        result: combinedResult(entries, meta.runError),
        totals: {
            images: entries.length,
            pass: entries.filter((e) => e.result === 'pass').length,
            fail: entries.filter((e) => e.result === 'fail').length,
            error: entries.filter((e) => e.result === 'error').length,
        },
        counts,
        compliance: counts ? (0,results/* complianceOf */.fc)(counts) : null,
        profile: meta.profile ?? null,
        threshold: meta.threshold ?? null,
        thresholdGiven: meta.threshold !== undefined,
        images: [...entries],
        sarifFile: meta.sarifFile ?? null,
        junitFile: meta.junitFile ?? null,
        ...(meta.runError ? { error: entryError(meta.runError) } : {}),
    };
}
/** One comment line: nothing in it can end the comment early. */
function comment(text) {
    return `# ${text.replace(/[\p{Cc}\u0085\u2028\u2029]+/gu, ' ').trim()}`;
}
/**
 * threshold-result.txt for the run: THRESHOLD_RESULT=0 when every image passed, 1 otherwise, then one comment per
 * image that did not pass (each image's own file, in its folder, lists its violations).
 */
function renderCombinedThreshold(summary) {
    const lines = [`THRESHOLD_RESULT=${summary.result === 'pass' ? 0 : 1}`];
    if (summary.error)
        lines.push(comment(`error: ${summary.error.code}: ${summary.error.message}`));
    if (summary.result === 'pass')
        lines.push(summary.thresholdGiven ? '# every image met the threshold' : '# no threshold');
    for (const e of summary.images) {
        if (e.result === 'fail')
            lines.push(comment(`${e.image}: fail, ${e.violations} threshold rule(s) violated (${e.folder}/threshold-result.txt)`));
        if (e.result === 'error')
            lines.push(comment(`${e.image}: error ${e.error?.code ?? ''}: ${e.error?.message ?? ''}`));
    }
    return lines.join('\n') + '\n';
}

;// CONCATENATED MODULE: ./src/core/multi/image-log.ts
/**
 * The Logger of one image's scan while several run. Held back (the default), it keeps every line in order and writes
 * them when the scan has finished (flush), so that each image's output is one contiguous block: the caller puts it in
 * a log group of its own. Live, it writes at once (for one scan at a time, inside a group the caller opened).
 *
 * The job log cannot nest groups, so the pipeline's own sections (Prepare, Scan, Results) become heading lines.
 * Whole lines only, each written by one call: two scans' lines can follow each other but never mix within a line.
 */
class ImageLog {
    target;
    live;
    held = [];
    constructor(target, live = false) {
        this.target = target;
        this.live = live;
    }
    debug(message) {
        this.add('debug', message);
    }
    info(message) {
        this.add('info', message);
    }
    warn(message) {
        this.add('warn', message);
    }
    error(message) {
        this.add('error', message);
    }
    scannerOutput(line) {
        this.add('scanner', line);
    }
    async group(title, fn) {
        this.add('heading', title);
        return fn();
    }
    /** Writes what was held back, in order, in one synchronous pass (nothing else can write in between), and forgets it. */
    flush() {
        const held = this.held;
        this.held = [];
        for (const { level, message } of held)
            this.write(level, message);
    }
    add(level, message) {
        if (this.live)
            this.write(level, message);
        else
            this.held.push({ level, message });
    }
    write(level, message) {
        const target = this.target;
        if (level === 'scanner')
            target.scannerOutput(message);
        else if (level === 'heading')
            target.info(`── ${message}`);
        else
            target[level](message);
    }
}

// EXTERNAL MODULE: ./src/core/multi/images.ts
var multi_images = __webpack_require__(5883);
;// CONCATENATED MODULE: ./src/core/multi/markdown.ts

// scan-summary.md and the job summary of a run of several images: one table of every image first, then each image's
// own summary in a collapsed <details> section. Everything from a report, an image reference or an error message goes
// through the results engine's `inline` escaping. The whole stays under a byte budget (GitHub refuses a job summary
// over 1 MiB): table rows, then details sections, are left out with a note saying how many and where to look.
const ICON = { pass: '✅', fail: '❌', error: '⚠️' };
/** Bytes kept for the headline, the table's header and the notes. */
const FRAME_BYTES = 4 * 1024;
/** What one table row takes, about (a long reference takes more; the final assembly measures). */
const ROW_BYTES = 400;
/** Each image's details get at least this much before the run gives up on showing them all. */
const MIN_DETAILS_BYTES = 4 * 1024;
const bytes = (text) => Buffer.byteLength(text, 'utf8');
/**
 * How many bytes each image's details may take so that `images` of them, with the table, fit the job summary. Each
 * image's summary is rendered to this size as the image finishes, so the run never holds more than the summary.
 */
function detailsBudget(images, maxBytes = results/* DEFAULT_MAX_BYTES */.fS) {
    const room = maxBytes - FRAME_BYTES - images * ROW_BYTES;
    return Math.max(MIN_DETAILS_BYTES, Math.floor(room / Math.max(1, images)));
}
/** One image's details section (its summary, or its error), rendered within `maxBytes`. */
function renderImageDetails(entry, outcome, maxBytes) {
    let body;
    if (outcome?.evaluation && entry.result !== 'error') {
        body = (0,results/* renderSummaryMarkdown */.i$)(outcome.evaluation, outcome.meta, { maxBytes: Math.max(1024, maxBytes - 600) });
    }
    else {
        const message = entry.error ? `${entry.error.code}: ${entry.error.message}` : 'the scan ended in an error';
        body = (0,results/* renderErrorMarkdown */.mc)(message, outcome?.meta ?? { image: entry.image });
    }
    // A level-2 heading inside a collapsed section would outweigh the run's own.
    body = body.replace(/^## /, '#### ');
    return `<details><summary>${summaryLine(entry)}</summary>\n\n${body.trimEnd()}\n\n</details>\n`;
}
function summaryLine(entry) {
    const what = entry.result === 'error'
        ? `error ${entry.error?.code ?? ''}`.trim()
        : `${entry.result}, compliance ${entry.compliance ?? 0}%`;
    return `${ICON[entry.result]} ${(0,results/* escapeMarkdownInline */.E4)(entry.image, 200)}: ${what}`;
}
function headline(summary) {
    const { totals } = summary;
    const counts = [`${totals.pass} passed`, `${totals.fail} failed`, `${totals.error} errored`].join(', ');
    const what = `Compliance scan of ${totals.images} image${totals.images === 1 ? '' : 's'}`;
    if (summary.result === 'error')
        return `## ⚠️ ${what}: ${counts}`;
    if (summary.result === 'fail')
        return `## ❌ ${what}: ${counts}`;
    if (!summary.thresholdGiven)
        return `## ℹ️ ${what}: no threshold set`;
    return `## ✅ ${what}: every image passed the threshold`;
}
function metaLine(summary) {
    const items = [];
    if (summary.compliance !== null)
        items.push(`**Compliance (all images):** ${summary.compliance}%`);
    if (summary.profile)
        items.push(`**Profile:** ${(0,results/* escapeMarkdownInline */.E4)(summary.profile)}`);
    if (summary.threshold)
        items.push(`**Threshold:** ${(0,results/* escapeMarkdownInline */.E4)(summary.threshold)}`);
    return items.join(' · ');
}
const SEVERITY_COLUMNS = ['critical', 'high', 'medium', 'low'];
function row(entry) {
    const image = (0,results/* escapeMarkdownInline */.E4)(entry.image, 120);
    if (!entry.counts) {
        const code = entry.error ? ` ${(0,results/* escapeMarkdownInline */.E4)(entry.error.code, 40)}` : '';
        return `| ${image} | ${ICON.error} error${code} | – | – | – | – | – | – |`;
    }
    const failed = entry.counts.failed;
    const cells = SEVERITY_COLUMNS.map((s) => String(failed[s]));
    const result = entry.result === 'error'
        ? `${ICON.error} error ${(0,results/* escapeMarkdownInline */.E4)(entry.error?.code ?? '', 40)}`
        : `${ICON[entry.result]} ${entry.result}`;
    return `| ${image} | ${result} | ${entry.compliance ?? 0}% | ${cells.join(' | ')} | ${entry.counts.error.total} |`;
}
const TABLE_HEAD = '| Image | Result | Compliance | Failed critical | Failed high | Failed medium | Failed low | Errors |\n' +
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n';
/**
 * The run's summary: headline, meta, the table of images, the artifact link, then each image's details (pre-rendered
 * by renderImageDetails, in the order of `summary.images`) while they fit `maxBytes`.
 */
function renderCombinedMarkdown(summary, details, options = {}) {
    const maxBytes = options.maxBytes ?? results/* DEFAULT_MAX_BYTES */.fS;
    let out = `${headline(summary)}\n\n`;
    const meta = metaLine(summary);
    if (meta)
        out += `${meta}\n\n`;
    if (summary.error)
        out += `> ${(0,results/* escapeMarkdownInline */.E4)(`${summary.error.code}: ${summary.error.message}`, 1000)}\n\n`;
    const link = options.artifactUrl
        ? `Full results, a folder per image: [scan results artifact](${encodeURI(options.artifactUrl).replace(/[()]/g, encodeURIComponent)})\n\n`
        : '';
    const reserve = bytes(link) + 600;
    if (summary.images.length > 0) {
        out += TABLE_HEAD;
        let used = bytes(out);
        let shown = 0;
        for (const entry of summary.images) {
            const line = `${row(entry)}\n`;
            if (used + bytes(line) + reserve > maxBytes)
                break;
            out += line;
            used += bytes(line);
            shown += 1;
        }
        if (shown < summary.images.length) {
            out += `\n… ${summary.images.length - shown} more images not shown to stay under GitHub's size limit (see summary.json).\n`;
        }
        out += '\n';
    }
    out += link;
    let used = bytes(out);
    let shown = 0;
    for (const section of details) {
        if (used + bytes(section) + 400 > maxBytes)
            break;
        out += `${section}\n`;
        used += bytes(section) + 1;
        shown += 1;
    }
    if (shown < details.length) {
        out += `_Details of ${details.length - shown} more image${details.length - shown === 1 ? '' : 's'} are left out to stay under GitHub's size limit: each image's folder in the artifact holds its own scan-summary.md._\n`;
    }
    return out;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/core/results/details.ts
var details = __webpack_require__(7752);
// EXTERNAL MODULE: ./src/core/results/junit.ts
var junit = __webpack_require__(362);
;// CONCATENATED MODULE: ./src/core/multi/merge.ts






// The run's scan-results.sarif and scan-results.junit.xml, made from the files each image's scan wrote in its folder
// (the results engine's writers, one scan each), read one at a time: the run never holds more than one image's.
// What the `sarif-file` and `junit-file` outputs name, so one upload step serves any number of images.
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/**
 * One SARIF log with every image's run. Each run keeps the category a single scan of its image has
 * (`kube-cinc-scan/<repository>/<profile>/`), so alerts carry over between a single scan and a run of several; when two
 * images of the run share a repository (two tags, or a tag and a digest), each of those gets its folder name appended,
 * so that every run has its own automationDetails.id and no run closes another's alerts. Not written (and an old file
 * removed) when no image has a SARIF run: an empty log would close every open alert.
 */
async function writeCombinedSarif(outputDir, entries) {
    const path = (0,external_node_path_.join)(outputDir, results/* SARIF_FILE */.P3);
    const present = entries.filter((e) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(outputDir, e.folder, results/* SARIF_FILE */.P3)));
    if (present.length === 0) {
        await (0,promises_.rm)(path, { force: true });
        return undefined;
    }
    const perRepository = new Map();
    for (const e of present)
        perRepository.set((0,details/* imageRepository */.an)(e.image), (perRepository.get((0,details/* imageRepository */.an)(e.image)) ?? 0) + 1);
    function* chunks() {
        yield `{"$schema":${JSON.stringify(SARIF_SCHEMA)},"version":"2.1.0","runs":[`;
        let first = true;
        for (const e of present) {
            const log = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(outputDir, e.folder, results/* SARIF_FILE */.P3), 'utf8'));
            const shared = (perRepository.get((0,details/* imageRepository */.an)(e.image)) ?? 0) > 1;
            for (const run of log.runs ?? []) {
                const id = run.automationDetails?.id ?? `kube-cinc-scan/${(0,details/* imageRepository */.an)(e.image)}/`;
                run.automationDetails = {
                    ...run.automationDetails,
                    id: shared ? `${id.replace(/\/?$/, '/')}${e.folder}/` : id,
                };
                yield `${first ? '' : ','}${JSON.stringify(run)}`;
                first = false;
            }
        }
        yield ']}\n';
    }
    await (0,results/* writeChunks */.a7)(path, chunks());
    return path;
}
const SUITES = /<testsuites>\r?\n?([\s\S]*)<\/testsuites>/;
/**
 * One JUnit file with every image's testsuites (an errored image's says why), each suite named after its image and
 * numbered in order, so a CI test report shows one suite per image.
 */
async function writeCombinedJunit(outputDir, entries) {
    const path = (0,external_node_path_.join)(outputDir, results/* JUNIT_FILE */.Gl);
    function* chunks() {
        yield '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n';
        let id = 0;
        for (const e of entries) {
            const file = (0,external_node_path_.join)(outputDir, e.folder, results/* JUNIT_FILE */.Gl);
            if (!(0,external_node_fs_.existsSync)(file))
                continue;
            const suites = SUITES.exec((0,external_node_fs_.readFileSync)(file, 'utf8'))?.[1] ?? '';
            yield suites.replace(/<testsuite name="([^"]*)"([^>]*?) id="\d+"/g, (_all, name, between) => {
                const renamed = `<testsuite name="${(0,junit/* xmlAttr */.zj)(e.image)} (${name})"${between} id="${id}"`;
                id += 1;
                return renamed;
            });
        }
        yield '</testsuites>\n';
    }
    await (0,results/* writeChunks */.a7)(path, chunks());
    return path;
}

// EXTERNAL MODULE: ./src/core/kube/http.ts
var kube_http = __webpack_require__(773);
// EXTERNAL MODULE: ./src/core/kube/objects.ts
var objects = __webpack_require__(1633);
;// CONCATENATED MODULE: ./src/core/multi/namespace.ts






/** One page of pods: the API server may cut a long list (`limit`), the rest follows with `continue`. */
const PAGE = 500;
/** Scan pods (ours, by label) are not what the namespace runs. */
const NOT_OURS = `${objects/* LABEL_MANAGED_BY */.dq}!=${objects/* TOOL */.js}`;
/** Lists the namespace's pods (every phase; not the scan pods) and returns each distinct image once. */
async function imagesOfNamespace(http, namespace, signal) {
    const found = new Map();
    const skipped = [];
    let pods = 0;
    let token;
    do {
        const page = await listPods(http, namespace, token, signal);
        for (const pod of page.items ?? []) {
            pods += 1;
            for (const { container, status } of containersOf(pod)) {
                const where = `${namespace}/${pod.metadata?.name ?? '?'}/${container.name ?? '?'}`;
                const scanned = scannedReference(container.image ?? '', status?.imageID);
                if (!scanned) {
                    skipped.push(`${where} (${JSON.stringify(container.image ?? '')})`);
                    continue;
                }
                const key = (0,multi_images/* imageKey */.p2)(scanned.image);
                const entry = found.get(key);
                if (entry)
                    entry.sources.push(where);
                else
                    found.set(key, { ...scanned, sources: [where] });
            }
        }
        token = page.metadata?.continue || undefined;
    } while (token);
    return { images: [...found.values()], pods, skipped };
}
async function listPods(http, namespace, token, signal) {
    try {
        return await http.request('GET', `/api/v1/namespaces/${namespace}/pods`, {
            query: { labelSelector: NOT_OURS, limit: PAGE, ...(token ? { continue: token } : {}) },
            ...(signal ? { signal } : {}),
        });
    }
    catch (error) {
        if (error instanceof kube_http/* KubeApiError */.W3 && error.status === 403 && /cannot list resource "pods"/.test(error.message)) {
            throw new errors/* KcsError */.q$('KCS-IMG-004', `Failed to list pods in namespace ${namespace} for images-from-namespace: ${error.message} (403)`, {
                hint: `Apply deploy/rbac-images-from-namespace.yaml with its namespace set to ${namespace}: a Role that only lists pods there, bound to the identity that scans.`,
                category: 'cluster',
                cause: error,
            });
        }
        throw (0,api_errors/* apiFailure */.t)('list', `pods in namespace ${namespace}`, error);
    }
}
/** Every container of a pod (init, regular, ephemeral) with its status when the kubelet reported one. */
function containersOf(pod) {
    const spec = pod.spec ?? {};
    const status = pod.status ?? {};
    const pair = (containers, statuses) => (containers ?? []).map((container) => ({
        container,
        status: (statuses ?? []).find((s) => s.name === container.name),
    }));
    return [
        ...pair(spec.initContainers, status.initContainerStatuses),
        ...pair(spec.containers, status.containerStatuses),
        ...pair(spec.ephemeralContainers, status.ephemeralContainerStatuses),
    ];
}
const REPO_DIGEST = /^(?:docker-pullable:\/\/)?([^@\s]+)@(sha256:[a-f0-9]{64})$/;
/**
 * What to scan for one container: the repository and digest from its status's imageID when it holds them
 * (`docker.io/library/nginx@sha256:…`; Docker's `docker-pullable://` prefix dropped), which is the image the node runs;
 * else the spec's reference (a container not started yet, or an image loaded into the node without a registry digest,
 * whose imageID is a bare `sha256:…`). Undefined when neither is a reference we can scan.
 */
function scannedReference(specImage, imageID) {
    const match = REPO_DIGEST.exec(imageID ?? '');
    if (match) {
        const image = `${match[1] ?? ''}@${match[2] ?? ''}`;
        if ((0,core_config/* isImageReference */.hb)(image))
            return { image, byDigest: true };
    }
    const spec = specImage.trim();
    if (!(0,core_config/* isImageReference */.hb)(spec))
        return undefined;
    return { image: spec, byDigest: spec.includes('@sha256:') };
}

;// CONCATENATED MODULE: ./src/core/multi/scheduler.ts

/** What a run returns to be started again once another run of the pool has finished (a quota that others hold). */
const RETRY_WHEN_FREED = Symbol('retry when another run has finished');
/**
 * Runs `run` over every item, at most `limit` at a time, starting the next one as soon as one finishes, and resolves
 * with the results in the order of the items. It never rejects.
 */
function runBounded(items, options) {
    return new Promise((resolve) => {
        const results = new Array(items.length);
        const queue = items.map((_, index) => index);
        let limit = Math.max(1, options.limit);
        let running = 0;
        let remaining = items.length;
        let lastFinish = Number.NEGATIVE_INFINITY;
        const context = {
            othersRunning: () => Math.max(0, running - 1),
            sinceLastFinish: () => external_node_perf_hooks_.performance.now() - lastFinish,
        };
        const settle = (index, result) => {
            results[index] = result;
            remaining -= 1;
        };
        const pump = () => {
            if (options.signal?.aborted) {
                for (const index of queue.splice(0))
                    settle(index, options.notStarted(items[index], index));
            }
            while (queue.length > 0 && running < limit)
                start(queue.shift());
            if (remaining === 0) {
                options.signal?.removeEventListener('abort', pump);
                resolve(results);
            }
        };
        const start = (index) => {
            running += 1;
            const item = items[index];
            const ended = (result) => {
                running -= 1;
                if (result === RETRY_WHEN_FREED) {
                    queue.unshift(index);
                    const lowered = Math.max(1, running);
                    if (lowered < limit) {
                        limit = lowered;
                        options.onLimitLowered?.(limit);
                    }
                }
                else {
                    settle(index, result);
                    lastFinish = external_node_perf_hooks_.performance.now();
                }
                pump();
            };
            Promise.resolve()
                .then(() => options.run(item, index, context))
                .then(ended, (error) => ended(options.failed(item, index, error)));
        };
        options.signal?.addEventListener('abort', pump, { once: true });
        pump();
    });
}

;// CONCATENATED MODULE: ./src/core/multi/run.ts




















// A run of several images: each image is the existing single-image pipeline (its own run id, pod, ConfigMaps,
// timeout and cleanup), at most max-parallel at once, each on a connection of its slot; then one answer for the run.
const run_UNEXPECTED = { code: 'KCS-SCAN-900', context: 'unexpected error' };
/**
 * Scans every image of `config.targets` (and of the namespaces it names) and writes a folder per image plus the
 * run's combined files. Never throws: a failure of the run itself becomes `result: 'error'` with `error`.
 */
async function runImages(config, deps) {
    const { logger } = deps;
    let connections;
    try {
        const prepared = await logger.group('Prepare', () => run_prepare(config, deps));
        connections = new Connections(prepared.connection, async () => {
            const made = await (0,kube_connection/* connect */.N)(config.scan.kubeconfig, config.scan.context, deps.logger, deps.connectOptions);
            deps.onSecrets?.(made.secrets);
            return made;
        });
        const scanned = await new ImagesRun(config, deps, connections, prepared.targets, prepared.shared).run();
        return await logger.group('Results', () => writeRun(config, scanned, logger));
    }
    catch (thrown) {
        const error = (0,errors/* toKcsError */.FN)(thrown, run_UNEXPECTED);
        return logger.group('Results', () => writeRun(config, [], logger, error));
    }
    finally {
        connections?.close();
    }
}
/**
 * A connection per scan slot, reused by the scans that follow in it: a scan keeps a watch and a followed log open on
 * its connection's few sockets (kube/agent.ts), so scans in parallel on one connection would queue behind each
 * other's streams. At most max-parallel connections, however many images: each opened once (one /version probe, one
 * exec-plugin call where the kubeconfig has one).
 */
class Connections {
    open;
    free;
    all;
    constructor(first, open) {
        this.open = open;
        this.free = [first];
        this.all = [first];
    }
    async take() {
        const reused = this.free.pop();
        if (reused)
            return reused;
        const made = await this.open();
        this.all.push(made);
        return made;
    }
    give(connection) {
        this.free.push(connection);
    }
    close() {
        for (const connection of this.all)
            connection.close();
    }
}
/**
 * Everything the run checks before the first object is created: the threshold, the profile (fetched once for every
 * image when it is a URL, then packed and sized once: one that cannot go into a ConfigMap fails the run, not each
 * image), the connection and the image list.
 */
async function run_prepare(config, deps) {
    if (config.results.threshold)
        await (0,results/* loadThreshold */._W)(config.results.threshold);
    const options = { logger: deps.logger, ...(deps.signal ? { signal: deps.signal } : {}) };
    // The profile (maybe a download) and the connection (maybe an exec plugin) at once.
    const [profiled, connected] = await Promise.allSettled([
        (0,profile_prepare/* prepareProfile */.F)(config.scan, options).then(async (profile) => {
            const scannerFiles = (0,scan/* scannerFilesFrom */.cf)((0,paths/* scannerDir */.UD)());
            const dryRun = { ...config.scan, image: config.scan.image || 'kube-cinc-scan-dry-run' };
            await (0,scan/* planScan */.hn)(dryRun, { profile, scannerFiles });
            return { profile, scannerFiles };
        }),
        (0,kube_connection/* connect */.N)(config.scan.kubeconfig, config.scan.context, deps.logger, deps.connectOptions),
    ]);
    if (connected.status === 'rejected')
        throw connected.reason;
    const connection = connected.value;
    try {
        deps.onSecrets?.(connection.secrets);
        if (profiled.status === 'rejected')
            throw profiled.reason;
        const targets = await listTargets(config, connection, deps);
        return { connection, targets, shared: profiled.value };
    }
    catch (error) {
        connection.close();
        throw error;
    }
}
async function listTargets(config, connection, deps) {
    const { logger } = deps;
    for (const { image, sameAs } of config.targets.duplicates)
        logger.info(`${image} names the same image as ${sameAs}: scanned once.`);
    const found = new Map();
    for (const image of config.targets.images)
        found.set((0,multi_images/* imageKey */.p2)(image), { image });
    for (const namespace of config.targets.fromNamespaces) {
        const listed = await imagesOfNamespace(connection.http, namespace, deps.signal);
        const byDigest = listed.images.filter((i) => i.byDigest).length;
        logger.info(`Namespace ${namespace}: ${listed.pods} pod${listed.pods === 1 ? '' : 's'}, ${listed.images.length} distinct image${listed.images.length === 1 ? '' : 's'} (${byDigest} by digest; init and ephemeral containers included).`);
        for (const where of listed.skipped)
            logger.warn(`images-from-namespace: ${where} is not an image reference that can be scanned; left out.`);
        for (const image of listed.images) {
            const key = (0,multi_images/* imageKey */.p2)(image.image);
            const known = found.get(key);
            if (known)
                known.sources = [...(known.sources ?? []), ...image.sources];
            else
                found.set(key, { image: image.image, sources: image.sources });
        }
    }
    if (found.size === 0) {
        throw new errors/* KcsError */.q$('KCS-IMG-003', `No image to scan: the namespace${config.targets.fromNamespaces.length === 1 ? '' : 's'} ${config.targets.fromNamespaces.join(', ')} run${config.targets.fromNamespaces.length === 1 ? 's' : ''} no pod (scan pods aside).`, { hint: 'Check images-from-namespace names the namespace your workloads run in.', category: 'scan' });
    }
    const folders = (0,multi_images/* imageFolders */.Rn)([...found.values()].map((f) => f.image));
    return [...found.values()].map((f) => ({ ...f, folder: folders.get(f.image) ?? f.image }));
}
/** Quota refusals (ResourceQuota), not LimitRange ones: those never go away by waiting. */
function quotaRefused(outcome) {
    return outcome.error?.code === 'KCS-K8S-015' && /exceeded quota/i.test(outcome.error.message);
}
class ImagesRun {
    config;
    deps;
    connections;
    targets;
    shared;
    /** Output to the job log goes through this chain, so that one image's group is written whole, never split. */
    output = Promise.resolve();
    logs = new Map();
    startedAt = new Map();
    loads;
    live;
    budget;
    done = 0;
    constructor(config, deps, connections, targets, shared) {
        this.config = config;
        this.deps = deps;
        this.connections = connections;
        this.targets = targets;
        this.shared = shared;
        // One scan at a time: its output can go to the job log as it comes, inside its group.
        this.live = config.targets.maxParallel === 1 || targets.length === 1;
        this.budget = detailsBudget(targets.length);
        this.loads = this.kindLoads();
    }
    async run() {
        const { config, targets } = this;
        const limit = Math.min(config.targets.maxParallel, targets.length);
        this.print((logger) => logger.info(`Scanning ${targets.length} image${targets.length === 1 ? '' : 's'}, at most ${limit} at once${this.live ? '' : "; each image's log follows as a group when its scan has finished"}.`));
        const heartbeat = this.live ? undefined : setInterval(() => this.heartbeat(), this.deps.heartbeatMs ?? 60_000);
        heartbeat?.unref();
        try {
            const results = await runBounded(targets, {
                limit,
                signal: this.deps.signal,
                run: (target, index, context) => this.scanOne(target, index, context),
                notStarted: (target) => this.unscanned(target, notStartedError(target.image)),
                failed: (target, _index, error) => this.unscanned(target, (0,errors/* toKcsError */.FN)(error, run_UNEXPECTED)),
                onLimitLowered: (n) => this.print((logger) => logger.warn(`KCS-K8S-015: a ResourceQuota of namespace ${config.scan.namespace} refused a scan pod while others ran: from now on at most ${n} scan${n === 1 ? '' : 's'} at once.`)),
            });
            for (const scanned of results) {
                if (scanned.error)
                    await this.writeUnscanned(scanned);
            }
            return results;
        }
        finally {
            clearInterval(heartbeat);
            await this.output;
        }
    }
    async scanOne(target, index, context) {
        const loadError = await this.loads[index];
        if (loadError)
            return this.finished(target, index, undefined, loadError);
        if (this.deps.signal?.aborted)
            return this.unscanned(target, notStartedError(target.image));
        this.startedAt.set(index, this.startedAt.get(index) ?? external_node_perf_hooks_.performance.now());
        if (this.live) {
            await this.output;
            return this.deps.logger.group(this.label(index, target.image), () => this.attempts(target, index, context));
        }
        if (!this.logs.has(index))
            this.print((logger) => logger.info(`▶ ${this.label(index, target.image)}: scanning`));
        return this.attempts(target, index, context);
    }
    /** The scan, again while a quota refuses it and others of the run may free some. */
    async attempts(target, index, context) {
        let connection;
        try {
            connection = await this.connections.take();
        }
        catch (error) {
            return this.finished(target, index, undefined, (0,errors/* toKcsError */.FN)(error, run_UNEXPECTED));
        }
        try {
            return await this.attemptsOn(connection, target, index, context);
        }
        finally {
            this.connections.give(connection);
        }
    }
    async attemptsOn(connection, target, index, context) {
        const log = this.logs.get(index) ?? new ImageLog(this.deps.logger, this.live);
        this.logs.set(index, log);
        for (;;) {
            const outcome = await runPipeline(this.imageConfig(target), {
                logger: log,
                connection,
                profile: this.shared.profile,
                scannerFiles: this.shared.scannerFiles,
                ...(this.deps.signal ? { signal: this.deps.signal } : {}),
                ...(this.deps.onPlanned ? { onPlanned: this.deps.onPlanned } : {}),
            });
            if (!quotaRefused(outcome) || this.deps.signal?.aborted) {
                await this.podGone(connection, outcome);
                return this.finished(target, index, outcome);
            }
            if (context.othersRunning() > 0) {
                log.info(`A ResourceQuota refused the scan pod while other scans of this run hold quota: trying again when one of them has finished.`);
                return RETRY_WHEN_FREED;
            }
            if (context.sinceLastFinish() > (this.deps.quotaReleaseMs ?? 30_000)) {
                return this.finished(target, index, outcome, quotaExhausted(this.config, target.image, outcome));
            }
            log.info('A ResourceQuota refused the scan pod; a scan of this run finished moments ago and its pod may still hold quota: trying again.');
            await (0,external_node_timers_promises_.setTimeout)(this.deps.quotaRetryMs ?? 2000, undefined, this.deps.signal ? { signal: this.deps.signal } : {}).catch(() => undefined);
        }
    }
    /** An image's scan is over: its entry, its details section, and its log written out as one group. */
    async finished(target, index, outcome, error) {
        let entry;
        if (!error && outcome)
            entry = imageEntry(target.image, target.folder, outcome, target.sources);
        else {
            const cause = error ?? new errors/* KcsError */.q$('KCS-SCAN-900', 'the scan ended without an outcome', { category: 'internal' });
            // The pipeline, when it ran, wrote error files of its own: they are written again with the run's reason.
            await this.writeErrorFiles(target, cause, outcome?.meta ?? { image: target.image });
            entry = outcome
                ? {
                    ...imageEntry(target.image, target.folder, outcome, target.sources),
                    result: 'error',
                    error: entryError(cause),
                }
                : errorEntry(target.image, target.folder, cause, target.sources);
        }
        const details = renderImageDetails(entry, outcome, this.budget);
        this.done += 1;
        const took = ((external_node_perf_hooks_.performance.now() - (this.startedAt.get(index) ?? external_node_perf_hooks_.performance.now())) / 1000).toFixed(1);
        const line = `${this.label(index, target.image)}: ${describe(entry)} in ${took} s`;
        const log = this.logs.get(index);
        this.logs.delete(index);
        this.startedAt.delete(index);
        if (this.live)
            this.print((logger) => logger.info(line));
        else
            this.print((logger) => logger.group(`${run_ICON[entry.result]} ${line}`, () => {
                log?.flush();
                return Promise.resolve();
            }));
        return { entry, details, ...(outcome ? { meta: outcome.meta } : {}) };
    }
    /** An image that was never scanned: its entry now, its files after the pool has finished. */
    unscanned(target, error) {
        const entry = errorEntry(target.image, target.folder, error, target.sources);
        return { entry, details: renderImageDetails(entry, undefined, this.budget), error };
    }
    async writeUnscanned(scanned) {
        const target = this.targets.find((t) => t.folder === scanned.entry.folder);
        if (target && scanned.error)
            await this.writeErrorFiles(target, scanned.error, { image: target.image });
    }
    async writeErrorFiles(target, error, meta) {
        const dir = (0,external_node_path_.join)(this.config.results.outputDir, target.folder);
        try {
            await (0,results/* writeResultFiles */.SU)(dir, { error: error.oneLine(), meta });
        }
        catch (thrown) {
            this.deps.logger.warn(`could not write the result files to ${dir}: ${(0,errors/* toKcsError */.FN)(thrown, run_UNEXPECTED).message}`);
        }
    }
    imageConfig(target) {
        const { config } = this;
        return {
            ...config,
            // Loaded once, by the run (kindLoads), not by each scan.
            scan: { ...config.scan, image: target.image, kindLoad: false },
            results: { ...config.results, outputDir: (0,external_node_path_.join)(config.results.outputDir, target.folder) },
        };
    }
    /**
     * kind-load: the scanner and keep-alive images once, then each image once, one load after another (each is a
     * `docker save` piped into every node); a scan waits for its own image only. A failed load fails that image.
     */
    kindLoads() {
        const { config, deps } = this;
        if (!config.scan.kindLoad)
            return this.targets.map(() => Promise.resolve(undefined));
        const logger = this.queued();
        const options = deps.signal ? { signal: deps.signal } : {};
        const images = new Set(this.targets.map((t) => t.image));
        const support = [config.scan.scannerImage, config.scan.keepaliveImage].filter((i) => !images.has(i));
        const asError = (error) => (0,errors/* toKcsError */.FN)(error, run_UNEXPECTED);
        const supportLoad = kindLoadSupportImages(support, config.scan.kindCluster, logger, options).then(() => undefined, asError);
        let chain = supportLoad;
        return this.targets.map((target) => {
            const load = chain.then(() => kindLoad(target.image, config.scan.kindCluster, logger, options));
            chain = load.catch(() => undefined);
            return Promise.all([supportLoad, load.then(() => undefined, asError)]).then(([a, b]) => a ?? b);
        });
    }
    /** Waits (bounded) until a finished scan's pod is gone, so that at most max-parallel scan pods exist at once. */
    async podGone(connection, outcome) {
        const names = outcome.names;
        if (!names || !this.config.scan.cleanup || this.deps.signal?.aborted)
            return;
        const path = `/api/v1/namespaces/${names.namespace}/pods/${names.podName}`;
        const deadline = external_node_perf_hooks_.performance.now() + (this.deps.podGoneTimeoutMs ?? 30_000);
        for (let delay = 10; external_node_perf_hooks_.performance.now() < deadline && !this.deps.signal?.aborted; delay = Math.min(delay * 2, 1000)) {
            try {
                await connection.http.request('GET', path, this.deps.signal ? { signal: this.deps.signal } : {});
            }
            catch (error) {
                if (!(0,api_errors/* isNotFound */.c)(error))
                    this.deps.logger.debug(`could not check that pod ${names.podName} is gone`);
                return;
            }
            await (0,external_node_timers_promises_.setTimeout)(delay);
        }
    }
    heartbeat() {
        const now = external_node_perf_hooks_.performance.now();
        const running = [...this.startedAt].map(([index, at]) => `${this.targets[index]?.image ?? '?'} ${Math.round((now - at) / 1000)}s`);
        if (running.length === 0)
            return;
        const waiting = this.targets.length - this.done - running.length;
        this.print((logger) => logger.info(`… running: ${running.join(', ')}; ${this.done} done, ${waiting} waiting.`));
    }
    label(index, image) {
        return `[${index + 1}/${this.targets.length}] ${image}`;
    }
    print(write) {
        this.output = this.output.then(() => write(this.deps.logger)).catch(() => undefined);
    }
    /** A Logger whose lines go through the output chain (never inside another image's group). */
    queued() {
        const print = (fn) => this.print(fn);
        return {
            debug: (m) => print((l) => l.debug(m)),
            info: (m) => print((l) => l.info(m)),
            warn: (m) => print((l) => l.warn(m)),
            error: (m) => print((l) => l.error(m)),
            scannerOutput: (m) => print((l) => l.scannerOutput(m)),
            group: (_title, fn) => fn(),
        };
    }
}
const run_ICON = { pass: '✅', fail: '❌', error: '⚠️' };
function describe(entry) {
    if (entry.result === 'error')
        return `error ${entry.error?.code ?? ''}`.trimEnd();
    const violations = entry.violations > 0 ? `, ${entry.violations} threshold rule${entry.violations === 1 ? '' : 's'} violated` : '';
    return `${entry.result} (compliance ${entry.compliance ?? 0}%${violations})`;
}
function notStartedError(image) {
    return new errors/* KcsError */.q$('KCS-IMG-006', `The scan of ${image} did not start: the run was cancelled first.`, {
        category: 'scan',
    });
}
function quotaExhausted(config, image, outcome) {
    const refused = outcome.error?.message ?? 'exceeded quota';
    return new errors/* KcsError */.q$('KCS-IMG-005', `A ResourceQuota of namespace ${config.scan.namespace} refused the scan pod of ${image}, and no other scan of this run holds quota that could be freed: ${refused}`, {
        hint: `kubectl -n ${config.scan.namespace} describe quota; raise the quota, lower scanner-cpu and scanner-memory, or free what other workloads of the namespace hold.`,
        category: 'cluster',
        cause: outcome.error,
    });
}
/** Writes the run's own files on top of the image folders, and the outcome the adapters publish. */
async function writeRun(config, scanned, logger, runError) {
    const dir = config.results.outputDir;
    const entries = scanned.map((s) => s.entry);
    const meta = scanned.find((s) => s.meta)?.meta;
    const files = {
        summaryFile: (0,external_node_path_.join)(dir, 'scan-summary.md'),
        summaryJsonFile: (0,external_node_path_.join)(dir, 'summary.json'),
        thresholdFile: (0,external_node_path_.join)(dir, 'threshold-result.txt'),
    };
    let summary = buildCombinedSummary(entries, {
        profile: meta?.profile,
        threshold: meta?.threshold ?? thresholdName(config),
        runError,
    });
    const details = scanned.map((s) => s.details);
    let markdown = renderCombinedMarkdown(summary, details);
    try {
        await (0,promises_.mkdir)(dir, { recursive: true });
        const sarifFile = await writeCombinedSarif(dir, entries);
        const junitFile = await writeCombinedJunit(dir, entries);
        if (sarifFile)
            files.sarifFile = sarifFile;
        files.junitFile = junitFile;
        summary = { ...summary, sarifFile: sarifFile ? 'scan-results.sarif' : null, junitFile: 'scan-results.junit.xml' };
        markdown = renderCombinedMarkdown(summary, details);
        await (0,promises_.writeFile)(files.summaryJsonFile, JSON.stringify(summary, null, 2) + '\n');
        await (0,promises_.writeFile)(files.summaryFile, markdown);
        await (0,promises_.writeFile)(files.thresholdFile, renderCombinedThreshold(summary));
    }
    catch (thrown) {
        logger.warn(`could not write the result files to ${dir}: ${(0,errors/* toKcsError */.FN)(thrown, run_UNEXPECTED).message}`);
    }
    const { totals } = summary;
    logger.info(`${totals.images} image${totals.images === 1 ? '' : 's'}: ${totals.pass} passed, ${totals.fail} failed, ${totals.error} errored; result ${summary.result}; files in ${dir}`);
    return { result: summary.result, summary, details, markdown, files, ...(runError ? { error: runError } : {}) };
}
function thresholdName(config) {
    const threshold = config.results.threshold;
    if (!threshold)
        return undefined;
    if (threshold.kind === 'inline')
        return 'inline';
    if (threshold.kind === 'file')
        return threshold.path;
    return threshold.name;
}

;// CONCATENATED MODULE: ./src/cli/commands/scan-images.ts


/**
 * `scan` with several images (--image more than once, --images-file, --images-from-namespace): the run's table on
 * stdout, and the exit code of the combined result (0 pass, 1 a threshold failed, 3 an image or the run errored; 2 an
 * input of the run was invalid).
 */
async function scanImages(config, logger, io) {
    const outcome = await runImages(config, { logger, signal: io.signal });
    logger.closeFence();
    io.err(`result: ${outcome.result}; files in ${config.results.outputDir} (a folder per image)\n`);
    if (outcome.error) {
        logger.untrusted(`error: ${outcome.error.code}: ${outcome.error.message}`);
        if (outcome.error.hint)
            io.err(`hint: ${outcome.error.hint}\n`);
        return outcome.error.category === 'input' ? cli_io/* EXIT */.d.usage : cli_io/* EXIT */.d.error;
    }
    // Image references from a namespace and error messages come from the cluster: fenced and stripped like a report.
    logger.untrustedOut(imagesTextReport(outcome.summary));
    if (outcome.result === 'error')
        return cli_io/* EXIT */.d.error;
    if (outcome.result === 'fail')
        return config.results.failOnThreshold ? cli_io/* EXIT */.d.thresholdFailed : cli_io/* EXIT */.d.pass;
    return cli_io/* EXIT */.d.pass;
}
function cells(entry) {
    if (!entry.counts)
        return [entry.image, entry.result, '-', '-', '-', entry.error?.code ?? ''];
    const f = entry.counts.failed;
    return [
        entry.image,
        entry.result,
        `${entry.compliance ?? 0}%`,
        `${f.critical}/${f.high}/${f.medium}/${f.low}`,
        String(entry.counts.error.total),
        entry.result === 'error' ? (entry.error?.code ?? '') : '',
    ];
}
/** One line per image, in columns, then the totals. */
function imagesTextReport(summary) {
    const rows = [['IMAGE', 'RESULT', 'COMPLIANCE', 'FAILED C/H/M/L', 'ERRORS', ''], ...summary.images.map(cells)];
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
    const lines = rows.map((r) => r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd());
    const { totals } = summary;
    lines.push('', `${totals.images} images: ${totals.pass} passed, ${totals.fail} failed, ${totals.error} errored; result ${summary.result}`);
    for (const e of summary.images.filter((i) => i.error))
        lines.push(`${e.image}: ${e.error?.code ?? ''}: ${e.error?.message ?? ''}`);
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/cli/commands/scan.ts









const FLAGS = [...flags/* SCAN_COMMAND_FLAGS */.kq, ...flags/* IMAGES_FLAGS */.v0, ...flags/* RESULT_FLAGS */.WC];
const OPTIONS = { ...(0,flags/* parseArgsOptions */.dm)(FLAGS), verbose: { type: 'boolean', short: 'v' } };
const scanCommand = {
    name: 'scan',
    summary: 'scan an image in the cluster, evaluate the threshold, write the result files',
    help: `Usage: kube-cinc-scan scan --image IMAGE [flags]

Deploys the scan pod (the image under test plus a CINC Auditor sidecar) into the cluster of the current kubeconfig,
streams the scan to stderr, brings the JSON report back, evaluates it against the threshold and writes
scan-results.json, scan-summary.md, threshold-result.txt, summary.json, scan-results.sarif (code scanning),
scan-results.junit.xml (CI test reports), scanner.log and pod.yaml to the output directory (on a scan error,
whatever was obtained). Everything it
created in the cluster is deleted at the end, also on Ctrl-C.

A private registry: --registry-username USER with the password on stdin (--registry-password-stdin) or in
${registry_password/* REGISTRY_PASSWORD_ENV */.MK}; never as a flag. The scan puts them in a pull Secret of its own (this needs
deploy/rbac-registry-secret.yaml) and deletes it with the pod.

The namespace is chosen as kubectl chooses it: --namespace, else the namespace of the kubeconfig's context (--context,
else its current context), else default. A profile URL (an archive or a git repository) and the profile's remote
dependencies are fetched here, on this machine, and shipped to the pod in a ConfigMap; a private one takes its token
from ${profile_token/* PROFILE_TOKEN_ENV */.a2} (never a flag). HTTPS_PROXY, HTTP_PROXY and NO_PROXY apply as for kubectl.

Flags:
${(0,flags/* flagHelp */.QR)(FLAGS)}
  -v, --verbose                  debug output
  -h, --help                     show this help

Several images: --image more than once, --images-file FILE (one per line, # comments) or --images-from-namespace NS
(each distinct image its pods run, by digest; needs list on pods there: deploy/rbac-images-from-namespace.yaml). Each
image is scanned in its own pod, at most --max-parallel at once (default 4), and gets a folder of these files in the
output directory; summary.json, scan-summary.md, threshold-result.txt, scan-results.sarif and scan-results.junit.xml
at the top answer for the run (error if any image errored, else fail if any failed, else pass). Each image's log is
printed as one block when its scan has finished.

Exit codes: 0 pass, 1 threshold failed, 2 invalid input, 3 scan or cluster error.`,
    async run(argv, io) {
        (0,registry_password/* refusePasswordFlag */.AU)('scan', argv);
        (0,profile_token/* refuseProfileTokenFlag */.pW)('scan', argv);
        const { values } = (0,cli_io/* parseFlags */.b)('scan', argv, OPTIONS);
        if (values['help']) {
            io.out(`${scanCommand.help}\n`);
            return cli_io/* EXIT */.d.pass;
        }
        const password = await (0,registry_password/* registryPasswordInput */.rZ)(values['registry-password-stdin'] === true, io);
        const raw = { ...(0,flags/* rawInputsFromFlags */.ZB)(FLAGS, values), ...password, ...(0,profile_token/* profileTokenInput */.xM)(io) };
        const config = (0,core_config/* parseConfig */.o4)(raw, { env: io.env, cwd: io.cwd, mode: 'cli' });
        const logger = new cli_logger/* CliLogger */.fT(io, values['verbose'] === true);
        for (const warning of config.warnings)
            logger.warn(warning);
        if (config.targets.multi) {
            try {
                return await scanImages(config, logger, io);
            }
            finally {
                logger.closeFence();
            }
        }
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


/***/ })

};
