import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { snapshotIdFor } from '../../src/snapshot/id.js'
import type { ListedSnapshot } from '../../src/snapshot/inventory.js'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { errorOf, requireEnv, runAction, runCli, tempDir } from '../helpers/run.js'
import { listKeys, s3Inputs, testS3Client } from '../helpers/s3.js'

// `list` as users start it: the CLI on a folder holding one snapshot in every state (and the old
// script's legacy-root beside it), and the action on Ceph RGW with the folder as a second
// storage, its `snapshots` output read from GITHUB_OUTPUT. It writes nothing but its ledger event.

const DB = 'list_source'
const HOUR = 3_600_000
let root: string
let legacyRoot: string
const ENV = 'lst'
const ids: Record<string, string> = {}

/** A compact old-script name (`20261125-020000`) for a time. */
const legacyName = (at: Date) =>
  snapshotIdFor(at).replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
const ago = (hours: number) => new Date(Date.now() - hours * HOUR)

/** A snapshot folder as backup leaves it: its files, then a manifest naming them (unless omitted). */
async function snapshot(
  id: string,
  options: { kind?: string; manifest?: 'valid' | 'none' | 'newer' } = {}
): Promise<void> {
  const dir = path.join(root, ENV, id)
  await fs.mkdir(dir, { recursive: true })
  const data = Buffer.from(`-- a dump of ${id}\n`)
  await fs.writeFile(path.join(dir, 'postgres.sql'), data)
  if (options.manifest === 'none') return
  const created = new Date(`${id.slice(0, 10)}T${id.slice(11, 19).replace(/-/g, ':')}Z`)
  const manifest = {
    formatVersion: options.manifest === 'newer' ? 99 : 1,
    id,
    environment: ENV,
    kind: options.kind ?? 'daily',
    createdAt: created.toISOString(),
    completedAt: created.toISOString(),
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
}

/** Every file under a folder with its size and modification time. */
async function tree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const full = path.join(entry.parentPath, entry.name)
    const stat = await fs.stat(full)
    out.set(path.relative(dir, full), `${stat.size} ${stat.mtimeMs}`)
  }
  return out
}

const filesBytes = async (dir: string) =>
  (
    JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as {
      files: Array<{ bytes: number }>
    }
  ).files.reduce((n, f) => n + f.bytes, 0)

beforeAll(async () => {
  await freshDatabase(DB)
  await sql(DB, 'create table t (id int); insert into t select generate_series(1, 100)')
  root = await tempDir()
  legacyRoot = await tempDir()
  // A real backup, through the CLI: the newest, complete.
  const backup = await runCli(['backup', '--environment', ENV, '--backup-root', root], {
    DATABASE_URL: dbUrl(DB)
  })
  expect(backup.code).toBe(0)
  ids.complete = /snapshot-id=(\S+)/.exec(backup.stdout)![1]
  ids.old = snapshotIdFor(ago(24 * 400)) // past the hard limit of 12 months
  ids.damaged = snapshotIdFor(ago(72))
  ids.incomplete = snapshotIdFor(ago(73))
  ids.unknown = snapshotIdFor(ago(74))
  ids.legacy = legacyName(ago(120))
  ids.rootLegacy = legacyName(ago(240))
  await snapshot(ids.old)
  await snapshot(ids.damaged)
  await fs.writeFile(path.join(root, ENV, ids.damaged, 'postgres.sql'), 'cut')
  await snapshot(ids.incomplete, { manifest: 'none' })
  await snapshot(ids.unknown, { manifest: 'newer' })
  await fs.mkdir(path.join(root, ENV, ids.legacy))
  await fs.writeFile(path.join(root, ENV, ids.legacy, 'postgres.sql.gz'), 'old script')
  await fs.writeFile(path.join(root, ENV, 'notes.txt'), 'someone left this')
  await fs.mkdir(path.join(root, ENV, 'stray'))
  await fs.writeFile(path.join(root, ENV, 'stray', 'file'), 'and this')
  await fs.mkdir(path.join(legacyRoot, ids.rootLegacy))
  await fs.writeFile(path.join(legacyRoot, ids.rootLegacy, 'redis.rdb'), 'REDIS0011')
})

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true })
  await fs.rm(legacyRoot, { recursive: true, force: true })
})

const cliArgs = () => ['--environment', ENV, '--backup-root', root, '--legacy-root', legacyRoot]

describe('luneo-backup list (a folder and a legacy-root)', () => {
  it('prints every entry newest first with its state and the rule that keeps it, and writes only its ledger event', async () => {
    const before = await tree(root)
    const legacyBefore = await tree(legacyRoot)
    const result = await runCli(['list', ...cliArgs()])
    expect(result.code).toBe(0)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe(
      `Snapshots of ${ENV} (folder = ${root}/${ENV}/, legacy-root = ${legacyRoot})`
    )
    expect(lines[1]).toMatch(/^snapshot +state +kind +age +size +sources +where +retention today$/)
    const rows = lines.slice(2, -1).filter((l) => !l.startsWith('    ! '))
    expect(rows.map((l) => l.split(/ +/)[0])).toEqual([
      ids.complete,
      ids.damaged,
      ids.incomplete,
      ids.unknown,
      ids.legacy,
      ids.rootLegacy,
      ids.old,
      'notes.txt',
      'stray/'
    ])
    const row = (id: string) => rows.find((l) => l.startsWith(id + ' '))!
    expect(row(ids.complete)).toMatch(
      /^\S+ +complete +daily +\d+ min +[\d.]+ K?B +postgres +folder +kept by daily-window: complete and younger than 30 days$/
    )
    expect(row(ids.damaged)).toMatch(
      / damaged +daily +3\.0 days .* kept by daily-window: damaged \(a file missing or of the wrong size\), younger than 30 days/
    )
    expect(row(ids.incomplete)).toMatch(
      / incomplete +- +3\.0 days .*deleted by the next prune: incomplete \(no valid manifest\) and older than 24 hours$/
    )
    expect(row(ids.unknown)).toMatch(
      / unknown .* kept by unknown: its manifest exists but cannot be read now/
    )
    expect(row(ids.legacy)).toMatch(
      / legacy +- +5\.0 days +10 B +postgres +folder +kept by daily-window/
    )
    expect(row(ids.rootLegacy)).toMatch(
      / legacy +- +10\.0 days +9 B +redis +legacy-root +kept by daily-window/
    )
    expect(row(ids.old)).toMatch(
      / complete +daily +40\d\.\d days .*deleted by the next prune: older than the hard limit of 12 months: nothing survives it$/
    )
    expect(row('notes.txt')).toMatch(/ foreign .*never deleted by prune \(none of the tool's\)/)
    expect(result.stdout).toContain(
      `    ! folder: damaged: postgres.sql holds 3 bytes, the manifest says`
    )
    expect(result.stdout).toContain(
      `    ! folder: manifest.json has formatVersion 99, newer than this tool's 1: upgrade luneo-backup`
    )
    expect(lines.at(-1)).toBe(
      '9 entries: 2 complete, 1 damaged, 1 incomplete, 1 unknown, 2 legacy, 2 foreign'
    )
    // Read-only: the same files, untouched, and one ledger event more.
    const after = await tree(root)
    const added = [...after.keys()].filter((k) => !before.has(k))
    expect(added).toEqual([
      expect.stringMatching(new RegExp(`^${ENV}/ledger/[^/]+-list-[0-9a-f]+\\.json$`))
    ])
    for (const [file, stat] of before) expect([file, after.get(file)]).toEqual([file, stat])
    expect(await tree(legacyRoot)).toEqual(legacyBefore)
  })

  it('--json prints the rows alone on stdout, with stable field names', async () => {
    const result = await runCli(['list', ...cliArgs(), '--json'])
    expect(result.code).toBe(0)
    const rows = JSON.parse(result.stdout) as ListedSnapshot[]
    const byId = new Map(rows.map((r) => [r.id, r]))
    expect(rows.map((r) => [r.id, r.state])).toEqual([
      [ids.complete, 'complete'],
      [ids.damaged, 'damaged'],
      [ids.incomplete, 'incomplete'],
      [ids.unknown, 'unknown'],
      [ids.legacy, 'legacy'],
      [ids.rootLegacy, 'legacy'],
      [ids.old, 'complete'],
      ['notes.txt', 'foreign'],
      ['stray/', 'foreign']
    ])
    const complete = byId.get(ids.complete)!
    expect(complete).toMatchObject({
      kind: 'daily',
      sources: ['postgres'],
      encrypted: false,
      bytes: await filesBytes(path.join(root, ENV, ids.complete)),
      action: 'keep',
      rule: 'daily-window',
      problems: [],
      storages: [
        {
          storage: 'folder',
          uri: `${root}/${ENV}/${ids.complete}/`,
          state: 'complete',
          action: 'keep',
          rule: 'daily-window'
        }
      ]
    })
    expect(complete.ageSeconds).toBeGreaterThanOrEqual(0)
    expect(byId.get(ids.old)).toMatchObject({ action: 'delete', rule: 'hard-limit' })
    expect(byId.get(ids.incomplete)).toMatchObject({
      action: 'delete',
      rule: 'incomplete',
      kind: null,
      sources: ['postgres'],
      // Two storages listed (the folder and the legacy-root): each problem names its own.
      problems: ['folder: no manifest.json']
    })
    expect(byId.get(ids.rootLegacy)!.storages).toEqual([
      expect.objectContaining({ storage: 'legacy-root', uri: `${legacyRoot}/${ids.rootLegacy}/` })
    ])
    expect(byId.get('stray/')).toMatchObject({ rule: 'foreign', bytes: 8 })
    expect(result.stderr).toContain('ledger: ')
  })

  it('says in one line that an environment holds nothing, and exits 0', async () => {
    const result = await runCli(['list', '--environment', 'lst-empty', '--backup-root', root])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`no snapshots of lst-empty: nothing stored in ${root}/lst-empty/\n`)
    const json = await runCli([
      'list',
      '--environment',
      'lst-empty2',
      '--backup-root',
      root,
      '--json'
    ])
    expect(json.stdout).toBe('[]\n')
  })

  it('refuses --json with another command (exit 2)', async () => {
    const result = await runCli(['check', ...cliArgs(), '--json'])
    expect(result.code).toBe(2)
    expect(errorOf(result)).toBe('luneo-backup: --json is only for list, not check')
  })
})

describe('command: list in the action, on RGW and a folder at once', () => {
  const env = `lst-s3-${randomBytes(4).toString('hex')}`
  let folder: string
  let key: string

  beforeAll(async () => {
    folder = await tempDir()
    key = path.join(folder, 'age.key')
    execFileSync('age-keygen', ['-o', key], { stdio: 'ignore' })
  })
  afterAll(async () => {
    await fs.rm(folder, { recursive: true, force: true })
  })

  it('gives every snapshot once, naming both storages, as the snapshots output (JSON)', async () => {
    const recipient = execFileSync('age-keygen', ['-y', key], { encoding: 'utf8' }).trim()
    const backup = await runAction({
      environment: env,
      'database-url': dbUrl(DB),
      ...s3Inputs(),
      'backup-root': folder,
      encryption: 'age',
      'age-recipients': recipient
    })
    expect(errorOf(backup)).toBe('')
    const id = backup.outputs['snapshot-id']
    // A failed night's folder in S3 alone, and a key that is none of the tool's.
    const incomplete = snapshotIdFor(ago(50))
    const s3 = testS3Client()
    const bucket = requireEnv('TEST_S3_BUCKET')
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `${env}/${incomplete}/redis.rdb`, Body: 'x' })
    )
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${env}/README.txt`, Body: 'hi!' }))
    const keysBefore = await listKeys(`${env}/`)

    const result = await runAction({
      command: 'list',
      environment: env,
      ...s3Inputs(),
      'backup-root': folder
    })
    expect(errorOf(result)).toBe('')
    expect(result.code).toBe(0)
    const rows = JSON.parse(result.outputs.snapshots) as ListedSnapshot[]
    expect(rows.map((r) => [r.id, r.state, r.storages.map((c) => c.storage)])).toEqual([
      [id, 'complete', ['s3', 'folder']],
      [incomplete, 'incomplete', ['s3']],
      ['README.txt', 'foreign', ['s3']]
    ])
    // Encrypted: the manifest is plaintext, so no key is needed; the size is the manifest's, once.
    expect(rows[0]).toMatchObject({
      encrypted: true,
      sources: ['postgres'],
      bytes: await filesBytes(path.join(folder, env, id)),
      rule: 'daily-window'
    })
    expect(rows[0].storages[0].uri).toBe(`s3://${bucket}/${env}/${id}/`)
    expect(rows[1]).toMatchObject({ action: 'delete', rule: 'incomplete', sources: ['redis'] })
    expect(result.summary).toContain(
      `## Snapshots of ${env}: 3 entries: 1 complete, 0 damaged, 1 incomplete, 0 unknown, 0 legacy, 1 foreign`
    )
    expect(result.summary).toMatch(
      new RegExp(
        `\\| ${id} \\| complete \\| daily \\| \\d+ min \\| .* \\| postgres \\(age\\) \\| s3,folder \\| kept by daily-window`
      )
    )
    // The log has the aligned table too.
    expect(result.stdout).toMatch(new RegExp(`^${id} +complete +daily `, 'm'))
    // Nothing written in S3 but the ledger event.
    const added = (await listKeys(`${env}/`)).filter((k) => !keysBefore.includes(k))
    expect(added).toEqual([expect.stringMatching(new RegExp(`^${env}/ledger/.*-list-`))])
  })

  it('a missing bucket fails in one line naming it (exit 1)', async () => {
    const result = await runAction({
      command: 'list',
      environment: env,
      ...s3Inputs(),
      's3-bucket': 'no-such-list-bucket'
    })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toMatch(
      /^::error::S3 bucket no-such-list-bucket does not exist at http:\/\/127\.0\.0\.1:\d+$/
    )
    expect(result.outputs.snapshots).toBeUndefined()
  })

  it('wrong credentials fail in one line (exit 1), through the CLI', async () => {
    const result = await runCli(
      [
        'list',
        '--environment',
        env,
        '--s3-bucket',
        requireEnv('TEST_S3_BUCKET'),
        '--s3-endpoint',
        requireEnv('TEST_S3_ENDPOINT'),
        '--s3-force-path-style'
      ],
      { AWS_SECRET_ACCESS_KEY: 'not-the-secret' }
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      new RegExp(
        `^luneo-backup: error: access denied to s3://${requireEnv('TEST_S3_BUCKET')}/${env}/ at http://127\\.0\\.0\\.1:\\d+: check the credentials and the IAM policy$`,
        'm'
      )
    )
    expect(result.all).not.toContain('not-the-secret')
  })
})
