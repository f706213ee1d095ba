import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { promisify } from 'node:util'
import { RdbScanner, type RdbScannerOptions } from '../../src/sources/redis/rdb/scanner.js'
import { backupRdbError } from '../../src/sources/redis/sync.js'
import { dbUrl, freshDatabase, shell, sql } from '../helpers/pg.js'
import { errorOf, requireEnv, runAction, tempDir } from '../helpers/run.js'
import { listKeys, s3Inputs, testS3Client } from '../helpers/s3.js'
import { startRedis, type TestRedis } from './redisServers.js'

// Issue 15: an old-script RDB with bytes after its EOF opcode and checksum. A real RDB (redis-cli
// --rdb against the test Redis, and a throwaway server's SAVE) with 17 bytes appended: the
// scanner counts them only when told to; adopt and restore of a legacy folder accept them with one
// warning (log, manifest, summary); verify, restore and drill of the adopted snapshot accept
// exactly the count the manifest records, and refuse any other.
//
// Then adopt again after a failed adopt (a corrupt second file): on S3 (RGW, versioned,
// claim-then-list) and in a folder. The failed run exits non-zero in one line, keeps the legacy
// folder and leaves no complete snapshot; a re-run removes its leftovers and adopts, unless a live
// run claims the folder or it holds a manifest; a third run does nothing.

const exec = promisify(execFile)
const EXTRA = Buffer.from('padding after EOF') // 17 bytes
const SOURCE = 'adopt_trailing_source'
const pad = (n: number) => String(n).padStart(2, '0')
/** The old script's `20261125-020000` folder name, and the snapshot id adopt gives it. */
const compact = (d: Date) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
const idOf = (d: Date) =>
  d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-')
const WHEN = new Date(Math.floor((Date.now() - 2 * 86_400_000) / 1000) * 1000)
const LEGACY = compact(WHEN)
const ID = idOf(WHEN)

let redis: TestRedis
let rdbFile: Buffer
let root: string

/** The source database as the old script dumped it: plain pg_dump, gzip'd. */
function dumpTo(file: string): Promise<string> {
  return shell(
    `"${requireEnv('TEST_PG_BIN')}/pg_dump" --format=plain "${dbUrl(SOURCE).replace(/:[^:@/]*@/, '@')}" | gzip > "${file}"`
  )
}

async function scan(bytes: Buffer, options: RdbScannerOptions) {
  const scanner = new RdbScanner(options)
  const parts: Buffer[] = []
  for (let i = 0; i < bytes.length; i += 4096) parts.push(bytes.subarray(i, i + 4096))
  await pipeline(Readable.from(parts), scanner, new Writable({ write: (_c, _e, d) => d() }))
  return scanner.facts()
}

beforeAll(async () => {
  await freshDatabase(SOURCE)
  await sql(SOURCE, `create table t (id int); insert into t select generate_series(1, 4);`)
  redis = await startRedis()
  await redis.client().set('a', '1')
  await redis.client().set('b', 'x'.repeat(5000))
  await redis.client(3).set('c', '3', 'EX', 86_400)
  await redis.client().save()
  rdbFile = await fs.readFile(path.join(redis.dir, 'dump.rdb'))
  root = await tempDir()
  const dir = path.join(root, 'trailing', LEGACY)
  await fs.mkdir(dir, { recursive: true })
  await dumpTo(path.join(dir, 'postgres.sql.gz'))
  await fs.writeFile(path.join(dir, 'redis.rdb'), Buffer.concat([rdbFile, EXTRA]))
  // The same RDB alone, to be restored straight from its legacy folder.
  await fs.mkdir(path.join(root, 'trailing-restore', LEGACY), { recursive: true })
  await fs.writeFile(
    path.join(root, 'trailing-restore', LEGACY, 'redis.rdb'),
    Buffer.concat([rdbFile, EXTRA])
  )
})

afterAll(async () => {
  await redis?.stop()
  if (root) await fs.rm(root, { recursive: true, force: true })
})

const warningLines = (stdout: string) =>
  stdout.split('\n').filter((l) => /^::warning::.*redis\.rdb: 17 bytes follow/.test(l))

describe('an imported RDB with bytes after its EOF opcode and checksum', () => {
  it('a real RDB (redis-cli --rdb against the test Redis) with 17 bytes appended: refused by default, counted when told', async () => {
    const url = new URL(requireEnv('TEST_REDIS_URL'))
    const file = path.join(root, 'cli.rdb')
    await exec('redis-cli', ['-h', url.hostname, '-p', url.port, '--rdb', file], {
      env: { ...process.env, REDISCLI_AUTH: requireEnv('TEST_REDIS_PASSWORD') }
    })
    const whole = await fs.readFile(file)
    const plain = await scan(whole, {})
    expect(plain.checksum).toBe('verified')
    expect(plain.trailingBytes).toBeUndefined()
    const padded = Buffer.concat([whole, EXTRA])
    await expect(scan(padded, { explain: backupRdbError })).rejects.toThrow(
      /^the RDB from Redis is not whole: 17 more bytes follow its EOF opcode and checksum; no snapshot was made$/
    )
    expect(await scan(padded, { trailing: 'report' })).toEqual({
      ...plain,
      bytes: whole.length + 17,
      trailingBytes: 17
    })
    expect((await scan(padded, { trailing: 17 })).trailingBytes).toBe(17)
    await expect(scan(padded, { trailing: 16 })).rejects.toThrow(/trailing/)
  })

  it('adopt accepts it with one warning (log, manifest, summary); verify, drill and restore of the snapshot accept the recorded count', async () => {
    const inputs = { environment: 'trailing', 'backup-root': root }
    const done = await runAction({ command: 'adopt', ...inputs })
    expect([done.code, errorOf(done)]).toEqual([0, ''])
    expect(done.outputs.adopted).toBe('1')
    const warned = warningLines(done.stdout)
    expect(warned).toHaveLength(1)
    expect(warned[0]).toContain(path.join(root, 'trailing', LEGACY, 'redis.rdb'))
    expect(done.summary).toMatch(/:warning: .*redis\.rdb: 17 bytes follow the RDB's EOF opcode/)
    const folder = path.join(root, 'trailing', ID)
    const manifest = JSON.parse(await fs.readFile(path.join(folder, 'manifest.json'), 'utf8'))
    expect(manifest.warnings).toEqual([warned[0].replace(/^::warning::/, '')])
    expect(manifest.sources.redis).toMatchObject({
      trailingBytes: 17,
      keys: 3,
      checksum: 'verified'
    })
    expect(
      (await fs.readFile(path.join(folder, 'redis.rdb'))).equals(Buffer.concat([rdbFile, EXTRA]))
    ).toBe(true)
    expect(await fs.readdir(path.join(root, 'trailing', LEGACY)).catch(() => [])).toEqual([])

    const verify = await runAction({ command: 'verify', snapshot: ID, ...inputs })
    expect([verify.code, errorOf(verify)]).toEqual([0, ''])
    expect(verify.outputs.verified).toBe('true')
    expect(verify.summary).toContain('17 bytes after its end as the manifest records')

    await freshDatabase('adopt_trailing_drill')
    const drillRedis = await startRedis()
    try {
      const drill = await runAction({
        command: 'drill',
        snapshot: ID,
        'target-database-url': dbUrl('adopt_trailing_drill'),
        'target-redis-url': drillRedis.url,
        ...inputs
      })
      expect([drill.code, errorOf(drill)]).toEqual([0, ''])
      expect(drill.outputs.verified).toBe('true')
    } finally {
      await drillRedis.stop()
    }

    const target = await startRedis()
    try {
      const restore = await runAction({
        command: 'restore',
        snapshot: ID,
        'target-redis-url': target.url,
        ...inputs
      })
      expect([restore.code, errorOf(restore)]).toEqual([0, ''])
      expect(restore.summary).toMatch(/⚠️ .*17 bytes follow the RDB's EOF opcode/)
      expect(await target.client().get('a')).toBe('1')
      expect(await target.client().get('b')).toBe('x'.repeat(5000))
      expect(await target.client(3).get('c')).toBe('3')
    } finally {
      await target.stop()
    }
  })

  it('verify and restore refuse trailing bytes the manifest does not record (another count, or none)', async () => {
    const inputs = { environment: 'trailing', 'backup-root': root }
    const file = path.join(root, 'trailing', ID, 'manifest.json')
    const original = await fs.readFile(file, 'utf8')
    try {
      const other = JSON.parse(original)
      other.sources.redis.trailingBytes = 16
      await fs.writeFile(file, JSON.stringify(other))
      const verify = await runAction({ command: 'verify', snapshot: ID, ...inputs })
      expect(verify.code).toBe(1)
      expect(verify.outputs.verified).toBe('false')
      expect(verify.summary).toContain(
        'redis.rdb: 17 more bytes follow its EOF opcode and checksum, where the manifest records 16'
      )

      delete other.sources.redis.trailingBytes
      await fs.writeFile(file, JSON.stringify(other))
      const target = await startRedis()
      try {
        const restore = await runAction({
          command: 'restore',
          snapshot: ID,
          'target-redis-url': target.url,
          ...inputs
        })
        expect(restore.code).toBe(1)
        expect(errorOf(restore)).toMatch(
          /redis\.rdb is not whole: 17 more bytes follow its EOF opcode and checksum(?!, where)/
        )
      } finally {
        await target.stop()
      }
    } finally {
      await fs.writeFile(file, original)
    }
  })

  it('restore of a legacy folder accepts it with one warning, and puts the keys back', async () => {
    const target = await startRedis()
    try {
      const result = await runAction({
        command: 'restore',
        environment: 'trailing-restore',
        'backup-root': root,
        snapshot: LEGACY,
        'target-redis-url': target.url
      })
      expect([result.code, errorOf(result)]).toEqual([0, ''])
      expect(warningLines(result.stdout)).toHaveLength(1)
      expect(result.summary).toMatch(/⚠️ .*redis\.rdb: 17 bytes follow the RDB's EOF opcode/)
      expect(await target.client(3).get('c')).toBe('3')
    } finally {
      await target.stop()
    }
  })
})

/** A pid that no process has now: a child's, once it has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await once(child, 'exit')
  return child.pid!
}

const claimBody = (pid: number) =>
  JSON.stringify({
    token: 'feedface0123456789abcdef',
    startedAt: new Date().toISOString(),
    host: os.hostname(),
    pid
  }) + '\n'

describe('adopt again after a failed adopt', () => {
  const truncated = () => rdbFile.subarray(0, rdbFile.length - 20)

  it('on S3: fails in one line keeping the legacy folder; a re-run removes the leftovers and adopts, unless a live run claims them; a third run does nothing', async () => {
    const env = `adopt-retry-${Date.now()}`
    const bucket = requireEnv('TEST_S3_BUCKET')
    const s3 = testS3Client()
    const put = (key: string, body: Buffer | string) =>
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))
    const legacy = `${env}/${LEGACY}/`
    const snapshot = `${env}/${ID}/`
    await dumpTo(path.join(root, 'for-s3.sql.gz'))
    await put(`${legacy}postgres.sql.gz`, await fs.readFile(path.join(root, 'for-s3.sql.gz')))
    await put(`${legacy}redis.rdb`, truncated())
    const inputs = { environment: env, ...s3Inputs() }
    const legacyKeys = [`${legacy}postgres.sql.gz`, `${legacy}redis.rdb`]

    const failed = await runAction({ command: 'adopt', ...inputs })
    expect(failed.code).toBe(1)
    expect(errorOf(failed)).toMatch(
      /^::error::adopt: 1 legacy folder\(s\) not adopted: .*redis\.rdb is not a whole RDB file: .*\(truncated\)$/
    )
    expect((await listKeys(legacy)).sort()).toEqual(legacyKeys)
    const left = await listKeys(snapshot)
    expect(left).toContain(`${snapshot}postgres.sql.gz`)
    expect(left).not.toContain(`${snapshot}manifest.json`)

    // Not fixed yet: the re-run removes the leftovers, then fails on the same file, not on them.
    const again = await runAction({ command: 'adopt', ...inputs })
    expect(again.code).toBe(1)
    expect(errorOf(again)).toMatch(/redis\.rdb is not a whole RDB file/)
    expect(again.stdout).toMatch(
      new RegExp(
        `${ID}/: removed what a failed run left \\(${left.length} object\\(s\\), no manifest\\)`
      )
    )
    expect(errorOf(again)).not.toContain('already there')
    expect((await listKeys(legacy)).sort()).toEqual(legacyKeys)

    // A claim of a live process on this host: refused, nothing removed.
    await put(`${snapshot}.claim-feedface`, claimBody(process.pid))
    const claimed = await runAction({ command: 'adopt', ...inputs })
    expect(claimed.code).toBe(1)
    expect(errorOf(claimed)).toMatch(
      new RegExp(
        `not adopted: snapshot folder .*${ID}/ is incomplete and it is claimed by a running process \\(pid ${process.pid} on `
      )
    )
    expect(await listKeys(snapshot)).toContain(`${snapshot}postgres.sql.gz`)
    expect((await listKeys(legacy)).sort()).toEqual(legacyKeys)

    // The cause fixed, the claim's process gone: the re-run finishes the job.
    await put(`${snapshot}.claim-feedface`, claimBody(await deadPid()))
    await put(`${legacy}redis.rdb`, rdbFile)
    const fixed = await runAction({ command: 'adopt', ...inputs })
    expect([fixed.code, errorOf(fixed)]).toEqual([0, ''])
    expect(fixed.outputs.adopted).toBe('1')
    // What the second run left, and the live run's claim (now abandoned).
    expect(fixed.summary).toMatch(/removed what a failed run left \(\d+ object\(s\), no manifest\)/)
    // The new run's own claim stays (it names the writer); the abandoned one is gone.
    const now = await listKeys(snapshot)
    expect(now).not.toContain(`${snapshot}.claim-feedface`)
    expect(now.filter((k) => !k.startsWith(`${snapshot}.claim`)).sort()).toEqual(
      [`${snapshot}manifest.json`, `${snapshot}postgres.sql.gz`, `${snapshot}redis.rdb`].sort()
    )
    const manifest = JSON.parse(
      await (
        await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${snapshot}manifest.json` }))
      ).Body!.transformToString()
    )
    expect(manifest.sources.redis.keys).toBe(3)
    expect(manifest.sources.redis.trailingBytes).toBeUndefined()
    expect(manifest.warnings).toBeUndefined()
    expect(await listKeys(legacy)).toEqual([])

    const third = await runAction({ command: 'adopt', ...inputs })
    expect([third.code, errorOf(third)]).toEqual([0, ''])
    expect(third.outputs.adopted).toBe('0')
    expect(third.summary).toContain('No legacy folder of the old script found.')
    for (const key of await listKeys(`${env}/`)) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))
    }
  })

  it('in a folder: the same; a folder at the id that holds a manifest is refused and kept', async () => {
    const env = 'adopt-retry'
    const dir = path.join(root, env, LEGACY)
    await fs.mkdir(dir, { recursive: true })
    await dumpTo(path.join(dir, 'postgres.sql.gz'))
    await fs.writeFile(path.join(dir, 'redis.rdb'), truncated())
    const inputs = { environment: env, 'backup-root': root }
    const failed = await runAction({ command: 'adopt', ...inputs })
    expect(failed.code).toBe(1)
    expect(errorOf(failed)).toMatch(/redis\.rdb is not a whole RDB file: .*\(truncated\)$/)
    expect((await fs.readdir(dir)).sort()).toEqual(['postgres.sql.gz', 'redis.rdb'])
    const folder = path.join(root, env, ID)
    const left = await fs.readdir(folder)
    expect(left).toContain('postgres.sql.gz')
    expect(left).not.toContain('.claim') // released by the failed run
    expect(left).not.toContain('manifest.json')

    // A manifest there (even an invalid one): not a failed run's leftovers; refused, kept.
    await fs.writeFile(path.join(folder, 'manifest.json'), '{}')
    const refused = await runAction({ command: 'adopt', ...inputs })
    expect(refused.code).toBe(1)
    expect(errorOf(refused)).toMatch(
      new RegExp(
        `not adopted: snapshot folder ${ID} is already there \\(incomplete: manifest\\.json is invalid`
      )
    )
    expect((await fs.readdir(folder)).sort()).toEqual(['manifest.json', ...left].sort())
    await fs.rm(path.join(folder, 'manifest.json'))

    await fs.writeFile(path.join(dir, 'redis.rdb'), rdbFile)
    const fixed = await runAction({ command: 'adopt', ...inputs })
    expect([fixed.code, errorOf(fixed)]).toEqual([0, ''])
    expect(fixed.outputs.adopted).toBe('1')
    expect(fixed.stdout).toContain(
      `removed what a failed run left (${left.length} object(s), no manifest)`
    )
    expect((await fs.readdir(folder)).sort()).toEqual([
      '.claim',
      'manifest.json',
      'postgres.sql.gz',
      'redis.rdb'
    ])
    expect(await fs.readdir(dir).catch(() => [])).toEqual([])
    const third = await runAction({ command: 'adopt', ...inputs })
    expect([third.code, errorOf(third), third.outputs.adopted]).toEqual([0, '', '0'])

    const verify = await runAction({ command: 'verify', snapshot: ID, ...inputs })
    expect([verify.code, errorOf(verify), verify.outputs.verified]).toEqual([0, '', 'true'])
  })
})
