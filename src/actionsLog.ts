import * as core from '@actions/core'
import type { Log } from './log.js'
import { addSecret, redact } from './util/redact.js'

/** The action's Log: through @actions/core (apart from log.ts so the CLI never loads it). */
export const actionsLog: Log = {
  info: (m) => core.info(redact(m)),
  warning: (m) => core.warning(redact(m)),
  group: (name, work) => core.group(name, work),
  secret: (value) => {
    if (!value) return
    addSecret(value)
    core.setSecret(value)
  }
}
