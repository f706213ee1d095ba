import { describe, expect, it } from '@jest/globals'
import { runContext } from '../../src/notify/context.js'
import { ledgerEvent, ledgerEventSchema, ledgerKey } from '../../src/notify/ledger.js'
import {
  SLACK_LIMITS,
  formatMention,
  postToSlack,
  slackMessage,
  truncate,
  type Alert
} from '../../src/notify/slack.js'
import { addSecret } from '../../src/util/redact.js'

const run = { url: 'https://github.com/o/r/actions/runs/1', label: 'GitHub Actions run 1 (o/r)' }
const failure: Alert = {
  command: 'backup',
  environment: 'production',
  outcome: 'failure',
  error: 'PostgreSQL refused the password',
  run,
  mention: '@here',
  lastGood: { id: '2026-11-23T02-00-00Z', ageHours: 30.5, location: 's3://b/production/x/' }
}

type Block = { type: string; text?: { text: string }; fields?: { text: string }[] }
const texts = (m: ReturnType<typeof slackMessage>) =>
  (m.blocks as Block[]).flatMap((b) => [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)])

describe('slackMessage', () => {
  it('says a cancelled run was cancelled, with the signal, and mentions', () => {
    const m = slackMessage({ ...failure, outcome: 'cancelled', error: 'cancelled by SIGINT' })
    expect((m.blocks as Block[])[0]).toMatchObject({
      type: 'header',
      text: { text: '🟠 backup was cancelled in production' }
    })
    expect(m.text).toMatch(
      /^<!here> luneo-backup backup was cancelled in production: cancelled by SIGINT/
    )
  })

  it('says what failed where, the error, the run link, the last good snapshot, and mentions', () => {
    const m = slackMessage(failure)
    const all = JSON.stringify(m)
    expect((m.blocks as Block[])[0]).toMatchObject({
      type: 'header',
      text: { text: '🔴 backup failed in production' }
    })
    expect(all).toContain('PostgreSQL refused the password')
    expect(all).toContain('<https://github.com/o/r/actions/runs/1|GitHub Actions run 1 (o/r)>')
    expect(all).toContain('`2026-11-23T02-00-00Z`, 30.5 h old')
    expect(m.text).toMatch(/^<!here> luneo-backup backup failed in production/)
  })

  it('cuts every text to Slack limits', () => {
    const long = 'x'.repeat(10_000)
    const m = slackMessage({
      ...failure,
      environment: 'e'.repeat(300),
      error: long,
      notes: long,
      operator: long
    })
    expect([...(m.blocks as Block[])[0].text!.text].length).toBeLessThanOrEqual(SLACK_LIMITS.header)
    for (const t of texts(m)) expect([...t].length).toBeLessThanOrEqual(SLACK_LIMITS.section)
    expect(m.text!.length).toBeLessThanOrEqual(SLACK_LIMITS.fallback)
    expect(truncate('abcdef', 4)).toBe('abc…')
    expect(truncate('🎉🎉🎉', 3)).toBe('🎉🎉🎉')
  })

  it('never carries a secret: known secrets and URL passwords are redacted everywhere', () => {
    addSecret('hunter2-secret')
    const m = slackMessage({
      ...failure,
      error: 'cannot connect to postgresql://app:pw123@db/app with hunter2-secret',
      notes: 'token hunter2-secret'
    })
    const all = JSON.stringify(m)
    expect(all).not.toContain('hunter2-secret')
    expect(all).not.toContain('pw123')
  })

  it('escapes mrkdwn in user text and formats mentions', () => {
    const m = slackMessage({ ...failure, notes: '<!channel> & <b>' })
    expect(JSON.stringify(m)).toContain('&lt;!channel&gt; &amp; &lt;b&gt;')
    expect(formatMention('@channel U0123ABCD S0123ABCD <@U999>')).toBe(
      '<!channel> <@U0123ABCD> <!subteam^S0123ABCD> <@U999>'
    )
    expect(formatMention('  ')).toBeUndefined()
  })

  it('a success names the snapshot and pages nobody', () => {
    const m = slackMessage({
      ...failure,
      outcome: 'success',
      error: undefined,
      snapshotId: '2026-11-24T02-00-00Z',
      bytes: 1234
    })
    const all = JSON.stringify(m)
    expect(all).toContain('backup succeeded in production')
    expect(all).toContain('2026-11-24T02-00-00Z')
    expect(all).not.toContain('<!here>')
  })
})

describe('runContext', () => {
  it('links to the GitHub run, else RUN_URL, else names the host', () => {
    expect(
      runContext(
        { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '5' },
        'action'
      ).url
    ).toBe('https://github.com/o/r/actions/runs/5')
    expect(runContext({ RUN_URL: 'https://ci/x' }, 'cli')).toMatchObject({ url: 'https://ci/x' })
    expect(runContext({}, 'cli')).toMatchObject({ url: undefined })
    expect(runContext({}, 'cli').label).toMatch(/^luneo-backup CLI on host /)
  })
})

describe('postToSlack retries (no network: a fake sleep and a local fetch stand-in)', () => {
  it('gives up after the bounded retries and caps a long Retry-After', async () => {
    const waits: number[] = []
    const realFetch = globalThis.fetch
    let calls = 0
    globalThis.fetch = (async () => {
      calls++
      return new Response('rate_limited', { status: 429, headers: { 'retry-after': '3600' } })
    }) as typeof fetch
    try {
      await expect(
        postToSlack(
          'https://hooks.example/x',
          { text: 'hi' },
          {
            info: () => undefined,
            warning: () => undefined,
            group: (_n, w) => w(),
            secret: () => undefined
          },
          { retries: 3, maxWaitSeconds: 30, sleep: async (ms) => void waits.push(ms) }
        )
      ).rejects.toThrow('Slack answered HTTP 429 (rate limited) after 4 attempts')
    } finally {
      globalThis.fetch = realFetch
    }
    expect(calls).toBe(4)
    expect(waits).toEqual([30_000, 30_000, 30_000])
  })

  it('does not retry a 4xx other than 429', async () => {
    const realFetch = globalThis.fetch
    let calls = 0
    globalThis.fetch = (async () => {
      calls++
      return new Response('invalid_blocks', { status: 400 })
    }) as typeof fetch
    try {
      await expect(
        postToSlack(
          'https://hooks.example/x',
          { text: 'hi' },
          {
            info: () => undefined,
            warning: () => undefined,
            group: (_n, w) => w(),
            secret: () => undefined
          },
          { sleep: async () => undefined }
        )
      ).rejects.toThrow('Slack answered HTTP 400 (invalid_blocks)')
    } finally {
      globalThis.fetch = realFetch
    }
    expect(calls).toBe(1)
  })
})

describe('ledger events', () => {
  it('are redacted, drop empty fields, and get a time-ordered unique key', () => {
    addSecret('ledger-secret-pw')
    const e = ledgerEvent({
      time: '2026-11-24T02:00:00.000Z',
      finishedAt: '2026-11-24T02:01:00.000Z',
      command: 'backup',
      environment: 'production',
      outcome: 'failure',
      error: 'postgresql://u:ledger-secret-pw@db/app refused',
      notes: '',
      durationSeconds: 60,
      run: 'x'
    })
    expect(JSON.stringify(e)).not.toContain('ledger-secret-pw')
    expect('notes' in e).toBe(false)
    expect(ledgerKey(e, 'abcd')).toBe('production/ledger/2026-11-24T02-00-00Z-backup-abcd.json')
    expect(ledgerKey(e)).not.toBe(ledgerKey(e))
  })

  it('may say a run was cancelled', () => {
    const e = ledgerEvent({
      time: '2026-11-24T02:00:00.000Z',
      finishedAt: '2026-11-24T02:00:03.000Z',
      command: 'backup',
      environment: 'production',
      outcome: 'cancelled',
      error: 'cancelled by SIGTERM',
      durationSeconds: 3,
      run: 'x'
    })
    expect(ledgerEventSchema.parse(e).outcome).toBe('cancelled')
  })
})
