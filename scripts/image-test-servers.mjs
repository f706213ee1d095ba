// Stand-ins on 127.0.0.1 for scripts/image-test.sh's SIGTERM check: a Slack incoming webhook that
// appends every body it receives to <dir>/slack.jsonl, and a "Redis" that accepts connections and
// never answers, so a backup is still busy when the signal comes. Writes <dir>/ports when ready.
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'

const dir = process.argv[2]
const slack = http.createServer((req, res) => {
  let body = ''
  req.on('data', (d) => (body += d))
  req.on('end', () => {
    fs.appendFileSync(path.join(dir, 'slack.jsonl'), body.replace(/\n/g, ' ') + '\n')
    res.end('ok')
  })
})
const silent = net.createServer(() => {})
const listen = (server) =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)))
const ports = `${await listen(slack)} ${await listen(silent)}\n`
fs.writeFileSync(path.join(dir, 'ports'), ports)
// Bounded: gone after two minutes whatever happens.
setTimeout(() => process.exit(0), 120_000).unref()
process.on('SIGTERM', () => process.exit(0))
await new Promise(() => {})
