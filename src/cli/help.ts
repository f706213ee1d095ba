import type { InputName } from '../config.js'
import { INPUT_DEFAULTS } from '../config.js'
import { COMMANDS, type Command } from '../vocabulary.js'
import { TOOL_VERSION } from '../version.js'

// The CLI's help: one line per command, and per command its own flags with one line each. Every
// flag is the action input of the same name (action.yml; a test keeps the two in step).

/** Flags that take no value: `--force` alone means true (`--force false` still works). */
export const BOOLEAN_FLAGS: readonly InputName[] = [
  's3-force-path-style',
  'dry-run',
  'force',
  'drop-dependents'
]

/** The seed's variables (and a few more), read when the matching flag is not given. */
export const ENV_VARS: Partial<Record<InputName, string>> = {
  'database-url': 'DATABASE_URL',
  'redis-url': 'REDIS_URL',
  'uploads-dir': 'UPLOADS_DIR',
  'uploads-exclude': 'UPLOADS_EXCLUDE',
  // A drill's or restore's targets: a URL with a password stays out of argv (a CronJob's args).
  'target-database-url': 'TARGET_DATABASE_URL',
  'target-redis-url': 'TARGET_REDIS_URL',
  'target-uploads-dir': 'TARGET_UPLOADS_DIR',
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

export const COMMAND_HELP: Record<Command, string> = {
  backup: 'back up PostgreSQL, Redis and an uploads folder; manifest.json last',
  prune: 'delete what the retention policy no longer keeps (--dry-run: the plan only)',
  restore: 'put a complete snapshot back into the targets given',
  drill: 'restore into scratch targets and prove it (rows, keys, files); report the RTO',
  report: 'the monthly review: inventory, gaps, red lines, drills, the ledger as CSV',
  check: "the watchdog: fail when a source's newest scheduled snapshot is too old",
  lifecycle: 'apply the S3 lifecycle backstop to the bucket (--dry-run: print it)',
  verify: 'prove snapshots without restoring them: every file checked and decoded',
  list: 'every snapshot, newest first: state, kind, age, size, sources, the rule that keeps it',
  'destroy-key': "record that a month's age identity was destroyed (--key-period YYYY-MM)",
  adopt: "turn the old script's backups into complete snapshots (--dry-run: the plan only)"
}

export const FLAG_HELP: Record<Exclude<InputName, 'command'>, string> = {
  environment: 'the <env> path segment, e.g. production (default local with no S3 target)',
  's3-bucket': 'S3 bucket that holds the snapshots',
  's3-prefix': 'key prefix before <environment>/',
  's3-endpoint': 'endpoint of an S3-compatible store; empty for AWS S3',
  's3-force-path-style': 'path-style addressing (most S3-compatible stores need it)',
  'aws-region': 'region of the bucket (else AWS_DEFAULT_REGION, us-east-1)',
  sse: 'server-side encryption: AES256, aws:kms or none',
  'sse-kms-key-id': 'KMS key id or ARN (with --sse aws:kms)',
  'backup-root': 'a local folder target, instead of or as well as S3',
  'database-url': 'PostgreSQL to back up (postgresql://user:pass@host:5432/db)',
  'redis-url': 'Redis to back up (redis:// or rediss://)',
  'uploads-dir': 'uploads folder to archive',
  'uploads-exclude': 'glob of entries to leave out (*.tmp, cache/**); repeat the flag for more',
  compression: 'gzip, zstd or none',
  'redis-mode': 'auto (RDB, logical where SYNC is refused), rdb or logical',
  'uploads-compression': 'auto (none when a sample barely compresses) or a compression',
  kind: 'daily, monthly or adhoc (retention reads it)',
  'daily-retention-days': 'keep every complete snapshot this many days',
  'monthly-retention-months': 'keep one snapshot a month this long; the hard limit',
  snapshot: 'a snapshot id (YYYY-MM-DDTHH-MM-SSZ), latest, (drill, verify) random, (verify) all',
  'target-database-url': 'PostgreSQL to restore into',
  'target-redis-url': 'Redis to restore into',
  'target-uploads-dir': 'folder to extract the uploads into',
  'dry-run': 'print the plan only; change nothing',
  force: 'allow a target that already holds data',
  'drop-dependents': 'with --force: let DROP ... CASCADE remove objects outside the dump',
  'max-age-hours': 'the newest complete scheduled snapshot must be younger than this',
  'slack-webhook-url': 'Slack incoming webhook for alerts',
  'slack-mention': 'who to mention in alerts, e.g. @here or <@U123>',
  'notify-on': 'when to post to Slack: failure or always',
  notes: 'recorded in the manifest and the ledger',
  operator: 'who ran it, for the ledger (default: GITHUB_ACTOR)',
  encryption: 'none, or age: encrypt every file to age-recipients as it streams',
  'age-recipients': 'age1... public keys, one a line, or YYYY-MM: keys per month; or a file',
  'age-identity': 'restore/drill/verify: the path of the age secret key file (or AGE_IDENTITY)',
  'key-period': 'destroy-key: the month (YYYY-MM) whose identity was destroyed',
  'allow-damaged': 'restore: from a damaged snapshot, restore the sources whose files are whole',
  'legacy-root': "the old script's flat folder (backups/<timestamp>/), owned by this environment",
  'aws-backup-vault': 'report/check: also read this AWS Backup vault',
  'aws-backup-regions': 'report/check: the regions of that vault, comma-separated'
}

const STORAGE: InputName[] = [
  'environment',
  'backup-root',
  's3-bucket',
  's3-prefix',
  's3-endpoint',
  's3-force-path-style',
  'aws-region'
]
const TARGETS: InputName[] = ['target-database-url', 'target-redis-url', 'target-uploads-dir']
const RETENTION: InputName[] = ['daily-retention-days', 'monthly-retention-months']
const RUN: InputName[] = ['operator', 'notes', 'slack-webhook-url', 'slack-mention', 'notify-on']

/** The flags each command reads, in the order its help lists them. */
export const COMMAND_FLAGS: Record<Command, InputName[]> = {
  backup: [
    'database-url',
    'redis-url',
    'uploads-dir',
    'uploads-exclude',
    ...STORAGE,
    'sse',
    'sse-kms-key-id',
    'encryption',
    'age-recipients',
    'kind',
    'compression',
    'redis-mode',
    'uploads-compression',
    ...RUN
  ],
  prune: ['snapshot', 'legacy-root', ...STORAGE, ...RETENTION, 'dry-run', ...RUN],
  restore: [
    'snapshot',
    ...TARGETS,
    'age-identity',
    'allow-damaged',
    'legacy-root',
    'force',
    'drop-dependents',
    'dry-run',
    ...STORAGE,
    ...RUN
  ],
  drill: [
    'snapshot',
    ...TARGETS,
    'age-identity',
    'force',
    'drop-dependents',
    ...STORAGE,
    ...RETENTION,
    ...RUN
  ],
  report: [
    'legacy-root',
    ...STORAGE,
    ...RETENTION,
    'aws-backup-vault',
    'aws-backup-regions',
    ...RUN
  ],
  check: ['max-age-hours', ...STORAGE, 'aws-backup-vault', 'aws-backup-regions', ...RUN],
  lifecycle: [...STORAGE, ...RETENTION, 'dry-run', ...RUN],
  verify: ['snapshot', 'age-identity', ...STORAGE, ...RUN],
  list: ['legacy-root', ...STORAGE, ...RETENTION, ...RUN],
  'destroy-key': ['key-period', ...STORAGE, ...RUN],
  adopt: ['legacy-root', 'dry-run', ...STORAGE, ...RUN]
}

/** Flags of the CLI alone (no action input): what they do, per command that takes them. */
export const CLI_FLAGS: Partial<Record<Command, Array<{ name: string; help: string }>>> = {
  list: [{ name: 'json', help: 'print the snapshots as JSON (the snapshots output), nothing else' }]
}

const EXIT_CODES =
  'Exit codes: 0 success, 1 the command failed, 2 bad flags or inputs, 130/143 cancelled by\nSIGINT/SIGTERM.'

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.length))
  const commands = COMMANDS.map((c) => `  ${c.padEnd(width)}  ${COMMAND_HELP[c]}`).join('\n')
  return `luneo-backup ${TOOL_VERSION}

Usage: luneo-backup <command> [--flag value ...]

Commands:
${commands}

luneo-backup <command> --help lists the command's flags, one line each.
Global flags: --help, --version.

${EXIT_CODES}
`
}

export function commandUsage(command: Command): string {
  const flags = COMMAND_FLAGS[command].map((name) => {
    const value = BOOLEAN_FLAGS.includes(name) ? '' : ' <value>'
    return { left: `--${name}${value}`, name }
  })
  const own = (CLI_FLAGS[command] ?? []).map((f) => ({ left: `--${f.name}`, help: f.help }))
  const width = Math.max(...[...flags, ...own].map((f) => f.left.length))
  const lines = flags.map(({ left, name }) => {
    const env = ENV_VARS[name] ? ` (env ${ENV_VARS[name]})` : ''
    const def =
      INPUT_DEFAULTS[name] && !BOOLEAN_FLAGS.includes(name) ? ` [${INPUT_DEFAULTS[name]}]` : ''
    return `  ${left.padEnd(width)}  ${FLAG_HELP[name as Exclude<InputName, 'command'>]}${def}${env}`
  })
  for (const f of own) lines.push(`  ${f.left.padEnd(width)}  ${f.help}`)
  return `Usage: luneo-backup ${command} [flags]

${COMMAND_HELP[command]}

Flags (each is the action input of the same name; see README.md):
${lines.join('\n')}
  --help

${EXIT_CODES}
`
}
