import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { requireEnv, runAction, runCli, tempDir } from '../helpers/run.js'
import { startRedis, type TestRedis } from './redisServers.js'

// The job summary tells the truth (issue 17, section 4): warnings reach it, every source is
// shown, a failed run writes one, and restore names the snapshot of each source. Through the
// action and the CLI as they are started, against the real servers.

const DB = 'summaries_source'
let root: string
let uploads: string
let noSync: TestRedis
let clean: string

beforeAll(async () => {
  await freshDatabase(DB)
  await sql(DB, 'create table t (id int); insert into t select generate_series(1, 42)')
  root = await tempDir('luneo-summaries-')
  uploads = path.join(root, 'uploads')
  await fs.mkdir(uploads)
  await fs.writeFile(path.join(uploads, 'photo.jpg'), 'jpeg bytes')
  // Twelve FIFOs (left out: more than the log shows one by one), a link out of the folder.
  for (let i = 1; i <= 12; i++) execFileSync('mkfifo', [path.join(uploads, `pipe-${i}`)])
  await fs.symlink('../../etc/passwd', path.join(uploads, 'escape'))
  clean = path.join(root, 'clean', 'uploads')
  await fs.mkdir(clean, { recursive: true })
  await fs.writeFile(path.join(clean, 'a.txt'), 'a')
  // Keys to count, in a db of their own (removed after).
  execFileSync('redis-cli', ['-u', redisDb(), '--no-auth-warning', 'SET', 'summaries:k', 'v'])
  // A managed-like Redis that refuses SYNC: rdb mode fails there, after PostgreSQL is stored.
  noSync = await startRedis(['rename-command SYNC ""', 'rename-command PSYNC ""'])
})

/** The suite's Redis, db 9. */
function redisDb(): string {
  return requireEnv('TEST_REDIS_URL').replace(/\/\d+$/, '/9')
}

afterAll(async () => {
  execFileSync('redis-cli', ['-u', redisDb(), '--no-auth-warning', 'DEL', 'summaries:k'])
  await noSync?.stop()
  await fs.rm(root, { recursive: true, force: true })
})

describe('job summaries', () => {
  it('show every source and every warning; the log caps repeated ones', async () => {
    const result = await runAction({
      environment: 'summaries',
      'backup-root': path.join(root, 'backups'),
      'database-url': dbUrl(DB),
      'redis-url': requireEnv('TEST_REDIS_URL'),
      'redis-mode': 'logical',
      'uploads-dir': uploads
    })
    expect(result.code).toBe(0)
    const summary = result.summary
    expect(summary).toMatch(/\*\*PostgreSQL\*\* .*: 1 tables, 42 rows/)
    expect(summary).toMatch(
      /\*\*Redis\*\* redis \S+ \(logical, not point in time\): [1-9]\d* keys \(\d+ with a TTL\) in [1-9]\d* dbs?/
    )
    expect(summary).toMatch(/^\| db \| keys \| with a TTL \|$/m)
    expect(summary).toMatch(/\*\*Uploads\*\* `.*uploads`: 1 files \(10 B\), 1 folders, 1 symlinks/)
    expect(summary).toMatch(/### ⚠️ 3 warnings/)
    expect(summary).toMatch(
      /^- uploads: 12 entries left out \(FIFOs, sockets, devices, files removed before they were read\): (`uploads\/pipe-\d+`, ){9}`uploads\/pipe-\d+` and 2 more$/m
    )
    expect(summary).toMatch(
      /^- uploads: 1 symlinks point outside the folder, which restore refuses: `uploads\/escape`$/m
    )
    expect(summary).toMatch(/^- Redis: a logical dump, not point in time \(.+\)$/m)
    // The log: ten FIFO lines, then one that says the rest are counted.
    const fifoLines = result.stdout.split('\n').filter((l) => /pipe-\d+: FIFO ignored/.test(l))
    expect(fifoLines).toHaveLength(10)
    expect(result.stdout).toContain('more entries left out: counted, not logged')
    expect(result.stdout).toMatch(
      /escape: symlink points outside the folder: restore will refuse it/
    )
  }, 60_000)

  it('a failed backup writes a summary: what failed, what was stored, nothing complete, the newest good one', async () => {
    const backups = path.join(root, 'failing')
    const common = { environment: 'summaries-fail', 'backup-root': backups }
    const good = await runAction({ ...common, 'database-url': dbUrl(DB) })
    expect(good.code).toBe(0)
    const goodId = good.outputs['snapshot-id']

    const failed = await runAction({
      ...common,
      'database-url': dbUrl(DB),
      'redis-url': noSync.url,
      'redis-mode': 'rdb'
    })
    expect(failed.code).not.toBe(0)
    const summary = failed.summary
    expect(summary).toMatch(/^## ❌ backup failed \(summaries-fail\)$/m)
    expect(summary).toMatch(/\*\*Error:\*\* .*SYNC/)
    expect(summary).toMatch(
      /Snapshot \S+ was \*\*not marked complete\*\* \(no manifest\.json\): postgres\.sql\.gz had been stored in `.*summaries-fail\/\S+\/`/
    )
    expect(summary).toMatch(
      new RegExp(`Newest complete snapshot: \\*\\*${goodId}\\*\\*, 0\\.\\d h old`)
    )

    // Bad at once (a database that does not exist): nothing was written, and it says so.
    const cli = await runCli(
      ['backup', '--environment', 'summaries-fail', '--backup-root', backups],
      { DATABASE_URL: dbUrl('no_such_db_summaries'), ENV: '', S3_BUCKET: '' }
    )
    expect(cli.code).toBe(1)
    expect(cli.stdout).toMatch(/^## ❌ backup failed \(summaries-fail\)$/m)
    expect(cli.stdout).toContain('No snapshot was written: nothing was marked complete.')
    expect(cli.stdout).toContain(`Newest complete snapshot: **${goodId}**`)
  }, 60_000)

  it('restore names the snapshot of each source, and says why when it is not the newest', async () => {
    const backups = path.join(root, 'restore')
    const folder = ['--environment', 'summaries-restore', '--backup-root', backups]
    const bare = { ENV: '', S3_BUCKET: '', DATABASE_URL: '', REDIS_URL: '', UPLOADS_DIR: '' }
    const both = await runCli(
      ['backup', ...folder, '--database-url', dbUrl(DB), '--uploads-dir', clean],
      bare
    )
    expect(both.code).toBe(0)
    const bothId = /^snapshot-id=(.+)$/m.exec(both.stdout)![1]
    await new Promise((r) => setTimeout(r, 1100)) // ids are seconds
    const pgOnly = await runCli(['backup', ...folder, '--database-url', dbUrl(DB)], bare)
    expect(pgOnly.code).toBe(0)
    const pgOnlyId = /^snapshot-id=(.+)$/m.exec(pgOnly.stdout)![1]

    await freshDatabase('summaries_target')
    const restore = await runCli(
      [
        'restore',
        ...folder,
        '--dry-run',
        '--target-database-url',
        dbUrl('summaries_target'),
        '--target-uploads-dir',
        path.join(root, 'restored')
      ],
      bare
    )
    expect(restore.code).toBe(0)
    for (const text of [restore.stdout, restore.stderr]) {
      expect(text).toContain(`postgres: from snapshot ${bothId} (postgres.sql.gz)`)
      expect(text).toContain(`uploads: from snapshot ${bothId} (uploads.tar`)
      expect(text).toContain(
        `the newest complete snapshot, ${pgOnlyId}, holds no uploads backup: every source comes from ${bothId}, the newest that holds them all`
      )
    }
  }, 60_000)
})
