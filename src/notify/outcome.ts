import { ledgerFieldsOf, type CommandResult } from '../commands/result.js'
import type { Config, RawInputs } from '../config.js'
import type { Log } from '../log.js'
import { listSnapshots } from '../snapshot/catalog.js'
import { snapshotPrefix } from '../snapshot/layout.js'
import { openStorages } from '../storage/open.js'
import type { Storage } from '../storage/storage.js'
import { CancelledError } from '../util/cancel.js'
import { errorLine } from '../util/errors.js'
import { runContext } from './context.js'
import { digestMessage } from './digest.js'
import { failureSummary } from './failureSummary.js'
import { destroyedKeyFields } from '../encryption/periods.js'
import { appendLedger, ledgerEvent } from './ledger.js'
import { postToSlack, slackMessage, type Alert, type LastGood, type PostOptions } from './slack.js'

// What happens after every run, for the action and the CLI alike: one ledger event in every
// storage, then Slack (on failure, or always with notify-on: always; report's digest whenever a
// webhook is set). Nothing here throws: a ledger or Slack problem is a warning and the run keeps
// its own outcome and error. A cancelled run (SIGINT/SIGTERM) has seconds left: its event and its
// one alert go out with short timeouts and no retries (CANCELLED_BUDGET), without the lookup of
// the last good snapshot.

export interface RunRecord {
  raw: RawInputs
  /** Undefined when the inputs were invalid: then there is no storage to write a ledger to. */
  config?: Config
  started: Date
  result?: CommandResult
  error?: unknown
}

export interface OutcomeOptions {
  env?: NodeJS.ProcessEnv
  tool?: 'action' | 'cli'
  now?: () => Date
  slack?: PostOptions
  /** How long finding the last good snapshot may take before the alert goes without it. */
  lookupTimeoutMs?: number
  ledgerTimeoutMs?: number
  openStorages?: (config: Config, log: Log) => Promise<Storage[]>
}

/** What a cancelled run's report may spend: GitHub sends SIGTERM 7.5 s after SIGINT. */
export const CANCELLED_BUDGET = {
  ledgerTimeoutMs: 1_500,
  slack: { retries: 0, timeoutMs: 1_500 }
} as const

/** What the caller shows besides: a failed run's job summary. */
export interface OutcomeReport {
  failureSummary?: string
}

export async function reportOutcome(
  record: RunRecord,
  log: Log,
  options: OutcomeOptions = {}
): Promise<OutcomeReport> {
  const done: OutcomeReport = {}
  try {
    await report(record, log, options, done)
  } catch (error) {
    log.warning(`could not record or announce the outcome: ${errorLine(error)}`)
  }
  return done
}

async function report(
  record: RunRecord,
  log: Log,
  options: OutcomeOptions,
  done: OutcomeReport
): Promise<void> {
  const env = options.env ?? process.env
  const finished = (options.now ?? (() => new Date()))()
  const run = runContext(env, options.tool ?? 'action')
  const { config, raw, result, error } = record
  const failed = error !== undefined || !result
  const cancelled = error instanceof CancelledError
  const outcome = cancelled ? 'cancelled' : failed ? 'failure' : 'success'
  if (cancelled) options = { ...options, ...CANCELLED_BUDGET }
  const outputs = result?.outputs ?? {}
  const num = (v: unknown) => (v === undefined || v === '' ? undefined : Number(v))
  const durationSeconds =
    num(outputs['duration-seconds']) ??
    Math.round((finished.getTime() - record.started.getTime()) / 100) / 10
  const snapshotId =
    outputs['snapshot-id'] !== undefined ? String(outputs['snapshot-id']) : undefined
  const bytes = num(outputs.bytes)
  const errorText = failed ? errorLine(error ?? 'no result') : undefined
  const command = config?.command ?? (raw.command?.trim() || 'backup')
  const environment = config?.environment ?? (raw.environment?.trim() || '(unknown environment)')

  let storages: Storage[] = []
  if (config) {
    try {
      storages = await (options.openStorages ?? openStorages)(config, log)
    } catch (e) {
      log.warning(`ledger: cannot open storage: ${errorLine(e)}`)
    }
  }

  if (config && storages.length > 0) {
    const event = ledgerEvent({
      time: record.started.toISOString(),
      finishedAt: finished.toISOString(),
      command,
      environment,
      outcome,
      snapshotId,
      kind: command === 'backup' ? config.kind : undefined,
      error: errorText,
      bytes,
      durationSeconds,
      operator: config.operator,
      notes: config.notes,
      ...(failed ? {} : destroyedKeyFields(config)),
      ...(result?.ledger ?? ledgerFieldsOf(error)),
      runUrl: run.url,
      run: run.label
    })
    const { written, problems } = await appendLedger(storages, event, options.ledgerTimeoutMs)
    for (const uri of written) log.info(`ledger: ${uri}`)
    for (const problem of problems) log.warning(`ledger event not written: ${problem}`)
  }

  // A failed run (not a cancelled one: it has seconds left) looks up the newest complete snapshot
  // for its summary and its alert.
  const webhook = config?.slackWebhookUrl?.href ?? validWebhook(raw['slack-webhook-url'])
  let lastGood: Alert['lastGood']
  if (failed && !cancelled && storages[0]) {
    lastGood = await lastGoodSnapshot(
      storages[0],
      environment,
      finished,
      options.lookupTimeoutMs ?? (webhook ? 15_000 : 5_000)
    )
  }
  if (failed) {
    done.failureSummary = failureSummary({
      command,
      environment,
      error: error ?? 'no result',
      outcome: cancelled ? 'cancelled' : 'failure',
      lastGood
    })
  }

  // report's digest goes out whenever a webhook is set, in place of the generic success message.
  if (webhook && !failed && result?.digest) {
    try {
      await postToSlack(
        webhook,
        digestMessage(result.digest, run, config?.slackMention),
        log,
        options.slack
      )
      log.info('Slack: digest sent')
    } catch (e) {
      log.warning(`Slack digest not sent: ${errorLine(e)}`)
    }
    return
  }
  const notifyOn = config?.notifyOn ?? 'failure'
  if (!webhook || (!failed && notifyOn !== 'always')) return

  const alert: Alert = {
    command,
    environment,
    outcome,
    error: errorText,
    run,
    operator: config?.operator ?? (env.GITHUB_ACTOR || undefined),
    notes: config?.notes,
    snapshotId,
    bytes,
    durationSeconds,
    mention: config?.slackMention ?? (raw['slack-mention']?.trim() || undefined)
  }
  if (lastGood) alert.lastGood = lastGood
  try {
    await postToSlack(webhook, slackMessage(alert), log, options.slack)
    log.info('Slack: alert sent')
  } catch (e) {
    log.warning(`Slack alert not sent: ${errorLine(e)}`)
  }
}

/** The webhook from raw inputs when the config could not be built (bad inputs fail loudly too). */
function validWebhook(value: string | undefined): string | undefined {
  try {
    const url = new URL(value?.trim() ?? '')
    return ['https:', 'http:'].includes(url.protocol) ? url.href : undefined
  } catch {
    return undefined
  }
}

/** The newest complete snapshot in a storage, bounded in time; a problem is a line, not an error. */
async function lastGoodSnapshot(
  storage: Storage,
  environment: string,
  now: Date,
  timeoutMs: number
): Promise<LastGood | { problem: string }> {
  let timer: NodeJS.Timeout | undefined
  try {
    const entries = await Promise.race([
      listSnapshots(storage, environment),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${timeoutMs / 1000} s`)),
          timeoutMs
        )
      })
    ])
    const newest = entries.filter((e) => e.state === 'complete').at(-1)
    if (!newest) return { problem: `none in ${storage.uriOf(environment + '/')}` }
    return {
      id: newest.id,
      ageHours: (now.getTime() - newest.startedAt.getTime()) / 3_600_000,
      location: storage.uriOf(snapshotPrefix(environment, newest.id))
    }
  } catch (error) {
    return { problem: `could not be looked up: ${errorLine(error)}` }
  } finally {
    clearTimeout(timer)
  }
}
