// luneo-backup: the same commands as the action, from flags and the seed's environment variables.
// main() is the whole CLI but the process (src/cli.ts starts it), so tests can call it directly.
import { runCommand } from '../commands/index.js'
import { INPUT_NAMES, buildConfig, secretsOf, type RawInputs } from '../config.js'
import { consoleLog } from '../log.js'
import { reportOutcome, type RunRecord } from '../notify/outcome.js'
import { CancelledError, unlessCancelled } from '../util/cancel.js'
import { ConfigError, errorLine, type UserError } from '../util/errors.js'
import { addSecret } from '../util/redact.js'
import { UNWIND_MS, exitCodeOf, stoppedBy } from '../util/signals.js'
import { COMMANDS, type Command } from '../vocabulary.js'
import { TOOL_VERSION } from '../version.js'
import { parseCliArgs } from './args.js'
import { CLI_FLAGS, ENV_VARS, commandUsage, usage } from './help.js'

export { ENV_VARS, usage } from './help.js'

export interface CliIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

/** Where a backup lands with no S3 target and no environment given (the seed's variables alone). */
export const LOCAL_ENVIRONMENT = 'local'

/** Run one command line; resolves to the process's exit code. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo = { stdout: process.stdout, stderr: process.stderr }
): Promise<number> {
  const out = io.stdout
  const log = consoleLog(io.stderr)
  let raw: RawInputs
  let json: boolean
  try {
    const parsed = parseCliArgs(argv)
    const [command, ...extra] = parsed.positionals
    if (parsed.version) {
      out.write(`${TOOL_VERSION}\n`)
      return 0
    }
    if (command === 'help' || parsed.help) {
      const named = command === 'help' ? extra[0] : command
      if (named !== undefined && !COMMANDS.includes(named as Command)) {
        throw new ConfigError(`unknown command "${named}": one of ${COMMANDS.join(', ')}`)
      }
      out.write(named ? commandUsage(named as Command) : usage())
      return 0
    }
    if (extra.length > 0) {
      throw new ConfigError(`one command at a time, got: ${parsed.positionals.join(' ')}`)
    }
    if (command === undefined) throw new ConfigError(`no command: one of ${COMMANDS.join(', ')}`)
    if (parsed.json && !(CLI_FLAGS[command as Command] ?? []).some((f) => f.name === 'json')) {
      throw new ConfigError(`--json is only for list, not ${command}`)
    }
    json = parsed.json
    // A secret key in argv is visible to every process on the machine: a file, or the variable.
    if (parsed.flags['age-identity']?.includes('AGE-SECRET-KEY-')) {
      throw new ConfigError(
        '--age-identity takes the path of a key file; give the key itself as AGE_IDENTITY, never on the command line'
      )
    }
    raw = { command }
    for (const name of INPUT_NAMES) {
      if (name === 'command') continue
      const fromEnv = ENV_VARS[name] ? env[ENV_VARS[name]] : undefined
      raw[name] = parsed.flags[name] ?? fromEnv
    }
    // The seed's variables alone (a laptop, a folder target) need no environment name; with an
    // S3 target it stays required, so production data never lands under a default name.
    if (!raw.environment?.trim() && !raw['s3-bucket']?.trim() && raw['backup-root']?.trim()) {
      raw.environment = LOCAL_ENVIRONMENT
      log.info(
        `environment not set (--environment or ENV) and no S3 target: using "${LOCAL_ENVIRONMENT}"`
      )
    }
  } catch (error) {
    io.stderr.write(`luneo-backup: ${errorLine(error)}\nRun luneo-backup --help for usage.\n`)
    return 2
  }
  for (const secret of secretsOf(raw)) addSecret(secret)
  const record: RunRecord = { raw, started: new Date() }
  try {
    const config = buildConfig(raw, env)
    record.config = config
    const result = await unlessCancelled(runCommand(config, log), UNWIND_MS)
    record.result = result
    if (json) out.write(JSON.stringify(result.json ?? null, null, 2) + '\n')
    else if (result.text !== undefined) out.write(result.text)
    else {
      out.write(result.summary)
      for (const [name, value] of Object.entries(result.outputs)) out.write(`${name}=${value}\n`)
    }
  } catch (error) {
    record.error = error
  }
  // Ledger and Slack: warnings at worst; the run keeps its own outcome and error.
  const outcome = await reportOutcome(record, log, { env, tool: 'cli' })
  // A failed run's summary goes where a good run's does (stdout), once the inputs were valid.
  // With --json, stdout holds JSON or nothing: the error lines on stderr say what failed.
  if (outcome.failureSummary && record.config && !json) out.write(outcome.failureSummary)
  if (record.error !== undefined) {
    const lines = (record.error as UserError).problems ?? [errorLine(record.error)]
    for (const line of lines) io.stderr.write(`luneo-backup: error: ${line}\n`)
  }
  // A run that completed while a signal came in did its work: its success stands, as in the ledger.
  if (record.error === undefined) return 0
  const signal = stoppedBy()
  if (signal || record.error instanceof CancelledError) return exitCodeOf(signal ?? 'SIGTERM')
  return record.error instanceof ConfigError ? 2 : 1
}
