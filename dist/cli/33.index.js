export const id = 33;
export const ids = [33];
export const modules = {

/***/ 4033:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   renderCommand: () => (/* binding */ renderCommand)
/* harmony export */ });
/* harmony import */ var _core_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3555);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _core_paths_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6107);
/* harmony import */ var _core_profile_prepare_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9110);
/* harmony import */ var _core_scan_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9637);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7654);
/* harmony import */ var _flags_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5377);
/* harmony import */ var _registry_password_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6121);
/* harmony import */ var _profile_token_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(9259);
/* harmony import */ var _core_kube_registry_secret_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3347);







const FLAGS = [..._flags_js__WEBPACK_IMPORTED_MODULE_6__/* .SCAN_COMMAND_FLAGS */ .kq, ..._flags_js__WEBPACK_IMPORTED_MODULE_6__/* .IMAGE_LIST_FLAGS */ .Bb];



const renderCommand = {
    name: 'render',
    summary: 'print the scan pod and ConfigMaps as YAML, without a cluster',
    help: `Usage: kube-cinc-scan render --image IMAGE [--image IMAGE ...] [flags]

Prints the objects a scan would create (ConfigMaps and the Pod) as multi-document YAML on stdout, so you can review
them or apply them by hand. Needs no cluster. Names use a fresh run id each time. With several images (--image more
than once, --images-file) it prints the objects of each image's scan in turn, each after a comment naming the image;
--images-from-namespace needs a cluster to list the images, so render refuses it. With --registry-username the
registry pull Secret is printed too, with REDACTED in place of the password (render never reads it).

Flags:
${(0,_flags_js__WEBPACK_IMPORTED_MODULE_6__/* .flagHelp */ .QR)(FLAGS)}
  -h, --help                     show this help

Exit codes: 0 printed, 2 invalid input.`,
    async run(argv, io) {
        (0,_registry_password_js__WEBPACK_IMPORTED_MODULE_7__/* .refusePasswordFlag */ .AU)('render', argv);
        (0,_profile_token_js__WEBPACK_IMPORTED_MODULE_8__/* .refuseProfileTokenFlag */ .pW)('render', argv);
        const { values } = (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .parseFlags */ .b)('render', argv, (0,_flags_js__WEBPACK_IMPORTED_MODULE_6__/* .parseArgsOptions */ .dm)(FLAGS));
        if (values['help']) {
            io.out(`${renderCommand.help}\n`);
            return _io_js__WEBPACK_IMPORTED_MODULE_5__/* .EXIT */ .d.pass;
        }
        // The profile token too: a profile URL is fetched to render its ConfigMap (the token is never in it).
        const raw = { ...(0,_flags_js__WEBPACK_IMPORTED_MODULE_6__/* .rawInputsFromFlags */ .ZB)(FLAGS, values), ...(0,_profile_token_js__WEBPACK_IMPORTED_MODULE_8__/* .profileTokenInput */ .xM)(io) };
        // The printed Secret is redacted anyway: a placeholder stands in for the password, which is never read here.
        const placeholder = values['registry-username'] ? { 'registry-password': _core_kube_registry_secret_js__WEBPACK_IMPORTED_MODULE_9__/* .REDACTED */ .XF } : {};
        const config = (0,_core_config_js__WEBPACK_IMPORTED_MODULE_0__/* .parseConfig */ .o4)({ ...raw, ...placeholder }, { env: io.env, cwd: io.cwd, mode: 'cli' });
        if (config.targets.fromNamespaces.length > 0) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('KCS-CLI-003', `render: --images-from-namespace ${config.targets.fromNamespaces.join(', ')} is not allowed: listing a namespace's images needs a cluster, and render never contacts one`, {
                hint: 'Name the images with --image (repeatable) or --images-file; `kubectl get pods -o jsonpath` lists them.',
            });
        }
        // The profile (maybe a download) and the scanner files are read once, as a scan of several images does.
        const profile = await (0,_core_profile_prepare_js__WEBPACK_IMPORTED_MODULE_3__/* .prepareProfile */ .F)(config.scan, { env: io.env, signal: io.signal });
        const scannerFiles = (0,_core_scan_js__WEBPACK_IMPORTED_MODULE_4__/* .scannerFilesFrom */ .cf)((0,_core_paths_js__WEBPACK_IMPORTED_MODULE_2__/* .scannerDir */ .UD)());
        const several = config.targets.images.length > 1;
        for (const image of config.targets.images) {
            const plan = await (0,_core_scan_js__WEBPACK_IMPORTED_MODULE_4__/* .planScan */ .hn)({ ...config.scan, image }, { profile, scannerFiles });
            if (several)
                io.out(`# kube-cinc-scan: the objects of the scan of ${image}\n`);
            io.out((0,_core_scan_js__WEBPACK_IMPORTED_MODULE_4__/* .renderPlan */ .EG)(plan));
        }
        return _io_js__WEBPACK_IMPORTED_MODULE_5__/* .EXIT */ .d.pass;
    },
};


/***/ })

};
