import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import { lifecycle } from '../../src/commands/lifecycle.js'
import { buildConfig, type RawInputs } from '../../src/config.js'
import type { Log } from '../../src/log.js'
import { expireAfterDays, lifecycleRules } from '../../src/storage/lifecycle.js'
import { S3Storage } from '../../src/storage/s3.js'
import { mockClient, s3Error } from '../helpers/mockS3.js'

// `command: lifecycle` against a MOCK S3 client (s3rver implements no lifecycle API), and the
// lifecycle JSON in the repo kept in step with the code that applies it.

const lines: string[] = []
const log: Log = {
  info: (m) => void lines.push(m),
  warning: (m) => void lines.push(`warning: ${m}`),
  group: (_n, work) => work(),
  secret: () => undefined
}

function config(extra: RawInputs = {}) {
  return buildConfig(
    {
      command: 'lifecycle',
      environment: 'production',
      's3-bucket': 'bkt',
      's3-prefix': 'team',
      sse: 'none',
      ...extra
    },
    {}
  )
}

const otherRule = { ID: 'someone-else', Status: 'Enabled', Filter: { Prefix: 'logs/' } }

describe('lifecycle backstop', () => {
  it('deploy/s3-lifecycle.json is what the command applies for production/ with the default policy', async () => {
    const file = JSON.parse(await fs.readFile('deploy/s3-lifecycle.json', 'utf8')) as unknown
    expect(file).toEqual({
      Rules: lifecycleRules('production/', { glacierAfterDays: 30, monthlyRetentionMonths: 12 })
    })
  })

  it('transitions only tagged data, purges past the hard limit, expires noncurrent versions and old uploads', () => {
    const [glacier, expire, markers] = lifecycleRules('p/production/', {
      glacierAfterDays: 30,
      monthlyRetentionMonths: 12
    })
    expect(glacier.Filter).toEqual({
      And: { Prefix: 'p/production/', Tags: [{ Key: 'luneo-backup:class', Value: 'data' }] }
    })
    expect(glacier.Transitions).toEqual([{ Days: 30, StorageClass: 'GLACIER' }])
    // Never before the policy lets go: 12 calendar months are at most 366 days.
    expect(expire.Expiration?.Days).toBeGreaterThan(366)
    expect(expire.Expiration!.Days! + expire.NoncurrentVersionExpiration!.NoncurrentDays!).toBe(400)
    expect(expire.AbortIncompleteMultipartUpload).toEqual({ DaysAfterInitiation: 1 })
    expect(markers.Expiration).toEqual({ ExpiredObjectDeleteMarker: true })
    expect(expireAfterDays(1)).toBe(31)
  })

  it('dry-run prints the rules and the current configuration, and applies nothing', async () => {
    const { client, calls } = mockClient({
      GetBucketLifecycleConfigurationCommand: () => ({ Rules: [otherRule] })
    })
    lines.length = 0
    const c = config({ 'dry-run': 'true' })
    const result = await lifecycle(c, log, new S3Storage(c.s3!, log, client))
    expect(calls.map((x) => x.command)).toEqual(['GetBucketLifecycleConfigurationCommand'])
    expect(lines.join('\n')).toContain('"ID": "luneo-backup:team/production/:data-to-glacier"')
    expect(lines.join('\n')).toContain('"ID": "someone-else"')
    expect(result.summary).toMatch(/dry-run: nothing applied/)
  })

  it('applies our rules, replacing earlier ones of ours and keeping the bucket’s others', async () => {
    const stale = { ID: 'luneo-backup:team/production/:expire', Status: 'Enabled' }
    const { client, calls } = mockClient({
      GetBucketLifecycleConfigurationCommand: () => ({ Rules: [otherRule, stale] }),
      PutBucketLifecycleConfigurationCommand: () => ({})
    })
    const c = config()
    await lifecycle(c, log, new S3Storage(c.s3!, log, client))
    const put = calls.find((x) => x.command === 'PutBucketLifecycleConfigurationCommand')
    const rules = (put?.input.LifecycleConfiguration as { Rules: Array<{ ID: string }> }).Rules
    expect(rules.map((r) => r.ID)).toEqual([
      'someone-else',
      'luneo-backup:team/production/:data-to-glacier',
      'luneo-backup:team/production/:expire',
      'luneo-backup:team/production/:delete-markers'
    ])
  })

  it('a bucket without configuration starts empty; a store without the API fails clearly', async () => {
    const none = mockClient({
      GetBucketLifecycleConfigurationCommand: () => {
        throw s3Error('NoSuchLifecycleConfiguration', 404)
      },
      PutBucketLifecycleConfigurationCommand: () => ({})
    })
    const c = config()
    await lifecycle(c, log, new S3Storage(c.s3!, log, none.client))
    expect(none.calls.map((x) => x.command)).toContain('PutBucketLifecycleConfigurationCommand')

    const s3rver = mockClient({
      GetBucketLifecycleConfigurationCommand: () => {
        throw s3Error('NotImplemented', 501)
      }
    })
    await expect(lifecycle(c, log, new S3Storage(c.s3!, log, s3rver.client))).rejects.toThrow(
      /lifecycle configuration of bucket bkt: not supported by this S3-compatible store/
    )
  })

  it('needs a bucket', async () => {
    const c = buildConfig(
      { command: 'lifecycle', environment: 'production', 'backup-root': '/tmp/x' },
      {}
    )
    await expect(lifecycle(c, log)).rejects.toThrow(/lifecycle needs s3-bucket/)
  })
})
