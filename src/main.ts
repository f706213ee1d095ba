import * as core from '@actions/core'
import { runCommand } from './commands/index.js'
import { INPUT_NAMES, buildConfig, secretsOf, type RawInputs } from './config.js'
import { actionsLog } from './actionsLog.js'
import { reportOutcome, type RunRecord } from './notify/outcome.js'
import { unlessCancelled } from './util/cancel.js'
import { UserError, errorLine } from './util/errors.js'
import { UNWIND_MS, exitCodeOf, stoppedBy } from './util/signals.js'

/** The action: inputs -> config -> command -> outputs and job summary; one setFailed on failure. */
export async function run(): Promise<void> {
  const record: RunRecord = { raw: {}, started: new Date() }
  try {
    const raw: RawInputs = record.raw
    for (const name of INPUT_NAMES) raw[name] = core.getInput(name)
    // Mask before anything can print them.
    for (const secret of secretsOf(raw)) actionsLog.secret(secret)
    const config = buildConfig(raw)
    record.config = config
    const result = await unlessCancelled(runCommand(config, actionsLog), UNWIND_MS)
    record.result = result
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, String(value))
    if (result.text !== undefined) actionsLog.info(result.text.trimEnd())
    await core.summary.addRaw(result.summary).write()
  } catch (error) {
    const outputs = error instanceof UserError ? (error.outputs ?? {}) : {}
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, String(value))
    record.error = error
  }
  // Ledger and Slack: warnings at worst; the run keeps its own outcome and error.
  const outcome = await reportOutcome(record, actionsLog, { tool: 'action' })
  if (outcome.failureSummary) {
    await core.summary
      .addRaw(outcome.failureSummary)
      .write()
      .catch(() => undefined) // no summary file (run outside a runner): the log has it all
  }
  if (record.error !== undefined) {
    // Several problems found at once: one annotation each, then the line that fails the step.
    for (const problem of (record.error as UserError).problems ?? []) core.error(problem)
    core.setFailed(errorLine(record.error))
  }
  // Cancelled: the step fails (above) and the process exits as a signalled one would.
  const signal = stoppedBy()
  if (signal && record.error !== undefined) process.exitCode = exitCodeOf(signal)
}
