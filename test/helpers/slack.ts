import http from 'node:http'
import type { AddressInfo } from 'node:net'

// A local HTTP server on 127.0.0.1 standing in for a Slack incoming webhook: it records every
// request and answers with the scripted responses in order (then 200 "ok").

export interface ScriptedResponse {
  status: number
  headers?: Record<string, string>
  body?: string
}

export interface SlackReceiver {
  url: string
  requests: { at: number; body: string; json: unknown }[]
  close(): Promise<void>
}

export async function slackReceiver(script: ScriptedResponse[] = []): Promise<SlackReceiver> {
  const requests: SlackReceiver['requests'] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      let json: unknown
      try {
        json = JSON.parse(body)
      } catch {
        json = undefined
      }
      requests.push({ at: Date.now(), body, json })
      const next = script.shift() ?? { status: 200, body: 'ok' }
      res.writeHead(next.status, { 'content-type': 'text/plain', ...next.headers })
      res.end(next.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/secret-hook-token`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** A URL on 127.0.0.1 where nothing listens (a port that was just free). */
export async function deadUrl(): Promise<string> {
  const r = await slackReceiver()
  const url = r.url
  await r.close()
  return url
}
