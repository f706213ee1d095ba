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
      throw this.fail({ kind: 'trailing', extra: this.q.length })
    }
    this.step()
  }

  private step(): void {
    try {
      const result = this.parser.next()
      if (result.done) {
        this.state = 'done'
        if (this.q.length > 0) {
          throw this.fail({ kind: 'trailing', extra: this.q.length })
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
      this.fail({
        kind: 'checksum',
        stored: stored.toString('hex'),
        computed: expected.toString('hex')
      })
    if (this.state === 'done') {
      if (this.rdbVersion < 5 || disabled) this.checksum = 'disabled'
      else if (matches) this.checksum = 'verified'
      else throw corrupt()
      return
    }
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
          if (this.rdbVersion >= 5) yield* r.bytes(8) // checked by finish()
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
