# One owner for the bucket's lifecycle: this resource replaces the whole configuration on every
# apply, so Terraform writes the rules of every environment, and the action's `lifecycle`
# command only compares (the bucket carries luneo-backup:lifecycle-owner = terraform).
#
# The rules are deploy/s3-lifecycle.json (the action's rules for production/, kept equal to
# src/storage/lifecycle.ts by the repository's tests), with production/ replaced by each
# environment's prefix: the same document, so the two cannot disagree.

locals {
  lifecycle_document = jsondecode(file("${local.deploy_dir}/s3-lifecycle.json"))

  # The one prefix the document is written for ("production/"): every rule's filter names it.
  lifecycle_template_prefix = one(distinct([
    for r in local.lifecycle_document.Rules : try(r.Filter.Prefix, r.Filter.And.Prefix)
  ]))

  lifecycle_rules = flatten([
    for e in var.environments : [
      for r in local.lifecycle_document.Rules : {
        id                                 = replace(r.ID, local.lifecycle_template_prefix, local.env_prefix[e])
        status                             = r.Status
        prefix                             = local.env_prefix[e]
        and_tags                           = can(r.Filter.And) ? { for t in r.Filter.And.Tags : t.Key => t.Value } : null
        transitions                        = [for t in try(r.Transitions, []) : { days = t.Days, storage_class = t.StorageClass }]
        expiration                         = can(r.Expiration) ? [{ days = try(r.Expiration.Days, null), expired_object_delete_marker = try(r.Expiration.ExpiredObjectDeleteMarker, null) }] : []
        noncurrent_version_expiration_days = can(r.NoncurrentVersionExpiration) ? [r.NoncurrentVersionExpiration.NoncurrentDays] : []
        abort_incomplete_multipart_days    = can(r.AbortIncompleteMultipartUpload) ? [r.AbortIncompleteMultipartUpload.DaysAfterInitiation] : []
      }
    ]
  ])
}

resource "aws_s3_bucket_lifecycle_configuration" "backups" {
  bucket = aws_s3_bucket.backups.id

  dynamic "rule" {
    for_each = local.lifecycle_rules
    content {
      id     = rule.value.id
      status = rule.value.status

      filter {
        prefix = rule.value.and_tags == null ? rule.value.prefix : null

        dynamic "and" {
          for_each = rule.value.and_tags == null ? [] : [rule.value.and_tags]
          content {
            prefix = rule.value.prefix
            tags   = and.value
          }
        }
      }

      dynamic "transition" {
        for_each = rule.value.transitions
        content {
          days          = transition.value.days
          storage_class = transition.value.storage_class
        }
      }

      dynamic "expiration" {
        for_each = rule.value.expiration
        content {
          days                         = expiration.value.days
          expired_object_delete_marker = expiration.value.expired_object_delete_marker
        }
      }

      dynamic "noncurrent_version_expiration" {
        for_each = rule.value.noncurrent_version_expiration_days
        content {
          noncurrent_days = noncurrent_version_expiration.value
        }
      }

      dynamic "abort_incomplete_multipart_upload" {
        for_each = rule.value.abort_incomplete_multipart_days
        content {
          days_after_initiation = abort_incomplete_multipart_upload.value
        }
      }
    }
  }

  # Versioning first: the noncurrent-version rule means nothing without it.
  depends_on = [aws_s3_bucket_versioning.backups]
}
