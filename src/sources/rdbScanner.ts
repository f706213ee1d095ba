import { Transform, type TransformCallback } from 'node:stream'
import { UserError } from '../util/errors.js'
import { Crc64 } from './crc64.js'

// Reads an RDB file as it streams past, unchanged, and proves it whole: the REDIS magic and
// version, every opcode and value skipped in order up to the EOF opcode (0xFF), then the CRC-64
// that follows it (0 means the server runs with rdbchecksum off). On the way it counts the keys
// and the keys carrying an expiry in each db, so the counts describe exactly this snapshot, and
// keeps the RESIZEDB hints the server wrote for each db as a cross-check.
//
// Values are skipped, never decoded or buffered whole: a 500 MB string costs no memory. A type
// this parser does not know (a newer Redis, a module) stops the parse, not the backup: the stream
// is then checked by its end (EOF opcode, CRC-64) and the counts come from RESIZEDB.

const MAX_AUX_STRING = 4096

/**
 * One key as the RDB holds it, for a restore (src/sources/redisRestore.ts): the value's type byte
 * and its bytes exactly as serialized, so type byte + value + RDB version + CRC-64 is the payload
 * that `DUMP` would give and `RESTORE` takes.
 */
export interface RdbEntry {
  db: number
  type: number
  key: Buffer
  value: Buffer
  /** Absolute expiry in ms since the epoch, when the key has one. */
  expireAtMs?: number
}

export interface RdbScannerOptions {
  /** Called for every key, in file order, with its raw value (memory: the largest value). */
  onEntry?: (entry: RdbEntry) => void
  /** Called for every function library (the FUNCTION2 opcode's string, raw). */
  onFunction?: (raw: Buffer) => void
  /** Which job reads the RDB, for the wording of errors. */
  purpose?: 'backup' | 'restore'
}

export interface RdbDbCounts {
  keys: number
  keysWithTtl: number
}

export interface RdbFacts {
  rdbVersion: number
  /** AUX fields: redis-ver, redis-bits, ctime, used-mem, ... */
  aux: Record<string, string>
  dbs: Record<string, RdbDbCounts>
  /** 'keys': counted key by key; 'resizedb': the server's per-db hints (parse stopped early). */
  keyCountsFrom: 'keys' | 'resizedb'
  checksum: 'verified' | 'disabled'
  bytes: number
  /** Why the key-by-key parse stopped early, when it did. */
  note?: string
}

/** Thrown for anything the parser cannot follow; the stream is then checked by its end. */
class GiveUp extends Error {}

function rdbError(message: string, purpose: 'backup' | 'restore' = 'backup'): UserError {
  if (purpose === 'restore') return new UserError(`redis.rdb is not whole: ${message}`)
  return new UserError(`the RDB from Redis is not whole: ${message}; no snapshot was made`)
}

/** Bytes waiting to be parsed. */
class ByteQueue {
  private chunks: Buffer[] = []
  private offset = 0
  length = 0
  consumed = 0
  /** While set, every consumed byte is also recorded here (as views of the chunks). */
  capture?: Buffer[]

  push(chunk: Buffer): void {
    if (chunk.length === 0) return
    this.chunks.push(chunk)
    this.length += chunk.length
  }

  private advance(k: number): void {
    if (this.capture && k > 0) {
      const c = this.chunks[0]
      const last = this.capture[this.capture.length - 1]
      // Extend the last view when it ends right here in the same chunk (most bytes do).
      if (
        last !== undefined &&
        last.buffer === c.buffer &&
        last.byteOffset + last.length === c.byteOffset + this.offset
      ) {
        this.capture[this.capture.length - 1] = Buffer.from(
          c.buffer,
          last.byteOffset,
          last.length + k
        )
      } else this.capture.push(c.subarray(this.offset, this.offset + k))
    }
    this.offset += k
    this.length -= k
    this.consumed += k
    if (this.offset === this.chunks[0].length) {
      this.chunks.shift()
      this.offset = 0
    }
  }

  byte(): number {
    const c = this.chunks[0]
    const b = c[this.offset]
    this.advance(1)
    return b
  }

  /** n bytes; the caller made sure they are here. */
  take(n: number): Buffer {
    const first = this.chunks[0]
    let out: Buffer
    if (n === 0) return Buffer.alloc(0)
    if (first.length - this.offset >= n) {
      out = first.subarray(this.offset, this.offset + n)
      this.advance(n)
      return out
    }
    out = Buffer.allocUnsafe(n)
    let filled = 0
    while (filled < n) {
      const c = this.chunks[0]
      const k = Math.min(n - filled, c.length - this.offset)
      c.copy(out, filled, this.offset, this.offset + k)
      filled += k
      this.advance(k)
    }
    return out
  }

  /** Skip up to n bytes of what is here; returns how many were skipped. */
  skip(n: number): number {
    let done = 0
    while (done < n && this.chunks.length > 0) {
      const c = this.chunks[0]
      const k = Math.min(n - done, c.length - this.offset)
      this.advance(k)
      done += k
    }
    return done
  }
}

type Step = Generator<void, void, void>

export class RdbScanner extends Transform {
  private readonly q = new ByteQueue()
  /** CRC-64 of every byte but the last 8 seen so far (those may be the stored checksum). */
  private readonly crc = new Crc64()
  private held: Buffer = Buffer.alloc(0)
  /** The byte just before `held`: the EOF opcode when the stream is whole. */
  private beforeHeld = -1
  private total = 0
  private readonly parser: Step
  private state: 'parsing' | 'done' | 'tail' = 'parsing'
  private where = 'the header'
  private rdbVersion = 0
  private checksum: RdbFacts['checksum'] = 'disabled'
  private note?: string
  private readonly aux: Record<string, string> = {}
  private readonly counted = new Map<number, RdbDbCounts>()
  private readonly resized = new Map<number, RdbDbCounts>()

  constructor(private readonly options: RdbScannerOptions = {}) {
    super({ highWaterMark: 1 << 20 })
    this.parser = this.parse()
  }

  /** Why the key-by-key parse stopped early (a type it does not know), once it has. */
  get gaveUp(): string | undefined {
    return this.state === 'tail' ? this.note : undefined
  }

  private fail(message: string): UserError {
    return rdbError(message, this.options.purpose)
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.hold(chunk)
      this.feed(chunk)
    } catch (error) {
      done(error as Error)
      return
    }
    done(null, chunk)
  }

  _flush(done: TransformCallback): void {
    try {
      this.finish()
    } catch (error) {
      done(error as Error)
      return
    }
    done()
  }

  facts(): RdbFacts {
    const fromKeys = this.state === 'done' && this.note === undefined
    const source = fromKeys ? this.counted : this.resized
    const dbs: Record<string, RdbDbCounts> = {}
    for (const [db, counts] of [...source].sort((a, b) => a[0] - b[0])) dbs[String(db)] = counts
    return {
      rdbVersion: this.rdbVersion,
      aux: this.aux,
      dbs,
      keyCountsFrom: fromKeys ? 'keys' : 'resizedb',
      checksum: this.checksum,
      bytes: this.total,
      ...(this.note ? { note: this.note } : {})
    }
  }

  /** Feed the CRC with all but the last 8 bytes, which may be the stored checksum. */
  private hold(chunk: Buffer): void {
    this.total += chunk.length
    if (chunk.length >= 8) {
      // The common case, without copying the chunk: what was held is now followed by 8 more.
      const cut = chunk.length - 8
      if (this.held.length > 0) {
        this.crc.update(this.held)
        this.beforeHeld = this.held[this.held.length - 1]
      }
      this.crc.update(chunk, 0, cut)
      if (cut > 0) this.beforeHeld = chunk[cut - 1]
      this.held = Buffer.from(chunk.subarray(cut))
      return
    }
    const all = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk
    if (all.length <= 8) {
      this.held = Buffer.from(all)
      return
    }
    const cut = all.length - 8
    this.crc.update(all, 0, cut)
    this.beforeHeld = all[cut - 1]
    this.held = Buffer.from(all.subarray(cut))
  }

  private feed(chunk: Buffer): void {
    if (this.state === 'tail') return
    this.q.push(chunk)
    if (this.state === 'done') {
      throw this.fail(`${this.q.length} more bytes follow its EOF opcode and checksum`)
    }
    this.step()
  }

  private step(): void {
    try {
      const result = this.parser.next()
      if (result.done) {
        this.state = 'done'
        if (this.q.length > 0) {
          throw this.fail(`${this.q.length} more bytes follow its EOF opcode and checksum`)
        }
      }
    } catch (error) {
      if (!(error instanceof GiveUp)) throw error
      this.note = `${error.message} at byte ${this.q.consumed}: key counts come from RESIZEDB`
      this.state = 'tail'
    }
  }

  /**
   * The verdict at the end of the stream. 'done': the parser met the EOF opcode and 8 bytes
   * after it, and nothing followed. 'tail': the parser met a type it does not know, so the end
   * must be the EOF opcode and a CRC-64 that matches. 'parsing': the stream stopped inside an
   * entry: truncated, or corrupt where a damaged length sent the parser astray; a valid CRC-64
   * after an EOF opcode then means the parser is at fault, not the file.
   */
  private finish(): void {
    const stored = this.held
    const eof = this.total >= 18 && this.beforeHeld === 0xff
    const expected = this.crc.digestLE()
    const disabled = stored.length === 8 && stored.every((byte) => byte === 0)
    const matches = eof && stored.length === 8 && stored.equals(expected)
    const corrupt = () =>
      this.fail(
        `its CRC-64 is ${stored.toString('hex')} but the bytes give ${expected.toString('hex')} (corrupt)`
      )
    if (this.state === 'done') {
      if (this.rdbVersion < 5 || disabled) this.checksum = 'disabled'
      else if (matches) this.checksum = 'verified'
      else throw corrupt()
      return
    }
    if (this.state === 'parsing' && !(eof && matches && !disabled)) {
      if (eof && !disabled && !matches && this.total > 9) throw corrupt()
      throw this.fail(
        `it stops after ${this.total} bytes, in the middle of ${this.where} (truncated)`
      )
    }
    if (this.state === 'parsing') {
      this.note = `the parser stopped in ${this.where} at byte ${this.q.consumed}, yet the RDB ends with its EOF opcode and a valid CRC-64: key counts come from RESIZEDB`
      this.state = 'tail'
    }
    // 'tail': the end must be the EOF opcode and the CRC-64 of all before it.
    if (!eof) {
      throw this.fail(`it stops after ${this.total} bytes without the EOF opcode (truncated)`)
    }
    if (disabled) this.checksum = 'disabled'
    else if (matches) this.checksum = 'verified'
    else throw corrupt()
  }

  // --- the parser: a generator that yields only when it needs bytes that have not come yet ---

  private *u8(): Generator<void, number, void> {
    while (this.q.length < 1) yield
    return this.q.byte()
  }

  private *bytes(n: number): Generator<void, Buffer, void> {
    while (this.q.length < n) yield
    return this.q.take(n)
  }

  private *skip(n: number): Step {
    let left = n
    for (;;) {
      left -= this.q.skip(left)
      if (left === 0) return
      yield
    }
  }

  /** A length; `encoded` is set for the special string encodings (0xC0-0xC3). */
  private *len(): Generator<void, { n: number; encoded: boolean }, void> {
    const first = yield* this.u8()
    switch (first >> 6) {
      case 0:
        return { n: first & 0x3f, encoded: false }
      case 1:
        return { n: ((first & 0x3f) << 8) | (yield* this.u8()), encoded: false }
      case 2:
        if (first === 0x80) return { n: (yield* this.bytes(4)).readUInt32BE(0), encoded: false }
        if (first === 0x81) {
          return { n: Number((yield* this.bytes(8)).readBigUInt64BE(0)), encoded: false }
        }
        throw new GiveUp(`unknown length encoding 0x${first.toString(16)}`)
      default:
        return { n: first & 0x3f, encoded: true }
    }
  }

  private *length(): Generator<void, number, void> {
    const { n, encoded } = yield* this.len()
    if (encoded) throw new GiveUp('an encoded string where a length belongs')
    return n
  }

  /** A string: returned when short (AUX fields), otherwise skipped. */
  private *string(keep = false): Generator<void, string | undefined, void> {
    const { n, encoded } = yield* this.len()
    if (encoded) {
      switch (n) {
        case 0:
          return String((yield* this.bytes(1)).readInt8(0))
        case 1:
          return String((yield* this.bytes(2)).readInt16LE(0))
        case 2:
          return String((yield* this.bytes(4)).readInt32LE(0))
        case 3: {
          const compressed = yield* this.length()
          yield* this.length() // uncompressed length
          yield* this.skip(compressed)
          return keep ? '(lzf)' : undefined
        }
        default:
          throw new GiveUp(`unknown string encoding ${n}`)
      }
    }
    if (keep && n <= MAX_AUX_STRING) return (yield* this.bytes(n)).toString('utf8')
    yield* this.skip(n)
    return undefined
  }

  /** Run a step and return the bytes it consumed, as they are in the RDB. */
  private *captured(step: Generator<void, unknown, void>): Generator<void, Buffer, void> {
    const pieces: Buffer[] = []
    this.q.capture = pieces
    try {
      yield* step
    } finally {
      this.q.capture = undefined
    }
    return pieces.length === 1 ? Buffer.from(pieces[0]) : Buffer.concat(pieces)
  }

  /** A string's bytes, decoded: integer encodings as their decimal text, LZF decompressed. */
  private *stringBytes(): Generator<void, Buffer, void> {
    const { n, encoded } = yield* this.len()
    if (!encoded) return Buffer.from(yield* this.bytes(n))
    switch (n) {
      case 0:
        return Buffer.from(String((yield* this.bytes(1)).readInt8(0)))
      case 1:
        return Buffer.from(String((yield* this.bytes(2)).readInt16LE(0)))
      case 2:
        return Buffer.from(String((yield* this.bytes(4)).readInt32LE(0)))
      case 3: {
        const compressed = yield* this.length()
        const size = yield* this.length()
        const out = lzfDecompress(yield* this.bytes(compressed), size)
        if (!out) throw new GiveUp('an LZF string that does not decompress')
        return out
      }
      default:
        throw new GiveUp(`unknown string encoding ${n}`)
    }
  }

  private *parse(): Step {
    const header = yield* this.bytes(9)
    if (header.subarray(0, 5).toString('latin1') !== 'REDIS') {
      throw this.fail(
        `it starts with ${JSON.stringify(header.subarray(0, 5).toString('latin1'))}, not REDIS`
      )
    }
    const version = header.subarray(5).toString('latin1')
    if (!/^\d{4}$/.test(version)) throw this.fail(`its version "${version}" is not a number`)
    this.rdbVersion = Number(version)
    let db = 0
    let expiry = false
    let expireAtMs: number | undefined
    const { onEntry, onFunction } = this.options
    for (;;) {
      this.where = 'an opcode'
      const op = yield* this.u8()
      switch (op) {
        case 0xff: // EOF
          this.where = 'the checksum'
          if (this.rdbVersion >= 5) yield* this.bytes(8) // checked by finish()
          return
        case 0xfe: // SELECTDB
          db = yield* this.length()
          break
        case 0xfb: {
          // RESIZEDB: keys and keys with an expiry in this db
          const keys = yield* this.length()
          const keysWithTtl = yield* this.length()
          this.resized.set(db, { keys, keysWithTtl })
          break
        }
        case 0xfa: {
          // AUX
          this.where = 'an AUX field'
          const key = yield* this.string(true)
          const value = yield* this.string(true)
          if (key !== undefined && value !== undefined) this.aux[key] = value
          break
        }
        case 0xf9: // FREQ (LFU)
          yield* this.skip(1)
          break
        case 0xf8: // IDLE (LRU)
          yield* this.length()
          break
        case 0xfd: // EXPIRETIME seconds
          expireAtMs = (yield* this.bytes(4)).readUInt32LE(0) * 1000
          expiry = true
          break
        case 0xfc: // EXPIRETIME_MS
          expireAtMs = Number((yield* this.bytes(8)).readBigInt64LE(0))
          expiry = true
          break
        case 0xf7: // MODULE_AUX
          this.where = 'module data'
          yield* this.length() // module id
          yield* this.length() // when opcode
          yield* this.length() // when
          yield* this.moduleValue()
          break
        case 0xf5: // FUNCTION2: the library's code
          this.where = 'a function library'
          if (onFunction) onFunction(yield* this.captured(this.string()))
          else yield* this.string()
          break
        case 0xf4: // SLOT_INFO (7.4+): slot, keys, expires
          yield* this.length()
          yield* this.length()
          yield* this.length()
          break
        default: {
          this.where = `a key of type ${op}`
          if (onEntry) {
            const key = yield* this.stringBytes()
            const value = yield* this.captured(this.value(op))
            onEntry({ db, type: op, key, value, ...(expiry ? { expireAtMs } : {}) })
          } else {
            yield* this.string() // the key
            yield* this.value(op)
          }
          const counts = this.counted.get(db) ?? { keys: 0, keysWithTtl: 0 }
          counts.keys++
          if (expiry) counts.keysWithTtl++
          this.counted.set(db, counts)
          expiry = false
          expireAtMs = undefined
        }
      }
    }
  }

  private *value(type: number): Step {
    switch (type) {
      case 0: // STRING
      case 9: // HASH_ZIPMAP
      case 10: // LIST_ZIPLIST
      case 11: // SET_INTSET
      case 12: // ZSET_ZIPLIST
      case 13: // HASH_ZIPLIST
      case 16: // HASH_LISTPACK
      case 17: // ZSET_LISTPACK
      case 20: // SET_LISTPACK
        yield* this.string()
        return
      case 1: // LIST
      case 2: // SET
      case 14: {
        // LIST_QUICKLIST
        const n = yield* this.length()
        for (let i = 0; i < n; i++) yield* this.string()
        return
      }
      case 3: {
        // ZSET (scores as text)
        const n = yield* this.length()
        for (let i = 0; i < n; i++) {
          yield* this.string()
          const size = yield* this.u8()
          if (size < 253) yield* this.skip(size)
        }
        return
      }
      case 4: {
        // HASH
        const n = yield* this.length()
        for (let i = 0; i < 2 * n; i++) yield* this.string()
        return
      }
      case 5: {
        // ZSET_2 (binary double scores)
        const n = yield* this.length()
        for (let i = 0; i < n; i++) {
          yield* this.string()
          yield* this.skip(8)
        }
        return
      }
      case 7: // MODULE_2
        yield* this.length()
        yield* this.moduleValue()
        return
      case 18: {
        // LIST_QUICKLIST_2: container kind, then the node
        const n = yield* this.length()
        for (let i = 0; i < n; i++) {
          yield* this.length()
          yield* this.string()
        }
        return
      }
      case 15: // STREAM_LISTPACKS
      case 19: // STREAM_LISTPACKS_2
      case 21: // STREAM_LISTPACKS_3
        yield* this.stream(type)
        return
      default:
        throw new GiveUp(`value type ${type} is not known to this parser`)
    }
  }

  private *moduleValue(): Step {
    for (;;) {
      const opcode = yield* this.length()
      switch (opcode) {
        case 0: // EOF
          return
        case 1: // SINT
        case 2: // UINT
          yield* this.length()
          break
        case 3: // FLOAT
          yield* this.skip(4)
          break
        case 4: // DOUBLE
          yield* this.skip(8)
          break
        case 5: // STRING
          yield* this.string()
          break
        default:
          throw new GiveUp(`unknown module opcode ${opcode}`)
      }
    }
  }

  private *stream(type: number): Step {
    const listpacks = yield* this.length()
    for (let i = 0; i < listpacks; i++) {
      yield* this.string() // master entry id
      yield* this.string() // listpack
    }
    yield* this.length() // items
    yield* this.length() // last id ms
    yield* this.length() // last id seq
    if (type >= 19) {
      for (let i = 0; i < 5; i++) yield* this.length() // first id, max deleted id, entries added
    }
    const groups = yield* this.length()
    for (let g = 0; g < groups; g++) {
      yield* this.string() // name
      yield* this.length() // last id ms
      yield* this.length() // last id seq
      if (type >= 19) yield* this.length() // entries read
      const pel = yield* this.length()
      for (let i = 0; i < pel; i++) {
        yield* this.skip(16) // id
        yield* this.skip(8) // delivery time
        yield* this.length() // delivery count
      }
      const consumers = yield* this.length()
      for (let c = 0; c < consumers; c++) {
        yield* this.string() // name
        yield* this.skip(type >= 21 ? 16 : 8) // seen time (and active time)
        const owned = yield* this.length()
        yield* this.skip(16 * owned)
      }
    }
  }
}

/** LZF (liblzf, as Redis uses it) into exactly `size` bytes; undefined when the data is bad. */
export function lzfDecompress(input: Buffer, size: number): Buffer | undefined {
  const out = Buffer.allocUnsafe(size)
  let i = 0
  let o = 0
  while (i < input.length) {
    const ctrl = input[i++]
    if (ctrl < 32) {
      const n = ctrl + 1
      if (o + n > size || i + n > input.length) return undefined
      input.copy(out, o, i, i + n)
      i += n
      o += n
    } else {
      let n = ctrl >> 5
      if (n === 7) {
        if (i >= input.length) return undefined
        n += input[i++]
      }
      if (i >= input.length) return undefined
      const ref = o - ((ctrl & 0x1f) << 8) - input[i++] - 1
      n += 2
      if (ref < 0 || o + n > size) return undefined
      for (let k = 0; k < n; k++) out[o++] = out[ref + k]
    }
  }
  return o === size ? out : undefined
}
