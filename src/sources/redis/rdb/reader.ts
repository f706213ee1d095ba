import { ByteQueue } from './byteQueue.js'
import { GiveUp } from './facts.js'
import { lzfDecompress } from './lzf.js'

// The RDB's encodings, read as generator steps that yield only when they need bytes that have
// not come yet: lengths (6, 14, 32 or 64 bits), strings (raw, integer-encoded, LZF), skipped
// unless asked for.

const MAX_AUX_STRING = 4096

export type Step = Generator<void, void, void>

export class RdbReader {
  constructor(readonly q = new ByteQueue()) {}

  *u8(): Generator<void, number, void> {
    while (this.q.length < 1) yield
    return this.q.byte()
  }

  *bytes(n: number): Generator<void, Buffer, void> {
    while (this.q.length < n) yield
    return this.q.take(n)
  }

  *skip(n: number): Step {
    let left = n
    for (;;) {
      left -= this.q.skip(left)
      if (left === 0) return
      yield
    }
  }

  /** A length; `encoded` is set for the special string encodings (0xC0-0xC3). */
  *len(): Generator<void, { n: number; encoded: boolean }, void> {
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

  *length(): Generator<void, number, void> {
    const { n, encoded } = yield* this.len()
    if (encoded) throw new GiveUp('an encoded string where a length belongs')
    return n
  }

  /** A string: returned when short (AUX fields), otherwise skipped. */
  *string(keep = false): Generator<void, string | undefined, void> {
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
  *captured(step: Generator<void, unknown, void>): Generator<void, Buffer, void> {
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
  *stringBytes(): Generator<void, Buffer, void> {
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
}
