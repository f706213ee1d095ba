export const id = 150;
export const ids = [150];
export const modules = {

/***/ 8150:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  U$: () => (/* binding */ restoreSnapshot_catalog),
  vR: () => (/* binding */ restoreSources),
  u0: () => (/* binding */ sourcesOf),
  QR: () => (/* binding */ targetsOf)
});

// UNUSED EXPORTS: redisChecks

// EXTERNAL MODULE: ./src/sources/postgres/restore.ts
var restore = __webpack_require__(2398);
// EXTERNAL MODULE: ./src/sources/postgres/cascade.ts
var postgres_cascade = __webpack_require__(5806);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/util/cancel.ts
var util_cancel = __webpack_require__(4436);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
;// CONCATENATED MODULE: ./src/snapshot/reader.ts





/** A stored file whose bytes do not match its manifest entry. */
class ChecksumError extends errors/* UserError */.yo {
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
 */
async function streamVerified(storage, key, file, consume) {
    const started = Date.now();
    (0,util_cancel/* throwIfCancelled */.dZ)();
    const stored = await storage.get(key);
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let bytes = 0;
    const out = new external_node_stream_.PassThrough({ highWaterMark: 1 << 20 });
    // We destroy `out` to abort the consumer and report the cause ourselves: never let that error
    // go unheard when the consumer has already stopped listening.
    out.on('error', () => undefined);
    let consumerError;
    let consumerFailed = false;
    let result;
    const consumed = consume(out).then((value) => {
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
        out.destroy(util_cancel/* runSignal */.KF.reason);
        stored.destroy();
    };
    if (util_cancel/* runSignal */.KF.aborted)
        cancel();
    else
        util_cancel/* runSignal */.KF.addEventListener('abort', cancel, { once: true });
    try {
        for await (const chunk of stored) {
            hash.update(chunk);
            bytes += chunk.length;
            if (!consumerFailed && !out.write(chunk)) {
                await Promise.race([(0,external_node_events_.once)(out, 'drain'), failedNow]);
            }
        }
    }
    catch (error) {
        util_cancel/* runSignal */.KF.removeEventListener('abort', cancel);
        out.destroy(new errors/* UserError */.yo(`reading ${storage.uriOf(key)} failed`));
        await consumed;
        (0,util_cancel/* throwIfCancelled */.dZ)();
        throw new errors/* UserError */.yo(`cannot read ${storage.uriOf(key)}: ${error.message}`, {
            cause: error
        });
    }
    util_cancel/* runSignal */.KF.removeEventListener('abort', cancel);
    if (util_cancel/* runSignal */.KF.aborted) {
        await consumed;
        (0,util_cancel/* throwIfCancelled */.dZ)();
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

// EXTERNAL MODULE: ./src/snapshot/writer.ts + 1 modules
var writer = __webpack_require__(9946);
// EXTERNAL MODULE: ./src/sources/drillTarget.ts
var drillTarget = __webpack_require__(994);
// EXTERNAL MODULE: ./src/sources/redis/connection.ts
var connection = __webpack_require__(7920);
// EXTERNAL MODULE: ./src/sources/redis/info.ts
var info = __webpack_require__(2508);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/snapshot/compression.ts + 2 modules
var compression = __webpack_require__(3968);
// EXTERNAL MODULE: ./src/sources/redis/crc64.ts
var crc64 = __webpack_require__(8050);
;// CONCATENATED MODULE: ./src/sources/redis/payload.ts

// The payloads DUMP and FUNCTION DUMP give (RESTORE and FUNCTION RESTORE take), built from bytes as
// the RDB holds them: a body, then a footer of the RDB version (2 bytes LE) and the CRC-64 of all
// before it (8 bytes LE).
/** The payload DUMP gives and RESTORE takes: type byte, value, RDB version, CRC-64. */
function dumpPayload(type, value, rdbVersion) {
    const body = Buffer.allocUnsafe(1 + value.length);
    body[0] = type;
    value.copy(body, 1);
    return withFooter(body, rdbVersion);
}
/**
 * The payload FUNCTION DUMP gives and FUNCTION RESTORE takes: each library as its FUNCTION2
 * opcode and code (as the RDB holds them), then the footer.
 */
function functionPayload(libraries, rdbVersion) {
    const body = Buffer.concat(libraries.flatMap((raw) => [Buffer.from([0xf5]), raw]));
    return withFooter(body, rdbVersion);
}
function withFooter(body, rdbVersion) {
    const out = Buffer.allocUnsafe(body.length + 10);
    body.copy(out, 0);
    out.writeUInt16LE(rdbVersion, body.length);
    const crc = new crc64/* Crc64 */.V();
    crc.update(out, 0, body.length + 2);
    crc.digestLE().copy(out, body.length + 2);
    return out;
}

// EXTERNAL MODULE: ./src/sources/redis/rdb/scanner.ts + 5 modules
var rdb_scanner = __webpack_require__(1734);
// EXTERNAL MODULE: ./src/sources/redis/rdbDamage.ts
var rdbDamage = __webpack_require__(8155);
// EXTERNAL MODULE: ./src/sources/redis/resp.ts
var resp = __webpack_require__(8626);
;// CONCATENATED MODULE: ./src/sources/redis/replay.ts







// A snapshot file read back as commands for the Sender: redis.rdb key by key (RdbScanner hands
// over each key's raw bytes), or the logical dump's SELECT and RESTORE commands as they are.
/** The restore's words for a redis.rdb that is not whole. */
function restoreRdbError(damage) {
    return new errors/* UserError */.yo(`redis.rdb is not whole: ${(0,rdbDamage/* describeRdbDamage */.j)(damage)}`);
}
async function replayRdb(input, sender) {
    const entries = [];
    const functions = [];
    const scanner = new rdb_scanner/* RdbScanner */.B({
        explain: restoreRdbError,
        onEntry: (entry) => entries.push(entry),
        onFunction: (raw) => functions.push(raw)
    });
    let version = 0;
    const send = async () => {
        const now = Date.now();
        for (const entry of entries.splice(0)) {
            if (entry.expireAtMs !== undefined && entry.expireAtMs <= now) {
                sender.skipExpired(entry.db);
                continue;
            }
            sender.select(entry.db);
            const payload = dumpPayload(entry.type, entry.value, version);
            const ttl = String(entry.expireAtMs ?? 0);
            sender.restore(['RESTORE', entry.key, ttl, payload, 'REPLACE', 'ABSTTL']);
            if (sender.full)
                await sender.flush();
        }
    };
    await (0,promises_.pipeline)(input, scanner, async (source) => {
        for await (const chunk of source) {
            void chunk; // the bytes themselves are not needed here: the entries are
            const gaveUp = scanner.gaveUp;
            if (gaveUp) {
                throw new errors/* UserError */.yo(`redis.rdb holds data this tool cannot restore key by key (${gaveUp}); load the file into a redis-server by hand (docs/redis.md)`);
            }
            // Every key of this chunk was parsed before the chunk came out of the scanner.
            if (entries.length > 0) {
                version ||= scanner.facts().rdbVersion;
                await send();
            }
        }
    });
    // The scanner has checked the RDB's own end (EOF opcode, CRC-64) by now.
    await send();
    await sender.drain();
    if (functions.length > 0) {
        const payload = functionPayload(functions, version || scanner.facts().rdbVersion);
        sender.other(['FUNCTION', 'RESTORE', payload, 'REPLACE'], payload);
        await sender.drain();
        sender.functions = functions.length;
    }
}
async function replayLogical(input, file, sender) {
    const reader = new resp/* CommandReader */.n3();
    const commands = (chunk) => {
        try {
            return reader.push(chunk);
        }
        catch (error) {
            if (!(error instanceof resp/* RespSyntaxError */.Sj))
                throw error;
            throw new errors/* UserError */.yo(`${file.name} is not a stream of RESP commands at byte ${error.at} (corrupt)`);
        }
    };
    await (0,promises_.pipeline)(input, (0,compression/* createDecompressor */.Li)(file.compression), async (source) => {
        for await (const chunk of source) {
            for (const args of commands(chunk)) {
                const name = args[0].toString('latin1').toUpperCase();
                if (name === 'SELECT' && args.length === 2) {
                    const db = Number(args[1].toString('latin1'));
                    if (!Number.isInteger(db) || db < 0) {
                        throw new errors/* UserError */.yo(`${file.name} selects db ${JSON.stringify(String(args[1]))}`);
                    }
                    sender.select(db);
                }
                else if (name === 'RESTORE' && args.length >= 4) {
                    sender.restore(args);
                }
                else if (name === 'FUNCTION' &&
                    args.length >= 3 &&
                    args[1].toString('latin1').toUpperCase() === 'RESTORE') {
                    sender.other(args, args[2]);
                    sender.functions++;
                }
                else {
                    throw new errors/* UserError */.yo(`${file.name} holds a ${JSON.stringify(name.slice(0, 40))} command at byte ${reader.offset}: a logical Redis dump holds only SELECT, RESTORE and FUNCTION RESTORE; refused`);
                }
                if (sender.full)
                    await sender.flush();
            }
        }
        if (!reader.idle) {
            throw new errors/* UserError */.yo(`${file.name} ends in the middle of a command (truncated)`);
        }
        await sender.drain();
    });
}

// EXTERNAL MODULE: ./src/util/redact.ts
var redact = __webpack_require__(767);
;// CONCATENATED MODULE: ./src/sources/redis/target.ts






// The restore's target (target-redis-url): reaching it, its keys, the drill rules, and its
// errors, which name it as target-redis-url.
/**
 * The drill rules for a Redis target (drillTarget.ts): not the source, and empty or marked. A
 * target whose only key is the marker counts as empty.
 */
async function checkRedisDrillTarget(conn, server, stats, force) {
    const what = `target-redis-url ${server.endpoint}`;
    const why = (0,drillTarget/* sameRedis */.kq)(stats.identity, server.identity);
    if (why)
        throw (0,drillTarget/* refuseSource */.Sk)(what, `${stats.engine} at ${stats.identity.address}`, why);
    const marked = (0,drillTarget/* isDrillMarker */._u)(await readMarker(conn));
    const keyspace = marked ? withoutKey(server.keyspace, '0') : server.keyspace;
    const keys = sumKeys(keyspace).keys;
    (0,drillTarget/* checkDrillTarget */.rp)({
        what,
        holds: keys > 0 ? `${keys} keys in ${describeDbs(keyspace)}` : undefined,
        marked,
        force
    });
    return keyspace;
}
/** The marker key's value in db 0 (undefined when there is none). */
async function readMarker(conn) {
    conn.doing = 'looking for the drill marker';
    const [selected, value] = await conn.send([
        ['SELECT', '0'],
        ['GET', drillTarget/* REDIS_DRILL_MARKER_KEY */.PL]
    ]);
    if (selected instanceof resp/* RespError */.vM)
        throw refused(selected, conn.url, 'SELECT');
    // WRONGTYPE: a key of that name that is not a string is nobody's marker (and is counted).
    if (value instanceof resp/* RespError */.vM || value === null)
        return undefined;
    return String(value);
}
function withoutKey(keyspace, db) {
    const out = { ...keyspace };
    if (!out[db])
        return out;
    out[db] = { ...out[db], keys: out[db].keys - 1 };
    if (out[db].keys === 0 && out[db].keysWithTtl === 0)
        delete out[db];
    return out;
}
/**
 * INFO keyspace of a live Redis: db -> keys and keys with an expiry (non-empty dbs only). With
 * `drill`, the marker key that drill wrote is left out; a marker the snapshot itself brought
 * (a backup of an earlier drill's target) replaced it and is counted as the snapshot's key.
 */
async function countRedisKeys(url, options = {}) {
    const conn = await connectTarget(url, options.timeouts ?? (0,connection/* defaultTimeouts */.c0)(), options.tls);
    try {
        const { keyspace } = await (0,info/* inspect */.Nn)(conn);
        if (options.drill && (await readMarker(conn)) === options.drill.label) {
            return withoutKey(keyspace, '0');
        }
        return keyspace;
    }
    catch (error) {
        throw targetError(error, url);
    }
    finally {
        conn.close();
    }
}
async function connectTarget(url, timeouts, tls) {
    try {
        return await connection/* RespConnection */.LI.connect(url, timeouts, tls);
    }
    catch (error) {
        throw targetError(error, url);
    }
}
/** Errors about the target name it as target-redis-url. */
function targetError(error, url) {
    if (error instanceof resp/* RespError */.vM)
        return refused(error, url, 'INFO');
    if (error instanceof errors/* UserError */.yo && !error.message.startsWith('target-redis-url')) {
        error.message = `target-redis-url: ${error.message.replace(/redis-url/g, 'target-redis-url')}`;
    }
    return error;
}
function refused(error, url, command) {
    const where = (0,connection/* hostPort */.QL)(url);
    if (error.code === 'NOAUTH') {
        return new errors/* UserError */.yo(`target-redis-url: Redis at ${where} requires a password: put it in the URL (redis://user:password@host:port)`);
    }
    if (error.code === 'NOPERM') {
        const user = decodeURIComponent(url.username) || 'default';
        return new errors/* UserError */.yo(`target-redis-url: Redis user "${user}" at ${where} may not run ${command} (NOPERM): a restore needs +info +select +restore (+flushall with force, +function for function libraries, +get +set for a drill's marker) on every key`);
    }
    return new errors/* UserError */.yo(`target-redis-url: Redis at ${where} refused ${command}: ${(0,redact/* redact */.E$)(error.message)}`);
}
function sumKeys(dbs) {
    return { keys: Object.values(dbs).reduce((n, db) => n + db.keys, 0) };
}
function describeDbs(dbs) {
    const names = Object.keys(dbs);
    return `${names.length === 1 ? 'db' : 'dbs'} ${names.join(', ')}`;
}
/** The function libraries a live Redis holds, by name (none where FUNCTION is unknown). */
async function listRedisFunctions(url, options = {}) {
    const conn = await connectTarget(url, options.timeouts ?? (0,connection/* defaultTimeouts */.c0)(), options.tls);
    try {
        const listed = await conn.call('FUNCTION', 'LIST').catch(() => []);
        return (Array.isArray(listed) ? listed : [])
            .map((entry) => {
            const fields = Array.isArray(entry) ? entry : [];
            const at = fields.findIndex((f) => Buffer.isBuffer(f) && f.toString('latin1') === 'library_name');
            return Buffer.isBuffer(fields[at + 1]) ? fields[at + 1].toString('utf8') : '';
        })
            .sort();
    }
    finally {
        conn.close();
    }
}

;// CONCATENATED MODULE: ./src/sources/redis/sender.ts




// The restore's writer: SELECT and RESTORE commands pipelined in batches, two on the wire at
// once, every reply checked and counted per db.
const BATCH_BYTES = 8 << 20;
const IN_FLIGHT = 2;
/** Pipelines SELECT/RESTORE commands in batches and checks every reply. */
class Sender {
    conn;
    server;
    stats;
    limit;
    restored = {};
    expiredByDb = {};
    expired = 0;
    /** Function libraries restored (FUNCTION RESTORE). */
    functions = 0;
    sentAny = false;
    batch = [];
    inFlight = [];
    /** The first failed batch's error (later ones follow from it). */
    error;
    bytes = 0;
    /** The db the connection is in once the batch is sent; -1 before the first SELECT. */
    db = -1;
    constructor(conn, server, stats, limit) {
        this.conn = conn;
        this.server = server;
        this.stats = stats;
        this.limit = limit;
    }
    select(db) {
        if (db === this.db)
            return;
        this.db = db;
        this.add({ args: ['SELECT', String(db)] });
    }
    /** RESTORE key ttl payload ...: one key. */
    restore(args) {
        if (this.db < 0)
            this.select(0);
        this.add({ args, db: this.db, payload: Buffer.isBuffer(args[3]) ? args[3] : undefined });
    }
    /** A command that restores no key (FUNCTION RESTORE). */
    other(args, payload) {
        this.add({ args, payload });
    }
    skipExpired(db) {
        this.expired++;
        this.expiredByDb[String(db)] = (this.expiredByDb[String(db)] ?? 0) + 1;
    }
    get full() {
        return this.batch.length >= this.limit || this.bytes >= BATCH_BYTES;
    }
    add(sent) {
        this.batch.push(sent);
        for (const a of sent.args)
            this.bytes += a.length;
    }
    /**
     * Send the batch. Up to IN_FLIGHT batches are on the wire at once, so the server works on one
     * while the next is built; their replies are checked in order.
     */
    async flush() {
        this.failed();
        if (this.batch.length > 0) {
            const batch = this.batch;
            this.batch = [];
            this.bytes = 0;
            this.sentAny = true;
            this.conn.doing = 'restoring keys';
            const done = this.conn.send(batch.map((s) => s.args)).then((replies) => {
                batch.forEach((sent, i) => this.check(sent, replies[i]));
            });
            // Held here until awaited: never an unhandled rejection.
            done.catch((error) => void (this.error ??= { error }));
            this.inFlight.push(done);
        }
        while (this.inFlight.length >= IN_FLIGHT)
            await this.settle();
    }
    /** Send what is left and wait for every reply. */
    async drain() {
        await this.flush();
        while (this.inFlight.length > 0)
            await this.settle();
    }
    /** Wait for every batch on the wire to be answered (or to fail), whatever the outcome. */
    async settleAll() {
        while (this.inFlight.length > 0)
            await this.inFlight.shift().catch(() => undefined);
    }
    async settle() {
        await this.inFlight.shift().catch(() => undefined);
        this.failed();
    }
    failed() {
        if (this.error)
            throw this.error.error;
    }
    check(sent, reply) {
        const where = `${this.server.engine} ${this.server.version} at ${this.server.endpoint}`;
        if (reply instanceof resp/* RespError */.vM) {
            const command = String(sent.args[0]).toUpperCase();
            const payload = sent.payload;
            if (command === 'SELECT') {
                throw new errors/* UserError */.yo(`target-redis-url: ${where} refused SELECT ${String(sent.args[1])} (${(0,redact/* redact */.E$)(reply.message)}): the snapshot has keys in db ${String(sent.args[1])}; raise "databases" in the target's configuration`);
            }
            if (/payload version or checksum/i.test(reply.message) && payload) {
                const version = payload.length >= 10 ? payload.readUInt16LE(payload.length - 10) : -1;
                throw new errors/* UserError */.yo(`target-redis-url: ${where} cannot read this snapshot's values: they are in RDB format version ${version} (written by ${this.stats.engine} ${this.stats.version}), newer than Redis ${this.server.version} reads (Redis 7.0 reads RDB 10, 7.2 writes 11): restore into ${this.stats.engine} ${this.stats.version} or newer`);
            }
            if (reply.code === 'NOPERM' || reply.code === 'NOAUTH') {
                throw refused(reply, this.conn.url, command);
            }
            if (sent.db === undefined) {
                throw new errors/* UserError */.yo(`target-redis-url: ${where} refused ${command} ${String(sent.args[1])}: ${(0,redact/* redact */.E$)(reply.message)}`);
            }
            throw new errors/* UserError */.yo(`target-redis-url: ${where} refused ${command} of key ${describeKey(sent.args[1])} in db ${sent.db}: ${(0,redact/* redact */.E$)(reply.message)}`);
        }
        if (sent.db !== undefined) {
            const db = String(sent.db);
            this.restored[db] = (this.restored[db] ?? 0) + 1;
        }
    }
}
function describeKey(key) {
    if (key === undefined)
        return '(none)';
    const text = Buffer.isBuffer(key) ? key.toString('latin1') : key;
    return JSON.stringify(text.length > 60 ? text.slice(0, 60) + '...' : text);
}

;// CONCATENATED MODULE: ./src/sources/redis/restore.ts











async function restoreRedis(options) {
    const started = Date.now();
    const { storage, keyOf, manifest, targetUrl, force, log } = options;
    const dryRun = options.dryRun ?? false;
    const timeouts = options.timeouts ?? (0,connection/* defaultTimeouts */.c0)();
    const { file, stats } = redisFile(manifest);
    const mode = stats.mode;
    const conn = await connectTarget(targetUrl, timeouts, options.tls);
    let server;
    try {
        server = await (0,info/* inspect */.Nn)(conn);
    }
    catch (error) {
        conn.close();
        throw targetError(error, targetUrl);
    }
    const target = server.endpoint;
    let keyspace = server.keyspace;
    if (options.drill) {
        try {
            keyspace = await checkRedisDrillTarget(conn, server, stats, force);
        }
        catch (error) {
            conn.close();
            throw error;
        }
    }
    const existing = sumKeys(keyspace);
    const result = (sender) => ({
        target,
        mode,
        restored: sender?.restored ?? {},
        expiredSkipped: sender?.expired ?? 0,
        expiredSkippedByDb: sender?.expiredByDb ?? {},
        seconds: (0,writer/* round */.LI)((Date.now() - started) / 1000)
    });
    if (existing.keys > 0 && !force) {
        conn.close();
        throw new errors/* UserError */.yo(`target-redis-url ${target} is not empty (${existing.keys} keys in ${describeDbs(server.keyspace)}): pass force: true to replace its contents (FLUSHALL)`);
    }
    const what = `${stats.keys} keys in ${Object.keys(stats.dbs).length} dbs`;
    const version = stats.rdbVersion !== undefined ? `, RDB version ${stats.rdbVersion}` : '';
    const flush = existing.keys > 0 ? `, after FLUSHALL of its ${existing.keys} keys (force)` : '';
    const plan = `restore ${file.name} of snapshot ${manifest.id} (${mode}: ${what}${version}; from ${stats.engine} ${stats.version}) into ${server.engine} ${server.version} at ${target}${flush}`;
    if (dryRun) {
        conn.close();
        log.info(`dry run: would ${plan}; nothing was written`);
        return result();
    }
    log.info(plan);
    const sender = new Sender(conn, server, stats, options.batch ?? 1000);
    try {
        if (existing.keys > 0) {
            conn.doing = 'emptying the target (FLUSHALL)';
            const reply = await conn.send([['FLUSHALL']]);
            if (reply[0] instanceof resp/* RespError */.vM)
                throw refused(reply[0], targetUrl, 'FLUSHALL');
            log.info(`${target}: FLUSHALL removed ${existing.keys} keys (force)`);
        }
        if (options.drill) {
            conn.doing = 'marking the target as a drill target';
            const replies = await conn.send([
                ['SELECT', '0'],
                ['SET', drillTarget/* REDIS_DRILL_MARKER_KEY */.PL, options.drill.label]
            ]);
            const refusal = replies.find((r) => r instanceof resp/* RespError */.vM);
            if (refusal)
                throw refused(refusal, targetUrl, 'SET');
            log.info(`${target}: marked as a drill target (key ${drillTarget/* REDIS_DRILL_MARKER_KEY */.PL} in db 0)`);
        }
        await streamVerified(storage, keyOf(file.name), file, (input) => mode === 'rdb' ? replayRdb(input, sender) : replayLogical(input, file, sender));
    }
    catch (error) {
        const cleaned = await cleanedUp(error, sender, conn, timeouts, options.tls, existing.keys > 0);
        conn.close();
        throw cleaned;
    }
    conn.close();
    const done = result(sender);
    const restored = Object.values(done.restored).reduce((n, k) => n + k, 0);
    const expired = (done.expiredSkipped > 0 ? `; ${done.expiredSkipped} keys had expired and were skipped` : '') +
        (sender.functions > 0 ? `; ${sender.functions} function libraries restored` : '');
    log.info(`${target}: ${restored} keys restored from ${file.name} (${describeCounts(done.restored)})${expired}, ${done.seconds} s`);
    return done;
}
function redisFile(manifest) {
    const file = manifest.files.find((f) => f.source === 'redis');
    const stats = manifest.sources.redis;
    if (!file || !stats) {
        throw new errors/* UserError */.yo(`snapshot ${manifest.id} holds no Redis dump: nothing to restore into target-redis-url`);
    }
    return { file, stats };
}
/**
 * A failed restore: the target was empty when it started (or emptied by force), so whatever was
 * written is removed again, and the error says what state the target is in.
 */
async function cleanedUp(error, sender, conn, timeouts, tls, forced) {
    const before = forced ? 'was emptied by force before the restore' : 'was empty before';
    let note;
    if (!sender.sentAny) {
        note = forced
            ? `target-redis-url ${sender.server.endpoint} was emptied (force) and nothing was restored into it`
            : `nothing was written to target-redis-url ${sender.server.endpoint}`;
    }
    else {
        try {
            // Let every batch already on the wire be answered first, so none lands after FLUSHALL.
            await sender.settleAll();
            const live = conn.closed ? await connection/* RespConnection */.LI.connect(conn.url, timeouts, tls) : conn;
            try {
                live.doing = 'removing the partial restore (FLUSHALL)';
                const [reply] = await live.send([['FLUSHALL']]);
                if (reply instanceof resp/* RespError */.vM)
                    throw new Error(reply.message);
            }
            finally {
                if (live !== conn)
                    live.close();
            }
            note = `target-redis-url ${sender.server.endpoint} ${before}, so the keys already written were removed again (FLUSHALL): it is empty`;
        }
        catch (cleanup) {
            note = `target-redis-url ${sender.server.endpoint} holds part of the snapshot: removing it (FLUSHALL) failed (${(0,errors/* errorLine */.BP)(cleanup)}); empty it before trying again`;
        }
    }
    if (error instanceof errors/* UserError */.yo) {
        error.message = `${error.message}; ${note}`;
        return error;
    }
    return new errors/* UserError */.yo(`restoring Redis failed: ${(0,errors/* errorLine */.BP)(error)}; ${note}`, { cause: error });
}
function describeCounts(counts) {
    const parts = Object.entries(counts).map(([db, n]) => `db${db}: ${n}`);
    return parts.length > 0 ? parts.join(', ') : 'no keys';
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(1455);
var external_node_fs_promises_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_promises_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/sources/uploads/drill.ts



// What a drill may restore uploads into, and the marker that says a drill wrote it.
/**
 * Where a drill marks an uploads target: a file beside the folder, not in it. The restore swaps
 * a verified staging folder into the target's place (one rename), so a marker inside would be
 * replaced with the old contents, would have to be put into every staging folder, and would be a
 * file the snapshot's index does not list; beside it, it survives the swap and can be written
 * before the folder even exists.
 */
function drillMarkerPath(target) {
    return external_node_path_default().join(external_node_path_default().dirname(target), `.${external_node_path_default().basename(target)}${drillTarget/* UPLOADS_DRILL_MARKER_SUFFIX */.iH}`);
}
/** The drill rules for a folder (drillTarget.ts): not the source (nor in it), empty or marked. */
async function checkUploadsDrillTarget(target, existing, manifest, force) {
    const what = `target-uploads-dir ${target}`;
    const source = manifest.sources.uploads?.identity?.realPath;
    const real = await realPathOf(target);
    if (source) {
        const why = real === source
            ? 'the same folder (symlinks resolved)'
            : real.startsWith(source + (external_node_path_default()).sep)
                ? 'it is inside that folder'
                : source.startsWith(real + (external_node_path_default()).sep)
                    ? 'it holds that folder'
                    : undefined;
        if (why)
            throw (0,drillTarget/* refuseSource */.Sk)(what, source, why);
    }
    const marker = await external_node_fs_promises_default().readFile(drillMarkerPath(target), 'utf8').catch(() => undefined);
    (0,drillTarget/* checkDrillTarget */.rp)({
        what,
        holds: existing.length > 0 ? `${existing.length} entries (e.g. ${existing[0]})` : undefined,
        marked: (0,drillTarget/* isDrillMarker */._u)(marker),
        force
    });
}
/** The real path of a folder that may not exist yet: its nearest existing ancestor's, resolved. */
async function realPathOf(dir) {
    const rest = [];
    for (let at = dir;; at = external_node_path_default().dirname(at)) {
        try {
            return external_node_path_default().join(await external_node_fs_promises_default().realpath(at), ...rest.reverse());
        }
        catch {
            if (external_node_path_default().dirname(at) === at)
                return dir;
            rest.push(external_node_path_default().basename(at));
        }
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
;// CONCATENATED MODULE: ./src/sources/uploads/paths.ts
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

;// CONCATENATED MODULE: ./src/sources/uploads/extract.ts









// The archive, streamed into the staging folder: every entry is checked against the plan and the
// path rules before it is written, and every file is hashed as it is written.
/** How many paths an error lists (the count is always whole). */
const MAX_LISTED = 5;
/** Writes archive entries into the staging folder, checking each against the plan. */
class Extractor {
    staging;
    plan;
    log;
    /** What this extraction created, by rel: the truth about which paths are real folders. */
    created = new Map([['', 'directory']]);
    seen = new Set();
    verified = 0;
    strippedModes = 0;
    constructor(staging, plan, log) {
        this.staging = staging;
        this.plan = plan;
        this.log = log;
    }
    async extract(input, file) {
        const extract = tar_stream.extract();
        const feeding = (0,promises_.pipeline)(input, (0,compression/* createDecompressor */.Li)(file.compression), extract);
        feeding.catch(() => undefined); // awaited below
        try {
            for await (const entry of extract) {
                await this.entry(entry);
            }
        }
        catch (error) {
            await feeding.catch(() => undefined);
            throw error;
        }
        await feeding;
    }
    async entry(entry) {
        const { header } = entry;
        const name = JSON.stringify(header.name);
        const root = this.plan.index.root;
        const parsed = archivePath(header.name, root);
        if ('problem' in parsed) {
            throw new errors/* UserError */.yo(`archive entry ${name} would escape the folder: ${parsed.problem}; refused`);
        }
        const { rel } = parsed;
        const type = header.type === 'contiguous-file' ? 'file' : header.type;
        if (type !== 'file' && type !== 'directory' && type !== 'symlink') {
            throw new errors/* UserError */.yo(`archive entry ${name} is a ${type}, which an uploads archive never holds; refused`);
        }
        // Nothing is written through a symlink (or a file) an earlier entry created.
        const parts = rel === '' ? [] : rel.split('/');
        for (let i = 1; i < parts.length; i++) {
            const ancestor = parts.slice(0, i).join('/');
            const kind = this.created.get(ancestor);
            if (kind && kind !== 'directory') {
                throw new errors/* UserError */.yo(`archive entry ${name} would be written through the ${kind} ${root}/${ancestor} an earlier entry created; refused`);
            }
        }
        const linkname = header.linkname ?? '';
        if (type === 'symlink') {
            // Every symlink that can be in the tree is in the index (or is refused below).
            const problem = linkProblem(rel, linkname, (p) => this.plan.links.get(p));
            if (problem) {
                throw new errors/* UserError */.yo(`archive entry ${name} is a symlink to ${linkname}, which ${problem}; refused`);
            }
        }
        const planned = this.plan.entries.get(rel);
        if (!planned) {
            throw new errors/* UserError */.yo(`archive entry ${name} is not in the uploads index`);
        }
        if (planned.entry.type !== type) {
            throw new errors/* UserError */.yo(`archive entry ${name} is a ${type}, the uploads index says ${planned.entry.type}`);
        }
        if (this.seen.has(rel))
            throw new errors/* UserError */.yo(`archive entry ${name} appears twice`);
        this.seen.add(rel);
        if (rel !== '')
            await this.ensureParents(parts);
        const abs = external_node_path_default().join(this.staging, ...parts);
        if (type === 'directory') {
            await drain(entry);
            if (rel !== '' && !this.created.has(rel)) {
                await external_node_fs_promises_default().mkdir(abs, { mode: 0o700 });
                this.created.set(rel, 'directory');
            }
        }
        else if (type === 'symlink') {
            await drain(entry);
            if (linkname !== planned.entry.linkname) {
                throw new errors/* UserError */.yo(`archive entry ${name} links to ${linkname}, the uploads index says ${planned.entry.linkname}`);
            }
            await external_node_fs_promises_default().symlink(linkname, abs);
            this.created.set(rel, 'symlink');
            await external_node_fs_promises_default().lutimes(abs, planned.mtime, planned.mtime).catch(() => undefined);
        }
        else {
            await this.writeFile(entry, abs, planned, name);
        }
    }
    /** Parents missing from the archive so far (tar does not promise folders first) are made. */
    async ensureParents(parts) {
        for (let i = 1; i < parts.length; i++) {
            const ancestor = parts.slice(0, i).join('/');
            if (this.created.get(ancestor) === 'directory')
                continue;
            await external_node_fs_promises_default().mkdir(external_node_path_default().join(this.staging, ...parts.slice(0, i)), { mode: 0o700 });
            this.created.set(ancestor, 'directory');
        }
    }
    async writeFile(entry, abs, planned, name) {
        // O_EXCL | O_NOFOLLOW: a new file, never an existing one, never through a link.
        const handle = await external_node_fs_promises_default().open(abs, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | O_NOFOLLOW, 0o600);
        this.created.set(planned.rel, 'file');
        try {
            const hash = (0,external_node_crypto_.createHash)('sha256');
            let size = 0;
            for await (const chunk of entry) {
                hash.update(chunk);
                size += chunk.length;
                await writeAll(handle, chunk);
            }
            const digest = hash.digest('hex');
            const want = planned.entry;
            if (digest !== want.sha256 || size !== want.size) {
                throw new errors/* UserError */.yo(`${name} does not match the uploads index: the archive holds sha256 ${digest} (${size} bytes), the index says ${want.sha256} (${want.size} bytes)`);
            }
            let mode = planned.mode & 0o7777;
            if (mode & 0o6000) {
                // setuid/setgid files have no place in an uploads folder: restored without those bits.
                mode &= ~0o6000;
                if (this.strippedModes++ === 0) {
                    this.log.warning(`${name}: setuid/setgid bits dropped (an uploads folder needs none)`);
                }
            }
            await handle.chmod(mode);
            await handle.utimes(planned.mtime, planned.mtime);
            this.verified++;
        }
        finally {
            await handle.close();
        }
    }
    /** Every entry of the index was in the archive. */
    checkComplete() {
        const missing = [...this.plan.entries.keys()].filter((rel) => !this.seen.has(rel));
        if (missing.length > 0) {
            const root = this.plan.index.root;
            const listed = missing
                .slice(0, MAX_LISTED)
                .map((rel) => (rel === '' ? `${root}/` : `${root}/${rel}`));
            throw new errors/* UserError */.yo(`the uploads archive lacks ${missing.length} entries the index lists: ${listed.join(', ')}${missing.length > MAX_LISTED ? ', ...' : ''}`);
        }
    }
    /** Folder modes and mtimes last (writing into a folder changes its mtime), deepest first. */
    async applyFolderTimes() {
        const folders = [...this.plan.entries.values()]
            .filter((p) => p.entry.type === 'directory')
            .sort((a, b) => depth(b.rel) - depth(a.rel));
        for (const folder of folders) {
            const abs = folder.rel === '' ? this.staging : external_node_path_default().join(this.staging, ...folder.rel.split('/'));
            await external_node_fs_promises_default().chmod(abs, folder.mode & 0o7777);
            await external_node_fs_promises_default().utimes(abs, folder.mtime, folder.mtime);
        }
    }
}
async function writeAll(handle, chunk) {
    let offset = 0;
    while (offset < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
        offset += bytesWritten;
    }
}
/** Read an entry without content (a folder, a link) to its end. */
function drain(entry) {
    return new Promise((resolve, reject) => {
        entry.once('end', resolve);
        entry.once('error', reject);
        entry.resume();
    });
}
// O_NOFOLLOW is missing on Windows, where symlinks need privileges to create anyway.
const O_NOFOLLOW = external_node_fs_.constants.O_NOFOLLOW ?? 0;
function depth(rel) {
    return rel === '' ? 0 : rel.split('/').length;
}

// EXTERNAL MODULE: ./src/sources/uploads/fsCalls.ts
var fsCalls = __webpack_require__(8663);
// EXTERNAL MODULE: ./src/sources/uploads/indexFormat.ts
var indexFormat = __webpack_require__(8580);
;// CONCATENATED MODULE: ./src/sources/uploads/plan.ts



/**
 * Check the index as a whole before anything is downloaded: every path stays inside the folder,
 * every entry's folder is a folder of the index, and no symlink points out, even through other
 * symlinks of the tree. The restored tree will be exactly this one, so this holds for it too.
 */
function planFromIndex(index, archiveName) {
    if (index.archive !== archiveName) {
        throw new errors/* UserError */.yo(`${indexFormat/* UPLOADS_INDEX_NAME */.st} describes ${index.archive}, but the snapshot's archive is ${archiveName}`);
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
        const parsed = archivePath(entry.path, index.root);
        if ('problem' in parsed) {
            throw new errors/* UserError */.yo(`${indexFormat/* UPLOADS_INDEX_NAME */.st} lists ${JSON.stringify(entry.path)}, which would escape the target folder: ${parsed.problem}; refused`);
        }
        const { rel } = parsed;
        if (plan.entries.has(rel)) {
            throw new errors/* UserError */.yo(`${indexFormat/* UPLOADS_INDEX_NAME */.st} lists ${JSON.stringify(entry.path)} twice`);
        }
        if (entry.type === 'file' && (entry.size === undefined || entry.sha256 === undefined)) {
            throw new errors/* UserError */.yo(`${indexFormat/* UPLOADS_INDEX_NAME */.st}: file ${entry.path} has no size or sha256`);
        }
        if (entry.type === 'symlink' && !entry.linkname) {
            throw new errors/* UserError */.yo(`${indexFormat/* UPLOADS_INDEX_NAME */.st}: symlink ${entry.path} has no target`);
        }
        if (rel === '' && entry.type !== 'directory') {
            throw new errors/* UserError */.yo(`${indexFormat/* UPLOADS_INDEX_NAME */.st}: ${entry.path} is not a folder`);
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
        throw new errors/* UserError */.yo(`${indexFormat/* UPLOADS_INDEX_NAME */.st} has no entry for the folder ${index.root}/ itself`);
    }
    for (const { rel, entry } of plan.entries.values()) {
        if (rel === '')
            continue;
        const parent = parentOf(rel);
        const kind = plan.entries.get(parent)?.entry.type;
        if (kind !== 'directory') {
            throw new errors/* UserError */.yo(`${indexFormat/* UPLOADS_INDEX_NAME */.st} lists ${entry.path}, but ${index.root}/${parent} is ${kind ? `a ${kind}` : 'not listed'}, not a folder; refused`);
        }
        if (entry.type === 'symlink') {
            const problem = linkProblem(rel, entry.linkname, (p) => plan.links.get(p));
            if (problem) {
                throw new errors/* UserError */.yo(`${indexFormat/* UPLOADS_INDEX_NAME */.st} lists the symlink ${entry.path} -> ${entry.linkname}, which ${problem}; refused (if you trust this snapshot, extract it by hand: tar -xf ${archiveName} -C <parent of the folder>)`);
            }
        }
    }
    return plan;
}

// EXTERNAL MODULE: ./src/util/mkdirs.ts
var mkdirs = __webpack_require__(5826);
;// CONCATENATED MODULE: ./src/sources/uploads/swap.ts







// The staged swap: the restore extracts into a staging folder beside the target, and only a
// verified one takes the target's place, so a failed restore leaves the target as it was.
/**
 * Where the staging folder goes: beside the target, on the same file system, so that the swap is
 * one rename. A target that is a mount point (a volume) cannot be renamed: stage inside it.
 */
async function stagingPlace(target) {
    const name = external_node_path_default().basename(target);
    const parent = external_node_path_default().dirname(target);
    let mountPoint = false;
    try {
        const [t, p] = await Promise.all([external_node_fs_promises_default().stat(target), external_node_fs_promises_default().stat(parent)]);
        mountPoint = t.dev !== p.dev;
    }
    catch (error) {
        if (error.code !== 'ENOENT') {
            throw new errors/* UserError */.yo(`target-uploads-dir ${target} cannot be read: ${(0,fsCalls/* describe */.q0)(error)}`);
        }
    }
    const base = mountPoint ? target : parent;
    try {
        await (0,mkdirs/* mkdirs */.N)(parent);
    }
    catch (error) {
        throw new errors/* UserError */.yo(`cannot create the parent folder of target-uploads-dir ${target}: ${(0,fsCalls/* describe */.q0)(error)}`);
    }
    try {
        await external_node_fs_promises_default().access(base, external_node_fs_.constants.W_OK);
    }
    catch (error) {
        throw new errors/* UserError */.yo(`cannot write the staging folder into ${base}: ${(0,fsCalls/* describe */.q0)(error)}; ${target} was not changed`);
    }
    return { prefix: external_node_path_default().join(base, `.${name}.restoring-`), mountPoint };
}
/** Put the verified staging folder in the target's place; the old contents go only after. */
async function swap(staging, target, force, log) {
    if (!force) {
        // The target is missing or was empty: one rename, which fails rather than replace a folder
        // that something filled in the meantime.
        try {
            await external_node_fs_promises_default().rename(staging, target);
            return;
        }
        catch (error) {
            await removeTree(staging);
            const code = error.code;
            throw new errors/* UserError */.yo(code === 'ENOTEMPTY' || code === 'EEXIST'
                ? `target-uploads-dir ${target} was filled while the restore ran; ${target} was not changed (pass force: true to replace its contents)`
                : `cannot move the restored folder into ${target}: ${(0,fsCalls/* describe */.q0)(error)}; ${target} was not changed`);
        }
    }
    const old = external_node_path_default().join(external_node_path_default().dirname(target), `.${external_node_path_default().basename(target)}.replaced-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
    let moved = false;
    try {
        await external_node_fs_promises_default().rename(target, old);
        moved = true;
    }
    catch (error) {
        if (error.code !== 'ENOENT') {
            await removeTree(staging);
            throw new errors/* UserError */.yo(`cannot move ${target} aside to put the restored folder in its place: ${(0,fsCalls/* describe */.q0)(error)}; ${target} was not changed`);
        }
    }
    try {
        await external_node_fs_promises_default().rename(staging, target);
    }
    catch (error) {
        const back = moved
            ? await external_node_fs_promises_default().rename(old, target).then(() => true, () => false)
            : true;
        await removeTree(staging);
        throw new errors/* UserError */.yo(back
            ? `cannot move the restored folder into ${target}: ${(0,fsCalls/* describe */.q0)(error)}; ${target} was not changed`
            : `cannot move the restored folder into ${target}: ${(0,fsCalls/* describe */.q0)(error)}; its previous contents are in ${old}`);
    }
    if (moved) {
        try {
            await removeTree(old, true);
        }
        catch (error) {
            log.warning(`restored; the previous contents of ${target} are left in ${old}: ${(0,fsCalls/* describe */.q0)(error)}`);
        }
    }
}
/**
 * Target is a mount point: the verified copy was staged inside it. Remove the old contents, move
 * the copy's entries up. Not atomic: a failure here says where the verified copy is.
 */
async function moveInto(staging, target, force) {
    const stagingName = external_node_path_default().basename(staging);
    try {
        if (force) {
            for (const name of await external_node_fs_promises_default().readdir(target)) {
                if (name !== stagingName)
                    await removeTree(external_node_path_default().join(target, name), true);
            }
        }
        for (const name of await external_node_fs_promises_default().readdir(staging)) {
            await external_node_fs_promises_default().rename(external_node_path_default().join(staging, name), external_node_path_default().join(target, name));
        }
        const stats = await external_node_fs_promises_default().stat(staging);
        await external_node_fs_promises_default().rmdir(staging);
        await external_node_fs_promises_default().chmod(target, stats.mode & 0o7777);
        await external_node_fs_promises_default().utimes(target, stats.atime, stats.mtime);
    }
    catch (error) {
        throw new errors/* UserError */.yo(`${target} (a mount point) is half restored: ${(0,fsCalls/* describe */.q0)(error)}; the verified copy is in ${staging}: move its contents into ${target} by hand`);
    }
}
/** rm -rf that also gets through folders restored without write permission. */
async function removeTree(dir, strict = false) {
    try {
        await external_node_fs_promises_default().rm(dir, { recursive: true, force: true });
        return;
    }
    catch {
        // a folder without u+w or u+x: open them all up and try again
    }
    const open = async (abs) => {
        const st = await external_node_fs_promises_default().lstat(abs).catch(() => undefined);
        if (!st?.isDirectory())
            return;
        await external_node_fs_promises_default().chmod(abs, 0o700).catch(() => undefined);
        for (const name of await external_node_fs_promises_default().readdir(abs).catch(() => []))
            await open(external_node_path_default().join(abs, name));
    };
    await open(dir);
    const done = external_node_fs_promises_default().rm(dir, { recursive: true, force: true });
    if (strict)
        await done;
    else
        await done.catch(() => undefined);
}

;// CONCATENATED MODULE: ./src/sources/uploads/restore.ts












async function restoreUploads(options) {
    const started = Date.now();
    const { storage, keyOf, manifest, force, log } = options;
    const dryRun = options.dryRun ?? false;
    const { archiveFile, indexFile } = uploadsFiles(manifest);
    const target = await resolveTarget(options.targetDir);
    const existing = await targetEntries(target);
    if (options.drill)
        await checkUploadsDrillTarget(target, existing, manifest, force);
    if (existing.length > 0 && !force) {
        throw new errors/* UserError */.yo(`target-uploads-dir ${target} is not empty (${existing.length} entries, e.g. ${existing[0]}): pass force: true to replace its contents`);
    }
    let plan;
    try {
        plan = planFromIndex(await readIndex(storage, keyOf, indexFile, log), archiveFile.name);
    }
    catch (error) {
        throw notChanged(error, target);
    }
    const what = `${plan.files} files (${plan.bytes} bytes), ${plan.directories} folders, ${plan.symlinks} symlinks`;
    const result = (verified) => ({
        target,
        snapshot: manifest.id,
        archive: archiveFile.name,
        files: plan.files,
        bytes: plan.bytes,
        directories: plan.directories,
        symlinks: plan.symlinks,
        verified,
        replaced: existing.length,
        dryRun,
        seconds: round((Date.now() - started) / 1000)
    });
    const replacing = existing.length > 0 ? `, replacing its ${existing.length} entries` : '';
    if (dryRun) {
        log.info(`dry run: would restore ${what} from ${archiveFile.name} of snapshot ${manifest.id} into ${target}${replacing}; nothing was written`);
        return result(0);
    }
    log.info(`restoring ${what} from ${archiveFile.name} into ${target}${replacing}`);
    const place = await stagingPlace(target);
    if (options.drill) {
        const marker = drillMarkerPath(target);
        try {
            await external_node_fs_promises_default().writeFile(marker, options.drill.label + '\n', { mode: 0o600 });
        }
        catch (error) {
            throw new errors/* UserError */.yo(`cannot write the drill marker ${marker}: ${(0,fsCalls/* describe */.q0)(error)}; ${target} was not changed`);
        }
        log.info(`${target}: marked as a drill target (${marker})`);
    }
    let staging;
    try {
        staging = await external_node_fs_promises_default().mkdtemp(place.prefix);
    }
    catch (error) {
        throw new errors/* UserError */.yo(`cannot create a staging folder beside ${target}: ${(0,fsCalls/* describe */.q0)(error)}; ${target} was not changed`);
    }
    let verified;
    try {
        const extractor = new Extractor(staging, plan, log);
        await streamVerified(storage, keyOf(archiveFile.name), archiveFile, (input) => extractor.extract(input, archiveFile));
        extractor.checkComplete();
        await extractor.applyFolderTimes();
        verified = extractor.verified;
    }
    catch (error) {
        await removeTree(staging);
        throw notChanged(error, target);
    }
    if (place.mountPoint)
        await moveInto(staging, target, force);
    else
        await swap(staging, target, force, log);
    const done = result(verified);
    log.info(`${target}: restored ${what}; ${verified} files verified against the index (SHA-256 and size), ${done.seconds} s`);
    return done;
}
/** The archive and index entries of the manifest. */
function uploadsFiles(manifest) {
    const stats = manifest.sources.uploads;
    const indexName = stats?.index ?? indexFormat/* UPLOADS_INDEX_NAME */.st;
    const indexFile = manifest.files.find((f) => f.source === 'uploads' && f.name === indexName);
    const archiveFile = manifest.files.find((f) => f.source === 'uploads' && f.name !== indexName);
    if (!archiveFile || !indexFile) {
        throw new errors/* UserError */.yo(`snapshot ${manifest.id} holds no uploads archive${archiveFile ? ` index (${indexName})` : ''}: nothing to restore into target-uploads-dir`);
    }
    return { archiveFile, indexFile };
}
async function resolveTarget(dirInput) {
    let target = external_node_path_default().resolve(dirInput);
    if (external_node_path_default().dirname(target) === target) {
        throw new errors/* UserError */.yo(`target-uploads-dir ${target} is a file system root: name a folder`);
    }
    let stats;
    try {
        stats = await external_node_fs_promises_default().lstat(target);
    }
    catch (error) {
        if (error.code !== 'ENOENT') {
            throw new errors/* UserError */.yo(`target-uploads-dir ${target} cannot be read: ${(0,fsCalls/* describe */.q0)(error)}`);
        }
    }
    if (stats?.isSymbolicLink()) {
        // A symlinked uploads folder (to a volume, say) is restored where it points.
        try {
            target = await external_node_fs_promises_default().realpath(target);
            stats = await external_node_fs_promises_default().stat(target);
        }
        catch (error) {
            throw new errors/* UserError */.yo(`target-uploads-dir ${target} is a symlink that cannot be followed: ${(0,fsCalls/* describe */.q0)(error)}`);
        }
    }
    if (stats && !stats.isDirectory()) {
        throw new errors/* UserError */.yo(`target-uploads-dir ${target} exists and is not a folder`);
    }
    return target;
}
/** Names in the target folder, sorted; [] when it does not exist. */
async function targetEntries(target) {
    try {
        return (await external_node_fs_promises_default().readdir(target)).sort();
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return [];
        throw new errors/* UserError */.yo(`target-uploads-dir ${target} cannot be read: ${(0,fsCalls/* describe */.q0)(error)}`);
    }
}
async function readIndex(storage, keyOf, file, log) {
    const chunks = [];
    await streamVerified(storage, keyOf(file.name), file, async (input) => {
        await (0,promises_.pipeline)(input, (0,compression/* createDecompressor */.Li)(file.compression), async (source) => {
            for await (const chunk of source)
                chunks.push(chunk);
        });
    });
    const index = (0,indexFormat/* parseIndex */.A1)(Buffer.concat(chunks).toString('utf8'), file.name);
    log.info(`${file.name}: ${index.entries.length} entries, checksum verified`);
    return index;
}
function notChanged(error, target) {
    const message = `${(0,errors/* errorLine */.BP)(error)}; ${target} was not changed`;
    if (error instanceof ChecksumError)
        return new ChecksumError(message);
    return new errors/* UserError */.yo(message, { cause: error });
}
function round(n) {
    return Math.round(n * 1000) / 1000;
}

// EXTERNAL MODULE: ./src/snapshot/catalog.ts + 2 modules
var catalog = __webpack_require__(3881);
// EXTERNAL MODULE: ./src/snapshot/layout.ts
var layout = __webpack_require__(2064);
// EXTERNAL MODULE: ./src/snapshot/select.ts
var snapshot_select = __webpack_require__(4394);
// EXTERNAL MODULE: ./src/storage/open.ts + 1 modules
var storage_open = __webpack_require__(3327);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
;// CONCATENATED MODULE: ./src/restore/restoreSnapshot.ts













function targetsOf(config) {
    return {
        databaseUrl: config.targetDatabaseUrl,
        redisUrl: config.targetRedisUrl,
        uploadsDir: config.targetUploadsDir
    };
}
function sourcesOf(targets) {
    const sources = [];
    if (targets.databaseUrl)
        sources.push('postgres');
    if (targets.redisUrl)
        sources.push('redis');
    if (targets.uploadsDir)
        sources.push('uploads');
    if (sources.length === 0) {
        throw new errors/* ConfigError */.xL('nothing to restore into: set target-database-url, target-redis-url or target-uploads-dir');
    }
    return sources;
}
/** The storage to read from (S3 when given, else the folder) and its snapshots. */
async function restoreSnapshot_catalog(config, log) {
    const storage = (await (0,storage_open/* openStorages */.l)(config, log))[0];
    const where = storage.uriOf((0,layout/* environmentPrefix */.Es)(config.environment));
    const entries = await (0,catalog/* listSnapshots */.Cb)(storage, config.environment);
    return { storage, entries, where };
}
function fileOf(manifest, source) {
    const file = manifest.files.find((f) => f.source === source);
    if (!file)
        throw new errors/* UserError */.yo(`snapshot ${manifest.id} holds no ${source} file`);
    return file;
}
/** Restore each targeted source of one snapshot; throws at the first failure, naming it. */
async function restoreSources(storage, entry, targets, options, log) {
    const manifest = entry.manifest;
    const keyOf = (name) => (0,catalog/* folderOf */.yS)(entry, manifest.environment) + name;
    const results = [];
    const plans = [];
    // A damaged snapshot (allowed by allow-damaged): restore its whole sources, name the others.
    const skipped = [];
    if (entry.state === 'damaged') {
        targets = { ...targets };
        const field = { postgres: 'databaseUrl', redis: 'redisUrl', uploads: 'uploadsDir' };
        for (const source of (0,snapshot_select/* damagedSources */._b)(entry)) {
            if (!targets[field[source]])
                continue;
            delete targets[field[source]];
            const files = (entry.missing ?? []).filter((m) => m.source === source);
            const line = `${source}: not restored: snapshot ${entry.id} is damaged: ${files.map((m) => `${m.name} ${m.problem}`).join('; ')}`;
            log.warning(line);
            skipped.push(line);
            plans.push(line);
        }
    }
    let pgPlan;
    if (targets.databaseUrl) {
        const stats = manifest.sources.postgres;
        if (!stats)
            throw new errors/* UserError */.yo(`snapshot ${manifest.id} has no PostgreSQL statistics`);
        pgPlan = await log.group('Plan: PostgreSQL', async () => {
            const plan = await (0,restore/* planPostgresRestore */.hw)(targets.databaseUrl, stats, options.force, {
                drill: options.drill,
                dropDependents: options.dropDependents
            });
            const cascade = plan.cascade;
            const lines = [
                `restore ${fileOf(manifest, 'postgres').name} into ${plan.server.endpoint} (PostgreSQL ${plan.server.version}, psql ${plan.psql.version}) in one transaction`,
                plan.rolesToCreate.length
                    ? `create missing roles (NOLOGIN): ${plan.rolesToCreate.join(', ')}`
                    : 'every role the dump names exists',
                ...(plan.preamble.filter((s) => s.startsWith('DROP')).length
                    ? ['force: drop first: ' + plan.preamble.filter((s) => s.startsWith('DROP')).join(' ')]
                    : []),
                ...(cascade
                    ? [
                        `CASCADE removes ${cascade.removed} object(s); outside the dump: ${cascade.outside.length ? `${cascade.outside.map(postgres_cascade/* describeRemoved */.wf).join('; ')} (drop-dependents: true)` : 'none'}`
                    ]
                    : [])
            ];
            lines.forEach((l) => log.info(l));
            plans.push(...lines);
            return plan;
        });
    }
    const redis = (dryRun) => restoreRedis({
        storage,
        keyOf,
        manifest,
        targetUrl: targets.redisUrl,
        force: options.force,
        dryRun,
        drill: options.drill,
        log
    });
    if (targets.redisUrl) {
        // Checks the target (reachable, empty or force) and prints the plan before any data moves.
        await log.group('Plan: Redis', async () => {
            await redis(true);
            const line = `restore ${fileOf(manifest, 'redis').name} (${manifest.sources.redis?.keys ?? '?'} keys) into ${(0,connection/* describeRedis */.RL)(targets.redisUrl)}${options.force ? ' (force: FLUSHALL first)' : ''}`;
            plans.push(line);
        });
    }
    const uploads = (dryRun) => restoreUploads({
        storage,
        keyOf,
        manifest,
        targetDir: targets.uploadsDir,
        force: options.force,
        dryRun,
        drill: options.drill,
        log
    });
    if (targets.uploadsDir) {
        // A dry run of the uploads restore checks the index and the target before any data moves.
        await log.group('Plan: uploads', async () => {
            const plan = await uploads(true);
            const line = `restore ${plan.archive} (${plan.files} files, ${(0,format/* formatBytes */.z)(plan.bytes)}, ${plan.directories} folders, ${plan.symlinks} links) into ${plan.target}${plan.replaced > 0 ? `, replacing its ${plan.replaced} entries (force)` : ''}`;
            log.info(line);
            plans.push(line);
        });
    }
    if (options.dryRun)
        return { results, plans, skipped };
    if (targets.databaseUrl && pgPlan) {
        const url = targets.databaseUrl;
        const plan = pgPlan;
        await log.group('Restore: PostgreSQL', async () => {
            const file = fileOf(manifest, 'postgres');
            if (options.drill) {
                await (0,restore/* markDrillTarget */.yc)(url, options.drill);
                log.info(`${plan.server.endpoint}: marked as a drill target (COMMENT ON DATABASE)`);
            }
            const { seconds, result: copied } = await streamVerified(storage, keyOf(file.name), file, (input) => (0,restore/* replayPostgres */.nN)(url, plan, file, input, log));
            log.info(`${file.name}: sha256 verified, replayed in ${(0,format/* formatSeconds */.X)(seconds)}`);
            const started = Date.now();
            const tables = manifest.sources.postgres.tables;
            const rows = options.readBack ? await (0,restore/* countRows */.BO)(url, tables) : (0,restore/* copiedRows */.mc)(tables, copied);
            const result = {
                source: 'postgres',
                file: file.name,
                restoreSeconds: (0,writer/* round */.LI)(seconds),
                verifySeconds: (0,writer/* round */.LI)((Date.now() - started) / 1000),
                checks: [
                    { what: `sha256 of ${file.name}`, expected: file.sha256, actual: file.sha256, ok: true },
                    ...rows.map(rowCheck)
                ]
            };
            results.push(result);
            const bad = rows.filter((r) => r.actual !== r.expected);
            if (bad.length > 0) {
                throw new errors/* UserError */.yo(`row counts differ after restore: ${bad.map((r) => `${r.table} has ${r.actual ?? 'no table'}, the manifest says ${r.expected}`).join('; ')}`);
            }
            log.info(`${rows.length} tables: every row count equals the manifest's (${options.readBack ? 'counted after the commit' : "the server's COPY tags in the committed transaction"})`);
        });
    }
    if (targets.redisUrl) {
        const url = targets.redisUrl;
        await log.group('Restore: Redis', async () => {
            const r = await redis(false);
            const started = Date.now();
            // The drill's marker key is not the snapshot's: it is left out of the counts.
            const counts = await countRedisKeys(url, { drill: options.drill });
            // Function libraries, where the dump names them (logical dumps): the same names back.
            const libraries = manifest.sources.redis?.functions;
            const functionChecks = libraries
                ? [
                    {
                        what: 'function libraries',
                        expected: libraries.join(', ') || 'none',
                        actual: (await listRedisFunctions(url)).join(', ') || 'none',
                        ok: false
                    }
                ].map((c) => ({ ...c, ok: c.expected === c.actual }))
                : [];
            results.push({
                source: 'redis',
                file: fileOf(manifest, 'redis').name,
                restoreSeconds: (0,writer/* round */.LI)(r.seconds),
                verifySeconds: (0,writer/* round */.LI)((Date.now() - started) / 1000),
                checks: [
                    ...redisChecks(manifest.sources.redis?.dbs ?? {}, counts, r.expiredSkippedByDb),
                    ...functionChecks
                ]
            });
            log.info(`${Object.values(r.restored).reduce((a, b) => a + b, 0)} keys restored into ${r.target}`);
        });
    }
    if (targets.uploadsDir) {
        await log.group('Restore: uploads', async () => {
            const r = await uploads(false);
            const expected = manifest.sources.uploads;
            const count = (what, want, have) => ({
                what,
                expected: String(want ?? '?'),
                actual: String(have),
                ok: want === have
            });
            results.push({
                source: 'uploads',
                file: r.archive,
                restoreSeconds: (0,writer/* round */.LI)(r.seconds),
                verifySeconds: 0,
                checks: [
                    count('files restored', expected?.files, r.files),
                    count('files whose sha256 equals the index', r.files, r.verified),
                    count('bytes of file content', expected?.bytes, r.bytes),
                    count('folders', expected?.directories, r.directories),
                    count('symlinks', expected?.symlinks, r.symlinks)
                ]
            });
            log.info(`${r.files} files restored into ${r.target}, every hash equal to the index`);
        });
    }
    return { results, plans, skipped };
}
/**
 * Keys per db against the manifest. Keys without a TTL must all be back, exactly. Keys with a TTL
 * may only be fewer (they expire between backup, restore and count): the shortfall is shown.
 */
function redisChecks(expected, actual, skippedByDb) {
    const dbs = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    return dbs.flatMap((db) => {
        const want = expected[db] ?? { keys: 0, keysWithTtl: 0 };
        const have = actual[db] ?? { keys: 0, keysWithTtl: 0 };
        const skipped = skippedByDb[db] ?? 0;
        const persistentWant = want.keys - want.keysWithTtl;
        const persistentHave = have.keys - have.keysWithTtl;
        const ttlWant = want.keysWithTtl - skipped;
        return [
            {
                what: `db ${db}: keys without a TTL`,
                expected: String(persistentWant),
                actual: String(persistentHave),
                ok: persistentWant === persistentHave
            },
            {
                what: `db ${db}: keys with a TTL (${skipped} expired before the restore)`,
                expected: String(ttlWant),
                actual: `${have.keysWithTtl}${have.keysWithTtl < ttlWant ? ` (${ttlWant - have.keysWithTtl} expired since)` : ''}`,
                ok: have.keysWithTtl <= ttlWant && have.keysWithTtl >= 0
            }
        ];
    });
}
function rowCheck(r) {
    return {
        what: `rows in ${r.table}`,
        expected: String(r.expected),
        actual: r.actual === null ? 'missing' : String(r.actual),
        ok: r.actual === r.expected
    };
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

/***/ 4394:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xn: () => (/* binding */ selectSnapshot),
/* harmony export */   _b: () => (/* binding */ damagedSources)
/* harmony export */ });
/* unused harmony export holds */
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
            const incomplete = entries.filter((e) => e.state !== 'complete').length;
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`no complete snapshot holding ${wanted} in ${where} (${entries.length} snapshot folders, ${incomplete} incomplete or unreadable)`);
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

/***/ 994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CU: () => (/* binding */ samePostgres),
/* harmony export */   O7: () => (/* binding */ DRILL_MARKER_PREFIX),
/* harmony export */   PL: () => (/* binding */ REDIS_DRILL_MARKER_KEY),
/* harmony export */   Sk: () => (/* binding */ refuseSource),
/* harmony export */   Yx: () => (/* binding */ drillLabel),
/* harmony export */   _u: () => (/* binding */ isDrillMarker),
/* harmony export */   iH: () => (/* binding */ UPLOADS_DRILL_MARKER_SUFFIX),
/* harmony export */   kq: () => (/* binding */ sameRedis),
/* harmony export */   rp: () => (/* binding */ checkDrillTarget)
/* harmony export */ });
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);

// What a drill may write into (issue 13, item 2). Host, port or id comparisons alone can be
// fooled (DNS aliases, a pooler, a clone), so the rule is positive: a drill writes only into a
// target that is empty, or that carries the marker an earlier drill left there (a comment on the
// database, a key in Redis db 0, a file beside the uploads folder). The marker is written before
// the first byte of data, so a drill that fails half way still leaves a target the next one may
// reuse. `force` keeps its meaning (allow a target that holds data), but only a marked one: it
// never lets a drill empty anything else. Second line of defence: a target that matches what the
// manifest recorded about the source (the same cluster and database, the same Redis server, the
// same folder) is refused even when it carries a marker.
/** Every marker's text starts with this; the rest names the drill that left it. */
const DRILL_MARKER_PREFIX = 'luneo-backup drill target';
/** The Redis key (db 0) that marks a drill target. */
const REDIS_DRILL_MARKER_KEY = 'luneo-backup:drill-target';
/** The marker beside an uploads folder: `<parent>/.<name>.luneo-drill-target`. */
const UPLOADS_DRILL_MARKER_SUFFIX = '.luneo-drill-target';
function drillLabel(manifest, drilledAt) {
    return `${DRILL_MARKER_PREFIX}: drill of ${manifest.environment}/${manifest.id} at ${drilledAt.toISOString()}`;
}
function isDrillMarker(text) {
    return typeof text === 'string' && text.startsWith(DRILL_MARKER_PREFIX);
}
/**
 * The marker rule. `holds` describes the data the target holds (undefined: it is empty); throws
 * a one-line refusal naming the target when the drill may not write into it.
 */
function checkDrillTarget(target) {
    if (target.holds === undefined)
        return;
    if (!target.marked) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`drill refused: ${target.what} holds ${target.holds} and carries no drill marker, so no drill made it; a drill writes only into an empty target or one an earlier drill marked, force or not`);
    }
    if (!target.force) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`drill refused: ${target.what} holds ${target.holds} from an earlier drill (it carries the drill marker): set force: true to replace it`);
    }
}
/**
 * Why the target is the snapshot's source, or undefined. The same cluster (system_identifier,
 * shared only by its physical replicas and copies) and the same database oid. Without the
 * identifier on both sides nothing can be said (oids repeat across clusters).
 */
function samePostgres(source, target) {
    if (!source?.systemIdentifier || !target.systemIdentifier)
        return undefined;
    if (source.systemIdentifier !== target.systemIdentifier)
        return undefined;
    if (source.databaseOid !== target.databaseOid)
        return undefined;
    return `the same cluster (system_identifier ${source.systemIdentifier}) and database (oid ${source.databaseOid})`;
}
/**
 * Why the target is the snapshot's source, or undefined. run_id names one server process (a
 * restart changes it, so a match is never wrong); master_replid names its replication history
 * (the server itself, its replicas, a copy started from its files); the address as the URLs name
 * it, except loopback ones, which name a different server on each machine (a laptop's tunnel,
 * a CI service container).
 */
function sameRedis(source, target) {
    if (!source)
        return undefined;
    if (source.runId && source.runId === target.runId) {
        return `the same server process (run_id ${source.runId})`;
    }
    if (source.replId && source.replId === target.replId) {
        return `the same replication history (master_replid ${source.replId})`;
    }
    const a = source.address.toLowerCase();
    if (!isLoopback(a) && a === target.address.toLowerCase()) {
        return `the same address (${source.address})`;
    }
    return undefined;
}
function isLoopback(address) {
    const host = address.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
/** A drill into its own source: refused, naming both. */
function refuseSource(what, source, why) {
    return new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`drill refused: ${what} matches the snapshot's source ${source}: ${why}; a drill restores into scratch targets only`);
}


/***/ }),

/***/ 5806:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   uZ: () => (/* binding */ cascadePlan),
/* harmony export */   wf: () => (/* binding */ describeRemoved)
/* harmony export */ });
/* unused harmony export inDump */
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);
/* harmony import */ var _util_redact_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(767);
/* harmony import */ var _quote_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2560);



function describeRemoved(o) {
    return o.what;
}
/**
 * What force's DROP ... CASCADE statements remove, asked of the server itself: the drops run in
 * a transaction that is rolled back, and the dependency rows (pg_depend) that are gone afterwards
 * are the objects removed, every kind included, with no limit on how many (the "drop cascades
 * to" notices stop listing at 100). Each removed object is traced to the object it is part of
 * (auto, internal and extension dependencies: an index or a constraint to its table, a view's
 * rule to the view), which is then compared with the dump's objects.
 */
async function cascadePlan(client, drops, stats) {
    const keys = `select distinct classid::text as c, objid::text as o, objsubid as s from pg_depend where objid >= 16384`;
    let gone;
    await client.query('BEGIN');
    try {
        // The drops lock what they drop: give up rather than wait behind a long transaction.
        await client.query(`SET LOCAL lock_timeout = '10s'`);
        const before = (await client.query(keys)).rows;
        for (const drop of drops)
            await client.query(drop);
        const after = new Set((await client.query(keys)).rows.map((k) => `${k.c}:${k.o}:${k.s}`));
        gone = before.filter((k) => !after.has(`${k.c}:${k.o}:${k.s}`));
    }
    catch (error) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`cannot plan force's drops: ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(error.message)}; nothing was changed`);
    }
    finally {
        await client.query('ROLLBACK').catch(() => undefined);
    }
    if (gone.length === 0)
        return { removed: 0, outside: [] };
    // Each removed object is listed as the outermost removed object it is part of (a view, not
    // its rule and row type; a foreign key, not its triggers), named with its schema (search_path
    // empty for pg_describe_object), and judged by the object at the end of the chain (the
    // foreign key by the table that holds it, which CASCADE does not drop).
    let rows;
    await client.query('BEGIN');
    try {
        await client.query(`SET LOCAL search_path = ''`);
        rows = (await client.query(`with recursive removed(c, o) as (
           select c, o from unnest($1::oid[], $2::oid[], $3::int[]) as g(c, o, s) where s = 0
         ),
         walk(k, c, o, depth) as (
           select k, c, o, 0 from unnest($1::oid[], $2::oid[]) with ordinality as u(c, o, k)
           union all
           select w.k, d.refclassid, d.refobjid, w.depth + 1 from walk w
             join pg_depend d on d.classid = w.c and d.objid = w.o and d.objsubid = 0
              and d.deptype in ('a', 'i', 'e') and not (d.refclassid = w.c and d.refobjid = w.o)
            where w.depth < 20
              -- A partition is a table of its own, with its own rows: judged by itself, not by the
              -- partitioned table it hangs from (which the dump may well create).
              and not (w.c = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
                       and exists (select 1 from pg_class x where x.oid = w.o and x.relispartition))
         ),
         top as (select distinct on (k) k, c, o from walk order by k, depth desc),
         root as (
           select distinct on (k) k, c, o, depth from walk w
            where depth = 0 or exists (select 1 from removed r where r.c = w.c and r.o = w.o)
            order by k, depth desc
         )
         select case when rt.depth = 0 then pg_describe_object(u.c, u.o, u.s)
                     else pg_describe_object(rt.c, rt.o, 0) end as what,
                t.c::regclass::text as top_class,
                r.relkind::text as relkind,
                case when r.oid is not null then format('%I.%I', rn.nspname, r.relname) end as rel,
                case when p.oid is not null then format('%I.%I', pn.nspname, p.proname) end as proc,
                coalesce(rn.nspname, pn.nspname, yn.nspname, xn.nspname) as nsp,
                quote_ident(n.nspname) as schema_name, e.extname,
                pg_describe_object(t.c, t.o, 0) as top_what
           from unnest($1::oid[], $2::oid[], $3::int[]) with ordinality as u(c, o, s, k)
           join top t on t.k = u.k
           join root rt on rt.k = u.k
           left join pg_class r on t.c = 'pg_class'::regclass and r.oid = t.o
           left join pg_namespace rn on rn.oid = r.relnamespace
           left join pg_proc p on t.c = 'pg_proc'::regclass and p.oid = t.o
           left join pg_namespace pn on pn.oid = p.pronamespace
           left join pg_type y on t.c = 'pg_type'::regclass and y.oid = t.o
           left join pg_namespace yn on yn.oid = y.typnamespace
           left join pg_constraint x on t.c = 'pg_constraint'::regclass and x.oid = t.o
           left join pg_namespace xn on xn.oid = x.connamespace
           left join pg_namespace n on t.c = 'pg_namespace'::regclass and n.oid = t.o
           left join pg_extension e on t.c = 'pg_extension'::regclass and e.oid = t.o
          order by u.k`, [gone.map((k) => k.c), gone.map((k) => k.o), gone.map((k) => k.s)])).rows;
    }
    finally {
        await client.query('ROLLBACK').catch(() => undefined);
    }
    const removed = rows.map((r) => {
        let top;
        if (r.rel !== null && r.relkind !== null) {
            top = {
                kind: 'rpf'.includes(r.relkind) ? 'table' : 'vm'.includes(r.relkind) ? 'view' : 'other',
                name: r.rel,
                schema: r.nsp ?? undefined
            };
        }
        else if (r.top_class === 'pg_proc') {
            top = { kind: 'function', name: r.proc, schema: r.nsp ?? undefined };
        }
        else if (r.schema_name !== null)
            top = { kind: 'schema', name: r.schema_name };
        else if (r.extname !== null)
            top = { kind: 'extension', name: r.extname };
        else
            top = { kind: 'other', name: r.top_what, schema: r.nsp ?? undefined };
        return { what: r.what, top, topWhat: r.top_what };
    });
    // One dependency row per referenced object, and the parts of one object: each listed once.
    const unique = [...new Map(removed.map((o) => [o.what, o])).values()].sort((a, b) => a.what.localeCompare(b.what));
    return { removed: unique.length, outside: unique.filter((o) => !inDump(o, stats)) };
}
/**
 * Whether the dump brings the object back: its top object is one the dump creates (a table,
 * view, function, schema, extension it names). Objects of kinds the manifest does not list
 * (sequences, types) count as the dump's when they live in a schema the dump creates; a table,
 * view or function there that the dump does not name is outside it.
 */
function inDump(o, stats) {
    const { schemas, tables, views, functions } = stats.objects;
    switch (o.top.kind) {
        case 'table':
            return tables.includes(o.top.name);
        case 'view':
            return views.includes(o.top.name);
        case 'function':
            return functions.includes(o.top.name);
        case 'schema':
            return schemas.includes(o.top.name);
        case 'extension':
            return stats.extensions.includes(o.top.name);
        default:
            return o.top.schema !== undefined && schemas.includes((0,_quote_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdentLike */ .i)(o.top.schema));
    }
}


/***/ }),

/***/ 2560:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ quoteIdentLike),
/* harmony export */   v: () => (/* binding */ quoteIdent)
/* harmony export */ });
// SQL identifiers, quoted as PostgreSQL and pg_dump quote them.
function quoteIdent(name) {
    return `"${name.replace(/"/g, '""')}"`;
}
/** The dump names schemas as pg_dump quotes them: bare when they need no quotes. */
function quoteIdentLike(name) {
    return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : quoteIdent(name);
}


/***/ }),

/***/ 2398:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BO: () => (/* binding */ countRows),
/* harmony export */   L: () => (/* binding */ listObjects),
/* harmony export */   hw: () => (/* binding */ planPostgresRestore),
/* harmony export */   mc: () => (/* binding */ copiedRows),
/* harmony export */   nN: () => (/* binding */ replayPostgres),
/* harmony export */   yc: () => (/* binding */ markDrillTarget)
/* harmony export */ });
/* unused harmony exports psqlKnowsRestrict, dropStatements, CopyTagReader */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _snapshot_compression_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3968);
/* harmony import */ var _util_cancel_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4436);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(17);
/* harmony import */ var _util_redact_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(767);
/* harmony import */ var _drillTarget_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(994);
/* harmony import */ var _dump_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4272);
/* harmony import */ var _cascade_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(5806);
/* harmony import */ var _quote_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(2560);
/* harmony import */ var _dumpScanner_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3616);
/* harmony import */ var _tools_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(9783);












// Putting a plain dump back: plan (versions, extensions, roles, what force drops), then replay it
// with psql in ONE transaction, so a failure at any point leaves the target as it was.
const SYSTEM_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'`;
/** psql learned \restrict in these minor releases (and every major from 18). */
function psqlKnowsRestrict(version) {
    const [major, minor = 0] = version.split('.').map(Number);
    const since = { 13: 22, 14: 19, 15: 14, 16: 10, 17: 6 };
    if (major >= 18)
        return true;
    return since[major] !== undefined && minor >= since[major];
}
async function planPostgresRestore(url, stats, force, options = {}) {
    const server = await (0,_dump_js__WEBPACK_IMPORTED_MODULE_7__.serverInfo)(url);
    if (options.drill) {
        const why = (0,_drillTarget_js__WEBPACK_IMPORTED_MODULE_6__/* .samePostgres */ .CU)(stats.identity, {
            systemIdentifier: server.systemIdentifier,
            databaseOid: server.databaseOid
        });
        if (why)
            throw (0,_drillTarget_js__WEBPACK_IMPORTED_MODULE_6__/* .refuseSource */ .Sk)(`target-database-url ${server.endpoint}`, stats.database, why);
    }
    const dumpMajor = Number(stats.serverVersion.split('.')[0]);
    if (dumpMajor > server.major) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`the dump comes from PostgreSQL ${stats.serverVersion} and the target runs ${server.version}, older: its statements may not exist there (a pg_dump 17 file sets transaction_timeout); restore into PostgreSQL ${dumpMajor} or newer (see README "Client version")`);
    }
    const psql = await (0,_tools_js__WEBPACK_IMPORTED_MODULE_10__/* .findPsqlFor */ .BW)(stats.pgDumpVersion);
    if (stats.usesRestrict && !psqlKnowsRestrict(psql.version)) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`psql ${psql.version} cannot replay this dump (pg_dump ${stats.pgDumpVersion} writes \\restrict): install a newer PostgreSQL ${psql.version.split('.')[0]} client`);
    }
    return (0,_dump_js__WEBPACK_IMPORTED_MODULE_7__.withPg)(url, async (client) => {
        const missingExtensions = await missing(client, 'select name from pg_available_extensions where name = any($1)', stats.extensions);
        if (missingExtensions.length > 0) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`the target server lacks extension(s) the dump needs: ${missingExtensions.join(', ')} (install them on ${server.endpoint} first); nothing was restored`);
        }
        const rolesToCreate = await missing(client, 'select rolname as name from pg_roles where rolname = any($1)', stats.roles);
        const { rows } = await client.query(`select format('%I.%I', n.nspname, c.relname) as name from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'v', 'm', 'f') and ${SYSTEM_SCHEMAS}
        order by 1`);
        const existingTables = rows.map((r) => r.name);
        if (options.drill) {
            (0,_drillTarget_js__WEBPACK_IMPORTED_MODULE_6__/* .checkDrillTarget */ .rp)({
                what: `target-database-url ${server.endpoint}`,
                holds: existingTables.length > 0 ? tablesLine(existingTables) : undefined,
                marked: (0,_drillTarget_js__WEBPACK_IMPORTED_MODULE_6__/* .isDrillMarker */ ._u)(await databaseComment(client)),
                force
            });
        }
        if (existingTables.length > 0 && !force) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`target database ${server.endpoint} already holds ${tablesLine(existingTables)}: restore into an empty database, or set force: true to drop the dump's objects first`);
        }
        const preamble = rolesToCreate.map((r) => `CREATE ROLE ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_11__/* .quoteIdent */ .v)(r)} NOLOGIN;`);
        let cascade;
        if (force && existingTables.length > 0) {
            const drops = dropStatements(stats);
            cascade = await (0,_cascade_js__WEBPACK_IMPORTED_MODULE_8__/* .cascadePlan */ .uZ)(client, drops, stats);
            if (cascade.outside.length > 0 && !options.dropDependents) {
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`force would drop ${cascade.outside.length} object(s) outside the dump that depend on the dump's objects in ${server.endpoint}: ${cascade.outside.map(_cascade_js__WEBPACK_IMPORTED_MODULE_8__/* .describeRemoved */ .wf).join('; ')}; remove them first, or set drop-dependents: true to let DROP ... CASCADE remove them too; nothing was changed`);
            }
            preamble.push(...drops);
        }
        return { server, psql, rolesToCreate, existingTables, preamble, cascade };
    });
}
function tablesLine(tables) {
    return `${tables.length} table(s) or view(s) (${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', ...' : ''})`;
}
async function databaseComment(client) {
    const { rows } = await client.query(`select shobj_description(oid, 'pg_database') as c from pg_database where datname = current_database()`);
    return rows[0]?.c ?? null;
}
/**
 * Mark the target as a drill's (COMMENT ON DATABASE), committed on its own before any data goes
 * in, so a drill that fails later still leaves a target the next drill may reuse. pg_dump without
 * --create never dumps this comment, so the restored schema is not changed by it.
 */
async function markDrillTarget(url, drill) {
    await (0,_dump_js__WEBPACK_IMPORTED_MODULE_7__.withPg)(url, async (client) => {
        const { rows } = await client.query('select current_database() as db');
        const literal = `'${drill.label.replace(/'/g, "''")}'`;
        try {
            await client.query(`COMMENT ON DATABASE ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_11__/* .quoteIdent */ .v)(rows[0].db)} IS ${literal}`);
        }
        catch (error) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`cannot mark target-database-url ${describeTarget(url)} as a drill target (COMMENT ON DATABASE, "${_drillTarget_js__WEBPACK_IMPORTED_MODULE_6__/* .DRILL_MARKER_PREFIX */ .O7}"): ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_5__/* .redact */ .E$)(error.message)}; the drill's user must own the scratch database`);
        }
    });
}
function describeTarget(url) {
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
}
/** What force drops: each schema the dump creates, and the dump's own objects elsewhere. */
function dropStatements(stats) {
    const { schemas, tables, views, functions } = stats.objects;
    const inDumpSchema = (name) => schemas.some((s) => name.startsWith(`${s}.`));
    return [
        ...schemas.map((s) => `DROP SCHEMA IF EXISTS ${s} CASCADE;`),
        ...views.filter((v) => !inDumpSchema(v)).map((v) => `DROP VIEW IF EXISTS ${v} CASCADE;`),
        ...tables.filter((t) => !inDumpSchema(t)).map((t) => `DROP TABLE IF EXISTS ${t} CASCADE;`),
        ...functions.filter((f) => !inDumpSchema(f)).map((f) => `DROP FUNCTION IF EXISTS ${f} CASCADE;`)
    ];
}
async function missing(client, query, names) {
    if (names.length === 0)
        return [];
    const { rows } = await client.query(query, [names]);
    const present = new Set(rows.map((r) => r.name));
    return names.filter((n) => !present.has(n));
}
/**
 * Replay stored dump bytes into the target with psql -1 -v ON_ERROR_STOP=1. If `stored` errors
 * (a checksum failure), psql is killed before it sees the end of its input: nothing commits.
 * Returns the rows per table as the server reported them in its `COPY n` command tags inside
 * the transaction that committed (see CopyTagReader).
 */
async function replayPostgres(url, plan, file, stored, log) {
    // Cancelled: kill psql before it can see the end of its input, so nothing commits.
    (0,_util_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .throwIfCancelled */ .dZ)();
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(plan.psql.path, 
    // Not -q: psql prints each command's tag on stdout; with --echo-queries each command's text
    // comes first, so every `COPY n` tag is read against the COPY statement it answers.
    [
        '-X',
        '--echo-queries',
        '--no-align',
        '--tuples-only',
        '-v',
        'ON_ERROR_STOP=1',
        '--single-transaction',
        '--no-password'
    ].concat(['--dbname', (0,_tools_js__WEBPACK_IMPORTED_MODULE_10__/* .urlWithoutPassword */ .PO)(url)]), { env: (0,_tools_js__WEBPACK_IMPORTED_MODULE_10__/* .pgEnv */ .TS)((0,_tools_js__WEBPACK_IMPORTED_MODULE_10__/* .passwordOf */ .No)(url), _dump_js__WEBPACK_IMPORTED_MODULE_7__.CONNECT_TIMEOUT_SECONDS), stdio: ['pipe', 'pipe', 'pipe'] });
    const kill = () => child.kill('SIGKILL');
    _util_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .runSignal */ .KF.addEventListener('abort', kill, { once: true });
    try {
        const copied = new CopyTagReader();
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (text) => copied.feed(text));
        // Kill before any end of input can reach psql: an interrupted restore must roll back.
        stored.once('error', kill);
        let stderr = '';
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (t) => (stderr = (stderr + t).slice(-4000)));
        const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
        child.stdin.on('error', () => undefined); // psql exiting early: reported through its exit code
        for (const statement of plan.preamble)
            log.info(`  ${statement}`);
        if (plan.preamble.length > 0)
            child.stdin.write(plan.preamble.join('\n') + '\n');
        const fed = (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_1__.pipeline)(stored, (0,_snapshot_compression_js__WEBPACK_IMPORTED_MODULE_2__/* .createDecompressor */ .Li)(file.compression), child.stdin).catch((error) => error);
        const [fedResult, code] = await Promise.all([fed, exited]);
        (0,_util_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .throwIfCancelled */ .dZ)();
        if (code !== 0) {
            const last = stderr
                .trim()
                .split('\n')
                .filter((l) => /ERROR|FATAL|error/.test(l))
                .pop() ??
                stderr.trim().split('\n').pop() ??
                '';
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`psql failed restoring ${file.name}${last ? `: ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_5__/* .redact */ .E$)(last)}` : ` (exit ${code})`}; the transaction was rolled back, the target is as it was`);
        }
        if (fedResult instanceof Error)
            throw fedResult;
        return copied.rows;
    }
    finally {
        _util_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .runSignal */ .KF.removeEventListener('abort', kill);
    }
}
/**
 * Rows per table from psql's output with --echo-queries: each `COPY <table> ... FROM stdin;` it
 * echoes is followed by the server's `COPY n` tag once the rows are in. A table loaded in several
 * COPY blocks (pg_dump does that through the partition root) adds them up. A line that only looks
 * like a tag (say, inside an echoed function body) is ignored: no COPY statement is waiting for it.
 */
class CopyTagReader {
    rows = new Map();
    waiting;
    partial = '';
    feed(text) {
        const lines = (this.partial + text).split('\n');
        this.partial = lines.pop().slice(0, MAX_ECHO_LINE);
        for (const line of lines) {
            const statement = _dumpScanner_js__WEBPACK_IMPORTED_MODULE_9__/* .COPY_STATEMENT */ .g.exec(line);
            if (statement) {
                this.waiting = statement[1];
                continue;
            }
            const tag = /^COPY (\d+)$/.exec(line);
            if (tag && this.waiting !== undefined) {
                this.rows.set(this.waiting, (this.rows.get(this.waiting) ?? 0) + Number(tag[1]));
                this.waiting = undefined;
            }
        }
    }
}
/**
 * The longest unfinished line CopyTagReader keeps: far above any COPY statement (1,600 columns
 * of quoted names), and a longer echoed line (a function body) only needs its start.
 */
const MAX_ECHO_LINE = 1 << 20;
/** The manifest's rows per table against the server's COPY tags of a replay. */
function copiedRows(tables, copied) {
    return Object.entries(tables).map(([table, expected]) => ({
        table,
        expected,
        actual: copied.get(table) ?? null
    }));
}
/** Rows per table in the target (each its own rows, ONLY: as its COPY block holds them), against the manifest's counts. */
async function countRows(url, tables) {
    return (0,_dump_js__WEBPACK_IMPORTED_MODULE_7__.withPg)(url, async (client) => {
        const checks = [];
        for (const [table, expected] of Object.entries(tables)) {
            try {
                const { rows } = await client.query(`select count(*)::text as n from only ${table}`);
                checks.push({ table, expected, actual: Number(rows[0].n) });
            }
            catch {
                checks.push({ table, expected, actual: null });
            }
        }
        return checks;
    });
}
/** The dump's schemas, tables, views, functions and indexes, as the target now has them. */
async function listObjects(url) {
    return (0,_dump_js__WEBPACK_IMPORTED_MODULE_7__.withPg)(url, async (client) => {
        const names = async (query) => (await client.query(query)).rows.map((r) => r.name).sort();
        const notFromExtension = (oid, catalog) => `not exists (select 1 from pg_depend d where d.objid = ${oid} and d.classid = '${catalog}'::regclass and d.deptype = 'e')`;
        return {
            schemas: await names(`select quote_ident(n.nspname) as name from pg_namespace n where ${SYSTEM_SCHEMAS} and n.nspname <> 'public' and ${notFromExtension('n.oid', 'pg_namespace')}`),
            tables: await names(`select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'p') and ${SYSTEM_SCHEMAS} and ${notFromExtension('c.oid', 'pg_class')}`),
            views: await names(`select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('v', 'm') and ${SYSTEM_SCHEMAS} and ${notFromExtension('c.oid', 'pg_class')}`),
            functions: await names(
            // Not a range type's constructors (deptype 'i'): the server makes them, the dump does not.
            `select format('%I.%I', n.nspname, p.proname) as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace where ${SYSTEM_SCHEMAS} and ${notFromExtension('p.oid', 'pg_proc')} and not exists (select 1 from pg_depend d where d.objid = p.oid and d.classid = 'pg_proc'::regclass and d.deptype = 'i')`),
            indexes: await names(`select quote_ident(c.relname) as name from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace where ${SYSTEM_SCHEMAS} and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid) and ${notFromExtension('c.oid', 'pg_class')}`)
        };
    });
}


/***/ }),

/***/ 8663:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DE: () => (/* binding */ fstat),
/* harmony export */   Tq: () => (/* binding */ openFile),
/* harmony export */   Xg: () => (/* binding */ readFd),
/* harmony export */   q0: () => (/* binding */ describe),
/* harmony export */   xD: () => (/* binding */ O_NONBLOCK),
/* harmony export */   zF: () => (/* binding */ closeFd)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);

// The file system calls the archive makes once per file, and how any fs error reads in the
// uploads messages (backup and restore alike).
// Metadata calls (open, fstat, close) are synchronous, as GNU tar makes them: through the thread
// pool, each one's hand-off cost more than the call (on 2 cores it contends with the pool's
// threads). Content reads stay on the pool, so the files read ahead are read concurrently: on a
// cold disk that is what keeps the archive near tar's pace. Measured on 5,000 media files
// (docs/benchmarks.md): all five calls on the pool 1.42-1.51 s warm, 1.6-2.5 s cold; all
// synchronous 1.20-1.26 s warm but 2.0 s cold; this split 1.29-1.46 s warm, 1.50-1.57 s cold.
// Errors become rejections either way, so every caller handles them the same.
function syncCall(call) {
    try {
        return Promise.resolve(call());
    }
    catch (error) {
        return Promise.reject(error);
    }
}
const openFile = (abs) => syncCall(() => node_fs__WEBPACK_IMPORTED_MODULE_0___default().openSync(abs, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW | O_NONBLOCK));
const fstat = (fd) => syncCall(() => node_fs__WEBPACK_IMPORTED_MODULE_0___default().fstatSync(fd));
const readFd = (fd, buffer, offset, length, position) => new Promise((resolve, reject) => node_fs__WEBPACK_IMPORTED_MODULE_0___default().read(fd, buffer, offset, length, position, (error, bytesRead) => error ? reject(error) : resolve(bytesRead)));
/** Close, ignoring errors (a read-only descriptor has nothing left to lose). */
const closeFd = (fd) => syncCall(() => {
    try {
        node_fs__WEBPACK_IMPORTED_MODULE_0___default().closeSync(fd);
    }
    catch {
        // nothing to lose
    }
});
// O_NONBLOCK is not in every platform's fs.constants typing; Linux and macOS have it.
const O_NONBLOCK = node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK ?? 0;
/** An fs error as `CODE: message` (the code once), anything else as its message. */
function describe(error) {
    const e = error;
    return e.code ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, '')}` : String(e?.message ?? e);
}


/***/ }),

/***/ 8580:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A1: () => (/* binding */ parseIndex),
/* harmony export */   Ku: () => (/* binding */ IndexWriter),
/* harmony export */   st: () => (/* binding */ UPLOADS_INDEX_NAME)
/* harmony export */ });
/* unused harmony export INDEX_FORMAT_VERSION */
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


/***/ })

};

//# sourceMappingURL=150.index.js.map