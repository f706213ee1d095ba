import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import type { Kind } from '../../src/vocabulary.js'
import {
  monthsBefore,
  planRetention,
  planSideObjects,
  shortestMonthsSpanDays,
  validatePolicy,
  type RetentionDecision,
  type RetentionPolicy,
  type SnapshotInfo,
  type SnapshotState
} from '../../src/retention/policy.js'
import { snapshotIdFor } from '../../src/snapshot/id.js'

// Property tests of the retention policy (issue 5, item 2), then examples at month and year
// boundaries and leap days. The oracles below are written independently of src/retention so a
// mistake in the policy's own date arithmetic cannot hide behind itself.

const DAY = 86_400_000
const HOUR = 3_600_000

// ---- independent reference arithmetic -------------------------------------------------------

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const daysIn = (y: number, m0: number) => (m0 === 1 && isLeap(y) ? 29 : MONTH_DAYS[m0])

/**
 * N months before `now` as the policy defines it: same day and time N months earlier, or, when
 * that month has no such day, the first instant of the month after it.
 */
function refMonthsBefore(now: Date, n: number): number {
  const index = now.getUTCFullYear() * 12 + now.getUTCMonth() - n
  const y = Math.floor(index / 12)
  const m0 = index - y * 12
  const pad = (x: number, w = 2) => String(x).padStart(w, '0')
  if (now.getUTCDate() > daysIn(y, m0)) {
    const ny = m0 === 11 ? y + 1 : y
    return Date.parse(`${pad(ny, 4)}-${pad(((m0 + 1) % 12) + 1)}-01T00:00:00Z`)
  }
  const iso = `${pad(y, 4)}-${pad(m0 + 1)}-${pad(now.getUTCDate())}`
  const timeOfDay = now.getTime() - Date.parse(now.toISOString().slice(0, 10) + 'T00:00:00Z')
  return Date.parse(iso + 'T00:00:00Z') + timeOfDay
}

/**
 * Independent bound: the fewest days in `months` consecutive months, over 400 years. Worked out
 * once per number of months, not again on every run (it was a fifth of the file's time).
 */
const shortestSpans = new Map<number, number>()
function refShortestSpan(months: number): number {
  const known = shortestSpans.get(months)
  if (known !== undefined) return known
  const lengths = Array.from({ length: 4800 + months }, (_, i) => {
    const index = 2000 * 12 + i
    return daysIn(Math.floor(index / 12), index % 12)
  })
  let shortest = Infinity
  for (let start = 0; start < 4800; start++) {
    let sum = 0
    for (let k = 0; k < months; k++) sum += lengths[start + k]
    shortest = Math.min(shortest, sum)
    if (shortest === 28 * months) break
  }
  shortestSpans.set(months, shortest)
  return shortest
}

/** A snapshot id's time, or a legacy folder's (the generators below name them 20261125-020000). */
const startMs = (id: string) => {
  const legacy = /^(\d{4})(\d\d)(\d\d)-(\d\d)(\d\d)(\d\d)$/.exec(id)
  if (legacy) {
    const [y, mo, d, h, mi, sec] = legacy.slice(1)
    return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}Z`)
  }
  return Date.parse(id.replace(/T(\d\d)-(\d\d)-(\d\d)Z$/, 'T$1:$2:$3Z'))
}
const monthKey = (id: string) => new Date(startMs(id)).toISOString().slice(0, 7)
const scheduled = (s: SnapshotInfo) =>
  s.state === 'complete' && (s.kind === 'daily' || s.kind === 'monthly')

interface Scenario {
  now: Date
  policy: RetentionPolicy
  snapshots: SnapshotInfo[]
}

function decide(s: Scenario): Map<string, RetentionDecision> {
  const plan = planRetention(s.snapshots, s.now, s.policy)
  return new Map(plan.decisions.map((d) => [d.id, d]))
}

/** The newest three complete scheduled snapshots, by id (= by start time). */
function newestThree(snapshots: SnapshotInfo[]): Set<string> {
  return new Set(
    snapshots
      .filter(scheduled)
      .map((s) => s.id)
      .sort()
      .slice(-3)
  )
}

// ---- generators ---------------------------------------------------------------------------

const nowArb = fc
  .date({
    min: new Date('2001-01-01T00:00:00Z'),
    max: new Date('2098-12-31T23:59:59Z'),
    noInvalidDate: true
  })
  // A third of the runs on a month's first or last days, where calendar arithmetic breaks.
  .chain((d) =>
    fc.oneof(
      { arbitrary: fc.constant(d), weight: 2 },
      {
        arbitrary: fc.constantFrom(1, 28, 29, 30, 31).map((day) => {
          const x = new Date(d.getTime())
          x.setUTCDate(Math.min(day, daysIn(x.getUTCFullYear(), x.getUTCMonth())))
          return x
        }),
        weight: 1
      }
    )
  )

const policyArb: fc.Arbitrary<RetentionPolicy> = fc.oneof(
  fc.constant({ dailyRetentionDays: 30, monthlyRetentionMonths: 12 }),
  fc
    .integer({ min: 1, max: 24 })
    .chain((months) =>
      fc
        .integer({ min: 1, max: shortestMonthsSpanDays(months) })
        .map((days) => ({ dailyRetentionDays: days, monthlyRetentionMonths: months }))
    )
)

const stateArb: fc.Arbitrary<SnapshotState> = fc.oneof(
  { arbitrary: fc.constant('complete' as const), weight: 8 },
  { arbitrary: fc.constant('incomplete' as const), weight: 2 },
  { arbitrary: fc.constant('unknown' as const), weight: 1 },
  { arbitrary: fc.constant('damaged' as const), weight: 1 },
  { arbitrary: fc.constant('legacy' as const), weight: 1 }
)
const kindArb: fc.Arbitrary<Kind> = fc.oneof(
  { arbitrary: fc.constant('daily' as const), weight: 8 },
  { arbitrary: fc.constant('monthly' as const), weight: 1 },
  { arbitrary: fc.constant('adhoc' as const), weight: 1 }
)

function snapshotAt(ms: number, state: SnapshotState, kind: Kind): SnapshotInfo {
  const start = new Date(Math.floor(ms / 1000) * 1000)
  const id = snapshotIdFor(start)
  if (state === 'legacy') {
    const name = id.replace(/[-:]/g, '').replace('T', '-').replace('Z', '')
    return { id: name, state, start }
  }
  return state === 'complete' || state === 'damaged' ? { id, state, kind } : { id, state }
}

function unique(snapshots: SnapshotInfo[]): SnapshotInfo[] {
  const byId = new Map<string, SnapshotInfo>()
  for (const s of snapshots) if (!byId.has(s.id)) byId.set(s.id, s)
  return [...byId.values()]
}

/** Snapshots at random times from a little over the hard limit ago to a day ahead (clock skew). */
const scatteredArb = (now: Date, policy: RetentionPolicy) =>
  fc
    .array(
      fc.record({
        back: fc.integer({ min: -DAY, max: (policy.monthlyRetentionMonths + 2) * 31 * DAY }),
        state: stateArb,
        kind: kindArb
      }),
      { maxLength: 60 }
    )
    .map((xs) => unique(xs.map((x) => snapshotAt(now.getTime() - x.back, x.state, x.kind))))

/** The usual shape: one scheduled run a night, some failed or unreadable, a few adhoc extras. */
const nightlyArb = (now: Date, policy: RetentionPolicy) =>
  fc
    .integer({ min: 1, max: (policy.monthlyRetentionMonths + 1) * 31 + 10 })
    .chain((nights) =>
      fc.record({
        nights: fc.constant(nights),
        hour: fc.integer({ min: 0, max: 23 }),
        // Night n takes runs[n % 500]: only the first min(nights, 500) are ever read, so only
        // those are drawn (the same scenarios, without drawing 500 runs for a 20-night one).
        runs: fc.array(fc.record({ state: stateArb, kind: kindArb, skip: fc.boolean() }), {
          minLength: Math.min(nights, 500),
          maxLength: Math.min(nights, 500)
        })
      })
    )
    .map(({ nights, hour, runs }) => {
      const today = Date.parse(now.toISOString().slice(0, 10) + 'T00:00:00Z')
      const out: SnapshotInfo[] = []
      for (let n = 0; n < nights; n++) {
        const run = runs[n % runs.length]
        if (run.skip && n % 7 === 3) continue
        out.push(snapshotAt(today - n * DAY + hour * HOUR + (n % 5) * 60_000, run.state, run.kind))
      }
      return unique(out)
    })

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .tuple(nowArb, policyArb)
  .chain(([now, policy]) =>
    fc
      .oneof(scatteredArb(now, policy), nightlyArb(now, policy))
      .map((snapshots) => ({ now, policy, snapshots }))
  )

const runs = { numRuns: 300 }

// ---- properties ----------------------------------------------------------------------------

describe('retention policy properties', () => {
  it('decides every snapshot exactly once, with a rule and a reason', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const plan = planRetention(s.snapshots, s.now, s.policy)
        expect(plan.decisions.map((d) => d.id).sort()).toEqual(s.snapshots.map((x) => x.id).sort())
        // One expect per run, not per decision: jest's expect costs more than the plan itself.
        const bad = plan.decisions.filter(
          (d) => !['keep', 'delete'].includes(d.action) || !(d.reason.length > 10)
        )
        expect(bad).toEqual([])
      }),
      runs
    )
  })

  it('never deletes a complete snapshot younger than the daily window', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const decisions = decide(s)
        const cutoff = s.now.getTime() - s.policy.dailyRetentionDays * DAY
        const deleted = s.snapshots.filter(
          (snap) =>
            snap.state === 'complete' &&
            startMs(snap.id) > cutoff &&
            decisions.get(snap.id)?.action !== 'keep'
        )
        expect(deleted).toEqual([])
      }),
      runs
    )
  })

  it('never keeps anything past the hard limit, whatever its state or kind', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const decisions = decide(s)
        const hard = refMonthsBefore(s.now, s.policy.monthlyRetentionMonths)
        const wrong = s.snapshots
          .filter((snap) => startMs(snap.id) <= hard)
          .map((snap) => [snap.id, decisions.get(snap.id)?.action, decisions.get(snap.id)?.rule])
          .filter(([, action, rule]) => action !== 'delete' || rule !== 'hard-limit')
        expect(wrong).toEqual([])
      }),
      runs
    )
  })

  it('apart from the newest three, keeps at most one complete snapshot per month outside the daily window', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const decisions = decide(s)
        const cutoff = s.now.getTime() - s.policy.dailyRetentionDays * DAY
        const newest = newestThree(s.snapshots)
        const perMonth = new Map<string, string[]>()
        for (const snap of s.snapshots) {
          if (snap.state !== 'complete' || newest.has(snap.id)) continue
          if (startMs(snap.id) > cutoff || decisions.get(snap.id)?.action !== 'keep') continue
          perMonth.set(monthKey(snap.id), [...(perMonth.get(monthKey(snap.id)) ?? []), snap.id])
        }
        expect([...perMonth.values()].filter((ids) => ids.length !== 1)).toEqual([])
      }),
      runs
    )
  })

  it('keeps exactly one monthly snapshot for each month whose earliest complete scheduled snapshot is within the hard limit: its kind: monthly one, else its earliest', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const decisions = decide(s)
        const hard = refMonthsBefore(s.now, s.policy.monthlyRetentionMonths)
        const cutoff = s.now.getTime() - s.policy.dailyRetentionDays * DAY
        const newest = newestThree(s.snapshots)
        const months = new Map<string, SnapshotInfo[]>()
        for (const snap of s.snapshots.filter(scheduled)) {
          months.set(monthKey(snap.id), [...(months.get(monthKey(snap.id)) ?? []), snap])
        }
        const wrong: Array<[string, string | undefined, string | undefined]> = []
        const got = (id: string) =>
          [id, decisions.get(id)?.action, decisions.get(id)?.rule] as const
        for (const members of months.values()) {
          members.sort((a, b) => (a.id < b.id ? -1 : 1))
          if (startMs(members[0].id) <= hard) continue
          const pick = members.find((m) => m.kind === 'monthly') ?? members[0]
          const [, action, rule] = got(pick.id)
          if (action !== 'keep' || (startMs(pick.id) <= cutoff && rule !== 'monthly')) {
            wrong.push([...got(pick.id)])
          }
          // No other snapshot of that month is kept outside the daily window, but the newest.
          for (const other of members) {
            if (other === pick || newest.has(other.id) || startMs(other.id) > cutoff) continue
            if (got(other.id)[1] !== 'delete') wrong.push([...got(other.id)])
          }
        }
        expect(wrong).toEqual([])
      }),
      runs
    )
  })

  it('keeps the newest three complete scheduled snapshots unless past the hard limit', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const decisions = decide(s)
        const hard = refMonthsBefore(s.now, s.policy.monthlyRetentionMonths)
        const wrong = [...newestThree(s.snapshots)].filter(
          (id) => decisions.get(id)?.action !== (startMs(id) <= hard ? 'delete' : 'keep')
        )
        expect(wrong).toEqual([])
        // However many nights failed, some complete scheduled backups remain when any can.
        const candidates = s.snapshots.filter((x) => scheduled(x) && startMs(x.id) > hard)
        const kept = candidates.filter((x) => decisions.get(x.id)?.action === 'keep')
        expect(kept.length).toBeGreaterThanOrEqual(Math.min(3, candidates.length))
      }),
      runs
    )
  })

  it('keeps unknown snapshots within the hard limit, and incomplete ones only for 24 hours', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const decisions = decide(s)
        const hard = refMonthsBefore(s.now, s.policy.monthlyRetentionMonths)
        const got: unknown[] = []
        const want: unknown[] = []
        for (const snap of s.snapshots) {
          const d = decisions.get(snap.id)
          const t = startMs(snap.id)
          if (t <= hard || (snap.state !== 'unknown' && snap.state !== 'incomplete')) continue
          got.push([snap.id, d?.action, d?.rule])
          if (snap.state === 'unknown') want.push([snap.id, 'keep', 'unknown'])
          else if (t > s.now.getTime() - 24 * HOUR) want.push([snap.id, 'keep', 'in-progress'])
          else want.push([snap.id, 'delete', 'incomplete'])
        }
        expect(got).toEqual(want)
      }),
      runs
    )
  })

  it('keeps damaged and legacy snapshots only as a complete one of their age would be kept, never among the newest three', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const decisions = decide(s)
        const hard = refMonthsBefore(s.now, s.policy.monthlyRetentionMonths)
        const cutoff = s.now.getTime() - s.policy.dailyRetentionDays * DAY
        // A month with a complete scheduled snapshot within the hard limit has its monthly one.
        const monthsWithComplete = new Set(
          s.snapshots.filter((x) => scheduled(x) && startMs(x.id) > hard).map((x) => monthKey(x.id))
        )
        const stand = s.snapshots.filter(
          (x) =>
            (x.state === 'legacy' || (x.state === 'damaged' && x.kind !== 'adhoc')) &&
            startMs(x.id) > hard
        )
        const earliest = new Map<string, SnapshotInfo>()
        for (const x of stand) {
          const current = earliest.get(monthKey(x.id))
          const older =
            !current ||
            startMs(x.id) < startMs(current.id) ||
            (startMs(x.id) === startMs(current.id) && x.id < current.id)
          if (older) earliest.set(monthKey(x.id), x)
        }
        const got: unknown[] = []
        const want: unknown[] = []
        for (const snap of s.snapshots) {
          if (snap.state !== 'damaged' && snap.state !== 'legacy') continue
          const t = startMs(snap.id)
          const d = decisions.get(snap.id)
          got.push([snap.id, d?.action, d?.rule])
          if (t <= hard) want.push([snap.id, 'delete', 'hard-limit'])
          else if (t > cutoff) want.push([snap.id, 'keep', 'daily-window'])
          else if (
            !monthsWithComplete.has(monthKey(snap.id)) &&
            earliest.get(monthKey(snap.id)) === snap
          )
            want.push([snap.id, 'keep', 'monthly'])
          else want.push([snap.id, 'delete', 'expired'])
        }
        expect(got).toEqual(want)
        // The newest three are complete ones, whatever damaged or legacy folders are newer.
        const notComplete = [...decisions.values()].filter(
          (d) => d.rule === 'newest-three' && d.state !== 'complete'
        )
        expect(notComplete).toEqual([])
      }),
      runs
    )
  })

  it('keeps adhoc snapshots by the daily window only', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const decisions = decide(s)
        const cutoff = s.now.getTime() - s.policy.dailyRetentionDays * DAY
        const wrong = s.snapshots.filter(
          (snap) =>
            snap.state === 'complete' &&
            snap.kind === 'adhoc' &&
            decisions.get(snap.id)?.action !== (startMs(snap.id) > cutoff ? 'keep' : 'delete')
        )
        expect(wrong).toEqual([])
      }),
      runs
    )
  })

  it('does not depend on the order snapshots are listed in', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((s) =>
          fc
            .shuffledSubarray(s.snapshots, {
              minLength: s.snapshots.length,
              maxLength: s.snapshots.length
            })
            .map((shuffled) => [s, shuffled] as const)
        ),
        ([s, shuffled]) => {
          expect(planRetention(shuffled, s.now, s.policy)).toEqual(
            planRetention(s.snapshots, s.now, s.policy)
          )
        }
      ),
      runs
    )
  })

  it('is idempotent: run on its own result, it deletes nothing more and changes no rule', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const first = planRetention(s.snapshots, s.now, s.policy)
        const kept = new Set(first.decisions.filter((d) => d.action === 'keep').map((d) => d.id))
        const second = planRetention(
          s.snapshots.filter((x) => kept.has(x.id)),
          s.now,
          s.policy
        )
        expect(second.decisions.filter((d) => d.action === 'delete')).toEqual([])
        expect(second.decisions).toEqual(first.decisions.filter((d) => d.action === 'keep'))
      }),
      runs
    )
  })

  it('deletes ledger and drill objects past the hard limit, and only those', () => {
    fc.assert(
      fc.property(
        nowArb,
        policyArb,
        fc.array(fc.integer({ min: -DAY, max: 800 * DAY }), { maxLength: 40 }),
        (now, policy, backs) => {
          const objects = backs.map((b, i) => ({
            key: `production/ledger/${i}.json`,
            at: new Date(now.getTime() - b)
          }))
          const hard = refMonthsBefore(now, policy.monthlyRetentionMonths)
          const decisions = planSideObjects(objects, now, policy)
          expect(decisions.map((d) => d.key)).toEqual(objects.map((o) => o.key))
          const wrong = decisions.filter(
            (d) => d.action !== (d.at.getTime() <= hard ? 'delete' : 'keep')
          )
          expect(wrong).toEqual([])
        }
      ),
      runs
    )
  })

  it('computes "N months ago" as documented, never moving backwards as time advances', () => {
    fc.assert(
      fc.property(
        nowArb,
        fc.integer({ min: 0, max: 40 * DAY }),
        fc.integer({ min: 1, max: 120 }),
        (now, later, months) => {
          expect(monthsBefore(now, months).getTime()).toBe(refMonthsBefore(now, months))
          const next = new Date(now.getTime() + later)
          expect(monthsBefore(next, months).getTime()).toBeGreaterThanOrEqual(
            monthsBefore(now, months).getTime()
          )
        }
      ),
      runs
    )
  })

  it('accepts a policy only when its daily window never reaches past the hard limit', () => {
    fc.assert(
      fc.property(
        nowArb,
        fc.integer({ min: 1, max: 36 }),
        fc.integer({ min: 1, max: 1200 }),
        (now, months, days) => {
          const policy = { dailyRetentionDays: days, monthlyRetentionMonths: months }
          let accepted = true
          try {
            validatePolicy(policy)
          } catch {
            accepted = false
          }
          expect(accepted).toBe(days <= refShortestSpan(months))
          if (accepted) {
            const plan = planRetention([], now, policy)
            expect(plan.dailyCutoff.getTime()).toBeGreaterThanOrEqual(plan.hardLimit.getTime())
          }
        }
      ),
      { numRuns: 100 }
    )
  })
})

// ---- examples ------------------------------------------------------------------------------

const daily = (iso: string): SnapshotInfo => ({ id: id(iso), state: 'complete', kind: 'daily' })
const monthly = (iso: string): SnapshotInfo => ({ id: id(iso), state: 'complete', kind: 'monthly' })
const adhoc = (iso: string): SnapshotInfo => ({ id: id(iso), state: 'complete', kind: 'adhoc' })
const incomplete = (iso: string): SnapshotInfo => ({ id: id(iso), state: 'incomplete' })
const unknown = (iso: string): SnapshotInfo => ({ id: id(iso), state: 'unknown' })
function id(iso: string): string {
  return snapshotIdFor(new Date(iso))
}

const DEFAULT = { dailyRetentionDays: 30, monthlyRetentionMonths: 12 }

function nightly(fromIso: string, toIso: string, hour = 2): SnapshotInfo[] {
  const out: SnapshotInfo[] = []
  for (let t = Date.parse(fromIso); t <= Date.parse(toIso); t += DAY) {
    out.push(daily(new Date(t + hour * HOUR).toISOString()))
  }
  return out
}

function keptIds(snapshots: SnapshotInfo[], now: string, policy = DEFAULT): string[] {
  return planRetention(snapshots, new Date(now), policy)
    .decisions.filter((d) => d.action === 'keep')
    .map((d) => d.id)
    .sort()
}

function ruleOf(snapshots: SnapshotInfo[], now: string, iso: string, policy = DEFAULT) {
  const d = planRetention(snapshots, new Date(now), policy).decisions.find((x) => x.id === id(iso))
  return d && [d.action, d.rule]
}

describe('retention policy examples', () => {
  it('over a year of nightly backups keeps 30 days, one per month, and the kind: monthly one', () => {
    const snaps = nightly('2025-10-01T00:00:00Z', '2026-11-25T00:00:00Z').filter(
      (s) => s.id !== id('2026-03-15T02:00:00Z')
    )
    snaps.push(monthly('2026-03-15T02:00:00Z'))
    const kept = keptIds(snaps, '2026-11-25T03:00:00Z')
    const window = nightly('2026-10-27T00:00:00Z', '2026-11-25T00:00:00Z').map((s) => s.id)
    // The hard limit is 2025-11-25T03:00Z: November 2025's monthly snapshot is its earliest one
    // on the young side of it (the 26th); December 2025 to October 2026 have one each.
    const monthlies = [
      '2025-11-26',
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
      '2026-03-15',
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
      '2026-07-01',
      '2026-08-01',
      '2026-09-01',
      '2026-10-01'
    ].map((d) => id(`${d}T02:00:00Z`))
    expect(window).toHaveLength(30)
    expect(kept).toEqual([...monthlies, ...window].sort())
    expect(ruleOf(snaps, '2026-11-25T03:00:00Z', '2026-03-15T02:00:00Z')).toEqual([
      'keep',
      'monthly'
    ])
    expect(ruleOf(snaps, '2026-11-25T03:00:00Z', '2026-03-01T02:00:00Z')).toEqual([
      'delete',
      'expired'
    ])
    expect(ruleOf(snaps, '2026-11-25T03:00:00Z', '2025-11-01T02:00:00Z')).toEqual([
      'delete',
      'hard-limit'
    ])
    expect(ruleOf(snaps, '2026-11-25T03:00:00Z', '2025-11-26T02:00:00Z')).toEqual([
      'keep',
      'monthly'
    ])
    expect(ruleOf(snaps, '2026-11-25T03:00:00Z', '2025-11-27T02:00:00Z')).toEqual([
      'delete',
      'expired'
    ])
    // The next night, once pruned: November 2025's pick passes the limit and nothing replaces it.
    const pruned = snaps.filter((s) => kept.includes(s.id))
    pruned.push(daily('2026-11-26T02:00:00Z'))
    expect(ruleOf(pruned, '2026-11-26T03:00:00Z', '2025-11-26T02:00:00Z')).toEqual([
      'delete',
      'hard-limit'
    ])
    expect(keptIds(pruned, '2026-11-26T03:00:00Z').filter((k) => k.startsWith('2025-11'))).toEqual(
      []
    )
  })

  it('draws the month line at midnight UTC: the last second of January and the first of February', () => {
    const snaps = [
      daily('2026-01-31T23:59:59Z'),
      daily('2026-02-01T00:00:00Z'),
      daily('2026-02-02T00:00:00Z')
    ]
    const now = '2026-06-01T00:00:00Z'
    const policy = { dailyRetentionDays: 7, monthlyRetentionMonths: 12 }
    const extra = nightly('2026-05-20T00:00:00Z', '2026-05-31T00:00:00Z')
    expect(ruleOf([...snaps, ...extra], now, '2026-01-31T23:59:59Z', policy)).toEqual([
      'keep',
      'monthly'
    ])
    expect(ruleOf([...snaps, ...extra], now, '2026-02-01T00:00:00Z', policy)).toEqual([
      'keep',
      'monthly'
    ])
    expect(ruleOf([...snaps, ...extra], now, '2026-02-02T00:00:00Z', policy)).toEqual([
      'delete',
      'expired'
    ])
  })

  it('across a year boundary: December and January are separate months, the hard limit cuts January', () => {
    const snaps = nightly('2025-12-20T00:00:00Z', '2027-01-05T00:00:00Z')
    const now = '2027-01-05T03:00:00Z'
    // Hard limit 2026-01-05T03:00Z: January 2026's earliest (Jan 1) is past it.
    expect(ruleOf(snaps, now, '2025-12-31T02:00:00Z')).toEqual(['delete', 'hard-limit'])
    expect(ruleOf(snaps, now, '2026-01-01T02:00:00Z')).toEqual(['delete', 'hard-limit'])
    expect(ruleOf(snaps, now, '2026-01-05T02:00:00Z')).toEqual(['delete', 'hard-limit'])
    // January 2026's earliest snapshot within the hard limit is its monthly snapshot.
    expect(ruleOf(snaps, now, '2026-01-06T02:00:00Z')).toEqual(['keep', 'monthly'])
    expect(ruleOf(snaps, now, '2026-01-07T02:00:00Z')).toEqual(['delete', 'expired'])
    expect(ruleOf(snaps, now, '2026-02-01T02:00:00Z')).toEqual(['keep', 'monthly'])
    expect(ruleOf(snaps, now, '2026-12-01T02:00:00Z')).toEqual(['keep', 'monthly'])
    // The 30-day window (after 2026-12-06T03:00Z) crosses the year.
    expect(ruleOf(snaps, now, '2026-12-06T02:00:00Z')).toEqual(['delete', 'expired'])
    expect(ruleOf(snaps, now, '2026-12-07T02:00:00Z')).toEqual(['keep', 'daily-window'])
    expect(ruleOf(snaps, now, '2027-01-01T02:00:00Z')).toEqual(['keep', 'daily-window'])
    // 30 in the window, January to December 2026 once each.
    expect(keptIds(snaps, now)).toHaveLength(30 + 12)
  })

  it('at leap days and short months, "N months ago" is the same day and time, or the month\'s end', () => {
    const back = (iso: string, n: number) => monthsBefore(new Date(iso), n).toISOString()
    // 2027 has no 29 February: 12 months before the leap day is the end of February 2027.
    expect(back('2028-02-29T12:00:00Z', 12)).toBe('2027-03-01T00:00:00.000Z')
    expect(back('2028-02-29T12:00:00Z', 48)).toBe('2024-02-29T12:00:00.000Z')
    expect(back('2028-03-29T12:00:00Z', 1)).toBe('2028-02-29T12:00:00.000Z')
    expect(back('2028-03-30T12:00:00Z', 1)).toBe('2028-03-01T00:00:00.000Z')
    expect(back('2027-03-31T12:00:00Z', 1)).toBe('2027-03-01T00:00:00.000Z')
    expect(back('2027-03-28T23:59:59Z', 1)).toBe('2027-02-28T23:59:59.000Z')
    expect(back('2029-03-01T00:00:00Z', 12)).toBe('2028-03-01T00:00:00.000Z')
    expect(back('2026-12-31T05:00:00Z', 1)).toBe('2026-12-01T00:00:00.000Z')
    expect(back('2027-01-31T05:00:00Z', 1)).toBe('2026-12-31T05:00:00.000Z')
    expect(back('2027-01-15T05:00:00Z', 13)).toBe('2025-12-15T05:00:00.000Z')
    // Never backwards across the midnight between two days February does not have.
    expect(back('2037-05-29T14:40:00Z', 3) <= back('2037-05-30T00:00:00Z', 3)).toBe(true)

    const recent = nightly('2028-02-20T00:00:00Z', '2028-02-29T00:00:00Z')
    const snaps = [
      daily('2027-02-28T23:59:59Z'),
      daily('2027-03-01T00:00:00Z'),
      daily('2027-03-01T00:00:01Z'),
      ...recent
    ]
    // On 2028-02-29T12:00Z the hard limit is 2027-03-01T00:00Z: one second either side of it.
    expect(ruleOf(snaps, '2028-02-29T12:00:00Z', '2027-02-28T23:59:59Z')).toEqual([
      'delete',
      'hard-limit'
    ])
    expect(ruleOf(snaps, '2028-02-29T12:00:00Z', '2027-03-01T00:00:00Z')).toEqual([
      'delete',
      'hard-limit'
    ])
    expect(ruleOf(snaps, '2028-02-29T12:00:00Z', '2027-03-01T00:00:01Z')).toEqual([
      'keep',
      'monthly'
    ])
    // The leap day's month: February 2028's earliest is its monthly snapshot once out of the window.
    expect(ruleOf(snaps, '2028-03-31T00:00:00Z', '2028-02-20T02:00:00Z')).toEqual([
      'keep',
      'monthly'
    ])
    // 30 days before 2028-03-31T00:00Z is 2028-03-01T00:00Z: the leap day is just outside.
    expect(ruleOf(snaps, '2028-03-31T00:00:00Z', '2028-02-29T02:00:00Z')).toEqual([
      'keep',
      'newest-three'
    ])
    expect(ruleOf(snaps, '2028-03-30T01:00:00Z', '2028-02-29T02:00:00Z')).toEqual([
      'keep',
      'daily-window'
    ])

    // A leap-day snapshot alone in its month lives until 12 months later, then goes.
    const leap = [
      daily('2028-02-29T02:00:00Z'),
      ...nightly('2029-02-01T00:00:00Z', '2029-03-01T00:00:00Z')
    ]
    expect(ruleOf(leap, '2029-02-28T03:00:00Z', '2028-02-29T02:00:00Z')).toEqual([
      'keep',
      'monthly'
    ])
    expect(ruleOf(leap, '2029-03-01T01:00:00Z', '2028-02-29T02:00:00Z')).toEqual([
      'delete',
      'hard-limit'
    ])
  })

  it('ledger and drill objects go exactly at the hard limit', () => {
    const now = new Date('2026-11-25T03:00:00Z')
    const objects = [
      { key: 'production/ledger/a.json', at: new Date('2025-11-25T03:00:00Z') },
      { key: 'production/drills/b.json', at: new Date('2025-11-25T03:00:01Z') }
    ]
    expect(planSideObjects(objects, now, DEFAULT).map((d) => [d.key, d.action])).toEqual([
      ['production/ledger/a.json', 'delete'],
      ['production/drills/b.json', 'keep']
    ])
  })

  it('deletes at the exact hard-limit instant and keeps one second later', () => {
    const now = '2026-11-25T03:00:00Z'
    const snaps = [
      monthly('2025-11-25T03:00:00Z'),
      monthly('2025-12-25T03:00:00Z'),
      ...nightly('2026-11-20T00:00:00Z', '2026-11-25T00:00:00Z')
    ]
    expect(ruleOf(snaps, now, '2025-11-25T03:00:00Z')).toEqual(['delete', 'hard-limit'])
    expect(ruleOf(snaps, now, '2025-12-25T03:00:00Z')).toEqual(['keep', 'monthly'])
    const later = [monthly('2025-11-25T03:00:01Z'), ...snaps.slice(1)]
    expect(ruleOf(later, now, '2025-11-25T03:00:01Z')).toEqual(['keep', 'monthly'])
  })

  it('after a run of failed nights keeps the last three good backups, and removes the stale failures', () => {
    const now = '2026-11-25T03:00:00Z'
    const policy = { dailyRetentionDays: 7, monthlyRetentionMonths: 12 }
    const good = nightly('2026-10-10T00:00:00Z', '2026-10-14T00:00:00Z')
    const failed = [] as SnapshotInfo[]
    for (let d = 15; d <= 31; d++) failed.push(incomplete(`2026-10-${d}T02:00:00Z`))
    failed.push(incomplete('2026-11-25T02:00:00Z'))
    const snaps = [...good, ...failed]
    expect(keptIds(snaps, now, policy)).toEqual(
      [
        '2026-10-10T02:00:00Z', // October's monthly snapshot (earliest complete)
        '2026-10-12T02:00:00Z',
        '2026-10-13T02:00:00Z',
        '2026-10-14T02:00:00Z',
        '2026-11-25T02:00:00Z' // incomplete, under 24 hours: may still be running
      ].map(id)
    )
    expect(ruleOf(snaps, now, '2026-10-13T02:00:00Z', policy)).toEqual(['keep', 'newest-three'])
    expect(ruleOf(snaps, now, '2026-10-11T02:00:00Z', policy)).toEqual(['delete', 'expired'])
    expect(ruleOf(snaps, now, '2026-10-20T02:00:00Z', policy)).toEqual(['delete', 'incomplete'])
    expect(ruleOf(snaps, now, '2026-11-25T02:00:00Z', policy)).toEqual(['keep', 'in-progress'])
  })

  it('lets the hard limit win over the newest three', () => {
    const snaps = nightly('2025-09-01T00:00:00Z', '2025-09-05T00:00:00Z')
    expect(keptIds(snaps, '2026-11-25T03:00:00Z')).toEqual([])
  })

  it('never counts adhoc snapshots as a monthly snapshot or among the newest three', () => {
    const now = '2026-11-25T03:00:00Z'
    const snaps = [
      adhoc('2026-05-01T00:00:00Z'),
      daily('2026-05-02T02:00:00Z'),
      daily('2026-05-03T02:00:00Z'),
      adhoc('2026-06-01T00:00:00Z'),
      daily('2026-06-02T02:00:00Z'),
      daily('2026-06-03T02:00:00Z'),
      adhoc('2026-06-10T00:00:00Z'),
      adhoc('2026-11-20T00:00:00Z')
    ]
    expect(ruleOf(snaps, now, '2026-05-01T00:00:00Z')).toEqual(['delete', 'expired'])
    expect(ruleOf(snaps, now, '2026-05-02T02:00:00Z')).toEqual(['keep', 'monthly'])
    expect(ruleOf(snaps, now, '2026-05-03T02:00:00Z')).toEqual(['keep', 'newest-three'])
    expect(ruleOf(snaps, now, '2026-06-10T00:00:00Z')).toEqual(['delete', 'expired'])
    expect(ruleOf(snaps, now, '2026-11-20T00:00:00Z')).toEqual(['keep', 'daily-window'])
  })

  it('never deletes an unknown snapshot within the hard limit, and says why', () => {
    const now = '2026-11-25T03:00:00Z'
    const snaps = [
      unknown('2026-02-10T02:00:00Z'),
      unknown('2025-10-10T02:00:00Z'),
      ...nightly('2026-11-20T00:00:00Z', '2026-11-25T00:00:00Z')
    ]
    const plan = planRetention(snaps, new Date(now), DEFAULT)
    const kept = plan.decisions.find((d) => d.id === id('2026-02-10T02:00:00Z'))
    expect([kept?.action, kept?.rule]).toEqual(['keep', 'unknown'])
    expect(kept?.reason).toMatch(/cannot be read/)
    const old = plan.decisions.find((d) => d.id === id('2025-10-10T02:00:00Z'))
    expect([old?.action, old?.rule]).toEqual(['delete', 'hard-limit'])
  })

  it('keeps a complete snapshot only while strictly younger than the daily window', () => {
    const now = '2026-11-25T03:00:00Z'
    const policy = { dailyRetentionDays: 30, monthlyRetentionMonths: 12 }
    const snaps = [
      daily('2026-10-01T00:00:00Z'),
      adhoc('2026-10-26T03:00:00Z'),
      adhoc('2026-10-26T03:00:01Z'),
      ...nightly('2026-11-20T00:00:00Z', '2026-11-25T00:00:00Z')
    ]
    expect(ruleOf(snaps, now, '2026-10-26T03:00:00Z', policy)).toEqual(['delete', 'expired'])
    expect(ruleOf(snaps, now, '2026-10-26T03:00:01Z', policy)).toEqual(['keep', 'daily-window'])
  })

  it('refuses nonsense policies with an error naming the input', () => {
    const check = (days: number, months: number) => () =>
      validatePolicy({ dailyRetentionDays: days, monthlyRetentionMonths: months })
    expect(check(0, 12)).toThrow(/daily-retention-days 0 .*at least 1/)
    expect(check(-3, 12)).toThrow(/daily-retention-days -3/)
    expect(check(1.5, 12)).toThrow(/daily-retention-days 1.5/)
    expect(check(30, 0)).toThrow(/monthly-retention-months 0 .*at least 1/)
    expect(check(30, -1)).toThrow(/monthly-retention-months -1/)
    expect(check(366, 12)).toThrow(
      /daily-retention-days 366 is longer than the hard limit of monthly-retention-months 12 .*365 days/
    )
    expect(check(29, 1)).toThrow(/as short as 28 days/)
    expect(check(28, 1)).not.toThrow()
    expect(check(365, 12)).not.toThrow()
    // One range, the one Config enforces too: ten years at most.
    expect(check(30, 120)).not.toThrow()
    expect(check(30, 121)).toThrow(/monthly-retention-months 121 .*at most 120/)
    expect(() =>
      planRetention([], new Date(), { dailyRetentionDays: 0, monthlyRetentionMonths: 12 })
    ).toThrow(/daily-retention-days/)
  })

  it("deletes an 18-month-old legacy folder by its date, keeps a young one, and a lone old one as its month's", () => {
    const now = '2026-11-24T12:00:00Z'
    const legacy = (name: string, iso: string): SnapshotInfo => ({
      id: name,
      state: 'legacy',
      start: new Date(iso)
    })
    const snapshots = [
      legacy('20250501-020000', '2025-05-01T02:00:00Z'),
      legacy('2026-06-01', '2026-06-01T00:00:00Z'),
      legacy('2026-06-02', '2026-06-02T00:00:00Z'),
      legacy('20261120-020000', '2026-11-20T02:00:00Z'),
      daily('2026-11-24T02:00:00Z')
    ]
    const plan = planRetention(snapshots, new Date(now), DEFAULT)
    const by = new Map(plan.decisions.map((d) => [d.id, [d.action, d.rule]]))
    expect(by.get('20250501-020000')).toEqual(['delete', 'hard-limit'])
    expect(by.get('2026-06-01')).toEqual(['keep', 'monthly'])
    expect(by.get('2026-06-02')).toEqual(['delete', 'expired'])
    expect(by.get('20261120-020000')).toEqual(['keep', 'daily-window'])
    // Newest first, legacy names and ids sorted by their times together.
    expect(plan.decisions.map((d) => d.id)).toEqual([
      id('2026-11-24T02:00:00Z'),
      '20261120-020000',
      '2026-06-02',
      '2026-06-01',
      '20250501-020000'
    ])
  })

  it('deletes a damaged snapshot past the daily window when its month has a complete one', () => {
    const now = '2026-11-24T12:00:00Z'
    const damaged: SnapshotInfo = {
      id: id('2026-09-01T02:00:00Z'),
      state: 'damaged',
      kind: 'daily'
    }
    const snapshots = [
      damaged,
      daily('2026-09-02T02:00:00Z'),
      ...nightly('2026-11-20', '2026-11-24')
    ]
    expect(ruleOf(snapshots, now, '2026-09-01T02:00:00Z')).toEqual(['delete', 'expired'])
    // Alone in its month, it is the month's monthly one: as a complete one would be.
    expect(
      ruleOf([damaged, ...nightly('2026-11-20', '2026-11-24')], now, '2026-09-01T02:00:00Z')
    ).toEqual(['keep', 'monthly'])
  })

  it('refuses inputs that are not snapshots', () => {
    const now = new Date('2026-11-25T03:00:00Z')
    expect(() =>
      planRetention([{ id: 'ledger', state: 'complete', kind: 'daily' }], now, DEFAULT)
    ).toThrow(/not a snapshot id/)
    expect(() =>
      planRetention([daily('2026-11-01T00:00:00Z'), daily('2026-11-01T00:00:00Z')], now, DEFAULT)
    ).toThrow(/listed twice/)
  })
})
