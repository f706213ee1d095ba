export const id = 144;
export const ids = [144];
export const modules = {

/***/ 7920:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LI: () => (/* binding */ RespConnection),
/* harmony export */   QL: () => (/* binding */ hostPort),
/* harmony export */   RL: () => (/* binding */ describeRedis)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _util_connectError_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7238);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(17);
/* harmony import */ var _util_redact_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(767);
/* harmony import */ var _resp_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8626);
/* harmony import */ var _util_timeouts_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4870);







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
    static async connect(url, timeouts = _util_timeouts_js__WEBPACK_IMPORTED_MODULE_6__/* .DEFAULT_TIMEOUTS */ .R, tlsOptions = {}) {
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

/***/ 2508:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nn: () => (/* binding */ inspect),
/* harmony export */   W_: () => (/* binding */ sumCounts),
/* harmony export */   pE: () => (/* binding */ explainCommandError)
/* harmony export */ });
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

/***/ 3821:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ syncAnnounce),
/* harmony export */   s: () => (/* binding */ checkTargetReadsFormat)
/* harmony export */ });
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);

// Which RDB format a server writes and reads, where it matters: Valkey 9 has a format of its own.
// Redis and Valkey up to 8 write RDB 11 and older (magic REDIS); Valkey 9.0 writes RDB 80 (magic
// VALKEY080) and 9.2 RDB 81, keeping 12-79 for Redis's later formats (Valkey's RDB_VERSION_MAP:
// 80 since 9.0, 81 since 9.2). RESTORE checks the RDB version in each payload's footer and refuses
// a newer one, so a snapshot in Valkey's format can only go into a Valkey that reads it.
/** Valkey's own RDB versions and the release that began writing each. */
const VALKEY_RDB = [
    { rdb: 80, since: [9, 0] },
    { rdb: 81, since: [9, 2] }
];
function majorMinor(version) {
    const [major = 0, minor = 0] = version.split('.').map(Number);
    return [major, minor];
}
function atLeast(version, [major, minor]) {
    const [m, n] = majorMinor(version);
    return m > major || (m === major && n >= minor);
}
/** The newest RDB version a server writes itself (and so reads): Valkey 9's own, else 11 or older. */
function ownValkeyRdb(server) {
    if (server.engine !== 'valkey')
        return undefined;
    return VALKEY_RDB.filter((v) => atLeast(server.version, v.since)).at(-1)?.rdb;
}
/**
 * The version a SYNC announces (REPLCONF version), or none. A replica that names no version gets
 * RDB 11 from Valkey 9, the last format Redis 7.2 reads, and the SYNC fails when a key does not fit
 * in it (a hash whose fields have their own expiry: "Can't store key in RDB version 11"). Naming
 * the server's own version gets its own format, which holds every key.
 */
function syncAnnounce(server) {
    return ownValkeyRdb(server) !== undefined ? server.version : undefined;
}
/**
 * The RDB version of a snapshot's payloads: the RDB's own, or for a logical dump the DUMP
 * payloads' (the source's own format: DUMP on Valkey 9 writes RDB 80 even for a plain string).
 */
function snapshotRdb(stats) {
    return stats.rdbVersion ?? ownValkeyRdb(stats);
}
/**
 * Refuse, before anything is written, a target that cannot load the snapshot's format: Valkey's
 * own RDB (80 and up) into Redis or an older Valkey. Both versions are named. A Valkey at least
 * as new as the source reads it, and so does one whose own RDB version is at least the snapshot's.
 */
function checkTargetReadsFormat(stats, server, file) {
    const rdb = snapshotRdb(stats);
    if (rdb === undefined || rdb < 80)
        return;
    if (server.engine === 'valkey') {
        if (stats.engine === 'valkey' && atLeast(server.version, majorMinor(stats.version)))
            return;
        if ((ownValkeyRdb(server) ?? 0) >= rdb)
            return;
    }
    const since = VALKEY_RDB.find((v) => v.rdb === rdb)?.since;
    const first = since ? `Valkey ${since.join('.')}` : `Valkey ${stats.version}`;
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${file} is in Valkey's own RDB format (RDB version ${rdb}, from ${stats.engine} ${stats.version}), which ${server.engine} ${server.version} at ${server.endpoint} cannot load (RESTORE refuses an RDB version it does not know; ${first} is the first to read it): restore into ${first} or newer; nothing was written`);
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

//# sourceMappingURL=144.index.js.map