import type { IncomingWebhookSendArguments } from '@slack/webhook'
import { formatBytes, formatSeconds } from '../util/format.js'
import { redactDeep } from '../util/redact.js'
import type { RunContext } from './context.js'
import { SLACK_LIMITS, escapeMrkdwn, formatMention, truncate } from './slack.js'

// The monthly review's short Slack digest: one Block Kit message with the four numbers a person
// needs (complete snapshots, gaps, red lines, last drill) and the link to the run whose artifact
// holds the full report. It is sent by notify/outcome.ts through the same postToSlack as alerts,
// in place of the generic "report succeeded" message.

export interface Digest {
  environment: string
  /** ISO times. */
  from: string
  to: string
  /** Where the report was read from (the first storage). */
  location: string
  complete: number
  /** Stored bytes of the newest complete snapshot, when there is one. */
  newestBytes?: number
  gaps: number
  gapWindowDays: number
  redLines: number
  /** With aws-backup-vault: AWS Backup's red lines (review/awsBackup.ts). */
  awsBackupRedLines?: number
  lastDrill?: {
    drilledAt: string
    snapshotId: string
    verified: boolean
    rtoSeconds: number
  }
}

const day = (iso: string) => iso.slice(0, 10)

export function digestMessage(
  digest: Digest,
  run: RunContext,
  mentionSetting?: string
): IncomingWebhookSendArguments {
  const trouble =
    digest.redLines > 0 ||
    (digest.awsBackupRedLines ?? 0) > 0 ||
    digest.lastDrill?.verified === false
  // People are mentioned only when something needs them.
  const mention = trouble ? formatMention(mentionSetting) : undefined
  const icon =
    digest.redLines > 0 || (digest.awsBackupRedLines ?? 0) > 0
      ? '🔴'
      : trouble || digest.gaps > 0
        ? '🟠'
        : '✅'
  const title = `${icon} Monthly backup review: ${digest.environment}`
  const drill = digest.lastDrill
    ? `${drillWord(digest.lastDrill.verified)} on ${day(digest.lastDrill.drilledAt)}, RTO ${formatSeconds(digest.lastDrill.rtoSeconds)} (\`${digest.lastDrill.snapshotId}\`)`
    : 'none on record'
  const fields = [
    `*Complete snapshots*\n${digest.complete}${digest.newestBytes !== undefined ? ` (newest ${formatBytes(digest.newestBytes)})` : ''}`,
    `*Gaps*\n${digest.gaps} of the last ${digest.gapWindowDays} days`,
    `*Red lines*\n${digest.redLines === 0 ? 'none' : `${digest.redLines} past the hard limit`}${digest.awsBackupRedLines === undefined ? '' : `; AWS Backup: ${digest.awsBackupRedLines || 'none'}`}`,
    `*Last drill*\n${drill}`
  ]
  const runText = run.url ? `<${run.url}|${escapeMrkdwn(run.label)}>` : escapeMrkdwn(run.label)
  const details = [
    `${day(digest.from)} to ${day(digest.to)}, ${escapeMrkdwn(digest.location)}`,
    `*Full report:* ${runText}${run.url ? ' (artifact luneo-report)' : ''}`
  ]
  const blocks: NonNullable<IncomingWebhookSendArguments['blocks']> = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.header), emoji: true }
    },
    {
      type: 'section',
      fields: fields.map((text) => ({ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.field) }))
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate((mention ? mention + ' ' : '') + details.join('\n'), SLACK_LIMITS.section)
      }
    }
  ]
  const text = truncate(
    `${mention ? mention + ' ' : ''}luneo-backup monthly review of ${digest.environment}: ${digest.complete} complete snapshots, ${digest.gaps} gap days, ${digest.redLines} red lines, last drill ${digest.lastDrill ? drillWord(digest.lastDrill.verified) : 'none'}`,
    SLACK_LIMITS.fallback
  )
  return redactDeep({ text, blocks })
}

function drillWord(verified: boolean): string {
  return verified ? 'verified' : 'FAILED'
}
