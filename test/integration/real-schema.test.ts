import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import path from 'node:path'
import { dbUrl, freshDatabase, shell, sql } from '../helpers/pg.js'
import { ROOT, errorOf, requireEnv, runAction, tempDir } from '../helpers/run.js'

// Drills that compare like with like (issue 15, item 4): a database with aggregates, procedures,
// inheritance, multi-level and DEFAULT partitions, generated and identity columns, RLS, column
// grants, domains, ranges, enums, an ICU collation, large objects, unlogged tables, materialized
// views, a publication and quoted unicode names (test/fixtures/real-schema.sql): backed up,
// restored and drilled, the drill verified and `pg_dump --schema-only` of source and target equal.

const SOURCE = 'real_schema_source'
const ENV = 'real-schema'
let root: string

/** The schema as pg_dump writes it, without the lines that differ by run (\restrict's key). */
async function schemaOf(db: string): Promise<string> {
  const bin = requireEnv('TEST_PG_BIN')
  const url = dbUrl(db).replace(/:[^:@/]*@/, '@')
  const text = await shell(`"${bin}/pg_dump" --schema-only "${url}"`)
  return text
    .split('\n')
    .filter((l) => !/^\\(un)?restrict /.test(l))
    .join('\n')
}

beforeAll(async () => {
  for (const db of ['real_schema_target', 'real_schema_drill', SOURCE]) {
    await sql('postgres', `drop database if exists ${db} with (force)`)
  }
  await sql(
    'postgres',
    `do $$ begin if not exists (select 1 from pg_roles where rolname = 'fixture_reader') then create role fixture_reader; end if; end $$`
  )
  await freshDatabase(SOURCE)
  await sql(SOURCE, await fs.readFile(path.join(ROOT, 'test/fixtures/real-schema.sql'), 'utf8'))
  root = await tempDir()
  const backup = await runAction({
    environment: ENV,
    'database-url': dbUrl(SOURCE),
    'backup-root': root
  })
  expect(errorOf(backup)).toBe('')
  expect(backup.code).toBe(0)
})

afterAll(async () => {
  if (root) await fs.rm(root, { recursive: true, force: true })
})

describe('a real schema', () => {
  it('is restored with every row per table (ONLY) and its schema dump equal to the source', async () => {
    await freshDatabase('real_schema_target')
    const result = await runAction({
      command: 'restore',
      environment: ENV,
      'backup-root': root,
      'target-database-url': dbUrl('real_schema_target')
    })
    expect(errorOf(result)).toBe('')
    expect(result.code).toBe(0)
    expect(await schemaOf('real_schema_target')).toEqual(await schemaOf(SOURCE))
    expect(
      await sql('real_schema_target', 'select count(*)::int as n from only public.parent_old')
    ).toEqual([{ n: 1 }])
    expect(await sql('real_schema_target', `select lo_get(424242) as b`)).toEqual([
      { b: Buffer.from('a large object') }
    ])
  })

  it('is drilled and verified: the aggregate is a function, inherited rows are not counted twice', async () => {
    await freshDatabase('real_schema_drill')
    const drill = await runAction({
      command: 'drill',
      environment: ENV,
      'backup-root': root,
      'target-database-url': dbUrl('real_schema_drill')
    })
    expect(errorOf(drill)).toBe('')
    expect(drill.outputs.verified).toBe('true')
    expect(drill.summary).toContain('rows in public.parent_old | 1 | 1 | ok')
    expect(drill.summary).toContain('rows in public.events_2026_eu | 1 | 1 | ok')
  })
})
