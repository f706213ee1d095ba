export const id = 968;
export const ids = [968];
export const modules = {

/***/ 8050:
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

/***/ 1734:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  B: () => (/* binding */ RdbScanner)
});

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/sources/redis/crc64.ts
var crc64 = __webpack_require__(8050);
;// CONCATENATED MODULE: ./src/sources/redis/rdb/facts.ts
// What the RDB scanner finds: the keys as the RDB holds them, the counts, the file's facts.
/** Thrown for anything the parser cannot follow; the stream is then checked by its end. */
class GiveUp extends Error {
}
/**
 * The RDB is not whole: what the scanner found, for its caller to word (the backup's SYNC stream,
 * the restore). `bytes`: how many had come; `offset`: how far the parse had read.
 */
class RdbDamage extends Error {
    fault;
    rdbVersion;
    bytes;
    offset;
    constructor(fault, rdbVersion, bytes, offset) {
        super(`RDB not whole (${fault.kind}) after ${bytes} bytes`);
        this.fault = fault;
        this.rdbVersion = rdbVersion;
        this.bytes = bytes;
        this.offset = offset;
        this.name = 'RdbDamage';
    }
}

;// CONCATENATED MODULE: ./src/sources/redis/rdb/byteQueue.ts
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

;// CONCATENATED MODULE: ./src/sources/redis/rdb/lzf.ts
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

;// CONCATENATED MODULE: ./src/sources/redis/rdb/reader.ts



// The RDB's encodings, read as generator steps that yield only when they need bytes that have
// not come yet: lengths (6, 14, 32 or 64 bits), strings (raw, integer-encoded, LZF), skipped
// unless asked for.
const MAX_AUX_STRING = 4096;
class RdbReader {
    q;
    constructor(q = new ByteQueue()) {
        this.q = q;
    }
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
}

;// CONCATENATED MODULE: ./src/sources/redis/rdb/values.ts

// The value of each RDB type, skipped in order: what follows a key's type byte and name. A type
// not known here gives up (GiveUp): the scanner then checks the stream by its end.
function* skipValue(r, type, rdbVersion) {
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
            yield* r.string();
            return;
        case 1: // LIST
        case 2: // SET
        case 14: {
            // LIST_QUICKLIST
            const n = yield* r.length();
            for (let i = 0; i < n; i++)
                yield* r.string();
            return;
        }
        case 3: {
            // ZSET (scores as text)
            const n = yield* r.length();
            for (let i = 0; i < n; i++) {
                yield* r.string();
                const size = yield* r.u8();
                if (size < 253)
                    yield* r.skip(size);
            }
            return;
        }
        case 4: {
            // HASH
            const n = yield* r.length();
            for (let i = 0; i < 2 * n; i++)
                yield* r.string();
            return;
        }
        case 22: {
            // HASH_2 (Valkey 9, RDB 80 and up): each field, its value, its expiry (ms, 8 bytes LE; -1
            // for none). Valkey's only: in Redis 7.4's RDB 12, 22 was a pre-release hash of its own.
            if (rdbVersion < 80)
                throw new GiveUp(`value type 22 in RDB version ${rdbVersion} is not known to this parser`);
            const n = yield* r.length();
            for (let i = 0; i < n; i++) {
                yield* r.string();
                yield* r.string();
                yield* r.skip(8);
            }
            return;
        }
        case 5: {
            // ZSET_2 (binary double scores)
            const n = yield* r.length();
            for (let i = 0; i < n; i++) {
                yield* r.string();
                yield* r.skip(8);
            }
            return;
        }
        case 7: // MODULE_2
            yield* r.length();
            yield* skipModuleValue(r);
            return;
        case 18: {
            // LIST_QUICKLIST_2: container kind, then the node
            const n = yield* r.length();
            for (let i = 0; i < n; i++) {
                yield* r.length();
                yield* r.string();
            }
            return;
        }
        case 15: // STREAM_LISTPACKS
        case 19: // STREAM_LISTPACKS_2
        case 21: // STREAM_LISTPACKS_3
            yield* skipStream(r, type);
            return;
        default:
            throw new GiveUp(`value type ${type} is not known to this parser`);
    }
}
function* skipModuleValue(r) {
    for (;;) {
        const opcode = yield* r.length();
        switch (opcode) {
            case 0: // EOF
                return;
            case 1: // SINT
            case 2: // UINT
                yield* r.length();
                break;
            case 3: // FLOAT
                yield* r.skip(4);
                break;
            case 4: // DOUBLE
                yield* r.skip(8);
                break;
            case 5: // STRING
                yield* r.string();
                break;
            default:
                throw new GiveUp(`unknown module opcode ${opcode}`);
        }
    }
}
function* skipStream(r, type) {
    const listpacks = yield* r.length();
    for (let i = 0; i < listpacks; i++) {
        yield* r.string(); // master entry id
        yield* r.string(); // listpack
    }
    yield* r.length(); // items
    yield* r.length(); // last id ms
    yield* r.length(); // last id seq
    if (type >= 19) {
        for (let i = 0; i < 5; i++)
            yield* r.length(); // first id, max deleted id, entries added
    }
    const groups = yield* r.length();
    for (let g = 0; g < groups; g++) {
        yield* r.string(); // name
        yield* r.length(); // last id ms
        yield* r.length(); // last id seq
        if (type >= 19)
            yield* r.length(); // entries read
        const pel = yield* r.length();
        for (let i = 0; i < pel; i++) {
            yield* r.skip(16); // id
            yield* r.skip(8); // delivery time
            yield* r.length(); // delivery count
        }
        const consumers = yield* r.length();
        for (let c = 0; c < consumers; c++) {
            yield* r.string(); // name
            yield* r.skip(type >= 21 ? 16 : 8); // seen time (and active time)
            const owned = yield* r.length();
            yield* r.skip(16 * owned);
        }
    }
}

;// CONCATENATED MODULE: ./src/sources/redis/rdb/scanner.ts





class RdbScanner extends external_node_stream_.Transform {
    options;
    r = new RdbReader();
    q = this.r.q;
    /** CRC-64 of every byte but the last 8 seen so far (those may be the stored checksum). */
    crc = new crc64/* Crc64 */.V();
    held = Buffer.alloc(0);
    /** The byte just before `held`: the EOF opcode when the stream is whole. */
    beforeHeld = -1;
    total = 0;
    /** Where the parse ended (after the checksum), once it has: what follows is trailing. */
    parseEnd = 0;
    /** The checksum stored after the EOF opcode, and the CRC-64 of every byte before it. */
    stored;
    computed;
    parser;
    state = 'parsing';
    where = 'the header';
    rdbVersion = 0;
    checksum = 'disabled';
    note;
    aux = {};
    counted = new Map();
    resized = new Map();
    keysSoFar = 0;
    constructor(options = {}) {
        super({ highWaterMark: 1 << 20 });
        this.options = options;
        this.parser = this.parse();
    }
    /** Keys counted so far, for the progress line (they stop counting if the parse gives up). */
    get keys() {
        return this.keysSoFar;
    }
    /** Why the key-by-key parse stopped early (a type it does not know), once it has. */
    get gaveUp() {
        return this.state === 'tail' ? this.note : undefined;
    }
    fail(fault) {
        const damage = new RdbDamage(fault, this.rdbVersion, this.total, this.q.consumed);
        return this.options.explain ? this.options.explain(damage) : damage;
    }
    _transform(chunk, _encoding, done) {
        try {
            const before = this.total;
            this.total += chunk.length;
            this.feed(chunk, before);
            this.hold(chunk);
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
            ...(this.note ? { note: this.note } : {}),
            ...(this.trailingBytes > 0 ? { trailingBytes: this.trailingBytes } : {})
        };
    }
    /** Bytes after the EOF opcode and checksum (0 until the parse has ended). */
    get trailingBytes() {
        return this.state === 'done' ? this.total - this.parseEnd : 0;
    }
    /**
     * Feed the CRC with all but the last 8 bytes, which may be the stored checksum. Once the parse
     * has met the EOF opcode, the CRC up to it is settled (settle()) and nothing more goes in.
     */
    hold(chunk) {
        if (this.state === 'done')
            return;
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
    /** `before`: how many bytes came before this chunk. */
    feed(chunk, before) {
        if (this.state === 'tail')
            return;
        if (this.state === 'done') {
            if (this.options.trailing === undefined) {
                throw this.fail({ kind: 'trailing', extra: this.trailingBytes });
            }
            return; // counted by `total`; not parsed, not kept
        }
        this.q.push(chunk);
        this.step(chunk, before);
    }
    step(chunk, before) {
        try {
            const result = this.parser.next();
            if (result.done) {
                this.state = 'done';
                this.parseEnd = this.q.consumed;
                this.settle(chunk, before);
                this.q.skip(this.q.length); // trailing bytes: not kept
                if (this.trailingBytes > 0 && this.options.trailing === undefined) {
                    throw this.fail({ kind: 'trailing', extra: this.trailingBytes });
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
     * The parse has just met the EOF opcode (and read the checksum after it) in `chunk`: the CRC
     * has every byte but those `hold` keeps back (at most 8, just before `chunk`); feed it exactly
     * up to the checksum, whatever follows.
     */
    settle(chunk, before) {
        const checksumAt = this.rdbVersion >= 5 ? this.parseEnd - 8 : this.parseEnd;
        const pendingFrom = before - this.held.length;
        const pending = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
        this.crc.update(pending, 0, checksumAt - pendingFrom);
        this.computed = this.crc.digestLE();
        this.held = Buffer.alloc(0);
    }
    /**
     * The verdict at the end of the stream. 'done': the parser met the EOF opcode and 8 bytes
     * after it (`stored`), checked against the CRC-64 of all before them (`computed`); trailing
     * bytes after them only as the `trailing` option allows. 'tail': the parser met a type it does not know, so the end
     * must be the EOF opcode and a CRC-64 that matches. 'parsing': the stream stopped inside an
     * entry: truncated, or corrupt where a damaged length sent the parser astray; a valid CRC-64
     * after an EOF opcode then means the parser is at fault, not the file.
     */
    finish() {
        if (this.state === 'done') {
            this.finishDone();
            return;
        }
        const stored = this.held;
        const eof = this.total >= 18 && this.beforeHeld === 0xff;
        const expected = this.crc.digestLE();
        const disabled = stored.length === 8 && stored.every((byte) => byte === 0);
        const matches = eof && stored.length === 8 && stored.equals(expected);
        const corrupt = () => this.fail({
            kind: 'checksum',
            stored: stored.toString('hex'),
            computed: expected.toString('hex')
        });
        if (this.state === 'parsing' && !(eof && matches && !disabled)) {
            if (eof && !disabled && !matches && this.total > 9)
                throw corrupt();
            throw this.fail({ kind: 'truncated', inside: this.where });
        }
        if (this.state === 'parsing') {
            this.note = `the parser stopped in ${this.where} at byte ${this.q.consumed}, yet the RDB ends with its EOF opcode and a valid CRC-64: key counts come from RESIZEDB`;
            this.state = 'tail';
        }
        // 'tail': the end must be the EOF opcode and the CRC-64 of all before it.
        if (!eof) {
            throw this.fail({ kind: 'no-eof' });
        }
        if (disabled)
            this.checksum = 'disabled';
        else if (matches)
            this.checksum = 'verified';
        else
            throw corrupt();
    }
    finishDone() {
        const stored = this.stored ?? Buffer.alloc(0);
        const computed = this.computed ?? Buffer.alloc(0);
        const disabled = this.rdbVersion < 5 || stored.every((byte) => byte === 0);
        if (!disabled && !stored.equals(computed)) {
            throw this.fail({
                kind: 'checksum',
                stored: stored.toString('hex'),
                computed: computed.toString('hex')
            });
        }
        this.checksum = disabled ? 'disabled' : 'verified';
        const extra = this.trailingBytes;
        const allowed = this.options.trailing;
        if (typeof allowed === 'number' && allowed !== extra) {
            throw this.fail({ kind: 'trailing', extra, expected: allowed });
        }
        if (extra === 0)
            return;
        if (allowed === undefined)
            throw this.fail({ kind: 'trailing', extra });
        if (disabled)
            throw this.fail({ kind: 'trailing', extra, unverified: true });
    }
    *parse() {
        const r = this.r;
        const header = (yield* r.bytes(9)).toString('latin1');
        // REDIS and 4 digits, or Valkey 9's own magic: VALKEY and 3 digits, from 80 (VALKEY080), as
        // Valkey keeps 12-79 for Redis's later formats. RDB 80 is RDB 11 and one new type, 22 (a hash
        // whose fields carry their own expiry: values.ts); its opcodes are Redis's.
        const valkey = header.startsWith('VALKEY');
        if (!valkey && !header.startsWith('REDIS')) {
            throw this.fail({ kind: 'magic', found: header.slice(0, 5) });
        }
        const version = header.slice(valkey ? 6 : 5);
        if (valkey ? !/^\d{3}$/.test(version) || Number(version) < 80 : !/^\d{4}$/.test(version)) {
            throw this.fail({ kind: 'version', found: version });
        }
        this.rdbVersion = Number(version);
        let db = 0;
        let expiry = false;
        let expireAtMs;
        const { onEntry, onFunction } = this.options;
        for (;;) {
            this.where = 'an opcode';
            const op = yield* r.u8();
            switch (op) {
                case 0xff: // EOF
                    this.where = 'the checksum';
                    if (this.rdbVersion >= 5)
                        this.stored = Buffer.from(yield* r.bytes(8)); // finishDone()
                    return;
                case 0xfe: // SELECTDB
                    db = yield* r.length();
                    break;
                case 0xfb: {
                    // RESIZEDB: keys and keys with an expiry in this db
                    const keys = yield* r.length();
                    const keysWithTtl = yield* r.length();
                    this.resized.set(db, { keys, keysWithTtl });
                    break;
                }
                case 0xfa: {
                    // AUX
                    this.where = 'an AUX field';
                    const key = yield* r.string(true);
                    const value = yield* r.string(true);
                    if (key !== undefined && value !== undefined)
                        this.aux[key] = value;
                    break;
                }
                case 0xf9: // FREQ (LFU)
                    yield* r.skip(1);
                    break;
                case 0xf8: // IDLE (LRU)
                    yield* r.length();
                    break;
                case 0xfd: // EXPIRETIME seconds
                    expireAtMs = (yield* r.bytes(4)).readUInt32LE(0) * 1000;
                    expiry = true;
                    break;
                case 0xfc: // EXPIRETIME_MS
                    expireAtMs = Number((yield* r.bytes(8)).readBigInt64LE(0));
                    expiry = true;
                    break;
                case 0xf7: // MODULE_AUX
                    this.where = 'module data';
                    yield* r.length(); // module id
                    yield* r.length(); // when opcode
                    yield* r.length(); // when
                    yield* skipModuleValue(r);
                    break;
                case 0xf5: // FUNCTION2: the library's code
                    this.where = 'a function library';
                    if (onFunction)
                        onFunction(yield* r.captured(r.string()));
                    else
                        yield* r.string();
                    break;
                case 0xf4: // SLOT_INFO (7.4+): slot, keys, expires
                    yield* r.length();
                    yield* r.length();
                    yield* r.length();
                    break;
                default: {
                    this.where = `a key of type ${op}`;
                    if (onEntry) {
                        const key = yield* r.stringBytes();
                        const value = yield* r.captured(skipValue(r, op, this.rdbVersion));
                        onEntry({ db, type: op, key, value, ...(expiry ? { expireAtMs } : {}) });
                    }
                    else {
                        yield* r.string(); // the key
                        yield* skipValue(r, op, this.rdbVersion);
                    }
                    const counts = this.counted.get(db) ?? { keys: 0, keysWithTtl: 0 };
                    counts.keys++;
                    this.keysSoFar++;
                    if (expiry)
                        counts.keysWithTtl++;
                    this.counted.set(db, counts);
                    expiry = false;
                    expireAtMs = undefined;
                }
            }
        }
    }
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
            if (fault.expected !== undefined) {
                return `${fault.extra} more bytes follow its EOF opcode and checksum, where the manifest records ${fault.expected}`;
            }
            if (fault.unverified) {
                return `${fault.extra} more bytes follow its EOF opcode, and its checksum is off: nothing proves where the RDB ends`;
            }
            return `${fault.extra} more bytes follow its EOF opcode and checksum`;
        case 'checksum':
            return `its CRC-64 is ${fault.stored} but the bytes give ${fault.computed} (corrupt)`;
        case 'truncated':
            return `it stops after ${damage.bytes} bytes, in the middle of ${fault.inside} (truncated)`;
        case 'no-eof':
            return `it stops after ${damage.bytes} bytes without the EOF opcode (truncated)`;
    }
}


/***/ })

};

//# sourceMappingURL=968.index.js.map