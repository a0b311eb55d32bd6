export const id = 555;
export const ids = [555];
export const modules = {

/***/ 3555:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zY: () => (/* binding */ DEFAULTS),
  hb: () => (/* binding */ isImageReference),
  o4: () => (/* binding */ parseConfig),
  E9: () => (/* binding */ parseDuration),
  MY: () => (/* binding */ parseSarifLocation),
  ZH: () => (/* binding */ resolveThresholdSource)
});

// UNUSED EXPORTS: CINC_AUDITOR_BASE_BYTES, formatBytes, parseBoolean, parseByteSize, resolveProfileSource, sanitizeName, scannerMemoryNeeded, shippedNames, splitList

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(3243);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/kubeconfig-namespace.ts
var kubeconfig_namespace = __webpack_require__(3858);
// EXTERNAL MODULE: ./src/core/paths.ts
var paths = __webpack_require__(6107);
// EXTERNAL MODULE: ./src/core/profile-source.ts
var profile_source = __webpack_require__(7918);
// EXTERNAL MODULE: ./src/core/registry.ts
var core_registry = __webpack_require__(4692);
// EXTERNAL MODULE: ./src/core/multi/images.ts
var multi_images = __webpack_require__(5883);
;// CONCATENATED MODULE: ./src/core/multi/targets.ts




const MAX_PARALLEL_DEFAULT = 4;
const MAX_PARALLEL_LIMIT = 32;
const show = (text) => JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
/**
 * The image list, from the `image` input (or every --image, joined by line breaks), the images file and
 * images-from-namespace. Every reference is checked before anything is created; each bad one is reported with where it
 * was written (`image line 3`, `images.txt:7`).
 */
function parseTargets(input, checks) {
    const fromImage = (0,multi_images/* imageLines */.nP)(input.image, (n) => `image line ${n}`);
    // One line, as before: its errors keep saying `image: …`.
    if (fromImage.length === 1 && !input.image.trim().includes('\n'))
        fromImage[0].where = 'image';
    const lines = [...fromImage, ...imagesFileLines(input.imagesFile, input.cwd, checks)];
    const fromNamespaces = [
        ...new Set(input.fromNamespaces
            .split(/[\n,]/)
            .map((n) => n.trim())
            .filter((n) => n !== '')),
    ].map((name) => checks.namespace('images-from-namespace', name));
    if (lines.length === 0 && fromNamespaces.length === 0 && input.imagesFile.trim() === '') {
        checks.problem('KCS-CFG-001', 'image is required: the image reference to scan, for example ghcr.io/acme/app:1.2.3 (several: one per line), or images-from-namespace');
    }
    const valid = [];
    for (const line of lines) {
        if (checks.isImageReference(line.text))
            valid.push(line.text);
        else
            checks.problem('KCS-CFG-011', `${line.where}: ${show(line.text)} is not an image reference; use [registry/]repository[:tag][@sha256:digest] with a lower-case repository`);
    }
    const { images, duplicates } = (0,multi_images/* dedupeImages */.KY)(valid);
    return {
        images,
        duplicates,
        fromNamespaces,
        maxParallel: maxParallel(input.maxParallel, checks),
        multi: lines.length > 1 || fromNamespaces.length > 0 || input.imagesFile.trim() !== '',
    };
}
function imagesFileLines(text, cwd, checks) {
    const name = text.trim();
    if (name === '')
        return [];
    const path = (0,external_node_path_.resolve)(cwd, name);
    let content;
    try {
        if (!(0,external_node_fs_.existsSync)(path) || !(0,external_node_fs_.statSync)(path).isFile())
            throw new Error('not a file');
        content = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch {
        checks.problem('KCS-CFG-008', `images-file: file ${show(name)} does not exist (looked at ${path})`);
        return [];
    }
    const lines = (0,multi_images/* imageLines */.nP)(content, (n) => `${name}:${n}`);
    if (lines.length === 0)
        checks.problem('KCS-IMG-002', `images-file: ${show(name)} lists no image (one reference per line, # comments)`);
    return lines;
}
function maxParallel(text, checks) {
    const trimmed = text.trim();
    if (trimmed === '')
        return MAX_PARALLEL_DEFAULT;
    const n = Number(trimmed);
    if (/^\d+$/.test(trimmed) && n >= 1 && n <= MAX_PARALLEL_LIMIT)
        return n;
    checks.problem('KCS-IMG-001', `max-parallel: ${show(trimmed)} is not allowed; use a whole number from 1 to ${MAX_PARALLEL_LIMIT}`);
    return MAX_PARALLEL_DEFAULT;
}
/**
 * The registry credentials default to the image's registry; with several images that is only clear when they share
 * one. A message when it is not (the images come from several registries, or from a namespace, not known yet).
 */
function ambiguousRegistry(targets, registry, username) {
    if (registry !== '' || username === '')
        return undefined;
    const registries = [...new Set(targets.images.map(core_registry/* registryOf */.Fv))];
    if (targets.fromNamespaces.length > 0)
        return 'registry: registry credentials are given with images-from-namespace, whose images are not known in advance; set registry to the registry the credentials are for';
    if (registries.length > 1)
        return `registry: registry credentials are given, and the images come from several registries (${registries.join(', ')}); set registry to the one the credentials are for`;
    return undefined;
}

;// CONCATENATED MODULE: ./src/core/config.ts









const DEFAULTS = {
    profile: 'container-baseline',
    namespace: 'default',
    scannerImage: 'cincproject/auditor:6.8.24',
    keepaliveImage: 'busybox:1.37.0-musl',
    imagePullPolicy: 'IfNotPresent',
    scannerCpu: '1',
    scannerMemory: '1Gi',
    maxFileSize: '64Mi',
    maxCommandOutput: '16Mi',
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
        const message = this.list.length === 1
            ? first.message
            : `${this.list.length} inputs are invalid:\n- ${this.list.map((p) => p.message).join('\n- ')}`;
        throw new errors/* InputError */.dz(first.code, message);
    }
}
function value(raw, name) {
    return (raw[name] ?? '').trim();
}
const config_show = (text) => JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
function parseConfig(raw, context) {
    const problems = new Problems();
    const text = (name) => value(raw, name);
    const flag = (name, fallback) => parseBooleanInput(name, text(name), fallback, problems);
    const timeoutText = text('timeout') || DEFAULTS.timeout;
    const targets = parseTargets({
        image: raw['image'] ?? '',
        imagesFile: text('images-file'),
        fromNamespaces: raw['images-from-namespace'] ?? '',
        maxParallel: text('max-parallel'),
        cwd: context.cwd,
    }, {
        isImageReference,
        namespace: (name, namespace) => dnsLabel(name, namespace, problems),
        problem: (code, message) => problems.add(code, message),
    });
    const scan = {
        image: targets.images[0] ?? '',
        profile: attempt(problems, () => resolveProfileSource(text('profile') || DEFAULTS.profile, context.cwd), {
            kind: 'shipped',
            name: '',
            path: '',
        }),
        profileInputs: optionalFile('profile-inputs', text('profile-inputs'), context.cwd, problems),
        waiverFile: optionalFile('waiver-file', text('waiver-file'), context.cwd, problems),
        controls: splitList(text('controls')),
        // Chosen below, once the kubeconfig and the context are known.
        namespace: '',
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
        maxFileSize: byteSize('max-file-size', text('max-file-size') || DEFAULTS.maxFileSize, problems),
        maxCommandOutput: byteSize('max-command-output', text('max-command-output') || DEFAULTS.maxCommandOutput, problems),
        kindLoad: flag('kind-load', false),
        kindCluster: dnsLabel('kind-cluster', text('kind-cluster') || DEFAULTS.kindCluster, problems),
        timeoutSeconds: timeoutSeconds(timeoutText, problems),
        cleanup: flag('cleanup', true),
    };
    const registryProblem = ambiguousRegistry(targets, text('registry'), text('registry-username'));
    if (registryProblem)
        problems.add('KCS-IMG-007', registryProblem);
    const credentials = registryInputs(raw, scan.image, context.mode, problems);
    if (credentials)
        scan.registryCredentials = credentials;
    const chosen = (0,kubeconfig_namespace/* chooseNamespace */.X6)(text('namespace'), scan.kubeconfig, scan.context, context.env);
    scan.namespace = dnsLabel(chosen.from === 'the namespace input' ? 'namespace' : `namespace (from ${chosen.from})`, chosen.namespace, problems);
    scan.namespaceFrom = chosen.from;
    const profileToken = profileTokenInput(raw, scan.profile, context.mode, problems);
    if (profileToken)
        scan.profileToken = profileToken;
    const results = {
        threshold: text('threshold')
            ? attempt(problems, () => resolveThresholdSource(raw['threshold'] ?? '', context.cwd), undefined)
            : undefined,
        failOnThreshold: flag('fail-on-threshold', true),
        outputDir: outputDir(text('output-dir'), context),
        sarifLocation: attempt(problems, () => parseSarifLocation(text('sarif-location')), DEFAULT_SARIF_LOCATION),
    };
    const publish = {
        uploadArtifact: flag('upload-artifact', true),
        artifactName: artifactName(text('artifact-name'), targets.multi ? 'images' : scan.image, context.env, problems),
        retentionDays: retentionDays(text('retention-days'), problems),
        jobSummary: flag('job-summary', true),
        commentOnPr: flag('comment-on-pr', false),
        githubToken: text('github-token'),
    };
    if (scan.kindLoad && scan.imagePullPolicy === 'Always') {
        problems.add('KCS-KIND-006', 'kind-load puts the image on the kind nodes, but image-pull-policy Always makes the kubelet pull it from a registry instead; use IfNotPresent (the default) or Never with kind-load');
    }
    problems.throwIfAny();
    return { targets, scan, results, publish, warnings: memoryWarnings(scan) };
}
const DEFAULT_SARIF_LOCATION = 'Dockerfile';
/**
 * The `sarif-location` input: the file, relative to the repository root, that code scanning attaches the alerts to.
 * GitHub resolves a relative path against the checkout, so an absolute path, a URL or a `..` would attach them to
 * nothing it can show. Empty means Dockerfile.
 */
function parseSarifLocation(text) {
    const value = text.trim().replace(/^\.\/+/, '');
    if (value === '')
        return DEFAULT_SARIF_LOCATION;
    const segments = value.split('/');
    const problem = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) || value.startsWith('/')
        ? 'is absolute'
        : value.includes('\\')
            ? 'contains a backslash'
            : // eslint-disable-next-line no-control-regex -- finding control characters is the point
                /[\u0000-\u001f\u007f]/.test(value)
                    ? 'contains a control character'
                    : segments.some((s) => s === '..' || s === '.' || s === '')
                        ? 'has an empty, "." or ".." segment'
                        : undefined;
    if (problem) {
        throw new errors/* InputError */.dz('KCS-RES-007', `sarif-location: ${config_show(text)} ${problem}; give a file path relative to the repository root, such as Dockerfile or docker/app/Dockerfile`);
    }
    return value;
}
function attempt(problems, fn, fallback) {
    try {
        return fn();
    }
    catch (error) {
        if (error instanceof errors/* InputError */.dz) {
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
    throw new errors/* InputError */.dz('KCS-CFG-002', `${name}: ${config_show(text)} is not a boolean; use true or false`);
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
        throw new errors/* InputError */.dz('KCS-CFG-003', `${name}: ${config_show(text)} is not a duration; use 90s, 10m or 1h`);
    }
    return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * (DURATION_UNITS[unit ?? 's'] ?? 1), 0);
}
function timeoutSeconds(text, problems) {
    const seconds = attempt(problems, () => parseDuration('timeout', text), 600);
    if (seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
        problems.add('KCS-CFG-003', `timeout: ${config_show(text)} is out of range; use between 10s and 24h`);
    }
    return Math.ceil(seconds);
}
function pullPolicy(text, problems) {
    const match = PULL_POLICIES.find((p) => p === text);
    if (match)
        return match;
    problems.add('KCS-CFG-004', `image-pull-policy: ${config_show(text)} is not allowed; use ${PULL_POLICIES.join(', ')}`);
    return DEFAULTS.imagePullPolicy;
}
function retentionDays(text, problems) {
    if (text === '')
        return undefined;
    const days = Number(text);
    if (!/^\d+$/.test(text) || days < 1 || days > 90) {
        problems.add('KCS-CFG-012', `retention-days: ${config_show(text)} is not allowed; use a whole number of days from 1 to 90`);
        return undefined;
    }
    return days;
}
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
function quantity(name, text, problems) {
    if (!QUANTITY.test(text)) {
        problems.add('KCS-CFG-010', `${name}: ${config_show(text)} is not a Kubernetes quantity; use for example 500m or 1 (CPU), 512Mi or 1Gi (memory)`);
    }
    return text;
}
// Sizes in bytes, written like a memory quantity: a whole number with an optional suffix (k, M, G decimal; Ki, Mi, Gi
// binary). The scanner's transport gets them as plain byte counts.
const BYTE_SIZE = /^(\d{1,13})(k|M|G|Ki|Mi|Gi)?$/;
const BYTE_UNITS = { k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };
const MIN_BYTE_SIZE = 1024;
const MAX_BYTE_SIZE = 1024 ** 3;
/** Parses max-file-size or max-command-output into bytes, from 1Ki to 1Gi. */
function parseByteSize(name, text) {
    const match = BYTE_SIZE.exec(text.trim());
    const bytes = match ? Number(match[1]) * (match[2] ? (BYTE_UNITS[match[2]] ?? 1) : 1) : Number.NaN;
    if (!(bytes >= MIN_BYTE_SIZE && bytes <= MAX_BYTE_SIZE)) {
        throw new errors/* InputError */.dz('KCS-CFG-010', `${name}: ${config_show(text)} is not a size from 1Ki to 1Gi; use a number of bytes with an optional suffix Ki, Mi, Gi (or k, M, G), for example 64Mi`);
    }
    return bytes;
}
function byteSize(name, text, problems) {
    return attempt(problems, () => parseByteSize(name, text), 0);
}
const QUANTITY_UNITS = {
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
};
/** A memory quantity in bytes (already validated by QUANTITY), or undefined. */
function quantityBytes(text) {
    const match = QUANTITY.exec(text);
    if (!match)
        return undefined;
    return Number(match[1]) * (match[3] ? (QUANTITY_UNITS[match[3]] ?? 1) : 1);
}
/** 1.5Gi, 64Mi, 512Ki: a size as the inputs write it. */
function formatBytes(bytes) {
    for (const [unit, size] of [
        ['Gi', 2 ** 30],
        ['Mi', 2 ** 20],
        ['Ki', 2 ** 10],
    ]) {
        if (bytes >= size)
            return `${Number((bytes / size).toFixed(1))}${unit}`;
    }
    return String(bytes);
}
/**
 * What the scanner container may need at most, by the design of the transport's caps (scanner/README.md): CINC
 * Auditor with a profile, three times max-file-size (content kept for later calls, one file being read, one copy a
 * resource makes) and twice max-command-output (the output being collected, one copy).
 */
const CINC_AUDITOR_BASE_BYTES = 256 * 2 ** 20;
function scannerMemoryNeeded(maxFileSize, maxCommandOutput) {
    return CINC_AUDITOR_BASE_BYTES + 3 * maxFileSize + 2 * maxCommandOutput;
}
function memoryWarnings(scan) {
    const limit = quantityBytes(scan.scannerMemory);
    const needed = scannerMemoryNeeded(scan.maxFileSize, scan.maxCommandOutput);
    if (limit === undefined || needed <= limit)
        return [];
    return [
        `max-file-size ${formatBytes(scan.maxFileSize)} and max-command-output ${formatBytes(scan.maxCommandOutput)} ` +
            `need up to about ${formatBytes(needed)} of scanner memory (${formatBytes(CINC_AUDITOR_BASE_BYTES)} for CINC ` +
            `Auditor, 3 × max-file-size, 2 × max-command-output), more than scanner-memory ${scan.scannerMemory}: a scan ` +
            `that meets files or output that large may be killed for memory (KCS-SCAN-114). Raise scanner-memory or lower ` +
            `the caps.`,
    ];
}
// ----- names and images -----------------------------------------------------------------------------------------
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
function dnsLabel(name, text, problems) {
    if (!DNS_LABEL.test(text)) {
        problems.add('KCS-CFG-009', `${name}: ${config_show(text)} is not a valid name; use lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit`);
    }
    return text;
}
function dnsSubdomain(name, text, problems) {
    if (!DNS_SUBDOMAIN.test(text) || text.length > 253) {
        problems.add('KCS-CFG-009', `${name}: ${config_show(text)} is not a valid Secret name; use lower-case letters, digits, '-' and '.'`);
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
        problems.add('KCS-CFG-011', `${name}: ${config_show(text)} is not an image reference; use [registry/]repository[:tag][@sha256:digest] with a lower-case repository`);
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
        return (0,js_yaml/* load */.Hh)(text);
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
        problems.add('KCS-CFG-005', `${name}: expected a YAML mapping of keys to strings, such as "team: security", got ${config_show(text)}`);
        return {};
    }
    const result = {};
    for (const [key, v] of Object.entries(parsed)) {
        if (!QUALIFIED_KEY.test(key)) {
            problems.add('KCS-CFG-005', `${name}: key ${config_show(key)} is not a valid Kubernetes key; use [prefix/]name with letters, digits, '-', '_' and '.'`);
        }
        else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
            result[key] = String(v);
        }
        else {
            problems.add('KCS-CFG-005', `${name}: the value of ${config_show(key)} must be a string, got ${config_show(JSON.stringify(v) ?? 'null')}`);
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
            problems.add('KCS-CFG-005', `${where}: unknown field ${config_show(unknown[0] ?? '')}; allowed: ${TOLERATION_KEYS.join(', ')}`);
        if (item['operator'] !== undefined && item['operator'] !== 'Exists' && item['operator'] !== 'Equal') {
            problems.add('KCS-CFG-005', `${where}.operator: ${config_show(String(item['operator']))} is not allowed; use Exists or Equal`);
        }
        if (item['effect'] !== undefined && !TOLERATION_EFFECTS.includes(String(item['effect']))) {
            problems.add('KCS-CFG-005', `${where}.effect: ${config_show(String(item['effect']))} is not allowed; use ${TOLERATION_EFFECTS.join(', ')}`);
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
const isDirectory = (path) => (0,external_node_fs_.existsSync)(path) && (0,external_node_fs_.statSync)(path).isDirectory();
const isFile = (path) => (0,external_node_fs_.existsSync)(path) && (0,external_node_fs_.statSync)(path).isFile();
function optionalFile(name, text, cwd, problems) {
    if (text === '')
        return undefined;
    const path = (0,external_node_path_.resolve)(cwd, text);
    if (!isFile(path))
        problems.add('KCS-CFG-008', `${name}: file ${config_show(text)} does not exist (looked at ${path})`);
    return path;
}
/** Names of the entries of a shipped folder, for error messages and --help. */
function shippedNames(dir, suffixes = []) {
    if (!isDirectory(dir))
        return [];
    return (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true })
        .filter((entry) => suffixes.length === 0 ? entry.isDirectory() : entry.isFile() && suffixes.some((s) => entry.name.endsWith(s)))
        .map((entry) => suffixes.reduce((n, s) => (n.endsWith(s) ? n.slice(0, -s.length) : n), entry.name))
        .sort();
}
/**
 * `scheme://…` (or `git@host:path`) is a remote profile, an archive or a git repository (profile-source.ts); an
 * existing directory is a local profile; otherwise a profile shipped in profiles/.
 */
function resolveProfileSource(text, cwd) {
    const trimmed = text.trim();
    if ((0,profile_source/* isRemoteProfile */.cR)(trimmed))
        return (0,profile_source/* remoteProfileSource */.F6)(trimmed);
    const local = (0,external_node_path_.resolve)(cwd, trimmed);
    if (isDirectory(local)) {
        if (!isFile((0,external_node_path_.join)(local, 'inspec.yml'))) {
            throw new errors/* InputError */.dz('KCS-CFG-006', `profile: directory ${config_show(trimmed)} has no inspec.yml, so it is not an InSpec profile`);
        }
        return { kind: 'directory', path: local };
    }
    const shipped = (0,external_node_path_.join)((0,paths/* profilesDir */.CP)(), trimmed);
    if (!(0,external_node_path_.isAbsolute)(trimmed) && !trimmed.includes('/') && isDirectory(shipped))
        return { kind: 'shipped', name: trimmed, path: shipped };
    const names = shippedNames((0,paths/* profilesDir */.CP)());
    throw new errors/* InputError */.dz('KCS-CFG-006', `profile: ${config_show(trimmed)} is not a URL, an existing profile directory or a shipped profile; shipped profiles: ${names.join(', ') || '(none)'}`);
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
    const local = (0,external_node_path_.resolve)(cwd, trimmed);
    if (isFile(local))
        return { kind: 'file', path: local };
    if (!trimmed.includes('/')) {
        for (const name of [trimmed, ...THRESHOLD_SUFFIXES.map((s) => trimmed + s)]) {
            const shipped = (0,external_node_path_.join)((0,paths/* thresholdsDir */.C_)(), name);
            if (isFile(shipped))
                return { kind: 'shipped', name: trimmed.replace(/\.(ya?ml|json)$/, ''), path: shipped };
        }
    }
    const names = shippedNames((0,paths/* thresholdsDir */.C_)(), THRESHOLD_SUFFIXES);
    throw new errors/* InputError */.dz('KCS-CFG-007', `threshold: ${config_show(trimmed)} is not inline YAML, an existing file or a shipped threshold; shipped thresholds: ${names.join(', ') || '(none)'}`);
}
function kubeconfigSource(trimmed, rawText, context, problems) {
    if (trimmed === '')
        return { kind: 'default' };
    if (context.mode === 'action')
        return { kind: 'content', content: rawText };
    const path = (0,external_node_path_.resolve)(context.cwd, trimmed);
    if (!isFile(path))
        problems.add('KCS-CFG-008', `kubeconfig: file ${config_show(trimmed)} does not exist (looked at ${path})`);
    return { kind: 'file', path };
}
// ----- where results go -----------------------------------------------------------------------------------------
function outputDir(text, context) {
    if (text !== '')
        return (0,external_node_path_.resolve)(context.cwd, text);
    if (context.mode === 'cli')
        return (0,external_node_path_.resolve)(context.cwd, 'kube-cinc-scan-results');
    const base = context.env['RUNNER_TEMP'] || context.cwd;
    const job = sanitizeName(context.env['GITHUB_JOB'] ?? 'job');
    return (0,external_node_path_.join)(base, `kube-cinc-scan-${job}-${process.pid}-${Date.now().toString(36)}`);
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
            problems.add('KCS-CFG-009', `artifact-name: ${config_show(text)} contains a character artifacts do not allow (" : < > | * ? \\ / or a newline)`);
        }
        return text;
    }
    const job = env['GITHUB_JOB'] ? `-${sanitizeName(env['GITHUB_JOB'])}` : '';
    const attempt = env['GITHUB_RUN_ATTEMPT'] && env['GITHUB_RUN_ATTEMPT'] !== '1' ? `-attempt${env['GITHUB_RUN_ATTEMPT']}` : '';
    return `kcs-${sanitizeName(image) || 'scan'}${job}${attempt}`;
}
// ----- registry credentials -------------------------------------------------------------------------------------
/** A line break or another C0 control character, or DEL. */
const hasControlCharacter = (text) => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
/**
 * `registry`, `registry-username` and `registry-password`: all or nothing (the registry defaults to the image's).
 * Messages never quote the password; the CLI takes it from stdin or KCS_REGISTRY_PASSWORD, never from a flag.
 */
function registryInputs(raw, image, mode, problems) {
    const registryText = value(raw, 'registry');
    const username = value(raw, 'registry-username');
    const password = value(raw, 'registry-password');
    const passwordName = mode === 'cli' ? 'a registry password (--registry-password-stdin or KCS_REGISTRY_PASSWORD)' : 'registry-password';
    const usernameName = mode === 'cli' ? '--registry-username' : 'registry-username';
    if (username === '' && password === '') {
        if (registryText !== '')
            problems.add('KCS-CFG-014', `registry: ${config_show(registryText)} is set but ${usernameName} and ${passwordName} are empty; give the credentials too, or leave registry empty`);
        return undefined;
    }
    const before = problems.list.length;
    if (username === '')
        problems.add('KCS-CFG-014', `${passwordName} is set but ${usernameName} is empty; give both, or neither`);
    else if (password === '')
        problems.add('KCS-CFG-014', `${usernameName} is set but ${passwordName} is empty; give both, or neither`);
    if (username.includes(':') || hasControlCharacter(username))
        problems.add('KCS-CFG-014', `${usernameName}: ${config_show(username)} contains a ':' or a control character, which a registry login cannot hold`);
    // Not quoted: it is the password.
    if (hasControlCharacter(password))
        problems.add('KCS-CFG-014', `the registry password contains a line break or another control character; give it on one line`);
    const registry = (0,core_registry/* normalizeRegistry */.l5)(registryText || (0,core_registry/* registryOf */.Fv)(image));
    if (registry === undefined)
        problems.add('KCS-CFG-014', `registry: ${config_show(registryText)} is not a registry; use its host[:port], such as ghcr.io, docker.io or 123456789012.dkr.ecr.eu-west-1.amazonaws.com`);
    if (problems.list.length > before || registry === undefined)
        return undefined;
    return (0,core_registry/* registryCredentials */.Qn)(registry, username, password);
}
// ----- profile token ----------------------------------------------------------------------------------------------
/**
 * `profile-token` (the CLI reads KCS_PROFILE_TOKEN instead: argv is visible to other users): only for a profile URL,
 * on one line, and never over plain http to another machine. Messages never quote it.
 */
function profileTokenInput(raw, profile, mode, problems) {
    const token = value(raw, 'profile-token');
    const name = mode === 'cli' ? 'KCS_PROFILE_TOKEN' : 'profile-token';
    const remote = profile.kind === 'url' || profile.kind === 'git' ? profile : undefined;
    const origin = remote ? (0,profile_source/* httpOrigin */.dp)(remote) : undefined;
    if (origin && origin.protocol === 'http:' && !(0,profile_source/* isLoopbackHost */.cW)(origin.hostname) && (token || origin.username)) {
        problems.add('KCS-PROF-001', `profile: a credential would be sent in clear text over http:// to ${origin.host}; use https://`);
    }
    if (token === '')
        return undefined;
    if (!remote) {
        problems.add('KCS-PROF-001', `${name} is set but profile is not a URL: the token is sent only to a profile URL and to dependencies on its host`);
    }
    else if (!origin) {
        problems.add('KCS-PROF-001', `${name} is set but the profile is an ssh git remote: ssh authenticates with the runner's ssh keys; use an https:// URL with the token`);
    }
    if (hasControlCharacter(token))
        problems.add('KCS-PROF-001', `${name} contains a line break or another control character; give it on one line`);
    return token;
}


/***/ }),

/***/ 3858:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Id: () => (/* binding */ SERVICE_ACCOUNT_DIR),
/* harmony export */   X6: () => (/* binding */ chooseNamespace)
/* harmony export */ });
/* unused harmony export contextNamespace */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var js_yaml__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3243);




/** Where a pod finds its ServiceAccount (token, CA, namespace). */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/**
 * The namespace as kubectl chooses it: the `namespace` input (`--namespace`) when given; else the namespace of the
 * context in use (the `context` input, else the kubeconfig's current context); else `default`. In a pod without a
 * kubeconfig, POD_NAMESPACE, then the ServiceAccount's namespace file, as client-go's in-cluster config.
 *
 * Only reads local files: no cluster is contacted. A kubeconfig that cannot be read or names no such context yields
 * `default` here; connecting then fails with the reason, before anything is created.
 */
function chooseNamespace(input, source, context, env, serviceAccountDir = SERVICE_ACCOUNT_DIR) {
    if (input !== '')
        return { namespace: input, from: 'the namespace input' };
    return contextNamespace(source, context, env, serviceAccountDir) ?? { namespace: 'default', from: 'default' };
}
/** The namespace the kubeconfig's context in use names, or undefined when it names none. */
function contextNamespace(source, context, env, serviceAccountDir = SERVICE_ACCOUNT_DIR) {
    const documents = kubeconfigDocuments(source, env);
    if (documents === undefined)
        return inClusterNamespace(env, serviceAccountDir);
    // kubectl merges KUBECONFIG files: the first current-context set wins, and the first definition of a context name.
    const name = context ?? documents.map((d) => d['current-context']).find((c) => typeof c === 'string' && c !== '');
    if (typeof name !== 'string')
        return undefined;
    for (const document of documents) {
        const contexts = Array.isArray(document['contexts']) ? document['contexts'] : [];
        const entry = contexts.find((c) => isRecord(c) && c['name'] === name);
        if (!entry)
            continue;
        const namespace = isRecord(entry['context']) ? entry['context']['namespace'] : undefined;
        return typeof namespace === 'string' && namespace !== ''
            ? { namespace, from: `context "${name}" of the kubeconfig` }
            : undefined;
    }
    return undefined;
}
const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * The kubeconfig documents in kubectl's order (the same files connect() reads), or undefined when there is no
 * kubeconfig at all (in-cluster). Files that cannot be read or parsed are skipped.
 */
function kubeconfigDocuments(source, env) {
    if (source.kind === 'content')
        return parseAll([source.content]);
    if (source.kind === 'file')
        return parseAll([readText(source.path)]);
    const fromEnv = (env['KUBECONFIG'] ?? '').split(node_path__WEBPACK_IMPORTED_MODULE_2__.delimiter).filter(Boolean);
    if (fromEnv.length > 0)
        return parseAll(fromEnv.map(readText));
    const home = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(env['HOME'] ?? (0,node_os__WEBPACK_IMPORTED_MODULE_1__.homedir)(), '.kube', 'config');
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(home))
        return parseAll([readText(home)]);
    return undefined;
}
function readText(file) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8');
    }
    catch {
        return undefined;
    }
}
function parseAll(texts) {
    return texts.flatMap((text) => {
        if (text === undefined)
            return [];
        try {
            const document = (0,js_yaml__WEBPACK_IMPORTED_MODULE_3__/* .load */ .Hh)(text);
            return isRecord(document) ? [document] : [];
        }
        catch {
            return [];
        }
    });
}
function inClusterNamespace(env, dir) {
    if (!env['KUBERNETES_SERVICE_HOST'] || !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'token')))
        return undefined;
    const fromEnv = (env['POD_NAMESPACE'] ?? '').trim();
    if (fromEnv)
        return { namespace: fromEnv, from: 'POD_NAMESPACE' };
    const fromFile = readText((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'namespace'))?.trim();
    return fromFile ? { namespace: fromFile, from: 'the in-cluster ServiceAccount' } : undefined;
}


/***/ }),

/***/ 5883:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KY: () => (/* binding */ dedupeImages),
/* harmony export */   Rn: () => (/* binding */ imageFolders),
/* harmony export */   nP: () => (/* binding */ imageLines),
/* harmony export */   p2: () => (/* binding */ imageKey)
/* harmony export */ });
/* unused harmony export imageFolderName */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4692);


/**
 * The references in `text`, one per line: blank lines are skipped and `#` starts a comment (an image reference never
 * holds one). `label(n)` says where line `n` (from 1) is, for error messages.
 */
function imageLines(text, label) {
    const lines = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const hash = raw.indexOf('#');
        const content = (hash < 0 ? raw : raw.slice(0, hash)).trim();
        if (content !== '')
            lines.push({ text: content, where: label(index + 1) });
    });
    return lines;
}
/**
 * Which image the runtime pulls for a reference, so that `busybox`, `docker.io/library/busybox:latest` and
 * `index.docker.io/library/busybox` count as one image: the registry (Docker Hub's aliases as docker.io), the
 * repository (`library/` added for Docker Hub's one-part names), then the digest when there is one (it decides the
 * content; a tag beside it is ignored by the runtime too), else the tag (`latest` when none).
 */
function imageKey(reference) {
    const at = reference.indexOf('@');
    const digest = at < 0 ? undefined : reference.slice(at + 1);
    const named = at < 0 ? reference : reference.slice(0, at);
    const slash = named.lastIndexOf('/');
    const colon = named.lastIndexOf(':');
    const tag = colon > slash ? named.slice(colon + 1) : undefined;
    const name = colon > slash ? named.slice(0, colon) : named;
    const registry = (0,_registry_js__WEBPACK_IMPORTED_MODULE_1__/* .registryOf */ .Fv)(name);
    const first = name.indexOf('/');
    const host = first < 0 ? '' : name.slice(0, first);
    // The first part is a host when registryOf reads it as one: it holds a `.` or a `:`, or is localhost.
    let path = host !== '' && (/[.:]/.test(host) || host === 'localhost') ? name.slice(first + 1) : name;
    if (registry === 'docker.io' && !path.includes('/'))
        path = `library/${path}`;
    return `${registry}/${path}${digest ? `@${digest}` : `:${tag ?? 'latest'}`}`;
}
/** Keeps the first spelling of each image (by imageKey), in order. */
function dedupeImages(references) {
    const kept = new Map();
    const duplicates = [];
    for (const image of references) {
        const key = imageKey(image);
        const earlier = kept.get(key);
        if (earlier === undefined)
            kept.set(key, image);
        else
            duplicates.push({ image, sameAs: earlier });
    }
    return { images: [...kept.values()], duplicates };
}
/**
 * The folder an image's files go to: the reference made safe for any file system and for artifact paths (letters,
 * digits, `.`, `_`, `-`; a digest shortened to 12 digits), at most 60 characters, then 8 hex digits of the
 * reference's SHA-256, so that two references that sanitise alike (`app:1.0` and `app-1.0`) still differ.
 */
function imageFolderName(reference) {
    const readable = reference
        .replace(/@sha256:([a-f0-9]{12})[a-f0-9]*/, '@$1')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/-+/g, '-')
        .replace(/^[-.]+/, '')
        .slice(0, 60)
        .replace(/[-.]+$/, '');
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(reference).digest('hex').slice(0, 8);
    return `${readable || 'image'}-${hash}`;
}
/**
 * A folder per image, unique within the run even if two short hashes met (they are compared case-insensitively, for
 * file systems that fold case).
 */
function imageFolders(images) {
    const folders = new Map();
    const taken = new Set();
    for (const image of images) {
        let folder = imageFolderName(image);
        for (let n = 2; taken.has(folder.toLowerCase()); n += 1)
            folder = `${imageFolderName(image)}-${n}`;
        taken.add(folder.toLowerCase());
        folders.set(image, folder);
    }
    return folders;
}


/***/ }),

/***/ 7918:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F6: () => (/* binding */ remoteProfileSource),
/* harmony export */   cR: () => (/* binding */ isRemoteProfile),
/* harmony export */   cW: () => (/* binding */ isLoopbackHost),
/* harmony export */   dp: () => (/* binding */ httpOrigin)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2258);



/** `user@host:path`, as git and ssh write a remote without a scheme. */
const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!\/\/)[^\s]+$/;
const URL_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;
/** Repository pages of the big forges: `https://github.com/owner/repo`, optionally `/tree/<ref>` or `/commit/<sha>`. */
const FORGE_REPO = /^https:\/\/(?:www\.)?(github\.com|gitlab\.com|bitbucket\.org)\/([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:\/(?:tree|commit|-\/tree|branch|commits)\/([\w.-]+))?\/?$/;
const GIT_REF = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,200}$/;
/** Whether `text` names a remote profile (a URL or an scp-like git remote) rather than a path or a shipped name. */
function isRemoteProfile(text) {
    return URL_SCHEME.test(text) || SCP_LIKE.test(text);
}
/**
 * What kind of remote profile `text` is. Git: `git+https://…` (any `git+` scheme), `ssh://`, `git://`, an scp-like
 * `git@host:org/repo.git`, a `file://` or `http(s)://` URL whose path ends in `.git`, or a repository page on GitHub,
 * GitLab or Bitbucket (with `/tree/<ref>`); a ref follows as `#ref`. Anything else on `http(s)://` is an archive
 * (tar.gz or zip, recognised by its content).
 */
function remoteProfileSource(text) {
    const [base = '', fragment] = splitFragment(text);
    if (SCP_LIKE.test(base))
        return git(text, base, fragment);
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(base)?.[1]?.toLowerCase() ?? '';
    if (scheme.startsWith('git+'))
        return git(text, base.slice(4), fragment);
    if (scheme === 'ssh' || scheme === 'git')
        return git(text, base, fragment);
    let url;
    try {
        url = new URL(base);
    }
    catch {
        throw invalid(text, 'is not a valid URL');
    }
    if (scheme === 'file') {
        if (/\.git\/?$/.test(url.pathname))
            return git(text, base, fragment);
        throw invalid(text, 'is a file:// URL that is not a git repository (….git); give a local profile by its path');
    }
    if (scheme !== 'https' && scheme !== 'http') {
        throw invalid(text, `has the scheme ${scheme}://, which is not supported`);
    }
    if (/\.git\/?$/.test(url.pathname))
        return git(text, base, fragment);
    const forge = FORGE_REPO.exec(`${url.origin}${url.pathname}`);
    if (forge && url.search === '' && forge[1] && forge[2] && forge[3]) {
        const repo = `${url.protocol}//${credentialsOf(url)}${forge[1]}/${forge[2]}/${forge[3]}.git`;
        return git(text, repo, fragment ?? forge[4]);
    }
    return { kind: 'url', url: text };
}
function git(text, url, ref) {
    if (url.startsWith('-'))
        throw invalid(text, 'starts with "-"');
    if (ref === undefined || ref === '')
        return { kind: 'git', url };
    if (!GIT_REF.test(ref)) {
        throw invalid(text, `names the ref ${JSON.stringify(ref)}, which is not a branch, tag or commit name`);
    }
    return { kind: 'git', url, ref };
}
function splitFragment(text) {
    const hash = text.indexOf('#');
    return hash < 0 ? [text, undefined] : [text.slice(0, hash), decodeURIComponent(text.slice(hash + 1))];
}
function credentialsOf(url) {
    if (!url.username && !url.password)
        return '';
    return `${url.username}${url.password ? `:${url.password}` : ''}@`;
}
function invalid(text, problem) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('KCS-CFG-006', `profile: ${JSON.stringify((0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redactUrl */ .B)(text, { query: true }))} ${problem}; use an https:// URL of a .tar.gz, .tgz or .zip archive, a git repository (https://…/repo.git#ref, git@host:org/repo.git, git+https://…), a local profile directory or a shipped profile name`);
}
/** Loopback hosts, where a credential over plain http never leaves the machine. */
function isLoopbackHost(hostname) {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (host === 'localhost')
        return true;
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host) === 4)
        return host.startsWith('127.');
    return host === '::1';
}
/** The URL a fetch of this source talks to, for origin comparisons; undefined for ssh and scp-like remotes. */
function httpOrigin(source) {
    try {
        const url = new URL(source.url);
        return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
    }
    catch {
        return undefined;
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

/***/ 4692:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fv: () => (/* binding */ registryOf),
/* harmony export */   Qn: () => (/* binding */ registryCredentials),
/* harmony export */   TF: () => (/* binding */ dockerConfigJson),
/* harmony export */   l5: () => (/* binding */ normalizeRegistry)
/* harmony export */ });
/* unused harmony exports DOCKER_HUB, DOCKER_HUB_KEY, dockerConfigKey, basicAuth, registryCredentialForms */
/**
 * Container registries as the kubelet sees them: which registry an image reference names, the key a
 * `kubernetes.io/dockerconfigjson` Secret files its credentials under, and the credentials themselves.
 */
/** Docker Hub, as users write it; unqualified image names (`busybox`, `library/app`) live there. */
const DOCKER_HUB = 'docker.io';
/** The key Docker Hub's credentials go under in a docker config (what `docker login` and kubectl write). */
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const DOCKER_HUB_ALIASES = new Set([
    'docker.io',
    'index.docker.io',
    'registry-1.docker.io',
    'registry.hub.docker.com',
    'index.docker.io/v1',
]);
/**
 * The registry an image reference names, the way Docker and the kubelet read it: the part before the first `/` when
 * it holds a `.` or a `:` or is `localhost`; otherwise Docker Hub (`busybox:1.37`, `acme/app:1`).
 */
function registryOf(image) {
    const slash = image.indexOf('/');
    if (slash < 0)
        return DOCKER_HUB;
    const first = image.slice(0, slash);
    if (!first.includes('.') && !first.includes(':') && first !== 'localhost')
        return DOCKER_HUB;
    const host = first.toLowerCase();
    return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?(\/[a-z0-9._-]+)*$/;
/**
 * A registry as given in the `registry` input: `host[:port]` with an optional path (`registry.example.com/team`), with
 * or without `https://` and a trailing `/`. Docker Hub in any of its spellings becomes `docker.io`. Undefined when the
 * text is not a registry.
 */
function normalizeRegistry(text) {
    const bare = text
        .trim()
        .toLowerCase()
        .replace(/^https?:\/\//, '')
        .replace(/\/+$/, '');
    if (DOCKER_HUB_ALIASES.has(bare))
        return DOCKER_HUB;
    return HOST.test(bare) && bare.length <= 255 ? bare : undefined;
}
/** The key of the registry in a docker config's `auths`: Docker Hub's historical URL, otherwise the registry itself. */
function dockerConfigKey(registry) {
    return registry === DOCKER_HUB ? DOCKER_HUB_KEY : registry;
}
function registryCredentials(registry, username, password) {
    const credentials = { registry, username };
    Object.defineProperty(credentials, 'password', { value: password, enumerable: false });
    return credentials;
}
/** The `auth` field of a docker config: base64 of `username:password`. */
function basicAuth(username, password) {
    return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}
/** The `.dockerconfigjson` document for one registry, as `kubectl create secret docker-registry` writes it. */
function dockerConfigJson(credentials) {
    const { username, password } = credentials;
    return JSON.stringify({
        auths: { [dockerConfigKey(credentials.registry)]: { username, password, auth: basicAuth(username, password) } },
    });
}
/**
 * Every form in which the credentials could show up in text: the password (also as it reads inside a JSON string),
 * the `auth` string, and the base64 of the whole docker config (the Secret's data). Each is to be masked on its own.
 */
function registryCredentialForms(credentials) {
    const { password } = credentials;
    const inJson = JSON.stringify(password).slice(1, -1);
    return [
        ...new Set([
            password,
            inJson,
            basicAuth(credentials.username, password),
            Buffer.from(dockerConfigJson(credentials), 'utf8').toString('base64'),
        ]),
    ];
}


/***/ })

};
