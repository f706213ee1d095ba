import { beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { readBackupEvent } from '../../src/aws/backupEvent.js'
import { matches, subsetProblems } from '../helpers/eventPattern.js'
import { ROOT } from '../helpers/run.js'
import { parseAll, readTf, type Parsed } from '../helpers/terraform.js'

// The AWS Backup alerts of the Terraform module (alerts.tf, events.tf): the rules' patterns
// (event-patterns.json) use only the operators the test matcher implements, and match exactly
// the fixtures the function posts about; the function, its queues, alarms and rules are wired
// as the issue asks. No terraform binary here: the HCL is parsed as terraform.test.ts does.

const MODULE = path.join(ROOT, 'infrastructure/terraform/aws-multi-region')
const FIXTURES = path.join(ROOT, 'test/fixtures/aws-backup')
const patterns = JSON.parse(
  fs.readFileSync(path.join(MODULE, 'event-patterns.json'), 'utf8')
) as Record<string, Record<string, unknown>>
const fixtures = Object.fromEntries(
  fs
    .readdirSync(FIXTURES)
    .map((f) => [
      f.replace(/\.json$/, ''),
      JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8'))
    ])
) as Record<string, Record<string, unknown>>

const matching = (event: unknown, set = patterns) =>
  Object.entries(set)
    .filter(([, p]) => matches(p, event))
    .map(([k]) => k)

let mod: Parsed
beforeAll(async () => {
  mod = await parseAll(readTf(MODULE))
})
const res = (type: string, name: string) => {
  const r = mod.resources[type]?.[name]
  expect([type, name, r]).toEqual([type, name, expect.anything()])
  return r as Record<string, unknown>
}
const first = (b: Record<string, unknown>, key: string) =>
  ((b[key] as Record<string, unknown>[] | undefined)?.[0] ?? {}) as Record<string, unknown>

describe('the event patterns', () => {
  it('use only exact values, anything-but, prefix and exists, and only aws.backup job events', () => {
    expect(Object.keys(patterns).sort()).toEqual([
      'backup-job-completed-with-issues',
      'backup-job-failed',
      'copy-job-failed',
      'restore-job-failed',
      'restore-test-completed'
    ])
    for (const [name, p] of Object.entries(patterns)) {
      expect([name, subsetProblems(p)]).toEqual([name, []])
      expect(p.source).toEqual(['aws.backup'])
      expect(p['detail-type']).toHaveLength(1)
    }
  })

  it('the subset check refuses what the matcher does not implement', () => {
    expect(subsetProblems({ detail: { state: [{ wildcard: 'FAIL*' }] } })).toEqual([
      'detail.state: "wildcard" is not in the subset'
    ])
    expect(subsetProblems({ $or: [{ a: ['x'] }] })).toEqual(['$or: $or is not in the subset'])
    expect(subsetProblems({ detail: { n: [{ numeric: ['>', 0] }] } })).toEqual([
      'detail.n: "numeric" is not in the subset'
    ])
    expect(subsetProblems({ detail: { s: 'FAILED' } })).toEqual([
      'detail.s: a leaf must be a list of matchers'
    ])
    expect(subsetProblems({ d: { s: [{ 'anything-but': { prefix: 'x' } }] } })).toHaveLength(1)
  })

  it('the matcher: exact, anything-but, prefix, exists, arrays, absent fields', () => {
    const e = { detail: { state: 'FAILED', tags: ['a', 'b'], empty: '' } }
    expect(matches({ detail: { state: ['FAILED', 'PARTIAL'] } }, e)).toBe(true)
    expect(matches({ detail: { state: ['COMPLETED'] } }, e)).toBe(false)
    expect(matches({ detail: { tags: ['b'] } }, e)).toBe(true)
    expect(matches({ detail: { state: [{ prefix: 'FAIL' }] } }, e)).toBe(true)
    expect(matches({ detail: { state: [{ prefix: 'COMP' }] } }, e)).toBe(false)
    expect(matches({ detail: { empty: [{ 'anything-but': [''] }] } }, e)).toBe(false)
    expect(matches({ detail: { state: [{ 'anything-but': [''] }] } }, e)).toBe(true)
    // A field the pattern names must be there, except for exists: false.
    expect(matches({ detail: { missing: [{ 'anything-but': [''] }] } }, e)).toBe(false)
    expect(matches({ detail: { missing: [{ exists: false }] } }, e)).toBe(true)
    expect(matches({ detail: { missing: [{ exists: true }] } }, e)).toBe(false)
    expect(matches({ detail: { state: [{ exists: true }] } }, e)).toBe(true)
    expect(matches({ other: { state: ['FAILED'] } }, e)).toBe(false)
  })

  it('match exactly the fixtures the function posts about, each by one rule', () => {
    const optional = new Set(['restore-test-completed'])
    for (const [name, event] of Object.entries(fixtures)) {
      const facts = readBackupEvent(event)
      const hit = matching(event)
      // The function and the rules agree: a rule sends it iff the function has something to say.
      expect([name, facts.severity, hit.length]).toEqual([
        name,
        facts.severity,
        facts.severity === 'ignore' ? 0 : 1
      ])
      if (facts.severity === 'note') expect(hit.every((h) => optional.has(h))).toBe(true)
    }
    expect(matching(fixtures['backup-completed-with-issues'])).toEqual([
      'backup-job-completed-with-issues'
    ])
    expect(matching(fixtures['backup-completed-empty-message'])).toEqual([])
    expect(matching(fixtures['copy-failed'])).toEqual(['copy-job-failed'])
    expect(matching(fixtures['restore-test-failed'])).toEqual(['restore-job-failed'])
  })

  it('a mistyped state, or a dropped statusMessage condition, is caught', () => {
    const broken = structuredClone(patterns)
    ;(broken['backup-job-failed'].detail as Record<string, unknown>).state = ['FAILD']
    expect(matching(fixtures['backup-failed'], broken)).toEqual([])
    const loose = structuredClone(patterns)
    delete (loose['backup-job-completed-with-issues'].detail as Record<string, unknown>)
      .statusMessage
    expect(matching(fixtures['backup-completed'], loose)).toEqual([
      'backup-job-completed-with-issues'
    ])
  })
})

describe('the Terraform wiring', () => {
  it('reads event-patterns.json, one rule per pattern in each region, restore successes only when asked', () => {
    const locals = mod.locals as Record<string, string>
    expect(locals.event_patterns).toContain('file("${path.module}/event-patterns.json")')
    expect(locals.event_patterns).toContain('var.notify_restore_test_success')
    expect(mod.variables.notify_restore_test_success.default).toBe(false)
    for (const side of ['primary', 'secondary']) {
      const rule = res('aws_cloudwatch_event_rule', side)
      expect(rule.for_each).toBe('${local.alerts ? local.event_patterns : {}}')
      expect(rule.event_pattern).toBe('${jsonencode(each.value)}')
      expect(rule.provider).toBe(side === 'secondary' ? '${aws.dr}' : undefined)
      const target = res('aws_cloudwatch_event_target', side)
      expect(target.for_each).toBe(`\${aws_cloudwatch_event_rule.${side}}`)
      expect(first(target, 'dead_letter_config').arn).toBe(
        side === 'primary'
          ? '${aws_sqs_queue.alerts_undelivered[0].arn}'
          : '${aws_sqs_queue.alerts_undelivered_secondary[0].arn}'
      )
    }
    // The primary rules invoke the function; the secondary ones forward to the primary bus.
    expect(res('aws_cloudwatch_event_target', 'primary').arn).toBe(
      '${aws_lambda_function.alerts[0].arn}'
    )
    const forward = res('aws_cloudwatch_event_target', 'secondary')
    expect(forward.arn).toBe('${local.primary_bus_arn}')
    expect(forward.role_arn).toBe('${aws_iam_role.alerts_forward[0].arn}')
    expect(res('aws_sqs_queue', 'alerts_undelivered_secondary').provider).toBe('${aws.dr}')
    expect(res('aws_lambda_permission', 'alerts').source_arn).toBe(
      '${aws_cloudwatch_event_rule.primary[each.key].arn}'
    )
  })

  it('the function: dist/lambda zipped, Node 24, the secret by name, a timeout past the Slack retries', () => {
    const fn = res('aws_lambda_function', 'alerts')
    expect(fn.runtime).toBe('nodejs24.x')
    expect(fn.handler).toBe('index.handler')
    expect(fn.filename).toBe('${data.archive_file.alerts[0].output_path}')
    expect(fn.source_code_hash).toBe('${data.archive_file.alerts[0].output_base64sha256}')
    const zip = mod.data.archive_file.alerts
    expect(zip.source_dir).toBe('${local.lambda_source_dir}')
    expect((mod.locals as Record<string, string>).lambda_source_dir).toBe(
      '${path.module}/../../../dist/lambda'
    )
    expect(fs.existsSync(path.join(ROOT, 'dist/lambda/index.js'))).toBe(true)
    const vars = first(fn, 'environment').variables as Record<string, string>
    expect(vars.SLACK_WEBHOOK_SECRET).toBe('${var.slack_webhook_secret_arn}')
    expect(Object.keys(vars).some((k) => /URL/.test(k))).toBe(false)
    // src/aws/lambda.ts: 4 attempts of at most 10 s, 3 waits of at most 10 s, then the secret.
    const slackWorstSeconds = 4 * 10 + 3 * 10
    const timeout = Number((mod.locals as Record<string, unknown>).alert_function_timeout)
    expect(fn.timeout).toBe('${local.alert_function_timeout}')
    expect(timeout).toBeGreaterThan(slackWorstSeconds + 10)
    expect(timeout).toBeLessThanOrEqual(900)
    const lambdaSource = fs.readFileSync(path.join(ROOT, 'src/aws/lambda.ts'), 'utf8')
    expect(lambdaSource).toMatch(/retries: 3,\s+maxWaitSeconds: 10,\s+timeoutMs: 10_000/)
  })

  it('failed invocations go to a queue, undeliverable events to another, each alarmed', () => {
    const invoke = res('aws_lambda_function_event_invoke_config', 'alerts')
    expect(first(first(invoke, 'destination_config'), 'on_failure').destination).toBe(
      '${aws_sqs_queue.alerts_failed[0].arn}'
    )
    const alarms = (mod.locals as Record<string, string>).alert_queue_alarms
    expect(alarms).toContain('aws_sqs_queue.alerts_failed[0].name')
    expect(alarms).toContain('aws_sqs_queue.alerts_undelivered[0].name')
    const queueAlarm = res('aws_cloudwatch_metric_alarm', 'alert_queues')
    expect(queueAlarm.metric_name).toBe('ApproximateNumberOfMessagesVisible')
    expect(queueAlarm.threshold).toBe(0)
    expect(queueAlarm.comparison_operator).toBe('GreaterThanThreshold')
    const dr = res('aws_cloudwatch_metric_alarm', 'alerts_undelivered_secondary')
    expect(dr.provider).toBe('${aws.dr}')
    expect(dr.dimensions).toEqual({
      QueueName: '${aws_sqs_queue.alerts_undelivered_secondary[0].name}'
    })
    expect(res('aws_cloudwatch_metric_alarm', 'alerts_errors').metric_name).toBe('Errors')
    for (const q of ['alerts_undelivered', 'alerts_undelivered_secondary'])
      expect(String(res('aws_sqs_queue_policy', q).policy)).toContain('events.amazonaws.com')
  })

  it("the function's role reads the one secret, writes its logs, sends to its queue: nothing else", () => {
    const policy = String(res('aws_iam_policy', 'alerts').policy)
    const actions = [...policy.matchAll(/"([a-z0-9]+:[A-Za-z]+)"/g)].map((m) => m[1]).sort()
    expect(actions).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:GetSecretValue',
      'sqs:SendMessage'
    ])
    expect(policy).toContain('Resource = [var.slack_webhook_secret_arn]')
    expect(policy).not.toContain('"*"')
  })
})
