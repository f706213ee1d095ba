# The bucket the action writes its snapshots to (s3://luneo-backups/<env>/<snapshot-id>/).

locals {
  # The action's `lifecycle` command reads this tag: on a bucket whose lifecycle Terraform
  # owns, it compares and reports drift instead of writing (src/storage/lifecycle.ts).
  lifecycle_owner_tag = { "luneo-backup:lifecycle-owner" = "terraform" }
}

resource "aws_s3_bucket" "backups" {
  bucket = var.backups_bucket_name
  # Object Lock can only be turned on when the bucket is created.
  object_lock_enabled = var.object_lock_days != null
  tags                = merge(local.tags, local.lifecycle_owner_tag)

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_versioning" "backups" {
  bucket = aws_s3_bucket.backups.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "backups" {
  bucket = aws_s3_bucket.backups.id

  rule {
    bucket_key_enabled = var.backups_bucket_sse == "aws:kms"

    apply_server_side_encryption_by_default {
      sse_algorithm     = var.backups_bucket_sse
      kms_master_key_id = var.backups_bucket_sse == "aws:kms" ? aws_kms_key.bucket[0].arn : null
    }
  }
}

# No ACLs: the bucket owner owns every object, access is IAM and the bucket policy only.
resource "aws_s3_bucket_ownership_controls" "backups" {
  bucket = aws_s3_bucket.backups.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "backups" {
  bucket                  = aws_s3_bucket.backups.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "backups" {
  bucket = aws_s3_bucket.backups.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "TlsOnly"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.backups.arn, "${aws_s3_bucket.backups.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })

  # S3 refuses a bucket policy while the public access block is being written.
  depends_on = [aws_s3_bucket_public_access_block.backups]
}

# GOVERNANCE retention: nobody deletes a snapshot younger than N days by mistake, while the
# retention past N days stays the action's (prune, and the lifecycle rules), so the GDPR
# deletion still happens on time. N <= backup_retention_days is enforced by the variable.
resource "aws_s3_bucket_object_lock_configuration" "backups" {
  count  = var.object_lock_days == null ? 0 : 1
  bucket = aws_s3_bucket.backups.id

  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = var.object_lock_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.backups]
}
