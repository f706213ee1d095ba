import { UserError } from '../../util/errors.js'
import { redact } from '../../util/redact.js'
import type { RedisStats } from '../../snapshot/manifest.js'
import type { RespConnection } from './connection.js'
import type { RedisServer } from './info.js'
import { refused } from './target.js'
import { RespError, type Arg, type Reply } from './resp.js'

// The restore's writer: SELECT and RESTORE commands pipelined in batches, two on the wire at
// once, every reply checked and counted per db.

const BATCH_BYTES = 8 << 20
const IN_FLIGHT = 2

interface Sent {
  args: Arg[]
  /** The db a RESTORE writes into (counted when it succeeds); undefined for other commands. */
  db?: number
  /** The DUMP-format payload, for the version in its footer. */
  payload?: Buffer
}

/** Pipelines SELECT/RESTORE commands in batches and checks every reply. */
export class Sender {
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

function describeKey(key: Arg | undefined): string {
  if (key === undefined) return '(none)'
  const text = Buffer.isBuffer(key) ? key.toString('latin1') : key
  return JSON.stringify(text.length > 60 ? text.slice(0, 60) + '...' : text)
}
