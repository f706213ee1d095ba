import type { AwsBackupConfig } from '../config.js'
import type { Log } from '../log.js'
import { buildAwsBackupSection, type AwsBackupSection } from '../review/awsBackup.js'
import { readAwsBackup, defaultClientFor, type ClientFor } from './backupReader.js'

// report's AWS Backup half: read the period's jobs and the recovery points (aws/backupReader.ts),
// build the section (review/awsBackup.ts), and warn once per red line, as the action's half
// does for its own. Loaded by commands/report.ts only when aws-backup-vault is set.

export async function reviewAwsBackup(
  config: AwsBackupConfig,
  options: { now: Date; periodDays: number; maxAgeHours: number },
  log: Log,
  clientFor: ClientFor = defaultClientFor
): Promise<AwsBackupSection> {
  const from = new Date(options.now.getTime() - options.periodDays * 86_400_000)
  const data = await readAwsBackup(
    { vault: config.vault, regions: config.regions, from },
    clientFor
  )
  const section = buildAwsBackupSection(data, options.now, options.maxAgeHours)
  for (const p of section.problems) log.warning(p)
  for (const r of section.redLines) {
    log.warning(
      `AWS Backup red line: ${r.what}: ${r.resourceArn ?? ''} ${r.region ?? ''}: ${r.detail}`
    )
  }
  log.info(
    `AWS Backup ${config.vault} (${config.regions.join(', ')}): ${section.resources.length} resources, ${data.backupJobs.length} backup jobs, ${data.copyJobs.length} copy jobs, ${section.restoreTests.length} restore tests, ${section.redLines.length} red lines`
  )
  return section
}
