import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createReadStream, createWriteStream, readFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { backup } from '../../src/commands/backup.js'
import { buildConfig } from '../../src/config.js'
import { AgeDecrypter } from '../../src/encryption/ageStream.js'
import { parseManifest, type Manifest } from '../../src/snapshot/manifest.js'
import { dbUrl, freshDatabase, shell, sql } from '../helpers/pg.js'
import { errorOf, requireEnv, runAction, runCli, startRun, tempDir } from '../helpers/run.js'
import { testLog } from '../helpers/log.js'
import { s3Inputs } from '../helpers/s3.js'
import { contents, expectSameData, populate, startRedis, type TestRedis } from './redisServers.js'

// encryption: age end to end, through the action and the CLI, against the real servers: every
// data file stored as ciphertext only, each source back through restore with age-identity; the
// failures (no identity, a wrong one, a changed byte, no recipients) one line each with nothing
// of the restore left; and Debian's `age` reading what we wrote (README's by-hand commands) and
// writing what we read.

const ENV = `it-age-${Date.now()}`
const SOURCE = 'age_source'
let work: string
let root: string
let key: string // age-keygen's file: the identity
let pub: string
let otherKey: string
let otherPub: string
let uploads: string
let redis: TestRedis
let expectedRedis: Awaited<ReturnType<typeof contents>>
let snapshot: string
let manifest: Manifest

const keygen = (file: string): string => {
  execFileSync('age-keygen', ['-o', file], { stdio: 'ignore' })
  return execFileSync('age-keygen', ['-y', file], { encoding: 'utf8' }).trim()
}
const dir = () => path.join(root, ENV, snapshot)
const rows = async (db: string) =>
  Number((await sql<{ n: string }>(db, 'select count(*) as n from customers'))[0].n)
const tablesIn = async (db: string) =>
  (
    await sql<{ n: string }>(
      db,
      "select count(*) as n from information_schema.tables where table_schema = 'public'"
    )
  )[0].n

beforeAll(async () => {
  work = await tempDir('luneo-age-')
  root = path.join(work, 'backups')
  key = path.join(work, 'key.txt')
  pub = keygen(key)
  otherKey = path.join(work, 'other.txt')
  otherPub = keygen(otherKey)
  await freshDatabase(SOURCE)
  // ~4 MB of gzip: many 64 KiB chunks, so a changed byte fails after earlier chunks streamed.
  await sql(
    SOURCE,
    `create table customers (id int primary key, email text, note text);
     insert into customers select g, 'person' || g || '@example.com', md5(g::text) || md5((g * 7)::text)
       from generate_series(1, 60000) g;`
  )
  uploads = path.join(work, 'src', 'uploads')
  await fs.mkdir(path.join(uploads, 'invoices'), { recursive: true })
  for (let i = 0; i < 20; i++) {
    await fs.writeFile(path.join(uploads, 'invoices', `jane-doe-${i}.txt`), `invoice ${i}\n`)
  }
  redis = await startRedis()
  await populate(redis)
  expectedRedis = await contents(redis)
  const result = await runAction({
    environment: ENV,
    encryption: 'age',
    'age-recipients': `# the ops key\n${pub}\n`,
    'database-url': dbUrl(SOURCE),
    'redis-url': redis.url,
    'uploads-dir': uploads,
    'backup-root': root,
    ...s3Inputs()
  })
  expect(errorOf(result)).toBe('')
  expect(result.code).toBe(0)
  snapshot = result.outputs['snapshot-id']
  manifest = parseManifest(await fs.readFile(path.join(dir(), 'manifest.json'), 'utf8'))
}, 120_000)

afterAll(async () => {
  await redis?.stop()
  await fs.rm(work, { recursive: true, force: true })
})

describe('backup with encryption: age', () => {
  it('stores every data file, the uploads index included, as age ciphertext named *.age', async () => {
    expect(manifest.encryption).toEqual({ format: 'age', recipients: [pub] })
    expect(manifest.files.map((f) => f.name).sort()).toEqual([
      'postgres.sql.gz.age',
      'redis.rdb.age',
      'uploads.index.json.gz.age',
      'uploads.tar.gz.age'
    ])
    expect(manifest.sources.uploads?.index).toBe('uploads.index.json.gz.age')
    for (const file of manifest.files) {
      const stored = await fs.readFile(path.join(dir(), file.name))
      expect(stored.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n')
      expect(file.bytes).toBe(stored.length)
      expect(file.encryption).toMatchObject({ format: 'age', recipients: [pub] })
      expect(file.encryption!.plaintextSha256).toMatch(/^[0-9a-f]{64}$/)
      expect(file.encryption!.plaintextSha256).not.toBe(file.sha256)
      // Nothing readable: no path, no address.
      expect(stored.includes('jane-doe')).toBe(false)
      expect(stored.includes('@example.com')).toBe(false)
    }
  })

  it('refuses to run without recipients, with a bad one, or a post-quantum one (one line, nothing written)', async () => {
    const env = `${ENV}-refused`
    const base = { environment: env, 'database-url': dbUrl(SOURCE), 'backup-root': root }
    for (const [recipients, message] of [
      ['', 'encryption is age but age-recipients is empty'],
      ['age1notakey', 'is not an age X25519 public key'],
      [`age1pq1${'q'.repeat(80)}`, 'only X25519 keys']
    ]) {
      const result = await runAction({ ...base, encryption: 'age', 'age-recipients': recipients })
      expect(result.code).toBe(1)
      expect(errorOf(result)).toContain(message)
    }
    const cli = await runCli(['backup', '--encryption', 'age'], {
      ENV: env,
      DATABASE_URL: dbUrl(SOURCE),
      BACKUP_ROOT: root
    })
    expect(cli.code).toBe(2)
    expect(errorOf(cli)).toBe(
      'luneo-backup: error: encryption is age but age-recipients is empty: give the age1... public key(s) to encrypt to (age-keygen -y key.txt)'
    )
    await expect(fs.readdir(path.join(root, env))).rejects.toThrow(/ENOENT/)
  })
})

describe('restore with age-identity', () => {
  it('puts PostgreSQL, Redis and uploads back, the key given as a file (action) or a masked value (CLI)', async () => {
    await freshDatabase('age_restored')
    const target = await startRedis()
    const restoredUploads = path.join(await tempDir(), 'uploads')
    try {
      const result = await runAction({
        command: 'restore',
        environment: ENV,
        'age-identity': key,
        'target-database-url': dbUrl('age_restored'),
        'target-redis-url': target.url,
        'target-uploads-dir': restoredUploads,
        ...s3Inputs() // from S3 (the folder copy serves the other tests)
      })
      expect(errorOf(result)).toBe('')
      expect(result.code).toBe(0)
      expect(await rows('age_restored')).toBe(60000)
      expectSameData(await contents(target), expectedRedis)
      expect(
        await fs.readFile(path.join(restoredUploads, 'invoices', 'jane-doe-7.txt'), 'utf8')
      ).toBe('invoice 7\n')
    } finally {
      await target.stop()
    }
    await freshDatabase('age_drilled')
    const secret = (await fs.readFile(key, 'utf8')).match(/AGE-SECRET-KEY-1\S+/)![0]
    const local = await runCli(
      ['drill', '--target-database-url', dbUrl('age_drilled'), '--backup-root', root],
      { ENV, AGE_IDENTITY: secret }
    )
    expect(errorOf(local)).toBe('')
    expect(local.code).toBe(0)
    expect(local.all).not.toContain(secret)
    expect(await rows('age_drilled')).toBe(60000)
  }, 120_000)

  it('refuses an encrypted snapshot without an identity, and a wrong one names the recipients; nothing changes', async () => {
    await freshDatabase('age_refused')
    const base = {
      command: 'restore',
      environment: ENV,
      'target-database-url': dbUrl('age_refused'),
      'backup-root': root
    }
    const none = await runAction(base)
    expect(none.code).toBe(1)
    expect(errorOf(none)).toBe(
      `::error::snapshot ${snapshot} is encrypted (age, to ${pub}): give its identity as age-identity (a key file or the AGE-SECRET-KEY-1... value)`
    )
    const wrong = await runAction({ ...base, 'age-identity': otherKey })
    expect(wrong.code).toBe(1)
    expect(errorOf(wrong)).toBe(
      `::error::postgres.sql.gz.age of snapshot ${snapshot} is encrypted to ${pub}; age-identity holds the key of ${otherPub}: give that period's identity`
    )
    expect(await tablesIn('age_refused')).toBe('0')
    const argv = await runCli(
      ['restore', '--age-identity', 'AGE-SECRET-KEY-1XYZ', '--backup-root', root],
      { ENV }
    )
    expect(argv.code).toBe(2)
    expect(errorOf(argv)).toContain('never on the command line')
  })

  it('a changed byte in the ciphertext fails the restore, and nothing of it stays (psql killed before COMMIT)', async () => {
    await freshDatabase('age_flipped')
    const file = path.join(dir(), 'postgres.sql.gz.age')
    const bytes = await fs.readFile(file)
    const at = Math.floor(bytes.length * 0.7)
    bytes[at] ^= 0x20
    await fs.writeFile(file, bytes)
    try {
      const result = await runAction({
        command: 'restore',
        environment: ENV,
        'age-identity': key,
        'target-database-url': dbUrl('age_flipped'),
        'backup-root': root
      })
      expect(result.code).toBe(1)
      expect(errorOf(result)).toMatch(
        /^::error::checksum failed for postgres\.sql\.gz\.age: the manifest says sha256 [0-9a-f]{64} \(\d+ bytes\), the stored file has [0-9a-f]{64}/
      )
      expect(await tablesIn('age_flipped')).toBe('0')
    } finally {
      bytes[at] ^= 0x20
      await fs.writeFile(file, bytes)
    }
  })
})

describe("Debian's age", () => {
  it("reads what we wrote: README's by-hand commands, run as they are, restore PostgreSQL, uploads, the index and the RDB", async () => {
    const readme = await fs.readFile(path.join(import.meta.dirname, '../../README.md'), 'utf8')
    const lines = readme.split('\n').filter((l) => l.startsWith('age -d -i key.txt '))
    expect(lines).toHaveLength(4)
    await freshDatabase('age_by_hand')
    // A folder as someone restoring by hand has it: the snapshot's files and the month's key.
    const here = await tempDir('luneo-by-hand-')
    for (const file of manifest.files)
      await fs.symlink(path.join(dir(), file.name), path.join(here, file.name))
    await fs.copyFile(key, path.join(here, 'key.txt'))
    const parent = await tempDir()
    const env = `cd '${here}' && export PATH='${requireEnv('TEST_PG_BIN')}':$PATH DATABASE_URL='${dbUrl('age_by_hand')}' PARENT='${parent}'`
    for (const line of lines) await shell(`${env} && ${line}`)
    expect(await rows('age_by_hand')).toBe(60000)
    expect(
      await fs.readFile(path.join(parent, 'uploads', 'invoices', 'jane-doe-3.txt'), 'utf8')
    ).toBe('invoice 3\n')
    expect(await fs.readFile(path.join(here, 'uploads.index.json'), 'utf8')).toContain(
      'jane-doe-3.txt'
    )
    expect((await fs.readFile(path.join(here, 'dump.rdb'))).subarray(0, 5).toString()).toBe('REDIS')
    await fs.rm(here, { recursive: true })
  })

  it('writes what we read: a file encrypted by `age -r` decrypts here byte for byte', async () => {
    const plain = path.join(work, 'plain.bin')
    await shell(`head -c 3000000 /dev/urandom > '${plain}'`)
    await shell(`age -r ${pub} -r ${otherPub} -o '${plain}.age' '${plain}'`)
    const identity = (await fs.readFile(otherKey, 'utf8')).match(/AGE-SECRET-KEY-1\S+/)![0]
    await pipeline(
      createReadStream(`${plain}.age`),
      new AgeDecrypter([identity]),
      createWriteStream(`${plain}.out`)
    )
    expect(await shell(`cmp '${plain}' '${plain}.out' && echo same`)).toBe('same\n')
  })
})

describe('keys per period', () => {
  it('picks the month’s keys, refuses a month without one; prune, report and destroy-key track each month’s key', async () => {
    const env = `${ENV}-periods`
    const current = new Date().toISOString().slice(0, 7)
    const oldMonth = '2026-09' // older than the daily window, within the hard limit
    const keyOld = path.join(work, 'old.txt')
    const pubOld = keygen(keyOld)
    const map = path.join(work, 'recipients.txt')
    const base = { environment: env, 'backup-root': root, 'database-url': dbUrl(SOURCE) }

    // No entry for this month: refused before anything runs.
    await fs.writeFile(map, `${oldMonth}: ${pubOld}\n`)
    const refused = await runAction({ ...base, encryption: 'age', 'age-recipients': map })
    expect(refused.code).toBe(1)
    expect(errorOf(refused)).toBe(
      `::error::age-recipients has no key for ${current} (it has ${oldMonth}): add "${current}: age1..." with that month's public key before its first backup`
    )
    expect(await fs.readdir(path.join(root, env))).toEqual(['ledger']) // its event, no snapshot

    // An ad hoc backup in September (to September's key), a daily one now (to this month's).
    await fs.writeFile(map, `${oldMonth}: ${pubOld}\n${current}: ${pub}\n`)
    const old = await backup(
      buildConfig({ ...base, kind: 'adhoc', encryption: 'age', 'age-recipients': map }, {}),
      testLog(),
      new Date(`${oldMonth}-15T02:00:00Z`)
    )
    const oldManifest = parseManifest(
      await fs.readFile(
        path.join(root, env, String(old.outputs['snapshot-id']), 'manifest.json'),
        'utf8'
      )
    )
    expect(oldManifest.encryption).toEqual({
      format: 'age',
      recipients: [pubOld],
      period: oldMonth
    })
    const now = await runAction({ ...base, encryption: 'age', 'age-recipients': map })
    expect(now.code).toBe(0)

    // September's key still opens a snapshot: destroy-key refuses.
    const early = await runAction({
      ...base,
      command: 'destroy-key',
      'key-period': oldMonth,
      'age-recipients': map
    })
    expect(early.code).toBe(1)
    expect(errorOf(early)).toContain(`snapshots of ${oldMonth} are left, which its key still opens`)

    const pruned = await runAction({ ...base, command: 'prune' })
    expect(pruned.code).toBe(0)
    expect(pruned.outputs['periods-emptied']).toBe(oldMonth)
    expect(pruned.summary).toContain(`**Left no snapshot of ${oldMonth}**`)

    const before = await runAction({ ...base, command: 'report', 'age-recipients': map })
    expect(before.code).toBe(0)
    expect(before.summary).toContain(`| ${oldMonth} | 0 | 🟡 can be destroyed |`)
    expect(before.summary).toContain(`| ${current} | 1 | in use |`)

    const destroyed = await runAction({
      ...base,
      command: 'destroy-key',
      'key-period': oldMonth,
      'age-recipients': map
    })
    expect(errorOf(destroyed)).toBe('')
    expect(destroyed.outputs.recorded).toBe('true')
    const ledger = await fs.readdir(path.join(root, env, 'ledger'))
    const events = await Promise.all(
      ledger
        .filter((k) => k.includes('-destroy-key-'))
        .map(
          async (k) =>
            JSON.parse(await fs.readFile(path.join(root, env, 'ledger', k), 'utf8')) as {
              outcome: string
              period?: string
              recipients?: string[]
            }
        )
    )
    expect(events.filter((e) => e.outcome === 'success')).toEqual([
      expect.objectContaining({ period: oldMonth, recipients: [pubOld] })
    ])

    const after = await runAction({ ...base, command: 'report', 'age-recipients': map })
    expect(after.summary).toContain(`| ${oldMonth} | 0 | destroyed |`)

    // The destroyed key given again for this month: refused, nothing marked complete.
    await fs.writeFile(map, `${oldMonth}: ${pubOld}\n${current}: ${pubOld}\n`)
    const reused = await runAction({ ...base, encryption: 'age', 'age-recipients': map })
    expect(reused.code).toBe(1)
    expect(errorOf(reused)).toContain(
      `age-recipients gives ${current} the key ${pubOld}, the key of ${oldMonth} recorded as destroyed`
    )
  }, 120_000)
})

describe('memory', () => {
  /** Peak RSS (VmHWM) of a CLI backup of `dir`, in MB, polled from /proc while it runs. */
  async function peakRss(dir: string, env: string, flags: string[]): Promise<number> {
    const started = await startRun(
      'cli',
      ['backup', '--uploads-dir', dir, '--backup-root', root, ...flags],
      {
        ENV: env
      }
    )
    let peak = 0
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(
          readFileSync(`/proc/${started.child.pid}/status`, 'utf8')
        )
        if (m) peak = Math.max(peak, Number(m[1]) / 1024)
      } catch {
        // exited
      }
    }, 20)
    const result = await started.done
    clearInterval(poll)
    expect(errorOf(result)).toBe('')
    expect(result.code).toBe(0)
    return peak
  }

  it('stays flat: encrypting 384 MB takes no more memory than 96 MB, and about what not encrypting takes', async () => {
    const large = path.join(work, 'large', 'uploads')
    const medium = path.join(work, 'medium', 'uploads')
    await fs.mkdir(large, { recursive: true })
    await fs.mkdir(medium, { recursive: true })
    await shell(`head -c ${384 << 20} /dev/urandom > '${large}/video.mp4'`)
    await shell(`head -c ${96 << 20} /dev/urandom > '${medium}/video.mp4'`)
    const age = ['--encryption', 'age', '--age-recipients', pub]
    const plainLarge = await peakRss(large, `${ENV}-mem-plain`, [])
    const ageLarge = await peakRss(large, `${ENV}-mem-age`, age)
    const ageMedium = await peakRss(medium, `${ENV}-mem-medium`, age)
    // Peak RSS, not time. Past the first tens of MB (V8 and the allocator settling) it no longer
    // grows with the data: 4x the bytes, the same peak within a margin. Staging would add 288 MB.
    expect(ageMedium).toBeGreaterThan(20) // the polling saw the process
    expect(ageLarge).toBeLessThan(ageMedium + 32)
    // The cipher's code and its chunk buffers: a few MB more than a plain backup.
    expect(ageLarge).toBeLessThan(plainLarge + 40)
    await fs.rm(path.join(work, 'large'), { recursive: true })
    await fs.rm(path.join(work, 'medium'), { recursive: true })
  }, 240_000)
})
