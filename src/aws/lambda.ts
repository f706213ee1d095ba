import type { Log } from '../log.js'
import { postToSlack, type PostOptions } from '../notify/slack.js'
import { addSecret, redact } from '../util/redact.js'
import { errorLine } from '../util/errors.js'
import { backupEventMessage } from './backupAlert.js'
import { readBackupEvent } from './backupEvent.js'
import { readWebhookSecret } from './webhookSecret.js'

// The Lambda behind the EventBridge rules of the Terraform module: one AWS Backup event in, one
// Slack message out (or none, for an event no rule should have sent). A Slack outage makes the
// invocation fail, so that Lambda retries it and then hands the event to the on-failure
// destination. The webhook is read from Secrets Manager once per cold start, never from a
// plain environment variable. dist/lambda/index.js exports `handler`.

export interface HandlerResult {
  posted: boolean
  severity: string
  unexpected: string[]
}

export interface HandlerOptions {
  env?: NodeJS.ProcessEnv
  post?: PostOptions
  log?: Log
}

/** CloudWatch Logs takes one line per console call; every line is redacted. */
const lambdaLog: Log = {
  info: (m) => console.log(redact(m)),
  warning: (m) => console.warn('warning: ' + redact(m)),
  group: (_name, work) => work(),
  secret: (v) => addSecret(v)
}

export function createHandler(options: HandlerOptions = {}) {
  const env = options.env ?? process.env
  const log = options.log ?? lambdaLog
  let webhook: Promise<string> | undefined
  const readWebhook = () => {
    const secretId = env.SLACK_WEBHOOK_SECRET?.trim()
    if (!secretId) {
      return Promise.reject(
        new Error(
          'SLACK_WEBHOOK_SECRET is not set: name the Secrets Manager secret holding the webhook'
        )
      )
    }
    // A failed read is not cached: the next invocation tries again.
    webhook ??= readWebhookSecret(secretId).then(
      (url) => (addSecret(url), url),
      (error: unknown) => {
        webhook = undefined
        throw error
      }
    )
    return webhook
  }

  return async function handler(event: unknown): Promise<HandlerResult> {
    const facts = readBackupEvent(event)
    const id = (event as { id?: unknown } | null)?.id
    const what = `${facts.detailType ?? 'event'} ${typeof id === 'string' ? id : ''}`.trim()
    for (const u of facts.unexpected) log.warning(`${what}: ${u}`)
    if (facts.severity === 'ignore') {
      log.info(`${what}: ${facts.kind ?? 'not an AWS Backup job'} ${facts.state ?? ''}: no message`)
      return { posted: false, severity: facts.severity, unexpected: facts.unexpected }
    }
    try {
      const url = await readWebhook()
      await postToSlack(url, backupEventMessage(facts, env.SLACK_MENTION), log, {
        retries: 3,
        maxWaitSeconds: 10,
        timeoutMs: 10_000,
        ...options.post
      })
    } catch (error) {
      // One redacted line in the log and as the invocation's error (what the DLQ alarm shows).
      const line = `${what}: not posted to Slack: ${errorLine(error)}`
      log.warning(line)
      throw new Error(line, { cause: error })
    }
    log.info(`${what}: ${facts.kind} ${facts.state} posted to Slack (${facts.severity})`)
    return { posted: true, severity: facts.severity, unexpected: facts.unexpected }
  }
}

export const handler = createHandler()
