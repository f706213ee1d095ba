import path from 'node:path'
import { validatePolicy } from './retention/policy.js'
import {
  COMMANDS,
  COMPRESSIONS,
  KINDS,
  NOTIFY_ON,
  REDIS_MODES,
  SSE_MODES,
  type Command,
  type Compression,
  type Kind,
  type SseMode
} from './vocabulary.js'
import { ConfigError } from './util/errors.js'
import { displayUrl } from './util/redact.js'

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
  'backup-root': '',
  'database-url': '',
  'redis-url': '',
  'uploads-dir': '',
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

export interface Config {
  command: Command
  environment: string
  s3?: S3Config
  backupRoot?: string
  databaseUrl?: URL
  redisUrl?: URL
  uploadsDir?: string
  compression: Compression
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
  slackWebhookUrl?: URL
  slackMention?: string
  notifyOn: (typeof NOTIFY_ON)[number]
  notes?: string
  operator?: string
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
    compression: oneOf('compression', get('compression'), COMPRESSIONS),
    redisMode: oneOf('redis-mode', get('redis-mode'), REDIS_MODES),
    uploadsCompression: oneOf('uploads-compression', get('uploads-compression'), [
      'auto',
      ...COMPRESSIONS
    ] as const),
    kind: oneOf('kind', get('kind'), KINDS),
    dailyRetentionDays: int('daily-retention-days', get('daily-retention-days'), 1, 3660),
    monthlyRetentionMonths: int(
      'monthly-retention-months',
      get('monthly-retention-months'),
      1,
      120
    ),
    snapshot: get('snapshot'),
    targetDatabaseUrl: pgUrl('target-database-url'),
    targetRedisUrl: redisUrl('target-redis-url'),
    targetUploadsDir: dir('target-uploads-dir'),
    dryRun: bool('dry-run', get('dry-run')),
    force: bool('force', get('force')),
    dropDependents: bool('drop-dependents', get('drop-dependents')),
    allowDamaged: bool('allow-damaged', get('allow-damaged')),
    legacyRoot: dir('legacy-root'),
    maxAgeHours: int('max-age-hours', get('max-age-hours'), 1, 24 * 366),
    slackWebhookUrl: optional('slack-webhook-url')
      ? url('slack-webhook-url', get('slack-webhook-url'), ['https:', 'http:'], true)
      : undefined,
    slackMention: optional('slack-mention'),
    notifyOn: oneOf('notify-on', get('notify-on'), NOTIFY_ON),
    notes: optional('notes'),
    operator: optional('operator') ?? (env.GITHUB_ACTOR || undefined)
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

function oneOf<T extends readonly string[]>(name: string, value: string, allowed: T): T[number] {
  if (!allowed.includes(value)) {
    throw new ConfigError(`${name} "${value}" is not one of: ${allowed.join(', ')}`)
  }
  return value as T[number]
}

function bool(name: string, value: string): boolean {
  const v = value.toLowerCase()
  if (['true', 'yes', '1'].includes(v)) return true
  if (['false', 'no', '0'].includes(v)) return false
  throw new ConfigError(`${name} "${value}" is not true or false`)
}

function int(name: string, value: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(value)) throw new ConfigError(`${name} "${value}" is not a whole number`)
  const n = Number(value)
  if (n < min || n > max) {
    throw new ConfigError(`${name} ${n} is out of range: it must be between ${min} and ${max}`)
  }
  return n
}

function url(name: string, value: string, protocols: string[], secretWhole = false): URL {
  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    throw new ConfigError(
      `${name} is not a valid URL: expected ${protocols.map((p) => p + '//').join(' or ')}...`
    )
  }
  if (!protocols.includes(parsed.protocol)) {
    const shown = secretWhole ? parsed.protocol + '//***' : displayUrl(parsed)
    throw new ConfigError(
      `${name} "${shown}" must start with ${protocols.map((p) => p + '//').join(' or ')}`
    )
  }
  if (!parsed.hostname) throw new ConfigError(`${name} has no host name`)
  return parsed
}
