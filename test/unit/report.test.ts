import { describe, expect, it } from '@jest/globals'
import { buildReview, gapsOf, hardLimit, redLinesOf } from '../../src/review/build.js'
import { lastVerifications, verificationOf } from '../../src/review/verifications.js'
import { digestMessage, type Digest } from '../../src/notify/digest.js'
import type { LedgerEvent } from '../../src/notify/ledger.js'
import { csvField, ledgerCsv, reviewMarkdown } from '../../src/review/markdown.js'
import { cell } from '../../src/util/markdown.js'
import type { SnapshotEntry } from '../../src/snapshot/catalog.js'
import { parseSnapshotId } from '../../src/snapshot/id.js'

// The report's pure parts: CSV quoting, Markdown cells, gaps, red lines, the last verification of
// each snapshot, the Slack digest.

const NOW = new Date('2026-11-24T08:00:00Z')

function entry(id: string, kind = 'daily', state: SnapshotEntry['state'] = 'complete') {
  return {
    id,
    startedAt: parseSnapshotId(id)!,
    state,
    manifest: state === 'complete' ? ({ kind } as SnapshotEntry['manifest']) : undefined,
    objects: [],
    bytes: 10
  } as SnapshotEntry
}

describe('CSV', () => {
  it('quotes commas, quotes, line breaks and edge spaces; doubles quotes (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a, b')).toBe('"a, b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField(' padded')).toBe('" padded"')
    expect(csvField(undefined)).toBe('')
    expect(csvField(12.5)).toBe('12.5')
  })

  it('defuses texts a spreadsheet would run as formulas', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField('+1')).toBe("'+1")
    expect(csvField('@sum')).toBe("'@sum")
    expect(csvField('-fix')).toBe("'-fix")
  })

  it('redacts passwords in URLs', () => {
    expect(csvField('from postgres://u:pw123@h/db')).toBe('from postgres://u:***@h/db')
  })

  it('has a header, one CRLF row per event and a byte order mark', () => {
    const event = {
      time: '2026-11-01T02:00:00.000Z',
      finishedAt: '2026-11-01T02:01:00.000Z',
      command: 'backup',
      environment: 'production',
      outcome: 'success',
      durationSeconds: 60,
      notes: 'a, b',
      run: 'r',
      toolVersion: '0.1.0',
      formatVersion: 1
    } as LedgerEvent
    const csv = ledgerCsv([event, event])
    expect(csv.startsWith('\uFEFFtime,finishedAt,')).toBe(true)
    expect(csv.split('\r\n')).toHaveLength(4) // header, 2 rows, '' after the last CRLF
    expect(csv).toContain(',"a, b",')
  })
})

describe('Markdown cells', () => {
  it('keep a table a table: no pipe, no line break, no HTML', () => {
    expect(cell('a | b\nc <script>')).toBe('a \\| b c &lt;script&gt;')
  })
})

describe('gaps', () => {
  it('counts the whole UTC days before today without a complete scheduled snapshot', () => {
    const entries = [
      entry('2026-10-01T02-00-00Z', 'monthly'),
      entry('2026-11-20T02-00-00Z'),
      entry('2026-11-21T02-00-00Z', 'adhoc'), // ad hoc does not count
      entry('2026-11-22T02-00-00Z', 'daily', 'incomplete'), // nor does an incomplete one
      entry('2026-11-23T02-00-00Z'),
      entry('2026-11-24T02-00-00Z') // today: not judged
    ]
    const gaps = gapsOf(entries, [], NOW, 5)
    expect(gaps).toEqual({
      windowDays: 5,
      from: '2026-11-19',
      to: '2026-11-23',
      judgedDays: 5,
      days: ['2026-11-19', '2026-11-21', '2026-11-22']
    })
  })

  it('does not judge days before the environment history starts', () => {
    const gaps = gapsOf([entry('2026-11-22T02-00-00Z')], [], NOW, 30)
    expect(gaps.from).toBe('2026-11-22')
    expect(gaps.judgedDays).toBe(2)
    expect(gaps.days).toEqual(['2026-11-23'])
  })
})

describe('red lines', () => {
  it('are snapshots, ledger events and drill reports prune would delete by the hard limit', () => {
    const limit = hardLimit(NOW, 12)
    expect(limit.toISOString()).toBe('2025-11-24T08:00:00.000Z')
    const at = new Date('2026-01-01T00:00:00Z')
    const objects = [
      'production/2025-11-24T07-59-59Z/manifest.json',
      'production/2025-11-24T07-59-59Z/postgres.sql.gz',
      'production/2025-11-24T08-00-00Z/manifest.json', // exactly at the limit: prune deletes it
      'production/2025-11-24T08-00-01Z/manifest.json', // a second after: kept
      'production/ledger/2025-01-01T00-00-00Z-backup-00000000.json',
      'production/drills/2025-02-01T00-00-00Z.json',
      'production/notes.txt'
    ].map((key) => ({ key, bytes: 1, lastModified: at }))
    const lines = redLinesOf(objects, 'production', 's3://b/production/', limit, NOW)
    expect(lines.map((l) => [l.what, l.key])).toEqual([
      ['ledger', 'production/ledger/2025-01-01T00-00-00Z-backup-00000000.json'],
      ['drill', 'production/drills/2025-02-01T00-00-00Z.json'],
      ['snapshot', 'production/2025-11-24T07-59-59Z/'],
      ['snapshot', 'production/2025-11-24T08-00-00Z/']
    ])
  })
})

describe('Slack digest', () => {
  const digest: Digest = {
    environment: 'production',
    from: '2026-10-24T08:00:00.000Z',
    to: NOW.toISOString(),
    location: 's3://b/production/',
    complete: 31,
    newestBytes: 2e9,
    gaps: 0,
    gapWindowDays: 30,
    redLines: 0,
    lastDrill: {
      drilledAt: '2026-10-01T03:00:00.000Z',
      snapshotId: '2026-09-30T02-00-00Z',
      verified: true,
      rtoSeconds: 754
    }
  }
  const run = { url: 'https://github.example/o/r/actions/runs/1', label: 'run 1' }

  it('states the four numbers and links the run; mentions nobody when all is well', () => {
    const message = digestMessage(digest, run, '@here')
    expect(message.blocks?.[0]).toMatchObject({
      text: { text: '✅ Monthly backup review: production' }
    })
    const body = JSON.stringify(message)
    expect(body).toContain('31 (newest 2.0 GB)')
    expect(body).toContain('0 of the last 30 days')
    expect(body).toContain('verified on 2026-10-01, RTO 12 min 34 s')
    expect(body).toContain('<https://github.example/o/r/actions/runs/1|run 1>')
    expect(body).not.toContain('<!here>')
  })

  it('mentions people when there are red lines or the last drill failed', () => {
    const red = digestMessage({ ...digest, redLines: 2 }, run, '@here')
    expect(JSON.stringify(red)).toContain('<!here>')
    const failed = digestMessage(
      { ...digest, lastDrill: { ...digest.lastDrill!, verified: false } },
      run,
      '@here'
    )
    expect(failed.text).toMatch(/^<!here> .*last drill FAILED/)
  })
})

describe('last verified', () => {
  const A = '2026-11-20T02-00-00Z'
  const B = '2026-11-21T02-00-00Z'
  const C = '2026-11-22T02-00-00Z'
  const D = '2026-11-23T02-00-00Z'
  const verifyEvent = (time: string, extra: Partial<LedgerEvent>): LedgerEvent => ({
    formatVersion: 1,
    time,
    finishedAt: time,
    command: 'verify',
    environment: 'production',
    outcome: 'success',
    durationSeconds: 3,
    run: 'r',
    toolVersion: '0.1.0',
    ...extra
  })
  const events: LedgerEvent[] = [
    // Newest last in time, listed out of order: the newest verification wins all the same.
    verifyEvent('2026-11-23T09:00:00.000Z', {
      outcome: 'failure',
      runUrl: 'https://github.example/o/r/actions/runs/9',
      verifications: [
        { snapshotId: A, verdict: 'failed', failed: 1 },
        { snapshotId: B, verdict: 'partial', archived: 2 }
      ]
    }),
    // A tool older than `verifications`: one snapshot, the run's outcome.
    verifyEvent('2026-11-21T09:00:00.000Z', { snapshotId: A }),
    verifyEvent('2026-11-23T10:00:00.000Z', { outcome: 'failure', snapshotId: D }),
    // A cancelled run proved nothing; another command naming a snapshot is no verification.
    verifyEvent('2026-11-23T11:00:00.000Z', { outcome: 'cancelled', snapshotId: C }),
    { ...verifyEvent('2026-11-23T12:00:00.000Z', { snapshotId: C }), command: 'restore' }
  ]
  const entries = [
    entry(A),
    entry(B, 'monthly'),
    entry(C),
    entry(D),
    entry('2026-11-23T03-00-00Z', 'daily', 'incomplete')
  ]

  it('is the newest verify event naming each snapshot, with its verdict', () => {
    const last = lastVerifications(events)
    expect(Object.fromEntries([...last].map(([id, v]) => [id, [v.time, v.verdict]]))).toEqual({
      [A]: ['2026-11-23T09:00:00.000Z', 'failed'],
      [B]: ['2026-11-23T09:00:00.000Z', 'partial'],
      [D]: ['2026-11-23T10:00:00.000Z', 'failed']
    })
  })

  it('lists every complete snapshot, newest first; one never verified says so', () => {
    const v = verificationOf(entries, events)
    expect(v.snapshots.map((s) => [s.id, s.verdict ?? 'never'])).toEqual([
      [D, 'failed'],
      [C, 'never'],
      [B, 'partial'],
      [A, 'failed']
    ])
    expect(v).toMatchObject({
      verified: 0,
      partly: 1,
      failed: 2,
      never: 1,
      lastRun: '2026-11-23T10:00:00.000Z'
    })
    expect(v.snapshots.find((s) => s.id === B)).toMatchObject({ kind: 'monthly', archived: 2 })
  })

  it('is in the review: a bullet and a table with each verdict in words', () => {
    const review = buildReview(
      {
        environment: 'production',
        location: 's3://b/production/',
        entries,
        events,
        drills: [],
        redLines: [],
        problems: []
      },
      NOW,
      { dailyRetentionDays: 30, monthlyRetentionMonths: 12 }
    )
    const md = reviewMarkdown(review)
    expect(md).toContain(
      '- **Verified**: 0 of 4 complete snapshots (last verify run 2026-11-23), 1 except archived files, **2 FAILED**, 1 never verified'
    )
    expect(md).toContain('### Verification')
    expect(md).toContain(`| ${C} | daily | never |  |`)
    expect(md).toContain(
      `| ${B} | monthly | 2026-11-23 09:00 ([run](https://github.example/o/r/actions/runs/9)) | verified except 2 archived files |`
    )
    expect(md).toContain(`| ${A} | daily | 2026-11-23 09:00`)
    expect(md).toContain('| **FAILED (1 file)** |')
    // No verify run at all: every complete snapshot is "never".
    const none = verificationOf(entries, [])
    expect([none.never, none.lastRun]).toEqual([4, undefined])
  })

  it('the ledger CSV has each verdict of a verify event', () => {
    const csv = ledgerCsv([events[0]])
    expect(csv.split('\r\n')[0].endsWith(',verifications')).toBe(true)
    expect(csv).toContain(`${A} FAILED (1 file); ${B} verified except 2 archived files`)
  })
})
