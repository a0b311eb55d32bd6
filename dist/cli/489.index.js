export const id = 489;
export const ids = [489];
export const modules = {

/***/ 4489:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   ZH: () => (/* binding */ resolveThresholdSource),
/* harmony export */   o4: () => (/* binding */ parseConfig),
/* harmony export */   zY: () => (/* binding */ DEFAULTS)
/* harmony export */ });
/* unused harmony exports parseBoolean, isImageReference, splitList, shippedNames, resolveProfileSource, sanitizeName */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var js_yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3243);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6107);





const DEFAULTS = {
    profile: 'container-baseline',
    namespace: 'default',
    scannerImage: 'cincproject/auditor:6.8.24',
    keepaliveImage: 'busybox:1.37.0-musl',
    imagePullPolicy: 'IfNotPresent',
    scannerCpu: '1',
    scannerMemory: '1Gi',
    kindCluster: 'kind',
    timeout: '10m',
};
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const MIN_TIMEOUT_SECONDS = 10;
const MAX_TIMEOUT_SECONDS = 24 * 3600;
/** Collects problems so that one run reports every bad input, not just the first. */
class Problems {
    list = [];
    add(code, message) {
        this.list.push({ code, message });
    }
    throwIfAny() {
        const [first] = this.list;
        if (!first)
            return;
        const message = this.list.length === 1 ? first.message : `${this.list.length} inputs are invalid:\n- ${this.list.map((p) => p.message).join('\n- ')}`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(first.code, message);
    }
}
function value(raw, name) {
    return (raw[name] ?? '').trim();
}
const show = (text) => JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
function parseConfig(raw, context) {
    const problems = new Problems();
    const text = (name) => value(raw, name);
    const flag = (name, fallback) => parseBooleanInput(name, text(name), fallback, problems);
    const timeoutText = text('timeout') || DEFAULTS.timeout;
    const scan = {
        image: requiredImage('image', text('image'), problems),
        profile: attempt(problems, () => resolveProfileSource(text('profile') || DEFAULTS.profile, context.cwd), { kind: 'shipped', name: '', path: '' }),
        profileInputs: optionalFile('profile-inputs', text('profile-inputs'), context.cwd, problems),
        waiverFile: optionalFile('waiver-file', text('waiver-file'), context.cwd, problems),
        controls: splitList(text('controls')),
        namespace: dnsLabel('namespace', text('namespace') || DEFAULTS.namespace, problems),
        kubeconfig: kubeconfigSource(text('kubeconfig'), raw['kubeconfig'] ?? '', context, problems),
        context: text('context') || undefined,
        scannerImage: requiredImage('scanner-image', text('scanner-image') || DEFAULTS.scannerImage, problems),
        keepaliveImage: requiredImage('keepalive-image', text('keepalive-image') || DEFAULTS.keepaliveImage, problems),
        imagePullPolicy: pullPolicy(text('image-pull-policy') || DEFAULTS.imagePullPolicy, problems),
        imagePullSecrets: splitList(text('image-pull-secrets')).map((name) => dnsSubdomain('image-pull-secrets', name, problems)),
        nodeSelector: stringMap('node-selector', text('node-selector'), problems),
        tolerations: tolerations(text('tolerations'), problems),
        podAnnotations: stringMap('pod-annotations', text('pod-annotations'), problems),
        scannerCpu: quantity('scanner-cpu', text('scanner-cpu') || DEFAULTS.scannerCpu, problems),
        scannerMemory: quantity('scanner-memory', text('scanner-memory') || DEFAULTS.scannerMemory, problems),
        kindLoad: flag('kind-load', false),
        kindCluster: dnsLabel('kind-cluster', text('kind-cluster') || DEFAULTS.kindCluster, problems),
        timeoutSeconds: timeoutSeconds(timeoutText, problems),
        cleanup: flag('cleanup', true),
    };
    const results = {
        threshold: text('threshold') ? attempt(problems, () => resolveThresholdSource(raw['threshold'] ?? '', context.cwd), undefined) : undefined,
        failOnThreshold: flag('fail-on-threshold', true),
        outputDir: outputDir(text('output-dir'), context),
    };
    const publish = {
        uploadArtifact: flag('upload-artifact', true),
        artifactName: artifactName(text('artifact-name'), scan.image, context.env, problems),
        retentionDays: retentionDays(text('retention-days'), problems),
        jobSummary: flag('job-summary', true),
        commentOnPr: flag('comment-on-pr', false),
        githubToken: text('github-token'),
    };
    if (scan.kindLoad && scan.imagePullPolicy === 'Always') {
        problems.add('KCS-KIND-006', 'kind-load puts the image on the kind nodes, but image-pull-policy Always makes the kubelet pull it from a registry instead; use IfNotPresent (the default) or Never with kind-load');
    }
    problems.throwIfAny();
    return { scan, results, publish };
}
function attempt(problems, fn, fallback) {
    try {
        return fn();
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz) {
            problems.add(error.code, error.message);
            return fallback;
        }
        throw error;
    }
}
// ----- scalars --------------------------------------------------------------------------------------------------
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];
/** The YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts them. */
function parseBoolean(name, text) {
    if (TRUE_VALUES.includes(text))
        return true;
    if (FALSE_VALUES.includes(text))
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('KCS-CFG-002', `${name}: ${show(text)} is not a boolean; use true or false`);
}
function parseBooleanInput(name, text, fallback, problems) {
    if (text === '')
        return fallback;
    return attempt(problems, () => parseBoolean(name, text), fallback);
}
const DURATION_UNITS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
/**
 * Parses a duration such as `90s`, `10m`, `1h30m` or a bare number of seconds into seconds. With `unitRequired`
 * a bare number is refused, for flags where `30` could be read as 30 minutes or days.
 * Named after the input so its error reads: `timeout: "7x" is not a duration; use 90s, 10m or 1h`.
 */
function parseDuration(name, text, options = {}) {
    const trimmed = text.trim();
    if (/^\d+$/.test(trimmed) && !options.unitRequired)
        return Number(trimmed);
    const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
    const consumed = parts.map((p) => p[0]).join('');
    if (parts.length === 0 || consumed !== trimmed) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('KCS-CFG-003', `${name}: ${show(text)} is not a duration; use 90s, 10m or 1h`);
    }
    return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * (DURATION_UNITS[unit ?? 's'] ?? 1), 0);
}
function timeoutSeconds(text, problems) {
    const seconds = attempt(problems, () => parseDuration('timeout', text), 600);
    if (seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
        problems.add('KCS-CFG-003', `timeout: ${show(text)} is out of range; use between 10s and 24h`);
    }
    return Math.ceil(seconds);
}
function pullPolicy(text, problems) {
    const match = PULL_POLICIES.find((p) => p === text);
    if (match)
        return match;
    problems.add('KCS-CFG-004', `image-pull-policy: ${show(text)} is not allowed; use ${PULL_POLICIES.join(', ')}`);
    return DEFAULTS.imagePullPolicy;
}
function retentionDays(text, problems) {
    if (text === '')
        return undefined;
    const days = Number(text);
    if (!/^\d+$/.test(text) || days < 1 || days > 90) {
        problems.add('KCS-CFG-012', `retention-days: ${show(text)} is not allowed; use a whole number of days from 1 to 90`);
        return undefined;
    }
    return days;
}
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
function quantity(name, text, problems) {
    if (!QUANTITY.test(text)) {
        problems.add('KCS-CFG-010', `${name}: ${show(text)} is not a Kubernetes quantity; use for example 500m or 1 (CPU), 512Mi or 1Gi (memory)`);
    }
    return text;
}
// ----- names and images -----------------------------------------------------------------------------------------
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
function dnsLabel(name, text, problems) {
    if (!DNS_LABEL.test(text)) {
        problems.add('KCS-CFG-009', `${name}: ${show(text)} is not a valid name; use lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit`);
    }
    return text;
}
function dnsSubdomain(name, text, problems) {
    if (!DNS_SUBDOMAIN.test(text) || text.length > 253) {
        problems.add('KCS-CFG-009', `${name}: ${show(text)} is not a valid Secret name; use lower-case letters, digits, '-' and '.'`);
    }
    return text;
}
// registry[:port]/path[:tag][@digest], as the container runtimes accept it (lower-case repository path).
const IMAGE_REFERENCE = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
function isImageReference(text) {
    return text.length <= 512 && IMAGE_REFERENCE.test(text);
}
function requiredImage(name, text, problems) {
    if (text === '') {
        problems.add('KCS-CFG-001', `${name} is required: the image reference to scan, for example ghcr.io/acme/app:1.2.3`);
    }
    else if (!isImageReference(text)) {
        problems.add('KCS-CFG-011', `${name}: ${show(text)} is not an image reference; use [registry/]repository[:tag][@sha256:digest] with a lower-case repository`);
    }
    return text;
}
/** Splits a list given one per line or comma-separated. */
function splitList(text) {
    return text
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
// ----- YAML-valued inputs ---------------------------------------------------------------------------------------
function parseYamlInput(name, text, problems) {
    try {
        return (0,js_yaml__WEBPACK_IMPORTED_MODULE_2__/* .load */ .Hh)(text);
    }
    catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        problems.add('KCS-CFG-005', `${name}: not valid YAML (${reason})`);
        return undefined;
    }
}
const isPlainObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
// Label and annotation keys: an optional DNS-subdomain prefix and a name of up to 63 characters.
const QUALIFIED_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
function stringMap(name, text, problems) {
    if (text === '')
        return {};
    const parsed = parseYamlInput(name, text, problems);
    if (parsed === undefined)
        return {};
    if (!isPlainObject(parsed)) {
        problems.add('KCS-CFG-005', `${name}: expected a YAML mapping of keys to strings, such as "team: security", got ${show(text)}`);
        return {};
    }
    const result = {};
    for (const [key, v] of Object.entries(parsed)) {
        if (!QUALIFIED_KEY.test(key)) {
            problems.add('KCS-CFG-005', `${name}: key ${show(key)} is not a valid Kubernetes key; use [prefix/]name with letters, digits, '-', '_' and '.'`);
        }
        else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
            result[key] = String(v);
        }
        else {
            problems.add('KCS-CFG-005', `${name}: the value of ${show(key)} must be a string, got ${show(JSON.stringify(v) ?? 'null')}`);
        }
    }
    return result;
}
const TOLERATION_KEYS = ['key', 'operator', 'value', 'effect', 'tolerationSeconds'];
const TOLERATION_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
function tolerations(text, problems) {
    if (text === '')
        return [];
    const parsed = parseYamlInput('tolerations', text, problems);
    if (parsed === undefined)
        return [];
    if (!Array.isArray(parsed)) {
        problems.add('KCS-CFG-005', 'tolerations: expected a YAML list of tolerations, such as "- {key: dedicated, operator: Equal, value: scans, effect: NoSchedule}"');
        return [];
    }
    return parsed.flatMap((item, index) => {
        const where = `tolerations[${index}]`;
        if (!isPlainObject(item)) {
            problems.add('KCS-CFG-005', `${where}: expected a mapping with key, operator, value, effect, tolerationSeconds`);
            return [];
        }
        const unknown = Object.keys(item).filter((k) => !TOLERATION_KEYS.includes(k));
        if (unknown.length > 0)
            problems.add('KCS-CFG-005', `${where}: unknown field ${show(unknown[0] ?? '')}; allowed: ${TOLERATION_KEYS.join(', ')}`);
        if (item['operator'] !== undefined && item['operator'] !== 'Exists' && item['operator'] !== 'Equal') {
            problems.add('KCS-CFG-005', `${where}.operator: ${show(String(item['operator']))} is not allowed; use Exists or Equal`);
        }
        if (item['effect'] !== undefined && !TOLERATION_EFFECTS.includes(String(item['effect']))) {
            problems.add('KCS-CFG-005', `${where}.effect: ${show(String(item['effect']))} is not allowed; use ${TOLERATION_EFFECTS.join(', ')}`);
        }
        if (item['tolerationSeconds'] !== undefined && !Number.isInteger(item['tolerationSeconds'])) {
            problems.add('KCS-CFG-005', `${where}.tolerationSeconds: must be a whole number of seconds`);
        }
        const toleration = {};
        if (item['key'] !== undefined)
            toleration.key = String(item['key']);
        if (item['operator'] !== undefined)
            toleration.operator = item['operator'];
        if (item['value'] !== undefined)
            toleration.value = String(item['value']);
        if (item['effect'] !== undefined)
            toleration.effect = item['effect'];
        if (typeof item['tolerationSeconds'] === 'number')
            toleration.tolerationSeconds = item['tolerationSeconds'];
        return [toleration];
    });
}
// ----- files, profiles, thresholds ------------------------------------------------------------------------------
const isDirectory = (path) => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path) && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).isDirectory();
const isFile = (path) => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path) && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).isFile();
function optionalFile(name, text, cwd, problems) {
    if (text === '')
        return undefined;
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(cwd, text);
    if (!isFile(path))
        problems.add('KCS-CFG-008', `${name}: file ${show(text)} does not exist (looked at ${path})`);
    return path;
}
/** Names of the entries of a shipped folder, for error messages and --help. */
function shippedNames(dir, suffixes = []) {
    if (!isDirectory(dir))
        return [];
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir, { withFileTypes: true })
        .filter((entry) => (suffixes.length === 0 ? entry.isDirectory() : entry.isFile() && suffixes.some((s) => entry.name.endsWith(s))))
        .map((entry) => suffixes.reduce((n, s) => (n.endsWith(s) ? n.slice(0, -s.length) : n), entry.name))
        .sort();
}
const URL_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;
/** `scheme://…` is a URL; an existing directory is a local profile; otherwise a profile shipped in profiles/. */
function resolveProfileSource(text, cwd) {
    const trimmed = text.trim();
    if (URL_SCHEME.test(trimmed))
        return { kind: 'url', url: trimmed };
    const local = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(cwd, trimmed);
    if (isDirectory(local)) {
        if (!isFile((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(local, 'inspec.yml'))) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('KCS-CFG-006', `profile: directory ${show(trimmed)} has no inspec.yml, so it is not an InSpec profile`);
        }
        return { kind: 'directory', path: local };
    }
    const shipped = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .profilesDir */ .CP)(), trimmed);
    if (!(0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(trimmed) && !trimmed.includes('/') && isDirectory(shipped))
        return { kind: 'shipped', name: trimmed, path: shipped };
    const names = shippedNames((0,_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .profilesDir */ .CP)());
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('KCS-CFG-006', `profile: ${show(trimmed)} is not a URL, an existing profile directory or a shipped profile; shipped profiles: ${names.join(', ') || '(none)'}`);
}
const THRESHOLD_SUFFIXES = ['.yml', '.yaml', '.json'];
/**
 * Text with a newline, `:` or `{` is inline YAML; otherwise an existing file; otherwise a threshold shipped in
 * thresholds/ (by name, with or without its extension); otherwise an error that lists the shipped names.
 */
function resolveThresholdSource(text, cwd) {
    if (/[\n:{]/.test(text.trim()))
        return { kind: 'inline', text };
    const trimmed = text.trim();
    const local = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(cwd, trimmed);
    if (isFile(local))
        return { kind: 'file', path: local };
    if (!trimmed.includes('/')) {
        for (const name of [trimmed, ...THRESHOLD_SUFFIXES.map((s) => trimmed + s)]) {
            const shipped = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .thresholdsDir */ .C_)(), name);
            if (isFile(shipped))
                return { kind: 'shipped', name: trimmed.replace(/\.(ya?ml|json)$/, ''), path: shipped };
        }
    }
    const names = shippedNames((0,_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .thresholdsDir */ .C_)(), THRESHOLD_SUFFIXES);
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('KCS-CFG-007', `threshold: ${show(trimmed)} is not inline YAML, an existing file or a shipped threshold; shipped thresholds: ${names.join(', ') || '(none)'}`);
}
function kubeconfigSource(trimmed, rawText, context, problems) {
    if (trimmed === '')
        return { kind: 'default' };
    if (context.mode === 'action')
        return { kind: 'content', content: rawText };
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(context.cwd, trimmed);
    if (!isFile(path))
        problems.add('KCS-CFG-008', `kubeconfig: file ${show(trimmed)} does not exist (looked at ${path})`);
    return { kind: 'file', path };
}
// ----- where results go -----------------------------------------------------------------------------------------
function outputDir(text, context) {
    if (text !== '')
        return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(context.cwd, text);
    if (context.mode === 'cli')
        return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(context.cwd, 'kube-cinc-scan-results');
    const base = context.env['RUNNER_TEMP'] || context.cwd;
    const job = sanitizeName(context.env['GITHUB_JOB'] ?? 'job');
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(base, `kube-cinc-scan-${job}-${process.pid}-${Date.now().toString(36)}`);
}
/** Artifact names may not hold `" : < > | * ? \ /` or control characters; image references hold `/` and `:`. */
function sanitizeName(text) {
    return text
        .replace(/@sha256:([a-f0-9]{12})[a-f0-9]*/, '-$1')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/-+/g, '-')
        .replace(/^[-.]+|[-.]+$/g, '')
        .slice(0, 100);
}
/**
 * Default: `kcs-<image>-<job>` (plus the run attempt after a re-run), so two matrix legs scanning different images
 * differ. Legs that scan the same image in one job collide; the uploader adds a suffix when the name is taken.
 */
function artifactName(text, image, env, problems) {
    if (text !== '') {
        if (/["':<>|*?\\/\r\n]/.test(text)) {
            problems.add('KCS-CFG-009', `artifact-name: ${show(text)} contains a character artifacts do not allow (" : < > | * ? \\ / or a newline)`);
        }
        return text;
    }
    const job = env['GITHUB_JOB'] ? `-${sanitizeName(env['GITHUB_JOB'])}` : '';
    const attempt = env['GITHUB_RUN_ATTEMPT'] && env['GITHUB_RUN_ATTEMPT'] !== '1' ? `-attempt${env['GITHUB_RUN_ATTEMPT']}` : '';
    return `kcs-${sanitizeName(image) || 'scan'}${job}${attempt}`;
}


/***/ })

};
