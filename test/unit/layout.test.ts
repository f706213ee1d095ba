import { describe, expect, it } from '@jest/globals'
import {
  drillReportKey,
  ledgerEventKey,
  placeOf,
  sideObjectTime,
  snapshotKey
} from '../../src/snapshot/layout.js'

// The snapshot layout contract (DESIGN.md, "Snapshot layout"): every key, and how a key is read.

describe('layout keys', () => {
  it('builds the keys of the contract', () => {
    expect(snapshotKey('production', '2026-11-24T02-00-00Z', 'manifest.json')).toBe(
      'production/2026-11-24T02-00-00Z/manifest.json'
    )
    expect(
      ledgerEventKey('production', new Date('2026-11-24T02:00:00.300Z'), 'back up!', 'ab12')
    ).toBe('production/ledger/2026-11-24T02-00-00Z-back_up_-ab12.json')
    expect(drillReportKey('production', new Date('2026-11-24T08:00:00Z'))).toBe(
      'production/drills/2026-11-24T08-00-00Z.json'
    )
  })

  it('places a key: a snapshot file, a side object, or anything else', () => {
    expect(placeOf('production/2026-11-24T02-00-00Z/redis.rdb', 'production')).toEqual({
      kind: 'snapshot',
      id: '2026-11-24T02-00-00Z',
      name: 'redis.rdb'
    })
    expect(placeOf('production/ledger/x.json', 'production')).toEqual({
      kind: 'side',
      folder: 'ledger',
      name: 'x.json'
    })
    expect(placeOf('production/drills/x.json', 'production')).toMatchObject({ folder: 'drills' })
    // A file named like an id is not a snapshot; another environment's keys are not ours.
    expect(placeOf('production/2026-11-24T02-00-00Z', 'production')).toEqual({ kind: 'other' })
    expect(placeOf('production/notes/x.gz', 'production')).toEqual({ kind: 'other' })
    expect(placeOf('staging/2026-11-24T02-00-00Z/redis.rdb', 'production')).toEqual({
      kind: 'other'
    })
    expect(placeOf('production-eu/2026-11-24T02-00-00Z/redis.rdb', 'production')).toEqual({
      kind: 'other'
    })
  })
})

describe('sideObjectTime', () => {
  const at = new Date('2026-01-01T00:00:00Z')
  it('dates a ledger event or drill report by the time its name starts with, else by the store', () => {
    const o = (key: string) => ({ key, bytes: 1, lastModified: at })
    expect(sideObjectTime(o('production/ledger/2025-10-01T02-00-00Z-backup-ab12.json'))).toEqual(
      new Date('2025-10-01T02:00:00Z')
    )
    expect(sideObjectTime(o('production/drills/2025-11-01T08-00-00Z.json'))).toEqual(
      new Date('2025-11-01T08:00:00Z')
    )
    expect(sideObjectTime(o('production/drills/report.json'))).toEqual(at)
    expect(sideObjectTime(o('production/ledger/2025-02-30T02-00-00Z-x.json'))).toEqual(at)
  })
})
