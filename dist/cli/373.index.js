export const id = 373;
export const ids = [373];
export const modules = {

/***/ 2373:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   destroyKey: () => (/* binding */ destroyKey)
/* harmony export */ });
/* harmony import */ var _encryption_recipients_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2149);
/* harmony import */ var _snapshot_catalog_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3881);
/* harmony import */ var _storage_open_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3327);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(17);




// destroy-key: records that the age identity of one month (key-period) has been destroyed, as
// this run's ledger event (with its period), so backup never encrypts to it again and report
// shows it. The key itself lives in your secret store: delete it there, then run this. Refused
// while any storage still holds a snapshot of that month: its backups would become unreadable.
async function destroyKey(config, log, now = new Date()) {
    const period = config.keyPeriod;
    if (period >= (0,_encryption_recipients_js__WEBPACK_IMPORTED_MODULE_0__/* .periodOf */ .jH)(now)) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`key-period ${period} is this month or later: backups are still being encrypted to it`);
    }
    const storages = await (0,_storage_open_js__WEBPACK_IMPORTED_MODULE_2__/* .openStorages */ .l)(config, log);
    const left = [];
    for (const storage of storages) {
        const entries = await (0,_snapshot_catalog_js__WEBPACK_IMPORTED_MODULE_1__/* .listSnapshots */ .Cb)(storage, config.environment);
        const of = entries.filter((e) => (0,_encryption_recipients_js__WEBPACK_IMPORTED_MODULE_0__/* .periodOf */ .jH)(e.id) === period);
        if (of.length > 0) {
            left.push(`${storage.uriOf(`${config.environment}/`)} holds ${of.length} (${of
                .slice(0, 3)
                .map((e) => e.id)
                .join(', ')}${of.length > 3 ? ', ...' : ''})`);
        }
    }
    if (left.length > 0) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`snapshots of ${period} are left, which its key still opens: ${left.join('; ')}; prune them (or wait for retention) before destroying the key`);
    }
    log.info(`no snapshot of ${period} is left in ${storages.map((s) => s.uriOf(`${config.environment}/`)).join(', ')}`);
    if (config.dryRun) {
        return {
            outputs: { period, recorded: 'false' },
            summary: `## destroy-key ${period} (dry run)\n\nNo snapshot of ${period} is left: its key can be destroyed. Nothing recorded.\n`
        };
    }
    log.info(`${period}: recorded as destroyed (this run's ledger event)`);
    return {
        outputs: { period, recorded: 'true' },
        summary: `## destroy-key ${period}\n\nThe age identity of ${period} is recorded as destroyed in the ledger: backup refuses to encrypt to it, report lists it as destroyed. Make sure every copy of the secret key is gone from your secret store.\n`
    };
}


/***/ })

};

//# sourceMappingURL=373.index.js.map