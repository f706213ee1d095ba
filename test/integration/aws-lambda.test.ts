import { afterEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { secretsManagerStandIn, type SecretsStandIn } from '../helpers/secretsManager.js'
import { slackReceiver, type SlackReceiver, type ScriptedResponse } from '../helpers/slack.js'
import { ROOT, tempDir } from '../helpers/run.js'

// The bundled alerts function (dist/lambda/index.js, what the Terraform module zips) run as
// Lambda runs it, one process per cold start, against a real local HTTP server speaking Secrets
// Manager's JSON protocol (AWS_ENDPOINT_URL_SECRETS_MANAGER, the SDK's standard variable) and
// a real local HTTP server as Slack's webhook.

const ENTRY = path.join(ROOT, 'dist/lambda/index.js')
const fixture = async (name: string) =>
  JSON.parse(await fs.readFile(path.join(ROOT, 'test/fixtures/aws-backup', `${name}.json`), 'utf8'))

interface Invocation {
  result?: { posted: boolean; severity: string }
  error?: string
}

let closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of closers) await c()
  closers = []
})

async function servers(
  secretValue: (slackUrl: string) => string,
  script: ScriptedResponse[] = []
): Promise<{ slack: SlackReceiver; secrets: SecretsStandIn }> {
  const slack = await slackReceiver(script)
  const secrets = await secretsManagerStandIn({
    'luneo-backup/slack-webhook': secretValue(slack.url)
  })
  closers.push(slack.close, secrets.close)
  return { slack, secrets }
}

/** One cold start: every event in order through the same loaded module. */
async function coldStart(
  events: unknown[],
  env: Record<string, string>
): Promise<{ invocations: Invocation[]; logs: string; code: number }> {
  const dir = await tempDir('luneo-lambda-')
  const file = path.join(dir, 'events.json')
  await fs.writeFile(file, JSON.stringify(events))
  // Only what Lambda gives a function, plus the test's endpoint: no AWS_* of the machine.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('SLACK'))
  )
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'test/helpers/invokeLambda.mjs'), ENTRY, file],
    {
      env: {
        ...base,
        AWS_REGION: 'eu-west-3',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'test-secret-key',
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env
      },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)))
  const invocations = out
    .split('\n')
    .filter((l) => l.startsWith('@@'))
    .map((l) => JSON.parse(l.slice(2)) as Invocation)
  return { invocations, logs: out, code }
}

const token = 'secret-hook-token' // the path segment slackReceiver's URL ends with

describe('the bundled alerts function (dist/lambda/index.js)', () => {
  it('posts each alerting event, stays silent on others, reads the secret once per cold start', async () => {
    const { slack, secrets } = await servers((url) => url)
    const events = [
      await fixture('backup-failed'),
      await fixture('backup-running'),
      await fixture('copy-failed')
    ]
    const run = await coldStart(events, {
      SLACK_WEBHOOK_SECRET: 'luneo-backup/slack-webhook',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      SLACK_MENTION: '@here'
    })
    expect(run.code).toBe(0)
    expect(run.invocations).toEqual([
      { result: { posted: true, severity: 'failure', unexpected: [] } },
      { result: { posted: false, severity: 'ignore', unexpected: [] } },
      { result: { posted: true, severity: 'failure', unexpected: [] } }
    ])
    expect(secrets.requests).toHaveLength(1)
    expect(secrets.requests[0].target).toBe('secretsmanager.GetSecretValue')
    expect(secrets.requests[0].body).toEqual({ SecretId: 'luneo-backup/slack-webhook' })
    expect(secrets.requests[0].authorization).toContain('/eu-west-3/secretsmanager/aws4_request')
    const posted = slack.requests.map(
      (r) => r.json as { text: string; blocks: { text?: { text: string } }[] }
    )
    expect(posted.map((p) => p.blocks[0].text?.text)).toEqual([
      '🔴 AWS Backup backup job failed: Aurora cluster luneo-prod in eu-west-3',
      '🔴 AWS Backup copy job failed: Aurora cluster luneo-prod in eu-west-3'
    ])
    expect(posted[0].text).toMatch(/^<!here> AWS Backup backup job failed/)
    // The webhook never reaches the function's logs.
    expect(run.logs).not.toContain(token)
    expect(run.logs).toContain('posted to Slack (failure)')
  })

  it('a secret named by ARN is read in its own region; JSON {"url": ...} is taken', async () => {
    const { slack, secrets } = await servers((url) => JSON.stringify({ url }))
    const arn =
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:luneo-backup/slack-webhook-AbCdEf'
    const run = await coldStart([await fixture('restore-test-failed')], {
      SLACK_WEBHOOK_SECRET: arn,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint
    })
    expect(run.invocations).toEqual([
      { result: { posted: true, severity: 'failure', unexpected: [] } }
    ])
    expect(secrets.requests[0].body).toEqual({ SecretId: arn })
    expect(secrets.requests[0].authorization).toContain('/us-east-1/secretsmanager/aws4_request')
    expect(slack.requests).toHaveLength(1)
  })

  it('Slack down: the invocation fails with one line, after the retries, without the URL', async () => {
    const down = { status: 503, headers: { 'retry-after': '0' }, body: 'unavailable' }
    const { slack, secrets } = await servers((url) => url, [down, down, down, down, down])
    const run = await coldStart([await fixture('backup-failed')], {
      SLACK_WEBHOOK_SECRET: 'luneo-backup/slack-webhook',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint
    })
    expect(slack.requests).toHaveLength(4)
    expect(run.invocations).toEqual([
      {
        error:
          'Backup Job State Change 6a7e1c0b-52f4-4d0e-9b8c-1d2e3f4a5b6c: not posted to Slack: Slack answered HTTP 503 (unavailable) after 4 attempts'
      }
    ])
    expect(run.logs).not.toContain(token)
  })

  it('a secret that cannot be read fails the invocation, and is read again on the next one', async () => {
    const { slack, secrets } = await servers((url) => url)
    const run = await coldStart([await fixture('backup-failed'), await fixture('backup-failed')], {
      SLACK_WEBHOOK_SECRET: 'luneo-backup/no-such-secret',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint
    })
    expect(run.invocations).toHaveLength(2)
    for (const i of run.invocations) {
      expect(i.error).toMatch(
        /not posted to Slack: secret luneo-backup\/no-such-secret could not be read: Secrets Manager can't find the specified secret\.$/
      )
    }
    expect(secrets.requests).toHaveLength(2)
    expect(slack.requests).toHaveLength(0)
  })

  it('a secret that holds no webhook URL, or no SLACK_WEBHOOK_SECRET: named, the value never shown', async () => {
    const { secrets } = await servers(() => 'not-a-url-but-a-s3cret')
    let run = await coldStart([await fixture('copy-partial')], {
      SLACK_WEBHOOK_SECRET: 'luneo-backup/slack-webhook',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint
    })
    expect(run.invocations[0].error).toMatch(
      /secret luneo-backup\/slack-webhook holds no webhook URL/
    )
    expect(run.logs).not.toContain('not-a-url-but-a-s3cret')
    run = await coldStart([await fixture('copy-partial')], {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint
    })
    expect(run.invocations[0].error).toMatch(/SLACK_WEBHOOK_SECRET is not set/)
  })
})
