import path from 'node:path'
import { validatePolicy } from './retention/policy.js'
import { timeoutsFrom, type Timeouts } from './util/timeouts.js'
import { excludePatterns } from './sources/uploads/exclude.js'
import {
  COMMANDS,
  COMPRESSIONS,
  ENCRYPTIONS,
  KINDS,
  NOTIFY_ON,
  REDIS_MODES,
  SSE_MODES,
  type Command,
  type Compression,
  type Kind,
  type SseMode
} from './vocabulary.js'
import { identitiesIn, parseIdentities } from './encryption/identity.js'
import { parseRecipients, type RecipientsInput } from './encryption/recipients.js'
import { ConfigError } from './util/errors.js'
import {
  awsBackupConfig,
  bool,
  int,
  oneOf,
  snapshotSpec,
  url,
  wholeNumber,
  type AwsBackupConfig
} from './inputChecks.js'

// One typed, validated Config from action inputs or CLI flags/env (DESIGN.md, "Inputs").
// Every error names the input and quotes the bad value (redacted where it may hold a secret).

/** Input names with their defaults, in action.yml order ('' = no default). */
export const INPUT_DEFAULTS = {
  command: 'backup',
  environment: '',
  's3-bucket': '',
  's3-prefix': '',
  's3-endpoint': '',
  's3-force-path-style': 'false',
  'aws-region': '',
  sse: 'AES256',
  'sse-kms-key-id': '',
  encryption: 'none',
  'age-recipients': '',
  'age-identity': '',
  'key-period': '',
  'backup-root': '',
  'database-url': '',
  'redis-url': '',
  'uploads-dir': '',
  'uploads-exclude': '',
  compression: 'gzip',
  'redis-mode': 'auto',
  'uploads-compression': 'auto',
  kind: 'daily',
  'daily-retention-days': '30',
  'monthly-retention-months': '12',
  snapshot: 'latest',
  'target-database-url': '',
  'target-redis-url': '',
  'target-uploads-dir': '',
  'dry-run': 'false',
  force: 'false',
  'drop-dependents': 'false',
  'allow-damaged': 'false',
  'legacy-root': '',
  'max-age-hours': '26',
  'aws-backup-vault': '',
  'aws-backup-regions': '',
  'slack-webhook-url': '',
  'slack-mention': '',
  'notify-on': 'failure',
  notes: '',
  operator: ''
} as const

export type InputName = keyof typeof INPUT_DEFAULTS
export const INPUT_NAMES = Object.keys(INPUT_DEFAULTS) as InputName[]
export type RawInputs = Partial<Record<InputName, string>>

export interface S3Config {
  bucket: string
  prefix: string
  endpoint?: string
  forcePathStyle: boolean
  region?: string
  sse: SseMode
  kmsKeyId?: string
}

export type { AwsBackupConfig }

export interface Config {
  command: Command
  environment: string
  s3?: S3Config
  backupRoot?: string
  databaseUrl?: URL
  redisUrl?: URL
  uploadsDir?: string
  /** uploads-exclude: glob patterns of entries the uploads archive leaves out. */
  uploadsExclude: string[]
  compression: Compression
  /** age: every data file encrypted to ageRecipients (backup); none: stored as compressed. */
  encryption: (typeof ENCRYPTIONS)[number]
  /** The public keys to encrypt to, for every month or per month (backup with encryption: age). */
  ageRecipients?: RecipientsInput
  /** The secret keys that open encrypted snapshots (restore, drill). */
  ageIdentities?: string[]
  /** destroy-key: the month (YYYY-MM) whose age identity was destroyed. */
  keyPeriod?: string
  redisMode: (typeof REDIS_MODES)[number]
  uploadsCompression: 'auto' | Compression
  kind: Kind
  dailyRetentionDays: number
  monthlyRetentionMonths: number
  snapshot: string
  targetDatabaseUrl?: URL
  targetRedisUrl?: URL
  targetUploadsDir?: string
  dryRun: boolean
  force: boolean
  /** restore: let force's DROP ... CASCADE remove objects outside the dump. */
  dropDependents: boolean
  /** restore: restore the whole sources of a damaged snapshot, naming what is missing. */
  allowDamaged: boolean
  /** The old script's flat local folder (`backups/<timestamp>/`), owned by this environment. */
  legacyRoot?: string
  maxAgeHours: number
  /** report and check also read AWS Backup: this vault, in the first region; copies in the others. */
  awsBackup?: AwsBackupConfig
  slackWebhookUrl?: URL
  slackMention?: string
  notifyOn: (typeof NOTIFY_ON)[number]
  notes?: string
  operator?: string
  /** Connect and read timeouts for the databases (LUNEO_CONNECT/READ_TIMEOUT_SECONDS). */
  timeouts: Timeouts
  /** How often long writes log their progress (LUNEO_PROGRESS_SECONDS, default 10). */
  progressMs: number
  /** $RUNNER_TEMP on a runner: where files the workflow uploads go (else the OS's tmp folder). */
  runnerTemp?: string
}

/** The values that are secrets wherever they appear: mask them before anything is logged. */
export function secretsOf(raw: RawInputs): string[] {
  const out: string[] = []
  for (const name of [
    'database-url',
    'redis-url',
    'target-database-url',
    'target-redis-url'
  ] as const) {
    const value = raw[name]?.trim()
    if (!value) continue
    try {
      const url = new URL(value)
      if (url.password) out.push(decodeURIComponent(url.password), url.password)
      // libpq also takes it as a parameter: postgresql://user@host/db?password=...
      const param = url.searchParams.get('password')
      if (param) out.push(param, encodeURIComponent(param))
    } catch {
      // A malformed URL may still hold a password: hide the whole value.
      out.push(value)
    }
  }
  const identity = raw['age-identity']?.trim()
  if (identity) {
    try {
      out.push(...identitiesIn(identity))
    } catch {
      // Not readable now: buildConfig says so, without the value.
    }
    if (identity.includes('AGE-SECRET-KEY-')) out.push(identity)
  }
  const slack = raw['slack-webhook-url']?.trim()
  if (slack) out.push(slack)
  return [...new Set(out)]
}

export function buildConfig(raw: RawInputs, env: NodeJS.ProcessEnv = process.env): Config {
  const get = (name: InputName): string => (raw[name] ?? '').trim() || INPUT_DEFAULTS[name]
  const optional = (name: InputName): string | undefined => get(name) || undefined

  const command = oneOf('command', get('command'), COMMANDS)
  const environment = get('environment')
  if (!environment) throw new ConfigError('environment is required (e.g. production)')
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(environment) || environment.includes('..')) {
    throw new ConfigError(
      `environment "${environment}" is not a plain name: use letters, digits, '.', '_' and '-', no '/' or '..'`
    )
  }

  const bucket = optional('s3-bucket')
  let s3: S3Config | undefined
  if (bucket) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new ConfigError(`s3-bucket "${bucket}" is not a valid bucket name`)
    }
    const prefix = get('s3-prefix').replace(/^\/+|\/+$/g, '')
    if (prefix.split('/').some((part) => part === '..' || part === '.')) {
      throw new ConfigError(`s3-prefix "${prefix}" must not contain '.' or '..' segments`)
    }
    const endpoint = optional('s3-endpoint')
    if (endpoint) url('s3-endpoint', endpoint, ['http:', 'https:'])
    const sse = oneOf('sse', get('sse'), SSE_MODES)
    const kmsKeyId = optional('sse-kms-key-id')
    if (sse === 'aws:kms' && !kmsKeyId) {
      throw new ConfigError('sse-kms-key-id is required when sse is aws:kms')
    }
    if (sse !== 'aws:kms' && kmsKeyId) {
      throw new ConfigError(`sse-kms-key-id is set but sse is ${sse}: set sse to aws:kms`)
    }
    s3 = {
      bucket,
      prefix,
      endpoint,
      forcePathStyle: bool('s3-force-path-style', get('s3-force-path-style')),
      region: optional('aws-region'),
      sse,
      kmsKeyId
    }
  }
  const backupRootRaw = optional('backup-root')
  const backupRoot = backupRootRaw ? path.resolve(backupRootRaw) : undefined
  if (!s3 && !backupRoot) {
    throw new ConfigError(
      'no storage: set s3-bucket (S3_BUCKET) or backup-root (BACKUP_ROOT), or both'
    )
  }

  const pgUrl = (name: InputName) => {
    const v = optional(name)
    return v ? url(name, v, ['postgres:', 'postgresql:']) : undefined
  }
  const redisUrl = (name: InputName) => {
    const v = optional(name)
    return v ? url(name, v, ['redis:', 'rediss:']) : undefined
  }
  const dir = (name: InputName) => {
    const v = optional(name)
    return v ? path.resolve(v) : undefined
  }

  const config: Config = {
    command,
    environment,
    s3,
    backupRoot,
    databaseUrl: pgUrl('database-url'),
    redisUrl: redisUrl('redis-url'),
    uploadsDir: dir('uploads-dir'),
    uploadsExclude: excludePatterns(raw['uploads-exclude'] ?? ''),
    compression: oneOf('compression', get('compression'), COMPRESSIONS),
    ...encryptionOf(
      command,
      get('encryption'),
      optional('age-recipients'),
      optional('age-identity')
    ),
    redisMode: oneOf('redis-mode', get('redis-mode'), REDIS_MODES),
    uploadsCompression: oneOf('uploads-compression', get('uploads-compression'), [
      'auto',
      ...COMPRESSIONS
    ] as const),
    kind: oneOf('kind', get('kind'), KINDS),
    // Whole numbers here; their ranges are the policy's own (validatePolicy below).
    dailyRetentionDays: wholeNumber('daily-retention-days', get('daily-retention-days')),
    monthlyRetentionMonths: wholeNumber(
      'monthly-retention-months',
      get('monthly-retention-months')
    ),
    snapshot: snapshotSpec(get('snapshot')),
    targetDatabaseUrl: pgUrl('target-database-url'),
    targetRedisUrl: redisUrl('target-redis-url'),
    targetUploadsDir: dir('target-uploads-dir'),
    dryRun: bool('dry-run', get('dry-run')),
    force: bool('force', get('force')),
    dropDependents: bool('drop-dependents', get('drop-dependents')),
    allowDamaged: bool('allow-damaged', get('allow-damaged')),
    legacyRoot: dir('legacy-root'),
    maxAgeHours: int('max-age-hours', get('max-age-hours'), 1, 24 * 366),
    awsBackup: awsBackupConfig(optional('aws-backup-vault'), optional('aws-backup-regions'), [
      optional('aws-region'),
      env.AWS_REGION,
      env.AWS_DEFAULT_REGION
    ]),
    slackWebhookUrl: optional('slack-webhook-url')
      ? url('slack-webhook-url', get('slack-webhook-url'), ['https:', 'http:'], true)
      : undefined,
    slackMention: optional('slack-mention'),
    notifyOn: oneOf('notify-on', get('notify-on'), NOTIFY_ON),
    keyPeriod: keyPeriodOf(command, optional('key-period')),
    notes: optional('notes'),
    operator: optional('operator') ?? (env.GITHUB_ACTOR || undefined),
    timeouts: timeoutsFrom(env),
    progressMs:
      Number(env.LUNEO_PROGRESS_SECONDS) > 0 ? Number(env.LUNEO_PROGRESS_SECONDS) * 1000 : 10_000,
    runnerTemp: env.RUNNER_TEMP || undefined
  }

  // The retention policy's own check: the daily window must fit in the shortest span of
  // monthly-retention-months calendar months (365 days for 12), on every day of the year.
  try {
    validatePolicy(config)
  } catch (error) {
    throw new ConfigError((error as Error).message)
  }
  if (command === 'backup' && !config.databaseUrl && !config.redisUrl && !config.uploadsDir) {
    throw new ConfigError(
      'nothing to back up: set at least one of database-url (DATABASE_URL), redis-url (REDIS_URL), uploads-dir (UPLOADS_DIR)'
    )
  }
  return config
}

/** encryption, age-recipients and age-identity: fail closed, one line, never quoting a secret key. */
function encryptionOf(
  command: Command,
  mode: string,
  recipients: string | undefined,
  identity: string | undefined
): Pick<Config, 'encryption' | 'ageRecipients' | 'ageIdentities'> {
  const encryption = oneOf('encryption', mode, ENCRYPTIONS)
  if (encryption === 'age' && command === 'backup' && !recipients) {
    throw new ConfigError(
      'encryption is age but age-recipients is empty: give the age1... public key(s) to encrypt to (age-keygen -y key.txt)'
    )
  }
  if (encryption === 'none' && recipients && command === 'backup') {
    throw new ConfigError('age-recipients is set but encryption is none: set encryption to age')
  }
  const wrap = <T>(parse: () => T): T => {
    try {
      return parse()
    } catch (error) {
      throw new ConfigError((error as Error).message)
    }
  }
  return {
    encryption,
    ageRecipients: recipients ? wrap(() => parseRecipients(recipients)) : undefined,
    ageIdentities: identity ? wrap(() => parseIdentities(identity)) : undefined
  }
}

function keyPeriodOf(command: Command, value: string | undefined): string | undefined {
  if (command === 'destroy-key' && !value) {
    throw new ConfigError(
      'destroy-key needs key-period: the month (YYYY-MM) whose key was destroyed'
    )
  }
  if (value && !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) {
    throw new ConfigError(`key-period "${value}" is not a month (YYYY-MM)`)
  }
  return value
}
