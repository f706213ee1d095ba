export const id = 942;
export const ids = [942];
export const modules = {

/***/ 4942:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openRedisDump: () => (/* binding */ openRedisDump),
  probeRedis: () => (/* binding */ probeRedis)
});

// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/util/redact.ts
var redact = __webpack_require__(767);
// EXTERNAL MODULE: ./src/sources/redis/connection.ts
var connection = __webpack_require__(7920);
// EXTERNAL MODULE: ./src/util/timeouts.ts
var util_timeouts = __webpack_require__(4870);
// EXTERNAL MODULE: ./src/sources/redis/info.ts
var info = __webpack_require__(2508);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/sources/redis/resp.ts
var resp = __webpack_require__(8626);
;// CONCATENATED MODULE: ./src/sources/redis/logical.ts



// Logical mode, for managed Redis that refuses SYNC: SCAN every non-empty db, DUMP + PTTL each
// key (pipelined), and write `SELECT n` and `RESTORE key ttl payload REPLACE` as RESP, a stream
// that `redis-cli --pipe` replays. Not point in time: keys are read one batch after another.
function logicalDump(conn, server, reason, log, batch = 1000) {
    log.info(`logical mode (${reason}): SCAN + DUMP + PTTL per key, written as RESTORE commands; not point in time`);
    const dbs = {};
    let skipped = 0;
    let functions;
    const count = String(batch);
    async function* generate() {
        // Function libraries (Redis 7+) are not keys: FUNCTION DUMP gives them all in one payload,
        // replayed first as FUNCTION RESTORE. A server without FUNCTION has none to lose.
        conn.doing = 'dumping function libraries';
        const listed = await conn.call('FUNCTION', 'LIST').catch(() => undefined);
        if (Array.isArray(listed)) {
            functions = listed.map(libraryName).sort();
            if (functions.length > 0) {
                const payload = await command(() => conn.call('FUNCTION', 'DUMP'), 'FUNCTION DUMP');
                if (Buffer.isBuffer(payload))
                    yield (0,resp/* encodeCommand */.as)(['FUNCTION', 'RESTORE', payload, 'REPLACE']);
                log.info(`${functions.length} function libraries: ${functions.join(', ')}`);
            }
        }
        const numbers = Object.keys(server.keyspace)
            .map(Number)
            .sort((a, b) => a - b);
        for (const db of numbers) {
            conn.doing = `selecting db ${db}`;
            await command(() => conn.call('SELECT', String(db)), 'SELECT');
            yield (0,resp/* encodeCommand */.as)(['SELECT', String(db)]);
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
                    if (pttl instanceof resp/* RespError */.vM)
                        throw (0,info/* explainCommandError */.pE)(pttl, conn.url, 'PTTL');
                    if (payload instanceof resp/* RespError */.vM)
                        throw (0,info/* explainCommandError */.pE)(payload, conn.url, 'DUMP');
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
                    yield (0,resp/* encodeCommands */.XT)(out);
                if (cursor === '0')
                    break;
                const next = replies[replies.length - 1];
                if (next instanceof resp/* RespError */.vM)
                    throw (0,info/* explainCommandError */.pE)(next, conn.url, 'SCAN');
                scan = scanReply(next);
            }
            if (counts.keys === 0)
                delete dbs[String(db)];
        }
        conn.close();
        if (skipped > 0)
            log.info(`${skipped} keys vanished or expired during the scan and were skipped`);
    }
    /** A FUNCTION LIST entry's library_name (RESP2 gives each library as a flat key-value list). */
    function libraryName(entry) {
        const fields = Array.isArray(entry) ? entry : [];
        const at = fields.findIndex((f) => Buffer.isBuffer(f) && f.toString('latin1') === 'library_name');
        const name = fields[at + 1];
        return Buffer.isBuffer(name) ? name.toString('utf8') : String(name);
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
            if (error instanceof resp/* RespError */.vM)
                throw (0,info/* explainCommandError */.pE)(error, conn.url, name);
            throw error;
        }
    }
    const stream = external_node_stream_.Readable.from(generate(), { objectMode: false, highWaterMark: 1 << 20 });
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
            ...(0,info/* sumCounts */.W_)(dbs),
            dbs,
            keyCountsFrom: 'scan',
            skippedKeys: skipped,
            ...(functions ? { functions } : {})
        }),
        close: () => conn.close()
    };
}

// EXTERNAL MODULE: ./src/sources/redis/rdbFormat.ts
var rdbFormat = __webpack_require__(3821);
// EXTERNAL MODULE: ./src/sources/redis/rdb/scanner.ts + 5 modules
var rdb_scanner = __webpack_require__(1734);
// EXTERNAL MODULE: ./src/sources/redis/rdbDamage.ts
var rdbDamage = __webpack_require__(536);
;// CONCATENATED MODULE: ./src/sources/redis/sync.ts





const NL = 0x0a;
const EOF_MARKER_LENGTH = 40;
/** The backup's words for an RDB from the server that is not whole. */
function backupRdbError(damage) {
    return new errors/* UserError */.yo(`the RDB from Redis is not whole: ${(0,rdbDamage/* describeRdbDamage */.j)(damage)}; no snapshot was made`);
}
/**
 * Send SYNC and wait for the bulk header: `$<length>` (the server wrote the RDB to disk first) or
 * `$EOF:<40 bytes>` (diskless: the RDB ends with the same 40 bytes). The server sends bare
 * newlines as keepalives while it prepares the RDB. Anything that is not a whole RDB makes the
 * returned stream fail.
 */
async function startSync(conn, announce) {
    const where = (0,connection/* hostPort */.QL)(conn.url);
    conn.doing = 'asking for replication (REPLCONF)';
    // Announce the diskless format and that only the RDB is wanted; old servers may refuse these.
    // `announce`: the version this replica names, so Valkey 9 sends its own format (rdbFormat.ts).
    await conn.send([
        ['REPLCONF', 'capa', 'eof'],
        ['REPLCONF', 'rdb-only', '1'],
        ...(announce ? [['REPLCONF', 'version', announce]] : [])
    ]);
    conn.doing = 'waiting for the RDB after SYNC';
    const scanner = new rdb_scanner/* RdbScanner */.B({ explain: backupRdbError });
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
                            reject(new errors/* UserError */.yo(`Redis at ${where} answered SYNC with something unexpected`));
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
                        reject(new errors/* UserError */.yo(`Redis at ${where} answered SYNC with "${(0,redact/* redact */.E$)(line.slice(0, 80))}" instead of an RDB`));
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
                    scanner.destroy(new errors/* UserError */.yo(`${error.message}, after ${received}${of} bytes: the Redis snapshot is incomplete`));
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

;// CONCATENATED MODULE: ./src/sources/redis/backup.ts








/**
 * Before any data moves: reach the server, authenticate and read INFO (a Cluster node is refused
 * here), then hang up: the dump connects again when its turn comes, maybe hours later.
 */
async function probeRedis(url, options = {}) {
    const conn = await connection/* RespConnection */.LI.connect(url, options.timeouts ?? util_timeouts/* DEFAULT_TIMEOUTS */.R, options.tls);
    try {
        return await (0,info/* inspect */.Nn)(conn);
    }
    finally {
        conn.close();
    }
}
async function openRedisDump(url, mode, log, options = {}) {
    const timeouts = options.timeouts ?? util_timeouts/* DEFAULT_TIMEOUTS */.R;
    const conn = await connection/* RespConnection */.LI.connect(url, timeouts, options.tls);
    let server;
    try {
        server = await (0,info/* inspect */.Nn)(conn);
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
        sync = await startSync(conn, (0,rdbFormat/* syncAnnounce */.$)(server));
    }
    catch (error) {
        conn.close();
        throw error;
    }
    if ('refused' in sync) {
        conn.close();
        const why = `the server refused SYNC (${(0,redact/* redact */.E$)(sync.refused)})`;
        if (mode === 'rdb') {
            throw new errors/* UserError */.yo(`Redis at ${(0,connection/* hostPort */.QL)(url)}: ${why}, so redis-mode rdb cannot work here; use redis-mode auto or logical (managed services such as ElastiCache, Redis Cloud or Upstash do not allow SYNC)`);
        }
        log.warning(`Redis at ${(0,connection/* hostPort */.QL)(url)}: ${why}; falling back to a logical dump (SCAN + DUMP), which is NOT point in time: keys written during the backup may be caught before or after the change`);
        const again = await connection/* RespConnection */.LI.connect(url, timeouts, options.tls);
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
                ...(0,info/* sumCounts */.W_)(f.dbs),
                dbs: f.dbs,
                keyCountsFrom: f.keyCountsFrom === 'keys' ? 'rdb' : 'rdb-resizedb',
                checksum: f.checksum,
                ...(f.note ? { note: f.note } : {})
            };
        },
        close: () => conn.close()
    };
}


/***/ }),

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

//# sourceMappingURL=942.index.js.map