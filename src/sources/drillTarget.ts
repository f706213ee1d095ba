import type { Manifest } from '../snapshot/manifest.js'
import { UserError } from '../util/errors.js'

// What a drill may write into (issue 13, item 2). Host, port or id comparisons alone can be
// fooled (DNS aliases, a pooler, a clone), so the rule is positive: a drill writes only into a
// target that is empty, or that carries the marker an earlier drill left there (a comment on the
// database, a key in Redis db 0, a file beside the uploads folder). The marker is written before
// the first byte of data, so a drill that fails half way still leaves a target the next one may
// reuse. `force` keeps its meaning (allow a target that holds data), but only a marked one: it
// never lets a drill empty anything else. Second line of defence: a target that matches what the
// manifest recorded about the source (the same cluster and database, the same Redis server, the
// same folder) is refused even when it carries a marker.

/** Every marker's text starts with this; the rest names the drill that left it. */
export const DRILL_MARKER_PREFIX = 'luneo-backup drill target'

/** The Redis key (db 0) that marks a drill target. */
export const REDIS_DRILL_MARKER_KEY = 'luneo-backup:drill-target'

/** The marker beside an uploads folder: `<parent>/.<name>.luneo-drill-target`. */
export const UPLOADS_DRILL_MARKER_SUFFIX = '.luneo-drill-target'

/** What a drill passes to each source's restore. */
export interface DrillTarget {
  /** The marker's text: DRILL_MARKER_PREFIX and the drill that writes it. */
  label: string
}

export function drillLabel(manifest: Manifest, drilledAt: Date): string {
  return `${DRILL_MARKER_PREFIX}: drill of ${manifest.environment}/${manifest.id} at ${drilledAt.toISOString()}`
}

export function isDrillMarker(text: string | null | undefined): boolean {
  return typeof text === 'string' && text.startsWith(DRILL_MARKER_PREFIX)
}

/**
 * The marker rule. `holds` describes the data the target holds (undefined: it is empty); throws
 * a one-line refusal naming the target when the drill may not write into it.
 */
export function checkDrillTarget(target: {
  what: string
  holds?: string
  marked: boolean
  force: boolean
}): void {
  if (target.holds === undefined) return
  if (!target.marked) {
    throw new UserError(
      `drill refused: ${target.what} holds ${target.holds} and carries no drill marker, so no drill made it; a drill writes only into an empty target or one an earlier drill marked, force or not`
    )
  }
  if (!target.force) {
    throw new UserError(
      `drill refused: ${target.what} holds ${target.holds} from an earlier drill (it carries the drill marker): set force: true to replace it`
    )
  }
}

export type PostgresIdentity = NonNullable<NonNullable<Manifest['sources']['postgres']>['identity']>
export type RedisIdentity = NonNullable<NonNullable<Manifest['sources']['redis']>['identity']>

/**
 * Why the target is the snapshot's source, or undefined. The same cluster (system_identifier,
 * shared only by its physical replicas and copies) and the same database oid. Without the
 * identifier on both sides nothing can be said (oids repeat across clusters).
 */
export function samePostgres(
  source: PostgresIdentity | undefined,
  target: PostgresIdentity
): string | undefined {
  if (!source?.systemIdentifier || !target.systemIdentifier) return undefined
  if (source.systemIdentifier !== target.systemIdentifier) return undefined
  if (source.databaseOid !== target.databaseOid) return undefined
  return `the same cluster (system_identifier ${source.systemIdentifier}) and database (oid ${source.databaseOid})`
}

/**
 * Why the target is the snapshot's source, or undefined. run_id names one server process (a
 * restart changes it, so a match is never wrong); master_replid names its replication history
 * (the server itself, its replicas, a copy started from its files); the address as the URLs name
 * it, except loopback ones, which name a different server on each machine (a laptop's tunnel,
 * a CI service container).
 */
export function sameRedis(
  source: RedisIdentity | undefined,
  target: RedisIdentity
): string | undefined {
  if (!source) return undefined
  if (source.runId && source.runId === target.runId) {
    return `the same server process (run_id ${source.runId})`
  }
  if (source.replId && source.replId === target.replId) {
    return `the same replication history (master_replid ${source.replId})`
  }
  const a = source.address.toLowerCase()
  if (!isLoopback(a) && a === target.address.toLowerCase()) {
    return `the same address (${source.address})`
  }
  return undefined
}

function isLoopback(address: string): boolean {
  const host = address.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}

/** A drill into its own source: refused, naming both. */
export function refuseSource(what: string, source: string, why: string): UserError {
  return new UserError(
    `drill refused: ${what} matches the snapshot's source ${source}: ${why}; a drill restores into scratch targets only`
  )
}
