import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import zlib from 'node:zlib'
import { BlockCompressor } from '../../src/snapshot/blockCompressor.js'
import { createCompressor, createDecompressor } from '../../src/snapshot/compression.js'

async function roundTrip(compression: 'gzip' | 'zstd', input: Buffer, chunk: number) {
  const chunks: Buffer[] = []
  for (let i = 0; i < input.length; i += chunk) chunks.push(input.subarray(i, i + chunk))
  const packed = await buffer(Readable.from(chunks).pipe(createCompressor(compression)))
  const unpacked = await buffer(Readable.from([packed]).pipe(createDecompressor(compression)))
  return { packed, unpacked }
}

describe('block-parallel compression', () => {
  const text = Buffer.from(
    Array.from({ length: 200_000 }, (_, i) => `${i}\tcustomer ${i % 977}\t{"k": ${i}}\n`).join('')
  )
  const mixed = Buffer.concat([text, randomBytes(3 << 20), text])

  it.each(['gzip', 'zstd'] as const)(
    '%s: blocks come back whole and in order, whatever the chunking',
    async (c) => {
      for (const chunk of [1000, 65536, 5 << 20]) {
        const { packed, unpacked } = await roundTrip(c, mixed, chunk)
        expect(unpacked.equals(mixed)).toBe(true)
        expect(packed.length).toBeLessThan(mixed.length)
      }
    }
  )

  it('gzip output is one stream for the system gunzip (multi-member)', async () => {
    const { packed } = await roundTrip('gzip', text, 70_000)
    expect(execFileSync('gunzip', ['-c'], { input: packed, maxBuffer: 1 << 30 }).equals(text)).toBe(
      true
    )
    expect(zlib.gunzipSync(packed).equals(text)).toBe(true)
  })

  it('empty input is still a valid compressed file', async () => {
    for (const c of ['gzip', 'zstd'] as const) {
      const { packed, unpacked } = await roundTrip(c, Buffer.alloc(0), 1)
      expect(packed.length).toBeGreaterThan(0)
      expect(unpacked.length).toBe(0)
    }
  })

  it('costs little ratio against one stream', async () => {
    const { packed } = await roundTrip('gzip', text, 65536)
    const single = zlib.gzipSync(text, { level: 1 }) // the default level
    expect(packed.length / single.length).toBeLessThan(1.02)
  })

  it('reuses a block buffer only once its block is compressed (slow, out-of-order compressors)', async () => {
    // A compressor that reads its block late, and finishes in scrambled order: if a buffer were
    // refilled while its block was still in flight, the output would hold the wrong bytes.
    let call = 0
    const late = (block: Buffer) =>
      new Promise<Buffer>((resolve) => {
        const delay = [15, 1, 8, 3][call++ % 4]
        setTimeout(() => resolve(Buffer.from(block)), delay)
      })
    const input = randomBytes(40 * 1000 + 7)
    const chunks: Buffer[] = []
    for (let i = 0; i < input.length; i += 999) chunks.push(input.subarray(i, i + 999))
    const out = await buffer(Readable.from(chunks).pipe(new BlockCompressor(late, 4096, 3)))
    expect(out.equals(input)).toBe(true)
    expect(call).toBe(Math.ceil(input.length / 4096))
  })
})
