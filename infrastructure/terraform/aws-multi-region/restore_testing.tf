# The strategy's quarterly automatic DR drill, AWS side: restore the newest Aurora recovery
# point into a throwaway cluster, then delete it. AWS Backup restores the cluster without a DB
# instance, so the test proves the restore job runs, not the rows: the action's drill does
# that for the logical dumps (docs/ops/DISASTER_RECOVERY.md).

resource "aws_backup_restore_testing_plan" "this" {
  # Letters, digits and underscores only.
  name                = "${replace(var.name, "-", "_")}_quarterly"
  schedule_expression = var.restore_testing_schedule
  start_window_hours  = 24
  tags                = local.tags

  recovery_point_selection {
    algorithm             = "LATEST_WITHIN_WINDOW"
    include_vaults        = [aws_backup_vault.primary.arn]
    recovery_point_types  = ["CONTINUOUS", "SNAPSHOT"]
    selection_window_days = var.backup_retention_days
  }
}

locals {
  # Keys are case-insensitive; values are strings (a JSON list for the security groups).
  restore_metadata = merge(
    var.restore_testing_db_subnet_group == null ? {} : { dbsubnetgroupname = var.restore_testing_db_subnet_group },
    length(var.restore_testing_security_group_ids) == 0 ? {} : { vpcsecuritygroupids = jsonencode(var.restore_testing_security_group_ids) },
  )
  # Nothing to override: leave the argument unset rather than an empty map.
  restore_metadata_overrides = length(local.restore_metadata) == 0 ? null : local.restore_metadata
}

resource "aws_backup_restore_testing_selection" "aurora" {
  name                       = "aurora"
  restore_testing_plan_name  = aws_backup_restore_testing_plan.this.name
  protected_resource_type    = "Aurora"
  iam_role_arn               = aws_iam_role.backup.arn
  protected_resource_arns    = [var.aurora_cluster_arn]
  restore_metadata_overrides = local.restore_metadata_overrides
  validation_window_hours    = 1
}
