import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  BackupClient,
  ListBackupJobsCommand,
  ListRecoveryPointsByBackupVaultCommand
} from '@aws-sdk/client-backup'
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock'
import { checkAwsBackup, judgeAwsBackup } from '../../src/aws/backupCheck.js'
import type { JobRow, RecoveryPointRow } from '../../src/aws/backupReader.js'
import { check } from '../../src/commands/check.js'
import { buildConfig } from '../../src/config.js'
import { testLog } from '../helpers/log.js'
import { tempDir } from '../helpers/run.js'

// check with aws-backup-vault: the newest COMPLETED backup job of each protected resource must
// be younger than max-age-hours, whatever its recovery points say. The reading half runs
// against a MOCK AWS Backup client (aws-sdk-client-mock), since AWS Backup cannot run here.

const NOW = new Date('2026-11-24T12:00:00Z')
const ago = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString()
const AURORA = 'arn:aws:rds:eu-west-3:123456789012:cluster:luneo-prod'
const S3 = 'arn:aws:s3:::artifacts'
const EFS = 'arn:aws:elasticfilesystem:eu-west-3:123456789012:file-system/fs-1'

const job = (resourceArn: string, hours: number, state = 'COMPLETED'): JobRow => ({
  jobId: `job-${resourceArn.split(':').at(-1)}-${hours}`,
  region: 'eu-west-3',
  resourceArn,
  resourceType: resourceArn.includes(':rds:')
    ? 'Aurora'
    : resourceArn.includes(':s3:')
      ? 'S3'
      : 'EFS',
  state,
  created: ago(hours + 1),
  completed: state === 'COMPLETED' ? ago(hours) : undefined
})
const point = (resourceArn: string, hours: number, continuous = false): RecoveryPointRow => ({
  arn: `arn:aws:backup:eu-west-3:123456789012:recovery-point:${continuous ? 'continuous:' : ''}${hours}`,
  region: 'eu-west-3',
  vault: 'luneo-backup-primary',
  resourceArn,
  status: 'COMPLETED',
  created: ago(hours),
  continuous
})

describe('the AWS Backup watchdog: judged by jobs', () => {
  it('fresh jobs pass; an old completed job, a newer failure, or only a continuous point do not', () => {
    const jobs = [job(AURORA, 10), job(S3, 30), job(S3, 6, 'FAILED')]
    // Aurora's continuous point started 60 days ago, EFS's point is fresh but no job completed.
    const points = [point(AURORA, 24 * 60, true), point(EFS, 2, true)]
    const { rows, problems } = judgeAwsBackup(jobs, points, NOW, 26)
    expect(rows.map((r) => [r.resourceArn, r.stale, r.ageHours])).toEqual([
      [EFS, true, undefined],
      [AURORA, false, 10],
      [S3, true, 30]
    ])
    expect(problems).toEqual([
      `resource fs-1: no completed AWS Backup job in the last 7 days`,
      'S3 bucket artifacts: the newest completed AWS Backup job, job-artifacts-30, finished 30.0 h ago (max-age-hours 26)'
    ])
    expect(judgeAwsBackup(jobs, points, NOW, 36).problems).toHaveLength(1)
    expect(judgeAwsBackup([], [], NOW, 26).problems).toEqual([
      'no protected resource (no recovery point, no recent job)'
    ])
  })
})

describe('check with aws-backup-vault (MOCK AWS Backup client)', () => {
  let backup: AwsClientStub<BackupClient>
  beforeEach(() => {
    backup = mockClient(BackupClient)
    backup.on(ListBackupJobsCommand).resolves({
      BackupJobs: [
        {
          BackupJobId: 'aurora-ok',
          ResourceArn: AURORA,
          ResourceType: 'Aurora',
          State: 'COMPLETED',
          CreationDate: new Date(ago(9)),
          CompletionDate: new Date(ago(8))
        },
        {
          BackupJobId: 'artifacts-old',
          ResourceArn: S3,
          ResourceType: 'S3',
          State: 'COMPLETED',
          CreationDate: new Date(ago(51)),
          CompletionDate: new Date(ago(50))
        }
      ]
    })
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [] })
  })
  afterEach(() => backup.restore())

  it('reads the last week of jobs of the vault in its region and tables them', async () => {
    const log = testLog()
    const result = await checkAwsBackup(
      { vault: 'luneo-backup-primary', regions: ['eu-west-3', 'us-east-1'] },
      26,
      NOW,
      log
    )
    const input = backup.commandCalls(ListBackupJobsCommand)[0].args[0].input
    expect(input).toMatchObject({
      ByBackupVaultName: 'luneo-backup-primary',
      ByCreatedAfter: new Date(ago(7 * 24))
    })
    expect(result.problems).toEqual([
      'AWS Backup luneo-backup-primary (eu-west-3): S3 bucket artifacts: the newest completed AWS Backup job, artifacts-old, finished 2.1 days ago (max-age-hours 26)'
    ])
    expect(result.table.split('\n')).toEqual([
      '### AWS Backup luneo-backup-primary (eu-west-3)',
      '',
      '| resource | newest completed backup job | finished (UTC) | age | status |',
      '|---|---|---|---:|---|',
      '| Aurora cluster luneo-prod | aurora-ok | 2026-11-24 04:00 | 8.0 h | ok |',
      '| S3 bucket artifacts | artifacts-old | 2026-11-22 10:00 | 2.1 days | **stale** |'
    ])
  })

  it('AWS Backup that cannot be read fails the check, naming it', async () => {
    backup
      .on(ListBackupJobsCommand)
      .rejects(new Error('The security token included in the request is expired'))
    const result = await checkAwsBackup(
      { vault: 'luneo-backup-primary', regions: ['eu-west-3'] },
      26,
      NOW,
      testLog()
    )
    expect(result.problems).toEqual([
      'AWS Backup luneo-backup-primary (eu-west-3): could not be read: The security token included in the request is expired'
    ])
  })

  it('the check command adds the AWS Backup problems to its own, in one line', async () => {
    const config = buildConfig(
      {
        command: 'check',
        environment: 'production',
        'backup-root': await tempDir('luneo-aws-check-'),
        'aws-backup-vault': 'luneo-backup-primary',
        'aws-region': 'eu-west-3'
      },
      {}
    )
    await expect(check(config, testLog(), NOW)).rejects.toThrow(
      /production: backups are stale: no complete scheduled \(daily or monthly\) snapshot at all; AWS Backup luneo-backup-primary \(eu-west-3\): S3 bucket artifacts: the newest completed AWS Backup job, artifacts-old, finished 2\.1 days ago/
    )
  })
})
