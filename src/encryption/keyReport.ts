import type { Config } from '../config.js'
import type { LedgerEvent } from '../notify/ledger.js'
import type { SnapshotEntry } from '../snapshot/catalog.js'
import { DESTROY_KEY_COMMAND, periodKeys, type PeriodKey } from './periods.js'

// The monthly review's "Keys per period" section: each month's age key and its status, from the
// snapshots left, the destroy-key events in the ledger and the age-recipients map (when given).

/** The review with its months' key status (none when nothing is encrypted per month). */
export function withKeyPeriods<T extends object>(
  review: T,
  source: { entries: SnapshotEntry[]; events: LedgerEvent[] },
  config: Config,
  now: Date
): T & { keyPeriods: PeriodKey[] } {
  const destroyed = new Set(
    source.events.flatMap((e) =>
      e.command === DESTROY_KEY_COMMAND && e.outcome === 'success' && e.period ? [e.period] : []
    )
  )
  return {
    ...review,
    keyPeriods: periodKeys(source.entries, destroyed, config.ageRecipients, now)
  }
}

export function keyPeriodsMarkdown(review: { keyPeriods: PeriodKey[] }): string {
  const rows = review.keyPeriods
  if (rows.length === 0) return ''
  const lines = [
    '',
    '### Keys per period',
    '',
    'One age identity per month: once a month has no snapshot left, destroying its identity makes every copy of that month unreadable (then record it: `destroy-key`).',
    '',
    '| month | snapshots left | key |',
    '| ----- | -------------: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.period} | ${r.snapshots} | ${r.unreadable ? `🔴 destroyed, but ${r.snapshots} snapshot(s) of the month remain: they cannot be restored` : r.status === 'can be destroyed' ? '🟡 can be destroyed' : r.status} |`
    )
  ]
  return lines.join('\n') + '\n'
}
