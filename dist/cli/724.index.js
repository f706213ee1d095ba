export const id = 724;
export const ids = [724];
export const modules = {

/***/ 6724:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  foreignLine: () => (/* binding */ foreignLine),
  prune: () => (/* binding */ prune)
});

// EXTERNAL MODULE: ./src/retention/policy.ts
var retention_policy = __webpack_require__(4310);
// EXTERNAL MODULE: ./src/retention/catalogPlan.ts
var catalogPlan = __webpack_require__(3746);
// EXTERNAL MODULE: ./src/snapshot/layout.ts
var layout = __webpack_require__(2064);
;// CONCATENATED MODULE: ./src/retention/execute.ts

async function executePrune(storage, environment, entries, sideObjects, doomed, doomedSide) {
    const held = [];
    const byId = new Map(entries.map((e) => [e.id, e]));
    const entryOf = (d) => byId.get(d.id);
    const manifestKey = (d) => (0,layout/* snapshotKey */.o1)(environment, d.id, layout/* MANIFEST_NAME */.ir);
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
    const sideKeys = new Set(sideObjects.map((o) => o.key));
    const sizeOf = new Map([...entries.flatMap((e) => e.objects), ...sideObjects].map((o) => [o.key, o.bytes]));
    const keptBack = heldSnapshots.flatMap((d) => lockedManifests.has(manifestKey(d))
        ? entryOf(d).objects.map((o) => o.key)
        : entryOf(d)
            .objects.filter((o) => heldKeys.has(o.key))
            .map((o) => o.key));
    let bytesKeptBack = 0;
    for (const key of new Set([...keptBack, ...[...heldKeys].filter((k) => sideKeys.has(k))])) {
        bytesKeptBack += sizeOf.get(key) ?? 0;
    }
    return {
        held,
        heldSnapshots: heldSnapshots.length,
        bytesKeptBack,
        manifests: manifests.length,
        dataObjects: data.length
    };
}

// EXTERNAL MODULE: ./src/encryption/periods.ts
var periods = __webpack_require__(9535);
// EXTERNAL MODULE: ./src/snapshot/catalog.ts + 2 modules
var catalog = __webpack_require__(3881);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
;// CONCATENATED MODULE: ./src/retention/deleteNamed.ts




// Deleting one snapshot folder an operator names (prune with `snapshot: <id>`), and the lines
// that report what Object Lock kept from being deleted (shared with the policy's prune).
const cell = (s) => s.replace(/\|/g, '\\|');
/**
 * prune with `snapshot: <id>`: delete that one snapshot folder (any state: a damaged one an
 * operator clears, a legacy one) from every storage, manifest first; dry-run prints the plan.
 * The ledger records it as a prune with its snapshot-id.
 */
async function pruneOne(config, log, storages) {
    const id = config.snapshot;
    const lines = [];
    let deleted = 0;
    let freed = 0;
    let held = 0;
    let found = false;
    for (const storage of storages) {
        const { entries } = await (0,catalog/* readCatalog */.uM)(storage, config.environment);
        const entry = entries.find((e) => e.id === id);
        const where = storage.uriOf(`${config.environment}/${id}/`);
        if (!entry) {
            log.info(`${where}: not there`);
            lines.push(`- \`${where}\`: not there`);
            continue;
        }
        found = true;
        const what = `${entry.state}${entry.problem ? ` (${entry.problem})` : ''}, ${entry.objects.length} object(s), ${(0,format/* formatBytes */.z3)(entry.bytes)}`;
        if (config.dryRun) {
            log.info(`${where}: ${what}: to delete (dry-run: nothing deleted)`);
            lines.push(`- \`${where}\`: ${cell(what)}: **to delete**`);
            deleted++;
            freed += entry.bytes;
            continue;
        }
        const decision = {
            id,
            start: entry.startedAt,
            state: entry.state,
            action: 'delete',
            rule: 'expired',
            reason: 'named by snapshot: deleted on request'
        };
        const done = await executePrune(storage, config.environment, entries, [], [decision], []);
        for (const line of heldLines(done.held))
            log.warning(line);
        held += done.held.length;
        deleted += 1 - done.heldSnapshots;
        freed += entry.bytes - done.bytesKeptBack;
        log.info(`${where}: ${what}: deleted (${done.manifests} manifest, ${done.dataObjects} other objects)`);
        lines.push(`- \`${where}\`: ${cell(what)}: **deleted**${done.held.length ? `, ${done.held.length} object version(s) held by Object Lock` : ''}`);
    }
    if (!found) {
        throw new errors/* UserError */.yo(`snapshot ${id} is in none of the storages (${storages.map((s) => s.uriOf(`${config.environment}/`)).join(', ')}): nothing deleted`);
    }
    return {
        outputs: { 'snapshot-id': id, kept: 0, deleted, 'bytes-freed': freed, held },
        summary: [
            `## Delete snapshot ${id} (${config.environment})${config.dryRun ? ': plan only (dry-run: nothing deleted)' : ''}`,
            '',
            ...lines,
            ''
        ].join('\n')
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

// EXTERNAL MODULE: ./src/storage/open.ts + 1 modules
var storage_open = __webpack_require__(3327);
// EXTERNAL MODULE: ./src/util/markdown.ts
var markdown = __webpack_require__(7183);
;// CONCATENATED MODULE: ./src/commands/prune.ts











const UPLOAD_MAX_AGE_MS = 24 * 3_600_000;
async function prune(config, log, now = new Date(), storages) {
    storages ??= await (0,storage_open/* openStorages */.l)(config, log);
    const policy = {
        dailyRetentionDays: config.dailyRetentionDays,
        monthlyRetentionMonths: config.monthlyRetentionMonths
    };
    try {
        // A Config made some other way than loadConfig is checked too, before touching any storage.
        (0,retention_policy/* validatePolicy */.tE)(policy);
    }
    catch (error) {
        if (error instanceof retention_policy/* RetentionPolicyError */.ji)
            throw new errors/* ConfigError */.xL(error.message);
        throw error;
    }
    if (config.snapshot !== 'latest')
        return pruneOne(config, log, storages);
    const outcomes = [];
    for (const storage of storages) {
        outcomes.push(await log.group(`Prune ${storage.uriOf(`${config.environment}/`)}`, () => pruneStorage(storage, config, log, now)));
    }
    // The old script's flat folder: its legacy folders by their dates, like any storage's.
    const legacyRoot = (0,storage_open/* openLegacyRoot */.E)(config);
    if (legacyRoot) {
        outcomes.push(await log.group(`Prune legacy-root ${legacyRoot.uriOf('')}`, () => pruneStorage(legacyRoot, config, log, now, true)));
    }
    // Snapshots, not snapshots x storages: one kept in S3 and in the folder counts once.
    const ids = (action) => new Set(outcomes.flatMap((o) => o.plan.decisions.filter((d) => d.action === action).map((d) => d.id)));
    const keptIds = ids('keep');
    const kept = keptIds.size;
    const heldBack = Math.max(0, ...outcomes.map((o) => o.plan.decisions.filter((d) => d.action === 'delete').length - o.deleted));
    const deleted = Math.max(0, [...ids('delete')].filter((id) => !keptIds.has(id)).length - heldBack);
    const bytesFreed = outcomes.reduce((n, o) => n + o.bytesFreed, 0);
    const held = outcomes.reduce((n, o) => n + o.held.length, 0);
    const emptied = (0,periods/* monthsEmptied */.Uw)(outcomes.map((o) => o.plan));
    if (emptied.length > 0) {
        log.info(`months with no snapshot left: ${emptied.join(', ')} (keys per month: destroy-key)`);
    }
    return {
        outputs: {
            kept,
            deleted,
            'bytes-freed': bytesFreed,
            held,
            'periods-emptied': emptied.join(',')
        },
        summary: pruneSummary(config, outcomes) + emptiedSummary(emptied, config.dryRun)
    };
}
async function pruneStorage(storage, config, log, now, flat = false) {
    const prefix = flat ? '' : (0,layout/* environmentPrefix */.Es)(config.environment);
    const { entries, foreign } = await (0,catalog/* readCatalog */.uM)(storage, config.environment, { flat });
    const sideObjects = [];
    for (const folder of flat ? [] : layout/* SIDE_FOLDERS */.Uz) {
        for await (const object of storage.list((0,layout/* sidePrefix */.O9)(config.environment, folder))) {
            sideObjects.push(object);
        }
    }
    log.info(`${storage.uriOf(prefix)}: ${entries.length} snapshots, ${sideObjects.length} ledger/drill objects`);
    const notes = new Map(entries.flatMap((e) => (e.problem ? [[e.id, e.problem]] : [])));
    for (const f of foreign)
        log.warning(foreignLine(storage, f));
    const policy = {
        dailyRetentionDays: config.dailyRetentionDays,
        monthlyRetentionMonths: config.monthlyRetentionMonths
    };
    const plan = (0,catalogPlan/* planCatalog */.nH)(entries, now, policy);
    const side = (0,retention_policy/* planSideObjects */.PQ)(sideObjects.map((o) => ({ key: o.key, at: (0,layout/* sideObjectTime */.sB)(o) })), now, policy);
    const bytesOf = new Map(entries.map((e) => [e.id, e.bytes]));
    const sideBytes = new Map(sideObjects.map((o) => [o.key, o.bytes]));
    const doomed = plan.decisions.filter((d) => d.action === 'delete');
    const doomedSide = side.filter((d) => d.action === 'delete');
    const kept = plan.decisions.length - doomed.length;
    const bytesFreed = doomed.reduce((n, d) => n + (bytesOf.get(d.id) ?? 0), 0) +
        doomedSide.reduce((n, d) => n + (sideBytes.get(d.key) ?? 0), 0);
    for (const line of planTable(plan, bytesOf, notes))
        log.info(line);
    log.info(`${config.dryRun ? 'plan' : 'prune'}: keep ${kept} snapshots; delete ${doomed.length} snapshots and ${doomedSide.length} of ${side.length} ledger/drill objects, ${(0,format/* formatBytes */.z3)(bytesFreed)}. Hard limit ${plan.hardLimit.toISOString()}, daily window from ${plan.dailyCutoff.toISOString()}`);
    const complete = plan.decisions.filter((d) => d.state === 'complete');
    // Only legacy (or damaged) folders: their dates still decide (the hard limit is a promise).
    if ((0,catalogPlan/* pruneRefuses */.cj)(plan, flat)) {
        throw new errors/* UserError */.yo(`no complete snapshot under ${storage.uriOf(prefix)} (${plan.decisions.length} snapshot folders, none with a valid manifest.json): prune deleted nothing. Check environment, s3-prefix and backup-root, and why backups are failing.`);
    }
    if (complete.length > 0 && !complete.some((d) => d.action === 'keep')) {
        log.warning(`every complete snapshot under ${storage.uriOf(prefix)} is past the hard limit of ${config.monthlyRetentionMonths} months: after this prune there is no backup left. Backups have not succeeded since ${complete[0].id}.`);
    }
    let held = [];
    let deleted = doomed.length;
    let freed = bytesFreed;
    if (config.dryRun) {
        log.info('dry-run: nothing deleted');
    }
    else {
        const done = await executePrune(storage, config.environment, entries, sideObjects, doomed, doomedSide);
        held = done.held;
        deleted -= done.heldSnapshots;
        freed -= done.bytesKeptBack;
        log.info(`deleted ${deleted} snapshots (${done.manifests} manifests, then ${done.dataObjects} data objects) and ${doomedSide.length} ledger/drill objects: ${(0,format/* formatBytes */.z3)(freed)} freed`);
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
        foreign,
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
function foreignLine(storage, f) {
    return `red line: foreign ${storage.uriOf(f.key)} (${f.objects} object(s), ${(0,format/* formatBytes */.z3)(f.bytes)}): ${f.why}; prune never deletes it: move or delete it by hand`;
}
function describeKind(d) {
    return d.state === 'complete' ? (d.kind ?? '?') : d.state;
}
/** The plan as aligned text lines, newest first. */
function planTable(plan, bytesOf, notes) {
    const rows = plan.decisions.map((d) => [
        d.id,
        (0,format/* tableAge */.Am)(d.start, plan.now),
        describeKind(d),
        d.action,
        d.rule,
        (0,format/* formatBytes */.z3)(bytesOf.get(d.id) ?? 0),
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
function pruneSummary(config, outcomes) {
    const lines = [];
    const verb = config.dryRun ? 'Prune plan (dry-run: nothing deleted)' : 'Prune';
    lines.push(`## ${verb}: ${config.environment}, ${config.dailyRetentionDays} days + ${config.monthlyRetentionMonths} monthly`);
    for (const o of outcomes) {
        lines.push('');
        lines.push(`\`${o.location}\`: **${o.kept} kept, ${o.deleted} ${config.dryRun ? 'to delete' : 'deleted'}, ${(0,format/* formatBytes */.z3)(o.bytesFreed)} ${config.dryRun ? 'to free' : 'freed'}**; hard limit ${o.plan.hardLimit.toISOString()}, daily window from ${o.plan.dailyCutoff.toISOString()}`);
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
                lines.push(`| ${(0,markdown/* cell */.H)(h.key)} | ${h.versionId ?? ''} | ${how} | ${when} |`);
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
        if (o.foreign.length > 0) {
            lines.push('');
            lines.push(`**${o.foreign.length} foreign folder(s) or key(s)**, none of the tool's: never deleted by prune.`);
            lines.push('');
            for (const f of o.foreign)
                lines.push(`- :red_circle: \`${(0,markdown/* cell */.H)(f.key)}\` (${f.objects} object(s), ${(0,format/* formatBytes */.z3)(f.bytes)}): ${(0,markdown/* cell */.H)(f.why)}`);
        }
        lines.push('');
        lines.push('| snapshot | age | kind | action | rule | size | why |');
        lines.push('|---|---:|---|---|---|---:|---|');
        for (const d of o.plan.decisions) {
            const note = o.notes.get(d.id);
            lines.push(`| ${d.id} | ${(0,format/* tableAge */.Am)(d.start, o.plan.now)} | ${describeKind(d)} | ${d.action === 'delete' ? '**delete**' : 'keep'} | ${d.rule} | ${(0,format/* formatBytes */.z3)(o.bytesOf.get(d.id) ?? 0)} | ${(0,markdown/* cell */.H)(d.reason + (note ? ` (${note})` : ''))} |`);
        }
    }
    return lines.join('\n') + '\n';
}
/** Keys per period: the months this prune leaves without any snapshot (see destroy-key). */
function emptiedSummary(months, dryRun) {
    if (months.length === 0)
        return '';
    return `\n**${dryRun ? 'Would leave' : 'Left'} no snapshot of ${months.join(', ')}**: with keys per month (age-recipients), ${months.length === 1 ? "that month's identity" : "those months' identities"} can be destroyed, unless Object Lock holds versions (above); then record it with \`destroy-key\` (key-period).\n`;
}


/***/ }),

/***/ 3746:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cj: () => (/* binding */ pruneRefuses),
/* harmony export */   nH: () => (/* binding */ planCatalog)
/* harmony export */ });
/* unused harmony export infoOf */
/* harmony import */ var _policy_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4310);

// The plan prune makes of one storage's catalog, in one place for prune (which carries it out)
// and list (which shows it): the rule list prints beside a snapshot is the one the next prune
// applies, word for word.
/** What the policy needs of a catalog entry. */
function infoOf(e) {
    if (e.state === 'complete' || e.state === 'damaged') {
        return { id: e.id, state: e.state, kind: e.manifest?.kind };
    }
    if (e.state === 'legacy')
        return { id: e.id, state: 'legacy', start: e.startedAt };
    return { id: e.id, state: e.state };
}
/** The retention plan of a storage's snapshots and legacy folders, newest first. */
function planCatalog(entries, now, policy) {
    return (0,_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .planRetention */ .SA)(entries.map(infoOf), now, policy);
}
/**
 * Whether prune deletes nothing in this storage and fails instead: it holds no complete snapshot
 * and nothing dated (legacy or damaged) either, which is a wrong environment, prefix or folder,
 * or backups that have all failed. A flat legacy root holds legacy folders only: never refused.
 */
function pruneRefuses(plan, flat) {
    if (flat)
        return false;
    const complete = plan.decisions.some((d) => d.state === 'complete');
    const dated = plan.decisions.some((d) => d.state === 'legacy' || d.state === 'damaged');
    return !complete && !dated;
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

//# sourceMappingURL=724.index.js.map