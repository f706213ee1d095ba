import { createHash } from 'node:crypto'
import { Transform, Writable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import { PgDumpScanner } from '../postgres/dumpScanner.js'
import { RdbScanner } from '../redis/rdb/scanner.js'
import type { FileEntry, PostgresStats, RedisStats } from '../../snapshot/manifest.js'
import type { Storage } from '../../storage/storage.js'
import type { Source } from '../../vocabulary.js'
import { UserError, errorLine } from '../../util/errors.js'

// Reading one file of the old script's backups once (issue 15: adopt, and restore of a legacy
// folder): its SHA-256 and size as stored, its integrity (gzip inflates to the end; an RDB is
// whole to its EOF and checksum) and the facts a manifest records (COPY rows per table, the
// dump's versions and roles; the RDB's keys per db). Nothing is staged: one pass, streamed.

export interface InspectedFile {
  file: FileEntry
  postgres?: PostgresStats
  redis?: RedisStats
}

/** Read `key` (a legacy folder's `name`, holding `source`) once and describe it. */
export async function inspectLegacyFile(
  storage: Storage,
  key: string,
  name: string,
  source: Source
): Promise<InspectedFile> {
  const hash = createHash('sha256')
  let bytes = 0
  const tap = new Transform({
    transform(chunk: Buffer, _e, done: TransformCallback) {
      hash.update(chunk)
      bytes += chunk.length
      done(null, chunk)
    }
  })
  const sink = () =>
    new Writable({
      write: (_c, _e, done) => done()
    })
  const where = storage.uriOf(key)
  const started = Date.now()
  if (source === 'postgres') {
    const header = new HeaderLines(8192)
    const scanner = new PgDumpScanner()
    const gunzip = zlib.createGunzip({ chunkSize: 1 << 20 })
    let sqlBytes = 0
    gunzip.on('data', (c: Buffer) => (sqlBytes += c.length))
    try {
      await pipeline(await storage.get(key), tap, gunzip, header, scanner, sink())
    } catch (error) {
      throw new UserError(`${where} is not a whole gzip-compressed dump: ${errorLine(error)}`)
    }
    const facts = scanner.facts()
    const version = (what: string) =>
      new RegExp(`^-- Dumped ${what} version (\\d+(?:\\.\\d+)?)`, 'm').exec(header.text)?.[1]
    const serverVersion = version('from database')
    const pgDumpVersion = version('by pg_dump')
    if (!pgDumpVersion) {
      throw new UserError(
        `${where} is not a plain pg_dump file: no "-- Dumped by pg_dump version" line`
      )
    }
    return {
      file: entry(name, bytes, hash, source, 'gzip', sqlBytes, started),
      postgres: {
        serverVersion: serverVersion ?? pgDumpVersion,
        pgDumpVersion,
        database: 'unknown (old script)',
        format: 'plain',
        ...facts
      }
    }
  }
  if (source === 'redis') {
    const scanner = new RdbScanner()
    try {
      await pipeline(await storage.get(key), tap, scanner, sink())
    } catch (error) {
      throw new UserError(`${where} is not a whole RDB file: ${errorLine(error)}`)
    }
    const f = scanner.facts()
    const counts = Object.values(f.dbs)
    const engine = f.aux['valkey-ver'] ? 'valkey' : 'redis'
    return {
      file: entry(name, bytes, hash, source, 'none', bytes, started),
      redis: {
        mode: 'rdb',
        engine,
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
        ...(f.note ? { note: f.note } : {})
      }
    }
  }
  throw new UserError(
    `${where}: an old-script uploads archive has no per-file index: restore it by hand (tar -xzf ${name} -C <parent of uploads>); adopt and restore take its PostgreSQL and Redis files only`
  )
}

function entry(
  name: string,
  bytes: number,
  hash: ReturnType<typeof createHash>,
  source: Source,
  compression: FileEntry['compression'],
  sourceBytes: number,
  started: number
): FileEntry {
  return {
    name,
    bytes,
    sha256: hash.digest('hex'),
    source,
    compression,
    sourceBytes,
    durationSeconds: Math.round((Date.now() - started) / 100) / 10
  }
}

/** Passes bytes through, keeping the first `max` as text (a dump's header comments). */
class HeaderLines extends Transform {
  text = ''
  constructor(private readonly max: number) {
    super()
  }
  _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback): void {
    if (this.text.length < this.max) this.text += chunk.subarray(0, this.max).toString('utf8')
    done(null, chunk)
  }
}
