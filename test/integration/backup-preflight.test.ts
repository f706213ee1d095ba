import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { ROOT, errorOf, requireEnv, runAction, runCli, tempDir } from '../helpers/run.js'

// Everything is checked before the first byte moves (issue 13, items 4 and 5): a wrong Redis
// password or a missing uploads-dir is found before a long pg_dump, every problem is named on
// its own line, and nothing is left in the storage. A folder target holds personal data: its
// files are 0600 and its folders 0700 whatever the umask.

const DB = 'preflight_src'
let work: string

beforeAll(async () => {
  await freshDatabase(DB)
  await sql(
    DB,
    `create table t (id int primary key); insert into t select generate_series(1, 100);`
  )
  work = await tempDir('luneo-preflight-')
})

afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true })
})

function wrongRedis(): string {
  const url = new URL(requireEnv('TEST_REDIS_URL'))
  url.password = 'wrong-redis-secret'
  return url.href
}

async function entriesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    out.push(path.relative(dir, path.join(e.parentPath, e.name)))
  }
  return out.sort()
}

describe('backup checks every source and storage before any dump starts', () => {
  it('names a wrong Redis password and a missing uploads-dir, one line each, and dumps nothing (CLI)', async () => {
    const root = path.join(work, 'cli')
    const started = Date.now()
    const result = await runCli([
      'backup',
      '--environment',
      'pre',
      '--database-url',
      dbUrl(DB),
      '--redis-url',
      wrongRedis(),
      '--uploads-dir',
      path.join(work, 'no-such-uploads'),
      '--backup-root',
      root
    ])
    console.log(`preflight failure (CLI) in ${Date.now() - started} ms`)
    expect(result.code).toBe(1)
    const errors = result.stderr.split('\n').filter((l) => l.startsWith('luneo-backup: error: '))
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(/Redis at 127\.0\.0\.1:\d+ refused user "default" \(WRONGPASS\)/)
    expect(errors[1]).toMatch(/uploads-dir .*no-such-uploads does not exist/)
    expect(result.all).not.toContain('wrong-redis-secret')
    // pg_dump never started, and the claimed folder was given back: only the ledger is there.
    expect(result.stderr).not.toMatch(/^== PostgreSQL/m)
    expect(
      (await entriesUnder(path.join(root, 'pre'))).filter((e) => !e.startsWith('ledger'))
    ).toEqual([])
  })

  it('annotates each problem in the action and fails the step with all of them', async () => {
    const root = path.join(work, 'action')
    const result = await runAction({
      environment: 'pre',
      'database-url': dbUrl(DB, 'wrong-pg-secret'),
      'uploads-dir': path.join(work, 'no-such-uploads'),
      'backup-root': root
    })
    expect(result.code).not.toBe(0)
    const errors = result.stdout.split('\n').filter((l) => l.startsWith('::error::'))
    expect(errors).toEqual([
      expect.stringMatching(/^::error::uploads-dir .*no-such-uploads does not exist$/),
      expect.stringMatching(/^::error::PostgreSQL refused the password for postgres@/),
      expect.stringMatching(
        /^::error::2 problems, nothing was backed up: uploads-dir .*; PostgreSQL refused/
      )
    ])
    expect(errorOf(result)).toMatch(/uploads-dir/)
    expect(result.all).not.toContain('wrong-pg-secret')
    expect(
      (await entriesUnder(path.join(root, 'pre'))).filter((e) => !e.startsWith('ledger'))
    ).toEqual([])
  })
})

describe('a folder target', () => {
  it('writes files 0600 and folders 0700 under umask 022: snapshot, manifest, ledger, drill report', async () => {
    const root = path.join(work, 'modes', 'backups')
    const runner = path.join(work, 'runner')
    await fs.mkdir(runner)
    const cli = path.join(ROOT, 'dist/cli/index.js')
    const run = (args: string[]) =>
      new Promise<number>((resolve) => {
        const child = spawn(
          'bash',
          ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, cli, ...args],
          {
            env: { ...process.env, RUNNER_TEMP: runner },
            stdio: 'ignore'
          }
        )
        child.on('close', (code) => resolve(code ?? -1))
      })
    expect(
      await run([
        'backup',
        '--environment',
        'modes',
        '--database-url',
        dbUrl(DB),
        '--backup-root',
        root
      ])
    ).toBe(0)
    await freshDatabase('preflight_drill')
    expect(
      await run([
        'drill',
        '--environment',
        'modes',
        '--target-database-url',
        dbUrl('preflight_drill'),
        '--backup-root',
        root
      ])
    ).toBe(0)
    const entries = await fs.readdir(root, { withFileTypes: true, recursive: true })
    const modes = await Promise.all(
      [
        { path: root, dir: true },
        ...entries.map((e) => ({ path: path.join(e.parentPath, e.name), dir: e.isDirectory() }))
      ].map(
        async (e) =>
          `${path.relative(root, e.path) || '.'} ${((await fs.stat(e.path)).mode & 0o777).toString(8)}`
      )
    )
    expect(modes.filter((m) => !/ (600|700)$/.test(m))).toEqual([])
    expect(modes.some((m) => /\/manifest\.json 600$/.test(m))).toBe(true)
    expect(modes.some((m) => /ledger\/.+ 600$/.test(m))).toBe(true)
    expect(modes.some((m) => /drills\/.+ 600$/.test(m))).toBe(true)
    expect(modes.filter((m) => / 700$/.test(m)).length).toBeGreaterThanOrEqual(4)
    // The drill report the workflow keeps as an artifact too.
    const reports = (await fs.readdir(runner)).filter((f) => f.startsWith('drill-report-'))
    expect(reports).toHaveLength(1)
    expect((await fs.stat(path.join(runner, reports[0]))).mode & 0o777).toBe(0o600)
  })
})
