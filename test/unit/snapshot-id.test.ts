import { describe, expect, it } from '@jest/globals'
import { isSnapshotId, parseSnapshotId, snapshotIdFor } from '../../src/snapshot/id.js'

describe('snapshot ids', () => {
  it('are the UTC start time, sortable and file-system safe', () => {
    expect(snapshotIdFor(new Date('2026-11-24T02:00:07.123Z'))).toBe('2026-11-24T02-00-07Z')
    expect(parseSnapshotId('2026-11-24T02-00-07Z')?.toISOString()).toBe('2026-11-24T02:00:07.000Z')
  })

  it('reject anything else', () => {
    for (const name of [
      'ledger',
      'drills',
      '2026-13-01T00-00-00Z',
      '2026-02-30T00-00-00Z',
      '2026-11-24T02:00:07Z',
      ''
    ]) {
      expect(isSnapshotId(name)).toBe(false)
    }
  })
})
