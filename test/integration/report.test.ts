import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import path from 'node:path'
import { snapshotIdFor } from '../../src/snapshot/id.js'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { requireEnv, runAction, tempDir, type RunResult } from '../helpers/run.js'
import { slackReceiver, type SlackReceiver } from '../helpers/slack.js'

// The monthly review: two backups with notes and operators, a drill and a check, then report
// through the action as the runner starts it. Fixtures written straight into the backup folder
// stand for history the tests cannot wait for: a snapshot, a ledger event and a drill report from
// 400 days ago (red lines), a complete daily snapshot from two days ago (one day that is not a
// gap), a ledger event whose notes hold a password (redacted everywhere), and a verify event
// that found that daily snapshot's data archived; verify itself runs on the newest one.

const DB = 'report_source'
const ENV = 'it-report'
const DAY = 86_400_000
const NOTES_1 = 'before "big" migration, step 1'
const NOTES_2 = '=after migration; all good'
const LEAKED = 'hunter2-report-secret'
let root: string
let runnerTemp: string
let first: RunResult
let second: RunResult
let drilled: RunResult
let verified: RunResult
let twoDaysAgo: string
let report: RunResult
let slack: SlackReceiver
const nextSecond = () => new Promise((r) => setTimeout(r, 1100))

/** RFC 4180: fields, quotes doubled, line breaks inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += c
  }
  if (field || row.length) rows.push([...row, field])
  return rows
}

async function copySnapshot(from: string, to: Date, kind = 'daily'): Promise<string> {
  const id = snapshotIdFor(to)
  const dir = path.join(root, ENV, id)
  await fs.cp(path.join(root, ENV, from), dir, { recursive: true })
  const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8'))
  Object.assign(manifest, {
    id,
    kind,
    createdAt: to.toISOString(),
    completedAt: new Date(to.getTime() + 2000).toISOString()
  })
  await fs.writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2))
  return id
}

function ledgerFixture(time: Date, command: string, notes: string) {
  return {
    formatVersion: 1,
    time: time.toISOString(),
    finishedAt: new Date(time.getTime() + 5000).toISOString(),
    command,
    environment: ENV,
    outcome: 'success',
    durationSeconds: 5,
    operator: 'carol',
    notes,
    run: 'luneo-backup CLI on host ops-1',
    toolVersion: '0.0.1'
  }
}

beforeAll(async () => {
  await freshDatabase(DB)
  await freshDatabase('report_scratch')
  await sql(
    DB,
    'create table t (id int, label text); insert into t select g, g::text from generate_series(1, 500) g'
  )
  root = await tempDir()
  runnerTemp = await tempDir('luneo-report-runner-')
  const inputs = { environment: ENV, 'backup-root': root, 'database-url': dbUrl(DB) }
  first = await runAction({ ...inputs, notes: NOTES_1, operator: 'alice' })
  expect(first.code).toBe(0)
  await nextSecond()
  second = await runAction({ ...inputs, notes: NOTES_2, operator: 'bob' })
  expect(second.code).toBe(0)
  drilled = await runAction({
    command: 'drill',
    environment: ENV,
    'backup-root': root,
    'target-database-url': dbUrl('report_scratch'),
    notes: 'Q4 drill'
  })
  expect(drilled.code).toBe(0)
  expect((await runAction({ command: 'check', environment: ENV, 'backup-root': root })).code).toBe(
    0
  )
  verified = await runAction({
    command: 'verify',
    environment: ENV,
    'backup-root': root,
    snapshot: 'latest'
  })
  expect(verified.code).toBe(0)

  // History the test cannot wait for.
  const now = Date.now()
  const old = new Date(now - 400 * DAY)
  await copySnapshot(first.outputs['snapshot-id'], old, 'monthly')
  twoDaysAgo = await copySnapshot(first.outputs['snapshot-id'], new Date(now - 2 * DAY))
  const checkedAt = new Date(now - 1.5 * DAY)
  await fs.writeFile(
    path.join(root, ENV, 'ledger', `${snapshotIdFor(checkedAt)}-verify-5eed0001.json`),
    JSON.stringify({
      ...ledgerFixture(checkedAt, 'verify', 'quarterly sample'),
      verifications: [{ snapshotId: twoDaysAgo, verdict: 'partial', archived: 2 }]
    })
  )
  const oldId = snapshotIdFor(old)
  await fs.writeFile(
    path.join(root, ENV, 'ledger', `${oldId}-backup-0badc0de.json`),
    JSON.stringify(ledgerFixture(old, 'backup', 'the old days'))
  )
  const yesterday = new Date(now - DAY)
  await fs.writeFile(
    path.join(root, ENV, 'ledger', `${snapshotIdFor(yesterday)}-restore-1234abcd.json`),
    JSON.stringify(
      ledgerFixture(yesterday, 'restore', `from postgresql://admin:${LEAKED}@db.internal/app, ok`)
    )
  )
  await fs.writeFile(
    path.join(root, ENV, 'drills', `${oldId}.json`),
    JSON.stringify({
      formatVersion: 1,
      drilledAt: old.toISOString(),
      environment: ENV,
      snapshot: { id: oldId, kind: 'monthly', createdAt: old.toISOString() },
      verified: false,
      error: 'rows in public.t: expected 500, found 499',
      rtoSeconds: 61.5,
      sources: []
    })
  )

  slack = await slackReceiver()
  report = await runAction(
    {
      command: 'report',
      environment: ENV,
      'backup-root': root,
      'daily-retention-days': '7',
      'slack-webhook-url': slack.url,
      'slack-mention': '@here'
    },
    { RUNNER_TEMP: runnerTemp, GITHUB_ACTOR: 'reviewer' }
  )
})

afterAll(async () => {
  await slack?.close()
  await fs.rm(root, { recursive: true, force: true })
  await fs.rm(runnerTemp, { recursive: true, force: true })
})

describe('report', () => {
  it('succeeds and writes report.md, report.json and ledger.csv into RUNNER_TEMP/luneo-report', async () => {
    expect(report.stderr).toBe('')
    expect(report.code).toBe(0)
    const dir = path.join(runnerTemp, 'luneo-report')
    expect(report.outputs['report-dir']).toBe(dir)
    expect(report.outputs['report-md']).toBe(path.join(dir, 'report.md'))
    expect(report.outputs['report-json']).toBe(path.join(dir, 'report.json'))
    expect(report.outputs['ledger-csv']).toBe(path.join(dir, 'ledger.csv'))
    expect(await fs.readFile(report.outputs['report-md'], 'utf8')).toBe(report.summary)
    expect(report.summary).toContain(`## Monthly review of ${ENV}`)
  })

  it('shows both backups with their operator and notes, in the inventory and the ledger', () => {
    for (const [run, operator, notes] of [
      [first, 'alice', NOTES_1],
      [second, 'bob', NOTES_2]
    ] as const) {
      const id = run.outputs['snapshot-id']
      const rows = report.summary.split('\n').filter((l) => l.includes(id))
      // The inventory row and the ledger row (backup and the drill's row name it too).
      expect(rows.some((r) => r.startsWith(`| ${id} | daily | complete |`))).toBe(true)
      expect(rows.filter((r) => r.includes(`| ${operator} | ${notes} |`))).toHaveLength(2)
    }
  })

  it('shows the drill with its RTO and the old failed one', () => {
    const rto = Number(drilled.outputs['rto-seconds'])
    const id = drilled.outputs['snapshot-id']
    expect(id).toBe(second.outputs['snapshot-id'])
    const row = report.summary
      .split('\n')
      .find(
        (l) => /^\| \d{4}-\d\d-\d\d \d\d:\d\d \| /.test(l) && l.includes(`| ${id} | verified |`)
      )
    expect(row).toContain(`| ${rto.toFixed(1)} s |`)
    expect(row).toContain('| test-actor | Q4 drill |')
    expect(report.summary).toMatch(/\*\*Last drill\*\*: verified on \d{4}-\d\d-\d\d, RTO /)
    expect(report.summary).toContain('**FAILED**: rows in public.t: expected 500, found 499')
    expect(report.summary).toContain('1 min 2 s')
  })

  it('shows when each complete snapshot was last verified, and the verdict; never when never', () => {
    const id = second.outputs['snapshot-id']
    expect(verified.outputs).toMatchObject({ verified: 'true', 'snapshot-id': id })
    const section = report.summary.slice(report.summary.indexOf('### Verification'))
    const rowOf = (snapshot: string) =>
      section.split('\n').find((l) => l.startsWith(`| ${snapshot} |`))
    expect(rowOf(id)).toMatch(
      new RegExp(`^\\| ${id} \\| daily \\| \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\| verified \\|$`)
    )
    expect(rowOf(twoDaysAgo)).toMatch(
      / \| daily \| \d{4}-\d\d-\d\d \d\d:\d\d \| verified except 2 archived files \|$/
    )
    expect(rowOf(first.outputs['snapshot-id'])).toBe(
      `| ${first.outputs['snapshot-id']} | daily | never |  |`
    )
    // Newest first: the two of this run, then the one from two days ago, then the old monthly.
    const rows = section.split('\n').filter((l) => /^\| \d{4}-\d\d-\d\dT/.test(l))
    expect(rows.map((l) => l.split(' | ')[0].slice(2))).toEqual(
      [...rows.map((l) => l.split(' | ')[0].slice(2))].sort().reverse()
    )
    expect(rows).toHaveLength(4)
    expect(report.summary).toMatch(
      /^- \*\*Verified\*\*: 1 of 4 complete snapshots \(last verify run \d{4}-\d\d-\d\d\), 1 except archived files, 2 never verified$/m
    )
  })

  it('counts red lines: the old snapshot, ledger event and drill report', async () => {
    expect(report.outputs['red-lines']).toBe('3')
    const review = JSON.parse(await fs.readFile(report.outputs['report-json'], 'utf8'))
    const oldId = review.redLines.find((r: { what: string }) => r.what === 'snapshot').key
    expect(review.redLines.map((r: { what: string }) => r.what).sort()).toEqual([
      'drill',
      'ledger',
      'snapshot'
    ])
    expect(oldId).toMatch(new RegExp(`^${ENV}/\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ/$`))
    expect(report.summary).toContain('🔴 **3 objects older than the hard limit**')
    expect(report.summary).toContain(`| ${oldId} |`)
    expect(report.stdout).toMatch(
      /::warning::red line: snapshot .* past the hard limit of 12 months/
    )
    // The inventory counts it, complete, in its month.
    expect(review.inventory.total).toEqual({
      complete: 4,
      damaged: 0,
      incomplete: 0,
      unknown: 0,
      legacy: 0
    })
  })

  it('counts the gaps of the daily-retention window', async () => {
    const review = JSON.parse(await fs.readFile(report.outputs['report-json'], 'utf8'))
    // Seven whole UTC days before today; the snapshot from two days ago covers one of them
    // (and, near midnight, today's backups may fall on yesterday).
    const covered = new Set(
      review.inventory.period
        .filter((s: { kind: string }) => s.kind !== 'adhoc')
        .map((s: { id: string }) => s.id.slice(0, 10))
    )
    const today = new Date().toISOString().slice(0, 10)
    const expected = [...Array(7).keys()]
      .map((i) => new Date(Date.parse(today) - (i + 1) * DAY).toISOString().slice(0, 10))
      .filter((d) => !covered.has(d))
    expect(review.gaps.judgedDays).toBe(7)
    expect(review.gaps.days.sort()).toEqual(expected.sort())
    expect(expected.length).toBeGreaterThanOrEqual(5)
    expect(report.outputs.gaps).toBe(String(expected.length))
    expect(report.summary).toContain(`**${expected.length} gaps**`)
  })

  it('draws the daily size and duration as Mermaid xychart-beta charts', () => {
    expect(report.summary).toContain('```mermaid\nxychart-beta\n    title "Stored size (MB)"')
    expect(report.summary).toContain('title "Duration (seconds)"')
    expect(report.summary).toMatch(/ {4}x-axis \["\d\d-\d\d"(, "\d\d-\d\d"){30,31}\]/)
  })

  it('exports the whole ledger as CSV: one row per event, quoted where needed', async () => {
    const csv = await fs.readFile(report.outputs['ledger-csv'], 'utf8')
    expect(csv.startsWith('\uFEFFtime,finishedAt,command,')).toBe(true)
    const [header, ...rows] = parseCsv(csv.slice(1))
    // backup, backup, drill, check, verify, and the three fixtures (the report's own event comes
    // after it).
    expect(rows).toHaveLength(8)
    expect(rows.every((r) => r.length === header.length)).toBe(true)
    const col = (name: string) => header.indexOf(name)
    // Oldest first: the fixtures from 400 days ago, 36 hours ago and yesterday, then this
    // test's runs.
    expect(rows.map((r) => r[col('command')])).toEqual([
      'backup',
      'verify',
      'restore',
      'backup',
      'backup',
      'drill',
      'check',
      'verify'
    ])
    expect(rows.map((r) => r[col('verifications')]).filter(Boolean)).toEqual([
      `${twoDaysAgo} verified except 2 archived files`,
      `${second.outputs['snapshot-id']} verified`
    ])
    const byNotes = (notes: string) => rows.find((r) => r[col('notes')] === notes)
    expect(byNotes(NOTES_1)?.[col('operator')]).toBe('alice')
    // A leading = would run as a formula in a spreadsheet: it gets an apostrophe.
    expect(byNotes(`'${NOTES_2}`)?.[col('operator')]).toBe('bob')
    expect(csv).toContain(`"before ""big"" migration, step 1"`)
    expect(byNotes(NOTES_1)?.[col('snapshotId')]).toBe(first.outputs['snapshot-id'])
    expect(Number(byNotes(NOTES_1)?.[col('bytes')])).toBe(Number(first.outputs.bytes))
    expect(rows.filter((r) => r[col('command')] === 'drill')).toHaveLength(1)
    expect(rows.filter((r) => r[col('command')] === 'check')).toHaveLength(1)
    expect(rows.map((r) => r[col('time')])).toEqual(rows.map((r) => r[col('time')]).sort())
  })

  it('redacts passwords in every file and in Slack', async () => {
    const files = await Promise.all(
      ['report-md', 'report-json', 'ledger-csv'].map((o) => fs.readFile(report.outputs[o], 'utf8'))
    )
    for (const text of [...files, report.all, ...slack.requests.map((r) => r.body)]) {
      expect(text).not.toContain(LEAKED)
      expect(text).not.toContain(requireEnv('TEST_PG_PASSWORD'))
      expect(text).not.toContain('secret-hook-token')
    }
    expect(files[2]).toContain('postgresql://admin:***@db.internal/app')
  })

  it('posts one short digest to Slack, in place of a success message', () => {
    expect(slack.requests).toHaveLength(1)
    const message = slack.requests[0].json as {
      text: string
      blocks: { type: string; text?: { text: string }; fields?: { text: string }[] }[]
    }
    expect(message.blocks[0].text?.text).toBe(`🔴 Monthly backup review: ${ENV}`)
    const fields = message.blocks[1].fields!.map((f) => f.text)
    expect(fields[0]).toMatch(/^\*Complete snapshots\*\n3 \(newest /)
    expect(fields[1]).toBe(`*Gaps*\n${report.outputs.gaps} of the last 7 days`)
    expect(fields[2]).toBe('*Red lines*\n3 past the hard limit')
    expect(fields[3]).toMatch(/^\*Last drill\*\nverified on \d{4}-\d\d-\d\d, RTO [\d.]+ s \(`/)
    // Red lines need people: the mention is there.
    expect(message.blocks[2].text?.text).toMatch(/^<!here> /)
    expect(message.text).toContain('3 red lines')
    expect(report.stdout).toContain('Slack: digest sent')
  })
})
