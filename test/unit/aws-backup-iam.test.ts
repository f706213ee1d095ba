import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'

// deploy/iam/aws-backup/reader.json, what report and check need to read AWS Backup, kept in
// step with the calls src/aws/backupReader.ts really makes (paginators and commands), as
// iam.test.ts does for S3: a new call there fails here until the policy allows it.

const READER = 'src/aws/backupReader.ts'
/** The IAM action of each AWS Backup operation is its name (Service Authorization Reference). */
const RESOURCE_LEVEL = new Set(['backup:ListRecoveryPointsByBackupVault'])

describe('the AWS Backup reader policy (deploy/iam/aws-backup/reader.json)', () => {
  it('allows exactly the AWS Backup operations the reader calls', async () => {
    const source = await fs.readFile(READER, 'utf8')
    const operations = new Set([
      ...[...source.matchAll(/\bpaginate(\w+)\(/g)].map((m) => m[1]),
      ...[...source.matchAll(/new (\w+)Command\(/g)].map((m) => m[1])
    ])
    expect(operations.size).toBeGreaterThan(3)
    const policy = JSON.parse(await fs.readFile('deploy/iam/aws-backup/reader.json', 'utf8')) as {
      Version: string
      Statement: { Effect: string; Action: string[]; Resource: string | string[] }[]
    }
    expect(policy.Version).toBe('2012-10-17')
    const allowed = policy.Statement.flatMap((s) => s.Action)
    expect([...new Set(allowed)].sort()).toEqual([...operations].map((o) => `backup:${o}`).sort())
    for (const s of policy.Statement) {
      expect(s.Effect).toBe('Allow')
      for (const a of s.Action) expect(a).toMatch(/^backup:List\w+$/)
      // Only the list operations without resource types are on "*"; the vault's are on the vaults.
      const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource]
      for (const a of s.Action) {
        if (RESOURCE_LEVEL.has(a))
          expect(resources).toEqual(['PRIMARY_VAULT_ARN', 'SECONDARY_VAULT_ARN'])
        else expect(resources).toEqual(['*'])
      }
    }
  })

  it('the Terraform module gives it to the reader roles, for its two vaults', async () => {
    const iam = await fs.readFile('infrastructure/terraform/aws-multi-region/iam.tf', 'utf8')
    expect(iam).toContain('file("${local.deploy_dir}/iam/aws-backup/reader.json")')
    expect(iam).toContain('"PRIMARY_VAULT_ARN", aws_backup_vault.primary.arn')
    expect(iam).toContain('"SECONDARY_VAULT_ARN", aws_backup_vault.secondary.arn')
    expect(iam).toContain('role       = aws_iam_role.github["reader"].name')
  })
})
