import { PassThrough, type Transform } from 'node:stream'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { Compression } from '../vocabulary.js'
import { BlockCompressor } from './blockCompressor.js'
import { StoredGzip } from './storedGzip.js'

const gzip = promisify(zlib.gzip)
const zstd = promisify(zlib.zstdCompress)

/** The suffix a file gets for its compression: postgres.sql.gz, .zst, or none. */
export function compressionSuffix(compression: Compression): string {
  return compression === 'gzip' ? '.gz' : compression === 'zstd' ? '.zst' : ''
}

const CHUNK = 256 * 1024
/**
 * zlib's output buffer per call. A block of SQL compresses to about 50 KiB, so one 128 KiB
 * buffer usually holds it in one thread-pool round trip; a whole block's worth per call (as
 * before) allocated 1 MiB per block, and that external memory made V8 run a full garbage
 * collection about twice as often (docs/benchmarks.md). Data that compresses less takes a few
 * more round trips.
 */
const OUT_CHUNK = 128 * 1024

export interface CompressorOptions {
  /** gzip 0-9 (0 stores without compressing: still a valid .gz), zstd 1-22; default 1 and 3 (docs/benchmarks.md says why). */
  level?: number
}

export function createCompressor(
  compression: Compression,
  options: CompressorOptions = {}
): Transform {
  switch (compression) {
    // chunkSize: see OUT_CHUNK (zlib's default 16 KiB pieces cost callbacks and GC).
    case 'gzip': {
      const level = options.level ?? 1
      // Level 0 (media): stored deflate blocks written by hand, passing the input through
      // uncopied: its producer must not reuse a chunk's buffer once written (see StoredGzip).
      if (level === 0) return new StoredGzip()
      return new BlockCompressor((block) => gzip(block, { level, chunkSize: OUT_CHUNK }))
    }
    case 'zstd': {
      const params = { [zlib.constants.ZSTD_c_compressionLevel]: options.level ?? 3 }
      return new BlockCompressor((block) => zstd(block, { params, chunkSize: OUT_CHUNK }))
    }
    case 'none':
      return new PassThrough()
  }
}

export function createDecompressor(compression: Compression): Transform {
  switch (compression) {
    case 'gzip':
      return zlib.createGunzip({ chunkSize: CHUNK })
    case 'zstd':
      return zlib.createZstdDecompress({ chunkSize: CHUNK })
    case 'none':
      return new PassThrough()
  }
}
