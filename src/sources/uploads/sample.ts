import { round } from '../../util/format.js'
import { constants as fsConstants } from 'node:fs'
import fs from 'node:fs/promises'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { Compression } from '../../vocabulary.js'
import { UserError, fsErrorLine } from '../../util/errors.js'
import { O_NONBLOCK } from './fsCalls.js'
import { walk } from './walk.js'
import type { Excluded } from './exclude.js'

// uploads-compression: auto. Media files barely compress and gzip on them costs 14x for 2%
// (DESIGN.md, "Performance"), so a small sample of the tree decides, before the archive starts.

/** auto: gzip the first SAMPLE_BYTES_PER_FILE of up to SAMPLE_FILES files... */
const SAMPLE_FILES = 32
const SAMPLE_BYTES_PER_FILE = 64 * 1024
/** ...and store at gzip level 0 when they shrink by less than this. */
const AUTO_MIN_GAIN = 0.05

export interface CompressionChoice {
  requested: 'auto' | Compression
  compression: Compression
  level?: number
  sample?: { files: number; bytes: number; gain: number }
  reason: string
}

/** The compression sample: the start of the first SAMPLE_FILES non-empty files, in walk order. */
export async function readSamples(
  dir: string,
  root: string,
  excluded?: Excluded
): Promise<Buffer[]> {
  const samples: Buffer[] = []
  for await (const { abs, stats } of walk(dir, root, false, true, excluded)) {
    if (samples.length >= SAMPLE_FILES) break
    if (stats !== undefined && !stats?.isFile()) continue
    const sample = await readSample(abs)
    if (sample && sample.length > 0) samples.push(sample)
  }
  return samples
}

async function readSample(file: string): Promise<Buffer | undefined> {
  let handle
  try {
    handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ELOOP') return undefined // reported by the archive pass
    throw new UserError(`cannot read uploads file ${file}: ${fsErrorLine(error)}`)
  }
  try {
    // Listed as a file, but it may have been replaced since: only a file is sampled.
    if (!(await handle.stat()).isFile()) return undefined
    const buffer = Buffer.alloc(SAMPLE_BYTES_PER_FILE)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead)
  } catch (error) {
    throw new UserError(`cannot read uploads file ${file}: ${fsErrorLine(error)}`)
  } finally {
    await handle.close()
  }
}

const deflateRaw = promisify(zlib.deflateRaw)

/** The gain gzip (level 1, as `compression: gzip` writes) gets on the sample: 0.3 = 30% smaller. */
async function sampleGain(samples: Buffer[]): Promise<{ bytes: number; gain: number }> {
  const raw = Buffer.concat(samples)
  if (raw.length === 0) return { bytes: 0, gain: 0 }
  const packed = await deflateRaw(raw, { level: 1 })
  return { bytes: raw.length, gain: round(1 - packed.length / raw.length, 4) }
}

export async function chooseCompression(
  options: { uploadsCompression: 'auto' | Compression; compression: Compression },
  samples: Buffer[]
): Promise<CompressionChoice> {
  const requested = options.uploadsCompression
  if (requested !== 'auto') {
    return { requested, compression: requested, reason: `uploads-compression: ${requested}` }
  }
  const { bytes, gain } = await sampleGain(samples)
  const sample = { files: samples.length, bytes, gain }
  const percent = `${(gain * 100).toFixed(1)}%`
  if (options.compression === 'none') {
    return { requested, compression: 'none', sample, reason: 'compression: none' }
  }
  if (bytes === 0) {
    return {
      requested,
      compression: options.compression,
      sample,
      reason: `no file content to sample: compression ${options.compression}`
    }
  }
  if (gain < AUTO_MIN_GAIN) {
    return {
      requested,
      compression: 'gzip',
      level: 0,
      sample,
      reason: `a sample of ${samples.length} files gains ${percent} under gzip (under ${AUTO_MIN_GAIN * 100}%): stored at gzip level 0, still a .tar.gz that tar -xzf extracts`
    }
  }
  return {
    requested,
    compression: options.compression,
    sample,
    reason: `a sample of ${samples.length} files gains ${percent} under gzip: compression ${options.compression}`
  }
}
