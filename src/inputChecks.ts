import { isSnapshotId } from './snapshot/id.js'
import { parseLegacyName } from './snapshot/legacy.js'
import { ConfigError } from './util/errors.js'
import { displayUrl } from './util/redact.js'

// The small checks buildConfig runs on single inputs: each returns the parsed value or throws a
// ConfigError naming the input and what it must be.

export interface AwsBackupConfig {
  vault: string
  /** The vault's region first, then the regions its copies go to. */
  regions: string[]
}

export function awsBackupConfig(
  vault: string | undefined,
  regionList: string | undefined,
  regionDefaults: (string | undefined)[]
): AwsBackupConfig | undefined {
  if (!vault) {
    if (regionList) throw new ConfigError('aws-backup-regions is set but aws-backup-vault is not')
    return undefined
  }
  if (!/^[A-Za-z0-9_.-]{2,50}$/.test(vault)) {
    throw new ConfigError(
      `aws-backup-vault "${vault}" is not a backup vault name (2-50 letters, digits, '-', '_', '.')`
    )
  }
  const regions = regionList
    ? regionList.split(/[\s,]+/).filter(Boolean)
    : [regionDefaults.find(Boolean) ?? 'us-east-1']
  for (const r of regions) {
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(r)) {
      throw new ConfigError(`aws-backup-regions: "${r}" is not an AWS region such as eu-west-3`)
    }
  }
  if (new Set(regions).size !== regions.length) {
    throw new ConfigError(`aws-backup-regions "${regionList}" names a region twice`)
  }
  return { vault, regions }
}

/** restore/drill/verify's snapshot: checked here, so a bad one fails before anything runs (exit 2). */
export function snapshotSpec(value: string): string {
  if (['latest', 'random', 'all'].includes(value) || isSnapshotId(value)) return value
  // The old script's folders (restore --snapshot <folder>): a time, never a path.
  if (!/[/\\]|\.\./.test(value) && parseLegacyName(value)) return value
  throw new ConfigError(
    `snapshot "${value}" is not a snapshot id (YYYY-MM-DDTHH-MM-SSZ), latest, random, (verify) all, or a legacy folder's time`
  )
}

export function oneOf<T extends readonly string[]>(
  name: string,
  value: string,
  allowed: T
): T[number] {
  if (!allowed.includes(value)) {
    throw new ConfigError(`${name} "${value}" is not one of: ${allowed.join(', ')}`)
  }
  return value as T[number]
}

export function bool(name: string, value: string): boolean {
  const v = value.toLowerCase()
  if (['true', 'yes', '1'].includes(v)) return true
  if (['false', 'no', '0'].includes(v)) return false
  throw new ConfigError(`${name} "${value}" is not true or false`)
}

export function wholeNumber(name: string, value: string): number {
  if (!/^-?\d+$/.test(value)) throw new ConfigError(`${name} "${value}" is not a whole number`)
  return Number(value)
}

export function int(name: string, value: string, min: number, max: number): number {
  const n = wholeNumber(name, value)
  if (n < min || n > max) {
    throw new ConfigError(`${name} ${n} is out of range: it must be between ${min} and ${max}`)
  }
  return n
}

export function url(name: string, value: string, protocols: string[], secretWhole = false): URL {
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
