import { describe, expect, it } from '@jest/globals'
import { periodKeys, monthsEmptied } from '../../src/encryption/periods.js'
import { parseRecipients } from '../../src/encryption/recipients.js'
import type { SnapshotEntry } from '../../src/snapshot/catalog.js'
import type { Manifest } from '../../src/snapshot/manifest.js'

// Keys per period, the pure part: each month's key status from the snapshots left, the months
// recorded destroyed and the age-recipients map; and which months a prune emptied.

const KEY = 'age1pxj54gryr6cnu82snnyswt8v04ns0u8mh48lrgrfxjqydvvy4a4smtuvgj'

function entry(id: string, period?: string): SnapshotEntry {
  const manifest = period
    ? ({ encryption: { format: 'age', recipients: [KEY], period } } as unknown as Manifest)
    : undefined
  return { id, state: 'complete', manifest, bytes: 1 } as unknown as SnapshotEntry
}

describe('period keys', () => {
  it('in use while snapshots are left, can be destroyed once none is, destroyed when recorded', () => {
    const entries = [
      entry('2026-10-02T02-00-00Z', '2026-10'),
      entry('2026-11-02T02-00-00Z', '2026-11')
    ]
    const map = parseRecipients(
      ['2026-08', '2026-09', '2026-10', '2026-11', '2026-12'].map((m) => `${m}: ${KEY}`).join('\n')
    )
    const now = new Date('2026-11-20T00:00:00Z')
    expect(periodKeys(entries, new Set(['2026-08']), map, now)).toEqual([
      { period: '2026-08', snapshots: 0, status: 'destroyed' },
      { period: '2026-09', snapshots: 0, status: 'can be destroyed' },
      { period: '2026-10', snapshots: 1, status: 'in use' },
      { period: '2026-11', snapshots: 1, status: 'in use' },
      { period: '2026-12', snapshots: 0, status: 'not yet used' }
    ])
    // A key recorded destroyed while its month still has snapshots: they are unreadable.
    expect(periodKeys(entries, new Set(['2026-10']), undefined, now)[0]).toEqual({
      period: '2026-10',
      snapshots: 1,
      status: 'destroyed',
      unreadable: true
    })
    // Nothing per month (plain backups or one key for all): no rows.
    expect(periodKeys([entry('2026-11-02T02-00-00Z')], new Set(), undefined, now)).toEqual([])
  })

  it('a prune empties a month when it deletes its last snapshot in every storage', () => {
    const plan = (decisions: Array<[string, string]>) => ({
      decisions: decisions.map(([id, action]) => ({ id, action }))
    })
    expect(
      monthsEmptied([
        plan([
          ['2025-10-01T02-00-00Z', 'delete'],
          ['2025-11-01T02-00-00Z', 'delete'],
          ['2025-11-02T02-00-00Z', 'keep']
        ]),
        plan([['2025-09-01T02-00-00Z', 'delete']])
      ])
    ).toEqual(['2025-09', '2025-10'])
  })
})
