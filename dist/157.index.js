export const id = 157;
export const ids = [157];
export const modules = {

/***/ 7157:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  restore: () => (/* binding */ restore)
});

// EXTERNAL MODULE: ./src/restore/restoreSnapshot.ts + 9 modules
var restoreSnapshot = __webpack_require__(6103);
// EXTERNAL MODULE: ./src/sources/legacy/inspect.ts
var inspect = __webpack_require__(5656);
// EXTERNAL MODULE: ./src/snapshot/catalog.ts + 2 modules
var catalog = __webpack_require__(3881);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/restore/legacy.ts



// A legacy folder (the old script's, no manifest) made restorable: each file to restore is read
// once to learn what a manifest would say (rows per table, roles, keys per db, its SHA-256), and
// the restore then streams it again against that. No checksum was recorded when it was written:
// what is verified is that the file did not change between the two reads, not that it is the
// backup the old script wrote. The log and the summary say so.
async function withLegacyManifest(storage, entry, environment, sources, log) {
    if (entry.state !== 'legacy')
        return entry;
    const manifest = {
        formatVersion: 1,
        id: entry.id,
        environment,
        kind: 'daily',
        createdAt: entry.startedAt.toISOString(),
        completedAt: entry.startedAt.toISOString(),
        durationSeconds: 0,
        tool: { name: 'luneo-backup', version: version/* TOOL_VERSION */.w },
        files: [],
        sources: {}
    };
    for (const source of sources) {
        const name = entry.legacy?.[source];
        if (!name)
            continue;
        const key = (0,catalog/* folderOf */.yS)(entry, environment) + name;
        const seen = await log.group(`Read legacy ${name}`, () => (0,inspect/* inspectLegacyFile */.yp)(storage, key, name, source));
        manifest.files.push(seen.file);
        if (seen.postgres)
            manifest.sources.postgres = seen.postgres;
        if (seen.redis)
            manifest.sources.redis = seen.redis;
        log.warning(`${storage.uriOf(key)}: a legacy file, no checksum was recorded when it was written: nothing proves it is the old script's backup as written; read once (sha256 ${seen.file.sha256}), it is restored against what that read found`);
    }
    return { ...entry, manifest };
}

// EXTERNAL MODULE: ./src/snapshot/select.ts
var snapshot_select = __webpack_require__(4394);
// EXTERNAL MODULE: ./src/storage/open.ts + 1 modules
var storage_open = __webpack_require__(3327);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
;// CONCATENATED MODULE: ./src/commands/restore.ts







// restore: put a complete snapshot back into the targets given, verifying every stored byte
// against the manifest while streaming and every table's row count afterwards
// (src/restore/restoreSnapshot.ts does the work).
async function restore(config, log) {
    const started = Date.now();
    const targets = (0,restoreSnapshot/* targetsOf */.QR)(config);
    const sources = (0,restoreSnapshot/* sourcesOf */.u0)(targets);
    if (config.snapshot === 'random') {
        throw new errors/* ConfigError */.xL('snapshot "random" is for drills: restore takes an id or latest');
    }
    let { storage, entries, where } = await (0,restoreSnapshot/* catalog */.U$)(config, log);
    const legacyRoot = (0,storage_open/* openLegacyRoot */.E)(config);
    if (legacyRoot && !entries.some((e) => e.id === config.snapshot)) {
        // The old script's flat folder, when the folder named is there.
        const flat = await (0,catalog/* listSnapshots */.Cb)(legacyRoot, config.environment, { flat: true });
        if (flat.some((e) => e.id === config.snapshot)) {
            ;
            [storage, entries, where] = [legacyRoot, flat, legacyRoot.uriOf('')];
        }
    }
    const selected = (0,snapshot_select/* selectSnapshot */.Xn)(entries, config.snapshot, sources, where, {
        allowDamaged: config.allowDamaged,
        allowLegacy: true
    });
    const entry = await withLegacyManifest(storage, selected, config.environment, sources, log);
    log.info(selected.manifest
        ? `snapshot ${entry.id} (${selected.manifest.kind}, ${selected.manifest.completedAt}, ${entry.state}) from ${where}`
        : `legacy folder ${entry.id} of the old script (${entry.startedAt.toISOString()}) from ${where}: no manifest, so no checksum to verify`);
    // Each source, the snapshot it comes from; and why, when that is not the newest snapshot.
    const from = sources.map((source) => `${source}: from snapshot ${entry.id} (${entry.manifest.files.find((f) => f.source === source)?.name})`);
    for (const line of from)
        log.info(line);
    const newest = entries.filter((e) => e.state === 'complete').at(-1);
    let older;
    if (config.snapshot === 'latest' && newest && newest.id !== entry.id) {
        const lacking = sources.filter((source) => !(0,snapshot_select/* holds */.v9)(newest, [source]));
        older = `the newest complete snapshot, ${newest.id}, holds no ${lacking.join(' or ')} backup: every source comes from ${entry.id}, the newest that holds them all`;
        log.warning(older);
    }
    const { results, plans, skipped } = await (0,restoreSnapshot/* restoreSources */.vR)(storage, entry, targets, {
        force: config.force,
        dryRun: config.dryRun,
        dropDependents: config.dropDependents,
        identities: config.ageIdentities
    }, log);
    const seconds = (0,format/* round */.LI)((Date.now() - started) / 1000);
    const lines = [
        `## Restore of ${entry.id} (${config.environment})${config.dryRun ? ': plan only (dry-run)' : ': done'}`,
        '',
        ...from.map((f) => `- ${f}`),
        ...(older ? [`- ⚠️ ${older}`] : []),
        ...(selected.state === 'legacy'
            ? [
                `A legacy folder of the old script: **no checksum was recorded when it was written**, so none is verified against the backup as written (each file was read once for its facts, then restored against that read).`,
                ''
            ]
            : []),
        ...plans.map((p) => `- ${p}`),
        ''
    ];
    if (results.length > 0) {
        lines.push('| source | file | restore | verify | checks |', '|---|---|---:|---:|---|');
        for (const r of results) {
            lines.push(`| ${r.source} | ${r.file} | ${(0,format/* formatSeconds */.Xo)(r.restoreSeconds)} | ${(0,format/* formatSeconds */.Xo)(r.verifySeconds)} | ${r.checks.filter((c) => c.ok).length}/${r.checks.length} equal |`);
        }
        lines.push('', `Total: ${(0,format/* formatSeconds */.Xo)(seconds)}`);
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


/***/ }),

/***/ 5656:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Yb: () => (/* binding */ legacyCompression),
/* harmony export */   pJ: () => (/* binding */ feeding),
/* harmony export */   rI: () => (/* binding */ legacyInspector),
/* harmony export */   yp: () => (/* binding */ inspectLegacyFile)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _postgres_dumpScanner_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3616);
/* harmony import */ var _redis_rdb_scanner_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1734);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(17);







function legacyInspector(where, name, source) {
    const sink = () => new node_stream__WEBPACK_IMPORTED_MODULE_1__.Writable({ write: (_c, _e, done) => done() });
    if (source === 'postgres') {
        const header = new HeaderLines(8192);
        const scanner = new _postgres_dumpScanner_js__WEBPACK_IMPORTED_MODULE_4__/* .PgDumpScanner */ .c();
        const gunzip = node_zlib__WEBPACK_IMPORTED_MODULE_3___default().createGunzip({ chunkSize: 1 << 20 });
        let sqlBytes = 0;
        gunzip.on('data', (c) => (sqlBytes += c.length));
        const done = (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_2__.pipeline)(gunzip, header, scanner, sink()).catch((error) => {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`${where} is not a whole gzip-compressed dump: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorLine */ .BP)(error)}`);
        });
        return {
            input: gunzip,
            facts: async () => {
                await done;
                const version = (what) => new RegExp(`^-- Dumped ${what} version (\\d+(?:\\.\\d+)?)`, 'm').exec(header.text)?.[1];
                const pgDumpVersion = version('by pg_dump');
                if (!pgDumpVersion) {
                    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`${where} is not a plain pg_dump file: no "-- Dumped by pg_dump version" line`);
                }
                return {
                    sourceBytes: sqlBytes,
                    postgres: {
                        serverVersion: version('from database') ?? pgDumpVersion,
                        pgDumpVersion,
                        database: 'unknown (old script)',
                        format: 'plain',
                        ...scanner.facts()
                    }
                };
            }
        };
    }
    if (source === 'redis') {
        const scanner = new _redis_rdb_scanner_js__WEBPACK_IMPORTED_MODULE_5__/* .RdbScanner */ .B();
        const done = (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_2__.pipeline)(scanner, sink()).catch((error) => {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`${where} is not a whole RDB file: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorLine */ .BP)(error)}`);
        });
        return {
            input: scanner,
            facts: async () => {
                await done;
                const f = scanner.facts();
                const counts = Object.values(f.dbs);
                return {
                    redis: {
                        mode: 'rdb',
                        engine: f.aux['valkey-ver'] ? 'valkey' : 'redis',
                        version: f.aux['valkey-ver'] ?? f.aux['redis-ver'] ?? 'unknown',
                        endpoint: 'unknown (old script)',
                        pointInTime: true,
                        reason: "the old script's RDB file",
                        rdbVersion: f.rdbVersion,
                        keys: counts.reduce((n, c) => n + c.keys, 0),
                        keysWithTtl: counts.reduce((n, c) => n + c.keysWithTtl, 0),
                        dbs: f.dbs,
                        keyCountsFrom: f.keyCountsFrom === 'keys' ? 'rdb' : 'rdb-resizedb',
                        checksum: f.checksum,
                        ...(f.note ? { note: f.note } : {})
                    }
                };
            }
        };
    }
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`${where}: an old-script uploads archive has no per-file index: restore it by hand (tar -xzf ${name} -C <parent of uploads>); adopt and restore take its PostgreSQL and Redis files only`);
}
/** How a legacy file is stored in the snapshot the tool writes: as it is. */
function legacyCompression(source) {
    return source === 'redis' ? 'none' : 'gzip';
}
/**
 * A stream of the same bytes that also feeds `inspector` (backpressure from both). Once the
 * inspector has failed it is fed no more: its facts() carry the failure.
 */
function feeding(inspector) {
    let failed = false;
    inspector.input.on('error', () => (failed = true));
    return new node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform({
        transform(chunk, _e, done) {
            if (failed || inspector.input.write(chunk))
                return done(null, chunk);
            const go = () => {
                inspector.input.off('drain', go);
                inspector.input.off('error', go);
                done(null, chunk);
            };
            inspector.input.on('drain', go);
            inspector.input.on('error', go);
        },
        flush(done) {
            if (!failed)
                inspector.input.end();
            done();
        }
    });
}
/** Read `key` (a legacy folder's `name`, holding `source`) once and describe it. */
async function inspectLegacyFile(storage, key, name, source) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    let bytes = 0;
    const started = Date.now();
    const inspector = legacyInspector(storage.uriOf(key), name, source);
    const tap = new node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform({
        transform(chunk, _e, done) {
            hash.update(chunk);
            bytes += chunk.length;
            done(null, chunk);
        }
    });
    const read = (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_2__.pipeline)(await storage.get(key), tap, feeding(inspector), new node_stream__WEBPACK_IMPORTED_MODULE_1__.Writable({ write: (_c, _e, d) => d() }));
    const [facts] = await Promise.all([inspector.facts(), read]);
    return {
        file: entry(name, bytes, hash, source, legacyCompression(source), facts.sourceBytes ?? bytes, started),
        postgres: facts.postgres,
        redis: facts.redis
    };
}
function entry(name, bytes, hash, source, compression, sourceBytes, started) {
    return {
        name,
        bytes,
        sha256: hash.digest('hex'),
        source,
        compression,
        sourceBytes,
        durationSeconds: Math.round((Date.now() - started) / 100) / 10
    };
}
/** Passes bytes through, keeping the first `max` as text (a dump's header comments). */
class HeaderLines extends node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform {
    max;
    text = '';
    constructor(max) {
        super();
        this.max = max;
    }
    _transform(chunk, _e, done) {
        if (this.text.length < this.max)
            this.text += chunk.subarray(0, this.max).toString('utf8');
        done(null, chunk);
    }
}


/***/ })

};

//# sourceMappingURL=157.index.js.map