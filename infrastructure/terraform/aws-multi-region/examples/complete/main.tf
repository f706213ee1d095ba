# A complete call of the module: production and staging in the bucket, the Aurora cluster and
# the artifacts bucket backed up in eu-west-3 and copied to us-east-1, a vault lock in
# governance mode, Object Lock for 7 days, the GitHub roles and the CronJob's IRSA role.

terraform {
  required_version = ">= 1.9.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.18.0, < 7.0.0"
    }
  }
}

provider "aws" {
  region = "eu-west-3"
}

provider "aws" {
  alias  = "dr"
  region = "us-east-1"
}

module "backups" {
  source = "../.."

  providers = {
    aws    = aws
    aws.dr = aws.dr
  }

  name                     = "luneo-backup"
  environments             = ["production", "staging"]
  backup_schedule          = "cron(0 2 * * ? *)"
  backup_retention_days    = 30
  monthly_retention_months = 12
  secondary_region         = "us-east-1"
  vault_lock_mode          = "governance"

  aurora_cluster_arn          = "arn:aws:rds:eu-west-3:123456789012:cluster:luneo-production"
  artifacts_bucket_name       = "luneo-artifacts"
  manage_artifacts_versioning = true

  backups_bucket_name = "luneo-backups"
  backups_bucket_sse  = "aws:kms"
  object_lock_days    = 7

  restore_testing_db_subnet_group    = "luneo-restore-tests"
  restore_testing_security_group_ids = ["sg-0123456789abcdef0"]

  create_github_oidc_provider = true
  github_repository           = "luneo/backup-action"
  github_subjects             = ["ref:refs/heads/main", "environment:production"]

  kubernetes_service_account = {
    oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    namespace         = "backups"
    name              = "backup-runner"
    job_kinds         = ["writer", "pruner"]
  }

  # AWS Backup job failures to Slack (alerts.tf); the secret is made by hand beforehand.
  slack_webhook_secret_arn    = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:luneo-backup/slack-webhook-AbCdEf"
  slack_mention               = "@here"
  notify_restore_test_success = true
  alerts_log_retention_days   = 90
  alarm_actions               = ["arn:aws:sns:eu-west-3:123456789012:platform-oncall"]
  alarm_actions_secondary     = ["arn:aws:sns:us-east-1:123456789012:platform-oncall"]

  tags = { project = "luneo", owner = "platform" }
}

output "role_arns" {
  description = "role-to-assume of each workflow, by job kind."
  value       = module.backups.github_role_arns
}

output "bucket" {
  description = "The action's s3-bucket."
  value       = module.backups.backups_bucket_name
}

output "bucket_kms_key_arn" {
  description = "The action's sse-kms-key-id."
  value       = module.backups.backups_bucket_kms_key_arn
}
