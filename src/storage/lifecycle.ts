import type { LifecycleRule } from '@aws-sdk/client-s3'
import { DATA_TAG } from './s3.js'

// The lifecycle backstop (issue 5, item 6): S3 itself moves data to GLACIER and purges
// everything even if the scheduled prune stops running. Rules are per `[prefix/]<environment>/`
// and named `luneo-backup:<that prefix>:...`, so applying them replaces only our own rules and
// keeps whatever else the bucket's configuration holds. deploy/s3-lifecycle.json is the output
// for `production/` with the default policy (a test keeps the two in step).

export interface LifecyclePolicy {
  /** Data objects (tagged at upload) go to GLACIER after this many days: the daily window. */
  glacierAfterDays: number
  /** The hard limit in months (monthly-retention-months). */
  monthlyRetentionMonths: number
}

/** Noncurrent versions (a plain delete or an overwrite in a versioned bucket) live this long. */
export const NONCURRENT_DAYS = 28

/** Current objects expire here: longer than any span of N calendar months (31 days each). */
export function expireAfterDays(months: number): number {
  return 31 * months
}

export function ruleIdPrefix(prefix: string): string {
  return `luneo-backup:${prefix}:`
}

/** Our rules for the objects under `prefix` (`[s3-prefix/]<environment>/`). */
export function lifecycleRules(prefix: string, policy: LifecyclePolicy): LifecycleRule[] {
  const id = ruleIdPrefix(prefix)
  return [
    {
      ID: `${id}data-to-glacier`,
      Status: 'Enabled',
      Filter: { And: { Prefix: prefix, Tags: [{ Key: DATA_TAG.key, Value: DATA_TAG.value }] } },
      Transitions: [{ Days: policy.glacierAfterDays, StorageClass: 'GLACIER' }]
    },
    {
      ID: `${id}expire`,
      Status: 'Enabled',
      Filter: { Prefix: prefix },
      Expiration: { Days: expireAfterDays(policy.monthlyRetentionMonths) },
      NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_DAYS },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }
    },
    {
      ID: `${id}delete-markers`,
      Status: 'Enabled',
      Filter: { Prefix: prefix },
      Expiration: { ExpiredObjectDeleteMarker: true }
    }
  ]
}

/** The bucket's rules with ours for `prefix` put in (replacing any earlier version of ours). */
export function mergeRules(
  current: LifecycleRule[],
  prefix: string,
  ours: LifecycleRule[]
): LifecycleRule[] {
  const mine = ruleIdPrefix(prefix)
  return [...current.filter((r) => !(r.ID ?? '').startsWith(mine)), ...ours]
}
