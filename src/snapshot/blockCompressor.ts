import os from 'node:os'
import { Transform, type TransformCallback } from 'node:stream'

// gzip and zstd in Node run one stream on one thread. To use every core, the input is cut into
// blocks that are compressed independently and concurrently (zlib's async calls run on libuv's
// thread pool) and written out in order. Concatenated gzip members are one valid gzip stream
// (`gunzip` reads them as one), and concatenated zstd frames one valid zstd stream; the cost is a
// dictionary reset per block, a fraction of a percent at 1 MiB blocks.

export const BLOCK_SIZE = 1 << 20

export class BlockCompressor extends Transform {
  private parts: Buffer[] = []
  private partsLength = 0
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
    this.parts.push(chunk)
    this.partsLength += chunk.length
    this.drainBlocks(false).then(() => done(), done)
  }

  _flush(done: TransformCallback): void {
    this.drainBlocks(true).then(() => done(), done)
  }

  /** Submit every full block (and on flush the rest); wait while too many are in flight. */
  private async drainBlocks(final: boolean): Promise<void> {
    while (
      this.partsLength >= this.blockSize ||
      (final && (this.partsLength > 0 || this.submitted === 0))
    ) {
      const all =
        this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.partsLength)
      const block = all.subarray(0, Math.min(this.blockSize, all.length))
      const rest = all.subarray(block.length)
      this.parts = rest.length > 0 ? [rest] : []
      this.partsLength = rest.length
      const compressed = this.compressBlock(block)
      compressed.catch(() => undefined) // awaited in order below; avoid an unhandled rejection
      this.inFlight.push(compressed)
      this.submitted++
      while (this.inFlight.length >= this.concurrency) this.push(await this.inFlight.shift()!)
    }
    if (final) while (this.inFlight.length > 0) this.push(await this.inFlight.shift()!)
  }
}
