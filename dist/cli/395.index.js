export const id = 395;
export const ids = [395];
export const modules = {

/***/ 395:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  verify: () => (/* binding */ verify)
});

// EXTERNAL MODULE: ./src/snapshot/catalog.ts + 2 modules
var catalog = __webpack_require__(3881);
// EXTERNAL MODULE: ./src/snapshot/layout.ts
var layout = __webpack_require__(2064);
// EXTERNAL MODULE: ./src/snapshot/select.ts
var snapshot_select = __webpack_require__(4394);
// EXTERNAL MODULE: ./src/storage/open.ts + 1 modules
var storage_open = __webpack_require__(3327);
// EXTERNAL MODULE: ./src/storage/storage.ts
var storage_storage = __webpack_require__(2912);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
// EXTERNAL MODULE: ./src/util/markdown.ts
var markdown = __webpack_require__(7183);
// EXTERNAL MODULE: ./src/verify/verdict.ts
var verdict = __webpack_require__(3156);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: external "node:stream/consumers"
var consumers_ = __webpack_require__(8321);
// EXTERNAL MODULE: ./src/snapshot/reader.ts
var reader = __webpack_require__(5997);
// EXTERNAL MODULE: ./src/sources/uploads/indexFormat.ts
var indexFormat = __webpack_require__(8580);
// EXTERNAL MODULE: ./src/util/cancel.ts
var cancel = __webpack_require__(4436);
// EXTERNAL MODULE: ./src/encryption/identity.ts
var identity = __webpack_require__(3803);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
// EXTERNAL MODULE: ./src/snapshot/compression.ts + 2 modules
var compression = __webpack_require__(3968);
// EXTERNAL MODULE: ./src/sources/postgres/dumpScanner.ts
var dumpScanner = __webpack_require__(3616);
// EXTERNAL MODULE: ./src/sources/redis/rdb/scanner.ts + 5 modules
var rdb_scanner = __webpack_require__(1734);
// EXTERNAL MODULE: ./src/sources/redis/rdbDamage.ts
var rdbDamage = __webpack_require__(8155);
// EXTERNAL MODULE: ./src/sources/redis/resp.ts
var resp = __webpack_require__(8626);
// EXTERNAL MODULE: ./src/sources/uploads/paths.ts
var paths = __webpack_require__(1271);
// EXTERNAL MODULE: ./src/sources/uploads/plan.ts
var uploads_plan = __webpack_require__(6008);
;// CONCATENATED MODULE: ./src/verify/decode.ts











/** A sink that reads everything and keeps nothing. */
const drain = () => new external_node_stream_.Writable({ write: (_chunk, _enc, done) => done() });
/** How many names a problem lists at most (the count is always whole). */
const LISTED = 5;
const list = (names) => names.slice(0, LISTED).join(', ') +
    (names.length > LISTED ? ` and ${names.length - LISTED} more` : '');
function compareCounts(what, expected, actual) {
    const differs = [...new Set([...Object.keys(expected), ...Object.keys(actual)])]
        .filter((name) => (expected[name] ?? 0) !== (actual[name] ?? 0))
        .map((name) => `${name}: ${actual[name] ?? 0}, the manifest says ${expected[name] ?? 0}`);
    return differs.length ? [`${what} differ from the manifest: ${list(differs)}`] : [];
}
async function decodeDump(input, file, manifest) {
    const scanner = new dumpScanner/* PgDumpScanner */.c();
    await (0,promises_.pipeline)(input, (0,compression/* createDecompressor */.Li)(file.compression), scanner, drain());
    const facts = scanner.facts();
    const rows = Object.values(facts.tables).reduce((sum, n) => sum + n, 0);
    const expected = manifest.sources.postgres?.tables ?? {};
    return {
        facts: [`${Object.keys(facts.tables).length} tables, ${rows} rows in COPY blocks`],
        problems: compareCounts('rows per table', expected, facts.tables)
    };
}
/** Keys per db as the manifest records them, the count both Redis decoders compare. */
function manifestKeysPerDb(manifest) {
    return Object.fromEntries(Object.entries(manifest.sources.redis?.dbs ?? {}).map(([db, c]) => [db, c.keys]));
}
async function decodeRdb(input, file, manifest) {
    const recorded = manifest.sources.redis?.trailingBytes;
    const scanner = new rdb_scanner/* RdbScanner */.B({
        explain: (damage) => new Error(`${file.name}: ${(0,rdbDamage/* describeRdbDamage */.j)(damage)}`),
        // An adopted file's bytes after its end: exactly as many as the manifest records.
        trailing: recorded
    });
    await (0,promises_.pipeline)(input, (0,compression/* createDecompressor */.Li)(file.compression), scanner, drain());
    const facts = scanner.facts();
    const keys = Object.fromEntries(Object.entries(facts.dbs).map(([db, c]) => [db, c.keys]));
    const expected = manifestKeysPerDb(manifest);
    const total = Object.values(keys).reduce((sum, n) => sum + n, 0);
    return {
        facts: [
            `RDB version ${facts.rdbVersion}, ${total} keys (counted from ${facts.keyCountsFrom}), checksum ${facts.checksum}${facts.trailingBytes ? `, ${facts.trailingBytes} bytes after its end as the manifest records` : ''}`
        ],
        problems: compareCounts('keys per db', expected, keys)
    };
}
/** A logical dump: SELECT n, then RESTORE key ttl payload REPLACE, as backup wrote them. */
async function decodeLogicalRedis(input, file, manifest) {
    const reader = new resp/* CommandReader */.n3();
    const keys = {};
    let db = '0';
    const count = (commands) => {
        for (const args of commands) {
            const name = args[0].toString('latin1').toUpperCase();
            if (name === 'SELECT')
                db = args[1]?.toString('latin1') ?? '0';
            else if (name === 'RESTORE')
                keys[db] = (keys[db] ?? 0) + 1;
            else
                throw new Error(`${file.name}: a ${name} command, which a logical dump never holds`);
        }
    };
    try {
        await (0,promises_.pipeline)(input, (0,compression/* createDecompressor */.Li)(file.compression), new external_node_stream_.Writable({
            write(chunk, _enc, done) {
                try {
                    count(reader.push(chunk));
                    done();
                }
                catch (error) {
                    done(error);
                }
            }
        }));
    }
    catch (error) {
        if (error instanceof resp/* RespSyntaxError */.Sj) {
            throw new Error(`${file.name}: not a RESP command stream at byte ${error.at}`, {
                cause: error
            });
        }
        throw error;
    }
    if (!reader.idle)
        throw new Error(`${file.name}: ends inside a command (truncated)`);
    const expected = manifestKeysPerDb(manifest);
    const total = Object.values(keys).reduce((sum, n) => sum + n, 0);
    return {
        facts: [`${total} RESTORE commands in ${Object.keys(keys).length} dbs`],
        problems: compareCounts('keys per db', expected, keys)
    };
}
/** The archive's entries against the index: the same paths, types and file hashes. */
async function decodeArchive(input, file, index) {
    // The index checked as a whole first (every path inside the folder), keyed by path inside it.
    const plan = (0,uploads_plan/* planFromIndex */.e)(index, file.name);
    const seen = new Set();
    const problems = [];
    const extract = tar_stream.extract();
    const feeding = (0,promises_.pipeline)(input, (0,compression/* createDecompressor */.Li)(file.compression), extract);
    feeding.catch(() => undefined); // awaited below
    let files = 0;
    for await (const entry of extract) {
        const { name } = entry.header;
        const type = entry.header.type === 'contiguous-file' ? 'file' : entry.header.type;
        const hash = (0,external_node_crypto_.createHash)('sha256');
        for await (const chunk of entry)
            hash.update(chunk);
        const parsed = (0,paths/* archivePath */.oM)(name, index.root);
        if ('problem' in parsed) {
            problems.push(`archive entry ${JSON.stringify(name)}: ${parsed.problem}`);
            continue;
        }
        seen.add(parsed.rel);
        const listed = plan.entries.get(parsed.rel)?.entry;
        if (!listed)
            problems.push(`${name}: in the archive, not in the index`);
        else if (type !== listed.type)
            problems.push(`${name}: a ${type}, the index says ${listed.type}`);
        else if (type === 'file') {
            files++;
            if (hash.digest('hex') !== listed.sha256) {
                problems.push(`${name}: its content's SHA-256 is not the index's`);
            }
        }
    }
    await feeding;
    const missing = [...plan.entries.values()]
        .filter((p) => !seen.has(p.rel))
        .map((p) => p.entry.path);
    if (missing.length)
        problems.push(`in the index, not in the archive: ${list(missing)}`);
    return {
        facts: [`${seen.size} entries (${files} files), each against the index`],
        problems: problems.length > LISTED
            ? [...problems.slice(0, LISTED), `and ${problems.length - LISTED} more`]
            : problems
    };
}

;// CONCATENATED MODULE: ./src/verify/verifySnapshot.ts












async function verifySnapshot(storage, manifest, log, options = {}) {
    const { identities, objects = [] } = options;
    const started = Date.now();
    // An encrypted snapshot is decoded only after decrypting: without the key (or with the wrong
    // one) it is refused in one line naming its recipients, never passed on its ciphertext alone.
    try {
        await (0,identity/* checkCanDecrypt */.cZ)(manifest.files, identities, manifest.id);
    }
    catch (error) {
        throw new errors/* UserError */.yo(error.message);
    }
    const keyOf = (name) => (0,layout/* snapshotKey */.o1)(manifest.environment, manifest.id, name);
    // The index first: the archive is checked against it.
    const files = [...manifest.files].sort((a, b) => Number(b.name === indexFormat/* UPLOADS_INDEX_NAME */.st) - Number(a.name === indexFormat/* UPLOADS_INDEX_NAME */.st));
    let index;
    const verdicts = [];
    for (const file of files) {
        (0,cancel/* throwIfCancelled */.dZ)();
        const decode = (input) => {
            if (file.name === indexFormat/* UPLOADS_INDEX_NAME */.st) {
                return (0,consumers_.buffer)(input).then((raw) => {
                    index = (0,indexFormat/* parseIndex */.A1)((0,external_node_zlib_.gunzipSync)(raw).toString('utf8'), file.name);
                    return { facts: [`${index.entries.length} entries listed`], problems: [] };
                });
            }
            if (file.source === 'postgres')
                return decodeDump(input, file, manifest);
            if (file.source === 'redis') {
                return manifest.sources.redis?.mode === 'logical'
                    ? decodeLogicalRedis(input, file, manifest)
                    : decodeRdb(input, file, manifest);
            }
            if (!index)
                throw new Error(`no readable ${indexFormat/* UPLOADS_INDEX_NAME */.st} to check the archive against`);
            return decodeArchive(input, file, index);
        };
        const verdict = {
            name: file.name,
            source: file.source,
            bytes: file.bytes,
            seconds: 0,
            outcome: 'failed',
            facts: []
        };
        const fileStarted = Date.now();
        const stored = objects.find((o) => o.key === keyOf(file.name));
        try {
            if (stored && storage.isArchived && (await storage.isArchived(stored))) {
                verdict.outcome = 'archived';
                verdict.problem = `archived (${stored.storageClass}): not read; restore it to verify it`;
            }
            else {
                const { result } = await (0,reader/* streamVerified */.F)(storage, keyOf(file.name), file, decode, identities);
                verdict.facts = [`size and SHA-256 as the manifest says`, ...result.facts];
                verdict.outcome = result.problems.length === 0 ? 'verified' : 'failed';
                if (result.problems.length)
                    verdict.problem = result.problems.join('; ');
            }
        }
        catch (error) {
            (0,cancel/* throwIfCancelled */.dZ)();
            // Archived after it was listed, or in a class the listing does not name (S3 Intelligent-
            // Tiering's archive tiers): GetObject's InvalidObjectState.
            if (error instanceof storage_storage/* ArchivedObjectError */.mL) {
                verdict.outcome = 'archived';
                verdict.problem =
                    'archived: the storage refused to read it (InvalidObjectState); restore it to verify it';
            }
            else
                verdict.problem = (0,errors/* errorLine */.BP)(error);
        }
        verdict.seconds = (0,format/* round */.LI)((Date.now() - fileStarted) / 1000);
        if (verdict.outcome === 'verified')
            log.info(`ok: ${file.name}: ${verdict.facts.join('; ')}`);
        else if (verdict.outcome === 'archived')
            log.info(`${file.name}: ${verdict.problem}`);
        else
            log.warning(`${storage.uriOf(keyOf(file.name))}: ${verdict.problem}`);
        verdicts.push(verdict);
    }
    return {
        id: manifest.id,
        location: storage.uriOf(keyOf('')),
        verdict: (0,verdict/* verdictOf */.V)(verdicts),
        archived: verdicts.filter((v) => v.outcome === 'archived').length,
        failed: verdicts.filter((v) => v.outcome === 'failed').length,
        seconds: (0,format/* round */.LI)((Date.now() - started) / 1000),
        files: verdicts
    };
}

// EXTERNAL MODULE: ./src/commands/result.ts
var result = __webpack_require__(4493);
;// CONCATENATED MODULE: ./src/commands/verify.ts











// verify: prove snapshots without restoring them (src/verify/ does the work). `snapshot` is an
// id, latest, random, or all (every complete snapshot, two at a time). Reads the first storage,
// as restore does; needs no target. Files the storage has archived (GLACIER, DEEP_ARCHIVE) are
// not read: counted and listed as archived. Each run is a ledger event (notify/outcome.ts) that
// records each snapshot's verdict, for report's "last verified".
/** Snapshots verified at once with `snapshot: all`: each is one download stream at a time. */
const PARALLEL = 2;
/** Does the listing put any of this snapshot's files in an archive class? */
const listedArchived = (e) => e.objects.some((o) => o.storageClass !== undefined && storage_storage/* ARCHIVE_CLASSES */.CP.includes(o.storageClass));
async function verify(config, log) {
    const started = Date.now();
    const storage = (await (0,storage_open/* openStorages */.l)(config, log))[0];
    const where = storage.uriOf((0,layout/* environmentPrefix */.Es)(config.environment));
    const entries = await (0,catalog/* listSnapshots */.Cb)(storage, config.environment);
    const complete = entries.filter((e) => e.state === 'complete');
    // random picks among the snapshots that can be read now, when there are any: an archived one
    // would prove nothing.
    const readable = complete.filter((e) => !listedArchived(e));
    const chosen = config.snapshot === 'all'
        ? complete
        : [
            (0,snapshot_select/* selectSnapshot */.Xn)(config.snapshot === 'random' && readable.length > 0 ? readable : entries, config.snapshot, [], where)
        ];
    if (chosen.length === 0) {
        throw new errors/* UserError */.yo(`no complete snapshot to verify in ${where} (${entries.length} folders)`);
    }
    log.info(`verifying ${chosen.length} snapshot${chosen.length === 1 ? '' : 's'} in ${where}`);
    const verdicts = new Array(chosen.length);
    let next = 0;
    const worker = async () => {
        for (let i = next++; i < chosen.length; i = next++) {
            const entry = chosen[i];
            verdicts[i] = await log.group(`Verify ${entry.id}`, () => verifySnapshot(storage, entry.manifest, log, {
                identities: config.ageIdentities,
                objects: entry.objects
            }));
        }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, chosen.length) }, worker));
    const seconds = (0,format/* round */.LI)((Date.now() - started) / 1000);
    const bad = verdicts.flatMap((v) => v.files.filter((f) => f.outcome === 'failed').map((f) => `${v.id}/${f.name}: ${f.problem}`));
    const archived = verdicts.reduce((n, v) => n + v.archived, 0);
    if (archived > 0) {
        log.warning(`${archived} archived file${archived === 1 ? '' : 's'} not read (GLACIER or DEEP_ARCHIVE): ${verdicts
            .filter((v) => v.archived > 0)
            .map((v) => `${v.id} (${v.archived})`)
            .join(', ')}; restore them to verify them`);
    }
    const outputs = {
        'snapshot-id': chosen.length === 1 ? chosen[0].id : '',
        // true only when every file was read and matched: archived files were not read.
        verified: bad.length > 0 ? 'false' : archived > 0 ? 'partial' : 'true',
        'archived-files': archived,
        'duration-seconds': seconds
    };
    const ledger = {
        verifications: verdicts.map((v) => ({
            snapshotId: v.id,
            verdict: v.verdict,
            ...(v.archived ? { archived: v.archived } : {}),
            ...(v.failed ? { failed: v.failed } : {})
        }))
    };
    const summary = verifySummary(config.environment, where, verdicts, seconds);
    if (bad.length > 0) {
        const error = new errors/* UserError */.yo(bad.length === 1
            ? `verify failed: ${bad[0]}`
            : `verify failed: ${bad.length} files are not as their manifest says (first: ${bad[0]})`);
        error.problems = bad;
        error.outputs = outputs;
        throw (0,result/* withLedgerFields */.FO)(error, ledger);
    }
    return { outputs, summary, ledger };
}
function verifySummary(environment, where, verdicts, seconds) {
    const ok = verdicts.filter((v) => v.verdict === 'verified').length;
    const archived = verdicts.reduce((n, v) => n + v.archived, 0);
    const others = verdicts.filter((v) => v.verdict === 'partial' || v.verdict === 'archived');
    const lines = [
        `## Verify (${environment}): ${ok} of ${verdicts.length} snapshot${verdicts.length === 1 ? '' : 's'} verified${others.length ? `, ${others.length} except ${archived} archived file${archived === 1 ? '' : 's'}` : ''}`,
        '',
        `Read from \`${where}\` in ${(0,format/* formatSeconds */.Xo)(seconds)}: every file's size and SHA-256 against its manifest, then decoded.${archived ? ' Archived files (GLACIER, DEEP_ARCHIVE) were not read: restore them to verify them.' : ''}`,
        ''
    ];
    if (verdicts.length > 1 || others.length > 0) {
        lines.push('| snapshot | verdict |', '|---|---|');
        for (const v of verdicts)
            lines.push(`| ${v.id} | ${(0,verdict/* verdictWords */.L)(v)} |`);
        lines.push('');
    }
    lines.push('| snapshot | file | size | time | result |', '|---|---|---:|---:|---|');
    for (const v of verdicts) {
        for (const f of v.files) {
            const result = f.outcome === 'verified'
                ? (0,markdown/* cell */.H)(f.facts.slice(1).join('; '))
                : f.outcome === 'archived'
                    ? `**archived**: ${(0,markdown/* cell */.H)(f.problem)}`
                    : `**failed**: ${(0,markdown/* cell */.H)(f.problem)}`;
            lines.push(`| ${v.id} | ${f.name} | ${(0,format/* formatBytes */.z3)(f.bytes)} | ${(0,format/* formatSeconds */.Xo)(f.seconds)} | ${result} |`);
        }
    }
    return lines.join('\n') + '\n';
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

/***/ 7183:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ cell),
/* harmony export */   f: () => (/* binding */ shortCell)
/* harmony export */ });
// The one Markdown escape for every summary and report: job summaries render user text (notes,
// table names, error lines), and one unescaped `|` or `<` breaks the table or injects HTML.
/** Text inside a Markdown table cell: no HTML, no column breaks, one line. */
function cell(value) {
    if (value === undefined || value === '')
        return '';
    return String(value)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\\/g, '\\\\')
        .replace(/\|/g, '\\|')
        .replace(/\r?\n|\r/g, ' ');
}
/** A cell's text, cut to `max` characters first (long error lines, long object names). */
function shortCell(value, max = 120) {
    return cell(value.length > max ? value.slice(0, max - 3) + '...' : value);
}


/***/ }),

/***/ 3156:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ verdictWords),
/* harmony export */   V: () => (/* binding */ verdictOf)
/* harmony export */ });
// A snapshot's verdict from its files' outcomes, and in words: verify's summary and report's
// "last verified" say it alike. Pure.
/** verified: all read and good; partial: the archived ones not read; archived: none read. */
function verdictOf(files) {
    if (files.some((f) => f.outcome === 'failed'))
        return 'failed';
    const archived = files.filter((f) => f.outcome === 'archived').length;
    if (archived === 0)
        return 'verified';
    return archived === files.length ? 'archived' : 'partial';
}
/** "verified", "verified except 2 archived files", "not read: all 4 files archived", "FAILED (1 file)". */
function verdictWords(v) {
    const files = (n = 0, what = '') => `${n} ${what}${n === 1 ? 'file' : 'files'}`;
    if (v.verdict === 'failed')
        return `FAILED (${files(v.failed)})`;
    if (v.verdict === 'partial')
        return `verified except ${files(v.archived, 'archived ')}`;
    if (v.verdict === 'archived')
        return `not read: all ${files(v.archived)} archived`;
    return 'verified';
}


/***/ })

};

//# sourceMappingURL=395.index.js.map