import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ConnectionOptions } from 'node:tls'
import type { Log } from '../log.js'
import { createDecompressor } from '../snapshot/compression.js'
import type { FileEntry, Manifest, RedisStats } from '../snapshot/manifest.js'
import { streamVerified } from '../snapshot/reader.js'
import { round } from '../snapshot/writer.js'
import type { Storage } from '../storage/storage.js'
import { UserError, errorLine } from '../util/errors.js'
import { redact } from '../util/redact.js'
import { Crc64 } from './crc64.js'
import {
  REDIS_DRILL_MARKER_KEY,
  checkDrillTarget,
  isDrillMarker,
  refuseSource,
  sameRedis,
  type DrillTarget
} from './drillTarget.js'
import { RdbScanner, type RdbDbCounts, type RdbEntry } from './rdbScanner.js'
import { inspect, type RedisServer } from './redis.js'
import {
  RespConnection,
  RespError,
  defaultTimeouts,
  hostPort,
  type Arg,
  type Reply,
  type Timeouts
} from './resp.js'

// Putting a Redis snapshot back into a LIVE server given by URL (issue 6, item 3).
//
// Why this way: a drill's target is a service container whose files the action cannot reach,
// GitHub's runners have no redis-server to load an RDB into, and the target may not be able to
// reach the runner (so it cannot replicate from a listener in the action). Sending RESTORE per
// key needs none of that: no listener, no local redis-server, and it works against managed Redis
// (ElastiCache, Redis Cloud, Upstash) as it does against a container.
//
// - RDB snapshots: redis.rdb streams through RdbScanner (the parser that checks backups), which
//   hands over each key with its type byte and value bytes exactly as the RDB holds them. Type
//   byte + value + RDB version (2 bytes LE) + CRC-64 (8 bytes LE) is what DUMP returns, so each
//   key is sent as `RESTORE key <expiry ms or 0> <payload> REPLACE ABSTTL`, SELECT between dbs,
//   pipelined in batches (two on the wire at once), every reply checked. Keys whose absolute expiry has passed are skipped
//   and counted (a drill expects them gone). Memory: the stream's buffers (a few MB) plus a few
//   times the largest single value, which is held whole while it is sent.
// - Logical snapshots (redis.resp[.gz|.zst]) already are SELECT and RESTORE ... REPLACE commands:
//   they are sent as they are, in batches, and the first error reply stops the restore.
//
// The target must be empty (every db) unless force, which FLUSHALLs it first. Keys are written as
// the file streams, so a failure late in the file (a checksum that does not match at the end, a
// refused value) finds keys already written: the target was empty before, so they are removed
// again with FLUSHALL, and the error says so.

export interface RedisRestoreOptions {
  storage: Storage
  /** The key of a snapshot file: name -> `<environment>/<snapshot-id>/<name>`. */
  keyOf: (name: string) => string
  manifest: Manifest
  targetUrl: URL
  /** Allow a target that holds keys: FLUSHALL it first. */
  force: boolean
  /** Check the target and print the plan; write nothing. */
  dryRun?: boolean
  /**
   * A drill: the target must be empty or hold the marker key an earlier drill left (db 0), and
   * not be the source; the marker is written (after force's FLUSHALL) before any key.
   */
  drill?: DrillTarget
  log: Log
  timeouts?: Timeouts
  /** Extra TLS options for rediss:// (tests: a private CA). */
  tls?: ConnectionOptions
  /** Commands per pipelined batch (default 1000). */
  batch?: number
}

export interface RedisRestoreResult {
  /** Where the snapshot went, without secrets: redis://host:port. */
  target: string
  mode: 'rdb' | 'logical'
  /** Keys sent and accepted (RESTORE answered OK), per db. */
  restored: Record<string, number>
  /** RDB keys whose expiry had passed by the restore: not sent. */
  expiredSkipped: number
  expiredSkippedByDb: Record<string, number>
  seconds: number
}

const BATCH_BYTES = 8 << 20
const IN_FLIGHT = 2

export async function restoreRedis(options: RedisRestoreOptions): Promise<RedisRestoreResult> {
  const started = Date.now()
  const { storage, keyOf, manifest, targetUrl, force, log } = options
  const dryRun = options.dryRun ?? false
  const timeouts = options.timeouts ?? defaultTimeouts()
  const { file, stats } = redisFile(manifest)
  const mode = stats.mode

  const conn = await connectTarget(targetUrl, timeouts, options.tls)
  let server: RedisServer
  try {
    server = await inspect(conn)
  } catch (error) {
    conn.close()
    throw targetError(error, targetUrl)
  }
  const target = server.endpoint
  let keyspace = server.keyspace
  if (options.drill) {
    try {
      keyspace = await checkRedisDrillTarget(conn, server, stats, force)
    } catch (error) {
      conn.close()
      throw error
    }
  }
  const existing = sumKeys(keyspace)
  const result = (sender?: Sender): RedisRestoreResult => ({
    target,
    mode,
    restored: sender?.restored ?? {},
    expiredSkipped: sender?.expired ?? 0,
    expiredSkippedByDb: sender?.expiredByDb ?? {},
    seconds: round((Date.now() - started) / 1000)
  })
  if (existing.keys > 0 && !force) {
    conn.close()
    throw new UserError(
      `target-redis-url ${target} is not empty (${existing.keys} keys in ${describeDbs(server.keyspace)}): pass force: true to replace its contents (FLUSHALL)`
    )
  }
  const what = `${stats.keys} keys in ${Object.keys(stats.dbs).length} dbs`
  const version = stats.rdbVersion !== undefined ? `, RDB version ${stats.rdbVersion}` : ''
  const flush = existing.keys > 0 ? `, after FLUSHALL of its ${existing.keys} keys (force)` : ''
  const plan = `restore ${file.name} of snapshot ${manifest.id} (${mode}: ${what}${version}; from ${stats.engine} ${stats.version}) into ${server.engine} ${server.version} at ${target}${flush}`
  if (dryRun) {
    conn.close()
    log.info(`dry run: would ${plan}; nothing was written`)
    return result()
  }
  log.info(plan)

  const sender = new Sender(conn, server, stats, options.batch ?? 1000)
  try {
    if (existing.keys > 0) {
      conn.doing = 'emptying the target (FLUSHALL)'
      const reply = await conn.send([['FLUSHALL']])
      if (reply[0] instanceof RespError) throw refused(reply[0], targetUrl, 'FLUSHALL')
      log.info(`${target}: FLUSHALL removed ${existing.keys} keys (force)`)
    }
    if (options.drill) {
      conn.doing = 'marking the target as a drill target'
      const replies = await conn.send([
        ['SELECT', '0'],
        ['SET', REDIS_DRILL_MARKER_KEY, options.drill.label]
      ])
      const refusal = replies.find((r) => r instanceof RespError)
      if (refusal) throw refused(refusal as RespError, targetUrl, 'SET')
      log.info(`${target}: marked as a drill target (key ${REDIS_DRILL_MARKER_KEY} in db 0)`)
    }
    await streamVerified(storage, keyOf(file.name), file, (input) =>
      mode === 'rdb' ? replayRdb(input, sender) : replayLogical(input, file, sender)
    )
  } catch (error) {
    const cleaned = await cleanedUp(error, sender, conn, timeouts, options.tls, existing.keys > 0)
    conn.close()
    throw cleaned
  }
  conn.close()
  const done = result(sender)
  const restored = Object.values(done.restored).reduce((n, k) => n + k, 0)
  const expired =
    (done.expiredSkipped > 0 ? `; ${done.expiredSkipped} keys had expired and were skipped` : '') +
    (sender.functions > 0 ? `; ${sender.functions} function libraries restored` : '')
  log.info(
    `${target}: ${restored} keys restored from ${file.name} (${describeCounts(done.restored)})${expired}, ${done.seconds} s`
  )
  return done
}

/**
 * The drill rules for a Redis target (drillTarget.ts): not the source, and empty or marked. A
 * target whose only key is the marker counts as empty.
 */
async function checkRedisDrillTarget(
  conn: RespConnection,
  server: RedisServer,
  stats: RedisStats,
  force: boolean
): Promise<Record<string, RdbDbCounts>> {
  const what = `target-redis-url ${server.endpoint}`
  const why = sameRedis(stats.identity, server.identity)
  if (why) throw refuseSource(what, `${stats.engine} at ${stats.identity!.address}`, why)
  const marked = isDrillMarker(await readMarker(conn))
  const keyspace = marked ? withoutKey(server.keyspace, '0') : server.keyspace
  const keys = sumKeys(keyspace).keys
  checkDrillTarget({
    what,
    holds: keys > 0 ? `${keys} keys in ${describeDbs(keyspace)}` : undefined,
    marked,
    force
  })
  return keyspace
}

/** The marker key's value in db 0 (undefined when there is none). */
async function readMarker(conn: RespConnection): Promise<string | undefined> {
  conn.doing = 'looking for the drill marker'
  const [selected, value] = await conn.send([
    ['SELECT', '0'],
    ['GET', REDIS_DRILL_MARKER_KEY]
  ])
  if (selected instanceof RespError) throw refused(selected, conn.url, 'SELECT')
  // WRONGTYPE: a key of that name that is not a string is nobody's marker (and is counted).
  if (value instanceof RespError || value === null) return undefined
  return String(value)
}

function withoutKey(
  keyspace: Record<string, RdbDbCounts>,
  db: string
): Record<string, RdbDbCounts> {
  const out = { ...keyspace }
  if (!out[db]) return out
  out[db] = { ...out[db], keys: out[db].keys - 1 }
  if (out[db].keys === 0 && out[db].keysWithTtl === 0) delete out[db]
  return out
}

/**
 * INFO keyspace of a live Redis: db -> keys and keys with an expiry (non-empty dbs only). With
 * `drill`, the marker key that drill wrote is left out; a marker the snapshot itself brought
 * (a backup of an earlier drill's target) replaced it and is counted as the snapshot's key.
 */
export async function countRedisKeys(
  url: URL,
  options: { timeouts?: Timeouts; tls?: ConnectionOptions; drill?: DrillTarget } = {}
): Promise<Record<string, RdbDbCounts>> {
  const conn = await connectTarget(url, options.timeouts ?? defaultTimeouts(), options.tls)
  try {
    const { keyspace } = await inspect(conn)
    if (options.drill && (await readMarker(conn)) === options.drill.label) {
      return withoutKey(keyspace, '0')
    }
    return keyspace
  } catch (error) {
    throw targetError(error, url)
  } finally {
    conn.close()
  }
}

function redisFile(manifest: Manifest): { file: FileEntry; stats: RedisStats } {
  const file = manifest.files.find((f) => f.source === 'redis')
  const stats = manifest.sources.redis
  if (!file || !stats) {
    throw new UserError(
      `snapshot ${manifest.id} holds no Redis dump: nothing to restore into target-redis-url`
    )
  }
  return { file, stats }
}

async function connectTarget(
  url: URL,
  timeouts: Timeouts,
  tls?: ConnectionOptions
): Promise<RespConnection> {
  try {
    return await RespConnection.connect(url, timeouts, tls)
  } catch (error) {
    throw targetError(error, url)
  }
}

/** Errors about the target name it as target-redis-url. */
function targetError(error: unknown, url: URL): unknown {
  if (error instanceof RespError) return refused(error, url, 'INFO')
  if (error instanceof UserError && !error.message.startsWith('target-redis-url')) {
    error.message = `target-redis-url: ${error.message.replace(/redis-url/g, 'target-redis-url')}`
  }
  return error
}

function refused(error: RespError, url: URL, command: string): UserError {
  const where = hostPort(url)
  if (error.code === 'NOAUTH') {
    return new UserError(
      `target-redis-url: Redis at ${where} requires a password: put it in the URL (redis://user:password@host:port)`
    )
  }
  if (error.code === 'NOPERM') {
    const user = decodeURIComponent(url.username) || 'default'
    return new UserError(
      `target-redis-url: Redis user "${user}" at ${where} may not run ${command} (NOPERM): a restore needs +info +select +restore (+flushall with force, +function for function libraries, +get +set for a drill's marker) on every key`
    )
  }
  return new UserError(
    `target-redis-url: Redis at ${where} refused ${command}: ${redact(error.message)}`
  )
}

/**
 * A failed restore: the target was empty when it started (or emptied by force), so whatever was
 * written is removed again, and the error says what state the target is in.
 */
async function cleanedUp(
  error: unknown,
  sender: Sender,
  conn: RespConnection,
  timeouts: Timeouts,
  tls: ConnectionOptions | undefined,
  forced: boolean
): Promise<unknown> {
  const before = forced ? 'was emptied by force before the restore' : 'was empty before'
  let note: string
  if (!sender.sentAny) {
    note = forced
      ? `target-redis-url ${sender.server.endpoint} was emptied (force) and nothing was restored into it`
      : `nothing was written to target-redis-url ${sender.server.endpoint}`
  } else {
    try {
      // Let every batch already on the wire be answered first, so none lands after FLUSHALL.
      await sender.settleAll()
      const live = conn.closed ? await RespConnection.connect(conn.url, timeouts, tls) : conn
      try {
        live.doing = 'removing the partial restore (FLUSHALL)'
        const [reply] = await live.send([['FLUSHALL']])
        if (reply instanceof RespError) throw new Error(reply.message)
      } finally {
        if (live !== conn) live.close()
      }
      note = `target-redis-url ${sender.server.endpoint} ${before}, so the keys already written were removed again (FLUSHALL): it is empty`
    } catch (cleanup) {
      note = `target-redis-url ${sender.server.endpoint} holds part of the snapshot: removing it (FLUSHALL) failed (${errorLine(cleanup)}); empty it before trying again`
    }
  }
  if (error instanceof UserError) {
    error.message = `${error.message}; ${note}`
    return error
  }
  return new UserError(`restoring Redis failed: ${errorLine(error)}; ${note}`, { cause: error })
}

// --- sending ---

interface Sent {
  args: Arg[]
  /** The db a RESTORE writes into (counted when it succeeds); undefined for other commands. */
  db?: number
  /** The DUMP-format payload, for the version in its footer. */
  payload?: Buffer
}

/** Pipelines SELECT/RESTORE commands in batches and checks every reply. */
class Sender {
  readonly restored: Record<string, number> = {}
  readonly expiredByDb: Record<string, number> = {}
  expired = 0
  /** Function libraries restored (FUNCTION RESTORE). */
  functions = 0
  sentAny = false
  private batch: Sent[] = []
  private readonly inFlight: Array<Promise<void>> = []
  /** The first failed batch's error (later ones follow from it). */
  private error?: { error: unknown }
  private bytes = 0
  /** The db the connection is in once the batch is sent; -1 before the first SELECT. */
  private db = -1

  constructor(
    private readonly conn: RespConnection,
    readonly server: RedisServer,
    private readonly stats: RedisStats,
    private readonly limit: number
  ) {}

  select(db: number): void {
    if (db === this.db) return
    this.db = db
    this.add({ args: ['SELECT', String(db)] })
  }

  /** RESTORE key ttl payload ...: one key. */
  restore(args: Arg[]): void {
    if (this.db < 0) this.select(0)
    this.add({ args, db: this.db, payload: Buffer.isBuffer(args[3]) ? args[3] : undefined })
  }

  /** A command that restores no key (FUNCTION RESTORE). */
  other(args: Arg[], payload?: Buffer): void {
    this.add({ args, payload })
  }

  skipExpired(db: number): void {
    this.expired++
    this.expiredByDb[String(db)] = (this.expiredByDb[String(db)] ?? 0) + 1
  }

  get full(): boolean {
    return this.batch.length >= this.limit || this.bytes >= BATCH_BYTES
  }

  private add(sent: Sent): void {
    this.batch.push(sent)
    for (const a of sent.args) this.bytes += a.length
  }

  /**
   * Send the batch. Up to IN_FLIGHT batches are on the wire at once, so the server works on one
   * while the next is built; their replies are checked in order.
   */
  async flush(): Promise<void> {
    this.failed()
    if (this.batch.length > 0) {
      const batch = this.batch
      this.batch = []
      this.bytes = 0
      this.sentAny = true
      this.conn.doing = 'restoring keys'
      const done = this.conn.send(batch.map((s) => s.args)).then((replies) => {
        batch.forEach((sent, i) => this.check(sent, replies[i]))
      })
      // Held here until awaited: never an unhandled rejection.
      done.catch((error: unknown) => void (this.error ??= { error }))
      this.inFlight.push(done)
    }
    while (this.inFlight.length >= IN_FLIGHT) await this.settle()
  }

  /** Send what is left and wait for every reply. */
  async drain(): Promise<void> {
    await this.flush()
    while (this.inFlight.length > 0) await this.settle()
  }

  /** Wait for every batch on the wire to be answered (or to fail), whatever the outcome. */
  async settleAll(): Promise<void> {
    while (this.inFlight.length > 0) await this.inFlight.shift()!.catch(() => undefined)
  }

  private async settle(): Promise<void> {
    await this.inFlight.shift()!.catch(() => undefined)
    this.failed()
  }

  private failed(): void {
    if (this.error) throw this.error.error
  }

  private check(sent: Sent, reply: Reply): void {
    const where = `${this.server.engine} ${this.server.version} at ${this.server.endpoint}`
    if (reply instanceof RespError) {
      const command = String(sent.args[0]).toUpperCase()
      const payload = sent.payload
      if (command === 'SELECT') {
        throw new UserError(
          `target-redis-url: ${where} refused SELECT ${String(sent.args[1])} (${redact(reply.message)}): the snapshot has keys in db ${String(sent.args[1])}; raise "databases" in the target's configuration`
        )
      }
      if (/payload version or checksum/i.test(reply.message) && payload) {
        const version = payload.length >= 10 ? payload.readUInt16LE(payload.length - 10) : -1
        throw new UserError(
          `target-redis-url: ${where} cannot read this snapshot's values: they are in RDB format version ${version} (written by ${this.stats.engine} ${this.stats.version}), newer than Redis ${this.server.version} reads (Redis 7.0 reads RDB 10, 7.2 writes 11): restore into ${this.stats.engine} ${this.stats.version} or newer`
        )
      }
      if (reply.code === 'NOPERM' || reply.code === 'NOAUTH') {
        throw refused(reply, this.conn.url, command)
      }
      if (sent.db === undefined) {
        throw new UserError(
          `target-redis-url: ${where} refused ${command} ${String(sent.args[1])}: ${redact(reply.message)}`
        )
      }
      throw new UserError(
        `target-redis-url: ${where} refused ${command} of key ${describeKey(sent.args[1])} in db ${sent.db}: ${redact(reply.message)}`
      )
    }
    if (sent.db !== undefined) {
      const db = String(sent.db)
      this.restored[db] = (this.restored[db] ?? 0) + 1
    }
  }
}

// --- RDB ---

async function replayRdb(input: Readable, sender: Sender): Promise<void> {
  const entries: RdbEntry[] = []
  const functions: Buffer[] = []
  const scanner = new RdbScanner({
    purpose: 'restore',
    onEntry: (entry) => entries.push(entry),
    onFunction: (raw) => functions.push(raw)
  })
  let version = 0
  const send = async () => {
    const now = Date.now()
    for (const entry of entries.splice(0)) {
      if (entry.expireAtMs !== undefined && entry.expireAtMs <= now) {
        sender.skipExpired(entry.db)
        continue
      }
      sender.select(entry.db)
      const payload = dumpPayload(entry.type, entry.value, version)
      const ttl = String(entry.expireAtMs ?? 0)
      sender.restore(['RESTORE', entry.key, ttl, payload, 'REPLACE', 'ABSTTL'])
      if (sender.full) await sender.flush()
    }
  }
  await pipeline(input, scanner, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      void chunk // the bytes themselves are not needed here: the entries are
      const gaveUp = scanner.gaveUp
      if (gaveUp) {
        throw new UserError(
          `redis.rdb holds data this tool cannot restore key by key (${gaveUp}); load the file into a redis-server by hand (docs/redis.md)`
        )
      }
      // Every key of this chunk was parsed before the chunk came out of the scanner.
      if (entries.length > 0) {
        version ||= scanner.facts().rdbVersion
        await send()
      }
    }
  })
  // The scanner has checked the RDB's own end (EOF opcode, CRC-64) by now.
  await send()
  await sender.drain()
  if (functions.length > 0) {
    // FUNCTION DUMP's format: each library as its FUNCTION2 opcode and code, then the footer.
    const body = Buffer.concat(functions.flatMap((raw) => [Buffer.from([0xf5]), raw]))
    const payload = withFooter(body, version || scanner.facts().rdbVersion)
    sender.other(['FUNCTION', 'RESTORE', payload, 'REPLACE'], payload)
    await sender.drain()
    sender.functions = functions.length
  }
}

/** The payload DUMP gives and RESTORE takes: type byte, value, RDB version, CRC-64. */
export function dumpPayload(type: number, value: Buffer, rdbVersion: number): Buffer {
  const body = Buffer.allocUnsafe(1 + value.length)
  body[0] = type
  value.copy(body, 1)
  return withFooter(body, rdbVersion)
}

function withFooter(body: Buffer, rdbVersion: number): Buffer {
  const out = Buffer.allocUnsafe(body.length + 10)
  body.copy(out, 0)
  out.writeUInt16LE(rdbVersion, body.length)
  const crc = new Crc64()
  crc.update(out, 0, body.length + 2)
  crc.digestLE().copy(out, body.length + 2)
  return out
}

// --- logical ---

async function replayLogical(input: Readable, file: FileEntry, sender: Sender): Promise<void> {
  const reader = new CommandReader(file.name)
  await pipeline(
    input,
    createDecompressor(file.compression),
    async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        for (const args of reader.push(chunk)) {
          const name = args[0].toString('latin1').toUpperCase()
          if (name === 'SELECT' && args.length === 2) {
            const db = Number(args[1].toString('latin1'))
            if (!Number.isInteger(db) || db < 0) {
              throw new UserError(`${file.name} selects db ${JSON.stringify(String(args[1]))}`)
            }
            sender.select(db)
          } else if (name === 'RESTORE' && args.length >= 4) {
            sender.restore(args)
          } else {
            throw new UserError(
              `${file.name} holds a ${JSON.stringify(name.slice(0, 40))} command at byte ${reader.offset}: a logical Redis dump holds only SELECT and RESTORE; refused`
            )
          }
          if (sender.full) await sender.flush()
        }
      }
      if (!reader.idle) {
        throw new UserError(`${file.name} ends in the middle of a command (truncated)`)
      }
      await sender.drain()
    }
  )
}

/** Splits a stream of RESP commands (arrays of bulk strings) into their arguments. */
class CommandReader {
  private buf: Buffer = Buffer.alloc(0)
  private pending: Buffer[] = []
  private pendingBytes = 0
  /** Bytes that must be buffered before the next command can be whole. */
  private need = 1
  /** Bytes of the stream before `buf`. */
  offset = 0

  constructor(private readonly name: string) {}

  get idle(): boolean {
    return this.buf.length === 0 && this.pendingBytes === 0
  }

  push(chunk: Buffer): Buffer[][] {
    this.pending.push(chunk)
    this.pendingBytes += chunk.length
    if (this.buf.length + this.pendingBytes < this.need) return []
    this.buf = Buffer.concat([this.buf, ...this.pending])
    this.pending = []
    this.pendingBytes = 0
    const out: Buffer[][] = []
    let at = 0
    for (;;) {
      const parsed = this.parse(at)
      if ('need' in parsed) {
        this.need = parsed.need - at
        break
      }
      out.push(parsed.args)
      at = parsed.next
    }
    this.offset += at
    this.buf = this.buf.subarray(at)
    return out
  }

  private line(at: number): { value: number; next: number } | undefined {
    const end = this.buf.indexOf('\r\n', at)
    if (end === -1) {
      if (this.buf.length - at > 64) this.bad(at)
      return undefined
    }
    const text = this.buf.toString('latin1', at + 1, end)
    if (!/^\d+$/.test(text)) this.bad(at)
    return { value: Number(text), next: end + 2 }
  }

  private parse(start: number): { args: Buffer[]; next: number } | { need: number } {
    const buf = this.buf
    if (start >= buf.length) return { need: start + 1 }
    if (buf[start] !== 0x2a) this.bad(start) // *
    const count = this.line(start)
    if (!count) return { need: buf.length + 1 }
    let at = count.next
    const args: Buffer[] = []
    for (let i = 0; i < count.value; i++) {
      if (at >= buf.length) return { need: at + 1 }
      if (buf[at] !== 0x24) this.bad(at) // $
      const len = this.line(at)
      if (!len) return { need: buf.length + 1 }
      const end = len.next + len.value
      if (buf.length < end + 2) return { need: end + 2 }
      args.push(buf.subarray(len.next, end))
      at = end + 2
    }
    if (count.value === 0) this.bad(start)
    return { args, next: at }
  }

  private bad(at: number): never {
    throw new UserError(
      `${this.name} is not a stream of RESP commands at byte ${this.offset + at} (corrupt)`
    )
  }
}

// --- descriptions ---

function sumKeys(dbs: Record<string, RdbDbCounts>): { keys: number } {
  return { keys: Object.values(dbs).reduce((n, db) => n + db.keys, 0) }
}

function describeDbs(dbs: Record<string, RdbDbCounts>): string {
  const names = Object.keys(dbs)
  return `${names.length === 1 ? 'db' : 'dbs'} ${names.join(', ')}`
}

function describeCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([db, n]) => `db${db}: ${n}`)
  return parts.length > 0 ? parts.join(', ') : 'no keys'
}

function describeKey(key: Arg | undefined): string {
  if (key === undefined) return '(none)'
  const text = Buffer.isBuffer(key) ? key.toString('latin1') : key
  return JSON.stringify(text.length > 60 ? text.slice(0, 60) + '...' : text)
}
