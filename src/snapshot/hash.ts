import { createHash } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'

/** Passes bytes through unchanged while counting them and computing their SHA-256. */
export class HashCounter extends Transform {
  bytes = 0
  private readonly hash = createHash('sha256')
  private digest?: string

  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length
    this.hash.update(chunk)
    done(null, chunk)
  }

  _flush(done: TransformCallback): void {
    this.digest = this.hash.digest('hex')
    done()
  }

  get sha256(): string {
    if (!this.digest) throw new Error('sha256 read before the stream ended')
    return this.digest
  }
}

/** Counts bytes passing through (the source side of a pipeline, for progress and ratios). */
export class ByteCounter extends Transform {
  bytes = 0
  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length
    done(null, chunk)
  }
}
