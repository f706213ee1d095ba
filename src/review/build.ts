import type { Digest } from '../notify/digest.js'
import type { LedgerEvent } from '../notify/ledger.js'
import type { Catalog, SnapshotEntry, SnapshotState } from '../snapshot/catalog.js'
import { parseSnapshotId } from '../snapshot/id.js'
import { LEDGER_FOLDER, placeOf, sideObjectTime, snapshotPrefix } from '../snapshot/layout.js'
import { monthsBefore } from '../retention/policy.js'
import type { StoredObject } from '../storage/storage.js'
import { redactDeep } from '../util/redact.js'
import { verificationOf } from './verifications.js'
import type { DayPoint, DrillEntry, MonthRow, RedLine, Review, SnapshotRow } from './model.js'

// The monthly review built from what report read: pure, so every rule is tested without storage.
// The period is the 31 days up to the run, so the monthly workflow (day 1) covers the whole month
// before.

const PERIOD_DAYS = 31
const DAY_MS = 86_400_000

/** The start of a UTC day. */
const utcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
const isoDay = (d: Date) => d.toISOString().slice(0, 10)

/** Nothing may be this old or older (DESIGN.md, "Retention": the hard limit), as prune reckons it. */
export function hardLimit(now: Date, months: number): Date {
  return monthsBefore(now, months)
}

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

/**
 * The red lines of a catalog's states (issue 15): every damaged snapshot, every foreign folder or
 * key, and every legacy folder past the hard limit (prune deletes those by their date).
 */
export function stateRedLinesOf(
  catalog: Catalog,
  location: string,
  limit: Date,
  now: Date
): RedLine[] {
  const age = (t: Date) => Math.floor((now.getTime() - t.getTime()) / DAY_MS)
  const lines: RedLine[] = []
  for (const e of catalog.entries) {
    const key = e.prefix ?? e.id + '/'
    if (e.state === 'damaged') {
      lines.push({
        location,
        what: 'damaged',
        key,
        time: e.startedAt.toISOString(),
        ageDays: age(e.startedAt),
        why: e.problem
      })
    } else if (e.state === 'legacy' && e.startedAt.getTime() <= limit.getTime()) {
      lines.push({
        location,
        what: 'legacy',
        key,
        time: e.startedAt.toISOString(),
        ageDays: age(e.startedAt)
      })
    }
  }
  for (const f of catalog.foreign) {
    lines.push({
      location,
      what: 'foreign',
      key: f.key,
      time: f.lastModified.toISOString(),
      ageDays: age(f.lastModified),
      why: `${f.why}; prune never deletes it`
    })
  }
  return lines.sort((a, b) => a.time.localeCompare(b.time))
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
    const month = e.startedAt.toISOString().slice(0, 7)
    const row = months.get(month) ?? {
      month,
      complete: 0,
      damaged: 0,
      incomplete: 0,
      unknown: 0,
      legacy: 0,
      bytes: 0
    }
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
  const total: Record<SnapshotState, number> = {
    complete: 0,
    damaged: 0,
    incomplete: 0,
    unknown: 0,
    legacy: 0
  }
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
    verification: verificationOf(input.entries, input.events),
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
