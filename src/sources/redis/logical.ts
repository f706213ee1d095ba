import { Readable } from 'node:stream'
import type { Log } from '../../log.js'
import type { RdbDbCounts } from './rdb/facts.js'
import type { RespConnection } from './connection.js'
import { explainCommandError, sumCounts, type RedisServer } from './info.js'
import type { RedisDump } from './dump.js'
import { RespError, encodeCommand, encodeCommands, type Arg, type Reply } from './resp.js'

// Logical mode, for managed Redis that refuses SYNC: SCAN every non-empty db, DUMP + PTTL each
// key (pipelined), and write `SELECT n` and `RESTORE key ttl payload REPLACE` as RESP, a stream
// that `redis-cli --pipe` replays. Not point in time: keys are read one batch after another.

export function logicalDump(
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
  /** Keys SCAN gave that were dumped or found gone: the progress line's count. */
  let seen = 0
  const total = sumCounts(server.keyspace).keys
  let functions: string[] | undefined
  const count = String(batch)

  async function* generate(): AsyncGenerator<Buffer> {
    // Function libraries (Redis 7+) are not keys: FUNCTION DUMP gives them all in one payload,
    // replayed first as FUNCTION RESTORE. A server without FUNCTION has none to lose.
    conn.doing = 'dumping function libraries'
    const listed = await conn.call('FUNCTION', 'LIST').catch(() => undefined)
    if (Array.isArray(listed)) {
      functions = listed.map(libraryName).sort()
      if (functions.length > 0) {
        const payload = await command(() => conn.call('FUNCTION', 'DUMP'), 'FUNCTION DUMP')
        if (Buffer.isBuffer(payload))
          yield encodeCommand(['FUNCTION', 'RESTORE', payload, 'REPLACE'])
        log.info(`${functions.length} function libraries: ${functions.join(', ')}`)
      }
    }
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
        seen += keys.length
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

  /** A FUNCTION LIST entry's library_name (RESP2 gives each library as a flat key-value list). */
  function libraryName(entry: Reply): string {
    const fields = Array.isArray(entry) ? entry : []
    const at = fields.findIndex(
      (f) => Buffer.isBuffer(f) && f.toString('latin1') === 'library_name'
    )
    const name = fields[at + 1]
    return Buffer.isBuffer(name) ? name.toString('utf8') : String(name)
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
    progress: () => ({ unit: 'keys', done: seen, total }),
    facts: () => ({
      mode: 'logical',
      engine: server.engine,
      version: server.version,
      endpoint: server.endpoint,
      identity: server.identity,
      pointInTime: false,
      reason,
      ...sumCounts(dbs),
      dbs,
      keyCountsFrom: 'scan',
      skippedKeys: skipped,
      ...(functions ? { functions } : {})
    }),
    close: () => conn.close()
  }
}
