import { beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { ROOT } from '../helpers/run.js'
import {
  argumentProblems,
  fmtProblems,
  parseAll,
  readTf,
  referenceProblems,
  regexesIn,
  typesUsed,
  unusedProblems,
  validations,
  variableProblems,
  type Files,
  type Parsed,
  type Schema
} from '../helpers/terraform.js'

// The Terraform module of the strategy's AWS half (infrastructure/terraform/aws-multi-region),
// checked without a terraform binary (none installs here): parsed by HashiCorp's HCL library,
// its references resolved, its arguments checked against provider-schema.json (which the
// GitHub workflow terraform.yml regenerates with `terraform providers schema -json` and fails
// on any difference), and its documents compared with deploy/. The last block plants errors.

const MODULE = path.join(ROOT, 'infrastructure/terraform/aws-multi-region')
const EXAMPLE = path.join(MODULE, 'examples/complete')
const awsSchema = JSON.parse(
  fs.readFileSync(path.join(MODULE, 'provider-schema.json'), 'utf8')
) as Schema
// hashicorp/archive (the alerts function's zip) has its own file, regenerated the same way.
const archiveSchema = JSON.parse(
  fs.readFileSync(path.join(MODULE, 'archive-schema.json'), 'utf8')
) as Schema
const schema: Schema = {
  ...awsSchema,
  resources: { ...awsSchema.resources, ...archiveSchema.resources },
  data_sources: { ...awsSchema.data_sources, ...archiveSchema.data_sources }
}

let files: Files
let mod: Parsed
beforeAll(async () => {
  files = readTf(MODULE)
  mod = await parseAll(files)
})

const resource = (type: string, name: string) => {
  const r = mod.resources[type]?.[name]
  expect([type, name, r]).toEqual([type, name, expect.anything()])
  return r as Record<string, unknown>
}
const block = (b: Record<string, unknown>, key: string) =>
  (b[key] as Record<string, unknown>[] | undefined)?.[0] ?? {}

describe('the Terraform module parses and resolves', () => {
  it('has the files the issue names', () => {
    for (const f of ['versions.tf', 'variables.tf', 'outputs.tf', 'README.md'])
      expect(fs.existsSync(path.join(MODULE, f))).toBe(true)
    expect(fs.existsSync(path.join(EXAMPLE, 'main.tf'))).toBe(true)
    expect(fs.readdirSync(path.join(MODULE, 'tests')).some((f) => f.endsWith('.tftest.hcl'))).toBe(
      true
    )
  })

  it('every var.*, local.*, data, module, resource and provider reference resolves', async () => {
    expect(await referenceProblems(mod, schema)).toEqual([])
    const example = await parseAll(readTf(EXAMPLE))
    expect(await referenceProblems(example, schema)).toEqual([])
  })

  it('the terraform tests parse, read what the module has, set only its variables, mock only its types', async () => {
    const dir = path.join(MODULE, 'tests')
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.tftest.hcl'))) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8')
      const withTest = await parseAll({ ...files, [f]: text })
      expect(await referenceProblems(withTest, schema)).toEqual([])
      const doc = withTest.files[f] as {
        variables?: Record<string, unknown>[]
        run?: Record<string, { variables?: Record<string, unknown>[] }[]>
        mock_provider?: Record<string, Record<string, Record<string, { defaults: object }[]>>[]>
      }
      const set = [
        ...(doc.variables ?? []),
        ...Object.values(doc.run ?? {}).flatMap((r) => r[0].variables ?? [])
      ].flatMap((v) => Object.keys(v))
      for (const name of set) expect([name, name in mod.variables]).toEqual([name, true])
      for (const mock of doc.mock_provider?.aws ?? []) {
        for (const [kind, types] of [
          ['mock_resource', schema.resources],
          ['mock_data', schema.data_sources]
        ] as const) {
          for (const [type, [{ defaults }]] of Object.entries(mock[kind] ?? {})) {
            for (const attribute of Object.keys(defaults))
              expect([type, attribute, types[type]?.attributes.includes(attribute)]).toEqual([
                type,
                attribute,
                true
              ])
          }
        }
      }
    }
  })

  it('every resource type and argument exists in the pinned AWS provider', async () => {
    expect(argumentProblems(mod, schema)).toEqual([])
    expect(argumentProblems(await parseAll(readTf(EXAMPLE)), schema)).toEqual([])
  })

  it('no variable or local is unused (tflint), and `=` is aligned as terraform fmt aligns it', () => {
    expect(unusedProblems(files, mod)).toEqual([])
    const all = { ...files }
    for (const f of fs.readdirSync(path.join(MODULE, 'tests')))
      all[`tests/${f}`] = fs.readFileSync(path.join(MODULE, 'tests', f), 'utf8')
    for (const [f, text] of Object.entries(readTf(EXAMPLE))) all[`examples/complete/${f}`] = text
    expect(Object.entries(all).flatMap(([f, text]) => fmtProblems(f, text))).toEqual([])
  })

  it('provider-schema.json and archive-schema.json list exactly the types used (so CI regenerates those)', () => {
    const used = typesUsed(mod)
    const of = (types: string[], aws: boolean) => types.filter((t) => t.startsWith('aws_') === aws)
    expect(Object.keys(awsSchema.resources).sort()).toEqual(of(used.resources, true))
    expect(Object.keys(awsSchema.data_sources).sort()).toEqual(of(used.data, true))
    expect(Object.keys(archiveSchema.resources).sort()).toEqual(of(used.resources, false))
    expect(Object.keys(archiveSchema.data_sources).sort()).toEqual(of(used.data, false))
  })

  it('pins Terraform and an AWS provider with restore testing; the schema is of a version it allows; aws.dr; no backend', () => {
    const tf = (mod.files['versions.tf'].terraform as Record<string, unknown>[])[0]
    expect(tf.required_version).toMatch(/>= ?1\.(9|1\d)/)
    expect(tf.backend).toBeUndefined()
    const aws = (tf.required_providers as Record<string, Record<string, unknown>>[])[0].aws
    expect(aws.source).toBe('hashicorp/aws')
    const m = /^>= ?(\d+)\.(\d+)\.(\d+), < ?(\d+)\.0\.0$/.exec(String(aws.version))
    expect(m).not.toBeNull()
    const [, major, minor] = m!.map(Number)
    // aws_backup_restore_testing_* arrived in 5.x; 6.x has the per-resource region.
    expect(major * 100 + minor).toBeGreaterThanOrEqual(618)
    const [sMajor, sMinor] = awsSchema.version.split('.').map(Number)
    expect(sMajor * 1000 + sMinor).toBeGreaterThanOrEqual(major * 1000 + minor)
    expect(sMajor).toBeLessThan(Number(m![4]))
    expect(String(aws.configuration_aliases)).toContain('aws.dr')
    expect(schema.resources.aws_backup_restore_testing_plan).toBeDefined()
  })
})

describe('variables', () => {
  it('the module README documents every variable and output', () => {
    const readme = fs.readFileSync(path.join(MODULE, 'README.md'), 'utf8')
    for (const name of [...Object.keys(mod.variables), ...Object.keys(mod.outputs)])
      expect([name, readme.includes(`| \`${name}\``)]).toEqual([name, true])
  })

  it('every variable has a type and a description', () => {
    expect(variableProblems(mod)).toEqual([])
  })

  it('backup_schedule defaults to AWS cron at 02:00 and refuses the five-field form, showing the AWS form', () => {
    const v = mod.variables.backup_schedule
    expect(v.default).toBe('cron(0 2 * * ? *)')
    const [[condition, message]] = validations(mod, 'backup_schedule')
    const ok = (s: string) => regexesIn(condition).every((r) => r.test(s))
    expect(regexesIn(condition).length).toBeGreaterThan(0)
    expect(ok('cron(0 2 * * ? *)')).toBe(true)
    expect(ok('0 2 * * *')).toBe(false)
    expect(ok('cron(0 2 * * *)')).toBe(false)
    expect(message).toContain('cron(0 2 * * ? *)')
  })

  it('the strategy: retention 30 days, monthly 12 months, both validated; copies to us-east-1', () => {
    expect(mod.variables.backup_retention_days.default).toBe(30)
    expect(mod.variables.monthly_retention_months.default).toBe(12)
    expect(mod.variables.secondary_region.default).toBe('us-east-1')
    for (const name of [
      'backup_retention_days',
      'monthly_retention_months',
      'monthly_schedule',
      'restore_testing_schedule',
      'vault_lock_mode',
      'object_lock_days',
      'artifacts_versioning_confirmed',
      'github_repository',
      'github_subjects',
      'environments',
      'aurora_cluster_arn'
    ])
      expect([name, validations(mod, name).length]).toEqual([name, expect.any(Number)])
    for (const name of Object.keys(mod.variables).filter((n) =>
      /schedule|retention|lock|repository|subjects|environments|arn|versioning_confirmed/.test(n)
    ))
      expect([name, validations(mod, name).length > 0]).toEqual([name, true])
  })
})

describe('AWS Backup', () => {
  it('copy actions target the secondary vault, which lives in aws.dr, with the rule’s own lifecycle', () => {
    const plan = resource('aws_backup_plan', 'this')
    const rules = plan.rule as Record<string, unknown>[]
    expect(rules.map((r) => r.rule_name)).toEqual(['daily', 'monthly'])
    for (const rule of rules) {
      const copy = block(rule, 'copy_action')
      const m = /^\$\{aws_backup_vault\.(\w+)\.arn\}$/.exec(String(copy.destination_vault_arn))
      expect(m).not.toBeNull()
      expect(resource('aws_backup_vault', m![1]).provider).toBe('${aws.dr}')
      expect(block(copy, 'lifecycle').delete_after).toBe(block(rule, 'lifecycle').delete_after)
      expect(block(rule, 'lifecycle').cold_storage_after).toBeUndefined()
    }
    expect(resource('aws_backup_vault', 'primary').provider).toBeUndefined()
    expect(resource('aws_kms_key', 'secondary').provider).toBe('${aws.dr}')
    expect(resource('aws_backup_vault', 'secondary').kms_key_arn).toBe(
      '${aws_kms_key.secondary.arn}'
    )
  })

  it('retention values come from the variables', () => {
    const [daily, monthly] = resource('aws_backup_plan', 'this').rule as Record<string, unknown>[]
    expect(daily.schedule).toBe('${var.backup_schedule}')
    expect(block(daily, 'lifecycle').delete_after).toBe('${var.backup_retention_days}')
    expect(block(monthly, 'lifecycle').delete_after).toBe('${local.monthly_retention_days}')
    expect(String(mod.locals.monthly_retention_days)).toContain('var.monthly_retention_months')
  })

  it('selects the Aurora cluster and the artifacts bucket, with versioning managed or confirmed', () => {
    const s = resource('aws_backup_selection', 'this')
    expect(s.resources).toEqual(['${var.aurora_cluster_arn}', '${local.artifacts_bucket_arn}'])
    expect(String(resource('aws_s3_bucket_versioning', 'artifacts').count)).toContain(
      'var.manage_artifacts_versioning'
    )
    const policies = String(mod.locals.backup_service_policies)
    for (const p of [
      'AWSBackupServiceRolePolicyForBackup',
      'AWSBackupServiceRolePolicyForRestores',
      'AWSBackupServiceRolePolicyForS3Backup',
      'AWSBackupServiceRolePolicyForS3Restore'
    ])
      expect(policies).toContain(p)
  })

  it('a quarterly restore test of the Aurora cluster', () => {
    expect(mod.variables.restore_testing_schedule.default).toBe('cron(0 6 1 1,4,7,10 ? *)')
    const sel = resource('aws_backup_restore_testing_selection', 'aurora')
    expect(sel.protected_resource_type).toBe('Aurora')
    expect(sel.protected_resource_arns).toEqual(['${var.aurora_cluster_arn}'])
    expect(sel.restore_metadata_overrides).toBe('${local.restore_metadata_overrides}')
  })

  it('the vaults, keys and the bucket are protected from destroy; keys rotate', () => {
    for (const [t, n] of [
      ['aws_backup_vault', 'primary'],
      ['aws_backup_vault', 'secondary'],
      ['aws_kms_key', 'primary'],
      ['aws_kms_key', 'secondary'],
      ['aws_kms_key', 'bucket'],
      ['aws_s3_bucket', 'backups']
    ])
      expect([t, n, block(resource(t, n), 'lifecycle').prevent_destroy]).toEqual([t, n, true])
    for (const n of ['primary', 'secondary', 'bucket']) {
      expect(resource('aws_kms_key', n).enable_key_rotation).toBe(true)
      expect(resource('aws_kms_key', n).deletion_window_in_days).toBe(
        '${var.kms_deletion_window_days}'
      )
    }
  })
})

describe('the backups bucket', () => {
  it('versioned, encrypted, public access blocked, TLS only, tagged for the lifecycle command', () => {
    expect(
      block(resource('aws_s3_bucket_versioning', 'backups'), 'versioning_configuration')
    ).toEqual({
      status: 'Enabled'
    })
    expect(block(resource('aws_s3_bucket_ownership_controls', 'backups'), 'rule')).toEqual({
      object_ownership: 'BucketOwnerEnforced'
    })
    const pab = resource('aws_s3_bucket_public_access_block', 'backups')
    for (const k of [
      'block_public_acls',
      'block_public_policy',
      'ignore_public_acls',
      'restrict_public_buckets'
    ])
      expect(pab[k]).toBe(true)
    expect(String(resource('aws_s3_bucket_policy', 'backups').policy)).toMatch(
      /Deny[\s\S]*aws:SecureTransport[\s\S]*false/
    )
    const sse = block(
      block(resource('aws_s3_bucket_server_side_encryption_configuration', 'backups'), 'rule'),
      'apply_server_side_encryption_by_default'
    )
    expect(sse.sse_algorithm).toBe('${var.backups_bucket_sse}')
    expect(mod.locals.lifecycle_owner_tag).toEqual({ 'luneo-backup:lifecycle-owner': 'terraform' })
    expect(String(resource('aws_s3_bucket', 'backups').tags)).toContain('local.lifecycle_owner_tag')
    const lock = block(
      block(resource('aws_s3_bucket_object_lock_configuration', 'backups'), 'rule'),
      'default_retention'
    )
    expect(lock).toEqual({ mode: 'GOVERNANCE', days: '${var.object_lock_days}' })
  })

  it('the lifecycle rules are deploy/s3-lifecycle.json, every field of it mapped', () => {
    // The module reads the document from the repository's deploy/ folder.
    expect(mod.locals.deploy_dir).toBe('${path.module}/../../../deploy')
    expect(path.resolve(MODULE, '../../../deploy')).toBe(path.join(ROOT, 'deploy'))
    expect(mod.locals.lifecycle_document).toBe(
      '${jsondecode(file("${local.deploy_dir}/s3-lifecycle.json"))}'
    )
    // Every key of the document is read by the mapping, so none can be dropped silently.
    const doc = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'deploy/s3-lifecycle.json'), 'utf8')
    ) as {
      Rules: unknown[]
    }
    const keys = new Set<string>()
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk)
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          keys.add(k)
          walk(x)
        }
    }
    doc.Rules.forEach(walk)
    const mapping =
      String(mod.locals.lifecycle_rules) + String(mod.locals.lifecycle_template_prefix)
    for (const k of keys) expect([k, mapping.includes(`.${k}`)]).toEqual([k, true])
    // And each provider block is fed from the mapping, never a literal number.
    const lc = files['lifecycle.tf'].slice(
      files['lifecycle.tf'].indexOf('resource "aws_s3_bucket_lifecycle_configuration"')
    )
    expect(lc).not.toMatch(/=\s*\d/)
    const dyn = resource('aws_s3_bucket_lifecycle_configuration', 'backups').dynamic as Record<
      string,
      { for_each: string }[]
    >
    expect(dyn.rule[0].for_each).toBe('${local.lifecycle_rules}')
  })
})

describe('IAM: one role per job kind, each policy from deploy/iam/', () => {
  const commands = fs
    .readdirSync(path.join(ROOT, 'deploy/iam'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort()

  it('the job kinds are the issue’s, and cover every policy in deploy/iam/ exactly once', () => {
    expect(mod.locals.job_kinds).toEqual({
      writer: ['backup'],
      pruner: ['prune', 'lifecycle', 'destroy-key', 'adopt'],
      reader: ['restore', 'drill', 'verify', 'list', 'check', 'report']
    })
    const all = Object.values(mod.locals.job_kinds as Record<string, string[]>).flat()
    expect([...all].sort()).toEqual(commands)
  })

  it('reads each policy file and fills in every placeholder the files use', () => {
    const statements = String(mod.locals.command_statements)
    expect(statements).toContain('file("${local.deploy_dir}/iam/${pair[0]}.json")')
    const placeholders = new Set<string>()
    for (const c of commands) {
      const text = fs.readFileSync(path.join(ROOT, `deploy/iam/${c}.json`), 'utf8')
      for (const m of text.matchAll(/\b[A-Z][A-Z_]{3,}\b/g)) placeholders.add(m[0])
    }
    expect([...placeholders].sort()).toEqual(['BUCKET', 'ENV_PREFIX', 'KMS_KEY_ARN'])
    for (const p of placeholders)
      expect(statements).toContain(`"${p === 'BUCKET' ? 'arn:aws:s3:::BUCKET' : p}"`)
  })

  it('the GitHub roles trust only the repository’s chosen subjects, with the STS audience', () => {
    const trust = String(resource('aws_iam_role', 'github').assume_role_policy)
    expect(trust).toContain('sts:AssumeRoleWithWebIdentity')
    expect(trust).toContain('"${local.github_oidc_host}:aud" = "sts.amazonaws.com"')
    expect(trust).toContain('"repo:${var.github_repository}:${s}"')
    expect(mod.locals.github_oidc_host).toBe('token.actions.githubusercontent.com')
    expect(String(resource('aws_iam_role', 'irsa').assume_role_policy)).toContain(
      'system:serviceaccount:'
    )
  })
})

describe('the checks can fail (planted errors)', () => {
  /** The module with one replacement made (which must apply). */
  const planted = async (file: string, from: string, to: string) => {
    expect(files[file]).toContain(from)
    return parseAll({ ...files, [file]: files[file].replace(from, to) })
  }

  it('an unknown argument', async () => {
    const p = await planted(
      'vaults.tf',
      '  kms_key_arn = aws_kms_key.primary.arn\n',
      '  kms_key_arn = aws_kms_key.primary.arn\n  kms_key_id  = "x"\n'
    )
    expect(argumentProblems(p, schema).join('\n')).toContain(
      'aws_backup_vault.primary: unknown argument "kms_key_id"'
    )
  })

  it('an unknown nested block and a misspelt argument inside a dynamic block', async () => {
    let p = await planted('plan.tf', 'copy_action {', 'copy_actions {')
    expect(argumentProblems(p, schema).join('\n')).toContain('unknown argument "copy_actions"')
    p = await planted('lifecycle.tf', 'days_after_initiation =', 'days_after_start =')
    expect(argumentProblems(p, schema).join('\n')).toContain(
      'rule.abort_incomplete_multipart_upload: unknown argument "days_after_start"'
    )
  })

  it('a resource type the provider does not have', async () => {
    const p = await planted(
      'bucket.tf',
      'resource "aws_s3_bucket_policy"',
      'resource "aws_s3_bucket_policies"'
    )
    expect(argumentProblems(p, schema).join('\n')).toContain(
      'aws_s3_bucket_policies.backups: type not in the provider schema'
    )
  })

  it('unresolved references: a variable, a local, a resource, an attribute, a loose name', async () => {
    const cases: [string, string, string, string][] = [
      [
        'plan.tf',
        'delete_after = var.backup_retention_days\n    }\n\n    copy_action',
        'delete_after = var.backup_retention_dayz\n    }\n\n    copy_action',
        'no variable "backup_retention_dayz"'
      ],
      [
        'bucket.tf',
        'local.lifecycle_owner_tag)',
        'local.lifecycle_owner)',
        'no local "lifecycle_owner"'
      ],
      [
        'vaults.tf',
        'aws_kms_key.secondary.arn',
        'aws_kms_key.tertiary.arn',
        'no resource "aws_kms_key" "tertiary"'
      ],
      [
        'vaults.tf',
        'aws_kms_key.primary.arn',
        'aws_kms_key.primary.arm',
        'the schema has no attribute "arm"'
      ],
      [
        'iam.tf',
        'trimsuffix(local.env_prefix[pair[1]], "/")',
        'trimsuffix(local.env_prefixes[pair[1]], "/")',
        'no local "env_prefixes"'
      ],
      [
        'lifecycle.tf',
        'id     = rule.value.id',
        'id     = rules.value.id',
        'rules.value.id: unresolved reference'
      ],
      [
        'plan.tf',
        'destination_vault_arn = aws_backup_vault.secondary.arn',
        'destination_vault_arn = aws.backup_vault.secondary.arn',
        'unresolved reference'
      ]
    ]
    for (const [file, from, to, problem] of cases) {
      const p = await planted(file, from, to)
      expect((await referenceProblems(p, schema)).join('\n')).toContain(problem)
    }
  })

  it('an unused variable, and an `=` out of line', async () => {
    const plan = files['plan.tf'].replaceAll('var.schedule_timezone', '"Etc/UTC"')
    expect(plan).not.toBe(files['plan.tf'])
    const text = { ...files, 'plan.tf': plan }
    expect(unusedProblems(text, await parseAll(text))).toEqual([
      'variable schedule_timezone is unused'
    ])
    expect(
      fmtProblems(
        'kms.tf',
        files['kms.tf'].replace('  enable_key_rotation     = true', '  enable_key_rotation = true')
      )
    ).toEqual([expect.stringMatching(/^kms\.tf:\d+: "=" in column 23, fmt puts it in 27$/)])
    expect(fmtProblems('x.tf', 'a = {\n  b = "${x}"\n  cc = 1\n}\n')).toEqual([
      'x.tf:2: "=" in column 5, fmt puts it in 6'
    ])
  })

  it('a terraform test that reads what the module does not have', async () => {
    const test = fs.readFileSync(path.join(MODULE, 'tests/plan.tftest.hcl'), 'utf8')
    for (const [from, to, problem] of [
      ['aws_backup_plan.this.rule :', 'aws_backup_plan.this.rules :', 'no attribute "rules"'],
      ['aws_iam_role.github)', 'aws_iam_role.gh)', 'no resource "aws_iam_role" "gh"'],
      ['[var.backup_schedule]', '[var.backup_scheduel]', 'no variable "backup_scheduel"']
    ]) {
      expect(test).toContain(from)
      const p = await parseAll({ ...files, 't.tftest.hcl': test.replace(from, to) })
      expect((await referenceProblems(p, schema)).join('\n')).toContain(problem)
    }
  })

  it('a variable without a description or type', async () => {
    const p = await planted(
      'variables.tf',
      '  type        = number\n  description = "Waiting period',
      '  description = "Waiting period'
    )
    expect(variableProblems(p)).toEqual(['variable kms_deletion_window_days has no type'])
  })

  it('a copy that stays in the primary region, or keeps another lifecycle', async () => {
    let p = await planted(
      'vaults.tf',
      'provider    = aws.dr\n  name        = "${var.name}-secondary"',
      'name        = "${var.name}-secondary"'
    )
    expect(p.resources.aws_backup_vault.secondary.provider).toBeUndefined()
    p = await planted(
      'plan.tf',
      '      lifecycle {\n        delete_after = var.backup_retention_days\n      }',
      '      lifecycle {\n        delete_after = 7\n      }'
    )
    const [daily] = p.resources.aws_backup_plan.this.rule as Record<string, unknown>[]
    expect(block(block(daily, 'copy_action'), 'lifecycle').delete_after).not.toBe(
      block(daily, 'lifecycle').delete_after
    )
  })

  it('a schedule validation that lets the five-field form through', async () => {
    const p = await planted(
      'variables.tf',
      '^cron\\\\(\\\\S+ \\\\S+ \\\\S+ \\\\S+ \\\\S+ \\\\S+\\\\)$", var.backup_schedule',
      '^(cron\\\\()?\\\\S+", var.backup_schedule'
    )
    const [[condition]] = validations(p, 'backup_schedule')
    expect(regexesIn(condition).every((r) => r.test('0 2 * * *'))).toBe(true)
  })
})
