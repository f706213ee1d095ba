import type { Config } from '../config.js'
import type { SnapshotEntry } from '../snapshot/catalog.js'
import { LEDGER_FOLDER, sidePrefix } from '../snapshot/layout.js'
import type { Storage } from '../storage/storage.js'
import { periodOf, type RecipientsInput } from './recipients.js'

// Keys per period (crypto-shredding): one age identity per month. A month's key may be destroyed
// once no snapshot of that month is left anywhere; destroying it makes every copy of that month
// unreadable (versions, GLACIER, replicas, downloads). Destruction is recorded as a ledger event
// of the command destroy-key (`<time>-destroy-key-<random>.json`, with its `period`), which backup
// reads so it never encrypts to a destroyed key.

export const DESTROY_KEY_COMMAND = 'destroy-key'

export type KeyStatus = 'in use' | 'can be destroyed' | 'destroyed' | 'not yet used'

export interface PeriodKey {
  period: string
  /** Snapshots of the month (any state) that this storage still holds. */
  snapshots: number
  status: KeyStatus
  /** A key recorded destroyed while snapshots of its month remain: they cannot be restored. */
  unreadable?: boolean
}

/** What a successful destroy-key run's ledger event records: the month and its public keys. */
export function destroyedKeyFields(config: Config): { period?: string; recipients?: string[] } {
  if (config.command !== DESTROY_KEY_COMMAND || !config.keyPeriod) return {}
  const recipients = config.ageRecipients?.periods.get(config.keyPeriod)
  return { period: config.keyPeriod, ...(recipients ? { recipients } : {}) }
}

export interface DestroyedKeys {
  periods: Set<string>
  /** Public key -> the month it was destroyed with, where the event recorded the keys. */
  recipients: Map<string, string>
}

/** The months (and keys) a destroy-key run recorded as destroyed (successful runs only). */
export async function destroyedKeys(storage: Storage, environment: string): Promise<DestroyedKeys> {
  const out: DestroyedKeys = { periods: new Set(), recipients: new Map() }
  for await (const object of storage.list(sidePrefix(environment, LEDGER_FOLDER))) {
    // Only destroy-key events are read: the name says which command wrote each.
    if (!object.key.includes(`-${DESTROY_KEY_COMMAND}-`) || !object.key.endsWith('.json')) continue
    const chunks: Buffer[] = []
    for await (const chunk of (await storage.get(object.key)) as AsyncIterable<Buffer>) {
      chunks.push(chunk)
    }
    const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      command?: string
      outcome?: string
      period?: string
      recipients?: string[]
    }
    if (event.command === DESTROY_KEY_COMMAND && event.outcome === 'success' && event.period) {
      out.periods.add(event.period)
      for (const key of event.recipients ?? []) out.recipients.set(key, event.period)
    }
  }
  return out
}

/**
 * Each month's key status, from the snapshots left, the months recorded destroyed, and the
 * age-recipients map when given (its months with no snapshot yet). Pure.
 */
export function periodKeys(
  entries: SnapshotEntry[],
  destroyed: Set<string>,
  recipients: RecipientsInput | undefined,
  now: Date
): PeriodKey[] {
  const count = new Map<string, number>()
  const encrypted = new Set<string>()
  for (const entry of entries) {
    const period = entry.manifest?.encryption?.period ?? periodOf(entry.id)
    count.set(period, (count.get(period) ?? 0) + 1)
    if (entry.manifest?.encryption?.period) encrypted.add(period)
  }
  const mapped = [...(recipients?.periods.keys() ?? [])].filter((p): p is string => p !== null)
  const current = periodOf(now)
  const periods = new Set([...encrypted, ...destroyed, ...mapped])
  return [...periods].sort().map((period) => {
    const snapshots = count.get(period) ?? 0
    if (destroyed.has(period)) {
      return {
        period,
        snapshots,
        status: 'destroyed',
        ...(snapshots > 0 ? { unreadable: true } : {})
      }
    }
    if (snapshots > 0 || period === current) return { period, snapshots, status: 'in use' }
    return { period, snapshots, status: period > current ? 'not yet used' : 'can be destroyed' }
  })
}

/** The months of `before` whose last snapshot is gone from `after` (per month keys only). */
export function periodsEmptied(before: SnapshotEntry[], after: SnapshotEntry[]): string[] {
  const left = new Set(after.map((e) => periodOf(e.id)))
  const had = new Set(
    before.flatMap((e) => (e.manifest?.encryption?.period ? [e.manifest.encryption.period] : []))
  )
  return [...had].filter((p) => !left.has(p)).sort()
}

/**
 * Months that a prune emptied: a snapshot of the month was deleted and none is kept, in every
 * storage. With keys per month, their identity can now be destroyed (destroy-key).
 */
export function monthsEmptied(
  plans: Array<{ decisions: Array<{ id: string; action: string }> }>
): string[] {
  const kept = new Set<string>()
  const deleted = new Set<string>()
  for (const plan of plans) {
    for (const d of plan.decisions) (d.action === 'delete' ? deleted : kept).add(periodOf(d.id))
  }
  return [...deleted].filter((p) => !kept.has(p)).sort()
}
