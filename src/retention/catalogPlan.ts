import type { SnapshotEntry } from '../snapshot/catalog.js'
import {
  planRetention,
  type RetentionPlan,
  type RetentionPolicy,
  type SnapshotInfo
} from './policy.js'

// The plan prune makes of one storage's catalog, in one place for prune (which carries it out)
// and list (which shows it): the rule list prints beside a snapshot is the one the next prune
// applies, word for word.

/** What the policy needs of a catalog entry. */
export function infoOf(e: SnapshotEntry): SnapshotInfo {
  if (e.state === 'complete' || e.state === 'damaged') {
    return { id: e.id, state: e.state, kind: e.manifest?.kind }
  }
  if (e.state === 'legacy') return { id: e.id, state: 'legacy', start: e.startedAt }
  return { id: e.id, state: e.state }
}

/** The retention plan of a storage's snapshots and legacy folders, newest first. */
export function planCatalog(
  entries: readonly SnapshotEntry[],
  now: Date,
  policy: RetentionPolicy
): RetentionPlan {
  return planRetention(entries.map(infoOf), now, policy)
}

/**
 * Whether prune deletes nothing in this storage and fails instead: it holds no complete snapshot
 * and nothing dated (legacy or damaged) either, which is a wrong environment, prefix or folder,
 * or backups that have all failed. A flat legacy root holds legacy folders only: never refused.
 */
export function pruneRefuses(plan: RetentionPlan, flat: boolean): boolean {
  if (flat) return false
  const complete = plan.decisions.some((d) => d.state === 'complete')
  const dated = plan.decisions.some((d) => d.state === 'legacy' || d.state === 'damaged')
  return !complete && !dated
}
