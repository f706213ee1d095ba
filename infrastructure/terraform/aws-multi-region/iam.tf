# Who may do what: one role per job kind, for GitHub Actions through OIDC, and one IRSA role
# for the Kubernetes CronJob. Each role's policies are deploy/iam/<command>.json, read from
# there with BUCKET, ENV_PREFIX and KMS_KEY_ARN filled in: one policy per environment.

locals {
  # Every command of the action belongs to exactly one job kind.
  job_kinds = {
    writer = ["backup"]
    pruner = ["prune", "lifecycle", "destroy-key", "adopt"] # adopt removes the legacy folders it adopted
    reader = ["restore", "drill", "verify", "list", "check", "report"]
  }

  github_oidc_host         = "token.actions.githubusercontent.com"
  github_oidc_provider_arn = var.create_github_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : data.aws_iam_openid_connect_provider.github[0].arn

  bucket_kms_key_arn = var.backups_bucket_sse == "aws:kms" ? aws_kms_key.bucket[0].arn : null

  # The statements of a command for one environment. Without a bucket key the KMS statement
  # (Resource KMS_KEY_ARN) has nothing to grant and is left out.
  command_statements = {
    for pair in setproduct(flatten(values(local.job_kinds)), var.environments) : "${pair[0]}/${pair[1]}" => [
      for s in jsondecode(replace(replace(replace(
        file("${local.deploy_dir}/iam/${pair[0]}.json"),
        "ENV_PREFIX", trimsuffix(local.env_prefix[pair[1]], "/")),
        "arn:aws:s3:::BUCKET", "arn:${local.partition}:s3:::${var.backups_bucket_name}"),
        "KMS_KEY_ARN", coalesce(local.bucket_kms_key_arn, "KMS_KEY_ARN"))
      ).Statement : merge(s, { Sid = "${title(pair[0])}${s.Sid}" })
      if local.bucket_kms_key_arn != null || s.Resource != "KMS_KEY_ARN"
    ]
  }

  # One managed policy per job kind and environment: its commands' statements together.
  kind_environments = {
    for pair in setproduct(keys(local.job_kinds), var.environments) : "${pair[0]}-${pair[1]}" => {
      kind        = pair[0]
      environment = pair[1]
    }
  }
}

resource "aws_iam_openid_connect_provider" "github" {
  count          = var.create_github_oidc_provider ? 1 : 0
  url            = "https://${local.github_oidc_host}"
  client_id_list = ["sts.amazonaws.com"]
  tags           = local.tags
}

data "aws_iam_openid_connect_provider" "github" {
  count = var.create_github_oidc_provider ? 0 : 1
  url   = "https://${local.github_oidc_host}"
}

resource "aws_iam_role" "github" {
  for_each    = local.job_kinds
  name        = "${var.name}-${each.key}"
  description = "GitHub Actions of ${var.github_repository}: ${join(", ", each.value)}"
  tags        = local.tags

  # Only this repository's chosen refs and environments, only with the STS audience.
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.github_oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "${local.github_oidc_host}:aud" = "sts.amazonaws.com" }
        StringLike   = { "${local.github_oidc_host}:sub" = [for s in var.github_subjects : "repo:${var.github_repository}:${s}"] }
      }
    }]
  })
}

resource "aws_iam_policy" "job" {
  for_each    = local.kind_environments
  name        = "${var.name}-${each.key}"
  description = "${each.value.kind} (${join(", ", local.job_kinds[each.value.kind])}) on ${local.env_prefix[each.value.environment]} of ${var.backups_bucket_name}, from deploy/iam/"
  tags        = local.tags
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = flatten([for c in local.job_kinds[each.value.kind] : local.command_statements["${c}/${each.value.environment}"]])
  })
}

resource "aws_iam_role_policy_attachment" "github" {
  for_each   = local.kind_environments
  role       = aws_iam_role.github[each.value.kind].name
  policy_arn = aws_iam_policy.job[each.key].arn
}

locals {
  irsa        = var.kubernetes_service_account
  irsa_issuer = local.irsa == null ? null : element(split("oidc-provider/", local.irsa.oidc_provider_arn), 1)
  irsa_policies = local.irsa == null ? {} : {
    for k, v in local.kind_environments : k => v if contains(local.irsa.job_kinds, v.kind)
  }
}

resource "aws_iam_role" "irsa" {
  count       = local.irsa == null ? 0 : 1
  name        = "${var.name}-kubernetes"
  description = "The backup CronJob's ServiceAccount ${local.irsa.namespace}/${local.irsa.name} (IRSA)"
  tags        = local.tags

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.irsa.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.irsa_issuer}:sub" = "system:serviceaccount:${local.irsa.namespace}:${local.irsa.name}"
          "${local.irsa_issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "irsa" {
  for_each   = local.irsa_policies
  role       = aws_iam_role.irsa[0].name
  policy_arn = aws_iam_policy.job[each.key].arn
}

# report and check with aws-backup-vault read AWS Backup too: the reader role (and the IRSA
# role when it is a reader) gets deploy/iam/aws-backup/reader.json, for this module's vaults.
resource "aws_iam_policy" "aws_backup_reader" {
  name        = "${var.name}-aws-backup-reader"
  description = "Read AWS Backup's jobs and the recovery points of ${aws_backup_vault.primary.name} and ${aws_backup_vault.secondary.name}, from deploy/iam/aws-backup/"
  tags        = local.tags
  policy = replace(replace(
    file("${local.deploy_dir}/iam/aws-backup/reader.json"),
    "PRIMARY_VAULT_ARN", aws_backup_vault.primary.arn),
  "SECONDARY_VAULT_ARN", aws_backup_vault.secondary.arn)
}

resource "aws_iam_role_policy_attachment" "github_aws_backup_reader" {
  role       = aws_iam_role.github["reader"].name
  policy_arn = aws_iam_policy.aws_backup_reader.arn
}

resource "aws_iam_role_policy_attachment" "irsa_aws_backup_reader" {
  count      = local.irsa != null && contains(try(local.irsa.job_kinds, []), "reader") ? 1 : 0
  role       = aws_iam_role.irsa[0].name
  policy_arn = aws_iam_policy.aws_backup_reader.arn
}
