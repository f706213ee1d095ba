import type { ConnectionOptions } from 'node:tls'
import type { Log } from '../../log.js'
import { UserError } from '../../util/errors.js'
import { redact } from '../../util/redact.js'
import { RespConnection, hostPort, type Timeouts } from './connection.js'
import { DEFAULT_TIMEOUTS } from '../../util/timeouts.js'
import { inspect, sumCounts, type RedisServer } from './info.js'
import { logicalDump } from './logical.js'
import { syncAnnounce } from './rdbFormat.js'
import { startSync, type SyncStart } from './sync.js'
import type { RedisDump } from './dump.js'

export type { RedisDump } from './dump.js'
export type { RedisServer } from './info.js'

// Redis as a snapshot source (DESIGN.md; issue 4).
// - RDB mode: ask for a replication snapshot (SYNC, as `redis-cli --rdb` does) and stream the RDB
//   as it comes, checked by RdbScanner (magic, every entry, EOF opcode, CRC-64) and counted per db.
//   Point in time, every db, every type, TTLs kept.
// - Logical mode: for managed Redis that refuses SYNC. SCAN every non-empty db, DUMP + PTTL each
//   key (pipelined), and write `SELECT n` and `RESTORE key ttl payload REPLACE` as RESP, a stream
//   that `redis-cli --pipe` replays. Not point in time: keys are read one batch after another.

export type RedisMode = 'auto' | 'rdb' | 'logical'

export interface RedisDumpOptions {
  timeouts?: Timeouts
  /** Keys per SCAN step, and so per DUMP/PTTL pipeline. */
  batch?: number
  /** Extra TLS options for rediss:// (tests: a private CA); users set NODE_EXTRA_CA_CERTS. */
  tls?: ConnectionOptions
}

/**
 * Before any data moves: reach the server, authenticate and read INFO (a Cluster node is refused
 * here), then hang up: the dump connects again when its turn comes, maybe hours later.
 */
export async function probeRedis(url: URL, options: RedisDumpOptions = {}): Promise<RedisServer> {
  const conn = await RespConnection.connect(url, options.timeouts ?? DEFAULT_TIMEOUTS, options.tls)
  try {
    return await inspect(conn)
  } finally {
    conn.close()
  }
}

export async function openRedisDump(
  url: URL,
  mode: RedisMode,
  log: Log,
  options: RedisDumpOptions = {}
): Promise<RedisDump> {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS
  const conn = await RespConnection.connect(url, timeouts, options.tls)
  let server: RedisServer
  try {
    server = await inspect(conn)
  } catch (error) {
    conn.close()
    throw error
  }
  const total = sumCounts(server.keyspace).keys
  log.info(
    `${server.engine} ${server.version} at ${server.endpoint}: ${total} keys in ${Object.keys(server.keyspace).length} dbs`
  )
  if (mode === 'logical') {
    return logicalDump(conn, server, 'redis-mode is logical', log, options.batch)
  }
  let sync: SyncStart
  try {
    sync = await startSync(conn, syncAnnounce(server))
  } catch (error) {
    conn.close()
    throw error
  }
  if ('refused' in sync) {
    conn.close()
    const why = `the server refused SYNC (${redact(sync.refused)})`
    if (mode === 'rdb') {
      throw new UserError(
        `Redis at ${hostPort(url)}: ${why}, so redis-mode rdb cannot work here; use redis-mode auto or logical (managed services such as ElastiCache, Redis Cloud or Upstash do not allow SYNC)`
      )
    }
    log.warning(
      `Redis at ${hostPort(url)}: ${why}; falling back to a logical dump (SCAN + DUMP), which is NOT point in time: keys written during the backup may be caught before or after the change`
    )
    const again = await RespConnection.connect(url, timeouts, options.tls)
    return logicalDump(again, server, why, log, options.batch)
  }
  log.info(
    `RDB mode: replication snapshot via SYNC (${sync.form === 'eof' ? 'diskless, streamed as the server writes it' : `${sync.length} bytes`})`
  )
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
      const scanner = sync.scanner
      if (sync.length !== undefined) {
        return { unit: 'bytes', done: scanner.facts().bytes, total: sync.length, exact: true }
      }
      if (total > 0 && scanner.gaveUp === undefined) {
        return { unit: 'keys', done: scanner.keys, total }
      }
      return { unit: 'bytes', done: scanner.facts().bytes }
    },
    facts: () => {
      const f = sync.scanner.facts()
      return {
        mode: 'rdb',
        engine: server.engine,
        version: server.version,
        endpoint: server.endpoint,
        identity: server.identity,
        pointInTime: true,
        reason: mode === 'rdb' ? 'redis-mode is rdb' : 'the server allows SYNC',
        rdbVersion: f.rdbVersion,
        ...sumCounts(f.dbs),
        dbs: f.dbs,
        keyCountsFrom: f.keyCountsFrom === 'keys' ? 'rdb' : 'rdb-resizedb',
        checksum: f.checksum,
        ...(f.note ? { note: f.note } : {})
      }
    },
    close: () => conn.close()
  }
}
