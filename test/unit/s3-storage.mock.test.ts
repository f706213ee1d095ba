import { describe, expect, it } from '@jest/globals'
import { Readable } from 'node:stream'
import type { S3Config } from '../../src/config.js'
import type { Log } from '../../src/log.js'
import { DATA_TAG, drillReportKey, ledgerEventKey } from '../../src/snapshot/layout.js'
import { SnapshotWriter } from '../../src/snapshot/writer.js'
import { S3Storage } from '../../src/storage/s3.js'
import { ArchivedObjectError } from '../../src/storage/storage.js'
import { MIN_PART_SIZE, uploadPlan } from '../../src/storage/s3Client.js'
import { mockClient, s3Error } from '../helpers/mockS3.js'

// What a real server cannot be made to do on demand (a part failing, a request held in flight,
// a GET failing after a claim) and exactly which headers are sent, against a MOCK S3 client: a
// real S3Client whose requests a middleware answers. The same paths against RGW, for real:
// test/integration/storageContract.test.ts and cancel.test.ts.

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
  it('sends server-side encryption on every object (mock: the headers sent; RGW storing them: storageContract.test.ts)', async () => {
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

  it('aborts the multipart upload when a part fails, and shows the part error (mock: a part failing on demand)', async () => {
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
      CompleteMultipartUploadCommand: () => ({}),
      PutObjectTaggingCommand: () => ({})
    })
    const storage = new S3Storage(config, log, client)
    const id = '2026-11-25T02-00-00Z'
    // The writer tags what it streams (data); the manifest, the ledger and drill reports go
    // through plain puts, as notify/ledger.ts and commands/drill.ts make them.
    const writer = new SnapshotWriter([storage], 'env', id, log)
    await writer.writeFile('postgres.sql.gz', Readable.from([Buffer.from('hello')]), {
      source: 'postgres',
      compression: 'none'
    })
    for (const key of [
      `env/${id}/manifest.json`,
      ledgerEventKey('env', new Date('2026-11-25T02:00:00Z'), 'backup', 'ab12'),
      drillReportKey('env', new Date('2026-11-25T02:00:00Z'))
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
    // Multipart: the tag goes with CreateMultipartUpload, and again once complete (RGW drops it
    // at creation; test/integration/storageContract.test.ts proves the tags stick there).
    await storage.put(`env/${id}/uploads.tar`, bigBody(), {
      tags: { [DATA_TAG.key]: DATA_TAG.value }
    })
    expect(calls.find((c) => c.command === 'CreateMultipartUploadCommand')?.input.Tagging).toBe(TAG)
    const retag = calls.filter((c) => c.command === 'PutObjectTaggingCommand')
    expect(retag.map((c) => [c.input.Key, c.input.Tagging])).toEqual([
      [`p/env/${id}/uploads.tar`, { TagSet: [{ Key: DATA_TAG.key, Value: DATA_TAG.value }] }]
    ])
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

describe('archived objects (mock: GLACIER restores and Deep Archive do not exist on RGW)', () => {
  const object = (storageClass?: string) => ({
    key: 'env/2025-12-01T02-00-00Z/redis.rdb',
    bytes: 9,
    lastModified: new Date(0),
    ...(storageClass ? { storageClass } : {})
  })

  it('carries the storage class of each listed object through list()', async () => {
    const { client } = mockClient({
      ListObjectsV2Command: () => ({
        Contents: [
          { Key: 'p/env/a', Size: 1, StorageClass: 'STANDARD' },
          { Key: 'p/env/b', Size: 2, StorageClass: 'GLACIER' },
          { Key: 'p/env/c', Size: 3 }
        ]
      })
    })
    const listed = []
    for await (const o of new S3Storage(config, log, client).list('env/')) listed.push(o)
    expect(listed.map((o) => [o.key, o.storageClass])).toEqual([
      ['env/a', 'STANDARD'],
      ['env/b', 'GLACIER'],
      ['env/c', undefined]
    ])
  })

  it('STANDARD, GLACIER_IR and classless objects are readable without asking S3', async () => {
    const { client, calls } = mockClient({})
    const storage = new S3Storage(config, log, client)
    for (const c of [undefined, 'STANDARD', 'STANDARD_IA', 'GLACIER_IR', 'INTELLIGENT_TIERING']) {
      expect([c, await storage.isArchived(object(c))]).toEqual([c, false])
    }
    expect(calls).toEqual([])
  })

  it.each([
    ['GLACIER', undefined, true],
    ['DEEP_ARCHIVE', undefined, true],
    ['GLACIER', 'ongoing-request="true"', true],
    ['GLACIER', 'ongoing-request="false", expiry-date="Fri, 21 Dec 2026 00:00:00 GMT"', false],
    ['DEEP_ARCHIVE', 'ongoing-request="false", expiry-date="Fri, 21 Dec 2026 00:00:00 GMT"', false]
  ])('%s with Restore %s: archived %s (HeadObject)', async (storageClass, restore, archived) => {
    const { client, calls } = mockClient({
      HeadObjectCommand: () => ({
        StorageClass: storageClass,
        ...(restore ? { Restore: restore } : {})
      })
    })
    expect(await new S3Storage(config, log, client).isArchived(object(storageClass))).toBe(archived)
    expect(calls.map((c) => [c.command, c.input.Key])).toEqual([
      ['HeadObjectCommand', 'p/env/2025-12-01T02-00-00Z/redis.rdb']
    ])
  })

  it('a GetObject refused with InvalidObjectState is an ArchivedObjectError', async () => {
    const { client } = mockClient({
      GetObjectCommand: () => {
        throw s3Error('InvalidObjectState', 403)
      }
    })
    await expect(new S3Storage(config, log, client).get('env/x')).rejects.toBeInstanceOf(
      ArchivedObjectError
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

/**
 * A MOCK bucket that honours `If-None-Match: *` as AWS S3 does (RGW ignores it on a versioned
 * bucket): a second
 * conditional PUT of a key gets 412; the first `conflicts` conditional PUTs answer 409
 * ConditionalRequestConflict, as AWS may while another conditional write of the key is in flight.
 */
function conditionalBucket(conflicts = 0) {
  const objects = new Map<string, string>()
  let conflictsLeft = conflicts
  /** Set to make every GetObject fail as a store in trouble does (500). */
  const state = { failGets: false }
  const mock = mockClient({
    PutObjectCommand: (input) => {
      const key = input.Key as string
      if (input.IfNoneMatch === '*') {
        if (conflictsLeft > 0) {
          conflictsLeft--
          throw s3Error('ConditionalRequestConflict', 409)
        }
        if (objects.has(key)) throw s3Error('PreconditionFailed', 412)
      }
      objects.set(key, String(input.Body))
      return {}
    },
    ListObjectsV2Command: (input) => ({
      Contents: [...objects.keys()]
        .filter((k) => k.startsWith(input.Prefix as string))
        .map((Key) => ({ Key, Size: objects.get(Key)!.length }))
    }),
    GetObjectCommand: (input) => {
      if (state.failGets) throw s3Error('InternalError', 500, 'We encountered an internal error')
      const body = objects.get(input.Key as string)
      if (body === undefined) throw s3Error('NoSuchKey', 404)
      return { Body: Readable.from([Buffer.from(body)]) }
    },
    ListObjectVersionsCommand: (input) => ({
      Versions: [...objects.keys()]
        .filter((k) => k.startsWith(input.Prefix as string))
        .map((Key) => ({ Key, VersionId: 'null' }))
    }),
    DeleteObjectCommand: (input) => {
      objects.delete(input.Key as string)
      return {}
    },
    DeleteObjectsCommand: (input) => {
      for (const o of (input.Delete as { Objects: Array<{ Key: string }> }).Objects)
        objects.delete(o.Key)
      return {}
    }
  })
  return { ...mock, objects, state }
}

describe('S3Storage claims on a store that honours If-None-Match (mock: AWS conditional writes)', () => {
  const holder = (token: string) => ({
    token,
    startedAt: '2026-11-24T02:00:00.000Z',
    host: 'h',
    pid: 1
  })

  it('probes once, claims with one conditional PUT of .claim, and a second claimant gets 412', async () => {
    const bucket = conditionalBucket()
    const a = new S3Storage(config, log, bucket.client)
    const b = new S3Storage(config, log, bucket.client)
    expect(await a.claim('env/2026-11-24T02-00-00Z/', holder('aaa'))).toBe(true)
    expect(await b.claim('env/2026-11-24T02-00-00Z/', holder('bbb'))).toBe(false)
    expect([...bucket.objects.keys()]).toEqual(['p/env/2026-11-24T02-00-00Z/.claim'])
    const claimPuts = bucket.calls.filter(
      (c) => c.command === 'PutObjectCommand' && String(c.input.Key).endsWith('/.claim')
    )
    expect(claimPuts.map((c) => c.input.IfNoneMatch)).toEqual(['*', '*'])
    expect(claimPuts[0].input).toMatchObject({ ServerSideEncryption: 'AES256' })
    // The probe: two conditional PUTs of one key per storage, the second refused, then deleted.
    const probes = bucket.calls.filter(
      (c) => c.command === 'PutObjectCommand' && String(c.input.Key).includes('.luneo-probe-')
    )
    expect(probes).toHaveLength(4)
    // Claims and probes are removed by key alone (DeleteObject): the writer deletes no version.
    expect(bucket.calls.filter((c) => c.command === 'DeleteObjectsCommand')).toEqual([])
    expect(await a.claimStands('env/2026-11-24T02-00-00Z/', holder('aaa'))).toBe(true)
    expect(await b.claimStands('env/2026-11-24T02-00-00Z/', holder('bbb'))).toBe(false)
    // Only the holder's release removes the claim.
    await b.release('env/2026-11-24T02-00-00Z/', holder('bbb'))
    expect(bucket.objects.has('p/env/2026-11-24T02-00-00Z/.claim')).toBe(true)
    await a.release('env/2026-11-24T02-00-00Z/', holder('aaa'))
    expect(bucket.objects.size).toBe(0)
  })

  it('retries a 409 ConditionalRequestConflict, and never claims a folder that holds objects', async () => {
    const bucket = conditionalBucket(3)
    const storage = new S3Storage(config, log, bucket.client)
    expect(await storage.claim('env/2026-11-24T02-00-00Z/', holder('aaa'))).toBe(true)

    bucket.objects.set('p/env/2026-11-24T02-00-01Z/postgres.sql.gz', 'old')
    expect(await storage.claim('env/2026-11-24T02-00-01Z/', holder('aaa'))).toBe(false)
    expect([...bucket.objects.keys()].filter((k) => k.includes('02-00-01Z'))).toEqual([
      'p/env/2026-11-24T02-00-01Z/postgres.sql.gz'
    ])
  })

  it('takes a 412 for its own claim as won (the SDK retried a PUT whose answer was lost)', async () => {
    const bucket = conditionalBucket()
    const storage = new S3Storage(config, log, bucket.client)
    bucket.objects.set('p/env/2026-11-24T02-00-00Z/.claim', JSON.stringify(holder('aaa')))
    expect(await storage.claim('env/2026-11-24T02-00-00Z/', holder('aaa'))).toBe(true)
    expect(await storage.claim('env/2026-11-24T02-00-00Z/', holder('bbb'))).toBe(false)
  })

  it('does not take a failed read of its claim for a lost claim: the error is named', async () => {
    const bucket = conditionalBucket()
    const storage = new S3Storage(config, log, bucket.client)
    expect(await storage.claim('env/2026-11-24T02-00-00Z/', holder('aaa'))).toBe(true)
    bucket.state.failGets = true
    await expect(storage.claimStands('env/2026-11-24T02-00-00Z/', holder('aaa'))).rejects.toThrow(
      /S3 failed for s3:\/\/b\/p\/env\/2026-11-24T02-00-00Z\/\.claim: InternalError/
    )
    // Gone is an answer: false.
    bucket.state.failGets = false
    bucket.objects.delete('p/env/2026-11-24T02-00-00Z/.claim')
    expect(await storage.claimStands('env/2026-11-24T02-00-00Z/', holder('aaa'))).toBe(false)
  })
})

describe('S3Storage multipart abort (mock: CreateMultipartUpload held in flight)', () => {
  it('aborts an upload whose CreateMultipartUpload was still in flight when the put failed', async () => {
    let answerCreate: (v: { UploadId: string }) => void = () => undefined
    const { client, calls } = mockClient({
      CreateMultipartUploadCommand: () =>
        new Promise<{ UploadId: string }>((resolve) => (answerCreate = resolve)),
      UploadPartCommand: () => ({ ETag: '"e"' }),
      AbortMultipartUploadCommand: () => ({})
    })
    const storage = new S3Storage(config, log, client)
    const stop = new AbortController()
    const put = storage.put('env/id/postgres.sql.gz', bigBody(), { signal: stop.signal })
    await new Promise((r) => setTimeout(r, 50))
    expect(calls.map((c) => c.command)).toContain('CreateMultipartUploadCommand')
    stop.abort(new Error('pg_dump died'))
    setTimeout(() => answerCreate({ UploadId: 'late-1' }), 50)
    await expect(put).rejects.toThrow()
    const abort = calls.find((c) => c.command === 'AbortMultipartUploadCommand')
    expect(abort?.input).toMatchObject({ Key: 'p/env/id/postgres.sql.gz', UploadId: 'late-1' })
  })
})
