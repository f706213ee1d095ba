import type { IncomingWebhookSendArguments } from '@slack/webhook'
import type { Log } from '../log.js'
import { errorLine } from '../util/errors.js'
import { formatBytes, formatSeconds, formatAge } from '../util/format.js'
import { redact, redactDeep } from '../util/redact.js'
import type { RunContext } from './context.js'

// One Block Kit message per run: on failure (and on success with notify-on: always). Every text
// is redacted and cut to Slack's limits; a 429 is retried after its Retry-After a few times.
// A Slack failure is the caller's warning, never the run's error.

/** Slack's limits (Block Kit reference): a header's text, a section's text, a field's text. */
export const SLACK_LIMITS = { header: 150, section: 3000, field: 2000, fallback: 3000 } as const

export interface LastGood {
  id: string
  ageHours: number
  location: string
}

export interface Alert {
  command: string
  environment: string
  outcome: 'success' | 'failure' | 'cancelled'
  /** The one-line error (failure, cancelled). */
  error?: string
  run: RunContext
  operator?: string
  notes?: string
  snapshotId?: string
  bytes?: number
  durationSeconds?: number
  /** The newest complete snapshot, or why it could not be found. */
  lastGood?: LastGood | { problem: string }
  mention?: string
}

/** Cut a text to at most `max` characters (code points), marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…'
}

/** Slack mrkdwn treats &, < and > as control characters: escape them in text we did not write. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * slack-mention as Slack wants it: `@here`/`here` -> <!here>, `@channel` -> <!channel>, a user id
 * (U..., W...) -> <@U...>, a user group id (S...) -> <!subteam^S...>; `<...>` is kept as it is.
 */
export function formatMention(mention: string | undefined): string | undefined {
  const m = mention?.trim()
  if (!m) return undefined
  return m
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((part) => {
      if (part.startsWith('<') && part.endsWith('>')) return part
      const bare = part.replace(/^@/, '')
      if (['here', 'channel', 'everyone'].includes(bare)) return `<!${bare}>`
      if (/^[UW][A-Z0-9]{6,}$/.test(bare)) return `<@${bare}>`
      if (/^S[A-Z0-9]{6,}$/.test(bare)) return `<!subteam^${bare}>`
      return escapeMrkdwn(part)
    })
    .join(' ')
}

export function slackMessage(alert: Alert): IncomingWebhookSendArguments {
  // A cancelled run did not do its work either: it reads like a failure, under its own word.
  const failed = alert.outcome !== 'success'
  const verb = { success: 'succeeded', failure: 'failed', cancelled: 'was cancelled' }[
    alert.outcome
  ]
  const what = `${alert.command} ${verb} in ${alert.environment}`
  // Mention people only when something needs them.
  const mention = failed ? formatMention(alert.mention) : undefined
  const runText = alert.run.url
    ? `<${alert.run.url}|${escapeMrkdwn(alert.run.label)}>`
    : escapeMrkdwn(alert.run.label)

  const fields: string[] = [
    `*Command*\n${escapeMrkdwn(alert.command)}`,
    `*Environment*\n${escapeMrkdwn(alert.environment)}`
  ]
  if (alert.operator) fields.push(`*Operator*\n${escapeMrkdwn(alert.operator)}`)
  if (alert.snapshotId) fields.push(`*Snapshot*\n${escapeMrkdwn(alert.snapshotId)}`)
  if (alert.bytes !== undefined) fields.push(`*Stored*\n${formatBytes(alert.bytes)}`)
  if (alert.durationSeconds !== undefined) {
    fields.push(`*Duration*\n${formatSeconds(alert.durationSeconds)}`)
  }

  let lastGood: string
  if (!alert.lastGood) lastGood = '*Last good snapshot:* not looked up'
  else if ('problem' in alert.lastGood) {
    lastGood = `*Last good snapshot:* ${escapeMrkdwn(alert.lastGood.problem)}`
  } else {
    lastGood = `*Last good snapshot:* \`${alert.lastGood.id}\`, ${formatAge(alert.lastGood.ageHours)} old (${escapeMrkdwn(alert.lastGood.location)})`
  }

  const blocks: NonNullable<IncomingWebhookSendArguments['blocks']> = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(
          `${{ success: '✅', failure: '🔴', cancelled: '🟠' }[alert.outcome]} ${what}`,
          SLACK_LIMITS.header
        ),
        emoji: true
      }
    }
  ]
  if (failed) {
    // Code blocks keep the error's own characters; ``` inside would end it early.
    const error = truncate((alert.error ?? 'unknown error').replace(/```/g, "'''"), 2900)
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`${mention ? mention + ' ' : ''}*Error:*\n\`\`\`${error}\`\`\``, 3000)
      }
    })
  }
  blocks.push({
    type: 'section',
    fields: fields.map((text) => ({ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.field) }))
  })
  const details = [lastGood, `*Run:* ${runText}`]
  if (alert.notes) details.push(`*Notes:* ${escapeMrkdwn(alert.notes)}`)
  blocks.push({
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(details.join('\n'), SLACK_LIMITS.section) }
  })

  // The notification text (shown in pushes and where blocks cannot be): the same facts, shorter.
  const text = truncate(
    `${mention ? mention + ' ' : ''}luneo-backup ${what}${failed ? `: ${alert.error ?? 'unknown error'}` : ''}${alert.run.url ? ` (${alert.run.url})` : ''}`,
    SLACK_LIMITS.fallback
  )
  return redactDeep({ text, blocks })
}

export interface PostOptions {
  /** Retries after a 429 or a transient failure (5xx, network), at most. */
  retries?: number
  /** The longest Retry-After honoured, in seconds; longer ones are cut to this. */
  maxWaitSeconds?: number
  /** Per request. */
  timeoutMs?: number
  sleep?: (ms: number) => Promise<void>
}

/**
 * Post a message to an incoming webhook; throws a redacted one-line error when Slack did not take
 * it after the bounded retries. Slack answers 429 with Retry-After (seconds) when rate limited.
 */
export async function postToSlack(
  webhookUrl: string,
  message: IncomingWebhookSendArguments,
  log: Log,
  options: PostOptions = {}
): Promise<void> {
  const retries = options.retries ?? 3
  const maxWait = options.maxWaitSeconds ?? 30
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)))
  let retryAfter: number | undefined
  // The library drops response headers from its errors: read Retry-After on the way through.
  const fetchWithHeaders: typeof fetch = async (input, init) => {
    const response = await fetch(input, init)
    const header = response.headers.get('retry-after')
    retryAfter = header !== null && /^\d+(\.\d+)?$/.test(header.trim()) ? Number(header) : undefined
    return response
  }
  // Loaded only when a message goes out: most runs never post, and start faster without it.
  const { IncomingWebhook } = await import('@slack/webhook')
  const webhook = new IncomingWebhook(webhookUrl, {
    fetch: fetchWithHeaders,
    timeout: options.timeoutMs ?? 10_000
  })
  for (let attempt = 0; ; attempt++) {
    retryAfter = undefined
    try {
      await webhook.send(message)
      return
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode
      const transient = status === undefined || status === 429 || status >= 500
      const body = String((error as { body?: unknown }).body ?? '').slice(0, 200)
      const line = status
        ? `Slack answered HTTP ${status}${status === 429 ? ' (rate limited)' : body ? ` (${body.split('\n')[0]})` : ''}`
        : `Slack could not be reached: ${errorLine((error as { original?: unknown }).original ?? error)}`
      if (!transient || attempt >= retries) {
        throw new Error(`${line}${attempt > 0 ? ` after ${attempt + 1} attempts` : ''}`, {
          cause: error
        })
      }
      const wait = Math.min(maxWait, retryAfter ?? 2 ** attempt)
      log.info(`${redact(line)}; retrying in ${wait} s (${attempt + 1}/${retries})`)
      await sleep(wait * 1000)
    }
  }
}
