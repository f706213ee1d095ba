import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { backup } from '../../src/commands/backup.js'
import { buildConfig } from '../../src/config.js'
import { parseManifest, type Manifest } from '../../src/snapshot/manifest.js'
import { Crc64 } from '../../src/sources/redis/crc64.js'
import {
  countRedisKeys,
  restoreRedis,
  type RedisRestoreResult
} from '../../src/sources/redis/restore.js'
import { LocalStorage } from '../../src/storage/local.js'
import { contents, populate, startRedis, type TestRedis, expectSameData } from './redisServers.js'
import { testLog } from '../helpers/log.js'

// Restoring real snapshots that the backup command wrote to a LocalStorage target (RDB and
// logical) into fresh redis-server processes on free loopback ports, by URL, as a drill does.

const servers: TestRedis[] = []
let source: TestRedis
let rdbSnap: Snapshot
let logicalSnap: Snapshot
let expected: Awaited<ReturnType<typeof contents>>

interface Snapshot {
  root: string
  dir: string
  manifest: Manifest
}

const LIBRARY =
  "#!lua name=restorelib\nredis.register_function('restored', function() return 42 end)"

async function runBackup(url: string, mode: string, compression = 'gzip'): Promise<Snapshot> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'redis-restore-'))
  const config = buildConfig({
    environment: 'test',
    'backup-root': root,
    'redis-url': url,
    'redis-mode': mode,
    compression
  })
  const result = await backup(config, testLog())
  const dir = path.join(root, 'test', String(result.outputs['snapshot-id']))
  const manifest = parseManifest(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8'))
  return { root, dir, manifest }
}

function restoring(snap: Snapshot, target: TestRedis, extra: { force?: boolean } = {}) {
  return restoreRedis({
    storage: new LocalStorage(snap.root),
    keyOf: (name) => `test/${snap.manifest.id}/${name}`,
    manifest: snap.manifest,
    targetUrl: new URL(target.url),
    force: extra.force ?? false,
    log: testLog(),
    batch: 100
  })
}

async function fresh(): Promise<TestRedis> {
  const s = await startRedis()
  servers.push(s)
  return s
}

/** Manifest keys per db less the expired ones: what a drill expects to find. */
function expectedCounts(manifest: Manifest, result: RedisRestoreResult): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [db, counts] of Object.entries(manifest.sources.redis!.dbs)) {
    const n = counts.keys - (result.expiredSkippedByDb[db] ?? 0)
    if (n > 0) out[db] = n
  }
  return out
}

function keysOf(counts: Record<string, { keys: number }>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([db, c]) => [db, c.keys]))
}

/** A copy of a snapshot whose redis file is replaced by `bytes`, the manifest left as it was. */
async function tampered(snap: Snapshot, bytes: Buffer, fixManifest: boolean): Promise<Snapshot> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'redis-restore-bad-'))
  const dir = path.join(root, 'test', snap.manifest.id)
  await fs.cp(snap.dir, dir, { recursive: true })
  const file = snap.manifest.files.find((f) => f.source === 'redis')!
  await fs.writeFile(path.join(dir, file.name), bytes)
  const manifest = structuredClone(snap.manifest)
  if (fixManifest) {
    const entry = manifest.files.find((f) => f.source === 'redis')!
    entry.sha256 = createHash('sha256').update(bytes).digest('hex')
    entry.bytes = bytes.length
  }
  return { root, dir, manifest }
}

beforeAll(async () => {
  source = await startRedis()
  servers.push(source)
  await populate(source)
  await source.client(0).call('FUNCTION', 'LOAD', LIBRARY)
  // Keys that are in both snapshots but will have expired before any restore.
  await source.client(0).set('short:0', 'gone soon', 'PX', 1500)
  await source.client(1).set('short:1', 'gone soon', 'PX', 1500)
  rdbSnap = await runBackup(source.url, 'rdb')
  logicalSnap = await runBackup(source.url, 'logical', 'zstd')
  await new Promise((resolve) => setTimeout(resolve, 2000))
  expected = await contents(source)
  expect([...expected.keys()].some((k) => k.includes(Buffer.from('short:').toString('hex')))).toBe(
    false
  )
})

afterAll(async () => {
  for (const s of servers) await s.stop()
})

describe('Redis restore from an RDB snapshot', () => {
  it('puts every key, type, value and TTL back into an empty server and skips the expired ones', async () => {
    expect(rdbSnap.manifest.sources.redis!.mode).toBe('rdb')
    const target = await fresh()
    const result = await restoring(rdbSnap, target)
    expect(result.mode).toBe('rdb')
    expect(result.target).toBe(`redis://127.0.0.1:${target.port}`)
    expect(result.expiredSkipped).toBe(2)
    expect(result.expiredSkippedByDb).toEqual({ '0': 1, '1': 1 })
    expectSameData(await contents(target), expected)
    const counts = await countRedisKeys(new URL(target.url))
    expect(keysOf(counts)).toEqual(expectedCounts(rdbSnap.manifest, result))
    expect(keysOf(counts)).toEqual(result.restored)
    // The function library came back too.
    expect(await target.client(0).call('FCALL', 'restored', '0')).toBe(42)
  })

  it('refuses a target that holds keys, and force replaces them', async () => {
    const target = await fresh()
    await target.client(3).set('already', 'here')
    await expect(restoring(rdbSnap, target)).rejects.toThrow(
      /^target-redis-url redis:\/\/127\.0\.0\.1:\d+ is not empty \(1 keys in db 3\): pass force: true/
    )
    expect(await target.client(3).get('already')).toBe('here')
    const result = await restoring(rdbSnap, target, { force: true })
    expect(await target.client(3).get('already')).toBeNull()
    expectSameData(await contents(target), expected)
    expect(keysOf(await countRedisKeys(new URL(target.url)))).toEqual(result.restored)
  })

  it('a dry run checks the target and writes nothing', async () => {
    const target = await fresh()
    const log = testLog()
    const result = await restoreRedis({
      storage: new LocalStorage(rdbSnap.root),
      keyOf: (name) => `test/${rdbSnap.manifest.id}/${name}`,
      manifest: rdbSnap.manifest,
      targetUrl: new URL(target.url),
      force: false,
      dryRun: true,
      log
    })
    expect(result.restored).toEqual({})
    expect(log.lines.join('\n')).toMatch(
      /^dry run: would restore redis\.rdb .* nothing was written$/m
    )
    expect(await countRedisKeys(new URL(target.url))).toEqual({})
  })

  it('one byte changed in redis.rdb fails with the checksum, naming the file, and leaves the target empty', async () => {
    const bytes = await fs.readFile(path.join(rdbSnap.dir, 'redis.rdb'))
    const bad = Buffer.from(bytes)
    const at = bytes.length - 2000 // late: keys before it have been sent by then
    bad[at] ^= 0x01
    const snap = await tampered(rdbSnap, bad, false)
    const target = await fresh()
    let error: Error | undefined
    try {
      await restoring(snap, target)
    } catch (e) {
      error = e as Error
    }
    expect(error?.name).toBe('ChecksumError')
    expect(error?.message).toMatch(/^checksum failed for redis\.rdb: the manifest says sha256 /)
    // Whether a batch went out before the end of the file was read depends on timing: either way
    // the error says what happened and the target is empty.
    expect(error?.message).toMatch(
      /(was empty before, so the keys already written were removed again \(FLUSHALL\): it is empty|nothing was written to target-redis-url \S+)$/
    )
    expect(error?.message).not.toContain('\n')
    expect(await countRedisKeys(new URL(target.url))).toEqual({})
  })

  it('a snapshot in a newer RDB version than the target reads is refused, naming both versions', async () => {
    // Make the RDB claim version 11 (Redis 7.2) and fix its CRC-64, so only the version differs.
    const bytes = Buffer.from(await fs.readFile(path.join(rdbSnap.dir, 'redis.rdb')))
    expect(bytes.toString('latin1', 0, 9)).toBe('REDIS0010')
    bytes.write('0011', 5, 'latin1')
    const crc = new Crc64()
    crc.update(bytes, 0, bytes.length - 8)
    crc.digestLE().copy(bytes, bytes.length - 8)
    const snap = await tampered(rdbSnap, bytes, true)
    const target = await fresh()
    const version = String(await target.client().info('server')).match(/redis_version:(\S+)/)![1]
    await expect(restoring(snap, target)).rejects.toThrow(
      new RegExp(
        `^target-redis-url: redis ${version.replace(/\./g, '\\.')} at .* cannot read this snapshot's values: they are in RDB format version 11 \\(written by redis ${rdbSnap.manifest.sources.redis!.version.replace(/\./g, '\\.')}\\), newer than Redis ${version.replace(/\./g, '\\.')} reads`
      )
    )
    expect(await countRedisKeys(new URL(target.url))).toEqual({})
  })
})

describe('Redis restore from a logical snapshot', () => {
  it('replays the RESTORE commands into an empty server', async () => {
    const redis = logicalSnap.manifest.sources.redis!
    expect(redis.mode).toBe('logical')
    const target = await fresh()
    const result = await restoring(logicalSnap, target)
    expect(result.mode).toBe('logical')
    expect(result.expiredSkipped).toBe(0)
    // Every key of the dump was sent, the short-lived ones with what was left of their TTL.
    expect(result.restored).toEqual(keysOf(redis.dbs))
    await new Promise((resolve) => setTimeout(resolve, 1600))
    expectSameData(await contents(target), expected)
    // The function library is in the logical dump too (issue 15): named in the manifest, back.
    expect(redis.functions).toEqual(['restorelib'])
    expect(await target.client(0).call('FCALL', 'restored', '0')).toBe(42)
  })

  it('refuses a target that holds keys unless force', async () => {
    const target = await fresh()
    await target.client(0).set('already', 'here')
    await expect(restoring(logicalSnap, target)).rejects.toThrow(/is not empty .*force: true/)
    await restoring(logicalSnap, target, { force: true })
    expect(await target.client(0).get('already')).toBeNull()
  })

  it('a command other than SELECT or RESTORE in the dump is refused and nothing is left behind', async () => {
    const resp = Buffer.from('*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*1\r\n$8\r\nFLUSHALL\r\n')
    const snap = await tampered(logicalSnap, resp, true)
    const file = snap.manifest.files.find((f) => f.source === 'redis')!
    file.compression = 'none'
    const target = await fresh()
    await expect(restoring(snap, target)).rejects.toThrow(
      /holds a "FLUSHALL" command at byte \d+: a logical Redis dump holds only SELECT, RESTORE and FUNCTION RESTORE; refused/
    )
    expect(await countRedisKeys(new URL(target.url))).toEqual({})
  })

  it('stops at the first error reply (a db the target does not have) and removes what it wrote', async () => {
    const target = await startRedis(['databases 4'])
    servers.push(target)
    let message = ''
    try {
      await restoring(logicalSnap, target)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(
      /^target-redis-url: redis [\d.]+ at redis:\/\/127\.0\.0\.1:\d+ refused SELECT 5 \(ERR DB index is out of range\): the snapshot has keys in db 5; raise "databases" in the target's configuration; .* removed again \(FLUSHALL\): it is empty$/
    )
    expect(await countRedisKeys(new URL(target.url))).toEqual({})
  })
})

describe('Redis restore faults', () => {
  it('a target that cannot be reached is one line naming target-redis-url', async () => {
    const gone = await startRedis()
    await gone.stop()
    await expect(restoring(rdbSnap, gone)).rejects.toThrow(
      /^target-redis-url: cannot connect to Redis at 127\.0\.0\.1:\d+ \(refused\)$/
    )
  })

  it('a snapshot without Redis is refused before connecting', async () => {
    const manifest = structuredClone(rdbSnap.manifest)
    manifest.files = manifest.files.filter((f) => f.source !== 'redis')
    delete manifest.sources.redis
    const target = await fresh()
    await expect(restoring({ ...rdbSnap, manifest }, target)).rejects.toThrow(
      /^snapshot \S+ holds no Redis dump: nothing to restore into target-redis-url$/
    )
  })
})
