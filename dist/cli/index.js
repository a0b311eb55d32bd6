#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 486:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8995);
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_module__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2957);


// Compiling the bundle is much of a short command's start-up; Node keeps the compiled code in its cache directory,
// so later runs on the same machine start sooner (bench/cold-start.bench.ts measures with the cache off).
(0,node_module__WEBPACK_IMPORTED_MODULE_0__.enableCompileCache)();
const controller = new AbortController();
let signals = 0;
const onSignal = (signal) => {
    signals += 1;
    // The first signal lets the scan delete what it created; a second one means "now".
    if (signals > 1)
        process.exit(130);
    process.stderr.write(`kube-cinc-scan: ${signal} received, cleaning up…\n`);
    controller.abort(new Error(`${signal} received`));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
const code = await (0,_main_js__WEBPACK_IMPORTED_MODULE_1__/* .main */ .i)(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    readStdin: async () => {
        const chunks = [];
        for await (const chunk of process.stdin)
            chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
        return Buffer.concat(chunks).toString('utf8');
    },
});
process.exitCode = code;
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 7654:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  d: () => (/* binding */ EXIT),
  b: () => (/* binding */ parseFlags)
});

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
;// CONCATENATED MODULE: ./src/cli/io.ts


/** Exit codes of every subcommand. */
const EXIT = { pass: 0, thresholdFailed: 1, usage: 2, error: 3 };
/**
 * Strict flag parsing shared by every subcommand: an unknown flag or a missing value is a usage error (exit 2) that
 * names the command and the flag.
 */
function parseFlags(command, argv, options) {
    try {
        return (0,external_node_util_namespaceObject.parseArgs)({ args: argv, options, strict: true, allowPositionals: false, allowNegative: true });
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new errors/* InputError */.dz('KCS-CLI-001', `${command}: ${message}`, {
            hint: `Run 'kube-cinc-scan ${command} --help' for the flags it takes.`,
        });
    }
}


/***/ }),

/***/ 2280:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   fT: () => (/* binding */ CliLogger),
/* harmony export */   yJ: () => (/* binding */ jsonSafe)
/* harmony export */ });
/* unused harmony export terminalSafe */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

// C0 controls but tab and newline, DEL, C1 controls, and the bidi overrides that make text read as something else.
// ESC is kept only where it starts a colour (SGR) sequence: CINC Auditor's reporter colours its output.
const UNSAFE_CONTROLS = 
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
/[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\u001b(?!\[[0-9;]*m)/g;
/** Text from a scan report or the scanned image, made safe for a terminal: no cursor moves, title changes or `\r`. */
function terminalSafe(text) {
    return text.replace(UNSAFE_CONTROLS, '');
}
/**
 * JSON for stdout. Its strings cannot start a line (newlines are escaped), but the runner also honours the legacy
 * `##[command]` form anywhere in a line; `\u005b` is the same character to a JSON parser.
 */
function jsonSafe(json) {
    return json.replaceAll('##[', '##\\u005b');
}
/**
 * The CLI's logger writes its own lines to stderr, so stdout carries only the command's result. Text that came from
 * the scanned image or the report is data: it is stripped of terminal controls and, when the CLI runs inside a GitHub
 * Actions step (whose runner parses output for workflow commands), fenced with ::stop-commands:: as the action does.
 */
class CliLogger {
    io;
    verbose;
    fenced;
    fence;
    constructor(io, verbose = false) {
        this.io = io;
        this.verbose = verbose;
        this.fenced = io.env['GITHUB_ACTIONS'] === 'true';
    }
    debug(message) {
        if (this.verbose)
            this.write(`debug: ${message}`);
    }
    info(message) {
        this.write(message);
    }
    warn(message) {
        this.write(`warning: ${message}`);
    }
    error(message) {
        this.write(`error: ${message}`);
    }
    scannerOutput(line) {
        this.openFence(this.io.err);
        this.io.err(`${terminalSafe(line)}\n`);
    }
    /**
     * Text that may quote the scanned image (an error that carries the scanner's log tail, a warning about the report):
     * to stderr, fenced like the live scan.
     */
    untrusted(text) {
        for (const line of text.split('\n'))
            this.scannerOutput(line);
        this.closeFence();
    }
    /** A result that quotes the report (profile names, control ids in violated rules): to stdout, fenced on stdout. */
    untrustedOut(text) {
        this.openFence(this.io.out);
        this.io.out(terminalSafe(text));
        this.closeFence();
    }
    async group(title, fn) {
        this.write(`== ${title}`);
        return fn();
    }
    write(message) {
        this.closeFence();
        this.io.err(`${message}\n`);
    }
    /** A fresh token for each fence, on the stream the fenced text goes to, so the runner sees them in order. */
    openFence(write) {
        if (!this.fenced || this.fence?.write === write)
            return;
        this.closeFence();
        const token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16).toString('hex');
        write(`::stop-commands::${token}\n`);
        this.fence = { token, write };
    }
    /** Resumes command processing; called before our own lines and at the end of a run. */
    closeFence() {
        if (!this.fence)
            return;
        this.fence.write(`::${this.fence.token}::\n`);
        this.fence = undefined;
    }
}


/***/ }),

/***/ 2957:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ main)
/* harmony export */ });
/* unused harmony export USAGE */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(4296);
/* harmony import */ var _core_paths_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(6107);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(7654);
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(2280);






/**
 * Commands are imported lazily, each from its own module, so that `evaluate` never loads the Kubernetes client
 * (it is most of the bundle's size and start-up time).
 */
const COMMANDS = {
    scan: {
        summary: 'scan an image in the cluster, evaluate, write result files',
        load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(243), __nccwpck_require__.e(723), __nccwpck_require__.e(555), __nccwpck_require__.e(686), __nccwpck_require__.e(682), __nccwpck_require__.e(135), __nccwpck_require__.e(252), __nccwpck_require__.e(594)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1594))).scanCommand,
    },
    evaluate: {
        summary: 'evaluate a results file against a threshold, offline',
        load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(243), __nccwpck_require__.e(555), __nccwpck_require__.e(682)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2682))).evaluateCommand,
    },
    render: {
        summary: 'print the scan pod and ConfigMaps as YAML, without a cluster',
        load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(243), __nccwpck_require__.e(555), __nccwpck_require__.e(686), __nccwpck_require__.e(135), __nccwpck_require__.e(33)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4033))).renderCommand,
    },
    cleanup: {
        summary: 'delete leftovers of scans that died (pods and ConfigMaps)',
        load: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(243), __nccwpck_require__.e(723), __nccwpck_require__.e(555), __nccwpck_require__.e(686), __nccwpck_require__.e(252), __nccwpck_require__.e(902)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9902))).cleanupCommand,
    },
};
const USAGE = `Usage: kube-cinc-scan <command> [flags]

Scans a container image for compliance with CINC Auditor inside Kubernetes (sidecar approach) and gates on a
MITRE SAF threshold.

Commands:
${Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
    .join('\n')}

Run 'kube-cinc-scan <command> --help' for a command's flags.
Exit codes: 0 pass, 1 threshold failed, 2 usage or invalid input, 3 scan or cluster error.`;
async function main(argv, io) {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
        (name === undefined ? io.err : io.out)(`${USAGE}\n`);
        return name === undefined ? _io_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.usage : _io_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.pass;
    }
    if (name === '--version') {
        const { version } = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,_core_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .packageRoot */ .Zl)(), 'package.json'), 'utf8'));
        io.out(`kube-cinc-scan ${version}\n`);
        return _io_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.pass;
    }
    const entry = COMMANDS[name];
    if (!entry) {
        io.err(`kube-cinc-scan: unknown command ${JSON.stringify(name)}; commands: ${Object.keys(COMMANDS).join(', ')}\n`);
        return _io_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.usage;
    }
    try {
        const command = await entry.load();
        return await command.run(rest, io);
    }
    catch (error) {
        // An error can quote the report or the scanned image (a profile's status message, a log tail).
        new _logger_js__WEBPACK_IMPORTED_MODULE_5__/* .CliLogger */ .fT(io).untrusted(`kube-cinc-scan ${name}: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .describeError */ .Uc)(error)}`);
        if (error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz)
            return _io_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.usage;
        if (error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KcsError */ .q$)
            return error.category === 'input' ? _io_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.usage : _io_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.error;
        return _io_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.error;
    }
}


/***/ }),

/***/ 4296:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FN: () => (/* binding */ toKcsError),
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   q$: () => (/* binding */ KcsError)
/* harmony export */ });
class KcsError extends Error {
    code;
    hint;
    category;
    constructor(code, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'KcsError';
        this.code = code;
        this.hint = options.hint;
        this.category = options.category ?? 'scan';
    }
    /** One line for a log or an annotation: `KCS-X: message. hint`. */
    oneLine() {
        return `${this.code}: ${this.message}${this.hint ? ` ${this.hint}` : ''}`;
    }
}
/** An invalid input (a flag, an action input, a threshold or results file): exit code 2. */
class InputError extends KcsError {
    constructor(code, message, options = {}) {
        super(code, message, { ...options, category: 'input' });
        this.name = 'InputError';
    }
}
/**
 * Turns anything thrown into a KcsError, so the caller always has a code to show: a KcsError as it is, any other
 * value (an Error, a string, undefined) as the `unexpected` code, with what was thrown in the message and as the cause.
 * The one place that does this; callers pass their own code and context.
 */
function toKcsError(thrown, unexpected) {
    if (thrown instanceof KcsError)
        return thrown;
    return new KcsError(unexpected.code, `${unexpected.context}: ${describeError(thrown)}`, {
        cause: thrown,
        category: unexpected.category ?? 'internal',
    });
}
/** Describes any thrown value, Error or not, in one line (a thrown string must not pass silently). */
function describeError(error) {
    if (error instanceof KcsError)
        return error.oneLine();
    if (error instanceof Error)
        return error.message || error.name;
    if (typeof error === 'string')
        return error;
    try {
        return `non-Error value thrown: ${JSON.stringify(error)}`;
    }
    catch {
        return `non-Error value thrown: ${String(error)}`;
    }
}


/***/ }),

/***/ 6107:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CP: () => (/* binding */ profilesDir),
/* harmony export */   C_: () => (/* binding */ thresholdsDir),
/* harmony export */   UD: () => (/* binding */ scannerDir),
/* harmony export */   Zl: () => (/* binding */ packageRoot)
/* harmony export */ });
/* unused harmony export deployDir */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_url__WEBPACK_IMPORTED_MODULE_2__);



/**
 * The folders the bundles read at run time (scanner/, profiles/, thresholds/, deploy/). ncc does not copy them, so
 * they are found by walking up from this module's own location: src/core in development, dist/<entry>/ in a bundle,
 * node_modules/kube-cinc-scan/dist/<entry>/ when installed from npm. KCS_ROOT overrides it.
 */
function packageRoot() {
    const override = process.env['KCS_ROOT'];
    if (override)
        return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(override);
    let dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)((0,node_url__WEBPACK_IMPORTED_MODULE_2__.fileURLToPath)(import.meta.url));
    for (let i = 0; i < 6; i += 1) {
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'action.yml')) && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'package.json')))
            return dir;
        const parent = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(dir);
        if (parent === dir)
            break;
        dir = parent;
    }
    throw new Error(`cannot find the kube-cinc-scan package root above ${(0,node_url__WEBPACK_IMPORTED_MODULE_2__.fileURLToPath)(import.meta.url)}; set KCS_ROOT`);
}
const scannerDir = () => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(packageRoot(), 'scanner');
const profilesDir = () => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(packageRoot(), 'profiles');
const thresholdsDir = () => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(packageRoot(), 'thresholds');
const deployDir = () => join(packageRoot(), 'deploy');


/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 8995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 8500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 9154:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("vm");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(486);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
