import { describe, expect, it } from '@jest/globals'
import { prune } from '../../src/commands/prune.js'
import { buildConfig, type RawInputs } from '../../src/config.js'
import type { Log } from '../../src/log.js'
import { snapshotIdFor } from '../../src/snapshot/id.js'
import { S3Storage } from '../../src/storage/s3.js'
import { mockClient, s3Error } from '../helpers/mockS3.js'
import { VersionedBucket } from '../helpers/versionedBucket.js'

// prune on a VERSIONED bucket with Object Lock and open multipart uploads, against a MOCK S3
// client (test/helpers/versionedBucket.ts): listings paged at 3, per-key errors on demand, and
// stores that lack the APIs. The same prune against RGW, for real: integration/prune-versions.

const NOW = new Date('2026-11-25T03:00:00Z')
const HOUR = 3_600_000
const ENV = 'production'
const P = `p/${ENV}`
const FAR = new Date('2099-01-01T00:00:00Z')
const id = (iso: string) => snapshotIdFor(new Date(iso))
const DATA = 'postgres.sql.gz'

function manifest(sid: string): string {
  const created = sid.replace(/T(\d\d)-(\d\d)-(\d\d)Z$/, 'T$1:$2:$3.000Z')
  return JSON.stringify({
    formatVersion: 1,
    id: sid,
    environment: ENV,
    kind: 'daily',
    createdAt: created,
    completedAt: created,
    durationSeconds: 1,
    tool: { name: 'luneo-backup', version: '0.1.0' },
    files: [
      { name: DATA, bytes: 10, sha256: 'a'.repeat(64), source: 'postgres', compression: 'gzip' }
    ],
    sources: {}
  })
}

const lines: string[] = []
const log: Log = {
  info: (m) => void lines.push(m),
  warning: (m) => void lines.push(`warning: ${m}`),
  group: (_n, work) => work(),
  secret: () => undefined
}

function raw(extra: RawInputs = {}): RawInputs {
  return {
    command: 'prune',
    environment: ENV,
    's3-bucket': 'bkt',
    's3-prefix': 'p',
    's3-force-path-style': 'true',
    sse: 'none',
    ...extra
  }
}

const OLD = id('2025-10-05T02:00:00Z') // past the hard limit: every version must go
const LOCKED = id('2025-11-10T02:00:00Z') // past the hard limit, manifest under retention
const HELD = id('2025-10-20T02:00:00Z') // past the hard limit, data under a legal hold
const RECENT = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24'].map((d) =>
  id(`${d}T02:00:00Z`)
)

function seed(): VersionedBucket {
  const b = new VersionedBucket()
  b.pageSize = 3 // so every listing pages
  const complete = (sid: string) => {
    b.put(`${P}/${sid}/${DATA}`, '0123456789')
    b.put(`${P}/${sid}/manifest.json`, manifest(sid))
  }
  for (const sid of RECENT) complete(sid)
  // OLD: an overwritten manifest, and data with a noncurrent delete marker between versions.
  b.put(`${P}/${OLD}/manifest.json`, 'an older manifest')
  b.put(`${P}/${OLD}/${DATA}`, 'first')
  b.markDeleted(`${P}/${OLD}/${DATA}`)
  complete(OLD)
  // LOCKED: every version under COMPLIANCE retention until 2099.
  b.put(`${P}/${LOCKED}/${DATA}`, '0123456789', { retainUntil: FAR })
  b.put(`${P}/${LOCKED}/manifest.json`, manifest(LOCKED), { retainUntil: FAR })
  // HELD: its data under a legal hold only; its manifest free.
  b.put(`${P}/${HELD}/${DATA}`, '0123456789', { legalHold: true })
  b.put(`${P}/${HELD}/manifest.json`, manifest(HELD), { legalHold: false })
  // An old ledger event, overwritten once; other environments and the bucket's other data.
  b.put(`${P}/ledger/2025-09-01T02-00-00Z-backup-aa.json`, '{}')
  b.put(`${P}/ledger/2025-09-01T02-00-00Z-backup-aa.json`, '{ }')
  b.put(`${P}-eu/${OLD}/manifest.json`, 'not ours')
  b.uploads.push(
    {
      key: `${P}/${id('2026-11-23T02:00:00Z')}/x.gz`,
      uploadId: 'u-old',
      initiated: new Date(NOW.getTime() - 48 * HOUR)
    },
    {
      key: `${P}/${id('2026-11-25T02:00:00Z')}/y.gz`,
      uploadId: 'u-new',
      initiated: new Date(NOW.getTime() - 2 * HOUR)
    },
    { key: `${P}-eu/z.gz`, uploadId: 'u-eu', initiated: new Date(NOW.getTime() - 72 * HOUR) }
  )
  return b
}

function storageOn(b: VersionedBucket) {
  const { client, calls } = b.client()
  const config = buildConfig(raw(), {})
  return { storage: new S3Storage(config.s3!, log, client), calls }
}

const keysOf = (b: VersionedBucket, sid: string) =>
  b.versions.filter((v) => v.key.startsWith(`${P}/${sid}/`))

describe('prune on a versioned bucket with Object Lock (mock S3 client)', () => {
  it('deletes every version and delete marker, manifests first, reports what Object Lock holds, aborts old uploads', async () => {
    const b = seed()
    const { storage, calls } = storageOn(b)
    lines.length = 0
    const result = await prune(buildConfig(raw(), {}), log, NOW, [storage])

    // OLD: its 2 manifest versions, 2 data versions and the delete marker between them: gone.
    expect(keysOf(b, OLD)).toEqual([])
    expect(b.versions.filter((v) => v.key.includes('/ledger/'))).toEqual([])
    // LOCKED: the manifest is held, so its data stays with it (it must not look complete without it).
    expect(
      keysOf(b, LOCKED)
        .map((v) => v.key.split('/').pop())
        .sort()
    ).toEqual(['manifest.json', DATA])
    // HELD: manifest deleted; only the legally held data version remains.
    expect(keysOf(b, HELD).map((v) => [v.key.split('/').pop(), v.legalHold])).toEqual([
      [DATA, true]
    ])
    for (const sid of RECENT) expect(keysOf(b, sid)).toHaveLength(2)
    expect(b.versions.some((v) => v.key.startsWith(`${P}-eu/`))).toBe(true)

    // Deleted by version, manifests strictly before any data.
    const deletes = calls
      .filter((c) => c.command === 'DeleteObjectsCommand')
      .map(
        (c) => (c.input.Delete as { Objects: Array<{ Key: string; VersionId?: string }> }).Objects
      )
    for (const batch of deletes) for (const o of batch) expect(o.VersionId).toMatch(/^v\d+$/)
    const firstData = deletes.findIndex((batch) => batch.some((o) => o.Key.endsWith(DATA)))
    const lastManifest = deletes.findLastIndex((batch) =>
      batch.some((o) => o.Key.endsWith('manifest.json'))
    )
    expect(lastManifest).toBeLessThan(firstData)
    // The version listing paged (pageSize 3).
    expect(calls.some((c) => c.command === 'ListObjectVersionsCommand' && c.input.KeyMarker)).toBe(
      true
    )

    // Held objects: reported with the date they can go, and counted in the outcome.
    expect(result.outputs.held).toBe(2)
    expect(result.outputs.deleted).toBe(1) // OLD; LOCKED and HELD are held
    expect(result.summary).toContain('2 object version(s) held by Object Lock')
    expect(result.summary).toMatch(
      new RegExp(
        `\\| production/${LOCKED}/manifest.json \\| v\\d+ \\| COMPLIANCE \\| 2099-01-01T00:00:00.000Z \\|`
      )
    )
    expect(result.summary).toMatch(
      new RegExp(
        `\\| production/${HELD}/${DATA} \\| v\\d+ \\| legal hold \\| when the legal hold is removed \\|`
      )
    )
    expect(lines).toContainEqual(
      expect.stringMatching(/^warning: held by Object Lock, not deleted: .*COMPLIANCE until 2099/)
    )

    // Multipart uploads: only the one under this environment older than a day.
    expect(b.uploads.map((u) => u.uploadId).sort()).toEqual(['u-eu', 'u-new'])
    expect(result.summary).toMatch(/Multipart uploads older than a day: 1, 1 aborted/)

    // A second prune deletes nothing more, and still reports what is held.
    const before = b.versions.length
    const again = await prune(buildConfig(raw(), {}), log, NOW, [storage])
    expect(b.versions.length).toBe(before)
    expect(again.outputs).toMatchObject({ deleted: 0, held: 2 })
  })

  it('dry-run deletes nothing and aborts nothing, but lists the old uploads', async () => {
    const b = seed()
    const { storage, calls } = storageOn(b)
    const versions = b.versions.length
    const result = await prune(buildConfig(raw({ 'dry-run': 'true' }), {}), log, NOW, [storage])
    expect(b.versions.length).toBe(versions)
    expect(b.uploads).toHaveLength(3)
    expect(calls.map((c) => c.command)).not.toContain('DeleteObjectsCommand')
    expect(calls.map((c) => c.command)).not.toContain('AbortMultipartUploadCommand')
    expect(result.summary).toMatch(/Multipart uploads older than a day: 1 to abort \(production\//)
  })

  it('fails on any other per-key error, naming the object, and does not take it for Object Lock', async () => {
    const b = seed()
    const answers = b.answers()
    const { client } = mockClient({
      ...answers,
      DeleteObjectsCommand: (input) => {
        const objects = (input.Delete as { Objects: Array<{ Key: string; VersionId?: string }> })
          .Objects
        return {
          Errors: objects
            .filter((o) => o.Key.endsWith(DATA))
            .map((o) => ({
              Key: o.Key,
              VersionId: o.VersionId,
              Code: 'InternalError',
              Message: 'try again'
            }))
        }
      }
    })
    const storage = new S3Storage(buildConfig(raw(), {}).s3!, log, client)
    await expect(prune(buildConfig(raw(), {}), log, NOW, [storage])).rejects.toThrow(
      /could not delete \d+ object\(s\), first s3:\/\/bkt\/p\/production\/.*postgres\.sql\.gz \(version v\d+\): InternalError try again/
    )
  })

  it('an AccessDenied without any retention or legal hold is an IAM problem: it fails', async () => {
    const b = seed()
    const { client } = mockClient({
      ...b.answers(),
      DeleteObjectsCommand: (input) => ({
        Errors: (
          input.Delete as { Objects: Array<{ Key: string; VersionId?: string }> }
        ).Objects.map((o) => ({
          Key: o.Key,
          VersionId: o.VersionId,
          Code: 'AccessDenied',
          Message: 'Access Denied'
        }))
      })
    })
    const storage = new S3Storage(buildConfig(raw(), {}).s3!, log, client)
    await expect(storage.delete([`${ENV}/${OLD}/manifest.json`])).rejects.toThrow(
      /could not delete 2 object\(s\).*AccessDenied Access Denied/
    )
  })
})

describe('S3Storage.delete on stores without versions (mock S3 client)', () => {
  it('falls back to plain deletes when ListObjectVersions is not allowed (a store answering 405, as s3rver did)', async () => {
    const { client, calls } = mockClient({
      ListObjectVersionsCommand: () => {
        throw s3Error('MethodNotAllowed', 405)
      },
      DeleteObjectsCommand: () => ({})
    })
    lines.length = 0
    const storage = new S3Storage(buildConfig(raw(), {}).s3!, log, client)
    const report = await storage.delete(['production/a/manifest.json', 'production/b/x'])
    expect(report).toEqual({ removed: 2, held: [] })
    expect(calls.filter((c) => c.command === 'DeleteObjectsCommand')[0].input.Delete).toEqual({
      Objects: [{ Key: 'p/production/a/manifest.json' }, { Key: 'p/production/b/x' }],
      Quiet: true
    })
    expect(lines).toContainEqual(
      expect.stringMatching(/does not list object versions \(MethodNotAllowed\)/)
    )
    // Asked once per storage, not on every call.
    await storage.delete(['production/c/x'])
    expect(calls.filter((c) => c.command === 'ListObjectVersionsCommand')).toHaveLength(1)
  })

  it('skips multipart uploads with a log line where ListMultipartUploads is NotImplemented (as in s3rver)', async () => {
    const { client } = mockClient({
      ListMultipartUploadsCommand: () => {
        throw s3Error('NotImplemented', 501)
      }
    })
    lines.length = 0
    const storage = new S3Storage(buildConfig(raw(), {}).s3!, log, client)
    expect(await storage.abortStaleUploads('production/', NOW, false)).toEqual({
      supported: false,
      uploads: [],
      aborted: 0
    })
    expect(lines).toContainEqual(
      expect.stringMatching(/does not list multipart uploads \(NotImplemented\)/)
    )
  })

  it('deletes more than 1,000 versions in batches of 1,000', async () => {
    const b = new VersionedBucket()
    for (let i = 0; i < 1500; i++) b.put(`${P}/${OLD}/${DATA}`, String(i))
    const { storage, calls } = storageOn(b)
    const report = await storage.delete([`${ENV}/${OLD}/${DATA}`])
    expect(report).toEqual({ removed: 1500, held: [] })
    expect(b.versions).toEqual([])
    expect(
      calls
        .filter((c) => c.command === 'DeleteObjectsCommand')
        .map((c) => (c.input.Delete as { Objects: unknown[] }).Objects.length)
    ).toEqual([1000, 500])
  })
})
