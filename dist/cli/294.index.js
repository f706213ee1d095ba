export const id = 294;
export const ids = [294];
export const modules = {

/***/ 8294:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  backup: () => (/* binding */ backup)
});

// EXTERNAL MODULE: ./src/snapshot/compression.ts + 2 modules
var snapshot_compression = __webpack_require__(3968);
// EXTERNAL MODULE: ./src/snapshot/layout.ts
var layout = __webpack_require__(2064);
// EXTERNAL MODULE: ./src/snapshot/manifest.ts
var snapshot_manifest = __webpack_require__(6351);
// EXTERNAL MODULE: ./src/snapshot/writer.ts + 1 modules
var snapshot_writer = __webpack_require__(9946);
// EXTERNAL MODULE: ./src/encryption/sealing.ts
var encryption_sealing = __webpack_require__(9662);
// EXTERNAL MODULE: ./src/storage/open.ts + 1 modules
var storage_open = __webpack_require__(3327);
// EXTERNAL MODULE: ./src/util/cancel.ts
var cancel = __webpack_require__(4436);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
;// CONCATENATED MODULE: ./src/notify/summary.ts

// Job summaries a person can read in seconds: what was stored, how big, how long, what's inside.
function backupSummary(manifest, uris) {
    const lines = [];
    lines.push(`## Backup ${manifest.id} (${manifest.environment}, ${manifest.kind}): complete`);
    lines.push('');
    lines.push(`${(0,format/* formatSeconds */.X)(manifest.durationSeconds)}, stored in ${uris.map((u) => `\`${u}\``).join(' and ')}`);
    lines.push('');
    lines.push('| file | stored | before compression | ratio | time | sha256 |');
    lines.push('|---|---:|---:|---:|---:|---|');
    for (const f of manifest.files) {
        const ratio = f.sourceBytes ? `${((f.bytes / f.sourceBytes) * 100).toFixed(1)} %` : '';
        lines.push(`| ${f.name} | ${(0,format/* formatBytes */.z)(f.bytes)} | ${f.sourceBytes !== undefined ? (0,format/* formatBytes */.z)(f.sourceBytes) : ''} | ${ratio} | ${f.durationSeconds !== undefined ? (0,format/* formatSeconds */.X)(f.durationSeconds) : ''} | \`${f.sha256.slice(0, 12)}…\` |`);
    }
    const pg = manifest.sources.postgres;
    if (pg) {
        const tables = Object.entries(pg.tables);
        const rows = tables.reduce((sum, [, n]) => sum + n, 0);
        lines.push('');
        lines.push(`**PostgreSQL** ${pg.serverVersion} (\`${pg.database}\`, pg_dump ${pg.pgDumpVersion}): ${tables.length} tables, ${rows} rows`);
        lines.push('');
        lines.push('<details><summary>Rows per table</summary>');
        lines.push('');
        lines.push('| table | rows |');
        lines.push('|---|---:|');
        for (const [table, n] of tables)
            lines.push(`| ${table.replace(/\|/g, '\\|')} | ${n} |`);
        lines.push('');
        lines.push('</details>');
    }
    if (manifest.operator || manifest.notes) {
        lines.push('');
        lines.push(`Operator: ${manifest.operator ?? '-'}. Notes: ${manifest.notes ?? '-'}`);
    }
    return lines.join('\n') + '\n';
}

;// CONCATENATED MODULE: ./src/commands/backup.ts










/**
 * backup: check every source and storage and claim the snapshot folder, then stream each source
 * into the snapshot, then write manifest.json last. Any failure before the manifest leaves an
 * incomplete snapshot that nothing trusts.
 */
async function backup(config, log, now = new Date()) {
    const started = now;
    const sealing = (0,encryption_sealing/* sealingFor */.zs)(config, started);
    const { writer, postgres } = await preflight(config, log, started);
    try {
        if (sealing)
            await (0,encryption_sealing/* refuseDestroyedKey */.dn)(writer.storages, config.environment, sealing);
        return await writeSnapshot(config, log, started, writer, postgres, sealing);
    }
    catch (error) {
        await writer.release();
        throw error;
    }
}
async function writeSnapshot(config, log, started, writer, postgres, sealing) {
    const id = writer.id;
    if (sealing) {
        log.info(`encryption: age to ${sealing.recipients.join(', ')}${sealing.period ? ` (the keys of ${sealing.period})` : ''}`);
    }
    const files = [];
    const sources = {};
    if (postgres) {
        await log.group('PostgreSQL', async () => {
            // Each source's code (and its client library) is loaded only when the source is backed up.
            const { openPostgresDump } = await Promise.all(/* import() */[__webpack_require__.e(849), __webpack_require__.e(483)]).then(__webpack_require__.bind(__webpack_require__, 4483));
            // gzip is pg_dump's own (see DumpOptions); zstd and none get plain SQL to compress here.
            const dump = await openPostgresDump(postgres, log, config.compression === 'gzip' ? { gzipLevel: 1 } : {});
            try {
                const file = await writer.writeFile(`postgres.sql${(0,snapshot_compression/* compressionSuffix */.uy)(config.compression)}`, dump.stream, {
                    source: 'postgres',
                    compression: config.compression,
                    sizeHint: dump.server.databaseBytes,
                    precompressed: dump.compressed ? { sourceBytes: () => dump.sqlBytes() } : undefined,
                    encrypt: sealing
                });
                const facts = dump.facts();
                files.push(file);
                sources.postgres = {
                    serverVersion: dump.server.version,
                    pgDumpVersion: dump.pgDumpVersion,
                    database: dump.server.database,
                    databaseBytes: dump.server.databaseBytes,
                    format: 'plain',
                    ...facts,
                    identity: {
                        ...(dump.server.systemIdentifier
                            ? { systemIdentifier: dump.server.systemIdentifier }
                            : {}),
                        databaseOid: dump.server.databaseOid
                    }
                };
                const rows = Object.values(facts.tables).reduce((a, b) => a + b, 0);
                log.info(`${file.name}: ${file.bytes} bytes stored (${file.sourceBytes} before compression), ${Object.keys(facts.tables).length} tables, ${rows} rows, sha256 ${file.sha256}`);
            }
            finally {
                await dump.close();
            }
        });
    }
    if (config.redisUrl) {
        const url = config.redisUrl;
        await log.group('Redis', async () => {
            const { openRedisDump } = await Promise.all(/* import() */[__webpack_require__.e(499), __webpack_require__.e(942)]).then(__webpack_require__.bind(__webpack_require__, 4942));
            const dump = await openRedisDump(url, config.redisMode, log);
            try {
                const compression = dump.compressible ? config.compression : 'none';
                const file = await writer.writeFile(`${dump.fileName}${(0,snapshot_compression/* compressionSuffix */.uy)(compression)}`, dump.stream, { source: 'redis', compression, encrypt: sealing });
                const facts = dump.facts();
                files.push(file);
                sources.redis = facts;
                if (facts.note)
                    log.warning(`${file.name}: ${facts.note}`);
                log.info(`${file.name}: ${file.bytes} bytes stored (${file.sourceBytes} before compression), ${facts.mode} mode, ${facts.keys} keys (${facts.keysWithTtl} with a TTL) in ${Object.keys(facts.dbs).length} dbs, ${facts.pointInTime ? 'point in time' : 'NOT point in time'}, sha256 ${file.sha256}`);
            }
            finally {
                dump.close();
            }
        });
    }
    if (config.uploadsDir) {
        const dir = config.uploadsDir;
        await log.group('Uploads', async () => {
            const { UPLOADS_INDEX_NAME, openUploadsArchive } = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(534)]).then(__webpack_require__.bind(__webpack_require__, 2534));
            const archive = await openUploadsArchive(dir, log, {
                uploadsCompression: config.uploadsCompression,
                compression: config.compression
            });
            try {
                const file = await writer.writeFile(archive.name, archive.stream, {
                    source: 'uploads',
                    compression: archive.choice.compression,
                    level: archive.choice.level,
                    sizeHint: () => archive.sizeHint(),
                    encrypt: sealing
                });
                files.push(file);
                const index = await writer.writeFile(UPLOADS_INDEX_NAME, archive.index(), {
                    source: 'uploads',
                    compression: 'gzip',
                    encrypt: sealing // every path is personal data too
                });
                files.push(index);
                const stats = { ...archive.stats(), index: index.name };
                sources.uploads = stats;
                log.info(`${file.name}: ${file.bytes} bytes stored (${file.sourceBytes} of tar), ${stats.files} files (${stats.bytes} bytes), ${stats.directories} folders, ${stats.symlinks} symlinks, sha256 ${file.sha256}`);
                log.info(`${index.name}: ${index.bytes} bytes, sha256 ${index.sha256}`);
                if (stats.changedCount > 0 || stats.skippedCount > 0) {
                    log.warning(`uploads: ${stats.changedCount} files changed while being archived, ${stats.skippedCount} entries left out (listed in the manifest)`);
                }
            }
            finally {
                await archive.close();
            }
        });
    }
    const completed = new Date();
    const manifest = {
        formatVersion: snapshot_manifest/* FORMAT_VERSION */.Hp,
        id,
        environment: config.environment,
        kind: config.kind,
        createdAt: started.toISOString(),
        completedAt: completed.toISOString(),
        durationSeconds: (0,snapshot_writer/* round */.LI)((completed.getTime() - started.getTime()) / 1000),
        tool: { name: version/* TOOL_NAME */.l, version: version/* TOOL_VERSION */.w },
        ...(config.operator ? { operator: config.operator } : {}),
        ...(config.notes ? { notes: config.notes } : {}),
        files,
        ...(sealing ? { encryption: { format: 'age', ...sealing } } : {}),
        sources
    };
    await log.group('Manifest', async () => {
        await writer.writeManifest(manifest);
        log.info(`snapshot ${id} complete: ${writer.uris(layout/* MANIFEST_NAME */.ir).join(', ')}`);
    });
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    return {
        outputs: {
            'snapshot-id': id,
            'snapshot-uri': writer.uris()[0],
            bytes,
            'duration-seconds': manifest.durationSeconds
        },
        summary: backupSummary(manifest, writer.uris())
    };
}
/**
 * Before the first byte moves, everything at once: each storage (reachable, the bucket there,
 * writable: the claim of the snapshot folder is itself a write) and each source (connect,
 * authenticate, read). A wrong Redis password must not wait for a multi-hour pg_dump to be found.
 * Every problem is reported, one line each; the claim is given back when any is found.
 */
async function preflight(config, log, started) {
    return log.group('Check sources and storage', async () => {
        const { databaseUrl, redisUrl, uploadsDir } = config;
        const giveUp = new AbortController();
        const postgres = databaseUrl
            ? Promise.all(/* import() */[__webpack_require__.e(849), __webpack_require__.e(483)]).then(__webpack_require__.bind(__webpack_require__, 4483)).then((m) => m.probePostgres(databaseUrl, giveUp.signal))
            : undefined;
        postgres?.catch(() => undefined); // settled below
        const storage = (async () => {
            const storages = await (0,storage_open/* openStorages */.l)(config, log);
            for (const s of storages)
                await s.check();
            const writer = await snapshot_writer/* SnapshotWriter */.CN.claim(storages, config.environment, started, log);
            for (const uri of writer.uris())
                log.info(`ok: ${uri} (claimed for this run)`);
            return writer;
        })();
        const redis = redisUrl
            ? Promise.all(/* import() */[__webpack_require__.e(499), __webpack_require__.e(942)]).then(__webpack_require__.bind(__webpack_require__, 4942)).then((m) => m.probeRedis(redisUrl))
            : undefined;
        const uploads = uploadsDir
            ? Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(534)]).then(__webpack_require__.bind(__webpack_require__, 2534)).then((m) => m.probeUploads(uploadsDir))
            : undefined;
        const [claimed, ...others] = await Promise.allSettled([storage, redis, uploads]);
        const problems = [claimed, ...others].flatMap((r) => r.status === 'rejected' ? [r.reason] : []);
        // A database that does not answer would hold the other problems back for its whole connect
        // timeout: once something else failed, it gets a moment more, then it is given up.
        const grace = problems.length > 0 ? setTimeout(() => giveUp.abort(), PROBE_GRACE_MS) : undefined;
        const [pg] = await Promise.allSettled([postgres]);
        clearTimeout(grace);
        if (pg.status === 'rejected') {
            if (giveUp.signal.aborted)
                log.info('PostgreSQL check given up: another check failed first');
            else
                problems.push(pg.reason);
        }
        // Cancelled meanwhile: that is the outcome, whatever the checks found.
        if (cancel/* runSignal */.KF.aborted)
            problems.splice(0, problems.length, cancel/* runSignal */.KF.reason);
        if (problems.length > 0) {
            if (claimed.status === 'fulfilled')
                await claimed.value.release();
            if (problems.length === 1)
                throw problems[0];
            const lines = problems.map((p) => (0,errors/* errorLine */.BP)(p));
            const error = new errors/* UserError */.yo(`${lines.length} problems, nothing was backed up: ${lines.join('; ')}`);
            error.problems = lines;
            throw error;
        }
        const writer = claimed.value;
        const probe = pg.value;
        if (probe)
            log.info(`ok: PostgreSQL ${probe.server.version} at ${probe.server.endpoint}`);
        const server = others[0].value;
        if (server)
            log.info(`ok: ${server.engine} ${server.version} at ${server.endpoint}`);
        if (uploadsDir)
            log.info(`ok: uploads-dir ${uploadsDir} can be read`);
        return { writer, postgres: probe };
    });
}
const PROBE_GRACE_MS = 1_000;


/***/ })

};

//# sourceMappingURL=294.index.js.map