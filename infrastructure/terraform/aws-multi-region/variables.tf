# Every input of the module. Defaults follow the strategy (shared/seed-backup-strategy.md,
# section 2): a daily backup at 02:00 UTC kept 30 days, a monthly one kept 12 months, a copy
# of each in us-east-1.

variable "name" {
  type        = string
  description = "Prefix of every resource name (vaults, plan, roles, keys' aliases)."
  default     = "luneo-backup"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name must be 2-31 characters: lower-case letters, digits and '-', starting with a letter."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource that takes tags."
  default     = {}
}

variable "backup_schedule" {
  type        = string
  description = "When AWS Backup runs the daily rule, in AWS Backup's six-field cron form (UTC by default)."
  default     = "cron(0 2 * * ? *)"

  validation {
    # AWS takes cron(minutes hours day-of-month month day-of-week year), with `?` in one of
    # the two day fields; the five-field Unix form of the seed (`0 2 * * *`) is refused.
    condition     = can(regex("^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$", var.backup_schedule)) && length(regexall("\\?", var.backup_schedule)) == 1
    error_message = "backup_schedule must be AWS Backup's six-field cron, e.g. cron(0 2 * * ? *) for 02:00 every day: cron(minutes hours day-of-month month day-of-week year), with ? in one of the day fields. The Unix form \"0 2 * * *\" is not accepted."
  }
}

variable "monthly_schedule" {
  type        = string
  description = "When AWS Backup runs the monthly rule (AWS six-field cron). Default: 05:00 UTC on day 1, hours away from the daily run."
  default     = "cron(0 5 1 * ? *)"

  validation {
    condition     = can(regex("^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$", var.monthly_schedule)) && length(regexall("\\?", var.monthly_schedule)) == 1
    error_message = "monthly_schedule must be AWS Backup's six-field cron, e.g. cron(0 5 1 * ? *): cron(minutes hours day-of-month month day-of-week year), with ? in one of the day fields."
  }
}

variable "schedule_timezone" {
  type        = string
  description = "Time zone of the backup schedules (IANA name)."
  default     = "Etc/UTC"

  validation {
    condition     = can(regex("^[A-Za-z]+(/[A-Za-z0-9_+-]+)+$|^UTC$", var.schedule_timezone))
    error_message = "schedule_timezone must be an IANA time zone name such as Etc/UTC or Europe/Paris."
  }
}

variable "backup_retention_days" {
  type        = number
  description = "How long the daily recovery points (and their copies) are kept, in days: the 30-day rolling window."
  default     = 30

  validation {
    # Continuous backups (point-in-time recovery) can be kept at most 35 days.
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35 && floor(var.backup_retention_days) == var.backup_retention_days
    error_message = "backup_retention_days must be a whole number of days from 1 to 35 (the limit of continuous backups, which give point-in-time recovery)."
  }
}

variable "monthly_retention_months" {
  type        = number
  description = "How long the monthly recovery points (and their copies) are kept, in months. Also the hard limit of the action's snapshots: nothing older survives (GDPR)."
  default     = 12

  validation {
    condition     = var.monthly_retention_months >= 1 && var.monthly_retention_months <= 12 && floor(var.monthly_retention_months) == var.monthly_retention_months
    error_message = "monthly_retention_months must be a whole number from 1 to 12: the backups hold personal data, 12 months is the hard limit."
  }
}

variable "enable_continuous_backup" {
  type        = bool
  description = "Continuous backups on the daily rule: point-in-time recovery of Aurora and S3 within backup_retention_days."
  default     = true
}

variable "secondary_region" {
  type        = string
  description = "Region of the secondary vault. Must be the region of the aws.dr provider; the strategy says us-east-1."
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.secondary_region))
    error_message = "secondary_region must be an AWS region name such as us-east-1."
  }
}

variable "kms_deletion_window_days" {
  type        = number
  description = "Waiting period before a scheduled KMS key deletion (7-30 days)."
  default     = 30

  validation {
    condition     = var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30
    error_message = "kms_deletion_window_days must be between 7 and 30."
  }
}

variable "vault_lock_mode" {
  type        = string
  description = "Vault lock on both vaults: null (off), \"governance\" (removable with IAM permission) or \"compliance\" (after the cooling-off days, irreversible: not even the root user can remove it or shorten retention)."
  default     = null
  nullable    = true

  validation {
    condition     = var.vault_lock_mode == null || contains(["governance", "compliance"], coalesce(var.vault_lock_mode, "none"))
    error_message = "vault_lock_mode must be null, \"governance\" or \"compliance\"."
  }
}

variable "vault_lock_changeable_for_days" {
  type        = number
  description = "Compliance mode only: days during which the lock can still be removed before it becomes immutable (at least 3)."
  default     = 3

  validation {
    condition     = var.vault_lock_changeable_for_days >= 3
    error_message = "vault_lock_changeable_for_days must be at least 3 (AWS's minimum cooling-off time)."
  }
}

variable "aurora_cluster_arn" {
  type        = string
  description = "ARN of the Aurora cluster AWS Backup protects (arn:aws:rds:<region>:<account>:cluster:<id>)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:rds:[a-z0-9-]+:[0-9]{12}:cluster:[a-zA-Z][a-zA-Z0-9-]*$", var.aurora_cluster_arn))
    error_message = "aurora_cluster_arn must be an Aurora cluster ARN: arn:aws:rds:<region>:<account>:cluster:<cluster-id>."
  }
}

variable "artifacts_bucket_name" {
  type        = string
  description = "Name of the existing `artifacts` bucket AWS Backup protects."
  default     = "artifacts"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.artifacts_bucket_name))
    error_message = "artifacts_bucket_name must be a valid S3 bucket name."
  }
}

variable "manage_artifacts_versioning" {
  type        = bool
  description = "Turn versioning on for the artifacts bucket here (AWS Backup for S3 requires it). Set false when another stack owns that bucket, and confirm with artifacts_versioning_confirmed."
  default     = true
}

variable "artifacts_versioning_confirmed" {
  type        = bool
  description = "With manage_artifacts_versioning = false: you confirm versioning is on for the artifacts bucket (no data source can read it from a bucket this stack does not manage)."
  default     = false

  validation {
    condition     = var.manage_artifacts_versioning || var.artifacts_versioning_confirmed
    error_message = "AWS Backup for S3 needs versioning on the artifacts bucket: set manage_artifacts_versioning = true, or turn versioning on where the bucket is managed and set artifacts_versioning_confirmed = true."
  }
}

variable "backups_bucket_name" {
  type        = string
  description = "The bucket the action writes its snapshots to."
  default     = "luneo-backups"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.backups_bucket_name))
    error_message = "backups_bucket_name must be a valid S3 bucket name."
  }
}

variable "backups_bucket_sse" {
  type        = string
  description = "Default encryption of the backups bucket: \"AES256\" (SSE-S3) or \"aws:kms\" (a key made here; give the action sse: aws:kms and the key's ARN)."
  default     = "AES256"

  validation {
    condition     = contains(["AES256", "aws:kms"], var.backups_bucket_sse)
    error_message = "backups_bucket_sse must be \"AES256\" or \"aws:kms\"."
  }
}

variable "s3_prefix" {
  type        = string
  description = "The action's s3-prefix (keys are [<prefix>/]<environment>/...); empty for none."
  default     = ""

  validation {
    condition     = var.s3_prefix == "" || can(regex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$", var.s3_prefix))
    error_message = "s3_prefix must be empty or path segments of letters, digits, '.', '_', '-' separated by '/', without leading or trailing '/'."
  }
}

variable "environments" {
  type        = list(string)
  description = "The action's environments in the bucket: Terraform writes each one's lifecycle rules and grants the roles each one's prefix."
  default     = ["production"]

  validation {
    condition     = length(var.environments) >= 1 && length(var.environments) <= 10 && alltrue([for e in var.environments : can(regex("^[A-Za-z0-9._-]+$", e))])
    error_message = "environments must list 1 to 10 names of letters, digits, '.', '_', '-' (each role takes one managed policy per environment; IAM allows 10 by default)."
  }
}

variable "object_lock_days" {
  type        = number
  description = "Object Lock on the backups bucket: GOVERNANCE retention of this many days on every new object, or null for none. Must not exceed backup_retention_days, so prune can still delete on time (GDPR)."
  default     = null
  nullable    = true

  validation {
    condition     = var.object_lock_days == null || (coalesce(var.object_lock_days, 0) >= 1 && coalesce(var.object_lock_days, 0) <= var.backup_retention_days)
    error_message = "object_lock_days must be null or from 1 to backup_retention_days: a longer lock would keep personal data past the retention the action enforces."
  }
}

variable "restore_testing_schedule" {
  type        = string
  description = "When AWS Backup runs the restore test of Aurora (AWS six-field cron). Default: quarterly, 06:00 UTC on the 1st of January, April, July and October."
  default     = "cron(0 6 1 1,4,7,10 ? *)"

  validation {
    condition     = can(regex("^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$", var.restore_testing_schedule)) && length(regexall("\\?", var.restore_testing_schedule)) == 1
    error_message = "restore_testing_schedule must be AWS's six-field cron, e.g. cron(0 6 1 1,4,7,10 ? *)."
  }
}

variable "restore_testing_db_subnet_group" {
  type        = string
  description = "DB subnet group the restore test puts its Aurora cluster in (null: AWS Backup infers one, which needs the default VPC)."
  default     = null
  nullable    = true
}

variable "restore_testing_security_group_ids" {
  type        = list(string)
  description = "Security groups of the restore test's Aurora cluster (empty: inferred)."
  default     = []

  validation {
    condition     = alltrue([for g in var.restore_testing_security_group_ids : can(regex("^sg-[0-9a-f]+$", g))])
    error_message = "restore_testing_security_group_ids must be security group ids (sg-...)."
  }
}

variable "create_github_oidc_provider" {
  type        = bool
  description = "Create the account's GitHub OIDC provider (token.actions.githubusercontent.com). False when the account has one already: it is read instead."
  default     = true
}

variable "github_repository" {
  type        = string
  description = "The repository whose workflows may assume the roles, as <org>/<repo>."

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must be <org>/<repo>, without wildcards."
  }
}

variable "github_subjects" {
  type        = list(string)
  description = "What may assume the roles, as the OIDC `sub` after repo:<org>/<repo>: e.g. ref:refs/heads/main, environment:production."
  default     = ["ref:refs/heads/main", "environment:production"]

  validation {
    condition     = length(var.github_subjects) >= 1 && alltrue([for s in var.github_subjects : can(regex("^(ref:refs/(heads|tags)/[A-Za-z0-9._/-]+|environment:[A-Za-z0-9._-]+)$", s))])
    error_message = "github_subjects must be ref:refs/heads/<branch>, ref:refs/tags/<tag> or environment:<name>, without wildcards (pull requests never get a role)."
  }
}

variable "kubernetes_service_account" {
  type = object({
    oidc_provider_arn = string
    namespace         = string
    name              = string
    job_kinds         = optional(list(string), ["writer"])
  })
  description = "IRSA: the EKS cluster's OIDC provider ARN and the ServiceAccount of the backup CronJob, with the job kinds (writer, pruner, reader) its role gets. null: no IRSA role."
  default     = null
  nullable    = true

  validation {
    condition     = var.kubernetes_service_account == null || alltrue([for k in try(var.kubernetes_service_account.job_kinds, []) : contains(["writer", "pruner", "reader"], k)])
    error_message = "kubernetes_service_account.job_kinds may hold only writer, pruner and reader."
  }
}

variable "slack_webhook_secret_arn" {
  type        = string
  description = "ARN of the Secrets Manager secret holding the Slack webhook URL (the URL, or JSON {\"url\": ...}) for AWS Backup alerts (alerts.tf). null: no alerts function, rules or queues. The secret is made outside Terraform, so the URL never enters the state."
  default     = null
  nullable    = true

  validation {
    condition     = var.slack_webhook_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", coalesce(var.slack_webhook_secret_arn, "x")))
    error_message = "slack_webhook_secret_arn must be a Secrets Manager secret ARN: arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>."
  }
}

variable "slack_mention" {
  type        = string
  description = "Who the AWS Backup failure alerts mention, as the action's slack-mention (e.g. @here, a user or group id); empty for nobody."
  default     = ""
}

variable "notify_restore_test_success" {
  type        = bool
  description = "Also post a short note to Slack when an AWS Backup restore test completes (failed ones always alert)."
  default     = false
}

variable "alerts_log_retention_days" {
  type        = number
  description = "How long the alerts function's CloudWatch logs are kept, in days."
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.alerts_log_retention_days)
    error_message = "alerts_log_retention_days must be one of CloudWatch Logs' retention values (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "alarm_actions" {
  type        = list(string)
  description = "What the alarms of lost AWS Backup alerts notify in the primary region (SNS topic ARNs); empty: the alarms only show in CloudWatch."
  default     = []
}

variable "alarm_actions_secondary" {
  type        = list(string)
  description = "The same for the alarm in secondary_region (SNS topics are regional)."
  default     = []
}
