# The daily and monthly rules, each copied to the secondary vault with its own lifecycle. No
# cold storage: AWS Backup does not tier Aurora or S3 recovery points to cold storage.

resource "aws_backup_plan" "this" {
  name = var.name
  tags = local.tags

  rule {
    rule_name                    = "daily"
    target_vault_name            = aws_backup_vault.primary.name
    schedule                     = var.backup_schedule
    schedule_expression_timezone = var.schedule_timezone
    start_window                 = 60
    completion_window            = 480
    enable_continuous_backup     = var.enable_continuous_backup
    recovery_point_tags          = merge(local.tags, { "luneo-backup:rule" = "daily" })

    lifecycle {
      delete_after = var.backup_retention_days
    }

    copy_action {
      destination_vault_arn = aws_backup_vault.secondary.arn

      lifecycle {
        delete_after = var.backup_retention_days
      }
    }
  }

  rule {
    rule_name                    = "monthly"
    target_vault_name            = aws_backup_vault.primary.name
    schedule                     = var.monthly_schedule
    schedule_expression_timezone = var.schedule_timezone
    start_window                 = 60
    completion_window            = 480
    recovery_point_tags          = merge(local.tags, { "luneo-backup:rule" = "monthly" })

    lifecycle {
      delete_after = local.monthly_retention_days
    }

    copy_action {
      destination_vault_arn = aws_backup_vault.secondary.arn

      lifecycle {
        delete_after = local.monthly_retention_days
      }
    }
  }
}

# The service role AWS Backup works as: back up and restore Aurora and S3.
resource "aws_iam_role" "backup" {
  name = "${var.name}-aws-backup"
  tags = local.tags
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "backup.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

locals {
  backup_service_policies = toset([
    "arn:${local.partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
    "arn:${local.partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    "arn:${local.partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
    "arn:${local.partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
  ])
  artifacts_bucket_arn = "arn:${local.partition}:s3:::${var.artifacts_bucket_name}"
}

resource "aws_iam_role_policy_attachment" "backup" {
  for_each   = local.backup_service_policies
  role       = aws_iam_role.backup.name
  policy_arn = each.value
}

resource "aws_backup_selection" "this" {
  name         = "${var.name}-aurora-artifacts"
  plan_id      = aws_backup_plan.this.id
  iam_role_arn = aws_iam_role.backup.arn
  resources    = [var.aurora_cluster_arn, local.artifacts_bucket_arn]

  # AWS Backup for S3 fails on an unversioned bucket.
  depends_on = [aws_s3_bucket_versioning.artifacts]

  lifecycle {
    precondition {
      condition     = var.manage_artifacts_versioning || var.artifacts_versioning_confirmed
      error_message = "The artifacts bucket must be versioned for AWS Backup: manage_artifacts_versioning = true, or artifacts_versioning_confirmed = true."
    }
  }
}

resource "aws_s3_bucket_versioning" "artifacts" {
  count  = var.manage_artifacts_versioning ? 1 : 0
  bucket = var.artifacts_bucket_name

  versioning_configuration {
    status = "Enabled"
  }
}
