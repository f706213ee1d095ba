export const id = 8;
export const ids = [8];
export const modules = {

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

/***/ 5997:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ ChecksumError),
/* harmony export */   F: () => (/* binding */ streamVerified)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_events__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8474);
/* harmony import */ var node_events__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_events__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _util_cancel_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4436);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(17);





/** A stored file whose bytes do not match its manifest entry. */
class ChecksumError extends _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo {
    constructor(message) {
        super(message);
        this.name = 'ChecksumError';
    }
}
/**
 * Stream a stored file to `consume` while checking its SHA-256 and size against the manifest.
 *
 * The consumer gets the stored bytes and must treat an error on its input as "abort, do not
 * commit" (psql is killed before it can see end of input). The end of input is only given once
 * the digest has matched. If the consumer fails first (a corrupt gzip stream usually breaks the
 * decompressor before the digest is known), the rest of the file is still read and hashed, so a
 * corrupt file is reported as the checksum failure it is, naming the file and both digests.
 *
 * An encrypted file (age) is checked as stored (the ciphertext's SHA-256) and handed to the
 * consumer decrypted, each 64 KiB chunk authenticated, the plaintext's SHA-256 checked before its
 * end is given. It is never handed over without decrypting: no identity, no read.
 */
async function streamVerified(storage, key, file, consume, identities) {
    const started = Date.now();
    (0,_util_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .throwIfCancelled */ .dZ)();
    if (file.encryption && !identities?.length) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${file.name} is encrypted (age, to ${file.encryption.recipients.join(', ')}): give its identity as age-identity`);
    }
    // The cipher's code is loaded only by runs that decrypt.
    const age = file.encryption ? await Promise.all(/* import() */[__webpack_require__.e(539), __webpack_require__.e(738)]).then(__webpack_require__.bind(__webpack_require__, 3738)) : undefined;
    const stored = await storage.get(key);
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    let bytes = 0;
    const out = new node_stream__WEBPACK_IMPORTED_MODULE_2__.PassThrough({ highWaterMark: 1 << 20 });
    // We destroy `out` to abort the consumer and report the cause ourselves: never let that error
    // go unheard when the consumer has already stopped listening.
    out.on('error', () => undefined);
    let consumerError;
    let consumerFailed = false;
    let result;
    const consumed = consume(age ? decrypted(out, file, identities, age.AgeDecrypter) : out).then((value) => {
        result = value;
    }, (error) => {
        consumerFailed = true;
        consumerError = error;
        out.resume(); // discard from now on; keep hashing
    });
    const failedNow = consumed.then(() => undefined);
    // Cancelled: the consumer's input fails at once (psql is killed before it sees an end of input,
    // nothing commits) and the rest of the file is not read.
    const cancel = () => {
        out.destroy(_util_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .runSignal */ .KF.reason);
        stored.destroy();
    };
    if (_util_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .runSignal */ .KF.aborted)
        cancel();
    else
        _util_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .runSignal */ .KF.addEventListener('abort', cancel, { once: true });
    try {
        for await (const chunk of stored) {
            hash.update(chunk);
            bytes += chunk.length;
            if (!consumerFailed && !out.write(chunk)) {
                await Promise.race([(0,node_events__WEBPACK_IMPORTED_MODULE_1__.once)(out, 'drain'), failedNow]);
            }
        }
    }
    catch (error) {
        _util_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .runSignal */ .KF.removeEventListener('abort', cancel);
        out.destroy(new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`reading ${storage.uriOf(key)} failed`));
        await consumed;
        (0,_util_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .throwIfCancelled */ .dZ)();
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`cannot read ${storage.uriOf(key)}: ${error.message}`, {
            cause: error
        });
    }
    _util_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .runSignal */ .KF.removeEventListener('abort', cancel);
    if (_util_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .runSignal */ .KF.aborted) {
        await consumed;
        (0,_util_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .throwIfCancelled */ .dZ)();
    }
    const digest = hash.digest('hex');
    if (digest !== file.sha256 || bytes !== file.bytes) {
        out.destroy(new ChecksumError('checksum failed'));
        await consumed;
        throw new ChecksumError(`checksum failed for ${file.name}: the manifest says sha256 ${file.sha256} (${file.bytes} bytes), the stored file has ${digest} (${bytes} bytes)`);
    }
    if (!consumerFailed)
        out.end();
    await consumed;
    if (consumerFailed)
        throw consumerError;
    return { seconds: (Date.now() - started) / 1000, result: result };
}
/** `input` decrypted, the plaintext's SHA-256 and size checked before its end is passed on. */
function decrypted(input, file, identities, Decrypter) {
    const expected = file.encryption;
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    let bytes = 0;
    const check = new node_stream__WEBPACK_IMPORTED_MODULE_2__.Transform({
        transform(chunk, _enc, done) {
            hash.update(chunk);
            bytes += chunk.length;
            done(null, chunk);
        },
        flush(done) {
            const digest = hash.digest('hex');
            if (digest !== expected.plaintextSha256 || bytes !== expected.plaintextBytes) {
                done(new ChecksumError(`checksum failed for ${file.name} decrypted: the manifest says sha256 ${expected.plaintextSha256} (${expected.plaintextBytes} bytes), it decrypts to ${digest} (${bytes} bytes)`));
            }
            else
                done();
        }
    });
    const recipients = `encrypted to ${expected.recipients.join(', ')}${expected.period ? `, the key of ${expected.period}` : ''}`;
    // Any failure destroys every stage: the consumer sees its input fail, never a clean end.
    return (0,node_stream__WEBPACK_IMPORTED_MODULE_2__.pipeline)(input, new Decrypter(identities, recipients), check, () => undefined);
}


/***/ }),

/***/ 4394:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xn: () => (/* binding */ selectSnapshot),
/* harmony export */   _b: () => (/* binding */ damagedSources),
/* harmony export */   v9: () => (/* binding */ holds)
/* harmony export */ });
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);
/* harmony import */ var _id_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9575);
/* harmony import */ var _legacy_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4517);



/** Does this snapshot hold a file of each of these sources (a legacy one: the seed's file)? */
function holds(entry, sources) {
    if (entry.state === 'legacy')
        return sources.every((s) => entry.legacy?.[s] !== undefined);
    return sources.every((s) => entry.manifest?.files.some((f) => f.source === s));
}
/** A damaged snapshot's sources with a file missing or of the wrong size. */
function damagedSources(entry) {
    return [...new Set((entry.missing ?? []).map((m) => m.source))];
}
/**
 * The snapshot `spec` names: an id, `latest` (the newest complete one holding every source to
 * restore) or `random` (any such one younger than `randomWithin`). Never an incomplete one.
 */
function selectSnapshot(entries, spec, sources, where, options = {}) {
    const usable = entries.filter((e) => e.state === 'complete' && holds(e, sources));
    const wanted = sources.join(' and ');
    if (spec === 'latest' || spec === 'random') {
        const pool = spec === 'random' && options.randomWithin
            ? usable.filter((e) => e.startedAt >= options.randomWithin)
            : usable;
        if (pool.length === 0) {
            // Name every state found, so a folder of legacy ones does not read as "incomplete".
            const counts = new Map();
            for (const e of entries)
                if (e.state !== 'complete')
                    counts.set(e.state, (counts.get(e.state) ?? 0) + 1);
            const others = [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`no complete snapshot${wanted ? ` holding ${wanted}` : ''} in ${where} (${entries.length} snapshot folders${others ? `: ${others}` : ''})`);
        }
        if (spec === 'latest')
            return pool[pool.length - 1];
        return pool[Math.floor((options.random ?? Math.random)() * pool.length)];
    }
    if (!(0,_id_js__WEBPACK_IMPORTED_MODULE_2__/* .isSnapshotId */ .Yr)(spec) && !(options.allowLegacy && (0,_legacy_js__WEBPACK_IMPORTED_MODULE_1__/* .parseLegacyName */ .mI)(spec))) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`snapshot "${spec}" is not a snapshot id (YYYY-MM-DDTHH-MM-SSZ), latest or random${options.allowLegacy ? ", nor a legacy folder's name (20261125-020000, 2026-11-25, ...)" : ''}`);
    }
    const entry = entries.find((e) => e.id === spec);
    if (!entry) {
        const around = nearestIds(entries, spec);
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`snapshot ${spec} not found in ${where}${around.length ? `; nearest: ${around.join(', ')}` : ''}`);
    }
    if (entry.state === 'damaged') {
        const whole = sources.filter((s) => holds(entry, [s]) && !damagedSources(entry).includes(s));
        if (whole.length === 0) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`snapshot ${spec} is ${entry.problem}: none of ${wanted} is whole in it, nothing to restore`);
        }
        if (!options.allowDamaged) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`snapshot ${spec} is ${entry.problem}: it is refused unless allow-damaged is true (then only its whole sources are restored: ${whole.join(', ')}); prune with snapshot: ${spec} deletes it`);
        }
        return entry;
    }
    if (entry.state === 'legacy' && options.allowLegacy) {
        if (!holds(entry, sources)) {
            const has = Object.values(entry.legacy ?? {}).join(', ');
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`legacy folder ${spec} holds no ${wanted} backup (it holds ${has})`);
        }
        return entry;
    }
    if (entry.state !== 'complete') {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`snapshot ${spec} is ${entry.state} (${entry.problem}): it cannot be restored`);
    }
    if (!holds(entry, sources)) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`snapshot ${spec} holds no ${wanted} backup`);
    }
    return entry;
}
/** Up to two ids on each side of `id`, in time order. */
function nearestIds(entries, id) {
    const ids = entries.map((e) => e.id).sort();
    const at = ids.findIndex((x) => x > id);
    const split = at === -1 ? ids.length : at;
    return [...ids.slice(Math.max(0, split - 2), split), ...ids.slice(split, split + 2)];
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


/***/ }),

/***/ 536:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ describeRdbDamage)
/* harmony export */ });
// What is wrong with an RDB that is not whole, in the words both its readers use: the backup's
// SYNC stream (sync.ts) and the restore (replay.ts), each around its own sentence.
function describeRdbDamage(damage) {
    const fault = damage.fault;
    switch (fault.kind) {
        case 'magic':
            return `it starts with ${JSON.stringify(fault.found)}, not REDIS or VALKEY`;
        case 'version':
            return `its version "${fault.found}" is not an RDB version`;
        case 'trailing':
            return `${fault.extra} more bytes follow its EOF opcode and checksum`;
        case 'checksum':
            return `its CRC-64 is ${fault.stored} but the bytes give ${fault.computed} (corrupt)`;
        case 'truncated':
            return `it stops after ${damage.bytes} bytes, in the middle of ${fault.inside} (truncated)`;
        case 'no-eof':
            return `it stops after ${damage.bytes} bytes without the EOF opcode (truncated)`;
    }
}


/***/ }),

/***/ 8626:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Sj: () => (/* binding */ RespSyntaxError),
/* harmony export */   UV: () => (/* binding */ parseReply),
/* harmony export */   XT: () => (/* binding */ encodeCommands),
/* harmony export */   as: () => (/* binding */ encodeCommand),
/* harmony export */   n3: () => (/* binding */ CommandReader),
/* harmony export */   vM: () => (/* binding */ RespError)
/* harmony export */ });
/* unused harmony export parseCommand */
// RESP2, the Redis protocol, and its one parser: commands encoded for the wire; replies parsed
// as they come (RespConnection); command streams parsed back (the logical dump, on restore). A
// parse says what it got or how many bytes it still needs; bytes that are not RESP throw a
// RespSyntaxError with their offset, for the caller to word.
/** An error reply from the server (-ERR ..., -NOPERM ..., -WRONGPASS ...). */
class RespError extends Error {
    code;
    constructor(message) {
        super(message);
        this.name = 'RespError';
        this.code = message.split(' ')[0];
    }
}
/** One command as RESP: an array of bulk strings. */
function encodeCommand(args) {
    return encodeCommands([args]);
}
/** Several commands in one buffer, sized first and written once. */
function encodeCommands(commands) {
    let size = 0;
    const lengths = commands.map((args) => {
        const lens = args.map((a) => (typeof a === 'string' ? Buffer.byteLength(a) : a.length));
        size += 3 + String(args.length).length;
        for (const n of lens)
            size += 5 + String(n).length + n;
        return lens;
    });
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    commands.forEach((args, c) => {
        at += out.write(`*${args.length}\r\n`, at, 'latin1');
        args.forEach((arg, i) => {
            at += out.write(`$${lengths[c][i]}\r\n`, at, 'latin1');
            at += typeof arg === 'string' ? out.write(arg, at, 'utf8') : arg.copy(out, at);
            out[at++] = 0x0d;
            out[at++] = 0x0a;
        });
    });
    return out;
}
const CRLF = Buffer.from('\r\n');
const PLUS = 0x2b;
const MINUS = 0x2d;
const COLON = 0x3a;
const DOLLAR = 0x24;
const STAR = 0x2a;
/** A command's header line (`*<count>` or `$<length>`) is never longer. */
const MAX_HEADER = 64;
/** Bytes that are not RESP, at `at` (an offset in the buffer parsed, or in a CommandReader's stream). */
class RespSyntaxError extends Error {
    at;
    constructor(message, at) {
        super(message);
        this.at = at;
        this.name = 'RespSyntaxError';
    }
}
/** One reply, of any RESP2 type, at offset (RespConnection). */
function parseReply(buf, offset) {
    if (offset >= buf.length)
        return { need: offset + 1 };
    const end = buf.indexOf(CRLF, offset);
    if (end === -1)
        return { need: buf.length + 1 };
    const type = buf[offset];
    const line = buf.toString('utf8', offset + 1, end);
    const next = end + 2;
    switch (type) {
        case PLUS:
            return { value: line, next };
        case MINUS:
            return { value: new RespError(line), next };
        case COLON:
            return { value: Number(line), next };
        case DOLLAR: {
            const n = Number(line);
            if (n < 0)
                return { value: null, next };
            return bulk(buf, next, n);
        }
        case STAR: {
            const n = Number(line);
            if (n < 0)
                return { value: null, next };
            const items = [];
            let at = next;
            for (let i = 0; i < n; i++) {
                const item = parseReply(buf, at);
                if ('need' in item)
                    return item;
                items.push(item.value);
                at = item.next;
            }
            return { value: items, next: at };
        }
        default:
            throw new RespSyntaxError(`unexpected byte 0x${type.toString(16)} in a reply`, offset);
    }
}
/**
 * One command at offset, as a command stream holds it (the logical dump, `redis-cli --pipe`'s
 * input): a non-empty array of bulk strings. Stricter than a reply: lengths are digits, header
 * lines short, so a file that is not RESP fails where it stops being RESP.
 */
function parseCommand(buf, start) {
    if (start >= buf.length)
        return { need: start + 1 };
    if (buf[start] !== STAR)
        notACommand(start);
    const count = lengthLine(buf, start);
    if (!count)
        return { need: buf.length + 1 };
    let at = count.next;
    const args = [];
    for (let i = 0; i < count.value; i++) {
        if (at >= buf.length)
            return { need: at + 1 };
        if (buf[at] !== DOLLAR)
            notACommand(at);
        const len = lengthLine(buf, at);
        if (!len)
            return { need: buf.length + 1 };
        const arg = bulk(buf, len.next, len.value);
        if ('need' in arg)
            return arg;
        args.push(arg.value);
        at = arg.next;
    }
    if (count.value === 0)
        notACommand(start);
    return { value: args, next: at };
}
/** A bulk string's `n` bytes from `start`, then CRLF. */
function bulk(buf, start, n) {
    const end = start + n;
    if (buf.length < end + 2)
        return { need: end + 2 };
    return { value: buf.subarray(start, end), next: end + 2 };
}
/** A command header's length (digits only) and where its line ends; undefined before its CRLF. */
function lengthLine(buf, at) {
    const end = buf.indexOf(CRLF, at);
    if (end === -1) {
        if (buf.length - at > MAX_HEADER)
            notACommand(at);
        return undefined;
    }
    const text = buf.toString('latin1', at + 1, end);
    if (!/^\d+$/.test(text))
        notACommand(at);
    return { value: Number(text), next: end + 2 };
}
function notACommand(at) {
    throw new RespSyntaxError('not a RESP command', at);
}
/**
 * Splits a stream of RESP commands into their arguments, chunk by chunk, buffering only what the
 * next command still needs. Throws RespSyntaxError with the offset in the stream.
 */
class CommandReader {
    buf = Buffer.alloc(0);
    pending = [];
    pendingBytes = 0;
    /** Bytes that must be buffered before the next command can be whole. */
    need = 1;
    /** Bytes of the stream before `buf`. */
    offset = 0;
    get idle() {
        return this.buf.length === 0 && this.pendingBytes === 0;
    }
    push(chunk) {
        this.pending.push(chunk);
        this.pendingBytes += chunk.length;
        if (this.buf.length + this.pendingBytes < this.need)
            return [];
        this.buf = Buffer.concat([this.buf, ...this.pending]);
        this.pending = [];
        this.pendingBytes = 0;
        const out = [];
        let at = 0;
        try {
            for (;;) {
                const parsed = parseCommand(this.buf, at);
                if ('need' in parsed) {
                    this.need = parsed.need - at;
                    break;
                }
                out.push(parsed.value);
                at = parsed.next;
            }
        }
        catch (error) {
            if (error instanceof RespSyntaxError) {
                throw new RespSyntaxError(error.message, this.offset + error.at);
            }
            throw error;
        }
        this.offset += at;
        this.buf = this.buf.subarray(at);
        return out;
    }
}


/***/ }),

/***/ 8580:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A1: () => (/* binding */ parseIndex),
/* harmony export */   Ku: () => (/* binding */ IndexWriter),
/* harmony export */   st: () => (/* binding */ UPLOADS_INDEX_NAME)
/* harmony export */ });
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2857);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4377);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17);



// uploads.index.json.gz: every entry of the archive with its type, size, mode, mtime, link target
// and the SHA-256 of the bytes archived. One schema for both sides: the backup writes it
// (IndexWriter), the restore reads it back (parseIndex) as its plan.
const UPLOADS_INDEX_NAME = 'uploads.index.json.gz';
const INDEX_FORMAT_VERSION = 1;
const INDEX_WRITE = 64 * 1024;
const indexEntrySchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    path: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1),
    type: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['file', 'directory', 'symlink']),
    size: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().nonnegative().optional(),
    mtime: zod__WEBPACK_IMPORTED_MODULE_3__/* .datetime */ .w$(),
    mode: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().regex(/^[0-7]{1,6}$/),
    sha256: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
        .regex(/^[0-9a-f]{64}$/)
        .optional(),
    linkname: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    change: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional()
});
const indexSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    formatVersion: zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz(INDEX_FORMAT_VERSION),
    archive: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    root: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1),
    entries: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(indexEntrySchema)
});
/** The index, parsed and checked against the schema; `name` is the file it came from. */
function parseIndex(text, name) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${name} is not valid JSON: ${error.message}`);
    }
    const parsed = indexSchema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${name} is not an uploads index: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return parsed.data;
}
/**
 * The index, spooled to a temporary file as JSON so that memory does not grow with the tree;
 * entries are gathered into writes of about INDEX_WRITE bytes.
 */
class IndexWriter {
    out;
    archive;
    root;
    first = true;
    pending = '';
    failure;
    constructor(out, archive, root) {
        this.out = out;
        this.archive = archive;
        this.root = root;
        // A write that fails (or is cut short when the archive is abandoned) surfaces on the next
        // add() or in end(), never as an unhandled 'error' event.
        out.on('error', (error) => (this.failure ??= error));
    }
    start() {
        const head = { formatVersion: INDEX_FORMAT_VERSION, archive: this.archive, root: this.root };
        this.pending = JSON.stringify(head).slice(0, -1) + ',"entries":[\n';
    }
    async add(entry) {
        this.pending += (this.first ? '' : ',\n') + JSON.stringify(entry);
        this.first = false;
        if (this.pending.length >= INDEX_WRITE) {
            const text = this.pending;
            this.pending = '';
            await this.write(text);
        }
    }
    async end() {
        if (this.failure)
            throw this.failure;
        this.out.end(this.pending + '\n]}\n');
        this.pending = '';
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_0__.finished)(this.out);
    }
    async write(text) {
        if (this.failure)
            throw this.failure;
        if (!this.out.write(text)) {
            await new Promise((resolve, reject) => {
                const onError = (error) => reject(error);
                this.out.once('error', onError);
                this.out.once('drain', () => {
                    this.out.off('error', onError);
                    resolve();
                });
            });
        }
    }
}


/***/ }),

/***/ 1271:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gN: () => (/* binding */ parentOf),
/* harmony export */   kD: () => (/* binding */ linkProblem),
/* harmony export */   oM: () => (/* binding */ archivePath)
/* harmony export */ });
// Archive path safety: what an entry's path and a symlink's target may be, checked on the index
// (before anything is downloaded) and on every archive entry (before it is written). Pure.
/** Symlinks followed while resolving one link target before it counts as a loop (Linux: 40). */
const MAX_LINK_HOPS = 40;
/**
 * An archive path (`uploads/a/b`) as a path inside the target (`a/b`), or why it is refused.
 * `.` and empty components are dropped; `..` is refused outright, as GNU tar does.
 */
function archivePath(name, root) {
    if (name.includes('\0'))
        return { problem: 'it holds a NUL byte' };
    if (name.startsWith('/'))
        return { problem: 'it is an absolute path' };
    if (process.platform === 'win32' && /[\\:]/.test(name)) {
        return { problem: 'it holds a backslash or a drive letter' };
    }
    const parts = name.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.includes('..'))
        return { problem: 'it has a ".." component' };
    if (parts[0] !== root)
        return { problem: `it is not under the archive's ${root}/ folder` };
    return { rel: parts.slice(1).join('/') };
}
/**
 * Where a symlink at `rel` (inside the folder) points, resolved as the kernel would in the
 * finished tree, following the tree's other symlinks (`lookup`): undefined when it stays inside,
 * else why not. Dangling targets inside the folder are fine.
 */
function linkProblem(rel, linkname, lookup) {
    if (linkname === '')
        return 'has an empty target';
    if (linkname.includes('\0'))
        return 'holds a NUL byte';
    if (linkname.startsWith('/'))
        return 'points to an absolute path, outside the folder';
    const at = rel.split('/').slice(0, -1);
    const queue = linkname.split('/');
    let hops = 0;
    while (queue.length > 0) {
        const part = queue.shift();
        if (part === '' || part === '.')
            continue;
        if (part === '..') {
            if (at.length === 0)
                return 'points outside the folder';
            at.pop();
            continue;
        }
        const next = [...at, part].join('/');
        const through = lookup(next);
        if (through === undefined) {
            at.push(part);
            continue;
        }
        if (++hops > MAX_LINK_HOPS)
            return 'goes through too many symlinks (a loop)';
        if (through.startsWith('/'))
            return `points outside the folder through the symlink ${next}`;
        queue.unshift(...through.split('/'));
    }
    return undefined;
}
/** The folder of a path inside the target ('' for the top folder). */
function parentOf(rel) {
    const i = rel.lastIndexOf('/');
    return i < 0 ? '' : rel.slice(0, i);
}


/***/ }),

/***/ 6008:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ planFromIndex)
/* harmony export */ });
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);
/* harmony import */ var _indexFormat_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8580);
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1271);



/**
 * Check the index as a whole before anything is downloaded: every path stays inside the folder,
 * every entry's folder is a folder of the index, and no symlink points out, even through other
 * symlinks of the tree. The restored tree will be exactly this one, so this holds for it too.
 */
function planFromIndex(index, archiveName) {
    if (index.archive !== archiveName) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${_indexFormat_js__WEBPACK_IMPORTED_MODULE_1__/* .UPLOADS_INDEX_NAME */ .st} describes ${index.archive}, but the snapshot's archive is ${archiveName}`);
    }
    const plan = {
        index,
        entries: new Map(),
        links: new Map(),
        files: 0,
        bytes: 0,
        directories: 0,
        symlinks: 0
    };
    for (const entry of index.entries) {
        const parsed = (0,_paths_js__WEBPACK_IMPORTED_MODULE_2__/* .archivePath */ .oM)(entry.path, index.root);
        if ('problem' in parsed) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${_indexFormat_js__WEBPACK_IMPORTED_MODULE_1__/* .UPLOADS_INDEX_NAME */ .st} lists ${JSON.stringify(entry.path)}, which would escape the target folder: ${parsed.problem}; refused`);
        }
        const { rel } = parsed;
        if (plan.entries.has(rel)) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${_indexFormat_js__WEBPACK_IMPORTED_MODULE_1__/* .UPLOADS_INDEX_NAME */ .st} lists ${JSON.stringify(entry.path)} twice`);
        }
        if (entry.type === 'file' && (entry.size === undefined || entry.sha256 === undefined)) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${_indexFormat_js__WEBPACK_IMPORTED_MODULE_1__/* .UPLOADS_INDEX_NAME */ .st}: file ${entry.path} has no size or sha256`);
        }
        if (entry.type === 'symlink' && !entry.linkname) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${_indexFormat_js__WEBPACK_IMPORTED_MODULE_1__/* .UPLOADS_INDEX_NAME */ .st}: symlink ${entry.path} has no target`);
        }
        if (rel === '' && entry.type !== 'directory') {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${_indexFormat_js__WEBPACK_IMPORTED_MODULE_1__/* .UPLOADS_INDEX_NAME */ .st}: ${entry.path} is not a folder`);
        }
        plan.entries.set(rel, {
            rel,
            entry,
            mode: parseInt(entry.mode, 8),
            mtime: new Date(entry.mtime)
        });
        if (entry.type === 'file') {
            plan.files++;
            plan.bytes += entry.size;
        }
        else if (entry.type === 'directory')
            plan.directories++;
        else {
            plan.symlinks++;
            plan.links.set(rel, entry.linkname);
        }
    }
    if (plan.entries.get('')?.entry.type !== 'directory') {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${_indexFormat_js__WEBPACK_IMPORTED_MODULE_1__/* .UPLOADS_INDEX_NAME */ .st} has no entry for the folder ${index.root}/ itself`);
    }
    for (const { rel, entry } of plan.entries.values()) {
        if (rel === '')
            continue;
        const parent = (0,_paths_js__WEBPACK_IMPORTED_MODULE_2__/* .parentOf */ .gN)(rel);
        const kind = plan.entries.get(parent)?.entry.type;
        if (kind !== 'directory') {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${_indexFormat_js__WEBPACK_IMPORTED_MODULE_1__/* .UPLOADS_INDEX_NAME */ .st} lists ${entry.path}, but ${index.root}/${parent} is ${kind ? `a ${kind}` : 'not listed'}, not a folder; refused`);
        }
        if (entry.type === 'symlink') {
            const problem = (0,_paths_js__WEBPACK_IMPORTED_MODULE_2__/* .linkProblem */ .kD)(rel, entry.linkname, (p) => plan.links.get(p));
            if (problem) {
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${_indexFormat_js__WEBPACK_IMPORTED_MODULE_1__/* .UPLOADS_INDEX_NAME */ .st} lists the symlink ${entry.path} -> ${entry.linkname}, which ${problem}; refused (if you trust this snapshot, extract it by hand: tar -xf ${archiveName} -C <parent of the folder>)`);
            }
        }
    }
    return plan;
}


/***/ })

};

//# sourceMappingURL=8.index.js.map