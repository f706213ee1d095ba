import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { text } from 'node:stream/consumers'
import { z } from 'zod'
import type { Config } from '../config.js'
import type { Log } from '../log.js'
import type { Digest } from '../notify/digest.js'
import { keyPeriodsMarkdown, withKeyPeriods } from '../encryption/keyReport.js'
import { readLedger, type LedgerEvent } from '../notify/ledger.js'
import { ledgerCsv, reviewMarkdown } from '../notify/review.js'
import { listSnapshots, type SnapshotEntry, type SnapshotState } from '../snapshot/catalog.js'
import {
  DRILLS_FOLDER,
  LEDGER_FOLDER,
  placeOf,
  sideObjectTime,
  sidePrefix,
  snapshotPrefix
} from '../snapshot/layout.js'
import { parseSnapshotId } from '../snapshot/id.js'
import { monthsBefore } from '../retention/policy.js'
import { openStorages } from '../storage/open.js'
import type { Storage, StoredObject } from '../storage/storage.js'
import { errorLine } from '../util/errors.js'
import { mkdirs } from '../util/mkdirs.js'
import { redactDeep } from '../util/redact.js'
import type {
  DayPoint,
  DrillEntry,
  MonthRow,
  RedLine,
  Review,
  SnapshotRow
} from '../review/model.js'
import type { CommandResult } from './result.js'

// report: the seed's monthly review. It reads the first storage (S3 when set, else the folder):
// the snapshot inventory, the gaps, the drill history and the ledger; it checks every storage for
// red lines (objects past the hard limit). It writes report.md (also the job summary),
// report.json and ledger.csv into one folder for the workflow's artifact. The period is the 31
// days up to the run, so the monthly workflow (day 1) covers the whole month before.

export const PERIOD_DAYS = 31
const DAY_MS = 86_400_000

/** The start of a UTC day. */
const utcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
const isoDay = (d: Date) => d.toISOString().slice(0, 10)

/** Nothing may be this old or older (DESIGN.md, "Retention": the hard limit), as prune reckons it. */
export function hardLimit(now: Date, months: number): Date {
  return monthsBefore(now, months)
}

const drillSchema = z
  .object({
    drilledAt: z.iso.datetime(),
    snapshot: z.object({ id: z.string(), kind: z.string().optional() }).loose(),
    verified: z.boolean(),
    rtoSeconds: z.number().nonnegative(),
    error: z.string().optional(),
    operator: z.string().optional(),
    notes: z.string().optional()
  })
  .loose()

function rowOf(e: SnapshotEntry): SnapshotRow {
  return {
    id: e.id,
    state: e.state,
    kind: e.manifest?.kind,
    bytes: e.bytes,
    durationSeconds: e.manifest?.durationSeconds,
    operator: e.manifest?.operator,
    notes: e.manifest?.notes,
    problem: e.problem
  }
}

const scheduled = (e: SnapshotEntry) =>
  e.state === 'complete' && e.manifest !== undefined && e.manifest.kind !== 'adhoc'

/**
 * UTC days in the daily-retention window without a complete scheduled snapshot. The window is the
 * `windowDays` whole UTC days before today (today's backup may still be due); days before the
 * environment's first snapshot or ledger event are not judged (a new environment has no gaps).
 */
export function gapsOf(
  entries: SnapshotEntry[],
  events: LedgerEvent[],
  now: Date,
  windowDays: number
): Review['gaps'] {
  const today = utcDay(now)
  let from = new Date(today.getTime() - windowDays * DAY_MS)
  const to = new Date(today.getTime() - DAY_MS)
  const starts = [
    ...entries.map((e) => e.startedAt.getTime()),
    ...events.map((e) => Date.parse(e.time))
  ].filter((t) => Number.isFinite(t))
  const history = starts.length ? utcDay(new Date(Math.min(...starts))) : today
  if (history > from) from = history
  const covered = new Set(entries.filter(scheduled).map((e) => isoDay(e.startedAt)))
  const days: string[] = []
  let judged = 0
  for (let t = from.getTime(); t <= to.getTime(); t += DAY_MS) {
    judged++
    const d = isoDay(new Date(t))
    if (!covered.has(d)) days.push(d)
  }
  return { windowDays, from: isoDay(from), to: isoDay(to), judgedDays: judged, days }
}

/** The time an object under `<environment>/` stands for, and what it is; undefined for others. */
function classify(
  object: StoredObject,
  environment: string
): { what: RedLine['what']; key: string; time: Date } | undefined {
  const place = placeOf(object.key, environment)
  if (place.kind === 'snapshot') {
    const time = parseSnapshotId(place.id)!
    return { what: 'snapshot', key: snapshotPrefix(environment, place.id), time }
  }
  if (place.kind === 'side') {
    // Dated as prune dates them: by the time their name starts with, else their upload time.
    return {
      what: place.folder === LEDGER_FOLDER ? 'ledger' : 'drill',
      key: object.key,
      time: sideObjectTime(object)
    }
  }
  return undefined
}

/** Every snapshot folder, ledger event and drill report prune would delete by the hard limit alone. */
export function redLinesOf(
  objects: StoredObject[],
  environment: string,
  location: string,
  limit: Date,
  now: Date
): RedLine[] {
  const found = new Map<string, RedLine>()
  for (const object of objects) {
    const c = classify(object, environment)
    // Prune deletes at the limit too (policy.ts: start <= hard limit).
    if (!c || c.time.getTime() > limit.getTime() || found.has(c.key)) continue
    found.set(c.key, {
      location,
      what: c.what,
      key: c.key,
      time: c.time.toISOString(),
      ageDays: Math.floor((now.getTime() - c.time.getTime()) / DAY_MS)
    })
  }
  return [...found.values()].sort((a, b) => a.time.localeCompare(b.time))
}

function byMonth(entries: SnapshotEntry[]): MonthRow[] {
  const months = new Map<string, MonthRow>()
  for (const e of entries) {
    const month = e.id.slice(0, 7)
    const row = months.get(month) ?? { month, complete: 0, incomplete: 0, unknown: 0, bytes: 0 }
    row[e.state]++
    row.bytes += e.bytes
    if (e.state === 'complete') row.newestCompleteBytes = e.bytes // entries are oldest first
    months.set(month, row)
  }
  const rows = [...months.values()].sort((a, b) => a.month.localeCompare(b.month))
  let previous: number | undefined
  for (const row of rows) {
    if (row.newestCompleteBytes === undefined) continue
    if (previous) {
      row.growthPercent = Math.round(((row.newestCompleteBytes - previous) / previous) * 1000) / 10
    }
    previous = row.newestCompleteBytes
  }
  return rows
}

function dailyPoints(entries: SnapshotEntry[], from: Date, now: Date): DayPoint[] {
  const points: DayPoint[] = []
  for (let t = utcDay(from).getTime(); t <= now.getTime(); t += DAY_MS) {
    const day = isoDay(new Date(t))
    const newest = entries
      .filter((e) => e.state === 'complete' && isoDay(e.startedAt) === day)
      .at(-1)
    points.push(
      newest
        ? {
            day,
            bytes: newest.bytes,
            durationSeconds: newest.manifest?.durationSeconds,
            snapshotId: newest.id
          }
        : { day }
    )
  }
  return points
}

export interface ReviewInput {
  environment: string
  location: string
  entries: SnapshotEntry[]
  events: LedgerEvent[]
  drills: DrillEntry[]
  redLines: RedLine[]
  problems: string[]
}

/** The whole review from what was read: pure, so it can be tested without storage. */
export function buildReview(
  input: ReviewInput,
  now: Date,
  policy: { dailyRetentionDays: number; monthlyRetentionMonths: number }
): Review {
  const from = new Date(now.getTime() - PERIOD_DAYS * DAY_MS)
  const inPeriod = (t: number) => t >= from.getTime() && t <= now.getTime()
  const total: Record<SnapshotState, number> = { complete: 0, incomplete: 0, unknown: 0 }
  for (const e of input.entries) total[e.state]++
  const review: Review = {
    formatVersion: 1,
    environment: input.environment,
    generatedAt: now.toISOString(),
    period: { from: from.toISOString(), to: now.toISOString(), days: PERIOD_DAYS },
    location: input.location,
    hardLimit: {
      months: policy.monthlyRetentionMonths,
      before: hardLimit(now, policy.monthlyRetentionMonths).toISOString()
    },
    inventory: {
      total,
      totalBytes: input.entries.reduce((sum, e) => sum + e.bytes, 0),
      byMonth: byMonth(input.entries),
      period: input.entries.filter((e) => inPeriod(e.startedAt.getTime())).map(rowOf),
      stale: input.entries
        .filter((e) => e.state !== 'complete' && now.getTime() - e.startedAt.getTime() > DAY_MS)
        .map(rowOf)
    },
    gaps: gapsOf(input.entries, input.events, now, policy.dailyRetentionDays),
    redLines: input.redLines,
    drills: [...input.drills].sort((a, b) => b.drilledAt.localeCompare(a.drilledAt)),
    daily: dailyPoints(input.entries, from, now),
    ledger: {
      total: input.events.length,
      events: input.events.filter((e) => inPeriod(Date.parse(e.time)))
    },
    problems: input.problems
  }
  // Every text that leaves the process is redacted (notes, errors, run labels).
  return redactDeep(review)
}

export function digestOf(review: Review): Digest {
  const complete = review.inventory.period.filter((s) => s.state === 'complete')
  const last = review.drills[0]
  return {
    environment: review.environment,
    from: review.period.from,
    to: review.period.to,
    location: review.location,
    complete: complete.length,
    newestBytes: complete.at(-1)?.bytes,
    gaps: review.gaps.days.length,
    gapWindowDays: review.gaps.judgedDays,
    redLines: review.redLines.length,
    lastDrill: last && {
      drilledAt: last.drilledAt,
      snapshotId: last.snapshotId,
      verified: last.verified,
      rtoSeconds: last.rtoSeconds
    }
  }
}

async function readDrills(
  storage: Storage,
  environment: string
): Promise<{ drills: DrillEntry[]; problems: string[] }> {
  const drills: DrillEntry[] = []
  const problems: string[] = []
  for await (const object of storage.list(sidePrefix(environment, DRILLS_FOLDER))) {
    if (!object.key.endsWith('.json')) continue
    try {
      const parsed = drillSchema.safeParse(JSON.parse(await text(await storage.get(object.key))))
      if (!parsed.success) {
        problems.push(`${object.key}: not a drill report`)
        continue
      }
      const d = parsed.data
      drills.push({
        key: object.key,
        drilledAt: d.drilledAt,
        snapshotId: d.snapshot.id,
        verified: d.verified,
        rtoSeconds: d.rtoSeconds,
        error: d.error,
        operator: d.operator,
        notes: d.notes
      })
    } catch (error) {
      problems.push(`${object.key}: ${errorLine(error)}`)
    }
  }
  return { drills, problems }
}

async function listAll(storage: Storage, prefix: string): Promise<StoredObject[]> {
  const objects: StoredObject[] = []
  for await (const object of storage.list(prefix)) objects.push(object)
  return objects
}

/** Where the files go: $RUNNER_TEMP/luneo-report on a runner (one fixed path to upload), else a new tmp folder. */
async function reportDir(environment: string): Promise<string> {
  const runnerTemp = process.env.RUNNER_TEMP
  if (runnerTemp) {
    const dir = path.join(runnerTemp, 'luneo-report')
    for (const made of await mkdirs(dir, 0o700)) await fs.chmod(made, 0o700)
    return dir
  }
  return fs.mkdtemp(path.join(os.tmpdir(), `luneo-report-${environment}-`))
}

export async function report(config: Config, log: Log, now = new Date()): Promise<CommandResult> {
  const storages = await openStorages(config, log)
  const env = config.environment
  const limit = hardLimit(now, config.monthlyRetentionMonths)
  const problems: string[] = []
  const redLines: RedLine[] = []
  for (const storage of storages) {
    const where = storage.uriOf(`${env}/`)
    await log.group(`Red lines in ${where}`, async () => {
      try {
        const found = redLinesOf(await listAll(storage, `${env}/`), env, where, limit, now)
        for (const r of found) {
          log.warning(
            `red line: ${r.what} ${storage.uriOf(r.key)} is from ${r.time.slice(0, 10)}, ${r.ageDays} days old, past the hard limit of ${config.monthlyRetentionMonths} months`
          )
        }
        if (found.length === 0) log.info(`nothing older than ${limit.toISOString()}`)
        redLines.push(...found)
      } catch (error) {
        problems.push(`${where}: could not be listed: ${errorLine(error)}`)
        log.warning(`${where}: could not be listed: ${errorLine(error)}`)
      }
    })
  }

  const storage = storages[0]
  const location = storage.uriOf(`${env}/`)
  const { entries, events, drills } = await log.group(`Read ${location}`, async () => {
    const entries = await listSnapshots(storage, env)
    const ledger = await readLedger(storage, env)
    const drilled = await readDrills(storage, env)
    for (const p of [...ledger.problems, ...drilled.problems]) {
      problems.push(p)
      log.warning(p)
    }
    log.info(
      `${entries.length} snapshots, ${ledger.events.length} ledger events, ${drilled.drills.length} drill reports`
    )
    return { entries, events: ledger.events, drills: drilled.drills }
  })

  const input = { environment: env, location, entries, events, drills, redLines, problems }
  const review = withKeyPeriods(buildReview(input, now, config), input, config, now)
  const markdown = reviewMarkdown(review) + keyPeriodsMarkdown(review)
  const dir = await reportDir(env)
  const files = {
    'report-md': path.join(dir, 'report.md'),
    'report-json': path.join(dir, 'report.json'),
    'ledger-csv': path.join(dir, 'ledger.csv')
  }
  // Who ran what, with their notes: personal data, readable by this user alone.
  const mode = { mode: 0o600 }
  await fs.writeFile(files['report-md'], markdown, mode)
  await fs.writeFile(files['report-json'], JSON.stringify(review, null, 2) + '\n', mode)
  await fs.writeFile(files['ledger-csv'], ledgerCsv(events), mode)
  log.info(`report files: ${dir}`)

  const digest = digestOf(review)
  return {
    outputs: {
      'report-dir': dir,
      ...files,
      'red-lines': review.redLines.length,
      gaps: review.gaps.days.length,
      'complete-snapshots': digest.complete
    },
    summary: markdown,
    digest
  }
}
