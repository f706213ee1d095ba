import { PassThrough, type Transform } from 'node:stream'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { Compression } from '../config.js'
import { BLOCK_SIZE, BlockCompressor } from './blockCompressor.js'
import { StoredGzip } from './storedGzip.js'

const gzip = promisify(zlib.gzip)
const zstd = promisify(zlib.zstdCompress)

/** The suffix a file gets for its compression: postgres.sql.gz, .zst, or none. */
export function compressionSuffix(compression: Compression): string {
  return compression === 'gzip' ? '.gz' : compression === 'zstd' ? '.zst' : ''
}

const CHUNK = 256 * 1024
const OUT_CHUNK = BLOCK_SIZE + 64 * 1024

export interface CompressorOptions {
  /** gzip 0-9 (0 stores without compressing: still a valid .gz), zstd 1-22; default 1 and 3 (docs/benchmarks.md says why). */
  level?: number
}

export function createCompressor(
  compression: Compression,
  options: CompressorOptions = {}
): Transform {
  switch (compression) {
    // chunkSize above a block's compressed size: one thread-pool round trip and one output
    // buffer per block, not 16 KiB pieces (a profile showed their callbacks and GC dominating).
    case 'gzip': {
      const level = options.level ?? 1
      // Level 0 (media): stored deflate blocks written by hand, at copy speed.
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
