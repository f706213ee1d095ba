export const id = 325;
export const ids = [325,294];
export const modules = {

/***/ 294:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SIDE_FOLDERS: () => (/* binding */ SIDE_FOLDERS),
/* harmony export */   formatAge: () => (/* binding */ formatAge),
/* harmony export */   heldLines: () => (/* binding */ heldLines),
/* harmony export */   planTable: () => (/* binding */ planTable),
/* harmony export */   prune: () => (/* binding */ prune),
/* harmony export */   pruneSummary: () => (/* binding */ pruneSummary),
/* harmony export */   sideObjectTime: () => (/* binding */ sideObjectTime)
/* harmony export */ });
/* harmony import */ var _retention_policy_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4310);
/* harmony import */ var _snapshot_catalog_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3881);
/* harmony import */ var _snapshot_id_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9575);
/* harmony import */ var _snapshot_manifest_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6351);
/* harmony import */ var _storage_open_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3327);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(17);
/* harmony import */ var _util_format_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2693);







// prune: apply the retention policy (src/retention/policy.ts) to `[prefix/]<environment>/` of
// every storage. It lists and classifies the snapshots (src/snapshot/catalog.ts: complete means a
// valid manifest of this snapshot with every file at its recorded size), prints the plan with the
// rule that decided each snapshot, and (unless dry-run) deletes: every doomed snapshot's
// manifest.json first, then the data, so an interrupted prune never leaves a half-snapshot that
// looks complete; a second run finishes the job (a snapshot without manifest older than a day is
// incomplete and goes).
//
// In a versioned bucket the storage deletes every version and delete marker of each key
// (S3Storage.delete). Versions held by Object Lock are reported with the date they can go and do
// not fail the rest; a snapshot whose manifest is held keeps its data too, so it never looks
// complete without its files; any other per-key error fails the prune. Multipart uploads under
// `[prefix/]<environment>/` initiated more than a day ago are aborted (listed with dry-run).
const SIDE_FOLDERS = ['ledger', 'drills'];
const UPLOAD_MAX_AGE_MS = 24 * 3_600_000;
async function prune(config, log, now = new Date(), storages) {
    storages ??= await (0,_storage_open_js__WEBPACK_IMPORTED_MODULE_3__/* .openStorages */ .l)(config, log);
    const policy = {
        dailyRetentionDays: config.dailyRetentionDays,
        monthlyRetentionMonths: config.monthlyRetentionMonths
    };
    try {
        // Validate before touching any storage.
        (0,_retention_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .planRetention */ .SA)([], now, policy);
    }
    catch (error) {
        if (error instanceof _retention_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .RetentionPolicyError */ .ji)
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigError */ .xL(error.message);
        throw error;
    }
    const outcomes = [];
    for (const storage of storages) {
        outcomes.push(await log.group(`Prune ${storage.uriOf(`${config.environment}/`)}`, () => pruneStorage(storage, config, log, now)));
    }
    const kept = outcomes.reduce((n, o) => n + o.kept, 0);
    const deleted = outcomes.reduce((n, o) => n + o.deleted, 0);
    const bytesFreed = outcomes.reduce((n, o) => n + o.bytesFreed, 0);
    const held = outcomes.reduce((n, o) => n + o.held.length, 0);
    return {
        outputs: { kept, deleted, 'bytes-freed': bytesFreed, held },
        summary: pruneSummary(config, outcomes)
    };
}
async function pruneStorage(storage, config, log, now) {
    const prefix = `${config.environment}/`;
    const entries = await (0,_snapshot_catalog_js__WEBPACK_IMPORTED_MODULE_1__/* .listSnapshots */ .C)(storage, config.environment);
    const sideObjects = [];
    for (const folder of SIDE_FOLDERS) {
        for await (const object of storage.list(`${prefix}${folder}/`))
            sideObjects.push(object);
    }
    log.info(`${storage.uriOf(prefix)}: ${entries.length} snapshots, ${sideObjects.length} ledger/drill objects`);
    const notes = new Map(entries.flatMap((e) => (e.problem ? [[e.id, e.problem]] : [])));
    const infos = entries.map((e) => e.state === 'complete'
        ? { id: e.id, state: 'complete', kind: e.manifest?.kind }
        : { id: e.id, state: e.state });
    const policy = {
        dailyRetentionDays: config.dailyRetentionDays,
        monthlyRetentionMonths: config.monthlyRetentionMonths
    };
    const plan = (0,_retention_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .planRetention */ .SA)(infos, now, policy);
    const side = (0,_retention_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .planSideObjects */ .PQ)(sideObjects.map((o) => ({ key: o.key, at: sideObjectTime(o) })), now, policy);
    const bytesOf = new Map(entries.map((e) => [e.id, e.bytes]));
    const sideBytes = new Map(sideObjects.map((o) => [o.key, o.bytes]));
    const doomed = plan.decisions.filter((d) => d.action === 'delete');
    const doomedSide = side.filter((d) => d.action === 'delete');
    const kept = plan.decisions.length - doomed.length;
    const bytesFreed = doomed.reduce((n, d) => n + (bytesOf.get(d.id) ?? 0), 0) +
        doomedSide.reduce((n, d) => n + (sideBytes.get(d.key) ?? 0), 0);
    for (const line of planTable(plan, bytesOf, notes))
        log.info(line);
    log.info(`${config.dryRun ? 'plan' : 'prune'}: keep ${kept} snapshots; delete ${doomed.length} snapshots and ${doomedSide.length} of ${side.length} ledger/drill objects, ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_5__/* .formatBytes */ .z)(bytesFreed)}. Hard limit ${plan.hardLimit.toISOString()}, daily window from ${plan.dailyCutoff.toISOString()}`);
    const complete = plan.decisions.filter((d) => d.state === 'complete');
    if (complete.length === 0) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`no complete snapshot under ${storage.uriOf(prefix)} (${plan.decisions.length} snapshot folders, none with a valid manifest.json): prune deleted nothing. Check environment, s3-prefix and backup-root, and why backups are failing.`);
    }
    if (!complete.some((d) => d.action === 'keep')) {
        log.warning(`every complete snapshot under ${storage.uriOf(prefix)} is past the hard limit of ${config.monthlyRetentionMonths} months: after this prune there is no backup left. Backups have not succeeded since ${complete[0].id}.`);
    }
    const held = [];
    let deleted = doomed.length;
    let freed = bytesFreed;
    if (config.dryRun) {
        log.info('dry-run: nothing deleted');
    }
    else {
        const byId = new Map(entries.map((e) => [e.id, e]));
        const entryOf = (d) => byId.get(d.id);
        const manifestKey = (d) => `${prefix}${d.id}/${_snapshot_manifest_js__WEBPACK_IMPORTED_MODULE_2__/* .MANIFEST_NAME */ .ir}`;
        // Manifests first: from here on no doomed snapshot looks complete, whatever happens next.
        const manifests = doomed.flatMap((d) => entryOf(d).objects.some((o) => o.key === manifestKey(d)) ? [manifestKey(d)] : []);
        if (manifests.length > 0)
            held.push(...(await storage.delete(manifests)).held);
        // A snapshot whose manifest Object Lock holds still looks complete: keep its data with it.
        const lockedManifests = new Set(held.map((h) => h.key));
        const data = doomed
            .filter((d) => !lockedManifests.has(manifestKey(d)))
            .flatMap((d) => entryOf(d)
            .objects.map((o) => o.key)
            .filter((k) => k !== manifestKey(d)));
        if (data.length > 0)
            held.push(...(await storage.delete(data)).held);
        if (doomedSide.length > 0) {
            held.push(...(await storage.delete(doomedSide.map((d) => d.key))).held);
        }
        const heldKeys = new Set(held.map((h) => h.key));
        const heldSnapshots = doomed.filter((d) => lockedManifests.has(manifestKey(d)) || entryOf(d).objects.some((o) => heldKeys.has(o.key)));
        deleted -= heldSnapshots.length;
        const sizeOf = new Map([...entries.flatMap((e) => e.objects), ...sideObjects].map((o) => [o.key, o.bytes]));
        const keptBack = heldSnapshots.flatMap((d) => lockedManifests.has(manifestKey(d))
            ? entryOf(d).objects.map((o) => o.key)
            : entryOf(d)
                .objects.filter((o) => heldKeys.has(o.key))
                .map((o) => o.key));
        for (const key of new Set([...keptBack, ...[...heldKeys].filter((k) => sideBytes.has(k))])) {
            freed -= sizeOf.get(key) ?? 0;
        }
        log.info(`deleted ${deleted} snapshots (${manifests.length} manifests, then ${data.length} data objects) and ${doomedSide.length} ledger/drill objects: ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_5__/* .formatBytes */ .z)(freed)} freed`);
        for (const line of heldLines(held))
            log.warning(line);
    }
    let uploads;
    if (storage.abortStaleUploads) {
        const before = new Date(now.getTime() - UPLOAD_MAX_AGE_MS);
        uploads = await storage.abortStaleUploads(prefix, before, config.dryRun);
        for (const u of uploads.uploads) {
            log.info(`multipart upload of ${storage.uriOf(u.key)} initiated ${u.initiated.toISOString()}: ${config.dryRun ? 'to abort' : 'aborted'}`);
        }
        if (uploads.supported) {
            log.info(`${uploads.uploads.length} multipart upload(s) older than a day under ${storage.uriOf(prefix)}${config.dryRun ? ' to abort' : `, ${uploads.aborted} aborted`}`);
        }
    }
    return {
        location: storage.uriOf(prefix),
        plan,
        side,
        bytesOf,
        notes,
        kept,
        deleted,
        bytesFreed: freed,
        held,
        uploads
    };
}
/** One line per held object: what, why, and when it can be deleted. */
function heldLines(held) {
    return held.map((h) => `held by Object Lock, not deleted: ${h.key}${h.versionId ? ` (version ${h.versionId})` : ''}: ${describeHold(h)}`);
}
function describeHold(h) {
    const parts = [];
    if (h.retainUntil) {
        parts.push(`${h.mode ?? 'retention'} until ${h.retainUntil.toISOString()}, can be deleted from then (the next prune does it)`);
    }
    if (h.legalHold)
        parts.push('legal hold on: can be deleted once the hold is removed');
    return parts.join('; ');
}
/** When a ledger event or drill report was written: the time its name starts with, else the store's. */
function sideObjectTime(object) {
    const name = object.key.slice(object.key.lastIndexOf('/') + 1);
    return (0,_snapshot_id_js__WEBPACK_IMPORTED_MODULE_6__/* .parseSnapshotId */ .jH)(name.slice(0, 20)) ?? object.lastModified;
}
function formatAge(from, now) {
    const ms = now.getTime() - from.getTime();
    if (ms < 0)
        return 'in the future';
    const hours = ms / 3_600_000;
    if (hours < 48)
        return `${Math.floor(hours)} h`;
    return `${Math.floor(hours / 24)} d`;
}
function describeKind(d) {
    return d.state === 'complete' ? (d.kind ?? '?') : d.state;
}
/** The plan as aligned text lines, newest first. */
function planTable(plan, bytesOf, notes) {
    const rows = plan.decisions.map((d) => [
        d.id,
        formatAge(d.start, plan.now),
        describeKind(d),
        d.action,
        d.rule,
        (0,_util_format_js__WEBPACK_IMPORTED_MODULE_5__/* .formatBytes */ .z)(bytesOf.get(d.id) ?? 0),
        d.reason + (notes.has(d.id) ? ` [${notes.get(d.id)}]` : '')
    ]);
    const header = ['snapshot', 'age', 'kind', 'action', 'rule', 'size', 'why'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r) => r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd();
    return [line(header), ...rows.map(line)];
}
const cell = (s) => s.replace(/\|/g, '\\|');
function pruneSummary(config, outcomes) {
    const lines = [];
    const verb = config.dryRun ? 'Prune plan (dry-run: nothing deleted)' : 'Prune';
    lines.push(`## ${verb}: ${config.environment}, ${config.dailyRetentionDays} days + ${config.monthlyRetentionMonths} monthly`);
    for (const o of outcomes) {
        lines.push('');
        lines.push(`\`${o.location}\`: **${o.kept} kept, ${o.deleted} ${config.dryRun ? 'to delete' : 'deleted'}, ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_5__/* .formatBytes */ .z)(o.bytesFreed)} ${config.dryRun ? 'to free' : 'freed'}**; hard limit ${o.plan.hardLimit.toISOString()}, daily window from ${o.plan.dailyCutoff.toISOString()}`);
        if (o.held.length > 0) {
            lines.push('');
            lines.push(`**${o.held.length} object version(s) held by Object Lock**, not deleted:`);
            lines.push('');
            lines.push('| object | version | held | can be deleted |');
            lines.push('|---|---|---|---|');
            for (const h of o.held) {
                const how = [h.retainUntil ? (h.mode ?? 'retention') : '', h.legalHold ? 'legal hold' : '']
                    .filter(Boolean)
                    .join(' + ');
                const when = h.legalHold
                    ? 'when the legal hold is removed' +
                        (h.retainUntil ? `, not before ${h.retainUntil.toISOString()}` : '')
                    : (h.retainUntil?.toISOString() ?? '');
                lines.push(`| ${cell(h.key)} | ${h.versionId ?? ''} | ${how} | ${when} |`);
            }
        }
        if (o.uploads) {
            lines.push('');
            lines.push(o.uploads.supported
                ? `Multipart uploads older than a day: ${o.uploads.uploads.length}${config.dryRun ? ' to abort' : `, ${o.uploads.aborted} aborted`}${o.uploads.uploads.length > 0 ? ` (${o.uploads.uploads.map((u) => `${u.key} from ${u.initiated.toISOString()}`).join(', ')})` : ''}.`
                : 'Multipart uploads: this store cannot list them; none checked.');
        }
        const sideDeleted = o.side.filter((d) => d.action === 'delete').length;
        if (o.side.length > 0) {
            lines.push('');
            lines.push(`Ledger and drill reports: ${o.side.length} objects, ${sideDeleted} past the hard limit ${config.dryRun ? 'to delete' : 'deleted'}.`);
        }
        lines.push('');
        lines.push('| snapshot | age | kind | action | rule | size | why |');
        lines.push('|---|---:|---|---|---|---:|---|');
        for (const d of o.plan.decisions) {
            const note = o.notes.get(d.id);
            lines.push(`| ${d.id} | ${formatAge(d.start, o.plan.now)} | ${describeKind(d)} | ${d.action === 'delete' ? '**delete**' : 'keep'} | ${d.rule} | ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_5__/* .formatBytes */ .z)(o.bytesOf.get(d.id) ?? 0)} | ${cell(d.reason + (note ? ` (${note})` : ''))} |`);
        }
    }
    return lines.join('\n') + '\n';
}


/***/ }),

/***/ 5325:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DRILLS_FOLDER: () => (/* binding */ DRILLS_FOLDER),
  PERIOD_DAYS: () => (/* binding */ PERIOD_DAYS),
  buildReview: () => (/* binding */ buildReview),
  digestOf: () => (/* binding */ digestOf),
  gapsOf: () => (/* binding */ gapsOf),
  hardLimit: () => (/* binding */ hardLimit),
  redLinesOf: () => (/* binding */ redLinesOf),
  report: () => (/* binding */ report)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
var promises_default = /*#__PURE__*/__webpack_require__.n(promises_);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:stream/consumers"
var consumers_ = __webpack_require__(8321);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/iso.js
var iso = __webpack_require__(4377);
// EXTERNAL MODULE: ./src/notify/ledger.ts
var notify_ledger = __webpack_require__(6888);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
// EXTERNAL MODULE: ./src/util/redact.ts
var redact = __webpack_require__(767);
;// CONCATENATED MODULE: ./src/notify/review.ts


// The monthly review for people: Markdown for the job summary and report.md (GitHub renders its
// tables and Mermaid charts), and the ledger as CSV for the people who kept the spreadsheet.
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
const day = (iso) => iso.slice(0, 10);
const minute = (iso) => iso.slice(0, 16).replace('T', ' ');
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
function snapshotTable(rows) {
    const lines = [
        '| snapshot | kind | state | stored | duration | operator | notes |',
        '|---|---|---|---:|---:|---|---|'
    ];
    for (const r of rows) {
        const state = r.state === 'complete' ? 'complete' : `**${r.state}**: ${cell(r.problem)}`;
        lines.push(`| ${r.id} | ${cell(r.kind)} | ${state} | ${(0,format/* formatBytes */.z)(r.bytes)} | ${r.durationSeconds !== undefined ? (0,format/* formatSeconds */.X)(r.durationSeconds) : ''} | ${cell(r.operator)} | ${cell(r.notes)} |`);
    }
    return lines;
}
/** Mermaid xychart-beta (GitHub renders it): one bar per UTC day of the period. */
function chart(title, axis, labels, values) {
    return [
        '```mermaid',
        'xychart-beta',
        `    title "${title}"`,
        `    x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`,
        `    y-axis "${axis}"`,
        `    bar [${values.join(', ')}]`,
        '```'
    ];
}
function reviewMarkdown(review) {
    const { inventory, gaps, redLines, drills, ledger } = review;
    const complete = inventory.period.filter((s) => s.state === 'complete');
    const lastDrill = drills[0];
    const out = [];
    out.push(`## Monthly review of ${review.environment}: ${day(review.period.from)} to ${day(review.period.to)}`);
    out.push('');
    out.push(`The ${review.period.days} days up to ${minute(review.generatedAt)} UTC, read from \`${review.location}\`.`);
    out.push('');
    out.push(`- **${plural(complete.length, 'complete snapshot')}** in the period${complete.length ? ` (newest ${(0,format/* formatBytes */.z)(complete.at(-1).bytes)})` : ''}`);
    out.push(gaps.judgedDays === 0
        ? '- **No gap to judge yet**: the history of this environment starts today'
        : `- **${plural(gaps.days.length, 'gap')}**: UTC days of the last ${gaps.judgedDays} without a complete scheduled snapshot`);
    out.push(`- **${plural(redLines.length, 'red line')}**: objects older than the hard limit of ${review.hardLimit.months} months`);
    out.push(`- **Last drill**: ${lastDrill ? `${lastDrill.verified ? 'verified' : '**FAILED**'} on ${day(lastDrill.drilledAt)}, RTO ${(0,format/* formatSeconds */.X)(lastDrill.rtoSeconds)} (snapshot ${lastDrill.snapshotId})` : 'none on record'}`);
    out.push('');
    out.push('### Retention compliance');
    out.push('');
    if (redLines.length === 0) {
        out.push(`Nothing older than the hard limit (${review.hardLimit.months} months: before ${day(review.hardLimit.before)}) in any storage.`);
    }
    else {
        out.push(`🔴 **${plural(redLines.length, 'object')} older than the hard limit** (${review.hardLimit.months} months: before ${day(review.hardLimit.before)}). Nothing may be kept that long: run \`prune\`, and find out why it did not remove them.`);
        out.push('');
        out.push('| storage | what | key | from | age |');
        out.push('|---|---|---|---|---:|');
        for (const r of redLines) {
            out.push(`| ${cell(r.location)} | ${r.what} | ${cell(r.key)} | ${day(r.time)} | ${r.ageDays} days |`);
        }
    }
    out.push('');
    out.push('### Inventory');
    out.push('');
    const t = inventory.total;
    out.push(`${plural(t.complete + t.incomplete + t.unknown, 'snapshot')} stored: ${t.complete} complete, ${t.incomplete} incomplete, ${t.unknown} unknown (manifest unreadable now); ${(0,format/* formatBytes */.z)(inventory.totalBytes)} in all.`);
    out.push('');
    if (inventory.byMonth.length) {
        out.push('| month | complete | incomplete | unknown | stored | newest complete | growth |');
        out.push('|---|---:|---:|---:|---:|---:|---:|');
        for (const m of inventory.byMonth) {
            const growth = m.growthPercent === undefined
                ? ''
                : `${m.growthPercent >= 0 ? '+' : ''}${m.growthPercent} %`;
            out.push(`| ${m.month} | ${m.complete} | ${m.incomplete} | ${m.unknown} | ${(0,format/* formatBytes */.z)(m.bytes)} | ${m.newestCompleteBytes !== undefined ? (0,format/* formatBytes */.z)(m.newestCompleteBytes) : ''} | ${growth} |`);
        }
        out.push('');
    }
    if (inventory.stale.length) {
        out.push(`${plural(inventory.stale.length, 'snapshot')} not complete and older than a day (prune removes incomplete ones; unknown ones are never removed before the hard limit):`);
        out.push('');
        out.push(...snapshotTable(inventory.stale));
        out.push('');
    }
    out.push(`#### Snapshots of the period`);
    out.push('');
    if (inventory.period.length)
        out.push(...snapshotTable(inventory.period));
    else
        out.push('None.');
    out.push('');
    const points = review.daily.filter((p) => p.bytes !== undefined);
    if (points.length) {
        const labels = review.daily.map((p) => p.day.slice(5));
        out.push('#### Daily backups');
        out.push('');
        out.push('The newest complete snapshot of each UTC day; 0 is a day without one.');
        out.push('');
        out.push(...chart('Stored size (MB)', 'MB', labels, review.daily.map((p) => Math.round(((p.bytes ?? 0) / 1e6) * 1000) / 1000)));
        out.push('');
        out.push(...chart('Duration (seconds)', 's', labels, review.daily.map((p) => Math.round((p.durationSeconds ?? 0) * 10) / 10)));
        out.push('');
    }
    out.push('### Gaps');
    out.push('');
    if (gaps.judgedDays === 0) {
        out.push('No whole UTC day to judge yet: the history of this environment starts today.');
    }
    else if (gaps.days.length === 0) {
        out.push(`Every UTC day from ${gaps.from} to ${gaps.to} has a complete scheduled snapshot.`);
    }
    else {
        out.push(`${plural(gaps.days.length, 'day')} of ${gaps.judgedDays} (${gaps.from} to ${gaps.to}) without a complete scheduled (daily or monthly) snapshot:`);
        out.push('');
        out.push(gaps.days.join(', '));
    }
    if (gaps.judgedDays < gaps.windowDays) {
        out.push('');
        out.push(`(The window is ${gaps.windowDays} days; days before the environment's first snapshot or ledger event are not judged.)`);
    }
    out.push('');
    out.push('### Restore drills');
    out.push('');
    if (drills.length === 0) {
        out.push('No drill report under `drills/`: run the restore-drill workflow.');
    }
    else {
        out.push('| drilled at (UTC) | snapshot | result | RTO | operator | notes |');
        out.push('|---|---|---|---:|---|---|');
        for (const d of drills) {
            out.push(`| ${minute(d.drilledAt)} | ${cell(d.snapshotId)} | ${d.verified ? 'verified' : `**FAILED**: ${cell(d.error)}`} | ${(0,format/* formatSeconds */.X)(d.rtoSeconds)} | ${cell(d.operator)} | ${cell(d.notes)} |`);
        }
    }
    out.push('');
    out.push('### Ledger of the period');
    out.push('');
    if (ledger.events.length === 0) {
        out.push(`No event in the period (${ledger.total} in the whole ledger).`);
    }
    else {
        const counts = new Map();
        for (const e of ledger.events) {
            const c = counts.get(e.command) ?? { success: 0, failure: 0 };
            // A cancelled run did not succeed: it counts with the failures (the table names it).
            c[e.outcome === 'success' ? 'success' : 'failure']++;
            counts.set(e.command, c);
        }
        out.push('| command | succeeded | failed |');
        out.push('|---|---:|---:|');
        for (const [command, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
            out.push(`| ${cell(command)} | ${c.success} | ${c.failure ? `**${c.failure}**` : 0} |`);
        }
        out.push('');
        const table = [
            '| time (UTC) | command | outcome | snapshot | stored | duration | operator | notes |',
            '|---|---|---|---|---:|---:|---|---|'
        ];
        for (const e of ledger.events) {
            const outcome = e.outcome === 'success' ? 'success' : `**${e.outcome}**: ${cell(e.error)}`;
            const run = e.runUrl ? ` ([run](${e.runUrl.replace(/[()\s]/g, encodeURIComponent)}))` : '';
            table.push(`| ${minute(e.time)}${run} | ${cell(e.command)}${e.kind ? ` (${cell(e.kind)})` : ''} | ${outcome} | ${cell(e.snapshotId)} | ${e.bytes !== undefined ? (0,format/* formatBytes */.z)(e.bytes) : ''} | ${(0,format/* formatSeconds */.X)(e.durationSeconds)} | ${cell(e.operator)} | ${cell(e.notes)} |`);
        }
        // A month of checks every 6 hours is long: fold it away when it is.
        if (ledger.events.length > 40) {
            out.push(`<details><summary>${ledger.events.length} events</summary>`);
            out.push('');
            out.push(...table);
            out.push('');
            out.push('</details>');
        }
        else
            out.push(...table);
        out.push('');
        out.push(`The whole ledger (${plural(ledger.total, 'event')}) is in ledger.csv.`);
    }
    out.push('');
    if (review.problems.length) {
        out.push('### Could not be read');
        out.push('');
        for (const p of review.problems)
            out.push(`- ${cell(p)}`);
        out.push('');
    }
    return (0,redact/* redact */.E$)(out.join('\n'));
}
const CSV_COLUMNS = [
    'time',
    'finishedAt',
    'command',
    'environment',
    'outcome',
    'snapshotId',
    'kind',
    'bytes',
    'durationSeconds',
    'operator',
    'notes',
    'error',
    'run',
    'runUrl',
    'toolVersion'
];
/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces,
 * quotes doubled. A text that a spreadsheet would run as a formula (= + - @ first) gets a leading
 * apostrophe (OWASP's advice for CSV injection): notes are typed by people.
 */
function csvField(value) {
    if (value === undefined || value === null)
        return '';
    let s = typeof value === 'number' ? String(value) : (0,redact/* redact */.E$)(String(value));
    if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(s))
        s = `'${s}`;
    return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
/**
 * The whole ledger, oldest first, one row per event, CRLF line ends (RFC 4180). It starts with a
 * UTF-8 byte order mark so that Excel reads accented notes right (Sheets and LibreOffice ignore it).
 */
function ledgerCsv(events) {
    const rows = [CSV_COLUMNS.join(',')];
    for (const e of events)
        rows.push(CSV_COLUMNS.map((c) => csvField(e[c])).join(','));
    return '\uFEFF' + rows.join('\r\n') + '\r\n';
}

// EXTERNAL MODULE: ./src/snapshot/catalog.ts + 2 modules
var catalog = __webpack_require__(3881);
// EXTERNAL MODULE: ./src/snapshot/id.ts
var id = __webpack_require__(9575);
// EXTERNAL MODULE: ./src/retention/policy.ts
var policy = __webpack_require__(4310);
// EXTERNAL MODULE: ./src/storage/open.ts + 1 modules
var storage_open = __webpack_require__(3327);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/util/mkdirs.ts
var mkdirs = __webpack_require__(5826);
// EXTERNAL MODULE: ./src/commands/prune.ts
var prune = __webpack_require__(294);
;// CONCATENATED MODULE: ./src/commands/report.ts















// report: the seed's monthly review. It reads the first storage (S3 when set, else the folder):
// the snapshot inventory, the gaps, the drill history and the ledger; it checks every storage for
// red lines (objects past the hard limit). It writes report.md (also the job summary),
// report.json and ledger.csv into one folder for the workflow's artifact. The period is the 31
// days up to the run, so the monthly workflow (day 1) covers the whole month before.
const PERIOD_DAYS = 31;
const DRILLS_FOLDER = 'drills';
const DAY_MS = 86_400_000;
/** The start of a UTC day. */
const utcDay = (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const isoDay = (d) => d.toISOString().slice(0, 10);
/** Nothing may be this old or older (DESIGN.md, "Retention": the hard limit), as prune reckons it. */
function hardLimit(now, months) {
    return (0,policy/* monthsBefore */.jL)(now, months);
}
const drillSchema = schemas/* object */.Ikc({
    drilledAt: iso/* datetime */.w$(),
    snapshot: schemas/* object */.Ikc({ id: schemas/* string */.YjP(), kind: schemas/* string */.YjP().optional() }).loose(),
    verified: schemas/* boolean */.zMY(),
    rtoSeconds: schemas/* number */.aig().nonnegative(),
    error: schemas/* string */.YjP().optional(),
    operator: schemas/* string */.YjP().optional(),
    notes: schemas/* string */.YjP().optional()
})
    .loose();
function rowOf(e) {
    return {
        id: e.id,
        state: e.state,
        kind: e.manifest?.kind,
        bytes: e.bytes,
        durationSeconds: e.manifest?.durationSeconds,
        operator: e.manifest?.operator,
        notes: e.manifest?.notes,
        problem: e.problem
    };
}
const scheduled = (e) => e.state === 'complete' && e.manifest !== undefined && e.manifest.kind !== 'adhoc';
/**
 * UTC days in the daily-retention window without a complete scheduled snapshot. The window is the
 * `windowDays` whole UTC days before today (today's backup may still be due); days before the
 * environment's first snapshot or ledger event are not judged (a new environment has no gaps).
 */
function gapsOf(entries, events, now, windowDays) {
    const today = utcDay(now);
    let from = new Date(today.getTime() - windowDays * DAY_MS);
    const to = new Date(today.getTime() - DAY_MS);
    const starts = [
        ...entries.map((e) => e.startedAt.getTime()),
        ...events.map((e) => Date.parse(e.time))
    ].filter((t) => Number.isFinite(t));
    const history = starts.length ? utcDay(new Date(Math.min(...starts))) : today;
    if (history > from)
        from = history;
    const covered = new Set(entries.filter(scheduled).map((e) => isoDay(e.startedAt)));
    const days = [];
    let judged = 0;
    for (let t = from.getTime(); t <= to.getTime(); t += DAY_MS) {
        judged++;
        const d = isoDay(new Date(t));
        if (!covered.has(d))
            days.push(d);
    }
    return { windowDays, from: isoDay(from), to: isoDay(to), judgedDays: judged, days };
}
/** The time an object under `<environment>/` stands for, and what it is; undefined for others. */
function classify(object, environment) {
    const rest = object.key.slice(environment.length + 1);
    const [folder] = rest.split('/', 1);
    const snapshotTime = (0,id/* parseSnapshotId */.jH)(folder);
    // Only folders, as the catalog and prune see it: a file named like an id is not a snapshot.
    if (snapshotTime && rest.includes('/'))
        return { what: 'snapshot', key: `${environment}/${folder}/`, time: snapshotTime };
    if (folder === notify_ledger/* LEDGER_FOLDER */.xw || folder === DRILLS_FOLDER) {
        // Dated as prune dates them: by the time their name starts with, else their upload time.
        return {
            what: folder === notify_ledger/* LEDGER_FOLDER */.xw ? 'ledger' : 'drill',
            key: object.key,
            time: (0,prune.sideObjectTime)(object)
        };
    }
    return undefined;
}
/** Every snapshot folder, ledger event and drill report prune would delete by the hard limit alone. */
function redLinesOf(objects, environment, location, limit, now) {
    const found = new Map();
    for (const object of objects) {
        const c = classify(object, environment);
        // Prune deletes at the limit too (policy.ts: start <= hard limit).
        if (!c || c.time.getTime() > limit.getTime() || found.has(c.key))
            continue;
        found.set(c.key, {
            location,
            what: c.what,
            key: c.key,
            time: c.time.toISOString(),
            ageDays: Math.floor((now.getTime() - c.time.getTime()) / DAY_MS)
        });
    }
    return [...found.values()].sort((a, b) => a.time.localeCompare(b.time));
}
function byMonth(entries) {
    const months = new Map();
    for (const e of entries) {
        const month = e.id.slice(0, 7);
        const row = months.get(month) ?? { month, complete: 0, incomplete: 0, unknown: 0, bytes: 0 };
        row[e.state]++;
        row.bytes += e.bytes;
        if (e.state === 'complete')
            row.newestCompleteBytes = e.bytes; // entries are oldest first
        months.set(month, row);
    }
    const rows = [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
    let previous;
    for (const row of rows) {
        if (row.newestCompleteBytes === undefined)
            continue;
        if (previous) {
            row.growthPercent = Math.round(((row.newestCompleteBytes - previous) / previous) * 1000) / 10;
        }
        previous = row.newestCompleteBytes;
    }
    return rows;
}
function dailyPoints(entries, from, now) {
    const points = [];
    for (let t = utcDay(from).getTime(); t <= now.getTime(); t += DAY_MS) {
        const day = isoDay(new Date(t));
        const newest = entries
            .filter((e) => e.state === 'complete' && isoDay(e.startedAt) === day)
            .at(-1);
        points.push(newest
            ? {
                day,
                bytes: newest.bytes,
                durationSeconds: newest.manifest?.durationSeconds,
                snapshotId: newest.id
            }
            : { day });
    }
    return points;
}
/** The whole review from what was read: pure, so it can be tested without storage. */
function buildReview(input, now, policy) {
    const from = new Date(now.getTime() - PERIOD_DAYS * DAY_MS);
    const inPeriod = (t) => t >= from.getTime() && t <= now.getTime();
    const total = { complete: 0, incomplete: 0, unknown: 0 };
    for (const e of input.entries)
        total[e.state]++;
    const review = {
        formatVersion: 1,
        environment: input.environment,
        generatedAt: now.toISOString(),
        period: { from: from.toISOString(), to: now.toISOString(), days: PERIOD_DAYS },
        location: input.location,
        hardLimit: {
            months: policy.monthlyRetentionMonths,
            before: hardLimit(now, policy.monthlyRetentionMonths).toISOString()
        },
        inventory: {
            total,
            totalBytes: input.entries.reduce((sum, e) => sum + e.bytes, 0),
            byMonth: byMonth(input.entries),
            period: input.entries.filter((e) => inPeriod(e.startedAt.getTime())).map(rowOf),
            stale: input.entries
                .filter((e) => e.state !== 'complete' && now.getTime() - e.startedAt.getTime() > DAY_MS)
                .map(rowOf)
        },
        gaps: gapsOf(input.entries, input.events, now, policy.dailyRetentionDays),
        redLines: input.redLines,
        drills: [...input.drills].sort((a, b) => b.drilledAt.localeCompare(a.drilledAt)),
        daily: dailyPoints(input.entries, from, now),
        ledger: {
            total: input.events.length,
            events: input.events.filter((e) => inPeriod(Date.parse(e.time)))
        },
        problems: input.problems
    };
    // Every text that leaves the process is redacted (notes, errors, run labels).
    return (0,redact/* redactDeep */.KL)(review);
}
function digestOf(review) {
    const complete = review.inventory.period.filter((s) => s.state === 'complete');
    const last = review.drills[0];
    return {
        environment: review.environment,
        from: review.period.from,
        to: review.period.to,
        location: review.location,
        complete: complete.length,
        newestBytes: complete.at(-1)?.bytes,
        gaps: review.gaps.days.length,
        gapWindowDays: review.gaps.judgedDays,
        redLines: review.redLines.length,
        lastDrill: last && {
            drilledAt: last.drilledAt,
            snapshotId: last.snapshotId,
            verified: last.verified,
            rtoSeconds: last.rtoSeconds
        }
    };
}
async function readDrills(storage, environment) {
    const drills = [];
    const problems = [];
    for await (const object of storage.list(`${environment}/${DRILLS_FOLDER}/`)) {
        if (!object.key.endsWith('.json'))
            continue;
        try {
            const parsed = drillSchema.safeParse(JSON.parse(await (0,consumers_.text)(await storage.get(object.key))));
            if (!parsed.success) {
                problems.push(`${object.key}: not a drill report`);
                continue;
            }
            const d = parsed.data;
            drills.push({
                key: object.key,
                drilledAt: d.drilledAt,
                snapshotId: d.snapshot.id,
                verified: d.verified,
                rtoSeconds: d.rtoSeconds,
                error: d.error,
                operator: d.operator,
                notes: d.notes
            });
        }
        catch (error) {
            problems.push(`${object.key}: ${(0,errors/* errorLine */.BP)(error)}`);
        }
    }
    return { drills, problems };
}
async function listAll(storage, prefix) {
    const objects = [];
    for await (const object of storage.list(prefix))
        objects.push(object);
    return objects;
}
/** Where the files go: $RUNNER_TEMP/luneo-report on a runner (one fixed path to upload), else a new tmp folder. */
async function reportDir(environment) {
    const runnerTemp = process.env.RUNNER_TEMP;
    if (runnerTemp) {
        const dir = external_node_path_default().join(runnerTemp, 'luneo-report');
        await (0,mkdirs/* mkdirs */.N)(dir);
        return dir;
    }
    return promises_default().mkdtemp(external_node_path_default().join(external_node_os_default().tmpdir(), `luneo-report-${environment}-`));
}
async function report(config, log, now = new Date()) {
    const storages = await (0,storage_open/* openStorages */.l)(config, log);
    const env = config.environment;
    const limit = hardLimit(now, config.monthlyRetentionMonths);
    const problems = [];
    const redLines = [];
    for (const storage of storages) {
        const where = storage.uriOf(`${env}/`);
        await log.group(`Red lines in ${where}`, async () => {
            try {
                const found = redLinesOf(await listAll(storage, `${env}/`), env, where, limit, now);
                for (const r of found) {
                    log.warning(`red line: ${r.what} ${storage.uriOf(r.key)} is from ${r.time.slice(0, 10)}, ${r.ageDays} days old, past the hard limit of ${config.monthlyRetentionMonths} months`);
                }
                if (found.length === 0)
                    log.info(`nothing older than ${limit.toISOString()}`);
                redLines.push(...found);
            }
            catch (error) {
                problems.push(`${where}: could not be listed: ${(0,errors/* errorLine */.BP)(error)}`);
                log.warning(`${where}: could not be listed: ${(0,errors/* errorLine */.BP)(error)}`);
            }
        });
    }
    const storage = storages[0];
    const location = storage.uriOf(`${env}/`);
    const { entries, events, drills } = await log.group(`Read ${location}`, async () => {
        const entries = await (0,catalog/* listSnapshots */.C)(storage, env);
        const ledger = await (0,notify_ledger/* readLedger */.SC)(storage, env);
        const drilled = await readDrills(storage, env);
        for (const p of [...ledger.problems, ...drilled.problems]) {
            problems.push(p);
            log.warning(p);
        }
        log.info(`${entries.length} snapshots, ${ledger.events.length} ledger events, ${drilled.drills.length} drill reports`);
        return { entries, events: ledger.events, drills: drilled.drills };
    });
    const review = buildReview({ environment: env, location, entries, events, drills, redLines, problems }, now, config);
    const markdown = reviewMarkdown(review);
    const dir = await reportDir(env);
    const files = {
        'report-md': external_node_path_default().join(dir, 'report.md'),
        'report-json': external_node_path_default().join(dir, 'report.json'),
        'ledger-csv': external_node_path_default().join(dir, 'ledger.csv')
    };
    await promises_default().writeFile(files['report-md'], markdown);
    await promises_default().writeFile(files['report-json'], JSON.stringify(review, null, 2) + '\n');
    await promises_default().writeFile(files['ledger-csv'], ledgerCsv(events));
    log.info(`report files: ${dir}`);
    const digest = digestOf(review);
    return {
        outputs: {
            'report-dir': dir,
            ...files,
            'red-lines': review.redLines.length,
            gaps: review.gaps.days.length,
            'complete-snapshots': digest.complete
        },
        summary: markdown,
        digest
    };
}


/***/ })

};

//# sourceMappingURL=325.index.js.map