export const id = 135;
export const ids = [135];
export const modules = {

/***/ 5377:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bb: () => (/* binding */ IMAGE_LIST_FLAGS),
/* harmony export */   QR: () => (/* binding */ flagHelp),
/* harmony export */   WC: () => (/* binding */ RESULT_FLAGS),
/* harmony export */   ZB: () => (/* binding */ rawInputsFromFlags),
/* harmony export */   dm: () => (/* binding */ parseArgsOptions),
/* harmony export */   kq: () => (/* binding */ SCAN_COMMAND_FLAGS),
/* harmony export */   v0: () => (/* binding */ IMAGES_FLAGS)
/* harmony export */ });
/* unused harmony export SCAN_FLAGS */
/* harmony import */ var _core_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3555);

/** The scan configuration flags, shared by `scan` and `render`; they mirror the action's inputs. */
const SCAN_FLAGS = [
    { name: 'image', kind: 'string', help: 'the image under test (required)' },
    {
        name: 'profile',
        kind: 'string',
        help: `profile archive URL, git URL (https://…/repo.git#ref), directory or shipped name (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.profile}); a token for a private URL in KCS_PROFILE_TOKEN`,
    },
    { name: 'profile-inputs', kind: 'string', help: 'InSpec input file (YAML)' },
    { name: 'waiver-file', kind: 'string', help: 'InSpec waiver file (YAML)' },
    { name: 'controls', kind: 'string', help: 'control ids to run, comma-separated (repeatable)', multiple: true },
    {
        name: 'namespace',
        kind: 'string',
        help: `namespace of the scan pod (default: the kubeconfig context's namespace, else ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.namespace})`,
    },
    { name: 'kubeconfig', kind: 'string', help: 'kubeconfig file (default: KUBECONFIG, ~/.kube/config, in-cluster)' },
    { name: 'context', kind: 'string', help: 'kubeconfig context (default: the current one)' },
    { name: 'scanner-image', kind: 'string', help: `CINC Auditor image (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.scannerImage})` },
    { name: 'keepalive-image', kind: 'string', help: `static busybox image (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.keepaliveImage})` },
    { name: 'image-pull-policy', kind: 'string', help: 'Always, IfNotPresent or Never (default: IfNotPresent)' },
    {
        name: 'image-pull-secrets',
        kind: 'string',
        help: 'pull Secret names, comma-separated (repeatable)',
        multiple: true,
    },
    {
        name: 'registry-username',
        kind: 'string',
        help: 'user name for a private registry; the password comes from stdin or KCS_REGISTRY_PASSWORD',
    },
    {
        name: 'registry-password-stdin',
        kind: 'boolean',
        help: 'read the registry password from stdin (there is no --registry-password: argv is visible to others)',
    },
    { name: 'registry', kind: 'string', help: "the registry the credentials are for (default: the image's registry)" },
    { name: 'node-selector', kind: 'string', help: 'node selector, YAML mapping' },
    { name: 'tolerations', kind: 'string', help: 'tolerations, YAML list' },
    { name: 'pod-annotations', kind: 'string', help: 'extra pod annotations, YAML mapping' },
    { name: 'scanner-cpu', kind: 'string', help: `scanner CPU limit (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.scannerCpu})` },
    { name: 'scanner-memory', kind: 'string', help: `scanner memory limit (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.scannerMemory})` },
    {
        name: 'max-file-size',
        kind: 'string',
        help: `most bytes read of one file of the image (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.maxFileSize})`,
    },
    {
        name: 'max-command-output',
        kind: 'string',
        help: `most output of one command before it is killed (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.maxCommandOutput})`,
    },
    {
        name: 'kind-load',
        kind: 'boolean',
        help: 'load the image (and the scanner and keep-alive images) from the local Docker into kind first',
    },
    { name: 'kind-cluster', kind: 'string', help: `kind cluster name (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.kindCluster})` },
    { name: 'timeout', kind: 'string', help: `how long the scan may take (default: ${_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.timeout})` },
    { name: 'cleanup', kind: 'boolean', help: 'delete the scan objects when done (default; --no-cleanup keeps them)' },
];
/** The scan flags as `scan` and `render` take them: --image more than once, for several images. */
const SCAN_COMMAND_FLAGS = SCAN_FLAGS.map((spec) => spec.name === 'image'
    ? {
        ...spec,
        multiple: true,
        help: 'the image under test; repeat it to scan several (each in its own pod, a folder of results each)',
    }
    : spec);
/** More images: from a file (scan and render), and those a namespace runs (scan; render refuses it). */
const IMAGE_LIST_FLAGS = [
    {
        name: 'images-file',
        kind: 'string',
        help: 'a file of images to scan, one per line (# comments); adds to --image',
    },
    {
        name: 'images-from-namespace',
        kind: 'string',
        help: "scan each distinct image the namespace's pods run, by digest (repeatable; needs list on pods there)",
        multiple: true,
    },
];
/** Flags of `scan` only: more images, and how many scans run at once. */
const IMAGES_FLAGS = [
    ...IMAGE_LIST_FLAGS,
    { name: 'max-parallel', kind: 'string', help: 'most scans at once with several images (default: 4, 1 to 32)' },
];
/** Flags of `scan` only: what to do with the result. */
const RESULT_FLAGS = [
    {
        name: 'threshold',
        kind: 'string',
        help: 'threshold: inline YAML, a file or a shipped name (strict, moderate, baseline)',
    },
    {
        name: 'fail-on-threshold',
        kind: 'boolean',
        help: 'exit 1 when the threshold fails (default; --no-fail-on-threshold exits 0)',
    },
    { name: 'output-dir', kind: 'string', help: 'where result files go (default: ./kube-cinc-scan-results)' },
    { name: 'sarif-location', kind: 'string', help: 'repository file the SARIF results attach to (default: Dockerfile)' },
];
function parseArgsOptions(specs) {
    const options = { help: { type: 'boolean', short: 'h' } };
    for (const spec of specs) {
        options[spec.name] =
            spec.kind === 'boolean' ? { type: 'boolean' } : { type: 'string', multiple: spec.multiple ?? false };
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

/***/ 9259:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a2: () => (/* binding */ PROFILE_TOKEN_ENV),
/* harmony export */   pW: () => (/* binding */ refuseProfileTokenFlag),
/* harmony export */   xM: () => (/* binding */ profileTokenInput)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

/** The variable a CI system's secret store can fill with the token of a private profile URL. */
const PROFILE_TOKEN_ENV = 'KCS_PROFILE_TOKEN';
/**
 * A token on the command line is visible to every user of the machine (`ps`) and lands in shell history, so there is
 * no `--profile-token`: it is refused by name, before the flags are parsed, and what followed it is never repeated.
 */
function refuseProfileTokenFlag(command, argv) {
    const end = argv.indexOf('--');
    const flags = end < 0 ? argv : argv.slice(0, end);
    if (!flags.some((arg) => arg === '--profile-token' || arg.startsWith('--profile-token=')))
        return;
    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('KCS-PROF-002', `${command}: --profile-token is not accepted: a token on the command line is visible to other users of the machine (ps) and stays in shell history`, { hint: `Set ${PROFILE_TOKEN_ENV} instead.` });
}
/** KCS_PROFILE_TOKEN as the raw input parseConfig takes (`profile-token`), or nothing. */
function profileTokenInput(io) {
    const token = io.env[PROFILE_TOKEN_ENV];
    return token ? { 'profile-token': token } : {};
}


/***/ }),

/***/ 6121:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AU: () => (/* binding */ refusePasswordFlag),
/* harmony export */   MK: () => (/* binding */ REGISTRY_PASSWORD_ENV),
/* harmony export */   rZ: () => (/* binding */ registryPasswordInput)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

/** The variable a CI system's secret store can fill with the registry password. */
const REGISTRY_PASSWORD_ENV = 'KCS_REGISTRY_PASSWORD';
/**
 * A password on the command line is visible to every user of the machine (`ps`, /proc/<pid>/cmdline) and lands in
 * shell history, so `--registry-password` does not exist. It is refused by name, before the flags are parsed, with a
 * message that never repeats what followed it.
 */
function refusePasswordFlag(command, argv) {
    const end = argv.indexOf('--');
    const flags = end < 0 ? argv : argv.slice(0, end);
    if (!flags.some((arg) => arg === '--registry-password' || arg.startsWith('--registry-password=')))
        return;
    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('KCS-CLI-002', `${command}: --registry-password is not accepted: a password on the command line is visible to other users of the machine (ps) and stays in shell history`, {
        hint: `Pipe it in with --registry-password-stdin (for example: aws ecr get-login-password | kube-cinc-scan ${command} --registry-username AWS --registry-password-stdin …), or set ${REGISTRY_PASSWORD_ENV}.`,
    });
}
/**
 * The registry password: stdin with `--registry-password-stdin` (one trailing line break removed, as `docker login
 * --password-stdin` does), otherwise KCS_REGISTRY_PASSWORD, otherwise none. As the raw input parseConfig takes.
 */
async function registryPasswordInput(fromStdin, io) {
    if (fromStdin) {
        if (!io.readStdin)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('KCS-CLI-002', '--registry-password-stdin: there is no stdin to read');
        return { 'registry-password': (await io.readStdin()).replace(/\r?\n$/, '') };
    }
    const fromEnv = io.env[REGISTRY_PASSWORD_ENV];
    return fromEnv ? { 'registry-password': fromEnv } : {};
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

/***/ 7738:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vo: () => (/* binding */ tarGz),
/* harmony export */   fH: () => (/* binding */ collectTree),
/* harmony export */   fM: () => (/* binding */ TarPathError)
/* harmony export */ });
/* unused harmony exports USTAR_NAME_BYTES, USTAR_PREFIX_BYTES, USTAR_PATH_BYTES */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_2__);



const BLOCK = 512;
// Folders that are never part of a profile and only make the archive bigger or leak data.
const SKIPPED = new Set(['.git', 'node_modules', '.DS_Store']);
/**
 * Lists a directory tree in a stable order (sorted by name, parents before children), so the same profile always
 * packs into the same bytes. Symbolic links are followed to files; a link to a directory is skipped (it could loop).
 */
function collectTree(root, prefix = '') {
    const entries = [];
    for (const name of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, prefix)).sort()) {
        if (SKIPPED.has(name))
            continue;
        const relative = prefix ? `${prefix}/${name}` : name;
        const full = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, relative);
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(full, { throwIfNoEntry: false });
        if (!stat)
            continue;
        if (stat.isDirectory()) {
            if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(full).isSymbolicLink())
                continue;
            entries.push({ path: `${relative}/` });
            entries.push(...collectTree(root, relative));
        }
        else if (stat.isFile()) {
            entries.push({ path: relative, content: (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(full) });
        }
    }
    return entries;
}
/**
 * A deterministic ustar archive, gzip-compressed: owner root, mode 0644/0755, time 0, so repeated runs produce identical
 * bytes (and identical ConfigMaps). A path longer than ustar allows is refused (`TarPathError`) rather than silently cut.
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
    return (0,node_zlib__WEBPACK_IMPORTED_MODULE_2__.gzipSync)(Buffer.concat(blocks), { level: 9 });
}
function header(path, isDirectory, size) {
    const block = Buffer.alloc(BLOCK);
    const [prefix, name] = isDirectory ? splitDirectory(path) : splitPath(path);
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
/** ustar keeps a name of up to 100 bytes and a prefix of up to 155 before it, split at a `/` that is not stored. */
const USTAR_NAME_BYTES = 100;
const USTAR_PREFIX_BYTES = 155;
const USTAR_PATH_BYTES = USTAR_PREFIX_BYTES + 1 + USTAR_NAME_BYTES;
/**
 * A path that a ustar archive cannot hold. The archive does not know whose path it is, so the caller turns this into
 * its own error (for a profile: an input error); `reason` says the path's length and the limit it breaks.
 */
class TarPathError extends Error {
    path;
    bytes;
    reason;
    constructor(path, bytes, reason) {
        super(`path too long for a tar archive: ${path} is ${reason}`);
        this.path = path;
        this.bytes = bytes;
        this.reason = reason;
        this.name = 'TarPathError';
    }
}
function splitPath(path) {
    if (Buffer.byteLength(path) <= USTAR_NAME_BYTES)
        return ['', path];
    for (let cut = path.indexOf('/'); cut >= 0; cut = path.indexOf('/', cut + 1)) {
        const prefix = path.slice(0, cut);
        const name = path.slice(cut + 1);
        if (Buffer.byteLength(prefix) <= USTAR_PREFIX_BYTES && Buffer.byteLength(name) <= USTAR_NAME_BYTES && name !== '')
            return [prefix, name];
    }
    throw tooLong(path);
}
/** A directory's trailing `/` is kept where it fits; the type flag already says it is a directory. */
function splitDirectory(path) {
    const [prefix, name] = splitPath(path.replace(/\/$/, ''));
    return [prefix, Buffer.byteLength(name) < USTAR_NAME_BYTES ? `${name}/` : name];
}
function tooLong(path) {
    const bytes = Buffer.byteLength(path);
    const lastBytes = Buffer.byteLength(path.slice(path.lastIndexOf('/') + 1));
    const reason = bytes > USTAR_PATH_BYTES
        ? `${bytes} bytes long, over the ${USTAR_PATH_BYTES} bytes a tar (ustar) path can hold`
        : lastBytes > USTAR_NAME_BYTES
            ? `${bytes} bytes long, and its last part is ${lastBytes} bytes, over the ${USTAR_NAME_BYTES} bytes a tar (ustar) name can hold`
            : `${bytes} bytes long, and no "/" in it splits it into the ${USTAR_PREFIX_BYTES} + ${USTAR_NAME_BYTES} bytes a tar (ustar) path can hold`;
    return new TarPathError(path, bytes, reason);
}


/***/ }),

/***/ 9110:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  F: () => (/* binding */ prepareProfile)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/kube/scan-error.ts
var scan_error = __webpack_require__(8679);
// EXTERNAL MODULE: ./src/core/kube/tar.ts
var tar = __webpack_require__(7738);
// EXTERNAL MODULE: ./src/core/profile-source.ts
var profile_source = __webpack_require__(7918);
// EXTERNAL MODULE: ./src/core/redact.ts
var redact = __webpack_require__(2258);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/core/profile/tree.ts


/** A local directory as a tree (symbolic links to files followed, as collectTree does for local profiles). */
function treeFromDirectory(dir) {
    const tree = new Map();
    for (const entry of (0,tar/* collectTree */.fH)(dir))
        if (entry.content)
            tree.set(entry.path, entry.content);
    return tree;
}
/**
 * The parts of a profile InSpec reads (its source reader, the lockfile and the vendor cache): what a fetched profile
 * ships. A repository's tests, CI files and docs stay behind, so they neither fill the ConfigMap nor reach the cluster.
 */
function profileParts(tree) {
    const kept = new Map();
    for (const [path, content] of tree) {
        const top = path.split('/')[0] ?? '';
        const isDir = path.includes('/');
        if (isDir ? KEPT_DIRS.has(top) : KEPT_FILES.has(path))
            kept.set(path, content);
    }
    return kept;
}
const KEPT_DIRS = new Set(['controls', 'libraries', 'files', 'vendor']);
const KEPT_FILES = new Set(['inspec.yml', 'inspec.lock', 'README.md', 'README']);
/** The files under `prefix/` (a folder of the tree), with the prefix removed. */
function tree_subtree(tree, prefix) {
    if (prefix === '')
        return new Map(tree);
    const start = `${prefix}/`;
    const out = new Map();
    for (const [path, content] of tree)
        if (path.startsWith(start))
            out.set(path.slice(start.length), content);
    return out;
}
/**
 * The tree as archive entries in a stable order (by path segments, each folder before what it holds), so the same
 * files always pack into the same bytes.
 */
function treeEntries(tree) {
    const paths = [...tree.keys()].sort(compareSegments);
    const entries = [];
    const dirs = new Set();
    for (const path of paths) {
        const segments = path.split('/');
        for (let depth = 1; depth < segments.length; depth += 1) {
            const dir = segments.slice(0, depth).join('/');
            if (!dirs.has(dir)) {
                dirs.add(dir);
                entries.push({ path: `${dir}/` });
            }
        }
        const content = tree.get(path);
        if (content)
            entries.push({ path, content });
    }
    return entries;
}
function compareSegments(a, b) {
    const left = a.split('/');
    const right = b.split('/');
    for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
        const x = left[i] ?? '';
        const y = right[i] ?? '';
        if (x !== y)
            return x < y ? -1 : 1;
    }
    return left.length - right.length;
}
/** A content hash of the tree (paths and bytes), independent of any archive format: the vendor key of a dependency. */
function treeDigest(tree) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const path of [...tree.keys()].sort(compareSegments)) {
        const content = tree.get(path) ?? Buffer.alloc(0);
        hash.update(`${path}\u0000${content.length}\u0000`);
        hash.update(content);
    }
    return hash.digest('hex');
}
/** Total bytes of the files. */
function treeBytes(tree) {
    let total = 0;
    for (const content of tree.values())
        total += content.length;
    return total;
}

;// CONCATENATED MODULE: ./src/core/profile/archive.ts



const ARCHIVE_LIMITS = { maxBytes: 256 * 1024 * 1024, maxEntries: 20_000 };
/** Thrown for an archive that is refused; `what` names it in messages (a redacted URL, `git archive of …`). */
function archiveError(what, problem, cause) {
    return new errors/* KcsError */.q$('KCS-PROF-006', `The profile archive ${what} ${problem}.`, {
        hint: 'Publish the profile as a .tar.gz, .tgz or .zip of its folder (inspec.yml at its root or in its one top folder), without links that point outside it.',
        category: 'input',
        ...(cause === undefined ? {} : { cause }),
    });
}
/** Reads a tar, tar.gz or zip archive, recognised by its first bytes. */
function readArchive(bytes, what, limits = ARCHIVE_LIMITS) {
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        let tar;
        try {
            // The cap counts tar's own headers and padding too; the per-file total is checked while reading.
            tar = (0,external_node_zlib_.gunzipSync)(bytes, { maxOutputLength: limits.maxBytes + limits.maxEntries * 1024 });
        }
        catch (cause) {
            const tooLarge = cause instanceof RangeError || cause.code === 'ERR_BUFFER_TOO_LARGE';
            throw tooLarge
                ? sizeError(what, limits)
                : archiveError(what, `is not a valid gzip file (${cause.message})`, cause);
        }
        return readTar(tar, what, limits);
    }
    if (bytes.subarray(0, 4).equals(ZIP_LOCAL) || bytes.subarray(0, 4).equals(ZIP_END))
        return readZip(bytes, what, limits);
    if (bytes.length >= 262 && bytes.subarray(257, 262).toString('latin1') === 'ustar')
        return readTar(bytes, what, limits);
    const start = bytes.subarray(0, 64).toString('latin1');
    const looksLikeHtml = /^\s*<(!doctype|html)/i.test(start);
    throw archiveError(what, looksLikeHtml
        ? 'is an HTML page, not an archive (a login page? check the URL and the token)'
        : 'is not a tar.gz, tar or zip archive');
}
function sizeError(what, limits) {
    return new errors/* KcsError */.q$('KCS-PROF-005', `The profile archive ${what} unpacks to more than ${mib(limits.maxBytes)} MiB or ${limits.maxEntries} entries.`, {
        hint: 'A profile this large cannot travel in a ConfigMap (1 MiB) anyway: publish only the profile (inspec.yml, controls/, libraries/, files/).',
        category: 'input',
    });
}
const mib = (bytes) => String(Math.round(bytes / (1024 * 1024)));
/** Collects entries, enforcing the limits, and resolves links once every entry is known. */
class Collector {
    what;
    limits;
    files = new Map();
    dirs = new Set();
    links = [];
    bytes = 0;
    entries = 0;
    constructor(what, limits) {
        this.what = what;
        this.limits = limits;
    }
    count(size) {
        this.fits(size);
        this.entries += 1;
        this.bytes += size;
    }
    /** Throws unless one more entry of `size` bytes stays within the limits (checked before inflating it). */
    fits(size) {
        if (this.entries + 1 > this.limits.maxEntries || this.bytes + size > this.limits.maxBytes)
            throw sizeError(this.what, this.limits);
    }
    file(raw, content) {
        const path = safePath(raw, this.what);
        if (path === '')
            return;
        this.count(content.length);
        this.files.set(path, content);
    }
    dir(raw) {
        const path = safePath(raw, this.what);
        this.count(0);
        if (path !== '')
            this.dirs.add(path);
    }
    link(raw, target, hard) {
        const path = safePath(raw, this.what);
        this.count(0);
        if (path !== '')
            this.links.push({ path, target, hard });
    }
    /** Links become copies of the files they name inside the archive; one that leaves it is refused. */
    finish() {
        const byPath = new Map(this.links.map((link) => [link.path, link]));
        for (const link of this.links) {
            let current = link;
            for (let hops = 0;; hops += 1) {
                const resolved = current.hard
                    ? safePath(current.target, this.what)
                    : resolveSymlink(current.path, current.target, this.what);
                const content = this.files.get(resolved);
                if (content) {
                    this.count(content.length);
                    this.files.set(link.path, content);
                    break;
                }
                const next = byPath.get(resolved);
                if (next && hops < 20) {
                    current = next;
                    continue;
                }
                if (this.dirs.has(resolved) || [...this.files.keys()].some((p) => p.startsWith(`${resolved}/`))) {
                    throw archiveError(this.what, `holds ${link.path}, a link to the folder ${resolved}, which is not supported`);
                }
                // A link to nothing in the archive (or a loop): InSpec could not read it either; it is left out.
                break;
            }
        }
        return this.files;
    }
}
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
/** A path inside the archive, normalised; refused when it could point anywhere else. */
function safePath(raw, what) {
    if (CONTROL.test(raw))
        throw archiveError(what, `holds a path with a control character`);
    if (raw.includes('\\'))
        throw archiveError(what, `holds the path ${JSON.stringify(raw)} with a backslash`);
    if (raw.startsWith('/'))
        throw archiveError(what, `holds the absolute path ${JSON.stringify(raw)}`);
    const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
    if (segments.includes('..'))
        throw archiveError(what, `holds the path ${JSON.stringify(raw)}, which leaves the archive`);
    return segments.join('/');
}
/** The archive path a symbolic link at `path` names; refused when it leaves the archive (or is absolute). */
function resolveSymlink(path, target, what) {
    if (target.startsWith('/') || target.includes('\\') || CONTROL.test(target)) {
        throw archiveError(what, `holds ${path}, a link to ${JSON.stringify(target)} outside the archive`);
    }
    const segments = path.split('/').slice(0, -1);
    for (const part of target.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..') {
            if (segments.length === 0)
                throw archiveError(what, `holds ${path}, a link to ${JSON.stringify(target)} outside the archive`);
            segments.pop();
        }
        else
            segments.push(part);
    }
    return segments.join('/');
}
// ----- tar ------------------------------------------------------------------------------------------------------
const BLOCK = 512;
function readTar(tar, what, limits) {
    const collector = new Collector(what, limits);
    let offset = 0;
    let longName;
    let longLink;
    let pax = {};
    while (offset + BLOCK <= tar.length) {
        const header = tar.subarray(offset, offset + BLOCK);
        if (header.every((byte) => byte === 0))
            break;
        checkChecksum(header, what);
        const size = octal(header.subarray(124, 136), what);
        const type = String.fromCharCode(header[156] ?? 0);
        const dataStart = offset + BLOCK;
        if (dataStart + size > tar.length)
            throw archiveError(what, 'is cut short');
        const data = tar.subarray(dataStart, dataStart + size);
        offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
        if (type === 'x') {
            pax = parsePax(data);
            continue;
        }
        if (type === 'g')
            continue;
        if (type === 'L') {
            longName = cString(data);
            continue;
        }
        if (type === 'K') {
            longLink = cString(data);
            continue;
        }
        const name = pax['path'] ?? longName ?? headerName(header);
        const linkName = pax['linkpath'] ?? longLink ?? cString(header.subarray(157, 257));
        pax = {};
        longName = undefined;
        longLink = undefined;
        if (type === '0' || type === '\u0000' || type === '7')
            collector.file(name, Buffer.from(data));
        else if (type === '5')
            collector.dir(name);
        else if (type === '2' || type === '1')
            collector.link(name, linkName, type === '1');
        else
            throw archiveError(what, `holds ${JSON.stringify(name)}, an entry of type "${type}" (a device, FIFO or sparse file)`);
    }
    return collector.finish();
}
function headerName(header) {
    const name = cString(header.subarray(0, 100));
    const ustar = header.subarray(257, 263).toString('latin1') === 'ustar\u0000';
    const prefix = ustar ? cString(header.subarray(345, 500)) : '';
    return prefix ? `${prefix}/${name}` : name;
}
function cString(bytes) {
    const end = bytes.indexOf(0);
    return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}
function octal(field, what) {
    if (((field[0] ?? 0) & 0x80) !== 0)
        throw archiveError(what, 'holds a file larger than 8 GiB');
    const text = cString(field).trim();
    if (text === '')
        return 0;
    if (!/^[0-7]+$/.test(text))
        throw archiveError(what, 'has a damaged tar header');
    return parseInt(text, 8);
}
function checkChecksum(header, what) {
    const stored = octal(header.subarray(148, 156), what);
    let sum = 0;
    for (let i = 0; i < BLOCK; i += 1)
        sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
    if (sum !== stored)
        throw archiveError(what, 'has a tar header whose checksum does not match (a damaged archive)');
}
/** Pax extended header records: `<length> <key>=<value>\n`. */
function parsePax(data) {
    const records = {};
    let offset = 0;
    while (offset < data.length) {
        const space = data.indexOf(0x20, offset);
        if (space < 0)
            break;
        const length = Number(data.subarray(offset, space).toString('latin1'));
        if (!Number.isInteger(length) || length <= 0)
            break;
        const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
        const equals = record.indexOf('=');
        if (equals > 0)
            records[record.slice(0, equals)] = record.slice(equals + 1);
        offset += length;
    }
    return records;
}
// ----- zip ------------------------------------------------------------------------------------------------------
const ZIP_LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const ZIP_CENTRAL = 0x02014b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
function readZip(zip, what, limits) {
    const collector = new Collector(what, limits);
    const end = findEndOfCentralDirectory(zip, what);
    let offset = zip.readUInt32LE(end + 16);
    const count = zip.readUInt16LE(end + 10);
    if (count === 0xffff || offset === 0xffffffff)
        throw archiveError(what, 'is a ZIP64 archive, which is not supported');
    for (let index = 0; index < count; index += 1) {
        if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== ZIP_CENTRAL)
            throw archiveError(what, 'has a damaged zip directory');
        const flags = zip.readUInt16LE(offset + 8);
        const method = zip.readUInt16LE(offset + 10);
        const crc = zip.readUInt32LE(offset + 16);
        const compressedSize = zip.readUInt32LE(offset + 20);
        const size = zip.readUInt32LE(offset + 24);
        const nameLength = zip.readUInt16LE(offset + 28);
        const extraLength = zip.readUInt16LE(offset + 30);
        const commentLength = zip.readUInt16LE(offset + 32);
        const madeBy = zip.readUInt16LE(offset + 4) >> 8;
        const mode = madeBy === 3 ? zip.readUInt32LE(offset + 38) >>> 16 : 0;
        const local = zip.readUInt32LE(offset + 42);
        const nameBytes = zip.subarray(offset + 46, offset + 46 + nameLength);
        const name = (flags & 0x800) !== 0 ? nameBytes.toString('utf8') : nameBytes.toString('latin1');
        offset += 46 + nameLength + extraLength + commentLength;
        if ((flags & 0x1) !== 0)
            throw archiveError(what, `holds ${JSON.stringify(name)}, an encrypted entry`);
        if (size === 0xffffffff || compressedSize === 0xffffffff || local === 0xffffffff)
            throw archiveError(what, 'is a ZIP64 archive, which is not supported');
        if (name.endsWith('/') || (mode & S_IFMT) === S_IFDIR) {
            collector.dir(name);
            continue;
        }
        collector.fits(size);
        const content = zipEntryData(zip, local, method, compressedSize, size, crc, name, what);
        if ((mode & S_IFMT) === S_IFLNK)
            collector.link(name, content.toString('utf8'), false);
        else
            collector.file(name, content);
    }
    return collector.finish();
}
function findEndOfCentralDirectory(zip, what) {
    for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset -= 1) {
        if (zip.readUInt32LE(offset) === 0x06054b50)
            return offset;
    }
    throw archiveError(what, 'is not a complete zip archive (no end of central directory)');
}
function zipEntryData(zip, local, method, compressedSize, size, crc, name, what) {
    if (local + 30 > zip.length || !zip.subarray(local, local + 4).equals(ZIP_LOCAL))
        throw archiveError(what, `has a damaged zip entry ${JSON.stringify(name)}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressedSize);
    if (raw.length !== compressedSize)
        throw archiveError(what, 'is cut short');
    let data;
    if (method === 0)
        data = Buffer.from(raw);
    else if (method === 8) {
        try {
            data = (0,external_node_zlib_.inflateRawSync)(raw, { maxOutputLength: Math.max(size, 1) });
        }
        catch (cause) {
            throw archiveError(what, `has a zip entry ${JSON.stringify(name)} that does not inflate to its stated size`, cause);
        }
    }
    else
        throw archiveError(what, `holds ${JSON.stringify(name)}, compressed with method ${method} (only stored and deflate are supported)`);
    if (data.length !== size || (0,external_node_zlib_.crc32)(data) !== crc)
        throw archiveError(what, `has a zip entry ${JSON.stringify(name)} whose size or CRC does not match (a damaged archive)`);
    return data;
}
// ----- the profile inside the archive ---------------------------------------------------------------------------
/**
 * The profile inside an unpacked archive: the archive's root when it holds inspec.yml, else its single top folder
 * when that holds inspec.yml (GitHub and GitLab archives put everything in `<repo>-<ref>/`).
 */
function profileRoot(tree, what) {
    return subtree(tree, profileRootPrefix(tree, what));
}
/** Where profileRoot finds the profile: `''` (the root) or the name of the single top folder. */
function profileRootPrefix(tree, what) {
    if (tree.has('inspec.yml'))
        return '';
    const tops = new Set([...tree.keys()].map((path) => path.split('/')[0] ?? ''));
    const [top] = tops;
    if (tops.size === 1 && top !== undefined && tree.has(`${top}/inspec.yml`))
        return top;
    throw new errors/* KcsError */.q$('KCS-PROF-007', `The profile ${what} has no inspec.yml at its root or in its single top folder, so it is not an InSpec profile.`, {
        hint: 'Point the profile at an archive or repository of one InSpec profile (with git, a subfolder is not supported: publish the profile in a repository of its own, or as an archive).',
        category: 'input',
    });
}

// EXTERNAL MODULE: ./node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(3243);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: ./src/core/kube/agent.ts
var kube_agent = __webpack_require__(500);
// EXTERNAL MODULE: ./src/core/proxy-env.ts
var proxy_env = __webpack_require__(885);
;// CONCATENATED MODULE: ./src/core/profile/download.ts







const MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;
const MAX_REDIRECTS = 5;
/**
 * GETs a profile archive on the runner: through HTTPS_PROXY/HTTP_PROXY as kubectl would (NO_PROXY honoured), following
 * up to 5 redirects (never from https to plain http), with the token only for its own origin. Messages name the URL
 * without credentials or query.
 */
async function download(url, options) {
    let current = new URL(url);
    for (let redirects = 0;; redirects += 1) {
        const response = await get(current, options);
        if (response.location === undefined)
            return { bytes: response.bytes, url: current.toString() };
        if (redirects >= MAX_REDIRECTS)
            throw fetchFailed(url, `more than ${MAX_REDIRECTS} redirects`);
        const next = new URL(response.location, current);
        if (next.protocol !== 'https:' && next.protocol !== 'http:')
            throw fetchFailed(url, `a redirect to ${next.protocol}`);
        if (current.protocol === 'https:' && next.protocol === 'http:' && !(0,profile_source/* isLoopbackHost */.cW)(next.hostname)) {
            throw fetchFailed(url, `a redirect from https to plain http (${(0,redact/* redactUrl */.B)(next.toString(), { query: true })})`);
        }
        current = next;
    }
}
function get(url, options) {
    const proxy = (0,proxy_env/* proxyFromEnvironment */.GG)(url.toString(), options.env);
    const agent = (0,kube_agent/* createAgent */.S)({
        server: url.origin,
        ...(proxy ? { proxyUrl: proxy.url, proxySource: proxy.variable } : {}),
        tls: {},
    });
    const maxBytes = options.maxBytes ?? MAX_DOWNLOAD_BYTES;
    const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    const shown = (0,redact/* redactUrl */.B)(url.toString(), { query: true });
    return new Promise((resolve, reject) => {
        const request = (url.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default())).request(url, {
            method: 'GET',
            agent,
            headers: { ...authHeaders(url, options.auth), 'User-Agent': 'kube-cinc-scan', Accept: '*/*' },
            timeout: idleTimeoutMs,
            ...(options.signal ? { signal: options.signal } : {}),
        });
        request.on('timeout', () => request.destroy(new Error(`no data for ${idleTimeoutMs / 1000} s`)));
        request.on('error', (cause) => reject(fetchFailed(url.toString(), cause.message, cause)));
        request.on('response', (response) => {
            const status = response.statusCode ?? 0;
            if (status >= 300 && status < 400 && response.headers.location) {
                response.resume();
                resolve({ bytes: Buffer.alloc(0), location: response.headers.location });
                return;
            }
            if (status !== 200) {
                response.resume();
                reject(httpError(shown, status, options.auth));
                return;
            }
            const declared = Number(response.headers['content-length'] ?? '0');
            if (declared > maxBytes) {
                response.destroy();
                reject(tooLarge(shown, maxBytes));
                return;
            }
            const chunks = [];
            let received = 0;
            response.on('data', (chunk) => {
                received += chunk.length;
                if (received > maxBytes) {
                    response.destroy();
                    reject(tooLarge(shown, maxBytes));
                    return;
                }
                chunks.push(chunk);
            });
            response.on('end', () => resolve({ bytes: Buffer.concat(chunks) }));
            response.on('error', (cause) => reject(fetchFailed(url.toString(), cause.message, cause)));
        });
        request.end();
    }).finally(() => agent.destroy());
}
/** The token for its origin only; Basic credentials in the URL itself are sent by Node (and dropped on redirect). */
function authHeaders(url, auth) {
    if (!auth)
        return {};
    if (auth.token && auth.tokenOrigin === url.origin)
        return { Authorization: `Bearer ${auth.token}` };
    if (auth.basic && !url.username) {
        const pair = `${auth.basic.username}:${auth.basic.password}`;
        return { Authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
    }
    return {};
}
function httpError(shown, status, auth) {
    const hint = status === 401 || status === 403
        ? auth?.token
            ? 'The server refused the token: check that it is valid, not expired, and may read this repository or package.'
            : 'The URL needs credentials: pass a token in profile-token (CLI: KCS_PROFILE_TOKEN).'
        : status === 404
            ? 'Check the URL (and, for a private repository, the token: some servers answer 404 rather than 403).'
            : 'Try again later, or host the profile elsewhere.';
    return new errors/* KcsError */.q$('KCS-PROF-003', `Downloading the profile ${shown} failed: HTTP ${status}.`, {
        hint,
        category: status >= 500 ? 'scan' : 'input',
    });
}
function tooLarge(shown, maxBytes) {
    return new errors/* KcsError */.q$('KCS-PROF-005', `The profile ${shown} is larger than ${Math.round(maxBytes / (1024 * 1024))} MiB; it was not downloaded.`, {
        hint: 'A profile travels to the pod in a ConfigMap (1 MiB): publish only the profile, not a whole repository with its history or assets.',
        category: 'input',
    });
}
function fetchFailed(url, reason, cause) {
    return new errors/* KcsError */.q$('KCS-PROF-004', `Downloading the profile ${(0,redact/* redactUrl */.B)(url, { query: true })} failed: ${reason}.`, {
        hint: 'Check the URL and that this machine reaches it (behind a proxy: HTTPS_PROXY, and NO_PROXY for hosts reached directly).',
        category: 'scan',
        ...(cause === undefined ? {} : { cause }),
    });
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/core/profile/git.ts







const SHA = /^[0-9a-f]{7,40}$/i;
/**
 * Fetches one commit of a repository with the runner's git, as little as possible (`--depth 1` of the ref; a commit id
 * that cannot be fetched shallow is fetched with the branches and tags instead), and reads its tree with `git archive`
 * into memory: no working tree is checked out, so neither a hook, a filter nor a link in the repository acts on this
 * machine. The URL given to git holds no credential: the token (or the URL's own user and password) goes in an
 * `http.<origin>/.extraHeader` set through GIT_CONFIG_* variables, never on the command line or in a message.
 */
async function gitFetch(remote, ref, options) {
    const { url, header } = withoutCredentials(remote, options);
    const shown = (0,redact/* redactUrl */.B)(url, { query: true });
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'kcs-git-'));
    const git = (args, capture) => run(options.git ?? 'git', ['-C', dir, ...args], gitEnv(options, header, url), shown, options, capture);
    try {
        await run(options.git ?? 'git', ['init', '--quiet', '--bare', dir], gitEnv(options, header, url), shown, options);
        const wanted = ref ?? 'HEAD';
        try {
            await git(['fetch', '--quiet', '--no-tags', '--depth', '1', '--', url, wanted]);
        }
        catch (error) {
            if (!ref || !SHA.test(ref))
                throw error;
            // Some servers refuse a shallow fetch of a commit by id: fetch the branches and tags, then find it there.
            await git([
                'fetch',
                '--quiet',
                '--no-tags',
                '--',
                url,
                '+refs/heads/*:refs/kcs/heads/*',
                '+refs/tags/*:refs/kcs/tags/*',
            ]);
        }
        const commit = (await git(['rev-parse', '--verify', '--quiet', `${ref && SHA.test(ref) ? ref : 'FETCH_HEAD'}^{commit}`], 1024))
            .toString('utf8')
            .trim();
        const limits = options.limits ?? ARCHIVE_LIMITS;
        const tar = await git(['archive', '--format=tar', commit], limits.maxBytes + limits.maxEntries * 1024);
        return { tree: readArchive(tar, `${shown} at ${commit.slice(0, 12)}`, limits), commit };
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
/** The URL without its user part; that, or the token for this origin, as a Basic authorization header. */
function withoutCredentials(remote, options) {
    let url;
    try {
        url = new URL(remote);
    }
    catch {
        return { url: remote };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return { url: remote };
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    url.username = '';
    url.password = '';
    const clean = url.toString();
    if (user || password)
        return { url: clean, header: basic(password ? user : 'x-access-token', password || user) };
    if (options.token && options.tokenOrigin === url.origin) {
        return { url: clean, header: basic('x-access-token', options.token) };
    }
    return { url: clean };
}
const basic = (user, password) => `Authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
/**
 * git's environment: no prompt (a missing credential fails at once), only the transports a profile may come from, and
 * the credential header scoped to the remote's origin, appended to any GIT_CONFIG_* the runner already sets.
 */
function gitEnv(options, header, url) {
    const env = {
        ...options.env,
        GIT_TERMINAL_PROMPT: '0',
        GIT_ALLOW_PROTOCOL: options.allowLocal ? 'https:http:ssh:git:file' : 'https:http:ssh:git',
    };
    if (header) {
        const count = Number(env['GIT_CONFIG_COUNT'] ?? '0') || 0;
        env['GIT_CONFIG_COUNT'] = String(count + 1);
        env[`GIT_CONFIG_KEY_${count}`] = `http.${new URL(url).origin}/.extraHeader`;
        env[`GIT_CONFIG_VALUE_${count}`] = header;
    }
    return env;
}
/** Runs git; stdout is returned (at most `capture` bytes), stderr only quoted in the error, without credentials. */
function run(command, args, env, shown, options, capture = 0) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(command, args, {
            env,
            stdio: ['ignore', 'pipe', 'pipe'],
            timeout: options.timeoutMs ?? 300_000,
            ...(options.signal ? { signal: options.signal } : {}),
        });
        const out = [];
        let outBytes = 0;
        let err = '';
        let overflow = false;
        child.stdout.on('data', (chunk) => {
            outBytes += chunk.length;
            if (outBytes > capture) {
                overflow = true;
                child.kill('SIGKILL');
                return;
            }
            out.push(chunk);
        });
        child.stderr.on('data', (chunk) => {
            if (err.length < 4000)
                err += chunk.toString('utf8');
        });
        child.on('error', (cause) => {
            const missing = cause.code === 'ENOENT';
            reject(gitFailed(shown, missing ? 'git is not installed on this machine (or not on PATH)' : cause.message, missing
                ? 'Install git on the runner, or publish the profile as an archive and give its https:// URL.'
                : undefined, cause));
        });
        child.on('close', (code, signal) => {
            if (overflow) {
                reject(new errors/* KcsError */.q$('KCS-PROF-005', `The repository ${shown} holds more than the limit a profile may unpack to.`, {
                    hint: 'Publish only the profile (inspec.yml, controls/, libraries/, files/) in the repository, or as an archive.',
                    category: 'input',
                }));
                return;
            }
            if (code === 0) {
                resolve(Buffer.concat(out));
                return;
            }
            const reason = lastLines(clean(err, env)) || (signal ? `killed by ${signal}` : `exit code ${code ?? '?'}`);
            const verb = args[0] === '-C' ? args[2] : args[0];
            reject(gitFailed(shown, `git ${verb ?? ''}: ${reason}`));
        });
    });
}
/** git's stderr, with anything that came from a credential cut out (defence in depth: git was never given one in argv). */
function clean(text, env) {
    let out = text;
    for (const [name, value] of Object.entries(env)) {
        if (value && /^GIT_CONFIG_VALUE_/.test(name))
            out = out.split(value).join('***');
    }
    return out.replace(/(Authorization: \w+ )\S+/gi, '$1***');
}
const lastLines = (text) => text
    .trim()
    .split('\n')
    .slice(-3)
    .map((line) => line.trim())
    .join(' ');
function gitFailed(shown, reason, hint, cause) {
    return new errors/* KcsError */.q$('KCS-PROF-008', `Fetching the profile repository ${shown} failed: ${reason}.`, {
        hint: hint ??
            'Check the URL and the ref (a branch, tag or commit); for a private repository over https pass a token in profile-token (CLI: KCS_PROFILE_TOKEN), over ssh the runner needs a key for it.',
        category: 'input',
        ...(cause === undefined ? {} : { cause }),
    });
}

;// CONCATENATED MODULE: ./src/core/profile/dependencies.ts











const MAX_DEPTH = 8;
const MAX_DEPENDENCIES = 64;
/** What the vendoring of one profile collects: the files of vendor/ (by path below it) and how many were fetched. */
class Vendoring {
    context;
    vendor = new Map();
    fetched = 0;
    constructor(context) {
        this.context = context;
    }
    add(key, tree) {
        for (const [path, content] of tree)
            this.vendor.set(`${key}/${path}`, content);
    }
}
/**
 * The profile with its dependencies vendored, or undefined when it needs nothing (no `depends:`, or an inspec.lock
 * whose every entry is already in its vendor/). Fetches on this machine; throws a KCS-PROF error naming the
 * dependency (URL without credentials or query) when one cannot be fetched or is of a kind the pod could only fetch
 * from the network (supermarket:, compliance:, a bare name).
 */
async function vendorDependencies(tree, home, context) {
    const metadata = readMetadata(tree, describeHome(home));
    const depends = dependsOf(metadata, describeHome(home));
    if (depends.length === 0)
        return undefined;
    const name = profileName(metadata);
    if (isVendored(tree)) {
        context.logger?.info(`The profile ${name} ships its dependencies vendored (inspec.lock and vendor/).`);
        return undefined;
    }
    if (tree.has('inspec.lock')) {
        context.logger?.warn(`The inspec.lock of the profile ${name} names dependencies its vendor/ lacks; they are resolved again from inspec.yml.`);
    }
    const state = new Vendoring(context);
    const entries = await resolveAll(depends, home, state, { names: [name], sources: [] }, 1);
    const out = new Map();
    for (const [path, content] of tree) {
        if (path !== 'inspec.lock' && !path.startsWith('vendor/'))
            out.set(path, content);
    }
    for (const [path, content] of state.vendor)
        out.set(`vendor/${path}`, content);
    out.set('inspec.lock', Buffer.from(lockfile(entries)));
    return out;
}
function lockfile(entries) {
    // Every string quoted: a key of hex digits must not read as a number to Ruby's YAML.
    return (0,js_yaml/* dump */.Bh)({ lockfile_version: 1, depends: entries }, { forceQuotes: true, quoteStyle: 'double', lineWidth: -1 });
}
async function resolveAll(depends, home, state, chain, depth) {
    if (depth > MAX_DEPTH) {
        throw dependencyError(chain.names, `dependencies nest deeper than ${MAX_DEPTH} levels`, 'KCS-PROF-010');
    }
    const entries = [];
    for (const dep of depends)
        entries.push(await resolveOne(dep, home, state, chain, depth));
    return entries;
}
/** Fetches a dependency and finds the profile in what came back; errors name the chain of dependencies. */
async function find(dep, home, state, names) {
    try {
        const fetched = await fetchDependency(dep, home, state.context);
        const prefix = profileRootPrefix(fetched.tree, fetched.shown);
        const profile = tree_subtree(fetched.tree, prefix);
        const where = fetched.home.kind === 'remote' && prefix
            ? { ...fetched.home, base: fetched.home.base ? `${fetched.home.base}/${prefix}` : prefix }
            : fetched.home;
        return { fetched, profile, home: where, metadata: readMetadata(profile, fetched.shown) };
    }
    catch (error) {
        if (error instanceof errors/* KcsError */.q$)
            throw dependencyError(names, error.message, error.code, error);
        throw error;
    }
}
async function resolveOne(dep, home, state, chain, depth) {
    const label = typeof dep['name'] === 'string' ? dep['name'] : JSON.stringify(dep);
    const names = [...chain.names, label];
    state.fetched += 1;
    if (state.fetched > MAX_DEPENDENCIES) {
        throw dependencyError(names, `the profile has more than ${MAX_DEPENDENCIES} dependencies`, 'KCS-PROF-010');
    }
    const { fetched, profile, home: where, metadata } = await find(dep, home, state, names);
    const identity = JSON.stringify(fetched.source);
    if (chain.sources.includes(identity))
        throw dependencyError(names, 'it depends on itself (a cycle)', 'KCS-PROF-010');
    const name = typeof dep['name'] === 'string' ? dep['name'] : profileName(metadata);
    const nested = dependsOf(metadata, fetched.shown);
    let dependencies = [];
    if (nested.length > 0 && isVendored(profile))
        dependencies = hoistVendored(profile, state);
    else if (nested.length > 0) {
        const inner = { names: [...chain.names, name], sources: [...chain.sources, identity] };
        dependencies = await resolveAll(nested, where, state, inner, depth + 1);
    }
    const stored = new Map([...profileParts(profile)].filter(([path]) => path !== 'inspec.lock' && !path.startsWith('vendor/')));
    const key = fetched.key ?? treeDigest(stored);
    state.add(key, stored);
    state.context.logger?.info(`Vendored the dependency ${name} from ${fetched.shown} (sha256 ${key.slice(0, 12)}).`);
    const version = dep['version'];
    return {
        name,
        resolved_source: { ...fetched.source, sha256: key },
        version_constraints: Array.isArray(version) ? version.map(String) : version === undefined ? [] : [String(version)],
        ...(dependencies.length > 0 ? { dependencies } : {}),
    };
}
/** Fetches one `depends:` entry by its source key; refuses the kinds a pod would have to fetch from a service. */
async function fetchDependency(dep, home, context) {
    for (const key of ['supermarket', 'compliance', 'gem']) {
        if (dep[key] !== undefined) {
            throw refused(`comes from ${key}: ${String(dep[key])}, which only a network service can resolve`);
        }
    }
    if (typeof dep['url'] === 'string')
        return fetchUrl(dep, dep['url'], home, context);
    if (typeof dep['git'] === 'string')
        return fetchGit(dep['git'], gitRef(dep), dep['relative_path'], home, context);
    if (typeof dep['path'] === 'string')
        return fetchPath(dep['path'], home);
    throw refused('has no url:, git: or path: (a bare name means the Chef Supermarket)');
}
function refused(problem) {
    return new errors/* KcsError */.q$('KCS-PROF-009', problem, {
        hint: 'Give each dependency as url: (an archive) or git: (a repository, with a ref), or vendor them yourself with `cinc-auditor vendor` and ship inspec.lock and vendor/ with the profile.',
        category: 'input',
    });
}
function gitRef(dep) {
    for (const key of ['ref', 'branch', 'tag']) {
        const value = dep[key];
        if (typeof value === 'string' && value !== '')
            return value;
    }
    return undefined;
}
async function fetchUrl(dep, text, home, context) {
    let source;
    try {
        source = (0,profile_source/* remoteProfileSource */.F6)(text);
    }
    catch (error) {
        throw refused(error instanceof Error ? error.message.replace(/^profile: /, 'url: ') : String(error));
    }
    if (source.kind === 'git')
        return fetchGit(source.url, source.ref, undefined, home, context);
    const url = new URL(text);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw refused(`has the url ${url.protocol} (only https: and http:)`);
    const shown = (0,redact/* redactUrl */.B)(text, { query: true });
    const username = typeof dep['username'] === 'string' ? dep['username'] : undefined;
    const password = typeof dep['password'] === 'string' ? dep['password'] : '';
    const { bytes } = await download(text, {
        env: context.env,
        ...(context.signal ? { signal: context.signal } : {}),
        auth: {
            ...(context.token && context.tokenOrigin ? { token: context.token, tokenOrigin: context.tokenOrigin } : {}),
            ...(username ? { basic: { username, password } } : {}),
        },
    });
    const archive = readArchive(bytes, shown);
    return {
        tree: archive,
        home: { kind: 'remote', archive, base: '', what: shown },
        // What the lock shows, without credentials or query; InSpec never fetches it (the sha256 is in its cache).
        source: { url: `${url.origin}${url.pathname}` },
        key: (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex'),
        shown,
    };
}
async function fetchGit(remote, ref, relativePath, home, context) {
    const local = !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(remote) && !/^[\w.-]+@[\w.-]+:/.test(remote);
    if (home.kind === 'remote' && (local || remote.startsWith('file:'))) {
        throw refused(`names the local git repository ${remote}; a fetched profile may only depend on remote ones`);
    }
    const url = local && home.kind === 'local' && !(0,external_node_path_.isAbsolute)(remote) ? (0,external_node_path_.resolve)(home.dir, remote) : remote;
    const shown = (0,redact/* redactUrl */.B)(url, { query: true });
    const { tree, commit } = await gitFetch(url, ref, {
        env: context.env,
        ...(context.signal ? { signal: context.signal } : {}),
        ...(context.token && context.tokenOrigin ? { token: context.token, tokenOrigin: context.tokenOrigin } : {}),
        ...(context.git ? { git: context.git } : {}),
        allowLocal: home.kind === 'local',
    });
    const sub = typeof relativePath === 'string' && relativePath !== '' ? safePath(relativePath, shown) : '';
    const profile = tree_subtree(tree, sub);
    const what = `${shown}${sub ? ` (${sub})` : ''} at ${commit.slice(0, 12)}`;
    return {
        tree: profile,
        home: { kind: 'remote', archive: tree, base: sub, what },
        source: { git: withoutUserinfo(url), ref: commit, ...(sub ? { relative_path: sub } : {}) },
        shown: what,
    };
}
function fetchPath(path, home) {
    if (home.kind === 'local') {
        const dir = (0,external_node_path_.resolve)(home.dir, path);
        if (!(0,external_node_fs_.existsSync)(dir) || !(0,external_node_fs_.statSync)(dir).isDirectory()) {
            throw refused(`names the path ${path}, which is not a profile folder here (${dir}; archives are not supported)`);
        }
        return { tree: treeFromDirectory(dir), home: { kind: 'local', dir }, source: { path }, shown: dir };
    }
    // Inside a fetched archive: relative to the profile's place in it, and never out of it.
    const joined = home.base ? `${home.base}/${path}` : path;
    const normal = normalise(joined);
    if (normal === undefined)
        throw refused(`names the path ${path}, which leaves ${home.what}`);
    const tree = tree_subtree(home.archive, normal);
    if (tree.size === 0)
        throw refused(`names the path ${path}, which is not in ${home.what}`);
    return { tree, home: { ...home, base: normal }, source: { path }, shown: `${home.what}, ${path}` };
}
/** `a/b/../c` → `a/c`; undefined when `..` climbs out of the root. */
function normalise(path) {
    const out = [];
    for (const part of path.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..') {
            if (out.length === 0)
                return undefined;
            out.pop();
        }
        else
            out.push(part);
    }
    return out.join('/');
}
// ----- metadata and existing locks ---------------------------------------------------------------------------------
function readMetadata(tree, what) {
    const text = tree.get('inspec.yml')?.toString('utf8');
    if (text === undefined) {
        throw new errors/* KcsError */.q$('KCS-PROF-007', `The profile ${what} has no inspec.yml.`, { category: 'input' });
    }
    let parsed;
    try {
        parsed = (0,js_yaml/* load */.Hh)(text);
    }
    catch (cause) {
        throw new errors/* KcsError */.q$('KCS-PROF-011', `The inspec.yml of the profile ${what} is not valid YAML: ${cause.message.split('\n')[0] ?? ''}.`, { category: 'input', cause });
    }
    if (!isRecord(parsed)) {
        throw new errors/* KcsError */.q$('KCS-PROF-011', `The inspec.yml of the profile ${what} is not a YAML mapping.`, {
            category: 'input',
        });
    }
    return parsed;
}
function dependsOf(metadata, what) {
    const depends = metadata['depends'];
    if (depends === undefined || depends === null)
        return [];
    if (!Array.isArray(depends) || !depends.every(isRecord)) {
        throw new errors/* KcsError */.q$('KCS-PROF-011', `The depends: of the profile ${what} is not a list of mappings.`, {
            category: 'input',
        });
    }
    return depends;
}
const profileName = (metadata) => typeof metadata['name'] === 'string' ? metadata['name'] : '(unnamed)';
const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** The cache keys an inspec.lock names (sha256, else ref, as InSpec's cached fetcher), depth first. */
function lockKeys(entries) {
    if (!Array.isArray(entries))
        return undefined;
    const keys = [];
    for (const entry of entries) {
        if (!isRecord(entry) || !isRecord(entry['resolved_source']))
            return undefined;
        const source = entry['resolved_source'];
        const key = source['sha256'] ?? source['ref'];
        if (typeof key !== 'string' || key === '')
            return undefined;
        keys.push(key);
        if (entry['dependencies'] !== undefined) {
            const nested = lockKeys(entry['dependencies']);
            if (!nested)
                return undefined;
            keys.push(...nested);
        }
    }
    return keys;
}
function readLock(tree) {
    const text = tree.get('inspec.lock')?.toString('utf8');
    if (text === undefined)
        return undefined;
    try {
        const parsed = (0,js_yaml/* load */.Hh)(text);
        return isRecord(parsed) ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
/** An inspec.lock whose every entry is in vendor/ (a folder or an archive, as InSpec's cache accepts). */
function isVendored(tree) {
    const keys = lockKeys(readLock(tree)?.['depends']);
    if (!keys || keys.length === 0)
        return false;
    return keys.every((key) => tree.has(`vendor/${key}/inspec.yml`) || tree.has(`vendor/${key}.tar.gz`) || tree.has(`vendor/${key}.zip`));
}
/** A dependency that ships its own vendored dependencies: its lock entries nest under ours, its vendor/ joins ours. */
function hoistVendored(tree, state) {
    for (const [path, content] of tree) {
        if (path.startsWith('vendor/'))
            state.vendor.set(path.slice('vendor/'.length), content);
    }
    const depends = readLock(tree)?.['depends'];
    return (Array.isArray(depends) ? depends : []);
}
/** A URL without its user part, for the lock (a scp-like `git@host:path` stays as it is). */
function withoutUserinfo(text) {
    try {
        const url = new URL(text);
        if (!url.username && !url.password)
            return text;
        url.username = '';
        url.password = '';
        return url.toString();
    }
    catch {
        return text;
    }
}
function describeHome(home) {
    return home.kind === 'local' ? home.dir : home.what;
}
function dependencyError(names, problem, code, cause) {
    const path = names.join(' → ');
    const hint = cause instanceof errors/* KcsError */.q$ && cause.hint
        ? cause.hint
        : 'Fix the depends: of the profile; the scan was stopped before anything was created in the cluster.';
    return new errors/* KcsError */.q$(code, `The profile dependency ${path} cannot be vendored: ${problem}`, {
        hint,
        category: cause instanceof errors/* KcsError */.q$ ? cause.category : 'input',
        ...(cause === undefined ? {} : { cause }),
    });
}

;// CONCATENATED MODULE: ./src/core/profile/prepare.ts











/**
 * Gets the profile ready on the runner, whatever its kind: a local or shipped folder is read; a URL is downloaded
 * (an archive) or fetched with git, checked (inspec.yml at its root or in its single top folder, limits, no path out of
 * it) and cut to what InSpec reads; in every case the `depends:` that point elsewhere are fetched and vendored. The
 * pod then only unpacks a ConfigMap: it downloads nothing and never sees the token. Throws KCS-PROF-… (or KCS-SCAN-123
 * for a local folder without inspec.yml) before anything is created in the cluster.
 */
async function prepareProfile(config, options = {}) {
    const profile = config.profile;
    const origin = profile.kind === 'url' || profile.kind === 'git' ? (0,profile_source/* httpOrigin */.dp)(profile) : undefined;
    const context = {
        env: options.env ?? process.env,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
        ...(config.profileToken && origin ? { token: config.profileToken, tokenOrigin: origin.origin } : {}),
        ...(options.git ? { git: options.git } : {}),
    };
    if (profile.kind === 'directory')
        return localProfile(profile.path, profile.path, context);
    if (profile.kind === 'shipped')
        return localProfile(profile.path, profile.name, context);
    const fetched = profile.kind === 'url' ? await fetchArchive(profile.url, context) : await fetchRepository(profile, context);
    const prefix = profileRootPrefix(fetched.tree, fetched.description);
    const tree = profileParts(tree_subtree(fetched.tree, prefix));
    const home = { kind: 'remote', archive: fetched.tree, base: prefix, what: fetched.description };
    const vendored = await vendorDependencies(tree, home, context);
    return { entries: treeEntries(vendored ?? tree), description: fetched.description };
}
async function localProfile(path, description, context) {
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(path, 'inspec.yml'))) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-123', `The profile directory ${path} has no inspec.yml.`, {
            hint: 'Point the profile at the directory that contains inspec.yml, controls/ and libraries/.',
            category: 'input',
        });
    }
    let entries;
    try {
        entries = (0,tar/* collectTree */.fH)(path);
    }
    catch (cause) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-123', `Cannot read the profile directory ${path}: ${cause.message}.`, {
            category: 'input',
            cause,
        });
    }
    const tree = new Map(entries.flatMap((e) => (e.content ? [[e.path, e.content]] : [])));
    const vendored = await vendorDependencies(tree, { kind: 'local', dir: path }, context);
    // Unchanged (folders and all) when there is nothing to vendor, so the same folder packs into the same bytes.
    return { entries: vendored ? treeEntries(vendored) : entries, description };
}
async function fetchArchive(url, context) {
    const shown = (0,redact/* redactUrl */.B)(url, { query: true });
    const { bytes } = await download(url, {
        env: context.env,
        ...(context.signal ? { signal: context.signal } : {}),
        ...(context.token && context.tokenOrigin
            ? { auth: { token: context.token, tokenOrigin: context.tokenOrigin } }
            : {}),
    });
    const tree = readArchive(bytes, shown);
    context.logger?.info(`Downloaded the profile ${shown} (${Math.ceil(bytes.length / 1024)} KiB) on the runner.`);
    return { tree, description: shown };
}
async function fetchRepository(profile, context) {
    const shown = (0,redact/* redactUrl */.B)(profile.url, { query: true });
    const { tree, commit } = await gitFetch(profile.url, profile.ref, {
        env: context.env,
        ...(context.signal ? { signal: context.signal } : {}),
        ...(context.token && context.tokenOrigin ? { token: context.token, tokenOrigin: context.tokenOrigin } : {}),
        ...(context.git ? { git: context.git } : {}),
        allowLocal: true,
    });
    const description = `${shown}${profile.ref ? `#${profile.ref}` : ''} (commit ${commit})`;
    context.logger?.info(`Fetched the profile ${description} with git on the runner.`);
    return { tree, description };
}


/***/ }),

/***/ 9637:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  hn: () => (/* reexport */ planScan),
  EG: () => (/* reexport */ renderPlan),
  Hk: () => (/* binding */ runScan),
  cf: () => (/* reexport */ scannerFilesFrom)
});

// UNUSED EXPORTS: ScanError, extractResultsBlock

// EXTERNAL MODULE: ./node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(3243);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/kube/api-errors.ts
var api_errors = __webpack_require__(1161);
// EXTERNAL MODULE: ./src/core/kube/http.ts
var kube_http = __webpack_require__(773);
// EXTERNAL MODULE: ./src/core/kube/objects.ts
var objects = __webpack_require__(1633);
// EXTERNAL MODULE: ./src/core/kube/scan-error.ts
var scan_error = __webpack_require__(8679);
;// CONCATENATED MODULE: ./src/core/kube/configmap-pins.ts




/**
 * The ConfigMaps a scan created, pinned by the uid the API server gave each (issue 18). `immutable: true` stops
 * updates, but anyone who may delete and create ConfigMaps in the namespace can replace one by name between its
 * creation and the kubelet mounting it. Two checks close that: the scanner's command verifies the sha256 of every
 * mounted file against the pod spec (objects.ts, exit 70), and the runner reads the ConfigMaps back once the scanner
 * ended and refuses the scan unless each still has the uid it was created with. A replaced object has a new uid, so a
 * swap at any time between creation and the end of the scan is seen.
 */
class ConfigMapPins {
    namespace;
    uids = new Map();
    constructor(namespace) {
        this.namespace = namespace;
    }
    /** Remembers a ConfigMap as the create call returned it. */
    record(created, name) {
        this.uids.set(name, created?.metadata?.uid ?? '');
    }
    /** The uid a ConfigMap was created with; a merge patch that carries it is refused by any other object of that name. */
    uidOf(name) {
        return this.uids.get(name);
    }
    /**
     * Reads every recorded ConfigMap back and throws KCS-SCAN-131 naming the first one that is gone or has another uid.
     * A failed read is an error too: what cannot be checked is not trusted.
     */
    async verify(http, signal) {
        for (const [name, uid] of this.uids) {
            const what = `ConfigMap ${this.namespace}/${name}`;
            let current;
            try {
                // Only the uid is compared: the metadata alone spares reading the scanner's files back (80 KB a scan).
                current = await http.request('GET', `/api/v1/namespaces/${this.namespace}/configmaps/${name}`, { accept: kube_http/* PARTIAL_METADATA */.Um, ...(signal ? { signal } : {}) });
            }
            catch (error) {
                if ((0,api_errors/* isNotFound */.c)(error))
                    throw swapped(`${what} was deleted before the scan ended (it was created with uid ${uid})`);
                throw (0,api_errors/* apiFailure */.t)('read back', what, error);
            }
            const now = current.metadata?.uid ?? '';
            if (now !== uid) {
                throw swapped(`${what} was replaced after the scan created it (created with uid ${uid}, now uid ${now || 'none'})`);
            }
        }
    }
}
/** The scanner's command found mounted files that do not match the pod spec (exit 70), though the uids still matched. */
function filesChanged(podName, errorLine) {
    return new scan_error/* ScanError */.s('KCS-SCAN-131', `The scanner in pod ${podName} refused to run (exit ${objects/* EXIT_FILES_CHANGED */.Wh}): the files mounted from the scan's ConfigMaps do not match the sha256 in the pod spec${errorLine ? `: ${errorLine}` : ''}.`, { hint: HINT, podName });
}
const HINT = "Someone who may delete and create ConfigMaps in this namespace replaced the scan's files; the scan is an error, " +
    'never a verdict. Scan in a namespace of its own (one per team), and see "Least privilege" in SECURITY.md for the ' +
    "admission policy in deploy/ that keeps the scan identity to pods of the scan's shape.";
function swapped(what) {
    return new scan_error/* ScanError */.s('KCS-SCAN-131', `${what}: the scan may not have run the files it planned, so its results are not used.`, {
        hint: HINT,
    });
}

// EXTERNAL MODULE: ./src/core/kube/object-ref.ts
var object_ref = __webpack_require__(1914);
// EXTERNAL MODULE: ./src/core/kube/registry-secret.ts
var registry_secret = __webpack_require__(3347);
;// CONCATENATED MODULE: ./src/core/kube/create.ts




/** Creates the ConfigMaps (profile, scanner files) first: the pod mounts them. */
async function createConfigMaps(plan, context) {
    for (const configMap of plan.objects.configMaps) {
        const ref = {
            kind: 'configmap',
            namespace: plan.names.namespace,
            name: configMap.metadata?.name ?? '?',
        };
        // Created first, recorded after: `pins?.record(await create…)` would skip the create itself when there are no pins.
        const created = await createObject(ref, configMap, context);
        context.pins?.record(created, ref.name);
    }
}
async function createPod(plan, context) {
    const { namespace, podName } = plan.names;
    const pod = await createObject({ kind: 'pod', namespace, name: podName }, plan.objects.pod, context);
    const image = plan.objects.pod.metadata?.annotations?.['kube-cinc-scan/image'] ?? 'the image';
    context.logger.info(`Created pod ${namespace}/${podName} to scan ${image}.`);
    return pod;
}
/**
 * Makes the pod the owner of the ConfigMaps, so the garbage collector removes them even if every delete of ours fails.
 * A refused patch is a warning: the ConfigMaps are then deleted explicitly after the scan, as they are anyway.
 */
async function adoptConfigMaps(plan, pod, context) {
    for (const name of plan.names.configMapNames) {
        const ref = { kind: 'configmap', namespace: plan.names.namespace, name };
        await adopt(ref, context.pins?.uidOf(name), plan, pod, context);
    }
}
/**
 * Creates the scan's registry pull Secret, when there is one, before the pod that pulls with it. Its data (the
 * password) is sent to the API server and nowhere else: the answer is not logged.
 */
async function createRegistrySecret(plan, context) {
    const secret = plan.objects.secret;
    if (!secret)
        return undefined;
    const ref = { kind: 'secret', namespace: plan.names.namespace, name: secret.metadata?.name ?? '?' };
    const created = await createObject(ref, secret, context);
    const registry = secret.metadata?.annotations?.[registry_secret/* REGISTRY_ANNOTATION */.EK] ?? 'the registry';
    context.logger.info(`Created ${(0,object_ref/* describeRef */.Ro)(ref)} with the pull credentials for ${registry}.`);
    return created;
}
/** Makes the pod the owner of the registry Secret, like the ConfigMaps: deleting the pod then deletes it too. */
async function adoptRegistrySecret(plan, pod, secret, context) {
    const ref = { kind: 'secret', namespace: plan.names.namespace, name: secret.metadata?.name ?? '?' };
    await adopt(ref, secret.metadata?.uid, plan, pod, context);
}
/** A refused patch is a warning: the object is then deleted explicitly after the scan, as it is anyway. */
async function adopt(ref, uid, plan, pod, context) {
    const { http, logger, signal } = context;
    const owner = { apiVersion: 'v1', kind: 'Pod', name: plan.names.podName, uid: pod.metadata?.uid ?? '' };
    try {
        // With the uid it was created with: an object someone put in its place under the same name is not adopted.
        await http.request('PATCH', (0,object_ref/* objectPath */.du)(ref), {
            body: { metadata: { ...(uid ? { uid } : {}), ownerReferences: [owner] } },
            contentType: 'application/merge-patch+json',
            idempotent: true,
            // The answer is the whole object again (the scanner's files: 80 KB); only success matters.
            discardBody: true,
            signal,
        });
    }
    catch (error) {
        if (signal.aborted)
            throw error;
        logger.warn(`${(0,api_errors/* apiFailure */.t)('patch', (0,object_ref/* describeRef */.Ro)(ref), error).oneLine()} It is deleted explicitly after the scan instead.`);
    }
}
/** Creates one object (strict field validation) and records it in `made` as soon as it may exist. */
async function createObject(ref, body, context) {
    const { http, signal } = context;
    const path = (0,object_ref/* collectionPath */.yb)(ref.kind, ref.namespace);
    try {
        const created = await http.request('POST', path, { body, query: { fieldValidation: 'Strict' }, signal });
        context.made.push(ref);
        return created;
    }
    catch (error) {
        const refused = error instanceof kube_http/* KubeApiError */.W3 && error.status >= 400 && error.status < 500;
        // A retried create that meets 409 found the object its own earlier attempt made (the answer was lost). Any other
        // 4xx made nothing (a 409 on the first attempt is someone else's object); after a network error, an abort or a 5xx
        // the object may exist, so it is deleted afterwards.
        const oursAfterRetry = refused && error.status === 409 && error.attempts > 1;
        if (!refused || oursAfterRetry)
            context.made.push(ref);
        if (oursAfterRetry)
            return http.request('GET', (0,object_ref/* objectPath */.du)(ref), { signal });
        if (signal.aborted)
            throw error;
        throw (0,api_errors/* apiFailure */.t)('create', (0,object_ref/* describeRef */.Ro)(ref), error);
    }
}

// EXTERNAL MODULE: ./src/core/kube/delete.ts
var kube_delete = __webpack_require__(1798);
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
// EXTERNAL MODULE: ./src/core/kube/results-key.ts
var results_key = __webpack_require__(8157);
;// CONCATENATED MODULE: ./src/core/kube/results-block.ts




// The framing of DESIGN.md §5, version 2: version 1 plus an HMAC-SHA256 of the report under the scan's own key (issue
// 18). Only version 2 is read; any other version is refused rather than guessed at.
const MARKER = 'KCS-RESULTS-';
const BEGIN_PREFIX = 'KCS-RESULTS-BEGIN ';
const END_LINE = 'KCS-RESULTS-END v2';
const ANY_END = /^KCS-RESULTS-END v\d+$/;
const HEADER = /^KCS-RESULTS-BEGIN v2 bytes=(\d+) sha256=([0-9a-f]{64}) hmac-sha256=([0-9a-f]{64}) encoding=gzip\+base64$/;
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;
// What the entry script prints after the block, and nothing else: one closing line (scanner/entrypoint.sh, finish).
const CLOSING_LINES = [
    /^kcs-scanner: run [a-z0-9-]{1,63}: scan complete \(cinc-auditor exit code (0|100|101)\)$/,
    /^kcs-scanner: error: run [a-z0-9-]{1,63}: cinc-auditor exited with code \d{1,3} \(expected 0, 100 or 101\); the results above may be incomplete$/,
];
const ROTATION_HINT = 'The container log was cut: the kubelet keeps only the current log file (containerLogMaxSize, 10 MiB by ' +
    'default), so a very chatty scan loses its beginning or end. Run fewer controls, or raise containerLogMaxSize.';
const TAMPER_HINT = 'Something other than the scanner wrote into its log: most likely the image under test (a process it left running, ' +
    'or text from its files that cinc-auditor printed) trying to forge the results. The scan is an error, never a ' +
    'verdict. Inspect scanner.log in the artifact; if the image is trusted and this repeats, report it with the log.';
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
    return ANY_END.test(line);
}
function findMarkers(lines) {
    const markers = { begins: [], ends: [], stray: [] };
    lines.forEach((line, index) => {
        if (!line.includes(MARKER))
            return;
        if (isBlockStart(line))
            markers.begins.push(index);
        else if (isBlockEnd(line))
            markers.ends.push(index);
        else
            markers.stray.push(index);
    });
    return markers;
}
/**
 * Finds the one results block in a scanner log, decodes it and verifies its length, its sha256 and its HMAC under
 * `key` (the scan's results key). Returns the JSON report text exactly as the scanner wrote it. A log that anything
 * else wrote into — a marker outside the block, a second start or end line, a foreign line inside the block, anything
 * after it but the scanner's closing line, a block not signed with `key` — is refused as tampered (KCS-SCAN-130).
 * Every way the block can be wrong is a ScanError that says what happened.
 */
function extractResultsBlock(log, key) {
    const lines = logLines(log);
    const { begins, ends, stray } = findMarkers(lines);
    const begin = begins[0];
    if (begin === undefined && ends.length === 0 && stray.length === 0) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-101', 'The scanner log contains no results block (KCS-RESULTS-BEGIN … END).', {
            hint: 'The scanner did not finish; its last lines (kcs-scanner: error: …) say why.',
        });
    }
    if (begin === undefined && ends.length === 1 && stray.length === 0) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-103', 'The results block in the scanner log has an end line but no start line.', {
            hint: ROTATION_HINT,
        });
    }
    if (begin === undefined || begins.length > 1 || ends.length > 1 || stray.length > 0) {
        throw tampered(describeMarkers(lines, { begins, ends, stray }));
    }
    const header = HEADER.exec(lines[begin] ?? '');
    if (!header) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-106', `The results block header is not understood: "${truncate(lines[begin] ?? '', 120)}".`, {
            hint: 'The scanner files and the action are from different versions; use the scanner/ shipped with this release.',
        });
    }
    const end = ends[0];
    if (end === undefined) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-103', 'The results block in the scanner log is cut short: it has no end line.', {
            hint: ROTATION_HINT,
        });
    }
    if (end < begin)
        throw tampered(`its end line (line ${end + 1}) comes before its start line (line ${begin + 1})`);
    if (lines[end] !== END_LINE) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-106', `The results block's end line is not understood: "${lines[end] ?? ''}".`, {
            hint: 'The scanner files and the action are from different versions; use the scanner/ shipped with this release.',
        });
    }
    checkAfterBlock(lines.slice(end + 1), end + 1);
    const report = decodeBlock(lines.slice(begin + 1, end), begin + 1, Number(header[1]), header[2] ?? '');
    if (!(0,results_key/* hmacMatches */.Tg)(key, report, header[3] ?? '')) {
        throw tampered("the block's hmac-sha256 does not match this scan's key, so the scanner of this scan did not print it");
    }
    return report.toString('utf8');
}
/** After the block the entry script prints at most its one closing line; anything else came from someone else. */
function checkAfterBlock(after, offset) {
    const foreign = after.findIndex((line, index) => index > 0 || !CLOSING_LINES.some((pattern) => pattern.test(line)));
    if (foreign < 0)
        return;
    throw tampered(`line ${offset + foreign + 1}, after the block, is not the scanner's closing line: "${truncate(after[foreign] ?? '', 80)}"`);
}
function describeMarkers(lines, { begins, ends, stray }) {
    if (stray.length > 0) {
        const first = stray[0] ?? 0;
        const more = stray.length > 1 ? ` (and ${stray.length - 1} more)` : '';
        return `line ${first + 1} names the results marker outside a results block${more}: "${truncate(lines[first] ?? '', 80)}"`;
    }
    if (begins.length === 0)
        return `it has ${ends.length} end lines and no start line`;
    return `it has ${begins.length} start lines and ${ends.length} end lines; the scanner prints exactly one of each`;
}
function tampered(what) {
    return new scan_error/* ScanError */.s('KCS-SCAN-130', `The scanner's log was tampered with or corrupted: ${what}.`, {
        hint: TAMPER_HINT,
    });
}
function decodeBlock(body, offset, bytes, sha256) {
    const bad = body.findIndex((line) => !BASE64_LINE.test(line));
    if (bad >= 0) {
        throw tampered(`line ${offset + bad + 1}, inside the results block, is not base64: "${truncate(body[bad] ?? '', 80)}"`);
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
    return report;
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
                const response = await this.http.stream(path, { container: this.container, follow: true }, signal, {
                    idleTimeoutMs,
                });
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

// EXTERNAL MODULE: ./src/core/registry.ts
var core_registry = __webpack_require__(4692);
;// CONCATENATED MODULE: ./src/core/kube/pod-state.ts



const IMAGE_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const START_FAILURES = new Set([
    'CreateContainerConfigError',
    'CreateContainerError',
    'RunContainerError',
    'CrashLoopBackOff',
]);
/** Terminated reasons of a container whose process never ran (containerd, Docker). */
const NEVER_STARTED = new Set(['StartError', 'ContainerCannotRun']);
/** A registry's rate limit: the kubelet retries the pull with back-off, and a later try usually passes. */
const RATE_LIMITED = /\b429\b|toomanyrequests|too many requests/i;
/**
 * The registry refused the pull for lack of (valid) credentials: containerd's `failed to authorize … 401
 * Unauthorized`, `403 Forbidden`, Docker Hub's `pull access denied … insufficient_scope`, GHCR's and ECR's `denied`,
 * `no basic auth credentials`, `authentication required`. A node's own `permission denied` is not the registry's.
 */
const UNAUTHORIZED = /\b40[13]\b(?![.:]\d)|unauthorized|authentication required|no basic auth credentials|(?<!permission )\bdenied\b|\bforbidden\b/i;
/** containerd timeouts and name reservations left by a slow earlier attempt: the kubelet's next sync usually passes. */
const TRANSIENT_CREATE = /failed to reserve (?:container|sandbox) name|context deadline exceeded/i;
const ROLE = {
    [objects/* KEEPALIVE_CONTAINER */.bd]: 'keep-alive init container',
    [objects/* TARGET_CONTAINER */.gt]: 'target container',
    [objects/* SCANNER_CONTAINER */.vZ]: 'scanner container',
};
const PULL_HINT = 'Check the image name and tag, that the registry is reachable from the nodes, and the pull credentials (registry-username and registry-password, or image-pull-secrets); for a kind cluster, load the image (kind-load) and use pull policy IfNotPresent or Never.';
const RATE_LIMIT_HINT = 'The registry kept refusing pulls for exceeding its rate limit (HTTP 429; Docker Hub counts anonymous pulls per IP address, and a cluster\'s nodes often share one). Pull with credentials (registry-username and registry-password, or image-pull-secrets), mirror the scanner and keep-alive images into your own registry and point scanner-image and keepalive-image at it, or on kind set kind-load: true, which loads them from the runner\'s Docker (see "Avoiding Docker Hub limits" in the README).';
/** What to do when a registry refused the credentials (or had none) for the image. */
function unauthorizedHint(registry, container) {
    const mirror = container === objects/* TARGET_CONTAINER */.gt
        ? ''
        : ' For the scanner and keep-alive images, mirror them into a registry the nodes can pull from and set scanner-image and keepalive-image, or on kind use kind-load: true.';
    return (`Give credentials for ${registry} with registry-username and registry-password (CLI: --registry-username with --registry-password-stdin or KCS_REGISTRY_PASSWORD; the registry input defaults to the image's registry), or name a pull Secret in image-pull-secrets. ` +
        'If you did, check that they may read this repository and have not expired (an ECR token lasts 12 h, a gcloud access token 1 h), and that the image exists: registries answer "denied" for an image you may not see.' +
        mirror);
}
const START_HINT = 'The container runtime refused the container; the message above names the cause.';
const UNSCHEDULABLE_HINT = "Check the node selector, the tolerations and the scanner CPU and memory requests against the nodes. On an autoscaling cluster (GKE Autopilot, Karpenter, Cluster Autoscaler), check why no node was added: kubectl describe pod shows the autoscaler's events.";
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
    const scanner = findStatus(status.containerStatuses, objects/* SCANNER_CONTAINER */.vZ);
    const scannerEnd = scanner?.state?.terminated;
    if (scannerEnd) {
        if (scannerEnd.reason && NEVER_STARTED.has(scannerEnd.reason))
            return notStarted(`the ${ROLE[objects/* SCANNER_CONTAINER */.vZ] ?? ''} (image ${imageOf(pod, objects/* SCANNER_CONTAINER */.vZ, false) ?? scanner?.image ?? '?'})`, scannerEnd);
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
        const image = imageOf(pod, container.name, init) ?? container.image;
        const what = `the ${ROLE[container.name] ?? `container ${container.name}`} (image ${image})`;
        const waiting = container.state?.waiting;
        if (waiting?.reason && IMAGE_FAILURES.has(waiting.reason))
            return pullFailure(what, container.name, image, waiting.reason, waiting.message);
        if (waiting?.reason && START_FAILURES.has(waiting.reason))
            return startFailure(what, container.name, waiting.reason, waiting.message);
        const ended = container.state?.terminated;
        if (ended?.reason && NEVER_STARTED.has(ended.reason))
            return notStarted(what, ended);
        if (init && ended && ended.exitCode !== 0) {
            return failed('KCS-SCAN-112', `${capitalize(what)} failed with exit code ${ended.exitCode}${ended.reason ? ` (${ended.reason})` : ''}${ended.message ? `: ${ended.message}` : ''}.`, 'The keep-alive image must be a static busybox (a -musl or -uclibc tag) that has /bin/busybox.');
        }
        if (!init && ended && container.name === objects/* TARGET_CONTAINER */.gt) {
            return failed('KCS-SCAN-113', `${capitalize(what)} exited with code ${ended.exitCode}${ended.reason ? ` (${ended.reason})` : ''} before the scan ended.`, 'The target runs only the keep-alive; an early exit means it could not run (a read-only /dev, an image for another CPU architecture) or was killed.');
        }
    }
    return undefined;
}
function pullFailure(what, container, image, reason, message) {
    const text = `Cannot pull ${what}: ${reason}${message ? `: ${message}` : ''}`;
    const key = `pull:${container}`;
    const pulling = reason === 'ErrImagePull' || reason === 'ImagePullBackOff';
    if (pulling && RATE_LIMITED.test(message ?? '')) {
        return stalled(key, 'transient', message ?? reason, (waited) => new scan_error/* ScanError */.s('KCS-SCAN-128', `${text} (still refused after ${waited} s).`, { hint: RATE_LIMIT_HINT }));
    }
    // Retrying does not bring credentials: this fails at once, on the kubelet's first answer.
    if (pulling && UNAUTHORIZED.test(message ?? '')) {
        const registry = (0,core_registry/* registryOf */.Fv)(image);
        return failed('KCS-SCAN-127', `${text}. The registry ${registry} refused the pull for lack of valid credentials.`, unauthorizedHint(registry, container));
    }
    const failure = failed('KCS-SCAN-110', `${text}.`, PULL_HINT);
    // The back-off that follows a rate-limited pull often no longer quotes the registry's answer.
    return reason === 'ImagePullBackOff' ? { ...failure, continues: key } : failure;
}
function startFailure(what, container, reason, message) {
    const text = `Cannot start ${what}: ${reason}${message ? `: ${message}` : ''}`;
    if (reason === 'CreateContainerError' && TRANSIENT_CREATE.test(message ?? '')) {
        return stalled(`create:${container}`, 'transient', message ?? reason, (waited) => new scan_error/* ScanError */.s('KCS-SCAN-111', `${text} (still failing after ${waited} s).`, {
            hint: `${START_HINT} The kubelet kept retrying; a node whose container runtime keeps timing out is overloaded or unhealthy.`,
        }));
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
        else if (!(assessment.kind === 'failed' &&
            assessment.continues !== undefined &&
            assessment.continues === this.current?.stall.key)) {
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
    const imageId = findStatus(pod.status?.containerStatuses, objects/* TARGET_CONTAINER */.gt)?.imageID;
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
            const response = await http.stream(path, query, signal, {
                idleTimeoutMs: options.idleTimeoutMs ?? WATCH_IDLE_TIMEOUT_MS,
            });
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

;// CONCATENATED MODULE: ./src/core/kube/scan-failures.ts


/** The entry script's exit codes (scanner/entrypoint.sh), as the message explains them. */
const EXIT_MEANING = {
    64: 'the scanner environment is missing or invalid',
    65: 'the target process was not found in time',
    66: 'the target root filesystem is not readable',
    67: 'the profile could not be unpacked',
    68: 'cinc-auditor failed',
    69: 'cinc-auditor wrote no JSON report',
    70: 'the files mounted from the scan ConfigMaps do not match the pod spec; nothing was run',
};
const TAIL_LINES = 20;
function cancelled(podName) {
    return new scan_error/* ScanError */.s('KCS-SCAN-120', 'The scan was cancelled (SIGINT/SIGTERM or the job was cancelled); its objects are deleted.', { podName });
}
/**
 * The scanner exited non-zero: the message says what the code means, quotes its last `kcs-scanner: error:` line and
 * the tail of its log; a results block that still verifies is kept for the artifact.
 */
function scannerFailed(podName, exitCode, log, resultsKey) {
    const lines = logLines(log);
    const errorLine = [...lines].reverse().find((line) => line.startsWith('kcs-scanner: error:'));
    let reportText;
    try {
        reportText = extractResultsBlock(log, resultsKey);
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
    return visible
        .slice(-TAIL_LINES)
        .map((line) => `  ${line}`)
        .join('\n');
}

;// CONCATENATED MODULE: ./src/core/kube/scanner-wait.ts




/**
 * Follows the scan pod until its scanner terminated, failing fast on every known way a pod gets stuck and letting
 * the stalls a cluster gets out of by itself (an autoscaler adding a node, a rate-limited pull) run for their grace.
 * Starts the live log once the scanner runs.
 */
async function waitForScanner(pod, options) {
    const wait = new ScannerWait(pod.namespace, pod.podName, new PodTracker(options.grace), options);
    try {
        await watchPod(options.http, {
            namespace: pod.namespace,
            name: pod.podName,
            signal: AbortSignal.any([options.signal, wait.graceOver]),
            logger: options.logger,
            idleTimeoutMs: options.watchIdleTimeoutMs,
            onPod: (seen) => wait.observe(seen),
        });
    }
    catch (error) {
        if (!options.signal.aborted && !wait.graceOver.aborted)
            throw error;
    }
    finally {
        wait.dispose();
    }
    return wait.outcome(options.signal.reason, options.timeoutSeconds);
}
/** The wait for one pod's scanner, fed with each pod state the watch sees. */
class ScannerWait {
    namespace;
    podName;
    tracker;
    deps;
    state = { kind: 'watching' };
    /** What was last reported, so each phase and each stall is told once. */
    shown = { phase: '', stall: '' };
    /** A stall can outlast its grace without any new pod state: this timer re-judges it then and ends the watch. */
    graceTimer;
    graceController = new AbortController();
    graceOver = this.graceController.signal;
    constructor(namespace, podName, tracker, deps) {
        this.namespace = namespace;
        this.podName = podName;
        this.tracker = tracker;
        this.deps = deps;
    }
    /** Takes one pod state (`undefined`: the pod was deleted); true once the wait is decided. */
    observe(pod) {
        if (!pod)
            return this.decide({ kind: 'failed', error: this.deletedBySomeoneElse() });
        const assessment = this.tracker.assess(pod);
        this.report(pod, assessment);
        this.armGraceTimer();
        if (assessment.kind === 'scanning' || assessment.kind === 'finished')
            this.deps.live.start();
        if (assessment.kind === 'failed')
            return this.decide({ kind: 'failed', error: assessment.error });
        if (assessment.kind === 'finished') {
            this.deps.live.markTerminated();
            return this.decide({ kind: 'finished', done: { pod, exitCode: assessment.exitCode } });
        }
        return false;
    }
    /** The end of the wait once the watch is over; `stopReason` is why the scan's signal aborted, if it did. */
    outcome(stopReason, timeoutSeconds) {
        if (this.state.kind === 'failed')
            throw this.state.error;
        if (this.state.kind === 'finished')
            return this.state.done;
        if (stopReason === 'timeout')
            throw this.timedOut(timeoutSeconds);
        throw cancelled(this.podName);
    }
    dispose() {
        clearTimeout(this.graceTimer);
    }
    decide(state) {
        if (this.state.kind === 'watching')
            this.state = state;
        return true;
    }
    armGraceTimer() {
        clearTimeout(this.graceTimer);
        const stall = this.tracker.stall();
        if (!stall)
            return;
        this.graceTimer = setTimeout(() => {
            if (!this.tracker.expired())
                return this.armGraceTimer();
            this.decide({ kind: 'failed', error: this.tracker.failure() });
            this.graceController.abort('stalled');
        }, stall.remainingMs);
    }
    /** Logs each new phase (debug), and says once per stall that the scan waits for it to pass, and for how long. */
    report(pod, assessment) {
        const where = `${this.namespace}/${this.podName}`;
        const phase = `${pod.status?.phase ?? 'Pending'}/${assessment.kind}`;
        if (phase !== this.shown.phase)
            this.deps.logger.debug(`Pod ${where}: ${phase}.`);
        this.shown.phase = phase;
        if (assessment.kind !== 'stalled') {
            this.shown.stall = '';
            return;
        }
        const { key, grace, message } = assessment.stall;
        if (key === this.shown.stall)
            return;
        this.shown.stall = key;
        const seconds = Math.round((this.tracker.stall()?.remainingMs ?? 0) / 1000);
        const what = grace === 'unschedulable' ? 'cannot be scheduled yet' : 'hit an error the kubelet retries';
        const waitFor = grace === 'unschedulable' ? 'a node to be added (autoscaling)' : 'the retry to pass';
        this.deps.logger.info(`Pod ${where} ${what}: ${message.replace(/\.$/, '')}. Waiting up to ${seconds} s for ${waitFor}.`);
    }
    timedOut(timeoutSeconds) {
        // The timeout came before the grace of a stall in progress: that stall is why the scan did not finish.
        if (this.tracker.stall()) {
            const stalled = this.tracker.failure();
            return new scan_error/* ScanError */.s(stalled.code, `${stalled.message} The scan's ${timeoutSeconds} s timeout passed first.`, {
                ...(stalled.hint ? { hint: stalled.hint } : {}),
            });
        }
        return new scan_error/* ScanError */.s('KCS-SCAN-118', `The scan did not finish within ${timeoutSeconds} s (pod ${this.namespace}/${this.podName} was ${this.shown.phase || 'not seen'}).`, { hint: 'Raise the timeout, or check why the pod is slow: kubectl describe pod (image pulls, scheduling).' });
    }
    deletedBySomeoneElse() {
        return new scan_error/* ScanError */.s('KCS-SCAN-121', `Pod ${this.namespace}/${this.podName} was deleted by someone else before the scan ended.`, {
            hint: 'Something else deletes pods in this namespace (a janitor, a namespace deletion); scan in a namespace of its own.',
        });
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/paths.ts
var paths = __webpack_require__(6107);
// EXTERNAL MODULE: ./src/core/kube/tar.ts
var tar = __webpack_require__(7738);
// EXTERNAL MODULE: ./src/core/profile/prepare.ts + 5 modules
var prepare = __webpack_require__(9110);
;// CONCATENATED MODULE: ./src/core/kube/plan.ts











const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;
/**
 * Builds every object of one scan without touching a cluster: the names (from a run id made here, so they can be saved
 * before anything is created), the ConfigMaps and the Pod. A profile that cannot be packed (a path too long for tar) or
 * is too large for a ConfigMap is refused here, before the pipeline loads an image or touches a cluster.
 */
async function planScan(config, options = {}) {
    const runId = options.runId ?? (0,objects/* newRunId */.F$)();
    const podName = runId;
    const scannerFiles = options.scannerFiles ?? scannerFilesFrom(options.scannerDir ?? (0,paths/* scannerDir */.UD)());
    // A URL is fetched and every remote dependency vendored here, on the runner: the pod downloads nothing.
    const profile = options.profile ?? (await (0,prepare/* prepareProfile */.F)(config, options.prepare));
    const profileFiles = profileConfigMapFiles(config, profile);
    const configMaps = [];
    let profileConfigMap;
    if (profileFiles.length > 0) {
        profileConfigMap = { name: (0,objects/* profileConfigMapName */.RQ)(runId), files: profileFiles };
        configMaps.push((0,objects/* buildConfigMap */.f7)(profileConfigMap.name, config.namespace, runId, 'profile', profileFiles));
    }
    configMaps.push((0,objects/* buildConfigMap */.f7)((0,objects/* scannerConfigMapName */._8)(runId), config.namespace, runId, 'scanner-files', scannerFiles));
    const resultsKey = options.resultsKey ?? (0,results_key/* newResultsKey */.qW)();
    const secretName = config.registryCredentials ? (0,registry_secret/* registrySecretName */.jz)(runId) : undefined;
    const secret = config.registryCredentials
        ? (0,registry_secret/* buildRegistrySecret */.I5)((0,registry_secret/* registrySecretName */.jz)(runId), config.namespace, runId, config.registryCredentials)
        : undefined;
    const pod = (0,objects/* buildPod */.S$)({
        config,
        runId,
        podName,
        scannerFiles,
        profileConfigMap,
        resultsKey,
        ...(secretName ? { registrySecretName: secretName } : {}),
    });
    return {
        names: {
            runId,
            namespace: config.namespace,
            podName,
            configMapNames: configMaps.map((c) => c.metadata?.name ?? ''),
            ...(secretName ? { secretNames: [secretName] } : {}),
        },
        objects: { configMaps, pod, ...(secret ? { secret } : {}) },
        get podYaml() {
            return (0,js_yaml/* dump */.Bh)((0,results_key/* withoutResultsKey */.AQ)(pod), { noRefs: true, lineWidth: -1 });
        },
        resultsKey,
        profileDescription: profile.description,
    };
}
/**
 * The objects as multi-document YAML, for review or `kubectl create -f -`. The results key is a credential and shows as
 * a placeholder: a pod applied by hand needs its own (64 hex digits, e.g. `openssl rand -hex 32`) in KCS_RESULTS_KEY.
 * So is the registry password: the pull Secret shows REDACTED in its place.
 */
function renderPlan(plan) {
    const documents = [...plan.objects.configMaps, (0,results_key/* withoutResultsKey */.AQ)(plan.objects.pod)].map((object) => `---\n${(0,js_yaml/* dump */.Bh)(object, { noRefs: true, lineWidth: -1, sortKeys: false })}`);
    // The registry Secret goes before the pod, as it is created; its password is never printed.
    if (plan.objects.secret)
        documents.splice(-1, 0, `---\n${(0,registry_secret/* renderRedactedSecret */.V4)(plan.objects.secret)}`);
    return documents.join('');
}
function profileConfigMapFiles(config, profile) {
    const files = [];
    const archive = packProfile(profile);
    files.push({ key: objects/* PROFILE_ARCHIVE_KEY */.XG, path: objects/* PROFILE_ARCHIVE_KEY */.XG, content: archive, mode: 0o444 });
    if (config.profileInputs)
        files.push(readInput(config.profileInputs, objects/* INPUTS_KEY */.wD, 'profile inputs'));
    if (config.waiverFile)
        files.push(readInput(config.waiverFile, objects/* WAIVERS_KEY */.Um, 'waiver'));
    const size = (0,objects/* configMapSize */.ub)(files);
    if (size > objects/* CONFIGMAP_LIMIT_BYTES */.JV) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-122', `The profile ${profile.description} (packed, with its vendored dependencies), with its inputs and waivers, takes ${kib(size)} KiB, over the ${kib(objects/* CONFIGMAP_LIMIT_BYTES */.JV)} KiB a ConfigMap can hold.`, {
            hint: 'Remove files the scan does not need (large files/, test fixtures), or split the profile; a profile URL or a git repository travels the same way, in the ConfigMap, so it does not help.',
            category: 'input',
        });
    }
    return files;
}
/** Each prepared profile's archive: a run of many images packs its one profile once. */
const packed = new WeakMap();
function packProfile(profile) {
    try {
        let archive = packed.get(profile);
        if (archive === undefined) {
            archive = (0,tar/* tarGz */.Vo)(profile.entries);
            packed.set(profile, archive);
        }
        return archive;
    }
    catch (error) {
        if (!(error instanceof tar/* TarPathError */.fM))
            throw error;
        throw new errors/* InputError */.dz('KCS-CFG-013', `The profile path ${error.path} (in ${profile.description}) is ${error.reason}.`, { hint: 'Shorten the file and folder names in the profile.', cause: error });
    }
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
    for (const entry of (0,tar/* collectTree */.fH)(dir)) {
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
    if ((0,objects/* configMapSize */.ub)(files) > objects/* CONFIGMAP_LIMIT_BYTES */.JV) {
        throw new scan_error/* ScanError */.s('KCS-SCAN-124', `The scanner files take ${kib((0,objects/* configMapSize */.ub)(files))} KiB, over what a ConfigMap holds.`, { category: 'internal' });
    }
    return files;
}
function kib(bytes) {
    return (bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0);
}

;// CONCATENATED MODULE: ./src/core/scan.ts


















/**
 * Runs one scan: creates the ConfigMaps and the Pod, follows the pod with a watch (failing fast on every known way a
 * pod gets stuck), streams the scanner's log live, reads the whole log once the scanner terminated, extracts and
 * verifies the results block, and deletes everything in `finally` — also when the signal aborts the scan.
 */
async function runScan(plan, deps) {
    const { names } = plan;
    const stop = new ScanStop(deps.signal);
    const live = new LiveLog(deps.connection.http, names.namespace, names.podName, objects/* SCANNER_CONTAINER */.vZ, deps.logger, {
        idleTimeoutMs: deps.logIdleTimeoutMs ?? LOG_IDLE_TIMEOUT_MS,
    });
    const pins = new ConfigMapPins(names.namespace);
    const context = {
        http: deps.connection.http,
        logger: deps.logger,
        signal: stop.signal,
        made: [],
        pins,
    };
    let scannerLog;
    try {
        if (deps.signal?.aborted)
            throw cancelled(names.podName);
        await createObjects(plan, context);
        const done = await stop.within(deps.timeoutSeconds, () => waitFor(plan, deps, live, stop.signal));
        scannerLog = await collectScannerLog(names, deps, live);
        // Before anything in the log is trusted: the ConfigMaps the pod mounted are still the ones this scan created.
        await pins.verify(deps.connection.http, stop.signal);
        return verifiedOutcome(plan, done, scannerLog, deps.logger);
    }
    catch (error) {
        if (stop.signal.reason === 'cancelled')
            throw cancelled(names.podName);
        throw asScanError(error, names.podName, scannerLog);
    }
    finally {
        stop.release();
        await live.stop(0);
        await deleteOrKeep(names, context.made, deps);
    }
}
/**
 * The one signal every call of a scan listens to. Its reason says why it aborted: `cancelled` (the caller's signal:
 * SIGINT/SIGTERM, a cancelled job), `timeout` (the scan's own timeout) or `done` (the scan is over).
 */
class ScanStop {
    outer;
    controller = new AbortController();
    onCancel = () => this.controller.abort('cancelled');
    timer;
    constructor(outer) {
        this.outer = outer;
        outer?.addEventListener('abort', this.onCancel, { once: true });
    }
    get signal() {
        return this.controller.signal;
    }
    /** Runs `step` with the scan's timeout running. */
    async within(timeoutSeconds, step) {
        this.timer = setTimeout(() => this.controller.abort('timeout'), timeoutSeconds * 1000);
        try {
            return await step();
        }
        finally {
            clearTimeout(this.timer);
        }
    }
    release() {
        clearTimeout(this.timer);
        this.outer?.removeEventListener('abort', this.onCancel);
        this.controller.abort('done');
    }
}
/**
 * The ConfigMaps first (the pod mounts them), then the registry Secret (the pod pulls with it; after the ConfigMaps,
 * so `cleanup` finds its run id even when the runner died right after creating it), then the pod, which then owns
 * them all.
 */
async function createObjects(plan, context) {
    await createConfigMaps(plan, context);
    const secret = await createRegistrySecret(plan, context);
    const pod = await createPod(plan, context);
    await adoptConfigMaps(plan, pod, context);
    if (secret)
        await adoptRegistrySecret(plan, pod, secret, context);
}
function waitFor(plan, deps, live, signal) {
    return waitForScanner(plan.names, {
        http: deps.connection.http,
        live,
        logger: deps.logger,
        signal,
        timeoutSeconds: deps.timeoutSeconds,
        grace: {
            unschedulableMs: deps.unschedulableGraceMs ?? DEFAULT_GRACE.unschedulableMs,
            transientMs: deps.transientGraceMs ?? DEFAULT_GRACE.transientMs,
        },
        watchIdleTimeoutMs: deps.watchIdleTimeoutMs ?? WATCH_IDLE_TIMEOUT_MS,
    });
}
/** The scanner's whole log, read once it terminated; what the live stream missed is shown from it. */
async function collectScannerLog(names, deps, live) {
    await live.stop(deps.logDrainMs ?? 2000);
    const log = await readLog(deps, names);
    live.showRemaining(logLines(log));
    return log;
}
async function readLog(deps, names) {
    const path = `/api/v1/namespaces/${names.namespace}/pods/${names.podName}/log`;
    try {
        return await deps.connection.http.request('GET', path, {
            query: { container: objects/* SCANNER_CONTAINER */.vZ },
            text: true,
            ...(deps.signal ? { signal: deps.signal } : {}),
        });
    }
    catch (error) {
        throw (0,api_errors/* apiFailure */.t)('read', `the log of pod ${names.namespace}/${names.podName}`, error);
    }
}
/** A scanner that exited 0 and printed one results block that verifies: the scan's outcome. */
function verifiedOutcome(plan, done, scannerLog, logger) {
    const { names, resultsKey } = plan;
    if (done.exitCode === objects/* EXIT_FILES_CHANGED */.Wh)
        throw filesChanged(names.podName, scannerErrorLine(scannerLog));
    if (done.exitCode !== 0)
        throw scannerFailed(names.podName, done.exitCode, scannerLog, resultsKey);
    const reportText = extractResultsBlock(scannerLog, resultsKey);
    logger.info(`Results received from pod ${names.namespace}/${names.podName} (${Buffer.byteLength(reportText)} bytes, sha256 and signature verified).`);
    return {
        reportText,
        imageDigest: targetDigest(done.pod),
        podName: names.podName,
        scannerLog,
        podYaml: podYaml(done.pod),
    };
}
const scannerErrorLine = (log) => logLines(log).findLast((line) => line.startsWith('kcs-scanner: error:'));
const podYaml = (pod) => (0,js_yaml/* dump */.Bh)((0,results_key/* withoutResultsKey */.AQ)(pod), { noRefs: true, lineWidth: -1 });
/** Anything thrown during a scan, as a ScanError that carries the pod's name and the scanner's log when known. */
function asScanError(error, podName, scannerLog) {
    if (error === 'cancelled' || (error instanceof Error && error.name === 'AbortError'))
        return cancelled(podName);
    const known = (0,errors/* toKcsError */.FN)(error, { code: 'KCS-SCAN-125', context: 'The scan failed unexpectedly' });
    if (known instanceof scan_error/* ScanError */.s) {
        known.podName ??= podName;
        if (scannerLog !== undefined)
            known.scannerLog ??= scannerLog;
        return known;
    }
    return new scan_error/* ScanError */.s(known.code, known.message, {
        category: known.category,
        cause: error,
        podName,
        ...(known.hint ? { hint: known.hint } : {}),
        ...(scannerLog !== undefined ? { scannerLog } : {}),
    });
}
/** With cleanup on, deletes what the scan made (or may have made); with it off, says how to inspect and delete it. */
async function deleteOrKeep(names, made, deps) {
    if (deps.cleanup) {
        await (0,kube_delete/* deleteScanObjects */.br)(names, deps.connection, deps.logger, made);
        return;
    }
    // The registry credentials are never kept: the kept pod has pulled its images and no longer needs them.
    const secrets = made.filter((ref) => ref.kind === 'secret');
    if (secrets.length > 0)
        await (0,kube_delete/* deleteScanObjects */.br)(names, deps.connection, deps.logger, secrets);
    if (made.length > 0)
        logKept(names, deps.logger, secrets.length > 0);
}
function logKept(names, logger, secretDeleted = false) {
    const ns = names.namespace;
    const secret = secretDeleted ? ' (its registry Secret was deleted: credentials are never kept)' : '';
    logger.info([
        `cleanup is off: pod ${ns}/${names.podName} and ConfigMaps ${names.configMapNames.join(', ')} were kept${secret}.`,
        `  inspect: kubectl -n ${ns} describe pod ${names.podName}; kubectl -n ${ns} logs ${names.podName} -c ${objects/* SCANNER_CONTAINER */.vZ}`,
        `  delete:  ${(0,kube_delete/* handDeleteCommand */.q8)(names)}`,
    ].join('\n'));
}


/***/ })

};
