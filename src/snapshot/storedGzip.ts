import { Transform, type TransformCallback } from 'node:stream'
import zlib from 'node:zlib'

// gzip at level 0 written by hand: a gzip header, the input in deflate "stored" blocks
// (BTYPE=00, at most 65,535 bytes each, RFC 1951 3.2.4), an empty final block, then the CRC-32
// and the length (RFC 1952). It is what zlib writes at level 0, without running zlib: no thread
// pool round trip and no copy of the data, so it costs a CRC. `gunzip` and `tar -xzf` read it
// like any .gz.

const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]) // deflate, no flags, mtime 0, Unix
const STORED_MAX = 65_535
const BLOCK_HEAD = 5

export class StoredGzip extends Transform {
  private crc = 0
  private size = 0
  private started = false

  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (chunk.length === 0) return done()
    this.crc = zlib.crc32(chunk, this.crc)
    this.size = (this.size + chunk.length) >>> 0 // ISIZE is the length modulo 2^32
    // The input goes out as it is, in slices between the 5-byte block heads: copying it into
    // fresh buffers cost more (page faults on 2 copies of every byte) than the extra pieces.
    // So a producer must never change a chunk once written (uploads' archive never does: each
    // chunk is a fresh buffer); a reused buffer would change bytes already hashed or stored.
    const blocks = Math.ceil(chunk.length / STORED_MAX)
    const heads = Buffer.allocUnsafe((this.started ? 0 : HEADER.length) + blocks * BLOCK_HEAD)
    let at = 0
    if (!this.started) {
      at = HEADER.copy(heads, 0)
      this.started = true
    }
    let pushed = 0
    for (let from = 0; from < chunk.length; from += STORED_MAX) {
      const length = Math.min(STORED_MAX, chunk.length - from)
      heads[at] = 0 // BFINAL=0, BTYPE=00
      heads.writeUInt16LE(length, at + 1)
      heads.writeUInt16LE(~length & 0xffff, at + 3)
      at += BLOCK_HEAD
      this.push(heads.subarray(pushed, at)) // this block's head (after the gzip header, first)
      pushed = at
      this.push(chunk.subarray(from, from + length))
    }
    done()
  }

  _flush(done: TransformCallback): void {
    const tail = Buffer.alloc((this.started ? 0 : HEADER.length) + BLOCK_HEAD + 8)
    let at = this.started ? 0 : HEADER.copy(tail, 0)
    tail[at] = 1 // BFINAL=1, BTYPE=00, LEN=0, NLEN=0xffff
    tail.writeUInt16LE(0xffff, at + 3)
    at += BLOCK_HEAD
    tail.writeUInt32LE(this.crc >>> 0, at)
    tail.writeUInt32LE(this.size, at + 4)
    done(null, tail)
  }
}
