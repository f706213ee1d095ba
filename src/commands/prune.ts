import type { Config } from '../config.js'
import type { Log } from '../log.js'
import {
  planSideObjects,
  validatePolicy,
  RetentionPolicyError,
  type RetentionDecision,
  type RetentionPlan,
  type SideObjectDecision
} from '../retention/policy.js'
import { planCatalog, pruneRefuses } from '../retention/catalogPlan.js'
import { executePrune } from '../retention/execute.js'
import { monthsEmptied } from '../encryption/periods.js'
import { heldLines, pruneOne } from '../retention/deleteNamed.js'
import { readCatalog, type ForeignEntry } from '../snapshot/catalog.js'
import { SIDE_FOLDERS, environmentPrefix, sideObjectTime, sidePrefix } from '../snapshot/layout.js'
import { openLegacyRoot, openStorages } from '../storage/open.js'
import type { HeldObject, StaleUploadsReport, Storage, StoredObject } from '../storage/storage.js'
import { ConfigError, UserError } from '../util/errors.js'
import { formatBytes, tableAge } from '../util/format.js'
import { cell } from '../util/markdown.js'
import type { CommandResult } from './result.js'

// prune: apply the retention policy (src/retention/policy.ts) to `[prefix/]<environment>/` of
// every storage. It lists and classifies the snapshots (src/snapshot/catalog.ts: complete means a
// valid manifest of this snapshot with every file at its recorded size), prints the plan with the
// rule that decided each snapshot, and (unless dry-run) carries the plan out
// (src/retention/execute.ts: manifests first, then data, so an interrupted prune never leaves a
// half-snapshot that looks complete; a second run finishes the job).
//
// In a versioned bucket the storage deletes every version and delete marker of each key
// (S3Storage.delete). Versions held by Object Lock are reported with the date they can go and do
// not fail the rest; a snapshot whose manifest is held keeps its data too, so it never looks
// complete without its files; any other per-key error fails the prune. Multipart uploads under
// `[prefix/]<environment>/` initiated more than a day ago are aborted (listed with dry-run).

export interface PruneOutcome {
  location: string
  /** Folders and keys that are none of the tool's: listed with a red line, never deleted. */
  foreign: ForeignEntry[]
  plan: RetentionPlan
  side: SideObjectDecision[]
  bytesOf: Map<string, number>
  notes: Map<string, string>
  kept: number
  deleted: number
  bytesFreed: number
  /** Object versions Object Lock kept from being deleted. */
  held: HeldObject[]
  /** Multipart uploads older than a day (undefined: the storage has none, e.g. a folder). */
  uploads?: StaleUploadsReport
}

const UPLOAD_MAX_AGE_MS = 24 * 3_600_000

export async function prune(
  config: Config,
  log: Log,
  now = new Date(),
  storages?: Storage[]
): Promise<CommandResult> {
  storages ??= await openStorages(config, log)
  const policy = {
    dailyRetentionDays: config.dailyRetentionDays,
    monthlyRetentionMonths: config.monthlyRetentionMonths
  }
  try {
    // A Config made some other way than loadConfig is checked too, before touching any storage.
    validatePolicy(policy)
  } catch (error) {
    if (error instanceof RetentionPolicyError) throw new ConfigError(error.message)
    throw error
  }

  if (config.snapshot !== 'latest') return pruneOne(config, log, storages)

  const outcomes: PruneOutcome[] = []
  for (const storage of storages) {
    outcomes.push(
      await log.group(`Prune ${storage.uriOf(`${config.environment}/`)}`, () =>
        pruneStorage(storage, config, log, now)
      )
    )
  }
  // The old script's flat folder: its legacy folders by their dates, like any storage's.
  const legacyRoot = openLegacyRoot(config)
  if (legacyRoot) {
    outcomes.push(
      await log.group(`Prune legacy-root ${legacyRoot.uriOf('')}`, () =>
        pruneStorage(legacyRoot, config, log, now, true)
      )
    )
  }
  // Snapshots, not snapshots x storages: one kept in S3 and in the folder counts once.
  const ids = (action: 'keep' | 'delete') =>
    new Set(
      outcomes.flatMap((o) => o.plan.decisions.filter((d) => d.action === action).map((d) => d.id))
    )
  const keptIds = ids('keep')
  const kept = keptIds.size
  const heldBack = Math.max(
    0,
    ...outcomes.map((o) => o.plan.decisions.filter((d) => d.action === 'delete').length - o.deleted)
  )
  const deleted = Math.max(0, [...ids('delete')].filter((id) => !keptIds.has(id)).length - heldBack)
  const bytesFreed = outcomes.reduce((n, o) => n + o.bytesFreed, 0)
  const held = outcomes.reduce((n, o) => n + o.held.length, 0)
  const emptied = monthsEmptied(outcomes.map((o) => o.plan))
  if (emptied.length > 0) {
    log.info(`months with no snapshot left: ${emptied.join(', ')} (keys per month: destroy-key)`)
  }
  return {
    outputs: {
      kept,
      deleted,
      'bytes-freed': bytesFreed,
      held,
      'periods-emptied': emptied.join(',')
    },
    summary: pruneSummary(config, outcomes) + emptiedSummary(emptied, config.dryRun)
  }
}

async function pruneStorage(
  storage: Storage,
  config: Config,
  log: Log,
  now: Date,
  flat = false
): Promise<PruneOutcome> {
  const prefix = flat ? '' : environmentPrefix(config.environment)
  const { entries, foreign } = await readCatalog(storage, config.environment, { flat })
  const sideObjects: StoredObject[] = []
  for (const folder of flat ? [] : SIDE_FOLDERS) {
    for await (const object of storage.list(sidePrefix(config.environment, folder))) {
      sideObjects.push(object)
    }
  }
  log.info(
    `${storage.uriOf(prefix)}: ${entries.length} snapshots, ${sideObjects.length} ledger/drill objects`
  )
  const notes = new Map(entries.flatMap((e) => (e.problem ? [[e.id, e.problem] as const] : [])))
  for (const f of foreign) log.warning(foreignLine(storage, f))

  const policy = {
    dailyRetentionDays: config.dailyRetentionDays,
    monthlyRetentionMonths: config.monthlyRetentionMonths
  }
  const plan = planCatalog(entries, now, policy)
  const side = planSideObjects(
    sideObjects.map((o) => ({ key: o.key, at: sideObjectTime(o) })),
    now,
    policy
  )
  const bytesOf = new Map(entries.map((e) => [e.id, e.bytes]))
  const sideBytes = new Map(sideObjects.map((o) => [o.key, o.bytes]))

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

  const complete = plan.decisions.filter((d) => d.state === 'complete')
  // Only legacy (or damaged) folders: their dates still decide (the hard limit is a promise).
  if (pruneRefuses(plan, flat)) {
    throw new UserError(
      `no complete snapshot under ${storage.uriOf(prefix)} (${plan.decisions.length} snapshot folders, none with a valid manifest.json): prune deleted nothing. Check environment, s3-prefix and backup-root, and why backups are failing.`
    )
  }
  if (complete.length > 0 && !complete.some((d) => d.action === 'keep')) {
    log.warning(
      `every complete snapshot under ${storage.uriOf(prefix)} is past the hard limit of ${config.monthlyRetentionMonths} months: after this prune there is no backup left. Backups have not succeeded since ${complete[0].id}.`
    )
  }

  let held: HeldObject[] = []
  let deleted = doomed.length
  let freed = bytesFreed
  if (config.dryRun) {
    log.info('dry-run: nothing deleted')
  } else {
    const done = await executePrune(
      storage,
      config.environment,
      entries,
      sideObjects,
      doomed,
      doomedSide
    )
    held = done.held
    deleted -= done.heldSnapshots
    freed -= done.bytesKeptBack
    log.info(
      `deleted ${deleted} snapshots (${done.manifests} manifests, then ${done.dataObjects} data objects) and ${doomedSide.length} ledger/drill objects: ${formatBytes(freed)} freed`
    )
    for (const line of heldLines(held)) log.warning(line)
  }

  let uploads: StaleUploadsReport | undefined
  if (storage.abortStaleUploads) {
    const before = new Date(now.getTime() - UPLOAD_MAX_AGE_MS)
    uploads = await storage.abortStaleUploads(prefix, before, config.dryRun)
    for (const u of uploads.uploads) {
      log.info(
        `multipart upload of ${storage.uriOf(u.key)} initiated ${u.initiated.toISOString()}: ${config.dryRun ? 'to abort' : 'aborted'}`
      )
    }
    if (uploads.supported) {
      log.info(
        `${uploads.uploads.length} multipart upload(s) older than a day under ${storage.uriOf(prefix)}${config.dryRun ? ' to abort' : `, ${uploads.aborted} aborted`}`
      )
    }
  }

  return {
    location: storage.uriOf(prefix),
    foreign,
    plan,
    side,
    bytesOf,
    notes,
    kept,
    deleted,
    bytesFreed: freed,
    held,
    uploads
  }
}

export function foreignLine(storage: Storage, f: ForeignEntry): string {
  return `red line: foreign ${storage.uriOf(f.key)} (${f.objects} object(s), ${formatBytes(f.bytes)}): ${f.why}; prune never deletes it: move or delete it by hand`
}

function describeKind(d: RetentionDecision): string {
  return d.state === 'complete' ? (d.kind ?? '?') : d.state
}

/** The plan as aligned text lines, newest first. */
function planTable(
  plan: RetentionPlan,
  bytesOf: Map<string, number>,
  notes: Map<string, string>
): string[] {
  const rows = plan.decisions.map((d) => [
    d.id,
    tableAge(d.start, plan.now),
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

function pruneSummary(config: Config, outcomes: PruneOutcome[]): string {
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
    if (o.held.length > 0) {
      lines.push('')
      lines.push(`**${o.held.length} object version(s) held by Object Lock**, not deleted:`)
      lines.push('')
      lines.push('| object | version | held | can be deleted |')
      lines.push('|---|---|---|---|')
      for (const h of o.held) {
        const how = [h.retainUntil ? (h.mode ?? 'retention') : '', h.legalHold ? 'legal hold' : '']
          .filter(Boolean)
          .join(' + ')
        const when = h.legalHold
          ? 'when the legal hold is removed' +
            (h.retainUntil ? `, not before ${h.retainUntil.toISOString()}` : '')
          : (h.retainUntil?.toISOString() ?? '')
        lines.push(`| ${cell(h.key)} | ${h.versionId ?? ''} | ${how} | ${when} |`)
      }
    }
    if (o.uploads) {
      lines.push('')
      lines.push(
        o.uploads.supported
          ? `Multipart uploads older than a day: ${o.uploads.uploads.length}${config.dryRun ? ' to abort' : `, ${o.uploads.aborted} aborted`}${o.uploads.uploads.length > 0 ? ` (${o.uploads.uploads.map((u) => `${u.key} from ${u.initiated.toISOString()}`).join(', ')})` : ''}.`
          : 'Multipart uploads: this store cannot list them; none checked.'
      )
    }
    const sideDeleted = o.side.filter((d) => d.action === 'delete').length
    if (o.side.length > 0) {
      lines.push('')
      lines.push(
        `Ledger and drill reports: ${o.side.length} objects, ${sideDeleted} past the hard limit ${config.dryRun ? 'to delete' : 'deleted'}.`
      )
    }
    if (o.foreign.length > 0) {
      lines.push('')
      lines.push(
        `**${o.foreign.length} foreign folder(s) or key(s)**, none of the tool's: never deleted by prune.`
      )
      lines.push('')
      for (const f of o.foreign)
        lines.push(
          `- :red_circle: \`${cell(f.key)}\` (${f.objects} object(s), ${formatBytes(f.bytes)}): ${cell(f.why)}`
        )
    }
    lines.push('')
    lines.push('| snapshot | age | kind | action | rule | size | why |')
    lines.push('|---|---:|---|---|---|---:|---|')
    for (const d of o.plan.decisions) {
      const note = o.notes.get(d.id)
      lines.push(
        `| ${d.id} | ${tableAge(d.start, o.plan.now)} | ${describeKind(d)} | ${d.action === 'delete' ? '**delete**' : 'keep'} | ${d.rule} | ${formatBytes(o.bytesOf.get(d.id) ?? 0)} | ${cell(d.reason + (note ? ` (${note})` : ''))} |`
      )
    }
  }
  return lines.join('\n') + '\n'
}

/** Keys per period: the months this prune leaves without any snapshot (see destroy-key). */
function emptiedSummary(months: string[], dryRun: boolean): string {
  if (months.length === 0) return ''
  return `\n**${dryRun ? 'Would leave' : 'Left'} no snapshot of ${months.join(', ')}**: with keys per month (age-recipients), ${months.length === 1 ? "that month's identity" : "those months' identities"} can be destroyed, unless Object Lock holds versions (above); then record it with \`destroy-key\` (key-period).\n`
}
