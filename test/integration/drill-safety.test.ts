import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import path from 'node:path'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { errorOf, runAction, runCli, tempDir, type RunResult } from '../helpers/run.js'
import { keyspace, startRedis, type TestRedis } from './redisServers.js'

// Issue 13, item 2: a drill writes only into an empty target or one an earlier drill marked, and
// never into the snapshot's source; a forced restore never cascades silently into objects
// outside the dump. Against the real servers, through the CLI and the action.

const SOURCE = 'dsafe_source'
const ENV = `it-dsafe-${Date.now()}`
const MARKER_KEY = 'luneo-backup:drill-target'
let root: string
/** The same snapshot, its manifest without the source identity (as older manifests are). */
let oldRoot: string
let work: string
let uploads: string
let redis: TestRedis
let scratchRedis: TestRedis

const FIXTURE = `
create table public.customers (id int primary key, name text);
insert into public.customers select g, 'customer ' || g from generate_series(1, 50) g;
create table public.notes (id serial primary key, body text);
insert into public.notes (body) select 'note ' || g from generate_series(1, 20) g;
create schema shop;
create table shop.items (id int);
insert into shop.items select generate_series(1, 5);
`

async function count(db: string, table: string): Promise<number> {
  const rows = await sql<{ n: number }>(db, `select count(*)::int as n from ${table}`)
  return rows[0].n
}

function drill(backupRoot: string, targets: string[], force = false): Promise<RunResult> {
  return runCli([
    'drill',
    '--environment',
    ENV,
    '--backup-root',
    backupRoot,
    ...targets,
    ...(force ? ['--force', 'true'] : [])
  ])
}

async function files(dir: string): Promise<string[]> {
  return (await fs.readdir(dir, { recursive: true })).map(String).sort()
}

beforeAll(async () => {
  for (const db of ['dsafe_scratch', 'dsafe_busy', 'dsafe_deps', 'dsafe_marked_busy']) {
    await sql('postgres', `drop database if exists ${db} with (force)`)
  }
  await freshDatabase(SOURCE)
  await sql(SOURCE, FIXTURE)
  await sql('postgres', `comment on database ${SOURCE} is null`)
  redis = await startRedis()
  scratchRedis = await startRedis()
  const c = redis.client(0)
  for (let i = 0; i < 30; i++) await c.set(`live:${i}`, `value ${i}`)
  await redis.client(2).set('db2:key', 'x')
  work = await tempDir('luneo-dsafe-')
  uploads = path.join(work, 'source', 'uploads')
  await fs.mkdir(path.join(uploads, 'img'), { recursive: true })
  await fs.writeFile(path.join(uploads, 'a.txt'), 'alpha')
  await fs.writeFile(path.join(uploads, 'img', 'b.bin'), Buffer.alloc(4096, 7))
  root = path.join(work, 'backups')
  const backup = await runAction({
    environment: ENV,
    'database-url': dbUrl(SOURCE),
    'redis-url': redis.url,
    'uploads-dir': uploads,
    'backup-root': root
  })
  expect(errorOf(backup)).toBe('')
  expect(backup.code).toBe(0)
  const id = backup.outputs['snapshot-id']
  const manifest = JSON.parse(await fs.readFile(path.join(root, ENV, id, 'manifest.json'), 'utf8'))
  // The manifest records what identifies each source.
  expect(manifest.sources.postgres.identity).toEqual({
    systemIdentifier: expect.stringMatching(/^\d+$/),
    databaseOid: expect.any(Number)
  })
  expect(manifest.sources.redis.identity).toEqual({
    address: `127.0.0.1:${redis.port}`,
    runId: expect.stringMatching(/^[0-9a-f]{40}$/),
    replId: expect.stringMatching(/^[0-9a-f]{40}$/)
  })
  expect(manifest.sources.uploads.identity).toEqual({ realPath: await fs.realpath(uploads) })
  oldRoot = path.join(work, 'old-backups')
  await fs.cp(root, oldRoot, { recursive: true })
  for (const source of ['postgres', 'redis', 'uploads']) delete manifest.sources[source].identity
  await fs.writeFile(path.join(oldRoot, ENV, id, 'manifest.json'), JSON.stringify(manifest))
  // Written after the backup: a self-drill would lose them.
  await sql(SOURCE, `insert into public.notes (body) values ('written after the backup')`)
  await c.set('live:after-backup', 'y')
  await fs.writeFile(path.join(uploads, 'after-backup.txt'), 'new')
})

afterAll(async () => {
  await redis?.stop()
  await scratchRedis?.stop()
  await fs.rm(work, { recursive: true, force: true })
})

async function expectSourceUntouched(): Promise<void> {
  expect(await count(SOURCE, 'public.customers')).toBe(50)
  expect(await count(SOURCE, 'public.notes')).toBe(21)
  expect(await count(SOURCE, 'shop.items')).toBe(5)
  expect(await keyspace(redis)).toEqual({
    '0': { keys: 31, keysWithTtl: 0 },
    '2': { keys: 1, keysWithTtl: 0 }
  })
  expect(await files(uploads)).toEqual(['a.txt', 'after-backup.txt', 'img', 'img/b.bin'])
}

describe('a drill into its own source', () => {
  it('PostgreSQL: refused even with force, by the identity rule; the rows written since stay', async () => {
    const result = await drill(root, ['--target-database-url', dbUrl(SOURCE)], true)
    expect(result.code).toBe(1)
    expect(errorOf(result)).toMatch(
      /^luneo-backup: error: drill refused: target-database-url postgres@127\.0\.0\.1:\d+\/dsafe_source matches the snapshot's source dsafe_source: the same cluster \(system_identifier \d+\) and database \(oid \d+\)/
    )
    await expectSourceUntouched()
  })

  it('PostgreSQL: an old manifest without identity is refused by the marker rule', async () => {
    const result = await drill(oldRoot, ['--target-database-url', dbUrl(SOURCE)], true)
    expect(result.code).toBe(1)
    expect(errorOf(result)).toMatch(
      /drill refused: target-database-url postgres@127\.0\.0\.1:\d+\/dsafe_source holds 3 table\(s\) or view\(s\) \(public\.customers, public\.notes, shop\.items\) and carries no drill marker/
    )
    await expectSourceUntouched()
  })

  it('PostgreSQL: a source that carries a drill marker is still refused by the identity rule', async () => {
    await sql('postgres', `comment on database ${SOURCE} is 'luneo-backup drill target: planted'`)
    try {
      const result = await drill(root, ['--target-database-url', dbUrl(SOURCE)], true)
      expect(result.code).toBe(1)
      expect(errorOf(result)).toMatch(
        /drill refused: .* matches the snapshot's source dsafe_source/
      )
      await expectSourceUntouched()
    } finally {
      await sql('postgres', `comment on database ${SOURCE} is null`)
    }
  })

  it('Redis: refused by the identity rule, and by the marker rule for an old manifest; no key lost', async () => {
    const byIdentity = await drill(root, ['--target-redis-url', redis.url], true)
    expect(byIdentity.code).toBe(1)
    expect(errorOf(byIdentity)).toMatch(
      /drill refused: target-redis-url redis:\/\/127\.0\.0\.1:\d+ matches the snapshot's source redis at 127\.0\.0\.1:\d+: the same server process \(run_id [0-9a-f]{40}\)/
    )
    const byMarker = await drill(oldRoot, ['--target-redis-url', redis.url], true)
    expect(byMarker.code).toBe(1)
    expect(errorOf(byMarker)).toMatch(
      /drill refused: target-redis-url redis:\/\/127\.0\.0\.1:\d+ holds 32 keys in dbs 0, 2 and carries no drill marker/
    )
    await expectSourceUntouched()
  })

  it('Redis: a source that carries the marker key is still refused by the identity rule', async () => {
    await redis.client(0).set(MARKER_KEY, 'luneo-backup drill target: planted')
    try {
      const result = await drill(root, ['--target-redis-url', redis.url], true)
      expect(result.code).toBe(1)
      expect(errorOf(result)).toMatch(/drill refused: .* the same server process/)
      expect(await redis.client(0).get('live:after-backup')).toBe('y')
    } finally {
      await redis.client(0).del(MARKER_KEY)
    }
    await expectSourceUntouched()
  })

  it('uploads: refused by the identity rule (also through a symlink), and by the marker rule for an old manifest', async () => {
    const link = path.join(work, 'link-to-uploads')
    await fs.symlink(uploads, link)
    for (const target of [uploads, link]) {
      const result = await drill(root, ['--target-uploads-dir', target], true)
      expect(result.code).toBe(1)
      expect(errorOf(result)).toContain(
        `drill refused: target-uploads-dir ${await fs.realpath(uploads)} matches the snapshot's source ${await fs.realpath(uploads)}: the same folder`
      )
    }
    // A scratch folder inside the live one (not there yet) would land among the live files.
    const inside = await drill(root, ['--target-uploads-dir', path.join(uploads, 'scratch')])
    expect(inside.code).toBe(1)
    expect(errorOf(inside)).toContain(
      `matches the snapshot's source ${await fs.realpath(uploads)}: it is inside that folder`
    )
    const byMarker = await drill(oldRoot, ['--target-uploads-dir', uploads], true)
    expect(byMarker.code).toBe(1)
    expect(errorOf(byMarker)).toMatch(
      /drill refused: target-uploads-dir .*uploads holds 3 entries \(e\.g\. a\.txt\) and carries no drill marker/
    )
    await expectSourceUntouched()
  })

  it('uploads: a source with a marker beside it is still refused by the identity rule', async () => {
    const marker = path.join(path.dirname(uploads), '.uploads.luneo-drill-target')
    await fs.writeFile(marker, 'luneo-backup drill target: planted\n')
    try {
      const result = await drill(root, ['--target-uploads-dir', uploads], true)
      expect(result.code).toBe(1)
      expect(errorOf(result)).toMatch(/drill refused: .* the same folder/)
    } finally {
      await fs.rm(marker)
    }
    await expectSourceUntouched()
  })
})

describe('scratch targets', () => {
  it('an empty target is marked before the data goes in; a marked one is reused with force, refused without', async () => {
    await freshDatabase('dsafe_scratch')
    const scratchDir = path.join(work, 'scratch', 'uploads')
    const targets = [
      '--target-database-url',
      dbUrl('dsafe_scratch'),
      '--target-redis-url',
      scratchRedis.url,
      '--target-uploads-dir',
      scratchDir
    ]
    const first = await drill(root, targets)
    expect(errorOf(first)).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('verified=true')
    // Every target carries the marker naming the drill.
    const [comment] = await sql<{ c: string }>(
      'postgres',
      `select shobj_description(oid, 'pg_database') as c from pg_database where datname = 'dsafe_scratch'`
    )
    expect(comment.c).toMatch(new RegExp(`^luneo-backup drill target: drill of ${ENV}/`))
    expect(await scratchRedis.client(0).get(MARKER_KEY)).toMatch(/^luneo-backup drill target: /)
    expect(
      await fs.readFile(path.join(work, 'scratch', '.uploads.luneo-drill-target'), 'utf8')
    ).toMatch(/^luneo-backup drill target: /)
    expect(await files(scratchDir)).toEqual(['a.txt', 'img', 'img/b.bin'])

    const again = await drill(root, targets)
    expect(again.code).toBe(1)
    expect(errorOf(again)).toMatch(
      /drill refused: target-database-url .*dsafe_scratch holds 3 table\(s\) or view\(s\) .* from an earlier drill \(it carries the drill marker\): set force: true/
    )
    const forced = await drill(root, targets, true)
    expect(errorOf(forced)).toBe('')
    expect(forced.code).toBe(0)
    expect(forced.stdout).toContain('verified=true')
    // The drill's summary carries its plan: force's drops, and that CASCADE takes nothing else.
    expect(forced.stdout).toMatch(/- CASCADE removes \d+ object\(s\); outside the dump: none/)
    expect(await count('dsafe_scratch', 'public.notes')).toBe(20)
    expect(await scratchRedis.client(0).get(MARKER_KEY)).toMatch(/^luneo-backup drill target: /)
    expect(await keyspace(scratchRedis)).toEqual({
      '0': { keys: 31, keysWithTtl: 0 },
      '2': { keys: 1, keysWithTtl: 0 }
    })
    await expectSourceUntouched()
  })

  it('a Redis or uploads target marked by an earlier drill is refused without force', async () => {
    // (after the test above: both hold a drill's data and its marker)
    const redisAgain = await drill(root, ['--target-redis-url', scratchRedis.url])
    expect(redisAgain.code).toBe(1)
    expect(errorOf(redisAgain)).toMatch(/from an earlier drill .*set force: true/)
    const dirAgain = await drill(root, [
      '--target-uploads-dir',
      path.join(work, 'scratch', 'uploads')
    ])
    expect(dirAgain.code).toBe(1)
    expect(errorOf(dirAgain)).toMatch(/from an earlier drill .*set force: true/)
  })

  it('an unmarked target that holds data is refused even with force, and left as it was', async () => {
    await freshDatabase('dsafe_busy')
    await sql(
      'dsafe_busy',
      'create table public.customers (x int); insert into public.customers values (42)'
    )
    const pg = await drill(root, ['--target-database-url', dbUrl('dsafe_busy')], true)
    expect(pg.code).toBe(1)
    expect(errorOf(pg)).toMatch(
      /^luneo-backup: error: drill refused: target-database-url postgres@127\.0\.0\.1:\d+\/dsafe_busy holds 1 table\(s\) or view\(s\) \(public\.customers\) and carries no drill marker, so no drill made it; a drill writes only into an empty target or one an earlier drill marked, force or not$/
    )
    expect(await sql('dsafe_busy', 'select x from public.customers')).toEqual([{ x: 42 }])

    const busy = await startRedis()
    try {
      await busy.client(0).set('precious', '1')
      const r = await drill(root, ['--target-redis-url', busy.url], true)
      expect(r.code).toBe(1)
      expect(errorOf(r)).toMatch(
        /drill refused: target-redis-url redis:\/\/127\.0\.0\.1:\d+ holds 1 keys in db 0 and carries no drill marker/
      )
      expect(await busy.client(0).get('precious')).toBe('1')
    } finally {
      await busy.stop()
    }

    const dir = path.join(work, 'busy', 'uploads')
    await fs.mkdir(dir, { recursive: true })
    await fs.writeFile(path.join(dir, 'precious.txt'), 'keep')
    const u = await drill(root, ['--target-uploads-dir', dir], true)
    expect(u.code).toBe(1)
    expect(errorOf(u)).toMatch(
      /drill refused: target-uploads-dir .* holds 1 entries \(e\.g\. precious\.txt\) and carries no drill marker/
    )
    expect(await files(dir)).toEqual(['precious.txt'])
  })
})

describe('restore --force and objects outside the dump', () => {
  const restore = (extra: Record<string, string> = {}) =>
    runAction({
      command: 'restore',
      environment: ENV,
      'backup-root': root,
      'target-database-url': dbUrl('dsafe_deps'),
      force: 'true',
      ...extra
    })

  it('lists a view and a foreign key that CASCADE would remove and refuses; drop-dependents: true removes them', async () => {
    await freshDatabase('dsafe_deps')
    await sql(
      'dsafe_deps',
      `create table public.customers (id int primary key, name text);
       insert into public.customers values (1, 'stale');
       create view public.vip as select name from public.customers;
       create table public.invoices (id int, customer_id int references public.customers (id));
       insert into public.invoices values (1, 1);
       create schema shop;
       create table shop.items (id int);
       create table shop.extra (z int);`
    )
    for (const extra of [{}, { 'dry-run': 'true' }] as Array<Record<string, string>>) {
      const refused = await restore(extra)
      expect(refused.code).toBe(1)
      // shop.extra is in a schema the dump creates (DROP SCHEMA shop CASCADE takes it), not in the dump.
      expect(errorOf(refused)).toMatch(
        /^::error::force would drop 3 object\(s\) outside the dump that depend on the dump's objects in postgres@127\.0\.0\.1:\d+\/dsafe_deps: constraint invoices_customer_id_fkey on table public\.invoices; table shop\.extra; view public\.vip; remove them first, or set drop-dependents: true to let DROP \.\.\. CASCADE remove them too; nothing was changed$/
      )
    }
    expect(await sql('dsafe_deps', 'select name from public.vip')).toEqual([{ name: 'stale' }])

    const dry = await restore({ 'drop-dependents': 'true', 'dry-run': 'true' })
    expect(dry.code).toBe(0)
    expect(dry.summary).toMatch(
      /CASCADE removes \d+ object\(s\); outside the dump: .*view public\.vip.*\(drop-dependents: true\)/
    )
    expect(await sql('dsafe_deps', 'select name from public.vip')).toEqual([{ name: 'stale' }])

    const allowed = await restore({ 'drop-dependents': 'true' })
    expect(errorOf(allowed)).toBe('')
    expect(allowed.code).toBe(0)
    expect(allowed.summary).toContain('view public.vip')
    expect(allowed.summary).toContain(
      'constraint invoices_customer_id_fkey on table public.invoices'
    )
    expect(await count('dsafe_deps', 'public.customers')).toBe(50)
    const views = await sql('dsafe_deps', `select 1 from pg_views where viewname = 'vip'`)
    expect(views).toEqual([])
    // The table outside the dump stays; only its foreign key went with CASCADE.
    expect(await sql('dsafe_deps', 'select customer_id from public.invoices')).toEqual([
      { customer_id: 1 }
    ])
    expect(
      await sql(
        'dsafe_deps',
        `select 1 from pg_constraint where conname = 'invoices_customer_id_fkey'`
      )
    ).toEqual([])
  })

  it('a partition that only the target has is outside the dump, however its parent is', async () => {
    // The dump creates public.events and its 2025 partition; the target also has a 2026 one with
    // rows. CASCADE from DROP TABLE public.events would take it: it must be named, not judged by
    // its parent.
    const parts = `create table public.events (id int, at date) partition by range (at);
       create table public.events_2025 partition of public.events
         for values from ('2025-01-01') to ('2026-01-01');`
    await freshDatabase('dsafe_parts_src')
    await sql('dsafe_parts_src', `${parts} insert into public.events values (1, '2025-06-01');`)
    const env = `${ENV}-parts`
    const backup = await runAction({
      environment: env,
      'database-url': dbUrl('dsafe_parts_src'),
      'backup-root': root
    })
    expect(backup.code).toBe(0)
    await freshDatabase('dsafe_parts')
    await sql(
      'dsafe_parts',
      `${parts} create table public.events_2026 partition of public.events
         for values from ('2026-01-01') to ('2027-01-01');
       insert into public.events values (2, '2026-06-01');`
    )
    const refused = await runAction({
      command: 'restore',
      environment: env,
      'backup-root': root,
      'target-database-url': dbUrl('dsafe_parts'),
      force: 'true'
    })
    expect(refused.code).toBe(1)
    expect(errorOf(refused)).toMatch(
      /force would drop 1 object\(s\) outside the dump .*: table public\.events_2026; remove them first/
    )
    expect(await count('dsafe_parts', 'public.events_2026')).toBe(1)
  })

  it('a forced restore with nothing outside the dump says so and needs no drop-dependents', async () => {
    await freshDatabase('dsafe_deps')
    await sql(
      'dsafe_deps',
      'create table public.customers (id int primary key); create table public.unrelated (y int)'
    )
    const result = await restore()
    expect(errorOf(result)).toBe('')
    expect(result.code).toBe(0)
    expect(result.summary).toMatch(/CASCADE removes \d+ object\(s\); outside the dump: none/)
    expect(await count('dsafe_deps', 'public.unrelated')).toBe(0)
  })
})
