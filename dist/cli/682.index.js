export const id = 682;
export const ids = [682];
export const modules = {

/***/ 2682:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   evaluateCommand: () => (/* binding */ evaluateCommand),
/* harmony export */   textReport: () => (/* binding */ textReport)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4489);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);
/* harmony import */ var _core_results_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6567);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1604);
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2280);







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
/** The human-readable verdict that `evaluate` and `scan` print: counts by status × severity and every violated rule. */
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
        const logger = new _logger_js__WEBPACK_IMPORTED_MODULE_6__/* .CliLogger */ .fT(io);
        for (const w of evaluation.warnings)
            logger.untrusted(`warning: ${w}`);
        if (format === 'json')
            io.out((0,_logger_js__WEBPACK_IMPORTED_MODULE_6__/* .jsonSafe */ .yJ)(JSON.stringify((0,_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .buildSummaryJson */ .RX)(evaluation, meta), null, 2)) + '\n');
        else {
            logger.untrustedOut(textReport(evaluation, meta.threshold));
            io.out(`\nFiles: ${files.summaryFile}, ${files.summaryJsonFile}\n`);
        }
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
            io.out((0,_logger_js__WEBPACK_IMPORTED_MODULE_6__/* .jsonSafe */ .yJ)(JSON.stringify((0,_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .buildSummaryJson */ .RX)(undefined, { ...meta, error: message }), null, 2)) + '\n');
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


/***/ }),

/***/ 6567:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  f: () => (/* reexport */ STATUSES),
  _P: () => (/* reexport */ STATUS_LABEL),
  RX: () => (/* reexport */ buildSummaryJson),
  _s: () => (/* reexport */ evaluateReport),
  _W: () => (/* reexport */ loadThreshold),
  mc: () => (/* reexport */ renderErrorMarkdown),
  i$: () => (/* reexport */ renderSummaryMarkdown),
  SU: () => (/* reexport */ writeResultFiles)
});

// UNUSED EXPORTS: DEFAULT_MAX_BYTES, SEVERITIES, SEVERITY_LABEL, checkThreshold, complianceOf, emptyCounts, escapeMarkdownInline, parseThresholdText, renderThresholdResult

;// CONCATENATED MODULE: ./src/core/results/types.ts
// Names shared by every part of the results engine. The order of STATUSES and SEVERITIES is the order the SAF CLI
// checks thresholds in, so everything that iterates them stays in the CLI's order.
const STATUSES = ['passed', 'failed', 'skipped', 'no_impact', 'error'];
const types_SEVERITIES = ['critical', 'high', 'medium', 'low', 'none'];
/** How DESIGN §7 shows each status to a person. */
const STATUS_LABEL = {
    passed: 'Passed',
    failed: 'Failed',
    skipped: 'Not Reviewed',
    no_impact: 'Not Applicable',
    error: 'Error',
};
const SEVERITY_LABEL = {
    critical: 'Critical',
    high: 'High',
    medium: 'Medium',
    low: 'Low',
    none: 'None',
};
function emptyCounts() {
    const row = () => ({ total: 0, critical: 0, high: 0, medium: 0, low: 0, none: 0 });
    return { passed: row(), failed: row(), skipped: row(), no_impact: row(), error: row() };
}
function isSeverity(value) {
    return types_SEVERITIES.includes(value);
}
function isStatus(value) {
    return STATUSES.includes(value);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(3243);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
;// CONCATENATED MODULE: ./src/core/results/threshold.ts




const ALLOWED = `top-level keys compliance, passed, failed, skipped, no_impact, error; under compliance: min, max; under a status: total (a number, or min/max) and critical, high, medium, low (and none for no_impact) with min, max, controls`;
function thrError(origin, key, message) {
    return new errors/* InputError */.dz('KCS-THR-004', `threshold ${origin}: ${key ? `${key}: ` : ''}${message}`, {
        hint: `Allowed: ${ALLOWED}.`,
    });
}
function isMapping(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
function show(value) {
    return JSON.stringify(value) ?? String(value);
}
function parseText(text, origin) {
    const meaningful = text.split(/\r?\n/).some((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    if (!meaningful) {
        throw new errors/* InputError */.dz('KCS-THR-001', `threshold ${origin} is empty${text.trim() === '' ? '' : ' (only comments)'}`, {
            hint: 'Write at least one rule, e.g. `compliance: {min: 80}`, or leave the threshold out to only report.',
        });
    }
    try {
        return (0,js_yaml/* load */.Hh)(text);
    }
    catch (error) {
        const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new errors/* InputError */.dz('KCS-THR-002', `threshold ${origin} is not valid YAML or JSON: ${detail}`, {
            hint: 'Check indentation and quoting; JSON is valid YAML.',
        });
    }
}
/**
 * Turns `a.b.c: v` keys into nested mappings, at any level, and merges them with nested keys. A path given twice
 * is an error (the CLI silently keeps only one of them).
 */
function expandDotted(value, origin, prefix = '') {
    const out = {};
    for (const [rawKey, child] of Object.entries(value)) {
        const parts = rawKey.split('.');
        let target = out;
        for (let i = 0; i < parts.length - 1; i += 1) {
            const part = parts[i];
            const existing = target[part];
            if (existing === undefined)
                target[part] = {};
            else if (!isMapping(existing))
                throw conflict(origin, prefix + parts.slice(0, i + 1).join('.'));
            target = target[part];
        }
        const last = parts[parts.length - 1];
        const full = prefix + rawKey;
        const expanded = isMapping(child) ? expandDotted(child, origin, `${full}.`) : child;
        const existing = target[last];
        if (existing === undefined)
            target[last] = expanded;
        else if (isMapping(existing) && isMapping(expanded))
            target[last] = mergeMappings(existing, expanded, origin, `${full}.`);
        else
            throw conflict(origin, full);
    }
    return out;
}
function mergeMappings(a, b, origin, prefix) {
    const out = { ...a };
    for (const [key, value] of Object.entries(b)) {
        const existing = out[key];
        if (existing === undefined)
            out[key] = value;
        else if (isMapping(existing) && isMapping(value))
            out[key] = mergeMappings(existing, value, origin, `${prefix}${key}.`);
        else
            throw conflict(origin, prefix + key);
    }
    return out;
}
function conflict(origin, key) {
    return new errors/* InputError */.dz('KCS-THR-007', `threshold ${origin}: ${key} is given more than once (nested and dotted)`, {
        hint: 'Give each rule once.',
    });
}
function limitValue(origin, key, value, kind) {
    const allowed = kind === 'count' ? 'a whole number of controls, 0 or more' : 'a percentage from 0 to 100';
    const ok = typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= 0 &&
        (kind === 'count' ? Number.isInteger(value) : value <= 100);
    if (!ok) {
        throw new errors/* InputError */.dz('KCS-THR-005', `threshold ${origin}: ${key} is ${show(value)}; it must be ${allowed}`, {
            hint: `Write it unquoted, e.g. ${key}: ${kind === 'count' ? 0 : 80}.`,
        });
    }
    return value;
}
function parseLimits(origin, key, value, kind) {
    if (!isMapping(value))
        throw thrError(origin, key, `must be a mapping with min and/or max, got ${show(value)}`);
    const limits = {};
    for (const [k, v] of Object.entries(value)) {
        if (k !== 'min' && k !== 'max')
            throw thrError(origin, `${key}.${k}`, 'unknown limit (allowed: min, max)');
        limits[k] = limitValue(origin, `${key}.${k}`, v, kind);
    }
    return limits;
}
function parseControlList(origin, key, value) {
    if (!Array.isArray(value) || !value.every((id) => typeof id === 'string')) {
        throw new errors/* InputError */.dz('KCS-THR-006', `threshold ${origin}: ${key} must be a list of control ids (strings), got ${show(value)}`, {
            hint: 'Quote ids that YAML would read as numbers, e.g. - "1.1".',
        });
    }
    return value;
}
function parseBucket(threshold, status, sevKey, value) {
    const origin = threshold.origin;
    const key = `${status}.${sevKey}`;
    if (!isMapping(value))
        throw thrError(origin, key, `must be a mapping with min, max and/or controls, got ${show(value)}`);
    // `saf generate threshold -c` writes control lists under the severity as a tag spells it ("High") and under
    // `none` for every status; the CLI never checks those buckets.
    const checked = isSeverity(sevKey) && (sevKey !== 'none' || status === 'no_impact');
    if (!checked) {
        const generatedShape = isSeverity(sevKey.toLowerCase()) && Object.keys(value).every((k) => k === 'controls');
        if (!generatedShape) {
            throw thrError(origin, key, `unknown severity ${JSON.stringify(sevKey)} for ${status} (allowed: critical, high, medium, low${status === 'no_impact' ? ', none' : ''})`);
        }
        parseControlList(origin, `${key}.controls`, value['controls']);
        threshold.warnings.push(`threshold ${origin}: ${key}.controls is not checked (the SAF CLI never checks this bucket); ignored`);
        return;
    }
    const rule = {};
    for (const [k, v] of Object.entries(value)) {
        if (k === 'min' || k === 'max')
            rule[k] = limitValue(origin, `${key}.${k}`, v, 'count');
        else if (k === 'controls')
            rule.controls = parseControlList(origin, `${key}.controls`, v);
        else
            throw thrError(origin, `${key}.${k}`, 'unknown limit (allowed: min, max, controls)');
    }
    (threshold.buckets[status] ??= {})[sevKey] = rule;
}
function parseStatus(threshold, status, value) {
    const origin = threshold.origin;
    if (!isMapping(value))
        throw thrError(origin, status, `must be a mapping, got ${show(value)}`);
    for (const [k, v] of Object.entries(value)) {
        if (k === 'total') {
            if (isMapping(v)) {
                if ('controls' in v)
                    throw thrError(origin, `${status}.total.controls`, 'not checked by the SAF CLI; list ids per severity instead');
                threshold.totals[status] = parseLimits(origin, `${status}.total`, v, 'count');
            }
            else {
                threshold.totalExact[status] = limitValue(origin, `${status}.total`, v, 'count');
            }
        }
        else {
            parseBucket(threshold, status, k, v);
        }
    }
}
/** Parses a threshold (YAML or JSON text). Throws InputError KCS-THR-… naming the origin, the key and what is allowed. */
function parseThresholdText(text, origin) {
    const parsed = parseText(text, origin);
    if (!isMapping(parsed)) {
        throw new errors/* InputError */.dz('KCS-THR-003', `threshold ${origin} must be a mapping of rules, got ${show(parsed)}`, {
            hint: 'For example:\n  compliance:\n    min: 80\n  failed:\n    critical:\n      max: 0',
        });
    }
    const tree = expandDotted(parsed, origin);
    const threshold = { origin, compliance: {}, totalExact: {}, totals: {}, buckets: {}, warnings: [] };
    for (const [key, value] of Object.entries(tree)) {
        if (key === 'compliance')
            threshold.compliance = parseLimits(origin, 'compliance', value, 'percent');
        else if (isStatus(key))
            parseStatus(threshold, key, value);
        else
            throw thrError(origin, key, 'unknown key');
    }
    return threshold;
}
/** Reads and parses a threshold from any source the action input or the CLI flag can name. */
async function loadThreshold(source) {
    if (source.kind === 'inline')
        return parseThresholdText(source.text, 'inline');
    const origin = source.kind === 'shipped' ? `${source.name} (shipped, ${source.path})` : source.path;
    let text;
    try {
        text = await (0,promises_.readFile)(source.path, 'utf8');
    }
    catch (error) {
        const reason = error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.message})`;
        throw new errors/* InputError */.dz('KCS-THR-008', `threshold file ${source.path} ${reason}`, {
            hint: 'Give a readable YAML/JSON file, inline YAML, or a shipped name (strict, moderate, baseline).',
            cause: error,
        });
    }
    return parseThresholdText(text, origin);
}
/** Every severity a status can be limited by. */
function severitiesFor(status) {
    return status === 'no_impact' ? SEVERITIES : SEVERITIES.filter((s) => s !== 'none');
}

;// CONCATENATED MODULE: ./src/core/results/hdf-schema.ts

const optString = { type: 'string', optional: true, nullable: true };
const optNumber = { type: 'number', optional: true, nullable: true };
const RECORDS = {
    ExecJSON: {
        platform: { type: { record: 'Platform' } },
        profiles: { type: { array: { record: 'Profile' } } },
        statistics: { type: { record: 'Statistics' } },
        version: { type: 'string' },
    },
    Platform: { name: { type: 'string' }, release: { type: 'string' }, target_id: optString },
    Profile: {
        attributes: { type: { array: 'object' } },
        controls: { type: { array: { record: 'Control' } } },
        copyright: optString,
        copyright_email: optString,
        depends: { type: { array: { record: 'Dependency' } }, optional: true, nullable: true },
        description: optString,
        groups: { type: { array: { record: 'ControlGroup' } } },
        inspec_version: optString,
        license: optString,
        maintainer: optString,
        name: { type: 'string' },
        parent_profile: optString,
        sha256: { type: 'string' },
        skip_message: optString,
        status: optString,
        status_message: optString,
        summary: optString,
        supports: { type: { array: { record: 'SupportedPlatform' } } },
        title: optString,
        version: optString,
    },
    Control: {
        attestation_data: { type: { record: 'AttestationData' }, optional: true, nullable: true },
        code: optString,
        desc: optString,
        descriptions: { type: { array: { record: 'ControlDescription' } }, optional: true, nullable: true },
        id: { type: 'string' },
        impact: { type: 'number' },
        refs: { type: { array: { record: 'Reference' } } },
        results: { type: { array: { record: 'ControlResult' } } },
        source_location: { type: { record: 'SourceLocation' } },
        tags: { type: 'object' },
        title: optString,
        waiver_data: { type: { record: 'WaiverData' }, optional: true, nullable: true },
    },
    AttestationData: {
        control_id: { type: 'string' },
        explanation: { type: 'string' },
        frequency: { type: 'string' },
        status: { type: { enum: ['failed', 'passed'] } },
        updated: { type: 'string' },
        updated_by: { type: 'string' },
    },
    ControlDescription: { data: { type: 'string' }, label: { type: 'string' } },
    Reference: {
        ref: { type: { array: 'object' }, optional: true, alsoString: true },
        url: { type: 'string', optional: true },
        uri: { type: 'string', optional: true },
    },
    ControlResult: {
        backtrace: { type: { array: 'string' }, optional: true, nullable: true },
        code_desc: { type: 'string' },
        exception: optString,
        message: optString,
        resource: optString,
        resource_id: optString,
        run_time: optNumber,
        skip_message: optString,
        start_time: { type: 'string' },
        status: { type: { enum: ['error', 'failed', 'passed', 'skipped'] }, optional: true, nullable: true },
    },
    SourceLocation: { line: optNumber, ref: optString },
    WaiverData: {
        expiration_date: optString,
        justification: optString,
        message: optString,
        run: { type: 'boolean', optional: true, nullable: true },
        skipped_due_to_waiver: { type: 'boolean', optional: true, nullable: true, alsoString: true },
    },
    Dependency: {
        branch: optString,
        compliance: optString,
        git: optString,
        name: optString,
        path: optString,
        status: optString,
        status_message: optString,
        supermarket: optString,
        url: optString,
    },
    ControlGroup: { controls: { type: { array: 'string' } }, id: { type: 'string' }, title: optString },
    SupportedPlatform: {
        'os-family': optString,
        'os-name': optString,
        platform: optString,
        'platform-family': optString,
        'platform-name': optString,
        release: optString,
    },
    Statistics: {
        controls: { type: { record: 'StatisticHash' }, optional: true, nullable: true },
        duration: optNumber,
    },
    StatisticHash: {
        failed: { type: { record: 'StatisticBlock' }, optional: true, nullable: true },
        passed: { type: { record: 'StatisticBlock' }, optional: true, nullable: true },
        skipped: { type: { record: 'StatisticBlock' }, optional: true, nullable: true },
    },
    StatisticBlock: { total: { type: 'number' } },
};
class SchemaMismatch {
    path;
    expected;
    value;
    constructor(path, expected, value) {
        this.path = path;
        this.expected = expected;
        this.value = value;
    }
}
function describeType(type) {
    if (typeof type === 'string')
        return type === 'object' ? 'a mapping' : `a ${type}`;
    if ('array' in type)
        return 'a list';
    if ('record' in type)
        return 'a mapping';
    return `one of ${type.enum.map((e) => JSON.stringify(e)).join(', ')}`;
}
function hdf_schema_isMapping(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
/** Set while checking a report whose controls were checked one by one as they were parsed. */
let controlsChecked = false;
function checkType(value, type, path) {
    if (type === 'any')
        return;
    if (type === 'string' || type === 'number' || type === 'boolean') {
        if (typeof value !== type)
            throw new SchemaMismatch(path, describeType(type), value);
        return;
    }
    if (type === 'object') {
        if (!hdf_schema_isMapping(value))
            throw new SchemaMismatch(path, 'a mapping', value);
        return;
    }
    if ('enum' in type) {
        if (typeof value !== 'string' || !type.enum.includes(value))
            throw new SchemaMismatch(path, describeType(type), value);
        return;
    }
    if ('array' in type) {
        if (!Array.isArray(value))
            throw new SchemaMismatch(path, 'a list', value);
        for (let i = 0; i < value.length; i += 1)
            checkType(value[i], type.array, `${path}[${i}]`);
        return;
    }
    checkRecord(value, type.record, path);
}
function checkRecord(value, name, path) {
    if (!hdf_schema_isMapping(value))
        throw new SchemaMismatch(path, 'a mapping', value);
    const fields = RECORDS[name];
    if (!fields)
        throw new Error(`internal: unknown HDF record type ${name}`);
    for (const key in fields) {
        const field = fields[key];
        const child = Object.hasOwn(value, key) ? value[key] : undefined;
        const childPath = path ? `${path}.${key}` : key;
        if (controlsChecked && name === 'Profile' && key === 'controls' && Array.isArray(child))
            continue;
        if (child === undefined) {
            if (field.optional)
                continue;
            throw new SchemaMismatch(childPath, `${describeType(field.type)} (required)`, child);
        }
        if (child === null && field.nullable)
            continue;
        if (typeof child === 'string' && field.alsoString)
            continue;
        checkType(child, field.type, childPath);
    }
}
function preview(value) {
    if (value === undefined)
        return 'nothing';
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
function mismatchError(error, origin) {
    return new errors/* InputError */.dz('KCS-RES-002', `${origin} is not a valid InSpec/CINC Auditor JSON report: ${error.path || '(top level)'} must be ${error.expected}, got ${preview(error.value)}`, {
        hint: 'Use the json reporter of cinc-auditor/inspec exec (`--reporter json:FILE`); json-min and profile JSON are not results.',
    });
}
/**
 * Throws an InputError naming the JSON path of the first field that does not match the exec-json schema.
 * `origin` names the file (or "results") in the message. With `controlsChecked`, profiles' controls lists are taken
 * as already checked by assertControl.
 */
function assertExecJson(report, origin, options = {}) {
    controlsChecked = options.controlsChecked ?? false;
    try {
        checkRecord(report, 'ExecJSON', '');
    }
    catch (error) {
        if (error instanceof SchemaMismatch)
            throw mismatchError(error, origin);
        throw error;
    }
    finally {
        controlsChecked = false;
    }
}
/** Checks one control (at `path`, e.g. `profiles[0].controls[3]`) against the schema. */
function assertControl(control, path, origin) {
    try {
        checkRecord(control, 'Control', path);
    }
    catch (error) {
        if (error instanceof SchemaMismatch)
            throw mismatchError(error, origin);
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/core/results/json-scan.ts
// Parses a report without building the whole object graph at once. Most of a report's bytes are control texts
// (descriptions, check and fix text, code) that the evaluation never reads; JSON.parse of a 60 MB report builds
// about 180 MB of objects for them, next to the 60 MB string (and, while a file is decoded, its bytes). Here a small
// scanner walks the structure down to each control's members, checks those long texts without building them, parses
// every other member with JSON.parse and hands the control to a callback that checks it and keeps what is needed.
// It works on the file's bytes as well as on a string, so a large file never becomes one large string. The accepted
// syntax is JSON.parse's; any shape other than the expected one is parsed whole and left to the schema check.
class JsonScanError extends SyntaxError {
}
// JSON forbids raw control characters in strings: this regex exists to find them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f]/;
const HEX4 = /^[0-9a-fA-F]{4}$/;
/** Whether the content of a JSON string (between its quotes) is valid: no raw control character, valid escapes. */
function validStringContent(content) {
    if (CONTROL_CHARACTER.test(content))
        return false;
    for (let i = content.indexOf('\\'); i >= 0; i = content.indexOf('\\', i)) {
        const next = content[i + 1];
        if (next === 'u') {
            if (!HEX4.test(content.slice(i + 2, i + 6)))
                return false;
            i += 6;
        }
        else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
            i += 2;
        }
        else {
            return false;
        }
    }
    return true;
}
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
function isWhitespace(code) {
    return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
function stringSource(text) {
    return {
        length: text.length,
        code: (i) => text.charCodeAt(i),
        indexOfQuote: (from) => text.indexOf('"', from),
        slice: (start, end) => text.slice(start, end),
    };
}
function bytesSource(bytes) {
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return {
        length: buffer.length,
        code: (i) => buffer[i] ?? Number.NaN,
        indexOfQuote: (from) => buffer.indexOf(QUOTE, from),
        slice: (start, end) => buffer.toString('utf8', start, end),
    };
}
class Scanner {
    src;
    pos = 0;
    constructor(src) {
        this.src = src;
    }
    peek() {
        return this.src.code(this.pos);
    }
    ws() {
        while (this.pos < this.src.length && isWhitespace(this.src.code(this.pos)))
            this.pos += 1;
    }
    fail(what) {
        if (this.pos >= this.src.length)
            throw new JsonScanError(`Unexpected end of JSON input (at offset ${this.pos})`);
        throw new JsonScanError(`${what}, found ${JSON.stringify(String.fromCharCode(this.peek()))} at offset ${this.pos}`);
    }
    expect(code) {
        if (this.peek() !== code)
            this.fail(`Expected ${JSON.stringify(String.fromCharCode(code))}`);
        this.pos += 1;
    }
    /** At a `"`: moves past the closing quote (an escaped quote has an odd number of backslashes before it). */
    skipString() {
        let from = this.pos + 1;
        for (;;) {
            const q = this.src.indexOfQuote(from);
            if (q < 0) {
                this.pos = this.src.length;
                this.fail('Unterminated string');
            }
            let backslashes = 0;
            for (let b = q - 1; b >= 0 && this.src.code(b) === BACKSLASH; b -= 1)
                backslashes += 1;
            if (backslashes % 2 === 0) {
                this.pos = q + 1;
                return;
            }
            from = q + 1;
        }
    }
    /** Moves past one value without building it; JSON.parse of the slice checks its syntax later. */
    skipValue() {
        const c = this.peek();
        if (c === QUOTE)
            return this.skipString();
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
            let depth = 0;
            while (this.pos < this.src.length) {
                const code = this.src.code(this.pos);
                if (code === QUOTE) {
                    this.skipString();
                    continue;
                }
                if (code === OPEN_BRACE || code === OPEN_BRACKET)
                    depth += 1;
                else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
                    depth -= 1;
                    if (depth === 0) {
                        this.pos += 1;
                        return;
                    }
                }
                this.pos += 1;
            }
            this.fail('Unterminated object or array');
        }
        const start = this.pos;
        for (; this.pos < this.src.length; this.pos += 1) {
            const code = this.src.code(this.pos);
            if (isWhitespace(code) || code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET)
                break;
        }
        if (this.pos === start)
            this.fail('Expected a value');
    }
    /**
     * A string whose content is not needed: checked as JSON.parse would check it (no raw control character, only valid
     * escapes), then replaced by '' so that its type still shows.
     */
    checkedStringPlaceholder() {
        const start = this.pos;
        this.skipString();
        if (!validStringContent(this.src.slice(start + 1, this.pos - 1))) {
            throw new JsonScanError(`Bad control character or escape in the string at offset ${start}`);
        }
        return '';
    }
    parseSlice(start) {
        try {
            return JSON.parse(this.src.slice(start, this.pos));
        }
        catch (error) {
            const detail = error instanceof Error ? error.message : String(error);
            throw new JsonScanError(`${detail} (in the value at offset ${start})`);
        }
    }
    /** Any value, parsed whole. */
    value() {
        const start = this.pos;
        this.skipValue();
        return this.parseSlice(start);
    }
    key() {
        if (this.peek() !== QUOTE)
            this.fail('Expected a property name');
        const start = this.pos;
        this.skipString();
        return this.parseSlice(start);
    }
    /** Walks an object, handing each member to `member`, which must consume the value. */
    object(member) {
        const out = {};
        this.expect(OPEN_BRACE);
        this.ws();
        if (this.peek() === CLOSE_BRACE) {
            this.pos += 1;
            return out;
        }
        for (;;) {
            this.ws();
            const key = this.key();
            this.ws();
            this.expect(COLON);
            this.ws();
            const value = member(key);
            // Same as JSON.parse: a repeated key keeps its last value; __proto__ is an own property, not the prototype.
            if (key === '__proto__')
                Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
            else
                out[key] = value;
            this.ws();
            if (this.peek() === COMMA) {
                this.pos += 1;
                continue;
            }
            this.expect(CLOSE_BRACE);
            return out;
        }
    }
    array(element) {
        const out = [];
        this.expect(OPEN_BRACKET);
        this.ws();
        if (this.peek() === CLOSE_BRACKET) {
            this.pos += 1;
            return out;
        }
        for (;;) {
            this.ws();
            out.push(element(out.length));
            this.ws();
            if (this.peek() === COMMA) {
                this.pos += 1;
                continue;
            }
            this.expect(CLOSE_BRACKET);
            return out;
        }
    }
}
// Control members that hold only text the evaluation never reads: their strings are checked, not built.
const TEXT_MEMBERS = new Set(['desc', 'code']);
const DESCRIPTION_TEXT = new Set(['data', 'label']);
function leanControlValue(s) {
    if (s.peek() !== OPEN_BRACE)
        return s.value();
    return s.object((key) => {
        if (TEXT_MEMBERS.has(key) && s.peek() === QUOTE)
            return s.checkedStringPlaceholder();
        if (key === 'descriptions' && s.peek() === OPEN_BRACKET) {
            return s.array(() => s.peek() === OPEN_BRACE
                ? s.object((k) => (DESCRIPTION_TEXT.has(k) && s.peek() === QUOTE ? s.checkedStringPlaceholder() : s.value()))
                : s.value());
        }
        return s.value();
    });
}
/**
 * Parses report text (a string or its UTF-8 bytes) like JSON.parse, except that each element of
 * `profiles[i].controls` goes through `onControl` (which checks it and returns what to keep), with the strings of its
 * `desc`, `code` and `descriptions` checked but replaced by '' (an evaluation never reads them).
 * Throws JsonScanError (a SyntaxError) on invalid JSON.
 */
function parseReportText(text, onControl) {
    const src = typeof text === 'string' ? stringSource(text) : bytesSource(text);
    const s = new Scanner(src);
    s.ws();
    if (s.peek() !== OPEN_BRACE)
        return JSON.parse(src.slice(0, src.length));
    const controls = (profile) => s.peek() === OPEN_BRACKET ? s.array((index) => onControl(leanControlValue(s), profile, index)) : s.value();
    const profile = (index) => s.peek() === OPEN_BRACE ? s.object((key) => (key === 'controls' ? controls(index) : s.value())) : s.value();
    const result = s.object((key) => (key === 'profiles' && s.peek() === OPEN_BRACKET ? s.array(profile) : s.value()));
    s.ws();
    if (s.pos < src.length)
        s.fail('Unexpected non-whitespace character after JSON');
    return result;
}

;// CONCATENATED MODULE: ./src/core/results/report.ts




/** Keeps what the evaluation reads of a control that passed the schema check. */
function leanControl(value) {
    const c = value;
    const tags = {};
    if (c.tags['severity'] !== undefined)
        tags['severity'] = c.tags['severity'];
    if (c.tags['severityoverride'] !== undefined)
        tags['severityoverride'] = c.tags['severityoverride'];
    return {
        id: c.id,
        ...(c.title !== undefined ? { title: c.title } : {}),
        impact: c.impact,
        tags,
        results: c.results.map((r) => ({
            status: r.status,
            backtrace: r.backtrace,
            message: r.message,
            exception: r.exception,
            code_desc: r.code_desc,
        })),
        ...(c.waiver_data ? { waiver_data: { skipped_due_to_waiver: c.waiver_data.skipped_due_to_waiver } } : {}),
    };
}
/**
 * Reports up to this size are parsed whole with JSON.parse (fastest); larger ones with the scanner of json-scan.ts,
 * which never holds the whole object graph (a 60 MB report then peaks near 150 MB instead of 400 MB).
 */
const SCAN_ABOVE_BYTES = 8 * 1024 * 1024;
function decode(text) {
    return typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8');
}
function parseWhole(text, origin) {
    const parsed = JSON.parse(decode(text));
    const profiles = parsed?.profiles;
    if (!Array.isArray(profiles))
        return parsed;
    profiles.forEach((profile, p) => {
        const controls = profile?.controls;
        if (!Array.isArray(controls))
            return;
        controls.forEach((control, i) => {
            assertControl(control, `profiles[${p}].controls[${i}]`, origin);
            controls[i] = leanControl(control);
        });
    });
    return parsed;
}
/**
 * Parses and checks a report: each control against the schema, keeping only what the evaluation reads. Reports over
 * `scanAbove` bytes are scanned control by control, so a 60 MB report never exists as one object graph.
 */
function parseReportJson(text, origin, scanAbove = SCAN_ABOVE_BYTES) {
    let parsed;
    try {
        parsed =
            text.length > scanAbove
                ? parseReportText(text, (control, profile, index) => {
                    assertControl(control, `profiles[${profile}].controls[${index}]`, origin);
                    return leanControl(control);
                })
                : parseWhole(text, origin);
    }
    catch (error) {
        if (!(error instanceof SyntaxError))
            throw error;
        const empty = decode(text).trim() === '';
        throw new errors/* InputError */.dz('KCS-RES-001', empty ? `${origin} is empty` : `${origin} is not JSON (truncated or not a report): ${error.message}`, { hint: 'Pass the JSON report written by cinc-auditor/inspec exec --reporter json:FILE, complete.' });
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && !('profiles' in parsed)) {
        const profileJson = 'controls' in parsed;
        throw new errors/* InputError */.dz('KCS-RES-003', profileJson
            ? `${origin} is a profile description (inspec json), not scan results: it has controls but no profiles with results`
            : `${origin} has no "profiles" list: it is not an InSpec/CINC Auditor JSON report`, { hint: 'Run the profile with cinc-auditor exec --reporter json:FILE and pass that file.' });
    }
    assertExecJson(parsed, origin, { controlsChecked: true });
    return parsed;
}
/** inspecjs' severity: the override tag, then the severity tag, kept as written; else from the impact. */
function controlSeverity(control, path, origin) {
    for (const tag of ['severityoverride', 'severity']) {
        const value = control.tags[tag];
        if (value === undefined || value === null)
            continue;
        if (typeof value !== 'string') {
            // The SAF CLI crashes on this (it lowercases the tag); we say what is wrong.
            throw new errors/* InputError */.dz('KCS-RES-002', `${origin}: ${path}.tags.${tag} must be a string, got ${JSON.stringify(value)}`);
        }
        if (isSeverity(value.toLowerCase()))
            return value;
    }
    return severityFromImpact(control.impact);
}
function severityFromImpact(impact) {
    if (impact < 0.1)
        return 'none';
    if (impact < 0.4)
        return 'low';
    if (impact < 0.7)
        return 'medium';
    if (impact < 0.9)
        return 'high';
    return 'critical';
}
/** inspecjs' ExecControl.compute_status, in its order. */
function controlStatus(control) {
    const statuses = control.results.map((r) => (r.backtrace ? 'error' : (r.status ?? 'no_status')));
    if (statuses.includes('error'))
        return 'error';
    if (control.waiver_data?.skipped_due_to_waiver || control.impact === 0)
        return 'no_impact';
    if (statuses.length === 0)
        return 'error';
    if (statuses.includes('failed'))
        return 'failed';
    if (statuses.includes('passed'))
        return 'passed';
    if (statuses.includes('skipped'))
        return 'skipped';
    return 'error';
}
function firstMessage(control, status) {
    const wanted = status === 'error' ? 'error' : 'failed';
    for (const r of control.results) {
        const rs = r.backtrace ? 'error' : r.status;
        if (rs !== wanted)
            continue;
        const text = r.message ?? r.exception ?? r.code_desc;
        if (text)
            return text.trim();
    }
    if (status === 'error' && control.results.length === 0)
        return 'No describe blocks were run in this control';
    return undefined;
}
/**
 * Links controls the way inspecjs does: a profile whose parent_profile names another profile is that profile's
 * dependency; a control of a profile with dependencies extends the first dependency control with the same id;
 * controls of unlinked profiles extend the first control with the same id anywhere that has results (or the first
 * one). Maps replace inspecjs' per-control scans, which are quadratic.
 */
function linkControls(report) {
    const profiles = report.profiles;
    const extendsFrom = profiles.map(() => []);
    const extendedBy = profiles.map(() => 0);
    const firstByName = new Map();
    profiles.forEach((p, i) => {
        if (!firstByName.has(p.name))
            firstByName.set(p.name, i);
    });
    profiles.forEach((p, i) => {
        if (p.parent_profile === undefined || p.parent_profile === null)
            return;
        const parent = firstByName.get(p.parent_profile);
        if (parent === undefined)
            return;
        extendsFrom[parent]?.push(i);
        extendedBy[i] = (extendedBy[i] ?? 0) + 1;
    });
    const nodes = profiles.map((p, pi) => p.controls.map((control, index) => ({ control, profile: pi, index, parent: undefined, extendedBy: 0 })));
    const firstById = nodes.map((list) => {
        const map = new Map();
        for (const n of list)
            if (!map.has(n.control.id))
                map.set(n.control.id, n);
        return map;
    });
    const globalFirst = new Map();
    const globalPopulated = new Map();
    for (const list of nodes) {
        for (const n of list) {
            if (!globalFirst.has(n.control.id))
                globalFirst.set(n.control.id, n);
            if (n.control.results.length > 0 && !globalPopulated.has(n.control.id))
                globalPopulated.set(n.control.id, n);
        }
    }
    for (const list of nodes) {
        for (const n of list) {
            const deps = extendsFrom[n.profile] ?? [];
            if (deps.length > 0 || (extendedBy[n.profile] ?? 0) > 0) {
                for (const dep of deps) {
                    const ancestor = firstById[dep]?.get(n.control.id);
                    if (ancestor) {
                        ancestor.extendedBy += 1;
                        n.parent = ancestor;
                        break;
                    }
                }
                continue;
            }
            const target = globalPopulated.get(n.control.id) ?? globalFirst.get(n.control.id);
            if (target && target !== n) {
                target.extendedBy += 1;
                n.parent = target;
            }
        }
    }
    return nodes;
}
function rootOf(node, limit) {
    // parent_profile resolves to the first profile of a name, so a counted control cannot reach a cycle; the bound
    // only keeps a future change from turning one into a hang.
    let current = node;
    for (let steps = 0; current.parent; steps += 1) {
        if (steps > limit)
            throw new Error(`internal: control ${JSON.stringify(node.control.id)} has a cyclic parent chain`);
        current = current.parent;
    }
    return current;
}
/** The controls the SAF CLI counts: those of profiles[0] that nothing extends, each judged by its deepest control. */
function countedControls(report, origin) {
    const nodes = linkControls(report);
    const total = nodes.reduce((sum, list) => sum + list.length, 0);
    const controls = [];
    const unbucketedSeverities = new Map();
    for (const node of nodes[0] ?? []) {
        if (node.extendedBy > 0)
            continue;
        const root = rootOf(node, total);
        const path = `profiles[${root.profile}].controls[${root.index}]`;
        const severityAsWritten = controlSeverity(root.control, path, origin);
        const severity = isSeverity(severityAsWritten) ? severityAsWritten : undefined;
        if (!severity)
            unbucketedSeverities.set(severityAsWritten, (unbucketedSeverities.get(severityAsWritten) ?? 0) + 1);
        const status = controlStatus(root.control);
        controls.push({
            id: root.control.id,
            title: node.control.title ?? root.control.title ?? undefined,
            status,
            severityAsWritten,
            severity,
            impact: root.control.impact,
            message: status === 'failed' || status === 'error' ? firstMessage(root.control, status) : undefined,
        });
    }
    return { controls, unbucketedSeverities };
}

;// CONCATENATED MODULE: ./src/core/results/evaluate.ts



const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3, none: 4 };
const STATUS_RANK = { failed: 0, error: 1 };
function countControls(controls) {
    const counts = emptyCounts();
    for (const c of controls) {
        counts[c.status].total += 1;
        if (c.severity)
            counts[c.status][c.severity] += 1;
    }
    return counts;
}
/** The SAF CLI's compliance: passed over everything but not-applicable, rounded; 0 when nothing is in the denominator. */
function complianceOf(counts) {
    const denominator = counts.passed.total + counts.failed.total + counts.skipped.total + counts.error.total;
    return denominator === 0 ? 0 : Math.round((100 * counts.passed.total) / denominator);
}
function countMessage(rule, status, actual, relation, limit) {
    return `${rule}: Threshold not met. Number of received total ${status} controls (${actual}) is ${relation} your set threshold for the number of ${status} controls (${limit})`;
}
function idsBySeverity(controls) {
    const map = new Map();
    for (const c of controls) {
        const key = `${c.status}.${c.severityAsWritten}`;
        const list = map.get(key);
        if (list)
            list.push(c.id);
        else
            map.set(key, [c.id]);
    }
    return map;
}
function checkControlList(rule, expected, actual) {
    // The CLI: every expected id must be present, then the lengths must match. An empty list is the one deviation:
    // the CLI fails it even on an empty bucket (it compares 0 with `undefined`); here it means "no controls".
    const missing = expected.find((id) => !actual.includes(id));
    if (missing !== undefined) {
        return {
            rule,
            expected,
            actual,
            message: `Expected ${rule} to contain ${missing} controls but it only contained [${actual.join(', ')}]`,
        };
    }
    if (expected.length !== actual.length) {
        return {
            rule,
            expected,
            actual,
            message: `Expected ${rule} to contain ${expected.length} controls but it contained ${actual.length}`,
        };
    }
    return undefined;
}
/** Every violated rule, in the order the SAF CLI checks them; rules the CLI does not check come last. */
function checkThreshold(threshold, counts, compliance, controls) {
    const violations = [];
    const { min: cMin, max: cMax } = threshold.compliance;
    // The CLI skips a limit of 0 (`if (min && …)`); min 0 can never fail, max 0 is checked at the end (a deviation).
    if (cMin && compliance < cMin) {
        violations.push({ rule: 'compliance.min', expected: cMin, actual: compliance, message: 'Overall compliance minimum was not satisfied' });
    }
    if (cMax && compliance > cMax) {
        violations.push({ rule: 'compliance.max', expected: cMax, actual: compliance, message: 'Overall compliance maximum was not satisfied' });
    }
    for (const status of STATUSES) {
        const exact = threshold.totalExact[status];
        const actual = counts[status].total;
        if (exact !== undefined && actual !== exact) {
            const rule = `${status}.total`;
            violations.push({ rule, expected: exact, actual, message: countMessage(rule, status, actual, 'not equal to', exact) });
        }
    }
    const cliTotalStatuses = STATUSES.filter((s) => s !== 'no_impact');
    const totalChecks = (statuses) => {
        for (const kind of ['min', 'max']) {
            for (const status of statuses) {
                const limit = threshold.totals[status]?.[kind];
                const actual = counts[status].total;
                if (limit === undefined)
                    continue;
                if (kind === 'min' ? actual < limit : actual > limit) {
                    const rule = `${status}.total.${kind}`;
                    const relation = kind === 'min' ? 'less than' : 'greater than';
                    violations.push({ rule, expected: limit, actual, message: countMessage(rule, status, actual, relation, limit) });
                }
            }
        }
    };
    totalChecks(cliTotalStatuses);
    const bucketOrder = ['passed', 'failed', 'skipped', 'error', 'no_impact'];
    for (const severity of types_SEVERITIES) {
        for (const status of bucketOrder) {
            if (severity === 'none' && status !== 'no_impact')
                continue;
            const rule = threshold.buckets[status]?.[severity];
            const actual = counts[status][severity];
            for (const kind of ['min', 'max']) {
                const limit = rule?.[kind];
                if (limit === undefined)
                    continue;
                if (kind === 'min' ? actual < limit : actual > limit) {
                    const path = `${status}.${severity}.${kind}`;
                    const relation = kind === 'min' ? 'less than' : 'greater than';
                    violations.push({ rule: path, expected: limit, actual, message: countMessage(path, status, actual, relation, limit) });
                }
            }
        }
    }
    const ids = idsBySeverity(controls);
    for (const severity of types_SEVERITIES) {
        for (const status of bucketOrder) {
            const expected = threshold.buckets[status]?.[severity]?.controls;
            if (expected === undefined)
                continue;
            const violation = checkControlList(`${status}.${severity}.controls`, expected, ids.get(`${status}.${severity}`) ?? []);
            if (violation)
                violations.push(violation);
        }
    }
    // Rules the SAF CLI accepts but never checks; we honour them (documented deviations), after the CLI's own.
    if (cMax === 0 && compliance > 0) {
        violations.push({ rule: 'compliance.max', expected: 0, actual: compliance, message: 'Overall compliance maximum was not satisfied' });
    }
    totalChecks(['no_impact']);
    return violations;
}
function bySeverity(a, b) {
    const rank = (s) => SEVERITY_RANK[s.toLowerCase()] ?? 5;
    return (rank(a.severity) - rank(b.severity) ||
        (STATUS_RANK[a.status] ?? 9) - (STATUS_RANK[b.status] ?? 9) ||
        b.impact - a.impact ||
        a.id.localeCompare(b.id, 'en'));
}
/**
 * Evaluates a report (an InSpec/CINC Auditor JSON report, as text or as its UTF-8 bytes: bytes keep a large file
 * from ever becoming one large string) against an optional threshold. Invalid input is an InputError (KCS-RES-…):
 * a report nobody can evaluate must never pass a gate.
 */
function evaluateReport(reportText, options) {
    const { origin, threshold } = options;
    const report = parseReportJson(reportText, origin);
    const first = report.profiles[0];
    if (!first) {
        throw new errors/* InputError */.dz('KCS-RES-003', `${origin} has an empty "profiles" list: the scan produced no results`, {
            hint: 'Check the scan log: the profile may have failed to load.',
        });
    }
    if (first.status !== undefined && first.status !== null && first.status !== 'loaded') {
        const why = first.status_message ? `: ${first.status_message}` : '';
        throw new errors/* InputError */.dz('KCS-RES-004', `${origin}: profile ${JSON.stringify(first.name)} did not load (status ${JSON.stringify(first.status)}${why})`, {
            hint: 'Fix the profile (or its platform support) and scan again; a profile that did not run cannot pass.',
        });
    }
    const { controls, unbucketedSeverities } = countedControls(report, origin);
    if (controls.length === 0) {
        throw new errors/* InputError */.dz('KCS-RES-005', `${origin}: no control of the first profile ${JSON.stringify(first.name)} counts (it is empty, or a dependency is listed before its overlay)`, {
            hint: 'A scan in which nothing was evaluated cannot pass a gate; check the profile and its controls filter.',
        });
    }
    const counts = countControls(controls);
    const compliance = complianceOf(counts);
    const warnings = [...(threshold?.warnings ?? [])];
    for (const [severity, n] of unbucketedSeverities) {
        warnings.push(`${n} control(s) have severity ${JSON.stringify(severity)}: as in the SAF CLI they count in the totals but in no severity bucket (the tag is not lowercase)`);
    }
    const violations = threshold ? checkThreshold(threshold, counts, compliance, controls) : [];
    const summaries = controls
        .filter((c) => c.status === 'failed' || c.status === 'error')
        .map((c) => ({ id: c.id, title: c.title, status: c.status, severity: c.severityAsWritten, impact: c.impact, message: c.message }))
        .sort(bySeverity);
    const evaluation = {
        result: violations.length > 0 ? 'fail' : 'pass',
        compliance,
        counts,
        violations,
        profiles: report.profiles.map((p) => ({
            name: p.name,
            ...(p.version ? { version: p.version } : {}),
            ...(p.title ? { title: p.title } : {}),
        })),
        platform: { name: report.platform.name, release: report.platform.release },
        controls: summaries,
        thresholdGiven: threshold !== undefined,
        warnings,
    };
    return evaluation;
}

;// CONCATENATED MODULE: ./src/core/results/markdown.ts

/** GitHub refuses a job summary over 1 MiB; keep a margin for what the action appends. */
const DEFAULT_MAX_BYTES = 1024 * 1024 - 32 * 1024;
// Characters that Markdown, GFM tables, HTML, autolinks, @mentions or #references give a meaning to. Each becomes a
// numeric character reference, which GitHub shows as the character itself but never interprets.
const SPECIAL = /[&<>"'`|*_~[\]()\\#!{}@:=+\-.^$%]/g;
// Control characters (an ESC sequence recolours a terminal that shows scan-summary.md) and the bidi overrides that make
// an id or a title read as something else.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u202a-\u202e\u2066-\u2069]/g;
/**
 * GitHub turns `@name` and `#123` into mentions and links after it has decoded entities, so an entity alone does not
 * stop them: a zero-width space after the sign does.
 */
function entity(c) {
    if (c === '@' || c === '#')
        return `&#${c.charCodeAt(0)};&#8203;`;
    return `&#${c.charCodeAt(0)};`;
}
/** One line of inert text: special characters as entities, every run of whitespace (newlines too) as one space. */
function inline(text, maxChars = 400) {
    const collapsed = text.replace(INVISIBLE, '').replace(/[\s\u0085\u2028\u2029]+/gu, ' ').trim();
    let end = maxChars - 1;
    // Never cut between the two halves of a surrogate pair (an emoji would become U+FFFD).
    if (/[\uD800-\uDBFF]/.test(collapsed[end - 1] ?? ''))
        end -= 1;
    const cut = collapsed.length > maxChars ? `${collapsed.slice(0, end)}…` : collapsed;
    return cut.replace(SPECIAL, entity);
}
function pct(n) {
    return `${n}%`;
}
function headline(evaluation) {
    if (!evaluation.thresholdGiven)
        return '## ℹ️ Compliance scan: no threshold set';
    return evaluation.result === 'pass' ? '## ✅ Compliance scan passed the threshold' : '## ❌ Compliance scan failed the threshold';
}
function metaLines(meta) {
    const items = [];
    if (meta.image)
        items.push(`**Image:** ${inline(meta.image)}`);
    if (meta.imageDigest)
        items.push(`**Digest:** ${inline(meta.imageDigest)}`);
    if (meta.profile)
        items.push(`**Profile:** ${inline(meta.profile)}`);
    if (meta.threshold)
        items.push(`**Threshold:** ${inline(meta.threshold)}`);
    return items;
}
function countsTable(evaluation) {
    const columns = types_SEVERITIES.filter((s) => s !== 'none');
    const lines = [
        `| Status | ${columns.map((s) => SEVERITY_LABEL[s]).join(' | ')} | Total |`,
        `| --- | ${columns.map(() => '---:').join(' | ')} | ---: |`,
    ];
    for (const status of STATUSES) {
        const row = evaluation.counts[status];
        lines.push(`| ${STATUS_LABEL[status]} | ${columns.map((s) => String(row[s])).join(' | ')} | ${row.total} |`);
    }
    return lines;
}
function showValue(value) {
    if (!Array.isArray(value))
        return inline(String(value));
    const shown = value.slice(0, 20).map((v) => inline(v, 80));
    const more = value.length > 20 ? `, … ${value.length - 20} more` : '';
    return `[${shown.join(', ')}${more}]`;
}
function violationLine(v) {
    return `- \`${v.rule}\`: expected ${showValue(v.expected)}, got ${showValue(v.actual)}. ${inline(v.message, 600)}`;
}
function controlRow(c) {
    const status = STATUS_LABEL[c.status];
    const title = c.title ? inline(c.title, 200) : '';
    const message = c.message ? inline(c.message, 300) : '';
    return `| ${inline(c.severity, 20)} | ${inline(c.id, 80)} | ${status} | ${c.impact} | ${title} | ${message} |`;
}
function bytes(text) {
    return Buffer.byteLength(text, 'utf8');
}
/** Renders the summary; lists are cut (with a note saying how many were left out) so it stays under maxBytes. */
function renderSummaryMarkdown(evaluation, meta, options = {}) {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const head = [headline(evaluation), ''];
    const metaItems = metaLines(meta);
    head.push([`**Compliance:** ${pct(evaluation.compliance)}`, ...metaItems].join(' · '), '');
    head.push(...countsTable(evaluation), '');
    if (evaluation.thresholdGiven) {
        if (evaluation.violations.length === 0)
            head.push('Every threshold rule is met.', '');
        else
            head.push(`**Violated threshold rules (${evaluation.violations.length}):**`, '');
    }
    const tail = [];
    if (meta.artifactUrl)
        tail.push('', `Full results: [scan results artifact](${encodeURI(meta.artifactUrl).replace(/[()]/g, encodeURIComponent)})`);
    for (const w of evaluation.warnings)
        tail.push('', `> ⚠️ ${inline(w, 600)}`);
    const tailText = tail.join('\n') + '\n';
    let out = head.join('\n') + '\n';
    const budget = () => maxBytes - bytes(tailText) - 400;
    let used = bytes(out);
    const vLines = [];
    let vShown = 0;
    for (const v of evaluation.violations) {
        const line = violationLine(v) + '\n';
        if (used + bytes(line) > budget() / 2)
            break;
        vLines.push(line);
        used += bytes(line);
        vShown += 1;
    }
    out += vLines.join('');
    if (vShown < evaluation.violations.length) {
        out += `- … ${evaluation.violations.length - vShown} more violated rules not shown (see summary.json)\n`;
    }
    if (vLines.length > 0)
        out += '\n';
    const controls = evaluation.controls;
    if (controls.length > 0) {
        const failed = controls.filter((c) => c.status === 'failed').length;
        const errored = controls.length - failed;
        out += `<details><summary>Failed (${failed}) and errored (${errored}) controls, most severe first</summary>\n\n`;
        out += '| Severity | Control | Status | Impact | Title | Message |\n| --- | --- | --- | ---: | --- | --- |\n';
        used = bytes(out);
        const closing = '\n</details>\n';
        let shown = 0;
        const rows = [];
        for (const c of controls) {
            const row = controlRow(c) + '\n';
            if (used + bytes(row) + bytes(closing) > budget())
                break;
            rows.push(row);
            used += bytes(row);
            shown += 1;
        }
        out += rows.join('');
        if (shown < controls.length) {
            out += `\n… ${controls.length - shown} more controls not shown to keep this summary under GitHub's size limit (see scan-results.json).\n`;
        }
        out += closing;
    }
    return out + tailText;
}
/** The summary for `result=error`: what went wrong, as inert text. */
function renderErrorMarkdown(message, meta) {
    const lines = ['## ⚠️ Compliance scan error', ''];
    const metaItems = metaLines(meta);
    if (metaItems.length > 0)
        lines.push(metaItems.join(' · '), '');
    for (const part of message.split(/\r?\n/).slice(0, 40)) {
        if (part.trim() !== '')
            lines.push(`> ${inline(part, 1000)}`, '>');
    }
    if (lines[lines.length - 1] === '>')
        lines.pop();
    lines.push('', 'No threshold was evaluated: the step reports `result=error`.');
    if (meta.artifactUrl)
        lines.push('', `Logs and partial results: [artifact](${encodeURI(meta.artifactUrl)})`);
    return lines.join('\n') + '\n';
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/core/results/files.ts



function buildSummaryJson(evaluation, meta) {
    const common = {
        image: meta.image ?? null,
        imageDigest: meta.imageDigest ?? null,
        profile: meta.profile ?? null,
        threshold: meta.threshold ?? null,
        ...(meta.artifactUrl ? { artifactUrl: meta.artifactUrl } : {}),
    };
    if (!evaluation || meta.error !== undefined) {
        return {
            result: 'error',
            compliance: evaluation?.compliance ?? null,
            counts: evaluation?.counts ?? null,
            violations: evaluation?.violations ?? [],
            profiles: evaluation?.profiles ?? [],
            platform: evaluation?.platform ?? null,
            ...common,
            thresholdGiven: evaluation?.thresholdGiven ?? false,
            warnings: evaluation?.warnings ?? [],
            error: meta.error ?? 'no evaluation',
        };
    }
    return {
        result: evaluation.result,
        compliance: evaluation.compliance,
        counts: evaluation.counts,
        violations: evaluation.violations,
        profiles: evaluation.profiles,
        platform: evaluation.platform ?? null,
        ...common,
        thresholdGiven: evaluation.thresholdGiven,
        warnings: evaluation.warnings,
    };
}
/** One comment line: no character may end the comment early (newlines, other control and separator characters). */
function comment(text) {
    return `# ${text.replace(/[\p{Cc}\u0085\u2028\u2029]+/gu, ' ').trim()}`;
}
/** `threshold-result.txt`: sourceable by a shell, THRESHOLD_RESULT first, then one comment per violation. */
function renderThresholdResult(evaluation, error) {
    if (!evaluation || error !== undefined) {
        return `THRESHOLD_RESULT=1\n${comment(`error: ${error ?? 'no evaluation'}`)}\n`;
    }
    if (!evaluation.thresholdGiven)
        return 'THRESHOLD_RESULT=0\n# no threshold\n';
    const lines = [`THRESHOLD_RESULT=${evaluation.result === 'pass' ? 0 : 1}`];
    if (evaluation.violations.length === 0)
        lines.push('# every threshold rule is met');
    for (const v of evaluation.violations)
        lines.push(comment(`${v.rule}: ${v.message}`));
    return lines.join('\n') + '\n';
}
/**
 * Writes scan-results.json (the report as received), scan-summary.md, threshold-result.txt and summary.json. On an
 * error it still writes whatever it has (the raw report if any, and an error summary). `reportFile` copies the report
 * from a file instead of writing `reportText` (no second in-memory copy of a large report).
 */
async function writeResultFiles(outputDir, input) {
    await (0,promises_.mkdir)(outputDir, { recursive: true });
    const files = {
        summaryFile: (0,external_node_path_.join)(outputDir, 'scan-summary.md'),
        thresholdFile: (0,external_node_path_.join)(outputDir, 'threshold-result.txt'),
        summaryJsonFile: (0,external_node_path_.join)(outputDir, 'summary.json'),
    };
    if (input.reportText !== undefined || input.reportFile !== undefined) {
        files.resultsFile = (0,external_node_path_.join)(outputDir, 'scan-results.json');
        if (input.reportText !== undefined)
            await (0,promises_.writeFile)(files.resultsFile, input.reportText);
        else if ((0,external_node_path_.resolve)(input.reportFile) !== (0,external_node_path_.resolve)(files.resultsFile))
            await (0,promises_.copyFile)(input.reportFile, files.resultsFile);
    }
    const failed = input.error !== undefined || !input.evaluation;
    const markdown = failed || !input.evaluation
        ? renderErrorMarkdown(input.error ?? 'no evaluation', input.meta)
        : renderSummaryMarkdown(input.evaluation, input.meta);
    const summary = buildSummaryJson(input.evaluation, { ...input.meta, ...(input.error !== undefined ? { error: input.error } : {}) });
    await (0,promises_.writeFile)(files.summaryFile, markdown);
    await (0,promises_.writeFile)(files.thresholdFile, renderThresholdResult(input.evaluation, input.error));
    await (0,promises_.writeFile)(files.summaryJsonFile, JSON.stringify(summary, null, 2) + '\n');
    return files;
}

;// CONCATENATED MODULE: ./src/core/results/index.ts







/***/ })

};
