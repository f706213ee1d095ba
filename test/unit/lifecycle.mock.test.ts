import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import { lifecycle } from '../../src/commands/lifecycle.js'
import { buildConfig, type RawInputs } from '../../src/config.js'
import type { Log } from '../../src/log.js'
import { expireAfterDays, lifecycleRules } from '../../src/storage/lifecycle.js'
import { S3Storage } from '../../src/storage/s3.js'
import { UserError } from '../../src/util/errors.js'
import { mockClient, s3Error } from '../helpers/mockS3.js'

// `command: lifecycle` against a MOCK S3 client (every answer a bucket can give: tagged by
// Terraform, rules of others to merge, no lifecycle API at all), and the lifecycle JSON in the
// repo kept in step with the code that applies it.

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

const noTags = () => {
  throw s3Error('NoSuchTagSet', 404)
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
      GetBucketTaggingCommand: noTags,
      GetBucketLifecycleConfigurationCommand: () => ({ Rules: [otherRule] })
    })
    lines.length = 0
    const c = config({ 'dry-run': 'true' })
    const result = await lifecycle(c, log, new S3Storage(c.s3!, log, client))
    expect(calls.map((x) => x.command)).toEqual([
      'GetBucketTaggingCommand',
      'GetBucketLifecycleConfigurationCommand'
    ])
    expect(lines.join('\n')).toContain('"ID": "luneo-backup:team/production/:data-to-glacier"')
    expect(lines.join('\n')).toContain('"ID": "someone-else"')
    expect(result.summary).toMatch(/dry-run: nothing applied/)
  })

  it('applies our rules, replacing earlier ones of ours and keeping the bucket’s others', async () => {
    const stale = { ID: 'luneo-backup:team/production/:expire', Status: 'Enabled' }
    const { client, calls } = mockClient({
      GetBucketTaggingCommand: () => ({ TagSet: [{ Key: 'team', Value: 'platform' }] }),
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
      GetBucketTaggingCommand: noTags,
      GetBucketLifecycleConfigurationCommand: () => {
        throw s3Error('NoSuchLifecycleConfiguration', 404)
      },
      PutBucketLifecycleConfigurationCommand: () => ({})
    })
    const c = config()
    await lifecycle(c, log, new S3Storage(c.s3!, log, none.client))
    expect(none.calls.map((x) => x.command)).toContain('PutBucketLifecycleConfigurationCommand')

    const noLifecycleApi = mockClient({
      GetBucketTaggingCommand: () => {
        throw s3Error('NotImplemented', 501)
      },
      GetBucketLifecycleConfigurationCommand: () => {
        throw s3Error('NotImplemented', 501)
      }
    })
    await expect(
      lifecycle(c, log, new S3Storage(c.s3!, log, noLifecycleApi.client))
    ).rejects.toThrow(
      /lifecycle configuration of bucket bkt: not supported by this S3-compatible store/
    )
  })

  it('Terraform’s mapping of deploy/s3-lifecycle.json (production/ replaced) gives our rules for any prefix', async () => {
    // infrastructure/terraform/aws-multi-region/lifecycle.tf writes every environment's rules
    // this way; the command compares against lifecycleRules(): the two must be the same.
    const text = await fs.readFile('deploy/s3-lifecycle.json', 'utf8')
    for (const prefix of ['staging/', 'team/production/']) {
      const mapped = JSON.parse(text.replaceAll('production/', prefix)) as unknown
      expect(mapped).toEqual({
        Rules: lifecycleRules(prefix, { glacierAfterDays: 30, monthlyRetentionMonths: 12 })
      })
    }
  })

  describe('on a bucket whose lifecycle Terraform owns (tag luneo-backup:lifecycle-owner=terraform)', () => {
    const owned = () => ({
      TagSet: [
        { Key: 'luneo-backup:managed-by', Value: 'terraform' },
        { Key: 'luneo-backup:lifecycle-owner', Value: 'terraform' }
      ]
    })
    const ours = () =>
      lifecycleRules('team/production/', { glacierAfterDays: 30, monthlyRetentionMonths: 12 })
    /** The rules as S3 returns them: keys in its own order, the staging rules beside them. */
    const asStored = (rules: ReturnType<typeof ours>) =>
      rules.map((r) => Object.fromEntries(Object.entries(r).reverse()))

    it('in step: reports it and writes nothing', async () => {
      const staging = lifecycleRules('team/staging/', {
        glacierAfterDays: 30,
        monthlyRetentionMonths: 12
      })
      const { client, calls } = mockClient({
        GetBucketTaggingCommand: owned,
        GetBucketLifecycleConfigurationCommand: () => ({ Rules: [...staging, ...asStored(ours())] })
      })
      lines.length = 0
      const c = config()
      const result = await lifecycle(c, log, new S3Storage(c.s3!, log, client))
      expect(calls.map((x) => x.command)).toEqual([
        'GetBucketTaggingCommand',
        'GetBucketLifecycleConfigurationCommand'
      ])
      expect(lines.join('\n')).toContain('match the policy, nothing written')
      expect(result.summary).toMatch(/in step with the policy/)
    })

    it('drift: a changed, a missing and an unexpected rule, each named; nothing written', async () => {
      const [glacier, expire] = ours()
      const changed = { ...expire, Expiration: { Days: 400 } }
      const extra = { ID: 'luneo-backup:team/production/:old', Status: 'Enabled' }
      const { client, calls } = mockClient({
        GetBucketTaggingCommand: owned,
        GetBucketLifecycleConfigurationCommand: () => ({ Rules: [glacier, changed, extra] })
      })
      const c = config()
      const error = (await lifecycle(c, log, new S3Storage(c.s3!, log, client)).catch(
        (e: unknown) => e
      )) as UserError
      expect(error).toBeInstanceOf(UserError)
      expect(error.problems).toEqual([
        expect.stringMatching(/^differs: luneo-backup:team\/production\/:expire: .*"Days":400/),
        'missing: luneo-backup:team/production/:delete-markers',
        'unexpected: luneo-backup:team/production/:old'
      ])
      expect(error.message).toMatch(/nothing was written.*terraform apply/)
      expect(calls.map((x) => x.command)).not.toContain('PutBucketLifecycleConfigurationCommand')
    })

    it('a bucket whose tags cannot be read is not written to either', async () => {
      const { client, calls } = mockClient({
        GetBucketTaggingCommand: () => {
          throw s3Error('AccessDenied', 403)
        }
      })
      const c = config()
      await expect(lifecycle(c, log, new S3Storage(c.s3!, log, client))).rejects.toThrow(
        /tags of bucket bkt/
      )
      expect(calls.map((x) => x.command)).toEqual(['GetBucketTaggingCommand'])
    })
  })

  it('needs a bucket', async () => {
    const c = buildConfig(
      { command: 'lifecycle', environment: 'production', 'backup-root': '/tmp/x' },
      {}
    )
    await expect(lifecycle(c, log)).rejects.toThrow(/lifecycle needs s3-bucket/)
  })
})
