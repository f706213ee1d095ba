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
/* harmony import */ var _snapshot_writer_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9946);
/* harmony import */ var _storage_open_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3327);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(17);
/* harmony import */ var _util_format_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(2693);
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
        const what = `${files.map(([, n]) => n).join(', ')} (${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_10__/* .formatBytes */ .z)(step.entry.bytes)})`;
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
    const writer = new _snapshot_writer_js__WEBPACK_IMPORTED_MODULE_6__/* .SnapshotWriter */ .CN(storages, config.environment, step.id, log, holder);
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
            log.info(`${name}: ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_10__/* .formatBytes */ .z)(file.bytes)} copied and checked (sha256 ${file.sha256})`);
        }
        const now = new Date();
        await writer.writeManifest({
            formatVersion: _snapshot_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .FORMAT_VERSION */ .Hp,
            id: step.id,
            environment: config.environment,
            kind: step.kind,
            createdAt: step.entry.startedAt.toISOString(),
            completedAt: now.toISOString(),
            durationSeconds: (0,_snapshot_writer_js__WEBPACK_IMPORTED_MODULE_6__/* .round */ .LI)((now.getTime() - started) / 1000),
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

/***/ 9946:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CN: () => (/* binding */ SnapshotWriter),
  LI: () => (/* binding */ round)
});

// UNUSED EXPORTS: CLAIM_SECONDS

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












const PROGRESS_EVERY_MS = 10_000;
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
    async writeFile(name, input, options) {
        const started = Date.now();
        const failure = new errors/* FirstFailure */.Jk();
        const read = new ByteCounter();
        const compressor = options.precompressed
            ? new external_node_stream_.PassThrough()
            : (0,compression/* createCompressor */._S)(options.compression, { level: options.level });
        const hasher = new HashCounter();
        const outs = this.storages.map(() => {
            const out = new external_node_stream_.PassThrough({ highWaterMark: 1 << 20 });
            // A source may fail before a storage has started reading (put() awaits first): the
            // failure is recorded from the stages above, so this branch's error must not go unhandled.
            out.on('error', () => undefined);
            return out;
        });
        // Listen in flow order: the first stage to fail is the cause; the rest are consequences.
        for (const stage of [input, read, compressor, hasher]) {
            stage.on('error', (error) => failure.record(error));
        }
        // Cancellation is this pipeline's failure too: it stops the source (pg_dump is killed when its
        // output closes), aborts multipart uploads and removes .partial files, as any failure does.
        const cancelled = () => failure.record(cancel/* runSignal */.KF.reason);
        if (cancel/* runSignal */.KF.aborted)
            cancelled();
        else
            cancel/* runSignal */.KF.addEventListener('abort', cancelled, { once: true });
        const progress = setInterval(() => {
            const seconds = (Date.now() - started) / 1000;
            this.log.info(`${name}: ${(0,format/* formatBytes */.z)(read.bytes)} read (${(0,format/* formatBytes */.z)(read.bytes / seconds)}/s), ${(0,format/* formatBytes */.z)(hasher.bytes)} stored, ${Math.round(seconds)} s`);
        }, PROGRESS_EVERY_MS);
        try {
            const key = this.keyOf(name);
            const puts = this.storages.map((storage, i) => failure.track(storage.put(key, outs[i], {
                sizeHint: options.sizeHint,
                signal: failure.signal,
                tags: { [layout/* DATA_TAG */.ax.key]: layout/* DATA_TAG */.ax.value }
            })));
            const flow = failure.track((0,promises_.pipeline)([input, read, compressor, hasher, fanOut(outs)], { signal: failure.signal }));
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
            durationSeconds: round((Date.now() - started) / 1000)
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
function round(n, digits = 3) {
    const f = 10 ** digits;
    return Math.round(n * f) / f;
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