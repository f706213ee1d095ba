import * as core from '@actions/core'
import { runCommand } from './commands/index.js'
import { INPUT_NAMES, buildConfig, secretsOf, type RawInputs } from './config.js'
import { actionsLog } from './log.js'
import { UserError, errorLine } from './util/errors.js'

/** The action: inputs -> config -> command -> outputs and job summary; one setFailed on failure. */
export async function run(): Promise<void> {
  try {
    const raw: RawInputs = {}
    for (const name of INPUT_NAMES) raw[name] = core.getInput(name)
    // Mask before anything can print them.
    for (const secret of secretsOf(raw)) actionsLog.secret(secret)
    const config = buildConfig(raw)
    const result = await runCommand(config, actionsLog)
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, String(value))
    await core.summary.addRaw(result.summary).write()
  } catch (error) {
    const outputs = error instanceof UserError ? (error.outputs ?? {}) : {}
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, String(value))
    core.setFailed(errorLine(error))
  }
}
