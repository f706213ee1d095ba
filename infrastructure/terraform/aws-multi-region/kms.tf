# One customer-managed key per region (KMS keys are regional): the primary vault's, the
# secondary vault's, and the backups bucket's when it uses SSE-KMS.

locals {
  # The account administers its keys through IAM; AWS Backup and S3 use them through grants
  # and the callers' IAM permissions.
  key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministersThroughIam"
      Effect    = "Allow"
      Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_kms_key" "primary" {
  description             = "${var.name}: AWS Backup primary vault"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = local.key_policy
  tags                    = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "primary" {
  name          = "alias/${var.name}-vault"
  target_key_id = aws_kms_key.primary.key_id
}

resource "aws_kms_key" "secondary" {
  provider                = aws.dr
  description             = "${var.name}: AWS Backup secondary vault (copies)"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = local.key_policy
  tags                    = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "secondary" {
  provider      = aws.dr
  name          = "alias/${var.name}-vault"
  target_key_id = aws_kms_key.secondary.key_id
}

resource "aws_kms_key" "bucket" {
  count                   = var.backups_bucket_sse == "aws:kms" ? 1 : 0
  description             = "${var.name}: the ${var.backups_bucket_name} bucket (SSE-KMS)"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = local.key_policy
  tags                    = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "bucket" {
  count         = var.backups_bucket_sse == "aws:kms" ? 1 : 0
  name          = "alias/${var.name}-bucket"
  target_key_id = aws_kms_key.bucket[0].key_id
}
