import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  BackupClient,
  ListBackupJobsCommand,
  ListBackupVaultsCommand,
  ListCopyJobsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRestoreJobsCommand
} from '@aws-sdk/client-backup'
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock'
import fs from 'node:fs/promises'
import path from 'node:path'
import { readAwsBackup } from '../../src/aws/backupReader.js'
import { report } from '../../src/commands/report.js'
import { buildConfig } from '../../src/config.js'
import { awsBackupMarkdown } from '../../src/review/awsBackupMarkdown.js'
import { digestMessage } from '../../src/notify/digest.js'
import { buildAwsBackupSection } from '../../src/review/awsBackup.js'
import { testLog } from '../helpers/log.js'
import { tempDir } from '../helpers/run.js'

// The monthly review's AWS Backup half against a MOCK AWS Backup (aws-sdk-client-mock: the
// real BackupClient and its paginators, answered in-process), since AWS Backup cannot run here.
// The answers have the shapes of AWS's ListBackupJobs, ListCopyJobs, ListRestoreJobs,
// ListBackupVaults and ListRecoveryPointsByBackupVault for this module's Aurora cluster and
// artifacts bucket, in eu-west-3 with copies in us-east-1.

const A = '123456789012'
const AURORA = `arn:aws:rds:eu-west-3:${A}:cluster:luneo-prod`
const S3 = 'arn:aws:s3:::artifacts'
const PRIMARY = `arn:aws:backup:eu-west-3:${A}:backup-vault:luneo-backup-primary`
const SECONDARY = `arn:aws:backup:us-east-1:${A}:backup-vault:luneo-backup-secondary`
const NOW = new Date('2026-11-01T08:00:00Z')
const h = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000)

function backupJob(
  resource: string,
  type: string,
  hoursAgo: number,
  state = 'COMPLETED',
  msg?: string
) {
  return {
    BackupJobId: `job-${type}-${hoursAgo}`,
    BackupVaultName: 'luneo-backup-primary',
    BackupVaultArn: PRIMARY,
    ResourceArn: resource,
    ResourceType: type,
    State: state,
    StatusMessage: msg,
    CreationDate: h(hoursAgo + 1),
    CompletionDate: state === 'COMPLETED' ? h(hoursAgo) : undefined,
    BackupSizeInBytes: 4_831_838_208
  }
}

function recoveryPoint(
  resource: string,
  type: string,
  vaultArn: string,
  hoursAgo: number,
  arn?: string
) {
  return {
    RecoveryPointArn:
      arn ?? `arn:aws:backup:${vaultArn.split(':')[3]}:${A}:recovery-point:${type}-${hoursAgo}`,
    BackupVaultArn: vaultArn,
    BackupVaultName: vaultArn.split(':').at(-1),
    ResourceArn: resource,
    ResourceType: type,
    Status: 'COMPLETED',
    CreationDate: h(hoursAgo),
    CompletionDate: h(hoursAgo - 0.5)
  }
}

let backup: AwsClientStub<BackupClient>
beforeEach(() => {
  backup = mockClient(BackupClient)
  // The daily backups of 30 days: Aurora's stopped 30 h ago (one failure since); S3 fresh.
  const auroraJobs = [
    ...Array.from({ length: 29 }, (_, i) => backupJob(AURORA, 'Aurora', 30 + 24 * i)),
    backupJob(AURORA, 'Aurora', 6, 'FAILED', 'The DB cluster is not in the available state.')
  ]
  const s3Jobs = Array.from({ length: 30 }, (_, i) => backupJob(S3, 'S3', 6 + 24 * i))
  // Two pages: the paginator must follow NextToken.
  backup
    .on(ListBackupJobsCommand)
    .callsFake((input: { NextToken?: string }) =>
      input.NextToken ? { BackupJobs: s3Jobs } : { BackupJobs: auroraJobs, NextToken: 'page-2' }
    )
  backup.on(ListCopyJobsCommand).resolves({
    CopyJobs: [
      {
        CopyJobId: 'copy-aurora',
        SourceBackupVaultArn: PRIMARY,
        DestinationBackupVaultArn: SECONDARY,
        ResourceArn: AURORA,
        ResourceType: 'Aurora',
        State: 'COMPLETED',
        CreationDate: h(29),
        CompletionDate: h(28)
      },
      {
        CopyJobId: 'copy-s3',
        SourceBackupVaultArn: PRIMARY,
        DestinationBackupVaultArn: SECONDARY,
        ResourceArn: S3,
        ResourceType: 'S3',
        State: 'FAILED',
        StatusMessage: 'Access denied to the destination vault key',
        CreationDate: h(5)
      },
      // Another vault's copy: not this review's.
      {
        CopyJobId: 'copy-other',
        SourceBackupVaultArn: `arn:aws:backup:eu-west-3:${A}:backup-vault:Default`,
        DestinationBackupVaultArn: SECONDARY,
        ResourceArn: 'arn:aws:ec2:eu-west-3:123456789012:volume/vol-1',
        ResourceType: 'EBS',
        State: 'FAILED',
        CreationDate: h(5)
      }
    ]
  })
  backup.on(ListBackupVaultsCommand).resolves({
    BackupVaultList: [{ BackupVaultName: 'luneo-backup-secondary', BackupVaultArn: SECONDARY }]
  })
  backup
    .on(ListRecoveryPointsByBackupVaultCommand)
    .callsFake(async (input: { BackupVaultName: string }, getClient) => {
      const region = await getClient().config.region()
      if (region === 'eu-west-3' && input.BackupVaultName === 'luneo-backup-primary') {
        return {
          RecoveryPoints: [
            // Continuous since September: its date says nothing about today.
            recoveryPoint(
              AURORA,
              'Aurora',
              PRIMARY,
              24 * 60,
              `arn:aws:backup:eu-west-3:${A}:recovery-point:continuous:cluster-luneo-prod-1a2b`
            ),
            recoveryPoint(AURORA, 'Aurora', PRIMARY, 31),
            recoveryPoint(S3, 'S3', PRIMARY, 6)
          ]
        }
      }
      if (region === 'us-east-1' && input.BackupVaultName === 'luneo-backup-secondary') {
        return {
          RecoveryPoints: [
            recoveryPoint(AURORA, 'Aurora', SECONDARY, 28),
            recoveryPoint(S3, 'S3', SECONDARY, 78)
          ]
        }
      }
      throw new Error(`mock: no vault ${input.BackupVaultName} in ${region}`)
    })
  backup.on(ListRestoreJobsCommand).callsFake(async (_input, getClient) => {
    if ((await getClient().config.region()) !== 'eu-west-3') return { RestoreJobs: [] }
    return {
      RestoreJobs: [
        {
          RestoreJobId: 'restore-test-oct',
          SourceResourceArn: AURORA,
          ResourceType: 'Aurora',
          Status: 'FAILED',
          StatusMessage: "DB subnet group 'default' does not exist",
          CreationDate: new Date('2026-10-01T06:19:07Z'),
          CreatedBy: {
            RestoreTestingPlanArn: `arn:aws:backup:eu-west-3:${A}:restore-testing-plan:luneo_backup_quarterly-1a2b`
          }
        },
        // A manual restore: not a restore test.
        {
          RestoreJobId: 'restore-manual',
          SourceResourceArn: S3,
          ResourceType: 'S3',
          Status: 'COMPLETED',
          CreationDate: new Date('2026-10-20T10:00:00Z')
        }
      ]
    }
  })
})
afterEach(() => backup.restore())

const OPTIONS = {
  vault: 'luneo-backup-primary',
  regions: ['eu-west-3', 'us-east-1'],
  from: h(31 * 24)
}

describe('the AWS Backup half of the monthly review (MOCK AWS Backup client)', () => {
  it('reads jobs, copies, restore jobs and recovery points in each region with the right filters', async () => {
    const data = await readAwsBackup(OPTIONS)
    expect(data.problems).toEqual([])
    expect(data.backupJobs).toHaveLength(60)
    const jobCalls = backup.commandCalls(ListBackupJobsCommand)
    expect(jobCalls).toHaveLength(2)
    // (The paginator reuses one input object: the second call's is the one to read.)
    expect(jobCalls[1].args[0].input).toMatchObject({
      ByBackupVaultName: 'luneo-backup-primary',
      ByCreatedAfter: OPTIONS.from,
      NextToken: 'page-2'
    })
    expect(data.copyJobs.map((j) => j.jobId)).toEqual(['copy-aurora', 'copy-s3'])
    expect(data.copyJobs[0]).toMatchObject({
      destinationVault: 'luneo-backup-secondary',
      destinationRegion: 'us-east-1'
    })
    expect(data.recoveryPoints.map((p) => [p.region, p.vault, p.continuous])).toEqual([
      ['eu-west-3', 'luneo-backup-primary', true],
      ['eu-west-3', 'luneo-backup-primary', false],
      ['eu-west-3', 'luneo-backup-primary', false],
      ['us-east-1', 'luneo-backup-secondary', false],
      ['us-east-1', 'luneo-backup-secondary', false]
    ])
    expect(data.restoreJobs.find((j) => j.jobId === 'restore-test-oct')?.testingPlan).toBe(
      'luneo_backup_quarterly-1a2b'
    )
  })

  it('jobs per resource by state, newest recovery point per region, red lines', async () => {
    const section = buildAwsBackupSection(await readAwsBackup(OPTIONS), NOW, 26)
    expect(section.resources.map((r) => [r.resourceArn, r.backupJobs, r.copyJobs])).toEqual([
      [AURORA, { COMPLETED: 29, FAILED: 1 }, { COMPLETED: 1 }],
      [S3, { COMPLETED: 30 }, { FAILED: 1 }]
    ])
    const [aurora, s3] = section.resources
    expect(aurora.lastBackup).toEqual({ completed: h(30).toISOString(), ageHours: 30 })
    // The snapshot, not the continuous point (which started 60 days ago).
    expect(aurora.newest['eu-west-3']).toMatchObject({ ageHours: 31, continuous: false })
    expect(aurora.newest['us-east-1']).toMatchObject({ ageHours: 28 })
    expect(s3.newest['us-east-1']).toMatchObject({ ageHours: 78 })
    expect(section.redLines).toEqual([
      {
        resourceArn: AURORA,
        region: 'eu-west-3',
        what: 'no recent backup',
        detail: 'the newest backup is 30 h old (max-age-hours 26)'
      },
      {
        resourceArn: AURORA,
        region: 'us-east-1',
        what: 'copy missing',
        detail: 'the newest recovery point in us-east-1 is 28 h old (max-age-hours 26)'
      },
      {
        resourceArn: S3,
        region: 'us-east-1',
        what: 'copy missing',
        detail: 'the newest recovery point in us-east-1 is 78 h old (max-age-hours 26)'
      },
      {
        resourceArn: AURORA,
        region: 'eu-west-3',
        what: 'restore test failed',
        detail:
          "restore job restore-test-oct (luneo_backup_quarterly-1a2b) on 2026-10-01: FAILED: DB subnet group 'default' does not exist"
      }
    ])
    // With a looser limit only the restore test is left.
    const loose = buildAwsBackupSection(await readAwsBackup(OPTIONS), NOW, 96)
    expect(loose.redLines.map((r) => r.what)).toEqual(['restore test failed'])
  })

  it('the copies are read from the vaults the copy jobs name; without any, from every vault', async () => {
    await readAwsBackup(OPTIONS)
    expect(backup.commandCalls(ListBackupVaultsCommand)).toHaveLength(0)
    backup.on(ListCopyJobsCommand).resolves({ CopyJobs: [] })
    const data = await readAwsBackup(OPTIONS)
    expect(backup.commandCalls(ListBackupVaultsCommand)).toHaveLength(1)
    expect(data.recoveryPoints.filter((p) => p.region === 'us-east-1')).toHaveLength(2)
  })

  it('what cannot be read is one problem line; the rest is still read', async () => {
    backup
      .on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'luneo-backup-secondary' })
      .rejects(
        Object.assign(
          new Error('User is not authorized to perform: backup:ListRecoveryPointsByBackupVault'),
          {
            name: 'AccessDeniedException'
          }
        )
      )
    const data = await readAwsBackup(OPTIONS)
    expect(data.problems).toEqual([
      'AWS Backup in us-east-1: recovery points of vault luneo-backup-secondary could not be read: User is not authorized to perform: backup:ListRecoveryPointsByBackupVault'
    ])
    expect(data.backupJobs).toHaveLength(60)
    const section = buildAwsBackupSection(data, NOW, 26)
    // Nothing read in us-east-1: every copy is missing, and the review says why.
    expect(section.redLines.filter((r) => r.what === 'copy missing')).toHaveLength(2)
    expect(awsBackupMarkdown(section)).toContain('### AWS Backup: could not be read')
  })

  it('the Markdown: summary, red lines, jobs, newest points per region, restore tests', async () => {
    const md = awsBackupMarkdown(buildAwsBackupSection(await readAwsBackup(OPTIONS), NOW, 26))
    const lines = md.split('\n')
    for (const line of [
      '## AWS Backup: vault luneo-backup-primary',
      'Jobs from 2026-10-01 to 2026-11-01, read from AWS Backup in eu-west-3 (copies in us-east-1).',
      '- **2 protected resources** in `luneo-backup-primary`',
      '- **4 red lines**: no backup in 26 h, a copy missing in another region, a failed restore test',
      '- **Last restore test**: **FAILED** on 2026-10-01 (luneo_backup_quarterly-1a2b)',
      '| Aurora cluster luneo-prod | eu-west-3 | 🔴 no recent backup | the newest backup is 30 h old (max-age-hours 26) |',
      '| Aurora cluster luneo-prod | Aurora | 29 completed, **1 failed** | 1 completed | 2026-10-31 02:00 (30.0 h ago) |',
      '| S3 bucket artifacts | S3 | 30 completed | **1 failed** | 2026-11-01 02:00 (6.0 h ago) |',
      '| resource | eu-west-3 (primary) | us-east-1 (copy) |',
      '| Aurora cluster luneo-prod | 2026-10-31 01:00 (31.0 h ago) | 2026-10-31 04:00 (28.0 h ago) |',
      "| 2026-10-01 06:19 | Aurora cluster luneo-prod | luneo_backup_quarterly-1a2b | **FAILED** |  | DB subnet group 'default' does not exist |"
    ]) {
      expect([line, lines.includes(line)]).toEqual([line, true])
    }
  })

  it('report with aws-backup-vault: both halves in report.md and report.json, the output, the digest', async () => {
    const root = await tempDir('luneo-aws-review-')
    const before = process.env.RUNNER_TEMP
    process.env.RUNNER_TEMP = root
    try {
      const config = buildConfig(
        {
          command: 'report',
          environment: 'production',
          'backup-root': path.join(root, 'backups'),
          'aws-backup-vault': 'luneo-backup-primary',
          'aws-backup-regions': 'eu-west-3, us-east-1'
        },
        {}
      )
      expect(config.awsBackup).toEqual({
        vault: 'luneo-backup-primary',
        regions: ['eu-west-3', 'us-east-1']
      })
      const log = testLog()
      const result = await report(config, log, NOW)
      expect(result.outputs['aws-backup-red-lines']).toBe(4)
      expect(result.digest?.awsBackupRedLines).toBe(4)
      const md = await fs.readFile(String(result.outputs['report-md']), 'utf8')
      expect(md).toMatch(/^## Monthly review of production/)
      expect(md).toContain('\n## AWS Backup: vault luneo-backup-primary\n')
      expect(result.summary).toBe(md)
      const json = JSON.parse(await fs.readFile(String(result.outputs['report-json']), 'utf8'))
      expect(json.environment).toBe('production')
      expect(json.awsBackup.redLines).toHaveLength(4)
      expect(log.warnings.filter((w) => w.startsWith('AWS Backup red line:'))).toHaveLength(4)
      // The digest counts them, turns red and mentions people.
      const slack = digestMessage(result.digest!, { label: 'run 1' }, '@here')
      const fields = JSON.stringify(slack.blocks)
      expect(fields).toContain('*Red lines*\\nnone; AWS Backup: 4')
      expect(slack.blocks?.[0]).toMatchObject({
        text: { text: '🔴 Monthly backup review: production' }
      })
      expect(slack.text).toMatch(/^<!here> /)
    } finally {
      if (before === undefined) delete process.env.RUNNER_TEMP
      else process.env.RUNNER_TEMP = before
    }
  })

  it('without aws-backup-vault the review never calls AWS Backup', async () => {
    const root = await tempDir('luneo-aws-review-')
    const config = buildConfig(
      { command: 'report', environment: 'production', 'backup-root': root },
      {}
    )
    expect(config.awsBackup).toBeUndefined()
    const result = await report(config, testLog(), NOW)
    expect(result.outputs['aws-backup-red-lines']).toBeUndefined()
    expect(backup.calls()).toHaveLength(0)
  })

  it('aws-backup-vault and aws-backup-regions are validated', () => {
    const base = { command: 'report', environment: 'production', 'backup-root': '/tmp/x' }
    expect(() => buildConfig({ ...base, 'aws-backup-regions': 'eu-west-3' }, {})).toThrow(
      'aws-backup-regions is set but aws-backup-vault is not'
    )
    expect(() => buildConfig({ ...base, 'aws-backup-vault': 'a/b' }, {})).toThrow(
      'aws-backup-vault "a/b" is not a backup vault name'
    )
    expect(() =>
      buildConfig({ ...base, 'aws-backup-vault': 'v1', 'aws-backup-regions': 'eu-west-3,mars' }, {})
    ).toThrow('aws-backup-regions: "mars" is not an AWS region such as eu-west-3')
    expect(
      buildConfig({ ...base, 'aws-backup-vault': 'v1' }, { AWS_REGION: 'eu-west-3' }).awsBackup
    ).toEqual({ vault: 'v1', regions: ['eu-west-3'] })
  })
})
