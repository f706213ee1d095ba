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
            const { openRedisDump } = await Promise.all(/* import() */[__webpack_require__.e(968), __webpack_require__.e(144), __webpack_require__.e(942)]).then(__webpack_require__.bind(__webpack_require__, 4942));
            const dump = await openRedisDump(url, config.redisMode, log, { timeouts: config.timeouts });
            try {
                const compression = dump.compressible ? config.compression : 'none';
                const file = await writer.writeFile(`${dump.fileName}${(0,snapshot_compression/* compressionSuffix */.uy)(compression)}`, dump.stream, {
                    source: 'redis',
                    compression,
                    sizeHint: dump.bytes,
                    progress: () => dump.progress(),
                    encrypt: sealing
                });
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
            ? Promise.all(/* import() */[__webpack_require__.e(968), __webpack_require__.e(144), __webpack_require__.e(942)]).then(__webpack_require__.bind(__webpack_require__, 4942)).then((m) => m.probeRedis(redisUrl, { timeouts: config.timeouts }))
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

/***/ 3968:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  uy: () => (/* binding */ compressionSuffix),
  _S: () => (/* binding */ createCompressor),
  Li: () => (/* binding */ createDecompressor)
});

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./src/snapshot/blockCompressor.ts


// gzip and zstd in Node run one stream on one thread. To use every core, the input is cut into
// blocks that are compressed independently and concurrently (zlib's async calls run on libuv's
// thread pool) and written out in order. Concatenated gzip members are one valid gzip stream
// (`gunzip` reads them as one), and concatenated zstd frames one valid zstd stream; the cost is a
// dictionary reset per block, a fraction of a percent at 1 MiB blocks.
//
// Input is copied into a few block buffers that are reused once their block is compressed: a
// fresh buffer per block made V8 run a full garbage collection every few tens of MiB (external
// memory pressure), which cost more than the copy (docs/benchmarks.md).
const BLOCK_SIZE = 1 << 20;
class BlockCompressor extends external_node_stream_.Transform {
    compressBlock;
    blockSize;
    concurrency;
    block;
    filled = 0;
    free = [];
    inFlight = [];
    submitted = 0;
    constructor(compressBlock, blockSize = BLOCK_SIZE, concurrency = external_node_os_default().availableParallelism() + 1) {
        super({ highWaterMark: blockSize });
        this.compressBlock = compressBlock;
        this.blockSize = blockSize;
        this.concurrency = concurrency;
    }
    _transform(chunk, _encoding, done) {
        this.fill(chunk).then(() => done(), done);
    }
    _flush(done) {
        this.finish().then(() => done(), done);
    }
    async fill(chunk) {
        for (let at = 0; at < chunk.length;) {
            this.block ??= this.free.pop() ?? Buffer.allocUnsafeSlow(this.blockSize);
            const copied = chunk.copy(this.block, this.filled, at);
            at += copied;
            this.filled += copied;
            if (this.filled === this.blockSize)
                await this.submit();
        }
    }
    async finish() {
        // An empty input still gives one (empty) member or frame: a valid compressed file.
        if (this.filled > 0 || this.submitted === 0) {
            this.block ??= Buffer.allocUnsafeSlow(0);
            await this.submit();
        }
        while (this.inFlight.length > 0)
            this.push(await this.inFlight.shift());
    }
    /** Compress the current block; wait (pushing results in order) while too many are in flight. */
    async submit() {
        const block = this.block;
        const compressed = this.compressBlock(block.subarray(0, this.filled)).then((out) => {
            this.free.push(block); // zlib is done with it: the next block can reuse it
            return out;
        });
        compressed.catch(() => undefined); // awaited in order below; avoid an unhandled rejection
        this.inFlight.push(compressed);
        this.submitted++;
        this.block = undefined;
        this.filled = 0;
        while (this.inFlight.length >= this.concurrency)
            this.push(await this.inFlight.shift());
    }
}

;// CONCATENATED MODULE: ./src/snapshot/storedGzip.ts


// gzip at level 0 written by hand: a gzip header, the input in deflate "stored" blocks
// (BTYPE=00, at most 65,535 bytes each, RFC 1951 3.2.4), an empty final block, then the CRC-32
// and the length (RFC 1952). It is what zlib writes at level 0, without running zlib: no thread
// pool round trip and no copy of the data, so it costs a CRC. `gunzip` and `tar -xzf` read it
// like any .gz.
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]); // deflate, no flags, mtime 0, Unix
const STORED_MAX = 65_535;
const BLOCK_HEAD = 5;
class StoredGzip extends external_node_stream_.Transform {
    crc = 0;
    size = 0;
    started = false;
    _transform(chunk, _encoding, done) {
        if (chunk.length === 0)
            return done();
        this.crc = external_node_zlib_default().crc32(chunk, this.crc);
        this.size = (this.size + chunk.length) >>> 0; // ISIZE is the length modulo 2^32
        // The input goes out as it is, in slices between the 5-byte block heads: copying it into
        // fresh buffers cost more (page faults on 2 copies of every byte) than the extra pieces.
        // So a producer must never change a chunk once written (uploads' archive never does: each
        // chunk is a fresh buffer); a reused buffer would change bytes already hashed or stored.
        const blocks = Math.ceil(chunk.length / STORED_MAX);
        const heads = Buffer.allocUnsafe((this.started ? 0 : HEADER.length) + blocks * BLOCK_HEAD);
        let at = 0;
        if (!this.started) {
            at = HEADER.copy(heads, 0);
            this.started = true;
        }
        let pushed = 0;
        for (let from = 0; from < chunk.length; from += STORED_MAX) {
            const length = Math.min(STORED_MAX, chunk.length - from);
            heads[at] = 0; // BFINAL=0, BTYPE=00
            heads.writeUInt16LE(length, at + 1);
            heads.writeUInt16LE(~length & 0xffff, at + 3);
            at += BLOCK_HEAD;
            this.push(heads.subarray(pushed, at)); // this block's head (after the gzip header, first)
            pushed = at;
            this.push(chunk.subarray(from, from + length));
        }
        done();
    }
    _flush(done) {
        const tail = Buffer.alloc((this.started ? 0 : HEADER.length) + BLOCK_HEAD + 8);
        let at = this.started ? 0 : HEADER.copy(tail, 0);
        tail[at] = 1; // BFINAL=1, BTYPE=00, LEN=0, NLEN=0xffff
        tail.writeUInt16LE(0xffff, at + 3);
        at += BLOCK_HEAD;
        tail.writeUInt32LE(this.crc >>> 0, at);
        tail.writeUInt32LE(this.size, at + 4);
        done(null, tail);
    }
}

;// CONCATENATED MODULE: ./src/snapshot/compression.ts





const gzip = (0,external_node_util_.promisify)((external_node_zlib_default()).gzip);
const zstd = (0,external_node_util_.promisify)((external_node_zlib_default()).zstdCompress);
/** The suffix a file gets for its compression: postgres.sql.gz, .zst, or none. */
function compressionSuffix(compression) {
    return compression === 'gzip' ? '.gz' : compression === 'zstd' ? '.zst' : '';
}
const CHUNK = 256 * 1024;
/**
 * zlib's output buffer per call. A block of SQL compresses to about 50 KiB, so one 128 KiB
 * buffer usually holds it in one thread-pool round trip; a whole block's worth per call (as
 * before) allocated 1 MiB per block, and that external memory made V8 run a full garbage
 * collection about twice as often (docs/benchmarks.md). Data that compresses less takes a few
 * more round trips.
 */
const OUT_CHUNK = 128 * 1024;
function createCompressor(compression, options = {}) {
    switch (compression) {
        // chunkSize: see OUT_CHUNK (zlib's default 16 KiB pieces cost callbacks and GC).
        case 'gzip': {
            const level = options.level ?? 1;
            // Level 0 (media): stored deflate blocks written by hand, passing the input through
            // uncopied: its producer must not reuse a chunk's buffer once written (see StoredGzip).
            if (level === 0)
                return new StoredGzip();
            return new BlockCompressor((block) => gzip(block, { level, chunkSize: OUT_CHUNK }));
        }
        case 'zstd': {
            const params = { [(external_node_zlib_default()).constants.ZSTD_c_compressionLevel]: options.level ?? 3 };
            return new BlockCompressor((block) => zstd(block, { params, chunkSize: OUT_CHUNK }));
        }
        case 'none':
            return new external_node_stream_.PassThrough();
    }
}
function createDecompressor(compression) {
    switch (compression) {
        case 'gzip':
            return external_node_zlib_default().createGunzip({ chunkSize: CHUNK });
        case 'zstd':
            return external_node_zlib_default().createZstdDecompress({ chunkSize: CHUNK });
        case 'none':
            return new external_node_stream_.PassThrough();
    }
}


/***/ }),

/***/ 9713:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  C: () => (/* binding */ SnapshotWriter)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/util/cancel.ts
var cancel = __webpack_require__(4436);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
;// CONCATENATED MODULE: ./src/util/progress.ts

/**
 * A long write's progress line, the one format for every source: what passed, how fast, and,
 * where the source gave a total, of how much, the percent and the time left. An estimate is only
 * an estimate: past it, the line says so rather than count down below zero; at it, 100%.
 */
function progressLine(name, count, io) {
    const { unit, done, total, exact } = count;
    const keys = unit === 'keys';
    const amount = keys ? formatCount : format/* formatBytes */.z3;
    const noun = keys ? 'keys' : 'read';
    const rate = io.seconds > 0 ? done / io.seconds : 0;
    const speed = keys ? `${formatCount(rate)} keys/s` : `${(0,format/* formatBytes */.z3)(rate)}/s`;
    const read = keys ? `${(0,format/* formatBytes */.z3)(io.read)} read, ` : '';
    const tail = `${read}${(0,format/* formatBytes */.z3)(io.stored)} stored, ${(0,format/* formatSeconds */.Xo)(io.seconds)}`;
    if (!total || total <= 0)
        return `${name}: ${amount(done)} ${noun} (${speed}), ${tail}`;
    if (done > total && !exact) {
        return `${name}: ${amount(done)} ${noun}, past the estimate of ${amount(total)} (${speed}), ${tail}`;
    }
    const percent = Math.min(100, Math.floor((done / total) * 100));
    const eta = rate > 0 && done < total ? `, about ${(0,format/* formatSeconds */.Xo)((total - done) / rate)} left` : '';
    const of = `${exact ? '' : '~'}${amount(total)}`;
    return `${name}: ${amount(done)} of ${of} ${noun} (${percent}%, ${speed}${eta}), ${tail}`;
}
/** A count for people: whole, with thousands separators (1,234,567). */
function formatCount(n) {
    return Math.round(n).toLocaleString('en-US');
}

// EXTERNAL MODULE: ./src/snapshot/compression.ts + 2 modules
var compression = __webpack_require__(3968);
;// CONCATENATED MODULE: ./src/snapshot/hash.ts


/** Passes bytes through unchanged while counting them and computing their SHA-256. */
class HashCounter extends external_node_stream_.Transform {
    bytes = 0;
    hash = (0,external_node_crypto_.createHash)('sha256');
    digest;
    _transform(chunk, _encoding, done) {
        this.bytes += chunk.length;
        this.hash.update(chunk);
        done(null, chunk);
    }
    _flush(done) {
        this.digest = this.hash.digest('hex');
        done();
    }
    get sha256() {
        if (!this.digest)
            throw new Error('sha256 read before the stream ended');
        return this.digest;
    }
}
/** Counts bytes passing through (the source side of a pipeline, for progress and ratios). */
class ByteCounter extends external_node_stream_.Transform {
    bytes = 0;
    _transform(chunk, _encoding, done) {
        this.bytes += chunk.length;
        done(null, chunk);
    }
}

// EXTERNAL MODULE: ./src/snapshot/id.ts
var snapshot_id = __webpack_require__(9575);
// EXTERNAL MODULE: ./src/snapshot/layout.ts
var layout = __webpack_require__(2064);
// EXTERNAL MODULE: ./src/snapshot/manifest.ts
var snapshot_manifest = __webpack_require__(6351);
;// CONCATENATED MODULE: ./src/snapshot/writer.ts













/** How many seconds after its start a run looks for a snapshot folder it can claim. */
const CLAIM_SECONDS = 120;
/**
 * Writes one snapshot's files to every storage at once: source -> compressor -> SHA-256 and byte
 * counter -> each storage, streamed, never staged. Each stored size is checked against the bytes
 * that passed. The manifest goes last, and only through writeManifest().
 */
class SnapshotWriter {
    storages;
    environment;
    id;
    log;
    holder;
    /** How often a long write logs its progress (Config's progressMs: LUNEO_PROGRESS_SECONDS). */
    progressMs = 10_000;
    constructor(storages, environment, id, log, 
    /** The claim this run holds on the folder in every storage (see SnapshotWriter.claim). */
    holder) {
        this.storages = storages;
        this.environment = environment;
        this.id = id;
        this.log = log;
        this.holder = holder;
    }
    /**
     * A writer for the first snapshot folder from `startedAt` on (one id a second) that this run
     * can claim in every storage: one writer per folder, so two runs of one environment that start
     * in the same second never mix their files. A claim lost on any storage is released on all of
     * them and the next second is tried. A cancelled run stops looking; the backup gives its
     * claim back once its writes have unwound (commands/backup.ts), not while they still run.
     */
    static async claim(storages, environment, startedAt, log) {
        const holder = {
            token: (0,external_node_crypto_.randomBytes)(12).toString('hex'),
            startedAt: startedAt.toISOString(),
            host: external_node_os_default().hostname(),
            pid: process.pid
        };
        const first = Math.floor(startedAt.getTime() / 1000) * 1000;
        for (let second = 0; second < CLAIM_SECONDS; second++) {
            (0,cancel/* throwIfCancelled */.dZ)();
            const id = (0,snapshot_id/* snapshotIdFor */.pP)(new Date(first + second * 1000));
            const writer = new SnapshotWriter(storages, environment, id, log, holder);
            const prefix = writer.keyOf('');
            const held = [];
            try {
                for (const storage of storages) {
                    if (!(await storage.claim(prefix, holder)))
                        break;
                    held.push(storage);
                }
            }
            catch (error) {
                await writer.releaseOn(held);
                throw error;
            }
            if (held.length === storages.length)
                return writer;
            await writer.releaseOn(held);
            log.info(`snapshot folder ${id} is taken (another run, or objects already there): trying the next second`);
        }
        throw new errors/* UserError */.yo(`no free snapshot folder under ${storages.map((s) => s.uriOf((0,layout/* environmentPrefix */.Es)(environment))).join(', ')} in the ${CLAIM_SECONDS} seconds from ${holder.startedAt}: too many runs of ${environment} at once`);
    }
    /** Give the folder up in every storage (a failed or cancelled run); problems are warnings. */
    async release() {
        await this.releaseOn(this.storages);
    }
    async releaseOn(storages) {
        const holder = this.holder;
        if (!holder)
            return;
        const prefix = this.keyOf('');
        await Promise.all(storages.map(async (storage) => {
            try {
                await storage.release(prefix, holder);
            }
            catch (error) {
                this.log.warning(`could not release the claim on ${storage.uriOf(prefix)}: ${(0,errors/* errorLine */.BP)(error)}`);
            }
        }));
    }
    keyOf(name) {
        return (0,layout/* snapshotKey */.o1)(this.environment, this.id, name);
    }
    uris(name = '') {
        return this.storages.map((s) => s.uriOf(this.keyOf(name)));
    }
    async writeFile(plainName, input, options) {
        const encrypt = options.encrypt;
        const name = encrypt ? `${plainName}.age` : plainName;
        const started = Date.now();
        const failure = new errors/* FirstFailure */.Jk();
        const read = new ByteCounter();
        const compressor = options.precompressed
            ? new external_node_stream_.PassThrough()
            : (0,compression/* createCompressor */._S)(options.compression, { level: options.level });
        const hasher = new HashCounter();
        // Encrypted: the compressed stream is hashed (what age decrypts to), then encrypted, and the
        // ciphertext is what the hasher below and every storage see.
        // The cipher's code is loaded only by runs that encrypt.
        const sealing = encrypt
            ? [
                new HashCounter(),
                new (await Promise.all(/* import() */[__webpack_require__.e(539), __webpack_require__.e(738)]).then(__webpack_require__.bind(__webpack_require__, 3738))).AgeEncrypter(encrypt.recipients)
            ]
            : [];
        const outs = this.storages.map(() => {
            const out = new external_node_stream_.PassThrough({ highWaterMark: 1 << 20 });
            // A source may fail before a storage has started reading (put() awaits first): the
            // failure is recorded from the stages above, so this branch's error must not go unhandled.
            out.on('error', () => undefined);
            return out;
        });
        // Listen in flow order: the first stage to fail is the cause; the rest are consequences.
        for (const stage of [input, read, compressor, ...sealing, hasher]) {
            stage.on('error', (error) => failure.record(error));
        }
        // Cancellation is this pipeline's failure too: it stops the source (pg_dump is killed when its
        // output closes), aborts multipart uploads and removes .partial files, as any failure does.
        const cancelled = () => failure.record(cancel/* runSignal */.KF.reason);
        if (cancel/* runSignal */.KF.aborted)
            cancelled();
        else
            cancel/* runSignal */.KF.addEventListener('abort', cancelled, { once: true });
        // The estimate is asked for only once a write lasts (an uploads walk is not free).
        let estimate;
        const hint = options.sizeHint;
        const progress = setInterval(() => {
            if (typeof hint === 'function' && estimate === undefined) {
                estimate = 0;
                hint().then((n) => (estimate = n), () => undefined);
            }
            const done = options.precompressed?.sourceBytes() ?? read.bytes;
            const seconds = (Date.now() - started) / 1000;
            const total = typeof hint === 'number' ? hint : estimate;
            const count = options.progress?.() ?? { unit: 'bytes', done, total };
            this.log.info(progressLine(name, count, { read: done, stored: hasher.bytes, seconds }));
        }, this.progressMs);
        try {
            const key = this.keyOf(name);
            const puts = this.storages.map((storage, i) => failure.track(storage.put(key, outs[i], {
                sizeHint: options.sizeHint,
                signal: failure.signal,
                tags: { [layout/* DATA_TAG */.ax.key]: layout/* DATA_TAG */.ax.value }
            })));
            const flow = failure.track((0,promises_.pipeline)([input, read, compressor, ...sealing, hasher, fanOut(outs)], {
                signal: failure.signal
            }));
            const [, ...stored] = await Promise.all([flow, ...puts]);
            failure.throwIfFailed();
            stored.forEach((bytes, i) => {
                if (bytes !== hasher.bytes) {
                    throw new errors/* UserError */.yo(`${this.storages[i].uriOf(key)} holds ${bytes} bytes but ${hasher.bytes} were written: the stored file is not whole`);
                }
            });
        }
        finally {
            clearInterval(progress);
            cancel/* runSignal */.KF.removeEventListener('abort', cancelled);
        }
        return {
            name,
            bytes: hasher.bytes,
            sha256: hasher.sha256,
            source: options.source,
            compression: options.compression,
            sourceBytes: options.precompressed?.sourceBytes() ?? read.bytes,
            durationSeconds: (0,format/* round */.LI)((Date.now() - started) / 1000),
            ...(encrypt
                ? {
                    encryption: {
                        format: 'age',
                        recipients: encrypt.recipients,
                        ...(encrypt.period ? { period: encrypt.period } : {}),
                        plaintextSha256: sealing[0].sha256,
                        plaintextBytes: sealing[0].bytes
                    }
                }
                : {})
        };
    }
    /**
     * Validate and store manifest.json in every storage: this is what makes the snapshot complete.
     * Only while this run's claim still stands everywhere: a folder someone else took over (or an
     * operator emptied) is never marked complete.
     */
    async writeManifest(manifest) {
        const checked = snapshot_manifest/* manifestSchema */.rc.parse(manifest);
        const body = Buffer.from(JSON.stringify(checked, null, 2) + '\n');
        const key = this.keyOf(layout/* MANIFEST_NAME */.ir);
        if (this.holder) {
            for (const storage of this.storages) {
                if (!(await storage.claimStands(this.keyOf(''), this.holder))) {
                    throw new errors/* UserError */.yo(`the claim of this run on ${storage.uriOf(this.keyOf(''))} is gone (another run or a person removed it): the snapshot is not marked complete`);
                }
            }
        }
        for (const storage of this.storages) {
            (0,cancel/* throwIfCancelled */.dZ)(); // a cancelled run marks nothing complete
            const bytes = await storage.put(key, body, { contentType: 'application/json' });
            if (bytes !== body.length) {
                throw new errors/* UserError */.yo(`${storage.uriOf(key)} holds ${bytes} bytes, expected ${body.length}`);
            }
        }
        // Complete: the claim stays in the folder (it names the writer).
    }
}
/** Write every chunk to each target, waiting for the slowest (backpressure from all of them). */
function fanOut(targets) {
    return new external_node_stream_.Writable({
        highWaterMark: 1 << 20,
        write(chunk, _encoding, done) {
            let waiting = 0;
            for (const target of targets) {
                if (!target.write(chunk)) {
                    waiting++;
                    target.once('drain', () => --waiting === 0 && done());
                }
            }
            if (waiting === 0)
                done();
        },
        final(done) {
            for (const target of targets)
                target.end();
            done();
        },
        destroy(error, done) {
            // Only a failure tears the targets down. After a normal end they may still hold data that
            // a slower storage has not read yet: destroying them then cut the file short.
            if (error)
                for (const target of targets)
                    target.destroy(error);
            done(error);
        }
    });
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