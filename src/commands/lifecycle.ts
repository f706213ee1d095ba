import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { environmentPrefix } from '../snapshot/layout.js'
import {
  LIFECYCLE_OWNER_TAG,
  lifecycleDrift,
  lifecycleRules,
  mergeRules,
  type LifecyclePolicy
} from '../storage/lifecycle.js'
import { S3Storage } from '../storage/s3.js'
import { ConfigError, UserError } from '../util/errors.js'
import type { CommandResult } from './result.js'

// lifecycle: put the backstop rules for `[s3-prefix/]<environment>/` into the bucket's lifecycle
// configuration (src/storage/lifecycle.ts, README "Lifecycle backstop"), keeping the bucket's
// other rules. dry-run prints the rules it would apply and the bucket's current configuration.
// On a bucket tagged luneo-backup:lifecycle-owner=terraform, Terraform owns the configuration
// (it replaces all of it on each apply): the command then only compares, and fails on drift.

function lifecyclePolicyOf(config: Config): LifecyclePolicy {
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
  const prefix = storage.keyPrefixOf(environmentPrefix(config.environment))
  const ours = lifecycleRules(prefix, lifecyclePolicyOf(config))
  const json = JSON.stringify({ Rules: ours }, null, 2)
  log.info(`lifecycle rules for s3://${config.s3.bucket}/${prefix}:\n${json}`)

  const tags = await storage.bucketTags()
  if (tags[LIFECYCLE_OWNER_TAG.key] === LIFECYCLE_OWNER_TAG.value) {
    return compareOnly(config.s3.bucket, prefix, ours, await storage.lifecycleRules(), log)
  }

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

/** Terraform owns the bucket's lifecycle: report drift from our rules, write nothing. */
function compareOnly(
  bucket: string,
  prefix: string,
  ours: ReturnType<typeof lifecycleRules>,
  current: ReturnType<typeof lifecycleRules>,
  log: Log
): CommandResult {
  const owner = `${LIFECYCLE_OWNER_TAG.key}=${LIFECYCLE_OWNER_TAG.value}`
  const drift = lifecycleDrift(current, prefix, ours)
  if (drift.length > 0) {
    const error = new UserError(
      `the lifecycle rules of bucket ${bucket} for ${prefix} differ from the policy (the bucket is tagged ${owner}, so nothing was written): ${drift.join('; ')}. Fix: terraform apply in infrastructure/terraform/aws-multi-region (its rules come from deploy/s3-lifecycle.json), with ${prefix.replace(/\/$/, '')} among its environments`
    )
    error.problems = drift
    throw error
  }
  log.info(
    `bucket ${bucket} is tagged ${owner}: its rules for ${prefix} match the policy, nothing written`
  )
  const summary = [
    `## Lifecycle: s3://${bucket}/${prefix} in step with the policy`,
    '',
    `The bucket is tagged \`${owner}\`: Terraform writes its lifecycle configuration, this command only compares. ${ours.length} rules for ${prefix}, all as the policy says.`,
    ''
  ].join('\n')
  return { outputs: {}, summary }
}
