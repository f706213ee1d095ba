import { describe, expect, it } from '@jest/globals'
import type { RedisStats } from '../../src/snapshot/manifest.js'
import type { RedisServer } from '../../src/sources/redis/info.js'
import { checkTargetReadsFormat, syncAnnounce } from '../../src/sources/redis/rdbFormat.js'

// Valkey 9's own RDB format (RDB 80, magic VALKEY080): which SYNC asks for it, and which restore
// targets can load a snapshot in it. The real servers: test/integration/newer-servers.test.ts.

const server = (engine: string, version: string): RedisServer => ({
  engine,
  version,
  endpoint: 'redis://127.0.0.1:6379',
  keyspace: {},
  identity: { address: '127.0.0.1:6379' }
})

const stats = (engine: string, version: string, rdbVersion?: number): RedisStats => ({
  mode: rdbVersion === undefined ? 'logical' : 'rdb',
  engine,
  version,
  endpoint: 'redis://127.0.0.1:6379',
  pointInTime: rdbVersion !== undefined,
  reason: 'test',
  ...(rdbVersion !== undefined ? { rdbVersion } : {}),
  keys: 1,
  keysWithTtl: 0,
  dbs: { '0': { keys: 1, keysWithTtl: 0 } },
  keyCountsFrom: rdbVersion === undefined ? 'scan' : 'rdb'
})

describe('Valkey 9 RDB format', () => {
  it('SYNC names the server its own version on Valkey 9 and later only', () => {
    expect(syncAnnounce(server('valkey', '9.1.2'))).toBe('9.1.2')
    expect(syncAnnounce(server('valkey', '10.0.0'))).toBe('10.0.0')
    expect(syncAnnounce(server('valkey', '8.1.1'))).toBeUndefined()
    expect(syncAnnounce(server('redis', '7.2.4'))).toBeUndefined()
  })

  it('refuses a Valkey-format snapshot for Redis and older Valkey, naming both versions', () => {
    const refusal = (s: RedisStats, target: RedisServer) => {
      try {
        checkTargetReadsFormat(s, target, 'redis.rdb')
        return ''
      } catch (error) {
        return (error as Error).message
      }
    }
    const v9 = stats('valkey', '9.1.2', 80)
    expect(refusal(v9, server('redis', '7.0.15'))).toBe(
      "redis.rdb is in Valkey's own RDB format (RDB version 80, from valkey 9.1.2), which redis 7.0.15 at redis://127.0.0.1:6379 cannot load (RESTORE refuses an RDB version it does not know; Valkey 9.0 is the first to read it): restore into Valkey 9.0 or newer; nothing was written"
    )
    expect(refusal(v9, server('valkey', '8.1.1'))).toMatch(/valkey 8\.1\.1 at .* cannot load/)
    expect(refusal(v9, server('valkey', '9.0.0'))).toBe('')
    expect(refusal(v9, server('valkey', '9.2.0'))).toBe('')
    // A logical dump of Valkey 9: DUMP payloads carry RDB 80 too.
    expect(refusal(stats('valkey', '9.0.3'), server('redis', '7.2.4'))).toMatch(
      /RDB version 80, from valkey 9\.0\.3\), which redis 7\.2\.4/
    )
    expect(refusal(stats('valkey', '9.2.1', 81), server('valkey', '9.1.2'))).toMatch(
      /Valkey 9\.2 is the first to read it/
    )
    // RDB 11 and older, and Redis sources: no opinion here.
    expect(refusal(stats('valkey', '9.1.2', 11), server('redis', '7.2.4'))).toBe('')
    expect(refusal(stats('redis', '7.0.15', 10), server('valkey', '9.1.2'))).toBe('')
    expect(refusal(stats('redis', '7.0.15'), server('redis', '7.0.15'))).toBe('')
  })
})
