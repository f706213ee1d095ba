# The primary vault (the aws provider's region) and the secondary one (aws.dr, us-east-1)
# that receives the copies, each with its own key.

resource "aws_backup_vault" "primary" {
  name        = "${var.name}-primary"
  kms_key_arn = aws_kms_key.primary.arn
  tags        = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_backup_vault" "secondary" {
  provider    = aws.dr
  name        = "${var.name}-secondary"
  kms_key_arn = aws_kms_key.secondary.arn
  tags        = local.tags

  lifecycle {
    prevent_destroy = true

    # A copy "to the other region" into the same region protects from nothing.
    precondition {
      condition     = data.aws_region.dr.region == var.secondary_region
      error_message = "The aws.dr provider must be configured for secondary_region (${var.secondary_region}), not the region it has."
    }
  }
}

data "aws_region" "dr" {
  provider = aws.dr
}

locals {
  # Compliance mode is a lock with a cooling-off time (changeable_for_days); governance has none.
  vault_lock_changeable_for_days = var.vault_lock_mode == "compliance" ? var.vault_lock_changeable_for_days : null
}

# A vault lock refuses deleting recovery points early and retention outside [min, max].
resource "aws_backup_vault_lock_configuration" "primary" {
  count               = var.vault_lock_mode == null ? 0 : 1
  backup_vault_name   = aws_backup_vault.primary.name
  min_retention_days  = var.backup_retention_days
  max_retention_days  = local.monthly_retention_days
  changeable_for_days = local.vault_lock_changeable_for_days
}

resource "aws_backup_vault_lock_configuration" "secondary" {
  count               = var.vault_lock_mode == null ? 0 : 1
  provider            = aws.dr
  backup_vault_name   = aws_backup_vault.secondary.name
  min_retention_days  = var.backup_retention_days
  max_retention_days  = local.monthly_retention_days
  changeable_for_days = local.vault_lock_changeable_for_days
}
