// Buffers for the files the archive reads whole, reused from one file to the next.

/**
 * `slabSize` buffers for the files read whole (none is larger), each reused once the archive
 * stream has copied its bytes out of the pack (release()): allocating a fresh buffer per file
 * costs more in garbage collection than the copy. Only buffers the pool made come back; at most
 * `maxFree` wait.
 */
export class SlabPool {
  private readonly free: Buffer[] = []
  private readonly owned = new WeakSet<ArrayBufferLike>()

  constructor(
    private readonly slabSize: number,
    private readonly maxFree: number
  ) {}

  /** A buffer of `size` (<= slabSize) bytes; small ones come from Node's shared pool. */
  take(size: number): Buffer {
    if (size <= 4096) return Buffer.allocUnsafe(size)
    let slab = this.free.pop()
    if (!slab) {
      slab = Buffer.allocUnsafeSlow(this.slabSize)
      this.owned.add(slab.buffer)
    }
    return slab.subarray(0, size)
  }

  /** `chunk` is no longer used: when it is one of ours, its slab can be taken again. */
  release(chunk: Buffer): void {
    if (this.owned.has(chunk.buffer) && this.free.length < this.maxFree) {
      this.free.push(Buffer.from(chunk.buffer, 0, this.slabSize))
    }
  }
}
