import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { UserError } from '../util/errors.js'
import { backup } from './backup.js'
import { check } from './check.js'
import { drill } from './drill.js'
import { lifecycle } from './lifecycle.js'
import { prune } from './prune.js'
import { report } from './report.js'
import { restore } from './restore.js'
import type { CommandResult } from './result.js'

/** The one place that maps a command name to its code, for the action and the CLI alike. */
export async function runCommand(config: Config, log: Log): Promise<CommandResult> {
  switch (config.command) {
    case 'backup':
      return backup(config, log)
    case 'prune':
      return prune(config, log)
    case 'restore':
      return restore(config, log)
    case 'drill':
      return drill(config, log)
    case 'check':
      return check(config, log)
    case 'report':
      return report(config, log)
    case 'lifecycle':
      return lifecycle(config, log)
    default:
      throw new UserError(`command ${config.command} is not implemented yet`)
  }
}
