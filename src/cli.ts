#!/usr/bin/env node
// luneo-backup: the same commands as the action, from flags and the seed's environment variables.
import './gcTuning.js'
import { parseArgs } from 'node:util'
import { runCommand } from './commands/index.js'
import { INPUT_DEFAULTS, INPUT_NAMES, buildConfig, secretsOf, type RawInputs } from './config.js'
import { consoleLog } from './log.js'
import { COMMANDS } from './vocabulary.js'
import { reportOutcome, type RunRecord } from './notify/outcome.js'
import { CancelledError, unlessCancelled } from './util/cancel.js'
import { ConfigError, errorLine, type UserError } from './util/errors.js'
import { addSecret } from './util/redact.js'
import { UNWIND_MS, exitCodeOf, flushOutput, handleStopSignals, stoppedBy } from './util/signals.js'
import { TOOL_VERSION } from './version.js'

/** The seed's variables (and a few more), read when the matching flag is not given. */
export const ENV_VARS: Partial<Record<(typeof INPUT_NAMES)[number], string>> = {
  'database-url': 'DATABASE_URL',
  'redis-url': 'REDIS_URL',
  'uploads-dir': 'UPLOADS_DIR',
  'backup-root': 'BACKUP_ROOT',
  's3-bucket': 'S3_BUCKET',
  's3-prefix': 'S3_PREFIX',
  's3-endpoint': 'S3_ENDPOINT',
  environment: 'ENV',
  'slack-webhook-url': 'SLACK_WEBHOOK_URL',
  'aws-region': 'AWS_REGION',
  'age-recipients': 'AGE_RECIPIENTS',
  'age-identity': 'AGE_IDENTITY'
}

export function usage(): string {
  const flags = INPUT_NAMES.filter((n) => n !== 'command')
    .map((n) => {
      const env = ENV_VARS[n] ? ` (env ${ENV_VARS[n]})` : ''
      const def = INPUT_DEFAULTS[n] ? ` [default: ${INPUT_DEFAULTS[n]}]` : ''
      return `  --${n}${env}${def}`
    })
    .join('\n')
  return `luneo-backup ${TOOL_VERSION}

Usage: luneo-backup <${COMMANDS.join('|')}> [--flag value ...]

Flags (each is the action input of the same name; see README.md):
${flags}
  --help, --version

Exit codes: 0 success, 1 the command failed, 2 bad flags or inputs, 130/143 cancelled by
SIGINT/SIGTERM.
`
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const out = process.stdout
  const log = consoleLog(process.stderr)
  let raw: RawInputs
  try {
    const options = Object.fromEntries(
      INPUT_NAMES.map((n) => [n, { type: 'string' as const }])
    ) as Record<string, { type: 'string' }>
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...options, help: { type: 'boolean' }, version: { type: 'boolean' } }
    })
    if (parsed.values.help) {
      out.write(usage())
      return 0
    }
    if (parsed.values.version) {
      out.write(`${TOOL_VERSION}\n`)
      return 0
    }
    if (parsed.positionals.length > 1) {
      throw new ConfigError(`one command at a time, got: ${parsed.positionals.join(' ')}`)
    }
    raw = {}
    for (const name of INPUT_NAMES) {
      const flag = (parsed.values as Record<string, unknown>)[name]
      const fromEnv = ENV_VARS[name] ? env[ENV_VARS[name]] : undefined
      raw[name] = typeof flag === 'string' ? flag : fromEnv
    }
    if (parsed.positionals[0]) raw.command = parsed.positionals[0]
    // A secret key in argv is visible to every process on the machine: a file, or the variable.
    const identityFlag = (parsed.values as Record<string, unknown>)['age-identity']
    if (typeof identityFlag === 'string' && identityFlag.includes('AGE-SECRET-KEY-')) {
      throw new ConfigError(
        '--age-identity takes the path of a key file; give the key itself as AGE_IDENTITY, never on the command line'
      )
    }
  } catch (error) {
    process.stderr.write(`luneo-backup: ${errorLine(error)}\nRun luneo-backup --help for usage.\n`)
    return 2
  }
  for (const secret of secretsOf(raw)) addSecret(secret)
  const record: RunRecord = { raw, started: new Date() }
  try {
    const config = buildConfig(raw, env)
    record.config = config
    const result = await unlessCancelled(runCommand(config, log), UNWIND_MS)
    record.result = result
    out.write(result.summary)
    for (const [name, value] of Object.entries(result.outputs)) out.write(`${name}=${value}\n`)
  } catch (error) {
    record.error = error
  }
  // Ledger and Slack: warnings at worst; the run keeps its own outcome and error.
  await reportOutcome(record, log, { env, tool: 'cli' })
  if (record.error !== undefined) {
    const lines = (record.error as UserError).problems ?? [errorLine(record.error)]
    for (const line of lines) process.stderr.write(`luneo-backup: error: ${line}\n`)
  }
  // A run that completed while a signal came in did its work: its success stands, as in the ledger.
  if (record.error === undefined) return 0
  const signal = stoppedBy()
  if (signal || record.error instanceof CancelledError) return exitCodeOf(signal ?? 'SIGTERM')
  return record.error instanceof ConfigError ? 2 : 1
}

handleStopSignals((line) => process.stderr.write(`luneo-backup: ${line}\n`))
const code = await main(process.argv.slice(2), process.env)
// The outcome is reported: exit now. Nothing should be left running (each wait has a bound), but
// a leftover handle must not keep a finished run alive.
await flushOutput()
process.exit(code)
