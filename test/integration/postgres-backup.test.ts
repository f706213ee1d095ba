import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import path from 'node:path'
import { parseManifest } from '../../src/snapshot/manifest.js'
import { dbUrl, freshDatabase, shell, sql } from '../helpers/pg.js'
import { requireEnv, runAction, runCli, tempDir } from '../helpers/run.js'
import { listKeys, s3Inputs } from '../helpers/s3.js'

// The foundation's proof: awkward data through the action as the runner starts it, to the real
// S3 test server and a local folder, then back with the seed's own `gunzip -c | psql`.

const SOURCE = 'awkward_source'
const AWKWARD = `
create schema "Other Schema";
create table public.people (id int primary key, name text, bio text, data jsonb, born date);
insert into public.people values
  (1, 'tab	inside', E'line one\\nline two', '{"k": "v", "n": [1, 2, 3]}', '1990-01-01'),
  (2, 'back\\slash \\N not null', E'carriage\\rreturn', '{"emoji": "🎉", "quote": "\\""}', null),
  (3, 'ünïcödé 日本語 ✓', '\\.', 'null', '2000-02-29'),
  (4, '', E'\\\\.', '[]', null);
create table public.empty_table (id int);
create table "Other Schema"."Mixed Case" (id serial primary key, v text);
insert into "Other Schema"."Mixed Case" (v) select 'row ' || g from generate_series(1, 2500) g;
create view public.people_view as select id, name from public.people;
create index people_name on public.people (name);
create function public.add_one(i int) returns int language sql as 'select i + 1';
`

const COMPARE = `
select 'people' as t, count(*)::text as n, md5(string_agg(p::text, '|' order by id)) as h from public.people p
union all select 'empty', count(*)::text, '' from public.empty_table
union all select 'mixed', count(*)::text, md5(string_agg(m::text, '|' order by id)) from "Other Schema"."Mixed Case" m
union all select 'view', count(*)::text, md5(string_agg(v::text, '|' order by id)) from public.people_view v
union all select 'fn', public.add_one(41)::text, ''
`

let root: string

beforeAll(async () => {
  await freshDatabase(SOURCE)
  await sql(SOURCE, AWKWARD)
  root = await tempDir()
})

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

describe('backup of PostgreSQL through the action (node dist/index.js)', () => {
  it('stores a gzip dump in S3 and the folder, manifest last, and the seed restore brings every row back', async () => {
    const result = await runAction({
      environment: 'it-pg',
      'database-url': dbUrl(SOURCE),
      'backup-root': root,
      notes: 'before migration 42',
      ...s3Inputs()
    })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const id = result.outputs['snapshot-id']
    expect(id).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/)
    expect(result.outputs['snapshot-uri']).toBe(`s3://${requireEnv('TEST_S3_BUCKET')}/it-pg/${id}/`)
    expect(Number(result.outputs.bytes)).toBeGreaterThan(0)
    expect(Number(result.outputs['duration-seconds'])).toBeGreaterThanOrEqual(0)
    expect(result.stdout).toContain('::group::PostgreSQL')
    expect(result.stdout).toContain(`::add-mask::${requireEnv('TEST_PG_PASSWORD')}`)
    expect(result.all).not.toContain(requireEnv('TEST_PG_PASSWORD'))
    expect(result.summary).toContain('postgres.sql.gz')
    expect(result.summary).toContain('"Other Schema"."Mixed Case" | 2500')

    // The run's claim of the folder (RGW ignores If-None-Match on a versioned bucket:
    // claim-then-list) stays with it.
    expect((await listKeys(`it-pg/${id}/`)).sort()).toEqual([
      expect.stringMatching(new RegExp(`^it-pg/${id}/\\.claim-[0-9a-f]{24}$`)),
      `it-pg/${id}/manifest.json`,
      `it-pg/${id}/postgres.sql.gz`
    ])
    const dir = path.join(root, 'it-pg', id)
    expect((await fs.readdir(dir)).sort()).toEqual(['.claim', 'manifest.json', 'postgres.sql.gz'])

    const manifest = parseManifest(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8'))
    expect(manifest.notes).toBe('before migration 42')
    expect(manifest.operator).toBe('test-actor')
    const pg = manifest.sources.postgres!
    expect(pg.tables).toEqual({
      'public.people': 4,
      'public.empty_table': 0,
      '"Other Schema"."Mixed Case"': 2500
    })
    expect(pg.objects.views).toEqual(['public.people_view'])
    expect(pg.objects.indexes).toEqual(['people_name'])
    expect(pg.objects.functions).toEqual(['public.add_one'])
    expect(pg.roles).toContain('postgres')
    const file = manifest.files[0]
    const sha = (await shell(`sha256sum ${path.join(dir, 'postgres.sql.gz')}`)).split(' ')[0]
    expect(file.sha256).toBe(sha)
    expect(file.bytes).toBe((await fs.stat(path.join(dir, 'postgres.sql.gz'))).size)
    // pg_dump gzips its own output; the manifest still gives the SQL's size.
    const sqlBytes = await shell(`gunzip -c ${path.join(dir, 'postgres.sql.gz')} | wc -c`)
    expect(file.sourceBytes).toBe(Number(sqlBytes.trim()))

    // The seed's restore, by hand, into a second database.
    await freshDatabase('awkward_restored')
    await shell(
      `gunzip -c ${path.join(dir, 'postgres.sql.gz')} | psql -v ON_ERROR_STOP=1 -q "${dbUrl('awkward_restored').replace(/:[^:@/]*@/, '@')}" >/dev/null`
    )
    expect(await sql('awkward_restored', COMPARE)).toEqual(await sql(SOURCE, COMPARE))
  })

  it('the CLI writes zstd and uncompressed dumps that restore too', async () => {
    for (const compression of ['zstd', 'none'] as const) {
      const result = await runCli(
        ['backup', '--environment', `it-pg-${compression}`, '--compression', compression],
        {
          DATABASE_URL: dbUrl(SOURCE),
          BACKUP_ROOT: root
        }
      )
      expect(result.stderr).not.toContain('error')
      expect(result.code).toBe(0)
      const id = /snapshot-id=(\S+)/.exec(result.stdout)![1]
      const name = compression === 'zstd' ? 'postgres.sql.zst' : 'postgres.sql'
      const file = path.join(root, `it-pg-${compression}`, id, name)
      const db = `awkward_${compression}`
      await freshDatabase(db)
      const cat =
        compression === 'zstd'
          ? `node -e "process.stdin.pipe(require('zlib').createZstdDecompress()).pipe(process.stdout)" < ${file}`
          : `cat ${file}`
      await shell(
        `${cat} | psql -v ON_ERROR_STOP=1 -q "${dbUrl(db).replace(/:[^:@/]*@/, '@')}" >/dev/null`
      )
      expect(await sql(db, COMPARE)).toEqual(await sql(SOURCE, COMPARE))
    }
  })
})
