export const id = 816;
export const ids = [816];
export const modules = {

/***/ 816:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   restore: () => (/* binding */ restore)
/* harmony export */ });
/* harmony import */ var _restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6103);
/* harmony import */ var _snapshot_select_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4394);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(17);
/* harmony import */ var _util_format_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2693);




// restore: put a complete snapshot back into the targets given, verifying every stored byte
// against the manifest while streaming and every table's row count afterwards
// (src/restore/restoreSnapshot.ts does the work).
async function restore(config, log) {
    const started = Date.now();
    const targets = (0,_restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_0__/* .targetsOf */ .QR)(config);
    const sources = (0,_restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_0__/* .sourcesOf */ .u0)(targets);
    if (config.snapshot === 'random') {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigError */ .xL('snapshot "random" is for drills: restore takes an id or latest');
    }
    const { storage, entries, where } = await (0,_restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_0__/* .catalog */ .U$)(config, log);
    const entry = (0,_snapshot_select_js__WEBPACK_IMPORTED_MODULE_1__/* .selectSnapshot */ .X)(entries, config.snapshot, sources, where);
    log.info(`snapshot ${entry.id} (${entry.manifest.kind}, ${entry.manifest.completedAt}) from ${where}`);
    // Each source, the snapshot it comes from; and why, when that is not the newest snapshot.
    const from = sources.map((source) => `${source}: from snapshot ${entry.id} (${entry.manifest.files.find((f) => f.source === source)?.name})`);
    for (const line of from)
        log.info(line);
    const newest = entries.filter((e) => e.state === 'complete').at(-1);
    let older;
    if (config.snapshot === 'latest' && newest && newest.id !== entry.id) {
        const lacking = sources.filter((source) => !(0,_snapshot_select_js__WEBPACK_IMPORTED_MODULE_1__/* .holds */ .v)(newest, [source]));
        older = `the newest complete snapshot, ${newest.id}, holds no ${lacking.join(' or ')} backup: every source comes from ${entry.id}, the newest that holds them all`;
        log.warning(older);
    }
    const { results, plans } = await (0,_restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_0__/* .restoreSources */ .vR)(storage, entry, targets, {
        force: config.force,
        dryRun: config.dryRun,
        dropDependents: config.dropDependents,
        identities: config.ageIdentities
    }, log);
    const seconds = (0,_util_format_js__WEBPACK_IMPORTED_MODULE_3__/* .round */ .LI)((Date.now() - started) / 1000);
    const lines = [
        `## Restore of ${entry.id} (${config.environment})${config.dryRun ? ': plan only (dry-run)' : ': done'}`,
        '',
        ...from.map((f) => `- ${f}`),
        ...(older ? [`- ⚠️ ${older}`] : []),
        ...plans.map((p) => `- ${p}`),
        ''
    ];
    if (results.length > 0) {
        lines.push('| source | file | restore | verify | checks |', '|---|---|---:|---:|---|');
        for (const r of results) {
            lines.push(`| ${r.source} | ${r.file} | ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_3__/* .formatSeconds */ .Xo)(r.restoreSeconds)} | ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_3__/* .formatSeconds */ .Xo)(r.verifySeconds)} | ${r.checks.filter((c) => c.ok).length}/${r.checks.length} equal |`);
        }
        lines.push('', `Total: ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_3__/* .formatSeconds */ .Xo)(seconds)}`);
    }
    return {
        outputs: {
            'snapshot-id': entry.id,
            'duration-seconds': seconds,
            restored: results.map((r) => r.source).join(',')
        },
        summary: lines.join('\n') + '\n'
    };
}


/***/ })

};

//# sourceMappingURL=816.index.js.map