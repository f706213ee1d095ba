export const id = 489;
export const ids = [489];
export const modules = {

/***/ 9942:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ Crc64)
/* harmony export */ });
// CRC-64-Jones as Redis computes it for RDB files (src/crc64.c): reflected polynomial
// 0xad93d23594c935a9, initial value 0, no final xor. Check value: crc64("123456789") is
// 0xe9c6d914c4b8d9ca. Kept as two 32-bit halves so it runs without BigInt in the byte loop.
const REFLECTED_HI = 0x95ac9329;
const REFLECTED_LO = 0xac4bc9b5;
// Slice-by-8: table k gives the CRC of a byte followed by k zero bytes, so eight bytes are folded
// in per step. TABLE_HI/LO[k * 256 + i].
const TABLE_HI = new Uint32Array(8 * 256);
const TABLE_LO = new Uint32Array(8 * 256);
for (let i = 0; i < 256; i++) {
    let hi = 0;
    let lo = i;
    for (let bit = 0; bit < 8; bit++) {
        const odd = lo & 1;
        lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
        hi = hi >>> 1;
        if (odd) {
            hi = (hi ^ REFLECTED_HI) >>> 0;
            lo = (lo ^ REFLECTED_LO) >>> 0;
        }
    }
    TABLE_HI[i] = hi;
    TABLE_LO[i] = lo;
}
for (let k = 1; k < 8; k++) {
    for (let i = 0; i < 256; i++) {
        const hi = TABLE_HI[(k - 1) * 256 + i];
        const lo = TABLE_LO[(k - 1) * 256 + i];
        const index = lo & 0xff;
        TABLE_LO[k * 256 + i] = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index]) >>> 0;
        TABLE_HI[k * 256 + i] = ((hi >>> 8) ^ TABLE_HI[index]) >>> 0;
    }
}
class Crc64 {
    hi = 0;
    lo = 0;
    update(bytes, start = 0, end = bytes.length) {
        let hi = this.hi;
        let lo = this.lo;
        let i = start;
        const T = TABLE_LO;
        const H = TABLE_HI;
        for (; i + 8 <= end; i += 8) {
            const a = lo ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
            const b = hi ^ (bytes[i + 4] | (bytes[i + 5] << 8) | (bytes[i + 6] << 16) | (bytes[i + 7] << 24));
            const i7 = 7 * 256 + (a & 0xff);
            const i6 = 6 * 256 + ((a >>> 8) & 0xff);
            const i5 = 5 * 256 + ((a >>> 16) & 0xff);
            const i4 = 4 * 256 + (a >>> 24);
            const i3 = 3 * 256 + (b & 0xff);
            const i2 = 2 * 256 + ((b >>> 8) & 0xff);
            const i1 = 256 + ((b >>> 16) & 0xff);
            const i0 = b >>> 24;
            lo = (T[i7] ^ T[i6] ^ T[i5] ^ T[i4] ^ T[i3] ^ T[i2] ^ T[i1] ^ T[i0]) >>> 0;
            hi = (H[i7] ^ H[i6] ^ H[i5] ^ H[i4] ^ H[i3] ^ H[i2] ^ H[i1] ^ H[i0]) >>> 0;
        }
        for (; i < end; i++) {
            const index = (lo ^ bytes[i]) & 0xff;
            lo = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index]) >>> 0;
            hi = ((hi >>> 8) ^ TABLE_HI[index]) >>> 0;
        }
        this.hi = hi;
        this.lo = lo;
    }
    /** The checksum as Redis stores it after the EOF opcode: 8 bytes, little-endian. */
    digestLE() {
        const out = Buffer.alloc(8);
        out.writeUInt32LE(this.lo, 0);
        out.writeUInt32LE(this.hi, 4);
        return out;
    }
    hex() {
        return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
    }
}


/***/ }),

/***/ 9702:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ RdbScanner)
/* harmony export */ });
/* unused harmony export lzfDecompress */
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17);
/* harmony import */ var _crc64_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9942);



// Reads an RDB file as it streams past, unchanged, and proves it whole: the REDIS magic and
// version, every opcode and value skipped in order up to the EOF opcode (0xFF), then the CRC-64
// that follows it (0 means the server runs with rdbchecksum off). On the way it counts the keys
// and the keys carrying an expiry in each db, so the counts describe exactly this snapshot, and
// keeps the RESIZEDB hints the server wrote for each db as a cross-check.
//
// Values are skipped, never decoded or buffered whole: a 500 MB string costs no memory. A type
// this parser does not know (a newer Redis, a module) stops the parse, not the backup: the stream
// is then checked by its end (EOF opcode, CRC-64) and the counts come from RESIZEDB.
const MAX_AUX_STRING = 4096;
/** Thrown for anything the parser cannot follow; the stream is then checked by its end. */
class GiveUp extends Error {
}
function rdbError(message, purpose = 'backup') {
    if (purpose === 'restore')
        return new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`redis.rdb is not whole: ${message}`);
    return new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`the RDB from Redis is not whole: ${message}; no snapshot was made`);
}
/** Bytes waiting to be parsed. */
class ByteQueue {
    chunks = [];
    offset = 0;
    length = 0;
    consumed = 0;
    /** While set, every consumed byte is also recorded here (as views of the chunks). */
    capture;
    push(chunk) {
        if (chunk.length === 0)
            return;
        this.chunks.push(chunk);
        this.length += chunk.length;
    }
    advance(k) {
        if (this.capture && k > 0) {
            const c = this.chunks[0];
            const last = this.capture[this.capture.length - 1];
            // Extend the last view when it ends right here in the same chunk (most bytes do).
            if (last !== undefined &&
                last.buffer === c.buffer &&
                last.byteOffset + last.length === c.byteOffset + this.offset) {
                this.capture[this.capture.length - 1] = Buffer.from(c.buffer, last.byteOffset, last.length + k);
            }
            else
                this.capture.push(c.subarray(this.offset, this.offset + k));
        }
        this.offset += k;
        this.length -= k;
        this.consumed += k;
        if (this.offset === this.chunks[0].length) {
            this.chunks.shift();
            this.offset = 0;
        }
    }
    byte() {
        const c = this.chunks[0];
        const b = c[this.offset];
        this.advance(1);
        return b;
    }
    /** n bytes; the caller made sure they are here. */
    take(n) {
        const first = this.chunks[0];
        let out;
        if (n === 0)
            return Buffer.alloc(0);
        if (first.length - this.offset >= n) {
            out = first.subarray(this.offset, this.offset + n);
            this.advance(n);
            return out;
        }
        out = Buffer.allocUnsafe(n);
        let filled = 0;
        while (filled < n) {
            const c = this.chunks[0];
            const k = Math.min(n - filled, c.length - this.offset);
            c.copy(out, filled, this.offset, this.offset + k);
            filled += k;
            this.advance(k);
        }
        return out;
    }
    /** Skip up to n bytes of what is here; returns how many were skipped. */
    skip(n) {
        let done = 0;
        while (done < n && this.chunks.length > 0) {
            const c = this.chunks[0];
            const k = Math.min(n - done, c.length - this.offset);
            this.advance(k);
            done += k;
        }
        return done;
    }
}
class RdbScanner extends node_stream__WEBPACK_IMPORTED_MODULE_0__.Transform {
    options;
    q = new ByteQueue();
    /** CRC-64 of every byte but the last 8 seen so far (those may be the stored checksum). */
    crc = new _crc64_js__WEBPACK_IMPORTED_MODULE_2__/* .Crc64 */ .V();
    held = Buffer.alloc(0);
    /** The byte just before `held`: the EOF opcode when the stream is whole. */
    beforeHeld = -1;
    total = 0;
    parser;
    state = 'parsing';
    where = 'the header';
    rdbVersion = 0;
    checksum = 'disabled';
    note;
    aux = {};
    counted = new Map();
    resized = new Map();
    constructor(options = {}) {
        super({ highWaterMark: 1 << 20 });
        this.options = options;
        this.parser = this.parse();
    }
    /** Why the key-by-key parse stopped early (a type it does not know), once it has. */
    get gaveUp() {
        return this.state === 'tail' ? this.note : undefined;
    }
    fail(message) {
        return rdbError(message, this.options.purpose);
    }
    _transform(chunk, _encoding, done) {
        try {
            this.hold(chunk);
            this.feed(chunk);
        }
        catch (error) {
            done(error);
            return;
        }
        done(null, chunk);
    }
    _flush(done) {
        try {
            this.finish();
        }
        catch (error) {
            done(error);
            return;
        }
        done();
    }
    facts() {
        const fromKeys = this.state === 'done' && this.note === undefined;
        const source = fromKeys ? this.counted : this.resized;
        const dbs = {};
        for (const [db, counts] of [...source].sort((a, b) => a[0] - b[0]))
            dbs[String(db)] = counts;
        return {
            rdbVersion: this.rdbVersion,
            aux: this.aux,
            dbs,
            keyCountsFrom: fromKeys ? 'keys' : 'resizedb',
            checksum: this.checksum,
            bytes: this.total,
            ...(this.note ? { note: this.note } : {})
        };
    }
    /** Feed the CRC with all but the last 8 bytes, which may be the stored checksum. */
    hold(chunk) {
        this.total += chunk.length;
        if (chunk.length >= 8) {
            // The common case, without copying the chunk: what was held is now followed by 8 more.
            const cut = chunk.length - 8;
            if (this.held.length > 0) {
                this.crc.update(this.held);
                this.beforeHeld = this.held[this.held.length - 1];
            }
            this.crc.update(chunk, 0, cut);
            if (cut > 0)
                this.beforeHeld = chunk[cut - 1];
            this.held = Buffer.from(chunk.subarray(cut));
            return;
        }
        const all = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
        if (all.length <= 8) {
            this.held = Buffer.from(all);
            return;
        }
        const cut = all.length - 8;
        this.crc.update(all, 0, cut);
        this.beforeHeld = all[cut - 1];
        this.held = Buffer.from(all.subarray(cut));
    }
    feed(chunk) {
        if (this.state === 'tail')
            return;
        this.q.push(chunk);
        if (this.state === 'done') {
            throw this.fail(`${this.q.length} more bytes follow its EOF opcode and checksum`);
        }
        this.step();
    }
    step() {
        try {
            const result = this.parser.next();
            if (result.done) {
                this.state = 'done';
                if (this.q.length > 0) {
                    throw this.fail(`${this.q.length} more bytes follow its EOF opcode and checksum`);
                }
            }
        }
        catch (error) {
            if (!(error instanceof GiveUp))
                throw error;
            this.note = `${error.message} at byte ${this.q.consumed}: key counts come from RESIZEDB`;
            this.state = 'tail';
        }
    }
    /**
     * The verdict at the end of the stream. 'done': the parser met the EOF opcode and 8 bytes
     * after it, and nothing followed. 'tail': the parser met a type it does not know, so the end
     * must be the EOF opcode and a CRC-64 that matches. 'parsing': the stream stopped inside an
     * entry: truncated, or corrupt where a damaged length sent the parser astray; a valid CRC-64
     * after an EOF opcode then means the parser is at fault, not the file.
     */
    finish() {
        const stored = this.held;
        const eof = this.total >= 18 && this.beforeHeld === 0xff;
        const expected = this.crc.digestLE();
        const disabled = stored.length === 8 && stored.every((byte) => byte === 0);
        const matches = eof && stored.length === 8 && stored.equals(expected);
        const corrupt = () => this.fail(`its CRC-64 is ${stored.toString('hex')} but the bytes give ${expected.toString('hex')} (corrupt)`);
        if (this.state === 'done') {
            if (this.rdbVersion < 5 || disabled)
                this.checksum = 'disabled';
            else if (matches)
                this.checksum = 'verified';
            else
                throw corrupt();
            return;
        }
        if (this.state === 'parsing' && !(eof && matches && !disabled)) {
            if (eof && !disabled && !matches && this.total > 9)
                throw corrupt();
            throw this.fail(`it stops after ${this.total} bytes, in the middle of ${this.where} (truncated)`);
        }
        if (this.state === 'parsing') {
            this.note = `the parser stopped in ${this.where} at byte ${this.q.consumed}, yet the RDB ends with its EOF opcode and a valid CRC-64: key counts come from RESIZEDB`;
            this.state = 'tail';
        }
        // 'tail': the end must be the EOF opcode and the CRC-64 of all before it.
        if (!eof) {
            throw this.fail(`it stops after ${this.total} bytes without the EOF opcode (truncated)`);
        }
        if (disabled)
            this.checksum = 'disabled';
        else if (matches)
            this.checksum = 'verified';
        else
            throw corrupt();
    }
    // --- the parser: a generator that yields only when it needs bytes that have not come yet ---
    *u8() {
        while (this.q.length < 1)
            yield;
        return this.q.byte();
    }
    *bytes(n) {
        while (this.q.length < n)
            yield;
        return this.q.take(n);
    }
    *skip(n) {
        let left = n;
        for (;;) {
            left -= this.q.skip(left);
            if (left === 0)
                return;
            yield;
        }
    }
    /** A length; `encoded` is set for the special string encodings (0xC0-0xC3). */
    *len() {
        const first = yield* this.u8();
        switch (first >> 6) {
            case 0:
                return { n: first & 0x3f, encoded: false };
            case 1:
                return { n: ((first & 0x3f) << 8) | (yield* this.u8()), encoded: false };
            case 2:
                if (first === 0x80)
                    return { n: (yield* this.bytes(4)).readUInt32BE(0), encoded: false };
                if (first === 0x81) {
                    return { n: Number((yield* this.bytes(8)).readBigUInt64BE(0)), encoded: false };
                }
                throw new GiveUp(`unknown length encoding 0x${first.toString(16)}`);
            default:
                return { n: first & 0x3f, encoded: true };
        }
    }
    *length() {
        const { n, encoded } = yield* this.len();
        if (encoded)
            throw new GiveUp('an encoded string where a length belongs');
        return n;
    }
    /** A string: returned when short (AUX fields), otherwise skipped. */
    *string(keep = false) {
        const { n, encoded } = yield* this.len();
        if (encoded) {
            switch (n) {
                case 0:
                    return String((yield* this.bytes(1)).readInt8(0));
                case 1:
                    return String((yield* this.bytes(2)).readInt16LE(0));
                case 2:
                    return String((yield* this.bytes(4)).readInt32LE(0));
                case 3: {
                    const compressed = yield* this.length();
                    yield* this.length(); // uncompressed length
                    yield* this.skip(compressed);
                    return keep ? '(lzf)' : undefined;
                }
                default:
                    throw new GiveUp(`unknown string encoding ${n}`);
            }
        }
        if (keep && n <= MAX_AUX_STRING)
            return (yield* this.bytes(n)).toString('utf8');
        yield* this.skip(n);
        return undefined;
    }
    /** Run a step and return the bytes it consumed, as they are in the RDB. */
    *captured(step) {
        const pieces = [];
        this.q.capture = pieces;
        try {
            yield* step;
        }
        finally {
            this.q.capture = undefined;
        }
        return pieces.length === 1 ? Buffer.from(pieces[0]) : Buffer.concat(pieces);
    }
    /** A string's bytes, decoded: integer encodings as their decimal text, LZF decompressed. */
    *stringBytes() {
        const { n, encoded } = yield* this.len();
        if (!encoded)
            return Buffer.from(yield* this.bytes(n));
        switch (n) {
            case 0:
                return Buffer.from(String((yield* this.bytes(1)).readInt8(0)));
            case 1:
                return Buffer.from(String((yield* this.bytes(2)).readInt16LE(0)));
            case 2:
                return Buffer.from(String((yield* this.bytes(4)).readInt32LE(0)));
            case 3: {
                const compressed = yield* this.length();
                const size = yield* this.length();
                const out = lzfDecompress(yield* this.bytes(compressed), size);
                if (!out)
                    throw new GiveUp('an LZF string that does not decompress');
                return out;
            }
            default:
                throw new GiveUp(`unknown string encoding ${n}`);
        }
    }
    *parse() {
        const header = yield* this.bytes(9);
        if (header.subarray(0, 5).toString('latin1') !== 'REDIS') {
            throw this.fail(`it starts with ${JSON.stringify(header.subarray(0, 5).toString('latin1'))}, not REDIS`);
        }
        const version = header.subarray(5).toString('latin1');
        if (!/^\d{4}$/.test(version))
            throw this.fail(`its version "${version}" is not a number`);
        this.rdbVersion = Number(version);
        let db = 0;
        let expiry = false;
        let expireAtMs;
        const { onEntry, onFunction } = this.options;
        for (;;) {
            this.where = 'an opcode';
            const op = yield* this.u8();
            switch (op) {
                case 0xff: // EOF
                    this.where = 'the checksum';
                    if (this.rdbVersion >= 5)
                        yield* this.bytes(8); // checked by finish()
                    return;
                case 0xfe: // SELECTDB
                    db = yield* this.length();
                    break;
                case 0xfb: {
                    // RESIZEDB: keys and keys with an expiry in this db
                    const keys = yield* this.length();
                    const keysWithTtl = yield* this.length();
                    this.resized.set(db, { keys, keysWithTtl });
                    break;
                }
                case 0xfa: {
                    // AUX
                    this.where = 'an AUX field';
                    const key = yield* this.string(true);
                    const value = yield* this.string(true);
                    if (key !== undefined && value !== undefined)
                        this.aux[key] = value;
                    break;
                }
                case 0xf9: // FREQ (LFU)
                    yield* this.skip(1);
                    break;
                case 0xf8: // IDLE (LRU)
                    yield* this.length();
                    break;
                case 0xfd: // EXPIRETIME seconds
                    expireAtMs = (yield* this.bytes(4)).readUInt32LE(0) * 1000;
                    expiry = true;
                    break;
                case 0xfc: // EXPIRETIME_MS
                    expireAtMs = Number((yield* this.bytes(8)).readBigInt64LE(0));
                    expiry = true;
                    break;
                case 0xf7: // MODULE_AUX
                    this.where = 'module data';
                    yield* this.length(); // module id
                    yield* this.length(); // when opcode
                    yield* this.length(); // when
                    yield* this.moduleValue();
                    break;
                case 0xf5: // FUNCTION2: the library's code
                    this.where = 'a function library';
                    if (onFunction)
                        onFunction(yield* this.captured(this.string()));
                    else
                        yield* this.string();
                    break;
                case 0xf4: // SLOT_INFO (7.4+): slot, keys, expires
                    yield* this.length();
                    yield* this.length();
                    yield* this.length();
                    break;
                default: {
                    this.where = `a key of type ${op}`;
                    if (onEntry) {
                        const key = yield* this.stringBytes();
                        const value = yield* this.captured(this.value(op));
                        onEntry({ db, type: op, key, value, ...(expiry ? { expireAtMs } : {}) });
                    }
                    else {
                        yield* this.string(); // the key
                        yield* this.value(op);
                    }
                    const counts = this.counted.get(db) ?? { keys: 0, keysWithTtl: 0 };
                    counts.keys++;
                    if (expiry)
                        counts.keysWithTtl++;
                    this.counted.set(db, counts);
                    expiry = false;
                    expireAtMs = undefined;
                }
            }
        }
    }
    *value(type) {
        switch (type) {
            case 0: // STRING
            case 9: // HASH_ZIPMAP
            case 10: // LIST_ZIPLIST
            case 11: // SET_INTSET
            case 12: // ZSET_ZIPLIST
            case 13: // HASH_ZIPLIST
            case 16: // HASH_LISTPACK
            case 17: // ZSET_LISTPACK
            case 20: // SET_LISTPACK
                yield* this.string();
                return;
            case 1: // LIST
            case 2: // SET
            case 14: {
                // LIST_QUICKLIST
                const n = yield* this.length();
                for (let i = 0; i < n; i++)
                    yield* this.string();
                return;
            }
            case 3: {
                // ZSET (scores as text)
                const n = yield* this.length();
                for (let i = 0; i < n; i++) {
                    yield* this.string();
                    const size = yield* this.u8();
                    if (size < 253)
                        yield* this.skip(size);
                }
                return;
            }
            case 4: {
                // HASH
                const n = yield* this.length();
                for (let i = 0; i < 2 * n; i++)
                    yield* this.string();
                return;
            }
            case 5: {
                // ZSET_2 (binary double scores)
                const n = yield* this.length();
                for (let i = 0; i < n; i++) {
                    yield* this.string();
                    yield* this.skip(8);
                }
                return;
            }
            case 7: // MODULE_2
                yield* this.length();
                yield* this.moduleValue();
                return;
            case 18: {
                // LIST_QUICKLIST_2: container kind, then the node
                const n = yield* this.length();
                for (let i = 0; i < n; i++) {
                    yield* this.length();
                    yield* this.string();
                }
                return;
            }
            case 15: // STREAM_LISTPACKS
            case 19: // STREAM_LISTPACKS_2
            case 21: // STREAM_LISTPACKS_3
                yield* this.stream(type);
                return;
            default:
                throw new GiveUp(`value type ${type} is not known to this parser`);
        }
    }
    *moduleValue() {
        for (;;) {
            const opcode = yield* this.length();
            switch (opcode) {
                case 0: // EOF
                    return;
                case 1: // SINT
                case 2: // UINT
                    yield* this.length();
                    break;
                case 3: // FLOAT
                    yield* this.skip(4);
                    break;
                case 4: // DOUBLE
                    yield* this.skip(8);
                    break;
                case 5: // STRING
                    yield* this.string();
                    break;
                default:
                    throw new GiveUp(`unknown module opcode ${opcode}`);
            }
        }
    }
    *stream(type) {
        const listpacks = yield* this.length();
        for (let i = 0; i < listpacks; i++) {
            yield* this.string(); // master entry id
            yield* this.string(); // listpack
        }
        yield* this.length(); // items
        yield* this.length(); // last id ms
        yield* this.length(); // last id seq
        if (type >= 19) {
            for (let i = 0; i < 5; i++)
                yield* this.length(); // first id, max deleted id, entries added
        }
        const groups = yield* this.length();
        for (let g = 0; g < groups; g++) {
            yield* this.string(); // name
            yield* this.length(); // last id ms
            yield* this.length(); // last id seq
            if (type >= 19)
                yield* this.length(); // entries read
            const pel = yield* this.length();
            for (let i = 0; i < pel; i++) {
                yield* this.skip(16); // id
                yield* this.skip(8); // delivery time
                yield* this.length(); // delivery count
            }
            const consumers = yield* this.length();
            for (let c = 0; c < consumers; c++) {
                yield* this.string(); // name
                yield* this.skip(type >= 21 ? 16 : 8); // seen time (and active time)
                const owned = yield* this.length();
                yield* this.skip(16 * owned);
            }
        }
    }
}
/** LZF (liblzf, as Redis uses it) into exactly `size` bytes; undefined when the data is bad. */
function lzfDecompress(input, size) {
    const out = Buffer.allocUnsafe(size);
    let i = 0;
    let o = 0;
    while (i < input.length) {
        const ctrl = input[i++];
        if (ctrl < 32) {
            const n = ctrl + 1;
            if (o + n > size || i + n > input.length)
                return undefined;
            input.copy(out, o, i, i + n);
            i += n;
            o += n;
        }
        else {
            let n = ctrl >> 5;
            if (n === 7) {
                if (i >= input.length)
                    return undefined;
                n += input[i++];
            }
            if (i >= input.length)
                return undefined;
            const ref = o - ((ctrl & 0x1f) << 8) - input[i++] - 1;
            n += 2;
            if (ref < 0 || o + n > size)
                return undefined;
            for (let k = 0; k < n; k++)
                out[o++] = out[ref + k];
        }
    }
    return o === size ? out : undefined;
}


/***/ }),

/***/ 6489:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   explainCommandError: () => (/* binding */ explainCommandError),
/* harmony export */   inspect: () => (/* binding */ inspect),
/* harmony export */   openRedisDump: () => (/* binding */ openRedisDump),
/* harmony export */   parseInfo: () => (/* binding */ parseInfo),
/* harmony export */   probeRedis: () => (/* binding */ probeRedis)
/* harmony export */ });
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17);
/* harmony import */ var _util_redact_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(767);
/* harmony import */ var _rdbScanner_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9702);
/* harmony import */ var _resp_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2918);





/**
 * Before any data moves: reach the server, authenticate and read INFO (a Cluster node is refused
 * here), then hang up: the dump connects again when its turn comes, maybe hours later.
 */
async function probeRedis(url, options = {}) {
    const conn = await _resp_js__WEBPACK_IMPORTED_MODULE_4__/* .RespConnection */ .LI.connect(url, options.timeouts ?? (0,_resp_js__WEBPACK_IMPORTED_MODULE_4__/* .defaultTimeouts */ .c0)(), options.tls);
    try {
        return await inspect(conn);
    }
    finally {
        conn.close();
    }
}
async function openRedisDump(url, mode, log, options = {}) {
    const timeouts = options.timeouts ?? (0,_resp_js__WEBPACK_IMPORTED_MODULE_4__/* .defaultTimeouts */ .c0)();
    const conn = await _resp_js__WEBPACK_IMPORTED_MODULE_4__/* .RespConnection */ .LI.connect(url, timeouts, options.tls);
    let server;
    try {
        server = await inspect(conn);
    }
    catch (error) {
        conn.close();
        throw error;
    }
    const total = Object.values(server.keyspace).reduce((sum, db) => sum + db.keys, 0);
    log.info(`${server.engine} ${server.version} at ${server.endpoint}: ${total} keys in ${Object.keys(server.keyspace).length} dbs`);
    if (mode === 'logical') {
        return logicalDump(conn, server, 'redis-mode is logical', log, options.batch);
    }
    let sync;
    try {
        sync = await startSync(conn);
    }
    catch (error) {
        conn.close();
        throw error;
    }
    if ('refused' in sync) {
        conn.close();
        const why = `the server refused SYNC (${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(sync.refused)})`;
        if (mode === 'rdb') {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Redis at ${(0,_resp_js__WEBPACK_IMPORTED_MODULE_4__/* .hostPort */ .QL)(url)}: ${why}, so redis-mode rdb cannot work here; use redis-mode auto or logical (managed services such as ElastiCache, Redis Cloud or Upstash do not allow SYNC)`);
        }
        log.warning(`Redis at ${(0,_resp_js__WEBPACK_IMPORTED_MODULE_4__/* .hostPort */ .QL)(url)}: ${why}; falling back to a logical dump (SCAN + DUMP), which is NOT point in time: keys written during the backup may be caught before or after the change`);
        const again = await _resp_js__WEBPACK_IMPORTED_MODULE_4__/* .RespConnection */ .LI.connect(url, timeouts, options.tls);
        return logicalDump(again, server, why, log, options.batch);
    }
    log.info(`RDB mode: replication snapshot via SYNC (${sync.form === 'eof' ? 'diskless, streamed as the server writes it' : `${sync.length} bytes`})`);
    return {
        mode: 'rdb',
        fileName: 'redis.rdb',
        compressible: false,
        stream: sync.stream,
        server,
        facts: () => {
            const f = sync.scanner.facts();
            return {
                mode: 'rdb',
                engine: server.engine,
                version: server.version,
                endpoint: server.endpoint,
                identity: server.identity,
                pointInTime: true,
                reason: mode === 'rdb' ? 'redis-mode is rdb' : 'the server allows SYNC',
                rdbVersion: f.rdbVersion,
                ...sum(f.dbs),
                dbs: f.dbs,
                keyCountsFrom: f.keyCountsFrom === 'keys' ? 'rdb' : 'rdb-resizedb',
                checksum: f.checksum,
                ...(f.note ? { note: f.note } : {})
            };
        },
        close: () => conn.close()
    };
}
function sum(dbs) {
    const all = Object.values(dbs);
    return {
        keys: all.reduce((n, db) => n + db.keys, 0),
        keysWithTtl: all.reduce((n, db) => n + db.keysWithTtl, 0)
    };
}
/** INFO: engine and version, refuse Redis Cluster, and the keyspace as it is now. */
async function inspect(conn) {
    conn.doing = 'reading INFO';
    const where = (0,_resp_js__WEBPACK_IMPORTED_MODULE_4__/* .hostPort */ .QL)(conn.url);
    let text;
    try {
        text = String(await conn.call('INFO'));
    }
    catch (error) {
        if (error instanceof _resp_js__WEBPACK_IMPORTED_MODULE_4__/* .RespError */ .vM)
            throw explainCommandError(error, conn.url, 'INFO');
        throw error;
    }
    const info = parseInfo(text);
    if (info.cluster_enabled === '1') {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Redis at ${where} is a Redis Cluster node (cluster_enabled:1): cluster backups are not supported yet; back up each primary on its own, with its own redis-url`);
    }
    const valkey = info.server_name === 'valkey' || info.valkey_version !== undefined;
    const keyspace = {};
    for (const [key, value] of Object.entries(info)) {
        const db = /^db(\d+)$/.exec(key);
        if (!db)
            continue;
        const fields = Object.fromEntries(value.split(',').map((kv) => kv.split('=')));
        const keys = Number(fields.keys ?? 0);
        if (keys > 0)
            keyspace[db[1]] = { keys, keysWithTtl: Number(fields.expires ?? 0) };
    }
    return {
        engine: valkey ? 'valkey' : 'redis',
        version: (valkey ? info.valkey_version : undefined) ?? info.redis_version ?? 'unknown',
        endpoint: (0,_resp_js__WEBPACK_IMPORTED_MODULE_4__/* .describeRedis */ .RL)(conn.url),
        keyspace,
        identity: {
            address: (0,_resp_js__WEBPACK_IMPORTED_MODULE_4__/* .hostPort */ .QL)(conn.url),
            ...(info.run_id ? { runId: info.run_id } : {}),
            ...(info.master_replid ? { replId: info.master_replid } : {})
        }
    };
}
function parseInfo(text) {
    const out = {};
    for (const line of text.split(/\r?\n/)) {
        if (!line || line.startsWith('#'))
            continue;
        const colon = line.indexOf(':');
        if (colon > 0)
            out[line.slice(0, colon)] = line.slice(colon + 1);
    }
    return out;
}
function explainCommandError(error, url, command) {
    const where = (0,_resp_js__WEBPACK_IMPORTED_MODULE_4__/* .hostPort */ .QL)(url);
    if (error.code === 'NOAUTH') {
        return new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Redis at ${where} requires a password: put it in redis-url (redis://user:password@host:port)`);
    }
    if (error.code === 'NOPERM') {
        const user = decodeURIComponent(url.username) || 'default';
        return new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Redis user "${user}" at ${where} may not run ${command} (NOPERM): a backup needs +info and +sync (RDB), or +info +select +scan +dump +pttl (logical)`);
    }
    return new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Redis at ${where} refused ${command}: ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(error.message)}`);
}
const NL = 0x0a;
const EOF_MARKER_LENGTH = 40;
/**
 * Send SYNC and wait for the bulk header: `$<length>` (the server wrote the RDB to disk first) or
 * `$EOF:<40 bytes>` (diskless: the RDB ends with the same 40 bytes). The server sends bare
 * newlines as keepalives while it prepares the RDB. Anything that is not a whole RDB makes the
 * returned stream fail.
 */
async function startSync(conn) {
    const where = (0,_resp_js__WEBPACK_IMPORTED_MODULE_4__/* .hostPort */ .QL)(conn.url);
    conn.doing = 'asking for replication (REPLCONF)';
    // Announce the diskless format and that only the RDB is wanted; old servers may refuse these.
    await conn.send([
        ['REPLCONF', 'capa', 'eof'],
        ['REPLCONF', 'rdb-only', '1']
    ]);
    conn.doing = 'waiting for the RDB after SYNC';
    const scanner = new _rdbScanner_js__WEBPACK_IMPORTED_MODULE_3__/* .RdbScanner */ .B();
    return new Promise((resolve, reject) => {
        let header = Buffer.alloc(0);
        let state = 'header';
        let remaining = 0;
        let length = 0;
        let marker = Buffer.alloc(0);
        let tail = Buffer.alloc(0);
        let received = 0;
        let paused = false;
        const write = (bytes) => {
            if (bytes.length === 0)
                return;
            received += bytes.length;
            if (!scanner.write(bytes) && !paused) {
                paused = true;
                conn.pause();
                scanner.once('drain', () => {
                    paused = false;
                    conn.resume();
                });
            }
        };
        const finish = () => {
            state = 'done';
            conn.close();
            scanner.end();
        };
        const body = (chunk) => {
            if (state === 'length') {
                const part = chunk.subarray(0, remaining);
                remaining -= part.length;
                write(part);
                if (remaining === 0)
                    finish();
            }
            else if (state === 'eof') {
                // The last 40 bytes seen may be the marker: hold them back until more comes.
                const all = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
                const at = all.indexOf(marker);
                if (at !== -1) {
                    write(all.subarray(0, at));
                    finish();
                    return;
                }
                const keep = Math.min(all.length, EOF_MARKER_LENGTH - 1);
                write(all.subarray(0, all.length - keep));
                tail = Buffer.from(all.subarray(all.length - keep));
            }
        };
        conn.takeOver({
            data: (chunk) => {
                if (state !== 'header') {
                    if (state !== 'done')
                        body(chunk);
                    return;
                }
                header = header.length > 0 ? Buffer.concat([header, chunk]) : chunk;
                for (;;) {
                    let start = 0;
                    while (start < header.length && header[start] === NL)
                        start++; // keepalives
                    const end = header.indexOf('\r\n', start);
                    if (end === -1) {
                        header = header.subarray(start);
                        if (header.length > 1024) {
                            state = 'done';
                            conn.close();
                            reject(new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Redis at ${where} answered SYNC with something unexpected`));
                        }
                        return;
                    }
                    const line = header.toString('utf8', start, end);
                    header = header.subarray(end + 2);
                    if (line.startsWith('+'))
                        continue; // +FULLRESYNC <replid> <offset> (PSYNC)
                    if (line.startsWith('-')) {
                        state = 'done';
                        resolve({ refused: line.slice(1) });
                        return;
                    }
                    if (line.startsWith('$EOF:') && line.length === 5 + EOF_MARKER_LENGTH) {
                        state = 'eof';
                        marker = Buffer.from(line.slice(5), 'latin1');
                    }
                    else if (/^\$\d+$/.test(line)) {
                        state = 'length';
                        length = remaining = Number(line.slice(1));
                    }
                    else {
                        state = 'done';
                        conn.close();
                        reject(new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Redis at ${where} answered SYNC with "${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(line.slice(0, 80))}" instead of an RDB`));
                        return;
                    }
                    conn.doing = 'receiving the RDB';
                    resolve({
                        form: state,
                        length: state === 'length' ? length : undefined,
                        stream: scanner,
                        scanner
                    });
                    const rest = header;
                    header = Buffer.alloc(0);
                    if (state === 'length' && remaining === 0)
                        finish();
                    else if (rest.length > 0)
                        body(rest);
                    return;
                }
            },
            end: (error) => {
                if (state === 'header') {
                    reject(error);
                }
                else if (state !== 'done') {
                    state = 'done';
                    const of = length ? ` of ${length}` : '';
                    scanner.destroy(new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${error.message}, after ${received}${of} bytes: the Redis snapshot is incomplete`));
                }
            }
        }, Buffer.from('SYNC\r\n'));
        // The consumer gave up (an upload failed): stop the transfer.
        scanner.on('close', () => {
            if (state !== 'done') {
                state = 'done';
                conn.close();
            }
        });
    });
}
// --- logical mode ---
function logicalDump(conn, server, reason, log, batch = 1000) {
    log.info(`logical mode (${reason}): SCAN + DUMP + PTTL per key, written as RESTORE commands; not point in time`);
    const dbs = {};
    let skipped = 0;
    const count = String(batch);
    async function* generate() {
        const numbers = Object.keys(server.keyspace)
            .map(Number)
            .sort((a, b) => a - b);
        for (const db of numbers) {
            conn.doing = `selecting db ${db}`;
            await command(() => conn.call('SELECT', String(db)), 'SELECT');
            yield (0,_resp_js__WEBPACK_IMPORTED_MODULE_4__/* .encodeCommand */ .as)(['SELECT', String(db)]);
            const counts = { keys: 0, keysWithTtl: 0 };
            dbs[String(db)] = counts;
            // SCAN may return a key twice while the table is rehashed; RESTORE ... REPLACE makes a
            // repeat harmless, and remembering every key would cost memory in proportion to the db.
            // The next SCAN goes in the same pipeline as this batch's PTTL + DUMP: one round trip each.
            conn.doing = `scanning db ${db}`;
            let scan = scanReply(await command(() => conn.call('SCAN', '0', 'COUNT', count), 'SCAN'));
            for (;;) {
                const { cursor, keys } = scan;
                const commands = [];
                for (const key of keys)
                    commands.push(['PTTL', key], ['DUMP', key]);
                if (cursor !== '0')
                    commands.push(['SCAN', cursor, 'COUNT', count]);
                conn.doing = `dumping keys of db ${db}`;
                const replies = await conn.send(commands);
                const out = [];
                keys.forEach((key, i) => {
                    const pttl = replies[2 * i];
                    const payload = replies[2 * i + 1];
                    if (pttl instanceof _resp_js__WEBPACK_IMPORTED_MODULE_4__/* .RespError */ .vM)
                        throw explainCommandError(pttl, conn.url, 'PTTL');
                    if (payload instanceof _resp_js__WEBPACK_IMPORTED_MODULE_4__/* .RespError */ .vM)
                        throw explainCommandError(payload, conn.url, 'DUMP');
                    if (pttl === -2 || payload === null || !Buffer.isBuffer(payload)) {
                        skipped++; // gone (deleted or expired) since SCAN saw it
                        return;
                    }
                    // RESTORE takes a relative TTL in ms; 0 means none, so a key about to expire gets 1.
                    const ttl = typeof pttl === 'number' && pttl >= 0 ? Math.max(1, pttl) : 0;
                    out.push(['RESTORE', key, String(ttl), payload, 'REPLACE']);
                    counts.keys++;
                    if (ttl > 0)
                        counts.keysWithTtl++;
                });
                if (out.length > 0)
                    yield (0,_resp_js__WEBPACK_IMPORTED_MODULE_4__/* .encodeCommands */ .XT)(out);
                if (cursor === '0')
                    break;
                const next = replies[replies.length - 1];
                if (next instanceof _resp_js__WEBPACK_IMPORTED_MODULE_4__/* .RespError */ .vM)
                    throw explainCommandError(next, conn.url, 'SCAN');
                scan = scanReply(next);
            }
            if (counts.keys === 0)
                delete dbs[String(db)];
        }
        conn.close();
        if (skipped > 0)
            log.info(`${skipped} keys vanished or expired during the scan and were skipped`);
    }
    function scanReply(reply) {
        const [cursor, keys] = reply;
        return { cursor: cursor.toString('latin1'), keys };
    }
    async function command(run, name) {
        try {
            return await run();
        }
        catch (error) {
            if (error instanceof _resp_js__WEBPACK_IMPORTED_MODULE_4__/* .RespError */ .vM)
                throw explainCommandError(error, conn.url, name);
            throw error;
        }
    }
    const stream = node_stream__WEBPACK_IMPORTED_MODULE_0__.Readable.from(generate(), { objectMode: false, highWaterMark: 1 << 20 });
    stream.on('close', () => conn.close());
    return {
        mode: 'logical',
        fileName: 'redis.resp',
        compressible: true,
        stream,
        server,
        facts: () => ({
            mode: 'logical',
            engine: server.engine,
            version: server.version,
            endpoint: server.endpoint,
            identity: server.identity,
            pointInTime: false,
            reason,
            ...sum(dbs),
            dbs,
            keyCountsFrom: 'scan',
            skippedKeys: skipped
        }),
        close: () => conn.close()
    };
}


/***/ }),

/***/ 2918:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LI: () => (/* binding */ RespConnection),
/* harmony export */   QL: () => (/* binding */ hostPort),
/* harmony export */   RL: () => (/* binding */ describeRedis),
/* harmony export */   XT: () => (/* binding */ encodeCommands),
/* harmony export */   as: () => (/* binding */ encodeCommand),
/* harmony export */   c0: () => (/* binding */ defaultTimeouts),
/* harmony export */   vM: () => (/* binding */ RespError)
/* harmony export */ });
/* unused harmony export explainSocketError */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(17);
/* harmony import */ var _util_redact_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(767);




/** An error reply from the server (-ERR ..., -NOPERM ..., -WRONGPASS ...). */
class RespError extends Error {
    code;
    constructor(message) {
        super(message);
        this.name = 'RespError';
        this.code = message.split(' ')[0];
    }
}
function defaultTimeouts(env = process.env) {
    const seconds = (name, fallback) => {
        const n = Number(env[name]);
        return (Number.isFinite(n) && n > 0 ? n : fallback) * 1000;
    };
    return {
        connectMs: seconds('LUNEO_CONNECT_TIMEOUT_SECONDS', 10),
        readMs: seconds('LUNEO_READ_TIMEOUT_SECONDS', 20)
    };
}
function hostPort(url) {
    return `${url.hostname}:${url.port || 6379}`;
}
/** Where a URL points, without secrets: rediss://user@host:port. */
function describeRedis(url) {
    const user = decodeURIComponent(url.username);
    return `${url.protocol}//${user ? user + '@' : ''}${hostPort(url)}`;
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
/** Parse one reply at offset; undefined when the bytes are not all here yet. */
function parseReply(buf, offset) {
    if (offset >= buf.length)
        return undefined;
    const end = buf.indexOf(CRLF, offset);
    if (end === -1)
        return undefined;
    const type = buf[offset];
    const line = buf.toString('utf8', offset + 1, end);
    const next = end + 2;
    switch (type) {
        case 0x2b: // +
            return { value: line, next };
        case 0x2d: // -
            return { value: new RespError(line), next };
        case 0x3a: // :
            return { value: Number(line), next };
        case 0x24: {
            // $
            const n = Number(line);
            if (n < 0)
                return { value: null, next };
            if (buf.length < next + n + 2)
                return undefined;
            return { value: buf.subarray(next, next + n), next: next + n + 2 };
        }
        case 0x2a: {
            // *
            const n = Number(line);
            if (n < 0)
                return { value: null, next };
            const items = [];
            let at = next;
            for (let i = 0; i < n; i++) {
                const item = parseReply(buf, at);
                if (!item)
                    return undefined;
                items.push(item.value);
                at = item.next;
            }
            return { value: items, next: at };
        }
        default:
            throw new ProtocolError(`unexpected byte 0x${type.toString(16)} in a reply`);
    }
}
class ProtocolError extends Error {
}
/** How many bytes must be buffered before parsing the reply at offset can succeed. */
function bytesNeeded(buf, offset) {
    const end = buf.indexOf(CRLF, offset);
    if (end !== -1 && buf[offset] === 0x24) {
        const n = Number(buf.toString('latin1', offset + 1, end));
        if (n > 0)
            return end + 2 + n + 2;
    }
    return buf.length + 1;
}
class RespConnection {
    socket;
    url;
    timeouts;
    chunks = [];
    buffered = 0;
    needed = 1;
    pending = [];
    raw;
    paused = false;
    lastActivity = Date.now();
    failure;
    watchdog;
    /** What the client is doing, for timeout messages. */
    doing = 'connecting';
    constructor(socket, url, timeouts) {
        this.socket = socket;
        this.url = url;
        this.timeouts = timeouts;
        socket.on('data', (chunk) => this.onData(chunk));
        socket.on('error', (error) => this.fail(explainSocketError(error, url)));
        socket.on('close', () => this.fail(new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`Redis at ${hostPort(url)} closed the connection while ${this.doing}`)));
        this.watchdog = setInterval(() => {
            const waiting = this.raw ? !this.paused : this.pending.length > 0;
            if (waiting && Date.now() - this.lastActivity > timeouts.readMs) {
                this.fail(new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`Redis at ${hostPort(url)} did not answer within ${timeouts.readMs / 1000} s while ${this.doing}`));
            }
        }, Math.min(1000, timeouts.readMs / 4));
        this.watchdog.unref();
    }
    /**
     * Connect (TLS for rediss://, verified against Node's CAs plus NODE_EXTRA_CA_CERTS) and
     * authenticate with the URL's user and password.
     */
    static async connect(url, timeouts = defaultTimeouts(), tlsOptions = {}) {
        const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
        const port = Number(url.port || 6379);
        const secure = url.protocol === 'rediss:';
        const socket = secure
            ? node_tls__WEBPACK_IMPORTED_MODULE_1___default().connect({ host, port, servername: node_net__WEBPACK_IMPORTED_MODULE_0___default().isIP(host) ? undefined : host, ...tlsOptions })
            : node_net__WEBPACK_IMPORTED_MODULE_0___default().connect({ host, port });
        await new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                socket.destroy();
                reject(new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`cannot reach Redis at ${hostPort(url)}: no ${secure ? 'TLS handshake' : 'connection'} within ${timeouts.connectMs / 1000} s`));
            }, timeouts.connectMs);
            socket.once(secure ? 'secureConnect' : 'connect', () => {
                clearTimeout(timer);
                socket.removeAllListeners('error');
                resolve();
            });
            socket.once('error', (error) => {
                clearTimeout(timer);
                socket.destroy();
                reject(explainSocketError(error, url));
            });
        });
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 10_000);
        const conn = new RespConnection(socket, url, timeouts);
        try {
            await conn.authenticate();
        }
        catch (error) {
            conn.close();
            throw error;
        }
        return conn;
    }
    async authenticate() {
        const user = decodeURIComponent(this.url.username);
        const password = decodeURIComponent(this.url.password);
        if (!password)
            return;
        this.doing = 'authenticating';
        const args = user && user !== 'default' ? ['AUTH', user, password] : ['AUTH', password];
        const [reply] = await this.send([args]);
        if (reply instanceof RespError) {
            const who = user ? `user "${user}"` : 'the password';
            if (reply.code === 'WRONGPASS' || /invalid (username|password)/i.test(reply.message)) {
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`Redis at ${hostPort(this.url)} refused ${who} (${reply.code}): check the user and password in redis-url`);
            }
            if (/without any password configured/i.test(reply.message)) {
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`Redis at ${hostPort(this.url)} has no password set, but redis-url gives one: remove it from redis-url or set requirepass`);
            }
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`Redis at ${hostPort(this.url)} refused AUTH: ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(reply.message)}`);
        }
    }
    /** Send commands in one write; resolves with every reply, error replies included. */
    send(commands) {
        if (this.failure)
            return Promise.reject(this.failure);
        if (this.raw)
            return Promise.reject(new Error('connection is in raw mode'));
        if (commands.length === 0)
            return Promise.resolve([]);
        return new Promise((resolve, reject) => {
            if (this.pending.length === 0)
                this.lastActivity = Date.now();
            this.pending.push({ count: commands.length, replies: [], resolve, reject });
            this.socket.write(encodeCommands(commands));
        });
    }
    /** One command; an error reply is thrown as a RespError. */
    async call(...args) {
        const [reply] = await this.send([args]);
        if (reply instanceof RespError)
            throw reply;
        return reply;
    }
    /** From now on the socket's bytes go to handler as they come (for SYNC); then write bytes. */
    takeOver(handler, write) {
        if (this.pending.length > 0)
            throw new Error('replies are still pending');
        this.raw = handler;
        this.lastActivity = Date.now();
        const rest = this.take();
        if (rest.length > 0)
            handler.data(rest);
        this.socket.write(write);
    }
    /** Backpressure in raw mode: a paused connection is not timed out. */
    pause() {
        this.paused = true;
        this.socket.pause();
    }
    resume() {
        this.paused = false;
        this.lastActivity = Date.now();
        this.socket.resume();
    }
    close() {
        clearInterval(this.watchdog);
        if (!this.failure)
            this.failure = new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`connection to ${hostPort(this.url)} closed`);
        this.raw = undefined;
        this.socket.destroy();
    }
    get closed() {
        return this.failure !== undefined;
    }
    take() {
        const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
        this.chunks = [];
        this.buffered = 0;
        this.needed = 1;
        return all;
    }
    onData(chunk) {
        this.lastActivity = Date.now();
        if (this.raw) {
            this.raw.data(chunk);
            return;
        }
        this.chunks.push(chunk);
        this.buffered += chunk.length;
        if (this.buffered < this.needed)
            return;
        const buf = this.take();
        let offset = 0;
        try {
            while (this.pending.length > 0) {
                const parsed = parseReply(buf, offset);
                if (!parsed)
                    break;
                offset = parsed.next;
                const head = this.pending[0];
                head.replies.push(parsed.value);
                if (head.replies.length === head.count) {
                    this.pending.shift();
                    head.resolve(head.replies);
                }
            }
        }
        catch (error) {
            this.fail(new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`Redis at ${hostPort(this.url)} sent something that is not RESP: ${error.message}`));
            return;
        }
        if (offset < buf.length) {
            const rest = buf.subarray(offset);
            this.chunks = [rest];
            this.buffered = rest.length;
            this.needed = bytesNeeded(rest, 0);
        }
    }
    fail(error) {
        if (this.failure)
            return;
        this.failure = error;
        clearInterval(this.watchdog);
        this.socket.destroy();
        for (const p of this.pending.splice(0))
            p.reject(error);
        const raw = this.raw;
        this.raw = undefined;
        raw?.end(error);
    }
}
function explainSocketError(error, url) {
    const e = error;
    const where = hostPort(url);
    switch (e.code) {
        case 'ECONNREFUSED':
            return new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`cannot reach Redis at ${where}: connection refused`);
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`cannot reach Redis at ${where}: host not found`);
        case 'ECONNRESET':
        case 'EPIPE':
            return new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`Redis at ${where} reset the connection`);
        case 'ETIMEDOUT':
        case 'EHOSTUNREACH':
        case 'ENETUNREACH':
            return new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`cannot reach Redis at ${where}: ${e.code}`);
    }
    if (e.code?.startsWith('ERR_SSL') || /certificate|ssl|tls/i.test(e.message ?? '')) {
        return new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`TLS with Redis at ${where} failed: ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(e.message)}`);
    }
    return new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`Redis at ${where}: ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(e.message ?? String(error))}`);
}


/***/ })

};

//# sourceMappingURL=489.index.js.map