import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { ROOT, requireEnv, runCli, tempDir } from '../helpers/run.js'

// The CLI as a user starts it (node dist/cli/index.js), against the real servers: the seed's
// variables alone, boolean flags without a value, progress with an estimate, the restore's plan
// wording, prune's counts, an unreachable server, an old Node.

const SOURCE = 'cli_source'
const TARGET = 'cli_target'
/** No ENV, no S3 target: what a laptop with only the seed's variables has. */
const BARE = { ENV: '', S3_BUCKET: '', S3_ENDPOINT: '', S3_PREFIX: '', SLACK_WEBHOOK_URL: '' }
let root: string
let uploads: string

beforeAll(async () => {
  await freshDatabase(SOURCE)
  // About 30 MB of rows: the dump lasts long enough for a few progress lines.
  await sql(
    SOURCE,
    `create table items (id int primary key, body text);
     insert into items select g, repeat(md5(g::text), 6) from generate_series(1, 150000) g`
  )
  root = await tempDir('luneo-cli-')
  uploads = path.join(root, 'uploads')
  await fs.mkdir(uploads)
  await fs.writeFile(path.join(uploads, 'a.txt'), 'hello')
})

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

function snapshotId(stdout: string): string {
  return /^snapshot-id=(.+)$/m.exec(stdout)![1]
}

describe('luneo-backup, as a user runs it', () => {
  it("runs a backup from the seed's variables alone, in environment local, with progress against an estimate", async () => {
    const backupRoot = path.join(root, 'bare')
    const result = await runCli(['backup'], {
      ...BARE,
      DATABASE_URL: dbUrl(SOURCE),
      REDIS_URL: requireEnv('TEST_REDIS_URL'),
      UPLOADS_DIR: uploads,
      BACKUP_ROOT: backupRoot,
      LUNEO_PROGRESS_SECONDS: '0.05'
    })
    expect(result.stderr).not.toMatch(/error/)
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(
      'environment not set (--environment or ENV) and no S3 target: using "local"'
    )
    const id = snapshotId(result.stdout)
    const manifest = JSON.parse(
      await fs.readFile(path.join(backupRoot, 'local', id, 'manifest.json'), 'utf8')
    )
    expect(manifest.environment).toBe('local')
    expect(manifest.files.map((f: { source: string }) => f.source).sort()).toEqual([
      'postgres',
      'redis',
      'uploads',
      'uploads'
    ])
    // done of ~estimate (percent, speed, time left), the estimate being pg_database_size.
    expect(result.stderr).toMatch(
      /^postgres\.sql\.gz: [\d.]+ [KMG]?B of ~[\d.]+ [KMG]?B read \(\d{1,2}%, [\d.]+ [KMG]?B\/s, about [\d.]+ s left\), [\d.]+ [KMG]?B stored, [\d.]+ s$/m
    )
  }, 60_000)

  it('takes --dry-run and --force without a value; a real restore calls its plan a plan', async () => {
    const backupRoot = path.join(root, 'restore')
    const backup = await runCli(
      ['backup', '--environment', 'cli', '--backup-root', backupRoot, '--uploads-dir', uploads],
      { ...BARE, REDIS_URL: requireEnv('TEST_REDIS_URL'), DATABASE_URL: dbUrl(SOURCE) }
    )
    expect(backup.code).toBe(0)
    await freshDatabase(TARGET)
    const targets = [
      '--target-database-url',
      dbUrl(TARGET),
      '--target-redis-url',
      requireEnv('TEST_SCRATCH_REDIS_URL'),
      '--target-uploads-dir',
      path.join(root, 'restored-uploads')
    ]
    const common = ['--environment', 'cli', '--backup-root', backupRoot, ...targets]
    const dry = await runCli(['restore', '--dry-run', '--force', ...common], BARE)
    expect(dry.stderr).not.toMatch(/luneo-backup: error/)
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(': plan only (dry-run)')
    expect(dry.stderr).toMatch(/^dry run: would restore redis\.rdb .* nothing was written$/m)
    expect(await sql(TARGET, 'select count(*) from pg_tables where tablename = $$items$$')).toEqual(
      [{ count: '0' }]
    )

    const real = await runCli(['restore', '--force', ...common], BARE)
    expect(real.stderr).not.toMatch(/luneo-backup: error/)
    expect(real.code).toBe(0)
    expect(real.stderr).not.toMatch(/dry run|nothing was written/)
    expect(real.stderr).toMatch(/^plan: restore redis\.rdb of snapshot \S+ /m)
    expect(real.stderr).toMatch(/^plan: restore 1 files .* into /m)
    expect(await sql(TARGET, 'select count(*) from items')).toEqual([{ count: '150000' }])
  }, 120_000)

  it('counts the snapshots prune keeps once, however many storages hold them', async () => {
    const backupRoot = path.join(root, 'prune')
    const s3 = [
      '--s3-bucket',
      requireEnv('TEST_S3_BUCKET'),
      '--s3-endpoint',
      requireEnv('TEST_S3_ENDPOINT'),
      '--s3-force-path-style'
    ]
    const env = `cli-prune-${process.pid}`
    const common = ['--environment', env, '--backup-root', backupRoot, ...s3]
    const backup = await runCli(['backup', ...common, '--uploads-dir', uploads], BARE)
    expect(backup.code).toBe(0)
    const prune = await runCli(['prune', ...common, '--dry-run'], BARE)
    expect(prune.code).toBe(0)
    expect(prune.stdout).toMatch(/^kept=1$/m)
    expect(prune.stdout).toMatch(/^deleted=0$/m)
  }, 60_000)

  it('says "cannot connect to host:port (refused)" or (closed ...) for an unreachable database', async () => {
    const bare = ['backup', '--environment', 'cli', '--backup-root', path.join(root, 'none')]
    const refused = await runCli(
      [...bare, '--database-url', 'postgresql://u:pw@127.0.0.1:1/x'],
      BARE
    )
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(
      /^luneo-backup: error: cannot connect to PostgreSQL at 127\.0\.0\.1:1 \(refused\)$/m
    )
    // A port that accepts and hangs up (a proxy, the wrong service): not "Connection terminated".
    const server = net.createServer((socket) => socket.destroy())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as net.AddressInfo).port
    try {
      const closed = await runCli(
        [...bare, '--database-url', `postgresql://u:pw@127.0.0.1:${port}/x`],
        BARE
      )
      expect(closed.code).toBe(1)
      expect(closed.stderr).toMatch(
        new RegExp(
          `^luneo-backup: error: cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port} \\(closed before it answered`,
          'm'
        )
      )
      expect(closed.all).not.toContain('pw')
    } finally {
      server.close()
    }
  })

  it('exits 2 with one line for every bad input, a path as the snapshot included', async () => {
    const folder = ['--environment', 'cli', '--backup-root', path.join(root, 'none')]
    for (const [args, message] of [
      [
        ['restore', '--snapshot', '../../x', '--target-uploads-dir', '/tmp/x'],
        /snapshot "\.\.\/\.\.\/x" is not a snapshot id/
      ],
      [['check', '--max-age-hours', '-1'], /max-age-hours -1 is out of range/],
      [
        ['prune', '--daily-retention-days', '2.5'],
        /daily-retention-days "2\.5" is not a whole number/
      ],
      [['drill', '--snapshot', 'yesterday'], /snapshot "yesterday" is not a snapshot id/]
    ] as const) {
      const result = await runCli([...args, ...folder], BARE)
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(message)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
    }
  })

  it('under an older Node, says in one line which Node it needs (before anything loads)', () => {
    // The machine's own node (Node 20 on Debian 13 / Ubuntu 24.04); npm's is 24.
    let old: string
    try {
      old = execFileSync('bash', ['-c', 'PATH=/usr/local/bin:/usr/bin:/bin command -v node'])
        .toString()
        .trim()
    } catch {
      console.warn('no system node to try: skipped')
      return
    }
    const major = Number(
      execFileSync(old, ['-p', 'process.versions.node.split(".")[0]']).toString()
    )
    if (major >= 24) return
    let stderr = ''
    let code = 0
    try {
      execFileSync(old, [path.join(ROOT, 'dist/cli/index.js'), '--help'], { stdio: 'pipe' })
    } catch (error) {
      const e = error as { status: number; stderr: Buffer }
      code = e.status
      stderr = e.stderr.toString()
    }
    expect(code).toBe(1)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/^luneo-backup: Node 24 or newer is needed, this is Node 2\d\./)
  })
})
