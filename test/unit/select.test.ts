import { describe, expect, it } from '@jest/globals'
import type { SnapshotEntry } from '../../src/snapshot/catalog.js'
import { selectSnapshot } from '../../src/snapshot/select.js'

const entry = (id: string, state: SnapshotEntry['state']): SnapshotEntry => ({
  id,
  startedAt: new Date('2026-11-01T02:00:00Z'),
  state,
  objects: [],
  bytes: 0
})

describe('selectSnapshot', () => {
  it('with no complete snapshot, names the states it found (legacy is not "incomplete")', () => {
    const entries = [
      entry('20261101-020000', 'legacy'),
      entry('2026-11-02T02-00-00Z', 'incomplete')
    ]
    expect(() => selectSnapshot(entries, 'latest', ['postgres'], '/b/staging/')).toThrow(
      'no complete snapshot holding postgres in /b/staging/ (2 snapshot folders: 1 legacy, 1 incomplete)'
    )
  })

  it('with no source asked for (verify), the line has no empty "holding"', () => {
    expect(() =>
      selectSnapshot([entry('20261101-020000', 'legacy')], 'latest', [], '/b/staging/')
    ).toThrow('no complete snapshot in /b/staging/ (1 snapshot folders: 1 legacy)')
  })
})
