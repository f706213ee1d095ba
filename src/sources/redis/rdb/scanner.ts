import { Transform, type TransformCallback } from 'node:stream'
import { Crc64 } from '../crc64.js'
import {
  GiveUp,
  RdbDamage,
  type RdbDbCounts,
  type RdbEntry,
  type RdbFacts,
  type RdbFault
} from './facts.js'
import { RdbReader, type Step } from './reader.js'
import { skipModuleValue, skipValue } from './values.js'

// Reads an RDB file as it streams past, unchanged, and proves it whole: the magic (REDIS, or
// Valkey 9's VALKEY) and version, every opcode and value skipped in order up to the EOF opcode (0xFF), then the CRC-64
// that follows it (0 means the server runs with rdbchecksum off). On the way it counts the keys
// and the keys carrying an expiry in each db, so the counts describe exactly this snapshot, and
// keeps the RESIZEDB hints the server wrote for each db as a cross-check.
//
// Values are skipped, never decoded or buffered whole: a 500 MB string costs no memory. A type
// this parser does not know (a newer Redis, a module) stops the parse, not the backup: the stream
// is then checked by its end (EOF opcode, CRC-64) and the counts come from RESIZEDB.
//
// Here: the stream, the opcode walk and the verdict at the end. The encodings are read by
// reader.ts, each type's value by values.ts. A file that is not whole fails the stream with an
// RdbDamage (facts.ts) saying what was found; the caller words it (`explain`).
//
// Bytes after the EOF opcode and its checksum are an error by default: the tool's own RDB (the
// backup's SYNC stream, a snapshot it wrote) never has any. A file the tool imports (adopt, a
// legacy folder) may: with `trailing: 'report'` they are counted (RdbFacts.trailingBytes) once
// the CRC-64 up to the EOF opcode is verified; with a number, exactly that many are accepted (a
// snapshot whose manifest records them).

export interface RdbScannerOptions {
  /** Called for every key, in file order, with its raw value (memory: the largest value). */
  onEntry?: (entry: RdbEntry) => void
  /** Called for every function library (the FUNCTION2 opcode's string, raw). */
  onFunction?: (raw: Buffer) => void
  /**
   * The error the stream fails with when the RDB is not whole: the caller words it (the backup's
   * SYNC stream, the restore). Without it, the RdbDamage itself.
   */
  explain?: (damage: RdbDamage) => Error
  /**
   * Bytes after the EOF opcode and checksum. Absent: refused (the tool's own RDB). 'report':
   * counted as a fact (an imported file). A number: exactly that many accepted, any other count
   * refused (a stored file whose manifest records them). Accepted only after a verified CRC-64:
   * with the checksum off nothing proves the EOF opcode is the file's real end.
   */
  trailing?: 'report' | number
}

export class RdbScanner extends Transform {
  private readonly r = new RdbReader()
  private readonly q = this.r.q
  /** CRC-64 of every byte but the last 8 seen so far (those may be the stored checksum). */
  private readonly crc = new Crc64()
  private held: Buffer = Buffer.alloc(0)
  /** The byte just before `held`: the EOF opcode when the stream is whole. */
  private beforeHeld = -1
  private total = 0
  /** Where the parse ended (after the checksum), once it has: what follows is trailing. */
  private parseEnd = 0
  /** The checksum stored after the EOF opcode, and the CRC-64 of every byte before it. */
  private stored?: Buffer
  private computed?: Buffer
  private readonly parser: Step
  private state: 'parsing' | 'done' | 'tail' = 'parsing'
  private where = 'the header'
  private rdbVersion = 0
  private checksum: RdbFacts['checksum'] = 'disabled'
  private note?: string
  private readonly aux: Record<string, string> = {}
  private readonly counted = new Map<number, RdbDbCounts>()
  private readonly resized = new Map<number, RdbDbCounts>()
  private keysSoFar = 0

  constructor(private readonly options: RdbScannerOptions = {}) {
    super({ highWaterMark: 1 << 20 })
    this.parser = this.parse()
  }

  /** Keys counted so far, for the progress line (they stop counting if the parse gives up). */
  get keys(): number {
    return this.keysSoFar
  }

  /** Why the key-by-key parse stopped early (a type it does not know), once it has. */
  get gaveUp(): string | undefined {
    return this.state === 'tail' ? this.note : undefined
  }

  private fail(fault: RdbFault): Error {
    const damage = new RdbDamage(fault, this.rdbVersion, this.total, this.q.consumed)
    return this.options.explain ? this.options.explain(damage) : damage
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      const before = this.total
      this.total += chunk.length
      this.feed(chunk, before)
      this.hold(chunk)
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
      ...(this.note ? { note: this.note } : {}),
      ...(this.trailingBytes > 0 ? { trailingBytes: this.trailingBytes } : {})
    }
  }

  /** Bytes after the EOF opcode and checksum (0 until the parse has ended). */
  private get trailingBytes(): number {
    return this.state === 'done' ? this.total - this.parseEnd : 0
  }

  /**
   * Feed the CRC with all but the last 8 bytes, which may be the stored checksum. Once the parse
   * has met the EOF opcode, the CRC up to it is settled (settle()) and nothing more goes in.
   */
  private hold(chunk: Buffer): void {
    if (this.state === 'done') return
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

  /** `before`: how many bytes came before this chunk. */
  private feed(chunk: Buffer, before: number): void {
    if (this.state === 'tail') return
    if (this.state === 'done') {
      if (this.options.trailing === undefined) {
        throw this.fail({ kind: 'trailing', extra: this.trailingBytes })
      }
      return // counted by `total`; not parsed, not kept
    }
    this.q.push(chunk)
    this.step(chunk, before)
  }

  private step(chunk: Buffer, before: number): void {
    try {
      const result = this.parser.next()
      if (result.done) {
        this.state = 'done'
        this.parseEnd = this.q.consumed
        this.settle(chunk, before)
        this.q.skip(this.q.length) // trailing bytes: not kept
        if (this.trailingBytes > 0 && this.options.trailing === undefined) {
          throw this.fail({ kind: 'trailing', extra: this.trailingBytes })
        }
      }
    } catch (error) {
      if (!(error instanceof GiveUp)) throw error
      this.note = `${error.message} at byte ${this.q.consumed}: key counts come from RESIZEDB`
      this.state = 'tail'
    }
  }

  /**
   * The parse has just met the EOF opcode (and read the checksum after it) in `chunk`: the CRC
   * has every byte but those `hold` keeps back (at most 8, just before `chunk`); feed it exactly
   * up to the checksum, whatever follows.
   */
  private settle(chunk: Buffer, before: number): void {
    const checksumAt = this.rdbVersion >= 5 ? this.parseEnd - 8 : this.parseEnd
    const pendingFrom = before - this.held.length
    const pending = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk
    this.crc.update(pending, 0, checksumAt - pendingFrom)
    this.computed = this.crc.digestLE()
    this.held = Buffer.alloc(0)
  }

  /**
   * The verdict at the end of the stream. 'done': the parser met the EOF opcode and 8 bytes
   * after it (`stored`), checked against the CRC-64 of all before them (`computed`); trailing
   * bytes after them only as the `trailing` option allows. 'tail': the parser met a type it does not know, so the end
   * must be the EOF opcode and a CRC-64 that matches. 'parsing': the stream stopped inside an
   * entry: truncated, or corrupt where a damaged length sent the parser astray; a valid CRC-64
   * after an EOF opcode then means the parser is at fault, not the file.
   */
  private finish(): void {
    if (this.state === 'done') {
      this.finishDone()
      return
    }
    const stored = this.held
    const eof = this.total >= 18 && this.beforeHeld === 0xff
    const expected = this.crc.digestLE()
    const disabled = stored.length === 8 && stored.every((byte) => byte === 0)
    const matches = eof && stored.length === 8 && stored.equals(expected)
    const corrupt = () =>
      this.fail({
        kind: 'checksum',
        stored: stored.toString('hex'),
        computed: expected.toString('hex')
      })
    if (this.state === 'parsing' && !(eof && matches && !disabled)) {
      if (eof && !disabled && !matches && this.total > 9) throw corrupt()
      throw this.fail({ kind: 'truncated', inside: this.where })
    }
    if (this.state === 'parsing') {
      this.note = `the parser stopped in ${this.where} at byte ${this.q.consumed}, yet the RDB ends with its EOF opcode and a valid CRC-64: key counts come from RESIZEDB`
      this.state = 'tail'
    }
    // 'tail': the end must be the EOF opcode and the CRC-64 of all before it.
    if (!eof) {
      throw this.fail({ kind: 'no-eof' })
    }
    if (disabled) this.checksum = 'disabled'
    else if (matches) this.checksum = 'verified'
    else throw corrupt()
  }

  private finishDone(): void {
    const stored = this.stored ?? Buffer.alloc(0)
    const computed = this.computed ?? Buffer.alloc(0)
    const disabled = this.rdbVersion < 5 || stored.every((byte) => byte === 0)
    if (!disabled && !stored.equals(computed)) {
      throw this.fail({
        kind: 'checksum',
        stored: stored.toString('hex'),
        computed: computed.toString('hex')
      })
    }
    this.checksum = disabled ? 'disabled' : 'verified'
    const extra = this.trailingBytes
    const allowed = this.options.trailing
    if (typeof allowed === 'number' && allowed !== extra) {
      throw this.fail({ kind: 'trailing', extra, expected: allowed })
    }
    if (extra === 0) return
    if (allowed === undefined) throw this.fail({ kind: 'trailing', extra })
    if (disabled) throw this.fail({ kind: 'trailing', extra, unverified: true })
  }

  private *parse(): Step {
    const r = this.r
    const header = (yield* r.bytes(9)).toString('latin1')
    // REDIS and 4 digits, or Valkey 9's own magic: VALKEY and 3 digits, from 80 (VALKEY080), as
    // Valkey keeps 12-79 for Redis's later formats. RDB 80 is RDB 11 and one new type, 22 (a hash
    // whose fields carry their own expiry: values.ts); its opcodes are Redis's.
    const valkey = header.startsWith('VALKEY')
    if (!valkey && !header.startsWith('REDIS')) {
      throw this.fail({ kind: 'magic', found: header.slice(0, 5) })
    }
    const version = header.slice(valkey ? 6 : 5)
    if (valkey ? !/^\d{3}$/.test(version) || Number(version) < 80 : !/^\d{4}$/.test(version)) {
      throw this.fail({ kind: 'version', found: version })
    }
    this.rdbVersion = Number(version)
    let db = 0
    let expiry = false
    let expireAtMs: number | undefined
    const { onEntry, onFunction } = this.options
    for (;;) {
      this.where = 'an opcode'
      const op = yield* r.u8()
      switch (op) {
        case 0xff: // EOF
          this.where = 'the checksum'
          if (this.rdbVersion >= 5) this.stored = Buffer.from(yield* r.bytes(8)) // finishDone()
          return
        case 0xfe: // SELECTDB
          db = yield* r.length()
          break
        case 0xfb: {
          // RESIZEDB: keys and keys with an expiry in this db
          const keys = yield* r.length()
          const keysWithTtl = yield* r.length()
          this.resized.set(db, { keys, keysWithTtl })
          break
        }
        case 0xfa: {
          // AUX
          this.where = 'an AUX field'
          const key = yield* r.string(true)
          const value = yield* r.string(true)
          if (key !== undefined && value !== undefined) this.aux[key] = value
          break
        }
        case 0xf9: // FREQ (LFU)
          yield* r.skip(1)
          break
        case 0xf8: // IDLE (LRU)
          yield* r.length()
          break
        case 0xfd: // EXPIRETIME seconds
          expireAtMs = (yield* r.bytes(4)).readUInt32LE(0) * 1000
          expiry = true
          break
        case 0xfc: // EXPIRETIME_MS
          expireAtMs = Number((yield* r.bytes(8)).readBigInt64LE(0))
          expiry = true
          break
        case 0xf7: // MODULE_AUX
          this.where = 'module data'
          yield* r.length() // module id
          yield* r.length() // when opcode
          yield* r.length() // when
          yield* skipModuleValue(r)
          break
        case 0xf5: // FUNCTION2: the library's code
          this.where = 'a function library'
          if (onFunction) onFunction(yield* r.captured(r.string()))
          else yield* r.string()
          break
        case 0xf4: // SLOT_INFO (7.4+): slot, keys, expires
          yield* r.length()
          yield* r.length()
          yield* r.length()
          break
        default: {
          this.where = `a key of type ${op}`
          if (onEntry) {
            const key = yield* r.stringBytes()
            const value = yield* r.captured(skipValue(r, op, this.rdbVersion))
            onEntry({ db, type: op, key, value, ...(expiry ? { expireAtMs } : {}) })
          } else {
            yield* r.string() // the key
            yield* skipValue(r, op, this.rdbVersion)
          }
          const counts = this.counted.get(db) ?? { keys: 0, keysWithTtl: 0 }
          counts.keys++
          this.keysSoFar++
          if (expiry) counts.keysWithTtl++
          this.counted.set(db, counts)
          expiry = false
          expireAtMs = undefined
        }
      }
    }
  }
}
