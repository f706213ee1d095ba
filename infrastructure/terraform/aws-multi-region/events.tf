# The EventBridge rules of alerts.tf, one per pattern of event-patterns.json, in both regions.
# A rule cannot target a Lambda function in another region, so the secondary region's rules
# (copy jobs land there too) forward the same events to the primary region's default bus,
# where the primary rules match them again: one function, one set of queues to watch, plus the
# forwarding target's own dead-letter queue in the secondary region.

data "aws_region" "primary" {}

locals {
  primary_bus_arn = "arn:${local.partition}:events:${data.aws_region.primary.region}:${local.account_id}:event-bus/default"
}

resource "aws_cloudwatch_event_rule" "primary" {
  for_each      = local.alerts ? local.event_patterns : {}
  name          = "${var.name}-${each.key}"
  description   = "AWS Backup ${each.key} to the alerts function (luneo-backup)"
  event_pattern = jsonencode(each.value)
  tags          = local.tags
}

resource "aws_cloudwatch_event_target" "primary" {
  for_each  = aws_cloudwatch_event_rule.primary
  rule      = each.value.name
  target_id = "alerts-function"
  arn       = aws_lambda_function.alerts[0].arn

  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }

  dead_letter_config {
    arn = aws_sqs_queue.alerts_undelivered[0].arn
  }
}

resource "aws_cloudwatch_event_rule" "secondary" {
  for_each      = local.alerts ? local.event_patterns : {}
  provider      = aws.dr
  name          = "${var.name}-${each.key}"
  description   = "AWS Backup ${each.key} forwarded to the primary region's bus (luneo-backup)"
  event_pattern = jsonencode(each.value)
  tags          = local.tags
}

resource "aws_cloudwatch_event_target" "secondary" {
  for_each  = aws_cloudwatch_event_rule.secondary
  provider  = aws.dr
  rule      = each.value.name
  target_id = "primary-bus"
  arn       = local.primary_bus_arn
  role_arn  = aws_iam_role.alerts_forward[0].arn

  dead_letter_config {
    arn = aws_sqs_queue.alerts_undelivered_secondary[0].arn
  }
}

resource "aws_iam_role" "alerts_forward" {
  count       = local.alerts ? 1 : 0
  name        = "${var.name}-alerts-forward"
  description = "EventBridge in ${var.secondary_region}: put AWS Backup events on the primary region's default bus."
  tags        = local.tags
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_policy" "alerts_forward" {
  count       = local.alerts ? 1 : 0
  name        = "${var.name}-alerts-forward"
  description = "Put events on the primary region's default bus, nothing else."
  tags        = local.tags
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "PutOnThePrimaryBus"
      Effect   = "Allow"
      Action   = ["events:PutEvents"]
      Resource = [local.primary_bus_arn]
    }]
  })
}

resource "aws_iam_role_policy_attachment" "alerts_forward" {
  count      = local.alerts ? 1 : 0
  role       = aws_iam_role.alerts_forward[0].name
  policy_arn = aws_iam_policy.alerts_forward[0].arn
}

resource "aws_sqs_queue" "alerts_undelivered_secondary" {
  count                     = local.alerts ? 1 : 0
  provider                  = aws.dr
  name                      = "${var.name}-alerts-undelivered"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
  tags                      = local.tags
}

resource "aws_sqs_queue_policy" "alerts_undelivered_secondary" {
  count     = local.alerts ? 1 : 0
  provider  = aws.dr
  queue_url = aws_sqs_queue.alerts_undelivered_secondary[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EventBridgeDeadLetters"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.alerts_undelivered_secondary[0].arn
      Condition = { ArnEquals = { "aws:SourceArn" = [for r in aws_cloudwatch_event_rule.secondary : r.arn] } }
    }]
  })
}

resource "aws_cloudwatch_metric_alarm" "alerts_undelivered_secondary" {
  count               = local.alerts ? 1 : 0
  provider            = aws.dr
  alarm_name          = "${var.name}-alerts-undelivered"
  alarm_description   = "AWS Backup alerts lost: EventBridge in ${var.secondary_region} could not forward events to the primary bus. Read SQS queue ${aws_sqs_queue.alerts_undelivered_secondary[0].name}; see the runbook in the action's README."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.alerts_undelivered_secondary[0].name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions_secondary
  ok_actions          = var.alarm_actions_secondary
  tags                = local.tags
}
