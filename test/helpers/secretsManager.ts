import http from 'node:http'
import type { AddressInfo } from 'node:net'

// A local HTTP server on 127.0.0.1 speaking Secrets Manager's JSON protocol (AWS JSON 1.1:
// POST /, X-Amz-Target: secretsmanager.<Operation>), for GetSecretValue only: a real SDK
// client talks to it through AWS_ENDPOINT_URL_SECRETS_MANAGER. It records every request.

export interface SecretsStandIn {
  endpoint: string
  requests: { target: string; body: Record<string, unknown>; authorization: string }[]
  close(): Promise<void>
}

export async function secretsManagerStandIn(
  secrets: Record<string, string>
): Promise<SecretsStandIn> {
  const requests: SecretsStandIn['requests'] = []
  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (d) => (raw += d))
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '')
      let body: Record<string, unknown> = {}
      try {
        body = JSON.parse(raw) as Record<string, unknown>
      } catch {
        // answered below as a bad request
      }
      requests.push({ target, body, authorization: String(req.headers.authorization ?? '') })
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
        res.end(JSON.stringify(json))
      }
      if (target !== 'secretsmanager.GetSecretValue') {
        return reply(400, { __type: 'InvalidRequestException', message: `not here: ${target}` })
      }
      const id = String(body.SecretId ?? '')
      const name = id.startsWith('arn:')
        ? id.split(':secret:')[1]?.replace(/-[A-Za-z0-9]{6}$/, '')
        : id
      const value = name !== undefined ? secrets[name] : undefined
      if (value === undefined) {
        return reply(400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret."
        })
      }
      reply(200, {
        ARN: `arn:aws:secretsmanager:eu-west-3:123456789012:secret:${name}-AbCdEf`,
        Name: name,
        SecretString: value,
        VersionId: '01234567-89ab-cdef-0123-456789abcdef',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1764547200
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
