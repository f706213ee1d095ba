import type { Config } from '../config.js'
import { formatAge } from '../util/format.js'
import type { Log } from '../log.js'
import { listSnapshots, type SnapshotEntry } from '../snapshot/catalog.js'
import { openStorages } from '../storage/open.js'
import type { Storage } from '../storage/storage.js'
import { UserError } from '../util/errors.js'
import type { CommandResult } from './result.js'

// check: the watchdog for backups that silently stopped. For every source the environment backs
// up (judged from the recent complete scheduled snapshots), the newest complete *scheduled*
// snapshot (daily or monthly) holding it must be younger than max-age-hours: an ad hoc Redis-only
// backup does not make a dead nightly look alive. Every storage the config names is checked.

export const SOURCES = ['postgres', 'redis', 'uploads'] as const
export type SourceName = (typeof SOURCES)[number]

/** Sources seen within this long before the newest scheduled snapshot are expected to go on. */
const RECENT_WINDOW_HOURS = 7 * 24

export interface SourceStatus {
  source: SourceName
  newest?: SnapshotEntry
  ageHours?: number
  stale: boolean
}

export interface CheckVerdict {
  newest?: SnapshotEntry
  ageHours?: number
  sources: SourceStatus[]
  /** One line per problem; empty when all is well. */
  problems: string[]
}

function sourcesOf(entry: SnapshotEntry): Set<SourceName> {
  const found = new Set<SourceName>()
  for (const file of entry.manifest?.files ?? []) found.add(file.source)
  for (const name of Object.keys(entry.manifest?.sources ?? {})) {
    if ((SOURCES as readonly string[]).includes(name)) found.add(name as SourceName)
  }
  return found
}

const hoursBetween = (now: Date, then: Date) => (now.getTime() - then.getTime()) / 3_600_000

/** The pure judgement, from a storage's snapshot list. */
export function judge(entries: SnapshotEntry[], now: Date, maxAgeHours: number): CheckVerdict {
  const isScheduled = (e: SnapshotEntry) => e.manifest !== undefined && e.manifest.kind !== 'adhoc'
  const scheduled = entries
    .filter((e) => e.state === 'complete' && isScheduled(e))
    .sort((a, b) => a.id.localeCompare(b.id))
  // Only the newest scheduled snapshot's damage alerts: an old damaged one is prune's and the
  // report's business, not a page every six hours for a year.
  const newestAny = entries
    .filter((e) => (e.state === 'complete' || e.state === 'damaged') && isScheduled(e))
    .sort((a, b) => a.id.localeCompare(b.id))
    .at(-1)
  const damage =
    newestAny?.state === 'damaged'
      ? [
          `the newest scheduled snapshot, ${newestAny.id}, is ${newestAny.problem} (restore its whole sources with allow-damaged: true; delete it with prune and snapshot: ${newestAny.id})`
        ]
      : []
  const newest = scheduled.at(-1)
  if (!newest) {
    const adhoc = entries.filter((e) => e.state === 'complete').length
    const legacy = entries.filter((e) => e.state === 'legacy')
    return {
      sources: [],
      problems: [
        ...damage,
        `no complete scheduled (daily or monthly) snapshot at all${adhoc ? ` (${adhoc} complete ad hoc ones do not count)` : ''}${legacy.length ? `; ${legacy.length} legacy folder(s) of the old script, the newest ${legacy.at(-1)!.id} (${formatAge(hoursBetween(now, legacy.at(-1)!.startedAt))} old), do not count until adopted (command: adopt)` : ''}`
      ]
    }
  }
  const windowStart = newest.startedAt.getTime() - RECENT_WINDOW_HOURS * 3_600_000
  const expected = new Set<SourceName>()
  for (const entry of scheduled) {
    if (entry.startedAt.getTime() >= windowStart) for (const s of sourcesOf(entry)) expected.add(s)
  }
  const sources: SourceStatus[] = []
  const problems: string[] = [...damage]
  for (const source of SOURCES.filter((s) => expected.has(s))) {
    const holding = scheduled.filter((e) => sourcesOf(e).has(source)).at(-1)!
    const ageHours = hoursBetween(now, holding.startedAt)
    const stale = ageHours > maxAgeHours
    sources.push({ source, newest: holding, ageHours, stale })
    if (stale) {
      problems.push(
        `${source}: the newest complete scheduled snapshot holding it, ${holding.id}, is ${formatAge(ageHours)} old (max-age-hours ${maxAgeHours})`
      )
    }
  }
  return { newest, ageHours: hoursBetween(now, newest.startedAt), sources, problems }
}

function table(storage: Storage, environment: string, verdict: CheckVerdict): string {
  const lines = [`### ${storage.uriOf(environment + '/')}`, '']
  if (verdict.sources.length === 0) {
    lines.push(`**stale**: ${verdict.problems.join('; ')}`)
    return lines.join('\n')
  }
  lines.push('| source | newest complete scheduled snapshot | kind | age | status |')
  lines.push('|---|---|---|---:|---|')
  for (const s of verdict.sources) {
    lines.push(
      `| ${s.source} | ${s.newest?.id ?? ''} | ${s.newest?.manifest?.kind ?? ''} | ${s.ageHours !== undefined ? formatAge(s.ageHours) : ''} | ${s.stale ? '**stale**' : 'ok'} |`
    )
  }
  return lines.join('\n')
}

export async function check(config: Config, log: Log, now = new Date()): Promise<CommandResult> {
  const storages = await openStorages(config, log)
  const problems: string[] = []
  const tables: string[] = []
  let first: CheckVerdict | undefined
  for (const storage of storages) {
    const verdict = await log.group(
      `Check ${storage.uriOf(config.environment + '/')}`,
      async () => {
        const entries = await listSnapshots(storage, config.environment)
        const v = judge(entries, now, config.maxAgeHours)
        const t = table(storage, config.environment, v)
        log.info(t)
        const unknown = entries.filter((e) => e.state === 'unknown')
        if (unknown.length) {
          log.warning(
            `${unknown.length} snapshot(s) whose manifest cannot be read now were ignored`
          )
        }
        tables.push(t)
        return v
      }
    )
    first ??= verdict
    const where = storages.length > 1 ? `${storage.location}: ` : ''
    for (const p of verdict.problems) problems.push(where + p)
  }
  // AWS Backup's jobs too, with aws-backup-vault (the SDK loads only then).
  if (config.awsBackup) {
    const { checkAwsBackup } = await import('../aws/backupCheck.js')
    const aws = await log.group(`Check AWS Backup vault ${config.awsBackup.vault}`, () =>
      checkAwsBackup(config.awsBackup!, config.maxAgeHours, now, log)
    )
    problems.push(...aws.problems)
    tables.push(aws.table)
  }
  if (problems.length) {
    throw new UserError(
      `${config.environment}: backups are ${problems.some((p) => p.includes(' is damaged: ')) ? 'damaged' : 'stale'}: ${problems.join('; ')}. Look at the scheduled backup workflow's recent runs (a cancelled or disabled schedule fails nothing).`
    )
  }
  const outputs: CommandResult['outputs'] = {
    'newest-snapshot-id': first?.newest?.id ?? '',
    'age-hours': first?.ageHours !== undefined ? Math.round(first.ageHours * 10) / 10 : '',
    sources: (first?.sources ?? []).map((s) => s.source).join(',')
  }
  const summary = [
    `## Check ${config.environment}: ok (every source younger than ${config.maxAgeHours} h)`,
    '',
    ...tables,
    ''
  ].join('\n')
  return { outputs, summary }
}
