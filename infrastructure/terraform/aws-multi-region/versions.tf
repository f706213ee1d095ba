# Terraform 1.9+: validations that read other variables; `terraform test` with mock_provider
# needs 1.7. AWS provider 6.18+: the restore testing resources (added in 5.x) and the
# per-resource `region` argument of 6.x. The schema the local tests check against
# (provider-schema.json) is of the exact version named there.
terraform {
  required_version = ">= 1.9.0, < 2.0.0"

  required_providers {
    aws = {
      source                = "hashicorp/aws"
      version               = ">= 6.18.0, < 7.0.0"
      configuration_aliases = [aws.dr]
    }
    # Zips dist/lambda for the AWS Backup alerts function (alerts.tf).
    archive = {
      source  = "hashicorp/archive"
      version = ">= 2.4.0, < 3.0.0"
    }
  }
  # No backend: the caller chooses where the state lives (see README.md, "First apply").
}
