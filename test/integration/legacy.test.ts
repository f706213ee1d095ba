import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import path from 'node:path'
import { dbUrl, freshDatabase, shell, sql } from '../helpers/pg.js'
import { errorOf, requireEnv, runAction, tempDir } from '../helpers/run.js'
import { startRedis, type TestRedis } from './redisServers.js'

// The old script's backups (issue 15, item 2), written as it wrote them: a gzip'd plain pg_dump
// and a raw RDB in `<env>/<timestamp>/`, and the flat local layout (`backups/<timestamp>/`,
// named by legacy-root). prune deletes them by their date (18 months old: gone; yesterday's:
// kept), never a foreign folder; report shows both as red lines; check says they do not count;
// restore --snapshot <folder> puts one back, saying no checksum was recorded.

const SOURCE = 'legacy_source'
const ENV = 'legacy'
let root: string
let flat: string
let redis: TestRedis

const pad = (n: number) => String(n).padStart(2, '0')
/** The old script's `20261125-020000` name for an instant. */
const compact = (d: Date) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
const old = new Date(Date.now() - 548 * 86_400_000) // 18 months
const recent = new Date(Math.floor((Date.now() - 86_400_000) / 1000) * 1000)
const OLD = compact(old)
const RECENT = compact(recent)
const FLAT_OLD = old.toISOString().slice(0, 10) // 2025-06-01
const FLAT_RECENT = new Date(recent.getTime() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') // 2026-11-30T10:00:00Z

async function seedFolder(dir: string, withRedis: boolean): Promise<void> {
  await fs.mkdir(dir, { recursive: true })
  const pgBin = requireEnv('TEST_PG_BIN')
  await shell(
    `"${pgBin}/pg_dump" --format=plain "${dbUrl(SOURCE).replace(/:[^:@/]*@/, '@')}" | gzip > "${dir}/postgres.sql.gz"`
  )
  if (withRedis) await fs.copyFile(path.join(redis.dir, 'dump.rdb'), path.join(dir, 'redis.rdb'))
}

beforeAll(async () => {
  await freshDatabase(SOURCE)
  await sql(
    SOURCE,
    `create table parent (id int); create table child () inherits (parent);
     insert into parent select generate_series(1, 5); insert into child select generate_series(1, 3);`
  )
  redis = await startRedis()
  await redis.client().set('a', '1')
  await redis.client().set('b', '2')
  await redis.client().save()
  root = await tempDir()
  flat = await tempDir()
  await seedFolder(path.join(root, ENV, OLD), false)
  await seedFolder(path.join(root, ENV, RECENT), true)
  await seedFolder(path.join(flat, FLAT_OLD), false)
  await seedFolder(path.join(flat, FLAT_RECENT), false)
  // Foreign: a folder named like a legacy one without the seed's files, another folder, a file.
  await fs.mkdir(path.join(root, ENV, '2026-01-01'), { recursive: true })
  await fs.writeFile(path.join(root, ENV, '2026-01-01', 'notes.txt'), 'hello')
  await fs.mkdir(path.join(root, ENV, 'exports'), { recursive: true })
  await fs.writeFile(path.join(root, ENV, 'exports', 'users.csv'), 'id\n1\n')
  await fs.writeFile(path.join(root, ENV, 'README.txt'), 'stray')
})

afterAll(async () => {
  await redis?.stop()
  await fs.rm(root, { recursive: true, force: true })
  await fs.rm(flat, { recursive: true, force: true })
})

const inputs = () => ({ environment: ENV, 'backup-root': root, 'legacy-root': flat })

describe("the old script's backups (legacy) and foreign keys", () => {
  it('report shows the 18-month-old legacy folders and every foreign key as red lines', async () => {
    const result = await runAction({ command: 'report', ...inputs() })
    expect(errorOf(result)).toBe('')
    expect(result.code).toBe(0)
    expect(Number(result.outputs['red-lines'])).toBe(5)
    expect(result.summary).toMatch(new RegExp(`\\| legacy \\| ${ENV}/${OLD}/ \\|`))
    expect(result.summary).toMatch(new RegExp(`\\| legacy \\| ${FLAT_OLD}/ \\|`))
    expect(result.summary).toContain(`| foreign | ${ENV}/exports/ |`)
    expect(result.summary).toContain(`| foreign | ${ENV}/README.txt |`)
    expect(result.summary).toContain(`| foreign | ${ENV}/2026-01-01/ |`)
    expect(result.summary).toContain('2 legacy')
  })

  it('check says legacy folders do not count until adopted', async () => {
    const result = await runAction({ command: 'check', ...inputs() })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toContain(
      `no complete scheduled (daily or monthly) snapshot at all; 2 legacy folder(s) of the old script, the newest ${RECENT}`
    )
  })

  it('prune --dry-run plans by date and lists the foreign keys; prune deletes only the old legacy folders', async () => {
    const plan = await runAction({ command: 'prune', 'dry-run': 'true', ...inputs() })
    expect(errorOf(plan)).toBe('')
    expect(plan.code).toBe(0)
    expect(plan.summary).toMatch(
      new RegExp(`\\| ${OLD} \\| \\d+ d \\| legacy \\| \\*\\*delete\\*\\* \\| hard-limit \\|`)
    )
    expect(plan.summary).toMatch(
      new RegExp(`\\| ${RECENT} \\| \\d+ h \\| legacy \\| keep \\| daily-window \\|`)
    )
    expect(plan.summary).toMatch(
      new RegExp(`\\| ${FLAT_OLD} \\| \\d+ d \\| legacy \\| \\*\\*delete\\*\\* \\| hard-limit \\|`)
    )
    expect(plan.summary).toContain(`:red_circle: \`${ENV}/exports/\``)
    expect(plan.stdout).toMatch(/red line: foreign .*exports/)
    expect(await fs.readdir(path.join(root, ENV, OLD))).toEqual(['postgres.sql.gz'])

    const done = await runAction({ command: 'prune', ...inputs() })
    expect(errorOf(done)).toBe('')
    expect(done.outputs.deleted).toBe('2')
    expect(await fs.readdir(path.join(root, ENV, OLD)).catch(() => [])).toEqual([])
    expect(await fs.readdir(path.join(flat, FLAT_OLD)).catch(() => [])).toEqual([])
    expect((await fs.readdir(path.join(root, ENV, RECENT))).sort()).toEqual([
      'postgres.sql.gz',
      'redis.rdb'
    ])
    expect(await fs.readdir(path.join(flat, FLAT_RECENT))).toEqual(['postgres.sql.gz'])
    expect(await fs.readFile(path.join(root, ENV, 'exports', 'users.csv'), 'utf8')).toBe('id\n1\n')
    expect(await fs.readFile(path.join(root, ENV, 'README.txt'), 'utf8')).toBe('stray')
  })

  it('restore --snapshot <legacy folder> restores it, rows counted with ONLY, and says no checksum was recorded', async () => {
    await freshDatabase('legacy_target')
    const scratch = await startRedis()
    try {
      const result = await runAction({
        command: 'restore',
        snapshot: RECENT,
        'target-database-url': dbUrl('legacy_target'),
        'target-redis-url': scratch.url,
        ...inputs()
      })
      expect(errorOf(result)).toBe('')
      expect(result.code).toBe(0)
      expect(result.outputs.restored).toBe('postgres,redis')
      expect(result.summary).toContain('no checksum was recorded when it was written')
      expect(await sql('legacy_target', 'select count(*)::int as n from only parent')).toEqual([
        { n: 5 }
      ])
      expect(await sql('legacy_target', 'select count(*)::int as n from parent')).toEqual([
        { n: 8 }
      ])
      expect(await scratch.client().get('b')).toBe('2')
    } finally {
      await scratch.stop()
    }
  })

  it('restore of a flat legacy-root folder by its name', async () => {
    await freshDatabase('legacy_target_flat')
    const result = await runAction({
      command: 'restore',
      snapshot: FLAT_RECENT,
      'target-database-url': dbUrl('legacy_target_flat'),
      ...inputs()
    })
    expect(errorOf(result)).toBe('')
    expect(result.code).toBe(0)
    expect(await sql('legacy_target_flat', 'select count(*)::int as n from child')).toEqual([
      { n: 3 }
    ])
  })

  it('restore refuses a psql older than the pg_dump that wrote the dump, naming both versions (README "Client version")', async () => {
    const dir = path.join(root, 'legacy-ver', RECENT)
    await fs.mkdir(dir, { recursive: true })
    await shell(
      `gunzip -c "${path.join(flat, FLAT_RECENT, 'postgres.sql.gz')}" | sed 's/^-- Dumped by pg_dump version .*/-- Dumped by pg_dump version 99.1/' | gzip > "${dir}/postgres.sql.gz"`
    )
    await freshDatabase('legacy_target_ver')
    const result = await runAction({
      command: 'restore',
      environment: 'legacy-ver',
      'backup-root': root,
      snapshot: RECENT,
      'target-database-url': dbUrl('legacy_target_ver')
    })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toMatch(
      /psql 1\d\.\d+ is older than the pg_dump 99\.1 that wrote this dump: install the PostgreSQL 99 client, 99\.1 or newer .*see README "Client version"/
    )
  })

  it('adopt --dry-run plans and changes nothing; adopt makes complete snapshots and removes the legacy folders; a second adopt does nothing', async () => {
    const plan = await runAction({ command: 'adopt', 'dry-run': 'true', ...inputs() })
    expect(errorOf(plan)).toBe('')
    expect(plan.code).toBe(0)
    const id = recent
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/:/g, '-')
    expect(plan.summary).toContain(`postgres.sql.gz, redis.rdb`)
    expect(plan.summary).toContain(`to adopt as ${id}`)
    expect((await fs.readdir(path.join(root, ENV))).sort()).not.toContain(id)

    const done = await runAction({ command: 'adopt', ...inputs() })
    expect(errorOf(done)).toBe('')
    expect(done.code).toBe(0)
    expect(done.outputs.adopted).toBe('2')
    const manifest = JSON.parse(
      await fs.readFile(path.join(root, ENV, id, 'manifest.json'), 'utf8')
    )
    expect(manifest.adoptedFrom).toBe(path.join(root, ENV, RECENT) + '/')
    expect(manifest.sources.postgres.tables).toEqual({ 'public.parent': 5, 'public.child': 3 })
    expect(manifest.sources.redis.keys).toBe(2)
    expect(manifest.files.map((f: { name: string }) => f.name).sort()).toEqual([
      'postgres.sql.gz',
      'redis.rdb'
    ])
    expect(await fs.readdir(path.join(root, ENV, RECENT)).catch(() => [])).toEqual([])
    expect(await fs.readdir(path.join(flat, FLAT_RECENT)).catch(() => [])).toEqual([])

    const again = await runAction({ command: 'adopt', ...inputs() })
    expect(errorOf(again)).toBe('')
    expect(again.outputs.adopted).toBe('0')
    expect(again.summary).toContain('No legacy folder of the old script found.')

    // The adopted snapshot is a complete one: a drill of it is verified.
    await freshDatabase('legacy_drill')
    const drill = await runAction({
      command: 'drill',
      snapshot: id,
      'target-database-url': dbUrl('legacy_drill'),
      ...inputs()
    })
    expect(errorOf(drill)).toBe('')
    expect(drill.outputs.verified).toBe('true')
  })
})
