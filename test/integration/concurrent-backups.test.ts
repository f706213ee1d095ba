import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { parseManifest, type Manifest } from '../../src/snapshot/manifest.js'
import { SnapshotWriter } from '../../src/snapshot/writer.js'
import { LocalStorage } from '../../src/storage/local.js'
import { S3Storage } from '../../src/storage/s3.js'
import type { Storage } from '../../src/storage/storage.js'
import { testLog } from '../helpers/log.js'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { errorOf, requireEnv, runCli, tempDir, type RunResult } from '../helpers/run.js'

// One writer per snapshot folder (issue 13): backups of one environment started at the same
// moment, to a folder, to S3 (RGW ignores If-None-Match on a versioned bucket: claim-then-list) and to both. Each
// run either ends with its own complete snapshot whose every file matches its manifest, or fails
// with one line; never a "complete" snapshot holding another run's bytes.

const DB = 'concurrent_src'
let work: string

beforeAll(async () => {
  await freshDatabase(DB)
  await sql(
    DB,
    `create table t (id int primary key, v text);
     insert into t select g, repeat('v', 200) from generate_series(1, 20000) g;`
  )
  work = await tempDir('luneo-concurrent-')
})

afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true })
})

function s3(): S3Storage {
  return new S3Storage(
    {
      bucket: requireEnv('TEST_S3_BUCKET'),
      prefix: '',
      endpoint: requireEnv('TEST_S3_ENDPOINT'),
      forcePathStyle: true,
      sse: 'none'
    },
    testLog()
  )
}

async function sha256Of(storage: Storage, key: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of await storage.get(key)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Every snapshot of `environment` that has a manifest, each file checked against it. */
async function snapshotsWithManifest(
  storage: Storage,
  environment: string
): Promise<Array<{ manifest: Manifest; mismatches: string[] }>> {
  const manifests: string[] = []
  for await (const o of storage.list(`${environment}/`)) {
    if (o.key.endsWith('/manifest.json')) manifests.push(o.key)
  }
  const out = []
  for (const key of manifests) {
    const chunks: Buffer[] = []
    for await (const c of await storage.get(key)) chunks.push(c as Buffer)
    const manifest = parseManifest(Buffer.concat(chunks).toString('utf8'))
    const mismatches: string[] = []
    for (const file of manifest.files) {
      const actual = await sha256Of(storage, `${environment}/${manifest.id}/${file.name}`).catch(
        () => 'missing'
      )
      if (actual !== file.sha256) mismatches.push(`${manifest.id}/${file.name}`)
    }
    out.push({ manifest, mismatches })
  }
  return out
}

describe('backups of one environment started at once', () => {
  const targets = {
    folder: (root: string) => ['--backup-root', root],
    s3: () => [
      '--s3-bucket',
      requireEnv('TEST_S3_BUCKET'),
      '--s3-endpoint',
      requireEnv('TEST_S3_ENDPOINT'),
      '--s3-force-path-style',
      'true',
      '--sse',
      'none'
    ],
    both: (root: string) => [...targets.folder(root), ...targets.s3()]
  }

  it.each([
    ['folder', 2],
    ['folder', 3],
    ['folder', 8],
    ['s3', 2],
    ['s3', 3],
    ['s3', 8],
    ['both', 2],
    ['both', 3],
    ['both', 8]
  ] as const)(
    'to %s, %i at once: exits 0 exactly as often as there are complete snapshots, each one whole',
    async (target, runs) => {
      const environment = `conc-${target}-${runs}-${Date.now()}`
      const root = path.join(work, environment)
      // Each run archives its own uploads folder, of its own size: a file of one run stored
      // under another run's manifest would show as a checksum mismatch.
      const dirs = await Promise.all(
        Array.from({ length: runs }, async (_, i) => {
          const dir = path.join(work, `${environment}-uploads-${i}`, 'uploads')
          await fs.mkdir(dir, { recursive: true })
          await fs.writeFile(path.join(dir, `run-${i}.bin`), Buffer.alloc(50_000 + i * 7_919, i))
          return dir
        })
      )
      const started = Date.now()
      const results: RunResult[] = await Promise.all(
        dirs.map((dir) =>
          runCli([
            'backup',
            '--environment',
            environment,
            '--database-url',
            dbUrl(DB),
            '--uploads-dir',
            dir,
            ...targets[target](root)
          ])
        )
      )
      const seconds = (Date.now() - started) / 1000
      console.log(`${runs} backups at once to ${target}: ${seconds.toFixed(1)} s`)

      const stores: Storage[] =
        target === 'folder'
          ? [new LocalStorage(root)]
          : target === 's3'
            ? [s3()]
            : [new LocalStorage(root), s3()]
      const ok = results.filter((r) => r.code === 0)
      for (const failed of results.filter((r) => r.code !== 0)) {
        expect(errorOf(failed)).toMatch(/^luneo-backup: error: \S/)
      }
      const ids = ok.map((r) => /^snapshot-id=(.+)$/m.exec(r.stdout)![1])
      expect(new Set(ids).size).toBe(ids.length)
      for (const storage of stores) {
        const snapshots = await snapshotsWithManifest(storage, environment)
        expect(snapshots.flatMap((s) => s.mismatches)).toEqual([])
        expect(snapshots.length).toBe(ok.length)
        expect(snapshots.map((s) => s.manifest.id).sort()).toEqual([...ids].sort())
      }
      // Runs that met in one second moved on to the next free one rather than share it (how
      // many met depends on how fast the processes started; SnapshotWriter.claim below proves
      // the moving on deterministically).
      const movedOn = results.filter((r) => /is taken .*trying the next second/.test(r.stderr))
      console.log(`${runs} to ${target}: ${movedOn.length} run(s) moved on to a later second`)
    }
  )
})

describe('SnapshotWriter.claim', () => {
  it.each(['folder', 's3', 'both'] as const)(
    'gives claimants of one second on %s folders of their own, and a released folder is free again',
    async (target) => {
      const environment = `claim-${target}-${Date.now()}`
      const root = path.join(work, environment)
      const stores = (): Storage[] =>
        target === 'folder'
          ? [new LocalStorage(root)]
          : target === 's3'
            ? [s3()]
            : [new LocalStorage(root), s3()]
      const at = new Date('2026-11-24T02:00:00.400Z')
      const writers = await Promise.all([
        SnapshotWriter.claim(stores(), environment, at, testLog()),
        SnapshotWriter.claim(stores(), environment, at, testLog()),
        SnapshotWriter.claim(stores(), environment, at, testLog())
      ])
      const ids = writers.map((w) => w.id).sort()
      if (target === 'folder') {
        // An exclusive mkdir: the first three seconds, exactly.
        expect(ids).toEqual([
          '2026-11-24T02-00-00Z',
          '2026-11-24T02-00-01Z',
          '2026-11-24T02-00-02Z'
        ])
      } else {
        // Claim-then-list: claimants that meet may all withdraw and move on, so a second can be
        // skipped; never shared.
        expect(new Set(ids).size).toBe(3)
        expect(
          ids.every((id) => id >= '2026-11-24T02-00-00Z' && id <= '2026-11-24T02-00-09Z')
        ).toBe(true)
      }
      // A folder a run holds is not claimed again, and a released one is free again.
      const later = await SnapshotWriter.claim(stores(), environment, at, testLog())
      expect(ids).not.toContain(later.id)
      if (target === 'folder') expect(later.id).toBe('2026-11-24T02-00-03Z')
      await later.release()
      const again = await SnapshotWriter.claim(stores(), environment, at, testLog())
      expect(again.id).toBe(later.id)
      for (const w of writers) {
        for (const s of w.storages) expect(await s.claimStands(w.keyOf(''), w.holder!)).toBe(true)
      }
    }
  )

  it('never claims a folder that already holds objects (a snapshot written before claims existed)', async () => {
    const environment = `claim-old-${Date.now()}`
    const root = path.join(work, environment)
    await fs.mkdir(path.join(root, environment, '2026-11-24T02-00-00Z'), { recursive: true })
    await fs.writeFile(path.join(root, environment, '2026-11-24T02-00-00Z', 'manifest.json'), '{}')
    const storage = s3()
    await storage.put(`${environment}/2026-11-24T02-00-00Z/postgres.sql.gz`, Buffer.from('old'))
    const at = new Date('2026-11-24T02:00:00Z')
    expect(
      (await SnapshotWriter.claim([new LocalStorage(root)], environment, at, testLog())).id
    ).toBe('2026-11-24T02-00-01Z')
    expect((await SnapshotWriter.claim([storage], environment, at, testLog())).id).toBe(
      '2026-11-24T02-00-01Z'
    )
  })

  it('refuses to mark a snapshot complete once its claim is gone', async () => {
    const environment = `claim-gone-${Date.now()}`
    const root = path.join(work, environment)
    const writer = await SnapshotWriter.claim(
      [new LocalStorage(root)],
      environment,
      new Date(),
      testLog()
    )
    const file = await writer.writeFile('redis.rdb', Readable.from([Buffer.from('REDIS0011')]), {
      source: 'redis',
      compression: 'none'
    })
    await fs.rm(path.join(root, environment, writer.id, '.claim'))
    await expect(
      writer.writeManifest({
        formatVersion: 1,
        id: writer.id,
        environment,
        kind: 'daily',
        createdAt: new Date().toISOString(),
        completedAt: new Date().toISOString(),
        durationSeconds: 0,
        tool: { name: 'luneo-backup', version: 'test' },
        files: [file],
        sources: {}
      })
    ).rejects.toThrow(/claim of this run on .* is gone/)
    await expect(
      fs.access(path.join(root, environment, writer.id, 'manifest.json'))
    ).rejects.toThrow()
  })
})
