import fs from 'node:fs/promises'
import type { CommandResult } from '../commands/result.js'
import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { awsBackupMarkdown } from '../review/awsBackupMarkdown.js'
import type { Review } from '../review/model.js'
import { redactDeep } from '../util/redact.js'

// report's hook for the AWS Backup half: with aws-backup-vault set, read it (loading the SDK
// only then), append its Markdown to report.md and the summary, add it to report.json as
// `awsBackup`, count its red lines in the output aws-backup-red-lines and the Slack digest.
// Without it, the result passes through untouched.

/** The same period as the action's half (commands/report.ts PERIOD_DAYS). */
const PERIOD_DAYS = 31

export async function withAwsBackup(
  config: Config,
  context: { now: Date; log: Log; review: Review; files: Record<string, string> },
  result: CommandResult
): Promise<CommandResult> {
  if (!config.awsBackup) return result
  const { now, log, review, files } = context
  const { reviewAwsBackup } = await import('./backupReview.js')
  const section = await log.group(`Read AWS Backup vault ${config.awsBackup.vault}`, () =>
    reviewAwsBackup(
      config.awsBackup!,
      { now, periodDays: PERIOD_DAYS, maxAgeHours: config.maxAgeHours },
      log
    )
  )
  const markdown = '\n' + awsBackupMarkdown(section)
  const mode = { mode: 0o600 }
  await fs.appendFile(files['report-md'], markdown, mode)
  const json = redactDeep({ ...review, awsBackup: section })
  await fs.writeFile(files['report-json'], JSON.stringify(json, null, 2) + '\n', mode)
  return {
    ...result,
    outputs: { ...result.outputs, 'aws-backup-red-lines': section.redLines.length },
    summary: (result.summary ?? '') + markdown,
    digest: result.digest && { ...result.digest, awsBackupRedLines: section.redLines.length }
  }
}
