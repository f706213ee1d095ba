import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import path from 'node:path'
import { runCli, tempDir } from '../helpers/run.js'
import { startRedis, type TestRedis } from './redisServers.js'

// Redis progress lines through the CLI as a user starts it, against a real redis-server with
// enough data for a dump to last: RDB mode with the length the master announces (bytes of an
// exact total), diskless RDB mode (keys as the scanner counts them, of the INFO keyspace count)
// and logical mode (keys as SCAN gives them, of that count), each with a percent and a time left.

const KEYS = 400_000
const BARE = { ENV: '', S3_BUCKET: '', S3_ENDPOINT: '', S3_PREFIX: '', SLACK_WEBHOOK_URL: '' }
let redis: TestRedis
let root: string

beforeAll(async () => {
  // rdbcompression off: DEBUG POPULATE's zero-padded values would otherwise shrink to nothing.
  redis = await startRedis(['enable-debug-command yes', 'rdbcompression no'])
  const admin = redis.client()
  await admin.call('DEBUG', 'POPULATE', String(KEYS), 'key', '200')
  expect(await admin.dbsize()).toBe(KEYS)
  root = await tempDir('luneo-redis-progress-')
}, 60_000)

afterAll(async () => {
  await redis?.stop()
  if (root) await fs.rm(root, { recursive: true, force: true })
})

async function backup(name: string, mode: string) {
  const result = await runCli(['backup', '--redis-mode', mode], {
    ...BARE,
    DATABASE_URL: '',
    UPLOADS_DIR: '',
    REDIS_URL: redis.url,
    BACKUP_ROOT: path.join(root, name),
    LUNEO_PROGRESS_SECONDS: '0.05'
  })
  expect(result.stderr).not.toMatch(/luneo-backup: error/)
  expect(result.code).toBe(0)
  expect(result.stderr).toContain(`${KEYS} keys (0 with a TTL) in 1 dbs`)
  return result.stderr
}

const SIZE = String.raw`[\d.]+ [KMG]?B`
const ETA = String.raw`about [\d.]+ s left`
const COUNT = String.raw`[\d,]+`
const TOTAL = KEYS.toLocaleString('en-US')

describe('Redis progress lines, as the CLI prints them', () => {
  it('RDB with an announced length (repl-diskless-sync no): bytes of the exact total, percent, time left', async () => {
    await redis.client().config('SET', 'repl-diskless-sync', 'no')
    const stderr = await backup('rdb-length', 'rdb')
    const announced = /^RDB mode: replication snapshot via SYNC \((\d+) bytes\)$/m.exec(stderr)
    expect(announced).not.toBeNull()
    const total = Number(announced![1])
    expect(total).toBeGreaterThan(KEYS * 200)
    // No "~": the length is exact, so the line names it as it is.
    const line = new RegExp(
      String.raw`^redis\.rdb: (${SIZE}) of (${SIZE}) read \((\d{1,2})%, ${SIZE}/s, ${ETA}\), ${SIZE} stored, [\d.]+ s$`,
      'm'
    )
    const match = line.exec(stderr)
    expect(match).not.toBeNull()
    expect(match![2]).toBe(`${(total / 1e6).toFixed(1)} MB`)
  }, 120_000)

  it('diskless RDB ($EOF: form): keys of the INFO keyspace count, percent, time left', async () => {
    await redis.client().config('SET', 'repl-diskless-sync', 'yes')
    const stderr = await backup('rdb-diskless', 'rdb')
    expect(stderr).toMatch(/^RDB mode: replication snapshot via SYNC \(diskless/m)
    expect(stderr).toMatch(
      new RegExp(
        String.raw`^redis\.rdb: ${COUNT} of ~${TOTAL} keys \(\d{1,2}%, ${COUNT} keys/s, ${ETA}\), ${SIZE} read, ${SIZE} stored, [\d.]+ s$`,
        'm'
      )
    )
  }, 120_000)

  it('logical mode: keys of the INFO keyspace count, percent, time left', async () => {
    const stderr = await backup('logical', 'logical')
    expect(stderr).toMatch(
      new RegExp(
        String.raw`^redis\.resp\.gz: ${COUNT} of ~${TOTAL} keys \(\d{1,2}%, ${COUNT} keys/s, ${ETA}\), ${SIZE} read, ${SIZE} stored, [\d.]+ s$`,
        'm'
      )
    )
  }, 120_000)
})
