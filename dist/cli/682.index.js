export const id = 682;
export const ids = [682];
export const modules = {

/***/ 2682:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   evaluateCommand: () => (/* binding */ evaluateCommand)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4489);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);
/* harmony import */ var _core_results_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6567);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1604);






// Only what evaluating needs is imported here: the dispatcher loads this module lazily, and nothing on this path may
// pull in the Kubernetes client.
const FLAGS = {
    results: { type: 'string' },
    threshold: { type: 'string' },
    'output-dir': { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
};
const HELP = `Usage: kube-cinc-scan evaluate --results FILE [--threshold VALUE] [--output-dir DIR] [--format text|json]

Evaluates an InSpec/CINC Auditor JSON report (for example a downloaded scan-results.json) against a MITRE SAF
threshold, offline, with the SAF CLI's semantics. Every violated rule is listed; the first reads as the SAF CLI's
message. Writes scan-results.json, scan-summary.md, threshold-result.txt and summary.json to the output directory.

Flags:
  --results FILE        the JSON report (required)
  --threshold VALUE     inline YAML (text with a newline, ':' or '{'), a threshold file, or a shipped threshold
                        name (strict, moderate, baseline); without it the report is only summarised
  --output-dir DIR      where to write the files (default: ./kube-cinc-scan-results)
  --format text|json    what to print on stdout: a readable summary (default) or the summary.json object
  -h, --help            show this help

Exit codes: 0 pass (or no threshold), 1 threshold failed, 2 invalid input (unreadable or invalid report or threshold).`;
function parseFormat(value) {
    if (value === undefined || value === 'text' || value === 'json')
        return value ?? 'text';
    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('KCS-CLI-101', `evaluate: --format ${JSON.stringify(value)} is not allowed; use text or json`);
}
async function readResults(path) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path);
    }
    catch (error) {
        const reason = error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.message})`;
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('KCS-RES-006', `results file ${path} ${reason}`, {
            hint: 'Pass the JSON report of a scan (scan-results.json in the results artifact).',
            cause: error,
        });
    }
}
/** The report text lives only in this function, so a large report can be collected once it is evaluated. */
async function readAndEvaluate(path, threshold, state) {
    const text = await readResults(path);
    state.reportRead = true;
    return (0,_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .evaluateReport */ ._s)(text, { origin: path, ...(threshold ? { threshold } : {}) });
}
function textReport(evaluation, thresholdName) {
    const lines = [];
    const verdict = !evaluation.thresholdGiven ? 'no threshold' : evaluation.result === 'pass' ? 'PASS' : 'FAIL';
    lines.push(`Result: ${verdict}${thresholdName ? ` (threshold ${thresholdName})` : ''}`);
    lines.push(`Compliance: ${evaluation.compliance}%`);
    lines.push(`Profile: ${evaluation.profiles[0]?.name ?? '?'}`);
    lines.push('');
    lines.push(`${'status'.padEnd(16)}${['critical', 'high', 'medium', 'low', 'none', 'total'].map((h) => h.padStart(9)).join('')}`);
    for (const status of _core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .STATUSES */ .f) {
        const row = evaluation.counts[status];
        const cells = [row.critical, row.high, row.medium, row.low, row.none, row.total].map((n) => String(n).padStart(9));
        lines.push(`${_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .STATUS_LABEL */ ._P[status].padEnd(16)}${cells.join('')}`);
    }
    if (evaluation.violations.length > 0) {
        lines.push('', `Violated rules (${evaluation.violations.length}):`);
        for (const v of evaluation.violations)
            lines.push(`  Error: ${v.message}`);
    }
    return lines.join('\n') + '\n';
}
async function runEvaluate(values, io) {
    const format = parseFormat(values['format']);
    const resultsFlag = values['results'];
    if (!resultsFlag) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('KCS-CLI-102', 'evaluate: --results FILE is required', { hint: "Run 'kube-cinc-scan evaluate --help'." });
    }
    const outputFlag = values['output-dir'];
    const outputDir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, outputFlag ?? 'kube-cinc-scan-results');
    const thresholdFlag = values['threshold'];
    const resultsPath = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, resultsFlag);
    const meta = {};
    const state = { reportRead: false };
    try {
        let threshold;
        if (thresholdFlag !== undefined) {
            const source = (0,_core_config_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveThresholdSource */ .ZH)(thresholdFlag, io.cwd);
            meta.threshold = source.kind === 'shipped' ? source.name : source.kind === 'file' ? source.path : 'inline';
            threshold = await (0,_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .loadThreshold */ ._W)(source);
        }
        const evaluation = await readAndEvaluate(resultsPath, threshold, state);
        meta.profile = evaluation.profiles[0]?.name;
        const files = await (0,_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .writeResultFiles */ .SU)(outputDir, { reportFile: resultsPath, evaluation, meta });
        for (const w of evaluation.warnings)
            io.err(`warning: ${w}\n`);
        if (format === 'json')
            io.out(JSON.stringify((0,_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .buildSummaryJson */ .RX)(evaluation, meta), null, 2) + '\n');
        else
            io.out(textReport(evaluation, meta.threshold) + `\nFiles: ${files.summaryFile}, ${files.summaryJsonFile}\n`);
        return evaluation.result === 'pass' ? _io_js__WEBPACK_IMPORTED_MODULE_5__/* .EXIT */ .d.pass : _io_js__WEBPACK_IMPORTED_MODULE_5__/* .EXIT */ .d.thresholdFailed;
    }
    catch (error) {
        if (!(error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .KcsError */ .q$))
            throw error;
        const message = (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .describeError */ .Uc)(error);
        // An explicitly named output directory gets the error files too, so a pipeline step that reads them sees why.
        if (outputFlag !== undefined) {
            await (0,_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .writeResultFiles */ .SU)(outputDir, { ...(state.reportRead ? { reportFile: resultsPath } : {}), error: message, meta });
        }
        if (format === 'json')
            io.out(JSON.stringify((0,_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .buildSummaryJson */ .RX)(undefined, { ...meta, error: message }), null, 2) + '\n');
        throw error;
    }
}
const evaluateCommand = {
    name: 'evaluate',
    summary: 'evaluate a results file against a threshold, offline',
    help: HELP,
    async run(argv, io) {
        const { values } = (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .parseFlags */ .b)('evaluate', argv, FLAGS);
        if (values.help) {
            io.out(`${HELP}\n`);
            return _io_js__WEBPACK_IMPORTED_MODULE_5__/* .EXIT */ .d.pass;
        }
        return runEvaluate(values, io);
    },
};


/***/ })

};
