import {
  BackupClient,
  paginateListBackupJobs,
  paginateListBackupVaults,
  paginateListCopyJobs,
  paginateListRecoveryPointsByBackupVault,
  paginateListRestoreJobs
} from '@aws-sdk/client-backup'
import { errorLine } from '../util/errors.js'
import { vaultOf } from './backupEvent.js'

// What the monthly review and the watchdog read from AWS Backup, as plain rows: the backup,
// copy and restore jobs since a time, and the recovery points per vault, in the primary region
// (the vault the config names) and in each other region (the vaults the copies went to, or
// every vault there when the period has no copy job). Whatever cannot be read becomes one
// problem line; the rest is still read.
//
// IAM: deploy/iam/aws-backup/reader.json (test/unit/aws-backup-iam.test.ts keeps the two in step).

export interface JobRow {
  jobId: string
  region: string
  resourceArn?: string
  resourceType?: string
  /** The job's state (backup, copy) or status (restore), as AWS spells it. */
  state: string
  statusMessage?: string
  created?: string
  completed?: string
  bytes?: number
}

export interface CopyJobRow extends JobRow {
  destinationVault?: string
  destinationRegion?: string
}

export interface RestoreJobRow extends JobRow {
  /** The restore testing plan's name, when a restore test started it. */
  testingPlan?: string
  validationStatus?: string
  validationMessage?: string
}

export interface RecoveryPointRow {
  arn: string
  region: string
  vault: string
  resourceArn?: string
  resourceType?: string
  status?: string
  created?: string
  completed?: string
  /** A continuous (point-in-time) recovery point: its creation date is when it started. */
  continuous: boolean
}

export interface AwsBackupData {
  vault: string
  regions: string[]
  from: string
  backupJobs: JobRow[]
  copyJobs: CopyJobRow[]
  restoreJobs: RestoreJobRow[]
  recoveryPoints: RecoveryPointRow[]
  problems: string[]
}

export type ClientFor = (region: string) => BackupClient

export const defaultClientFor: ClientFor = (region) => new BackupClient({ region })

const iso = (d: Date | undefined) => d?.toISOString()

/** Continuous backups' recovery points are named so (arn:...:recovery-point:continuous:...). */
export function isContinuous(arn: string): boolean {
  return /:recovery-point:continuous:/.test(arn)
}

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const page of pages) out.push(page)
  return out
}

export async function readBackupJobs(
  client: BackupClient,
  region: string,
  vault: string,
  from: Date
): Promise<JobRow[]> {
  const pages = await collect(
    paginateListBackupJobs({ client }, { ByBackupVaultName: vault, ByCreatedAfter: from })
  )
  return pages.flatMap((p) =>
    (p.BackupJobs ?? []).map((j) => ({
      jobId: j.BackupJobId ?? '?',
      region,
      resourceArn: j.ResourceArn,
      resourceType: j.ResourceType,
      state: j.State ?? 'UNKNOWN',
      statusMessage: j.StatusMessage || undefined,
      created: iso(j.CreationDate),
      completed: iso(j.CompletionDate),
      bytes: j.BackupSizeInBytes
    }))
  )
}

async function readCopyJobs(
  client: BackupClient,
  region: string,
  vault: string,
  from: Date
): Promise<CopyJobRow[]> {
  const pages = await collect(paginateListCopyJobs({ client }, { ByCreatedAfter: from }))
  return pages.flatMap((p) =>
    (p.CopyJobs ?? [])
      // Copies out of the configured vault only (the filter AWS offers is by destination).
      .filter((j) => vaultOf(j.SourceBackupVaultArn).name === vault)
      .map((j) => {
        const destination = vaultOf(j.DestinationBackupVaultArn)
        return {
          jobId: j.CopyJobId ?? '?',
          region,
          resourceArn: j.ResourceArn,
          resourceType: j.ResourceType,
          state: j.State ?? 'UNKNOWN',
          statusMessage: j.StatusMessage || undefined,
          created: iso(j.CreationDate),
          completed: iso(j.CompletionDate),
          bytes: j.BackupSizeInBytes,
          destinationVault: destination.name,
          destinationRegion: destination.region
        }
      })
  )
}

async function readRestoreJobs(
  client: BackupClient,
  region: string,
  from: Date
): Promise<RestoreJobRow[]> {
  const pages = await collect(paginateListRestoreJobs({ client }, { ByCreatedAfter: from }))
  return pages.flatMap((p) =>
    (p.RestoreJobs ?? []).map((j) => ({
      jobId: j.RestoreJobId ?? '?',
      region,
      resourceArn: j.SourceResourceArn,
      resourceType: j.ResourceType,
      state: j.Status ?? 'UNKNOWN',
      statusMessage: j.StatusMessage || undefined,
      created: iso(j.CreationDate),
      completed: iso(j.CompletionDate),
      bytes: j.BackupSizeInBytes,
      testingPlan: j.CreatedBy?.RestoreTestingPlanArn?.split(':').at(-1),
      validationStatus: j.ValidationStatus,
      validationMessage: j.ValidationStatusMessage || undefined
    }))
  )
}

export async function readRecoveryPoints(
  client: BackupClient,
  region: string,
  vault: string
): Promise<RecoveryPointRow[]> {
  const pages = await collect(
    paginateListRecoveryPointsByBackupVault({ client }, { BackupVaultName: vault })
  )
  return pages.flatMap((p) =>
    (p.RecoveryPoints ?? []).map((r) => ({
      arn: r.RecoveryPointArn ?? '?',
      region,
      vault,
      resourceArn: r.ResourceArn,
      resourceType: r.ResourceType,
      status: r.Status,
      created: iso(r.CreationDate),
      completed: iso(r.CompletionDate),
      continuous: isContinuous(r.RecoveryPointArn ?? '')
    }))
  )
}

async function vaultsIn(client: BackupClient): Promise<string[]> {
  const pages = await collect(paginateListBackupVaults({ client }, {}))
  return pages.flatMap((p) => (p.BackupVaultList ?? []).map((v) => v.BackupVaultName ?? '?'))
}

/** Everything the review shows, from every region; the first region holds `vault`. */
export async function readAwsBackup(
  options: { vault: string; regions: string[]; from: Date },
  clientFor: ClientFor = defaultClientFor
): Promise<AwsBackupData> {
  const { vault, regions, from } = options
  const data: AwsBackupData = {
    vault,
    regions,
    from: from.toISOString(),
    backupJobs: [],
    copyJobs: [],
    restoreJobs: [],
    recoveryPoints: [],
    problems: []
  }
  for (const [i, region] of regions.entries()) {
    const client = clientFor(region)
    const attempt = async (what: string, work: () => Promise<void>) => {
      try {
        await work()
      } catch (error) {
        data.problems.push(
          `AWS Backup in ${region}: ${what} could not be read: ${errorLine(error)}`
        )
      }
    }
    try {
      if (i === 0) {
        await attempt(`backup jobs of vault ${vault}`, async () => {
          data.backupJobs.push(...(await readBackupJobs(client, region, vault, from)))
        })
        await attempt('copy jobs', async () => {
          data.copyJobs.push(...(await readCopyJobs(client, region, vault, from)))
        })
        await attempt(`recovery points of vault ${vault}`, async () => {
          data.recoveryPoints.push(...(await readRecoveryPoints(client, region, vault)))
        })
      } else {
        // The vaults the period's copies went to here; without any, every vault of the region.
        const known = [
          ...new Set(
            data.copyJobs
              .filter((j) => j.destinationRegion === region)
              .map((j) => j.destinationVault!)
          )
        ]
        let vaults = known
        if (vaults.length === 0) {
          await attempt('the vaults (for the copies)', async () => {
            vaults = await vaultsIn(client)
          })
        }
        for (const name of vaults) {
          await attempt(`recovery points of vault ${name}`, async () => {
            data.recoveryPoints.push(...(await readRecoveryPoints(client, region, name)))
          })
        }
      }
      await attempt('restore jobs', async () => {
        data.restoreJobs.push(...(await readRestoreJobs(client, region, from)))
      })
    } finally {
      client.destroy()
    }
  }
  return data
}
