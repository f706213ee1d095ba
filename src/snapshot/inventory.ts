import type { RetentionAction, RetentionPlan, RetentionRule } from '../retention/policy.js'
import { SOURCES, type Kind, type Source } from '../vocabulary.js'
import { SNAPSHOT_STATES, type Catalog, type SnapshotEntry } from './catalog.js'

// The inventory `list` shows: every storage's catalog (snapshot/catalog.ts) and the plan prune
// would make of it today (retention/catalogPlan.ts), joined into one row per snapshot, newest
// first. A snapshot stored in S3 and in the folder is one row that names both, its size counted
// once. Pure: the command reads the storages, this only joins.

export const LISTED_STATES = [...SNAPSHOT_STATES, 'foreign'] as const
export type ListedState = (typeof LISTED_STATES)[number]
/** The retention rule, `foreign` (never deleted), or `prune-refuses` (see pruneRefuses). */
export type ListedRule = RetentionRule | 'foreign' | 'prune-refuses'

/** One storage's catalog and its plan, as the command read them. */
export interface StorageListing {
  /** A short name for tables: `s3`, `folder`, `legacy-root`. */
  label: string
  /** The environment's folder in it, for people (`s3://bucket/env/`, `/backups/env/`). */
  where: string
  /** The key prefix of the environment in it (`env/`; `` for a flat legacy root). */
  base: string
  /** The URI of a key in it. */
  uriOf(key: string): string
  catalog: Catalog
  plan: RetentionPlan
  /** prune would delete nothing here and fail (retention/catalogPlan.ts, pruneRefuses). */
  refuses: boolean
}

/** A snapshot's copy in one storage (field names are a contract: README, "List"). */
export interface ListedCopy {
  storage: string
  /** The snapshot folder (or foreign key) in that storage. */
  uri: string
  state: ListedState
  bytes: number
  action: RetentionAction
  rule: ListedRule
  reason: string
  problem?: string
}

/** One row of `list` (`--json` and the `snapshots` output; field names are a contract). */
export interface ListedSnapshot {
  /** The folder's name: a snapshot id, a legacy folder's name, or a foreign key under `<env>/`. */
  id: string
  /** The best of its copies' states (complete before legacy, damaged, unknown, incomplete). */
  state: ListedState
  kind: Kind | null
  /** The manifest's createdAt; else the time its name says; a foreign key's newest object time. */
  createdAt: string
  ageSeconds: number
  /** Complete: the manifest's files summed; else the stored objects' sizes (of one copy). */
  bytes: number
  sources: Source[]
  /** Its files are encrypted with age (the manifest says so, or `.age` names). */
  encrypted: boolean
  storages: ListedCopy[]
  /** What the next prune does: the same in every storage, else `mixed` (see storages). */
  action: RetentionAction | 'mixed'
  rule: ListedRule | 'mixed'
  reason: string
  problems: string[]
}

/** Which copy speaks for a snapshot: the most usable one. */
const RANK: readonly ListedState[] = [
  'complete',
  'legacy',
  'damaged',
  'unknown',
  'incomplete',
  'foreign'
]

interface Copy {
  copy: ListedCopy
  at: Date
  createdAt: Date
  kind?: Kind
  sources: Source[]
  encrypted: boolean
}

/** The source a stored file's name holds, for folders without a valid manifest. */
export function sourceOfName(name: string): Source | undefined {
  if (/^postgres\.sql/.test(name)) return 'postgres'
  if (/^redis\.(rdb|resp)/.test(name)) return 'redis'
  if (/^uploads\.(tar|index)/.test(name)) return 'uploads'
  return undefined
}

function entryCopy(listing: StorageListing, entry: SnapshotEntry): Copy {
  const decision = listing.plan.decisions.find((d) => d.id === entry.id)
  if (!decision) throw new Error(`no retention decision for ${entry.id}`)
  const manifest = entry.manifest
  const prefix = entry.prefix ?? ''
  const names = entry.objects.map((o) => o.key.slice(prefix.length))
  const found = new Set<Source>(
    manifest
      ? manifest.files.map((f) => f.source)
      : names.flatMap((n) => (sourceOfName(n) ? [sourceOfName(n)!] : []))
  )
  const refused = listing.refuses && decision.action === 'delete'
  return {
    copy: {
      storage: listing.label,
      uri: listing.uriOf(prefix),
      state: entry.state,
      bytes:
        entry.state === 'complete' && manifest
          ? manifest.files.reduce((n, f) => n + f.bytes, 0)
          : entry.bytes,
      action: refused ? 'keep' : decision.action,
      rule: refused ? 'prune-refuses' : decision.rule,
      reason: refused
        ? `prune deletes nothing in ${listing.where} while it holds no complete snapshot (it fails, naming it); else: ${decision.reason}`
        : decision.reason,
      ...(entry.problem ? { problem: entry.problem } : {})
    },
    at: entry.startedAt,
    createdAt: manifest ? new Date(manifest.createdAt) : entry.startedAt,
    kind: manifest?.kind,
    sources: SOURCES.filter((s) => found.has(s)),
    encrypted: manifest ? manifest.encryption !== undefined : names.some((n) => n.endsWith('.age'))
  }
}

function foreignCopies(listing: StorageListing): Array<[string, Copy]> {
  return listing.catalog.foreign.map((f) => [
    f.key.slice(listing.base.length),
    {
      copy: {
        storage: listing.label,
        uri: listing.uriOf(f.key),
        state: 'foreign',
        bytes: f.bytes,
        action: 'keep',
        rule: 'foreign',
        reason: "never deleted by prune (none of the tool's): move or delete it by hand",
        problem: `foreign (${f.objects} object${f.objects === 1 ? '' : 's'}): ${f.why}`
      },
      at: f.lastModified,
      createdAt: f.lastModified,
      sources: [],
      encrypted: false
    }
  ])
}

/**
 * Every storage's snapshots and legacy folders as one row each, newest first (by the time their
 * name says, as retention reckons), then the foreign keys by name.
 */
export function joinListings(listings: readonly StorageListing[], now: Date): ListedSnapshot[] {
  const byId = new Map<string, Copy[]>()
  const add = (id: string, copy: Copy) => byId.set(id, [...(byId.get(id) ?? []), copy])
  for (const listing of listings) {
    for (const entry of listing.catalog.entries) add(entry.id, entryCopy(listing, entry))
    for (const [id, copy] of foreignCopies(listing)) add(id, copy)
  }
  const several = listings.length > 1
  const rows = [...byId].map(([id, copies]): ListedSnapshot & { at: Date } => {
    const best = [...copies].sort(
      (a, b) => RANK.indexOf(a.copy.state) - RANK.indexOf(b.copy.state)
    )[0]
    const same = copies.every(
      (c) => c.copy.action === best.copy.action && c.copy.rule === best.copy.rule
    )
    const sameAction = copies.every((c) => c.copy.action === best.copy.action)
    const sources = new Set(copies.flatMap((c) => c.sources))
    return {
      id,
      state: best.copy.state,
      kind: best.kind ?? null,
      createdAt: best.createdAt.toISOString(),
      ageSeconds: Math.floor((now.getTime() - best.createdAt.getTime()) / 1000),
      bytes: best.copy.bytes,
      sources: SOURCES.filter((s) => sources.has(s)),
      encrypted: copies.some((c) => c.encrypted),
      storages: copies.map((c) => c.copy),
      action: sameAction ? best.copy.action : 'mixed',
      rule: same ? best.copy.rule : 'mixed',
      reason: same
        ? best.copy.reason
        : copies.map((c) => `${c.copy.storage}: ${c.copy.action}, ${c.copy.reason}`).join('; '),
      problems: copies.flatMap((c) =>
        c.copy.problem ? [several ? `${c.copy.storage}: ${c.copy.problem}` : c.copy.problem] : []
      ),
      at: best.at
    }
  })
  // Snapshots newest first; foreign keys after them, by name: they are not snapshots.
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  rows.sort((a, b) => {
    const foreign = Number(a.state === 'foreign') - Number(b.state === 'foreign')
    if (foreign !== 0) return foreign
    if (a.state === 'foreign') return byName(a.id, b.id)
    return b.at.getTime() - a.at.getTime() || byName(b.id, a.id)
  })
  return rows.map(({ at: _at, ...row }) => row)
}

/** How many rows are in each state, every state named (zeros too), in LISTED_STATES' order. */
export function countByState(rows: readonly ListedSnapshot[]): Record<ListedState, number> {
  const counts = Object.fromEntries(LISTED_STATES.map((s) => [s, 0])) as Record<ListedState, number>
  for (const row of rows) counts[row.state]++
  return counts
}
