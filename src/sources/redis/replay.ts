import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createDecompressor } from '../../snapshot/compression.js'
import type { FileEntry } from '../../snapshot/manifest.js'
import { UserError } from '../../util/errors.js'
import { dumpPayload, functionPayload } from './payload.js'
import type { RdbDamage, RdbEntry } from './rdb/facts.js'
import { RdbScanner } from './rdb/scanner.js'
import { describeRdbDamage } from './rdbDamage.js'
import { CommandReader, RespSyntaxError } from './resp.js'
import type { Sender } from './sender.js'

// A snapshot file read back as commands for the Sender: redis.rdb key by key (RdbScanner hands
// over each key's raw bytes), or the logical dump's SELECT and RESTORE commands as they are.

/** The restore's words for a redis.rdb that is not whole. */
export function restoreRdbError(damage: RdbDamage): UserError {
  return new UserError(`redis.rdb is not whole: ${describeRdbDamage(damage)}`)
}

/**
 * `trailingBytes`: what the manifest records after the RDB's end (an adopted file): exactly
 * that many are accepted; absent, none.
 */
export async function replayRdb(
  input: Readable,
  sender: Sender,
  trailingBytes?: number
): Promise<void> {
  const entries: RdbEntry[] = []
  const functions: Buffer[] = []
  const scanner = new RdbScanner({
    explain: restoreRdbError,
    trailing: trailingBytes,
    onEntry: (entry) => entries.push(entry),
    onFunction: (raw) => functions.push(raw)
  })
  let version = 0
  const send = async () => {
    const now = Date.now()
    for (const entry of entries.splice(0)) {
      if (entry.expireAtMs !== undefined && entry.expireAtMs <= now) {
        sender.skipExpired(entry.db)
        continue
      }
      sender.select(entry.db)
      const payload = dumpPayload(entry.type, entry.value, version)
      const ttl = String(entry.expireAtMs ?? 0)
      sender.restore(['RESTORE', entry.key, ttl, payload, 'REPLACE', 'ABSTTL'])
      if (sender.full) await sender.flush()
    }
  }
  await pipeline(input, scanner, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      void chunk // the bytes themselves are not needed here: the entries are
      const gaveUp = scanner.gaveUp
      if (gaveUp) {
        throw new UserError(
          `redis.rdb holds data this tool cannot restore key by key (${gaveUp}); load the file into a redis-server by hand (docs/redis.md)`
        )
      }
      // Every key of this chunk was parsed before the chunk came out of the scanner.
      if (entries.length > 0) {
        version ||= scanner.facts().rdbVersion
        await send()
      }
    }
  })
  // The scanner has checked the RDB's own end (EOF opcode, CRC-64) by now.
  await send()
  await sender.drain()
  if (functions.length > 0) {
    const payload = functionPayload(functions, version || scanner.facts().rdbVersion)
    sender.other(['FUNCTION', 'RESTORE', payload, 'REPLACE'], payload)
    await sender.drain()
    sender.functions = functions.length
  }
}

export async function replayLogical(
  input: Readable,
  file: FileEntry,
  sender: Sender
): Promise<void> {
  const reader = new CommandReader()
  const commands = (chunk: Buffer): Buffer[][] => {
    try {
      return reader.push(chunk)
    } catch (error) {
      if (!(error instanceof RespSyntaxError)) throw error
      throw new UserError(
        `${file.name} is not a stream of RESP commands at byte ${error.at} (corrupt)`
      )
    }
  }
  await pipeline(
    input,
    createDecompressor(file.compression),
    async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        for (const args of commands(chunk)) {
          const name = args[0].toString('latin1').toUpperCase()
          if (name === 'SELECT' && args.length === 2) {
            const db = Number(args[1].toString('latin1'))
            if (!Number.isInteger(db) || db < 0) {
              throw new UserError(`${file.name} selects db ${JSON.stringify(String(args[1]))}`)
            }
            sender.select(db)
          } else if (name === 'RESTORE' && args.length >= 4) {
            sender.restore(args)
          } else if (
            name === 'FUNCTION' &&
            args.length >= 3 &&
            args[1].toString('latin1').toUpperCase() === 'RESTORE'
          ) {
            sender.other(args, args[2])
            sender.functions++
          } else {
            throw new UserError(
              `${file.name} holds a ${JSON.stringify(name.slice(0, 40))} command at byte ${reader.offset}: a logical Redis dump holds only SELECT, RESTORE and FUNCTION RESTORE; refused`
            )
          }
          if (sender.full) await sender.flush()
        }
      }
      if (!reader.idle) {
        throw new UserError(`${file.name} ends in the middle of a command (truncated)`)
      }
      await sender.drain()
    }
  )
}
