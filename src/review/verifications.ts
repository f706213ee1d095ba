import type { LedgerEvent } from '../notify/ledger.js'
import type { SnapshotEntry } from '../snapshot/catalog.js'
import type { VerifyVerdict } from '../vocabulary.js'
import type { Review, VerificationRow } from './model.js'

// When verify last read each snapshot, and what it found: from the ledger, where every verify run
// records each snapshot's verdict (`verifications`). Events of tools older than that field name
// one snapshot (`snapshotId`) and the run's outcome, which is that snapshot's verdict. Pure.

export interface LastVerification {
  time: string
  verdict: VerifyVerdict
  archived?: number
  failed?: number
  runUrl?: string
}

/** Each snapshot id's newest verification in the ledger. */
export function lastVerifications(events: LedgerEvent[]): Map<string, LastVerification> {
  const last = new Map<string, LastVerification>()
  const ordered = [...events].sort((a, b) => a.time.localeCompare(b.time))
  for (const e of ordered) {
    if (e.command !== 'verify' || e.outcome === 'cancelled') continue
    const runUrl = e.runUrl ? { runUrl: e.runUrl } : {}
    if (e.verifications) {
      for (const v of e.verifications) {
        last.set(v.snapshotId, {
          time: e.time,
          verdict: v.verdict,
          ...(v.archived ? { archived: v.archived } : {}),
          ...(v.failed ? { failed: v.failed } : {}),
          ...runUrl
        })
      }
    } else if (e.snapshotId) {
      last.set(e.snapshotId, {
        time: e.time,
        verdict: e.outcome === 'success' ? 'verified' : 'failed',
        ...runUrl
      })
    }
  }
  return last
}

/** Every complete snapshot, newest first, with its last verification (none: never verified). */
export function verificationOf(
  entries: SnapshotEntry[],
  events: LedgerEvent[]
): Review['verification'] {
  const last = lastVerifications(events)
  const snapshots: VerificationRow[] = entries
    .filter((e) => e.state === 'complete')
    .reverse()
    .map((e) => {
      const v = last.get(e.id)
      // lastVerifications holds only the fields it has: they pass on as they are.
      const { time, ...found } = v ?? { time: undefined }
      return {
        id: e.id,
        ...(e.manifest?.kind ? { kind: e.manifest.kind } : {}),
        ...(time ? { lastVerified: time, ...found } : {})
      }
    })
  const runs = events.filter((e) => e.command === 'verify' && e.outcome !== 'cancelled')
  return {
    snapshots,
    verified: snapshots.filter((s) => s.verdict === 'verified').length,
    partly: snapshots.filter((s) => s.verdict === 'partial' || s.verdict === 'archived').length,
    failed: snapshots.filter((s) => s.verdict === 'failed').length,
    never: snapshots.filter((s) => s.verdict === undefined).length,
    ...(runs.length
      ? {
          lastRun: runs
            .map((e) => e.time)
            .sort()
            .at(-1)
        }
      : {})
  }
}
