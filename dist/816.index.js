export const id = 816;
export const ids = [816];
export const modules = {

/***/ 816:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   restore: () => (/* binding */ restore)
/* harmony export */ });
/* harmony import */ var _restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8150);
/* harmony import */ var _snapshot_select_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4394);
/* harmony import */ var _snapshot_writer_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9946);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(17);
/* harmony import */ var _util_format_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2693);





// restore: put a complete snapshot back into the targets given, verifying every stored byte
// against the manifest while streaming and every table's row count afterwards
// (src/restore/restoreSnapshot.ts does the work).
async function restore(config, log) {
    const started = Date.now();
    const targets = (0,_restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_0__/* .targetsOf */ .QR)(config);
    const sources = (0,_restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_0__/* .sourcesOf */ .u0)(targets);
    if (config.snapshot === 'random') {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL('snapshot "random" is for drills: restore takes an id or latest');
    }
    const { storage, entries, where } = await (0,_restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_0__/* .catalog */ .U$)(config, log);
    const entry = (0,_snapshot_select_js__WEBPACK_IMPORTED_MODULE_1__/* .selectSnapshot */ .Xn)(entries, config.snapshot, sources, where, {
        allowDamaged: config.allowDamaged,
        allowLegacy: true
    });
    log.info(entry.manifest
        ? `snapshot ${entry.id} (${entry.manifest.kind}, ${entry.manifest.completedAt}, ${entry.state}) from ${where}`
        : `legacy folder ${entry.id} of the old script (${entry.startedAt.toISOString()}) from ${where}: no manifest, so no checksum to verify`);
    const { results, plans, skipped } = await (0,_restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_0__/* .restoreSources */ .vR)(storage, entry, targets, { force: config.force, dryRun: config.dryRun, dropDependents: config.dropDependents }, log);
    const seconds = (0,_snapshot_writer_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .LI)((Date.now() - started) / 1000);
    const lines = [
        `## Restore of ${entry.id} (${config.environment})${config.dryRun ? ': plan only (dry-run)' : ': done'}`,
        '',
        ...plans.map((p) => `- ${p}`),
        ''
    ];
    if (results.length > 0) {
        lines.push('| source | file | restore | verify | checks |', '|---|---|---:|---:|---|');
        for (const r of results) {
            lines.push(`| ${r.source} | ${r.file} | ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_4__/* .formatSeconds */ .X)(r.restoreSeconds)} | ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_4__/* .formatSeconds */ .X)(r.verifySeconds)} | ${r.checks.filter((c) => c.ok).length}/${r.checks.length} equal |`);
        }
        lines.push('', `Total: ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_4__/* .formatSeconds */ .X)(seconds)}`);
    }
    return {
        outputs: {
            'snapshot-id': entry.id,
            'duration-seconds': seconds,
            restored: results.map((r) => r.source).join(','),
            'not-restored': skipped.map((l) => l.slice(0, l.indexOf(':'))).join(',')
        },
        summary: lines.join('\n') + '\n'
    };
}


/***/ })

};

//# sourceMappingURL=816.index.js.map