import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { UserError } from '../util/errors.js'
import type { CommandResult } from './result.js'

/**
 * The one place that maps a command name to its code, for the action and the CLI alike. Each
 * command is loaded when it runs, so a run pays start-up time only for the code it uses.
 */
export async function runCommand(config: Config, log: Log): Promise<CommandResult> {
  switch (config.command) {
    case 'backup':
      return (await import('./backup.js')).backup(config, log)
    case 'prune':
      return (await import('./prune.js')).prune(config, log)
    case 'restore':
      return (await import('./restore.js')).restore(config, log)
    case 'drill':
      return (await import('./drill.js')).drill(config, log)
    case 'check':
      return (await import('./check.js')).check(config, log)
    case 'report':
      return (await import('./report.js')).report(config, log)
    case 'lifecycle':
      return (await import('./lifecycle.js')).lifecycle(config, log)
    case 'verify':
      return (await import('./verify.js')).verify(config, log)
    case 'list':
      return (await import('./list.js')).list(config, log)
    case 'destroy-key':
      return (await import('./destroyKey.js')).destroyKey(config, log)
    case 'adopt':
      return (await import('./adopt.js')).adopt(config, log)
    default:
      throw new UserError(`command ${config.command} is not implemented yet`)
  }
}
