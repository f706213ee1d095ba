import net from 'node:net'
import tls from 'node:tls'
import { cannotConnect } from '../../util/connectError.js'
import { UserError } from '../../util/errors.js'
import { redact } from '../../util/redact.js'
import { RespError, encodeCommands, parseReply, type Arg, type Reply } from './resp.js'
import { DEFAULT_TIMEOUTS, type Timeouts } from '../../util/timeouts.js'

// A small RESP2 client on a plain or TLS socket: just what a backup needs (AUTH, INFO, SCAN,
// pipelined DUMP/PTTL), plus a raw mode that hands the socket's bytes over for SYNC. It has its
// own connect and read timeouts, so a server that accepts and never answers fails in seconds,
// and it turns every connection failure into one line naming host:port, never the password.

export type { Timeouts }

export function hostPort(url: URL): string {
  return `${url.hostname}:${url.port || 6379}`
}

/** Where a URL points, without secrets: rediss://user@host:port. */
export function describeRedis(url: URL): string {
  const user = decodeURIComponent(url.username)
  return `${url.protocol}//${user ? user + '@' : ''}${hostPort(url)}`
}

interface Pending {
  count: number
  replies: Reply[]
  resolve: (replies: Reply[]) => void
  reject: (error: Error) => void
}

export interface RawHandler {
  data(chunk: Buffer): void
  /** The connection ended or failed; error is a one-line explanation. */
  end(error: UserError): void
}

export class RespConnection {
  private chunks: Buffer[] = []
  private buffered = 0
  private needed = 1
  private readonly pending: Pending[] = []
  private raw?: RawHandler
  private paused = false
  private lastActivity = Date.now()
  private failure?: UserError
  private readonly watchdog: NodeJS.Timeout
  /** What the client is doing, for timeout messages. */
  doing = 'connecting'

  private constructor(
    private readonly socket: net.Socket,
    readonly url: URL,
    readonly timeouts: Timeouts
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', (error) => this.fail(explainSocketError(error, url)))
    socket.on('close', () =>
      this.fail(
        new UserError(`Redis at ${hostPort(url)} closed the connection while ${this.doing}`)
      )
    )
    this.watchdog = setInterval(
      () => {
        const waiting = this.raw ? !this.paused : this.pending.length > 0
        if (waiting && Date.now() - this.lastActivity > timeouts.readMs) {
          this.fail(
            new UserError(
              `Redis at ${hostPort(url)} did not answer within ${timeouts.readMs / 1000} s while ${this.doing}`
            )
          )
        }
      },
      Math.min(1000, timeouts.readMs / 4)
    )
    this.watchdog.unref()
  }

  /**
   * Connect (TLS for rediss://, verified against Node's CAs plus NODE_EXTRA_CA_CERTS) and
   * authenticate with the URL's user and password.
   */
  static async connect(
    url: URL,
    timeouts = DEFAULT_TIMEOUTS,
    tlsOptions: tls.ConnectionOptions = {}
  ): Promise<RespConnection> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    const port = Number(url.port || 6379)
    const secure = url.protocol === 'rediss:'
    const socket = secure
      ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ...tlsOptions })
      : net.connect({ host, port })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy()
        reject(
          cannotConnect(
            'Redis',
            hostPort(url),
            `timeout: no ${secure ? 'TLS handshake' : 'connection'} within ${timeouts.connectMs / 1000} s`
          )
        )
      }, timeouts.connectMs)
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer)
        socket.removeAllListeners('error')
        resolve()
      })
      socket.once('error', (error) => {
        clearTimeout(timer)
        socket.destroy()
        reject(explainSocketError(error, url))
      })
    })
    socket.setNoDelay(true)
    socket.setKeepAlive(true, 10_000)
    const conn = new RespConnection(socket, url, timeouts)
    try {
      await conn.authenticate()
    } catch (error) {
      conn.close()
      throw error
    }
    return conn
  }

  private async authenticate(): Promise<void> {
    const user = decodeURIComponent(this.url.username)
    const password = decodeURIComponent(this.url.password)
    if (!password) return
    this.doing = 'authenticating'
    const args = user && user !== 'default' ? ['AUTH', user, password] : ['AUTH', password]
    const [reply] = await this.send([args])
    if (reply instanceof RespError) {
      const who = user ? `user "${user}"` : 'the password'
      if (reply.code === 'WRONGPASS' || /invalid (username|password)/i.test(reply.message)) {
        throw new UserError(
          `Redis at ${hostPort(this.url)} refused ${who} (${reply.code}): check the user and password in redis-url`
        )
      }
      if (/without any password configured/i.test(reply.message)) {
        throw new UserError(
          `Redis at ${hostPort(this.url)} has no password set, but redis-url gives one: remove it from redis-url or set requirepass`
        )
      }
      throw new UserError(`Redis at ${hostPort(this.url)} refused AUTH: ${redact(reply.message)}`)
    }
  }

  /** Send commands in one write; resolves with every reply, error replies included. */
  send(commands: Arg[][]): Promise<Reply[]> {
    if (this.failure) return Promise.reject(this.failure)
    if (this.raw) return Promise.reject(new Error('connection is in raw mode'))
    if (commands.length === 0) return Promise.resolve([])
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) this.lastActivity = Date.now()
      this.pending.push({ count: commands.length, replies: [], resolve, reject })
      this.socket.write(encodeCommands(commands))
    })
  }

  /** One command; an error reply is thrown as a RespError. */
  async call(...args: Arg[]): Promise<Reply> {
    const [reply] = await this.send([args])
    if (reply instanceof RespError) throw reply
    return reply
  }

  /** From now on the socket's bytes go to handler as they come (for SYNC); then write bytes. */
  takeOver(handler: RawHandler, write: Buffer): void {
    if (this.pending.length > 0) throw new Error('replies are still pending')
    this.raw = handler
    this.lastActivity = Date.now()
    const rest = this.take()
    if (rest.length > 0) handler.data(rest)
    this.socket.write(write)
  }

  /** Backpressure in raw mode: a paused connection is not timed out. */
  pause(): void {
    this.paused = true
    this.socket.pause()
  }

  resume(): void {
    this.paused = false
    this.lastActivity = Date.now()
    this.socket.resume()
  }

  close(): void {
    clearInterval(this.watchdog)
    if (!this.failure) this.failure = new UserError(`connection to ${hostPort(this.url)} closed`)
    this.raw = undefined
    this.socket.destroy()
  }

  get closed(): boolean {
    return this.failure !== undefined
  }

  private take(): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks)
    this.chunks = []
    this.buffered = 0
    this.needed = 1
    return all
  }

  private onData(chunk: Buffer): void {
    this.lastActivity = Date.now()
    if (this.raw) {
      this.raw.data(chunk)
      return
    }
    this.chunks.push(chunk)
    this.buffered += chunk.length
    if (this.buffered < this.needed) return
    const buf = this.take()
    let offset = 0
    /** What the reply at offset still needs (counted from buf's start), once a parse said so. */
    let need = 0
    try {
      while (this.pending.length > 0) {
        const parsed = parseReply(buf, offset)
        if ('need' in parsed) {
          need = parsed.need
          break
        }
        offset = parsed.next
        const head = this.pending[0]
        head.replies.push(parsed.value)
        if (head.replies.length === head.count) {
          this.pending.shift()
          head.resolve(head.replies)
        }
      }
    } catch (error) {
      this.fail(
        new UserError(
          `Redis at ${hostPort(this.url)} sent something that is not RESP: ${(error as Error).message}`
        )
      )
      return
    }
    if (offset < buf.length) {
      const rest = buf.subarray(offset)
      this.chunks = [rest]
      this.buffered = rest.length
      this.needed = need > offset ? need - offset : rest.length + 1
    }
  }

  private fail(error: UserError): void {
    if (this.failure) return
    this.failure = error
    clearInterval(this.watchdog)
    this.socket.destroy()
    for (const p of this.pending.splice(0)) p.reject(error)
    const raw = this.raw
    this.raw = undefined
    raw?.end(error)
  }
}

function explainSocketError(error: unknown, url: URL): UserError {
  const e = error as NodeJS.ErrnoException
  const where = hostPort(url)
  switch (e.code) {
    case 'ECONNREFUSED':
      return cannotConnect('Redis', where, 'refused')
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return cannotConnect('Redis', where, 'host not found')
    case 'ECONNRESET':
    case 'EPIPE':
      return new UserError(`Redis at ${where} reset the connection`)
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return cannotConnect('Redis', where, e.code === 'ETIMEDOUT' ? 'timeout' : e.code)
  }
  if (e.code?.startsWith('ERR_SSL') || /certificate|ssl|tls/i.test(e.message ?? '')) {
    return new UserError(`TLS with Redis at ${where} failed: ${redact(e.message)}`)
  }
  return new UserError(`Redis at ${where}: ${redact(e.message ?? String(error))}`)
}
