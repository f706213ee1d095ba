export const id = 541;
export const ids = [541];
export const modules = {

/***/ 5541:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
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
// EXTERNAL MODULE: ./src/notify/ledger.ts
var notify_ledger = __webpack_require__(6888);
// EXTERNAL MODULE: ./src/snapshot/id.ts
var id = __webpack_require__(9575);
// EXTERNAL MODULE: ./src/snapshot/layout.ts
var layout = __webpack_require__(2064);
// EXTERNAL MODULE: ./src/retention/policy.ts
var policy = __webpack_require__(4310);
// EXTERNAL MODULE: ./src/util/redact.ts
var redact = __webpack_require__(767);
;// CONCATENATED MODULE: ./src/review/build.ts




// The monthly review built from what report read: pure, so every rule is tested without storage.
// The period is the 31 days up to the run, so the monthly workflow (day 1) covers the whole month
// before.
const PERIOD_DAYS = 31;
const DAY_MS = 86_400_000;
/** The start of a UTC day. */
const utcDay = (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const isoDay = (d) => d.toISOString().slice(0, 10);
/** Nothing may be this old or older (DESIGN.md, "Retention": the hard limit), as prune reckons it. */
function hardLimit(now, months) {
    return (0,policy/* monthsBefore */.jL)(now, months);
}
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
    const place = (0,layout/* placeOf */.$t)(object.key, environment);
    if (place.kind === 'snapshot') {
        const time = (0,id/* parseSnapshotId */.jH)(place.id);
        return { what: 'snapshot', key: (0,layout/* snapshotPrefix */.JO)(environment, place.id), time };
    }
    if (place.kind === 'side') {
        // Dated as prune dates them: by the time their name starts with, else their upload time.
        return {
            what: place.folder === layout/* LEDGER_FOLDER */.xw ? 'ledger' : 'drill',
            key: object.key,
            time: (0,layout/* sideObjectTime */.sB)(object)
        };
    }
    return undefined;
}
/**
 * The red lines of a catalog's states (issue 15): every damaged snapshot, every foreign folder or
 * key, and every legacy folder past the hard limit (prune deletes those by their date).
 */
function stateRedLinesOf(catalog, location, limit, now) {
    const age = (t) => Math.floor((now.getTime() - t.getTime()) / DAY_MS);
    const lines = [];
    for (const e of catalog.entries) {
        const key = e.prefix ?? e.id + '/';
        if (e.state === 'damaged') {
            lines.push({
                location,
                what: 'damaged',
                key,
                time: e.startedAt.toISOString(),
                ageDays: age(e.startedAt),
                why: e.problem
            });
        }
        else if (e.state === 'legacy' && e.startedAt.getTime() <= limit.getTime()) {
            lines.push({
                location,
                what: 'legacy',
                key,
                time: e.startedAt.toISOString(),
                ageDays: age(e.startedAt)
            });
        }
    }
    for (const f of catalog.foreign) {
        lines.push({
            location,
            what: 'foreign',
            key: f.key,
            time: f.lastModified.toISOString(),
            ageDays: age(f.lastModified),
            why: `${f.why}; prune never deletes it`
        });
    }
    return lines.sort((a, b) => a.time.localeCompare(b.time));
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
        const month = e.startedAt.toISOString().slice(0, 7);
        const row = months.get(month) ?? {
            month,
            complete: 0,
            damaged: 0,
            incomplete: 0,
            unknown: 0,
            legacy: 0,
            bytes: 0
        };
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
    const total = {
        complete: 0,
        damaged: 0,
        incomplete: 0,
        unknown: 0,
        legacy: 0
    };
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

// EXTERNAL MODULE: external "node:stream/consumers"
var consumers_ = __webpack_require__(8321);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/iso.js
var iso = __webpack_require__(4377);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
;// CONCATENATED MODULE: ./src/review/drills.ts




// The drill reports drill writes under <env>/drills/, read back for the review; a file that is not
// one is a problem the review lists, not a crash.
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
async function readDrills(storage, environment) {
    const drills = [];
    const problems = [];
    for await (const object of storage.list((0,layout/* sidePrefix */.O9)(environment, layout/* DRILLS_FOLDER */.Gg))) {
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

// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
;// CONCATENATED MODULE: ./src/review/markdown.ts


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
    out.push(`- **${plural(redLines.length, 'red line')}**: objects older than the hard limit of ${review.hardLimit.months} months, damaged snapshots, foreign objects`);
    out.push(`- **Last drill**: ${lastDrill ? `${lastDrill.verified ? 'verified' : '**FAILED**'} on ${day(lastDrill.drilledAt)}, RTO ${(0,format/* formatSeconds */.X)(lastDrill.rtoSeconds)} (snapshot ${lastDrill.snapshotId})` : 'none on record'}`);
    out.push('');
    out.push('### Retention compliance');
    out.push('');
    const stateLines = redLines.filter((r) => r.why !== undefined);
    const aged = redLines.filter((r) => r.why === undefined);
    if (stateLines.length > 0) {
        out.push(`🔴 **${stateLines.length} damaged snapshot(s) or foreign object(s)**: a damaged snapshot never counts as a backup (restore its whole sources with \`allow-damaged\`, delete it with \`prune\` and \`snapshot: <id>\`); prune never deletes a foreign one.`);
        out.push('');
        out.push('| storage | what | key | from | why |');
        out.push('|---|---|---|---|---|');
        for (const r of stateLines) {
            out.push(`| ${cell(r.location)} | ${r.what} | ${cell(r.key)} | ${day(r.time)} | ${cell(r.why ?? '')} |`);
        }
        out.push('');
    }
    if (aged.length === 0) {
        out.push(`Nothing older than the hard limit (${review.hardLimit.months} months: before ${day(review.hardLimit.before)}) in any storage.`);
    }
    else {
        out.push(`🔴 **${plural(aged.length, 'object')} older than the hard limit** (${review.hardLimit.months} months: before ${day(review.hardLimit.before)}). Nothing may be kept that long: run \`prune\`, and find out why it did not remove them.`);
        out.push('');
        out.push('| storage | what | key | from | age |');
        out.push('|---|---|---|---|---:|');
        for (const r of aged) {
            out.push(`| ${cell(r.location)} | ${r.what} | ${cell(r.key)} | ${day(r.time)} | ${r.ageDays} days |`);
        }
    }
    out.push('');
    out.push('### Inventory');
    out.push('');
    const t = inventory.total;
    out.push(`${plural(t.complete + t.damaged + t.incomplete + t.unknown + t.legacy, 'snapshot')} stored: ${t.complete} complete, ${t.damaged} damaged, ${t.incomplete} incomplete, ${t.unknown} unknown (manifest unreadable now), ${t.legacy} legacy (the old script's, no manifest); ${(0,format/* formatBytes */.z)(inventory.totalBytes)} in all.`);
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
// EXTERNAL MODULE: ./src/storage/open.ts + 1 modules
var storage_open = __webpack_require__(3327);
// EXTERNAL MODULE: ./src/util/mkdirs.ts
var mkdirs = __webpack_require__(5826);
;// CONCATENATED MODULE: ./src/commands/report.ts











// report: the seed's monthly review. It reads the first storage (S3 when set, else the folder):
// the snapshot inventory, the gaps, the drill history and the ledger; it checks every storage for
// red lines (objects past the hard limit). It writes report.md (also the job summary),
// report.json and ledger.csv into one folder for the workflow's artifact.
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
        for (const made of await (0,mkdirs/* mkdirs */.N)(dir, 0o700))
            await promises_default().chmod(made, 0o700);
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
                const states = stateRedLinesOf(await (0,catalog/* readCatalog */.uM)(storage, env), where, limit, now);
                for (const r of states) {
                    log.warning(`red line: ${r.what} ${storage.uriOf(r.key)} from ${r.time.slice(0, 10)}${r.why ? `: ${r.why}` : `, past the hard limit of ${config.monthlyRetentionMonths} months`}`);
                }
                redLines.push(...found, ...states);
            }
            catch (error) {
                problems.push(`${where}: could not be listed: ${(0,errors/* errorLine */.BP)(error)}`);
                log.warning(`${where}: could not be listed: ${(0,errors/* errorLine */.BP)(error)}`);
            }
        });
    }
    const legacyRoot = (0,storage_open/* openLegacyRoot */.E)(config);
    if (legacyRoot) {
        const where = legacyRoot.uriOf('');
        const found = stateRedLinesOf(await (0,catalog/* readCatalog */.uM)(legacyRoot, env, { flat: true }), where, limit, now);
        for (const r of found) {
            log.warning(`red line: ${r.what} ${legacyRoot.uriOf(r.key)} from ${r.time.slice(0, 10)}${r.why ? `: ${r.why}` : `, past the hard limit of ${config.monthlyRetentionMonths} months`}`);
        }
        redLines.push(...found);
    }
    const storage = storages[0];
    const location = storage.uriOf(`${env}/`);
    const { entries, events, drills } = await log.group(`Read ${location}`, async () => {
        const entries = await (0,catalog/* listSnapshots */.Cb)(storage, env);
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
    // Who ran what, with their notes: personal data, readable by this user alone.
    const mode = { mode: 0o600 };
    await promises_default().writeFile(files['report-md'], markdown, mode);
    await promises_default().writeFile(files['report-json'], JSON.stringify(review, null, 2) + '\n', mode);
    await promises_default().writeFile(files['ledger-csv'], ledgerCsv(events), mode);
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

//# sourceMappingURL=541.index.js.map