output "backups_bucket_name" {
  description = "The action's s3-bucket."
  value       = aws_s3_bucket.backups.id
}

output "backups_bucket_arn" {
  description = "ARN of the backups bucket."
  value       = aws_s3_bucket.backups.arn
}

output "backups_bucket_kms_key_arn" {
  description = "The action's sse-kms-key-id when backups_bucket_sse is aws:kms (null otherwise)."
  value       = local.bucket_kms_key_arn
}

output "github_role_arns" {
  description = "role-to-assume for aws-actions/configure-aws-credentials, by job kind: writer (backup), pruner (prune, lifecycle, adopt), reader (restore, drill, verify, list, check, report)."
  value       = { for k, r in aws_iam_role.github : k => r.arn }
}

output "github_oidc_provider_arn" {
  description = "The GitHub OIDC provider the roles trust (created or found)."
  value       = local.github_oidc_provider_arn
}

output "kubernetes_role_arn" {
  description = "The IRSA role for the ServiceAccount's eks.amazonaws.com/role-arn annotation (null without kubernetes_service_account)."
  value       = local.irsa == null ? null : aws_iam_role.irsa[0].arn
}

output "primary_vault_arn" {
  description = "ARN of the primary backup vault."
  value       = aws_backup_vault.primary.arn
}

output "secondary_vault_arn" {
  description = "ARN of the secondary backup vault (the copies, in the aws.dr region)."
  value       = aws_backup_vault.secondary.arn
}

output "primary_kms_key_arn" {
  description = "KMS key of the primary vault."
  value       = aws_kms_key.primary.arn
}

output "secondary_kms_key_arn" {
  description = "KMS key of the secondary vault."
  value       = aws_kms_key.secondary.arn
}

output "backup_plan_id" {
  description = "ID of the AWS Backup plan."
  value       = aws_backup_plan.this.id
}

output "backup_service_role_arn" {
  description = "The role AWS Backup works as (backups, restores, restore tests)."
  value       = aws_iam_role.backup.arn
}

output "restore_testing_plan_arn" {
  description = "ARN of the quarterly restore testing plan."
  value       = aws_backup_restore_testing_plan.this.arn
}

output "alerts_function_arn" {
  description = "The AWS Backup alerts function (null without slack_webhook_secret_arn)."
  value       = local.alerts ? aws_lambda_function.alerts[0].arn : null
}

output "alerts_queue_urls" {
  description = "Where lost AWS Backup alerts wait, by way of loss: failed (the function gave up), undelivered (EventBridge could not invoke it), undelivered_secondary (the secondary region could not forward). Empty without slack_webhook_secret_arn."
  value = local.alerts ? {
    failed                = aws_sqs_queue.alerts_failed[0].url
    undelivered           = aws_sqs_queue.alerts_undelivered[0].url
    undelivered_secondary = aws_sqs_queue.alerts_undelivered_secondary[0].url
  } : {}
}
