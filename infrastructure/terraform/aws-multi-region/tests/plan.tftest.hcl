# `terraform test` on GitHub (.github/workflows/terraform.yml): runs the module against mock
# providers, so no AWS credentials are needed and nothing is created, and asserts what it would
# create. The runs that read computed values (ARNs) use `apply`: a mock provider fills them in
# only then; `apply` on a mock provider is still a plan with fake results, nothing reaches AWS.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-3:123456789012:key/11111111-1111-1111-1111-111111111111" }
  }
  mock_resource "aws_iam_openid_connect_provider" {
    defaults = { arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
  }
  mock_resource "aws_iam_policy" {
    defaults = { arn = "arn:aws:iam::123456789012:policy/luneo-backup" }
  }
}

mock_provider "aws" {
  alias = "dr"
  mock_data "aws_region" {
    defaults = { region = "us-east-1" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:us-east-1:123456789012:key/22222222-2222-2222-2222-222222222222" }
  }
  mock_resource "aws_backup_vault" {
    defaults = { arn = "arn:aws:backup:us-east-1:123456789012:backup-vault:luneo-backup-secondary" }
  }
}

variables {
  aurora_cluster_arn = "arn:aws:rds:eu-west-3:123456789012:cluster:luneo-production"
  github_repository  = "luneo/backup-action"
  environments       = ["production", "staging"]
}

run "defaults" {
  command = apply

  assert {
    condition     = contains([for r in aws_backup_plan.this.rule : r.schedule], "cron(0 2 * * ? *)")
    error_message = "The daily rule runs at 02:00 UTC in AWS's cron form."
  }

  assert {
    condition     = alltrue([for r in aws_backup_plan.this.rule : one(r.copy_action).destination_vault_arn == "arn:aws:backup:us-east-1:123456789012:backup-vault:luneo-backup-secondary"])
    error_message = "Every rule copies to the secondary vault in us-east-1."
  }

  assert {
    condition     = alltrue([for r in aws_backup_plan.this.rule : one(r.lifecycle).delete_after == one(one(r.copy_action).lifecycle).delete_after])
    error_message = "Each copy keeps the lifecycle of the rule it copies."
  }

  assert {
    condition     = sort([for r in aws_backup_plan.this.rule : one(r.lifecycle).delete_after]) == [30, 365]
    error_message = "Daily recovery points are kept 30 days, monthly ones 365 (12 months)."
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.backups.rule) == 6
    error_message = "Three lifecycle rules (deploy/s3-lifecycle.json) for each of the two environments."
  }

  assert {
    condition     = contains([for r in aws_s3_bucket_lifecycle_configuration.backups.rule : r.id], "luneo-backup:staging/:expire")
    error_message = "The staging rules are named as the action names them."
  }

  assert {
    condition     = one([for r in aws_s3_bucket_lifecycle_configuration.backups.rule : one(r.expiration).days if r.id == "luneo-backup:production/:expire"]) == 372
    error_message = "Production's objects expire after 372 days, as deploy/s3-lifecycle.json says."
  }

  assert {
    condition     = aws_s3_bucket.backups.tags["luneo-backup:lifecycle-owner"] == "terraform"
    error_message = "The bucket tells the action's lifecycle command that Terraform owns its lifecycle."
  }

  assert {
    condition     = aws_s3_bucket_public_access_block.backups.block_public_policy && aws_s3_bucket_public_access_block.backups.restrict_public_buckets
    error_message = "Public access is blocked."
  }

  assert {
    condition     = strcontains(aws_s3_bucket_policy.backups.policy, "aws:SecureTransport")
    error_message = "The bucket policy denies requests without TLS."
  }

  assert {
    condition     = aws_kms_key.primary.enable_key_rotation && aws_kms_key.secondary.enable_key_rotation
    error_message = "Both vault keys rotate."
  }

  assert {
    condition     = length(aws_backup_vault_lock_configuration.primary) == 0
    error_message = "No vault lock by default."
  }

  assert {
    condition     = toset(keys(aws_iam_role.github)) == toset(["writer", "pruner", "reader"])
    error_message = "One role per job kind."
  }

  assert {
    condition     = strcontains(aws_iam_role.github["writer"].assume_role_policy, "repo:luneo/backup-action:ref:refs/heads/main")
    error_message = "The roles trust only this repository's chosen refs."
  }

  assert {
    condition     = length(aws_iam_policy.job) == 6
    error_message = "One policy per job kind and environment."
  }

  assert {
    condition     = strcontains(aws_iam_policy.job["pruner-staging"].policy, "arn:aws:s3:::luneo-backups/staging/*") && !strcontains(aws_iam_policy.job["pruner-staging"].policy, "production")
    error_message = "A policy grants its own environment only."
  }

  assert {
    condition     = !strcontains(aws_iam_policy.job["reader-production"].policy, "KMS_KEY_ARN")
    error_message = "Without a bucket key, no KMS placeholder is left in a policy."
  }

  assert {
    condition     = aws_backup_restore_testing_selection.aurora.protected_resource_type == "Aurora"
    error_message = "The restore test restores the Aurora cluster."
  }
}

run "five_field_cron_is_refused" {
  command = plan

  variables {
    backup_schedule = "0 2 * * *"
  }

  expect_failures = [var.backup_schedule]
}

run "retention_past_continuous_limit_is_refused" {
  command = plan

  variables {
    backup_retention_days = 40
  }

  expect_failures = [var.backup_retention_days]
}

run "unversioned_artifacts_bucket_is_refused" {
  command = plan

  variables {
    manage_artifacts_versioning = false
  }

  expect_failures = [var.artifacts_versioning_confirmed]
}

run "compliance_lock_and_kms_bucket" {
  command = apply

  variables {
    vault_lock_mode    = "compliance"
    backups_bucket_sse = "aws:kms"
    object_lock_days   = 7
  }

  assert {
    condition     = aws_backup_vault_lock_configuration.primary[0].changeable_for_days == 3 && aws_backup_vault_lock_configuration.secondary[0].changeable_for_days == 3
    error_message = "Compliance mode locks both vaults after a cooling-off time."
  }

  assert {
    condition     = strcontains(aws_iam_policy.job["writer-production"].policy, "arn:aws:kms:eu-west-3:123456789012:key/")
    error_message = "With a bucket key, the policies grant it."
  }

  assert {
    condition     = aws_s3_bucket.backups.object_lock_enabled && one(one(aws_s3_bucket_object_lock_configuration.backups[0].rule).default_retention).mode == "GOVERNANCE"
    error_message = "Object Lock in governance mode."
  }
}

run "backup_alerts" {
  command = plan

  variables {
    slack_webhook_secret_arn = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:luneo-backup/slack-webhook-AbCdEf"
  }

  assert {
    condition     = length(aws_cloudwatch_event_rule.primary) == 4 && length(aws_cloudwatch_event_rule.secondary) == 4
    error_message = "Four rules in each region (restore test successes only when asked)."
  }

  assert {
    condition     = aws_lambda_function.alerts[0].runtime == "nodejs24.x" && aws_lambda_function.alerts[0].timeout == 120
    error_message = "The alerts function runs on Node 24 with a timeout longer than the Slack retries."
  }

  assert {
    condition     = aws_lambda_function.alerts[0].environment[0].variables["SLACK_WEBHOOK_SECRET"] == var.slack_webhook_secret_arn
    error_message = "The function reads the webhook from the secret, never from a plain variable."
  }

  assert {
    condition     = aws_lambda_function_event_invoke_config.alerts[0].maximum_retry_attempts == 2
    error_message = "Lambda retries a failed alert twice before the on-failure destination."
  }
}

run "no_alerts_without_a_secret" {
  command = plan

  assert {
    condition     = length(aws_lambda_function.alerts) == 0 && length(aws_cloudwatch_event_rule.primary) == 0 && length(aws_sqs_queue.alerts_failed) == 0
    error_message = "Without slack_webhook_secret_arn the module makes no alerts function, rule or queue."
  }
}
