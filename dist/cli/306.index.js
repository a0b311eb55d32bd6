export const id = 306;
export const ids = [306,489];
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
        const message = error instanceof Error ? error.message : String(error);
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$('KCS-K8S-012', `Failed to ${action} ${object}: ${message}`, { category: 'cluster', cause: error });
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

/***/ 773:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2258);



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
    /** The server's URL without any credentials, for messages. */
    server;
    constructor(server, method, path, cause) {
        super(cause instanceof Error ? cause.message || cause.name : String(cause), { cause });
        this.method = method;
        this.path = path;
        this.name = 'KubeNetworkError';
        this.server = (0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redactUrl */ .B)(server);
    }
}
const DEFAULT_RETRY = { attempts: 6, baseDelayMs: 250, maxDelayMs: 4000, maxRetryAfterSeconds: 30 };
/**
 * A small JSON client for the API server. It takes TLS material, proxies and credentials (tokens, exec plugins, client
 * certificates) from client-node's KubeConfig, and adds what client-node lacks: retries of 429 (honouring Retry-After)
 * and 5xx with bounded backoff, a parsed Status on every error, and raw streams whose errors we handle ourselves.
 */
class KubeHttp {
    kubeConfig;
    server;
    retry;
    agents = new Set();
    constructor(kubeConfig, server, retry = DEFAULT_RETRY) {
        this.kubeConfig = kubeConfig;
        this.server = server;
        this.retry = retry;
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
                    return (text ? JSON.parse(text) : {});
                }
                const error = new KubeApiError(response.status, method, path, parseStatus(text), retryAfter(response.headers), attempt);
                if (!retryable(error.status) || attempt >= this.retry.attempts)
                    throw error;
                delayMs = this.delay(attempt, error.retryAfterSeconds);
            }
            catch (error) {
                if (!(error instanceof KubeNetworkError) || !idempotent || attempt >= this.retry.attempts)
                    throw error;
                if (options.signal?.aborted)
                    throw error;
                delayMs = this.delay(attempt, undefined);
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
                ...(idleTimeoutMs !== undefined ? { timeout: idleTimeoutMs } : {}),
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
    close() {
        for (const agent of this.agents)
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
        const options = {};
        // Fills in the agent (TLS or proxy), client certificate, CA and the Authorization header (exec plugins included).
        await this.kubeConfig.applyToHTTPSOptions(options);
        if (options.agent instanceof (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent))
            this.agents.add(options.agent);
        const { agent, headers, ca, cert, key, rejectUnauthorized, servername, auth } = options;
        return { agent, headers, ca, cert, key, rejectUnauthorized, servername, auth };
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
                    Accept: options.text ? 'text/plain, */*' : 'application/json',
                    'User-Agent': 'kube-cinc-scan',
                    ...(payload === undefined ? {} : { 'Content-Type': options.contentType ?? 'application/json' }),
                },
                timeout: options.timeoutMs ?? 30_000,
                ...(options.signal ? { signal: options.signal } : {}),
            });
            request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs ?? 30_000} ms`)));
            request.on('error', (cause) => reject(new KubeNetworkError(this.server, method, path, cause)));
            request.on('response', (response) => {
                readBody(response)
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
function readBody(response) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
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

/***/ 8679:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ ScanError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

/**
 * A scan that did not produce verified results. It carries whatever was obtained before the failure (the scanner's
 * log, a verified report, the pod name), so the caller can still show the log tail and keep the report.
 */
class ScanError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KcsError */ .q$ {
    scannerLog;
    reportText;
    podName;
    constructor(code, message, options = {}) {
        super(code, message, { category: 'scan', ...options });
        this.name = 'ScanError';
        if (options.scannerLog !== undefined)
            this.scannerLog = options.scannerLog;
        if (options.reportText !== undefined)
            this.reportText = options.reportText;
        if (options.podName !== undefined)
            this.podName = options.podName;
    }
}


/***/ }),

/***/ 2258:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ redactUrl),
/* harmony export */   F: () => (/* binding */ urlSecrets)
/* harmony export */ });
/**
 * URLs in a kubeconfig (`server`, `proxy-url`) and profile URLs may carry credentials (`https://user:token@host`,
 * `?private_token=…`). They are shown in messages, summaries and artifacts only without them.
 */
function redactUrl(text, options = {}) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return text;
    }
    const hasUser = url.username !== '' || url.password !== '';
    const hasQuery = options.query === true && (url.search !== '' || url.hash !== '');
    // Unchanged when there is nothing to cut: URL.toString() would normalise it (a trailing slash, case).
    if (!hasUser && !hasQuery)
        return text;
    if (hasUser) {
        url.password = '';
        url.username = '***';
    }
    if (!options.query)
        return url.toString();
    const hadQuery = url.search !== '';
    url.search = '';
    url.hash = '';
    return hadQuery ? `${url.toString()}?…` : url.toString();
}
/** The credential parts of a URL (password, `user:password`, query values), each to be masked on its own. */
function urlSecrets(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return [];
    }
    const found = [];
    if (url.password) {
        found.push(url.password, decodeURIComponent(url.password), `${url.username}:${url.password}`);
    }
    else if (url.username) {
        // A token alone in the user part (https://ghp_xxx@github.com/…).
        found.push(url.username, decodeURIComponent(url.username));
    }
    for (const value of url.searchParams.values())
        if (value)
            found.push(value);
    return [...new Set(found)];
}


/***/ }),

/***/ 466:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  nb: () => (/* binding */ cleanupLeftovers),
  hn: () => (/* reexport */ planScan),
  EG: () => (/* reexport */ renderPlan),
  Hk: () => (/* binding */ runScan)
});

// UNUSED EXPORTS: ScanError, deleteScanObjects, extractResultsBlock

// EXTERNAL MODULE: ./node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(3243);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/kube/api-errors.ts
var api_errors = __webpack_require__(1161);
// EXTERNAL MODULE: ./src/core/kube/http.ts
var kube_http = __webpack_require__(773);
;// CONCATENATED MODULE: ./src/core/kube/lines.ts
/**
 * Reads a response line by line until it ends, errors or the signal fires. Resolves in every case (the reason is
 * returned), because a dropped stream is an expected event for watches and followed logs, never a crash.
 */
function readLines(response, onLine, signal) {
    return new Promise((resolve) => {
        let buffer = '';
        let settled = false;
        const finish = (ended, error) => {
            if (settled)
                return;
            settled = true;
            signal?.removeEventListener('abort', onAbort);
            if (ended !== 'complete')
                response.destroy();
            resolve({ ended, ...(error ? { error } : {}), partial: buffer });
        };
        const onAbort = () => finish('stopped');
        if (signal?.aborted) {
            finish('stopped');
            return;
        }
        signal?.addEventListener('abort', onAbort, { once: true });
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
            if (settled)
                return;
            buffer += chunk;
            let newline = buffer.indexOf('\n');
            while (newline >= 0) {
                const line = buffer.slice(0, newline);
                buffer = buffer.slice(newline + 1);
                if (onLine(line.endsWith('\r') ? line.slice(0, -1) : line) === true) {
                    finish('stopped');
                    return;
                }
                newline = buffer.indexOf('\n');
            }
        });
        response.on('end', () => finish('complete'));
        // 'aborted' comes before 'error' when the response is destroyed with a reason (the client's idle timeout).
        response.on('aborted', () => finish('error', response.errored ?? new Error('connection closed by the server')));
        response.on('error', (error) => finish('error', error));
        response.on('close', () => finish(response.complete ? 'complete' : 'error', response.complete ? undefined : new Error('connection closed before the end')));
    });
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/core/kube/scan-error.ts
var scan_error = __webpack_require__(8679);
;// CONCATENATED MODULE: ./src/core/kube/results-block.ts



// The framing of DESIGN.md §5. Only version 1 exists; an unknown version is refused rather than guessed at.
const BEGIN_PREFIX = 'KCS-RESULTS-BEGIN ';
const END_LINE = 'KCS-RESULTS-END v1';
const HEADER = /^KCS-RESULTS-BEGIN v1 bytes=(\d+) sha256=([0-9a-f]{64}) encoding=gzip\+base64$/;
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;
const ROTATION_HINT = 'The container log was cut: the kubelet keeps only the current log file (containerLogMaxSize, 10 MiB by ' +
    'default), so a very chatty scan loses its beginning or end. Run fewer controls, or raise containerLogMaxSize.';
/** Splits a container log into lines, tolerating CRLF and a missing final newline. */
function logLines(log) {
    const lines = log.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    if (lines.length > 0 && lines[lines.length - 1] === '')
        lines.pop();
    return lines;
}
/** True for the lines of a results block, which are noise in the live output. */
function isBlockStart(line) {
    return line.startsWith(BEGIN_PREFIX);
}
function isBlockEnd(line) {
    return line === END_LINE;
}
/**
 * Finds the one results block in a scanner log, decodes it and verifies its length and sha256. Returns the JSON
 * report text exactly as the scanner wrote it. Every way the block can be wrong is a ScanError that says what happened.
 */
function extractResultsBlock(log) {
    const lines = logLines(log);
    const begins = lines.flatMap((line, index) => (isBlockStart(line) ? [index] : []));
    const ends = lines.flatMap((line, index) => (isBlockEnd(line) ? [index] : []));
    const first = begins[0];
    if (first === undefined) {
        if (ends.length > 0) {
            throw new scan_error/* ScanError */.s('KCS-SCAN-103', 'The results block in the scanner log has an end line but no start line.', {
                hint: ROTATION_HINT,
            });
        }
        throw new scan_error/* ScanError */.s('KCS-SCAN-101', 'The scanner log contains no results block (KCS-RESULTS-BEGIN … END).', {
            hint: 'The scanner did not finish; its last lines (kcs-scanner: error: …) say why.',
        });
    }
    if (begins.length > 1) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-102', `The scanner log contains ${begins.length} results blocks; exactly one is expected.`, {
            hint: 'Something in the scan printed a second block (a profile or target file echoing scanner output?). Report this with the log.',
        });
    }
    const header = HEADER.exec(lines[first] ?? '');
    if (!header) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-106', `The results block header is not understood: "${truncate(lines[first] ?? '', 120)}".`, {
            hint: 'The scanner files and the action are from different versions; use the scanner/ shipped with this release.',
        });
    }
    const end = ends.find((index) => index > first);
    if (end === undefined) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-103', 'The results block in the scanner log is cut short: it has no end line.', { hint: ROTATION_HINT });
    }
    return decodeBlock(lines.slice(first + 1, end), Number(header[1]), header[2] ?? '');
}
function decodeBlock(body, bytes, sha256) {
    const bad = body.findIndex((line) => !BASE64_LINE.test(line));
    if (bad >= 0) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-106', `Line ${bad + 1} of the results block is not base64: "${truncate(body[bad] ?? '', 80)}".`, {
            hint: 'Another process wrote into the scanner log while the block was printed. Run the scan again.',
        });
    }
    let report;
    try {
        report = (0,external_node_zlib_.gunzipSync)(Buffer.from(body.join(''), 'base64'));
    }
    catch (cause) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-103', 'The results block in the scanner log is cut short or damaged: it does not gunzip.', {
            hint: ROTATION_HINT,
            cause,
        });
    }
    if (report.length !== bytes) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-104', `The results block holds ${report.length} bytes but its header announces ${bytes}.`, {
            hint: ROTATION_HINT,
        });
    }
    const actual = (0,external_node_crypto_.createHash)('sha256').update(report).digest('hex');
    if (actual !== sha256) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-105', `The results block's sha256 is ${actual} but its header announces ${sha256}.`, {
            hint: 'The report was altered between the scanner and the action. Run the scan again; if it repeats, report it.',
        });
    }
    return report.toString('utf8');
}
function truncate(text, max) {
    return text.length > max ? `${text.slice(0, max)}…` : text;
}

;// CONCATENATED MODULE: ./src/core/kube/live-log.ts



/**
 * The kubelet sends nothing on a followed log while the container is quiet, and a control can run silently for
 * minutes, so the idle limit is loose: it only catches a dead connection, and a reconnection costs nothing (the lines
 * already shown are skipped).
 */
const LOG_IDLE_TIMEOUT_MS = 300_000;
/**
 * Streams a container's log to the logger while it runs. Best effort by design: the stream can be cut (kubelet,
 * proxies, client timeouts), so it reconnects and skips the lines it already showed, and whatever it missed is shown
 * from the full log read at the end (`showRemaining`). The results block is kept out of the live output.
 */
class LiveLog {
    http;
    namespace;
    pod;
    container;
    logger;
    options;
    shown = 0;
    inBlock = false;
    terminated = false;
    controller = new AbortController();
    running;
    wake;
    constructor(http, namespace, pod, container, logger, options = {}) {
        this.http = http;
        this.namespace = namespace;
        this.pod = pod;
        this.container = container;
        this.logger = logger;
        this.options = options;
    }
    start() {
        this.running ??= this.follow().catch((error) => {
            this.logger.debug(`Live log of ${this.pod}/${this.container} stopped: ${error instanceof Error ? error.message : String(error)}.`);
        });
    }
    /** The watch saw the container terminate: the next end of the stream is the real end. */
    markTerminated() {
        this.terminated = true;
        this.wake?.();
    }
    /** Gives the stream up to `waitMs` to deliver its last lines, then stops it. */
    async stop(waitMs) {
        if (this.running && waitMs > 0) {
            await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
        }
        this.controller.abort();
        await this.running;
    }
    /** Shows the lines of the full log the live stream did not deliver. */
    showRemaining(lines) {
        for (let index = this.shown; index < lines.length; index += 1)
            this.emit(lines[index] ?? '');
        this.shown = Math.max(this.shown, lines.length);
    }
    emit(line) {
        if (isBlockStart(line))
            this.inBlock = true;
        else if (this.inBlock && isBlockEnd(line))
            this.inBlock = false;
        else if (!this.inBlock)
            this.logger.scannerOutput(line);
    }
    async follow() {
        const signal = this.controller.signal;
        const path = `/api/v1/namespaces/${this.namespace}/pods/${this.pod}/log`;
        const maxReconnects = this.options.maxReconnects ?? 20;
        const idleTimeoutMs = this.options.idleTimeoutMs ?? LOG_IDLE_TIMEOUT_MS;
        for (let attempt = 0; attempt <= maxReconnects && !signal.aborted; attempt += 1) {
            const skip = this.shown;
            let index = 0;
            try {
                const response = await this.http.stream(path, { container: this.container, follow: true }, signal, { idleTimeoutMs });
                const result = await readLines(response, (line) => {
                    index += 1;
                    if (index <= skip)
                        return false;
                    this.emit(line);
                    this.shown += 1;
                    return false;
                }, signal);
                if (signal.aborted || (result.ended === 'complete' && this.terminated))
                    return;
                if (result.error)
                    this.logger.debug(`Live log of ${this.pod}/${this.container} was cut (${result.error.message}); reconnecting.`);
            }
            catch (error) {
                if (signal.aborted)
                    return;
                // 400 while the container is still being created; anything else is logged and retried the same way.
                if (!(error instanceof kube_http/* KubeApiError */.W3 && error.status === 400)) {
                    this.logger.debug(`Live log of ${this.pod}/${this.container} failed: ${error instanceof Error ? error.message : String(error)}.`);
                }
            }
            await this.pause(Math.min(1000, 50 * (attempt + 1)), signal);
        }
    }
    pause(ms, signal) {
        return new Promise((resolve) => {
            this.wake = resolve;
            (0,kube_http/* sleep */.yy)(ms, signal).then(resolve, resolve);
        });
    }
}

;// CONCATENATED MODULE: ./src/core/kube/objects.ts

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
    return `kcs-${(0,external_node_crypto_.randomBytes)(5).toString('hex')}`;
}
function scanLabels(runId, component) {
    return { [LABEL_NAME]: TOOL, [LABEL_MANAGED_BY]: TOOL, [LABEL_COMPONENT]: component, [LABEL_RUN_ID]: runId };
}
const profileConfigMapName = (runId) => `${runId}-profile`;
const scannerConfigMapName = (runId) => `${runId}-scanner`;
function buildConfigMap(name, namespace, runId, component, files) {
    const data = {};
    const binaryData = {};
    for (const file of files) {
        if (isText(file.content))
            data[file.key] = file.content.toString('utf8');
        else
            binaryData[file.key] = file.content.toString('base64');
    }
    return {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace, labels: scanLabels(runId, component) },
        immutable: true,
        ...(Object.keys(data).length > 0 ? { data } : {}),
        ...(Object.keys(binaryData).length > 0 ? { binaryData } : {}),
    };
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
            ...(config.imagePullSecrets.length > 0 ? { imagePullSecrets: config.imagePullSecrets.map((name) => ({ name })) } : {}),
            // The scanner image and the keep-alive are Linux binaries: on a mixed cluster a Windows node could not run them.
            nodeSelector: { 'kubernetes.io/os': 'linux', ...config.nodeSelector },
            ...(config.tolerations.length > 0 ? { tolerations: config.tolerations.map((t) => ({ ...t })) } : {}),
            initContainers: [keepaliveContainer(config)],
            containers: [targetContainer(config, runId, timeout), scannerContainer(inputs)],
            volumes: volumes(inputs),
        },
    };
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
    if (config.profile.kind === 'url')
        env.push({ name: 'KCS_PROFILE_URL', value: config.profile.url });
    else
        env.push({ name: 'KCS_PROFILE_ARCHIVE', value: `${PROFILE_MOUNT}/${PROFILE_ARCHIVE_KEY}` });
    const keys = new Set(inputs.profileConfigMap?.files.map((f) => f.key) ?? []);
    if (keys.has(INPUTS_KEY))
        env.push({ name: 'KCS_INPUT_FILE', value: `${INPUTS_MOUNT}/${INPUTS_KEY}` });
    if (keys.has(WAIVERS_KEY))
        env.push({ name: 'KCS_WAIVER_FILE', value: `${INPUTS_MOUNT}/${WAIVERS_KEY}` });
    if (config.controls.length > 0)
        env.push({ name: 'KCS_CONTROLS', value: config.controls.join('\n') });
    env.push({ name: 'KCS_WORK_DIR', value: WORK_DIR }, { name: 'HOME', value: WORK_DIR }, { name: 'TMPDIR', value: WORK_DIR });
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
        command: ['/bin/bash', `${SCANNER_MOUNT}/entrypoint.sh`],
        env: scannerEnv(inputs),
        // SYS_CHROOT runs commands inside the target root, DAC_OVERRIDE reads files of any owner, SETPCAP lets the
        // transport drop every capability before it executes a binary of the target. All three are Pod Security baseline.
        securityContext: lockedDown({ capabilities: { drop: ['ALL'], add: ['SYS_CHROOT', 'DAC_OVERRIDE', 'SETPCAP'] } }),
        resources: resources(config.scannerCpu, config.scannerCpu, config.scannerMemory),
        volumeMounts: mounts,
    };
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

;// CONCATENATED MODULE: ./src/core/kube/pod-state.ts


const IMAGE_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const START_FAILURES = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'CrashLoopBackOff']);
/** Terminated reasons of a container whose process never ran (containerd, Docker). */
const NEVER_STARTED = new Set(['StartError', 'ContainerCannotRun']);
/** A registry's rate limit: the kubelet retries the pull with back-off, and a later try usually passes. */
const RATE_LIMITED = /\b429\b|toomanyrequests|too many requests/i;
/** containerd timeouts and name reservations left by a slow earlier attempt: the kubelet's next sync usually passes. */
const TRANSIENT_CREATE = /failed to reserve (?:container|sandbox) name|context deadline exceeded/i;
const ROLE = {
    [KEEPALIVE_CONTAINER]: 'keep-alive init container',
    [TARGET_CONTAINER]: 'target container',
    [SCANNER_CONTAINER]: 'scanner container',
};
const PULL_HINT = 'Check the image name and tag, that the registry is reachable from the nodes, and imagePullSecrets; for a kind cluster, load the image (kind-load) and use pull policy IfNotPresent or Never.';
const RATE_LIMIT_HINT = 'The registry kept refusing pulls for exceeding its rate limit (HTTP 429). Pull with credentials (imagePullSecrets; Docker Hub counts anonymous pulls per IP), mirror the image to your own registry, or try again later.';
const START_HINT = 'The container runtime refused the container; the message above names the cause.';
const UNSCHEDULABLE_HINT = 'Check the node selector, the tolerations and the scanner CPU and memory requests against the nodes. On an autoscaling cluster (GKE Autopilot, Karpenter, Cluster Autoscaler), check why no node was added: kubectl describe pod shows the autoscaler\'s events.';
/**
 * Decides from the pod's status whether the scan goes on, finished (the scanner terminated), failed or is stalled in a
 * state that may pass; a failure is reported at once, naming the container, its image and the kubelet's reason,
 * instead of waiting for the timeout. `PodTracker` turns stalls into failures when they last too long.
 */
function assessPod(pod) {
    const name = pod.metadata?.name ?? '?';
    const status = pod.status ?? {};
    if (status.reason === 'DeadlineExceeded') {
        return failed('KCS-SCAN-117', `Pod ${name} reached its activeDeadlineSeconds and was stopped by Kubernetes.`, 'Raise the timeout, or make the scan faster (fewer controls, a closer registry).');
    }
    if (status.reason === 'Evicted') {
        return failed('KCS-SCAN-116', `Pod ${name} was evicted: ${status.message ?? 'no message'}.`, 'The node ran short of resources; lower other load or give the scan more room (scanner memory, ephemeral storage).');
    }
    const scanner = findStatus(status.containerStatuses, SCANNER_CONTAINER);
    const scannerEnd = scanner?.state?.terminated;
    if (scannerEnd) {
        if (scannerEnd.reason && NEVER_STARTED.has(scannerEnd.reason))
            return notStarted(`the ${ROLE[SCANNER_CONTAINER] ?? ''} (image ${imageOf(pod, SCANNER_CONTAINER, false) ?? scanner?.image ?? '?'})`, scannerEnd);
        if (scannerEnd.reason === 'OOMKilled') {
            return failed('KCS-SCAN-114', `The scanner container of pod ${name} was killed for using more memory than its limit (OOMKilled).`, 'Raise the scanner memory setting (for example 2Gi).');
        }
        return { kind: 'finished', exitCode: scannerEnd.exitCode, reason: scannerEnd.reason };
    }
    if (pod.metadata?.deletionTimestamp) {
        return failed('KCS-SCAN-121', `Pod ${name} is being deleted by someone else before the scan ended.`, 'Something else deletes pods in this namespace (a janitor, a namespace deletion); scan in a namespace of its own.');
    }
    const broken = containerFailure(pod, status.initContainerStatuses, true) ?? containerFailure(pod, status.containerStatuses, false);
    if (broken)
        return broken;
    const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled');
    if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
        const message = scheduled.message ?? 'no message';
        return stalled('unschedulable', 'unschedulable', message, (waited) => new scan_error/* ScanError */.s('KCS-SCAN-115', `Pod ${name} cannot be scheduled: ${message} (still unschedulable after ${waited} s).`, { hint: UNSCHEDULABLE_HINT }));
    }
    if (status.phase === 'Failed' || status.phase === 'Succeeded') {
        return failed('KCS-SCAN-121', `Pod ${name} ended (${status.phase}${status.reason ? `, ${status.reason}` : ''}) before the scanner reported.`, 'See the pod events: kubectl describe pod.');
    }
    return scanner?.state?.running ? { kind: 'scanning' } : { kind: 'pending' };
}
function containerFailure(pod, statuses, init) {
    for (const container of statuses ?? []) {
        const what = `the ${ROLE[container.name] ?? `container ${container.name}`} (image ${imageOf(pod, container.name, init) ?? container.image})`;
        const waiting = container.state?.waiting;
        if (waiting?.reason && IMAGE_FAILURES.has(waiting.reason))
            return pullFailure(what, container.name, waiting.reason, waiting.message);
        if (waiting?.reason && START_FAILURES.has(waiting.reason))
            return startFailure(what, container.name, waiting.reason, waiting.message);
        const ended = container.state?.terminated;
        if (ended?.reason && NEVER_STARTED.has(ended.reason))
            return notStarted(what, ended);
        if (init && ended && ended.exitCode !== 0) {
            return failed('KCS-SCAN-112', `${capitalize(what)} failed with exit code ${ended.exitCode}${ended.reason ? ` (${ended.reason})` : ''}${ended.message ? `: ${ended.message}` : ''}.`, 'The keep-alive image must be a static busybox (a -musl or -uclibc tag) that has /bin/busybox.');
        }
        if (!init && ended && container.name === TARGET_CONTAINER) {
            return failed('KCS-SCAN-113', `${capitalize(what)} exited with code ${ended.exitCode}${ended.reason ? ` (${ended.reason})` : ''} before the scan ended.`, 'The target runs only the keep-alive; an early exit means it could not run (a read-only /dev, an image for another CPU architecture) or was killed.');
        }
    }
    return undefined;
}
function pullFailure(what, container, reason, message) {
    const text = `Cannot pull ${what}: ${reason}${message ? `: ${message}` : ''}`;
    const key = `pull:${container}`;
    const rateLimited = (reason === 'ErrImagePull' || reason === 'ImagePullBackOff') && RATE_LIMITED.test(message ?? '');
    if (rateLimited) {
        return stalled(key, 'transient', message ?? reason, (waited) => new scan_error/* ScanError */.s('KCS-SCAN-110', `${text} (still refused after ${waited} s).`, { hint: RATE_LIMIT_HINT }));
    }
    const failure = failed('KCS-SCAN-110', `${text}.`, PULL_HINT);
    // The back-off that follows a rate-limited pull often no longer quotes the registry's answer.
    return reason === 'ImagePullBackOff' ? { ...failure, continues: key } : failure;
}
function startFailure(what, container, reason, message) {
    const text = `Cannot start ${what}: ${reason}${message ? `: ${message}` : ''}`;
    if (reason === 'CreateContainerError' && TRANSIENT_CREATE.test(message ?? '')) {
        return stalled(`create:${container}`, 'transient', message ?? reason, (waited) => new scan_error/* ScanError */.s('KCS-SCAN-111', `${text} (still failing after ${waited} s).`, { hint: `${START_HINT} The kubelet kept retrying; a node whose container runtime keeps timing out is overloaded or unhealthy.` }));
    }
    return failed('KCS-SCAN-111', `${text}.`, START_HINT);
}
/** A container whose process could not be executed (`exec format error`, a missing entrypoint): it never ran. */
function notStarted(what, ended) {
    return failed('KCS-SCAN-126', `${capitalize(what)} could not start: ${ended.reason ?? 'StartError'}${ended.message ? `: ${ended.message}` : ` (exit code ${ended.exitCode})`}.`, 'The container runtime could not execute the container\'s command. "exec format error" means the image was built for another CPU architecture than the node (use a multi-architecture image or one for the node\'s architecture); "no such file or directory" or "permission denied" means the command is missing from the image or not executable.');
}
const DEFAULT_GRACE = { unschedulableMs: 120_000, transientMs: 60_000 };
/** Tracks stalls across the pod states of a watch: how long each lasted, and when it becomes a failure. */
class PodTracker {
    grace;
    now;
    current;
    constructor(grace = DEFAULT_GRACE, now = Date.now) {
        this.grace = grace;
        this.now = now;
    }
    /** Like `assessPod`, but a stall is `stalled` within its grace and `failed` after it. */
    assess(pod) {
        const assessment = assessPod(pod);
        if (assessment.kind === 'stalled') {
            if (this.current?.stall.key === assessment.stall.key)
                this.current.stall = assessment.stall;
            else
                this.current = { stall: assessment.stall, since: this.now() };
        }
        else if (!(assessment.kind === 'failed' && assessment.continues !== undefined && assessment.continues === this.current?.stall.key)) {
            this.current = undefined;
            return assessment;
        }
        const current = this.current;
        if (!current)
            return assessment;
        return this.expired() ? { kind: 'failed', error: this.failure() } : { kind: 'stalled', stall: current.stall };
    }
    /** The stall in progress, and how many ms of its grace are left (0 once it is over). */
    stall() {
        if (!this.current)
            return undefined;
        const limit = this.current.stall.grace === 'unschedulable' ? this.grace.unschedulableMs : this.grace.transientMs;
        return { stall: this.current.stall, remainingMs: Math.max(0, this.current.since + limit - this.now()) };
    }
    /** True when a stall is in progress and its grace is over. */
    expired() {
        const stall = this.stall();
        return stall !== undefined && stall.remainingMs === 0;
    }
    /** The failure a stall in progress amounts to now (when its grace is over, or when the scan's timeout came first). */
    failure() {
        if (!this.current)
            throw new Error('no stall in progress');
        return this.current.stall.error(Math.round((this.now() - this.current.since) / 1000));
    }
}
function imageOf(pod, container, init) {
    const list = init ? pod.spec?.initContainers : pod.spec?.containers;
    return list?.find((c) => c.name === container)?.image;
}
function findStatus(statuses, name) {
    return statuses?.find((s) => s.name === name);
}
function failed(code, message, hint) {
    return { kind: 'failed', error: new scan_error/* ScanError */.s(code, message, { hint }) };
}
function stalled(key, grace, message, error) {
    return { kind: 'stalled', stall: { key, grace, message, error } };
}
function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/**
 * The digest of the scanned image, from the target container's imageID. Only a repository digest (`repo@sha256:…`,
 * `docker-pullable://repo@sha256:…`) names the image in a registry; containerd reports a bare `sha256:…` (the image's
 * config id, which no registry knows) when the image has no repository digest (loaded with kind, built on the node),
 * and that is no digest to report.
 */
function targetDigest(pod) {
    const imageId = findStatus(pod.status?.containerStatuses, TARGET_CONTAINER)?.imageID;
    return imageId ? /@(sha256:[0-9a-f]{64})$/.exec(imageId)?.[1] : undefined;
}

;// CONCATENATED MODULE: ./src/core/kube/pod-watch.ts




/**
 * The API server sends a bookmark about once a minute on a watch with allowWatchBookmarks (and ends it at
 * timeoutSeconds), so 90 s without a byte means the connection is dead though no RST arrived (a NAT or load balancer
 * that forgot it, a node that went away).
 */
const WATCH_IDLE_TIMEOUT_MS = 90_000;
/**
 * Follows one pod through the Watch API until `onPod` says stop. A watch that ends (the server's timeout, a proxy,
 * client-node 2.0.x's 30 s abort, a dropped connection) is resumed from the last resourceVersion seen; a 410 Gone
 * (that version was compacted away) starts again from a fresh list. Completion is decided here, never from the log.
 */
async function watchPod(http, options) {
    const { namespace, name, signal, logger } = options;
    const path = `/api/v1/namespaces/${namespace}/pods`;
    const fieldSelector = `metadata.name=${name}`;
    const maxFailures = options.maxFailures ?? 8;
    let resourceVersion;
    let failures = 0;
    let quietEnds = 0;
    while (!signal.aborted) {
        if (resourceVersion === undefined) {
            const list = await listPod(http, path, fieldSelector, name, namespace, signal);
            resourceVersion = list.metadata?.resourceVersion ?? '0';
            if (options.onPod(list.items[0]))
                return;
        }
        let progressed = false;
        let stopped = false;
        let gone = false;
        let reportedError = false;
        let errored;
        const started = Date.now();
        try {
            const query = { watch: true, fieldSelector, resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300 };
            const response = await http.stream(path, query, signal, { idleTimeoutMs: options.idleTimeoutMs ?? WATCH_IDLE_TIMEOUT_MS });
            const result = await readLines(response, (line) => {
                const event = parseEvent(line);
                if (!event?.object)
                    return false;
                if (event.type === 'ERROR') {
                    gone = event.object.code === 410;
                    reportedError = !gone;
                    if (!gone)
                        logger.debug(`Watch of pod ${namespace}/${name} reported an error: ${event.object.message ?? 'unknown'}; resuming.`);
                    return true;
                }
                progressed = true;
                resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion;
                if (event.type === 'BOOKMARK')
                    return false;
                stopped = options.onPod(event.type === 'DELETED' ? undefined : event.object);
                return stopped;
            }, signal);
            if (stopped || signal.aborted)
                return;
            errored = result.error !== undefined || reportedError;
            if (result.error)
                logger.debug(`Watch of pod ${namespace}/${name} ended: ${result.error.message}; resuming from ${resourceVersion}.`);
        }
        catch (error) {
            if (signal.aborted)
                return;
            gone = error instanceof kube_http/* KubeApiError */.W3 && error.status === 410;
            if (!gone && error instanceof kube_http/* KubeApiError */.W3 && error.status < 500 && error.status !== 429)
                throw (0,api_errors/* apiFailure */.t)('watch', `pod ${namespace}/${name}`, error);
            errored = true;
            logger.debug(`Watch of pod ${namespace}/${name} failed: ${error instanceof Error ? error.message : String(error)}.`);
        }
        if (gone) {
            logger.debug(`Resource version ${resourceVersion ?? '?'} of pod ${namespace}/${name} is gone (410); listing again.`);
            resourceVersion = undefined;
            continue;
        }
        // Errors count towards giving up; a watch that ends quietly is normal (server timeout, client-side aborts), but
        // one that ends at once without an event is retried with a pause, so a proxy that closes streams cannot spin us.
        failures = progressed ? 0 : errored ? failures + 1 : failures;
        quietEnds = progressed || errored || Date.now() - started >= 1000 ? 0 : quietEnds + 1;
        if (failures >= maxFailures) {
            throw new errors/* KcsError */.q$('KCS-K8S-013', `Lost the watch of pod ${namespace}/${name}: ${failures} reconnections in a row got no event.`, {
                hint: 'The API server or a proxy in between keeps dropping long-running requests; check its timeouts.',
                category: 'cluster',
            });
        }
        // Reconnect at once after a normal end; back off after failures.
        const pause = Math.max(failures > 0 ? 50 * 2 ** failures : 0, quietEnds > 1 ? 100 * quietEnds : 0);
        if (pause > 0)
            await (0,kube_http/* sleep */.yy)(Math.min(2000, pause), signal).catch(() => undefined);
    }
}
async function listPod(http, path, fieldSelector, name, namespace, signal) {
    try {
        return await http.request('GET', path, { query: { fieldSelector }, signal });
    }
    catch (error) {
        throw (0,api_errors/* apiFailure */.t)('list', `pod ${namespace}/${name}`, error);
    }
}
function parseEvent(line) {
    if (!line.trim())
        return undefined;
    try {
        return JSON.parse(line);
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/paths.ts
var paths = __webpack_require__(6107);
;// CONCATENATED MODULE: ./src/core/kube/tar.ts



const BLOCK = 512;
// Folders that are never part of a profile and only make the archive bigger or leak data.
const SKIPPED = new Set(['.git', 'node_modules', '.DS_Store']);
/**
 * Lists a directory tree in a stable order (sorted by name, parents before children), so the same profile always
 * packs into the same bytes. Symbolic links are followed to files; a link to a directory is skipped (it could loop).
 */
function collectTree(root, prefix = '') {
    const entries = [];
    for (const name of (0,external_node_fs_.readdirSync)((0,external_node_path_.join)(root, prefix)).sort()) {
        if (SKIPPED.has(name))
            continue;
        const relative = prefix ? `${prefix}/${name}` : name;
        const full = (0,external_node_path_.join)(root, relative);
        const stat = (0,external_node_fs_.statSync)(full, { throwIfNoEntry: false });
        if (!stat)
            continue;
        if (stat.isDirectory()) {
            if ((0,external_node_fs_.lstatSync)(full).isSymbolicLink())
                continue;
            entries.push({ path: `${relative}/` });
            entries.push(...collectTree(root, relative));
        }
        else if (stat.isFile()) {
            entries.push({ path: relative, content: (0,external_node_fs_.readFileSync)(full) });
        }
    }
    return entries;
}
/**
 * A deterministic ustar archive, gzip-compressed: owner root, mode 0644/0755, time 0, so repeated runs produce identical
 * bytes (and identical ConfigMaps). Paths longer than ustar allows are refused rather than silently cut.
 */
function tarGz(entries) {
    const blocks = [];
    for (const entry of entries) {
        const content = entry.content ?? Buffer.alloc(0);
        blocks.push(header(entry.path, entry.content === undefined, content.length));
        if (content.length > 0) {
            blocks.push(content, Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK));
        }
    }
    blocks.push(Buffer.alloc(BLOCK * 2));
    return (0,external_node_zlib_.gzipSync)(Buffer.concat(blocks), { level: 9 });
}
function header(path, isDirectory, size) {
    const block = Buffer.alloc(BLOCK);
    const [prefix, name] = splitPath(path);
    block.write(name, 0, 100, 'utf8');
    writeOctal(block, isDirectory ? 0o755 : 0o644, 100, 8);
    writeOctal(block, 0, 108, 8);
    writeOctal(block, 0, 116, 8);
    writeOctal(block, size, 124, 12);
    writeOctal(block, 0, 136, 12);
    block.fill(' ', 148, 156);
    block.write(isDirectory ? '5' : '0', 156, 1, 'ascii');
    block.write('ustar\u000000', 257, 8, 'ascii');
    block.write('root', 265, 32, 'ascii');
    block.write('root', 297, 32, 'ascii');
    block.write(prefix, 345, 155, 'utf8');
    let sum = 0;
    for (const byte of block)
        sum += byte;
    block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
    return block;
}
function writeOctal(block, value, offset, length) {
    block.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}
/** ustar keeps up to 100 bytes of name and 155 of prefix, split at a slash. */
function splitPath(path) {
    if (Buffer.byteLength(path) <= 100)
        return ['', path];
    for (let cut = path.indexOf('/'); cut >= 0; cut = path.indexOf('/', cut + 1)) {
        const prefix = path.slice(0, cut);
        const name = path.slice(cut + 1);
        if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '')
            return [prefix, name];
    }
    throw new Error(`path too long for a tar archive (ustar allows 255 bytes split at a slash): ${path}`);
}

;// CONCATENATED MODULE: ./src/core/kube/plan.ts







const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;
/**
 * Builds every object of one scan without touching a cluster: the names (from a run id made here, so they can be saved
 * before anything is created), the ConfigMaps and the Pod. A profile too large for a ConfigMap is refused here.
 */
async function planScan(config, options = {}) {
    const runId = options.runId ?? newRunId();
    const podName = runId;
    const scannerFiles = scannerFilesFrom(options.scannerDir ?? (0,paths/* scannerDir */.UD)());
    const profileFiles = profileConfigMapFiles(config);
    const configMaps = [];
    let profileConfigMap;
    if (profileFiles.length > 0) {
        profileConfigMap = { name: profileConfigMapName(runId), files: profileFiles };
        configMaps.push(buildConfigMap(profileConfigMap.name, config.namespace, runId, 'profile', profileFiles));
    }
    configMaps.push(buildConfigMap(scannerConfigMapName(runId), config.namespace, runId, 'scanner-files', scannerFiles));
    const pod = buildPod({ config, runId, podName, scannerFiles, profileConfigMap });
    return {
        names: { runId, namespace: config.namespace, podName, configMapNames: configMaps.map((c) => c.metadata?.name ?? '') },
        objects: { configMaps, pod },
        podYaml: (0,js_yaml/* dump */.Bh)(pod, { noRefs: true, lineWidth: -1 }),
    };
}
/** The objects as multi-document YAML, ready for `kubectl create -f -`. */
function renderPlan(plan) {
    return [...plan.objects.configMaps, plan.objects.pod]
        .map((object) => `---\n${(0,js_yaml/* dump */.Bh)(object, { noRefs: true, lineWidth: -1, sortKeys: false })}`)
        .join('');
}
function profileConfigMapFiles(config) {
    const files = [];
    if (config.profile.kind !== 'url') {
        const archive = packProfile(config.profile.path);
        files.push({ key: PROFILE_ARCHIVE_KEY, path: PROFILE_ARCHIVE_KEY, content: archive, mode: 0o444 });
    }
    if (config.profileInputs)
        files.push(readInput(config.profileInputs, INPUTS_KEY, 'profile inputs'));
    if (config.waiverFile)
        files.push(readInput(config.waiverFile, WAIVERS_KEY, 'waiver'));
    const size = configMapSize(files);
    if (size > CONFIGMAP_LIMIT_BYTES) {
        const where = config.profile.kind === 'url' ? 'The inputs and waivers' : `The profile ${config.profile.path} (packed), with its inputs and waivers,`;
        throw new scan_error/* ScanError */.s('KCS-SCAN-122', `${where} take ${kib(size)} KiB, over the ${kib(CONFIGMAP_LIMIT_BYTES)} KiB a ConfigMap can hold.`, {
            hint: 'Publish the profile as an archive and pass its URL as the profile (for example https://…/profile.tar.gz), or remove files the scan does not need (files/, vendored dependencies).',
            category: 'input',
        });
    }
    return files;
}
function packProfile(path) {
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(path, 'inspec.yml'))) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-123', `The profile directory ${path} has no inspec.yml.`, {
            hint: 'Point the profile at the directory that contains inspec.yml, controls/ and libraries/.',
            category: 'input',
        });
    }
    let entries;
    try {
        entries = collectTree(path);
    }
    catch (cause) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-123', `Cannot read the profile directory ${path}: ${cause.message}.`, { category: 'input', cause });
    }
    return tarGz(entries);
}
function readInput(path, key, what) {
    try {
        return { key, path: key, content: (0,external_node_fs_.readFileSync)(path), mode: 0o444 };
    }
    catch (cause) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-123', `Cannot read the ${what} file ${path}: ${cause.code ?? String(cause)}.`, {
            category: 'input',
            cause,
        });
    }
}
/**
 * The scanner's files as ConfigMap keys. Keys cannot hold `/`, so each key is the path with `/` spelled `__`, and the
 * volume's items[].path puts every file back at its place in the tree. Tests and documentation stay out of the pod.
 */
function scannerFilesFrom(dir) {
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'entrypoint.sh'))) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-124', `The scanner files are missing: ${(0,external_node_path_.join)(dir, 'entrypoint.sh')} does not exist.`, {
            hint: 'The scanner/ folder ships next to the action and the CLI; reinstall, or set KCS_ROOT to the package folder.',
            category: 'internal',
        });
    }
    const files = [];
    const keys = new Set();
    for (const entry of collectTree(dir)) {
        if (!entry.content || entry.path.startsWith('test/') || entry.path.endsWith('.md'))
            continue;
        const key = entry.path.replaceAll('/', '__');
        if (!CONFIGMAP_KEY.test(key) || keys.has(key)) {
            throw new scan_error/* ScanError */.s('KCS-SCAN-124', `The scanner file ${entry.path} cannot be shipped in a ConfigMap (key "${key}" is invalid or taken).`, { category: 'internal' });
        }
        keys.add(key);
        const executable = ((0,external_node_fs_.statSync)((0,external_node_path_.join)(dir, entry.path)).mode & 0o111) !== 0;
        files.push({ key, path: entry.path, content: entry.content, mode: executable ? 0o555 : 0o444 });
    }
    if (configMapSize(files) > CONFIGMAP_LIMIT_BYTES) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-124', `The scanner files take ${kib(configMapSize(files))} KiB, over what a ConfigMap holds.`, { category: 'internal' });
    }
    return files;
}
function kib(bytes) {
    return (bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0);
}

;// CONCATENATED MODULE: ./src/core/scan.ts













const EXIT_MEANING = {
    64: 'the scanner environment is missing or invalid',
    65: 'the target process was not found in time',
    66: 'the target root filesystem is not readable',
    67: 'the profile could not be unpacked',
    68: 'cinc-auditor failed',
    69: 'cinc-auditor wrote no JSON report',
};
const TAIL_LINES = 20;
/**
 * Runs one scan: creates the ConfigMaps and the Pod, follows the pod with a watch (failing fast on every known way a
 * pod gets stuck), streams the scanner's log live, reads the whole log once the scanner terminated, extracts and
 * verifies the results block, and deletes everything in `finally` — also when the signal aborts the scan.
 */
async function runScan(plan, deps) {
    const { connection, logger } = deps;
    const { names } = plan;
    const stop = new AbortController();
    const onAbort = () => stop.abort('cancelled');
    deps.signal?.addEventListener('abort', onAbort, { once: true });
    const live = new LiveLog(connection.http, names.namespace, names.podName, SCANNER_CONTAINER, logger, { idleTimeoutMs: deps.logIdleTimeoutMs ?? LOG_IDLE_TIMEOUT_MS });
    let timer;
    let scannerLog;
    const made = { pod: false, configMapNames: [] };
    try {
        if (deps.signal?.aborted)
            throw cancelled(names.podName);
        await createObjects(plan, connection.http, logger, stop.signal, made);
        timer = setTimeout(() => stop.abort('timeout'), deps.timeoutSeconds * 1000);
        const { pod, exitCode } = await waitForScanner(plan, connection.http, live, logger, stop.signal, deps);
        clearTimeout(timer);
        await live.stop(deps.logDrainMs ?? 2000);
        scannerLog = await readLog(connection.http, names, deps.signal);
        live.showRemaining(logLines(scannerLog));
        if (exitCode !== 0)
            throw scannerFailed(names.podName, exitCode, scannerLog);
        const reportText = extractResultsBlock(scannerLog);
        logger.info(`Results received from pod ${names.namespace}/${names.podName} (${Buffer.byteLength(reportText)} bytes, sha256 verified).`);
        return { reportText, imageDigest: targetDigest(pod), podName: names.podName, scannerLog, podYaml: (0,js_yaml/* dump */.Bh)(pod, { noRefs: true, lineWidth: -1 }) };
    }
    catch (error) {
        if (stop.signal.reason === 'cancelled')
            throw cancelled(names.podName);
        throw asScanError(error, names.podName, scannerLog);
    }
    finally {
        clearTimeout(timer);
        deps.signal?.removeEventListener('abort', onAbort);
        stop.abort('done');
        await live.stop(0);
        if (deps.cleanup)
            await deleteObjects(names, made, connection, logger);
        else if (made.pod || made.configMapNames.length > 0)
            logKept(names, logger);
    }
}
async function createObjects(plan, http, logger, signal, made) {
    const ns = plan.names.namespace;
    for (const configMap of plan.objects.configMaps) {
        const name = configMap.metadata?.name ?? '?';
        await create(http, `/api/v1/namespaces/${ns}/configmaps`, configMap, `ConfigMap ${ns}/${name}`, signal, () => made.configMapNames.push(name));
    }
    const pod = await create(http, `/api/v1/namespaces/${ns}/pods`, plan.objects.pod, `pod ${ns}/${plan.names.podName}`, signal, () => (made.pod = true));
    logger.info(`Created pod ${ns}/${plan.names.podName} to scan ${plan.objects.pod.metadata?.annotations?.['kube-cinc-scan/image'] ?? 'the image'}.`);
    const owner = { apiVersion: 'v1', kind: 'Pod', name: plan.names.podName, uid: pod.metadata?.uid ?? '' };
    for (const name of plan.names.configMapNames) {
        // With the Pod as owner, the garbage collector removes the ConfigMaps even if every delete of ours fails.
        try {
            await http.request('PATCH', `/api/v1/namespaces/${ns}/configmaps/${name}`, {
                body: { metadata: { ownerReferences: [owner] } },
                contentType: 'application/merge-patch+json',
                idempotent: true,
                signal,
            });
        }
        catch (error) {
            if (signal.aborted)
                throw error;
            logger.warn(`${(0,api_errors/* apiFailure */.t)('patch', `ConfigMap ${ns}/${name}`, error).oneLine()} It is deleted explicitly after the scan instead.`);
        }
    }
}
async function create(http, path, body, what, signal, mayExist) {
    try {
        const created = await http.request('POST', path, { body, query: { fieldValidation: 'Strict' }, signal });
        mayExist();
        return created;
    }
    catch (error) {
        const refused = error instanceof kube_http/* KubeApiError */.W3 && error.status >= 400 && error.status < 500;
        // A retried create that meets 409 found the object its own earlier attempt made (the answer was lost). Any other
        // 4xx made nothing (a 409 on the first attempt is someone else's object); after a network error, an abort or a 5xx
        // the object may exist, so it is deleted afterwards.
        const oursAfterRetry = refused && error.status === 409 && error.attempts > 1;
        if (!refused || oursAfterRetry)
            mayExist();
        if (oursAfterRetry) {
            const name = body.metadata?.name ?? '';
            return http.request('GET', `${path}/${name}`, { signal });
        }
        if (signal.aborted)
            throw error;
        throw (0,api_errors/* apiFailure */.t)('create', what, error);
    }
}
async function waitForScanner(plan, http, live, logger, signal, deps) {
    const { namespace, podName } = plan.names;
    const tracker = new PodTracker({
        unschedulableMs: deps.unschedulableGraceMs ?? DEFAULT_GRACE.unschedulableMs,
        transientMs: deps.transientGraceMs ?? DEFAULT_GRACE.transientMs,
    });
    // A stall can outlast its grace without any new pod state: a timer re-judges it then and ends the watch.
    const graceOver = new AbortController();
    let graceTimer;
    let result;
    let failure;
    let lastPhase = '';
    let lastStall = '';
    const watchUntilStallExpires = () => {
        clearTimeout(graceTimer);
        const stall = tracker.stall();
        if (!stall)
            return;
        graceTimer = setTimeout(() => {
            if (!tracker.expired())
                return watchUntilStallExpires();
            failure = tracker.failure();
            graceOver.abort('stalled');
        }, stall.remainingMs);
    };
    try {
        await watchPod(http, {
            namespace,
            name: podName,
            signal: AbortSignal.any([signal, graceOver.signal]),
            logger,
            idleTimeoutMs: deps.watchIdleTimeoutMs ?? WATCH_IDLE_TIMEOUT_MS,
            onPod: (pod) => {
                if (!pod) {
                    failure = new scan_error/* ScanError */.s('KCS-SCAN-121', `Pod ${namespace}/${podName} was deleted by someone else before the scan ended.`, {
                        hint: 'Something else deletes pods in this namespace (a janitor, a namespace deletion); scan in a namespace of its own.',
                    });
                    return true;
                }
                const assessment = tracker.assess(pod);
                const phase = `${pod.status?.phase ?? 'Pending'}/${assessment.kind}`;
                if (phase !== lastPhase)
                    logger.debug(`Pod ${namespace}/${podName}: ${phase}.`);
                lastPhase = phase;
                lastStall = reportStall(assessment, lastStall, `${namespace}/${podName}`, tracker, logger);
                watchUntilStallExpires();
                if (assessment.kind === 'failed')
                    failure = assessment.error;
                if (assessment.kind === 'scanning' || assessment.kind === 'finished')
                    live.start();
                if (assessment.kind === 'finished') {
                    live.markTerminated();
                    result = { pod, exitCode: assessment.exitCode };
                }
                return assessment.kind === 'failed' || assessment.kind === 'finished';
            },
        });
    }
    catch (error) {
        if (!signal.aborted && !graceOver.signal.aborted)
            throw error;
    }
    finally {
        clearTimeout(graceTimer);
    }
    if (failure)
        throw failure;
    if (result)
        return result;
    if (signal.reason === 'timeout') {
        // The timeout came before the grace of a stall in progress: that stall is why the scan did not finish.
        if (tracker.stall()) {
            const stalled = tracker.failure();
            throw new scan_error/* ScanError */.s(stalled.code, `${stalled.message} The scan's ${deps.timeoutSeconds} s timeout passed first.`, { ...(stalled.hint ? { hint: stalled.hint } : {}) });
        }
        throw new scan_error/* ScanError */.s('KCS-SCAN-118', `The scan did not finish within ${deps.timeoutSeconds} s (pod ${namespace}/${podName} was ${lastPhase || 'not seen'}).`, {
            hint: 'Raise the timeout, or check why the pod is slow: kubectl describe pod (image pulls, scheduling).',
        });
    }
    throw cancelled(podName);
}
/** Says once per stall that the scan waits for it to pass, and for how long; returns the key of the stall shown. */
function reportStall(assessment, shown, pod, tracker, logger) {
    if (assessment.kind !== 'stalled')
        return '';
    const { key, grace, message } = assessment.stall;
    if (key === shown)
        return shown;
    const seconds = Math.round((tracker.stall()?.remainingMs ?? 0) / 1000);
    const what = grace === 'unschedulable' ? 'cannot be scheduled yet' : 'hit an error the kubelet retries';
    const waitFor = grace === 'unschedulable' ? 'a node to be added (autoscaling)' : 'the retry to pass';
    logger.info(`Pod ${pod} ${what}: ${message.replace(/\.$/, '')}. Waiting up to ${seconds} s for ${waitFor}.`);
    return key;
}
async function readLog(http, names, signal) {
    const what = `the log of pod ${names.namespace}/${names.podName}`;
    try {
        return await http.request('GET', `/api/v1/namespaces/${names.namespace}/pods/${names.podName}/log`, {
            query: { container: SCANNER_CONTAINER },
            text: true,
            ...(signal ? { signal } : {}),
        });
    }
    catch (error) {
        throw (0,api_errors/* apiFailure */.t)('read', what, error);
    }
}
function scannerFailed(podName, exitCode, log) {
    const lines = logLines(log);
    const errorLine = [...lines].reverse().find((line) => line.startsWith('kcs-scanner: error:'));
    let reportText;
    try {
        reportText = extractResultsBlock(log);
    }
    catch {
        reportText = undefined;
    }
    const meaning = EXIT_MEANING[exitCode];
    const tail = logTail(lines);
    return new scan_error/* ScanError */.s('KCS-SCAN-119', `The scanner in pod ${podName} exited with code ${exitCode}${meaning ? ` (${meaning})` : ''}${errorLine ? `: ${errorLine}` : ''}.\nLast lines of its log:\n${tail}`, {
        hint: 'The scanner log above says what went wrong; the troubleshooting table in the README lists each exit code.',
        scannerLog: log,
        podName,
        ...(reportText !== undefined ? { reportText } : {}),
    });
}
/** The last lines of the log, without the results block (base64 tells nobody anything). */
function logTail(lines) {
    const visible = [];
    let inBlock = false;
    for (const line of lines) {
        if (isBlockStart(line))
            inBlock = true;
        else if (inBlock && isBlockEnd(line))
            inBlock = false;
        else if (!inBlock)
            visible.push(line);
    }
    return visible.slice(-TAIL_LINES).map((line) => `  ${line}`).join('\n');
}
function cancelled(podName) {
    return new scan_error/* ScanError */.s('KCS-SCAN-120', 'The scan was cancelled (SIGINT/SIGTERM or the job was cancelled); its objects are deleted.', { podName });
}
function asScanError(error, podName, scannerLog) {
    if (error instanceof scan_error/* ScanError */.s) {
        error.podName ??= podName;
        if (scannerLog !== undefined)
            error.scannerLog ??= scannerLog;
        return error;
    }
    if (error instanceof errors/* KcsError */.q$) {
        return new scan_error/* ScanError */.s(error.code, error.message, {
            category: error.category,
            cause: error,
            podName,
            ...(error.hint ? { hint: error.hint } : {}),
            ...(scannerLog !== undefined ? { scannerLog } : {}),
        });
    }
    if (error === 'cancelled' || (error instanceof Error && error.name === 'AbortError'))
        return cancelled(podName);
    return new scan_error/* ScanError */.s('KCS-SCAN-125', `The scan failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`, {
        category: 'internal',
        cause: error,
        podName,
    });
}
function logKept(names, logger) {
    const ns = names.namespace;
    logger.info([
        `cleanup is off: pod ${ns}/${names.podName} and ConfigMaps ${names.configMapNames.join(', ')} were kept.`,
        `  inspect: kubectl -n ${ns} describe pod ${names.podName}; kubectl -n ${ns} logs ${names.podName} -c ${SCANNER_CONTAINER}`,
        `  delete:  kubectl -n ${ns} delete pod,configmap -l ${LABEL_RUN_ID}=${names.runId}`,
    ].join('\n'));
}
/**
 * Deletes the objects of one scan. 404 counts as done; any other failure is a warning, never an exception, because this
 * runs in `finally` blocks and in the action's post step.
 */
async function deleteScanObjects(names, connection, logger) {
    await deleteObjects(names, { pod: true, configMapNames: names.configMapNames }, connection, logger);
}
async function deleteObjects(names, only, connection, logger) {
    const ns = names.namespace;
    const targets = [
        ...(only.pod ? [{ path: `/api/v1/namespaces/${ns}/pods/${names.podName}`, what: `pod ${ns}/${names.podName}` }] : []),
        ...only.configMapNames.map((name) => ({ path: `/api/v1/namespaces/${ns}/configmaps/${name}`, what: `ConfigMap ${ns}/${name}` })),
    ];
    await Promise.all(targets.map(async ({ path, what }) => {
        try {
            await connection.http.request('DELETE', path, { query: { propagationPolicy: 'Background' } });
            logger.debug(`Deleted ${what}.`);
        }
        catch (error) {
            if ((0,api_errors/* isNotFound */.c)(error)) {
                logger.debug(`${what} was already gone.`);
                return;
            }
            logger.warn(`${(0,api_errors/* apiFailure */.t)('delete', what, error).oneLine()} Delete it by hand: kubectl -n ${ns} delete pod,configmap -l ${LABEL_RUN_ID}=${names.runId}`);
        }
    }));
}
/**
 * The janitor: deletes scan pods older than the given age (runs whose runner died) and ConfigMaps of scans whose pod
 * no longer exists. Objects are found by the managed-by label, so nothing else in the namespace is touched.
 */
async function cleanupLeftovers(options, connection, logger) {
    const ns = options.namespace;
    const now = (options.now ?? new Date()).getTime();
    const old = (object) => {
        const created = object.metadata?.creationTimestamp;
        return created !== undefined && now - new Date(created).getTime() >= options.olderThanSeconds * 1000;
    };
    const list = async (resource) => {
        try {
            return await connection.http.request('GET', `/api/v1/namespaces/${ns}/${resource}`, { query: { labelSelector: MANAGED_SELECTOR } });
        }
        catch (error) {
            throw (0,api_errors/* apiFailure */.t)('list', `${resource} in namespace ${ns}`, error);
        }
    };
    const pods = (await list('pods')).items;
    const configMaps = (await list('configmaps')).items;
    const stalePods = pods.filter(old).map((pod) => pod.metadata?.name ?? '');
    const livePods = new Set(pods.map((pod) => pod.metadata?.name ?? '').filter((name) => !stalePods.includes(name)));
    const orphans = configMaps
        .filter((configMap) => old(configMap) && !(configMap.metadata?.ownerReferences ?? []).some((ref) => livePods.has(ref.name)))
        .filter((configMap) => !livePods.has(configMap.metadata?.labels?.[LABEL_RUN_ID] ?? ''))
        .map((configMap) => configMap.metadata?.name ?? '');
    if (!options.dryRun) {
        for (const name of stalePods)
            await deleteOne(connection, `/api/v1/namespaces/${ns}/pods/${name}`, `pod ${ns}/${name}`, logger);
        for (const name of orphans)
            await deleteOne(connection, `/api/v1/namespaces/${ns}/configmaps/${name}`, `ConfigMap ${ns}/${name}`, logger);
    }
    return { pods: stalePods, configMaps: orphans };
}
async function deleteOne(connection, path, what, logger) {
    try {
        await connection.http.request('DELETE', path, { query: { propagationPolicy: 'Background' } });
    }
    catch (error) {
        if (!(0,api_errors/* isNotFound */.c)(error))
            logger.warn((0,api_errors/* apiFailure */.t)('delete', what, error).oneLine());
    }
}


/***/ })

};
