export const id = 7;
export const ids = [7];
export const modules = {

/***/ 1007:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   drill: () => (/* binding */ drill)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _sources_drillTarget_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(994);
/* harmony import */ var _sources_postgres_restore_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2398);
/* harmony import */ var _snapshot_id_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(9575);
/* harmony import */ var _snapshot_layout_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2064);
/* harmony import */ var _restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6103);
/* harmony import */ var _snapshot_select_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4394);
/* harmony import */ var _storage_open_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3327);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(17);
/* harmony import */ var _util_format_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(2693);
/* harmony import */ var _util_markdown_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(7183);













async function drill(config, log, now = new Date()) {
    const started = Date.now();
    const targets = (0,_restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_6__/* .targetsOf */ .QR)(config);
    const sources = (0,_restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_6__/* .sourcesOf */ .u0)(targets);
    const { storage, entries, where } = await (0,_restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_6__/* .catalog */ .U$)(config, log);
    const window = new Date(now);
    window.setUTCMonth(window.getUTCMonth() - config.monthlyRetentionMonths);
    const entry = (0,_snapshot_select_js__WEBPACK_IMPORTED_MODULE_7__/* .selectSnapshot */ .Xn)(entries, config.snapshot, sources, where, { randomWithin: window });
    const manifest = entry.manifest;
    log.info(`drill of snapshot ${entry.id} (${manifest.kind}) from ${where}`);
    const report = {
        formatVersion: 1,
        drilledAt: now.toISOString(),
        environment: config.environment,
        snapshot: { id: entry.id, kind: manifest.kind, createdAt: manifest.createdAt },
        verified: false,
        rtoSeconds: 0,
        sources: [],
        ...(config.operator ? { operator: config.operator } : {}),
        ...(config.notes ? { notes: config.notes } : {})
    };
    let failure;
    try {
        const { results, plans } = await (0,_restore_restoreSnapshot_js__WEBPACK_IMPORTED_MODULE_6__/* .restoreSources */ .vR)(storage, entry, targets, {
            force: config.force,
            dryRun: false,
            readBack: true,
            drill: { label: (0,_sources_drillTarget_js__WEBPACK_IMPORTED_MODULE_3__/* .drillLabel */ .Yx)(manifest, now) },
            dropDependents: config.dropDependents,
            identities: config.ageIdentities
        }, log);
        report.sources = results;
        report.plan = plans;
        if (targets.databaseUrl)
            await proveObjects(targets.databaseUrl, manifest, results, log, config.timeouts);
        const bad = results.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${r.source}: ${c.what}`));
        if (bad.length > 0)
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .UserError */ .yo(`drill could not prove equality: ${bad.join('; ')}`);
        report.verified = true;
    }
    catch (error) {
        failure = error;
        report.error = (0,_util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .errorLine */ .BP)(error);
    }
    report.rtoSeconds = (0,_util_format_js__WEBPACK_IMPORTED_MODULE_10__/* .round */ .LI)((Date.now() - started) / 1000);
    const key = (0,_snapshot_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .drillReportKey */ .by)(config.environment, now);
    const body = Buffer.from(JSON.stringify(report, null, 2) + '\n');
    for (const s of await (0,_storage_open_js__WEBPACK_IMPORTED_MODULE_8__/* .openStorages */ .l)(config, log)) {
        try {
            await s.put(key, body, { contentType: 'application/json' });
            log.info(`drill report: ${s.uriOf(key)}`);
        }
        catch (error) {
            log.warning(`could not store the drill report at ${s.uriOf(key)}: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .errorLine */ .BP)(error)}`);
        }
    }
    // A local copy for the workflow's artifact, kept whether the drill passed or not.
    const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(config.runnerTemp ?? node_os__WEBPACK_IMPORTED_MODULE_1___default().tmpdir(), `drill-report-${(0,_snapshot_id_js__WEBPACK_IMPORTED_MODULE_11__/* .snapshotIdFor */ .pP)(now)}.json`);
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default().writeFile(file, body, { mode: 0o600 });
    const outputs = {
        'snapshot-id': entry.id,
        verified: report.verified,
        'rto-seconds': report.rtoSeconds,
        'duration-seconds': report.rtoSeconds,
        'drill-report': key,
        'drill-report-file': file
    };
    if (failure) {
        const error = failure instanceof _util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .UserError */ .yo ? failure : new _util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .UserError */ .yo((0,_util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .errorLine */ .BP)(failure));
        error.outputs = outputs;
        throw error;
    }
    return {
        outputs,
        summary: drillSummary(report)
    };
}
/** The dump's schemas, tables, views, functions and indexes exist in the target, no more, no less. */
async function proveObjects(url, manifest, results, log, timeouts) {
    const started = Date.now();
    const expected = manifest.sources.postgres.objects;
    const actual = await (0,_sources_postgres_restore_js__WEBPACK_IMPORTED_MODULE_4__/* .listObjects */ .L)(url, timeouts);
    const result = results.find((r) => r.source === 'postgres');
    for (const kind of ['schemas', 'tables', 'views', 'functions', 'indexes']) {
        const want = [...new Set(expected[kind])].sort();
        const have = actual[kind];
        const missing = want.filter((n) => !have.includes(n));
        const extra = have.filter((n) => !want.includes(n));
        const ok = missing.length === 0 && extra.length === 0;
        result.checks.push({
            what: `${kind} (${want.length})`,
            expected: want.join(', ') || '-',
            actual: ok
                ? have.join(', ') || '-'
                : `missing: ${missing.join(', ') || '-'}; extra: ${extra.join(', ') || '-'}`,
            ok
        });
        log.info(`${kind}: ${ok ? `${want.length} equal` : `missing ${missing.join(', ')}; extra ${extra.join(', ')}`}`);
    }
    result.verifySeconds = (0,_util_format_js__WEBPACK_IMPORTED_MODULE_10__/* .round */ .LI)(result.verifySeconds + (Date.now() - started) / 1000);
}
function drillSummary(report) {
    const lines = [
        `## Restore drill of ${report.snapshot.id} (${report.environment}): ${report.verified ? 'verified' : 'FAILED'}`,
        '',
        `RTO ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_10__/* .formatSeconds */ .Xo)(report.rtoSeconds)} from start to proof.${report.error ? ` Error: ${report.error}` : ''}`,
        '',
        ...(report.plan?.length ? [...report.plan.map((p) => `- ${p}`), ''] : []),
        '| source | restore (download + replay) | verify | checks equal |',
        '|---|---:|---:|---:|'
    ];
    for (const r of report.sources) {
        lines.push(`| ${r.source} | ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_10__/* .formatSeconds */ .Xo)(r.restoreSeconds)} | ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_10__/* .formatSeconds */ .Xo)(r.verifySeconds)} | ${r.checks.filter((c) => c.ok).length}/${r.checks.length} |`);
    }
    lines.push('', '<details><summary>Every check</summary>', '', '| source | check | expected | restored | |', '|---|---|---|---|---|');
    for (const r of report.sources) {
        for (const c of r.checks) {
            lines.push(`| ${r.source} | ${(0,_util_markdown_js__WEBPACK_IMPORTED_MODULE_12__/* .shortCell */ .f)(c.what)} | ${(0,_util_markdown_js__WEBPACK_IMPORTED_MODULE_12__/* .shortCell */ .f)(c.expected)} | ${(0,_util_markdown_js__WEBPACK_IMPORTED_MODULE_12__/* .shortCell */ .f)(c.actual)} | ${c.ok ? 'ok' : '**differs**'} |`);
        }
    }
    lines.push('', '</details>');
    return lines.join('\n') + '\n';
}


/***/ }),

/***/ 7183:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ cell),
/* harmony export */   f: () => (/* binding */ shortCell)
/* harmony export */ });
// The one Markdown escape for every summary and report: job summaries render user text (notes,
// table names, error lines), and one unescaped `|` or `<` breaks the table or injects HTML.
/** Text inside a Markdown table cell: no HTML, no column breaks, one line. */
function cell(value) {
    if (value === undefined || value === '')
        return '';
    return String(value)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\\/g, '\\\\')
        .replace(/\|/g, '\\|')
        .replace(/\r?\n|\r/g, ' ');
}
/** A cell's text, cut to `max` characters first (long error lines, long object names). */
function shortCell(value, max = 120) {
    return cell(value.length > max ? value.slice(0, max - 3) + '...' : value);
}


/***/ })

};

//# sourceMappingURL=7.index.js.map