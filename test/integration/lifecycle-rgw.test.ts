import { afterAll, describe, expect, it } from '@jest/globals'
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type _Object
} from '@aws-sdk/client-s3'
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { lifecycle } from '../../src/commands/lifecycle.js'
import { buildConfig } from '../../src/config.js'
import { planRetention } from '../../src/retention/policy.js'
import { snapshotIdFor } from '../../src/snapshot/id.js'
import { S3Storage } from '../../src/storage/s3.js'
import { testLog } from '../helpers/log.js'
import { requireEnv } from '../helpers/run.js'
import { testS3Client } from '../helpers/s3.js'

// The lifecycle backstop, EXECUTED by RGW: `command: lifecycle` applies its rules to a bucket
// of its own (versioned, Object Lock), and RGW's lifecycle runs with a "day" of
// TEST_RGW_LC_DAY_SECONDS (scripts/rgw.sh). Object times cannot be backdated, so the policy is
// scaled down (3 daily days, 1 monthly month: data to GLACIER after 3 days, expiry after 31,
// noncurrent versions after 28) and a simulated calendar runs at one day per RGW day: every day
// a snapshot is written, and prune's own policy (planRetention) says what it keeps at that
// simulated moment; whatever it keeps must still be there, every day. At the end: tagged data
// moved to GLACIER, snapshots past 31 days expired, the noncurrent version and the expired
// delete marker gone, the stale multipart upload aborted.

const client = testS3Client()
const DAY_S = Number(requireEnv('TEST_RGW_LC_DAY_SECONDS'))
const Bucket = `lifecycle-${randomBytes(4).toString('hex')}`
const ENV = 'production'
const DAYS = 40
const SIM0 = Date.parse('2026-03-01T02:00:00Z')
const DATA = 'postgres.sql.gz'
const POLICY = { dailyRetentionDays: 3, monthlyRetentionMonths: 1 }

async function currentObjects(): Promise<Map<string, _Object>> {
  const out = new Map<string, _Object>()
  let ContinuationToken: string | undefined
  do {
    const res = await client.send(
      new ListObjectsV2Command({ Bucket, Prefix: `${ENV}/`, ContinuationToken })
    )
    for (const o of res.Contents ?? []) out.set(o.Key!, o)
    ContinuationToken = res.IsTruncated ? res.NextContinuationToken : undefined
  } while (ContinuationToken)
  return out
}

async function versionsOf(Key: string): Promise<string[]> {
  const res = await client.send(new ListObjectVersionsCommand({ Bucket, Prefix: Key }))
  return [...(res.Versions ?? []), ...(res.DeleteMarkers ?? [])]
    .filter((v) => v.Key === Key)
    .map((v) => v.VersionId!)
}

afterAll(async () => {
  for (;;) {
    const res = await client.send(new ListObjectVersionsCommand({ Bucket })).catch(() => undefined)
    const Objects = [...(res?.Versions ?? []), ...(res?.DeleteMarkers ?? [])].map((v) => ({
      Key: v.Key!,
      VersionId: v.VersionId
    }))
    if (Objects.length === 0) break
    await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects } }))
  }
  await client.send(new DeleteBucketCommand({ Bucket })).catch(() => undefined)
})

describe('the lifecycle backstop, executed by RGW', () => {
  it(`${DAYS} simulated days: nothing prune keeps is ever removed; data to GLACIER, expiry, noncurrent versions, delete markers, stale uploads`, async () => {
    const started = Date.now()
    await client.send(new CreateBucketCommand({ Bucket, ObjectLockEnabledForBucket: true }))
    const raw = {
      command: 'lifecycle',
      environment: ENV,
      's3-bucket': Bucket,
      's3-endpoint': requireEnv('TEST_S3_ENDPOINT'),
      's3-force-path-style': 'true',
      'daily-retention-days': String(POLICY.dailyRetentionDays),
      'monthly-retention-months': String(POLICY.monthlyRetentionMonths)
    }
    const config = buildConfig(raw, {})
    const log = testLog()
    const storage = new S3Storage(config.s3!, log)
    await lifecycle(config, log, storage)

    // Day 0 extras: a key overwritten once (its first version turns noncurrent), a key deleted
    // (its version noncurrent, then its delete marker expired), a multipart upload left open.
    const overwritten = `${ENV}/ledger/2026-03-01T02-00-00Z-backup-aa.json`
    const first = await client.send(new PutObjectCommand({ Bucket, Key: overwritten, Body: '{}' }))
    await client.send(new PutObjectCommand({ Bucket, Key: overwritten, Body: '{ }' }))
    const deleted = `${ENV}/ledger/2026-03-01T02-00-00Z-check-bb.json`
    await client.send(new PutObjectCommand({ Bucket, Key: deleted, Body: '{}' }))
    await client.send(new DeleteObjectCommand({ Bucket, Key: deleted }))
    await client.send(
      new CreateMultipartUploadCommand({ Bucket, Key: `${ENV}/2026-03-01T02-00-00Z/open.gz` })
    )

    const written: string[] = []
    const writtenAt: number[] = []
    const violations: string[] = []
    const removedOnDay = new Map<string, number>()
    const real0 = Date.now()
    for (let day = 0; day < DAYS; day++) {
      await sleep(Math.max(0, real0 + day * DAY_S * 1000 - Date.now()))
      // The simulated now: one RGW day per simulated day, from the real start.
      const simAt = (ms: number) => new Date(SIM0 + ((ms - real0) / (DAY_S * 1000)) * 86_400_000)
      const id = snapshotIdFor(simAt(Date.now()))
      await storage.put(`${ENV}/${id}/${DATA}`, Buffer.from(`day ${day}`), {
        tags: { 'luneo-backup:class': 'data' }
      })
      await storage.put(`${ENV}/${id}/manifest.json`, Buffer.from(`{"day":${day}}`))
      written.push(id)
      writtenAt.push(Date.now())
      // What is there, then what prune keeps at the moment the listing ended: anything removed
      // was removed before then, when prune kept it too if it keeps it now (ages only grow). A
      // listing compared with prune's plan from before it would take RGW's few milliseconds
      // (an hour of simulated time each) for an early expiry.
      const present = await currentObjects()
      const plan = planRetention(
        written.map((s) => ({ id: s, state: 'complete' as const, kind: 'daily' as const })),
        simAt(Date.now()),
        POLICY
      )
      for (const d of plan.decisions) {
        for (const file of [DATA, 'manifest.json']) {
          const key = `${ENV}/${d.id}/${file}`
          if (!present.has(key)) {
            if (d.action === 'keep')
              violations.push(`day ${day}: ${key} removed, prune keeps it (${d.rule})`)
            if (!removedOnDay.has(key)) removedOnDay.set(key, day)
          }
        }
      }
    }
    expect(violations).toEqual([])

    // Give RGW's lifecycle one more day to act on the last day's state, then look.
    await sleep(DAY_S * 1000)
    const present = await currentObjects()
    const ageOf = (i: number) => (Date.now() - writtenAt[i]) / (DAY_S * 1000)
    written.forEach((id, i) => {
      const data = present.get(`${ENV}/${id}/${DATA}`)
      const manifest = present.get(`${ENV}/${id}/manifest.json`)
      // Past 31 days (+ RGW's lag): expired. Between 7 and 28 days: data in GLACIER, manifest not.
      if (ageOf(i) >= 36) expect([id, data, manifest]).toEqual([id, undefined, undefined])
      if (ageOf(i) >= 7 && ageOf(i) <= 28) {
        expect([id, data?.StorageClass, manifest?.StorageClass]).toEqual([
          id,
          'GLACIER',
          'STANDARD'
        ])
      }
      if (ageOf(i) < 1.5) expect([id, data?.StorageClass]).toEqual([id, 'STANDARD'])
    })
    // The noncurrent first version is gone (the current one expired after 31 days meanwhile).
    expect(await versionsOf(overwritten)).not.toContain(first.VersionId)
    // The deleted key: its noncurrent version gone, then its lone delete marker too.
    expect(await versionsOf(deleted)).toEqual([])
    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket }))
    expect(uploads.Uploads ?? []).toEqual([])

    const firstRemoval = Math.min(...removedOnDay.values())
    console.log(
      `lifecycle on RGW: ${DAYS} simulated days (${DAY_S} s each) in ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
        `first expiry on day ${firstRemoval}, ${removedOnDay.size / 2} snapshots expired, none that prune keeps`
    )
  }, 300_000)
})
