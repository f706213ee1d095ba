import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { INPUT_DEFAULTS, buildConfig, secretsOf } from '../../src/config.js'
import { ConfigError } from '../../src/util/errors.js'
import { TOOL_VERSION } from '../../src/version.js'
import { OUTPUTS } from '../../src/vocabulary.js'
import { ROOT } from '../helpers/run.js'

const base = {
  environment: 'production',
  'backup-root': '/backups',
  'database-url': 'postgresql://u:p@db/app'
}

describe('buildConfig', () => {
  it('applies the defaults of DESIGN.md', () => {
    const c = buildConfig(base, {})
    expect(c).toMatchObject({
      command: 'backup',
      compression: 'gzip',
      kind: 'daily',
      dailyRetentionDays: 30,
      monthlyRetentionMonths: 12,
      maxAgeHours: 26,
      notifyOn: 'failure',
      dryRun: false,
      force: false,
      dropDependents: false
    })
    expect(c.databaseUrl?.hostname).toBe('db')
  })

  it('takes the operator from the GitHub actor unless given', () => {
    expect(buildConfig(base, { GITHUB_ACTOR: 'octo' }).operator).toBe('octo')
    expect(buildConfig({ ...base, operator: 'ana' }, { GITHUB_ACTOR: 'octo' }).operator).toBe('ana')
  })

  it('reads the timeouts and the runner folder from the environment once, into Config', () => {
    expect(buildConfig(base, {})).toMatchObject({
      timeouts: { connectMs: 10_000, readMs: 20_000 },
      runnerTemp: undefined
    })
    const c = buildConfig(base, {
      LUNEO_CONNECT_TIMEOUT_SECONDS: '3',
      LUNEO_READ_TIMEOUT_SECONDS: '0.5',
      RUNNER_TEMP: '/runner/tmp'
    })
    expect(c).toMatchObject({
      timeouts: { connectMs: 3000, readMs: 500 },
      runnerTemp: '/runner/tmp'
    })
    expect(buildConfig(base, {}).progressMs).toBe(10_000)
    expect(buildConfig(base, { LUNEO_PROGRESS_SECONDS: '2' }).progressMs).toBe(2000)
    // Nonsense falls back to the default rather than to "wait forever".
    expect(buildConfig(base, { LUNEO_CONNECT_TIMEOUT_SECONDS: 'soon' }).timeouts.connectMs).toBe(
      10_000
    )
  })

  it('builds the S3 settings', () => {
    const c = buildConfig({
      ...base,
      's3-bucket': 'luneo-backups',
      's3-prefix': '/db/',
      sse: 'aws:kms',
      'sse-kms-key-id': 'k1'
    })
    expect(c.s3).toEqual({
      bucket: 'luneo-backups',
      prefix: 'db',
      endpoint: undefined,
      forcePathStyle: false,
      region: undefined,
      sse: 'aws:kms',
      kmsKeyId: 'k1'
    })
  })

  it.each([
    [{ command: 'nuke' }, /command "nuke" is not one of/],
    [{ environment: '' }, /environment is required/],
    [{ environment: 'prod/eu' }, /not a plain name/],
    [{ environment: 'a..b' }, /not a plain name/],
    [{ 's3-bucket': 'Bad_Bucket' }, /s3-bucket "Bad_Bucket" is not a valid bucket name/],
    [{ 's3-bucket': 'b-1', 's3-prefix': 'a/../b' }, /s3-prefix/],
    [{ 's3-bucket': 'b-1', sse: 'aws:kms' }, /sse-kms-key-id is required/],
    [{ 's3-bucket': 'b-1', sse: 'des' }, /sse "des" is not one of: AES256, aws:kms, none/],
    [
      { 's3-bucket': 'b-1', 's3-endpoint': 'ftp://x' },
      /s3-endpoint "ftp:\/\/x\/" must start with http/
    ],
    [{ 'daily-retention-days': '0' }, /daily-retention-days 0 is not allowed: .*at least 1/],
    [{ 'daily-retention-days': '-3' }, /daily-retention-days -3 is not allowed: .*at least 1/],
    [
      { 'monthly-retention-months': '0' },
      /monthly-retention-months 0 is not allowed: .*at least 1/
    ],
    [
      { 'monthly-retention-months': '121' },
      /monthly-retention-months 121 is not allowed: .*at most 120/
    ],
    [{ 'daily-retention-days': 'ten' }, /daily-retention-days "ten" is not a whole number/],
    [{ 'daily-retention-days': '400' }, /longer than the hard limit/],
    [
      { 'daily-retention-days': '366' },
      /366 is longer than the hard limit .* as short as 365 days/
    ],
    [
      { 'daily-retention-days': '29', 'monthly-retention-months': '1' },
      /29 is longer than the hard limit .* as short as 28 days/
    ],
    [{ 'dry-run': 'maybe' }, /dry-run "maybe" is not true or false/],
    [{ 'drop-dependents': 'yes please' }, /drop-dependents "yes please" is not true or false/],
    [
      { 'redis-url': 'http://r' },
      /redis-url "http:\/\/r\/" must start with redis:\/\/ or rediss:\/\//
    ],
    [{ 'database-url': 'postgresql:///db' }, /database-url has no host name/]
  ])('refuses %j', (inputs, message) => {
    expect(() => buildConfig({ ...base, ...inputs })).toThrow(ConfigError)
    expect(() => buildConfig({ ...base, ...inputs })).toThrow(message)
  })

  it('never quotes a password in an error', () => {
    expect(() => buildConfig({ ...base, 'database-url': 'mysql://u:s3cret@h/db' })).toThrow(
      'database-url "mysql://u:***@h/db" must start with postgres:// or postgresql://'
    )
  })

  it('lists the secrets to mask, decoded and encoded', () => {
    expect(
      secretsOf({
        'database-url': 'postgresql://u:p%40ss@h/db',
        'slack-webhook-url': 'https://hooks.slack.com/x'
      })
    ).toEqual(['p@ss', 'p%40ss', 'https://hooks.slack.com/x'])
  })
})

describe('action.yml', () => {
  const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'))

  it('runs on node24 from dist/index.js', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares every input with a description and the default the code uses', () => {
    expect(Object.keys(action.inputs)).toEqual(Object.keys(INPUT_DEFAULTS))
    for (const [name, input] of Object.entries<{ description: string; default?: string }>(
      action.inputs
    )) {
      expect(input.description.length).toBeGreaterThan(10)
      expect(input.default ?? '').toBe(INPUT_DEFAULTS[name as keyof typeof INPUT_DEFAULTS])
    }
  })

  it('declares the outputs', () => {
    expect(Object.keys(action.outputs)).toEqual(
      expect.arrayContaining(['snapshot-id', 'snapshot-uri', 'bytes', 'duration-seconds'])
    )
    // The code's list (vocabulary.ts, which types every command's outputs) is action.yml's.
    expect(Object.keys(action.outputs)).toEqual([...OUTPUTS])
    for (const output of Object.values<{ description: string }>(action.outputs)) {
      expect(output.description.length).toBeGreaterThan(10)
    }
  })

  it('the tool version matches package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
    expect(TOOL_VERSION).toBe(pkg.version)
  })
})
