export const id = 499;
export const ids = [499];
export const modules = {

/***/ 7920:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LI: () => (/* binding */ RespConnection),
/* harmony export */   QL: () => (/* binding */ hostPort),
/* harmony export */   RL: () => (/* binding */ describeRedis),
/* harmony export */   c0: () => (/* binding */ defaultTimeouts)
/* harmony export */ });
/* unused harmony export explainSocketError */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _util_connectError_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7238);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(17);
/* harmony import */ var _util_redact_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(767);
/* harmony import */ var _resp_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8626);






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
        socket.on('close', () => this.fail(new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Redis at ${hostPort(url)} closed the connection while ${this.doing}`)));
        this.watchdog = setInterval(() => {
            const waiting = this.raw ? !this.paused : this.pending.length > 0;
            if (waiting && Date.now() - this.lastActivity > timeouts.readMs) {
                this.fail(new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Redis at ${hostPort(url)} did not answer within ${timeouts.readMs / 1000} s while ${this.doing}`));
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
                reject((0,_util_connectError_js__WEBPACK_IMPORTED_MODULE_2__/* .cannotConnect */ .y)('Redis', hostPort(url), `timeout: no ${secure ? 'TLS handshake' : 'connection'} within ${timeouts.connectMs / 1000} s`));
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
        if (reply instanceof _resp_js__WEBPACK_IMPORTED_MODULE_5__/* .RespError */ .vM) {
            const who = user ? `user "${user}"` : 'the password';
            if (reply.code === 'WRONGPASS' || /invalid (username|password)/i.test(reply.message)) {
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Redis at ${hostPort(this.url)} refused ${who} (${reply.code}): check the user and password in redis-url`);
            }
            if (/without any password configured/i.test(reply.message)) {
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Redis at ${hostPort(this.url)} has no password set, but redis-url gives one: remove it from redis-url or set requirepass`);
            }
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Redis at ${hostPort(this.url)} refused AUTH: ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_4__/* .redact */ .E$)(reply.message)}`);
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
            this.socket.write((0,_resp_js__WEBPACK_IMPORTED_MODULE_5__/* .encodeCommands */ .XT)(commands));
        });
    }
    /** One command; an error reply is thrown as a RespError. */
    async call(...args) {
        const [reply] = await this.send([args]);
        if (reply instanceof _resp_js__WEBPACK_IMPORTED_MODULE_5__/* .RespError */ .vM)
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
            this.failure = new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`connection to ${hostPort(this.url)} closed`);
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
        /** What the reply at offset still needs (counted from buf's start), once a parse said so. */
        let need = 0;
        try {
            while (this.pending.length > 0) {
                const parsed = (0,_resp_js__WEBPACK_IMPORTED_MODULE_5__/* .parseReply */ .UV)(buf, offset);
                if ('need' in parsed) {
                    need = parsed.need;
                    break;
                }
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
            this.fail(new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Redis at ${hostPort(this.url)} sent something that is not RESP: ${error.message}`));
            return;
        }
        if (offset < buf.length) {
            const rest = buf.subarray(offset);
            this.chunks = [rest];
            this.buffered = rest.length;
            this.needed = need > offset ? need - offset : rest.length + 1;
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
            return (0,_util_connectError_js__WEBPACK_IMPORTED_MODULE_2__/* .cannotConnect */ .y)('Redis', where, 'refused');
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return (0,_util_connectError_js__WEBPACK_IMPORTED_MODULE_2__/* .cannotConnect */ .y)('Redis', where, 'host not found');
        case 'ECONNRESET':
        case 'EPIPE':
            return new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Redis at ${where} reset the connection`);
        case 'ETIMEDOUT':
        case 'EHOSTUNREACH':
        case 'ENETUNREACH':
            return (0,_util_connectError_js__WEBPACK_IMPORTED_MODULE_2__/* .cannotConnect */ .y)('Redis', where, e.code === 'ETIMEDOUT' ? 'timeout' : e.code);
    }
    if (e.code?.startsWith('ERR_SSL') || /certificate|ssl|tls/i.test(e.message ?? '')) {
        return new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`TLS with Redis at ${where} failed: ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_4__/* .redact */ .E$)(e.message)}`);
    }
    return new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Redis at ${where}: ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_4__/* .redact */ .E$)(e.message ?? String(error))}`);
}


/***/ }),

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

/***/ 2508:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nn: () => (/* binding */ inspect),
/* harmony export */   W_: () => (/* binding */ sumCounts),
/* harmony export */   pE: () => (/* binding */ explainCommandError)
/* harmony export */ });
/* unused harmony export parseInfo */
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);
/* harmony import */ var _util_redact_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(767);
/* harmony import */ var _connection_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7920);
/* harmony import */ var _resp_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8626);




/** INFO: engine and version, refuse Redis Cluster, and the keyspace as it is now. */
async function inspect(conn) {
    conn.doing = 'reading INFO';
    const where = (0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .hostPort */ .QL)(conn.url);
    let text;
    try {
        text = String(await conn.call('INFO'));
    }
    catch (error) {
        if (error instanceof _resp_js__WEBPACK_IMPORTED_MODULE_3__/* .RespError */ .vM)
            throw explainCommandError(error, conn.url, 'INFO');
        throw error;
    }
    const info = parseInfo(text);
    if (info.cluster_enabled === '1') {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Redis at ${where} is a Redis Cluster node (cluster_enabled:1): cluster backups are not supported yet; back up each primary on its own, with its own redis-url`);
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
        endpoint: (0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .describeRedis */ .RL)(conn.url),
        keyspace,
        identity: {
            address: (0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .hostPort */ .QL)(conn.url),
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
    const where = (0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .hostPort */ .QL)(url);
    if (error.code === 'NOAUTH') {
        return new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Redis at ${where} requires a password: put it in redis-url (redis://user:password@host:port)`);
    }
    if (error.code === 'NOPERM') {
        const user = decodeURIComponent(url.username) || 'default';
        return new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Redis user "${user}" at ${where} may not run ${command} (NOPERM): a backup needs +info and +sync (RDB), or +info +select +scan +dump +pttl (logical)`);
    }
    return new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Redis at ${where} refused ${command}: ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(error.message)}`);
}
/** The keys and keys with an expiry of every db together. */
function sumCounts(dbs) {
    const all = Object.values(dbs);
    return {
        keys: all.reduce((n, db) => n + db.keys, 0),
        keysWithTtl: all.reduce((n, db) => n + db.keysWithTtl, 0)
    };
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
function* skipValue(r, type) {
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
    fail(fault) {
        const damage = new RdbDamage(fault, this.rdbVersion, this.total, this.q.consumed);
        return this.options.explain ? this.options.explain(damage) : damage;
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
            throw this.fail({ kind: 'trailing', extra: this.q.length });
        }
        this.step();
    }
    step() {
        try {
            const result = this.parser.next();
            if (result.done) {
                this.state = 'done';
                if (this.q.length > 0) {
                    throw this.fail({ kind: 'trailing', extra: this.q.length });
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
        const corrupt = () => this.fail({
            kind: 'checksum',
            stored: stored.toString('hex'),
            computed: expected.toString('hex')
        });
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
    *parse() {
        const r = this.r;
        const header = yield* r.bytes(9);
        if (header.subarray(0, 5).toString('latin1') !== 'REDIS') {
            throw this.fail({ kind: 'magic', found: header.subarray(0, 5).toString('latin1') });
        }
        const version = header.subarray(5).toString('latin1');
        if (!/^\d{4}$/.test(version))
            throw this.fail({ kind: 'version', found: version });
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
                        yield* r.bytes(8); // checked by finish()
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
                        const value = yield* r.captured(skipValue(r, op));
                        onEntry({ db, type: op, key, value, ...(expiry ? { expireAtMs } : {}) });
                    }
                    else {
                        yield* r.string(); // the key
                        yield* skipValue(r, op);
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
            return `it starts with ${JSON.stringify(fault.found)}, not REDIS`;
        case 'version':
            return `its version "${fault.found}" is not a number`;
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

/***/ 7238:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ cannotConnect)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);

/**
 * One wording for a server that cannot be reached, whatever the client library said:
 * "cannot connect to PostgreSQL at db:5432 (refused)". `why` is refused, timeout (and after
 * how long), host not found, or what the socket reported.
 */
function cannotConnect(what, hostPort, why) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`cannot connect to ${what} at ${hostPort} (${why})`);
}


/***/ })

};

//# sourceMappingURL=499.index.js.map