import { round } from '../util/format.js'
import type { Config } from '../config.js'
import type { Log } from '../log.js'
import type { PostgresProbe } from '../sources/postgres/dump.js'
import type { RedisServer } from '../sources/redis/backup.js'
import { compressionSuffix } from '../snapshot/compression.js'
import { MANIFEST_NAME } from '../snapshot/layout.js'
import { FORMAT_VERSION, type FileEntry, type Manifest } from '../snapshot/manifest.js'
import { SnapshotWriter } from '../snapshot/writer.js'
import { refuseDestroyedKey, sealingFor, type Sealing } from '../encryption/sealing.js'
import { openStorages } from '../storage/open.js'
import { runSignal } from '../util/cancel.js'
import { UserError, errorLine } from '../util/errors.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import { withPartialWrite, type CommandResult } from './result.js'
import { backupSummary } from '../notify/summary.js'

/**
 * backup: check every source and storage and claim the snapshot folder, then stream each source
 * into the snapshot, then write manifest.json last. Any failure before the manifest leaves an
 * incomplete snapshot that nothing trusts.
 */
export async function backup(config: Config, log: Log, now = new Date()): Promise<CommandResult> {
  const started = now
  const sealing = sealingFor(config, started)
  const { writer, postgres } = await preflight(config, log, started)
  const files: FileEntry[] = []
  try {
    if (sealing) await refuseDestroyedKey(writer.storages, config.environment, sealing)
    return await writeSnapshot(config, log, started, writer, postgres, files, sealing)
  } catch (error) {
    await writer.release()
    const stored = files.map((f) => f.name)
    throw withPartialWrite(error, { snapshotId: writer.id, uris: writer.uris(), files: stored })
  }
}

async function writeSnapshot(
  config: Config,
  log: Log,
  started: Date,
  writer: SnapshotWriter,
  postgres: PostgresProbe | undefined,
  /** Filled as each file is stored whole (a failure's summary names them). */
  files: FileEntry[],
  sealing: Sealing | undefined
): Promise<CommandResult> {
  const id = writer.id
  if (sealing) {
    log.info(
      `encryption: age to ${sealing.recipients.join(', ')}${sealing.period ? ` (the keys of ${sealing.period})` : ''}`
    )
  }
  const sources: Manifest['sources'] = {}

  if (postgres) {
    await log.group('PostgreSQL', async () => {
      // Each source's code (and its client library) is loaded only when the source is backed up.
      const { openPostgresDump } = await import('../sources/postgres/dump.js')
      // gzip is pg_dump's own (see DumpOptions); zstd and none get plain SQL to compress here.
      const dump = await openPostgresDump(
        postgres,
        log,
        config.compression === 'gzip' ? { gzipLevel: 1 } : {}
      )
      try {
        const file = await writer.writeFile(
          `postgres.sql${compressionSuffix(config.compression)}`,
          dump.stream,
          {
            source: 'postgres',
            compression: config.compression,
            sizeHint: dump.server.databaseBytes,
            precompressed: dump.compressed ? { sourceBytes: () => dump.sqlBytes() } : undefined,
            encrypt: sealing
          }
        )
        const facts = dump.facts()
        files.push(file)
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
        }
        const rows = Object.values(facts.tables).reduce((a, b) => a + b, 0)
        log.info(
          `${file.name}: ${file.bytes} bytes stored (${file.sourceBytes} before compression), ${Object.keys(facts.tables).length} tables, ${rows} rows, sha256 ${file.sha256}`
        )
      } finally {
        await dump.close()
      }
    })
  }
  if (config.redisUrl) {
    const url = config.redisUrl
    await log.group('Redis', async () => {
      const { openRedisDump } = await import('../sources/redis/backup.js')
      const dump = await openRedisDump(url, config.redisMode, log, { timeouts: config.timeouts })
      try {
        const compression = dump.compressible ? config.compression : 'none'
        const file = await writer.writeFile(
          `${dump.fileName}${compressionSuffix(compression)}`,
          dump.stream,
          {
            source: 'redis',
            compression,
            sizeHint: dump.bytes,
            progress: () => dump.progress(),
            encrypt: sealing
          }
        )
        const facts = dump.facts()
        files.push(file)
        sources.redis = facts
        if (facts.note) log.warning(`${file.name}: ${facts.note}`)
        log.info(
          `${file.name}: ${file.bytes} bytes stored (${file.sourceBytes} before compression), ${facts.mode} mode, ${facts.keys} keys (${facts.keysWithTtl} with a TTL) in ${Object.keys(facts.dbs).length} dbs, ${facts.pointInTime ? 'point in time' : 'NOT point in time'}, sha256 ${file.sha256}`
        )
      } finally {
        dump.close()
      }
    })
  }
  if (config.uploadsDir) {
    const dir = config.uploadsDir
    await log.group('Uploads', async () => {
      const { UPLOADS_INDEX_NAME, openUploadsArchive } =
        await import('../sources/uploads/archive.js')
      const archive = await openUploadsArchive(dir, log, {
        uploadsCompression: config.uploadsCompression,
        compression: config.compression,
        exclude: config.uploadsExclude
      })
      try {
        const file = await writer.writeFile(archive.name, archive.stream, {
          source: 'uploads',
          compression: archive.choice.compression,
          level: archive.choice.level,
          sizeHint: () => archive.sizeHint(),
          encrypt: sealing
        })
        files.push(file)
        const index = await writer.writeFile(UPLOADS_INDEX_NAME, archive.index(), {
          source: 'uploads',
          compression: 'gzip',
          encrypt: sealing // every path is personal data too
        })
        files.push(index)
        const stats = { ...archive.stats(), index: index.name }
        sources.uploads = stats
        log.info(
          `${file.name}: ${file.bytes} bytes stored (${file.sourceBytes} of tar), ${stats.files} files (${stats.bytes} bytes), ${stats.directories} folders, ${stats.symlinks} symlinks, sha256 ${file.sha256}`
        )
        log.info(`${index.name}: ${index.bytes} bytes, sha256 ${index.sha256}`)
        if (stats.changedCount > 0 || stats.skippedCount > 0) {
          log.warning(
            `uploads: ${stats.changedCount} files changed while being archived, ${stats.skippedCount} entries left out (listed in the manifest)`
          )
        }
      } finally {
        await archive.close()
      }
    })
  }

  const completed = new Date()
  const manifest: Manifest = {
    formatVersion: FORMAT_VERSION,
    id,
    environment: config.environment,
    kind: config.kind,
    createdAt: started.toISOString(),
    completedAt: completed.toISOString(),
    durationSeconds: round((completed.getTime() - started.getTime()) / 1000),
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    ...(config.operator ? { operator: config.operator } : {}),
    ...(config.notes ? { notes: config.notes } : {}),
    files,
    ...(sealing ? { encryption: { format: 'age' as const, ...sealing } } : {}),
    sources
  }
  await log.group('Manifest', async () => {
    await writer.writeManifest(manifest)
    log.info(`snapshot ${id} complete: ${writer.uris(MANIFEST_NAME).join(', ')}`)
  })

  const bytes = files.reduce((sum, f) => sum + f.bytes, 0)
  return {
    outputs: {
      'snapshot-id': id,
      'snapshot-uri': writer.uris()[0],
      bytes,
      'duration-seconds': manifest.durationSeconds
    },
    summary: backupSummary(manifest, writer.uris())
  }
}

/**
 * Before the first byte moves, everything at once: each storage (reachable, the bucket there,
 * writable: the claim of the snapshot folder is itself a write) and each source (connect,
 * authenticate, read). A wrong Redis password must not wait for a multi-hour pg_dump to be found.
 * Every problem is reported, one line each; the claim is given back when any is found.
 */
async function preflight(
  config: Config,
  log: Log,
  started: Date
): Promise<{ writer: SnapshotWriter; postgres?: PostgresProbe }> {
  return log.group('Check sources and storage', async () => {
    const { databaseUrl, redisUrl, uploadsDir } = config
    const giveUp = new AbortController()
    const postgres = databaseUrl
      ? import('../sources/postgres/dump.js').then((m) =>
          m.probePostgres(databaseUrl, giveUp.signal, config.timeouts)
        )
      : undefined
    postgres?.catch(() => undefined) // settled below
    const storage = (async () => {
      const storages = await openStorages(config, log)
      for (const s of storages) await s.check()
      const writer = await SnapshotWriter.claim(storages, config.environment, started, log)
      writer.progressMs = config.progressMs
      for (const uri of writer.uris()) log.info(`ok: ${uri} (claimed for this run)`)
      return writer
    })()
    const redis = redisUrl
      ? import('../sources/redis/backup.js').then((m) =>
          m.probeRedis(redisUrl, { timeouts: config.timeouts })
        )
      : undefined
    const uploads = uploadsDir
      ? import('../sources/uploads/archive.js').then((m) => m.probeUploads(uploadsDir))
      : undefined
    const [claimed, ...others] = await Promise.allSettled([storage, redis, uploads])
    const problems = [claimed, ...others].flatMap((r) =>
      r.status === 'rejected' ? [r.reason] : []
    )
    // A database that does not answer would hold the other problems back for its whole connect
    // timeout: once something else failed, it gets a moment more, then it is given up.
    const grace = problems.length > 0 ? setTimeout(() => giveUp.abort(), PROBE_GRACE_MS) : undefined
    const [pg] = await Promise.allSettled([postgres])
    clearTimeout(grace)
    if (pg.status === 'rejected') {
      if (giveUp.signal.aborted) log.info('PostgreSQL check given up: another check failed first')
      else problems.push(pg.reason)
    }
    // Cancelled meanwhile: that is the outcome, whatever the checks found.
    if (runSignal.aborted) problems.splice(0, problems.length, runSignal.reason)
    if (problems.length > 0) {
      if (claimed.status === 'fulfilled') await claimed.value.release()
      if (problems.length === 1) throw problems[0]
      const lines = problems.map((p) => errorLine(p))
      const error = new UserError(
        `${lines.length} problems, nothing was backed up: ${lines.join('; ')}`
      )
      error.problems = lines
      throw error
    }
    const writer = (claimed as PromiseFulfilledResult<SnapshotWriter>).value
    const probe = (pg as PromiseFulfilledResult<PostgresProbe | undefined>).value
    if (probe) log.info(`ok: PostgreSQL ${probe.server.version} at ${probe.server.endpoint}`)
    const server = (others[0] as PromiseFulfilledResult<RedisServer | undefined>).value
    if (server) log.info(`ok: ${server.engine} ${server.version} at ${server.endpoint}`)
    if (uploadsDir) log.info(`ok: uploads-dir ${uploadsDir} can be read`)
    return { writer, postgres: probe }
  })
}

const PROBE_GRACE_MS = 1_000
