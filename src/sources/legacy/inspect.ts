import { createHash } from 'node:crypto'
import { Transform, Writable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import { PgDumpScanner } from '../postgres/dumpScanner.js'
import { RdbScanner } from '../redis/rdb/scanner.js'
import { describeRdbDamage } from '../redis/rdbDamage.js'
import type { FileEntry, PostgresStats, RedisStats, UploadsStats } from '../../snapshot/manifest.js'
import type { Storage } from '../../storage/storage.js'
import type { Source } from '../../vocabulary.js'
import { UserError, errorLine } from '../../util/errors.js'
import type { UploadsIndex } from '../uploads/indexFormat.js'
import { legacyUploadsReader } from './uploadsIndex.js'

// Reading one file of the old script's backups once (issue 15: adopt, and restore of a legacy
// folder): its SHA-256 and size as stored, its integrity (gzip inflates to the end; an RDB is
// whole to its EOF and checksum; a tar is whole and parses) and the facts a manifest records
// (COPY rows per table, the dump's versions and roles; the RDB's keys per db; the uploads
// archive's per-file index and counts). Nothing is staged: one pass, streamed.

export interface InspectedFile {
  file: FileEntry
  postgres?: PostgresStats
  redis?: RedisStats
  uploads?: UploadsStats
  /** uploads: the index built from the archive (see uploadsIndex.ts). */
  uploadsIndex?: { text: string; index: UploadsIndex }
  /** What the file's reader warns of (an RDB with bytes after its end), for the log and manifest. */
  warning?: string
}

/** What reading a legacy file found, besides its bytes and SHA-256. */
export interface LegacyFacts {
  postgres?: PostgresStats
  redis?: RedisStats
  uploads?: UploadsStats
  /** uploads: the index built from the archive, as the tool writes it (JSON) and parsed. */
  uploadsIndex?: { text: string; index: UploadsIndex }
  /** Bytes before compression (the SQL's, for a gzip'd dump; the tar's, for uploads). */
  sourceBytes?: number
  /** One line naming the file, for the log and the manifest's warnings. */
  warning?: string
}

/**
 * A checker for one legacy file's stored bytes: write them to `input` as they pass (adopt copies
 * them to the new snapshot at the same time: one read); `facts()` settles once they have ended,
 * or fails naming what is wrong (a gzip that does not inflate, an RDB that is not whole).
 */
export interface LegacyInspector {
  input: Writable
  facts(): Promise<LegacyFacts>
}

export function legacyInspector(where: string, name: string, source: Source): LegacyInspector {
  const sink = () => new Writable({ write: (_c, _e, done) => done() })
  if (source === 'postgres') {
    const header = new HeaderLines(8192)
    const scanner = new PgDumpScanner()
    const gunzip = zlib.createGunzip({ chunkSize: 1 << 20 })
    let sqlBytes = 0
    gunzip.on('data', (c: Buffer) => (sqlBytes += c.length))
    const done = pipeline(gunzip, header, scanner, sink()).catch((error: unknown) => {
      throw new UserError(`${where} is not a whole gzip-compressed dump: ${errorLine(error)}`)
    })
    return {
      input: gunzip,
      facts: async () => {
        await done
        const version = (what: string) =>
          new RegExp(`^-- Dumped ${what} version (\\d+(?:\\.\\d+)?)`, 'm').exec(header.text)?.[1]
        const pgDumpVersion = version('by pg_dump')
        if (!pgDumpVersion) {
          throw new UserError(
            `${where} is not a plain pg_dump file: no "-- Dumped by pg_dump version" line`
          )
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
        }
      }
    }
  }
  if (source === 'redis') {
    // An imported file may carry bytes after its end (a copy tool's padding): counted, kept.
    const scanner = new RdbScanner({
      trailing: 'report',
      explain: (damage) => new Error(describeRdbDamage(damage))
    })
    const done = pipeline(scanner, sink()).catch((error: unknown) => {
      throw new UserError(`${where} is not a whole RDB file: ${errorLine(error)}`)
    })
    return {
      input: scanner,
      facts: async () => {
        await done
        const f = scanner.facts()
        const counts = Object.values(f.dbs)
        const extra = f.trailingBytes
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
        }
      }
    }
  }
  const uploads = legacyUploadsReader(where, name)
  return {
    input: uploads.input,
    facts: async () => {
      const { text, index, stats, tarBytes } = await uploads.result
      return { sourceBytes: tarBytes, uploads: stats, uploadsIndex: { text, index } }
    }
  }
}

/** How a legacy file is stored in the snapshot the tool writes: as it is. */
export function legacyCompression(source: Source): FileEntry['compression'] {
  return source === 'redis' ? 'none' : 'gzip'
}

/**
 * A stream of the same bytes that also feeds `inspector` (backpressure from both). Once the
 * inspector has failed it is fed no more: its facts() carry the failure.
 */
export function feeding(inspector: LegacyInspector): Transform {
  let failed = false
  inspector.input.on('error', () => (failed = true))
  return new Transform({
    transform(chunk: Buffer, _e, done: TransformCallback) {
      if (failed || inspector.input.write(chunk)) return done(null, chunk)
      const go = () => {
        inspector.input.off('drain', go)
        inspector.input.off('error', go)
        done(null, chunk)
      }
      inspector.input.on('drain', go)
      inspector.input.on('error', go)
    },
    flush(done: TransformCallback) {
      if (!failed) inspector.input.end()
      done()
    }
  })
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
  const started = Date.now()
  const inspector = legacyInspector(storage.uriOf(key), name, source)
  const tap = new Transform({
    transform(chunk: Buffer, _e, done: TransformCallback) {
      hash.update(chunk)
      bytes += chunk.length
      done(null, chunk)
    }
  })
  const read = pipeline(
    await storage.get(key),
    tap,
    feeding(inspector),
    new Writable({ write: (_c, _e, d) => d() })
  )
  const [facts] = await Promise.all([inspector.facts(), read])
  return {
    file: entry(
      name,
      bytes,
      hash,
      source,
      legacyCompression(source),
      facts.sourceBytes ?? bytes,
      started
    ),
    postgres: facts.postgres,
    redis: facts.redis,
    uploads: facts.uploads,
    uploadsIndex: facts.uploadsIndex,
    ...(facts.warning ? { warning: facts.warning } : {})
  }
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
