import type { IncomingWebhookSendArguments } from '@slack/webhook'
import { SLACK_LIMITS, escapeMrkdwn, formatMention, truncate } from '../notify/slack.js'
import { formatBytes } from '../util/format.js'
import { redactDeep } from '../util/redact.js'
import type { BackupEventFacts, JobKind } from './backupEvent.js'

// The Slack message for one AWS Backup event, in the look of the action's own alerts
// (notify/slack.ts): a header with the verdict, the status message in a code block, the facts
// as fields, then a line with the link to the job in the AWS console. Only the facts chosen
// here reach Slack: never the event's IAM role, never a KMS key (status messages may name
// one), and every text passes through redact().

const KIND_WORD: Record<JobKind, string> = { backup: 'backup', copy: 'copy', restore: 'restore' }
const ICON = { failure: '🔴', warning: '🟠', note: '✅', ignore: '' } as const

/** arn:aws:rds:...:cluster:luneo-prod -> luneo-prod; arn:aws:s3:::artifacts -> artifacts. */
export function resourceName(arn: string | undefined): string | undefined {
  if (!arn) return undefined
  return arn.split(/[:/]/).filter(Boolean).at(-1)
}

export function resourceLabel(type: string | undefined, arn: string | undefined): string {
  const name = resourceName(arn)
  const what =
    { Aurora: 'Aurora cluster', RDS: 'RDS database', S3: 'S3 bucket', EBS: 'EBS volume' }[
      type ?? ''
    ] ??
    type ??
    'resource'
  return name ? `${what} ${name}` : `${what} (not named in the event)`
}

/** The job's page in the AWS Backup console (per region). */
export function consoleUrl(f: BackupEventFacts): string | undefined {
  if (!f.kind || !f.jobId || !f.region || !/^[a-z0-9-]+$/.test(f.region)) return undefined
  const r = f.region
  return `https://${r}.console.aws.amazon.com/backup/home?region=${r}#/jobs/${f.kind}/details/${encodeURIComponent(f.jobId)}`
}

/** KMS key ARNs (and key ids in them) out of AWS's texts: which key is not Slack's business. */
export function withoutKeys(text: string): string {
  return text.replace(/arn:aws[a-z-]*:kms:[^\s"',;)]+/g, '(a KMS key)')
}

const STATE_WORD: Record<string, string> = { PARTIAL: 'partly completed' }

/** AWS wraps some status messages in quotes of their own. */
export function statusText(message: string | undefined): string | undefined {
  const m = message
    ?.trim()
    .replace(/^"(.*)"$/s, '$1')
    .trim()
  return m ? withoutKeys(m) : undefined
}

function headline(f: BackupEventFacts): string {
  const kind = f.kind && (f.restoreTestingPlan ? 'restore test' : KIND_WORD[f.kind])
  const what = resourceLabel(f.resourceType, f.resourceArn)
  const where = f.region ? ` in ${f.region}` : ''
  if (!kind) return `AWS Backup event not understood${where}`
  if (f.severity === 'note') return `AWS Backup restore test passed: ${what}${where}`
  if (f.severity === 'warning') return `AWS Backup ${kind} completed with issues: ${what}${where}`
  const state = STATE_WORD[f.state ?? ''] ?? (f.state ?? 'in an unknown state').toLowerCase()
  return `AWS Backup ${kind}${f.restoreTestingPlan ? '' : ' job'} ${state}: ${what}${where}`
}

export function backupEventMessage(
  f: BackupEventFacts,
  mentionSetting?: string
): IncomingWebhookSendArguments {
  const mention = f.severity === 'failure' ? formatMention(mentionSetting) : undefined
  const title = `${ICON[f.severity]} ${headline(f)}`.trim()
  const link = consoleUrl(f)
  const fields: string[] = []
  if (f.kind) fields.push(`*Job*\n${escapeMrkdwn(f.kind)} \`${escapeMrkdwn(f.jobId ?? '?')}\``)
  if (f.state) fields.push(`*State*\n${escapeMrkdwn(f.state)}`)
  if (f.vault) fields.push(`*Vault*\n${escapeMrkdwn(f.vault)}`)
  if (f.destinationVault) {
    fields.push(
      `*Copy to*\n${escapeMrkdwn(f.destinationVault)}${f.destinationRegion ? ` (${escapeMrkdwn(f.destinationRegion)})` : ''}`
    )
  }
  if (f.kind) {
    fields.push(`*Resource*\n${escapeMrkdwn(resourceLabel(f.resourceType, f.resourceArn))}`)
  }
  if (f.account) fields.push(`*Account*\n${escapeMrkdwn(f.account)}`)
  if (f.bytes !== undefined && f.bytes > 0) fields.push(`*Size*\n${formatBytes(f.bytes)}`)
  if (f.restoreTestingPlan) {
    fields.push(`*Restore testing plan*\n${escapeMrkdwn(f.restoreTestingPlan)}`)
  }

  const blocks: NonNullable<IncomingWebhookSendArguments['blocks']> = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.header), emoji: true }
    }
  ]
  const message = statusText(f.statusMessage)?.replace(/```/g, "'''")
  if (f.severity !== 'note' || message) {
    const body = message ?? 'AWS Backup gave no status message.'
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `${mention ? mention + ' ' : ''}*Status message:*\n\`\`\`${truncate(body, 2900)}\`\`\``,
          SLACK_LIMITS.section
        )
      }
    })
  }
  if (fields.length) {
    blocks.push({
      type: 'section',
      fields: fields.map((text) => ({ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.field) }))
    })
  }
  const details: string[] = []
  if (link) details.push(`*Job:* <${link}|open in the AWS Backup console>`)
  if (f.time) details.push(`*Event time:* ${escapeMrkdwn(f.time)}`)
  if (f.unexpected.length) {
    details.push(
      `*Unexpected in the event:* ${escapeMrkdwn(f.unexpected.join('; '))} (the alert shows what could be read)`
    )
  }
  if (details.length) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(details.join('\n'), SLACK_LIMITS.section) }
    })
  }
  const text = truncate(
    `${mention ? mention + ' ' : ''}${headline(f)}${message ? `: ${message}` : ''}${link ? ` (${link})` : ''}`,
    SLACK_LIMITS.fallback
  )
  return redactDeep({ text, blocks })
}
