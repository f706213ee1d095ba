import { describe, expect, it } from '@jest/globals'
import { progressLine } from '../../src/util/progress.js'

// The one progress line format (util/progress.ts): bytes against an estimate (PostgreSQL,
// uploads), bytes against an exact total (an RDB whose length the master announced), keys
// against the INFO keyspace count (a diskless RDB, a logical dump), or throughput alone.

const io = { read: 40_000_000, stored: 10_000_000, seconds: 10 }

describe('progressLine', () => {
  it('bytes without a total: throughput only', () => {
    expect(progressLine('redis.rdb', { unit: 'bytes', done: 40_000_000 }, io)).toBe(
      'redis.rdb: 40.0 MB read (4.0 MB/s), 10.0 MB stored, 10.0 s'
    )
  })

  it('bytes of an estimate: percent and time left, the total marked as approximate', () => {
    expect(
      progressLine('postgres.sql.gz', { unit: 'bytes', done: 40_000_000, total: 160_000_000 }, io)
    ).toBe(
      'postgres.sql.gz: 40.0 MB of ~160.0 MB read (25%, 4.0 MB/s, about 30.0 s left), 10.0 MB stored, 10.0 s'
    )
  })

  it('bytes past the estimate: says so instead of counting below zero', () => {
    expect(
      progressLine('postgres.sql.gz', { unit: 'bytes', done: 40_000_000, total: 30_000_000 }, io)
    ).toBe(
      'postgres.sql.gz: 40.0 MB read, past the estimate of 30.0 MB (4.0 MB/s), 10.0 MB stored, 10.0 s'
    )
  })

  it('bytes of an exact total: no "~", and at the end 100% without a time left', () => {
    expect(
      progressLine(
        'redis.rdb',
        { unit: 'bytes', done: 40_000_000, total: 50_000_000, exact: true },
        io
      )
    ).toBe(
      'redis.rdb: 40.0 MB of 50.0 MB read (80%, 4.0 MB/s, about 2.5 s left), 10.0 MB stored, 10.0 s'
    )
    expect(
      progressLine(
        'redis.rdb',
        { unit: 'bytes', done: 50_000_000, total: 50_000_000, exact: true },
        io
      )
    ).toBe('redis.rdb: 50.0 MB of 50.0 MB read (100%, 5.0 MB/s), 10.0 MB stored, 10.0 s')
  })

  it('keys of the keyspace count: keys, keys/s, time left, then the bytes read and stored', () => {
    expect(progressLine('redis.resp.gz', { unit: 'keys', done: 120_000, total: 300_000 }, io)).toBe(
      'redis.resp.gz: 120,000 of ~300,000 keys (40%, 12,000 keys/s, about 15.0 s left), 40.0 MB read, 10.0 MB stored, 10.0 s'
    )
  })

  it('keys past the count (SCAN may return a key twice, keys written meanwhile)', () => {
    expect(progressLine('redis.resp.gz', { unit: 'keys', done: 310_000, total: 300_000 }, io)).toBe(
      'redis.resp.gz: 310,000 keys, past the estimate of 300,000 (31,000 keys/s), 40.0 MB read, 10.0 MB stored, 10.0 s'
    )
  })

  it('keys at the count while the stream goes on (the RDB end and its checksum): 100%, no time left', () => {
    expect(progressLine('redis.rdb', { unit: 'keys', done: 300_000, total: 300_000 }, io)).toBe(
      'redis.rdb: 300,000 of ~300,000 keys (100%, 30,000 keys/s), 40.0 MB read, 10.0 MB stored, 10.0 s'
    )
  })

  it('no time left at the first tick, when nothing has passed yet', () => {
    expect(
      progressLine(
        'redis.rdb',
        { unit: 'keys', done: 0, total: 300_000 },
        { read: 0, stored: 0, seconds: 0 }
      )
    ).toBe('redis.rdb: 0 of ~300,000 keys (0%, 0 keys/s), 0 B read, 0 B stored, 0.0 s')
  })
})
