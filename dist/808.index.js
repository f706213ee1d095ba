export const id = 808;
export const ids = [808];
export const modules = {

/***/ 6808:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  list: () => (/* binding */ list)
});

// EXTERNAL MODULE: ./src/retention/catalogPlan.ts
var catalogPlan = __webpack_require__(3746);
// EXTERNAL MODULE: ./src/snapshot/catalog.ts + 2 modules
var snapshot_catalog = __webpack_require__(3881);
// EXTERNAL MODULE: ./src/vocabulary.ts
var vocabulary = __webpack_require__(7819);
;// CONCATENATED MODULE: ./src/snapshot/inventory.ts


// The inventory `list` shows: every storage's catalog (snapshot/catalog.ts) and the plan prune
// would make of it today (retention/catalogPlan.ts), joined into one row per snapshot, newest
// first. A snapshot stored in S3 and in the folder is one row that names both, its size counted
// once. Pure: the command reads the storages, this only joins.
const LISTED_STATES = [...snapshot_catalog/* SNAPSHOT_STATES */.aC, 'foreign'];
/** Which copy speaks for a snapshot: the most usable one. */
const RANK = [
    'complete',
    'legacy',
    'damaged',
    'unknown',
    'incomplete',
    'foreign'
];
/** The source a stored file's name holds, for folders without a valid manifest. */
function sourceOfName(name) {
    if (/^postgres\.sql/.test(name))
        return 'postgres';
    if (/^redis\.(rdb|resp)/.test(name))
        return 'redis';
    if (/^uploads\.(tar|index)/.test(name))
        return 'uploads';
    return undefined;
}
function entryCopy(listing, entry) {
    const decision = listing.plan.decisions.find((d) => d.id === entry.id);
    if (!decision)
        throw new Error(`no retention decision for ${entry.id}`);
    const manifest = entry.manifest;
    const prefix = entry.prefix ?? '';
    const names = entry.objects.map((o) => o.key.slice(prefix.length));
    const found = new Set(manifest
        ? manifest.files.map((f) => f.source)
        : names.flatMap((n) => (sourceOfName(n) ? [sourceOfName(n)] : [])));
    const refused = listing.refuses && decision.action === 'delete';
    return {
        copy: {
            storage: listing.label,
            uri: listing.uriOf(prefix),
            state: entry.state,
            bytes: entry.state === 'complete' && manifest
                ? manifest.files.reduce((n, f) => n + f.bytes, 0)
                : entry.bytes,
            action: refused ? 'keep' : decision.action,
            rule: refused ? 'prune-refuses' : decision.rule,
            reason: refused
                ? `prune deletes nothing in ${listing.where} while it holds no complete snapshot (it fails, naming it); else: ${decision.reason}`
                : decision.reason,
            ...(entry.problem ? { problem: entry.problem } : {})
        },
        at: entry.startedAt,
        createdAt: manifest ? new Date(manifest.createdAt) : entry.startedAt,
        kind: manifest?.kind,
        sources: vocabulary/* SOURCES */.Hl.filter((s) => found.has(s)),
        encrypted: manifest ? manifest.encryption !== undefined : names.some((n) => n.endsWith('.age'))
    };
}
function foreignCopies(listing) {
    return listing.catalog.foreign.map((f) => [
        f.key.slice(listing.base.length),
        {
            copy: {
                storage: listing.label,
                uri: listing.uriOf(f.key),
                state: 'foreign',
                bytes: f.bytes,
                action: 'keep',
                rule: 'foreign',
                reason: "never deleted by prune (none of the tool's): move or delete it by hand",
                problem: `foreign (${f.objects} object${f.objects === 1 ? '' : 's'}): ${f.why}`
            },
            at: f.lastModified,
            createdAt: f.lastModified,
            sources: [],
            encrypted: false
        }
    ]);
}
/**
 * Every storage's snapshots and legacy folders as one row each, newest first (by the time their
 * name says, as retention reckons), then the foreign keys by name.
 */
function joinListings(listings, now) {
    const byId = new Map();
    const add = (id, copy) => byId.set(id, [...(byId.get(id) ?? []), copy]);
    for (const listing of listings) {
        for (const entry of listing.catalog.entries)
            add(entry.id, entryCopy(listing, entry));
        for (const [id, copy] of foreignCopies(listing))
            add(id, copy);
    }
    const several = listings.length > 1;
    const rows = [...byId].map(([id, copies]) => {
        const best = [...copies].sort((a, b) => RANK.indexOf(a.copy.state) - RANK.indexOf(b.copy.state))[0];
        const same = copies.every((c) => c.copy.action === best.copy.action && c.copy.rule === best.copy.rule);
        const sameAction = copies.every((c) => c.copy.action === best.copy.action);
        const sources = new Set(copies.flatMap((c) => c.sources));
        return {
            id,
            state: best.copy.state,
            kind: best.kind ?? null,
            createdAt: best.createdAt.toISOString(),
            ageSeconds: Math.floor((now.getTime() - best.createdAt.getTime()) / 1000),
            bytes: best.copy.bytes,
            sources: vocabulary/* SOURCES */.Hl.filter((s) => sources.has(s)),
            encrypted: copies.some((c) => c.encrypted),
            storages: copies.map((c) => c.copy),
            action: sameAction ? best.copy.action : 'mixed',
            rule: same ? best.copy.rule : 'mixed',
            reason: same
                ? best.copy.reason
                : copies.map((c) => `${c.copy.storage}: ${c.copy.action}, ${c.copy.reason}`).join('; '),
            problems: copies.flatMap((c) => c.copy.problem ? [several ? `${c.copy.storage}: ${c.copy.problem}` : c.copy.problem] : []),
            at: best.at
        };
    });
    // Snapshots newest first; foreign keys after them, by name: they are not snapshots.
    const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
    rows.sort((a, b) => {
        const foreign = Number(a.state === 'foreign') - Number(b.state === 'foreign');
        if (foreign !== 0)
            return foreign;
        if (a.state === 'foreign')
            return byName(a.id, b.id);
        return b.at.getTime() - a.at.getTime() || byName(b.id, a.id);
    });
    return rows.map(({ at: _at, ...row }) => row);
}
/** How many rows are in each state, every state named (zeros too), in LISTED_STATES' order. */
function countByState(rows) {
    const counts = Object.fromEntries(LISTED_STATES.map((s) => [s, 0]));
    for (const row of rows)
        counts[row.state]++;
    return counts;
}

// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
// EXTERNAL MODULE: ./src/util/markdown.ts
var markdown = __webpack_require__(7183);
;// CONCATENATED MODULE: ./src/snapshot/inventoryText.ts



/** What the next prune does with one copy, in words. */
function copyRetention(c) {
    if (c.rule === 'foreign')
        return c.reason;
    if (c.action === 'delete')
        return `deleted by the next prune: ${c.reason}`;
    return `kept by ${c.rule}: ${c.reason}`;
}
/** The rule that keeps a snapshot today, or that the next prune deletes it; per storage when they differ. */
function retentionText(row) {
    if (row.rule !== 'mixed' && row.action !== 'mixed') {
        return copyRetention({ action: row.action, rule: row.rule, reason: row.reason });
    }
    return row.storages.map((c) => `${c.storage}: ${copyRetention(c)}`).join('; ');
}
function ageText(ageSeconds) {
    return ageSeconds < 0 ? 'in the future' : (0,format/* formatAge */.nV)(ageSeconds / 3600);
}
function sourcesText(row) {
    const sources = row.sources.join(',') || '-';
    return row.encrypted ? `${sources} (age)` : sources;
}
/** `12 entries: 8 complete, 1 damaged, 1 incomplete, 0 unknown, 1 legacy, 1 foreign`. */
function countsLine(rows) {
    const counts = countByState(rows);
    const parts = LISTED_STATES.map((s) => `${counts[s]} ${s}`).join(', ');
    return `${rows.length} ${rows.length === 1 ? 'entry' : 'entries'}: ${parts}`;
}
function whereLine(storages) {
    return storages.map((s) => `${s.label} = ${s.where}`).join(', ');
}
/** The one line an environment with nothing stored gets. */
function emptyLine(environment, storages) {
    return `no snapshots of ${environment}: nothing stored in ${storages.map((s) => s.where).join(', ')}`;
}
const HEADER = ['snapshot', 'state', 'kind', 'age', 'size', 'sources', 'where', 'retention today'];
function columns(row) {
    return [
        row.id,
        row.state,
        row.kind ?? '-',
        ageText(row.ageSeconds),
        (0,format/* formatBytes */.z3)(row.bytes),
        sourcesText(row),
        row.storages.map((c) => c.storage).join(','),
        retentionText(row)
    ];
}
/**
 * The table for a terminal, newest first: a line naming the storages, one aligned line per row
 * (its problems indented under it), and the counts per state.
 */
function listText(environment, storages, rows) {
    if (rows.length === 0)
        return emptyLine(environment, storages) + '\n';
    const table = [HEADER, ...rows.map(columns)];
    const widths = HEADER.map((_, i) => Math.max(...table.map((r) => r[i].length)));
    const line = (r) => r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd();
    const lines = [`Snapshots of ${environment} (${whereLine(storages)})`, line(HEADER)];
    rows.forEach((row, i) => {
        lines.push(line(table[i + 1]));
        for (const problem of row.problems)
            lines.push(`    ! ${problem}`);
    });
    lines.push(countsLine(rows));
    return lines.join('\n') + '\n';
}
/** The job summary: the same rows as a Markdown table. */
function listMarkdown(environment, storages, rows) {
    if (rows.length === 0) {
        return `## Snapshots of ${(0,markdown/* cell */.H)(environment)}: none\n\n${(0,markdown/* cell */.H)(emptyLine(environment, storages))}\n`;
    }
    const lines = [
        `## Snapshots of ${(0,markdown/* cell */.H)(environment)}: ${countsLine(rows)}`,
        '',
        `Storages: ${storages.map((s) => `\`${s.label}\` ${(0,markdown/* cell */.H)(s.where)}`).join(', ')}. Newest first; the retention column is what the next prune does.`,
        '',
        '| snapshot | state | kind | age | size | sources | where | retention today | problems |',
        '|---|---|---|---:|---:|---|---|---|---|'
    ];
    for (const row of rows) {
        const [id, state, kind, age, size, sources, where, retention] = columns(row).map(markdown/* cell */.H);
        const shown = row.state === 'complete' ? state : `**${state}**`;
        lines.push(`| ${id} | ${shown} | ${kind} | ${age} | ${size} | ${sources} | ${where} | ${retention} | ${(0,markdown/* cell */.H)(row.problems.join('; '))} |`);
    }
    return lines.join('\n') + '\n';
}

// EXTERNAL MODULE: ./src/snapshot/layout.ts
var layout = __webpack_require__(2064);
// EXTERNAL MODULE: ./src/storage/open.ts + 1 modules
var storage_open = __webpack_require__(3327);
;// CONCATENATED MODULE: ./src/commands/list.ts






// list: every snapshot of an environment, newest first, in every storage the config names (and
// the old script's legacy-root): its state, kind, age, size, sources, where it is, and what the
// next prune does with it, from the very plan prune makes (retention/catalogPlan.ts). It reads
// listings and manifests only (manifests are plaintext, encrypted snapshots included: no key is
// needed) and writes nothing but its ledger event, as every command does. An empty environment
// is not an error: list is not check.
async function list(config, log, now = new Date()) {
    const policy = {
        dailyRetentionDays: config.dailyRetentionDays,
        monthlyRetentionMonths: config.monthlyRetentionMonths
    };
    const targets = (await (0,storage_open/* openStorages */.l)(config, log)).map((storage) => ({
        storage,
        label: storage.location.startsWith('s3://') ? 's3' : 'folder',
        flat: false
    }));
    const legacyRoot = (0,storage_open/* openLegacyRoot */.E)(config);
    if (legacyRoot)
        targets.push({ storage: legacyRoot, label: 'legacy-root', flat: true });
    const listings = [];
    for (const { storage, label, flat } of targets) {
        const base = flat ? '' : (0,layout/* environmentPrefix */.Es)(config.environment);
        const where = storage.uriOf(base);
        const catalog = await log.group(`List ${where}`, async () => {
            const read = await (0,snapshot_catalog/* readCatalog */.uM)(storage, config.environment, { flat });
            log.info(`${where}: ${read.entries.length} snapshot folder(s), ${read.foreign.length} foreign key(s) or folder(s)`);
            return read;
        });
        const plan = (0,catalogPlan/* planCatalog */.nH)(catalog.entries, now, policy);
        listings.push({
            label,
            where,
            base,
            uriOf: (key) => storage.uriOf(key),
            catalog,
            plan,
            refuses: (0,catalogPlan/* pruneRefuses */.cj)(plan, flat)
        });
    }
    const rows = joinListings(listings, now);
    return {
        outputs: { snapshots: JSON.stringify(rows) },
        summary: listMarkdown(config.environment, listings, rows),
        text: listText(config.environment, listings, rows),
        json: rows
    };
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

//# sourceMappingURL=808.index.js.map