export const id = 472;
export const ids = [472];
export const modules = {

/***/ 9472:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   adopt: () => (/* binding */ adopt)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _retention_calendar_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1078);
/* harmony import */ var _sources_legacy_inspect_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5656);
/* harmony import */ var _snapshot_catalog_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3881);
/* harmony import */ var _snapshot_id_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(9575);
/* harmony import */ var _snapshot_manifest_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6351);
/* harmony import */ var _snapshot_writer_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9713);
/* harmony import */ var _util_format_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(2693);
/* harmony import */ var _storage_open_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3327);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(17);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(311);













async function adopt(config, log) {
    const storages = await (0,_storage_open_js__WEBPACK_IMPORTED_MODULE_7__/* .openStorages */ .l)(config, log);
    const legacyRoot = (0,_storage_open_js__WEBPACK_IMPORTED_MODULE_7__/* .openLegacyRoot */ .E)(config);
    const origins = [
        ...storages.map((storage) => ({ storage, flat: false })),
        ...(legacyRoot ? [{ storage: legacyRoot, flat: true }] : [])
    ];
    // What the target storages already hold, by id (the first storage is the one restore reads).
    const targets = await Promise.all(storages.map((s) => (0,_snapshot_catalog_js__WEBPACK_IMPORTED_MODULE_4__/* .readCatalog */ .uM)(s, config.environment)));
    const held = new Map(targets[0].entries.map((e) => [e.id, e]));
    const completeMonths = new Set(targets[0].entries
        .filter((e) => e.state === 'complete' && e.manifest?.kind !== 'adhoc')
        .map((e) => (0,_retention_calendar_js__WEBPACK_IMPORTED_MODULE_2__/* .monthOf */ .GS)(e.startedAt)));
    const steps = [];
    const seen = new Set();
    const monthsTaken = new Set();
    const legacy = [];
    for (const origin of origins) {
        const { entries } = await (0,_snapshot_catalog_js__WEBPACK_IMPORTED_MODULE_4__/* .readCatalog */ .uM)(origin.storage, config.environment, { flat: origin.flat });
        for (const entry of entries)
            if (entry.state === 'legacy')
                legacy.push({ origin, entry });
    }
    legacy.sort((a, b) => a.entry.startedAt.getTime() - b.entry.startedAt.getTime());
    for (const { origin, entry } of legacy) {
        const from = origin.storage.uriOf((0,_snapshot_catalog_js__WEBPACK_IMPORTED_MODULE_4__/* .folderOf */ .yS)(entry, config.environment));
        const id = (0,_snapshot_id_js__WEBPACK_IMPORTED_MODULE_9__/* .snapshotIdFor */ .pP)(new Date(Math.floor(entry.startedAt.getTime() / 1000) * 1000));
        // Its month's monthly where the month has no complete scheduled snapshot: the earliest.
        const month = (0,_retention_calendar_js__WEBPACK_IMPORTED_MODULE_2__/* .monthOf */ .GS)(entry.startedAt);
        const kind = !completeMonths.has(month) && !monthsTaken.has(month) ? 'monthly' : 'daily';
        monthsTaken.add(month);
        steps.push({ origin, entry, id, kind, from });
    }
    const lines = [];
    const problems = [];
    let adopted = 0;
    let finished = 0;
    for (const step of steps) {
        const existing = held.get(step.id);
        const done = existing?.state === 'complete' && existing.manifest?.adoptedFrom === step.from;
        if (existing && !done) {
            problems.push(`${step.from}: not adopted: snapshot folder ${step.id} is already there (${existing.state}${existing.problem ? `: ${existing.problem}` : ''})`);
            continue;
        }
        if (seen.has(step.id) && !done) {
            problems.push(`${step.from}: not adopted: another legacy folder has the same time (${step.id})`);
            continue;
        }
        seen.add(step.id);
        const files = Object.entries(step.entry.legacy ?? {});
        const what = `${files.map(([, n]) => n).join(', ')} (${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_10__/* .formatBytes */ .z3)(step.entry.bytes)})`;
        if (step.entry.legacy?.uploads) {
            problems.push(`${step.from}: not adopted: it holds uploads.tar.gz, and an old-script uploads archive has no per-file index (adopt takes PostgreSQL and Redis files only; restore the archive by hand with tar -xzf)`);
            continue;
        }
        if (config.dryRun) {
            const line = done
                ? `${step.from}: adopted before as ${step.id}: its folder is to remove`
                : `${step.from}: ${what}: to adopt as ${step.id} (${step.kind}), then remove`;
            log.info(line);
            lines.push(line);
            continue;
        }
        try {
            if (!done) {
                await log.group(`Adopt ${step.from} as ${step.id}`, () => writeAdopted(storages, config, step, log));
                adopted++;
            }
            else
                finished++;
            // Only now, the new snapshot complete in every storage, does the old folder go.
            const check = await Promise.all(storages.map((s) => (0,_snapshot_catalog_js__WEBPACK_IMPORTED_MODULE_4__/* .readCatalog */ .uM)(s, config.environment)));
            for (const [i, c] of check.entries()) {
                const e = c.entries.find((x) => x.id === step.id);
                if (e?.state !== 'complete') {
                    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UserError */ .yo(`${storages[i].uriOf(`${config.environment}/${step.id}/`)} is ${e?.state ?? 'missing'} after adopt: the legacy folder is kept`);
                }
            }
            const { held: locked } = await step.origin.storage.delete(step.entry.objects.map((o) => o.key));
            const line = `${step.from}: ${done ? 'adopted before' : `${what} adopted`} as ${step.id} (${step.kind}); legacy folder removed${locked.length ? ` except ${locked.length} object(s) held by Object Lock` : ''}`;
            log.info(line);
            lines.push(line);
        }
        catch (error) {
            problems.push(`${step.from}: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .errorLine */ .BP)(error)}`);
        }
    }
    for (const p of problems)
        log.warning(p);
    const summary = [
        `## Adopt (${config.environment})${config.dryRun ? ': plan only (dry-run: nothing read or written)' : ''}`,
        '',
        steps.length === 0 ? 'No legacy folder of the old script found.' : '',
        ...lines.map((l) => `- ${l}`),
        ...problems.map((p) => `- :red_circle: ${p}`),
        ''
    ].join('\n');
    if (problems.length > 0 && !config.dryRun) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UserError */ .yo(`adopt: ${problems.length} legacy folder(s) not adopted: ${problems.join('; ')}`);
    }
    return {
        outputs: { adopted, 'already-adopted': finished, 'not-adopted': problems.length },
        summary
    };
}
/** One legacy folder into a new snapshot folder in every storage, manifest last. */
async function writeAdopted(storages, config, step, log) {
    const started = Date.now();
    const holder = {
        token: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(12).toString('hex'),
        startedAt: new Date().toISOString(),
        host: node_os__WEBPACK_IMPORTED_MODULE_1___default().hostname(),
        pid: process.pid
    };
    const writer = new _snapshot_writer_js__WEBPACK_IMPORTED_MODULE_6__/* .SnapshotWriter */ .C(storages, config.environment, step.id, log, holder);
    const claimed = [];
    try {
        for (const storage of storages) {
            if (!(await storage.claim(writer.keyOf(''), holder))) {
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UserError */ .yo(`${storage.uriOf(writer.keyOf(''))} is taken by another run`);
            }
            claimed.push(storage);
        }
        const files = [];
        const sources = {};
        for (const [source, name] of Object.entries(step.entry.legacy ?? {})) {
            const key = (0,_snapshot_catalog_js__WEBPACK_IMPORTED_MODULE_4__/* .folderOf */ .yS)(step.entry, config.environment) + name;
            const inspector = (0,_sources_legacy_inspect_js__WEBPACK_IMPORTED_MODULE_3__/* .legacyInspector */ .rI)(step.origin.storage.uriOf(key), name, source);
            const input = (await step.origin.storage.get(key)).pipe((0,_sources_legacy_inspect_js__WEBPACK_IMPORTED_MODULE_3__/* .feeding */ .pJ)(inspector));
            let sourceBytes = 0;
            const [file, facts] = await Promise.all([
                writer.writeFile(name, input, {
                    source,
                    compression: (0,_sources_legacy_inspect_js__WEBPACK_IMPORTED_MODULE_3__/* .legacyCompression */ .Yb)(source),
                    precompressed: { sourceBytes: () => sourceBytes }
                }),
                inspector.facts().then((f) => {
                    sourceBytes = f.sourceBytes ?? 0;
                    return f;
                })
            ]);
            files.push(file.sourceBytes ? file : { ...file, sourceBytes: facts.sourceBytes ?? file.bytes });
            if (facts.postgres)
                sources.postgres = facts.postgres;
            if (facts.redis)
                sources.redis = facts.redis;
            log.info(`${name}: ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_10__/* .formatBytes */ .z3)(file.bytes)} copied and checked (sha256 ${file.sha256})`);
        }
        const now = new Date();
        await writer.writeManifest({
            formatVersion: _snapshot_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .FORMAT_VERSION */ .Hp,
            id: step.id,
            environment: config.environment,
            kind: step.kind,
            createdAt: step.entry.startedAt.toISOString(),
            completedAt: now.toISOString(),
            durationSeconds: (0,_util_format_js__WEBPACK_IMPORTED_MODULE_10__/* .round */ .LI)((now.getTime() - started) / 1000),
            tool: { name: 'luneo-backup', version: _version_js__WEBPACK_IMPORTED_MODULE_11__/* .TOOL_VERSION */ .w },
            ...(config.operator ? { operator: config.operator } : {}),
            notes: config.notes ?? "adopted from the old script's backup",
            adoptedFrom: step.from,
            files,
            sources
        });
    }
    catch (error) {
        await writer.release();
        throw error;
    }
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


/***/ }),

/***/ 3616:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ PgDumpScanner),
/* harmony export */   g: () => (/* binding */ COPY_STATEMENT)
/* harmony export */ });
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);

// Reads a plain-format pg_dump stream as it passes, unchanged, and learns from it what a restore
// needs to know: rows per table (counted in each `COPY ... FROM stdin;` block, so they describe
// exactly this dump), the roles it names, the extensions it creates and its objects.
const NL = 0x0a;
const MAX_STATEMENT_LINE = 64 * 1024;
/** A dump's `COPY <table> (<columns>) FROM stdin;` line; group 1 is the table as the dump names it. */
const COPY_STATEMENT = /^COPY (.+?) (?:\(.*\) )?FROM stdin;$/;
class PgDumpScanner extends node_stream__WEBPACK_IMPORTED_MODULE_0__.Transform {
    constructor() {
        // Room to keep reading pg_dump while compression catches up (its pipe holds only 64 KiB).
        super({ highWaterMark: 4 << 20 });
    }
    copyTable;
    copyRows = 0;
    /** The start of the current line (outside COPY data only the first 64 KiB are kept). */
    partial = [];
    partialLength = 0;
    tables = new Map();
    roles = new Set();
    extensions = new Set();
    usesRestrict = false;
    objects = {
        schemas: [],
        tables: [],
        views: [],
        functions: [],
        indexes: []
    };
    _transform(chunk, _encoding, done) {
        let start = 0;
        for (let nl = chunk.indexOf(NL); nl !== -1; nl = chunk.indexOf(NL, start)) {
            this.line(chunk, start, nl);
            start = nl + 1;
        }
        if (start < chunk.length)
            this.keep(chunk.subarray(start));
        done(null, chunk);
    }
    _flush(done) {
        if (this.partialLength > 0)
            this.line(Buffer.alloc(0), 0, 0);
        done();
    }
    facts() {
        return {
            tables: Object.fromEntries(this.tables),
            roles: [...this.roles].sort(),
            extensions: [...this.extensions].sort(),
            objects: this.objects,
            usesRestrict: this.usesRestrict
        };
    }
    keep(bytes) {
        if (this.copyTable !== undefined && this.partialLength >= 2) {
            // Inside COPY data only "is this line `\.`?" matters: two bytes suffice.
            this.partialLength += bytes.length;
            return;
        }
        if (this.partialLength < MAX_STATEMENT_LINE) {
            this.partial.push(bytes.subarray(0, MAX_STATEMENT_LINE - this.partialLength));
        }
        this.partialLength += bytes.length;
    }
    line(chunk, start, end) {
        if (this.copyTable !== undefined) {
            const length = this.partialLength + (end - start);
            if (length === 2) {
                const text = this.partialLength === 0
                    ? chunk.toString('latin1', start, end)
                    : Buffer.concat([...this.partial, chunk.subarray(start, end)]).toString('latin1');
                if (text === '\\.') {
                    this.tables.set(this.copyTable, (this.tables.get(this.copyTable) ?? 0) + this.copyRows);
                    this.copyTable = undefined;
                    this.resetPartial();
                    return;
                }
            }
            this.copyRows++;
            this.resetPartial();
            return;
        }
        const text = this.partialLength === 0
            ? chunk.toString('utf8', start, Math.min(end, start + MAX_STATEMENT_LINE))
            : Buffer.concat([...this.partial, chunk.subarray(start, end)])
                .subarray(0, MAX_STATEMENT_LINE)
                .toString('utf8');
        this.resetPartial();
        this.statement(text);
    }
    resetPartial() {
        this.partial = [];
        this.partialLength = 0;
    }
    statement(line) {
        if (line.length === 0 || line.startsWith('--'))
            return;
        let m;
        if ((m = COPY_STATEMENT.exec(line))) {
            this.copyTable = m[1];
            this.copyRows = 0;
            if (!this.tables.has(m[1]))
                this.tables.set(m[1], 0);
        }
        else if ((m = /^ALTER .* OWNER TO (.+);$/.exec(line))) {
            this.role(m[1]);
        }
        else if ((m = /^GRANT .* TO (.+?)( WITH GRANT OPTION)?;$/.exec(line))) {
            m[1].split(/,\s*/).forEach((r) => this.role(r));
        }
        else if ((m = /^REVOKE .* FROM (.+);$/.exec(line))) {
            m[1].split(/,\s*/).forEach((r) => this.role(r));
        }
        else if ((m = /^ALTER DEFAULT PRIVILEGES FOR ROLE (\S+)/.exec(line))) {
            this.role(m[1]);
        }
        else if (line.startsWith('\\restrict ')) {
            this.usesRestrict = true;
        }
        else if ((m = /^CREATE SCHEMA (.+);$/.exec(line))) {
            this.objects.schemas.push(m[1]);
        }
        else if ((m = /^CREATE EXTENSION IF NOT EXISTS (\S+)/.exec(line))) {
            this.extensions.add(unquote(m[1]));
        }
        else if ((m = /^CREATE (?:UNLOGGED )?TABLE (.+?) \($/.exec(line))) {
            this.objects.tables.push(m[1]);
        }
        else if ((m = /^CREATE (?:MATERIALIZED )?VIEW (\S+) AS/.exec(line))) {
            this.objects.views.push(m[1]);
        }
        else if ((m = /^CREATE (?:FUNCTION|PROCEDURE|AGGREGATE) (.+?)\(/.exec(line))) {
            this.objects.functions.push(m[1]);
        }
        else if ((m = /^CREATE (?:UNIQUE )?INDEX (\S+) ON/.exec(line))) {
            this.objects.indexes.push(m[1]);
        }
    }
    role(name) {
        const role = unquote(name.trim().replace(/^GROUP /, ''));
        if (role && role.toUpperCase() !== 'PUBLIC' && !role.startsWith('pg_'))
            this.roles.add(role);
    }
}
function unquote(name) {
    return name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
}


/***/ })

};

//# sourceMappingURL=472.index.js.map