import type { LifecycleRule } from '@aws-sdk/client-s3'
import { DATA_TAG } from '../snapshot/layout.js'

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
const NONCURRENT_DAYS = 28

/** Current objects expire here: longer than any span of N calendar months (31 days each). */
export function expireAfterDays(months: number): number {
  return 31 * months
}

function ruleIdPrefix(prefix: string): string {
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

/**
 * A bucket tagged so has its lifecycle written by Terraform
 * (infrastructure/terraform/aws-multi-region, from deploy/s3-lifecycle.json): the bucket has one
 * configuration, and two writers would erase each other's rules, so the command only compares.
 */
export const LIFECYCLE_OWNER_TAG = { key: 'luneo-backup:lifecycle-owner', value: 'terraform' }

/** A rule as JSON with sorted keys, without empty fields, tags in key order: what S3 returns
 * and what we would write compare equal when they mean the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical)
    const isTags = items.every((t) => t && typeof t === 'object' && 'Key' in t)
    return isTags
      ? [...items].sort((a, b) =>
          String((a as { Key: string }).Key).localeCompare(String((b as { Key: string }).Key))
        )
      : items
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)])
    )
  }
  return value
}

/** How the bucket's rules for `prefix` differ from ours: one line per rule ([] when in step). */
export function lifecycleDrift(
  current: LifecycleRule[],
  prefix: string,
  ours: LifecycleRule[]
): string[] {
  const mine = ruleIdPrefix(prefix)
  const theirs = new Map(
    current.filter((r) => (r.ID ?? '').startsWith(mine)).map((r) => [r.ID ?? '', r])
  )
  const drift: string[] = []
  for (const rule of ours) {
    const found = theirs.get(rule.ID!)
    theirs.delete(rule.ID!)
    if (!found) drift.push(`missing: ${rule.ID}`)
    else if (JSON.stringify(canonical(found)) !== JSON.stringify(canonical(rule))) {
      drift.push(
        `differs: ${rule.ID}: the bucket has ${JSON.stringify(canonical(found))}, the policy says ${JSON.stringify(canonical(rule))}`
      )
    }
  }
  for (const id of theirs.keys()) drift.push(`unexpected: ${id}`)
  return drift
}
