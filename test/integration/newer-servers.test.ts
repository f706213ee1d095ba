import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Redis } from 'ioredis'
import pg from 'pg'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { ROOT, errorOf, requireEnv, runAction, tempDir, type RunResult } from '../helpers/run.js'
import {
  contents,
  expectSameData,
  keyspace,
  populate,
  startRedis,
  type TestRedis
} from './redisServers.js'

// Servers newer than Debian 12 ships, for real (issue 15): PostgreSQL 18 and Valkey 9 from a
// Debian sid chroot (scripts/newer-servers.sh, started by scripts/services.sh with
// SERVICES_NEWER). PostgreSQL: psql 15 replays a pg_dump 15 file into 18 and the drill verifies;
// PostgreSQL 18 needs pg_dump 18 (refused in one line with 15, taken from LUNEO_PG_BIN), and its
// dump is refused for PostgreSQL 15 naming both versions, a refusal the dump's own first
// statements justify. Valkey 9: SYNC in its own format (VALKEY080), scanned to its CRC-64 and
// counted per db, restored and drilled into Valkey 9 with hash fields' own TTLs, refused for
// Redis 7 naming both; the logical mode the same; a Redis 7 RDB goes into Valkey 9.
//
// Without those servers the tests skip, saying why; with CI=true a missing server fails.

const NEEDED = [
  'TEST_PG18_URL',
  'TEST_PG18_BIN',
  'TEST_VALKEY_URL',
  'TEST_SCRATCH_VALKEY_URL',
  'TEST_VALKEY_LOG'
]
const missing = NEEDED.filter((name) => !process.env[name])
const why =
  missing.length > 0
    ? `${missing.join(', ')} not set: PostgreSQL 18 and Valkey 9 are not running (scripts/newer-servers.sh, started by scripts/services.sh unless SERVICES_NEWER=off; README "Newer servers")`
    : ''
if (why && process.env.CI === 'true') {
  describe('the newer servers', () => {
    it('run in CI (CI=true): a missing one fails, never a silent skip', () => {
      throw new Error(`CI=true but ${why}`)
    })
  })
} else if (why) {
  console.warn(`newer-servers.test.ts skipped: ${why}`)
}
const newer = why ? describe.skip : describe

// --- PostgreSQL 18 --------------------------------------------------------------------------

const FIXTURE = `
create role newer_owner;
create schema "Shop Data";
create table "Shop Data".orders (id serial primary key, note text, data jsonb);
insert into "Shop Data".orders (note, data) select E'tab\\there ' || g, jsonb_build_object('g', g) from generate_series(1, 2000) g;
create table public.customers (id int primary key, name text);
insert into public.customers values (1, 'ünïcödé'), (2, E'back\\\\slash');
create view public.customer_names as select name from public.customers;
create index customers_name on public.customers (name);
create function public.double(i int) returns int language sql as 'select i * 2';
alter table public.customers owner to newer_owner;
`

function pg18Url(database: string): string {
  const url = new URL(requireEnv('TEST_PG18_URL'))
  url.pathname = `/${database}`
  return url.href
}

async function sql18<T extends pg.QueryResultRow = pg.QueryResultRow>(
  database: string,
  text: string
): Promise<T[]> {
  const client = new pg.Client({ connectionString: pg18Url(database) })
  await client.connect()
  try {
    const result = await client.query<T>(text)
    return Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows
  } finally {
    await client.end()
  }
}

async function fresh18(name: string): Promise<void> {
  await sql18('postgres', `drop database if exists "${name}" with (force)`)
  await sql18('postgres', `create database "${name}"`)
}

/** Exit 0, or the run's error line and the end of its stderr in the failure. */
function expectOk(result: RunResult): void {
  const said = `exit ${result.code}: ${errorOf(result)}\n${result.stderr.slice(-2000)}`
  expect(result.code === 0 ? 'exit 0' : said).toBe('exit 0')
}

async function manifestOf(root: string, env: string, id: string) {
  return JSON.parse(await fs.readFile(path.join(root, env, id, 'manifest.json'), 'utf8')) as {
    files: Array<{ name: string }>
    sources: {
      postgres?: { serverVersion: string; pgDumpVersion: string; tables: Record<string, number> }
      redis?: {
        mode: string
        engine: string
        version: string
        rdbVersion?: number
        keys: number
        dbs: Record<string, { keys: number; keysWithTtl: number }>
        keyCountsFrom: string
        checksum?: string
      }
    }
  }
}

/** The snapshot folders of an environment that hold a manifest.json (complete ones). */
async function completeSnapshots(root: string, env: string): Promise<string[]> {
  const dirs = await fs.readdir(path.join(root, env)).catch(() => [] as string[])
  const complete: string[] = []
  for (const d of dirs) {
    if (
      await fs
        .access(path.join(root, env, d, 'manifest.json'))
        .then(() => true)
        .catch(() => false)
    )
      complete.push(d)
  }
  return complete
}

newer('PostgreSQL 18 (a Debian sid chroot)', () => {
  const DBS15 = ['newer_src15', 'newer_real15', 'newer_by_hand15', 'newer_into15']
  const DBS18 = [
    'newer_from15',
    'newer_drill18',
    'newer_real_drill18',
    'newer_src18',
    'newer_real18',
    'newer_real18_drill',
    'newer_psql15',
    'newer_drill_pg18'
  ]
  let root: string
  let from15: string // snapshot of PostgreSQL 15 by pg_dump 15
  let from18: string // snapshot of PostgreSQL 18 by pg_dump 18
  const pg18Bin = () => ({ LUNEO_PG_BIN: requireEnv('TEST_PG18_BIN') })

  beforeAll(async () => {
    for (const db of DBS15) await sql('postgres', `drop database if exists ${db} with (force)`)
    for (const db of DBS18) await sql18('postgres', `drop database if exists ${db} with (force)`)
    for (const run of [sql, sql18]) {
      await run('postgres', 'drop role if exists newer_owner')
      await run(
        'postgres',
        `do $$ begin if not exists (select 1 from pg_roles where rolname = 'fixture_reader') then create role fixture_reader; end if; end $$`
      )
    }
    root = await tempDir('luneo-newer-pg-')
    await freshDatabase('newer_src15')
    await sql('newer_src15', FIXTURE)
    const backup = await runAction({
      environment: 'pg15',
      'database-url': dbUrl('newer_src15'),
      'backup-root': root
    })
    expectOk(backup)
    from15 = backup.outputs['snapshot-id']
    await sql('newer_src15', 'drop owned by newer_owner cascade')
    await sql('postgres', 'drop database newer_src15 with (force)')
    await sql('postgres', 'drop role newer_owner')

    await fresh18('newer_src18')
    await sql18('newer_src18', FIXTURE)
  })

  afterAll(async () => {
    if (root) await fs.rm(root, { recursive: true, force: true })
  })

  it('the pg_dump 15 dump of PostgreSQL 15 is replayed by psql 15 into PostgreSQL 18 and the drill verifies', async () => {
    const manifest = await manifestOf(root, 'pg15', from15)
    expect(manifest.sources.postgres!.pgDumpVersion).toMatch(/^15\./)
    expect(manifest.sources.postgres!.serverVersion).toMatch(/^15\./)
    await fresh18('newer_from15')
    const restore = await runAction({
      command: 'restore',
      environment: 'pg15',
      'backup-root': root,
      'target-database-url': pg18Url('newer_from15')
    })
    expectOk(restore)
    expect(
      await sql18('newer_from15', `select count(*)::int as n from "Shop Data".orders`)
    ).toEqual([{ n: 2000 }])
    expect(
      await sql18('newer_from15', `select tableowner from pg_tables where tablename = 'customers'`)
    ).toEqual([{ tableowner: 'newer_owner' }])
    expect((await sql18('postgres', 'show server_version'))[0].server_version).toMatch(/^18\./)

    await fresh18('newer_drill18')
    const drill = await runAction({
      command: 'drill',
      environment: 'pg15',
      'backup-root': root,
      'target-database-url': pg18Url('newer_drill18')
    })
    expectOk(drill)
    expect(drill.outputs.verified).toBe('true')
    expect(drill.summary).toContain('rows in "Shop Data".orders | 2000 | 2000 | ok')
    expect(drill.all).not.toContain(requireEnv('TEST_PG_PASSWORD'))
  })

  it('the real-schema fixture: PostgreSQL 15 drilled into 18 with psql 15; loaded on 18, backed up with pg_dump 18 and drilled with psql 18', async () => {
    const fixture = await fs.readFile(path.join(ROOT, 'test/fixtures/real-schema.sql'), 'utf8')
    await freshDatabase('newer_real15')
    await sql('newer_real15', fixture)
    const backup15 = await runAction({
      environment: 'real15',
      'database-url': dbUrl('newer_real15'),
      'backup-root': root
    })
    expectOk(backup15)
    await fresh18('newer_real_drill18')
    const drill15 = await runAction({
      command: 'drill',
      environment: 'real15',
      'backup-root': root,
      'target-database-url': pg18Url('newer_real_drill18')
    })
    expectOk(drill15)
    expect(drill15.outputs.verified).toBe('true')

    // The fixture loads on PostgreSQL 18 as it is; pg_dump 18 and psql 18 from the chroot.
    await fresh18('newer_real18')
    await sql18('newer_real18', fixture)
    const backup18 = await runAction(
      { environment: 'real18', 'database-url': pg18Url('newer_real18'), 'backup-root': root },
      pg18Bin()
    )
    expectOk(backup18)
    const manifest = await manifestOf(root, 'real18', backup18.outputs['snapshot-id'])
    expect(manifest.sources.postgres!.pgDumpVersion).toMatch(/^18\./)
    await fresh18('newer_real18_drill')
    const drill18 = await runAction(
      {
        command: 'drill',
        environment: 'real18',
        'backup-root': root,
        'target-database-url': pg18Url('newer_real18_drill')
      },
      pg18Bin()
    )
    expectOk(drill18)
    expect(drill18.outputs.verified).toBe('true')
    await sql('postgres', 'drop database newer_real15 with (force)')
  })

  it('backing up PostgreSQL 18 with only pg_dump 15 is refused in one line naming both versions; nothing is marked complete', async () => {
    const pgDump15 = spawnSync(path.join(requireEnv('TEST_PG_BIN'), 'pg_dump'), ['--version'], {
      encoding: 'utf8'
    }).stdout.match(/\d+\.\d+/)![0]
    const server = (await sql18('postgres', 'show server_version'))[0].server_version.split(' ')[0]
    const backup = await runAction({
      environment: 'pg18-refused',
      'database-url': pg18Url('newer_src18'),
      'backup-root': root
    })
    expect(backup.code).not.toBe(0)
    expect(errorOf(backup)).toMatch(
      new RegExp(
        `pg_dump ${pgDump15} is older than the PostgreSQL server ${server.replace('.', '\\.')}: install the PostgreSQL 18 client \\(apt-get install postgresql-client-18, see README "Client version"\\)`
      )
    )
    expect(await completeSnapshots(root, 'pg18-refused')).toEqual([])
  })

  it('backs PostgreSQL 18 up with pg_dump 18 (LUNEO_PG_BIN) and drills it into 18 with psql 18; psql 15 is refused for that dump', async () => {
    const backup = await runAction(
      { environment: 'pg18', 'database-url': pg18Url('newer_src18'), 'backup-root': root },
      pg18Bin()
    )
    expectOk(backup)
    from18 = backup.outputs['snapshot-id']
    const manifest = await manifestOf(root, 'pg18', from18)
    expect(manifest.sources.postgres!.pgDumpVersion).toMatch(/^18\./)
    expect(manifest.sources.postgres!.serverVersion).toMatch(/^18\./)
    expect(manifest.sources.postgres!.tables['"Shop Data".orders']).toBe(2000)

    // psql 15 (this machine's) cannot replay a pg_dump 18 file: refused, both named.
    await fresh18('newer_psql15')
    const old = await runAction({
      command: 'restore',
      environment: 'pg18',
      'backup-root': root,
      'target-database-url': pg18Url('newer_psql15')
    })
    expect(old.code).not.toBe(0)
    expect(errorOf(old)).toMatch(
      /psql 15\.\d+ is older than the pg_dump 18\.\d+ that wrote this dump: install the PostgreSQL 18 client, 18\.\d+ or newer/
    )
    expect(
      await sql18(
        'newer_psql15',
        `select count(*)::int as n from pg_tables where schemaname = 'public'`
      )
    ).toEqual([{ n: 0 }])

    await fresh18('newer_drill_pg18')
    const drill = await runAction(
      {
        command: 'drill',
        environment: 'pg18',
        'backup-root': root,
        'target-database-url': pg18Url('newer_drill_pg18')
      },
      pg18Bin()
    )
    expectOk(drill)
    expect(drill.outputs.verified).toBe('true')
  })

  it('refuses the PostgreSQL 18 dump for PostgreSQL 15 naming both versions, as its first statements fail there', async () => {
    expect(from18).toBeDefined()
    const server15 = (await sql('postgres', 'show server_version'))[0].server_version.split(' ')[0]
    await freshDatabase('newer_into15')
    for (const extra of [{}, pg18Bin()]) {
      const restore = await runAction(
        {
          command: 'restore',
          environment: 'pg18',
          'backup-root': root,
          'target-database-url': dbUrl('newer_into15')
        },
        extra
      )
      expect(restore.code).not.toBe(0)
      expect(errorOf(restore)).toMatch(
        new RegExp(
          `the dump comes from PostgreSQL 18\\.\\d+ and the target runs ${server15.replace('.', '\\.')}, older: its statements may not exist there \\(a pg_dump 17 file sets transaction_timeout\\); restore into PostgreSQL 18 or newer`
        )
      )
    }
    expect(
      await sql(
        'newer_into15',
        `select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`
      )
    ).toEqual([{ n: 0 }])

    // Why: replayed by hand with psql 18 (ON_ERROR_STOP), the dump stops at its SET of
    // transaction_timeout, a setting PostgreSQL 15 does not have.
    await freshDatabase('newer_by_hand15')
    const file = path.join(root, 'pg18', from18, 'postgres.sql.gz')
    const url15 = new URL(dbUrl('newer_by_hand15'))
    const byHand = spawnSync(
      'bash',
      [
        '-o',
        'pipefail',
        '-c',
        `gunzip -c "$1" | "$2/psql" -X -q -v ON_ERROR_STOP=1 --single-transaction -h 127.0.0.1 -p "$3" -U postgres -d newer_by_hand15`,
        'by-hand',
        file,
        requireEnv('TEST_PG18_BIN'),
        url15.port
      ],
      { encoding: 'utf8', env: { ...process.env, PGPASSWORD: requireEnv('TEST_PG_PASSWORD') } }
    )
    expect(byHand.status).not.toBe(0)
    expect(byHand.stderr).toMatch(/unrecognized configuration parameter "transaction_timeout"/)
    await sql('postgres', 'drop database newer_by_hand15 with (force)')
    await sql('postgres', 'drop database newer_into15 with (force)')
  })
})

// --- Valkey 9 -------------------------------------------------------------------------------

/** A running server by URL, as redisServers.ts's helpers take it. */
function byUrl(href: string): TestRedis & { close(): void } {
  const url = new URL(href)
  const clients: Redis[] = []
  const client = (db = 0) => {
    const c = new Redis({
      host: url.hostname,
      port: Number(url.port),
      db,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      maxRetriesPerRequest: 1
    })
    clients.push(c)
    return c
  }
  const close = () => clients.forEach((c) => c.disconnect())
  return { port: Number(url.port), dir: '', url: href, client, stop: async () => close(), close }
}

/** Sorted sets' scores as numbers: Valkey 9 prints a double in its shortest form, Redis 7 with 17 digits. */
function numericScores(
  data: Awaited<ReturnType<typeof contents>>
): Awaited<ReturnType<typeof contents>> {
  for (const entry of data.values()) {
    if (entry.type === 'zset') {
      entry.value = (entry.value as string[]).map((x, i) => (i % 2 === 1 ? Number(x) : x))
    }
  }
  return data
}

/** Each field's own TTL in ms (-1: none) of the hash that has them. */
async function fieldTtls(server: TestRedis): Promise<number[]> {
  return (await server
    .client(0)
    .call('HPTTL', 'hash:field-ttl', 'FIELDS', '3', 'f1', 'f2', 'f3')) as number[]
}

newer('Valkey 9 (a Debian sid chroot)', () => {
  let valkey: ReturnType<typeof byUrl>
  let scratch: ReturnType<typeof byUrl>
  let redis7: ReturnType<typeof byUrl>
  let root: string
  let expected: Awaited<ReturnType<typeof contents>>
  const version = () => requireEnv('TEST_VALKEY_VERSION')

  beforeAll(async () => {
    valkey = byUrl(requireEnv('TEST_VALKEY_URL'))
    scratch = byUrl(requireEnv('TEST_SCRATCH_VALKEY_URL'))
    redis7 = byUrl(requireEnv('TEST_SCRATCH_REDIS_URL'))
    root = await tempDir('luneo-newer-valkey-')
    await valkey.client().flushall()
    await populate(valkey)
    // Valkey 9's new kind of value: a hash whose fields carry their own expiry (RDB type 22).
    const c = valkey.client(0)
    await c.call('HSET', 'hash:field-ttl', 'f1', 'one', 'f2', 'two', 'f3', 'three')
    await c.call('HEXPIRE', 'hash:field-ttl', '3600', 'FIELDS', '1', 'f1')
    await c.call('HPEXPIRE', 'hash:field-ttl', '7200000', 'FIELDS', '1', 'f3')
    expected = await contents(valkey)
  })

  afterAll(async () => {
    for (const s of [valkey, scratch, redis7]) s?.close()
    if (root) await fs.rm(root, { recursive: true, force: true })
  })

  async function backup(env: string, mode: string): Promise<string> {
    const result = await runAction({
      environment: env,
      'redis-url': requireEnv('TEST_VALKEY_URL'),
      'redis-mode': mode,
      'backup-root': root
    })
    expectOk(result)
    expect(result.all).not.toContain(requireEnv('TEST_REDIS_PASSWORD'))
    return result.outputs['snapshot-id']
  }

  const restore = (env: string, target: string, command = 'restore') =>
    runAction({ command, environment: env, 'backup-root': root, 'target-redis-url': target })

  it('backs Valkey 9 up by SYNC in its own format (VALKEY080), scanned to its CRC-64, keys per db in the manifest', async () => {
    const id = await backup('valkey-rdb', 'rdb')
    const manifest = await manifestOf(root, 'valkey-rdb', id)
    const stats = manifest.sources.redis!
    expect(stats).toMatchObject({
      mode: 'rdb',
      engine: 'valkey',
      version: version(),
      rdbVersion: 80,
      keyCountsFrom: 'rdb',
      checksum: 'verified'
    })
    expect(stats.dbs).toEqual(await keyspace(valkey))
    const file = await fs.readFile(path.join(root, 'valkey-rdb', id, 'redis.rdb'))
    expect(file.subarray(0, 9).toString('latin1')).toBe('VALKEY080')
    const verify = await runAction({
      command: 'verify',
      environment: 'valkey-rdb',
      'backup-root': root
    })
    expectOk(verify)
  })

  it("restores and drills that RDB into Valkey 9: every key, type, value and TTL, hash fields' own TTLs too", async () => {
    await scratch.client().flushall()
    const result = await restore('valkey-rdb', requireEnv('TEST_SCRATCH_VALKEY_URL'))
    expectOk(result)
    expectSameData(await contents(scratch), expected)
    const ttls = await fieldTtls(scratch)
    expect(ttls[1]).toBe(-1)
    expect(ttls[0]).toBeGreaterThan(3_500_000)
    expect(ttls[2]).toBeGreaterThan(7_100_000)

    await scratch.client().flushall()
    const drill = await restore('valkey-rdb', requireEnv('TEST_SCRATCH_VALKEY_URL'), 'drill')
    expectOk(drill)
    expect(drill.outputs.verified).toBe('true')
  })

  it('refuses that RDB for Redis 7 naming both versions, writing nothing: Redis itself refuses an RDB 80 payload', async () => {
    await redis7.client().flushall()
    const redisVersion = String(await redis7.client().info('server')).match(
      /redis_version:(\S+)/
    )![1]
    const result = await restore('valkey-rdb', requireEnv('TEST_SCRATCH_REDIS_URL'))
    expect(result.code).not.toBe(0)
    expect(errorOf(result)).toMatch(
      new RegExp(
        `redis\\.rdb is in Valkey's own RDB format \\(RDB version 80, from valkey ${version().replace(/\./g, '\\.')}\\), which redis ${redisVersion.replace(/\./g, '\\.')} at redis://127\\.0\\.0\\.1:\\d+ cannot load .*: restore into Valkey 9\\.0 or newer; nothing was written`
      )
    )
    expect(await redis7.client().dbsize()).toBe(0)
    // The refusal is Redis's own rule: RESTORE of a Valkey 9 DUMP payload (RDB 80) fails there.
    const payload = await valkey.client(0).dumpBuffer('str:plain')
    expect(payload.readUInt16LE(payload.length - 10)).toBe(80)
    await expect(redis7.client().restore('copied', 0, payload)).rejects.toThrow(
      /DUMP payload version or checksum are wrong/
    )
  })

  it("needs the version it names: a replica that names none gets RDB 11, and the SYNC fails on a hash with fields' own TTLs", async () => {
    // redis-cli --rdb asks for the RDB as this tool did before (REPLCONF capa eof, rdb-only).
    const url = new URL(requireEnv('TEST_VALKEY_URL'))
    const out = path.join(root, 'no-version.rdb')
    const cli = spawnSync(
      'redis-cli',
      ['-h', '127.0.0.1', '-p', url.port, '--no-auth-warning', '--rdb', out],
      {
        encoding: 'utf8',
        env: { ...process.env, REDISCLI_AUTH: requireEnv('TEST_REDIS_PASSWORD') }
      }
    )
    expect(cli.status).not.toBe(0)
    expect(cli.stdout + cli.stderr).toMatch(/Error|error/)
    const log = await fs.readFile(requireEnv('TEST_VALKEY_LOG'), 'utf8')
    expect(log).toMatch(/Can't store key \(db 0\) in RDB version 11/)
  })

  it('the logical mode backs Valkey 9 up and restores it into Valkey 9; Redis 7 is refused', async () => {
    await backup('valkey-logical', 'logical')
    const list = await fs.readdir(path.join(root, 'valkey-logical'))
    const manifest = await manifestOf(
      root,
      'valkey-logical',
      list.find((d) => /^\d{4}-/.test(d))!
    )
    expect(manifest.sources.redis).toMatchObject({
      mode: 'logical',
      engine: 'valkey',
      keyCountsFrom: 'scan'
    })
    expect(manifest.sources.redis!.dbs).toEqual(await keyspace(valkey))
    await scratch.client().flushall()
    const result = await restore('valkey-logical', requireEnv('TEST_SCRATCH_VALKEY_URL'))
    expectOk(result)
    expectSameData(await contents(scratch), expected)
    expect((await fieldTtls(scratch))[1]).toBe(-1)
    expect((await fieldTtls(scratch))[0]).toBeGreaterThan(3_500_000)

    await redis7.client().flushall()
    const refused = await restore('valkey-logical', requireEnv('TEST_SCRATCH_REDIS_URL'))
    expect(refused.code).not.toBe(0)
    expect(errorOf(refused)).toMatch(
      /redis\.resp\.gz is in Valkey's own RDB format \(RDB version 80, from valkey 9\.\d+\.\d+\), which redis 7\.\d+\.\d+ .* nothing was written/
    )
    expect(await redis7.client().dbsize()).toBe(0)
  })

  it('a Redis 7 RDB goes into Valkey 9', async () => {
    const source = await startRedis()
    try {
      await populate(source)
      const want = await contents(source)
      const result = await runAction({
        environment: 'redis7',
        'redis-url': source.url,
        'redis-mode': 'rdb',
        'backup-root': root
      })
      expectOk(result)
      await scratch.client().flushall()
      const restored = await restore('redis7', requireEnv('TEST_SCRATCH_VALKEY_URL'))
      expectOk(restored)
      expectSameData(numericScores(await contents(scratch)), numericScores(want))
    } finally {
      await source.stop()
    }
  })
})
