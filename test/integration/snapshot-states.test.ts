import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import path from 'node:path'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { errorOf, runAction, tempDir } from '../helpers/run.js'
import { startRedis, type TestRedis } from './redisServers.js'

// Snapshots as they really are (issue 15, item 1): a real backup whose redis.rdb was deleted by
// hand is damaged, not incomplete. prune keeps it as a complete one of its age would be, check
// names it (it is the newest), restore refuses it unless allow-damaged (then restores PostgreSQL
// and names redis.rdb), and prune with snapshot: <id> deletes exactly it, dry-run first.

const SOURCE = 'states_source'
const ENV = 'states'
let root: string
let redis: TestRedis
let id: string

beforeAll(async () => {
  await freshDatabase(SOURCE)
  await sql(SOURCE, 'create table t (id int); insert into t select generate_series(1, 42)')
  redis = await startRedis()
  await redis.client().set('k', 'v')
  root = await tempDir()
  const backup = await runAction({
    environment: ENV,
    'database-url': dbUrl(SOURCE),
    'redis-url': redis.url,
    'backup-root': root
  })
  expect(backup.code).toBe(0)
  id = backup.outputs['snapshot-id']
  await fs.rm(path.join(root, ENV, id, 'redis.rdb'))
})

afterAll(async () => {
  await redis?.stop()
  await fs.rm(root, { recursive: true, force: true })
})

describe('drills compare like with like (issue 15, item 4)', () => {
  it('a drill of a database with table inheritance is verified: rows counted with ONLY, as the dump holds them', async () => {
    await freshDatabase('states_inherit')
    await sql(
      'states_inherit',
      `create table parent_old (id int); create table child_new () inherits (parent_old);
       insert into parent_old values (1); insert into child_new values (2);`
    )
    const env = 'states-inherit'
    const backup = await runAction({
      environment: env,
      'database-url': dbUrl('states_inherit'),
      'backup-root': root
    })
    expect(backup.code).toBe(0)
    await freshDatabase('states_inherit_drill')
    const drill = await runAction({
      command: 'drill',
      environment: env,
      'backup-root': root,
      'target-database-url': dbUrl('states_inherit_drill')
    })
    expect(errorOf(drill)).toBe('')
    expect(drill.outputs.verified).toBe('true')
    expect(drill.summary).toContain('rows in public.parent_old | 1 | 1 | ok')
  })
})

describe('Redis function libraries in a logical dump (issue 15, item 6)', () => {
  it('are dumped, restored and compared by the drill', async () => {
    const source = await startRedis()
    const scratch = await startRedis()
    try {
      await source.client().set('k', 'v')
      await source
        .client()
        .call(
          'FUNCTION',
          'LOAD',
          "#!lua name=drilllib\nredis.register_function('answer', function() return 42 end)"
        )
      const env = 'states-functions'
      const backup = await runAction({
        environment: env,
        'redis-url': source.url,
        'redis-mode': 'logical',
        'backup-root': root
      })
      expect(errorOf(backup)).toBe('')
      const drill = await runAction({
        command: 'drill',
        environment: env,
        'backup-root': root,
        'target-redis-url': scratch.url
      })
      expect(errorOf(drill)).toBe('')
      expect(drill.outputs.verified).toBe('true')
      expect(drill.summary).toContain('function libraries | drilllib | drilllib | ok')
      expect(await scratch.client().call('FCALL', 'answer', '0')).toBe(42)
    } finally {
      await source.stop()
      await scratch.stop()
    }
  })
})

describe('a damaged snapshot (a valid manifest, a file gone)', () => {
  it('prune keeps it, saying it is damaged, and deletes nothing of it', async () => {
    const result = await runAction({ command: 'prune', environment: ENV, 'backup-root': root })
    expect(errorOf(result)).toBe('')
    expect(result.code).toBe(0)
    expect(result.summary).toMatch(
      new RegExp(
        `\\| ${id} \\| \\d+ h \\| damaged \\| keep \\| daily-window \\|.*redis.rdb is missing`
      )
    )
    expect((await fs.readdir(path.join(root, ENV, id))).sort()).toContain('postgres.sql.gz')
  })

  it('check fails naming it damaged, not stale, as it is the newest scheduled snapshot', async () => {
    const result = await runAction({ command: 'check', environment: ENV, 'backup-root': root })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toContain(
      `${ENV}: backups are damaged: the newest scheduled snapshot, ${id}, is damaged: redis.rdb is missing`
    )
  })

  it('restore refuses it without allow-damaged, naming the file and the way out', async () => {
    await freshDatabase('states_target')
    const result = await runAction({
      command: 'restore',
      environment: ENV,
      snapshot: id,
      'backup-root': root,
      'target-database-url': dbUrl('states_target')
    })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toContain(
      `snapshot ${id} is damaged: redis.rdb is missing: it is refused unless allow-damaged is true (then only its whole sources are restored: postgres)`
    )
    expect(await sql('states_target', `select to_regclass('public.t') as t`)).toEqual([{ t: null }])
  })

  it('restore with allow-damaged restores PostgreSQL and names what it left out', async () => {
    const scratch = await startRedis()
    try {
      const result = await runAction({
        command: 'restore',
        environment: ENV,
        snapshot: id,
        'allow-damaged': 'true',
        'backup-root': root,
        'target-database-url': dbUrl('states_target'),
        'target-redis-url': scratch.url
      })
      expect(errorOf(result)).toBe('')
      expect(result.code).toBe(0)
      expect(result.outputs.restored).toBe('postgres')
      expect(result.outputs['not-restored']).toBe('redis')
      expect(result.summary).toContain(
        `redis: not restored: snapshot ${id} is damaged: redis.rdb is missing`
      )
      expect(await sql('states_target', 'select count(*)::int as n from t')).toEqual([{ n: 42 }])
      expect(await scratch.client().dbsize()).toBe(0)
    } finally {
      await scratch.stop()
    }
  })

  it('prune with snapshot: <id> plans with dry-run, then deletes it alone, in the ledger', async () => {
    const plan = await runAction({
      command: 'prune',
      environment: ENV,
      snapshot: id,
      'dry-run': 'true',
      'backup-root': root
    })
    expect(plan.code).toBe(0)
    expect(plan.summary).toContain(`Delete snapshot ${id} (${ENV}): plan only (dry-run`)
    expect(plan.summary).toContain('damaged: redis.rdb is missing')
    expect(await fs.readdir(path.join(root, ENV, id))).toContain('manifest.json')

    const done = await runAction({
      command: 'prune',
      environment: ENV,
      snapshot: id,
      'backup-root': root
    })
    expect(done.code).toBe(0)
    expect(done.outputs.deleted).toBe('1')
    // Every file is gone (the folder stores no data: lists and the next backup ignore it).
    expect(await fs.readdir(path.join(root, ENV, id)).catch(() => [])).toEqual([])
    const ledger = await fs.readdir(path.join(root, ENV, 'ledger'))
    const events = await Promise.all(
      ledger.map(async (f) =>
        JSON.parse(await fs.readFile(path.join(root, ENV, 'ledger', f), 'utf8'))
      )
    )
    expect(
      events.some((e) => e.command === 'prune' && e.snapshotId === id && e.outcome === 'success')
    ).toBe(true)

    const again = await runAction({
      command: 'prune',
      environment: ENV,
      snapshot: id,
      'backup-root': root
    })
    expect(again.code).toBe(1)
    expect(errorOf(again)).toContain(`snapshot ${id} is in none of the storages`)
  })
})
