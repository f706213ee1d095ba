import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import zlib from 'node:zlib'
import { createCompressor } from '../../src/snapshot/compression.js'
import { StoredGzip } from '../../src/snapshot/storedGzip.js'

async function store(input: Buffer, chunk: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  for (let i = 0; i < input.length; i += chunk) chunks.push(input.subarray(i, i + chunk))
  return buffer(Readable.from(chunks).pipe(new StoredGzip()))
}

describe('stored gzip (gzip level 0 without zlib)', () => {
  const input = randomBytes(3 * 65_535 + 1234)

  it('is what gzip level 0 asks for', () => {
    expect(createCompressor('gzip', { level: 0 })).toBeInstanceOf(StoredGzip)
    expect(createCompressor('gzip')).not.toBeInstanceOf(StoredGzip)
  })

  it.each([1, 1000, 65_535, 65_536, 200_000, 1 << 20])(
    'zlib and the system gunzip read it back whole (chunks of %d)',
    async (chunk) => {
      const packed = await store(input, chunk)
      expect(zlib.gunzipSync(packed).equals(input)).toBe(true)
      expect(
        execFileSync('gunzip', ['-c'], { input: packed, maxBuffer: 1 << 30 }).equals(input)
      ).toBe(true)
      // Stored blocks: 5 bytes of framing per chunk and per 65,535 bytes, plus header and trailer.
      const blocks = Math.ceil(input.length / chunk) + Math.ceil(input.length / 65_535)
      expect(packed.length).toBeLessThanOrEqual(input.length + 5 * blocks + 23)
    }
  )

  it('empty input is a valid .gz of nothing', async () => {
    const packed = await store(Buffer.alloc(0), 1)
    expect(zlib.gunzipSync(packed).length).toBe(0)
    expect(execFileSync('gunzip', ['-c'], { input: packed }).length).toBe(0)
  })

  it('gzip -t passes it, and tar -xzf extracts a tar stored through it', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stored-gzip-'))
    try {
      fs.mkdirSync(path.join(work, 'src', 'd'), { recursive: true })
      fs.writeFileSync(path.join(work, 'src', 'd', 'a.bin'), input)
      fs.writeFileSync(path.join(work, 'src', 'b.txt'), 'hello\n')
      const tarBytes = execFileSync('tar', ['-cf', '-', '-C', path.join(work, 'src'), '.'], {
        maxBuffer: 1 << 30
      })
      const gz = path.join(work, 'x.tar.gz')
      fs.writeFileSync(gz, await store(tarBytes, 100_000))
      execFileSync('gzip', ['-t', gz])
      fs.mkdirSync(path.join(work, 'out'))
      execFileSync('tar', ['-xzf', gz, '-C', path.join(work, 'out')])
      expect(fs.readFileSync(path.join(work, 'out', 'd', 'a.bin')).equals(input)).toBe(true)
      expect(fs.readFileSync(path.join(work, 'out', 'b.txt'), 'utf8')).toBe('hello\n')
    } finally {
      fs.rmSync(work, { recursive: true, force: true })
    }
  })
})
