/** Bytes waiting to be parsed. */
export class ByteQueue {
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
