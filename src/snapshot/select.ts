import { UserError } from '../util/errors.js'
import type { SnapshotEntry } from './catalog.js'
import { isSnapshotId } from './id.js'
import type { FileEntry } from './manifest.js'

type Source = FileEntry['source']

/** Does this complete snapshot hold a file of each of these sources? */
export function holds(entry: SnapshotEntry, sources: Source[]): boolean {
  return sources.every((s) => entry.manifest?.files.some((f) => f.source === s))
}

/**
 * The snapshot `spec` names: an id, `latest` (the newest complete one holding every source to
 * restore) or `random` (any such one younger than `randomWithin`). Never an incomplete one.
 */
export function selectSnapshot(
  entries: SnapshotEntry[],
  spec: string,
  sources: Source[],
  where: string,
  options: { randomWithin?: Date; random?: () => number } = {}
): SnapshotEntry {
  const usable = entries.filter((e) => e.state === 'complete' && holds(e, sources))
  const wanted = sources.join(' and ')
  if (spec === 'latest' || spec === 'random') {
    const pool =
      spec === 'random' && options.randomWithin
        ? usable.filter((e) => e.startedAt >= options.randomWithin!)
        : usable
    if (pool.length === 0) {
      const incomplete = entries.filter((e) => e.state !== 'complete').length
      throw new UserError(
        `no complete snapshot holding ${wanted} in ${where} (${entries.length} snapshot folders, ${incomplete} incomplete or unreadable)`
      )
    }
    if (spec === 'latest') return pool[pool.length - 1]
    return pool[Math.floor((options.random ?? Math.random)() * pool.length)]
  }
  if (!isSnapshotId(spec)) {
    throw new UserError(
      `snapshot "${spec}" is not a snapshot id (YYYY-MM-DDTHH-MM-SSZ), latest or random`
    )
  }
  const entry = entries.find((e) => e.id === spec)
  if (!entry) {
    const around = nearestIds(entries, spec)
    throw new UserError(
      `snapshot ${spec} not found in ${where}${around.length ? `; nearest: ${around.join(', ')}` : ''}`
    )
  }
  if (entry.state !== 'complete') {
    throw new UserError(
      `snapshot ${spec} is ${entry.state} (${entry.problem}): it cannot be restored`
    )
  }
  if (!holds(entry, sources)) {
    throw new UserError(`snapshot ${spec} holds no ${wanted} backup`)
  }
  return entry
}

/** Up to two ids on each side of `id`, in time order. */
function nearestIds(entries: SnapshotEntry[], id: string): string[] {
  const ids = entries.map((e) => e.id).sort()
  const at = ids.findIndex((x) => x > id)
  const split = at === -1 ? ids.length : at
  return [...ids.slice(Math.max(0, split - 2), split), ...ids.slice(split, split + 2)]
}
