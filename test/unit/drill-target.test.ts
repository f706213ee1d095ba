import { describe, expect, it } from '@jest/globals'
import {
  checkDrillTarget,
  isDrillMarker,
  samePostgres,
  sameRedis
} from '../../src/sources/drillTarget.js'

describe('checkDrillTarget: the marker rule', () => {
  const what = 'target-database-url app@db:5432/scratch'
  it('lets a drill into an empty target, marked or not, force or not', () => {
    for (const marked of [true, false]) {
      for (const force of [true, false]) {
        expect(() => checkDrillTarget({ what, marked, force })).not.toThrow()
      }
    }
  })
  it('refuses an unmarked target that holds data, even with force', () => {
    for (const force of [true, false]) {
      expect(() => checkDrillTarget({ what, holds: '2 tables', marked: false, force })).toThrow(
        `drill refused: ${what} holds 2 tables and carries no drill marker, so no drill made it; a drill writes only into an empty target or one an earlier drill marked, force or not`
      )
    }
  })
  it('a marked target that holds data needs force', () => {
    expect(() => checkDrillTarget({ what, holds: '2 tables', marked: true, force: false })).toThrow(
      /from an earlier drill \(it carries the drill marker\): set force: true to replace it/
    )
    expect(() =>
      checkDrillTarget({ what, holds: '2 tables', marked: true, force: true })
    ).not.toThrow()
  })
  it('knows a marker by its prefix only', () => {
    expect(isDrillMarker('luneo-backup drill target: drill of production/x at y')).toBe(true)
    expect(isDrillMarker('our production database')).toBe(false)
    expect(isDrillMarker(null)).toBe(false)
    expect(isDrillMarker(undefined)).toBe(false)
  })
})

describe('samePostgres', () => {
  it('matches the same cluster and database oid only', () => {
    const source = { systemIdentifier: '7714', databaseOid: 16384 }
    expect(samePostgres(source, { systemIdentifier: '7714', databaseOid: 16384 })).toMatch(
      /system_identifier 7714.*oid 16384/
    )
    expect(samePostgres(source, { systemIdentifier: '7714', databaseOid: 16385 })).toBeUndefined()
    expect(samePostgres(source, { systemIdentifier: '9999', databaseOid: 16384 })).toBeUndefined()
  })
  it('says nothing without the identifier on both sides (oids repeat across clusters)', () => {
    expect(samePostgres(undefined, { systemIdentifier: '1', databaseOid: 5 })).toBeUndefined()
    expect(samePostgres({ databaseOid: 5 }, { databaseOid: 5 })).toBeUndefined()
    expect(samePostgres({ systemIdentifier: '1', databaseOid: 5 }, { databaseOid: 5 })).toBe(
      undefined
    )
  })
})

describe('sameRedis', () => {
  const source = { address: 'redis.prod:6379', runId: 'r1', replId: 'p1' }
  it('matches the run_id, the replication id, or a non-loopback address', () => {
    expect(sameRedis(source, { address: 'alias:6379', runId: 'r1' })).toMatch(/run_id r1/)
    expect(sameRedis(source, { address: 'alias:6379', runId: 'r2', replId: 'p1' })).toMatch(
      /master_replid p1/
    )
    expect(sameRedis(source, { address: 'REDIS.prod:6379', runId: 'r2' })).toMatch(/address/)
    expect(sameRedis(source, { address: 'redis.prod:6380', runId: 'r2' })).toBeUndefined()
    expect(sameRedis(undefined, { address: 'redis.prod:6379' })).toBeUndefined()
  })
  it('does not take a loopback address for the same server (another machine, another server)', () => {
    const local = { address: '127.0.0.1:6379', runId: 'r1' }
    expect(sameRedis(local, { address: '127.0.0.1:6379', runId: 'r9' })).toBeUndefined()
    expect(sameRedis({ address: 'localhost:6379' }, { address: 'localhost:6379' })).toBe(undefined)
    expect(sameRedis({ address: '[::1]:6379' }, { address: '[::1]:6379' })).toBeUndefined()
  })
})
