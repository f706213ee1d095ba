import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { groupListing, environmentPrefix, type SnapshotFolder } from '../retention/listing.js'
import {
  planRetention,
  planSideObjects,
  RetentionPolicyError,
  type RetentionDecision,
  type RetentionPlan,
  type SideObjectDecision,
  type SnapshotInfo
} from '../retention/policy.js'
import { FORMAT_VERSION, parseManifest } from '../snapshot/manifest.js'
import { openStorages } from '../storage/open.js'
import type { Storage, StoredObject } from '../storage/storage.js'
import { ConfigError, UserError, errorLine } from '../util/errors.js'
import { formatBytes } from '../util/format.js'
import type { CommandResult } from './result.js'

// prune: apply the retention policy (src/retention/policy.ts) to `[prefix/]<environment>/` of
// every storage. It lists, reads each manifest to classify its snapshot, prints the plan with the
// rule that decided each snapshot, and (unless dry-run) deletes: every doomed snapshot's
// manifest.json first, then the data, so an interrupted prune never leaves a half-snapshot that
// looks complete; a second run finishes the job (a snapshot without manifest older than a day is
// incomplete and goes).
//
// Not done here yet (issue 5, item 3): deleting every version and delete marker in a versioned
// bucket, reporting objects held by Object Lock with their retain-until date (today a DeleteObjects
// per-key error fails the prune, it is not ignored), aborting multipart uploads older than a day.

const MANIFEST_READS_AT_ONCE = 8

export interface PruneOutcome {
  location: string
  plan: RetentionPlan
  side: SideObjectDecision[]
  other: StoredObject[]
  bytesOf: Map<string, number>
  notes: Map<string, string>
  kept: number
  deleted: number
  bytesFreed: number
}

export async function prune(
  config: Config,
  log: Log,
  now = new Date(),
  storages: Storage[] = openStorages(config, log)
): Promise<CommandResult> {
  const policy = {
    dailyRetentionDays: config.dailyRetentionDays,
    monthlyRetentionMonths: config.monthlyRetentionMonths
  }
  try {
    // Validate before touching any storage.
    planRetention([], now, policy)
  } catch (error) {
    if (error instanceof RetentionPolicyError) throw new ConfigError(error.message)
    throw error
  }

  const outcomes: PruneOutcome[] = []
  for (const storage of storages) {
    outcomes.push(
      await log.group(`Prune ${storage.uriOf(environmentPrefix(config.environment))}`, () =>
        pruneStorage(storage, config, log, now)
      )
    )
  }
  const kept = outcomes.reduce((n, o) => n + o.kept, 0)
  const deleted = outcomes.reduce((n, o) => n + o.deleted, 0)
  const bytesFreed = outcomes.reduce((n, o) => n + o.bytesFreed, 0)
  return {
    outputs: { kept, deleted, 'bytes-freed': bytesFreed },
    summary: pruneSummary(config, outcomes)
  }
}

async function pruneStorage(
  storage: Storage,
  config: Config,
  log: Log,
  now: Date
): Promise<PruneOutcome> {
  const prefix = environmentPrefix(config.environment)
  const objects: StoredObject[] = []
  for await (const object of storage.list(prefix)) objects.push(object)
  const listing = groupListing(config.environment, objects)
  log.info(
    `${objects.length} objects under ${storage.uriOf(prefix)}: ${listing.snapshots.size} snapshots, ${listing.side.length} ledger/drill objects, ${listing.other.length} others (never deleted)`
  )

  const folders = [...listing.snapshots.values()]
  const notes = new Map<string, string>()
  const infos = await mapLimit(folders, MANIFEST_READS_AT_ONCE, async (folder) => {
    const { info, note } = await classify(storage, folder)
    if (note) notes.set(folder.id, note)
    return info
  })

  const policy = {
    dailyRetentionDays: config.dailyRetentionDays,
    monthlyRetentionMonths: config.monthlyRetentionMonths
  }
  const plan = planRetention(infos, now, policy)
  const side = planSideObjects(
    listing.side.map((o) => ({ key: o.key, at: o.lastModified })),
    now,
    policy
  )
  const bytesOf = new Map(folders.map((f) => [f.id, f.bytes]))
  const sideBytes = new Map(listing.side.map((o) => [o.key, o.bytes]))

  const doomed = plan.decisions.filter((d) => d.action === 'delete')
  const doomedSide = side.filter((d) => d.action === 'delete')
  const kept = plan.decisions.length - doomed.length
  const bytesFreed =
    doomed.reduce((n, d) => n + (bytesOf.get(d.id) ?? 0), 0) +
    doomedSide.reduce((n, d) => n + (sideBytes.get(d.key) ?? 0), 0)

  for (const line of planTable(plan, bytesOf, notes)) log.info(line)
  log.info(
    `${config.dryRun ? 'plan' : 'prune'}: keep ${kept} snapshots; delete ${doomed.length} snapshots and ${doomedSide.length} of ${side.length} ledger/drill objects, ${formatBytes(bytesFreed)}. Hard limit ${plan.hardLimit.toISOString()}, daily window from ${plan.dailyCutoff.toISOString()}`
  )
  for (const o of listing.other) {
    log.info(`not a snapshot, left alone: ${storage.uriOf(o.key)}`)
  }

  const complete = plan.decisions.filter((d) => d.state === 'complete')
  if (complete.length === 0) {
    throw new UserError(
      `no complete snapshot under ${storage.uriOf(prefix)} (${plan.decisions.length} snapshot folders, none with a valid manifest.json): prune deleted nothing. Check environment, s3-prefix and backup-root, and why backups are failing.`
    )
  }
  if (!complete.some((d) => d.action === 'keep')) {
    log.warning(
      `every complete snapshot under ${storage.uriOf(prefix)} is past the hard limit of ${config.monthlyRetentionMonths} months: after this prune there is no backup left. Backups have not succeeded since ${complete[0].id}.`
    )
  }

  if (config.dryRun) {
    log.info('dry-run: nothing deleted')
  } else {
    const byId = new Map(folders.map((f) => [f.id, f]))
    const folderOf = (d: RetentionDecision) => byId.get(d.id) as SnapshotFolder
    // Manifests first: from here on no doomed snapshot looks complete, whatever happens next.
    const manifests = doomed.flatMap((d) => folderOf(d).manifestKey ?? [])
    if (manifests.length > 0) await storage.delete(manifests)
    const data = doomed.flatMap((d) =>
      folderOf(d)
        .objects.map((o) => o.key)
        .filter((k) => k !== folderOf(d).manifestKey)
    )
    if (data.length > 0) await storage.delete(data)
    if (doomedSide.length > 0) await storage.delete(doomedSide.map((d) => d.key))
    log.info(
      `deleted ${doomed.length} snapshots (${manifests.length} manifests, then ${data.length} data objects) and ${doomedSide.length} ledger/drill objects: ${formatBytes(bytesFreed)} freed`
    )
  }

  return {
    location: storage.uriOf(prefix),
    plan,
    side,
    other: listing.other,
    bytesOf,
    notes,
    kept,
    deleted: doomed.length,
    bytesFreed
  }
}

/**
 * complete: a valid manifest of this very snapshot. unknown: a manifest that cannot be read now,
 * or one written in a newer format than this tool knows (not ours to judge). incomplete: no
 * manifest, or one that is not a valid manifest of this snapshot.
 */
async function classify(
  storage: Storage,
  folder: SnapshotFolder
): Promise<{ info: SnapshotInfo; note?: string }> {
  const id = folder.id
  if (!folder.manifestKey) return { info: { id, state: 'incomplete' }, note: 'no manifest.json' }
  let text: string
  try {
    text = await readText(storage, folder.manifestKey)
  } catch (error) {
    return {
      info: { id, state: 'unknown' },
      note: `manifest.json cannot be read now: ${errorLine(error)}`
    }
  }
  try {
    const manifest = parseManifest(text)
    if (manifest.id !== id) {
      return {
        info: { id, state: 'incomplete' },
        note: `manifest.json names snapshot ${manifest.id}, not ${id}`
      }
    }
    return { info: { id, state: 'complete', kind: manifest.kind } }
  } catch (error) {
    const version = formatVersionOf(text)
    if (version !== undefined && version > FORMAT_VERSION) {
      return {
        info: { id, state: 'unknown' },
        note: `manifest.json has formatVersion ${version}, newer than this tool's ${FORMAT_VERSION}`
      }
    }
    return { info: { id, state: 'incomplete' }, note: errorLine(error) }
  }
}

function formatVersionOf(text: string): number | undefined {
  try {
    const v = (JSON.parse(text) as { formatVersion?: unknown } | null)?.formatVersion
    return typeof v === 'number' ? v : undefined
  } catch {
    return undefined
  }
}

async function readText(storage: Storage, key: string): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of await storage.get(key)) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string))
  }
  return Buffer.concat(chunks).toString('utf8')
}

async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await work(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

export function formatAge(from: Date, now: Date): string {
  const ms = now.getTime() - from.getTime()
  if (ms < 0) return 'in the future'
  const hours = ms / 3_600_000
  if (hours < 48) return `${Math.floor(hours)} h`
  return `${Math.floor(hours / 24)} d`
}

function describeKind(d: RetentionDecision): string {
  return d.state === 'complete' ? (d.kind ?? '?') : d.state
}

/** The plan as aligned text lines, newest first. */
export function planTable(
  plan: RetentionPlan,
  bytesOf: Map<string, number>,
  notes: Map<string, string>
): string[] {
  const rows = plan.decisions.map((d) => [
    d.id,
    formatAge(d.start, plan.now),
    describeKind(d),
    d.action,
    d.rule,
    formatBytes(bytesOf.get(d.id) ?? 0),
    d.reason + (notes.has(d.id) ? ` [${notes.get(d.id)}]` : '')
  ])
  const header = ['snapshot', 'age', 'kind', 'action', 'rule', 'size', 'why']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)]
}

const cell = (s: string) => s.replace(/\|/g, '\\|')

export function pruneSummary(config: Config, outcomes: PruneOutcome[]): string {
  const lines: string[] = []
  const verb = config.dryRun ? 'Prune plan (dry-run: nothing deleted)' : 'Prune'
  lines.push(
    `## ${verb}: ${config.environment}, ${config.dailyRetentionDays} days + ${config.monthlyRetentionMonths} monthly`
  )
  for (const o of outcomes) {
    lines.push('')
    lines.push(
      `\`${o.location}\`: **${o.kept} kept, ${o.deleted} ${config.dryRun ? 'to delete' : 'deleted'}, ${formatBytes(o.bytesFreed)} ${config.dryRun ? 'to free' : 'freed'}**; hard limit ${o.plan.hardLimit.toISOString()}, daily window from ${o.plan.dailyCutoff.toISOString()}`
    )
    const sideDeleted = o.side.filter((d) => d.action === 'delete').length
    if (o.side.length > 0) {
      lines.push('')
      lines.push(
        `Ledger and drill reports: ${o.side.length} objects, ${sideDeleted} past the hard limit ${config.dryRun ? 'to delete' : 'deleted'}.`
      )
    }
    if (o.other.length > 0) {
      lines.push('')
      lines.push(`${o.other.length} objects that are not snapshots were left alone.`)
    }
    lines.push('')
    lines.push('| snapshot | age | kind | action | rule | size | why |')
    lines.push('|---|---:|---|---|---|---:|---|')
    for (const d of o.plan.decisions) {
      const note = o.notes.get(d.id)
      lines.push(
        `| ${d.id} | ${formatAge(d.start, o.plan.now)} | ${describeKind(d)} | ${d.action === 'delete' ? '**delete**' : 'keep'} | ${d.rule} | ${formatBytes(o.bytesOf.get(d.id) ?? 0)} | ${cell(d.reason + (note ? ` (${note})` : ''))} |`
      )
    }
  }
  return lines.join('\n') + '\n'
}
