import type { AwsBackupData, JobRow, RecoveryPointRow, RestoreJobRow } from '../aws/backupReader.js'

// The monthly review's AWS Backup half, from what aws/backupReader.ts read: jobs per protected
// resource by state, the newest recovery point per resource and region (primary and copies),
// the restore tests, and the red lines: a resource without a backup in max-age-hours (26), a
// copy missing or as old in another region, a failed restore test. Pure: data and a time in,
// the section out; review/awsBackupMarkdown.ts renders it.

export interface NewestPoint {
  created: string
  ageHours: number
  continuous: boolean
  status?: string
}

export interface AwsResourceRow {
  resourceArn: string
  resourceType?: string
  /** Backup and copy jobs of the period, counted by state. */
  backupJobs: Record<string, number>
  copyJobs: Record<string, number>
  /** The newest completed backup job (how fresh the resource is: continuous points say little). */
  lastBackup?: { completed: string; ageHours: number }
  /** By region, in the order of the regions read; undefined: none there. */
  newest: Record<string, NewestPoint | undefined>
}

export interface AwsRedLine {
  resourceArn?: string
  region?: string
  what: 'no recent backup' | 'copy missing' | 'restore test failed'
  detail: string
}

export interface AwsBackupSection {
  vault: string
  primaryRegion: string
  regions: string[]
  from: string
  to: string
  maxAgeHours: number
  resources: AwsResourceRow[]
  restoreTests: RestoreJobRow[]
  redLines: AwsRedLine[]
  problems: string[]
}

const hours = (now: Date, iso: string) => (now.getTime() - Date.parse(iso)) / 3_600_000
const round = (h: number) => Math.round(h * 10) / 10

function count(jobs: JobRow[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const j of jobs) out[j.state] = (out[j.state] ?? 0) + 1
  return out
}

function newestOf(points: RecoveryPointRow[], now: Date): NewestPoint | undefined {
  // A continuous point counts only when no snapshot exists: its date is when it started.
  const dated = points.filter((p) => p.created && p.status !== 'DELETING' && p.status !== 'EXPIRED')
  const pick =
    dated.filter((p) => !p.continuous).sort((a, b) => b.created!.localeCompare(a.created!))[0] ??
    dated.sort((a, b) => b.created!.localeCompare(a.created!))[0]
  if (!pick) return undefined
  return {
    created: pick.created!,
    ageHours: round(hours(now, pick.created!)),
    continuous: pick.continuous,
    status: pick.status
  }
}

export function buildAwsBackupSection(
  data: AwsBackupData,
  now: Date,
  maxAgeHours: number
): AwsBackupSection {
  const [primary, ...others] = data.regions
  const inPrimary = data.recoveryPoints.filter(
    (p) => p.region === primary && p.vault === data.vault
  )
  // The protected resources: those with a recovery point in the vault or a job of the period.
  const arns = new Set<string>()
  for (const x of [...inPrimary, ...data.backupJobs]) if (x.resourceArn) arns.add(x.resourceArn)
  const typeOf = new Map<string, string>()
  for (const x of [...data.backupJobs, ...data.recoveryPoints]) {
    if (x.resourceArn && x.resourceType) typeOf.set(x.resourceArn, x.resourceType)
  }

  const redLines: AwsRedLine[] = []
  const resources: AwsResourceRow[] = [...arns].sort().map((arn) => {
    const jobs = data.backupJobs.filter((j) => j.resourceArn === arn)
    const done = jobs
      .filter((j) => j.state === 'COMPLETED' && j.completed)
      .sort((a, b) => b.completed!.localeCompare(a.completed!))[0]
    const newest: AwsResourceRow['newest'] = {}
    for (const region of data.regions) {
      const points = data.recoveryPoints.filter(
        (p) =>
          p.resourceArn === arn &&
          p.region === region &&
          (region !== primary || p.vault === data.vault)
      )
      newest[region] = newestOf(points, now)
    }
    const row: AwsResourceRow = {
      resourceArn: arn,
      resourceType: typeOf.get(arn),
      backupJobs: count(jobs),
      copyJobs: count(data.copyJobs.filter((j) => j.resourceArn === arn)),
      lastBackup: done && {
        completed: done.completed!,
        ageHours: round(hours(now, done.completed!))
      },
      newest
    }
    // Fresh: a completed job, or a snapshot recovery point, within max-age-hours.
    const p = newest[primary]
    const freshest = Math.min(
      row.lastBackup?.ageHours ?? Infinity,
      p && !p.continuous ? p.ageHours : Infinity
    )
    if (freshest > maxAgeHours) {
      redLines.push({
        resourceArn: arn,
        region: primary,
        what: 'no recent backup',
        detail:
          freshest === Infinity
            ? `no completed backup job in the period and no snapshot recovery point in ${data.vault}`
            : `the newest backup is ${round(freshest)} h old (max-age-hours ${maxAgeHours})`
      })
    }
    for (const region of others) {
      const copy = newest[region]
      if (!copy || copy.ageHours > maxAgeHours) {
        redLines.push({
          resourceArn: arn,
          region,
          what: 'copy missing',
          detail: copy
            ? `the newest recovery point in ${region} is ${copy.ageHours} h old (max-age-hours ${maxAgeHours})`
            : `no recovery point in ${region}`
        })
      }
    }
    return row
  })

  const restoreTests = data.restoreJobs
    .filter((j) => j.testingPlan)
    .sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''))
  for (const t of restoreTests) {
    const failed = ['FAILED', 'ABORTED'].includes(t.state) || t.validationStatus === 'FAILED'
    if (!failed) continue
    redLines.push({
      resourceArn: t.resourceArn,
      region: t.region,
      what: 'restore test failed',
      detail: `restore job ${t.jobId} (${t.testingPlan}) on ${(t.created ?? '').slice(0, 10)}: ${t.state}${t.validationStatus === 'FAILED' ? ', validation FAILED' : ''}${t.statusMessage || t.validationMessage ? `: ${t.statusMessage ?? t.validationMessage}` : ''}`
    })
  }

  return {
    vault: data.vault,
    primaryRegion: primary,
    regions: data.regions,
    from: data.from,
    to: now.toISOString(),
    maxAgeHours,
    resources,
    restoreTests,
    redLines,
    problems: data.problems
  }
}
