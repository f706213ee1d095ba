export const id = 330;
export const ids = [330];
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

//# sourceMappingURL=330.index.js.map