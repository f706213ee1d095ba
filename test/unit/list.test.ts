import { describe, expect, it } from '@jest/globals'
import { planCatalog, pruneRefuses } from '../../src/retention/catalogPlan.js'
import type { Catalog, ForeignEntry, SnapshotEntry } from '../../src/snapshot/catalog.js'
import { parseSnapshotId } from '../../src/snapshot/id.js'
import {
  joinListings,
  sourceOfName,
  type ListedSnapshot,
  type StorageListing
} from '../../src/snapshot/inventory.js'
import {
  countsLine,
  listMarkdown,
  listText,
  retentionText
} from '../../src/snapshot/inventoryText.js'
import type { Manifest } from '../../src/snapshot/manifest.js'

// list's pure half: the catalogs of several storages and prune's plan of each, joined into one
// row per snapshot (snapshot/inventory.ts), and the text, Markdown and counts people read
// (snapshot/inventoryText.ts). The storages themselves are read in test/integration/list.test.ts.

const NOW = new Date('2026-11-25T03:00:00Z')
const POLICY = { dailyRetentionDays: 30, monthlyRetentionMonths: 12 }
const ENV = 'production'

function complete(id: string, files: Record<string, number>, extra: Partial<Manifest> = {}) {
  const manifest = {
    formatVersion: 1,
    id,
    environment: ENV,
    kind: 'daily',
    createdAt: parseSnapshotId(id)!.toISOString(),
    completedAt: parseSnapshotId(id)!.toISOString(),
    durationSeconds: 1,
    tool: { name: 'luneo-backup', version: '0.1.0' },
    files: Object.entries(files).map(([name, bytes]) => ({
      name,
      bytes,
      sha256: 'a'.repeat(64),
      source: name.startsWith('postgres')
        ? 'postgres'
        : name.startsWith('redis')
          ? 'redis'
          : 'uploads'
    })),
    sources: {},
    ...extra
  } as Manifest
  const objects = [
    ...Object.entries(files).map(([name, bytes]) => ({ name, bytes })),
    { name: 'manifest.json', bytes: 700 }
  ]
  return entry(id, 'complete', objects, { manifest })
}

function entry(
  id: string,
  state: SnapshotEntry['state'],
  files: Array<{ name: string; bytes: number }>,
  extra: Partial<SnapshotEntry> = {}
): SnapshotEntry {
  const prefix = `${ENV}/${id}/`
  const objects = files.map((f) => ({
    key: prefix + f.name,
    bytes: f.bytes,
    lastModified: NOW
  }))
  return {
    id,
    startedAt: parseSnapshotId(id) ?? extra.startedAt!,
    state,
    prefix,
    objects,
    bytes: objects.reduce((n, o) => n + o.bytes, 0),
    ...extra
  }
}

function foreign(key: string, bytes = 5): ForeignEntry {
  return { key: `${ENV}/${key}`, objects: 1, bytes, lastModified: NOW, why: 'a file, not a folder' }
}

function listing(label: string, root: string, catalog: Catalog): StorageListing {
  const plan = planCatalog(catalog.entries, NOW, POLICY)
  return {
    label,
    where: `${root}${ENV}/`,
    base: `${ENV}/`,
    uriOf: (key) => root + key,
    catalog,
    plan,
    refuses: pruneRefuses(plan, false)
  }
}

const rowOf = (rows: ListedSnapshot[], id: string) => rows.find((r) => r.id === id)!

describe('joinListings', () => {
  it('a snapshot in S3 and in the folder is one row naming both, its size counted once', () => {
    const id = '2026-11-24T02-00-00Z'
    const files = { 'postgres.sql.gz': 1000, 'redis.rdb': 200 }
    const rows = joinListings(
      [
        listing('s3', 's3://b/', { entries: [complete(id, files)], foreign: [] }),
        listing('folder', '/backups/', { entries: [complete(id, files)], foreign: [] })
      ],
      NOW
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]).toEqual({
      id,
      state: 'complete',
      kind: 'daily',
      createdAt: '2026-11-24T02:00:00.000Z',
      ageSeconds: 25 * 3600,
      // The manifest's files, not manifest.json, and not twice.
      bytes: 1200,
      sources: ['postgres', 'redis'],
      encrypted: false,
      storages: [
        expect.objectContaining({ storage: 's3', uri: `s3://b/${ENV}/${id}/`, bytes: 1200 }),
        expect.objectContaining({ storage: 'folder', uri: `/backups/${ENV}/${id}/` })
      ],
      action: 'keep',
      rule: 'daily-window',
      reason: 'complete and younger than 30 days',
      problems: []
    })
  })

  it('the best copy speaks for the row; the other copies are named in its problems', () => {
    const id = '2026-11-20T02-00-00Z'
    const damaged = entry(id, 'damaged', [{ name: 'manifest.json', bytes: 700 }], {
      manifest: complete(id, { 'postgres.sql.gz': 1000 }).manifest,
      problem: 'damaged: postgres.sql.gz is missing'
    })
    const rows = joinListings(
      [
        listing('s3', 's3://b/', {
          entries: [complete(id, { 'postgres.sql.gz': 1000 })],
          foreign: []
        }),
        listing('folder', '/backups/', { entries: [damaged], foreign: [] })
      ],
      NOW
    )
    expect(rows[0]).toMatchObject({
      state: 'complete',
      bytes: 1000,
      problems: ['folder: damaged: postgres.sql.gz is missing']
    })
    expect(rows[0].storages.map((c) => [c.storage, c.state, c.bytes])).toEqual([
      ['s3', 'complete', 1000],
      ['folder', 'damaged', 700]
    ])
  })

  it('newest first by the time the name says, legacy folders among them; foreign keys last, by name', () => {
    const legacy = entry('20261101-020000', 'legacy', [{ name: 'postgres.sql.gz', bytes: 10 }], {
      startedAt: new Date('2026-11-01T02:00:00Z'),
      legacy: { postgres: 'postgres.sql.gz' }
    })
    const rows = joinListings(
      [
        listing('folder', '/b/', {
          entries: [
            complete('2026-11-02T02-00-00Z', { 'postgres.sql.gz': 1 }),
            legacy,
            complete('2026-11-24T02-00-00Z', { 'postgres.sql.gz': 1 })
          ],
          foreign: [foreign('zz.txt'), foreign('aa.txt')]
        })
      ],
      NOW
    )
    expect(rows.map((r) => r.id)).toEqual([
      '2026-11-24T02-00-00Z',
      '2026-11-02T02-00-00Z',
      '20261101-020000',
      'aa.txt',
      'zz.txt'
    ])
    expect(rowOf(rows, 'aa.txt')).toMatchObject({
      state: 'foreign',
      kind: null,
      action: 'keep',
      rule: 'foreign',
      problems: ['foreign (1 object): a file, not a folder']
    })
    expect(rowOf(rows, '20261101-020000')).toMatchObject({ state: 'legacy', sources: ['postgres'] })
  })

  it('says what the next prune deletes, with prune’s own reason', () => {
    const old = '2025-10-01T02-00-00Z'
    const rows = joinListings(
      [
        listing('folder', '/b/', {
          entries: [
            complete(old, { 'postgres.sql.gz': 1 }),
            complete('2026-11-24T02-00-00Z', { 'postgres.sql.gz': 1 }),
            entry('2026-11-20T02-00-00Z', 'incomplete', [{ name: 'redis.rdb.age', bytes: 9 }], {
              problem: 'no manifest.json'
            })
          ],
          foreign: []
        })
      ],
      NOW
    )
    expect(rowOf(rows, old)).toMatchObject({ action: 'delete', rule: 'hard-limit' })
    expect(retentionText(rowOf(rows, old))).toBe(
      'deleted by the next prune: older than the hard limit of 12 months: nothing survives it'
    )
    const incomplete = rowOf(rows, '2026-11-20T02-00-00Z')
    // No manifest: the sources and the encryption come from the names stored.
    expect(incomplete).toMatchObject({ sources: ['redis'], encrypted: true, bytes: 9 })
    expect(retentionText(incomplete)).toBe(
      'deleted by the next prune: incomplete (no valid manifest) and older than 24 hours'
    )
    expect(retentionText(rowOf(rows, '2026-11-24T02-00-00Z'))).toBe(
      'kept by daily-window: complete and younger than 30 days'
    )
  })

  it('where prune would refuse (no complete snapshot), it deletes nothing; storages that disagree are mixed', () => {
    const id = '2026-11-20T02-00-00Z'
    const incomplete = () =>
      entry(id, 'incomplete', [{ name: 'postgres.sql.gz', bytes: 3 }], {
        problem: 'no manifest.json'
      })
    const rows = joinListings(
      [
        listing('s3', 's3://b/', {
          entries: [incomplete(), complete('2026-11-24T02-00-00Z', { 'postgres.sql.gz': 1 })],
          foreign: []
        }),
        listing('folder', '/b/', { entries: [incomplete()], foreign: [] })
      ],
      NOW
    )
    const row = rowOf(rows, id)
    expect(row.storages.map((c) => [c.storage, c.action, c.rule])).toEqual([
      ['s3', 'delete', 'incomplete'],
      ['folder', 'keep', 'prune-refuses']
    ])
    expect(row).toMatchObject({ action: 'mixed', rule: 'mixed' })
    expect(row.storages[1].reason).toMatch(
      /^prune deletes nothing in \/b\/production\/ while it holds no complete snapshot \(it fails, naming it\); else: incomplete/
    )
    expect(retentionText(row)).toMatch(
      /^s3: deleted by the next prune: incomplete .*; folder: kept by prune-refuses: prune deletes nothing/
    )
  })

  it('keeps its field names (README, "List": scripts read them)', () => {
    const rows = joinListings(
      [
        listing('folder', '/b/', {
          entries: [complete('2026-11-24T02-00-00Z', { 'postgres.sql.gz': 1 })],
          foreign: []
        })
      ],
      NOW
    )
    expect(Object.keys(rows[0])).toEqual([
      'id',
      'state',
      'kind',
      'createdAt',
      'ageSeconds',
      'bytes',
      'sources',
      'encrypted',
      'storages',
      'action',
      'rule',
      'reason',
      'problems'
    ])
    expect(Object.keys(rows[0].storages[0])).toEqual([
      'storage',
      'uri',
      'state',
      'bytes',
      'action',
      'rule',
      'reason'
    ])
  })

  it('reads sources from the file names of a folder without a manifest', () => {
    expect(
      ['postgres.sql.zst', 'redis.resp.gz.age', 'uploads.index.json.gz', 'notes', '.claim'].map(
        sourceOfName
      )
    ).toEqual(['postgres', 'redis', 'uploads', undefined, undefined])
  })
})

describe('the text and the Markdown', () => {
  const storages = [{ label: 'folder', where: '/b/production/' }]
  const rows = joinListings(
    [
      listing('folder', '/b/', {
        entries: [
          complete(
            '2026-11-24T02-00-00Z',
            { 'postgres.sql.gz': 1_500_000 },
            {
              encryption: { format: 'age', recipients: ['age1x'] }
            }
          ),
          entry('2026-11-25T02-30-00Z', 'incomplete', [], { problem: 'no manifest.json' })
        ],
        foreign: [foreign('a|b.txt')]
      })
    ],
    NOW
  )

  it('is an aligned table, newest first, problems under their row, and the counts last', () => {
    const lines = listText(ENV, storages, rows).trimEnd().split('\n')
    expect(lines[0]).toBe('Snapshots of production (folder = /b/production/)')
    const table = lines.filter((l) => !l.startsWith('    ! '))
    const at = table[1].indexOf('state')
    for (const line of table.slice(1, -1)) expect(line[at - 1] + line[at - 2]).toBe('  ')
    expect(table[2]).toMatch(
      /^2026-11-25T02-30-00Z +incomplete +- +30 min +0 B +- +folder +kept by in-progress/
    )
    expect(table[3]).toMatch(
      /^2026-11-24T02-00-00Z +complete +daily +25\.0 h +1\.5 MB +postgres \(age\) +folder +kept by daily-window: complete and younger than 30 days$/
    )
    expect(lines[3]).toBe('    ! no manifest.json')
    expect(lines.at(-1)).toBe(
      '3 entries: 1 complete, 0 damaged, 1 incomplete, 0 unknown, 0 legacy, 1 foreign'
    )
    expect(countsLine([])).toBe(
      '0 entries: 0 complete, 0 damaged, 0 incomplete, 0 unknown, 0 legacy, 0 foreign'
    )
  })

  it('says in one line that an environment holds nothing', () => {
    expect(listText(ENV, storages, [])).toBe(
      'no snapshots of production: nothing stored in /b/production/\n'
    )
    expect(listMarkdown(ENV, storages, [])).toContain('## Snapshots of production: none')
  })

  it('renders the job summary as a Markdown table, cells escaped', () => {
    const md = listMarkdown(ENV, storages, rows)
    expect(md).toContain('## Snapshots of production: 3 entries: 1 complete, 0 damaged')
    expect(md).toContain(
      '| 2026-11-24T02-00-00Z | complete | daily | 25.0 h | 1.5 MB | postgres (age) | folder | kept by daily-window: complete and younger than 30 days |  |'
    )
    expect(md).toContain('| 2026-11-25T02-30-00Z | **incomplete** |')
    expect(md).toContain('| a\\|b.txt | **foreign** |')
  })
})
