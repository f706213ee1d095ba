import { Readable } from 'node:stream'
import type { ConnectionOptions } from 'node:tls'
import type { Log } from '../log.js'
import type { RedisStats } from '../snapshot/manifest.js'
import { UserError } from '../util/errors.js'
import { redact } from '../util/redact.js'
import { RdbScanner, type RdbDbCounts } from './rdbScanner.js'
import {
  RespConnection,
  RespError,
  defaultTimeouts,
  describeRedis,
  encodeCommand,
  encodeCommands,
  hostPort,
  type Arg,
  type Reply,
  type Timeouts
} from './resp.js'

// Redis as a snapshot source (DESIGN.md; issue 4).
// - RDB mode: ask for a replication snapshot (SYNC, as `redis-cli --rdb` does) and stream the RDB
//   as it comes, checked by RdbScanner (magic, every entry, EOF opcode, CRC-64) and counted per db.
//   Point in time, every db, every type, TTLs kept.
// - Logical mode: for managed Redis that refuses SYNC. SCAN every non-empty db, DUMP + PTTL each
//   key (pipelined), and write `SELECT n` and `RESTORE key ttl payload REPLACE` as RESP, a stream
//   that `redis-cli --pipe` replays. Not point in time: keys are read one batch after another.

export type RedisMode = 'auto' | 'rdb' | 'logical'

export interface RedisServer {
  engine: string
  version: string
  endpoint: string
  /** INFO keyspace when the backup started: db -> keys and keys with an expiry. */
  keyspace: Record<string, RdbDbCounts>
  /** What a drill compares its target with (see drillTarget.ts). */
  identity: NonNullable<RedisStats['identity']>
}

export interface RedisDump {
  mode: 'rdb' | 'logical'
  /** redis.rdb, or redis.resp before the compression suffix. */
  fileName: string
  /** RDB is stored as it is (it compresses its own values); the logical dump is compressed. */
  compressible: boolean
  stream: Readable
  server: RedisServer
  /** Known once the stream has ended. */
  facts(): RedisStats
  close(): void
}

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
  const conn = await RespConnection.connect(url, options.timeouts ?? defaultTimeouts(), options.tls)
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
  const timeouts = options.timeouts ?? defaultTimeouts()
  const conn = await RespConnection.connect(url, timeouts, options.tls)
  let server: RedisServer
  try {
    server = await inspect(conn)
  } catch (error) {
    conn.close()
    throw error
  }
  const total = Object.values(server.keyspace).reduce((sum, db) => sum + db.keys, 0)
  log.info(
    `${server.engine} ${server.version} at ${server.endpoint}: ${total} keys in ${Object.keys(server.keyspace).length} dbs`
  )
  if (mode === 'logical') {
    return logicalDump(conn, server, 'redis-mode is logical', log, options.batch)
  }
  let sync: SyncStart
  try {
    sync = await startSync(conn)
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
        ...sum(f.dbs),
        dbs: f.dbs,
        keyCountsFrom: f.keyCountsFrom === 'keys' ? 'rdb' : 'rdb-resizedb',
        checksum: f.checksum,
        ...(f.note ? { note: f.note } : {})
      }
    },
    close: () => conn.close()
  }
}

function sum(dbs: Record<string, RdbDbCounts>): { keys: number; keysWithTtl: number } {
  const all = Object.values(dbs)
  return {
    keys: all.reduce((n, db) => n + db.keys, 0),
    keysWithTtl: all.reduce((n, db) => n + db.keysWithTtl, 0)
  }
}

/** INFO: engine and version, refuse Redis Cluster, and the keyspace as it is now. */
export async function inspect(conn: RespConnection): Promise<RedisServer> {
  conn.doing = 'reading INFO'
  const where = hostPort(conn.url)
  let text: string
  try {
    text = String(await conn.call('INFO'))
  } catch (error) {
    if (error instanceof RespError) throw explainCommandError(error, conn.url, 'INFO')
    throw error
  }
  const info = parseInfo(text)
  if (info.cluster_enabled === '1') {
    throw new UserError(
      `Redis at ${where} is a Redis Cluster node (cluster_enabled:1): cluster backups are not supported yet; back up each primary on its own, with its own redis-url`
    )
  }
  const valkey = info.server_name === 'valkey' || info.valkey_version !== undefined
  const keyspace: Record<string, RdbDbCounts> = {}
  for (const [key, value] of Object.entries(info)) {
    const db = /^db(\d+)$/.exec(key)
    if (!db) continue
    const fields = Object.fromEntries(value.split(',').map((kv) => kv.split('=')))
    const keys = Number(fields.keys ?? 0)
    if (keys > 0) keyspace[db[1]] = { keys, keysWithTtl: Number(fields.expires ?? 0) }
  }
  return {
    engine: valkey ? 'valkey' : 'redis',
    version: (valkey ? info.valkey_version : undefined) ?? info.redis_version ?? 'unknown',
    endpoint: describeRedis(conn.url),
    keyspace,
    identity: {
      address: hostPort(conn.url),
      ...(info.run_id ? { runId: info.run_id } : {}),
      ...(info.master_replid ? { replId: info.master_replid } : {})
    }
  }
}

export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue
    const colon = line.indexOf(':')
    if (colon > 0) out[line.slice(0, colon)] = line.slice(colon + 1)
  }
  return out
}

export function explainCommandError(error: RespError, url: URL, command: string): UserError {
  const where = hostPort(url)
  if (error.code === 'NOAUTH') {
    return new UserError(
      `Redis at ${where} requires a password: put it in redis-url (redis://user:password@host:port)`
    )
  }
  if (error.code === 'NOPERM') {
    const user = decodeURIComponent(url.username) || 'default'
    return new UserError(
      `Redis user "${user}" at ${where} may not run ${command} (NOPERM): a backup needs +info and +sync (RDB), or +info +select +scan +dump +pttl (logical)`
    )
  }
  return new UserError(`Redis at ${where} refused ${command}: ${redact(error.message)}`)
}

// --- RDB mode ---

type SyncStart =
  | { refused: string }
  | {
      form: 'length' | 'eof'
      length?: number
      stream: Readable
      scanner: RdbScanner
    }

const NL = 0x0a
const EOF_MARKER_LENGTH = 40

/**
 * Send SYNC and wait for the bulk header: `$<length>` (the server wrote the RDB to disk first) or
 * `$EOF:<40 bytes>` (diskless: the RDB ends with the same 40 bytes). The server sends bare
 * newlines as keepalives while it prepares the RDB. Anything that is not a whole RDB makes the
 * returned stream fail.
 */
async function startSync(conn: RespConnection): Promise<SyncStart> {
  const where = hostPort(conn.url)
  conn.doing = 'asking for replication (REPLCONF)'
  // Announce the diskless format and that only the RDB is wanted; old servers may refuse these.
  await conn.send([
    ['REPLCONF', 'capa', 'eof'],
    ['REPLCONF', 'rdb-only', '1']
  ])
  conn.doing = 'waiting for the RDB after SYNC'
  const scanner = new RdbScanner()
  return new Promise<SyncStart>((resolve, reject) => {
    let header: Buffer = Buffer.alloc(0)
    let state: 'header' | 'length' | 'eof' | 'done' = 'header'
    let remaining = 0
    let length = 0
    let marker: Buffer = Buffer.alloc(0)
    let tail: Buffer = Buffer.alloc(0)
    let received = 0
    let paused = false
    const write = (bytes: Buffer) => {
      if (bytes.length === 0) return
      received += bytes.length
      if (!scanner.write(bytes) && !paused) {
        paused = true
        conn.pause()
        scanner.once('drain', () => {
          paused = false
          conn.resume()
        })
      }
    }
    const finish = () => {
      state = 'done'
      conn.close()
      scanner.end()
    }
    const body = (chunk: Buffer) => {
      if (state === 'length') {
        const part = chunk.subarray(0, remaining)
        remaining -= part.length
        write(part)
        if (remaining === 0) finish()
      } else if (state === 'eof') {
        // The last 40 bytes seen may be the marker: hold them back until more comes.
        const all = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk
        const at = all.indexOf(marker)
        if (at !== -1) {
          write(all.subarray(0, at))
          finish()
          return
        }
        const keep = Math.min(all.length, EOF_MARKER_LENGTH - 1)
        write(all.subarray(0, all.length - keep))
        tail = Buffer.from(all.subarray(all.length - keep))
      }
    }
    conn.takeOver(
      {
        data: (chunk) => {
          if (state !== 'header') {
            if (state !== 'done') body(chunk)
            return
          }
          header = header.length > 0 ? Buffer.concat([header, chunk]) : chunk
          for (;;) {
            let start = 0
            while (start < header.length && header[start] === NL) start++ // keepalives
            const end = header.indexOf('\r\n', start)
            if (end === -1) {
              header = header.subarray(start)
              if (header.length > 1024) {
                state = 'done'
                conn.close()
                reject(new UserError(`Redis at ${where} answered SYNC with something unexpected`))
              }
              return
            }
            const line = header.toString('utf8', start, end)
            header = header.subarray(end + 2)
            if (line.startsWith('+')) continue // +FULLRESYNC <replid> <offset> (PSYNC)
            if (line.startsWith('-')) {
              state = 'done'
              resolve({ refused: line.slice(1) })
              return
            }
            if (line.startsWith('$EOF:') && line.length === 5 + EOF_MARKER_LENGTH) {
              state = 'eof'
              marker = Buffer.from(line.slice(5), 'latin1')
            } else if (/^\$\d+$/.test(line)) {
              state = 'length'
              length = remaining = Number(line.slice(1))
            } else {
              state = 'done'
              conn.close()
              reject(
                new UserError(
                  `Redis at ${where} answered SYNC with "${redact(line.slice(0, 80))}" instead of an RDB`
                )
              )
              return
            }
            conn.doing = 'receiving the RDB'
            resolve({
              form: state,
              length: state === 'length' ? length : undefined,
              stream: scanner,
              scanner
            })
            const rest = header
            header = Buffer.alloc(0)
            if (state === 'length' && remaining === 0) finish()
            else if (rest.length > 0) body(rest)
            return
          }
        },
        end: (error) => {
          if (state === 'header') {
            reject(error)
          } else if (state !== 'done') {
            state = 'done'
            const of = length ? ` of ${length}` : ''
            scanner.destroy(
              new UserError(
                `${error.message}, after ${received}${of} bytes: the Redis snapshot is incomplete`
              )
            )
          }
        }
      },
      Buffer.from('SYNC\r\n')
    )
    // The consumer gave up (an upload failed): stop the transfer.
    scanner.on('close', () => {
      if (state !== 'done') {
        state = 'done'
        conn.close()
      }
    })
  })
}

// --- logical mode ---

function logicalDump(
  conn: RespConnection,
  server: RedisServer,
  reason: string,
  log: Log,
  batch = 1000
): RedisDump {
  log.info(
    `logical mode (${reason}): SCAN + DUMP + PTTL per key, written as RESTORE commands; not point in time`
  )
  const dbs: Record<string, RdbDbCounts> = {}
  let skipped = 0
  const count = String(batch)

  async function* generate(): AsyncGenerator<Buffer> {
    const numbers = Object.keys(server.keyspace)
      .map(Number)
      .sort((a, b) => a - b)
    for (const db of numbers) {
      conn.doing = `selecting db ${db}`
      await command(() => conn.call('SELECT', String(db)), 'SELECT')
      yield encodeCommand(['SELECT', String(db)])
      const counts: RdbDbCounts = { keys: 0, keysWithTtl: 0 }
      dbs[String(db)] = counts
      // SCAN may return a key twice while the table is rehashed; RESTORE ... REPLACE makes a
      // repeat harmless, and remembering every key would cost memory in proportion to the db.
      // The next SCAN goes in the same pipeline as this batch's PTTL + DUMP: one round trip each.
      conn.doing = `scanning db ${db}`
      let scan = scanReply(await command(() => conn.call('SCAN', '0', 'COUNT', count), 'SCAN'))
      for (;;) {
        const { cursor, keys } = scan
        const commands: Arg[][] = []
        for (const key of keys) commands.push(['PTTL', key], ['DUMP', key])
        if (cursor !== '0') commands.push(['SCAN', cursor, 'COUNT', count])
        conn.doing = `dumping keys of db ${db}`
        const replies = await conn.send(commands)
        const out: Arg[][] = []
        keys.forEach((key, i) => {
          const pttl = replies[2 * i]
          const payload = replies[2 * i + 1]
          if (pttl instanceof RespError) throw explainCommandError(pttl, conn.url, 'PTTL')
          if (payload instanceof RespError) throw explainCommandError(payload, conn.url, 'DUMP')
          if (pttl === -2 || payload === null || !Buffer.isBuffer(payload)) {
            skipped++ // gone (deleted or expired) since SCAN saw it
            return
          }
          // RESTORE takes a relative TTL in ms; 0 means none, so a key about to expire gets 1.
          const ttl = typeof pttl === 'number' && pttl >= 0 ? Math.max(1, pttl) : 0
          out.push(['RESTORE', key, String(ttl), payload, 'REPLACE'])
          counts.keys++
          if (ttl > 0) counts.keysWithTtl++
        })
        if (out.length > 0) yield encodeCommands(out)
        if (cursor === '0') break
        const next = replies[replies.length - 1]
        if (next instanceof RespError) throw explainCommandError(next, conn.url, 'SCAN')
        scan = scanReply(next)
      }
      if (counts.keys === 0) delete dbs[String(db)]
    }
    conn.close()
    if (skipped > 0)
      log.info(`${skipped} keys vanished or expired during the scan and were skipped`)
  }

  function scanReply(reply: Reply): { cursor: string; keys: Buffer[] } {
    const [cursor, keys] = reply as [Buffer, Buffer[]]
    return { cursor: cursor.toString('latin1'), keys }
  }

  async function command(run: () => Promise<Reply>, name: string): Promise<Reply> {
    try {
      return await run()
    } catch (error) {
      if (error instanceof RespError) throw explainCommandError(error, conn.url, name)
      throw error
    }
  }

  const stream = Readable.from(generate(), { objectMode: false, highWaterMark: 1 << 20 })
  stream.on('close', () => conn.close())
  return {
    mode: 'logical',
    fileName: 'redis.resp',
    compressible: true,
    stream,
    server,
    facts: () => ({
      mode: 'logical',
      engine: server.engine,
      version: server.version,
      endpoint: server.endpoint,
      identity: server.identity,
      pointInTime: false,
      reason,
      ...sum(dbs),
      dbs,
      keyCountsFrom: 'scan',
      skippedKeys: skipped
    }),
    close: () => conn.close()
  }
}
