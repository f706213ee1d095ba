import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { errorOf, requireEnv, runAction, runCli, tempDir } from '../helpers/run.js'
import { slackReceiver } from '../helpers/slack.js'

// Slack alerts through the action as the runner starts it, with a local HTTP server on 127.0.0.1
// standing in for the incoming webhook.

const DB = 'slack_source'
const GITHUB = {
  GITHUB_SERVER_URL: 'https://github.example',
  GITHUB_REPOSITORY: 'luneo/app',
  GITHUB_RUN_ID: '987654',
  GITHUB_WORKFLOW: 'backup-daily'
}
const RUN_LINK = 'https://github.example/luneo/app/actions/runs/987654'

let root: string
/** Snapshot ids have one-second resolution: two backups of one environment need a second apart. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1100))
const password = () => requireEnv('TEST_PG_PASSWORD')
const wrongPassword = 'not-the-password-9f3k'

beforeAll(async () => {
  await freshDatabase(DB)
  await sql(DB, 'create table t (id int); insert into t select generate_series(1, 10)')
  root = await tempDir()
})

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

function failingInputs(webhook: string, env: string): Record<string, string> {
  return {
    environment: env,
    'backup-root': root,
    'database-url': dbUrl(DB, wrongPassword),
    'slack-webhook-url': webhook,
    'slack-mention': '@here'
  }
}

describe('Slack alerts (local receiver on 127.0.0.1)', () => {
  it('a failing backup (wrong password) sends exactly one alert naming the environment and the run, without the password', async () => {
    // A good snapshot first, so the alert can name the last good one.
    const good = await runAction({
      environment: 'slack-fail',
      'backup-root': root,
      'database-url': dbUrl(DB)
    })
    expect(good.code).toBe(0)
    await nextSecond()

    const slack = await slackReceiver()
    try {
      const result = await runAction(failingInputs(slack.url, 'slack-fail'), GITHUB)
      expect(result.code).toBe(1)
      expect(errorOf(result)).toMatch(/^::error::PostgreSQL refused the password/)
      expect(slack.requests).toHaveLength(1)
      const body = slack.requests[0].body
      expect(body).toContain('slack-fail')
      expect(body).toContain(RUN_LINK)
      expect(body).toContain('PostgreSQL refused the password')
      expect(body).toContain('<!here>')
      expect(body).toContain(good.outputs['snapshot-id'])
      expect(body).not.toContain(wrongPassword)
      expect(body).not.toContain(password())
      expect(body).not.toContain('secret-hook-token')
      const message = slack.requests[0].json as { blocks: { type: string }[]; text: string }
      expect(message.blocks[0].type).toBe('header')
      expect(result.all).not.toContain(wrongPassword)
      expect(result.all).not.toContain('secret-hook-token')
      expect(result.stdout).toContain('Slack: alert sent')
    } finally {
      await slack.close()
    }
  })

  // An unreachable webhook (1 + 2 + 4 s of real back-off through a process) is shown in process,
  // with the sleep injected: test/unit/outcome.test.ts. The job keeping its own error when Slack
  // fails is shown here by the 500 case.

  it('with Slack answering 500 every time, the retries are bounded and the original error stays', async () => {
    const errors = Array.from({ length: 10 }, () => ({
      status: 500,
      headers: { 'retry-after': '0' },
      body: 'internal'
    }))
    const slack = await slackReceiver(errors)
    try {
      const result = await runAction(failingInputs(slack.url, 'slack-500'), GITHUB)
      expect(result.code).toBe(1)
      expect(errorOf(result)).toMatch(/^::error::PostgreSQL refused the password/)
      expect(slack.requests).toHaveLength(4)
      expect(result.stdout).toMatch(/::warning::Slack alert not sent: Slack answered HTTP 500/)
    } finally {
      await slack.close()
    }
  })

  it('a 429 with Retry-After is retried after the wait it asks for', async () => {
    const slack = await slackReceiver([
      { status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' }
    ])
    try {
      const result = await runAction(failingInputs(slack.url, 'slack-429'), GITHUB)
      expect(result.code).toBe(1)
      expect(errorOf(result)).toMatch(/^::error::PostgreSQL refused the password/)
      expect(slack.requests).toHaveLength(2)
      expect(slack.requests[1].at - slack.requests[0].at).toBeGreaterThanOrEqual(950)
      expect(slack.requests[1].body).toBe(slack.requests[0].body)
      expect(result.stdout).toContain('Slack answered HTTP 429 (rate limited); retrying in 1 s')
      expect(result.stdout).toContain('Slack: alert sent')
    } finally {
      await slack.close()
    }
  })

  it('notify-on: always announces a success; notify-on: failure (the default) stays quiet', async () => {
    const slack = await slackReceiver()
    try {
      const inputs = {
        environment: 'slack-ok',
        'backup-root': root,
        'database-url': dbUrl(DB),
        'slack-webhook-url': slack.url,
        'slack-mention': '@here'
      }
      const quiet = await runAction(inputs, GITHUB)
      expect(quiet.code).toBe(0)
      expect(slack.requests).toHaveLength(0)
      await nextSecond()

      const result = await runAction(
        { ...inputs, 'notify-on': 'always', notes: 'weekly <check>' },
        GITHUB
      )
      expect(result.code).toBe(0)
      expect(slack.requests).toHaveLength(1)
      const body = slack.requests[0].body
      expect(body).toContain('backup succeeded in slack-ok')
      expect(body).toContain(result.outputs['snapshot-id'])
      expect(body).toContain(RUN_LINK)
      expect(body).toContain('weekly &lt;check&gt;')
      expect(body).not.toContain('<!here>') // nobody is paged for a success
      expect(body).not.toContain(password())
    } finally {
      await slack.close()
    }
  })

  it('the CLI reads SLACK_WEBHOOK_URL and links to RUN_URL, or names its host', async () => {
    const slack = await slackReceiver()
    try {
      const args = ['backup', '--environment', 'slack-cli', '--backup-root', root]
      // Not a GitHub run, even when the tests themselves run in one.
      const env = {
        SLACK_WEBHOOK_URL: slack.url,
        DATABASE_URL: dbUrl(DB, wrongPassword),
        GITHUB_RUN_ID: ''
      }
      const withUrl = await runCli(args, { ...env, RUN_URL: 'https://ci.example/jobs/77' })
      expect(withUrl.code).toBe(1)
      expect(withUrl.stderr).toContain('luneo-backup: error: PostgreSQL refused the password')
      const bare = await runCli(args, { ...env, RUN_URL: '' })
      expect(bare.code).toBe(1)
      expect(slack.requests).toHaveLength(2)
      expect(slack.requests[0].body).toContain('https://ci.example/jobs/77')
      expect(slack.requests[1].body).toContain(`luneo-backup CLI on host ${os.hostname()}`)
      for (const r of slack.requests) expect(r.body).not.toContain(wrongPassword)
    } finally {
      await slack.close()
    }
  })
})
