export const id = 103;
export const ids = [103];
export const modules = {

/***/ 9662:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R_: () => (/* binding */ plainNameOf),
/* harmony export */   dn: () => (/* binding */ refuseDestroyedKey),
/* harmony export */   zs: () => (/* binding */ sealingFor)
/* harmony export */ });
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);
/* harmony import */ var _periods_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9535);
/* harmony import */ var _recipients_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2149);



/**
 * The recipients for a backup that starts at `started`, or undefined with encryption: none.
 * Refuses (before anything runs) when keys are per month and this month has none.
 */
function sealingFor(config, started) {
    if (config.encryption !== 'age')
        return undefined;
    const input = config.ageRecipients;
    if (!input)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('encryption is age but age-recipients is empty');
    const period = (0,_recipients_js__WEBPACK_IMPORTED_MODULE_2__/* .periodOf */ .jH)(started);
    try {
        return {
            recipients: (0,_recipients_js__WEBPACK_IMPORTED_MODULE_2__/* .recipientsFor */ .sx)(input, period),
            ...((0,_recipients_js__WEBPACK_IMPORTED_MODULE_2__/* .isPerPeriod */ .JM)(input) ? { period } : {})
        };
    }
    catch (error) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(error.message);
    }
}
/** A stored file's name before encryption: what `age -d` writes (`uploads.tar.gz` for `uploads.tar.gz.age`). */
function plainNameOf(file) {
    return file.encryption ? file.name.replace(/\.age$/, '') : file.name;
}
/**
 * Refuse to encrypt to a key recorded destroyed (in any storage's ledger): this month's, or a
 * destroyed month's key given again for this month. Such a backup would look complete and never
 * restore.
 */
async function refuseDestroyedKey(storages, environment, sealing) {
    for (const storage of storages) {
        const destroyed = await (0,_periods_js__WEBPACK_IMPORTED_MODULE_1__/* .destroyedKeys */ .CA)(storage, environment);
        const where = `destroy-key, in ${storage.uriOf(`${environment}/ledger/`)}`;
        if (sealing.period && destroyed.periods.has(sealing.period)) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`the age key of ${sealing.period} is recorded as destroyed (${where}): a backup to it could never be restored; give ${sealing.period} a new key in age-recipients`);
        }
        const reused = sealing.recipients.find((r) => destroyed.recipients.has(r));
        if (reused) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`age-recipients gives ${sealing.period ?? 'every month'} the key ${reused}, the key of ${destroyed.recipients.get(reused)} recorded as destroyed (${where}): a backup to it could never be restored; generate a new key (age-keygen)`);
        }
    }
}


/***/ }),

/***/ 6103:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  U$: () => (/* binding */ restoreSnapshot_catalog),
  vR: () => (/* binding */ restoreSources),
  u0: () => (/* binding */ sourcesOf),
  QR: () => (/* binding */ targetsOf)
});

// EXTERNAL MODULE: ./src/sources/postgres/restore.ts
var restore = __webpack_require__(2398);
// EXTERNAL MODULE: ./src/sources/postgres/cascade.ts
var postgres_cascade = __webpack_require__(5806);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
// EXTERNAL MODULE: ./src/snapshot/reader.ts
var reader = __webpack_require__(5997);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/sources/drillTarget.ts
var drillTarget = __webpack_require__(994);
// EXTERNAL MODULE: ./src/sources/redis/connection.ts
var connection = __webpack_require__(7920);
// EXTERNAL MODULE: ./src/util/timeouts.ts
var util_timeouts = __webpack_require__(4870);
// EXTERNAL MODULE: ./src/sources/redis/info.ts
var info = __webpack_require__(2508);
// EXTERNAL MODULE: ./src/sources/redis/rdbFormat.ts
var rdbFormat = __webpack_require__(3821);
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
/**
 * `trailingBytes`: what the manifest records after the RDB's end (an adopted file): exactly
 * that many are accepted; absent, none.
 */
async function replayRdb(input, sender, trailingBytes) {
    const entries = [];
    const functions = [];
    const scanner = new rdb_scanner/* RdbScanner */.B({
        explain: restoreRdbError,
        trailing: trailingBytes,
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
    const conn = await connectTarget(url, options.timeouts ?? util_timeouts/* DEFAULT_TIMEOUTS */.R, options.tls);
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
    const conn = await connectTarget(url, options.timeouts ?? util_timeouts/* DEFAULT_TIMEOUTS */.R, options.tls);
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
    const timeouts = options.timeouts ?? util_timeouts/* DEFAULT_TIMEOUTS */.R;
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
    try {
        (0,rdbFormat/* checkTargetReadsFormat */.s)(stats, server, file.name);
    }
    catch (error) {
        conn.close();
        throw error;
    }
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
        seconds: (0,format/* round */.LI)((Date.now() - started) / 1000)
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
        log.info(options.planStep ? `plan: ${plan}` : `dry run: would ${plan}; nothing was written`);
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
        await (0,reader/* streamVerified */.F)(storage, keyOf(file.name), file, (input) => mode === 'rdb'
            ? replayRdb(input, sender, stats.trailingBytes)
            : replayLogical(input, file, sender), options.identities);
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
// EXTERNAL MODULE: ./src/encryption/sealing.ts
var sealing = __webpack_require__(9662);
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
// EXTERNAL MODULE: ./src/sources/uploads/paths.ts
var paths = __webpack_require__(1271);
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
        const parsed = (0,paths/* archivePath */.oM)(header.name, root);
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
            const problem = (0,paths/* linkProblem */.kD)(rel, linkname, (p) => this.plan.links.get(p));
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
                await writeSparse(handle, chunk, size);
                size += chunk.length;
            }
            // Holes up to the end: the file gets its whole length (a sparse file stays sparse).
            await handle.truncate(size);
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
async function writeAt(handle, data, position) {
    let offset = 0;
    while (offset < data.length) {
        const { bytesWritten } = await handle.write(data, offset, data.length - offset, position + offset);
        offset += bytesWritten;
    }
}
const BLOCK = 4096;
const ZEROS = Buffer.alloc(BLOCK);
/**
 * Write a chunk at `position` of a new file, leaving each whole, aligned block of zeros as a
 * hole: a sparse file (a VM image, a database file) comes back sparse, not allocated, and any
 * file reads back the same bytes. Chunks without such blocks are one write, as before.
 */
async function writeSparse(handle, chunk, position) {
    let pending = 0; // start of the bytes not written yet
    let at = 0;
    while (at < chunk.length) {
        const end = Math.min(chunk.length, at + BLOCK - ((position + at) % BLOCK));
        if (end - at === BLOCK && chunk.subarray(at, end).equals(ZEROS)) {
            if (at > pending)
                await writeAt(handle, chunk.subarray(pending, at), position + pending);
            pending = end;
        }
        at = end;
    }
    if (chunk.length > pending)
        await writeAt(handle, chunk.subarray(pending), position + pending);
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

// EXTERNAL MODULE: ./src/sources/uploads/indexFormat.ts
var indexFormat = __webpack_require__(8580);
// EXTERNAL MODULE: ./src/sources/uploads/plan.ts
var uploads_plan = __webpack_require__(6008);
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
            throw new errors/* UserError */.yo(`target-uploads-dir ${target} cannot be read: ${(0,errors/* fsErrorLine */.qr)(error)}`);
        }
    }
    const base = mountPoint ? target : parent;
    try {
        await (0,mkdirs/* mkdirs */.N)(parent);
    }
    catch (error) {
        throw new errors/* UserError */.yo(`cannot create the parent folder of target-uploads-dir ${target}: ${(0,errors/* fsErrorLine */.qr)(error)}`);
    }
    try {
        await external_node_fs_promises_default().access(base, external_node_fs_.constants.W_OK);
    }
    catch (error) {
        throw new errors/* UserError */.yo(`cannot write the staging folder into ${base}: ${(0,errors/* fsErrorLine */.qr)(error)}; ${target} was not changed`);
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
                : `cannot move the restored folder into ${target}: ${(0,errors/* fsErrorLine */.qr)(error)}; ${target} was not changed`);
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
            throw new errors/* UserError */.yo(`cannot move ${target} aside to put the restored folder in its place: ${(0,errors/* fsErrorLine */.qr)(error)}; ${target} was not changed`);
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
            ? `cannot move the restored folder into ${target}: ${(0,errors/* fsErrorLine */.qr)(error)}; ${target} was not changed`
            : `cannot move the restored folder into ${target}: ${(0,errors/* fsErrorLine */.qr)(error)}; its previous contents are in ${old}`);
    }
    if (moved) {
        try {
            await removeTree(old, true);
        }
        catch (error) {
            log.warning(`restored; the previous contents of ${target} are left in ${old}: ${(0,errors/* fsErrorLine */.qr)(error)}`);
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
        throw new errors/* UserError */.yo(`${target} (a mount point) is half restored: ${(0,errors/* fsErrorLine */.qr)(error)}; the verified copy is in ${staging}: move its contents into ${target} by hand`);
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
    const { archiveFile, indexFile } = uploadsFiles(manifest, options.index !== undefined);
    const target = await resolveTarget(options.targetDir);
    const existing = await targetEntries(target);
    if (options.drill)
        await checkUploadsDrillTarget(target, existing, manifest, force);
    if (existing.length > 0 && !force) {
        throw new errors/* UserError */.yo(`target-uploads-dir ${target} is not empty (${existing.length} entries, e.g. ${existing[0]}): pass force: true to replace its contents`);
    }
    let plan;
    try {
        plan = (0,uploads_plan/* planFromIndex */.e)(options.index ?? (await readIndex(storage, keyOf, indexFile, log, options.identities)), (0,sealing/* plainNameOf */.R_)(archiveFile) // the index names the archive as it is before encryption
        );
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
        seconds: (0,format/* round */.LI)((Date.now() - started) / 1000)
    });
    const replacing = existing.length > 0 ? `, replacing its ${existing.length} entries` : '';
    if (dryRun) {
        const plan = `restore ${what} from ${archiveFile.name} of snapshot ${manifest.id} into ${target}${replacing}`;
        log.info(options.planStep ? `plan: ${plan}` : `dry run: would ${plan}; nothing was written`);
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
            throw new errors/* UserError */.yo(`cannot write the drill marker ${marker}: ${(0,errors/* fsErrorLine */.qr)(error)}; ${target} was not changed`);
        }
        log.info(`${target}: marked as a drill target (${marker})`);
    }
    let staging;
    try {
        staging = await external_node_fs_promises_default().mkdtemp(place.prefix);
    }
    catch (error) {
        throw new errors/* UserError */.yo(`cannot create a staging folder beside ${target}: ${(0,errors/* fsErrorLine */.qr)(error)}; ${target} was not changed`);
    }
    let verified;
    try {
        const extractor = new Extractor(staging, plan, log);
        await (0,reader/* streamVerified */.F)(storage, keyOf(archiveFile.name), archiveFile, (input) => extractor.extract(input, archiveFile), options.identities);
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
function uploadsFiles(manifest, indexGiven) {
    const stats = manifest.sources.uploads;
    const indexName = stats?.index ?? indexFormat/* UPLOADS_INDEX_NAME */.st;
    const indexFile = manifest.files.find((f) => f.source === 'uploads' && f.name === indexName);
    const archiveFile = manifest.files.find((f) => f.source === 'uploads' && f.name !== indexName);
    if (!archiveFile || (!indexFile && !indexGiven)) {
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
            throw new errors/* UserError */.yo(`target-uploads-dir ${target} cannot be read: ${(0,errors/* fsErrorLine */.qr)(error)}`);
        }
    }
    if (stats?.isSymbolicLink()) {
        // A symlinked uploads folder (to a volume, say) is restored where it points.
        try {
            target = await external_node_fs_promises_default().realpath(target);
            stats = await external_node_fs_promises_default().stat(target);
        }
        catch (error) {
            throw new errors/* UserError */.yo(`target-uploads-dir ${target} is a symlink that cannot be followed: ${(0,errors/* fsErrorLine */.qr)(error)}`);
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
        throw new errors/* UserError */.yo(`target-uploads-dir ${target} cannot be read: ${(0,errors/* fsErrorLine */.qr)(error)}`);
    }
}
async function readIndex(storage, keyOf, file, log, identities) {
    const chunks = [];
    await (0,reader/* streamVerified */.F)(storage, keyOf(file.name), file, async (input) => {
        await (0,promises_.pipeline)(input, (0,compression/* createDecompressor */.Li)(file.compression), async (source) => {
            for await (const chunk of source)
                chunks.push(chunk);
        });
    }, identities);
    const index = (0,indexFormat/* parseIndex */.A1)(Buffer.concat(chunks).toString('utf8'), file.name);
    log.info(`${file.name}: ${index.entries.length} entries, checksum verified`);
    return index;
}
function notChanged(error, target) {
    const message = `${(0,errors/* errorLine */.BP)(error)}; ${target} was not changed`;
    if (error instanceof reader/* ChecksumError */.A)
        return new reader/* ChecksumError */.A(message);
    return new errors/* UserError */.yo(message, { cause: error });
}

// EXTERNAL MODULE: ./src/encryption/identity.ts
var identity = __webpack_require__(3803);
// EXTERNAL MODULE: ./src/snapshot/catalog.ts + 2 modules
var catalog = __webpack_require__(3881);
// EXTERNAL MODULE: ./src/snapshot/layout.ts
var layout = __webpack_require__(2064);
// EXTERNAL MODULE: ./src/snapshot/select.ts
var snapshot_select = __webpack_require__(4394);
// EXTERNAL MODULE: ./src/storage/open.ts + 1 modules
var storage_open = __webpack_require__(3327);
;// CONCATENATED MODULE: ./src/restore/restoreSnapshot.ts













function targetsOf(config) {
    return {
        databaseUrl: config.targetDatabaseUrl,
        redisUrl: config.targetRedisUrl,
        uploadsDir: config.targetUploadsDir,
        timeouts: config.timeouts
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
    const identities = options.identities;
    const targeted = sourcesOf(targets);
    try {
        await (0,identity/* checkCanDecrypt */.cZ)(manifest.files.filter((f) => targeted.includes(f.source)), identities, manifest.id);
    }
    catch (error) {
        throw new errors/* UserError */.yo(error.message);
    }
    let pgPlan;
    if (targets.databaseUrl) {
        const stats = manifest.sources.postgres;
        if (!stats)
            throw new errors/* UserError */.yo(`snapshot ${manifest.id} has no PostgreSQL statistics`);
        pgPlan = await log.group('Plan: PostgreSQL', async () => {
            const plan = await (0,restore/* planPostgresRestore */.hw)(targets.databaseUrl, stats, options.force, {
                drill: options.drill,
                dropDependents: options.dropDependents,
                timeouts: targets.timeouts
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
        planStep: !options.dryRun,
        drill: options.drill,
        timeouts: targets.timeouts,
        identities,
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
        planStep: !options.dryRun,
        drill: options.drill,
        identities,
        index: options.uploadsIndex,
        log
    });
    if (targets.uploadsDir) {
        // A dry run of the uploads restore checks the index and the target before any data moves.
        await log.group('Plan: uploads', async () => {
            const plan = await uploads(true);
            const line = `restore ${plan.archive} (${plan.files} files, ${(0,format/* formatBytes */.z3)(plan.bytes)}, ${plan.directories} folders, ${plan.symlinks} links) into ${plan.target}${plan.replaced > 0 ? `, replacing its ${plan.replaced} entries (force)` : ''}`;
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
                await (0,restore/* markDrillTarget */.yc)(url, options.drill, targets.timeouts);
                log.info(`${plan.server.endpoint}: marked as a drill target (COMMENT ON DATABASE)`);
            }
            const { seconds, result: copied } = await (0,reader/* streamVerified */.F)(storage, keyOf(file.name), file, (input) => (0,restore/* replayPostgres */.nN)(url, plan, file, input, log), identities);
            log.info(`${file.name}: sha256 verified, replayed in ${(0,format/* formatSeconds */.Xo)(seconds)}`);
            const started = Date.now();
            const tables = manifest.sources.postgres.tables;
            const rows = options.readBack
                ? await (0,restore/* countRows */.BO)(url, tables, targets.timeouts)
                : (0,restore/* copiedRows */.mc)(tables, copied);
            const result = {
                source: 'postgres',
                file: file.name,
                restoreSeconds: (0,format/* round */.LI)(seconds),
                verifySeconds: (0,format/* round */.LI)((Date.now() - started) / 1000),
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
            const counts = await countRedisKeys(url, { drill: options.drill, timeouts: targets.timeouts });
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
                restoreSeconds: (0,format/* round */.LI)(r.seconds),
                verifySeconds: (0,format/* round */.LI)((Date.now() - started) / 1000),
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
                restoreSeconds: (0,format/* round */.LI)(r.seconds),
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

/***/ 4272:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   connectSeconds: () => (/* binding */ connectSeconds),
/* harmony export */   openPostgresDump: () => (/* binding */ openPostgresDump),
/* harmony export */   probePostgres: () => (/* binding */ probePostgres),
/* harmony export */   serverInfo: () => (/* binding */ serverInfo),
/* harmony export */   withPg: () => (/* binding */ withPg)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var pg__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3849);
/* harmony import */ var _util_cancel_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4436);
/* harmony import */ var _util_connectError_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7238);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(17);
/* harmony import */ var _util_redact_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(767);
/* harmony import */ var _util_timeouts_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(4870);
/* harmony import */ var _dumpScanner_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3616);
/* harmony import */ var _tools_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(9783);











/** Where a URL points, without secrets: user@host:port/db. */
function describePg(url) {
    return `${decodeURIComponent(url.username) || '(default user)'}@${url.hostname}:${url.port || 5432}${url.pathname}`;
}
/** libpq's PGCONNECT_TIMEOUT is in whole seconds (and it takes 1 as 2). */
const connectSeconds = (timeouts) => Math.max(1, Math.ceil(timeouts.connectMs / 1000));
function clientConfig(url, timeouts) {
    return {
        connectionString: url.href,
        connectionTimeoutMillis: timeouts.connectMs,
        query_timeout: 60_000,
        application_name: 'luneo-backup'
    };
}
/**
 * Run work with a connected client; connection failures become one clear line. `signal` gives the
 * connection up (the caller failed elsewhere first), as cancelling the run does.
 */
async function withPg(url, work, signal, timeouts = _util_timeouts_js__WEBPACK_IMPORTED_MODULE_8__/* .DEFAULT_TIMEOUTS */ .R) {
    (0,_util_cancel_js__WEBPACK_IMPORTED_MODULE_4__/* .throwIfCancelled */ .dZ)();
    if (signal?.aborted)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`PostgreSQL ${describePg(url)}: check given up`);
    const client = new pg__WEBPACK_IMPORTED_MODULE_3__/* ["default"].Client */ .Ay.Client(clientConfig(url, timeouts));
    client.on('error', () => undefined); // reported through the failing query instead
    // end() waits for the server to say goodbye, which a server that never answers never does.
    const abort = () => client.connection.stream.destroy();
    const givenUp = signal ? AbortSignal.any([signal, _util_cancel_js__WEBPACK_IMPORTED_MODULE_4__/* .runSignal */ .KF]) : _util_cancel_js__WEBPACK_IMPORTED_MODULE_4__/* .runSignal */ .KF;
    givenUp.addEventListener('abort', abort, { once: true });
    try {
        try {
            await client.connect();
        }
        catch (error) {
            await client.end().catch(() => undefined);
            (0,_util_cancel_js__WEBPACK_IMPORTED_MODULE_4__/* .throwIfCancelled */ .dZ)();
            throw explainPgError(error, url, timeouts);
        }
        const result = await work(client).catch((error) => {
            (0,_util_cancel_js__WEBPACK_IMPORTED_MODULE_4__/* .throwIfCancelled */ .dZ)();
            throw error;
        });
        (0,_util_cancel_js__WEBPACK_IMPORTED_MODULE_4__/* .throwIfCancelled */ .dZ)();
        return result;
    }
    finally {
        givenUp.removeEventListener('abort', abort);
        await client.end().catch(() => undefined);
    }
}
function explainPgError(error, url, timeouts = _util_timeouts_js__WEBPACK_IMPORTED_MODULE_8__/* .DEFAULT_TIMEOUTS */ .R) {
    const e = error;
    const where = describePg(url);
    const host = `${url.hostname}:${url.port || 5432}`;
    if (e.code === '28P01' || e.code === '28000') {
        return new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`PostgreSQL refused the password for ${where} (${e.code})`);
    }
    if (e.code === '3D000')
        return new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`PostgreSQL database does not exist: ${where}`);
    if (e.code === 'ECONNREFUSED')
        return (0,_util_connectError_js__WEBPACK_IMPORTED_MODULE_5__/* .cannotConnect */ .y)('PostgreSQL', host, 'refused');
    if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
        return (0,_util_connectError_js__WEBPACK_IMPORTED_MODULE_5__/* .cannotConnect */ .y)('PostgreSQL', host, 'host not found');
    }
    if (/timeout/i.test(e.message ?? '') || e.code === 'ETIMEDOUT') {
        return (0,_util_connectError_js__WEBPACK_IMPORTED_MODULE_5__/* .cannotConnect */ .y)('PostgreSQL', host, `timeout: no answer within ${timeouts.connectMs / 1000} s`);
    }
    // pg's words for a peer that accepted and hung up before speaking PostgreSQL's protocol.
    if (/Connection terminated unexpectedly/.test(e.message ?? '') || e.code === 'ECONNRESET') {
        return (0,_util_connectError_js__WEBPACK_IMPORTED_MODULE_5__/* .cannotConnect */ .y)('PostgreSQL', host, 'closed before it answered: is it a PostgreSQL server?');
    }
    if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') {
        return (0,_util_connectError_js__WEBPACK_IMPORTED_MODULE_5__/* .cannotConnect */ .y)('PostgreSQL', host, e.code);
    }
    return new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`PostgreSQL ${where}: ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_7__/* .redact */ .E$)(e.message ?? String(error))}`);
}
async function serverInfo(url, signal, timeouts = _util_timeouts_js__WEBPACK_IMPORTED_MODULE_8__/* .DEFAULT_TIMEOUTS */ .R) {
    return withPg(url, async (client) => {
        const { rows } = await client.query(`select current_setting('server_version') as version,
              current_setting('server_version_num') as num,
              current_database() as db,
              pg_database_size(current_database())::text as size,
              current_user as user,
              (select oid::text from pg_database where datname = current_database()) as oid`);
        const r = rows[0];
        const systemIdentifier = await client
            .query('select system_identifier::text as id from pg_control_system()')
            .then((result) => result.rows[0]?.id, () => undefined // permission denied: the identity is then the oid alone (not enough)
        );
        return {
            version: r.version.split(' ')[0],
            major: Math.floor(Number(r.num) / 10000),
            database: r.db,
            databaseBytes: Number(r.size),
            user: r.user,
            endpoint: describePg(url),
            databaseOid: Number(r.oid),
            ...(systemIdentifier ? { systemIdentifier } : {})
        };
    }, signal, timeouts);
}
/**
 * Connect once (a wrong password fails here, in one line) and pick the pg_dump to run; `signal`
 * gives up the connection (the backup failed elsewhere first).
 */
async function probePostgres(url, signal, timeouts = _util_timeouts_js__WEBPACK_IMPORTED_MODULE_8__/* .DEFAULT_TIMEOUTS */ .R) {
    const server = await serverInfo(url, signal, timeouts);
    const pgDump = await (0,_tools_js__WEBPACK_IMPORTED_MODULE_10__/* .findPgTool */ .fh)('pg_dump', server.major, server.version);
    return { url, server, pgDump, timeouts };
}
/** Start pg_dump in plain format; the password goes in its environment (PGPASSWORD), never argv. */
async function openPostgresDump({ url, server, pgDump, timeouts }, log, options = {}) {
    log.info(`PostgreSQL ${server.version} at ${server.endpoint}, ${server.databaseBytes} bytes on disk; pg_dump ${pgDump.version} (${pgDump.path})`);
    const compress = options.gzipLevel === undefined ? [] : [`--compress=${options.gzipLevel}`];
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(pgDump.path, ['--format=plain', ...compress, '--no-password', '--dbname', (0,_tools_js__WEBPACK_IMPORTED_MODULE_10__/* .urlWithoutPassword */ .PO)(url)], { env: (0,_tools_js__WEBPACK_IMPORTED_MODULE_10__/* .pgEnv */ .TS)((0,_tools_js__WEBPACK_IMPORTED_MODULE_10__/* .passwordOf */ .No)(url), connectSeconds(timeouts)), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => {
        stderr = (stderr + text).slice(-4000);
    });
    const scanner = new _dumpScanner_js__WEBPACK_IMPORTED_MODULE_9__/* .PgDumpScanner */ .c();
    const out = new node_stream__WEBPACK_IMPORTED_MODULE_1__.PassThrough({ highWaterMark: 4 << 20 });
    let sqlBytes = 0;
    scanner.on('data', (chunk) => (sqlBytes += chunk.length));
    /** Set once pg_dump has exited and its output has ended. */
    let exitCode;
    let inflateError;
    /** pg_dump was stopped because its gzip did not inflate: no use dumping the rest. */
    let stoppedForInflate = false;
    const lastLine = () => (0,_util_redact_js__WEBPACK_IMPORTED_MODULE_7__/* .redact */ .E$)(stderr.trim().split('\n').filter(Boolean).pop() ?? '');
    const inflateFailed = () => {
        // A pg_dump built without zlib warns and writes plain SQL: its last line says why.
        const last = lastLine();
        const said = last ? ` (pg_dump: ${last})` : '';
        out.destroy(new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`pg_dump's gzip output does not inflate: ${inflateError.message}${said}`));
    };
    if (compress.length === 0) {
        child.stdout.pipe(scanner).pipe(out, { end: false });
    }
    else {
        // The gzip goes to storage as it is; a copy is inflated and scanned beside it.
        // 1 MiB pieces: a quarter of the thread-pool round trips of 256 KiB ones, 0.1-0.3 s less.
        const inflate = node_zlib__WEBPACK_IMPORTED_MODULE_2___default().createGunzip({ chunkSize: 1 << 20 });
        child.stdout.pipe(out, { end: false });
        child.stdout.pipe(inflate).pipe(scanner);
        // A truncated or corrupt stream fails here. If pg_dump failed by itself, its exit is the
        // cause (reported below); a pg_dump still running is stopped, its gzip being unreadable.
        inflate.on('error', (error) => {
            inflateError = error;
            if (exitCode === 0)
                inflateFailed();
            else if (exitCode === undefined && child.exitCode === null && child.signalCode === null) {
                stoppedForInflate = true;
                child.kill('SIGTERM');
            }
        });
    }
    child.on('error', (error) => out.destroy(new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`cannot run ${pgDump.path}: ${error.message}`)));
    // 'close' comes after stdout has ended and the process has exited: only now is the dump whole.
    child.on('close', (code, signal) => {
        exitCode = code;
        if (inflateError && (code === 0 || (stoppedForInflate && signal === 'SIGTERM'))) {
            inflateFailed();
        }
        else if (code !== 0) {
            const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
            const last = lastLine();
            out.destroy(new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`pg_dump ${how}${last ? `: ${last}` : ''}; the dump is incomplete`));
        }
        else if (scanner.readableEnded)
            out.end();
        else
            scanner.once('end', () => out.end());
    });
    // If the consumer gives up (upload failed), stop pg_dump rather than leave it running.
    out.on('close', () => {
        if (exitCode === undefined)
            child.kill('SIGTERM');
    });
    return {
        stream: out,
        server,
        pgDumpVersion: pgDump.version,
        compressed: compress.length > 0 ? 'gzip' : undefined,
        facts: () => scanner.facts(),
        sqlBytes: () => sqlBytes,
        close: async () => {
            if (exitCode === undefined && child.exitCode === null)
                child.kill('SIGTERM');
        }
    };
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
/* harmony import */ var _util_timeouts_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4870);
/* harmony import */ var _dump_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(4272);
/* harmony import */ var _cascade_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5806);
/* harmony import */ var _quote_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(2560);
/* harmony import */ var _dumpScanner_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(3616);
/* harmony import */ var _tools_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(9783);













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
    const timeouts = options.timeouts ?? _util_timeouts_js__WEBPACK_IMPORTED_MODULE_7__/* .DEFAULT_TIMEOUTS */ .R;
    const server = await (0,_dump_js__WEBPACK_IMPORTED_MODULE_8__.serverInfo)(url, undefined, timeouts);
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
    const psql = await (0,_tools_js__WEBPACK_IMPORTED_MODULE_11__/* .findPsqlFor */ .BW)(stats.pgDumpVersion);
    if (stats.usesRestrict && !psqlKnowsRestrict(psql.version)) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`psql ${psql.version} cannot replay this dump (pg_dump ${stats.pgDumpVersion} writes \\restrict): install a newer PostgreSQL ${psql.version.split('.')[0]} client`);
    }
    return (0,_dump_js__WEBPACK_IMPORTED_MODULE_8__.withPg)(url, async (client) => {
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
        const preamble = rolesToCreate.map((r) => `CREATE ROLE ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_12__/* .quoteIdent */ .v)(r)} NOLOGIN;`);
        let cascade;
        if (force && existingTables.length > 0) {
            const drops = dropStatements(stats);
            cascade = await (0,_cascade_js__WEBPACK_IMPORTED_MODULE_9__/* .cascadePlan */ .uZ)(client, drops, stats);
            if (cascade.outside.length > 0 && !options.dropDependents) {
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`force would drop ${cascade.outside.length} object(s) outside the dump that depend on the dump's objects in ${server.endpoint}: ${cascade.outside.map(_cascade_js__WEBPACK_IMPORTED_MODULE_9__/* .describeRemoved */ .wf).join('; ')}; remove them first, or set drop-dependents: true to let DROP ... CASCADE remove them too; nothing was changed`);
            }
            preamble.push(...drops);
        }
        return { server, psql, rolesToCreate, existingTables, preamble, cascade, timeouts };
    }, undefined, timeouts);
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
async function markDrillTarget(url, drill, timeouts = _util_timeouts_js__WEBPACK_IMPORTED_MODULE_7__/* .DEFAULT_TIMEOUTS */ .R) {
    await (0,_dump_js__WEBPACK_IMPORTED_MODULE_8__.withPg)(url, async (client) => {
        const { rows } = await client.query('select current_database() as db');
        const literal = `'${drill.label.replace(/'/g, "''")}'`;
        try {
            await client.query(`COMMENT ON DATABASE ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_12__/* .quoteIdent */ .v)(rows[0].db)} IS ${literal}`);
        }
        catch (error) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`cannot mark target-database-url ${describeTarget(url)} as a drill target (COMMENT ON DATABASE, "${_drillTarget_js__WEBPACK_IMPORTED_MODULE_6__/* .DRILL_MARKER_PREFIX */ .O7}"): ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_5__/* .redact */ .E$)(error.message)}; the drill's user must own the scratch database`);
        }
    }, undefined, timeouts);
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
    ].concat(['--dbname', (0,_tools_js__WEBPACK_IMPORTED_MODULE_11__/* .urlWithoutPassword */ .PO)(url)]), { env: (0,_tools_js__WEBPACK_IMPORTED_MODULE_11__/* .pgEnv */ .TS)((0,_tools_js__WEBPACK_IMPORTED_MODULE_11__/* .passwordOf */ .No)(url), (0,_dump_js__WEBPACK_IMPORTED_MODULE_8__.connectSeconds)(plan.timeouts)), stdio: ['pipe', 'pipe', 'pipe'] });
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
            const statement = _dumpScanner_js__WEBPACK_IMPORTED_MODULE_10__/* .COPY_STATEMENT */ .g.exec(line);
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
async function countRows(url, tables, timeouts = _util_timeouts_js__WEBPACK_IMPORTED_MODULE_7__/* .DEFAULT_TIMEOUTS */ .R) {
    return (0,_dump_js__WEBPACK_IMPORTED_MODULE_8__.withPg)(url, async (client) => {
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
    }, undefined, timeouts);
}
/** The dump's schemas, tables, views, functions and indexes, as the target now has them. */
async function listObjects(url, timeouts = _util_timeouts_js__WEBPACK_IMPORTED_MODULE_7__/* .DEFAULT_TIMEOUTS */ .R) {
    return (0,_dump_js__WEBPACK_IMPORTED_MODULE_8__.withPg)(url, async (client) => {
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
    }, undefined, timeouts);
}


/***/ }),

/***/ 9783:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BW: () => (/* binding */ findPsqlFor),
/* harmony export */   No: () => (/* binding */ passwordOf),
/* harmony export */   PO: () => (/* binding */ urlWithoutPassword),
/* harmony export */   TS: () => (/* binding */ pgEnv),
/* harmony export */   fh: () => (/* binding */ findPgTool)
/* harmony export */ });
/* unused harmony exports pgToolCandidates, toolVersion, compareVersions */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(17);





// Finding a pg_dump/psql that can talk to the server, and handing them the password through the
// child's environment: never argv (any user reads /proc/<pid>/cmdline), never a file (a killed run
// cannot remove it). A process's environment is readable only by its own user and root.
const run = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile);
/**
 * Where to look: $LUNEO_PG_BIN alone when set, else PATH, then <libDir>/<N>/bin newest first.
 * Debian's /usr/bin/pg_dump and psql are pg_wrapper, a Perl script that runs one of those
 * versioned binaries (and costs about 40 ms per call): when they are there, they are used directly.
 */
function pgToolCandidates(tool, env = process.env, libDir = '/usr/lib/postgresql') {
    if (env.LUNEO_PG_BIN)
        return [node_path__WEBPACK_IMPORTED_MODULE_2___default().join(env.LUNEO_PG_BIN, tool)];
    const fromPath = (env.PATH ?? '')
        .split((node_path__WEBPACK_IMPORTED_MODULE_2___default().delimiter))
        .filter(Boolean)
        .map((dir) => node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, tool))
        .filter((p) => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(p));
    let versioned = [];
    try {
        versioned = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(libDir)
            .filter((v) => /^\d+$/.test(v))
            .sort((a, b) => Number(b) - Number(a))
            .map((v) => node_path__WEBPACK_IMPORTED_MODULE_2___default().join(libDir, v, 'bin', tool))
            .filter((p) => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(p));
    }
    catch {
        // No Debian-style install: PATH only.
    }
    const direct = versioned.length > 0 ? fromPath.filter((p) => !isPgWrapper(p)) : fromPath;
    return [...new Set([...direct, ...versioned])];
}
function isPgWrapper(file) {
    try {
        return node_path__WEBPACK_IMPORTED_MODULE_2___default().basename((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.realpathSync)(file)) === 'pg_wrapper';
    }
    catch {
        return false;
    }
}
async function toolVersion(toolPath) {
    const { stdout } = await run(toolPath, ['--version'], { timeout: 10_000 });
    const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(stdout) ?? /(\d+)\.(\d+)/.exec(stdout);
    if (!m)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`cannot read the version of ${toolPath}: "${stdout.trim()}"`);
    return { path: toolPath, version: m[2] ? `${m[1]}.${m[2]}` : m[1], major: Number(m[1]) };
}
/**
 * A client tool at least as new as the server (pg_dump refuses older servers... and newer ones).
 * The first candidate that is new enough wins; none means a clear refusal naming both versions.
 */
async function findPgTool(tool, serverMajor, serverVersion, env = process.env) {
    const candidates = pgToolCandidates(tool, env);
    if (candidates.length === 0) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${tool} not found: install the PostgreSQL ${serverMajor} client (e.g. apt-get install postgresql-client-${serverMajor})`);
    }
    const found = [];
    for (const candidate of candidates) {
        const tool = await toolVersion(candidate).catch(() => undefined);
        if (!tool)
            continue;
        if (tool.major >= serverMajor)
            return tool;
        found.push(tool);
    }
    const newest = found.sort((a, b) => b.major - a.major)[0];
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${tool} ${newest?.version ?? '(unknown version)'} is older than the PostgreSQL server ${serverVersion}: install the PostgreSQL ${serverMajor} client (apt-get install postgresql-client-${serverMajor}, see README "Client version")`);
}
/**
 * The environment for a libpq tool: the password as PGPASSWORD (or none), a connect timeout.
 * A PGPASSWORD of our own environment is not passed on: the URL's password (or none) is the one.
 */
function pgEnv(password, connectTimeoutSeconds) {
    const env = {
        ...process.env,
        PGCONNECT_TIMEOUT: String(connectTimeoutSeconds)
    };
    delete env.PGPASSWORD;
    if (password)
        env.PGPASSWORD = password;
    return env;
}
/** The URL's password, decoded, for pgEnv: `user:password@`, or libpq's `?password=`. */
function passwordOf(url) {
    if (url.password)
        return decodeURIComponent(url.password);
    return url.searchParams.get('password') || undefined;
}
/** The connection URL libpq tools get on their command line: everything but the password. */
function urlWithoutPassword(url) {
    const copy = new URL(url.href);
    copy.password = '';
    copy.searchParams.delete('password');
    return copy.href;
}
/** Compare two PostgreSQL versions (`15.14`, `16`) by major, then minor. */
function compareVersions(a, b) {
    const [am, an = 0] = a.split('.').map(Number);
    const [bm, bn = 0] = b.split('.').map(Number);
    return am - bm || an - bn;
}
/**
 * The psql to replay a dump with (README "Client version"): at least as new as the pg_dump that
 * wrote it, by minor version (a pg_dump 17.6 file uses \restrict, which psql 17.5 does not
 * know). The server's own version does not matter: psql 15 replays a pg_dump 15 file into
 * PostgreSQL 18. The newest candidate that qualifies is not needed: the first one is.
 */
async function findPsqlFor(pgDumpVersion, env = process.env) {
    const major = pgDumpVersion.split('.')[0];
    const found = [];
    for (const candidate of pgToolCandidates('psql', env)) {
        const tool = await toolVersion(candidate).catch(() => undefined);
        if (!tool)
            continue;
        if (compareVersions(tool.version, pgDumpVersion) >= 0)
            return tool;
        found.push(tool);
    }
    const newest = found.sort((a, b) => compareVersions(b.version, a.version))[0];
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`psql ${newest?.version ?? 'not found'} is older than the pg_dump ${pgDumpVersion} that wrote this dump: install the PostgreSQL ${major} client, ${pgDumpVersion} or newer (apt-get install postgresql-client-${major}, see README "Client version")`);
}


/***/ })

};

//# sourceMappingURL=103.index.js.map