export const id = 294;
export const ids = [294];
export const modules = {

/***/ 294:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   formatAge: () => (/* binding */ formatAge),
/* harmony export */   heldLines: () => (/* binding */ heldLines),
/* harmony export */   planTable: () => (/* binding */ planTable),
/* harmony export */   prune: () => (/* binding */ prune),
/* harmony export */   pruneSummary: () => (/* binding */ pruneSummary)
/* harmony export */ });
/* harmony import */ var _retention_policy_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4310);
/* harmony import */ var _snapshot_catalog_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3881);
/* harmony import */ var _snapshot_layout_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2064);
/* harmony import */ var _storage_open_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3327);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(17);
/* harmony import */ var _util_format_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2693);






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
    const prefix = (0,_snapshot_layout_js__WEBPACK_IMPORTED_MODULE_2__/* .environmentPrefix */ .Es)(config.environment);
    const entries = await (0,_snapshot_catalog_js__WEBPACK_IMPORTED_MODULE_1__/* .listSnapshots */ .C)(storage, config.environment);
    const sideObjects = [];
    for (const folder of _snapshot_layout_js__WEBPACK_IMPORTED_MODULE_2__/* .SIDE_FOLDERS */ .Uz) {
        for await (const object of storage.list((0,_snapshot_layout_js__WEBPACK_IMPORTED_MODULE_2__/* .sidePrefix */ .O9)(config.environment, folder))) {
            sideObjects.push(object);
        }
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
    const side = (0,_retention_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .planSideObjects */ .PQ)(sideObjects.map((o) => ({ key: o.key, at: (0,_snapshot_layout_js__WEBPACK_IMPORTED_MODULE_2__/* .sideObjectTime */ .sB)(o) })), now, policy);
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
        const manifestKey = (d) => (0,_snapshot_layout_js__WEBPACK_IMPORTED_MODULE_2__/* .snapshotKey */ .o1)(config.environment, d.id, _snapshot_layout_js__WEBPACK_IMPORTED_MODULE_2__/* .MANIFEST_NAME */ .ir);
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


/***/ })

};

//# sourceMappingURL=294.index.js.map