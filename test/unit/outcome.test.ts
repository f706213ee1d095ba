import { describe, expect, it } from '@jest/globals'
import type { Log } from '../../src/log.js'
import { reportOutcome } from '../../src/notify/outcome.js'
import { UserError } from '../../src/util/errors.js'
import { deadUrl } from '../helpers/slack.js'

// What follows a run, in process, with the back-off's sleep injected: the action-level tests
// (test/integration/slack.test.ts) show the same through a real run; this one needs no 7 s wait.

function capture(): { log: Log; lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    log: {
      info: (m) => void lines.push(m),
      warning: (m) => void lines.push(`warning: ${m}`),
      group: (_name, work) => work(),
      secret: () => undefined
    }
  }
}

describe('reportOutcome', () => {
  it('with the webhook unreachable: backs off 1, 2, 4 s, then warns in one line, never naming the hook token', async () => {
    const webhook = await deadUrl()
    const { log, lines } = capture()
    const waits: number[] = []
    await reportOutcome(
      {
        raw: { command: 'backup', environment: 'slack-dead', 'slack-webhook-url': webhook },
        started: new Date(),
        error: new UserError('PostgreSQL refused the password')
      },
      log,
      { env: {}, slack: { sleep: async (ms) => void waits.push(ms) } }
    )
    expect(waits).toEqual([1000, 2000, 4000])
    const warnings = lines.filter((l) => l.startsWith('warning: Slack'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /^warning: Slack alert not sent: Slack could not be reached: .* after 4 attempts$/
    )
    expect(lines.join('\n')).not.toContain('secret-hook-token')
  })
})
