import type { Readable } from 'node:stream'
import { UserError } from '../../util/errors.js'
import { redact } from '../../util/redact.js'
import { hostPort, type RespConnection } from './connection.js'
import type { RdbDamage } from './rdb/facts.js'
import { RdbScanner } from './rdb/scanner.js'
import { describeRdbDamage } from './rdbDamage.js'

// RDB mode: ask for a replication snapshot (SYNC, as `redis-cli --rdb` does) and stream the RDB
// as it comes, checked by RdbScanner (magic, every entry, EOF opcode, CRC-64) and counted per db.

export type SyncStart =
  | { refused: string }
  | {
      form: 'length' | 'eof'
      length?: number
      stream: Readable
      scanner: RdbScanner
    }

const NL = 0x0a
const EOF_MARKER_LENGTH = 40

/** The backup's words for an RDB from the server that is not whole. */
export function backupRdbError(damage: RdbDamage): UserError {
  return new UserError(
    `the RDB from Redis is not whole: ${describeRdbDamage(damage)}; no snapshot was made`
  )
}

/**
 * Send SYNC and wait for the bulk header: `$<length>` (the server wrote the RDB to disk first) or
 * `$EOF:<40 bytes>` (diskless: the RDB ends with the same 40 bytes). The server sends bare
 * newlines as keepalives while it prepares the RDB. Anything that is not a whole RDB makes the
 * returned stream fail.
 */
export async function startSync(conn: RespConnection, announce?: string): Promise<SyncStart> {
  const where = hostPort(conn.url)
  conn.doing = 'asking for replication (REPLCONF)'
  // Announce the diskless format and that only the RDB is wanted; old servers may refuse these.
  // `announce`: the version this replica names, so Valkey 9 sends its own format (rdbFormat.ts).
  await conn.send([
    ['REPLCONF', 'capa', 'eof'],
    ['REPLCONF', 'rdb-only', '1'],
    ...(announce ? [['REPLCONF', 'version', announce]] : [])
  ])
  conn.doing = 'waiting for the RDB after SYNC'
  const scanner = new RdbScanner({ explain: backupRdbError })
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
