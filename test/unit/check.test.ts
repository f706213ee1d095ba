import { describe, expect, it } from '@jest/globals'
import { judge } from '../../src/commands/check.js'
import type { SnapshotEntry } from '../../src/snapshot/catalog.js'
import { parseSnapshotId } from '../../src/snapshot/id.js'
import type { Manifest } from '../../src/snapshot/manifest.js'

// The watchdog's judgement, on synthetic catalogs: scheduled snapshots only, per source.

const NOW = new Date('2026-11-24T12:00:00Z')

function entry(
  id: string,
  kind: Manifest['kind'],
  sources: ('postgres' | 'redis' | 'uploads')[],
  state: SnapshotEntry['state'] = 'complete'
): SnapshotEntry {
  const manifest = {
    formatVersion: 1,
    id,
    environment: 'production',
    kind,
    files: sources.map((source) => ({
      name: source,
      bytes: 1,
      sha256: '0'.repeat(64),
      source,
      compression: 'gzip'
    })),
    sources: {}
  } as unknown as Manifest
  return {
    id,
    startedAt: parseSnapshotId(id)!,
    state,
    manifest: state === 'complete' || state === 'damaged' ? manifest : undefined,
    ...(state === 'damaged' ? { problem: 'damaged: redis is missing' } : {}),
    objects: [],
    bytes: 1
  }
}

describe('check (judge) of damaged and legacy snapshots (issue 15)', () => {
  it('an old damaged snapshot does not alert; the newest scheduled one being damaged does', () => {
    const old = entry('2026-11-20T02-00-00Z', 'daily', ['postgres', 'redis'], 'damaged')
    const fresh = entry('2026-11-24T02-00-00Z', 'daily', ['postgres', 'redis'])
    expect(judge([old, fresh], NOW, 26).problems).toEqual([])
    const newest = entry('2026-11-24T11-59-00Z', 'daily', ['postgres', 'redis'], 'damaged')
    expect(judge([old, fresh, newest], NOW, 26).problems).toEqual([
      'the newest scheduled snapshot, 2026-11-24T11-59-00Z, is damaged: redis is missing (restore its whole sources with allow-damaged: true; delete it with prune and snapshot: 2026-11-24T11-59-00Z)'
    ])
    // A newer damaged adhoc one is not scheduled: it does not alert.
    const adhoc = entry('2026-11-24T11-59-30Z', 'adhoc', ['redis'], 'damaged')
    expect(judge([fresh, adhoc], NOW, 26).problems).toEqual([])
  })

  it('legacy folders never count, and the error says so and points at adopt', () => {
    const legacy: SnapshotEntry = {
      id: '20261124-020000',
      startedAt: new Date('2026-11-24T02:00:00Z'),
      state: 'legacy',
      legacy: { postgres: 'postgres.sql.gz' },
      objects: [],
      bytes: 1
    }
    expect(judge([legacy], NOW, 26).problems).toEqual([
      'no complete scheduled (daily or monthly) snapshot at all; 1 legacy folder(s) of the old script, the newest 20261124-020000 (10.0 h old), do not count until adopted (command: adopt)'
    ])
  })
})

describe('check (judge)', () => {
  it('passes when every source has a fresh scheduled snapshot', () => {
    const v = judge(
      [
        entry('2026-11-23T02-00-00Z', 'daily', ['postgres', 'redis']),
        entry('2026-11-24T02-00-00Z', 'daily', ['postgres', 'redis'])
      ],
      NOW,
      26
    )
    expect(v.problems).toEqual([])
    expect(v.newest?.id).toBe('2026-11-24T02-00-00Z')
    expect(v.ageHours).toBe(10)
    expect(v.sources.map((s) => s.source)).toEqual(['postgres', 'redis'])
  })

  it('fails when the newest scheduled snapshot is too old', () => {
    const v = judge([entry('2026-11-22T02-00-00Z', 'daily', ['postgres'])], NOW, 26)
    expect(v.problems).toEqual([
      'postgres: the newest complete scheduled snapshot holding it, 2026-11-22T02-00-00Z, is 2.4 days old (max-age-hours 26)'
    ])
  })

  it('an ad hoc snapshot does not make a dead nightly look alive', () => {
    const v = judge(
      [
        entry('2026-11-20T02-00-00Z', 'daily', ['postgres', 'redis']),
        entry('2026-11-24T11-00-00Z', 'adhoc', ['postgres', 'redis'])
      ],
      NOW,
      26
    )
    expect(v.problems).toHaveLength(2)
  })

  it('a source that stopped being backed up is stale even when the others are fresh', () => {
    const v = judge(
      [
        entry('2026-11-21T02-00-00Z', 'daily', ['postgres', 'redis']),
        entry('2026-11-22T02-00-00Z', 'daily', ['postgres']),
        entry('2026-11-24T02-00-00Z', 'daily', ['postgres'])
      ],
      NOW,
      26
    )
    expect(v.problems).toHaveLength(1)
    expect(v.problems[0]).toMatch(/^redis: .*2026-11-21T02-00-00Z/)
  })

  it('a source dropped long ago (outside the recent window) is no longer expected', () => {
    const v = judge(
      [
        entry('2026-10-01T02-00-00Z', 'daily', ['postgres', 'uploads']),
        entry('2026-11-24T02-00-00Z', 'monthly', ['postgres'])
      ],
      NOW,
      26
    )
    expect(v.problems).toEqual([])
  })

  it('fails with no complete scheduled snapshot at all; incomplete ones do not count', () => {
    expect(judge([], NOW, 26).problems).toEqual([
      'no complete scheduled (daily or monthly) snapshot at all'
    ])
    const v = judge(
      [
        entry('2026-11-24T02-00-00Z', 'daily', ['postgres'], 'incomplete'),
        entry('2026-11-24T03-00-00Z', 'adhoc', ['postgres'])
      ],
      NOW,
      26
    )
    expect(v.problems[0]).toMatch(
      /no complete scheduled .* \(1 complete ad hoc ones do not count\)/
    )
  })
})
