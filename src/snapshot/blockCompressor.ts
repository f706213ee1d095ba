import os from 'node:os'
import { Transform, type TransformCallback } from 'node:stream'

// gzip and zstd in Node run one stream on one thread. To use every core, the input is cut into
// blocks that are compressed independently and concurrently (zlib's async calls run on libuv's
// thread pool) and written out in order. Concatenated gzip members are one valid gzip stream
// (`gunzip` reads them as one), and concatenated zstd frames one valid zstd stream; the cost is a
// dictionary reset per block, a fraction of a percent at 1 MiB blocks.
//
// Input is copied into a few block buffers that are reused once their block is compressed: a
// fresh buffer per block made V8 run a full garbage collection every few tens of MiB (external
// memory pressure), which cost more than the copy (docs/benchmarks.md).

const BLOCK_SIZE = 1 << 20

export class BlockCompressor extends Transform {
  private block?: Buffer
  private filled = 0
  private readonly free: Buffer[] = []
  private readonly inFlight: Array<Promise<Buffer>> = []
  private submitted = 0

  constructor(
    private readonly compressBlock: (block: Buffer) => Promise<Buffer>,
    private readonly blockSize = BLOCK_SIZE,
    private readonly concurrency = os.availableParallelism() + 1
  ) {
    super({ highWaterMark: blockSize })
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.fill(chunk).then(() => done(), done)
  }

  _flush(done: TransformCallback): void {
    this.finish().then(() => done(), done)
  }

  private async fill(chunk: Buffer): Promise<void> {
    for (let at = 0; at < chunk.length;) {
      this.block ??= this.free.pop() ?? Buffer.allocUnsafeSlow(this.blockSize)
      const copied = chunk.copy(this.block, this.filled, at)
      at += copied
      this.filled += copied
      if (this.filled === this.blockSize) await this.submit()
    }
  }

  private async finish(): Promise<void> {
    // An empty input still gives one (empty) member or frame: a valid compressed file.
    if (this.filled > 0 || this.submitted === 0) {
      this.block ??= Buffer.allocUnsafeSlow(0)
      await this.submit()
    }
    while (this.inFlight.length > 0) this.push(await this.inFlight.shift()!)
  }

  /** Compress the current block; wait (pushing results in order) while too many are in flight. */
  private async submit(): Promise<void> {
    const block = this.block!
    const compressed = this.compressBlock(block.subarray(0, this.filled)).then((out) => {
      this.free.push(block) // zlib is done with it: the next block can reuse it
      return out
    })
    compressed.catch(() => undefined) // awaited in order below; avoid an unhandled rejection
    this.inFlight.push(compressed)
    this.submitted++
    this.block = undefined
    this.filled = 0
    while (this.inFlight.length >= this.concurrency) this.push(await this.inFlight.shift()!)
  }
}
