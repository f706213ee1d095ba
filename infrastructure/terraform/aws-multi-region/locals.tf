data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  # The repository's deploy/ folder: the IAM policies and the lifecycle document the action
  # ships. Read from there, never copied, so the module and the action cannot disagree. A
  # module source of git::...//infrastructure/terraform/aws-multi-region fetches the whole
  # repository, deploy/ included.
  deploy_dir = "${path.module}/../../../deploy"

  # [<s3_prefix>/]<environment>/, as the action writes its keys.
  env_prefix = { for e in var.environments : e => var.s3_prefix == "" ? "${e}/" : "${var.s3_prefix}/${e}/" }

  # Monthly recovery points: N months in days (365 for 12), never past the hard limit.
  monthly_retention_days = floor(var.monthly_retention_months * 365 / 12)

  tags = merge(var.tags, { "luneo-backup:managed-by" = "terraform" })
}
