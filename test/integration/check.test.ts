import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { snapshotIdFor } from '../../src/snapshot/id.js'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { errorOf, runAction, runCli, tempDir } from '../helpers/run.js'

// The watchdog through the action: an old-looking snapshot (a valid manifest with an old id in a
// backup-root folder) is stale; a fresh backup makes the check pass.

const DB = 'check_source'
let root: string

beforeAll(async () => {
  await freshDatabase(DB)
  await sql(DB, 'create table t (id int); insert into t values (1)')
  root = await tempDir()
})

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

/** A complete snapshot as backup would leave it, started `hoursAgo` hours ago. */
async function oldSnapshot(env: string, hoursAgo: number, kind = 'daily'): Promise<string> {
  const started = new Date(Date.now() - hoursAgo * 3_600_000)
  const id = snapshotIdFor(started)
  const dir = path.join(root, env, id)
  await fs.mkdir(dir, { recursive: true })
  const data = Buffer.from('-- an old dump\n')
  await fs.writeFile(path.join(dir, 'postgres.sql'), data)
  const manifest = {
    formatVersion: 1,
    id,
    environment: env,
    kind,
    createdAt: started.toISOString(),
    completedAt: started.toISOString(),
    durationSeconds: 1,
    tool: { name: 'luneo-backup', version: '0.1.0' },
    files: [
      {
        name: 'postgres.sql',
        bytes: data.length,
        sha256: createHash('sha256').update(data).digest('hex'),
        source: 'postgres',
        compression: 'none'
      }
    ],
    sources: {}
  }
  await fs.writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest))
  return id
}

describe('command: check (the watchdog)', () => {
  it('fails when there is no complete scheduled snapshot at all', async () => {
    const result = await runAction({
      command: 'check',
      environment: 'chk-none',
      'backup-root': root
    })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toMatch(
      /^::error::chk-none: backups are stale: no complete scheduled \(daily or monthly\) snapshot at all/
    )
  })

  it('fails when the newest snapshot is too old, and passes right after a backup', async () => {
    const old = await oldSnapshot('chk-old', 50)
    const stale = await runAction({ command: 'check', environment: 'chk-old', 'backup-root': root })
    expect(stale.code).toBe(1)
    expect(errorOf(stale)).toContain(
      `postgres: the newest complete scheduled snapshot holding it, ${old}, is 2.1 days old (max-age-hours 26)`
    )
    // A longer max-age-hours accepts it.
    const lenient = await runAction({
      command: 'check',
      environment: 'chk-old',
      'backup-root': root,
      'max-age-hours': '72'
    })
    expect(lenient.code).toBe(0)

    const backup = await runAction({
      environment: 'chk-old',
      'backup-root': root,
      'database-url': dbUrl(DB)
    })
    expect(backup.code).toBe(0)
    const fresh = await runAction({ command: 'check', environment: 'chk-old', 'backup-root': root })
    expect(fresh.code).toBe(0)
    expect(fresh.outputs['newest-snapshot-id']).toBe(backup.outputs['snapshot-id'])
    expect(Number(fresh.outputs['age-hours'])).toBeLessThan(0.1)
    expect(fresh.outputs.sources).toBe('postgres')
    expect(fresh.summary).toContain('## Check chk-old: ok')
    expect(fresh.summary).toMatch(
      /\| postgres \| \d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ \| daily \| \d+ min \| ok \|/
    )
  })

  it('an ad hoc backup does not make a dead nightly look alive (CLI, exit 1)', async () => {
    await oldSnapshot('chk-adhoc', 40)
    const adhoc = await runAction({
      environment: 'chk-adhoc',
      'backup-root': root,
      'database-url': dbUrl(DB),
      kind: 'adhoc'
    })
    expect(adhoc.code).toBe(0)
    const result = await runCli(['check', '--environment', 'chk-adhoc', '--backup-root', root])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/luneo-backup: error: chk-adhoc: backups are stale: postgres: /)
  })
})
