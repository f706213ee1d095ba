# AWS Backup -> EventBridge -> Lambda -> Slack: failed backup, copy and restore jobs reach the
# channel the action's own alerts go to, formatted by the same code (dist/lambda, built from
# src/aws/lambda.ts). Only with slack_webhook_secret_arn set. The rules' patterns are
# event-patterns.json, which the tests evaluate against AWS Backup's documented event shapes.
#
# Two ways an alert can be lost, each with its queue and its alarm: EventBridge cannot invoke
# the function (the target's dead-letter queue), or the function fails, e.g. Slack is down
# (Lambda retries an asynchronous invocation twice, then sends it to the on-failure
# destination).

locals {
  alerts = var.slack_webhook_secret_arn != null

  # restore-test-completed only when asked: a quarterly "it worked" note.
  event_patterns = {
    for k, p in jsondecode(file("${path.module}/event-patterns.json")) : k => p
    if k != "restore-test-completed" || var.notify_restore_test_success
  }

  # Slack's retries (src/aws/lambda.ts: 4 attempts of at most 10 s, waits of at most 10 s
  # each) plus reading the secret fit well within this.
  alert_function_timeout = 120

  # ncc's bundle of src/aws/lambda.ts, committed in dist/ (npm run build).
  lambda_source_dir = "${path.module}/../../../dist/lambda"
}

data "archive_file" "alerts" {
  count            = local.alerts ? 1 : 0
  type             = "zip"
  source_dir       = local.lambda_source_dir
  output_path      = "${path.module}/.terraform/luneo-backup-alerts.zip"
  output_file_mode = "0644"
}

resource "aws_iam_role" "alerts" {
  count       = local.alerts ? 1 : 0
  name        = "${var.name}-alerts"
  description = "The AWS Backup alerts function: read the Slack webhook secret, write its logs, hand failed events to its queue."
  tags        = local.tags
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_policy" "alerts" {
  count       = local.alerts ? 1 : 0
  name        = "${var.name}-alerts"
  description = "The AWS Backup alerts function's permissions."
  tags        = local.tags
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadTheWebhook"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = [var.slack_webhook_secret_arn]
      },
      {
        Sid      = "WriteItsLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.alerts[0].arn}:*"]
      },
      {
        # Lambda sends a failed asynchronous invocation to the destination as the function.
        Sid      = "OnFailureDestination"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage"]
        Resource = [aws_sqs_queue.alerts_failed[0].arn]
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "alerts" {
  count      = local.alerts ? 1 : 0
  role       = aws_iam_role.alerts[0].name
  policy_arn = aws_iam_policy.alerts[0].arn
}

resource "aws_cloudwatch_log_group" "alerts" {
  count             = local.alerts ? 1 : 0
  name              = "/aws/lambda/${var.name}-alerts"
  retention_in_days = var.alerts_log_retention_days
  tags              = local.tags
}

resource "aws_lambda_function" "alerts" {
  count            = local.alerts ? 1 : 0
  function_name    = "${var.name}-alerts"
  description      = "AWS Backup job events to Slack (luneo-backup, src/aws/lambda.ts)"
  role             = aws_iam_role.alerts[0].arn
  runtime          = "nodejs24.x"
  handler          = "index.handler"
  architectures    = ["arm64"]
  filename         = data.archive_file.alerts[0].output_path
  source_code_hash = data.archive_file.alerts[0].output_base64sha256
  timeout          = local.alert_function_timeout
  memory_size      = 256
  tags             = local.tags

  environment {
    variables = {
      SLACK_WEBHOOK_SECRET = var.slack_webhook_secret_arn
      SLACK_MENTION        = var.slack_mention
      NODE_OPTIONS         = "--enable-source-maps"
    }
  }

  # Active tracing would need X-Ray permissions on the role, for one short call to Slack.
  tracing_config {
    mode = "PassThrough"
  }

  depends_on = [aws_iam_role_policy_attachment.alerts, aws_cloudwatch_log_group.alerts]
}

# Asynchronous invocations (EventBridge's): two retries, for at most 6 hours, then the queue.
resource "aws_lambda_function_event_invoke_config" "alerts" {
  count                        = local.alerts ? 1 : 0
  function_name                = aws_lambda_function.alerts[0].function_name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 21600

  destination_config {
    on_failure {
      destination = aws_sqs_queue.alerts_failed[0].arn
    }
  }
}

resource "aws_lambda_permission" "alerts" {
  for_each      = local.alerts ? local.event_patterns : {}
  statement_id  = "EventBridge-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.alerts[0].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.primary[each.key].arn
}

# The function failed after Lambda's retries (Slack down, the secret unreadable): the event
# with the error, 14 days.
resource "aws_sqs_queue" "alerts_failed" {
  count                     = local.alerts ? 1 : 0
  name                      = "${var.name}-alerts-failed"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
  tags                      = local.tags
}

# EventBridge could not invoke the function (throttled, permission, deleted).
resource "aws_sqs_queue" "alerts_undelivered" {
  count                     = local.alerts ? 1 : 0
  name                      = "${var.name}-alerts-undelivered"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
  tags                      = local.tags
}

resource "aws_sqs_queue_policy" "alerts_undelivered" {
  count     = local.alerts ? 1 : 0
  queue_url = aws_sqs_queue.alerts_undelivered[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EventBridgeDeadLetters"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.alerts_undelivered[0].arn
      Condition = { ArnEquals = { "aws:SourceArn" = [for r in aws_cloudwatch_event_rule.primary : r.arn] } }
    }]
  })
}

# One alarm per way of losing an alert, and one on the function's errors (the first sign).
locals {
  alert_queue_alarms = local.alerts ? {
    failed      = { queue = aws_sqs_queue.alerts_failed[0].name, what = "the alerts function failed after Lambda's retries (is Slack down? the secret readable?)" }
    undelivered = { queue = aws_sqs_queue.alerts_undelivered[0].name, what = "EventBridge could not invoke the alerts function" }
  } : {}
}

resource "aws_cloudwatch_metric_alarm" "alert_queues" {
  for_each            = local.alert_queue_alarms
  alarm_name          = "${var.name}-alerts-${each.key}"
  alarm_description   = "AWS Backup alerts lost: ${each.value.what}. Read the messages of SQS queue ${each.value.queue}; see the runbook in the action's README."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value.queue }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = local.tags
}

resource "aws_cloudwatch_metric_alarm" "alerts_errors" {
  count               = local.alerts ? 1 : 0
  alarm_name          = "${var.name}-alerts-errors"
  alarm_description   = "The AWS Backup alerts function failed an invocation (Lambda retries it; the -failed alarm says when it gave up)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.alerts[0].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  tags                = local.tags
}
