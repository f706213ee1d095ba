export const id = 294;
export const ids = [294];
export const modules = {

/***/ 8294:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  backup: () => (/* binding */ backup)
});

// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
// EXTERNAL MODULE: ./src/snapshot/compression.ts + 2 modules
var snapshot_compression = __webpack_require__(3968);
// EXTERNAL MODULE: ./src/snapshot/layout.ts
var layout = __webpack_require__(2064);
// EXTERNAL MODULE: ./src/snapshot/manifest.ts
var snapshot_manifest = __webpack_require__(6351);
// EXTERNAL MODULE: ./src/snapshot/writer.ts + 2 modules
var snapshot_writer = __webpack_require__(9713);
// EXTERNAL MODULE: ./src/encryption/sealing.ts
var encryption_sealing = __webpack_require__(9662);
// EXTERNAL MODULE: ./src/storage/open.ts + 1 modules
var storage_open = __webpack_require__(3327);
// EXTERNAL MODULE: ./src/util/cancel.ts
var cancel = __webpack_require__(4436);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
// EXTERNAL MODULE: ./src/commands/result.ts
var result = __webpack_require__(4493);
// EXTERNAL MODULE: ./src/util/markdown.ts
var markdown = __webpack_require__(7183);
;// CONCATENATED MODULE: ./src/notify/summary.ts


// Job summaries a person can read in seconds: what was stored, how big, how long, what's inside.
function backupSummary(manifest, uris) {
    const lines = [];
    lines.push(`## Backup ${manifest.id} (${manifest.environment}, ${manifest.kind}): complete`);
    lines.push('');
    lines.push(`${(0,format/* formatSeconds */.Xo)(manifest.durationSeconds)}, stored in ${uris.map((u) => `\`${u}\``).join(' and ')}`);
    lines.push('');
    lines.push('| file | stored | before compression | ratio | time | sha256 |');
    lines.push('|---|---:|---:|---:|---:|---|');
    for (const f of manifest.files) {
        const ratio = f.sourceBytes ? `${((f.bytes / f.sourceBytes) * 100).toFixed(1)} %` : '';
        lines.push(`| ${f.name} | ${(0,format/* formatBytes */.z3)(f.bytes)} | ${f.sourceBytes !== undefined ? (0,format/* formatBytes */.z3)(f.sourceBytes) : ''} | ${ratio} | ${f.durationSeconds !== undefined ? (0,format/* formatSeconds */.Xo)(f.durationSeconds) : ''} | \`${f.sha256.slice(0, 12)}…\` |`);
    }
    const pg = manifest.sources.postgres;
    if (pg) {
        const tables = Object.entries(pg.tables);
        const rows = tables.reduce((sum, [, n]) => sum + n, 0);
        lines.push('');
        lines.push(`**PostgreSQL** ${pg.serverVersion} (\`${pg.database}\`, pg_dump ${pg.pgDumpVersion}): ${tables.length} tables, ${rows} rows`);
        lines.push('');
        lines.push('<details><summary>Rows per table</summary>');
        lines.push('');
        lines.push('| table | rows |');
        lines.push('|---|---:|');
        for (const [table, n] of tables)
            lines.push(`| ${(0,markdown/* cell */.H)(table)} | ${n} |`);
        lines.push('');
        lines.push('</details>');
    }
    lines.push(...otherSources(manifest));
    const warnings = backupWarnings(manifest);
    if (warnings.length > 0) {
        lines.push('', `### ⚠️ ${warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`}`, '');
        for (const w of warnings)
            lines.push(`- ${w}`);
    }
    if (manifest.operator || manifest.notes) {
        lines.push('');
        lines.push(`Operator: ${manifest.operator ?? '-'}. Notes: ${manifest.notes ?? '-'}`);
    }
    return lines.join('\n') + '\n';
}
/** Redis and uploads, as PostgreSQL is shown above: what each holds. */
function otherSources(manifest) {
    const lines = [];
    const redis = manifest.sources.redis;
    if (redis) {
        const dbs = Object.entries(redis.dbs);
        lines.push('', `**Redis** ${redis.engine} ${redis.version} (${redis.mode}, ${redis.pointInTime ? 'point in time' : 'not point in time'}): ${redis.keys} keys (${redis.keysWithTtl} with a TTL) in ${dbs.length} ${dbs.length === 1 ? 'db' : 'dbs'}`);
        if (dbs.length > 0) {
            lines.push('', '| db | keys | with a TTL |', '|---:|---:|---:|');
            for (const [db, c] of dbs)
                lines.push(`| ${db} | ${c.keys} | ${c.keysWithTtl} |`);
        }
    }
    const up = manifest.sources.uploads;
    if (up) {
        lines.push('', `**Uploads** \`${up.dir}\`: ${up.files} files (${(0,format/* formatBytes */.z3)(up.bytes)}), ${up.directories} folders, ${up.symlinks} symlinks; ${up.compression.chosen} (${up.compression.reason})`);
        if (up.exclude?.length) {
            lines.push('', `${up.excludedCount ?? 0} entries left out by uploads-exclude (${up.exclude.map((p) => `\`${p}\``).join(', ')})`);
        }
    }
    return lines;
}
/** How many of a list the summary names. */
const NAMED = 10;
/** What a reader of the summary must know about this snapshot: one line each. */
function backupWarnings(manifest) {
    const out = [];
    const named = (items, count) => {
        const first = items.slice(0, NAMED).map((i) => `\`${i.path.replace(/`/g, "'")}\``);
        return `${first.join(', ')}${count > first.length ? ` and ${count - first.length} more` : ''}`;
    };
    const up = manifest.sources.uploads;
    if (up && up.changedCount > 0) {
        out.push(`uploads: ${up.changedCount} files changed or vanished while being archived (their copies may mix old and new content): ${named(up.changed, up.changedCount)}`);
    }
    if (up && up.skippedCount > 0) {
        out.push(`uploads: ${up.skippedCount} entries left out (FIFOs, sockets, devices, files removed before they were read): ${named(up.skipped, up.skippedCount)}`);
    }
    if (up?.linksOutsideCount) {
        out.push(`uploads: ${up.linksOutsideCount} symlinks point outside the folder, which restore refuses: ${named(up.linksOutside ?? [], up.linksOutsideCount)}`);
    }
    const redis = manifest.sources.redis;
    if (redis && !redis.pointInTime) {
        out.push(`Redis: a logical dump, not point in time (${redis.reason})`);
    }
    if (redis?.note)
        out.push(`Redis: ${redis.note}`);
    return out;
}

;// CONCATENATED MODULE: ./src/commands/backup.ts












/**
 * backup: check every source and storage and claim the snapshot folder, then stream each source
 * into the snapshot, then write manifest.json last. Any failure before the manifest leaves an
 * incomplete snapshot that nothing trusts.
 */
async function backup(config, log, now = new Date()) {
    const started = now;
    const sealing = (0,encryption_sealing/* sealingFor */.zs)(config, started);
    const { writer, postgres } = await preflight(config, log, started);
    const files = [];
    try {
        if (sealing)
            await (0,encryption_sealing/* refuseDestroyedKey */.dn)(writer.storages, config.environment, sealing);
        return await writeSnapshot(config, log, started, writer, postgres, files, sealing);
    }
    catch (error) {
        await writer.release();
        const stored = files.map((f) => f.name);
        throw (0,result/* withPartialWrite */.dO)(error, { snapshotId: writer.id, uris: writer.uris(), files: stored });
    }
}
async function writeSnapshot(config, log, started, writer, postgres, 
/** Filled as each file is stored whole (a failure's summary names them). */
files, sealing) {
    const id = writer.id;
    if (sealing) {
        log.info(`encryption: age to ${sealing.recipients.join(', ')}${sealing.period ? ` (the keys of ${sealing.period})` : ''}`);
    }
    const sources = {};
    if (postgres) {
        await log.group('PostgreSQL', async () => {
            // Each source's code (and its client library) is loaded only when the source is backed up.
            const { openPostgresDump } = await Promise.all(/* import() */[__webpack_require__.e(849), __webpack_require__.e(272)]).then(__webpack_require__.bind(__webpack_require__, 4272));
            // gzip is pg_dump's own (see DumpOptions); zstd and none get plain SQL to compress here.
            const dump = await openPostgresDump(postgres, log, config.compression === 'gzip' ? { gzipLevel: 1 } : {});
            try {
                const file = await writer.writeFile(`postgres.sql${(0,snapshot_compression/* compressionSuffix */.uy)(config.compression)}`, dump.stream, {
                    source: 'postgres',
                    compression: config.compression,
                    sizeHint: dump.server.databaseBytes,
                    precompressed: dump.compressed ? { sourceBytes: () => dump.sqlBytes() } : undefined,
                    encrypt: sealing
                });
                const facts = dump.facts();
                files.push(file);
                sources.postgres = {
                    serverVersion: dump.server.version,
                    pgDumpVersion: dump.pgDumpVersion,
                    database: dump.server.database,
                    databaseBytes: dump.server.databaseBytes,
                    format: 'plain',
                    ...facts,
                    identity: {
                        ...(dump.server.systemIdentifier
                            ? { systemIdentifier: dump.server.systemIdentifier }
                            : {}),
                        databaseOid: dump.server.databaseOid
                    }
                };
                const rows = Object.values(facts.tables).reduce((a, b) => a + b, 0);
                log.info(`${file.name}: ${file.bytes} bytes stored (${file.sourceBytes} before compression), ${Object.keys(facts.tables).length} tables, ${rows} rows, sha256 ${file.sha256}`);
            }
            finally {
                await dump.close();
            }
        });
    }
    if (config.redisUrl) {
        const url = config.redisUrl;
        await log.group('Redis', async () => {
            const { openRedisDump } = await Promise.all(/* import() */[__webpack_require__.e(734), __webpack_require__.e(942)]).then(__webpack_require__.bind(__webpack_require__, 4942));
            const dump = await openRedisDump(url, config.redisMode, log, { timeouts: config.timeouts });
            try {
                const compression = dump.compressible ? config.compression : 'none';
                const file = await writer.writeFile(`${dump.fileName}${(0,snapshot_compression/* compressionSuffix */.uy)(compression)}`, dump.stream, { source: 'redis', compression, encrypt: sealing });
                const facts = dump.facts();
                files.push(file);
                sources.redis = facts;
                if (facts.note)
                    log.warning(`${file.name}: ${facts.note}`);
                log.info(`${file.name}: ${file.bytes} bytes stored (${file.sourceBytes} before compression), ${facts.mode} mode, ${facts.keys} keys (${facts.keysWithTtl} with a TTL) in ${Object.keys(facts.dbs).length} dbs, ${facts.pointInTime ? 'point in time' : 'NOT point in time'}, sha256 ${file.sha256}`);
            }
            finally {
                dump.close();
            }
        });
    }
    if (config.uploadsDir) {
        const dir = config.uploadsDir;
        await log.group('Uploads', async () => {
            const { UPLOADS_INDEX_NAME, openUploadsArchive } = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(935)]).then(__webpack_require__.bind(__webpack_require__, 5935));
            const archive = await openUploadsArchive(dir, log, {
                uploadsCompression: config.uploadsCompression,
                compression: config.compression,
                exclude: config.uploadsExclude
            });
            try {
                const file = await writer.writeFile(archive.name, archive.stream, {
                    source: 'uploads',
                    compression: archive.choice.compression,
                    level: archive.choice.level,
                    sizeHint: () => archive.sizeHint(),
                    encrypt: sealing
                });
                files.push(file);
                const index = await writer.writeFile(UPLOADS_INDEX_NAME, archive.index(), {
                    source: 'uploads',
                    compression: 'gzip',
                    encrypt: sealing // every path is personal data too
                });
                files.push(index);
                const stats = { ...archive.stats(), index: index.name };
                sources.uploads = stats;
                log.info(`${file.name}: ${file.bytes} bytes stored (${file.sourceBytes} of tar), ${stats.files} files (${stats.bytes} bytes), ${stats.directories} folders, ${stats.symlinks} symlinks, sha256 ${file.sha256}`);
                log.info(`${index.name}: ${index.bytes} bytes, sha256 ${index.sha256}`);
                if (stats.changedCount > 0 || stats.skippedCount > 0) {
                    log.warning(`uploads: ${stats.changedCount} files changed while being archived, ${stats.skippedCount} entries left out (listed in the manifest)`);
                }
            }
            finally {
                await archive.close();
            }
        });
    }
    const completed = new Date();
    const manifest = {
        formatVersion: snapshot_manifest/* FORMAT_VERSION */.Hp,
        id,
        environment: config.environment,
        kind: config.kind,
        createdAt: started.toISOString(),
        completedAt: completed.toISOString(),
        durationSeconds: (0,format/* round */.LI)((completed.getTime() - started.getTime()) / 1000),
        tool: { name: version/* TOOL_NAME */.l, version: version/* TOOL_VERSION */.w },
        ...(config.operator ? { operator: config.operator } : {}),
        ...(config.notes ? { notes: config.notes } : {}),
        files,
        ...(sealing ? { encryption: { format: 'age', ...sealing } } : {}),
        sources
    };
    await log.group('Manifest', async () => {
        await writer.writeManifest(manifest);
        log.info(`snapshot ${id} complete: ${writer.uris(layout/* MANIFEST_NAME */.ir).join(', ')}`);
    });
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    return {
        outputs: {
            'snapshot-id': id,
            'snapshot-uri': writer.uris()[0],
            bytes,
            'duration-seconds': manifest.durationSeconds
        },
        summary: backupSummary(manifest, writer.uris())
    };
}
/**
 * Before the first byte moves, everything at once: each storage (reachable, the bucket there,
 * writable: the claim of the snapshot folder is itself a write) and each source (connect,
 * authenticate, read). A wrong Redis password must not wait for a multi-hour pg_dump to be found.
 * Every problem is reported, one line each; the claim is given back when any is found.
 */
async function preflight(config, log, started) {
    return log.group('Check sources and storage', async () => {
        const { databaseUrl, redisUrl, uploadsDir } = config;
        const giveUp = new AbortController();
        const postgres = databaseUrl
            ? Promise.all(/* import() */[__webpack_require__.e(849), __webpack_require__.e(272)]).then(__webpack_require__.bind(__webpack_require__, 4272)).then((m) => m.probePostgres(databaseUrl, giveUp.signal, config.timeouts))
            : undefined;
        postgres?.catch(() => undefined); // settled below
        const storage = (async () => {
            const storages = await (0,storage_open/* openStorages */.l)(config, log);
            for (const s of storages)
                await s.check();
            const writer = await snapshot_writer/* SnapshotWriter */.C.claim(storages, config.environment, started, log);
            writer.progressMs = config.progressMs;
            for (const uri of writer.uris())
                log.info(`ok: ${uri} (claimed for this run)`);
            return writer;
        })();
        const redis = redisUrl
            ? Promise.all(/* import() */[__webpack_require__.e(734), __webpack_require__.e(942)]).then(__webpack_require__.bind(__webpack_require__, 4942)).then((m) => m.probeRedis(redisUrl, { timeouts: config.timeouts }))
            : undefined;
        const uploads = uploadsDir
            ? Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(935)]).then(__webpack_require__.bind(__webpack_require__, 5935)).then((m) => m.probeUploads(uploadsDir))
            : undefined;
        const [claimed, ...others] = await Promise.allSettled([storage, redis, uploads]);
        const problems = [claimed, ...others].flatMap((r) => r.status === 'rejected' ? [r.reason] : []);
        // A database that does not answer would hold the other problems back for its whole connect
        // timeout: once something else failed, it gets a moment more, then it is given up.
        const grace = problems.length > 0 ? setTimeout(() => giveUp.abort(), PROBE_GRACE_MS) : undefined;
        const [pg] = await Promise.allSettled([postgres]);
        clearTimeout(grace);
        if (pg.status === 'rejected') {
            if (giveUp.signal.aborted)
                log.info('PostgreSQL check given up: another check failed first');
            else
                problems.push(pg.reason);
        }
        // Cancelled meanwhile: that is the outcome, whatever the checks found.
        if (cancel/* runSignal */.KF.aborted)
            problems.splice(0, problems.length, cancel/* runSignal */.KF.reason);
        if (problems.length > 0) {
            if (claimed.status === 'fulfilled')
                await claimed.value.release();
            if (problems.length === 1)
                throw problems[0];
            const lines = problems.map((p) => (0,errors/* errorLine */.BP)(p));
            const error = new errors/* UserError */.yo(`${lines.length} problems, nothing was backed up: ${lines.join('; ')}`);
            error.problems = lines;
            throw error;
        }
        const writer = claimed.value;
        const probe = pg.value;
        if (probe)
            log.info(`ok: PostgreSQL ${probe.server.version} at ${probe.server.endpoint}`);
        const server = others[0].value;
        if (server)
            log.info(`ok: ${server.engine} ${server.version} at ${server.endpoint}`);
        if (uploadsDir)
            log.info(`ok: uploads-dir ${uploadsDir} can be read`);
        return { writer, postgres: probe };
    });
}
const PROBE_GRACE_MS = 1_000;


/***/ }),

/***/ 9662:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R_: () => (/* binding */ plainNameOf),
/* harmony export */   dn: () => (/* binding */ refuseDestroyedKey),
/* harmony export */   zs: () => (/* binding */ sealingFor)
/* harmony export */ });
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);
/* harmony import */ var _periods_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9535);
/* harmony import */ var _recipients_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2149);



/**
 * The recipients for a backup that starts at `started`, or undefined with encryption: none.
 * Refuses (before anything runs) when keys are per month and this month has none.
 */
function sealingFor(config, started) {
    if (config.encryption !== 'age')
        return undefined;
    const input = config.ageRecipients;
    if (!input)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('encryption is age but age-recipients is empty');
    const period = (0,_recipients_js__WEBPACK_IMPORTED_MODULE_2__/* .periodOf */ .jH)(started);
    try {
        return {
            recipients: (0,_recipients_js__WEBPACK_IMPORTED_MODULE_2__/* .recipientsFor */ .sx)(input, period),
            ...((0,_recipients_js__WEBPACK_IMPORTED_MODULE_2__/* .isPerPeriod */ .JM)(input) ? { period } : {})
        };
    }
    catch (error) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(error.message);
    }
}
/** A stored file's name before encryption: what `age -d` writes (`uploads.tar.gz` for `uploads.tar.gz.age`). */
function plainNameOf(file) {
    return file.encryption ? file.name.replace(/\.age$/, '') : file.name;
}
/**
 * Refuse to encrypt to a key recorded destroyed (in any storage's ledger): this month's, or a
 * destroyed month's key given again for this month. Such a backup would look complete and never
 * restore.
 */
async function refuseDestroyedKey(storages, environment, sealing) {
    for (const storage of storages) {
        const destroyed = await (0,_periods_js__WEBPACK_IMPORTED_MODULE_1__/* .destroyedKeys */ .CA)(storage, environment);
        const where = `destroy-key, in ${storage.uriOf(`${environment}/ledger/`)}`;
        if (sealing.period && destroyed.periods.has(sealing.period)) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`the age key of ${sealing.period} is recorded as destroyed (${where}): a backup to it could never be restored; give ${sealing.period} a new key in age-recipients`);
        }
        const reused = sealing.recipients.find((r) => destroyed.recipients.has(r));
        if (reused) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`age-recipients gives ${sealing.period ?? 'every month'} the key ${reused}, the key of ${destroyed.recipients.get(reused)} recorded as destroyed (${where}): a backup to it could never be restored; generate a new key (age-keygen)`);
        }
    }
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

//# sourceMappingURL=294.index.js.map