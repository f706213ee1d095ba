export const id = 79;
export const ids = [79];
export const modules = {

/***/ 2079:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  adopt: () => (/* binding */ adopt)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/retention/calendar.ts
var calendar = __webpack_require__(1078);
// EXTERNAL MODULE: ./src/sources/legacy/inspect.ts + 1 modules
var inspect = __webpack_require__(7342);
// EXTERNAL MODULE: ./src/sources/uploads/indexFormat.ts
var indexFormat = __webpack_require__(8580);
// EXTERNAL MODULE: ./src/snapshot/catalog.ts + 2 modules
var catalog = __webpack_require__(3881);
// EXTERNAL MODULE: external "node:stream/consumers"
var consumers_ = __webpack_require__(8321);
// EXTERNAL MODULE: ./src/retention/policy.ts
var policy = __webpack_require__(4310);
// EXTERNAL MODULE: ./src/storage/storage.ts
var storage_storage = __webpack_require__(2912);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/snapshot/layout.ts
var layout = __webpack_require__(2064);
;// CONCATENATED MODULE: ./src/snapshot/leftovers.ts






/** Why a claim object may belong to a run still writing; undefined when it cannot. */
async function liveClaim(storage, key, stored, now) {
    let holder;
    try {
        holder = JSON.parse(await (0,consumers_.text)(await storage.get(key)));
    }
    catch (error) {
        return `its claim ${storage.uriOf(key)} cannot be read (${(0,errors/* errorLine */.BP)(error)})`;
    }
    if (typeof holder?.token !== 'string') {
        return `its claim ${storage.uriOf(key)} names no run of this tool`;
    }
    const since = Date.parse(holder.startedAt ?? '') || stored.getTime();
    const who = `pid ${holder.pid} on ${holder.host}, since ${new Date(since).toISOString()}`;
    if (holder.host === external_node_os_default().hostname() && typeof holder.pid === 'number') {
        return running(holder.pid) ? `it is claimed by a running process (${who})` : undefined;
    }
    if (now.getTime() - since >= policy/* IN_PROGRESS_HOURS */.mM * 3_600_000)
        return undefined;
    return `it is claimed by a run on another host that may still be writing (${who}; a claim counts as abandoned after ${policy/* IN_PROGRESS_HOURS */.mM} hours)`;
}
function running(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
/**
 * The folders already at `id` in these storages (one catalog each, in the same order), judged:
 * every one a failed run's leftovers (`leftovers`, maybe none), or why they must stay.
 */
async function judgeLeftovers(storages, catalogs, id, now = new Date()) {
    const leftovers = [];
    for (const [i, storage] of storages.entries()) {
        const entry = catalogs[i].entries.find((e) => e.id === id);
        if (!entry)
            continue;
        const manifest = entry.objects.some((o) => o.key === `${entry.prefix}${layout/* MANIFEST_NAME */.ir}`);
        if (entry.state !== 'incomplete' || manifest) {
            return {
                refused: `snapshot folder ${id} is already there (${entry.state}${entry.problem ? `: ${entry.problem}` : ''})`
            };
        }
        for (const o of entry.objects) {
            if (!o.key.slice(entry.prefix?.length ?? 0).startsWith(storage_storage/* CLAIM_NAME */.hB))
                continue;
            const live = await liveClaim(storage, o.key, o.lastModified, now);
            if (live) {
                return {
                    refused: `snapshot folder ${storage.uriOf(entry.prefix ?? '')} is incomplete and ${live}`
                };
            }
        }
        leftovers.push({ storage, entry });
    }
    return { leftovers };
}
/**
 * Remove a failed run's leftovers: every object (every version). Its open multipart uploads, if
 * any, are prune's to abort once a day old (adopt's IAM policy does not list them).
 */
async function removeLeftovers(leftovers) {
    const lines = [];
    for (const { storage, entry } of leftovers) {
        const where = storage.uriOf(entry.prefix ?? '');
        const { held } = await storage.delete(entry.objects.map((o) => o.key));
        if (held.length > 0) {
            throw new errors/* UserError */.yo(`${where}: ${held.length} object(s) of a failed run are held by Object Lock: the folder cannot be written again until they can be deleted`);
        }
        lines.push(`${where}: removed what a failed run left (${entry.objects.length} object(s), no manifest)`);
    }
    return lines;
}

// EXTERNAL MODULE: ./src/snapshot/id.ts
var snapshot_id = __webpack_require__(9575);
// EXTERNAL MODULE: ./src/snapshot/manifest.ts
var manifest = __webpack_require__(6351);
// EXTERNAL MODULE: ./src/snapshot/writer.ts + 2 modules
var snapshot_writer = __webpack_require__(9713);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
// EXTERNAL MODULE: ./src/storage/open.ts + 1 modules
var storage_open = __webpack_require__(3327);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/commands/adopt.ts
















async function adopt(config, log) {
    const storages = await (0,storage_open/* openStorages */.l)(config, log);
    const legacyRoot = (0,storage_open/* openLegacyRoot */.E)(config);
    const origins = [
        ...storages.map((storage) => ({ storage, flat: false })),
        ...(legacyRoot ? [{ storage: legacyRoot, flat: true }] : [])
    ];
    // What the target storages already hold, by id (the first storage is the one restore reads).
    const targets = await Promise.all(storages.map((s) => (0,catalog/* readCatalog */.uM)(s, config.environment)));
    const held = new Map(targets[0].entries.map((e) => [e.id, e]));
    const completeMonths = new Set(targets[0].entries
        .filter((e) => e.state === 'complete' && e.manifest?.kind !== 'adhoc')
        .map((e) => (0,calendar/* monthOf */.GS)(e.startedAt)));
    const steps = [];
    const seen = new Set();
    const monthsTaken = new Set();
    const legacy = [];
    for (const origin of origins) {
        const { entries } = await (0,catalog/* readCatalog */.uM)(origin.storage, config.environment, { flat: origin.flat });
        for (const entry of entries)
            if (entry.state === 'legacy')
                legacy.push({ origin, entry });
    }
    legacy.sort((a, b) => a.entry.startedAt.getTime() - b.entry.startedAt.getTime());
    for (const { origin, entry } of legacy) {
        const from = origin.storage.uriOf((0,catalog/* folderOf */.yS)(entry, config.environment));
        const id = (0,snapshot_id/* snapshotIdFor */.pP)(new Date(Math.floor(entry.startedAt.getTime() / 1000) * 1000));
        // Its month's monthly where the month has no complete scheduled snapshot: the earliest.
        const month = (0,calendar/* monthOf */.GS)(entry.startedAt);
        const kind = !completeMonths.has(month) && !monthsTaken.has(month) ? 'monthly' : 'daily';
        monthsTaken.add(month);
        steps.push({ origin, entry, id, kind, from });
    }
    const lines = [];
    const warnings = [];
    const problems = [];
    let adopted = 0;
    let finished = 0;
    for (const step of steps) {
        const existing = held.get(step.id);
        const done = existing?.state === 'complete' && existing.manifest?.adoptedFrom === step.from;
        if (seen.has(step.id) && !done) {
            problems.push(`${step.from}: not adopted: another legacy folder has the same time (${step.id})`);
            continue;
        }
        // A folder at that id: a failed adopt's (or any failed run's) leftovers, no manifest and no
        // live claim, are removed and the adopt runs again; anything else is refused.
        let leftovers = [];
        if (!done) {
            const judged = await judgeLeftovers(storages, targets, step.id);
            if ('refused' in judged) {
                problems.push(`${step.from}: not adopted: ${judged.refused}`);
                continue;
            }
            leftovers = judged.leftovers;
        }
        seen.add(step.id);
        const files = Object.entries(step.entry.legacy ?? {});
        const what = `${files.map(([, n]) => n).join(', ')} (${(0,format/* formatBytes */.z3)(step.entry.bytes)})`;
        if (config.dryRun) {
            const line = done
                ? `${step.from}: adopted before as ${step.id}: its folder is to remove`
                : `${step.from}: ${what}: to adopt as ${step.id} (${step.kind})${leftovers.length ? `, once what a failed run left in ${step.id} is removed` : ''}, then remove`;
            log.info(line);
            lines.push(line);
            continue;
        }
        try {
            if (!done) {
                warnings.push(...(await log.group(`Adopt ${step.from} as ${step.id}`, async () => {
                    for (const line of await removeLeftovers(leftovers)) {
                        log.info(line);
                        lines.push(line);
                    }
                    return writeAdopted(storages, config, step, log);
                })));
                adopted++;
            }
            else
                finished++;
            // Only now, the new snapshot complete in every storage, does the old folder go.
            const check = await Promise.all(storages.map((s) => (0,catalog/* readCatalog */.uM)(s, config.environment)));
            for (const [i, c] of check.entries()) {
                const e = c.entries.find((x) => x.id === step.id);
                if (e?.state !== 'complete') {
                    throw new errors/* UserError */.yo(`${storages[i].uriOf(`${config.environment}/${step.id}/`)} is ${e?.state ?? 'missing'} after adopt: the legacy folder is kept`);
                }
            }
            const { held: locked } = await step.origin.storage.delete(step.entry.objects.map((o) => o.key));
            const line = `${step.from}: ${done ? 'adopted before' : `${what} adopted`} as ${step.id} (${step.kind}); legacy folder removed${locked.length ? ` except ${locked.length} object(s) held by Object Lock` : ''}`;
            log.info(line);
            lines.push(line);
        }
        catch (error) {
            problems.push(`${step.from}: ${(0,errors/* errorLine */.BP)(error)}`);
        }
    }
    for (const p of problems)
        log.warning(p);
    const summary = [
        `## Adopt (${config.environment})${config.dryRun ? ': plan only (dry-run: nothing read or written)' : ''}`,
        '',
        steps.length === 0 ? 'No legacy folder of the old script found.' : '',
        ...lines.map((l) => `- ${l}`),
        ...warnings.map((w) => `- :warning: ${w}`),
        ...problems.map((p) => `- :red_circle: ${p}`),
        ''
    ].join('\n');
    if (problems.length > 0 && !config.dryRun) {
        throw new errors/* UserError */.yo(`adopt: ${problems.length} legacy folder(s) not adopted: ${problems.join('; ')}`);
    }
    return {
        outputs: { adopted, 'already-adopted': finished, 'not-adopted': problems.length },
        summary
    };
}
/**
 * One legacy folder into a new snapshot folder in every storage, manifest last. Resolves to
 * what its files' readers warned of (logged, and in the manifest).
 */
async function writeAdopted(storages, config, step, log) {
    const started = Date.now();
    const holder = {
        token: (0,external_node_crypto_.randomBytes)(12).toString('hex'),
        startedAt: new Date().toISOString(),
        host: external_node_os_default().hostname(),
        pid: process.pid
    };
    const writer = new snapshot_writer/* SnapshotWriter */.C(storages, config.environment, step.id, log, holder);
    const claimed = [];
    try {
        for (const storage of storages) {
            if (!(await storage.claim(writer.keyOf(''), holder))) {
                throw new errors/* UserError */.yo(`${storage.uriOf(writer.keyOf(''))} is taken by another run`);
            }
            claimed.push(storage);
        }
        const files = [];
        const sources = {};
        const warnings = [];
        for (const [source, name] of Object.entries(step.entry.legacy ?? {})) {
            const key = (0,catalog/* folderOf */.yS)(step.entry, config.environment) + name;
            const inspector = (0,inspect/* legacyInspector */.rI)(step.origin.storage.uriOf(key), name, source);
            const stored = await step.origin.storage.get(key);
            const input = stored.pipe((0,inspect/* feeding */.pJ)(inspector));
            let sourceBytes = 0;
            // A check that fails stops the copy (no half-copied file still uploading after the run
            // has failed); both settle before the error, the checker's first: it names the file.
            const [written, checked] = await Promise.allSettled([
                writer.writeFile(name, input, {
                    source,
                    compression: (0,inspect/* legacyCompression */.Yb)(source),
                    precompressed: { sourceBytes: () => sourceBytes }
                }),
                inspector.facts().then((f) => {
                    sourceBytes = f.sourceBytes ?? 0;
                    return f;
                }, (error) => {
                    const cause = error instanceof Error ? error : new Error(String(error));
                    stored.destroy(); // pipe() does not pass a destroy back to the storage's stream
                    input.destroy(cause);
                    throw error;
                })
            ]);
            if (checked.status === 'rejected')
                throw checked.reason;
            if (written.status === 'rejected')
                throw written.reason;
            const [file, facts] = [written.value, checked.value];
            files.push(file.sourceBytes ? file : { ...file, sourceBytes: facts.sourceBytes ?? file.bytes });
            if (facts.postgres)
                sources.postgres = facts.postgres;
            if (facts.redis)
                sources.redis = facts.redis;
            log.info(`${name}: ${(0,format/* formatBytes */.z3)(file.bytes)} copied and checked (sha256 ${file.sha256})`);
            if (facts.uploads && facts.uploadsIndex) {
                // The per-file index the old script never wrote, built in the same pass: as a backup
                // writes it, so verify and restore check every file of the archive against it.
                const index = await writer.writeFile(indexFormat/* UPLOADS_INDEX_NAME */.st, external_node_stream_.Readable.from([Buffer.from(facts.uploadsIndex.text)]), { source: 'uploads', compression: 'gzip' });
                files.push(index);
                const stats = { ...facts.uploads, index: index.name };
                sources.uploads = stats;
                log.info(`${name}: ${stats.files} files (${(0,format/* formatBytes */.z3)(stats.bytes)}), ${stats.directories} folders, ${stats.symlinks} symlinks under ${stats.root}/; ${index.name}: ${index.bytes} bytes, sha256 ${index.sha256}`);
            }
            if (facts.warning) {
                log.warning(facts.warning);
                warnings.push(facts.warning);
            }
        }
        const now = new Date();
        await writer.writeManifest({
            formatVersion: manifest/* FORMAT_VERSION */.Hp,
            id: step.id,
            environment: config.environment,
            kind: step.kind,
            createdAt: step.entry.startedAt.toISOString(),
            completedAt: now.toISOString(),
            durationSeconds: (0,format/* round */.LI)((now.getTime() - started) / 1000),
            tool: { name: 'luneo-backup', version: version/* TOOL_VERSION */.w },
            ...(config.operator ? { operator: config.operator } : {}),
            notes: config.notes ?? "adopted from the old script's backup",
            adoptedFrom: step.from,
            ...(warnings.length ? { warnings } : {}),
            files,
            sources
        });
        return warnings;
    }
    catch (error) {
        await writer.release();
        throw error;
    }
}


/***/ }),

/***/ 9713:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  C: () => (/* binding */ SnapshotWriter)
});

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
;// CONCATENATED MODULE: ./src/util/progress.ts

/**
 * A long write's progress line, the one format for every source: what passed, how fast, and,
 * where the source gave a total, of how much, the percent and the time left. An estimate is only
 * an estimate: past it, the line says so rather than count down below zero; at it, 100%.
 */
function progressLine(name, count, io) {
    const { unit, done, total, exact } = count;
    const keys = unit === 'keys';
    const amount = keys ? formatCount : format/* formatBytes */.z3;
    const noun = keys ? 'keys' : 'read';
    const rate = io.seconds > 0 ? done / io.seconds : 0;
    const speed = keys ? `${formatCount(rate)} keys/s` : `${(0,format/* formatBytes */.z3)(rate)}/s`;
    const read = keys ? `${(0,format/* formatBytes */.z3)(io.read)} read, ` : '';
    const tail = `${read}${(0,format/* formatBytes */.z3)(io.stored)} stored, ${(0,format/* formatSeconds */.Xo)(io.seconds)}`;
    if (!total || total <= 0)
        return `${name}: ${amount(done)} ${noun} (${speed}), ${tail}`;
    if (done > total && !exact) {
        return `${name}: ${amount(done)} ${noun}, past the estimate of ${amount(total)} (${speed}), ${tail}`;
    }
    const percent = Math.min(100, Math.floor((done / total) * 100));
    const eta = rate > 0 && done < total ? `, about ${(0,format/* formatSeconds */.Xo)((total - done) / rate)} left` : '';
    const of = `${exact ? '' : '~'}${amount(total)}`;
    return `${name}: ${amount(done)} of ${of} ${noun} (${percent}%, ${speed}${eta}), ${tail}`;
}
/** A count for people: whole, with thousands separators (1,234,567). */
function formatCount(n) {
    return Math.round(n).toLocaleString('en-US');
}

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
    /** How often a long write logs its progress (Config's progressMs: LUNEO_PROGRESS_SECONDS). */
    progressMs = 10_000;
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
    async writeFile(plainName, input, options) {
        const encrypt = options.encrypt;
        const name = encrypt ? `${plainName}.age` : plainName;
        const started = Date.now();
        const failure = new errors/* FirstFailure */.Jk();
        const read = new ByteCounter();
        const compressor = options.precompressed
            ? new external_node_stream_.PassThrough()
            : (0,compression/* createCompressor */._S)(options.compression, { level: options.level });
        const hasher = new HashCounter();
        // Encrypted: the compressed stream is hashed (what age decrypts to), then encrypted, and the
        // ciphertext is what the hasher below and every storage see.
        // The cipher's code is loaded only by runs that encrypt.
        const sealing = encrypt
            ? [
                new HashCounter(),
                new (await Promise.all(/* import() */[__webpack_require__.e(539), __webpack_require__.e(738)]).then(__webpack_require__.bind(__webpack_require__, 3738))).AgeEncrypter(encrypt.recipients)
            ]
            : [];
        const outs = this.storages.map(() => {
            const out = new external_node_stream_.PassThrough({ highWaterMark: 1 << 20 });
            // A source may fail before a storage has started reading (put() awaits first): the
            // failure is recorded from the stages above, so this branch's error must not go unhandled.
            out.on('error', () => undefined);
            return out;
        });
        // Listen in flow order: the first stage to fail is the cause; the rest are consequences.
        for (const stage of [input, read, compressor, ...sealing, hasher]) {
            stage.on('error', (error) => failure.record(error));
        }
        // Cancellation is this pipeline's failure too: it stops the source (pg_dump is killed when its
        // output closes), aborts multipart uploads and removes .partial files, as any failure does.
        const cancelled = () => failure.record(cancel/* runSignal */.KF.reason);
        if (cancel/* runSignal */.KF.aborted)
            cancelled();
        else
            cancel/* runSignal */.KF.addEventListener('abort', cancelled, { once: true });
        // The estimate is asked for only once a write lasts (an uploads walk is not free).
        let estimate;
        const hint = options.sizeHint;
        const progress = setInterval(() => {
            if (typeof hint === 'function' && estimate === undefined) {
                estimate = 0;
                hint().then((n) => (estimate = n), () => undefined);
            }
            const done = options.precompressed?.sourceBytes() ?? read.bytes;
            const seconds = (Date.now() - started) / 1000;
            const total = typeof hint === 'number' ? hint : estimate;
            const count = options.progress?.() ?? { unit: 'bytes', done, total };
            this.log.info(progressLine(name, count, { read: done, stored: hasher.bytes, seconds }));
        }, this.progressMs);
        try {
            const key = this.keyOf(name);
            const puts = this.storages.map((storage, i) => failure.track(storage.put(key, outs[i], {
                sizeHint: options.sizeHint,
                signal: failure.signal,
                tags: { [layout/* DATA_TAG */.ax.key]: layout/* DATA_TAG */.ax.value }
            })));
            const flow = failure.track((0,promises_.pipeline)([input, read, compressor, ...sealing, hasher, fanOut(outs)], {
                signal: failure.signal
            }));
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
            durationSeconds: (0,format/* round */.LI)((Date.now() - started) / 1000),
            ...(encrypt
                ? {
                    encryption: {
                        format: 'age',
                        recipients: encrypt.recipients,
                        ...(encrypt.period ? { period: encrypt.period } : {}),
                        plaintextSha256: sealing[0].sha256,
                        plaintextBytes: sealing[0].bytes
                    }
                }
                : {})
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


/***/ }),

/***/ 7342:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  pJ: () => (/* binding */ feeding),
  yp: () => (/* binding */ inspectLegacyFile),
  Yb: () => (/* binding */ legacyCompression),
  rI: () => (/* binding */ legacyInspector)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
// EXTERNAL MODULE: ./src/sources/postgres/dumpScanner.ts
var dumpScanner = __webpack_require__(3616);
// EXTERNAL MODULE: ./src/sources/redis/rdb/scanner.ts + 5 modules
var rdb_scanner = __webpack_require__(1734);
// EXTERNAL MODULE: ./src/sources/redis/rdbDamage.ts
var rdbDamage = __webpack_require__(8155);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
// EXTERNAL MODULE: ./src/sources/uploads/indexFormat.ts
var indexFormat = __webpack_require__(8580);
// EXTERNAL MODULE: ./src/sources/uploads/paths.ts
var paths = __webpack_require__(1271);
// EXTERNAL MODULE: ./src/sources/uploads/plan.ts
var plan = __webpack_require__(6008);
;// CONCATENATED MODULE: ./src/sources/legacy/uploadsIndex.ts









/** An entry the index cannot describe as the tool's restore would take it. */
class Refused extends errors/* UserError */.yo {
}
/**
 * Write the archive's stored bytes to `input`; `result` settles once they have ended, or fails
 * in one line naming `where` (a gzip that does not inflate to its end, a truncated or corrupt
 * tar, an entry refused).
 */
function legacyUploadsReader(where, name) {
    const gunzip = external_node_zlib_default().createGunzip({ chunkSize: 1 << 20 });
    let tarBytes = 0;
    gunzip.on('data', (c) => (tarBytes += c.length)); // as the dump's inspector counts SQL
    const extract = tar_stream.extract();
    const feeding = (0,promises_.pipeline)(gunzip, extract);
    feeding.catch(() => undefined); // awaited below
    const indexer = new LegacyIndexer(name);
    const result = (async () => {
        try {
            for await (const entry of extract)
                await indexer.add(entry);
            await feeding;
            return { ...(await indexer.finish()), tarBytes };
        }
        catch (error) {
            // No more bytes are taken (feeding() in inspect.ts stops once the input has failed).
            gunzip.destroy(error);
            const cause = error instanceof Refused
                ? error
                : await feeding.then(() => error, (e) => e);
            if (cause instanceof Refused) {
                throw new errors/* UserError */.yo(`${where}: ${cause.message}; refused: the tool's index and restore cannot take this archive as it is (if you trust it, extract it by hand: tar -xzf ${name} -C <parent of the folder>)`);
            }
            throw new errors/* UserError */.yo(`${where} is not a whole gzip-compressed tar archive: ${(0,errors/* errorLine */.BP)(cause)}`);
        }
    })();
    result.catch(() => undefined); // the caller awaits it
    return { input: gunzip, result };
}
/** The index and statistics of one legacy archive, entry by entry. */
class LegacyIndexer {
    name;
    root;
    writer;
    chunks = [];
    out = new external_node_stream_.Writable({
        write: (chunk, _e, done) => {
            this.chunks.push(chunk);
            done();
        }
    });
    types = new Map();
    files = 0;
    bytes = 0;
    directories = 0;
    symlinks = 0;
    constructor(name) {
        this.name = name;
    }
    async add(entry) {
        const { header } = entry;
        const label = `archive entry ${JSON.stringify(header.name)}`;
        const rel = this.place(header.name, label);
        const type = header.type === 'contiguous-file' ? 'file' : header.type;
        if (type === 'link') {
            throw new Refused(`${label} is a hard link (to ${header.linkname}), which the index has no type for`);
        }
        if (type !== 'file' && type !== 'directory' && type !== 'symlink') {
            throw new Refused(`${label} is a ${type}: only files, folders and symlinks are taken`);
        }
        if (this.types.has(rel))
            throw new Refused(`${label} appears twice`);
        if (rel === '' && type !== 'directory') {
            throw new Refused(`${label} is the archive's top entry and not a folder`);
        }
        this.types.set(rel, type);
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let size = 0;
        for await (const chunk of entry) {
            hash.update(chunk);
            size += chunk.length;
        }
        const path = `${this.root}/${rel}`.replace(/\/$/, '');
        const meta = {
            mtime: new Date(Math.floor(header.mtime.getTime() / 1000) * 1000).toISOString(),
            mode: ((header.mode ?? 0) & 0o7777).toString(8).padStart(4, '0')
        };
        const writer = this.start();
        if (type === 'directory') {
            this.directories++;
            await writer.add({ path: `${path}/`, type, ...meta });
        }
        else if (type === 'symlink') {
            this.symlinks++;
            await writer.add({ path, type, linkname: header.linkname ?? '', ...meta });
        }
        else {
            this.files++;
            this.bytes += size;
            await writer.add({ path, type, size, ...meta, sha256: hash.digest('hex') });
        }
    }
    /** The entry's path inside the folder ('' for the folder itself), or why it is refused. */
    place(name, label) {
        const parts = name.split('/').filter((p) => p !== '' && p !== '.');
        const plain = !name.includes('\0') && !name.startsWith('/') && !parts.includes('..');
        if (plain && parts.length === 0) {
            throw new Refused(`${label} is the top of the archive itself: its entries are not under one folder (as tar -C <folder> . writes them; the old script's tar -C <parent> uploads puts them under uploads/)`);
        }
        if (plain)
            this.root ??= parts[0];
        const parsed = (0,paths/* archivePath */.oM)(name, this.root ?? '');
        if ('problem' in parsed) {
            if (plain) {
                throw new Refused(`${label} is beside ${this.root}/ at the top of the archive: an uploads archive holds one folder`);
            }
            throw new Refused(`${label}: ${parsed.problem}`);
        }
        return parsed.rel;
    }
    start() {
        if (!this.writer) {
            this.writer = new indexFormat/* IndexWriter */.Ku(this.out, this.name, this.root);
            this.writer.start();
        }
        return this.writer;
    }
    async finish() {
        if (!this.writer || !this.root)
            throw new Refused('the archive holds no entries');
        if (this.types.get('') !== 'directory') {
            throw new Refused(`the archive has no entry for its folder ${this.root}/ itself`);
        }
        for (const rel of this.types.keys()) {
            if (rel === '')
                continue;
            const parent = (0,paths/* parentOf */.gN)(rel);
            if (this.types.get(parent) !== 'directory') {
                const kind = this.types.get(parent);
                throw new Refused(`archive entry ${this.root}/${rel} is in ${this.root}/${parent}, ${kind ? `a ${kind}` : 'which has no entry of its own in the archive'}`);
            }
        }
        await this.writer.end();
        const text = Buffer.concat(this.chunks).toString('utf8');
        const index = (0,indexFormat/* parseIndex */.A1)(text, indexFormat/* UPLOADS_INDEX_NAME */.st);
        try {
            // The restore's own checks (symlinks that point out, through other links too).
            (0,plan/* planFromIndex */.e)(index, this.name);
        }
        catch (error) {
            const line = (0,errors/* errorLine */.BP)(error).replace(/; refused.*$/, '');
            throw new Refused(line.replace(`${indexFormat/* UPLOADS_INDEX_NAME */.st} lists`, 'the archive holds'));
        }
        const stats = {
            dir: 'unknown (old script)',
            root: this.root,
            files: this.files,
            bytes: this.bytes,
            directories: this.directories,
            symlinks: this.symlinks,
            index: indexFormat/* UPLOADS_INDEX_NAME */.st,
            compression: {
                requested: 'gzip',
                chosen: 'gzip',
                reason: "the old script's gzip-compressed tar, kept as it is"
            },
            changed: [],
            changedCount: 0,
            skipped: [],
            skippedCount: 0
        };
        return { text, index, stats };
    }
}

;// CONCATENATED MODULE: ./src/sources/legacy/inspect.ts









function legacyInspector(where, name, source) {
    const sink = () => new external_node_stream_.Writable({ write: (_c, _e, done) => done() });
    if (source === 'postgres') {
        const header = new HeaderLines(8192);
        const scanner = new dumpScanner/* PgDumpScanner */.c();
        const gunzip = external_node_zlib_default().createGunzip({ chunkSize: 1 << 20 });
        let sqlBytes = 0;
        gunzip.on('data', (c) => (sqlBytes += c.length));
        const done = (0,promises_.pipeline)(gunzip, header, scanner, sink()).catch((error) => {
            throw new errors/* UserError */.yo(`${where} is not a whole gzip-compressed dump: ${(0,errors/* errorLine */.BP)(error)}`);
        });
        return {
            input: gunzip,
            facts: async () => {
                await done;
                const version = (what) => new RegExp(`^-- Dumped ${what} version (\\d+(?:\\.\\d+)?)`, 'm').exec(header.text)?.[1];
                const pgDumpVersion = version('by pg_dump');
                if (!pgDumpVersion) {
                    throw new errors/* UserError */.yo(`${where} is not a plain pg_dump file: no "-- Dumped by pg_dump version" line`);
                }
                return {
                    sourceBytes: sqlBytes,
                    postgres: {
                        serverVersion: version('from database') ?? pgDumpVersion,
                        pgDumpVersion,
                        database: 'unknown (old script)',
                        format: 'plain',
                        ...scanner.facts()
                    }
                };
            }
        };
    }
    if (source === 'redis') {
        // An imported file may carry bytes after its end (a copy tool's padding): counted, kept.
        const scanner = new rdb_scanner/* RdbScanner */.B({
            trailing: 'report',
            explain: (damage) => new Error((0,rdbDamage/* describeRdbDamage */.j)(damage))
        });
        const done = (0,promises_.pipeline)(scanner, sink()).catch((error) => {
            throw new errors/* UserError */.yo(`${where} is not a whole RDB file: ${(0,errors/* errorLine */.BP)(error)}`);
        });
        return {
            input: scanner,
            facts: async () => {
                await done;
                const f = scanner.facts();
                const counts = Object.values(f.dbs);
                const extra = f.trailingBytes;
                return {
                    ...(extra
                        ? {
                            warning: `${where}: ${extra} bytes follow the RDB's EOF opcode and checksum (its CRC-64 verified up to them): accepted and kept as they are, recorded in the manifest`
                        }
                        : {}),
                    redis: {
                        mode: 'rdb',
                        engine: f.aux['valkey-ver'] ? 'valkey' : 'redis',
                        version: f.aux['valkey-ver'] ?? f.aux['redis-ver'] ?? 'unknown',
                        endpoint: 'unknown (old script)',
                        pointInTime: true,
                        reason: "the old script's RDB file",
                        rdbVersion: f.rdbVersion,
                        keys: counts.reduce((n, c) => n + c.keys, 0),
                        keysWithTtl: counts.reduce((n, c) => n + c.keysWithTtl, 0),
                        dbs: f.dbs,
                        keyCountsFrom: f.keyCountsFrom === 'keys' ? 'rdb' : 'rdb-resizedb',
                        checksum: f.checksum,
                        ...(f.note ? { note: f.note } : {}),
                        ...(extra ? { trailingBytes: extra } : {})
                    }
                };
            }
        };
    }
    const uploads = legacyUploadsReader(where, name);
    return {
        input: uploads.input,
        facts: async () => {
            const { text, index, stats, tarBytes } = await uploads.result;
            return { sourceBytes: tarBytes, uploads: stats, uploadsIndex: { text, index } };
        }
    };
}
/** How a legacy file is stored in the snapshot the tool writes: as it is. */
function legacyCompression(source) {
    return source === 'redis' ? 'none' : 'gzip';
}
/**
 * A stream of the same bytes that also feeds `inspector` (backpressure from both). Once the
 * inspector has failed it is fed no more: its facts() carry the failure.
 */
function feeding(inspector) {
    let failed = false;
    inspector.input.on('error', () => (failed = true));
    return new external_node_stream_.Transform({
        transform(chunk, _e, done) {
            if (failed || inspector.input.write(chunk))
                return done(null, chunk);
            const go = () => {
                inspector.input.off('drain', go);
                inspector.input.off('error', go);
                done(null, chunk);
            };
            inspector.input.on('drain', go);
            inspector.input.on('error', go);
        },
        flush(done) {
            if (!failed)
                inspector.input.end();
            done();
        }
    });
}
/** Read `key` (a legacy folder's `name`, holding `source`) once and describe it. */
async function inspectLegacyFile(storage, key, name, source) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let bytes = 0;
    const started = Date.now();
    const inspector = legacyInspector(storage.uriOf(key), name, source);
    const tap = new external_node_stream_.Transform({
        transform(chunk, _e, done) {
            hash.update(chunk);
            bytes += chunk.length;
            done(null, chunk);
        }
    });
    const read = (0,promises_.pipeline)(await storage.get(key), tap, feeding(inspector), new external_node_stream_.Writable({ write: (_c, _e, d) => d() }));
    const [facts] = await Promise.all([inspector.facts(), read]);
    return {
        file: entry(name, bytes, hash, source, legacyCompression(source), facts.sourceBytes ?? bytes, started),
        postgres: facts.postgres,
        redis: facts.redis,
        uploads: facts.uploads,
        uploadsIndex: facts.uploadsIndex,
        ...(facts.warning ? { warning: facts.warning } : {})
    };
}
function entry(name, bytes, hash, source, compression, sourceBytes, started) {
    return {
        name,
        bytes,
        sha256: hash.digest('hex'),
        source,
        compression,
        sourceBytes,
        durationSeconds: Math.round((Date.now() - started) / 100) / 10
    };
}
/** Passes bytes through, keeping the first `max` as text (a dump's header comments). */
class HeaderLines extends external_node_stream_.Transform {
    max;
    text = '';
    constructor(max) {
        super();
        this.max = max;
    }
    _transform(chunk, _e, done) {
        if (this.text.length < this.max)
            this.text += chunk.subarray(0, this.max).toString('utf8');
        done(null, chunk);
    }
}


/***/ })

};

//# sourceMappingURL=79.index.js.map