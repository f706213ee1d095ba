import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { periodOf } from '../encryption/recipients.js'
import { listSnapshots } from '../snapshot/catalog.js'
import { openStorages } from '../storage/open.js'
import { UserError } from '../util/errors.js'
import type { CommandResult } from './result.js'

// destroy-key: records that the age identity of one month (key-period) has been destroyed, as
// this run's ledger event (with its period), so backup never encrypts to it again and report
// shows it. The key itself lives in your secret store: delete it there, then run this. Refused
// while any storage still holds a snapshot of that month: its backups would become unreadable.

export async function destroyKey(
  config: Config,
  log: Log,
  now = new Date()
): Promise<CommandResult> {
  const period = config.keyPeriod!
  if (period >= periodOf(now)) {
    throw new UserError(
      `key-period ${period} is this month or later: backups are still being encrypted to it`
    )
  }
  const storages = await openStorages(config, log)
  const left: string[] = []
  for (const storage of storages) {
    const entries = await listSnapshots(storage, config.environment)
    const of = entries.filter((e) => periodOf(e.id) === period)
    if (of.length > 0) {
      left.push(
        `${storage.uriOf(`${config.environment}/`)} holds ${of.length} (${of
          .slice(0, 3)
          .map((e) => e.id)
          .join(', ')}${of.length > 3 ? ', ...' : ''})`
      )
    }
  }
  if (left.length > 0) {
    throw new UserError(
      `snapshots of ${period} are left, which its key still opens: ${left.join('; ')}; prune them (or wait for retention) before destroying the key`
    )
  }
  log.info(
    `no snapshot of ${period} is left in ${storages.map((s) => s.uriOf(`${config.environment}/`)).join(', ')}`
  )
  if (config.dryRun) {
    return {
      outputs: { period, recorded: 'false' },
      summary: `## destroy-key ${period} (dry run)\n\nNo snapshot of ${period} is left: its key can be destroyed. Nothing recorded.\n`
    }
  }
  log.info(`${period}: recorded as destroyed (this run's ledger event)`)
  return {
    outputs: { period, recorded: 'true' },
    summary: `## destroy-key ${period}\n\nThe age identity of ${period} is recorded as destroyed in the ledger: backup refuses to encrypt to it, report lists it as destroyed. Make sure every copy of the secret key is gone from your secret store.\n`
  }
}
