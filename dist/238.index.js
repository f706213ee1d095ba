export const id = 238;
export const ids = [238];
export const modules = {

/***/ 9238:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SOURCES: () => (/* binding */ SOURCES),
/* harmony export */   check: () => (/* binding */ check),
/* harmony export */   judge: () => (/* binding */ judge)
/* harmony export */ });
/* harmony import */ var _util_format_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2693);
/* harmony import */ var _snapshot_catalog_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3881);
/* harmony import */ var _storage_open_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3327);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(17);




// check: the watchdog for backups that silently stopped. For every source the environment backs
// up (judged from the recent complete scheduled snapshots), the newest complete *scheduled*
// snapshot (daily or monthly) holding it must be younger than max-age-hours: an ad hoc Redis-only
// backup does not make a dead nightly look alive. Every storage the config names is checked.
const SOURCES = ['postgres', 'redis', 'uploads'];
/** Sources seen within this long before the newest scheduled snapshot are expected to go on. */
const RECENT_WINDOW_HOURS = 7 * 24;
function sourcesOf(entry) {
    const found = new Set();
    for (const file of entry.manifest?.files ?? [])
        found.add(file.source);
    for (const name of Object.keys(entry.manifest?.sources ?? {})) {
        if (SOURCES.includes(name))
            found.add(name);
    }
    return found;
}
const hoursBetween = (now, then) => (now.getTime() - then.getTime()) / 3_600_000;
/** The pure judgement, from a storage's snapshot list. */
function judge(entries, now, maxAgeHours) {
    const isScheduled = (e) => e.manifest !== undefined && e.manifest.kind !== 'adhoc';
    const scheduled = entries
        .filter((e) => e.state === 'complete' && isScheduled(e))
        .sort((a, b) => a.id.localeCompare(b.id));
    // Only the newest scheduled snapshot's damage alerts: an old damaged one is prune's and the
    // report's business, not a page every six hours for a year.
    const newestAny = entries
        .filter((e) => (e.state === 'complete' || e.state === 'damaged') && isScheduled(e))
        .sort((a, b) => a.id.localeCompare(b.id))
        .at(-1);
    const damage = newestAny?.state === 'damaged'
        ? [
            `the newest scheduled snapshot, ${newestAny.id}, is ${newestAny.problem} (restore its whole sources with allow-damaged: true; delete it with prune and snapshot: ${newestAny.id})`
        ]
        : [];
    const newest = scheduled.at(-1);
    if (!newest) {
        const adhoc = entries.filter((e) => e.state === 'complete').length;
        const legacy = entries.filter((e) => e.state === 'legacy');
        return {
            sources: [],
            problems: [
                ...damage,
                `no complete scheduled (daily or monthly) snapshot at all${adhoc ? ` (${adhoc} complete ad hoc ones do not count)` : ''}${legacy.length ? `; ${legacy.length} legacy folder(s) of the old script, the newest ${legacy.at(-1).id} (${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_3__/* .formatAge */ .nV)(hoursBetween(now, legacy.at(-1).startedAt))} old), do not count until adopted (command: adopt)` : ''}`
            ]
        };
    }
    const windowStart = newest.startedAt.getTime() - RECENT_WINDOW_HOURS * 3_600_000;
    const expected = new Set();
    for (const entry of scheduled) {
        if (entry.startedAt.getTime() >= windowStart)
            for (const s of sourcesOf(entry))
                expected.add(s);
    }
    const sources = [];
    const problems = [...damage];
    for (const source of SOURCES.filter((s) => expected.has(s))) {
        const holding = scheduled.filter((e) => sourcesOf(e).has(source)).at(-1);
        const ageHours = hoursBetween(now, holding.startedAt);
        const stale = ageHours > maxAgeHours;
        sources.push({ source, newest: holding, ageHours, stale });
        if (stale) {
            problems.push(`${source}: the newest complete scheduled snapshot holding it, ${holding.id}, is ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_3__/* .formatAge */ .nV)(ageHours)} old (max-age-hours ${maxAgeHours})`);
        }
    }
    return { newest, ageHours: hoursBetween(now, newest.startedAt), sources, problems };
}
function table(storage, environment, verdict) {
    const lines = [`### ${storage.uriOf(environment + '/')}`, ''];
    if (verdict.sources.length === 0) {
        lines.push(`**stale**: ${verdict.problems.join('; ')}`);
        return lines.join('\n');
    }
    lines.push('| source | newest complete scheduled snapshot | kind | age | status |');
    lines.push('|---|---|---|---:|---|');
    for (const s of verdict.sources) {
        lines.push(`| ${s.source} | ${s.newest?.id ?? ''} | ${s.newest?.manifest?.kind ?? ''} | ${s.ageHours !== undefined ? (0,_util_format_js__WEBPACK_IMPORTED_MODULE_3__/* .formatAge */ .nV)(s.ageHours) : ''} | ${s.stale ? '**stale**' : 'ok'} |`);
    }
    return lines.join('\n');
}
async function check(config, log, now = new Date()) {
    const storages = await (0,_storage_open_js__WEBPACK_IMPORTED_MODULE_1__/* .openStorages */ .l)(config, log);
    const problems = [];
    const tables = [];
    let first;
    for (const storage of storages) {
        const verdict = await log.group(`Check ${storage.uriOf(config.environment + '/')}`, async () => {
            const entries = await (0,_snapshot_catalog_js__WEBPACK_IMPORTED_MODULE_0__/* .listSnapshots */ .Cb)(storage, config.environment);
            const v = judge(entries, now, config.maxAgeHours);
            const t = table(storage, config.environment, v);
            log.info(t);
            const unknown = entries.filter((e) => e.state === 'unknown');
            if (unknown.length) {
                log.warning(`${unknown.length} snapshot(s) whose manifest cannot be read now were ignored`);
            }
            tables.push(t);
            return v;
        });
        first ??= verdict;
        const where = storages.length > 1 ? `${storage.location}: ` : '';
        for (const p of verdict.problems)
            problems.push(where + p);
    }
    // AWS Backup's jobs too, with aws-backup-vault (the SDK loads only then).
    if (config.awsBackup) {
        const { checkAwsBackup } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(379), __webpack_require__.e(227)]).then(__webpack_require__.bind(__webpack_require__, 1227));
        const aws = await log.group(`Check AWS Backup vault ${config.awsBackup.vault}`, () => checkAwsBackup(config.awsBackup, config.maxAgeHours, now, log));
        problems.push(...aws.problems);
        tables.push(aws.table);
    }
    if (problems.length) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${config.environment}: backups are ${problems.some((p) => p.includes(' is damaged: ')) ? 'damaged' : 'stale'}: ${problems.join('; ')}. Look at the scheduled backup workflow's recent runs (a cancelled or disabled schedule fails nothing).`);
    }
    const outputs = {
        'newest-snapshot-id': first?.newest?.id ?? '',
        'age-hours': first?.ageHours !== undefined ? Math.round(first.ageHours * 10) / 10 : '',
        sources: (first?.sources ?? []).map((s) => s.source).join(',')
    };
    const summary = [
        `## Check ${config.environment}: ok (every source younger than ${config.maxAgeHours} h)`,
        '',
        ...tables,
        ''
    ].join('\n');
    return { outputs, summary };
}


/***/ })

};

//# sourceMappingURL=238.index.js.map