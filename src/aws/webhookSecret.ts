import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { errorLine } from '../util/errors.js'

// The Slack webhook of the Lambda, from the Secrets Manager secret SLACK_WEBHOOK_SECRET names
// (a name, or an ARN: then its region, which may not be the function's). The secret holds the
// URL itself, or JSON with a `url` (or `webhook_url`) field. The endpoint comes from the SDK's
// standard variables (AWS_ENDPOINT_URL_SECRETS_MANAGER), which the tests point at a stand-in.

/** The secret was read but is not usable: its message is the whole story. */
class SecretProblem extends Error {}

export function regionOfSecret(id: string): string | undefined {
  return /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):/.exec(id)?.[1]
}

/** The URL inside the secret's text; an error names the secret, never its value. */
export function webhookFromSecret(secretId: string, secret: string | undefined): string {
  let candidate = secret?.trim() ?? ''
  if (candidate.startsWith('{')) {
    try {
      const json = JSON.parse(candidate) as Record<string, unknown>
      candidate = String(json.url ?? json.webhook_url ?? '')
    } catch {
      candidate = ''
    }
  }
  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    throw new SecretProblem(
      `secret ${secretId} holds no webhook URL: store the URL, or JSON {"url": "https://hooks.slack.com/..."}`
    )
  }
  // Plain http only to this machine (the tests' stand-in for Slack).
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new SecretProblem(`secret ${secretId} holds a webhook URL that is not https`)
  }
  return url.href
}

export async function readWebhookSecret(secretId: string): Promise<string> {
  const client = new SecretsManagerClient({ region: regionOfSecret(secretId) })
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }))
    return webhookFromSecret(secretId, out.SecretString)
  } catch (error) {
    if (error instanceof SecretProblem) throw error
    throw new Error(`secret ${secretId} could not be read: ${errorLine(error)}`, { cause: error })
  } finally {
    client.destroy()
  }
}
