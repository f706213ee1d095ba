import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { backup } from '../../src/commands/backup.js'
import { buildConfig } from '../../src/config.js'
import { parseManifest, type Manifest } from '../../src/snapshot/manifest.js'
import { openRedisDump } from '../../src/sources/redis/backup.js'
import { encodeCommand } from '../../src/sources/redis/resp.js'
import {
  contents,
  keyspace,
  populate,
  startRedis,
  type TestRedis,
  expectSameData
} from './redisServers.js'
import { testLog } from '../helpers/log.js'

const run = promisify(execFile)

// Real redis-server processes on free loopback ports: a source with every type, TTLs and three
// dbs; a "managed" one with SYNC and PSYNC renamed away; fresh ones to load or replay a backup.
// Fault servers are small net servers that speak just enough RESP to reach the failing step.

const servers: TestRedis[] = []
const netServers: net.Server[] = []
let source: TestRedis
let managed: TestRedis

async function tmpRoot(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'redis-backup-'))
}

async function runBackup(url: string, mode = 'auto', compression = 'gzip') {
  const root = await tmpRoot()
  const config = buildConfig({
    environment: 'test',
    'backup-root': root,
    'redis-url': url,
    'redis-mode': mode,
    compression
  })
  const log = testLog()
  const result = await backup(config, log)
  const dir = path.join(root, 'test', String(result.outputs['snapshot-id']))
  const manifest = parseManifest(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8'))
  return { root, dir, manifest, log }
}

/** A backup that must fail: returns the error line and checks that no manifest was written. */
async function failingBackup(url: string, mode = 'auto'): Promise<string> {
  const root = await tmpRoot()
  const config = buildConfig({
    environment: 'test',
    'backup-root': root,
    'redis-url': url,
    'redis-mode': mode
  })
  let message = ''
  try {
    await backup(config, testLog())
  } catch (error) {
    message = (error as Error).message
    expect((error as Error).name).toBe('UserError')
  }
  expect(message).not.toBe('')
  expect(message).not.toContain('\n')
  const files = await fs.readdir(root, { recursive: true })
  expect(files.filter((f) => String(f).endsWith('manifest.json'))).toEqual([])
  return message
}

async function started(lines: string[] = [], options = {}): Promise<TestRedis> {
  const s = await startRedis(lines, options)
  servers.push(s)
  return s
}

function manifestCounts(manifest: Manifest) {
  const redis = manifest.sources.redis!
  return redis.dbs
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** A server that speaks just enough RESP: handler gets each command, returns bytes or nothing. */
async function fakeServer(
  handler: (args: string[], socket: net.Socket) => Buffer | string | undefined
): Promise<number> {
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0)
    socket.on('error', () => undefined)
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk])
      for (;;) {
        const parsed = parseCommand(buffer)
        if (!parsed) return
        buffer = buffer.subarray(parsed.next)
        const reply = handler(parsed.args, socket)
        if (reply !== undefined && !socket.destroyed) socket.write(reply)
      }
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  netServers.push(server)
  return (server.address() as net.AddressInfo).port
}

function parseCommand(buf: Buffer): { args: string[]; next: number } | undefined {
  if (buf.length === 0) return undefined
  if (buf[0] !== 0x2a) {
    const end = buf.indexOf('\r\n')
    if (end === -1) return undefined
    return { args: buf.toString('utf8', 0, end).split(' '), next: end + 2 }
  }
  let at = buf.indexOf('\r\n')
  if (at === -1) return undefined
  const n = Number(buf.toString('utf8', 1, at))
  at += 2
  const args: string[] = []
  for (let i = 0; i < n; i++) {
    const end = buf.indexOf('\r\n', at)
    if (end === -1) return undefined
    const len = Number(buf.toString('utf8', at + 1, end))
    if (buf.length < end + 2 + len + 2) return undefined
    args.push(buf.toString('utf8', end + 2, end + 2 + len))
    at = end + 2 + len + 2
  }
  return { args, next: at }
}

const FAKE_INFO = '# Server\r\nredis_version:7.0.15\r\n# Cluster\r\ncluster_enabled:0\r\n'

function bulk(text: string): string {
  return `$${Buffer.byteLength(text)}\r\n${text}\r\n`
}

/** A fake Redis that answers the preamble and then sends `rdb` (bytes) after SYNC. */
async function fakeSyncServer(
  onSync: (socket: net.Socket) => void,
  info = FAKE_INFO + '# Keyspace\r\ndb0:keys=5,expires=0\r\n'
): Promise<number> {
  return fakeServer((args, socket) => {
    const name = args[0].toUpperCase()
    if (name === 'INFO') return bulk(info)
    if (name === 'REPLCONF') return '+OK\r\n'
    if (name === 'SYNC') {
      onSync(socket)
      return undefined
    }
    return '-ERR unknown command\r\n'
  })
}

let sampleRdb: Buffer

/** A redis-server that speaks only TLS, with a fresh self-signed certificate for 127.0.0.1. */
async function startTlsRedis(): Promise<TestRedis & { ca: Buffer }> {
  const dir = await tmpRoot()
  const key = path.join(dir, 'key.pem')
  const cert = path.join(dir, 'cert.pem')
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1'
  ])
  const { freePort } = await import('./redisServers.js')
  const tlsPort = await freePort()
  const server = await started([
    `tls-port ${tlsPort}`,
    `tls-cert-file ${cert}`,
    `tls-key-file ${key}`,
    `tls-ca-cert-file ${cert}`,
    'tls-auth-clients no',
    'tls-replication yes'
  ])
  // The plain port stays open for the test's own client; the backup uses the TLS port.
  const ca = await fs.readFile(cert)
  return { ...server, port: tlsPort, client: server.client, ca }
}

beforeAll(async () => {
  source = await started()
  await populate(source)
  managed = await started(['rename-command SYNC ""', 'rename-command PSYNC ""'])
  await populate(managed)
  // A small real RDB for the fault servers to cut up.
  const small = await started()
  const c = small.client()
  for (let i = 0; i < 200; i++) await c.set(`key:${i}`, `value ${i}`.repeat(20))
  const file = path.join(small.dir, 'sample.rdb')
  await run('redis-cli', ['-p', String(small.port), '--rdb', file])
  sampleRdb = await fs.readFile(file)
})

afterAll(async () => {
  for (const s of servers) await s.stop()
  for (const s of netServers) s.close()
})

describe('Redis RDB mode', () => {
  it('streams a diskless SYNC snapshot whose key counts match the server and which loads in redis-server', async () => {
    const expected = await keyspace(source)
    const { dir, manifest, log } = await runBackup(source.url)
    expect(manifest.files.map((f) => f.name)).toEqual(['redis.rdb'])
    const file = manifest.files[0]
    expect(file.compression).toBe('none')
    const bytes = await fs.readFile(path.join(dir, 'redis.rdb'))
    expect(bytes.subarray(0, 5).toString()).toBe('REDIS')
    expect(file.sha256).toBe(sha256(bytes))
    const redis = manifest.sources.redis!
    expect(redis).toMatchObject({
      mode: 'rdb',
      engine: 'redis',
      pointInTime: true,
      rdbVersion: 10,
      keyCountsFrom: 'rdb',
      checksum: 'verified'
    })
    expect(redis.version).toMatch(/^7\./)
    expect(manifestCounts(manifest)).toEqual(expected)
    expect(Object.keys(expected).sort()).toEqual(['0', '1', '5'])
    expect(redis.keys).toBe(Object.values(expected).reduce((n, db) => n + db.keys, 0))
    expect(redis.keysWithTtl).toBe(51 + 100)
    expect(log.lines.join('\n')).toMatch(/diskless/)

    const loaded = await started([], { dir, dbfilename: 'redis.rdb' })
    expectSameData(await contents(loaded), await contents(source))
  })

  it('reads the length-prefixed form too (repl-diskless-sync no), with a password', async () => {
    const disk = await started(['repl-diskless-sync no'], { password: 's3cret-pass' })
    await populate(disk)
    const expected = await keyspace(disk)
    const { dir, manifest, log } = await runBackup(disk.url)
    expect(manifestCounts(manifest)).toEqual(expected)
    expect(log.lines.join('\n')).toMatch(/RDB mode: replication snapshot via SYNC \(\d+ bytes\)/)
    const loaded = await started([], { dir, dbfilename: 'redis.rdb' })
    expectSameData(await contents(loaded), await contents(disk))
  })

  it('backs up the shared test Redis from services.sh (password in the URL)', async () => {
    const url = process.env.TEST_REDIS_URL
    expect(url).toBeTruthy()
    const { manifest } = await runBackup(url!, 'rdb')
    expect(manifest.sources.redis?.mode).toBe('rdb')
    expect(manifest.sources.redis?.checksum).toBe('verified')
  })

  it('refuses redis-mode rdb where SYNC is refused, naming the way out', async () => {
    const message = await failingBackup(managed.url, 'rdb')
    expect(message).toMatch(/refused SYNC \(ERR unknown command/)
    expect(message).toMatch(/redis-mode auto or logical/)
  })
})

describe('Redis over TLS and other engines', () => {
  it('takes an RDB over rediss:// (private CA given as a TLS option)', async () => {
    const tlsServer = await startTlsRedis()
    await tlsServer.client().set('over-tls', 'yes')
    const dump = await openRedisDump(
      new URL(`rediss://127.0.0.1:${tlsServer.port}`),
      'auto',
      testLog(),
      {
        tls: { ca: tlsServer.ca }
      }
    )
    const chunks: Buffer[] = []
    for await (const chunk of dump.stream) chunks.push(chunk as Buffer)
    const facts = dump.facts()
    expect(facts).toMatchObject({ mode: 'rdb', keys: 1, checksum: 'verified' })
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('REDIS')
    expect(facts.endpoint).toBe(`rediss://127.0.0.1:${tlsServer.port}`)
  })

  it('records Valkey as the engine with its own version', async () => {
    const port = await fakeSyncServer((socket) => {
      socket.write(`$${sampleRdb.length}\r\n`)
      socket.write(sampleRdb)
    }, '# Server\r\nredis_version:7.2.4\r\nserver_name:valkey\r\nvalkey_version:8.0.1\r\n# Cluster\r\ncluster_enabled:0\r\n')
    const { manifest } = await runBackup(`redis://127.0.0.1:${port}`)
    expect(manifest.sources.redis).toMatchObject({
      engine: 'valkey',
      version: '8.0.1',
      mode: 'rdb',
      keys: 200,
      dbs: { '0': { keys: 200, keysWithTtl: 0 } }
    })
  })
})

describe('Redis logical mode', () => {
  it('falls back by itself where SYNC is renamed away; the file replays with redis-cli --pipe', async () => {
    const expected = await keyspace(managed)
    const { dir, manifest, log } = await runBackup(managed.url)
    expect(manifest.files.map((f) => f.name)).toEqual(['redis.resp.gz'])
    const redis = manifest.sources.redis!
    expect(redis).toMatchObject({
      mode: 'logical',
      pointInTime: false,
      keyCountsFrom: 'scan',
      skippedKeys: 0
    })
    expect(redis.reason).toMatch(/refused SYNC/)
    expect(log.lines.join('\n')).toMatch(/warning: .*NOT point in time/)
    expect(manifestCounts(manifest)).toEqual(expected)

    const empty = await started()
    const file = path.join(dir, 'redis.resp.gz')
    const { stdout } = await run('bash', [
      '-c',
      `gunzip -c "${file}" | redis-cli -p ${empty.port} --pipe`
    ])
    expect(stdout).toMatch(/errors: 0, replies: \d+/)
    expectSameData(await contents(empty), await contents(managed))
  })

  it('writes an uncompressed redis.resp with redis-mode logical and compression none', async () => {
    const { dir, manifest } = await runBackup(source.url, 'logical', 'none')
    expect(manifest.files.map((f) => f.name)).toEqual(['redis.resp'])
    expect(manifest.sources.redis?.reason).toBe('redis-mode is logical')
    const text = await fs.readFile(path.join(dir, 'redis.resp'))
    expect(text.subarray(0, 30).toString()).toContain('SELECT')
    const empty = await started()
    await run('bash', ['-c', `redis-cli -p ${empty.port} --pipe < "${dir}/redis.resp"`])
    expectSameData(await contents(empty), await contents(source))
  })

  it('skips keys that expire while it scans', async () => {
    const busy = await started(['rename-command SYNC ""', 'rename-command PSYNC ""'])
    const c = busy.client()
    const p = c.pipeline()
    for (let i = 0; i < 3000; i++) p.set(`short:${i}`, 'x', 'PX', 20 + (i % 200))
    for (let i = 0; i < 100; i++) p.set(`stay:${i}`, 'y')
    await p.exec()
    const { manifest } = await runBackup(busy.url)
    const redis = manifest.sources.redis!
    expect(redis.keys).toBeGreaterThanOrEqual(100)
    expect(redis.keys + (redis.skippedKeys ?? 0)).toBeLessThanOrEqual(3100)
  })

  it('falls back when an ACL user may not SYNC, and fails clearly when it may not do anything', async () => {
    const acl = await started([
      'user backup on >backup-pw ~* &* +@all -sync -psync',
      'user nobody on >nobody-pw ~* +ping'
    ])
    await acl.client().set('a', '1')
    const port = acl.port
    const { manifest } = await runBackup(`redis://backup:backup-pw@127.0.0.1:${port}`)
    expect(manifest.sources.redis?.mode).toBe('logical')
    expect(manifest.sources.redis?.reason).toMatch(/NOPERM/)
    const message = await failingBackup(`redis://nobody:nobody-pw@127.0.0.1:${port}`)
    expect(message).toMatch(/Redis user "nobody" at 127\.0\.0\.1:\d+ may not run INFO \(NOPERM\)/)
  })
})

describe('Redis faults', () => {
  it('wrong password: one line, no password in it', async () => {
    const guarded = await started([], { password: 'right-password' })
    const message = await failingBackup(`redis://default:wrong-password@127.0.0.1:${guarded.port}`)
    expect(message).toMatch(/refused .*WRONGPASS.*check the user and password in redis-url/)
    expect(message).not.toContain('wrong-password')
    const none = await failingBackup(`redis://127.0.0.1:${guarded.port}`)
    expect(none).toMatch(/requires a password/)
  })

  it('unreachable: connection refused', async () => {
    const port = await (await import('./redisServers.js')).freePort()
    const message = await failingBackup(`redis://127.0.0.1:${port}`)
    expect(message).toBe(`cannot connect to Redis at 127.0.0.1:${port} (refused)`)
  })

  it('a server that accepts and never answers fails in seconds (plain and TLS)', async () => {
    const silent = net.createServer((socket) => socket.on('error', () => undefined))
    silent.listen(0, '127.0.0.1')
    await once(silent, 'listening')
    netServers.push(silent)
    const port = (silent.address() as net.AddressInfo).port
    const saved = { ...process.env }
    process.env.LUNEO_CONNECT_TIMEOUT_SECONDS = '1'
    process.env.LUNEO_READ_TIMEOUT_SECONDS = '1'
    try {
      let t = Date.now()
      const plain = await failingBackup(`redis://:pw@127.0.0.1:${port}`)
      expect(plain).toBe(
        `Redis at 127.0.0.1:${port} did not answer within 1 s while authenticating`
      )
      expect(Date.now() - t).toBeLessThan(5000)
      t = Date.now()
      const info = await failingBackup(`redis://127.0.0.1:${port}`)
      expect(info).toMatch(/did not answer within 1 s while reading INFO/)
      t = Date.now()
      const secure = await failingBackup(`rediss://127.0.0.1:${port}`)
      expect(secure).toBe(
        `cannot connect to Redis at 127.0.0.1:${port} (timeout: no TLS handshake within 1 s)`
      )
      expect(Date.now() - t).toBeLessThan(5000)
    } finally {
      process.env.LUNEO_CONNECT_TIMEOUT_SECONDS = saved.LUNEO_CONNECT_TIMEOUT_SECONDS
      process.env.LUNEO_READ_TIMEOUT_SECONDS = saved.LUNEO_READ_TIMEOUT_SECONDS
      if (saved.LUNEO_CONNECT_TIMEOUT_SECONDS === undefined) {
        delete process.env.LUNEO_CONNECT_TIMEOUT_SECONDS
      }
      if (saved.LUNEO_READ_TIMEOUT_SECONDS === undefined) {
        delete process.env.LUNEO_READ_TIMEOUT_SECONDS
      }
    }
  })

  it('the server closing the connection mid-transfer', async () => {
    const port = await fakeSyncServer((socket) => {
      socket.write(`$${sampleRdb.length}\r\n`)
      socket.end(sampleRdb.subarray(0, 1000))
    })
    const message = await failingBackup(`redis://127.0.0.1:${port}`)
    expect(message).toBe(
      `Redis at 127.0.0.1:${port} closed the connection while receiving the RDB, after 1000 of ${sampleRdb.length} bytes: the Redis snapshot is incomplete`
    )
  })

  it('a diskless transfer cut before its EOF marker', async () => {
    const marker = 'a'.repeat(40)
    const port = await fakeSyncServer((socket) => {
      socket.write(`\n\n$EOF:${marker}\r\n`)
      socket.end(sampleRdb.subarray(0, sampleRdb.length - 3))
    })
    const message = await failingBackup(`redis://127.0.0.1:${port}`)
    expect(message).toMatch(/closed the connection while receiving the RDB, after \d+ bytes/)
  })

  it('a truncated RDB (the stream ends cleanly, the RDB does not)', async () => {
    const marker = 'b'.repeat(40)
    const cut = sampleRdb.subarray(0, 2000)
    const port = await fakeSyncServer((socket) => {
      socket.write(`$EOF:${marker}\r\n`)
      socket.write(cut)
      socket.write(marker)
    })
    const message = await failingBackup(`redis://127.0.0.1:${port}`)
    expect(message).toMatch(
      /^the RDB from Redis is not whole: it stops after 2000 bytes, in the middle of .* \(truncated\); no snapshot was made$/
    )
  })

  it('a corrupt RDB fails its CRC-64', async () => {
    const bad = Buffer.from(sampleRdb)
    bad[Math.floor(bad.length / 2)] ^= 0x01
    const port = await fakeSyncServer((socket) => {
      socket.write(`$${bad.length}\r\n`)
      socket.write(bad)
    })
    const message = await failingBackup(`redis://127.0.0.1:${port}`)
    expect(message).toMatch(
      /^the RDB from Redis is not whole: its CRC-64 is [0-9a-f]{16} but the bytes give [0-9a-f]{16} \(corrupt\); no snapshot was made$/
    )
  })

  it('a transfer that stalls fails on the read timeout', async () => {
    const port = await fakeSyncServer((socket) => {
      socket.write(`$${sampleRdb.length}\r\n`)
      socket.write(sampleRdb.subarray(0, 500))
    })
    process.env.LUNEO_READ_TIMEOUT_SECONDS = '1'
    try {
      const t = Date.now()
      const message = await failingBackup(`redis://127.0.0.1:${port}`)
      expect(message).toBe(
        `Redis at 127.0.0.1:${port} did not answer within 1 s while receiving the RDB, after 500 of ${sampleRdb.length} bytes: the Redis snapshot is incomplete`
      )
      expect(Date.now() - t).toBeLessThan(5000)
    } finally {
      delete process.env.LUNEO_READ_TIMEOUT_SECONDS
    }
  })

  it('a TLS certificate that does not verify', async () => {
    const tlsServer = await startTlsRedis()
    const message = await failingBackup(`rediss://127.0.0.1:${tlsServer.port}`)
    expect(message).toMatch(/^TLS with Redis at 127\.0\.0\.1:\d+ failed: .*self-signed certificate/)
  })

  it('refuses Redis Cluster', async () => {
    const dir = await tmpRoot()
    const cluster = await started([
      'cluster-enabled yes',
      `cluster-config-file ${path.join(dir, 'nodes.conf')}`
    ])
    const message = await failingBackup(`redis://127.0.0.1:${cluster.port}`)
    expect(message).toMatch(/is a Redis Cluster node \(cluster_enabled:1\).*back up each primary/)
  })

  it('the fake server speaks the protocol the way the real one does', () => {
    // A guard for the fake: the commands the client sends parse as RESP arrays.
    const parsed = parseCommand(encodeCommand(['REPLCONF', 'capa', 'eof']))
    expect(parsed?.args).toEqual(['REPLCONF', 'capa', 'eof'])
  })
})
