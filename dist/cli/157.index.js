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
// EXTERNAL MODULE: ./src/sources/legacy/inspect.ts + 1 modules
var inspect = __webpack_require__(7342);
// EXTERNAL MODULE: ./src/snapshot/catalog.ts + 2 modules
var catalog = __webpack_require__(3881);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/restore/legacy.ts



async function withLegacyManifest(storage, entry, environment, sources, log) {
    if (entry.state !== 'legacy')
        return { entry };
    let uploadsIndex;
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
        if (seen.uploads)
            manifest.sources.uploads = seen.uploads;
        if (seen.uploadsIndex)
            uploadsIndex = seen.uploadsIndex.index;
        if (seen.warning) {
            log.warning(seen.warning);
            manifest.warnings = [...(manifest.warnings ?? []), seen.warning];
        }
        log.warning(`${storage.uriOf(key)}: a legacy file, no checksum was recorded when it was written: nothing proves it is the old script's backup as written; read once (sha256 ${seen.file.sha256}), it is restored against what that read found`);
    }
    return { entry: { ...entry, manifest }, uploadsIndex };
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
    const { entry, uploadsIndex } = await withLegacyManifest(storage, selected, config.environment, sources, log);
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
        identities: config.ageIdentities,
        uploadsIndex
    }, log);
    const seconds = (0,format/* round */.LI)((Date.now() - started) / 1000);
    const lines = [
        `## Restore of ${entry.id} (${config.environment})${config.dryRun ? ': plan only (dry-run)' : ': done'}`,
        '',
        ...from.map((f) => `- ${f}`),
        ...(older ? [`- ⚠️ ${older}`] : []),
        ...(entry.manifest?.warnings ?? []).map((w) => `- ⚠️ ${w}`),
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

/***/ 7342:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  pJ: () => (/* binding */ feeding),
  yp: () => (/* binding */ inspectLegacyFile),
  Yb: () => (/* binding */ legacyCompression),
  rI: () => (/* binding */ legacyInspector)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
// EXTERNAL MODULE: ./src/sources/postgres/dumpScanner.ts
var dumpScanner = __webpack_require__(3616);
// EXTERNAL MODULE: ./src/sources/redis/rdb/scanner.ts + 5 modules
var rdb_scanner = __webpack_require__(1734);
// EXTERNAL MODULE: ./src/sources/redis/rdbDamage.ts
var rdbDamage = __webpack_require__(8155);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
// EXTERNAL MODULE: ./src/sources/uploads/indexFormat.ts
var indexFormat = __webpack_require__(8580);
// EXTERNAL MODULE: ./src/sources/uploads/paths.ts
var paths = __webpack_require__(1271);
// EXTERNAL MODULE: ./src/sources/uploads/plan.ts
var plan = __webpack_require__(6008);
;// CONCATENATED MODULE: ./src/sources/legacy/uploadsIndex.ts









/** An entry the index cannot describe as the tool's restore would take it. */
class Refused extends errors/* UserError */.yo {
}
/**
 * Write the archive's stored bytes to `input`; `result` settles once they have ended, or fails
 * in one line naming `where` (a gzip that does not inflate to its end, a truncated or corrupt
 * tar, an entry refused).
 */
function legacyUploadsReader(where, name) {
    const gunzip = external_node_zlib_default().createGunzip({ chunkSize: 1 << 20 });
    let tarBytes = 0;
    gunzip.on('data', (c) => (tarBytes += c.length)); // as the dump's inspector counts SQL
    const extract = tar_stream.extract();
    const feeding = (0,promises_.pipeline)(gunzip, extract);
    feeding.catch(() => undefined); // awaited below
    const indexer = new LegacyIndexer(name);
    const result = (async () => {
        try {
            for await (const entry of extract)
                await indexer.add(entry);
            await feeding;
            return { ...(await indexer.finish()), tarBytes };
        }
        catch (error) {
            // No more bytes are taken (feeding() in inspect.ts stops once the input has failed).
            gunzip.destroy(error);
            const cause = error instanceof Refused
                ? error
                : await feeding.then(() => error, (e) => e);
            if (cause instanceof Refused) {
                throw new errors/* UserError */.yo(`${where}: ${cause.message}; refused: the tool's index and restore cannot take this archive as it is (if you trust it, extract it by hand: tar -xzf ${name} -C <parent of the folder>)`);
            }
            throw new errors/* UserError */.yo(`${where} is not a whole gzip-compressed tar archive: ${(0,errors/* errorLine */.BP)(cause)}`);
        }
    })();
    result.catch(() => undefined); // the caller awaits it
    return { input: gunzip, result };
}
/** The index and statistics of one legacy archive, entry by entry. */
class LegacyIndexer {
    name;
    root;
    writer;
    chunks = [];
    out = new external_node_stream_.Writable({
        write: (chunk, _e, done) => {
            this.chunks.push(chunk);
            done();
        }
    });
    types = new Map();
    files = 0;
    bytes = 0;
    directories = 0;
    symlinks = 0;
    constructor(name) {
        this.name = name;
    }
    async add(entry) {
        const { header } = entry;
        const label = `archive entry ${JSON.stringify(header.name)}`;
        const rel = this.place(header.name, label);
        const type = header.type === 'contiguous-file' ? 'file' : header.type;
        if (type === 'link') {
            throw new Refused(`${label} is a hard link (to ${header.linkname}), which the index has no type for`);
        }
        if (type !== 'file' && type !== 'directory' && type !== 'symlink') {
            throw new Refused(`${label} is a ${type}: only files, folders and symlinks are taken`);
        }
        if (this.types.has(rel))
            throw new Refused(`${label} appears twice`);
        if (rel === '' && type !== 'directory') {
            throw new Refused(`${label} is the archive's top entry and not a folder`);
        }
        this.types.set(rel, type);
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let size = 0;
        for await (const chunk of entry) {
            hash.update(chunk);
            size += chunk.length;
        }
        const path = `${this.root}/${rel}`.replace(/\/$/, '');
        const meta = {
            mtime: new Date(Math.floor(header.mtime.getTime() / 1000) * 1000).toISOString(),
            mode: ((header.mode ?? 0) & 0o7777).toString(8).padStart(4, '0')
        };
        const writer = this.start();
        if (type === 'directory') {
            this.directories++;
            await writer.add({ path: `${path}/`, type, ...meta });
        }
        else if (type === 'symlink') {
            this.symlinks++;
            await writer.add({ path, type, linkname: header.linkname ?? '', ...meta });
        }
        else {
            this.files++;
            this.bytes += size;
            await writer.add({ path, type, size, ...meta, sha256: hash.digest('hex') });
        }
    }
    /** The entry's path inside the folder ('' for the folder itself), or why it is refused. */
    place(name, label) {
        const parts = name.split('/').filter((p) => p !== '' && p !== '.');
        const plain = !name.includes('\0') && !name.startsWith('/') && !parts.includes('..');
        if (plain && parts.length === 0) {
            throw new Refused(`${label} is the top of the archive itself: its entries are not under one folder (as tar -C <folder> . writes them; the old script's tar -C <parent> uploads puts them under uploads/)`);
        }
        if (plain)
            this.root ??= parts[0];
        const parsed = (0,paths/* archivePath */.oM)(name, this.root ?? '');
        if ('problem' in parsed) {
            if (plain) {
                throw new Refused(`${label} is beside ${this.root}/ at the top of the archive: an uploads archive holds one folder`);
            }
            throw new Refused(`${label}: ${parsed.problem}`);
        }
        return parsed.rel;
    }
    start() {
        if (!this.writer) {
            this.writer = new indexFormat/* IndexWriter */.Ku(this.out, this.name, this.root);
            this.writer.start();
        }
        return this.writer;
    }
    async finish() {
        if (!this.writer || !this.root)
            throw new Refused('the archive holds no entries');
        if (this.types.get('') !== 'directory') {
            throw new Refused(`the archive has no entry for its folder ${this.root}/ itself`);
        }
        for (const rel of this.types.keys()) {
            if (rel === '')
                continue;
            const parent = (0,paths/* parentOf */.gN)(rel);
            if (this.types.get(parent) !== 'directory') {
                const kind = this.types.get(parent);
                throw new Refused(`archive entry ${this.root}/${rel} is in ${this.root}/${parent}, ${kind ? `a ${kind}` : 'which has no entry of its own in the archive'}`);
            }
        }
        await this.writer.end();
        const text = Buffer.concat(this.chunks).toString('utf8');
        const index = (0,indexFormat/* parseIndex */.A1)(text, indexFormat/* UPLOADS_INDEX_NAME */.st);
        try {
            // The restore's own checks (symlinks that point out, through other links too).
            (0,plan/* planFromIndex */.e)(index, this.name);
        }
        catch (error) {
            const line = (0,errors/* errorLine */.BP)(error).replace(/; refused.*$/, '');
            throw new Refused(line.replace(`${indexFormat/* UPLOADS_INDEX_NAME */.st} lists`, 'the archive holds'));
        }
        const stats = {
            dir: 'unknown (old script)',
            root: this.root,
            files: this.files,
            bytes: this.bytes,
            directories: this.directories,
            symlinks: this.symlinks,
            index: indexFormat/* UPLOADS_INDEX_NAME */.st,
            compression: {
                requested: 'gzip',
                chosen: 'gzip',
                reason: "the old script's gzip-compressed tar, kept as it is"
            },
            changed: [],
            changedCount: 0,
            skipped: [],
            skippedCount: 0
        };
        return { text, index, stats };
    }
}

;// CONCATENATED MODULE: ./src/sources/legacy/inspect.ts









function legacyInspector(where, name, source) {
    const sink = () => new external_node_stream_.Writable({ write: (_c, _e, done) => done() });
    if (source === 'postgres') {
        const header = new HeaderLines(8192);
        const scanner = new dumpScanner/* PgDumpScanner */.c();
        const gunzip = external_node_zlib_default().createGunzip({ chunkSize: 1 << 20 });
        let sqlBytes = 0;
        gunzip.on('data', (c) => (sqlBytes += c.length));
        const done = (0,promises_.pipeline)(gunzip, header, scanner, sink()).catch((error) => {
            throw new errors/* UserError */.yo(`${where} is not a whole gzip-compressed dump: ${(0,errors/* errorLine */.BP)(error)}`);
        });
        return {
            input: gunzip,
            facts: async () => {
                await done;
                const version = (what) => new RegExp(`^-- Dumped ${what} version (\\d+(?:\\.\\d+)?)`, 'm').exec(header.text)?.[1];
                const pgDumpVersion = version('by pg_dump');
                if (!pgDumpVersion) {
                    throw new errors/* UserError */.yo(`${where} is not a plain pg_dump file: no "-- Dumped by pg_dump version" line`);
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
        // An imported file may carry bytes after its end (a copy tool's padding): counted, kept.
        const scanner = new rdb_scanner/* RdbScanner */.B({
            trailing: 'report',
            explain: (damage) => new Error((0,rdbDamage/* describeRdbDamage */.j)(damage))
        });
        const done = (0,promises_.pipeline)(scanner, sink()).catch((error) => {
            throw new errors/* UserError */.yo(`${where} is not a whole RDB file: ${(0,errors/* errorLine */.BP)(error)}`);
        });
        return {
            input: scanner,
            facts: async () => {
                await done;
                const f = scanner.facts();
                const counts = Object.values(f.dbs);
                const extra = f.trailingBytes;
                return {
                    ...(extra
                        ? {
                            warning: `${where}: ${extra} bytes follow the RDB's EOF opcode and checksum (its CRC-64 verified up to them): accepted and kept as they are, recorded in the manifest`
                        }
                        : {}),
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
                        ...(f.note ? { note: f.note } : {}),
                        ...(extra ? { trailingBytes: extra } : {})
                    }
                };
            }
        };
    }
    const uploads = legacyUploadsReader(where, name);
    return {
        input: uploads.input,
        facts: async () => {
            const { text, index, stats, tarBytes } = await uploads.result;
            return { sourceBytes: tarBytes, uploads: stats, uploadsIndex: { text, index } };
        }
    };
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
    return new external_node_stream_.Transform({
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
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let bytes = 0;
    const started = Date.now();
    const inspector = legacyInspector(storage.uriOf(key), name, source);
    const tap = new external_node_stream_.Transform({
        transform(chunk, _e, done) {
            hash.update(chunk);
            bytes += chunk.length;
            done(null, chunk);
        }
    });
    const read = (0,promises_.pipeline)(await storage.get(key), tap, feeding(inspector), new external_node_stream_.Writable({ write: (_c, _e, d) => d() }));
    const [facts] = await Promise.all([inspector.facts(), read]);
    return {
        file: entry(name, bytes, hash, source, legacyCompression(source), facts.sourceBytes ?? bytes, started),
        postgres: facts.postgres,
        redis: facts.redis,
        uploads: facts.uploads,
        uploadsIndex: facts.uploadsIndex,
        ...(facts.warning ? { warning: facts.warning } : {})
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
class HeaderLines extends external_node_stream_.Transform {
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