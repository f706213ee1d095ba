import { UserError } from '../util/errors.js'
import type { SnapshotEntry } from './catalog.js'
import { isSnapshotId } from './id.js'
import { parseLegacyName } from './legacy.js'
import type { FileEntry } from './manifest.js'

type Source = FileEntry['source']

/** Does this snapshot hold a file of each of these sources (a legacy one: the seed's file)? */
export function holds(entry: SnapshotEntry, sources: Source[]): boolean {
  if (entry.state === 'legacy') return sources.every((s) => entry.legacy?.[s] !== undefined)
  return sources.every((s) => entry.manifest?.files.some((f) => f.source === s))
}

/** A damaged snapshot's sources with a file missing or of the wrong size. */
export function damagedSources(entry: SnapshotEntry): Source[] {
  return [...new Set((entry.missing ?? []).map((m) => m.source))]
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
  options: {
    randomWithin?: Date
    random?: () => number
    /** restore: a damaged snapshot named by id may be restored (its whole sources). */
    allowDamaged?: boolean
    /** restore: a legacy folder named by its name may be restored (no checksum to verify). */
    allowLegacy?: boolean
  } = {}
): SnapshotEntry {
  const usable = entries.filter((e) => e.state === 'complete' && holds(e, sources))
  const wanted = sources.join(' and ')
  if (spec === 'latest' || spec === 'random') {
    const pool =
      spec === 'random' && options.randomWithin
        ? usable.filter((e) => e.startedAt >= options.randomWithin!)
        : usable
    if (pool.length === 0) {
      // Name every state found, so a folder of legacy ones does not read as "incomplete".
      const counts = new Map<string, number>()
      for (const e of entries)
        if (e.state !== 'complete') counts.set(e.state, (counts.get(e.state) ?? 0) + 1)
      const others = [...counts].map(([state, n]) => `${n} ${state}`).join(', ')
      throw new UserError(
        `no complete snapshot${wanted ? ` holding ${wanted}` : ''} in ${where} (${entries.length} snapshot folders${others ? `: ${others}` : ''})`
      )
    }
    if (spec === 'latest') return pool[pool.length - 1]
    return pool[Math.floor((options.random ?? Math.random)() * pool.length)]
  }
  if (!isSnapshotId(spec) && !(options.allowLegacy && parseLegacyName(spec))) {
    throw new UserError(
      `snapshot "${spec}" is not a snapshot id (YYYY-MM-DDTHH-MM-SSZ), latest or random${options.allowLegacy ? ", nor a legacy folder's name (20261125-020000, 2026-11-25, ...)" : ''}`
    )
  }
  const entry = entries.find((e) => e.id === spec)
  if (!entry) {
    const around = nearestIds(entries, spec)
    throw new UserError(
      `snapshot ${spec} not found in ${where}${around.length ? `; nearest: ${around.join(', ')}` : ''}`
    )
  }
  if (entry.state === 'damaged') {
    const whole = sources.filter((s) => holds(entry, [s]) && !damagedSources(entry).includes(s))
    if (whole.length === 0) {
      throw new UserError(
        `snapshot ${spec} is ${entry.problem}: none of ${wanted} is whole in it, nothing to restore`
      )
    }
    if (!options.allowDamaged) {
      throw new UserError(
        `snapshot ${spec} is ${entry.problem}: it is refused unless allow-damaged is true (then only its whole sources are restored: ${whole.join(', ')}); prune with snapshot: ${spec} deletes it`
      )
    }
    return entry
  }
  if (entry.state === 'legacy' && options.allowLegacy) {
    if (!holds(entry, sources)) {
      const has = Object.values(entry.legacy ?? {}).join(', ')
      throw new UserError(`legacy folder ${spec} holds no ${wanted} backup (it holds ${has})`)
    }
    return entry
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
