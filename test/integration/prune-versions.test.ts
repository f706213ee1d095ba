import { afterAll, describe, expect, it } from '@jest/globals'
import {
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectRetentionCommand,
  AbortMultipartUploadCommand
} from '@aws-sdk/client-s3'
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { prune } from '../../src/commands/prune.js'
import { buildConfig, type RawInputs } from '../../src/config.js'
import { snapshotIdFor } from '../../src/snapshot/id.js'
import { S3Storage } from '../../src/storage/s3.js'
import { testLog } from '../helpers/log.js'
import { requireEnv } from '../helpers/run.js'
import { testS3Client } from '../helpers/s3.js'

// prune on RGW's versioned bucket with Object Lock, for real: every version and delete marker of
// a doomed key is deleted; a version under COMPLIANCE or GOVERNANCE retention, or a legal hold,
// is reported with the date it can go and the rest deleted; a prune after that date (retention a
// few seconds ahead: a bucket's default retention cannot be shorter than a day) or after the hold
// is lifted finishes the job; a multipart upload older than a day is aborted. Prune runs with
// "now" 25 hours ahead, so an upload opened now is a day old (RGW lists its real initiation time).

const client = testS3Client()
const Bucket = requireEnv('TEST_S3_BUCKET')
const PREFIX = `prune-versions-${randomBytes(4).toString('hex')}`
const ENV = 'production'
const P = `${PREFIX}/${ENV}`
const HOUR = 3_600_000
const DAY = 24 * HOUR
const NOW = new Date(Date.now() + 25 * HOUR)
const DATA = 'postgres.sql.gz'
const id = (ms: number) => snapshotIdFor(new Date(ms))
const RECENT = [id(Date.now() - HOUR), id(Date.now() - 25 * HOUR)]
const OLD = id(NOW.getTime() - 400 * DAY) // past the hard limit: every version must go
const LOCKED = id(NOW.getTime() - 390 * DAY) // past it, every version under retention a while
const HELD = id(NOW.getTime() - 380 * DAY) // past it, its data under a legal hold
const LEDGER = `${P}/ledger/${id(NOW.getTime() - 420 * DAY)}-backup-aa.json`

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

const put = async (Key: string, Body: string) =>
  (await client.send(new PutObjectCommand({ Bucket, Key, Body }))).VersionId!

/** Every version and delete marker under a prefix: [file name, version id, is a marker]. */
async function versionsUnder(prefix: string): Promise<string[][]> {
  const res = await client.send(new ListObjectVersionsCommand({ Bucket, Prefix: prefix }))
  return [
    ...(res.Versions ?? []).map((v) => [v.Key!.slice(prefix.length), v.VersionId!, 'version']),
    ...(res.DeleteMarkers ?? []).map((v) => [v.Key!.slice(prefix.length), v.VersionId!, 'marker'])
  ].sort()
}

function raw(): RawInputs {
  return {
    command: 'prune',
    environment: ENV,
    's3-bucket': Bucket,
    's3-prefix': PREFIX,
    's3-endpoint': requireEnv('TEST_S3_ENDPOINT'),
    's3-force-path-style': 'true'
  }
}

let heldDataVersion = ''
afterAll(async () => {
  // Lift the hold, so nothing of this test stays in the bucket for good.
  if (heldDataVersion) {
    await client
      .send(
        new PutObjectLegalHoldCommand({
          Bucket,
          Key: `${P}/${HELD}/${DATA}`,
          VersionId: heldDataVersion,
          LegalHold: { Status: 'OFF' }
        })
      )
      .catch(() => undefined)
  }
})

describe('prune on RGW, versioned with Object Lock', () => {
  it('deletes every version and marker, reports what Object Lock holds with its date, finishes later, aborts a day-old upload', async () => {
    const started = Date.now()
    for (const sid of RECENT) {
      await put(`${P}/${sid}/${DATA}`, '0123456789')
      await put(`${P}/${sid}/manifest.json`, manifest(sid))
    }
    // OLD: an overwritten manifest, and data with a delete marker between its two versions.
    await put(`${P}/${OLD}/manifest.json`, 'an older manifest')
    await put(`${P}/${OLD}/${DATA}`, 'first')
    await client.send(new DeleteObjectCommand({ Bucket, Key: `${P}/${OLD}/${DATA}` }))
    await put(`${P}/${OLD}/${DATA}`, '0123456789')
    await put(`${P}/${OLD}/manifest.json`, manifest(OLD))
    // LOCKED: the manifest under COMPLIANCE, the data under GOVERNANCE, both 25 s ahead.
    const until = new Date(Math.ceil((Date.now() + 25_000) / 1000) * 1000)
    for (const [file, body, Mode] of [
      [DATA, '0123456789', 'GOVERNANCE'],
      ['manifest.json', manifest(LOCKED), 'COMPLIANCE']
    ] as const) {
      const Key = `${P}/${LOCKED}/${file}`
      const VersionId = await put(Key, body)
      await client.send(
        new PutObjectRetentionCommand({
          Bucket,
          Key,
          VersionId,
          Retention: { Mode, RetainUntilDate: until }
        })
      )
    }
    // HELD: its data under a legal hold; its manifest free.
    heldDataVersion = await put(`${P}/${HELD}/${DATA}`, '0123456789')
    await client.send(
      new PutObjectLegalHoldCommand({
        Bucket,
        Key: `${P}/${HELD}/${DATA}`,
        VersionId: heldDataVersion,
        LegalHold: { Status: 'ON' }
      })
    )
    await put(`${P}/${HELD}/manifest.json`, manifest(HELD))
    await put(LEDGER, '{}')
    await put(LEDGER, '{ }')
    // Open uploads: one of this environment (a day old at NOW), one of a sibling prefix.
    const open = await client.send(
      new CreateMultipartUploadCommand({ Bucket, Key: `${P}/${RECENT[0]}/x.gz` })
    )
    const sibling = await client.send(
      new CreateMultipartUploadCommand({ Bucket, Key: `${P}-eu/${RECENT[0]}/y.gz` })
    )

    const log = testLog()
    const storage = () => new S3Storage(buildConfig(raw(), {}).s3!, log)
    const first = await prune(buildConfig(raw(), {}), log, NOW, [storage()])

    // OLD: both manifest versions, both data versions and the marker between them: gone.
    expect(await versionsUnder(`${P}/${OLD}/`)).toEqual([])
    expect(await versionsUnder(`${P}/ledger/`)).toEqual([])
    // LOCKED: its manifest is held, so its data stays with it (never complete-looking without it).
    const locked = await versionsUnder(`${P}/${LOCKED}/`)
    expect(locked.map((v) => v[0])).toEqual(['manifest.json', DATA])
    // HELD: manifest gone; only the held data version remains.
    expect(await versionsUnder(`${P}/${HELD}/`)).toEqual([[DATA, heldDataVersion, 'version']])
    for (const sid of RECENT) expect(await versionsUnder(`${P}/${sid}/`)).toHaveLength(2)
    // Held versions reported with the date they can go.
    expect(first.outputs).toMatchObject({ deleted: 1, held: 2 })
    expect(first.summary).toContain('2 object version(s) held by Object Lock')
    expect(first.summary).toContain(
      `| production/${LOCKED}/manifest.json | ${locked[0][1]} | COMPLIANCE | ${until.toISOString()} |`
    )
    expect(first.summary).toContain(
      `| production/${HELD}/${DATA} | ${heldDataVersion} | legal hold | when the legal hold is removed |`
    )
    // The day-old upload of this environment is aborted; the sibling's stays.
    expect(first.summary).toMatch(/Multipart uploads older than a day: 1, 1 aborted/)
    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket, Prefix: PREFIX }))
    expect((uploads.Uploads ?? []).map((u) => u.UploadId)).toEqual([sibling.UploadId])
    expect((uploads.Uploads ?? []).map((u) => u.UploadId)).not.toContain(open.UploadId)
    await client.send(
      new AbortMultipartUploadCommand({
        Bucket,
        Key: `${P}-eu/${RECENT[0]}/y.gz`,
        UploadId: sibling.UploadId
      })
    )

    // Once the retention date has passed, the next prune deletes LOCKED, manifest first.
    await sleep(Math.max(0, until.getTime() + 1500 - Date.now()))
    const second = await prune(buildConfig(raw(), {}), log, NOW, [storage()])
    expect(await versionsUnder(`${P}/${LOCKED}/`)).toEqual([])
    expect(second.outputs).toMatchObject({ deleted: 1, held: 1 })

    // Once the legal hold is lifted, the next prune finishes the job.
    await client.send(
      new PutObjectLegalHoldCommand({
        Bucket,
        Key: `${P}/${HELD}/${DATA}`,
        VersionId: heldDataVersion,
        LegalHold: { Status: 'OFF' }
      })
    )
    const third = await prune(buildConfig(raw(), {}), log, NOW, [storage()])
    expect(await versionsUnder(`${P}/${HELD}/`)).toEqual([])
    expect(third.outputs).toMatchObject({ held: 0 })
    heldDataVersion = ''
    // What prune keeps is all that is left.
    expect((await versionsUnder(`${P}/`)).map((v) => v[0].split('/')[0]).sort()).toEqual(
      [...RECENT, ...RECENT].sort()
    )
    console.log(`prune on RGW with Object Lock: ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }, 120_000)
})

afterAll(async () => {
  // Everything this test wrote that is still there (it fails part-way): by version.
  const left = await client.send(new ListObjectVersionsCommand({ Bucket, Prefix: PREFIX }))
  const Objects = [...(left.Versions ?? []), ...(left.DeleteMarkers ?? [])].map((v) => ({
    Key: v.Key!,
    VersionId: v.VersionId
  }))
  if (Objects.length > 0) {
    await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects } })).catch(() => {})
  }
})
