import { resourceLabel } from './backupAlert.js'
import type { AwsBackupConfig } from '../config.js'
import type { Log } from '../log.js'
import { formatAge } from '../util/format.js'
import { errorLine } from '../util/errors.js'
import {
  defaultClientFor,
  readBackupJobs,
  readRecoveryPoints,
  type ClientFor,
  type JobRow,
  type RecoveryPointRow
} from './backupReader.js'

// check's AWS Backup half (aws-backup-vault): every resource the vault protects (a recovery
// point there, or a backup job of the last week) must have a COMPLETED backup job younger than
// max-age-hours. Judged by jobs, not recovery points: a continuous (point-in-time) recovery
// point's creation date is when continuous backup started, however fresh it is.

export const AWS_WINDOW_DAYS = 7

export interface AwsCheckRow {
  resourceArn: string
  resourceType?: string
  newest?: JobRow
  ageHours?: number
  stale: boolean
}

export function judgeAwsBackup(
  jobs: JobRow[],
  points: RecoveryPointRow[],
  now: Date,
  maxAgeHours: number
): { rows: AwsCheckRow[]; problems: string[] } {
  const types = new Map<string, string | undefined>()
  for (const x of [...points, ...jobs]) {
    if (x.resourceArn && !types.get(x.resourceArn)) types.set(x.resourceArn, x.resourceType)
  }
  const rows: AwsCheckRow[] = []
  const problems: string[] = []
  for (const arn of [...types.keys()].sort()) {
    const newest = jobs
      .filter((j) => j.resourceArn === arn && j.state === 'COMPLETED' && j.completed)
      .sort((a, b) => b.completed!.localeCompare(a.completed!))[0]
    const ageHours = newest && (now.getTime() - Date.parse(newest.completed!)) / 3_600_000
    const stale = ageHours === undefined || ageHours > maxAgeHours
    rows.push({ resourceArn: arn, resourceType: types.get(arn), newest, ageHours, stale })
    const what = resourceLabel(types.get(arn), arn)
    if (!newest) {
      problems.push(`${what}: no completed AWS Backup job in the last ${AWS_WINDOW_DAYS} days`)
    } else if (stale) {
      problems.push(
        `${what}: the newest completed AWS Backup job, ${newest.jobId}, finished ${formatAge(ageHours!)} ago (max-age-hours ${maxAgeHours})`
      )
    }
  }
  if (rows.length === 0) problems.push('no protected resource (no recovery point, no recent job)')
  return { rows, problems }
}

export async function checkAwsBackup(
  config: AwsBackupConfig,
  maxAgeHours: number,
  now: Date,
  log: Log,
  clientFor: ClientFor = defaultClientFor
): Promise<{ table: string; problems: string[] }> {
  const [region] = config.regions
  const where = `AWS Backup ${config.vault} (${region})`
  const client = clientFor(region)
  let verdict: ReturnType<typeof judgeAwsBackup>
  try {
    const from = new Date(now.getTime() - AWS_WINDOW_DAYS * 86_400_000)
    const jobs = await readBackupJobs(client, region, config.vault, from)
    const points = await readRecoveryPoints(client, region, config.vault)
    verdict = judgeAwsBackup(jobs, points, now, maxAgeHours)
  } catch (error) {
    const line = `${where}: could not be read: ${errorLine(error)}`
    return { table: `### ${where}\n\n**${line}**`, problems: [line] }
  } finally {
    client.destroy()
  }
  const lines = [`### ${where}`, '']
  lines.push('| resource | newest completed backup job | finished (UTC) | age | status |')
  lines.push('|---|---|---|---:|---|')
  for (const r of verdict.rows) {
    lines.push(
      `| ${resourceLabel(r.resourceType, r.resourceArn)} | ${r.newest?.jobId ?? 'none'} | ${r.newest?.completed?.slice(0, 16).replace('T', ' ') ?? ''} | ${r.ageHours !== undefined ? formatAge(r.ageHours) : ''} | ${r.stale ? '**stale**' : 'ok'} |`
    )
  }
  const table = lines.join('\n')
  log.info(table)
  return { table, problems: verdict.problems.map((p) => `${where}: ${p}`) }
}
