import { describe, expect, it } from '@jest/globals'
import { Readable } from 'node:stream'
import type { S3Config } from '../../src/config.js'
import type { Log } from '../../src/log.js'
import { MIN_PART_SIZE, S3Storage, isSnapshotDataKey, uploadPlan } from '../../src/storage/s3.js'
import { mockClient, s3Error } from '../helpers/mockS3.js'

// s3rver implements neither SSE nor listing/aborting multipart uploads, so these paths are
// tested against a MOCK S3 client: a real S3Client whose requests a middleware answers.

const config: S3Config = { bucket: 'b', prefix: 'p', forcePathStyle: true, sse: 'AES256' }
const warnings: string[] = []
const log: Log = {
  info: () => undefined,
  warning: (m) => void warnings.push(m),
  group: (_n, work) => work(),
  secret: () => undefined
}

const bigBody = () =>
  Readable.from([Buffer.alloc(MIN_PART_SIZE), Buffer.alloc(MIN_PART_SIZE), Buffer.alloc(10)])

describe('S3Storage with a mock S3 client', () => {
  it('sends server-side encryption on every object (mock: s3rver ignores SSE)', async () => {
    const { client, calls } = mockClient({
      PutObjectCommand: () => ({}),
      HeadObjectCommand: () => ({ ContentLength: 5 })
    })
    const kms = new S3Storage({ ...config, sse: 'aws:kms', kmsKeyId: 'key-1' }, log, client)
    expect(await kms.put('env/id/manifest.json', Buffer.from('hello'))).toBe(5)
    expect(calls[0].input).toMatchObject({
      Bucket: 'b',
      Key: 'p/env/id/manifest.json',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'key-1'
    })

    const plain = mockClient({
      CreateMultipartUploadCommand: () => ({ UploadId: 'u1' }),
      UploadPartCommand: () => ({ ETag: '"e"' }),
      CompleteMultipartUploadCommand: () => ({}),
      HeadObjectCommand: () => ({ ContentLength: 2 * MIN_PART_SIZE + 10 })
    })
    await new S3Storage(config, log, plain.client).put('env/id/postgres.sql.gz', bigBody())
    expect(
      plain.calls.find((c) => c.command === 'CreateMultipartUploadCommand')?.input
    ).toMatchObject({ ServerSideEncryption: 'AES256' })
  })

  it('aborts the multipart upload when a part fails, and shows the part error (mock: s3rver cannot abort)', async () => {
    const { client, calls } = mockClient({
      CreateMultipartUploadCommand: () => ({ UploadId: 'u1' }),
      UploadPartCommand: () => {
        throw Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' })
      },
      AbortMultipartUploadCommand: () => ({})
    })
    const storage = new S3Storage(config, log, client)
    await expect(storage.put('env/id/postgres.sql.gz', bigBody())).rejects.toThrow(/ECONNRESET/)
    expect(
      calls.filter((c) => c.command === 'AbortMultipartUploadCommand').map((c) => c.input)
    ).toEqual([{ Bucket: 'b', Key: 'p/env/id/postgres.sql.gz', UploadId: 'u1' }])
  })

  it('keeps the first error when the abort fails too, and warns (mock)', async () => {
    warnings.length = 0
    const { client } = mockClient({
      CreateMultipartUploadCommand: () => ({ UploadId: 'u2' }),
      UploadPartCommand: () => {
        throw Object.assign(new Error('part failed: InternalError'), { name: 'InternalError' })
      },
      AbortMultipartUploadCommand: () => {
        throw new Error('abort refused')
      }
    })
    await expect(new S3Storage(config, log, client).put('env/id/x', bigBody())).rejects.toThrow(
      /InternalError/
    )
    expect(warnings).toEqual([
      expect.stringMatching(
        /could not abort the multipart upload of s3:\/\/b\/p\/env\/id\/x \(abort refused\)/
      )
    ])
  })

  it('reports the stored size from HeadObject, so a short object is caught (mock)', async () => {
    const { client } = mockClient({
      PutObjectCommand: () => ({}),
      HeadObjectCommand: () => ({ ContentLength: 3 })
    })
    expect(await new S3Storage(config, log, client).put('k', Buffer.from('hello'))).toBe(3)
  })
})

describe('data tag and archived objects (mock S3 client)', () => {
  const TAG = 'luneo-backup%3Aclass=data'
  it('tags snapshot data files, never manifest.json, the ledger or drill reports', async () => {
    const { client, calls } = mockClient({
      PutObjectCommand: () => ({}),
      HeadObjectCommand: () => ({ ContentLength: 5 }),
      CreateMultipartUploadCommand: () => ({ UploadId: 'u1' }),
      UploadPartCommand: () => ({ ETag: '"e"' }),
      CompleteMultipartUploadCommand: () => ({})
    })
    const storage = new S3Storage(config, log, client)
    const id = '2026-11-25T02-00-00Z'
    for (const key of [
      `env/${id}/postgres.sql.gz`,
      `env/${id}/manifest.json`,
      `env/ledger/${id}-backup-ab12.json`,
      `env/drills/${id}.json`
    ]) {
      await storage.put(key, Buffer.from('hello'))
    }
    const tagging = calls
      .filter((c) => c.command === 'PutObjectCommand')
      .map((c) => [c.input.Key, c.input.Tagging])
    expect(tagging).toEqual([
      [`p/env/${id}/postgres.sql.gz`, TAG],
      [`p/env/${id}/manifest.json`, undefined],
      [`p/env/ledger/${id}-backup-ab12.json`, undefined],
      [`p/env/drills/${id}.json`, undefined]
    ])
    // Multipart: the tag goes with CreateMultipartUpload (the object is tagged when complete).
    await storage.put(`env/${id}/uploads.tar`, bigBody())
    expect(calls.find((c) => c.command === 'CreateMultipartUploadCommand')?.input.Tagging).toBe(TAG)
    expect(isSnapshotDataKey(`env/${id}/redis.rdb.gz`)).toBe(true)
    expect(isSnapshotDataKey(`env/notes/x.gz`)).toBe(false)
  })

  it('says how to restore an archived object when GetObject meets InvalidObjectState', async () => {
    const { client } = mockClient({
      GetObjectCommand: () => {
        throw s3Error(
          'InvalidObjectState',
          403,
          'The operation is not valid for the object storage class'
        )
      }
    })
    const storage = new S3Storage(config, log, client)
    await expect(storage.get('env/2025-12-01T02-00-00Z/postgres.sql.gz')).rejects.toThrow(
      /^s3:\/\/b\/p\/env\/2025-12-01T02-00-00Z\/postgres\.sql\.gz is archived \(GLACIER\): request a restore first, e\.g\. aws s3api restore-object --bucket b --key p\/env\/2025-12-01T02-00-00Z\/postgres\.sql\.gz /
    )
  })
})

describe('uploadPlan', () => {
  const MiB = 1024 * 1024
  it('uses 8 MiB parts for small databases', () => {
    expect(uploadPlan(0)).toEqual({ partSize: 8 * MiB, queueSize: 4 })
    expect(uploadPlan(10 * 1024 * MiB).partSize).toBe(8 * MiB)
  })

  it('holds twice the estimate in 10,000 parts and stays within 256 MiB up to 500 GB', () => {
    for (const gb of [1, 50, 100, 200, 500]) {
      const size = gb * 1e9
      const { partSize, queueSize } = uploadPlan(size)
      expect(partSize * 10_000).toBeGreaterThanOrEqual(2 * size)
      expect(partSize).toBeGreaterThanOrEqual(8 * MiB)
      expect((queueSize + 1) * partSize).toBeLessThanOrEqual(256 * MiB)
    }
  })
})
