export const id = 33;
export const ids = [33];
export const modules = {

/***/ 4033:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   renderCommand: () => (/* binding */ renderCommand)
/* harmony export */ });
/* harmony import */ var _core_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4489);
/* harmony import */ var _core_scan_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(466);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1604);
/* harmony import */ var _flags_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5377);




const renderCommand = {
    name: 'render',
    summary: 'print the scan pod and ConfigMaps as YAML, without a cluster',
    help: `Usage: kube-cinc-scan render --image IMAGE [flags]

Prints the objects a scan would create (ConfigMaps and the Pod) as multi-document YAML on stdout, so you can review
them or apply them by hand. Needs no cluster. Names use a fresh run id each time.

Flags:
${(0,_flags_js__WEBPACK_IMPORTED_MODULE_3__/* .flagHelp */ .QR)(_flags_js__WEBPACK_IMPORTED_MODULE_3__/* .SCAN_FLAGS */ .Gw)}
  -h, --help                     show this help

Exit codes: 0 printed, 2 invalid input.`,
    async run(argv, io) {
        const { values } = (0,_io_js__WEBPACK_IMPORTED_MODULE_2__/* .parseFlags */ .b)('render', argv, (0,_flags_js__WEBPACK_IMPORTED_MODULE_3__/* .parseArgsOptions */ .dm)(_flags_js__WEBPACK_IMPORTED_MODULE_3__/* .SCAN_FLAGS */ .Gw));
        if (values['help']) {
            io.out(`${renderCommand.help}\n`);
            return _io_js__WEBPACK_IMPORTED_MODULE_2__/* .EXIT */ .d.pass;
        }
        const config = (0,_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .parseConfig */ .o4)((0,_flags_js__WEBPACK_IMPORTED_MODULE_3__/* .rawInputsFromFlags */ .ZB)(_flags_js__WEBPACK_IMPORTED_MODULE_3__/* .SCAN_FLAGS */ .Gw, values), { env: io.env, cwd: io.cwd, mode: 'cli' });
        const plan = await (0,_core_scan_js__WEBPACK_IMPORTED_MODULE_1__/* .planScan */ .hn)(config.scan);
        io.out((0,_core_scan_js__WEBPACK_IMPORTED_MODULE_1__/* .renderPlan */ .EG)(plan));
        return _io_js__WEBPACK_IMPORTED_MODULE_2__/* .EXIT */ .d.pass;
    },
};


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


/***/ })

};
