import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import path from 'node:path'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { errorOf, requireEnv, runAction, runCli, tempDir } from '../helpers/run.js'
import { listKeys, s3Inputs } from '../helpers/s3.js'
import { keyspace, populate, startRedis } from './redisServers.js'

// Restore and drill against the real servers: every byte verified while streaming, every row
// counted, the dump's objects proven, and every fault a clear line with the target left as it was.

const SOURCE = 'drill_source'
const ENV = `it-drill-${Date.now()}` // unique: the S3 test server keeps earlier runs' objects
let root: string
let snapshotId: string

const FIXTURE = `
create role drill_owner;
create schema "Shop Data";
create table "Shop Data".orders (id serial primary key, note text, data jsonb);
insert into "Shop Data".orders (note, data) select E'tab\\there ' || g, jsonb_build_object('g', g) from generate_series(1, 3000) g;
create table public.customers (id int primary key, name text);
insert into public.customers values (1, 'ünïcödé'), (2, E'back\\\\slash');
create table public.empty (id int);
create view public.customer_names as select name from public.customers;
create index customers_name on public.customers (name);
create function public.double(i int) returns int language sql as 'select i * 2';
alter table public.customers owner to drill_owner;
`

async function tables(db: string): Promise<string[]> {
  const rows = await sql<{ t: string }>(
    db,
    `select table_schema || '.' || table_name as t from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') order by 1`
  )
  return rows.map((r) => r.t)
}

beforeAll(async () => {
  // Roles are per cluster: a rerun first drops what an earlier run left owning drill_owner's objects.
  for (const db of [
    'drill_scratch',
    'drill_corrupt',
    'restore_dry',
    'restore_busy',
    'restore_ext',
    'restore_rows',
    'restore_parts',
    'restore_parts_src',
    'restore_fault',
    SOURCE // left behind by a run stopped before its beforeAll dropped it
  ]) {
    await sql('postgres', `drop database if exists ${db} with (force)`)
  }
  await sql('postgres', 'drop role if exists drill_owner')
  await freshDatabase(SOURCE)
  await sql(SOURCE, FIXTURE)
  root = await tempDir()
  const result = await runAction({
    environment: ENV,
    'database-url': dbUrl(SOURCE),
    'backup-root': root,
    ...s3Inputs()
  })
  expect(result.code).toBe(0)
  snapshotId = result.outputs['snapshot-id']
  // The production server is gone: its database and its roles.
  await sql('postgres', `drop database ${SOURCE} with (force)`)
  await sql('postgres', 'drop role drill_owner')
})

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

describe('drill', () => {
  it('restores latest into a scratch database and proves rows and objects; the report is stored', async () => {
    await freshDatabase('drill_scratch')
    const result = await runAction({
      command: 'drill',
      environment: ENV,
      snapshot: 'latest',
      'target-database-url': dbUrl('drill_scratch'),
      notes: 'Q4 drill',
      ...s3Inputs()
    })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.outputs.verified).toBe('true')
    expect(result.outputs['snapshot-id']).toBe(snapshotId)
    expect(Number(result.outputs['rto-seconds'])).toBeGreaterThan(0)
    expect(result.summary).toContain(`Restore drill of ${snapshotId} (${ENV}): verified`)
    expect(result.summary).toMatch(/\| postgres \| .* s \| .* s \| (\d+)\/\1 \|/)
    expect(result.summary).toContain('rows in "Shop Data".orders | 3000 | 3000 | ok')
    expect(result.all).not.toContain(requireEnv('TEST_PG_PASSWORD'))
    // The owner role was created NOLOGIN, so ownership came back exactly.
    expect(
      await sql('drill_scratch', `select rolcanlogin from pg_roles where rolname = 'drill_owner'`)
    ).toEqual([{ rolcanlogin: false }])
    expect(
      await sql('drill_scratch', `select tableowner from pg_tables where tablename = 'customers'`)
    ).toEqual([{ tableowner: 'drill_owner' }])
    const reports = (await listKeys(`${ENV}/drills/`)).filter((k) => k.endsWith('.json'))
    expect(reports).toHaveLength(1)
  })

  it('fails and names the file when one stored byte changed, leaving the scratch database empty', async () => {
    const copy = await tempDir()
    await fs.cp(root, copy, { recursive: true })
    const file = path.join(copy, ENV, snapshotId, 'postgres.sql.gz')
    const bytes = await fs.readFile(file)
    bytes[Math.floor(bytes.length / 2)] ^= 0x01
    await fs.writeFile(file, bytes)
    await freshDatabase('drill_corrupt')
    const result = await runAction({
      command: 'drill',
      environment: ENV,
      'backup-root': copy,
      'target-database-url': dbUrl('drill_corrupt')
    })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toMatch(
      /checksum failed for postgres\.sql\.gz: the manifest says sha256 [0-9a-f]{64} \(\d+ bytes\), the stored file has [0-9a-f]{64}/
    )
    expect(await tables('drill_corrupt')).toEqual([])
    // Outputs are set even though it failed: the workflow uploads the report as an artifact.
    expect(result.outputs.verified).toBe('false')
    expect(result.outputs['drill-report-file']).toMatch(/drill-report-.*\.json$/)
    // The failed drill is on record too.
    const drills = await fs.readdir(path.join(copy, ENV, 'drills'))
    const report = JSON.parse(await fs.readFile(path.join(copy, ENV, 'drills', drills[0]), 'utf8'))
    expect(report).toMatchObject({
      verified: false,
      error: expect.stringMatching(/checksum failed/)
    })
  })
})

describe('restore', () => {
  it('dry-run prints the plan and changes nothing', async () => {
    await freshDatabase('restore_dry')
    const result = await runCli([
      'restore',
      '--environment',
      ENV,
      '--backup-root',
      root,
      '--snapshot',
      snapshotId,
      '--dry-run',
      'true',
      '--target-database-url',
      dbUrl('restore_dry')
    ])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('plan only (dry-run)')
    expect(result.stdout).toMatch(
      /restore postgres\.sql\.gz into postgres@127\.0\.0\.1:\d+\/restore_dry .* in one transaction/
    )
    // (drill_owner exists by now: roles are per cluster, and the drill above created it)
    expect(result.stdout).toMatch(/every role the dump names exists|create missing roles/)
    expect(await tables('restore_dry')).toEqual([])
  })

  it('refuses a target that holds tables, and force replaces the dump objects', async () => {
    await freshDatabase('restore_busy')
    await sql(
      'restore_busy',
      'create table public.customers (x int); create table public.keep_me (y int)'
    )
    const refused = await runCli([
      'restore',
      '--environment',
      ENV,
      '--backup-root',
      root,
      '--target-database-url',
      dbUrl('restore_busy')
    ])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(
      /already holds 2 table\(s\) or view\(s\) \(public\.customers, public\.keep_me\).*force: true/
    )
    const forced = await runCli([
      'restore',
      '--environment',
      ENV,
      '--backup-root',
      root,
      '--target-database-url',
      dbUrl('restore_busy'),
      '--force',
      'true'
    ])
    expect(forced.stderr).not.toMatch(/error/)
    expect(forced.code).toBe(0)
    expect(forced.stdout).toContain('force: drop first: DROP SCHEMA IF EXISTS "Shop Data" CASCADE;')
    expect(await sql('restore_busy', 'select count(*)::int as n from public.customers')).toEqual([
      { n: 2 }
    ])
    expect(await tables('restore_busy')).toContain('public.keep_me')
  })

  it("checks rows per table against the server's COPY tags: a count that differs fails", async () => {
    // restore takes the rows from the tags psql prints for each COPY in the committed
    // transaction (drill counts them again). Here the manifest claims one order more.
    const copy = await tempDir()
    await fs.cp(root, copy, { recursive: true })
    const file = path.join(copy, ENV, snapshotId, 'manifest.json')
    const manifest = JSON.parse(await fs.readFile(file, 'utf8'))
    expect(Object.keys(manifest.sources.postgres.tables)).toEqual([
      '"Shop Data".orders',
      'public.customers',
      'public.empty'
    ])
    const good = await runCli([
      'restore',
      '--environment',
      ENV,
      '--backup-root',
      copy,
      '--target-database-url',
      (await freshDatabase('restore_rows'), dbUrl('restore_rows'))
    ])
    expect(good.code).toBe(0)
    expect(good.stderr).toContain(
      "3 tables: every row count equals the manifest's (the server's COPY tags in the committed transaction)"
    )
    expect(good.stdout).toMatch(/\| postgres \| postgres\.sql\.gz \| .* \| 4\/4 equal \|/)

    manifest.sources.postgres.tables['"Shop Data".orders'] = 3001
    await fs.writeFile(file, JSON.stringify(manifest))
    await freshDatabase('restore_rows')
    const bad = await runCli([
      'restore',
      '--environment',
      ENV,
      '--backup-root',
      copy,
      '--target-database-url',
      dbUrl('restore_rows')
    ])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(
      /row counts differ after restore: "Shop Data"\.orders has 3000, the manifest says 3001/
    )
  })

  it('adds up a table loaded in several COPY blocks (enum hash partitions load through the root)', async () => {
    // pg_dump writes each partition's rows as `COPY public.paint ...` when the partition key is
    // an enum hashed: two blocks, two tags, one table in the manifest.
    await freshDatabase('restore_parts_src')
    await sql(
      'restore_parts_src',
      `create type color as enum ('red', 'green', 'blue');
       create table paint (id int, c color) partition by hash (c);
       create table paint_0 partition of paint for values with (modulus 2, remainder 0);
       create table paint_1 partition of paint for values with (modulus 2, remainder 1);
       create table after_paint (id int);
       insert into after_paint values (1), (2);
       insert into paint select g, (array['red', 'green', 'blue'])[1 + g % 3]::color from generate_series(1, 300) g;`
    )
    const dir = await tempDir()
    const env = `${ENV}-parts`
    const backed = await runCli([
      'backup',
      '--environment',
      env,
      '--database-url',
      dbUrl('restore_parts_src'),
      '--backup-root',
      dir
    ])
    expect(backed.code).toBe(0)
    const id = (await fs.readdir(path.join(dir, env))).find((n) => /^\d{4}-/.test(n))!
    const manifest = JSON.parse(await fs.readFile(path.join(dir, env, id, 'manifest.json'), 'utf8'))
    expect(manifest.sources.postgres.tables).toEqual({
      'public.after_paint': 2,
      'public.paint': 300
    })
    await freshDatabase('restore_parts')
    const restored = await runCli([
      'restore',
      '--environment',
      env,
      '--backup-root',
      dir,
      '--target-database-url',
      dbUrl('restore_parts')
    ])
    expect(restored.stderr).toContain("2 tables: every row count equals the manifest's")
    expect(restored.code).toBe(0)
    expect(await sql('restore_parts', 'select count(*)::int as n from paint')).toEqual([{ n: 300 }])
  })

  it('fails before any data moves when the target lacks an extension the dump needs', async () => {
    const copy = await tempDir()
    await fs.cp(root, copy, { recursive: true })
    const file = path.join(copy, ENV, snapshotId, 'manifest.json')
    const manifest = JSON.parse(await fs.readFile(file, 'utf8'))
    manifest.sources.postgres.extensions.push('definitely_missing_ext')
    await fs.writeFile(file, JSON.stringify(manifest))
    await freshDatabase('restore_ext')
    const result = await runCli([
      'restore',
      '--environment',
      ENV,
      '--backup-root',
      copy,
      '--target-database-url',
      dbUrl('restore_ext')
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /lacks extension\(s\) the dump needs: definitely_missing_ext .*nothing was restored/
    )
    expect(await tables('restore_ext')).toEqual([])
  })
})

describe('restore faults', () => {
  async function brokenCopy(change: (dir: string) => Promise<void>): Promise<string> {
    const copy = await tempDir()
    await fs.cp(root, copy, { recursive: true })
    await change(path.join(copy, ENV, snapshotId))
    return copy
  }

  it.each([
    [
      'an unknown id lists the nearest ones',
      async () => root,
      '2020-01-01T00-00-00Z',
      /snapshot 2020-01-01T00-00-00Z not found in .*; nearest: \d{4}-/
    ],
    [
      'an id that is not one',
      async () => root,
      'yesterday',
      /snapshot "yesterday" is not a snapshot id/
    ],
    [
      'no complete snapshot',
      async () => tempDir(),
      'latest',
      /no complete snapshot holding postgres in /
    ],
    [
      'a manifest that is not JSON',
      () => brokenCopy((d) => fs.writeFile(path.join(d, 'manifest.json'), '{ not json')),
      'ID',
      /snapshot \S+ is incomplete \(manifest\.json is not valid JSON/
    ],
    [
      'a missing file',
      () => brokenCopy((d) => fs.rm(path.join(d, 'postgres.sql.gz'))),
      'ID',
      /snapshot \S+ is damaged: postgres\.sql\.gz is missing: none of postgres is whole in it, nothing to restore/
    ],
    [
      'a truncated file',
      () => brokenCopy((d) => fs.truncate(path.join(d, 'postgres.sql.gz'), 100)),
      'ID',
      /snapshot \S+ is damaged: postgres\.sql\.gz holds 100 bytes, the manifest says \d+: none of postgres is whole in it/
    ]
  ])('%s', async (_name, store, snapshot, pattern) => {
    const dir = await store()
    await freshDatabase('restore_fault')
    const result = await runAction({
      command: 'restore',
      environment: ENV,
      'backup-root': dir,
      snapshot: snapshot === 'ID' ? snapshotId : snapshot,
      'target-database-url': dbUrl('restore_fault')
    })
    expect(errorOf(result)).toMatch(pattern)
    expect(result.code).toBe(1)
    expect(await tables('restore_fault')).toEqual([])
  })

  it('an unreachable target is named', async () => {
    const result = await runAction({
      command: 'restore',
      environment: ENV,
      'backup-root': root,
      'target-database-url': 'postgresql://u:secret-pw@127.0.0.1:1/x'
    })
    expect(errorOf(result)).toMatch(/cannot connect to PostgreSQL at 127\.0\.0\.1:1 \(refused\)/)
    expect(result.all).not.toContain('secret-pw')
  })
})

describe('drill of PostgreSQL, Redis and uploads together', () => {
  it('proves rows, keys and every upload, and shows each in the summary', async () => {
    const source = await startRedis()
    const scratchRedis = await startRedis()
    await populate(source)
    const env = `it-drill-all-${Date.now()}`
    const parent = await tempDir()
    const uploads = path.join(parent, 'uploads')
    await fs.mkdir(path.join(uploads, 'avatars', 'empty'), { recursive: true })
    for (let i = 0; i < 50; i++) {
      await fs.writeFile(
        path.join(uploads, 'avatars', `user ${i} ✓.txt`),
        `avatar ${i}\n`.repeat(i + 1)
      )
    }
    await fs.symlink('avatars/user 1 ✓.txt', path.join(uploads, 'latest'))
    await freshDatabase('drill_all_source')
    await sql(
      'drill_all_source',
      'create table t (id int); insert into t select generate_series(1, 123)'
    )
    const backup = await runAction({
      environment: env,
      'database-url': dbUrl('drill_all_source'),
      'uploads-dir': uploads,
      'redis-url': source.url,
      ...s3Inputs()
    })
    expect(backup.code).toBe(0)
    await source.stop()

    await freshDatabase('drill_all_scratch')
    const scratch = path.join(await tempDir(), 'restored-uploads')
    const result = await runAction({
      command: 'drill',
      environment: env,
      'target-database-url': dbUrl('drill_all_scratch'),
      'target-uploads-dir': scratch,
      'target-redis-url': scratchRedis.url,
      ...s3Inputs()
    })
    const restoredKeys = await keyspace(scratchRedis)
    await scratchRedis.stop()
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.outputs.verified).toBe('true')
    expect(result.summary).toMatch(/\| uploads \| .* \| (\d+)\/\1 \|/)
    expect(result.summary).toContain('files restored | 50 | 50 | ok')
    expect(result.summary).toMatch(/\| redis \| .* \| (\d+)\/\1 \|/)
    expect(result.summary).toContain('db 0: keys without a TTL | 5015 | 5015 | ok')
    expect(restoredKeys['1']).toEqual({ keys: 300, keysWithTtl: 100 })
    expect(await fs.readFile(path.join(scratch, 'avatars', 'user 7 ✓.txt'), 'utf8')).toBe(
      'avatar 7\n'.repeat(8)
    )
    expect(await fs.readlink(path.join(scratch, 'latest'))).toBe('avatars/user 1 ✓.txt')
  })
})
