import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { lifecycleRules, mergeRules, type LifecyclePolicy } from '../storage/lifecycle.js'
import { S3Storage } from '../storage/s3.js'
import { ConfigError } from '../util/errors.js'
import type { CommandResult } from './result.js'

// lifecycle: put the backstop rules for `[s3-prefix/]<environment>/` into the bucket's lifecycle
// configuration (src/storage/lifecycle.ts, README "Lifecycle backstop"), keeping the bucket's
// other rules. dry-run prints the rules it would apply and the bucket's current configuration.

export function lifecyclePolicyOf(config: Config): LifecyclePolicy {
  return {
    glacierAfterDays: config.dailyRetentionDays,
    monthlyRetentionMonths: config.monthlyRetentionMonths
  }
}

export async function lifecycle(
  config: Config,
  log: Log,
  storage: S3Storage | undefined = config.s3 ? new S3Storage(config.s3, log) : undefined
): Promise<CommandResult> {
  if (!storage || !config.s3) {
    throw new ConfigError('lifecycle needs s3-bucket (S3_BUCKET): a folder has no lifecycle rules')
  }
  const prefix = storage.keyPrefixOf(`${config.environment}/`)
  const ours = lifecycleRules(prefix, lifecyclePolicyOf(config))
  const json = JSON.stringify({ Rules: ours }, null, 2)
  log.info(`lifecycle rules for s3://${config.s3.bucket}/${prefix}:\n${json}`)

  let current
  try {
    current = await storage.lifecycleRules()
  } catch (error) {
    if (!config.dryRun) throw error
    log.warning(`cannot read the current lifecycle configuration: ${(error as Error).message}`)
  }
  if (current) {
    log.info(
      `current lifecycle configuration of bucket ${config.s3.bucket}: ${current.length === 0 ? 'none' : '\n' + JSON.stringify({ Rules: current }, null, 2)}`
    )
  }
  const merged = mergeRules(current ?? [], prefix, ours)
  if (config.dryRun) {
    log.info('dry-run: nothing applied')
  } else {
    await storage.putLifecycleRules(merged)
    log.info(
      `applied: ${ours.length} rules for ${prefix}, ${merged.length - ours.length} other rules kept`
    )
  }
  const summary = [
    `## Lifecycle ${config.dryRun ? 'plan (dry-run: nothing applied)' : 'applied'}: s3://${config.s3.bucket}/${prefix}`,
    '',
    `Data to GLACIER after ${ours[0].Transitions![0].Days} days, everything expires after ${ours[1].Expiration!.Days} days, noncurrent versions after ${ours[1].NoncurrentVersionExpiration!.NoncurrentDays}, incomplete multipart uploads after 1. ${current ? `${merged.length - ours.length} other rules of the bucket kept.` : 'The current configuration could not be read.'}`,
    '',
    '```json',
    json,
    '```',
    ''
  ].join('\n')
  return { outputs: {}, summary }
}
