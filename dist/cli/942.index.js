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
    /** Keys SCAN gave that were dumped or found gone: the progress line's count. */
    let seen = 0;
    const total = (0,info/* sumCounts */.W_)(server.keyspace).keys;
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
                seen += keys.length;
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
        progress: () => ({ unit: 'keys', done: seen, total }),
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
var rdbDamage = __webpack_require__(8155);
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
    const total = (0,info/* sumCounts */.W_)(server.keyspace).keys;
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
        bytes: sync.length,
        // The announced length is exact; a diskless RDB has none, so its keys are counted against
        // INFO keyspace, while the scanner follows them (bytes alone if it gave up, or no keys).
        progress: () => {
            const scanner = sync.scanner;
            if (sync.length !== undefined) {
                return { unit: 'bytes', done: scanner.facts().bytes, total: sync.length, exact: true };
            }
            if (total > 0 && scanner.gaveUp === undefined) {
                return { unit: 'keys', done: scanner.keys, total };
            }
            return { unit: 'bytes', done: scanner.facts().bytes };
        },
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


/***/ })

};

//# sourceMappingURL=942.index.js.map