import type { CommandResult } from '../commands/result.js'
import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { readCatalog } from '../snapshot/catalog.js'
import type { HeldObject, Storage } from '../storage/storage.js'
import { UserError } from '../util/errors.js'
import { formatBytes } from '../util/format.js'
import { executePrune } from './execute.js'
import type { RetentionDecision } from './policy.js'

// Deleting one snapshot folder an operator names (prune with `snapshot: <id>`), and the lines
// that report what Object Lock kept from being deleted (shared with the policy's prune).

const cell = (s: string) => s.replace(/\|/g, '\\|')

/**
 * prune with `snapshot: <id>`: delete that one snapshot folder (any state: a damaged one an
 * operator clears, a legacy one) from every storage, manifest first; dry-run prints the plan.
 * The ledger records it as a prune with its snapshot-id.
 */
export async function pruneOne(
  config: Config,
  log: Log,
  storages: Storage[]
): Promise<CommandResult> {
  const id = config.snapshot
  const lines: string[] = []
  let deleted = 0
  let freed = 0
  let held = 0
  let found = false
  for (const storage of storages) {
    const { entries } = await readCatalog(storage, config.environment)
    const entry = entries.find((e) => e.id === id)
    const where = storage.uriOf(`${config.environment}/${id}/`)
    if (!entry) {
      log.info(`${where}: not there`)
      lines.push(`- \`${where}\`: not there`)
      continue
    }
    found = true
    const what = `${entry.state}${entry.problem ? ` (${entry.problem})` : ''}, ${entry.objects.length} object(s), ${formatBytes(entry.bytes)}`
    if (config.dryRun) {
      log.info(`${where}: ${what}: to delete (dry-run: nothing deleted)`)
      lines.push(`- \`${where}\`: ${cell(what)}: **to delete**`)
      deleted++
      freed += entry.bytes
      continue
    }
    const decision: RetentionDecision = {
      id,
      start: entry.startedAt,
      state: entry.state,
      action: 'delete',
      rule: 'expired',
      reason: 'named by snapshot: deleted on request'
    }
    const done = await executePrune(storage, config.environment, entries, [], [decision], [])
    for (const line of heldLines(done.held)) log.warning(line)
    held += done.held.length
    deleted += 1 - done.heldSnapshots
    freed += entry.bytes - done.bytesKeptBack
    log.info(
      `${where}: ${what}: deleted (${done.manifests} manifest, ${done.dataObjects} other objects)`
    )
    lines.push(
      `- \`${where}\`: ${cell(what)}: **deleted**${done.held.length ? `, ${done.held.length} object version(s) held by Object Lock` : ''}`
    )
  }
  if (!found) {
    throw new UserError(
      `snapshot ${id} is in none of the storages (${storages.map((s) => s.uriOf(`${config.environment}/`)).join(', ')}): nothing deleted`
    )
  }
  return {
    outputs: { 'snapshot-id': id, kept: 0, deleted, 'bytes-freed': freed, held },
    summary: [
      `## Delete snapshot ${id} (${config.environment})${config.dryRun ? ': plan only (dry-run: nothing deleted)' : ''}`,
      '',
      ...lines,
      ''
    ].join('\n')
  }
}

/** One line per held object: what, why, and when it can be deleted. */
export function heldLines(held: HeldObject[]): string[] {
  return held.map(
    (h) =>
      `held by Object Lock, not deleted: ${h.key}${h.versionId ? ` (version ${h.versionId})` : ''}: ${describeHold(h)}`
  )
}

function describeHold(h: HeldObject): string {
  const parts: string[] = []
  if (h.retainUntil) {
    parts.push(
      `${h.mode ?? 'retention'} until ${h.retainUntil.toISOString()}, can be deleted from then (the next prune does it)`
    )
  }
  if (h.legalHold) parts.push('legal hold on: can be deleted once the hold is removed')
  return parts.join('; ')
}
