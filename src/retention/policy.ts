import type { Kind } from '../vocabulary.js'
import { parseSnapshotId } from '../snapshot/id.js'
import { daysBefore, monthOf, monthsBefore, shortestMonthsSpanDays } from './calendar.js'

export { daysBefore, monthOf, monthsBefore, shortestMonthsSpanDays }

// The retention policy as a pure function (DESIGN.md, "Retention"; issue 5):
// (snapshots, now, policy) -> keep or delete for each snapshot, with the rule that decided it.
// No I/O, no clock: the caller passes `now`. Everything is UTC.
//
// Time words, used the same way everywhere below:
// - A snapshot's time is its id, the UTC start time (never the object dates of the storage).
// - "younger than X" means start > now - X, strictly. "past X" / "older than X" is its negation
//   (start <= now - X): a snapshot exactly at a boundary is on the old side of it.
// - "N days ago" is now - N * 24 h (UTC has no daylight saving; a day is 86,400 s).
// - "N months ago" is calendar arithmetic on the UTC date: the same day of the month and the
//   same time of day, N months earlier. When that month has no such day (the 29th to 31st), it is
//   that month's end, the first instant of the next month: 12 months before 2028-02-29T10:00Z is
//   2027-03-01T00:00Z, 1 month before 2026-03-31T02:00Z is 2026-03-01T00:00Z, 1 month before
//   2028-03-29T02:00Z is 2028-02-29T02:00Z. (Clamping to the last day at the same time of day
//   would move the limit backwards at midnight, from the 29th 23:59 to the 30th 00:00; the
//   month's end never goes backwards as `now` advances, and never keeps more than N months.)
// - A snapshot's calendar month is the UTC year and month of its start time.
//
// The hard limit is `monthlyRetentionMonths` months ago: nothing at or before it survives, in any
// state, kept by any rule. That is the GDPR promise and it always wins.

export type SnapshotState = 'complete' | 'damaged' | 'incomplete' | 'unknown' | 'legacy'

/** What prune knows about one snapshot folder. */
export interface SnapshotInfo {
  /** The folder name: a snapshot id (YYYY-MM-DDTHH-MM-SSZ), or a legacy folder's timestamp name. */
  id: string
  /**
   * complete: manifest.json exists and is valid, every file at its size. damaged: a valid
   * manifest, a listed file missing or of the wrong size. incomplete: no manifest, or one that is
   * not a valid manifest. unknown: a manifest exists but cannot be read now (archived, transient
   * error). legacy: a folder of the old script (a timestamp name, the seed's files, no manifest).
   */
  state: SnapshotState
  /** The manifest's kind; required when complete, optional when damaged, else ignored. */
  kind?: Kind
  /** The start time, required for legacy folders (their name is not a snapshot id). */
  start?: Date
}

export interface RetentionPolicy {
  dailyRetentionDays: number
  monthlyRetentionMonths: number
}

/** Which rule decided; the numbered ones are DESIGN.md's rules. */
export type RetentionRule =
  | 'daily-window' // rule 1: complete and younger than daily-retention-days
  | 'monthly' // rule 2: its month's monthly snapshot, within the hard limit
  | 'newest-three' // rule 3: among the 3 newest complete scheduled snapshots
  | 'in-progress' // rule 4: incomplete and younger than 24 hours
  | 'unknown' // rule 5: manifest present but unreadable: never deleted within the hard limit
  | 'hard-limit' // past monthly-retention-months: always deleted, whatever else applies
  | 'incomplete' // incomplete and older than 24 hours
  | 'expired' // complete, damaged or legacy, and no rule keeps it

export type RetentionAction = 'keep' | 'delete'

export interface RetentionDecision {
  id: string
  start: Date
  state: SnapshotState
  kind?: Kind
  action: RetentionAction
  rule: RetentionRule
  /** One sentence for people: why this snapshot is kept or deleted. */
  reason: string
}

export interface RetentionPlan {
  now: Date
  /** Snapshots started at or before this instant are past the hard limit. */
  hardLimit: Date
  /** Complete snapshots started after this instant are kept by rule 1. */
  dailyCutoff: Date
  /** Incomplete snapshots started after this instant may still be being written. */
  inProgressCutoff: Date
  /** One decision per snapshot, newest first. */
  decisions: RetentionDecision[]
}

export const NEWEST_KEPT = 3
export const IN_PROGRESS_HOURS = 24
const SCHEDULED: readonly Kind[] = ['daily', 'monthly']

export class RetentionPolicyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RetentionPolicyError'
  }
}

/** The longest hard limit accepted: ten years is beyond any retention duty we know of. */
const MAX_RETENTION_MONTHS = 120

/**
 * Refuse a policy that makes no sense, naming the input and the bad value. The one place the
 * policy's ranges live: Config, prune and the planners all ask it.
 */
export function validatePolicy(policy: RetentionPolicy): void {
  const { dailyRetentionDays: days, monthlyRetentionMonths: months } = policy
  if (!Number.isInteger(days) || days < 1) {
    throw new RetentionPolicyError(
      `daily-retention-days ${days} is not allowed: it must be a whole number of days, at least 1`
    )
  }
  if (!Number.isInteger(months) || months < 1) {
    throw new RetentionPolicyError(
      `monthly-retention-months ${months} is not allowed: it must be a whole number of months, at least 1 (it is the hard limit: nothing older survives)`
    )
  }
  if (months > MAX_RETENTION_MONTHS) {
    throw new RetentionPolicyError(
      `monthly-retention-months ${months} is not allowed: it must be at most ${MAX_RETENTION_MONTHS} (10 years)`
    )
  }
  const span = shortestMonthsSpanDays(months)
  if (days > span) {
    throw new RetentionPolicyError(
      `daily-retention-days ${days} is longer than the hard limit of monthly-retention-months ${months} (${months} month${months === 1 ? '' : 's'} can be as short as ${span} days): lower daily-retention-days to ${span} or less, or raise monthly-retention-months`
    )
  }
}

function isScheduled(kind: Kind | undefined): boolean {
  return kind !== undefined && SCHEDULED.includes(kind)
}

/**
 * Each calendar month's monthly snapshot: its earliest complete `kind: monthly` snapshot when it
 * has one, else its earliest complete scheduled one. Only snapshots within the hard limit
 * (started after `hardLimit`) are candidates: in a month the hard limit cuts through, the pick is
 * the earliest one left on the young side. This makes the picks depend only on what a prune keeps
 * (what it deletes is never a candidate again), so a second run agrees with the first, rule for
 * rule, and a month's pick does not change because an older one was, or was not yet, removed.
 * In practice the later snapshots of such a month were deleted long before (they were not its
 * pick), so the month simply has no monthly snapshot left once its pick passes the hard limit.
 */
export function monthlyPicks(
  snapshots: readonly SnapshotInfo[],
  hardLimit: Date,
  startOfSnapshot: (s: SnapshotInfo) => Date = startOf
): Map<string, string> {
  const best = new Map<string, { id: string; monthly: boolean }>()
  for (const s of snapshots) {
    if (s.state !== 'complete' || !isScheduled(s.kind)) continue
    const start = startOfSnapshot(s)
    if (start.getTime() <= hardLimit.getTime()) continue
    const month = monthOf(start)
    const monthly = s.kind === 'monthly'
    const current = best.get(month)
    // Ids sort as their start times, so comparing ids compares times.
    if (
      !current ||
      (monthly && !current.monthly) ||
      (monthly === current.monthly && s.id < current.id)
    ) {
      best.set(month, { id: s.id, monthly })
    }
  }
  return new Map([...best].map(([month, pick]) => [month, pick.id]))
}

function startOf(s: SnapshotInfo): Date {
  if (s.state === 'legacy') {
    if (!s.start || Number.isNaN(s.start.getTime())) {
      throw new RetentionPolicyError(`legacy snapshot ${s.id} has no start time`)
    }
    return s.start
  }
  const start = parseSnapshotId(s.id)
  if (!start) {
    throw new RetentionPolicyError(`"${s.id}" is not a snapshot id (YYYY-MM-DDTHH-MM-SSZ)`)
  }
  return start
}

/**
 * Damaged and legacy snapshots never count as complete, but their age is judged as a complete
 * one's would be (issue 15): each month that has no complete monthly pick keeps its earliest
 * damaged-scheduled or legacy snapshot as its monthly one. Like monthlyPicks, only snapshots
 * within the hard limit are candidates, so a second prune agrees with the first.
 */
export function fallbackMonthlyPicks(
  snapshots: readonly SnapshotInfo[],
  hardLimit: Date,
  completePicks: Map<string, string>,
  startOfSnapshot: (s: SnapshotInfo) => Date = startOf
): Map<string, string> {
  const best = new Map<string, { id: string; at: number }>()
  for (const s of snapshots) {
    const eligible = s.state === 'legacy' || (s.state === 'damaged' && isScheduled(s.kind))
    if (!eligible) continue
    const at = startOfSnapshot(s).getTime()
    if (at <= hardLimit.getTime()) continue
    const month = monthOf(new Date(at))
    if (completePicks.has(month)) continue
    const current = best.get(month)
    if (!current || at < current.at || (at === current.at && s.id < current.id)) {
      best.set(month, { id: s.id, at })
    }
  }
  return new Map([...best].map(([month, pick]) => [month, pick.id]))
}

/** Decide every snapshot. The result does not depend on the order of `snapshots`. */
export function planRetention(
  snapshots: readonly SnapshotInfo[],
  now: Date,
  policy: RetentionPolicy
): RetentionPlan {
  validatePolicy(policy)
  if (Number.isNaN(now.getTime())) throw new RetentionPolicyError('now is not a valid date')

  // Each start time is read once: parsing ids was most of a plan's cost at a few hundred snapshots.
  const starts = new Map<SnapshotInfo, Date>()
  const seen = new Set<string>()
  for (const s of snapshots) {
    starts.set(s, startOf(s))
    if (seen.has(s.id)) throw new RetentionPolicyError(`snapshot ${s.id} is listed twice`)
    seen.add(s.id)
    if (s.state === 'complete' && !s.kind) {
      throw new RetentionPolicyError(`snapshot ${s.id} is complete but has no kind`)
    }
  }

  const hardLimit = monthsBefore(now, policy.monthlyRetentionMonths)
  const dailyCutoff = daysBefore(now, policy.dailyRetentionDays)
  const inProgressCutoff = new Date(now.getTime() - IN_PROGRESS_HOURS * 60 * 60 * 1000)

  const startAt = (s: SnapshotInfo): Date => starts.get(s)!
  const completePicks = monthlyPicks(snapshots, hardLimit, startAt)
  const picks = new Set(completePicks.values())
  const fallbackPicks = new Set(
    fallbackMonthlyPicks(snapshots, hardLimit, completePicks, startAt).values()
  )
  const newest = new Set(
    snapshots
      .filter((s) => s.state === 'complete' && isScheduled(s.kind))
      .map((s) => s.id)
      .sort()
      .slice(-NEWEST_KEPT)
  )

  const days = policy.dailyRetentionDays
  const months = policy.monthlyRetentionMonths
  const limitText = `${months} month${months === 1 ? '' : 's'}`

  const decide = (s: SnapshotInfo): Omit<RetentionDecision, 'id' | 'start' | 'state' | 'kind'> => {
    const start = startAt(s)
    if (start.getTime() <= hardLimit.getTime()) {
      return {
        action: 'delete',
        rule: 'hard-limit',
        reason:
          s.state === 'unknown'
            ? `older than the hard limit of ${limitText} by its id; its manifest could not be read, but nothing survives the hard limit`
            : `older than the hard limit of ${limitText}: nothing survives it`
      }
    }
    if (s.state === 'unknown') {
      return {
        action: 'keep',
        rule: 'unknown',
        reason:
          'its manifest exists but cannot be read now (archived or a transient error): unknown snapshots are never deleted within the hard limit'
      }
    }
    if (s.state === 'incomplete') {
      return start.getTime() > inProgressCutoff.getTime()
        ? {
            action: 'keep',
            rule: 'in-progress',
            reason: `incomplete and younger than ${IN_PROGRESS_HOURS} hours: it may still be being written`
          }
        : {
            action: 'delete',
            rule: 'incomplete',
            reason: `incomplete (no valid manifest) and older than ${IN_PROGRESS_HOURS} hours`
          }
    }
    if (s.state === 'damaged' || s.state === 'legacy') {
      const what =
        s.state === 'damaged'
          ? 'damaged (a file missing or of the wrong size)'
          : 'a legacy folder of the old script (no manifest)'
      if (start.getTime() > dailyCutoff.getTime()) {
        return {
          action: 'keep',
          rule: 'daily-window',
          reason: `${what}, younger than ${days} day${days === 1 ? '' : 's'}: kept as a complete one of its age would be`
        }
      }
      if (fallbackPicks.has(s.id)) {
        return {
          action: 'keep',
          rule: 'monthly',
          reason: `${what}, the earliest of ${monthOf(start)}, which has no complete monthly snapshot: kept up to ${limitText}`
        }
      }
      return {
        action: 'delete',
        rule: 'expired',
        reason: `${what}, older than ${days} day${days === 1 ? '' : 's'} and not its month's monthly snapshot: its age alone would delete a complete one`
      }
    }
    if (start.getTime() > dailyCutoff.getTime()) {
      return {
        action: 'keep',
        rule: 'daily-window',
        reason: `complete and younger than ${days} day${days === 1 ? '' : 's'}`
      }
    }
    if (picks.has(s.id)) {
      return {
        action: 'keep',
        rule: 'monthly',
        reason:
          s.kind === 'monthly'
            ? `the kind: monthly snapshot of ${monthOf(start)}, kept up to ${limitText}`
            : `the earliest complete snapshot of ${monthOf(start)} (it has no kind: monthly one), kept up to ${limitText}`
      }
    }
    if (newest.has(s.id)) {
      return {
        action: 'keep',
        rule: 'newest-three',
        reason: `one of the ${NEWEST_KEPT} newest complete scheduled snapshots, kept whatever their age within the hard limit`
      }
    }
    return {
      action: 'delete',
      rule: 'expired',
      reason:
        s.kind === 'adhoc'
          ? `an adhoc snapshot older than ${days} day${days === 1 ? '' : 's'} (adhoc snapshots live by the daily window only)`
          : `older than ${days} day${days === 1 ? '' : 's'}, not its month's monthly snapshot, not among the ${NEWEST_KEPT} newest`
    }
  }

  const decisions = snapshots
    .map((s) => ({
      id: s.id,
      start: startAt(s),
      state: s.state,
      ...(s.state === 'complete' || (s.state === 'damaged' && s.kind) ? { kind: s.kind } : {}),
      ...decide(s)
    }))
    // Newest first: by start time, then by name (a legacy name and an id may share a second).
    .sort(
      (a, b) => b.start.getTime() - a.start.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
    )

  return { now, hardLimit, dailyCutoff, inProgressCutoff, decisions }
}

/** An object beside the snapshots (`ledger/`, `drills/`): it follows the hard limit alone. */
export interface SideObject {
  key: string
  /** When it was written (the storage's last-modified time). */
  at: Date
}

export interface SideObjectDecision extends SideObject {
  action: RetentionAction
  rule: 'hard-limit' | 'within-hard-limit'
}

/** Ledger events and drill reports: deleted once past the hard limit, kept before. */
export function planSideObjects(
  objects: readonly SideObject[],
  now: Date,
  policy: RetentionPolicy
): SideObjectDecision[] {
  validatePolicy(policy)
  const hardLimit = monthsBefore(now, policy.monthlyRetentionMonths)
  return objects.map((o) =>
    o.at.getTime() <= hardLimit.getTime()
      ? { ...o, action: 'delete', rule: 'hard-limit' }
      : { ...o, action: 'keep', rule: 'within-hard-limit' }
  )
}
