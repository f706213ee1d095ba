import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { compressionSuffix } from '../snapshot/compression.js'
import { snapshotIdFor } from '../snapshot/id.js'
import { FORMAT_VERSION, type FileEntry, type Manifest } from '../snapshot/manifest.js'
import { SnapshotWriter, round } from '../snapshot/writer.js'
import { openStorages } from '../storage/open.js'
import type { Storage } from '../storage/storage.js'
import { UserError } from '../util/errors.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import type { CommandResult } from './result.js'
import { backupSummary } from '../notify/summary.js'

/**
 * backup: check every target, stream each source into the snapshot, then write manifest.json
 * last. Any failure before the manifest leaves an incomplete snapshot that nothing trusts.
 */
export async function backup(config: Config, log: Log, now = new Date()): Promise<CommandResult> {
  const started = now
  // The PostgreSQL probe (connect, pick pg_dump) needs nothing from storage, so it runs while
  // the storage is loaded and checked; pg_dump itself starts only once every target is checked.
  const databaseUrl = config.databaseUrl
  const probing = new AbortController()
  const postgres = databaseUrl
    ? import('../sources/postgres.js').then((m) => m.probePostgres(databaseUrl, probing.signal))
    : undefined
  postgres?.catch(() => undefined) // awaited in its group; a storage failure is reported first
  const id = snapshotIdFor(started)
  const writer = await checkedWriter(config, log, id).catch((error: unknown) => {
    probing.abort() // a connection still being tried would keep the process alive
    throw error
  })

  const files: FileEntry[] = []
  const sources: Manifest['sources'] = {}

  if (postgres) {
    await log.group('PostgreSQL', async () => {
      // Each source's code (and its client library) is loaded only when the source is backed up.
      const { openPostgresDump } = await import('../sources/postgres.js')
      // gzip is pg_dump's own (see DumpOptions); zstd and none get plain SQL to compress here.
      const dump = await openPostgresDump(
        await postgres,
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
            precompressed: dump.compressed ? { sourceBytes: () => dump.sqlBytes() } : undefined
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
      const { openRedisDump } = await import('../sources/redis.js')
      const dump = await openRedisDump(url, config.redisMode, log)
      try {
        const compression = dump.compressible ? config.compression : 'none'
        const file = await writer.writeFile(
          `${dump.fileName}${compressionSuffix(compression)}`,
          dump.stream,
          { source: 'redis', compression }
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
      const { UPLOADS_INDEX_NAME, openUploadsArchive } = await import('../sources/uploads.js')
      const archive = await openUploadsArchive(dir, log, {
        uploadsCompression: config.uploadsCompression,
        compression: config.compression
      })
      try {
        const file = await writer.writeFile(archive.name, archive.stream, {
          source: 'uploads',
          compression: archive.choice.compression,
          level: archive.choice.level,
          sizeHint: () => archive.sizeHint()
        })
        files.push(file)
        const index = await writer.writeFile(UPLOADS_INDEX_NAME, archive.index(), {
          source: 'uploads',
          compression: 'gzip'
        })
        files.push(index)
        const stats = archive.stats()
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
    sources
  }
  await log.group('Manifest', async () => {
    await writer.writeManifest(manifest)
    log.info(`snapshot ${id} complete: ${writer.uris('manifest.json').join(', ')}`)
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

/** Open and check every storage (reachable, writable, no snapshot of this id yet). */
async function checkedWriter(config: Config, log: Log, id: string): Promise<SnapshotWriter> {
  const storages = await openStorages(config, log)
  const writer = new SnapshotWriter(storages, config.environment, id, log)
  await log.group('Check storage', async () => {
    for (const storage of storages) {
      await storage.check()
      await refuseExisting(storage, writer.keyOf(''))
      log.info(`ok: ${storage.uriOf(writer.keyOf(''))}`)
    }
  })
  return writer
}

/** Two runs in the same second would share an id: refuse rather than mix their files. */
async function refuseExisting(storage: Storage, prefix: string): Promise<void> {
  for await (const object of storage.list(prefix)) {
    throw new UserError(
      `snapshot folder ${storage.uriOf(prefix)} already holds ${object.key}: another backup started in the same second`
    )
  }
}
