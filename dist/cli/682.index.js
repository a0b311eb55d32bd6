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
/* harmony import */ var _core_config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3555);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);
/* harmony import */ var _core_results_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8706);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7654);
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2280);







// Only what evaluating needs is imported here: the dispatcher loads this module lazily, and nothing on this path may
// pull in the Kubernetes client.
const FLAGS = {
    results: { type: 'string' },
    threshold: { type: 'string' },
    'output-dir': { type: 'string' },
    image: { type: 'string' },
    'sarif-location': { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
};
const HELP = `Usage: kube-cinc-scan evaluate --results FILE [--threshold VALUE] [--output-dir DIR] [--format text|json]

Evaluates an InSpec/CINC Auditor JSON report (for example a downloaded scan-results.json) against a MITRE SAF
threshold, offline, with the SAF CLI's semantics. Every violated rule is listed; the first reads as the SAF CLI's
message. Writes scan-results.json, scan-summary.md, threshold-result.txt, summary.json, scan-results.sarif (SARIF
2.1.0 for code scanning) and scan-results.junit.xml (JUnit, for CI test reports) to the output directory.

Flags:
  --results FILE        the JSON report (required)
  --threshold VALUE     inline YAML (text with a newline, ':' or '{'), a threshold file, or a shipped threshold
                        name (strict, moderate, baseline); without it the report is only summarised
  --output-dir DIR      where to write the files (default: ./kube-cinc-scan-results)
  --image IMAGE         the image the report is of: names the SARIF analysis and keeps its alert fingerprints
                        stable across runs (default: none; take it from summary.json's "image")
  --sarif-location PATH the repository file SARIF results attach to (default: ${_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .DEFAULT_SARIF_LOCATION */ .ql})
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
        const reason = error.code === 'ENOENT'
            ? 'does not exist'
            : `cannot be read (${error.message})`;
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('KCS-RES-006', `results file ${path} ${reason}`, {
            hint: 'Pass the JSON report of a scan (scan-results.json in the results artifact).',
            cause: error,
        });
    }
}
/**
 * The report's bytes live only in what this returns: the details keep them for the SARIF and JUnit writers, which read
 * the long control texts from them; once the files are written, everything can be collected.
 */
async function readAndEvaluate(path, threshold, state) {
    const text = await readResults(path);
    state.reportRead = true;
    return (0,_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .evaluateReportWithDetails */ .c0)(text, { origin: path, ...(threshold ? { threshold } : {}) });
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
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('KCS-CLI-102', 'evaluate: --results FILE is required', {
            hint: "Run 'kube-cinc-scan evaluate --help'.",
        });
    }
    const outputFlag = values['output-dir'];
    const outputDir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, outputFlag ?? 'kube-cinc-scan-results');
    const thresholdFlag = values['threshold'];
    const resultsPath = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, resultsFlag);
    const sarifLocation = (0,_core_config_js__WEBPACK_IMPORTED_MODULE_2__/* .parseSarifLocation */ .MY)(values['sarif-location'] ?? '');
    const image = values['image']?.trim();
    const meta = image ? { image } : {};
    const state = { reportRead: false };
    try {
        let threshold;
        if (thresholdFlag !== undefined) {
            const source = (0,_core_config_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveThresholdSource */ .ZH)(thresholdFlag, io.cwd);
            meta.threshold = source.kind === 'shipped' ? source.name : source.kind === 'file' ? source.path : 'inline';
            threshold = await (0,_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .loadThreshold */ ._W)(source);
        }
        const { evaluation, details } = await readAndEvaluate(resultsPath, threshold, state);
        meta.profile = evaluation.profiles[0]?.name;
        const files = await (0,_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .writeResultFiles */ .SU)(outputDir, {
            reportFile: resultsPath,
            evaluation,
            details,
            sarifLocation,
            meta,
        });
        const logger = new _logger_js__WEBPACK_IMPORTED_MODULE_6__/* .CliLogger */ .fT(io);
        for (const w of evaluation.warnings)
            logger.untrusted(`warning: ${w}`);
        if (format === 'json')
            io.out((0,_logger_js__WEBPACK_IMPORTED_MODULE_6__/* .jsonSafe */ .yJ)(JSON.stringify((0,_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .buildSummaryJson */ .RX)(evaluation, meta, files), null, 2)) + '\n');
        else {
            logger.untrustedOut(textReport(evaluation, meta.threshold));
            const written = [files.summaryFile, files.summaryJsonFile, files.sarifFile, files.junitFile];
            io.out(`\nFiles: ${written.filter((f) => f !== undefined).join(', ')}\n`);
        }
        return evaluation.result === 'pass' ? _io_js__WEBPACK_IMPORTED_MODULE_5__/* .EXIT */ .d.pass : _io_js__WEBPACK_IMPORTED_MODULE_5__/* .EXIT */ .d.thresholdFailed;
    }
    catch (error) {
        if (!(error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .KcsError */ .q$))
            throw error;
        const message = (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .describeError */ .Uc)(error);
        // An explicitly named output directory gets the error files too, so a pipeline step that reads them sees why.
        const written = outputFlag === undefined
            ? {}
            : await (0,_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .writeResultFiles */ .SU)(outputDir, {
                ...(state.reportRead ? { reportFile: resultsPath } : {}),
                error: message,
                meta,
            });
        if (format === 'json') {
            const summary = (0,_core_results_index_js__WEBPACK_IMPORTED_MODULE_4__/* .buildSummaryJson */ .RX)(undefined, { ...meta, error: message }, written);
            io.out((0,_logger_js__WEBPACK_IMPORTED_MODULE_6__/* .jsonSafe */ .yJ)(JSON.stringify(summary, null, 2)) + '\n');
        }
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

/***/ 3120:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ asciiLine)
/* harmony export */ });
// One pass over an ASCII text that makes it one line: control characters removed, each run of whitespace as one
// space, trimmed. cleanLine (details.ts) and inline (markdown.ts) take it for ASCII text before their regular
// expressions: a report's test messages are mostly ASCII over several lines, and a regular expression's replacement
// makes about a kilobyte of garbage per message, on pages the young generation has just grown into.
/** Where the bytes are gathered: one buffer for every call, grown when a text needs more. */
let lineBytes = Buffer.allocUnsafe(1024);
/**
 * The text as one line, or undefined when it has a character beyond ASCII (left to the regular expressions).
 * `formFeedsAreSpace`: vertical tab and form feed are whitespace (as `\s` has them) rather than removed controls.
 */
function asciiLine(text, formFeedsAreSpace) {
    if (text.length > lineBytes.length)
        lineBytes = Buffer.allocUnsafe(Math.max(text.length, 2 * lineBytes.length));
    const bytes = lineBytes;
    let length = 0;
    let space = false;
    for (let i = 0; i < text.length; i += 1) {
        const code = text.charCodeAt(i);
        if (code > 0x7e) {
            if (code === 0x7f)
                continue;
            return undefined;
        }
        if (code === 0x20 ||
            code === 0x09 ||
            code === 0x0a ||
            code === 0x0d ||
            (formFeedsAreSpace && (code === 0x0b || code === 0x0c))) {
            space = length > 0;
            continue;
        }
        if (code < 0x20)
            continue;
        if (space) {
            bytes[length] = 0x20;
            length += 1;
            space = false;
        }
        bytes[length] = code;
        length += 1;
    }
    return bytes.toString('latin1', 0, length);
}


/***/ }),

/***/ 7752:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AE: () => (/* binding */ controlTexts),
/* harmony export */   Ci: () => (/* binding */ waiverOf),
/* harmony export */   Ft: () => (/* binding */ runTime),
/* harmony export */   I3: () => (/* binding */ testMessage),
/* harmony export */   Jw: () => (/* binding */ allTags),
/* harmony export */   Mm: () => (/* binding */ bounded),
/* harmony export */   Ow: () => (/* binding */ cleanLine),
/* harmony export */   X5: () => (/* binding */ cleanText),
/* harmony export */   _q: () => (/* binding */ decisiveTests),
/* harmony export */   an: () => (/* binding */ imageRepository),
/* harmony export */   fY: () => (/* binding */ rawListTag),
/* harmony export */   hA: () => (/* binding */ shownSeverity),
/* harmony export */   od: () => (/* binding */ tagPairs),
/* harmony export */   pb: () => (/* binding */ listTag),
/* harmony export */   uv: () => (/* binding */ newControlTexts),
/* harmony export */   xh: () => (/* binding */ startedAt)
/* harmony export */ });
/* unused harmony exports MAX_TEXT, ShownText, testStatus */
/* harmony import */ var _ascii_line_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3120);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8511);


// What the SARIF and JUnit writers show of a counted control, decided once for both: its texts (description, check,
// fix), its tags, its tests, its waiver. Everything here comes from the report, so it is data: control characters
// are removed and every text is bounded; each writer then escapes for its own format.
// C0 controls but tab, line feed and carriage return; DEL and C1 controls; the bidi overrides and isolates that make
// text read as something else.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** What cleanText removes or rewrites: a control character or a carriage return. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CLEAN_WORK = /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** Cuts at `max` characters with an ellipsis, never between the halves of a surrogate pair. */
function bounded(text, max) {
    if (text.length <= max)
        return text;
    let end = max - 1;
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff)
        end -= 1;
    return `${text.slice(0, end)}…`;
}
/** Report text as plain multi-line text: control characters removed, line ends as `\n`, trimmed and bounded. */
function cleanText(text, max) {
    // Cut first (with room for what is removed): a text is often far longer than what is kept of it.
    const head = text.length > 2 * max ? text.slice(0, 2 * max) : text;
    if (!CLEAN_WORK.test(head))
        return bounded(head.trim(), max);
    return bounded(head.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim(), max);
}
/** Printable ASCII words with single spaces between them: nothing for cleanLine to do. */
const SIMPLE_LINE = /^(?:[!-~]+(?: [!-~]+)*)?$/;
/** Report text as one line: every run of whitespace (line ends too) becomes one space. */
function cleanLine(text, max) {
    if (text.length <= max && SIMPLE_LINE.test(text))
        return text;
    const head = text.length > 4 * max + 64 ? text.slice(0, 4 * max + 64) : text;
    const ascii = (0,_ascii_line_js__WEBPACK_IMPORTED_MODULE_0__/* .asciiLine */ .o)(head, false);
    if (ascii !== undefined)
        return bounded(ascii, max);
    // \s covers U+2028 and U+2029 but not NEL (U+0085), which CONTROL removes.
    const visible = CLEAN_WORK.test(head) ? head.replace(CONTROL, '') : head;
    return bounded(visible.replace(/\s+/g, ' ').trim(), max);
}
/** Longest text kept per description, check or fix text (a STIG check text is a few thousand characters). */
const MAX_TEXT = 10_000;
/**
 * A text of a control as the writers take it. Most texts of a large report are plain (printable ASCII, no escape):
 * those are copied from the report as they are (`writePlain`), never decoded; the others are decoded and cleaned
 * (`text`). Re-pointed from control to control (`show`) rather than made per text: a 10,000-control report has tens of
 * thousands of texts, and a writer looks at one control's at a time.
 */
class ShownText {
    reader = undefined;
    ref = '';
    /** The length of a plain text (valid inside a JSON string as it is), -1 when it is not plain or too long. */
    plainLength = -1;
    /** The plain text is also inert Markdown: words, digits, spaces and `,;/?` alone. */
    inert = false;
    cleaned = '';
    get empty() {
        return this.plainLength <= 0 && this.cleaned === '';
    }
    /** Points at a text of the report; false, leaving this unchanged, when there is none or nothing in it to show. */
    show(reader, ref) {
        if (ref === undefined)
            return false;
        const length = reader.plainLength(ref);
        if (length >= 0 && length <= MAX_TEXT) {
            if (length === 0)
                return false;
            this.point(reader, ref, length, reader.inert(ref), undefined);
            return true;
        }
        const text = cleanText(reader.text(ref), MAX_TEXT);
        if (text === '')
            return false;
        this.point(reader, ref, -1, false, text);
        return true;
    }
    /** No text. */
    clear() {
        this.point(undefined, '', -1, false, '');
    }
    /** Decoded, without control characters, trimmed and bounded; '' when there is no text. */
    text() {
        if (this.cleaned !== undefined)
            return this.cleaned;
        return this.reader ? this.reader.text(this.ref) : '';
    }
    /** Writes the first `length` characters of a plain text (all of it by default), copied from the report. */
    writePlain(sink, length = this.plainLength) {
        this.reader?.writePlain(this.ref, length, sink);
    }
    point(reader, ref, plainLength, inert, cleaned) {
        this.reader = reader;
        this.ref = ref;
        this.plainLength = plainLength;
        this.inert = inert;
        this.cleaned = cleaned;
    }
}
function newControlTexts() {
    return { description: new ShownText(), check: new ShownText(), fix: new ShownText() };
}
/**
 * Points `texts` at the description, check and fix texts, each from the control profiles[0] lists (an overlay may
 * reword them) and else from the control it extends; check and fix from `descriptions` (InSpec 4 and later) or else
 * from tags of the same name (older profiles). Without `withCheckAndFix`, those two are left empty.
 */
function controlTexts(details, c, withCheckAndFix = true, texts = newControlTexts()) {
    const reader = details.reader;
    const own = c.control.detail;
    const root = c.root.detail;
    // Written out rather than as a list of lookups: this runs for every control of a report, mostly before V8 has
    // optimised it, and closures made per call cost more than the lookups themselves.
    const d = texts.description;
    if (!d.show(reader, own?.desc) &&
        !d.show(reader, own?.default) &&
        !d.show(reader, root?.desc) &&
        !d.show(reader, root?.default))
        d.clear();
    if (withCheckAndFix) {
        showTextOf(reader, c, 'check', texts.check);
        showTextOf(reader, c, 'fix', texts.fix);
    }
    else {
        texts.check.clear();
        texts.fix.clear();
    }
    return texts;
}
/** The check or fix text: the control's, from `descriptions` or else from a tag of that name, else its root's. */
function showTextOf(reader, c, key, into) {
    if (!into.show(reader, c.control.detail?.[key]) &&
        !into.show(reader, tagText(reader, c.control, key)) &&
        !into.show(reader, c.root.detail?.[key]) &&
        !into.show(reader, tagText(reader, c.root, key)))
        into.clear();
}
/** Older profiles keep check and fix text in tags; a scanned report's tags are parsed only when it comes to this. */
function tagText(reader, control, key) {
    const value = reader.tags(control)[key];
    return typeof value === 'string' ? value : undefined;
}
/** The severity to show: the tag in lowercase (the SAF CLI keeps `"High"` as written, so it is in no bucket). */
function shownSeverity(c) {
    const written = c.severityAsWritten;
    // Nearly always written in lowercase already: lowering it would make a string per call.
    if ((0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isSeverity */ ._Z)(written))
        return written;
    const lower = written.toLowerCase();
    return (0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isSeverity */ ._Z)(lower) ? lower : 'none';
}
// Tags shown elsewhere (severity) or as texts of their own (check, fix).
const NOT_SHOWN = new Set(['severity', 'severityoverride', 'check', 'fix']);
// A tag name that reads as a name: some converters write whole paragraphs as tag keys.
const TAG_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,39}$/;
const MAX_TAGS = 20;
const MAX_TAG_VALUE = 300;
function tagValue(value) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    if (!Array.isArray(value))
        return undefined;
    let joined = '';
    for (let i = 0; i < value.length; i += 1) {
        const v = value[i];
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
            return undefined;
        joined += i === 0 ? String(v) : `, ${String(v)}`;
    }
    return joined;
}
/**
 * Sets the tag's name and value (cleaned and bounded) at `at` and `at + 1` of `into`: 2, or 0 when the value is not
 * shown (not a scalar or a list of them, or blank).
 */
function putTag(key, raw, into, at) {
    const value = tagValue(raw);
    if (value === undefined || value.trim() === '')
        return 0;
    into[at] = key;
    into[at + 1] = cleanLine(value, MAX_TAG_VALUE);
    return 2;
}
/** Every tag of the counted control, else of the control it extends (an overlay may list none). */
function allTags(details, c) {
    const own = details.reader.tags(c.control);
    for (const key in own)
        if (!NOT_SHOWN.has(key))
            return own;
    return details.reader.tags(c.root);
}
/**
 * The tags worth showing, name then value (cleaned and bounded) for each, set from the start of `into` (a list the
 * caller reuses: 40 entries at most): NIST and CCI first, then the others in the report's order; only scalar and list
 * values, at most 20. Names are safe as they are (TAG_NAME). Returns how many entries were set.
 */
function tagPairs(tags, into) {
    let count = 0;
    // Written out, without closures or tuples: this runs for every control with a result, mostly before V8 optimises it.
    for (let i = 0; i < FIRST_TAGS.length; i += 1) {
        const key = FIRST_TAGS[i];
        if (key in tags)
            count += putTag(key, tags[key], into, count);
    }
    for (const key in tags) {
        if (count === 2 * MAX_TAGS)
            break;
        if (key === 'nist' || key === 'cci' || NOT_SHOWN.has(key) || !TAG_NAME.test(key))
            continue;
        count += putTag(key, tags[key], into, count);
    }
    return count;
}
/** Shown before every other tag. */
const FIRST_TAGS = ['nist', 'cci'];
/** The NIST or CCI tags of the control (else of the control it extends), cleaned. */
function listTag(c, key) {
    return rawListTag(c, key)
        .filter((v) => v.trim() !== '')
        .map((v) => cleanLine(v, 60));
}
/** The NIST or CCI tags of the control (else of the control it extends), as the report has them. */
function rawListTag(c, key) {
    const own = c.control.detail?.[key] ?? NO_LIST;
    return own.length > 0 ? own : (c.root.detail?.[key] ?? NO_LIST);
}
const NO_LIST = Object.freeze([]);
/** A result's status as the SAF CLI reads it: a backtrace makes it an error. */
function testStatus(r) {
    return r.backtrace ? 'error' : (r.status ?? 'no status');
}
/** The tests that made the control fail (or error), in the report's order. */
function decisiveTests(c) {
    const wanted = c.status === 'error' ? 'error' : 'failed';
    const results = c.root.results;
    const decisive = [];
    for (let i = 0; i < results.length; i += 1) {
        const r = results[i];
        if (testStatus(r) === wanted)
            decisive.push(r);
    }
    return decisive;
}
/** What a test said: its message, else its exception, else nothing. */
function testMessage(r) {
    return r.message ?? r.exception ?? '';
}
function waiverOf(c) {
    const w = c.root.detail?.waiver ?? c.control.detail?.waiver;
    if (!w)
        return undefined;
    const justification = cleanLine(w.justification ?? '', 1000);
    if (!w.skipped && justification === '')
        return undefined;
    return { skipped: w.skipped, justification, expires: w.expires };
}
/** Seconds the control's tests took (the sum of their run times). */
function runTime(c) {
    return c.root.detail?.runTime ?? 0;
}
/** When the first test of the scan started (the earliest start_time), or undefined if none can be read. */
function startedAt(controls) {
    let earliest;
    for (let i = 0; i < controls.length; i += 1) {
        const t = controls[i].root.detail?.startTime;
        if (t !== undefined && (earliest === undefined || t < earliest))
            earliest = t;
    }
    return earliest === undefined ? undefined : new Date(earliest);
}
/**
 * The image's repository, without tag or digest (`ghcr.io/acme/app:1.2@sha256:…` → `ghcr.io/acme/app`), so that
 * every build of one image is one analysis in code scanning. A registry port (`localhost:5000/app`) is kept.
 */
function imageRepository(image) {
    const withoutDigest = image.split('@')[0] ?? image;
    const slash = withoutDigest.lastIndexOf('/');
    const colon = withoutDigest.lastIndexOf(':');
    return (colon > slash ? withoutDigest.slice(0, colon) : withoutDigest).trim();
}


/***/ }),

/***/ 8706:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fS: () => (/* reexport */ results_markdown/* DEFAULT_MAX_BYTES */.fS),
  ql: () => (/* reexport */ DEFAULT_SARIF_LOCATION),
  Gl: () => (/* reexport */ JUNIT_FILE),
  P3: () => (/* reexport */ SARIF_FILE),
  f: () => (/* reexport */ types/* STATUSES */.f),
  _P: () => (/* reexport */ types/* STATUS_LABEL */._P),
  RX: () => (/* reexport */ buildSummaryJson),
  fc: () => (/* reexport */ complianceOf),
  W1: () => (/* reexport */ types/* emptyCounts */.W1),
  E4: () => (/* reexport */ results_markdown/* inline */.mG),
  c0: () => (/* reexport */ evaluateReportWithDetails),
  _W: () => (/* reexport */ loadThreshold),
  mc: () => (/* reexport */ results_markdown/* renderErrorMarkdown */.mc),
  i$: () => (/* reexport */ results_markdown/* renderSummaryMarkdown */.i$),
  a7: () => (/* reexport */ writeChunks),
  SU: () => (/* reexport */ writeResultFiles)
});

// UNUSED EXPORTS: SARIF_LEVEL, SECURITY_SEVERITY, SEVERITIES, SEVERITY_LABEL, automationId, checkThreshold, evaluateReport, fingerprint, junitChunks, parseThresholdText, renderJunit, renderJunitError, renderSarif, renderThresholdResult, sarifChunks

// EXTERNAL MODULE: ./src/core/results/types.ts
var types = __webpack_require__(8511);
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
function parseLimits(origin, key, value, kind, empty) {
    if (!isMapping(value))
        throw thrError(origin, key, `must be a mapping with min and/or max, got ${show(value)}`);
    if (Object.keys(value).length === 0)
        empty.push(key);
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
function parseBucket(threshold, status, sevKey, value, empty) {
    const origin = threshold.origin;
    const key = `${status}.${sevKey}`;
    if (!isMapping(value))
        throw thrError(origin, key, `must be a mapping with min, max and/or controls, got ${show(value)}`);
    if (Object.keys(value).length === 0) {
        if (!(0,types/* isSeverity */._Z)(sevKey) || (sevKey === 'none' && status !== 'no_impact')) {
            throw thrError(origin, key, `unknown severity ${JSON.stringify(sevKey)} for ${status} (allowed: critical, high, medium, low${status === 'no_impact' ? ', none' : ''})`);
        }
        empty.push(key);
        return;
    }
    // `saf generate threshold -c` writes control lists under the severity as a tag spells it ("High") and under
    // `none` for every status; the CLI never checks those buckets.
    const checked = (0,types/* isSeverity */._Z)(sevKey) && (sevKey !== 'none' || status === 'no_impact');
    if (!checked) {
        const generatedShape = (0,types/* isSeverity */._Z)(sevKey.toLowerCase()) && Object.keys(value).every((k) => k === 'controls');
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
function parseStatus(threshold, status, value, empty) {
    const origin = threshold.origin;
    if (!isMapping(value))
        throw thrError(origin, status, `must be a mapping, got ${show(value)}`);
    if (Object.keys(value).length === 0)
        empty.push(status);
    for (const [k, v] of Object.entries(value)) {
        if (k === 'total') {
            if (isMapping(v)) {
                if ('controls' in v)
                    throw thrError(origin, `${status}.total.controls`, 'not checked by the SAF CLI; list ids per severity instead');
                const limits = parseLimits(origin, `${status}.total`, v, 'count', empty);
                if (Object.keys(limits).length > 0)
                    threshold.totals[status] = limits;
            }
            else {
                threshold.totalExact[status] = limitValue(origin, `${status}.total`, v, 'count');
            }
        }
        else {
            parseBucket(threshold, status, k, v, empty);
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
    const empty = [];
    for (const [key, value] of Object.entries(tree)) {
        if (key === 'compliance')
            threshold.compliance = parseLimits(origin, 'compliance', value, 'percent', empty);
        else if ((0,types/* isStatus */.zM)(key))
            parseStatus(threshold, key, value, empty);
        else
            throw thrError(origin, key, 'unknown key');
    }
    if (!holdsRule(threshold) && threshold.warnings.length === 0)
        throw noRuleError(origin, empty);
    for (const group of empty) {
        threshold.warnings.push(`threshold ${origin}: ${group} is empty (no limit and no control list); ignored`);
    }
    return threshold;
}
/** Whether the threshold holds anything that is checked: a limit, an exact total or a control-id list. */
function holdsRule(threshold) {
    const hasLimit = (limits) => limits?.min !== undefined || limits?.max !== undefined;
    return (hasLimit(threshold.compliance) ||
        Object.keys(threshold.totalExact).length > 0 ||
        Object.values(threshold.totals).some(hasLimit) ||
        Object.values(threshold.buckets).some((bySeverity) => Object.values(bySeverity).some((rule) => hasLimit(rule) || rule.controls !== undefined)));
}
const MINIMAL_EXAMPLE = 'A threshold needs at least one limit or control list, for example `failed: {critical: {max: 0}}` (inline) or, in a file:\n  failed:\n    critical:\n      max: 0\nLeave the threshold out to only report.';
/**
 * A threshold that parses but holds no rule (`{}`, `failed: {}`, `failed: {critical: {}}`) would pass every report; the
 * SAF CLI reads it that way. Here it is an input error that names the empty groups.
 */
function noRuleError(origin, empty) {
    const names = empty.map((group) => `${group}: {}`);
    const what = names.length === 0
        ? 'it is an empty mapping ({})'
        : `${names.length === 1 ? 'its one group is empty' : 'all its groups are empty'}: ${names.join(', ')}`;
    return new errors/* InputError */.dz('KCS-THR-009', `threshold ${origin} holds no rule (${what}), so it would pass every report`, {
        hint: MINIMAL_EXAMPLE,
    });
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
        const reason = error.code === 'ENOENT'
            ? 'does not exist'
            : `cannot be read (${error.message})`;
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
// A string whose bytes between the quotes are its text and are safe to copy into other JSON: printable ASCII, no
// escape, and no space at either end (so it is already trimmed). Inert, besides: words, digits, spaces and the few
// marks no character of which Markdown, HTML or GitHub would interpret (markdown.ts escapes every other).
const PRINTABLE_ASCII = /^[ -~]*$/;
const INERT_ASCII = /^[ 0-9A-Za-z,;/?]*$/;
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
        this.checkedSpan(false);
        return '';
    }
    /** Checks a string as checkedStringPlaceholder does and says where it lies and, with `classify`, what it holds. */
    checkedSpan(classify) {
        const start = this.pos;
        this.skipString();
        const content = this.src.slice(start + 1, this.pos - 1);
        // Printable ASCII without a backslash is valid as it is (the common case: one scan instead of two). Words alone
        // are also inert Markdown; a text with punctuation fails that test at its first mark, so it costs little.
        const inert = classify && INERT_ASCII.test(content);
        const plain = inert || (classify && PRINTABLE_ASCII.test(content) && !content.includes('\\'));
        if (!plain && !validStringContent(content)) {
            throw new JsonScanError(`Bad control character or escape in the string at offset ${start}`);
        }
        const trimmed = content.charCodeAt(0) !== 0x20 && content.charCodeAt(content.length - 1) !== 0x20;
        return { start, end: this.pos, plain: plain && trimmed, inert: inert && trimmed };
    }
    /** A string value, built: its content as it is when it has no escape, else as JSON.parse reads it. */
    shortString() {
        const start = this.pos;
        this.skipString();
        const content = this.src.slice(start + 1, this.pos - 1);
        if (!content.includes('\\') && !CONTROL_CHARACTER.test(content))
            return content;
        return this.parseSlice(start);
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
function leanControlValue(s, spans) {
    if (s.peek() !== OPEN_BRACE)
        return s.value();
    return s.object((key) => {
        if (TEXT_MEMBERS.has(key) && s.peek() === QUOTE) {
            if (key !== 'desc' || !spans)
                return s.checkedStringPlaceholder();
            spans.desc = s.checkedSpan(true);
            return '';
        }
        if (spans && key === 'tags') {
            const start = s.pos;
            const value = s.value();
            spans.tags = { start, end: s.pos };
            return value;
        }
        if (key === 'descriptions' && s.peek() === OPEN_BRACKET) {
            return s.array(() => {
                if (s.peek() !== OPEN_BRACE)
                    return s.value();
                // With spans wanted, a label is parsed (it is short and says which text is which); data is never built.
                let label;
                let data;
                const entry = s.object((k) => {
                    if (spans && k === 'label')
                        return (label = s.peek() === QUOTE ? s.shortString() : s.value());
                    if (spans && k === 'data' && s.peek() === QUOTE) {
                        data = s.checkedSpan(true);
                        return '';
                    }
                    return DESCRIPTION_TEXT.has(k) && s.peek() === QUOTE ? s.checkedStringPlaceholder() : s.value();
                });
                if (spans && typeof label === 'string' && data)
                    spans.descriptions.push({ label, data });
                return entry;
            });
        }
        return s.value();
    });
}
/**
 * Parses report text (a string or its UTF-8 bytes) like JSON.parse, except that each element of
 * `profiles[i].controls` goes through `onControl` (which checks it and returns what to keep), with the strings of its
 * `desc`, `code` and `descriptions` checked but replaced by '' (an evaluation never reads them). With `textSpans`,
 * `onControl` also gets where `desc` and each description's `data` lie in the source, so that a writer can read them
 * later (`readSpan`) without the parse ever building them.
 * Throws JsonScanError (a SyntaxError) on invalid JSON.
 */
function parseReportText(text, onControl, options = {}) {
    const src = typeof text === 'string' ? stringSource(text) : bytesSource(text);
    const s = new Scanner(src);
    s.ws();
    if (s.peek() !== OPEN_BRACE)
        return JSON.parse(src.slice(0, src.length));
    const control = (profile, index) => {
        const spans = options.textSpans ? { descriptions: [] } : undefined;
        return onControl(leanControlValue(s, spans), profile, index, spans);
    };
    const controls = (profile) => s.peek() === OPEN_BRACKET ? s.array((index) => control(profile, index)) : s.value();
    const profile = (index) => s.peek() === OPEN_BRACE ? s.object((key) => (key === 'controls' ? controls(index) : s.value())) : s.value();
    const result = s.object((key) => (key === 'profiles' && s.peek() === OPEN_BRACKET ? s.array(profile) : s.value()));
    s.ws();
    if (s.pos < src.length)
        s.fail('Unexpected non-whitespace character after JSON');
    return result;
}
function spanReader(text) {
    if (typeof text === 'string') {
        return {
            text: (span) => span.plain
                ? text.slice(span.start + 1, span.end - 1)
                : JSON.parse(text.slice(span.start, span.end)),
            copy: (start, end, sink) => sink.text(text.slice(start, end)),
            value: (span) => JSON.parse(text.slice(span.start, span.end)),
        };
    }
    const buffer = Buffer.isBuffer(text) ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
    return {
        text: (span) => span.plain
            ? buffer.toString('latin1', span.start + 1, span.end - 1)
            : JSON.parse(buffer.toString('utf8', span.start, span.end)),
        copy: (start, end, sink) => sink.copy(buffer, start, end),
        value: (span) => JSON.parse(buffer.toString('utf8', span.start, span.end)),
    };
}

;// CONCATENATED MODULE: ./src/core/results/report.ts




const PLAIN_TEXT = /^(?:[!#-[\]-~](?:[ !#-[\]-~]*[!#-[\]-~])?)?$/;
/**
 * Where a scanned report's texts and tags lie (start, end, and whether plain), in typed arrays rather than an object
 * per text: a 10,000-control report has 50,000 of them. Also the lists and strings many controls repeat (NIST and CCI
 * tags, skip messages), kept once.
 */
class SpanStore {
    starts;
    ends;
    flags;
    count = 0;
    lists = new Map();
    singles = new Map();
    strings = new Map();
    /**
     * Room for one span per kilobyte of the report (a control's four or five texts and tags take several): each time
     * the arrays grow, their old copies are garbage, and on a large report that is a megabyte of pages touched for
     * nothing.
     */
    constructor(reportBytes) {
        const capacity = Math.min(Math.max(4096, Math.ceil(reportBytes / 1024)), 1 << 22);
        this.starts = new Float64Array(capacity);
        this.ends = new Float64Array(capacity);
        this.flags = new Uint8Array(capacity);
    }
    add(span) {
        if (this.count === this.starts.length)
            this.grow();
        const index = this.count;
        this.starts[index] = span.start;
        this.ends[index] = span.end;
        this.flags[index] = 'plain' in span ? (span.inert ? INERT : 0) | (span.plain ? PLAIN : 0) : 0;
        this.count += 1;
        return index;
    }
    span(index) {
        const flags = this.flags[index] ?? 0;
        return {
            start: this.starts[index] ?? 0,
            end: this.ends[index] ?? 0,
            plain: (flags & PLAIN) !== 0,
            inert: (flags & INERT) !== 0,
        };
    }
    /** Where the content of a text span starts (after its opening quote). */
    contentStart(index) {
        return (this.starts[index] ?? 0) + 1;
    }
    /** The length of a plain span's content, else -1. */
    plainLength(index) {
        return ((this.flags[index] ?? 0) & PLAIN) === 0 ? -1 : (this.ends[index] ?? 0) - (this.starts[index] ?? 0) - 2;
    }
    isInert(index) {
        return ((this.flags[index] ?? 0) & INERT) !== 0;
    }
    /** A list of strings (a tag's value: one string or a list), the same array for the same strings. */
    list(value) {
        // Runs twice per control (NIST and CCI tags), mostly before V8 optimises it: no closures, and a list of one string
        // (the usual CCI tag) is keyed by that string, not by a joined copy.
        if (typeof value === 'string')
            return this.single(value);
        if (!Array.isArray(value))
            return NO_STRINGS;
        if (value.length === 1 && typeof value[0] === 'string')
            return this.single(value[0]);
        const strings = [];
        let key = '';
        for (let i = 0; i < value.length; i += 1) {
            const v = value[i];
            if (typeof v !== 'string')
                continue;
            key += strings.length === 0 ? v : `\u0000${v}`;
            strings.push(v);
        }
        if (strings.length === 0)
            return NO_STRINGS;
        if (strings.length === 1)
            return this.single(strings[0]);
        let list = this.lists.get(key);
        if (list === undefined) {
            list = strings;
            this.lists.set(key, list);
        }
        return list;
    }
    single(value) {
        let list = this.singles.get(value);
        if (list === undefined) {
            list = [value];
            this.singles.set(value, list);
        }
        return list;
    }
    string(value) {
        if (value === undefined)
            return undefined;
        let kept = this.strings.get(value);
        if (kept === undefined) {
            kept = value;
            this.strings.set(value, value);
        }
        return kept;
    }
    grow() {
        const size = 2 * this.starts.length;
        const starts = new Float64Array(size);
        const ends = new Float64Array(size);
        const flags = new Uint8Array(size);
        starts.set(this.starts);
        ends.set(this.ends);
        flags.set(this.flags);
        this.starts = starts;
        this.ends = ends;
        this.flags = flags;
    }
}
const NO_STRINGS = [];
const PLAIN = 1;
const INERT = 2;
function reportReader(spans, store) {
    return {
        text: (ref) => (typeof ref === 'string' ? ref : spans ? spans.text(store.span(ref)) : ''),
        plainLength: (ref) => {
            if (typeof ref === 'string')
                return PLAIN_TEXT.test(ref) ? ref.length : -1;
            return spans ? store.plainLength(ref) : -1;
        },
        writePlain: (ref, length, sink) => {
            if (typeof ref === 'string')
                sink.text(length === ref.length ? ref : ref.slice(0, length));
            else if (spans) {
                const start = store.contentStart(ref);
                spans.copy(start, start + length, sink);
            }
        },
        inert: (ref) => (typeof ref === 'string' ? INERT_ASCII.test(ref) && PLAIN_TEXT.test(ref) : store.isInert(ref)),
        tags: (control) => {
            const tags = control.detail?.tags;
            if (tags === undefined)
                return control.tags;
            if (typeof tags !== 'number')
                return tags;
            const parsed = spans ? spans.value(store.span(tags)) : undefined;
            return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
                ? parsed
                : control.tags;
        },
    };
}
/**
 * What is kept of a passed or skipped test: its status. Only failed and errored tests are ever read further (for the
 * control's message and the failing tests); most tests of a report pass, and their texts need not outlive the parse.
 */
const PASSED_RESULT = Object.freeze({ status: 'passed', code_desc: '' });
const SKIPPED_RESULT = Object.freeze({ status: 'skipped', code_desc: '' });
function leanResult(r) {
    if (!r.backtrace && r.status === 'passed')
        return PASSED_RESULT;
    if (!r.backtrace && r.status === 'skipped')
        return SKIPPED_RESULT;
    return {
        status: r.status,
        backtrace: r.backtrace,
        message: r.message,
        exception: r.exception,
        code_desc: r.code_desc,
    };
}
/** A waiver_data as the evaluation reads it: whether it skipped the control. */
const WAIVED = Object.freeze({ skipped_due_to_waiver: true });
const NOT_WAIVED = Object.freeze({ skipped_due_to_waiver: false });
/**
 * The small parts of lean controls that many controls share, made once per report: the severity tags (a report has a
 * handful of values) and the results of controls whose tests all passed. A 10,000-control report otherwise keeps
 * 20,000 small objects that every garbage collection of the parse has to copy and promote.
 */
class LeanParts {
    severityTags = new Map();
    allPassed = [];
    /** The severity tags, shared when both are strings (or absent); others are checked later and rejected. */
    tags(all) {
        const severity = all['severity'];
        const override = all['severityoverride'];
        if (!(severity === undefined || typeof severity === 'string') ||
            !(override === undefined || typeof override === 'string'))
            return severityTagsOf(severity, override);
        let byOverride = this.severityTags.get(severity);
        if (byOverride === undefined)
            this.severityTags.set(severity, (byOverride = new Map()));
        let tags = byOverride.get(override);
        if (tags === undefined)
            byOverride.set(override, (tags = Object.freeze(severityTagsOf(severity, override))));
        return tags;
    }
    /** The lean results, one shared list for each number of tests that all passed. */
    results(results) {
        const lean = results.map(leanResult);
        if (lean.length > 16 || lean.some((r) => r !== PASSED_RESULT))
            return lean;
        let shared = this.allPassed[lean.length];
        if (shared === undefined)
            this.allPassed[lean.length] = shared = Object.freeze(lean);
        return shared;
    }
}
function severityTagsOf(severity, override) {
    const tags = {};
    if (severity !== undefined)
        tags['severity'] = severity;
    if (override !== undefined)
        tags['severityoverride'] = override;
    return tags;
}
/** Keeps what the evaluation reads of a control that passed the schema check. */
function leanControl(value, parts, detail) {
    const c = value;
    return {
        id: c.id,
        ...(c.title !== undefined ? { title: c.title } : {}),
        impact: c.impact,
        tags: parts.tags(c.tags),
        results: parts.results(c.results),
        ...(c.waiver_data ? { waiver_data: c.waiver_data.skipped_due_to_waiver ? WAIVED : NOT_WAIVED } : {}),
        ...(detail ? { detail } : {}),
    };
}
/** A waiver_data that neither skipped the control nor says why: the writers show nothing of it. */
const SILENT_WAIVER = Object.freeze({ skipped: false, justification: undefined, expires: undefined });
function waiverDetail(w) {
    if (!w)
        return undefined;
    const skipped = Boolean(w.skipped_due_to_waiver);
    const justification = w.justification ?? w.message ?? undefined;
    if (!skipped && !justification)
        return SILENT_WAIVER;
    return { skipped, justification, expires: w.expiration_date ?? undefined };
}
function startOf(results) {
    const text = results[0]?.start_time;
    const time = typeof text === 'string' ? Date.parse(text) : Number.NaN;
    return Number.isNaN(time) ? undefined : time;
}
/**
 * Whether the writers may show every tag of this control: its tests did not all pass or skip, or a waiver skipped it.
 * Those controls keep their parsed tags (a few hundred bytes each); the others keep where the tags lie, parsed again
 * only if an overlay makes them shown.
 */
function mayBeShownWhole(c) {
    if (c.results.length === 0 || c.waiver_data?.skipped_due_to_waiver)
        return true;
    for (let i = 0; i < c.results.length; i += 1) {
        const r = c.results[i];
        if (r.backtrace || (r.status !== 'passed' && r.status !== 'skipped'))
            return true;
    }
    return false;
}
/**
 * Keeps, besides what the evaluation reads, what the SARIF and JUnit writers show: the description, check and fix
 * texts and the tags (where they lie, when the report was scanned), the tests' total run time, first start and skip
 * message, and the waiver.
 */
function detailedControl(value, spans, store, parts) {
    const c = value;
    let runTime = 0;
    let skipMessage;
    // Index loops: this runs for every control of the report, mostly before V8 optimises it.
    for (let i = 0; i < c.results.length; i += 1) {
        const r = c.results[i];
        if (typeof r.run_time === 'number' && Number.isFinite(r.run_time) && r.run_time > 0)
            runTime += r.run_time;
        if (skipMessage === undefined && r.skip_message)
            skipMessage = r.skip_message;
    }
    let fallback;
    let check;
    let fix;
    const descriptions = spans
        ? spans.descriptions
        : (c.descriptions ?? []);
    for (let i = 0; i < descriptions.length; i += 1) {
        const d = descriptions[i];
        if (typeof d.label !== 'string')
            continue;
        // The labels InSpec writes are lowercase already: lowering them would make a string per description.
        const key = d.label === 'default' || d.label === 'check' || d.label === 'fix' ? d.label : d.label.toLowerCase();
        const wanted = (key === 'default' && fallback === undefined) ||
            (key === 'check' && check === undefined) ||
            (key === 'fix' && fix === undefined);
        if (!wanted)
            continue;
        const ref = typeof d.data === 'string' ? d.data : store.add(d.data);
        if (key === 'default')
            fallback = ref;
        else if (key === 'check')
            check = ref;
        else
            fix = ref;
    }
    const detail = {
        desc: spans ? (spans.desc ? store.add(spans.desc) : undefined) : (c.desc ?? undefined),
        default: fallback,
        check,
        fix,
        tags: spans?.tags && !mayBeShownWhole(c) ? store.add(spans.tags) : c.tags,
        runTime,
        startTime: startOf(c.results),
        nist: store.list(c.tags['nist']),
        cci: store.list(c.tags['cci']),
        skipMessage: store.string(skipMessage),
        waiver: waiverDetail(c.waiver_data),
    };
    return leanControl(value, parts, detail);
}
/**
 * Reports up to this size are parsed whole with JSON.parse (fastest); larger ones with the scanner of json-scan.ts,
 * which never holds the whole object graph (a 60 MB report then peaks near 150 MB instead of 400 MB).
 */
const SCAN_ABOVE_BYTES = 8 * 1024 * 1024;
function decode(text) {
    return typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8');
}
function parseWhole(text, origin, store, parts) {
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
            controls[i] = store ? detailedControl(control, undefined, store, parts) : leanControl(control, parts);
        });
    });
    return parsed;
}
/**
 * Parses and checks a report: each control against the schema, keeping only what the evaluation reads (with
 * `details`, also what the SARIF and JUnit writers show, and `readText`). Reports over `scanAbove` bytes are scanned
 * control by control, so a 60 MB report never exists as one object graph.
 */
function parseReportJson(text, origin, scanAbove = SCAN_ABOVE_BYTES, options = {}) {
    const details = options.details ?? false;
    const store = details ? new SpanStore(text.length) : undefined;
    const parts = new LeanParts();
    const scanned = text.length > scanAbove;
    let parsed;
    try {
        parsed = scanned
            ? parseReportText(text, (control, profile, index, spans) => {
                assertControl(control, `profiles[${profile}].controls[${index}]`, origin);
                return store ? detailedControl(control, spans, store, parts) : leanControl(control, parts);
            }, { textSpans: details })
            : parseWhole(text, origin, store, parts);
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
    const report = parsed;
    // The spans point into `text`, which the reader keeps alive for as long as the report is.
    if (store)
        report.reader = reportReader(scanned ? spanReader(text) : undefined, store);
    return report;
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
        if ((0,types/* isSeverity */._Z)(value.toLowerCase()))
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
    return { nodes, firstIdsUnique: (firstById[0]?.size ?? 0) === (nodes[0]?.length ?? 0) };
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
    const { nodes, firstIdsUnique } = linkControls(report);
    const total = nodes.reduce((sum, list) => sum + list.length, 0);
    const controls = [];
    const unbucketedSeverities = new Map();
    for (const node of nodes[0] ?? []) {
        if (node.extendedBy > 0)
            continue;
        const root = rootOf(node, total);
        const path = `profiles[${root.profile}].controls[${root.index}]`;
        const severityAsWritten = controlSeverity(root.control, path, origin);
        const severity = (0,types/* isSeverity */._Z)(severityAsWritten) ? severityAsWritten : undefined;
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
            control: node.control,
            root: root.control,
        });
    }
    return { controls, uniqueIds: firstIdsUnique, unbucketedSeverities };
}

;// CONCATENATED MODULE: ./src/core/results/evaluate.ts



const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3, none: 4 };
const STATUS_RANK = { failed: 0, error: 1 };
function countControls(controls) {
    const counts = (0,types/* emptyCounts */.W1)();
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
        violations.push({
            rule: 'compliance.min',
            expected: cMin,
            actual: compliance,
            message: 'Overall compliance minimum was not satisfied',
        });
    }
    if (cMax && compliance > cMax) {
        violations.push({
            rule: 'compliance.max',
            expected: cMax,
            actual: compliance,
            message: 'Overall compliance maximum was not satisfied',
        });
    }
    for (const status of types/* STATUSES */.f) {
        const exact = threshold.totalExact[status];
        const actual = counts[status].total;
        if (exact !== undefined && actual !== exact) {
            const rule = `${status}.total`;
            violations.push({
                rule,
                expected: exact,
                actual,
                message: countMessage(rule, status, actual, 'not equal to', exact),
            });
        }
    }
    const cliTotalStatuses = types/* STATUSES */.f.filter((s) => s !== 'no_impact');
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
                    violations.push({
                        rule,
                        expected: limit,
                        actual,
                        message: countMessage(rule, status, actual, relation, limit),
                    });
                }
            }
        }
    };
    totalChecks(cliTotalStatuses);
    const bucketOrder = ['passed', 'failed', 'skipped', 'error', 'no_impact'];
    for (const severity of types/* SEVERITIES */.oC) {
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
                    violations.push({
                        rule: path,
                        expected: limit,
                        actual,
                        message: countMessage(path, status, actual, relation, limit),
                    });
                }
            }
        }
    }
    const ids = idsBySeverity(controls);
    for (const severity of types/* SEVERITIES */.oC) {
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
        violations.push({
            rule: 'compliance.max',
            expected: 0,
            actual: compliance,
            message: 'Overall compliance maximum was not satisfied',
        });
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
    return evaluate(reportText, options, false).evaluation;
}
/**
 * The same evaluation, plus the details the SARIF and JUnit files are written from. They keep the report's text (or
 * bytes) alive, so that the long control texts are read only when a file is written: drop them once it is.
 */
function evaluateReportWithDetails(reportText, options) {
    const { evaluation, report, controls, uniqueIds } = evaluate(reportText, options, true);
    if (!report.reader)
        throw new Error('internal: a report parsed with details has no reader');
    return { evaluation, details: { report, reader: report.reader, controls, uniqueIds } };
}
function evaluate(reportText, options, details) {
    const { origin, threshold } = options;
    const report = parseReportJson(reportText, origin, options.scanAbove ?? SCAN_ABOVE_BYTES, { details });
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
    const { controls, uniqueIds, unbucketedSeverities } = countedControls(report, origin);
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
        .map((c) => ({
        id: c.id,
        title: c.title,
        status: c.status,
        severity: c.severityAsWritten,
        impact: c.impact,
        message: c.message,
    }))
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
    return { evaluation, report, controls, uniqueIds };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/results/details.ts
var results_details = __webpack_require__(7752);
// EXTERNAL MODULE: ./src/core/results/markdown.ts
var results_markdown = __webpack_require__(5817);
// EXTERNAL MODULE: ./src/core/results/out-buffer.ts
var out_buffer = __webpack_require__(181);
;// CONCATENATED MODULE: ./src/core/results/sarif.ts





// scan-results.sarif (SARIF 2.1.0, for GitHub code scanning), written from the same evaluation as the summary. The
// mapping, decided here once:
// - one run per scan; tool.driver is CINC Auditor with the report's version, the profile a tool extension;
//   automationDetails.id names the image repository and the profile, so scans of different images are separate
//   analyses (categories) and never close each other's alerts;
// - one rule per counted control id: short description = title, full description = description (GitHub shows 1024
//   characters), level and security-severity from the control's severity, NIST and CCI tags; help (text and Markdown)
//   = description, check and fix text and every tag for a control with a result (GitHub shows a rule's help only
//   beside its alerts), else title and status, which keeps the log of a 10,000-control report small;
// - one result per failed or errored control (never per passed test), and one per control a waiver skipped, carrying
//   a suppression with the justification; passed, not-reviewed and not-applicable controls give no result;
// - every result sits on one file of the repository (`sarif-location`, default Dockerfile), line 1, with a
//   fingerprint made of the image repository and the control id, stable across runs.
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const CINC_AUDITOR_URI = 'https://cinc.sh/start/auditor/';
const DEFAULT_SARIF_LOCATION = 'Dockerfile';
/** GitHub's bands: over 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, 0.1 to 3.9 low. `none` has no score. */
const SECURITY_SEVERITY = {
    critical: '9.5',
    high: '8.0',
    medium: '5.5',
    low: '2.0',
    none: undefined,
};
const SARIF_LEVEL = {
    critical: 'error',
    high: 'error',
    medium: 'warning',
    low: 'note',
    none: 'note',
};
/** GitHub refuses a run with more rules or results than this; only 10 tags per rule are kept (20 are refused). */
const MAX_RULES = 25_000;
const MAX_RESULTS = 25_000;
const MAX_RULE_TAGS = 10;
/** GitHub shows at most 1024 characters of a short or full description. */
const MAX_DESCRIPTION = 1024;
const MAX_MESSAGE = 2000;
/** The full description of a rule without a result: the start of the description (the report has all of it). */
const SHORT_DESCRIPTION = 300;
/** `kube-cinc-scan/<image repository>/<profile>/`: the category, with no run id after the last slash. */
function automationId(scan) {
    const repository = scan.meta.image ? (0,results_details/* imageRepository */.an)(scan.meta.image) : '';
    const profile = scan.details.report.profiles[0]?.name ?? 'profile';
    return ['kube-cinc-scan', ...(repository ? [repository] : []), profile].map((p) => (0,results_details/* cleanLine */.Ow)(p, 200)).join('/') + '/';
}
/** The same for every run of the same image repository and control: 16 hex digits, then which copy of the id. */
function fingerprint(image, controlId, occurrence) {
    return repositoryFingerprint(image ? imageRepository(image) : '', controlId, occurrence);
}
function repositoryFingerprint(repository, controlId, occurrence) {
    const digest = (0,external_node_crypto_.hash)('sha256', `kube-cinc-scan\n${repository}\n${controlId}`, 'hex').slice(0, 16);
    return `${digest}:${occurrence}`;
}
/** A path relative to the repository root as a URI reference: each segment percent-encoded where it must be. */
function locationUri(path) {
    return path.split('/').map(encodeURIComponent).join('/');
}
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
function httpUrl(value) {
    if (typeof value !== 'string')
        return undefined;
    try {
        const url = new URL(value);
        if ((url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password)
            return url.href;
    }
    catch {
        // not a URL: no informationUri
    }
    return undefined;
}
function driver(details) {
    const version = (0,results_details/* cleanLine */.Ow)(details.report.version, 100);
    return {
        name: 'CINC Auditor',
        ...(version ? { version } : {}),
        ...(SEMVER.test(version) ? { semanticVersion: version } : {}),
        informationUri: CINC_AUDITOR_URI,
    };
}
/** The profile, as a tool extension: name, version, title and, where the report gives one, an information URL. */
function profileExtension(details) {
    const profile = details.report.profiles[0];
    const name = (0,results_details/* cleanLine */.Ow)(profile?.name ?? 'profile', 200) || 'profile';
    const version = profile?.version ? (0,results_details/* cleanLine */.Ow)(profile.version, 100) : '';
    const title = profile?.title ? (0,results_details/* cleanLine */.Ow)(profile.title, 200) : '';
    const uri = httpUrl(profile?.url);
    return {
        name,
        ...(title ? { fullName: title } : {}),
        ...(version ? { version } : {}),
        ...(SEMVER.test(version) ? { semanticVersion: version } : {}),
        ...(uri ? { informationUri: uri } : {}),
    };
}
const ENDS_WITH_PERIOD = /[.!?…]$/;
function endWithPeriod(text) {
    return ENDS_WITH_PERIOD.test(text) ? text : `${text}.`;
}
/** Printable ASCII but `"` and `\\`: a JSON string holds it as it is. */
const JSON_AS_IS = /^[ !#-[\]-~]*$/;
/** A string as the content of a JSON string literal (without the quotes). */
function esc(text) {
    return JSON_AS_IS.test(text) ? text : JSON.stringify(text).slice(1, -1);
}
/** A text as plain help: copied as it is when the report holds it plainly, else escaped. */
function writeText(out, t) {
    if (t.plainLength >= 0)
        t.writePlain(out);
    else
        out.text(esc(t.text()));
}
/** A text as Markdown: copied when nothing in it means anything to Markdown, else made inert. */
function writeMarkdown(out, t) {
    if (t.plainLength >= 0 && t.inert)
        t.writePlain(out);
    else
        out.text(esc((0,results_markdown/* inlineBlock */.VK)(t.text())));
}
/** The description, cut to `max` characters (GitHub shows 1024), else the title. */
function writeFullDescription(out, t, titleText, max) {
    if (t.empty)
        out.text(titleText);
    else if (t.plainLength < 0)
        out.text(esc((0,results_details/* cleanLine */.Ow)(t.text(), max)));
    else if (t.plainLength <= max)
        t.writePlain(out);
    else {
        t.writePlain(out, max - 3);
        out.text('...');
    }
}
function ruleTags(c, severity) {
    const out = ['security', 'compliance', severity];
    for (const nist of (0,results_details/* listTag */.pb)(c, 'nist'))
        out.push(`NIST ${nist}`);
    for (const cci of (0,results_details/* listTag */.pb)(c, 'cci'))
        out.push(cci);
    return [...new Set(out)].slice(0, MAX_RULE_TAGS);
}
/** The end of a rule: its level, tags and scores, which depend on nothing but severity, impact and tags. */
function ruleEnd(ctx, c, severity) {
    const nist = (0,results_details/* rawListTag */.fY)(c, 'nist');
    const cci = (0,results_details/* rawListTag */.fY)(c, 'cci');
    let byImpact = ctx.ruleEnds.get(severity);
    if (byImpact === undefined)
        ctx.ruleEnds.set(severity, (byImpact = new Map()));
    let byNist = byImpact.get(c.impact);
    if (byNist === undefined)
        byImpact.set(c.impact, (byNist = new Map()));
    let byCci = byNist.get(nist);
    if (byCci === undefined)
        byNist.set(nist, (byCci = new Map()));
    let end = byCci.get(cci);
    if (end === undefined) {
        const score = SECURITY_SEVERITY[severity];
        const properties = {
            tags: ruleTags(c, severity),
            precision: 'high',
            ...(score ? { 'security-severity': score } : {}),
            severity,
            impact: c.impact,
        };
        end = `"},"defaultConfiguration":${JSON.stringify({ level: SARIF_LEVEL[severity] })},"properties":${JSON.stringify(properties)}}`;
        byCci.set(cci, end);
    }
    return end;
}
/**
 * Pieces of a text, set by index into a list reused rule after rule. Emptying an array by its length frees its
 * storage, and pushing grows it again: half a kilobyte per rule with a result.
 */
class Pieces {
    // Room for a rule with nine tags (grown by a rule with more): a join also copies the list, empty entries included.
    items = new Array(48).fill('');
    count = 0;
    add(piece) {
        this.items[this.count] = piece;
        this.count += 1;
    }
    /** The pieces as one string; the list is empty again. */
    take() {
        // Entries past `count` are '' (cleared by the last take), so the join is of the pieces alone.
        const text = this.items.join('');
        this.items.fill('', 0, this.count);
        this.count = 0;
        return text;
    }
}
/**
 * Severity, tags and which control of which profile, one per line, as JSON string content: made once per rule with
 * a result and written twice (in its help's text and Markdown).
 */
function factsJson(ctx, c, severity) {
    const pairs = ctx.tagPairs;
    const count = (0,results_details/* tagPairs */.od)((0,results_details/* allTags */.Jw)(ctx.details, c), pairs);
    const facts = ctx.facts;
    facts.add('Severity: ');
    facts.add(types/* SEVERITY_LABEL */.Rt[severity]);
    facts.add(' (impact ');
    facts.add(String(c.impact));
    facts.add(')\\n');
    for (let i = 0; i < count; i += 2) {
        facts.add(pairs[i]);
        facts.add(': ');
        facts.add(esc(pairs[i + 1]));
        facts.add('\\n');
    }
    facts.add('Control: ');
    facts.add(esc((0,results_details/* cleanLine */.Ow)(c.id, 200)));
    facts.add(' of profile ');
    facts.add(ctx.profileJson);
    return facts.take();
}
/** A fence for a code block that no backtick run in `text` can close (escaping for JSON makes or breaks no run). */
function fenceFor(text) {
    let fence = '```';
    while (text.includes(fence))
        fence += '`';
    return fence;
}
/**
 * The help of a rule with a result: description, check and fix text, then the facts, as text and as Markdown we write
 * around text that stays inert (nothing from the report becomes a link, heading, tag or mention).
 */
function writeFullHelp(out, texts, facts, titleText, titleMarkdown) {
    out.text('"},"help":{"text":"');
    out.text(titleText);
    if (!texts.description.empty) {
        out.text('\\n\\n');
        writeText(out, texts.description);
    }
    if (!texts.check.empty) {
        out.text('\\n\\nCheck:\\n');
        writeText(out, texts.check);
    }
    if (!texts.fix.empty) {
        out.text('\\n\\nFix:\\n');
        writeText(out, texts.fix);
    }
    out.text('\\n\\n');
    out.text(facts);
    out.text('","markdown":"');
    writeTitleMarkdown(out, titleMarkdown, titleText);
    if (!texts.description.empty) {
        out.text('\\n\\n');
        writeMarkdown(out, texts.description);
    }
    if (!texts.check.empty) {
        out.text('\\n\\n#### Check\\n\\n');
        writeMarkdown(out, texts.check);
    }
    if (!texts.fix.empty) {
        out.text('\\n\\n#### Fix\\n\\n');
        writeMarkdown(out, texts.fix);
    }
    // The facts (tags come from the report) as a fenced code block: shown as written, never interpreted, and cheap.
    const fence = fenceFor(facts);
    out.text('\\n\\n');
    out.text(fence);
    out.text('text\\n');
    out.text(facts);
    out.text('\\n');
    out.text(fence);
}
/** Per status, the note of a rule without a result, as JSON string content. */
const SHORT_NOTE = Object.fromEntries(Object.entries(types/* STATUS_LABEL */._P).map(([status, label]) => [
    status,
    esc(`\n\nStatus in this scan: ${label}. The check and fix text are written here when the control fails or errors.`),
]));
/**
 * The help of a rule with no result in this scan. GitHub shows a rule's help only beside an alert, so the long texts
 * (description, check, fix, tags) are written with the control's alert; a 10,000-control report stays small.
 */
function writeShortHelp(out, c, titleText, titleMarkdown) {
    const note = SHORT_NOTE[c.status];
    out.text('"},"help":{"text":"');
    out.text(titleText);
    out.text(note);
    out.text('","markdown":"');
    writeTitleMarkdown(out, titleMarkdown, titleText);
    out.text(note);
}
/**
 * The title in bold: `titleMarkdown`, or `undefined` for a title of plain words, which is bold as it is. Written in
 * pieces, so that no string is made for it.
 */
function writeTitleMarkdown(out, titleMarkdown, titleText) {
    if (titleMarkdown !== undefined) {
        out.text(titleMarkdown);
        return;
    }
    out.text('**');
    out.text(titleText);
    out.text('**');
}
/**
 * One reportingDescriptor. `full`: the control has a result, so its help carries the description, check and fix
 * text; its long texts are copied from the report's bytes where they are plain.
 */
function writeRule(out, ctx, c, full) {
    const severity = (0,results_details/* shownSeverity */.hA)(c);
    const texts = (0,results_details/* controlTexts */.AE)(ctx.details, c, full, ctx.texts);
    const given = c.title ?? '';
    let titleText;
    // undefined: the title is plain words, bold as it is.
    let titleMarkdown;
    // Most titles are plain words: nothing to clean, escape or make inert, and no regular expression but this one.
    if (given !== '' && given.length <= MAX_DESCRIPTION && results_markdown/* PLAIN_INLINE */.Hn.test(given))
        titleText = given;
    else {
        const title = (0,results_details/* cleanLine */.Ow)(given, MAX_DESCRIPTION) || (0,results_details/* cleanLine */.Ow)(c.id, MAX_DESCRIPTION);
        titleText = esc(title);
        titleMarkdown = esc(`**${(0,results_markdown/* inline */.mG)(title, MAX_DESCRIPTION)}**`);
    }
    out.text('{"id":"');
    out.text(esc(c.id));
    out.text('","shortDescription":{"text":"');
    out.text(titleText);
    out.text('"},"fullDescription":{"text":"');
    writeFullDescription(out, texts.description, titleText, full ? MAX_DESCRIPTION : SHORT_DESCRIPTION);
    if (full) {
        writeFullHelp(out, texts, factsJson(ctx, c, severity), titleText, titleMarkdown);
    }
    else
        writeShortHelp(out, c, titleText, titleMarkdown);
    out.text(ruleEnd(ctx, c, severity));
}
/**
 * Why the control is a result, as a JSON string: its first failing (or erroring) test and what that test said, or
 * its waiver. A message that needs no cutting (most results of a large report) is written piece by piece: JSON
 * escapes each piece as it would the whole.
 */
function writeResultMessage(out, c, waived, justification) {
    if (waived) {
        const why = justification ? `: ${justification}` : '';
        out.text(JSON.stringify(endWithPeriod((0,results_details/* cleanLine */.Ow)(`Waived (not run)${why}`, MAX_MESSAGE))));
        return;
    }
    const tests = (0,results_details/* decisiveTests */._q)(c);
    const first = tests[0];
    const verb = c.status === 'error' ? 'Error' : 'Failed';
    if (!first) {
        const message = endWithPeriod((0,results_details/* cleanLine */.Ow)(`${verb}: ${c.message ?? 'no test was run in this control'}`, MAX_MESSAGE));
        out.text(JSON.stringify(message));
        return;
    }
    const what = (0,results_details/* cleanLine */.Ow)(first.code_desc, 500);
    const period = ENDS_WITH_PERIOD.test(what) ? '' : '.';
    const said = (0,results_details/* cleanText */.X5)((0,results_details/* testMessage */.I3)(first), MAX_MESSAGE);
    const more = tests.length > 1
        ? `\n(${tests.length - 1} more ${verb === 'Error' ? 'erroring' : 'failing'} test${tests.length > 2 ? 's' : ''})`
        : '';
    if (verb.length + 2 + what.length + period.length + (said ? 1 + said.length : 0) + more.length > MAX_MESSAGE) {
        out.text(JSON.stringify((0,results_details/* bounded */.Mm)(`${verb}: ${what}${period}${said ? `\n${said}` : ''}${more}`, MAX_MESSAGE)));
        return;
    }
    out.text('"');
    out.text(verb);
    out.text(': ');
    out.text(esc(what));
    out.text(period);
    if (said) {
        out.text('\\n');
        out.text(esc(said));
    }
    out.text(esc(more));
    out.text('"');
}
/**
 * Failed and errored controls, and those a waiver skipped (`eligible` of them); most severe first when over GitHub's
 * limit.
 */
function plannedResults(controls) {
    const planned = [];
    // Index loops here and below: they run for every control, mostly before V8 optimises them, and an unoptimised
    // for-of makes an iterator result per element.
    for (let i = 0; i < controls.length; i += 1) {
        const c = controls[i];
        if (c.status === 'failed' || c.status === 'error') {
            planned.push({ control: c, position: i, waived: false, justification: '' });
            continue;
        }
        const waiver = c.status === 'no_impact' ? (0,results_details/* waiverOf */.Ci)(c) : undefined;
        if (waiver?.skipped)
            planned.push({ control: c, position: i, waived: true, justification: waiver.justification });
    }
    if (planned.length <= MAX_RESULTS)
        return { planned, eligible: planned.length };
    const rank = { critical: 0, high: 1, medium: 2, low: 3, none: 4 };
    const kept = planned
        .map((p, i) => ({ p, i }))
        .sort((a, b) => Number(a.p.waived) - Number(b.p.waived) ||
        rank[(0,results_details/* shownSeverity */.hA)(a.p.control)] - rank[(0,results_details/* shownSeverity */.hA)(b.p.control)] ||
        a.i - b.i)
        .slice(0, MAX_RESULTS)
        .sort((a, b) => a.i - b.i)
        .map(({ p }) => p);
    return { planned: kept, eligible: planned.length };
}
/**
 * One rule per distinct control id, in the report's order (over GitHub's limit, the ids with a result first), and
 * each id's index among them; no index when every control is its own rule, at its own position (the usual report,
 * whose ids are all different: no map of 10,000 ids to make).
 */
function plannedRules(details, results) {
    const controls = details.controls;
    if (details.uniqueIds && controls.length <= MAX_RULES)
        return { rules: controls, index: undefined };
    const index = new Map();
    const rules = [];
    for (let i = 0; i < controls.length; i += 1) {
        const c = controls[i];
        if (index.has(c.id))
            continue;
        index.set(c.id, rules.length);
        rules.push(c);
    }
    if (rules.length <= MAX_RULES)
        return { rules, index };
    const wanted = new Set(results.map((r) => r.control.id));
    const withResult = rules.filter((c) => wanted.has(c.id));
    const without = rules.filter((c) => !wanted.has(c.id));
    const kept = [...withResult, ...without].slice(0, MAX_RULES);
    index.clear();
    kept.forEach((c, i) => index.set(c.id, i));
    return { rules: kept, index };
}
/** The index of a planned result's rule, or undefined when its rule was left out (over GitHub's limit). */
function ruleOf(p, index) {
    return index === undefined ? p.position : index.get(p.control.id);
}
/** Where every result of a run sits: line 1 of one repository file. */
function locationsJson(uri) {
    const location = {
        physicalLocation: { artifactLocation: { uri }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } },
    };
    return JSON.stringify([location]);
}
/** One result, written as text: thousands of them are written, and only their rule, message and fingerprint vary. */
function writeResult(out, p, index, locations, fingerprintText) {
    const c = p.control;
    const severity = (0,results_details/* shownSeverity */.hA)(c);
    let suppressions = '';
    if (p.waived) {
        const suppression = {
            kind: 'external',
            status: 'accepted',
            ...(p.justification ? { justification: p.justification } : {}),
        };
        suppressions = `"suppressions":${JSON.stringify([suppression])},`;
    }
    // Status and severity are names of ours; the impact is a number the schema check has seen. Written in pieces: no
    // string is made for the result as a whole.
    out.text('{"ruleId":"');
    out.text(esc(c.id));
    out.text('","ruleIndex":');
    out.text(String(index));
    out.text(',"level":"');
    out.text(SARIF_LEVEL[severity]);
    out.text('","message":{"text":');
    writeResultMessage(out, c, p.waived, p.justification);
    out.text('},"locations":');
    out.text(locations);
    out.text(',"partialFingerprints":{"primaryLocationLineHash":"');
    out.text(fingerprintText);
    out.text('"},');
    out.text(suppressions);
    out.text('"properties":{"status":"');
    out.text(p.waived ? 'waived' : c.status);
    out.text('","severity":"');
    out.text(severity);
    out.text('","impact":');
    out.text(JSON.stringify(c.impact));
    out.text('}}');
}
function* runChunks(scan, out) {
    const { details, evaluation, meta } = scan;
    const { planned, eligible } = plannedResults(details.controls);
    const { rules, index: ruleIndex } = plannedRules(details, planned);
    const tool = JSON.stringify(driver(details));
    out.text(`{"tool":{"driver":${tool.slice(0, -1)},"rules":[`);
    // By rule: whether it has a result (and so its full help), then how many of its results are written.
    const withResult = new Uint8Array(rules.length);
    for (let i = 0; i < planned.length; i += 1) {
        const index = ruleOf(planned[i], ruleIndex);
        if (index !== undefined)
            withResult[index] = 1;
    }
    const ctx = {
        details,
        profileJson: esc((0,results_details/* cleanLine */.Ow)(details.report.profiles[0]?.name ?? '', 200)),
        tagPairs: new Array(40).fill(''),
        facts: new Pieces(),
        ruleEnds: new Map(),
        texts: (0,results_details/* newControlTexts */.uv)(),
    };
    for (let i = 0; i < rules.length; i += 1) {
        const c = rules[i];
        if (i > 0)
            out.text(',');
        writeRule(out, ctx, c, withResult[i] === 1);
        if (out.full)
            yield out.take();
    }
    const runProperties = {
        'kube-cinc-scan': {
            ...(meta.image ? { image: meta.image } : {}),
            ...(meta.imageDigest ? { imageDigest: meta.imageDigest } : {}),
            profile: details.report.profiles[0]?.name ?? '',
            result: evaluation.result,
            thresholdGiven: evaluation.thresholdGiven,
            compliance: evaluation.compliance,
            ...(planned.length < eligible ? { resultsLeftOut: eligible - planned.length } : {}),
        },
    };
    out.text(`]},"extensions":[${JSON.stringify(profileExtension(details))}]},`);
    out.text(`"automationDetails":${JSON.stringify({ id: automationId(scan) })},`);
    out.text(`"columnKind":"utf16CodeUnits","properties":${JSON.stringify(runProperties)},"results":[`);
    const occurrences = new Uint32Array(rules.length);
    const repository = meta.image ? (0,results_details/* imageRepository */.an)(meta.image) : '';
    const locations = locationsJson(locationUri(scan.location));
    let written = 0;
    for (let i = 0; i < planned.length; i += 1) {
        const p = planned[i];
        const index = ruleOf(p, ruleIndex);
        if (index === undefined)
            continue;
        occurrences[index] = (occurrences[index] ?? 0) + 1;
        if (written > 0)
            out.text(',');
        writeResult(out, p, index, locations, repositoryFingerprint(repository, p.control.id, occurrences[index] ?? 1));
        written += 1;
        if (out.full)
            yield out.take();
    }
    out.text(']}');
}
/**
 * The SARIF log of one or more scans (one run each), a chunk of bytes at a time: a large report's log is never held
 * whole, and its plain texts are copied from the report's bytes, never decoded. Each chunk is a view of one reused
 * buffer, valid until the next is asked for.
 */
function* sarifChunks(scans) {
    const out = new out_buffer/* OutBuffer */.J();
    out.text(`{"$schema":${JSON.stringify(SARIF_SCHEMA)},"version":"2.1.0","runs":[`);
    for (let i = 0; i < scans.length; i += 1) {
        if (i > 0)
            out.text(',');
        yield* runChunks(scans[i], out);
    }
    out.text(']}\n');
    yield out.take();
}
/** The whole SARIF log as one string (for tests and small reports). */
function renderSarif(scans) {
    const chunks = [];
    for (const chunk of sarifChunks(scans))
        chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
}

// EXTERNAL MODULE: ./src/core/results/junit.ts
var junit = __webpack_require__(362);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/core/results/files.ts







function buildSummaryJson(evaluation, meta, written = {}) {
    const common = {
        image: meta.image ?? null,
        imageDigest: meta.imageDigest ?? null,
        profile: meta.profile ?? null,
        threshold: meta.threshold ?? null,
        sarifFile: written.sarifFile ? (0,external_node_path_.basename)(written.sarifFile) : null,
        junitFile: written.junitFile ? (0,external_node_path_.basename)(written.junitFile) : null,
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
const SARIF_FILE = 'scan-results.sarif';
const JUNIT_FILE = 'scan-results.junit.xml';
/**
 * Writes text produced in pieces (strings, or bytes copied from a report) through a reused buffer, so that a large
 * file is never one string (nor one buffer). The writes are synchronous: a chunk reaches the page cache in a fraction
 * of a millisecond, while a round trip through the thread pool and the event loop per chunk cost more (measured on
 * the 10,000-control report: making and writing its 34 MB SARIF log took about a fifth longer asynchronously). A
 * chunk that is a view of a writer's buffer is written before the next one is asked for.
 */
async function writeChunks(path, chunks) {
    const handle = await (0,promises_.open)(path, 'w');
    try {
        const writeAll = (bytes) => {
            for (let done = 0; done < bytes.length;)
                done += (0,external_node_fs_.writeSync)(handle.fd, bytes, done, bytes.length - done);
        };
        const gathered = new out_buffer/* OutBuffer */.J(WRITE_BUFFER);
        for (const chunk of chunks) {
            if (chunk.length >= WRITE_DIRECT) {
                // A large chunk (a writer's own buffered output) goes to the file as it is, without a copy.
                if (!gathered.empty)
                    writeAll(gathered.take());
                writeAll(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
                continue;
            }
            gathered.piece(chunk);
            if (gathered.full)
                writeAll(gathered.take());
        }
        if (!gathered.empty)
            writeAll(gathered.take());
    }
    finally {
        await handle.close();
    }
}
/** Bytes gathered before a write, and the size from which a chunk is written as it is. */
const WRITE_BUFFER = 1024 * 1024;
const WRITE_DIRECT = 64 * 1024;
/** scan-results.sarif and scan-results.junit.xml, or on an error the JUnit file that says why. */
async function writeSarifAndJunit(outputDir, input, files) {
    const failed = input.error !== undefined || !input.evaluation;
    const sarifPath = (0,external_node_path_.join)(outputDir, SARIF_FILE);
    const junitPath = (0,external_node_path_.join)(outputDir, JUNIT_FILE);
    if (failed || !input.evaluation) {
        await (0,promises_.rm)(sarifPath, { force: true });
        await (0,promises_.writeFile)(junitPath, (0,junit/* renderJunitError */.bg)(input.error ?? 'no evaluation', input.meta));
        files.junitFile = junitPath;
    }
    else if (input.details) {
        const scan = { evaluation: input.evaluation, details: input.details, meta: input.meta };
        await writeChunks(sarifPath, sarifChunks([{ ...scan, location: input.sarifLocation ?? DEFAULT_SARIF_LOCATION }]));
        files.sarifFile = sarifPath;
        await writeChunks(junitPath, (0,junit/* junitChunks */.FW)([scan]));
        files.junitFile = junitPath;
    }
    else {
        await Promise.all([(0,promises_.rm)(sarifPath, { force: true }), (0,promises_.rm)(junitPath, { force: true })]);
    }
}
/**
 * Writes scan-results.json (the report as received), scan-summary.md, threshold-result.txt, summary.json and, from the
 * same evaluation, scan-results.sarif and scan-results.junit.xml (those two need `details`). On an error it still
 * writes whatever it has (the raw report if any, an error summary, a JUnit file with the error) and removes a SARIF
 * file left by an earlier run, so that it is not uploaded as this run's. `reportFile` copies the report from a file
 * instead of writing `reportText` (no second in-memory copy of a large report).
 */
async function writeResultFiles(outputDir, input) {
    await (0,promises_.mkdir)(outputDir, { recursive: true });
    const files = {
        summaryFile: (0,external_node_path_.join)(outputDir, 'scan-summary.md'),
        thresholdFile: (0,external_node_path_.join)(outputDir, 'threshold-result.txt'),
        summaryJsonFile: (0,external_node_path_.join)(outputDir, 'summary.json'),
    };
    // The report is copied (in the kernel, on the thread pool) while the SARIF and JUnit files are made.
    let copying = Promise.resolve();
    if (input.reportText !== undefined || input.reportFile !== undefined) {
        files.resultsFile = (0,external_node_path_.join)(outputDir, 'scan-results.json');
        if (input.reportText !== undefined)
            copying = (0,promises_.writeFile)(files.resultsFile, input.reportText);
        else if ((0,external_node_path_.resolve)(input.reportFile) !== (0,external_node_path_.resolve)(files.resultsFile))
            copying = (0,promises_.copyFile)(input.reportFile, files.resultsFile);
    }
    // Observed now, thrown below: a failed copy must not be an unhandled rejection while the other files are written.
    void copying.catch(() => undefined);
    try {
        await writeSarifAndJunit(outputDir, input, files);
    }
    finally {
        await copying;
    }
    const failed = input.error !== undefined || !input.evaluation;
    const markdown = failed || !input.evaluation
        ? (0,results_markdown/* renderErrorMarkdown */.mc)(input.error ?? 'no evaluation', input.meta)
        : (0,results_markdown/* renderSummaryMarkdown */.i$)(input.evaluation, input.meta);
    const summary = buildSummaryJson(input.evaluation, { ...input.meta, ...(input.error !== undefined ? { error: input.error } : {}) }, files);
    await (0,promises_.writeFile)(files.summaryFile, markdown);
    await (0,promises_.writeFile)(files.thresholdFile, renderThresholdResult(input.evaluation, input.error));
    await (0,promises_.writeFile)(files.summaryJsonFile, JSON.stringify(summary, null, 2) + '\n');
    return files;
}

;// CONCATENATED MODULE: ./src/core/results/index.ts









/***/ }),

/***/ 362:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FW: () => (/* binding */ junitChunks),
/* harmony export */   bg: () => (/* binding */ renderJunitError),
/* harmony export */   zj: () => (/* binding */ xmlAttr)
/* harmony export */ });
/* unused harmony exports xmlText, renderJunit */
/* harmony import */ var _details_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7752);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5817);
/* harmony import */ var _out_buffer_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(181);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8511);




// Characters XML 1.0 cannot hold (C0 controls but tab, line feed, carriage return; lone surrogates; U+FFFE, U+FFFF),
// and C1 controls and bidi overrides, which it can hold but a reader should not see.
const NOT_XML = 
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Anything xmlText or xmlAttr would change: markup, quotes, line ends, tabs, and every character outside printable ASCII. */
const XML_WORK = /[^ !#-%(-;=?-~]/;
/** Anything xmlText would change: markup, and every character outside printable ASCII but tab and line ends. */
const TEXT_WORK = /[^\t\n\r -%'-;=?-~]/;
/** Text content: `&`, `<` and `>` escaped (so `]]>` cannot appear either). */
function xmlText(text) {
    if (!TEXT_WORK.test(text))
        return text;
    return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** An attribute value in double quotes: also `"`, and line ends and tabs as references (a parser would flatten them). */
function xmlAttr(text) {
    if (!XML_WORK.test(text))
        return text;
    return xmlText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
/** xs:decimal: plain digits, never an exponent. */
function seconds(value) {
    return (Number.isFinite(value) && value > 0 ? value : 0).toFixed(6);
}
/** The schema's timestamp: ISO 8601 without a zone (we write UTC). */
function timestamp(date) {
    return date.toISOString().slice(0, 19);
}
const MAX_MESSAGE = 1000;
const MAX_BODY = 20_000;
/** A failed or errored testcase's `<failure>` or `<error>`: the first decisive test as message, all of them as text. */
function writeFailure(out, c) {
    const tests = (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .decisiveTests */ ._q)(c);
    const first = tests[0];
    const failed = c.status === 'failed';
    const message = first
        ? (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanLine */ .Ow)(`${first.code_desc}${(0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .testMessage */ .I3)(first) ? `: ${(0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .testMessage */ .I3)(first)}` : ''}`, MAX_MESSAGE)
        : (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanLine */ .Ow)(c.message ?? 'no test was run in this control', MAX_MESSAGE);
    const type = failed ? 'failed' : (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanLine */ .Ow)(first?.exception ?? 'error', 200) || 'error';
    out.text(failed ? '<failure message="' : '<error message="');
    out.text(xmlAttr(message));
    out.text('" type="');
    out.text(xmlAttr(type));
    out.text('">');
    const label = failed ? 'FAILED' : 'ERROR';
    if (tests.length !== 1 || !writeOneTestLines(out, first, label))
        out.text(xmlText(testLines(tests, label) || message));
    out.text(failed ? '</failure>' : '</error>');
}
/** The decisive tests, one `FAILED: what` line each with what the test said indented below, cleaned and bounded. */
function testLines(tests, label) {
    let lines = '';
    for (let i = 0; i < tests.length; i += 1) {
        const t = tests[i];
        const said = (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanText */ .X5)((0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .testMessage */ .I3)(t), MAX_MESSAGE);
        lines += `${i > 0 ? '\n' : ''}${label}: ${(0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanLine */ .Ow)(t.code_desc, MAX_MESSAGE)}`;
        if (said)
            lines += `\n  ${said.replace(/\n/g, '\n  ')}`;
    }
    return (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanText */ .X5)(lines, MAX_BODY);
}
/**
 * What testLines makes of a single test, written piece by piece as XML text (most failures have one decisive test,
 * and a large report has thousands of them). False, with nothing written, when the line would end in a space that
 * testLines trims. Its parts are cleaned already and far below MAX_BODY together, so nothing else would change them.
 */
function writeOneTestLines(out, test, label) {
    const what = (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanLine */ .Ow)(test.code_desc, MAX_MESSAGE);
    const said = (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanText */ .X5)((0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .testMessage */ .I3)(test), MAX_MESSAGE);
    if (what === '' && said === '')
        return false;
    out.text(label);
    out.text(': ');
    out.text(xmlText(what));
    if (said === '')
        return true;
    // Each line of what the test said, indented under the test.
    for (let start = 0;;) {
        const end = said.indexOf('\n', start);
        out.text('\n  ');
        out.text(xmlText(end < 0 ? said.slice(start) : said.slice(start, end)));
        if (end < 0)
            return true;
        start = end + 1;
    }
}
/** A skipped testcase's `<skipped>`, saying why: not reviewed (and the reason), not applicable, or waived. */
function skippedElement(c) {
    let why;
    if (c.status === 'skipped') {
        const reason = c.root.detail?.skipMessage ?? c.control.detail?.skipMessage;
        why = `${_types_js__WEBPACK_IMPORTED_MODULE_3__/* .STATUS_LABEL */ ._P.skipped}${reason ? `: ${reason}` : ''}`;
    }
    else {
        const waiver = (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .waiverOf */ .Ci)(c);
        why = waiver?.skipped
            ? `${_types_js__WEBPACK_IMPORTED_MODULE_3__/* .STATUS_LABEL */ ._P.no_impact}: waived${waiver.justification ? ` (${waiver.justification})` : ''}`
            : `${_types_js__WEBPACK_IMPORTED_MODULE_3__/* .STATUS_LABEL */ ._P.no_impact}: impact 0`;
    }
    return `<skipped message="${xmlAttr((0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanLine */ .Ow)(why, MAX_MESSAGE))}"/>`;
}
/** `id: title` as an attribute value (the id alone when there is no title). */
function testcaseName(c) {
    const given = c.title ?? '';
    const title = given.length <= 500 && _markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .PLAIN_INLINE */ .Hn.test(given) ? given : (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanLine */ .Ow)(given, 500);
    const named = `${(0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanLine */ .Ow)(c.id, 200)}:${given ? ` ${title}` : ''}`;
    return xmlAttr(named.endsWith(':') ? named.slice(0, -1) : named);
}
/** An id that testcaseName keeps as it is: printable ASCII words that need no escape in an attribute. */
const PLAIN_ID = /^[!#-%(-;=?-~]+(?: [!#-%(-;=?-~]+)*$/;
/**
 * The name, written as it is when the id and the title are plain (most testcases of a large report): no string is
 * made for it, and a 10,000-control report's testcases make almost no garbage.
 */
function writeTestcaseName(out, c) {
    const id = c.id;
    const title = c.title ?? '';
    if (id.length > 200 || !PLAIN_ID.test(id) || (title !== '' && (title.length > 500 || !_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .PLAIN_INLINE */ .Hn.test(title)))) {
        out.text(testcaseName(c));
        return;
    }
    out.text(id);
    if (title === '')
        return;
    out.text(': ');
    out.text(title);
}
/**
 * A testcase, written piece by piece into `out`. `classAndTime` is `" classname="…" time="`: the classname is the
 * same for every testcase of a suite.
 */
function writeTestcase(out, c, classAndTime) {
    out.text('    <testcase name="');
    writeTestcaseName(out, c);
    out.text(classAndTime);
    out.text(seconds((0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .runTime */ .Ft)(c)));
    if (c.status === 'passed') {
        out.text('"/>\n');
        return;
    }
    out.text('">');
    if (c.status === 'failed' || c.status === 'error')
        writeFailure(out, c);
    else
        out.text(skippedElement(c));
    out.text('</testcase>\n');
}
function property(name, value) {
    if (value === undefined || value === '')
        return '';
    return `      <property name="${xmlAttr(name)}" value="${xmlAttr((0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanLine */ .Ow)(String(value), 2000))}"/>\n`;
}
function* suiteChunks(scan, id, out) {
    const { evaluation, details, meta } = scan;
    const counts = evaluation.counts;
    const profile = details.report.profiles[0];
    const name = (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanLine */ .Ow)(profile?.name ?? '', 200) || 'profile';
    const total = details.controls.length;
    const duration = details.report.statistics?.duration;
    const time = typeof duration === 'number' ? duration : details.controls.reduce((sum, c) => sum + (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .runTime */ .Ft)(c), 0);
    const attrs = [
        `name="${xmlAttr(name)}"`,
        `package="${xmlAttr(name)}"`,
        `id="${id}"`,
        `timestamp="${timestamp((0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .startedAt */ .xh)(details.controls) ?? new Date())}"`,
        `hostname="${xmlAttr((0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanLine */ .Ow)(meta.image ?? '', 500) || 'localhost')}"`,
        `tests="${total}"`,
        `failures="${counts.failed.total}"`,
        `errors="${counts.error.total}"`,
        `skipped="${counts.skipped.total + counts.no_impact.total}"`,
        `time="${seconds(time)}"`,
    ];
    out.text(`  <testsuite ${attrs.join(' ')}>\n    <properties>\n`);
    out.text(property('profile.version', profile?.version ?? undefined) +
        property('image', meta.image) +
        property('image.digest', meta.imageDigest) +
        property('platform', `${details.report.platform.name} ${details.report.platform.release}`.trim()) +
        property('compliance', evaluation.compliance) +
        property('result', evaluation.thresholdGiven ? evaluation.result : 'no threshold') +
        property('threshold', meta.threshold) +
        property('inspec.version', details.report.version));
    out.text('    </properties>\n');
    const classAndTime = `" classname="${xmlAttr(name)}" time="`;
    const controls = details.controls;
    for (let i = 0; i < controls.length; i += 1) {
        writeTestcase(out, controls[i], classAndTime);
        if (out.full)
            yield out.take();
    }
    out.text('    <system-out/>\n    <system-err/>\n  </testsuite>\n');
}
/**
 * The JUnit XML of one or more scans (one testsuite each), a chunk of bytes at a time; each chunk is a view of one
 * reused buffer, valid until the next is asked for.
 */
function* junitChunks(scans) {
    const out = new _out_buffer_js__WEBPACK_IMPORTED_MODULE_2__/* .OutBuffer */ .J();
    out.text('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n');
    for (let i = 0; i < scans.length; i += 1)
        yield* suiteChunks(scans[i], i, out);
    out.text('</testsuites>\n');
    yield out.take();
}
function renderJunit(scans) {
    const chunks = [];
    for (const chunk of junitChunks(scans))
        chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
}
/**
 * The JUnit file for a scan that ended in an error (`result=error`): one suite with one errored testcase that says
 * why, so a CI test report shows the failure instead of an empty run.
 */
function renderJunitError(message, meta, now = new Date()) {
    const text = (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanText */ .X5)(message, MAX_BODY);
    const line = (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanLine */ .Ow)(message, MAX_MESSAGE);
    const suite = (0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanLine */ .Ow)(meta.profile ?? '', 200) || 'kube-cinc-scan';
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites>',
        `  <testsuite name="${xmlAttr(suite)}" package="${xmlAttr(suite)}" id="0" timestamp="${timestamp(now)}" hostname="${xmlAttr((0,_details_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanLine */ .Ow)(meta.image ?? '', 500) || 'localhost')}" tests="1" failures="0" errors="1" skipped="0" time="0.000000">`,
        '    <properties>',
        property('image', meta.image).trimEnd(),
        '    </properties>',
        `    <testcase name="scan" classname="kube-cinc-scan" time="0.000000"><error message="${xmlAttr(line)}" type="scan error">${xmlText(text)}</error></testcase>`,
        '    <system-out/>',
        '    <system-err/>',
        '  </testsuite>',
        '</testsuites>',
    ]
        .filter((l) => l !== '')
        .join('\n')
        .concat('\n');
}


/***/ }),

/***/ 5817:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hn: () => (/* binding */ PLAIN_INLINE),
/* harmony export */   VK: () => (/* binding */ inlineBlock),
/* harmony export */   fS: () => (/* binding */ DEFAULT_MAX_BYTES),
/* harmony export */   i$: () => (/* binding */ renderSummaryMarkdown),
/* harmony export */   mG: () => (/* binding */ inline),
/* harmony export */   mc: () => (/* binding */ renderErrorMarkdown)
/* harmony export */ });
/* harmony import */ var _ascii_line_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3120);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8511);


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
    let made = ENTITIES.get(c);
    if (made === undefined) {
        made = c === '@' || c === '#' ? `&#${c.charCodeAt(0)};&#8203;` : `&#${c.charCodeAt(0)};`;
        ENTITIES.set(c, made);
    }
    return made;
}
/** Each special character's entity, made the first time it is needed. */
const ENTITIES = new Map();
/** One line of inert text: special characters as entities, every run of whitespace (newlines too) as one space. */
function inline(text, maxChars = 400) {
    // Most titles and tags of a large report are plain words: nothing to remove, collapse or escape.
    if (text.length <= maxChars && PLAIN_INLINE.test(text))
        return text;
    const collapsed = (0,_ascii_line_js__WEBPACK_IMPORTED_MODULE_0__/* .asciiLine */ .o)(text, true) ??
        text
            .replace(INVISIBLE, '')
            .replace(/[\s\u0085]+/g, ' ')
            .trim();
    let end = maxChars - 1;
    // Never cut between the two halves of a surrogate pair (an emoji would become U+FFFD).
    if (/[\uD800-\uDBFF]/.test(collapsed[end - 1] ?? ''))
        end -= 1;
    const cut = collapsed.length > maxChars ? `${collapsed.slice(0, end)}…` : collapsed;
    return cut.replace(SPECIAL, entity);
}
/** Words, digits and single spaces inside: `inline` would return it unchanged (and a JSON string holds it as is). */
const PLAIN_INLINE = /^(?:[A-Za-z0-9,;?/]+(?: [A-Za-z0-9,;?/]+)*)?$/;
/**
 * Multi-line inert text (a description, a check text): paragraphs and line breaks kept, each line as inert as
 * `inline` makes it, with its indentation dropped (indented lines would become a code block, where the entities show
 * as written). The text should already be bounded and free of control characters.
 */
function inlineBlock(text) {
    const visible = text.replace(INVISIBLE, '');
    // Most texts of a large report are single paragraphs of plain words: nothing to split or escape.
    if (!BLOCK_WORK.test(visible))
        return visible.replace(/\s+/g, ' ').trim();
    return visible
        .split(/\n[ \t]*\n\s*/)
        .map((paragraph) => paragraph
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .filter((line) => line !== '')
        .map((line) => line.replace(SPECIAL, entity))
        .join('\\\n'))
        .filter((paragraph) => paragraph !== '')
        .join('\n\n');
}
const BLOCK_WORK = /[\n&<>"'`|*_~[\]()\\#!{}@:=+\-.^$%]/;
function pct(n) {
    return `${n}%`;
}
function headline(evaluation) {
    if (!evaluation.thresholdGiven)
        return '## ℹ️ Compliance scan: no threshold set';
    return evaluation.result === 'pass'
        ? '## ✅ Compliance scan passed the threshold'
        : '## ❌ Compliance scan failed the threshold';
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
    const columns = _types_js__WEBPACK_IMPORTED_MODULE_1__/* .SEVERITIES */ .oC.filter((s) => s !== 'none');
    const lines = [
        `| Status | ${columns.map((s) => _types_js__WEBPACK_IMPORTED_MODULE_1__/* .SEVERITY_LABEL */ .Rt[s]).join(' | ')} | Total |`,
        `| --- | ${columns.map(() => '---:').join(' | ')} | ---: |`,
    ];
    for (const status of _types_js__WEBPACK_IMPORTED_MODULE_1__/* .STATUSES */ .f) {
        const row = evaluation.counts[status];
        lines.push(`| ${_types_js__WEBPACK_IMPORTED_MODULE_1__/* .STATUS_LABEL */ ._P[status]} | ${columns.map((s) => String(row[s])).join(' | ')} | ${row.total} |`);
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
/**
 * A row of the failed-controls table, with its line feed, and its size in bytes: summed over its parts, so that a
 * summary of thousands of rows does not copy each row whole to measure it.
 */
function controlRow(c) {
    const severity = inline(c.severity, 20);
    const id = inline(c.id, 80);
    const status = _types_js__WEBPACK_IMPORTED_MODULE_1__/* .STATUS_LABEL */ ._P[c.status];
    const impact = String(c.impact);
    const title = c.title ? inline(c.title, 200) : '';
    const message = c.message ? inline(c.message, 300) : '';
    return {
        row: `| ${severity} | ${id} | ${status} | ${impact} | ${title} | ${message} |\n`,
        bytes: ROW_FRAME + bytes(severity) + bytes(id) + bytes(status) + bytes(impact) + bytes(title) + bytes(message),
    };
}
/** The bytes a row adds around its six cells: `| ` and ` | ` between them, ` |` and the line feed. */
const ROW_FRAME = '|  |  |  |  |  |  |\n'.length;
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
        // Joined once at the end: the table is most of a large summary, and each concatenation would copy it again.
        const parts = [out];
        let shown = 0;
        for (const c of controls) {
            const { row, bytes: rowBytes } = controlRow(c);
            if (used + rowBytes + bytes(closing) > budget())
                break;
            parts.push(row);
            used += rowBytes;
            shown += 1;
        }
        if (shown < controls.length) {
            parts.push(`\n… ${controls.length - shown} more controls not shown to keep this summary under GitHub's size limit (see scan-results.json).\n`);
        }
        parts.push(closing, tailText);
        return parts.join('');
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


/***/ }),

/***/ 181:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ OutBuffer)
/* harmony export */ });
/* unused harmony export CHUNK_BYTES */
// The bytes of a large file being made (a SARIF log, a JUnit report), written straight into reused buffers and handed
// out a chunk at a time: its pieces never exist as strings or buffers of their own, so writing a 30 MB file costs a few
// allocations instead of hundreds of thousands (and a young generation that never has to grow for them).
/** Bytes gathered before a chunk is handed out. */
const CHUNK_BYTES = 256 * 1024;
const HAS_UTF8_WRITE = typeof Buffer.prototype.utf8Write === 'function';
class OutBuffer {
    buffer;
    used = 0;
    constructor(capacity = 2 * CHUNK_BYTES) {
        this.buffer = Buffer.allocUnsafe(capacity);
    }
    /** Whether anything is waiting to be taken. */
    get empty() {
        return this.used === 0;
    }
    /** Whether a chunk's worth is waiting to be taken. */
    get full() {
        return this.used >= CHUNK_BYTES;
    }
    /** Text, encoded as UTF-8. */
    text(text) {
        // n UTF-16 units take at most 3n bytes in UTF-8: with that much room the text fits without being measured.
        this.reserve(text.length * 3);
        this.used += HAS_UTF8_WRITE
            ? this.buffer.utf8Write(text, this.used, this.buffer.length - this.used)
            : this.buffer.write(text, this.used);
    }
    /** Bytes as they are. */
    bytes(bytes) {
        this.reserve(bytes.length);
        this.buffer.set(bytes, this.used);
        this.used += bytes.length;
    }
    /** Bytes `start` to `end` of `source`, copied without a view of them being made. */
    copy(source, start, end) {
        this.reserve(end - start);
        this.used += source.copy(this.buffer, this.used, start, end);
    }
    /** Text or bytes. */
    piece(piece) {
        if (typeof piece === 'string')
            this.text(piece);
        else
            this.bytes(piece);
    }
    /** What was written since the last take: a view of the buffer, valid until the next write. */
    take() {
        const chunk = this.buffer.subarray(0, this.used);
        this.used = 0;
        return chunk;
    }
    reserve(length) {
        if (this.used + length <= this.buffer.length)
            return;
        const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.used + length));
        this.buffer.copy(grown, 0, 0, this.used);
        this.buffer = grown;
    }
}


/***/ }),

/***/ 8511:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rt: () => (/* binding */ SEVERITY_LABEL),
/* harmony export */   W1: () => (/* binding */ emptyCounts),
/* harmony export */   _P: () => (/* binding */ STATUS_LABEL),
/* harmony export */   _Z: () => (/* binding */ isSeverity),
/* harmony export */   f: () => (/* binding */ STATUSES),
/* harmony export */   oC: () => (/* binding */ SEVERITIES),
/* harmony export */   zM: () => (/* binding */ isStatus)
/* harmony export */ });
// Names shared by every part of the results engine. The order of STATUSES and SEVERITIES is the order the SAF CLI
// checks thresholds in, so everything that iterates them stays in the CLI's order.
const STATUSES = ['passed', 'failed', 'skipped', 'no_impact', 'error'];
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none'];
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
    return SEVERITIES.includes(value);
}
function isStatus(value) {
    return STATUSES.includes(value);
}


/***/ })

};
