import { expect } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'

// Throwaway redis-server processes for tests, each on its own free loopback port with its own
// folder and config file, stopped by pid (never by name).

export async function freePort(): Promise<number> {
  const server = net.createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as net.AddressInfo).port
  server.close()
  await once(server, 'close')
  return port
}

export interface TestRedis {
  port: number
  dir: string
  url: string
  client(db?: number): Redis
  stop(): Promise<void>
}

/** Start redis-server with these extra config lines (and --dir/--dbfilename to load an RDB). */
export async function startRedis(
  lines: string[] = [],
  options: { dir?: string; dbfilename?: string; password?: string } = {}
): Promise<TestRedis> {
  const port = await freePort()
  const dir = options.dir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'redis-test-')))
  const conf = path.join(
    await fs.mkdtemp(path.join(os.tmpdir(), 'redis-conf-')),
    `redis-${port}.conf`
  )
  await fs.writeFile(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `dbfilename ${options.dbfilename ?? 'dump.rdb'}`,
      'save ""',
      'appendonly no',
      'repl-diskless-sync-delay 0',
      ...(options.password ? [`requirepass ${options.password}`] : []),
      ...lines
    ].join('\n') + '\n'
  )
  const child: ChildProcess = spawn('redis-server', [conf], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)))
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)))
  const auth = options.password ? `:${options.password}@` : ''
  const url = `redis://${auth}127.0.0.1:${port}`
  const clients: Redis[] = []
  const client = (db = 0) => {
    const c = new Redis({
      host: '127.0.0.1',
      port,
      db,
      password: options.password,
      lazyConnect: false,
      maxRetriesPerRequest: 1
    })
    clients.push(c)
    return c
  }
  // Wait until it answers PING (not LOADING).
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited: ${output}`)
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1')
      s.on('error', () => resolve(false))
      s.on('connect', () => {
        s.write(options.password ? `AUTH ${options.password}\r\nPING\r\n` : 'PING\r\n')
      })
      s.on('data', (d) => {
        if (d.toString().includes('+PONG')) {
          s.destroy()
          resolve(true)
        } else if (d.toString().includes('LOADING')) {
          s.destroy()
          resolve(false)
        }
      })
      setTimeout(() => {
        s.destroy()
        resolve(false)
      }, 500)
    })
    if (ok) break
    if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start: ${output}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    port,
    dir,
    url,
    client,
    stop: async () => {
      for (const c of clients) c.disconnect()
      if (child.exitCode === null) {
        child.kill('SIGKILL')
        await once(child, 'exit')
      }
    }
  }
}

type Value = unknown

/** Every key of every db: type, value in a comparable form, and remaining TTL in ms. */
export async function contents(
  redis: TestRedis
): Promise<Map<string, { type: string; value: Value; pttl: number }>> {
  const out = new Map<string, { type: string; value: Value; pttl: number }>()
  const admin = redis.client()
  const info = String(await admin.info('keyspace'))
  const dbs = [...info.matchAll(/^db(\d+):/gm)].map((m) => Number(m[1]))
  for (const db of dbs) {
    const c = redis.client(db)
    const keys = await c.keysBuffer('*')
    for (const key of keys) {
      const type = await c.type(key)
      let value: Value
      switch (type) {
        case 'string':
          value = (await c.getBuffer(key))?.toString('hex')
          break
        case 'hash':
          value = Object.entries(await c.hgetall(key)).sort()
          break
        case 'list':
          value = (await c.lrangeBuffer(key, 0, -1)).map((b) => b.toString('hex'))
          break
        case 'set':
          value = (await c.smembersBuffer(key)).map((b) => b.toString('hex')).sort()
          break
        case 'zset':
          value = await c.zrange(key, 0, -1, 'WITHSCORES')
          break
        case 'stream':
          value = {
            entries: await c.xrange(key, '-', '+'),
            groups: await c.call('XINFO', 'GROUPS', key)
          }
          break
        default:
          value = type
      }
      out.set(`${db}/${key.toString('hex')}`, { type, value, pttl: await c.pttl(key) })
    }
  }
  return out
}

/** Strings, hashes, lists, sets, sorted sets, a stream with a consumer group, TTLs, 3 dbs. */
export async function populate(redis: TestRedis): Promise<void> {
  const c0 = redis.client(0)
  const p = c0.pipeline()
  p.set('str:plain', 'hello')
  p.set('str:int', '12345')
  p.set('str:lzf', 'a'.repeat(10_000))
  p.set(Buffer.from([0xff, 0x00, 0x41]), Buffer.from(Array.from({ length: 256 }, (_, i) => i)))
  p.set('str:big', Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 251)))
  p.hset('hash:small', { a: '1', b: '2' })
  for (let i = 0; i < 1000; i++) p.hset('hash:big', `field${i}`, `value${i}`)
  p.rpush('list:small', 'a', 'b', 'c')
  for (let i = 0; i < 50; i++) p.rpush('list:big', ...Array.from({ length: 100 }, (_, j) => i * j))
  p.sadd('set:int', 1, 2, 3)
  p.sadd('set:small', 'a', 'b')
  for (let i = 0; i < 1000; i++) p.sadd('set:big', `member${i}`)
  p.zadd('zset:small', 1, 'one', 2.5, 'two and a half')
  for (let i = 0; i < 500; i++) p.zadd('zset:big', i / 3, `m${i}`)
  for (let i = 0; i < 100; i++) p.xadd('stream', '*', 'n', String(i), 'text', `entry ${i}`)
  p.xgroup('CREATE', 'stream', 'group1', '0')
  p.xreadgroup('GROUP', 'group1', 'consumer1', 'COUNT', 10, 'STREAMS', 'stream', '>')
  for (let i = 0; i < 50; i++) p.set(`ttl:${i}`, `v${i}`, 'EX', 3600 + i)
  p.hset('ttl:hash', 'f', 'v')
  p.expire('ttl:hash', 7200)
  for (let i = 0; i < 5000; i++) p.set(`k:${i}`, `value ${i}`)
  await p.exec()
  const c1 = redis.client(1)
  const p1 = c1.pipeline()
  for (let i = 0; i < 300; i++) {
    if (i % 3 === 0) p1.set(`db1:${i}`, `v${i}`, 'EX', 5000)
    else p1.set(`db1:${i}`, `v${i}`)
  }
  await p1.exec()
  const c5 = redis.client(5)
  await c5.hset('db5:hash', { x: '1' })
  await c5.rpush('db5:list', 'x', 'y')
}

/** INFO keyspace as { db: { keys, keysWithTtl } }. */
export async function keyspace(
  redis: TestRedis
): Promise<Record<string, { keys: number; keysWithTtl: number }>> {
  const info = String(await redis.client().info('keyspace'))
  const out: Record<string, { keys: number; keysWithTtl: number }> = {}
  for (const m of info.matchAll(/^db(\d+):keys=(\d+),expires=(\d+)/gm)) {
    out[m[1]] = { keys: Number(m[2]), keysWithTtl: Number(m[3]) }
  }
  return out
}

/** Same keys, types and values; TTLs kept (within a minute: time passes between the reads). */
export function expectSameData(
  actual: Awaited<ReturnType<typeof contents>>,
  expected: Awaited<ReturnType<typeof contents>>
): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort())
  for (const [key, want] of expected) {
    const got = actual.get(key)!
    expect({ key, type: got.type, value: got.value }).toEqual({
      key,
      type: want.type,
      value: want.value
    })
    if (want.pttl === -1) expect({ key, pttl: got.pttl }).toEqual({ key, pttl: -1 })
    else {
      expect(got.pttl).toBeGreaterThan(0)
      expect(Math.abs(got.pttl - want.pttl)).toBeLessThan(60_000)
    }
  }
}
