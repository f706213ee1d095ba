import { describe, expect, it } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { gzipSync } from 'node:zlib'
import { SnapshotWriter } from '../../src/snapshot/writer.js'
import type { Storage } from '../../src/storage/storage.js'
import { testLog } from '../helpers/log.js'

/** A storage that reads its input slowly, as a loaded disk or a far S3 would. */
function slowStorage(kept: Map<string, Buffer>, delayMs: number): Storage {
  return {
    location: 'slow://',
    uriOf: (key) => `slow://${key}`,
    check: async () => undefined,
    put: async (key, body) => {
      const chunks: Buffer[] = []
      for await (const chunk of body as AsyncIterable<Buffer>) {
        chunks.push(chunk)
        await sleep(delayMs)
      }
      const data = Buffer.concat(chunks)
      kept.set(key, data)
      return data.length
    },
    get: async () => Readable.from([]),
    list: async function* () {},
    delete: async () => ({ deleted: [], held: [] }) as never,
    claim: async () => true,
    claimStands: async () => true,
    release: async () => undefined
  }
}

describe('SnapshotWriter', () => {
  it('gives a slow storage every byte although the source ended long before (regression: premature close)', async () => {
    const data = randomBytes(6 << 20)
    const slow = new Map<string, Buffer>()
    const fast = new Map<string, Buffer>()
    const writer = new SnapshotWriter(
      [slowStorage(slow, 5), slowStorage(fast, 0)],
      'env',
      'id',
      testLog()
    )
    const chunks = Array.from({ length: 96 }, (_, i) => data.subarray(i << 16, (i + 1) << 16))
    const file = await writer.writeFile('redis.rdb', Readable.from(chunks), {
      source: 'redis',
      compression: 'none'
    })
    expect(file.bytes).toBe(data.length)
    expect(slow.get('env/id/redis.rdb')?.equals(data)).toBe(true)
    expect(fast.get('env/id/redis.rdb')?.equals(data)).toBe(true)
  })

  it('stores a precompressed input as it comes, with the size before compression it is told', async () => {
    const sql = Buffer.from('COPY t (id) FROM stdin;\n1\n\\.\n'.repeat(1000))
    const gz = gzipSync(sql)
    const kept = new Map<string, Buffer>()
    const writer = new SnapshotWriter([slowStorage(kept, 0)], 'env', 'id', testLog())
    const file = await writer.writeFile('postgres.sql.gz', Readable.from([gz]), {
      source: 'postgres',
      compression: 'gzip',
      precompressed: { sourceBytes: () => sql.length }
    })
    expect(kept.get('env/id/postgres.sql.gz')?.equals(gz)).toBe(true)
    expect(file).toMatchObject({ bytes: gz.length, sourceBytes: sql.length, compression: 'gzip' })
    expect(file.sha256).toBe(createHash('sha256').update(gz).digest('hex'))
  })
})
