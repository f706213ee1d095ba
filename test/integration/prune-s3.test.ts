import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { randomUUID } from 'node:crypto'
import { prune } from '../../src/commands/prune.js'
import { buildConfig, type RawInputs } from '../../src/config.js'
import type { Kind } from '../../src/vocabulary.js'
import type { Log } from '../../src/log.js'
import { snapshotIdFor } from '../../src/snapshot/id.js'
import { S3Storage } from '../../src/storage/s3.js'
import { createS3Client } from '../../src/storage/s3Client.js'
import type { Storage } from '../../src/storage/storage.js'

// `command: prune` against the S3 test server (Ceph RGW, started by scripts/services.sh, on its
// versioned bucket with Object Lock): over a year of nightly snapshots, more than 1,000 keys
// (ListObjectsV2 and ListObjectVersions pagination, DeleteObjects batches), a kind: monthly
// snapshot that is not its month's earliest, incomplete snapshots of several ages. Retention and
// legal holds: test/integration/prune-versions.test.ts.

const endpoint = process.env.TEST_S3_ENDPOINT
const bucket = process.env.TEST_S3_BUCKET
if (!endpoint || !bucket) {
  throw new Error(
    'TEST_S3_ENDPOINT and TEST_S3_BUCKET are not set: run through `npm test` (scripts/services.sh)'
  )
}

const NOW = new Date('2026-11-25T03:00:00Z')
const DAY = 86_400_000
const ENV = 'production'
const FILES = ['postgres.sql.gz', 'uploads.tar.gz']
const id = (iso: string) => snapshotIdFor(new Date(iso))

const log: Log = {
  info: () => undefined,
  warning: () => undefined,
  group: (_name, work) => work(),
  secret: () => undefined
}

function manifestFor(snapshotId: string, kind: Kind): Buffer {
  const created = snapshotId.replace(/T(\d\d)-(\d\d)-(\d\d)Z$/, 'T$1:$2:$3.000Z')
  return Buffer.from(
    JSON.stringify({
      formatVersion: 1,
      id: snapshotId,
      environment: ENV,
      kind,
      createdAt: created,
      completedAt: created,
      durationSeconds: 1,
      tool: { name: 'luneo-backup', version: '0.1.0' },
      files: FILES.map((name) => ({
        name,
        bytes: 10,
        sha256: 'b'.repeat(64),
        source: name.startsWith('postgres') ? 'postgres' : 'uploads',
        compression: 'gzip'
      })),
      sources: {}
    })
  )
}

interface Fixture {
  sid: string
  complete: boolean
  kind: Kind
}

function fixtures(): Fixture[] {
  const out = new Map<string, Fixture>()
  for (let t = Date.parse('2025-09-01T02:00:00Z'); t <= NOW.getTime(); t += DAY) {
    const sid = snapshotIdFor(new Date(t))
    out.set(sid, { sid, complete: true, kind: 'daily' })
  }
  const set = (iso: string, complete: boolean, kind: Kind = 'daily') =>
    out.set(id(iso), { sid: id(iso), complete, kind })
  set('2026-03-15T02:00:00Z', true, 'monthly')
  set('2026-11-24T16:00:00Z', false) // 11 hours old: may be running
  set('2026-11-22T02:00:00Z', false) // a failed night in the window
  set('2026-06-10T02:00:00Z', false)
  return [...out.values()]
}

function expectedKept(): string[] {
  const kept: string[] = []
  for (let t = Date.parse('2026-10-27T02:00:00Z'); t <= NOW.getTime(); t += DAY) {
    if (snapshotIdFor(new Date(t)) !== id('2026-11-22T02:00:00Z')) {
      kept.push(snapshotIdFor(new Date(t)))
    }
  }
  for (const month of ['2025-12', '2026-01', '2026-02', '2026-04', '2026-05', '2026-06']) {
    kept.push(id(`${month}-01T02:00:00Z`))
  }
  for (const month of ['2026-07', '2026-08', '2026-09', '2026-10']) {
    kept.push(id(`${month}-01T02:00:00Z`))
  }
  kept.push(id('2025-11-26T02:00:00Z'), id('2026-03-15T02:00:00Z'), id('2026-11-24T16:00:00Z'))
  return kept.sort()
}

async function mapLimit<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>) {
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++])
    })
  )
}

function s3Raw(prefix: string, extra: RawInputs = {}): RawInputs {
  return {
    command: 'prune',
    environment: ENV,
    's3-bucket': bucket,
    's3-prefix': prefix,
    's3-endpoint': endpoint,
    's3-force-path-style': 'true',
    sse: 'none',
    ...extra
  }
}

const clients: Array<ReturnType<typeof createS3Client>> = []
afterAll(() => {
  for (const client of clients) client.destroy()
})

async function seed(prefix: string): Promise<S3Storage> {
  const config = buildConfig(s3Raw(prefix), {})
  const client = createS3Client(config.s3!)
  clients.push(client)
  const storage = new S3Storage(config.s3!, log, client)
  const puts: Array<[string, Buffer]> = []
  for (const f of fixtures()) {
    for (const name of FILES) puts.push([`${ENV}/${f.sid}/${name}`, Buffer.from('0123456789')])
    if (f.complete) puts.push([`${ENV}/${f.sid}/manifest.json`, manifestFor(f.sid, f.kind)])
  }
  puts.push([`${ENV}/ledger/2026-11-24T02-00-00Z-backup.json`, Buffer.from('{}')])
  puts.push([`${ENV}-eu/${id('2024-01-01T02:00:00Z')}/manifest.json`, Buffer.from('{}')])
  await mapLimit(puts, 4, ([key, body]) => storage.put(key, body))
  return storage
}

async function keys(storage: Storage): Promise<string[]> {
  const out: string[] = []
  for await (const o of storage.list('')) out.push(o.key)
  return out.sort()
}

function folders(all: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const k of all) {
    const m = /^production\/(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ)\/(.+)$/.exec(k)
    if (m) out.set(m[1], [...(out.get(m[1]) ?? []), m[2]])
  }
  return out
}

/** Deletes only the first `budget` keys it is given, then dies: a prune killed halfway. */
function killedAfter(storage: Storage, budget: number): Storage {
  let left = budget
  return Object.assign(Object.create(storage) as Storage, {
    delete: async (batch: string[]) => {
      const now = batch.slice(0, Math.max(0, left))
      left -= now.length
      const report = now.length > 0 ? await storage.delete(now) : { removed: 0, held: [] }
      if (now.length < batch.length) throw new Error('killed halfway')
      return report
    }
  })
}

describe('prune against the S3 test server', () => {
  let prefix: string
  let storage: S3Storage
  let seeded: string[]

  beforeAll(async () => {
    prefix = `prune-it-${randomUUID()}`
    storage = await seed(prefix)
    seeded = await keys(storage)
  })

  it('holds more than 1,000 keys, so listing and deleting page', () => {
    expect(seeded.length).toBeGreaterThan(1000)
  })

  it('dry-run changes nothing and shows the plan', async () => {
    const result = await prune(buildConfig(s3Raw(prefix, { 'dry-run': 'true' }), {}), log, NOW, [
      storage
    ])
    expect(await keys(storage)).toEqual(seeded)
    expect(result.outputs.kept).toBe(expectedKept().length)
    expect(result.summary).toMatch(
      /\| 2026-03-15T02-00-00Z \| \d+ d \| monthly \| keep \| monthly \|/
    )
  })

  it('leaves exactly what the policy says, with no orphaned data, and a second prune deletes nothing', async () => {
    const config = buildConfig(s3Raw(prefix), {})
    const result = await prune(config, log, NOW, [storage])
    const after = await keys(storage)
    const left = folders(after)
    expect([...left.keys()].sort()).toEqual(expectedKept())
    for (const [sid, files] of left) {
      const complete = fixtures().find((f) => f.sid === sid)?.complete
      expect(files.sort()).toEqual(complete ? [...FILES, 'manifest.json'].sort() : FILES)
    }
    expect(result.outputs.deleted).toBe(fixtures().length - expectedKept().length)
    expect(after).toContain(`${ENV}/ledger/2026-11-24T02-00-00Z-backup.json`)
    expect(after).toContain(`${ENV}-eu/${id('2024-01-01T02:00:00Z')}/manifest.json`)

    const again = await prune(config, log, NOW, [storage])
    expect(again.outputs).toMatchObject({ deleted: 0, 'bytes-freed': 0 })
    expect(await keys(storage)).toEqual(after)
  })

  it('killed halfway and run again, ends in the same state with nothing that looks complete but lacks files', async () => {
    const clean = folders(await keys(storage))
    for (const budget of [150, 700]) {
      const other = `prune-it-${randomUUID()}`
      const fresh = await seed(other)
      const config = buildConfig(s3Raw(other), {})
      await expect(prune(config, log, NOW, [killedAfter(fresh, budget)])).rejects.toThrow(
        'killed halfway'
      )
      for (const [sid, files] of folders(await keys(fresh))) {
        if (files.includes('manifest.json')) expect([sid, files.length]).toEqual([sid, 3])
      }
      await prune(config, log, NOW, [fresh])
      expect(folders(await keys(fresh))).toEqual(clean)
    }
  })
})
