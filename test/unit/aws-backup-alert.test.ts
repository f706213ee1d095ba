import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { backupEventMessage, consoleUrl, withoutKeys } from '../../src/aws/backupAlert.js'
import { readBackupEvent } from '../../src/aws/backupEvent.js'
import { addSecret } from '../../src/util/redact.js'
import { ROOT } from '../helpers/run.js'

// Every fixture of test/fixtures/aws-backup (AWS Backup's EventBridge events, written from the
// shapes of AWS's documentation for this module's Aurora cluster and artifacts bucket) read and
// rendered as the Slack message the alerts function posts: header, status message, fields,
// the console link, the notification text.

export const FIXTURES = path.join(ROOT, 'test/fixtures/aws-backup')
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'))
}

const link = (kind: string, id: string) =>
  `https://eu-west-3.console.aws.amazon.com/backup/home?region=eu-west-3#/jobs/${kind}/details/${id}`

interface Expected {
  severity: 'failure' | 'warning' | 'note'
  header: string
  status?: string
  fields: string[]
  unexpected?: string[]
}

const VAULT = '*Vault*\nluneo-backup-primary'
const ACCOUNT = '*Account*\n123456789012'
const AURORA = '*Resource*\nAurora cluster luneo-prod'
const ARTIFACTS = '*Resource*\nS3 bucket artifacts'
const TEST_PLAN = '*Restore testing plan*\nluneo_backup_aurora_restore_test-a1b2c3d4'

const EXPECTED: Record<string, Expected & { kind: string; id: string }> = {
  'backup-failed': {
    kind: 'backup',
    id: 'd1f0c3a2-1b2c-4d3e-8f9a-0b1c2d3e4f50',
    severity: 'failure',
    header: '🔴 AWS Backup backup job failed: Aurora cluster luneo-prod in eu-west-3',
    status: 'Backup job failed because the DB cluster luneo-prod is not in the available state.',
    fields: [
      '*Job*\nbackup `d1f0c3a2-1b2c-4d3e-8f9a-0b1c2d3e4f50`',
      '*State*\nFAILED',
      VAULT,
      AURORA,
      ACCOUNT
    ]
  },
  'backup-aborted': {
    kind: 'backup',
    id: '58cdef95-7680-4c74-80d5-1b64093999c8',
    severity: 'failure',
    header: '🔴 AWS Backup backup job aborted: S3 bucket artifacts in eu-west-3',
    status: 'Backup job was stopped by user.',
    fields: [
      '*Job*\nbackup `58cdef95-7680-4c74-80d5-1b64093999c8`',
      '*State*\nABORTED',
      VAULT,
      ARTIFACTS,
      ACCOUNT
    ]
  },
  'backup-expired': {
    kind: 'backup',
    id: '01EE26DC-7107-4D8E-0C54-EAC27C662BA4',
    severity: 'failure',
    header: '🔴 AWS Backup backup job expired: Aurora cluster luneo-prod in eu-west-3',
    status: 'Backup job failed because there was a running job for the same resource.',
    fields: [
      '*Job*\nbackup `01EE26DC-7107-4D8E-0C54-EAC27C662BA4`',
      '*State*\nEXPIRED',
      VAULT,
      AURORA,
      ACCOUNT
    ]
  },
  'backup-partial': {
    kind: 'backup',
    id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    severity: 'failure',
    header: '🔴 AWS Backup backup job partly completed: S3 bucket artifacts in eu-west-3',
    status:
      'Backup completed, but 12 objects could not be backed up because they are encrypted with SSE-C.',
    fields: [
      '*Job*\nbackup `7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d`',
      '*State*\nPARTIAL',
      VAULT,
      ARTIFACTS,
      ACCOUNT,
      '*Size*\n5.4 GB' // a number in this event
    ]
  },
  'backup-completed-with-issues': {
    kind: 'backup',
    id: 'a827233a-d405-4a86-a440-759fa94f34dd',
    severity: 'warning',
    header: '🟠 AWS Backup backup completed with issues: S3 bucket artifacts in eu-west-3',
    status:
      'The backup completed, but some object tags were not copied: tag count exceeds the limit.',
    fields: [
      '*Job*\nbackup `a827233a-d405-4a86-a440-759fa94f34dd`',
      '*State*\nCOMPLETED',
      VAULT,
      ARTIFACTS,
      ACCOUNT,
      '*Size*\n1.9 GB' // a string in this one
    ]
  },
  'copy-failed': {
    kind: 'copy',
    id: '47C8EF56-74D8-059D-1301-C5BE1D5C926E',
    severity: 'failure',
    header: '🔴 AWS Backup copy job failed: Aurora cluster luneo-prod in eu-west-3',
    status:
      "Copy job failed because the destination backup vault's key is not accessible to the account.",
    fields: [
      '*Job*\ncopy `47C8EF56-74D8-059D-1301-C5BE1D5C926E`',
      '*State*\nFAILED',
      VAULT,
      '*Copy to*\nluneo-backup-secondary (us-east-1)',
      AURORA,
      ACCOUNT,
      '*Size*\n4.8 GB'
    ]
  },
  'copy-partial': {
    kind: 'copy',
    id: '0175DE71-5784-589F-D8AC-541ACCB4CAC8',
    severity: 'failure',
    header: '🔴 AWS Backup copy job partly completed: S3 bucket artifacts in eu-west-3',
    status: 'Copy completed, but 3 objects could not be copied.',
    fields: [
      '*Job*\ncopy `0175DE71-5784-589F-D8AC-541ACCB4CAC8`',
      '*State*\nPARTIAL',
      VAULT,
      '*Copy to*\nluneo-backup-secondary (us-east-1)',
      ARTIFACTS,
      ACCOUNT,
      '*Size*\n1.9 GB'
    ]
  },
  'restore-test-failed': {
    kind: 'restore',
    id: '1B234A56-789B-01CD-2A34-4567A08901FD',
    severity: 'failure',
    header: '🔴 AWS Backup restore test failed: Aurora cluster luneo-prod in eu-west-3',
    status: "The restore failed: DB subnet group 'default' does not exist in the account.",
    fields: [
      '*Job*\nrestore `1B234A56-789B-01CD-2A34-4567A08901FD`',
      '*State*\nFAILED',
      VAULT,
      AURORA,
      ACCOUNT,
      '*Size*\n4.8 GB',
      TEST_PLAN
    ]
  },
  'restore-failed': {
    kind: 'restore',
    id: 'DE345678-90E1-2345-678F-901234A56789',
    severity: 'failure',
    // AWS's FAILED restore event names no vault and no resource ARN.
    header: '🔴 AWS Backup restore job failed: S3 bucket (not named in the event) in eu-west-3',
    status: 'Access denied: the restore role may not write to bucket artifacts-restored.',
    fields: [
      '*Job*\nrestore `DE345678-90E1-2345-678F-901234A56789`',
      '*State*\nFAILED',
      '*Resource*\nS3 bucket (not named in the event)',
      ACCOUNT,
      '*Size*\n22.5 GB'
    ]
  },
  'restore-test-completed': {
    kind: 'restore',
    id: 'AB123456-78C9-0123-456D-789012E34567',
    severity: 'note',
    header: '✅ AWS Backup restore test passed: Aurora cluster luneo-prod in eu-west-3',
    fields: [
      '*Job*\nrestore `AB123456-78C9-0123-456D-789012E34567`',
      '*State*\nCOMPLETED',
      VAULT,
      AURORA,
      ACCOUNT,
      TEST_PLAN
    ]
  },
  'backup-failed-odd-shapes': {
    kind: 'backup',
    id: 'e2a1d4b3-2c3d-4e4f-9a0b-1c2d3e4f5a61',
    severity: 'failure',
    header: '🔴 AWS Backup backup job failed: Aurora cluster (not named in the event) in eu-west-3',
    fields: [
      '*Job*\nbackup `e2a1d4b3-2c3d-4e4f-9a0b-1c2d3e4f5a61`',
      '*State*\nFAILED',
      VAULT, // from the vault's ARN: the event has no backupVaultName
      '*Resource*\nAurora cluster (not named in the event)',
      ACCOUNT
    ],
    unexpected: [
      'detail.resourceArn is an object',
      'detail.statusMessage is a list',
      'detail.backupSizeInBytes is a text of an unexpected form',
      'detail.bytesTransferred is a number'
    ]
  }
}

/** The events no rule sends and the function stays silent on. */
export const SILENT = [
  'backup-completed',
  'backup-completed-empty-message',
  'backup-running',
  'backup-created',
  'copy-completed',
  'restore-completed'
]

type Block = { type: string; text?: { text: string }; fields?: { text: string }[] }

describe('AWS Backup events to Slack messages, one test per fixture', () => {
  it('every fixture is covered here: as a message or as silent', () => {
    const names = fs.readdirSync(FIXTURES).map((f) => f.replace(/\.json$/, ''))
    expect(names.sort()).toEqual([...Object.keys(EXPECTED), ...SILENT, 'backup-failed-kms'].sort())
  })

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`${name}: ${want.header}`, () => {
      const facts = readBackupEvent(fixture(name))
      expect(facts.severity).toBe(want.severity)
      expect(facts.unexpected).toEqual(want.unexpected ?? [])
      const message = backupEventMessage(facts, '@here')
      const blocks = message.blocks as Block[]
      const url = link(want.kind, want.id)
      expect(consoleUrl(facts)).toBe(url)
      // Failures mention people; a warning or a note does not.
      const mention = want.severity === 'failure' ? '<!here> ' : ''

      expect(blocks[0]).toEqual({
        type: 'header',
        text: { type: 'plain_text', text: want.header, emoji: true }
      })
      let i = 1
      if (want.severity !== 'note') {
        expect(blocks[i++].text?.text).toBe(
          `${mention}*Status message:*\n\`\`\`${want.status ?? 'AWS Backup gave no status message.'}\`\`\``
        )
      }
      expect(blocks[i++].fields?.map((f) => f.text)).toEqual(want.fields)
      const details = [
        `*Job:* <${url}|open in the AWS Backup console>`,
        `*Event time:* ${String(fixture(name).time)}`
      ]
      if (want.unexpected) {
        details.push(
          `*Unexpected in the event:* ${want.unexpected.join('; ')} (the alert shows what could be read)`
        )
      }
      expect(blocks[i++].text?.text).toBe(details.join('\n'))
      expect(blocks).toHaveLength(i)
      expect(message.text).toBe(
        `${mention}${want.header.replace(/^\S+ /, '')}${want.status ? `: ${want.status}` : ''} (${url})`
      )
    })
  }

  for (const name of SILENT) {
    it(`${name}: no message`, () => {
      expect(readBackupEvent(fixture(name)).severity).toBe('ignore')
    })
  }

  it('no secret, no KMS key and no IAM role reaches Slack', () => {
    const webhook = 'https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/s3cr3tW3bh00kT0k3n'
    addSecret(webhook)
    const event = fixture('backup-failed-kms')
    const detail = event.detail as Record<string, string>
    // The webhook would only be in a status message by accident: it must still not get out.
    detail.statusMessage += ` Posting to ${webhook} failed.`
    const facts = readBackupEvent(event)
    expect(facts.severity).toBe('failure')
    const json = JSON.stringify(backupEventMessage(facts, '@here'))
    expect(json).toContain('Access denied to KMS key (a KMS key) for the role.')
    expect(json).toContain('Posting to *** failed.')
    for (const leak of [
      'arn:aws:kms',
      '0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f',
      detail.iamRoleArn,
      'role/',
      's3cr3tW3bh00kT0k3n',
      'hooks.slack.com'
    ]) {
      expect([leak, json.includes(leak)]).toEqual([leak, false])
    }
    expect(withoutKeys('key arn:aws-us-gov:kms:us-gov-west-1:1:key/abc, then')).toBe(
      'key (a KMS key), then'
    )
  })

  it('an event that is not one at all: a warning saying what is wrong, not a crash', () => {
    for (const bad of [null, 'text', { source: 'aws.backup' }, { detail: [] }]) {
      const facts = readBackupEvent(bad)
      expect(facts.severity).toBe('warning')
      expect(facts.unexpected.length).toBeGreaterThan(0)
      const message = backupEventMessage(facts)
      expect((message.blocks as Block[])[0].text?.text).toBe('🟠 AWS Backup event not understood')
      expect(JSON.stringify(message)).toContain('Unexpected in the event:')
    }
    // Another service's event, or another AWS Backup detail-type: silence.
    expect(readBackupEvent({ ...fixture('backup-failed'), source: 'aws.rds' }).severity).toBe(
      'ignore'
    )
    expect(
      readBackupEvent({ ...fixture('backup-failed'), 'detail-type': 'Backup Vault State Change' })
        .severity
    ).toBe('ignore')
  })

  it('a state missing from a failure-shaped event is named', () => {
    const event = fixture('copy-failed')
    delete (event.detail as Record<string, unknown>).state
    const facts = readBackupEvent(event)
    expect(facts.severity).toBe('ignore')
    expect(facts.unexpected).toEqual(['detail.state is missing'])
  })
})
