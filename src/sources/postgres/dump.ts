import { spawn } from 'node:child_process'
import { PassThrough, type Readable } from 'node:stream'
import zlib from 'node:zlib'
import pg from 'pg'
import type { Log } from '../../log.js'
import { runSignal, throwIfCancelled } from '../../util/cancel.js'
import { cannotConnect } from '../../util/connectError.js'
import { UserError } from '../../util/errors.js'
import { redact } from '../../util/redact.js'
import { DEFAULT_TIMEOUTS, type Timeouts } from '../../util/timeouts.js'
import { PgDumpScanner, type DumpFacts } from './dumpScanner.js'
import { findPgTool, passwordOf, pgEnv, urlWithoutPassword, type PgTool } from './tools.js'

export interface ServerInfo {
  version: string
  major: number
  database: string
  databaseBytes: number
  user: string
  endpoint: string
  databaseOid: number
  /** pg_control_system()'s, where this user may read it (a managed server may revoke it). */
  systemIdentifier?: string
}

/** Where a URL points, without secrets: user@host:port/db. */
function describePg(url: URL): string {
  return `${decodeURIComponent(url.username) || '(default user)'}@${url.hostname}:${url.port || 5432}${url.pathname}`
}

/** libpq's PGCONNECT_TIMEOUT is in whole seconds (and it takes 1 as 2). */
export const connectSeconds = (timeouts: Timeouts) =>
  Math.max(1, Math.ceil(timeouts.connectMs / 1000))

function clientConfig(url: URL, timeouts: Timeouts): pg.ClientConfig {
  return {
    connectionString: url.href,
    connectionTimeoutMillis: timeouts.connectMs,
    query_timeout: 60_000,
    application_name: 'luneo-backup'
  }
}

/**
 * Run work with a connected client; connection failures become one clear line. `signal` gives the
 * connection up (the caller failed elsewhere first), as cancelling the run does.
 */
export async function withPg<T>(
  url: URL,
  work: (client: pg.Client) => Promise<T>,
  signal?: AbortSignal,
  timeouts: Timeouts = DEFAULT_TIMEOUTS
): Promise<T> {
  throwIfCancelled()
  if (signal?.aborted) throw new UserError(`PostgreSQL ${describePg(url)}: check given up`)
  const client = new pg.Client(clientConfig(url, timeouts))
  client.on('error', () => undefined) // reported through the failing query instead
  // end() waits for the server to say goodbye, which a server that never answers never does.
  const abort = () => client.connection.stream.destroy()
  const givenUp = signal ? AbortSignal.any([signal, runSignal]) : runSignal
  givenUp.addEventListener('abort', abort, { once: true })
  try {
    try {
      await client.connect()
    } catch (error) {
      await client.end().catch(() => undefined)
      throwIfCancelled()
      throw explainPgError(error, url, timeouts)
    }
    const result = await work(client).catch((error: unknown) => {
      throwIfCancelled()
      throw error
    })
    throwIfCancelled()
    return result
  } finally {
    givenUp.removeEventListener('abort', abort)
    await client.end().catch(() => undefined)
  }
}

function explainPgError(
  error: unknown,
  url: URL,
  timeouts: Timeouts = DEFAULT_TIMEOUTS
): UserError {
  const e = error as { code?: string; message?: string }
  const where = describePg(url)
  const host = `${url.hostname}:${url.port || 5432}`
  if (e.code === '28P01' || e.code === '28000') {
    return new UserError(`PostgreSQL refused the password for ${where} (${e.code})`)
  }
  if (e.code === '3D000') return new UserError(`PostgreSQL database does not exist: ${where}`)
  if (e.code === 'ECONNREFUSED') return cannotConnect('PostgreSQL', host, 'refused')
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
    return cannotConnect('PostgreSQL', host, 'host not found')
  }
  if (/timeout/i.test(e.message ?? '') || e.code === 'ETIMEDOUT') {
    return cannotConnect(
      'PostgreSQL',
      host,
      `timeout: no answer within ${timeouts.connectMs / 1000} s`
    )
  }
  // pg's words for a peer that accepted and hung up before speaking PostgreSQL's protocol.
  if (/Connection terminated unexpectedly/.test(e.message ?? '') || e.code === 'ECONNRESET') {
    return cannotConnect(
      'PostgreSQL',
      host,
      'closed before it answered: is it a PostgreSQL server?'
    )
  }
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') {
    return cannotConnect('PostgreSQL', host, e.code)
  }
  return new UserError(`PostgreSQL ${where}: ${redact(e.message ?? String(error))}`)
}

export async function serverInfo(
  url: URL,
  signal?: AbortSignal,
  timeouts: Timeouts = DEFAULT_TIMEOUTS
): Promise<ServerInfo> {
  return withPg(
    url,
    async (client) => {
      const { rows } = await client.query<{
        version: string
        num: string
        db: string
        size: string
        user: string
        oid: string
      }>(
        `select current_setting('server_version') as version,
              current_setting('server_version_num') as num,
              current_database() as db,
              pg_database_size(current_database())::text as size,
              current_user as user,
              (select oid::text from pg_database where datname = current_database()) as oid`
      )
      const r = rows[0]
      const systemIdentifier = await client
        .query<{ id: string }>('select system_identifier::text as id from pg_control_system()')
        .then(
          (result) => result.rows[0]?.id,
          () => undefined // permission denied: the identity is then the oid alone (not enough)
        )
      return {
        version: r.version.split(' ')[0],
        major: Math.floor(Number(r.num) / 10000),
        database: r.db,
        databaseBytes: Number(r.size),
        user: r.user,
        endpoint: describePg(url),
        databaseOid: Number(r.oid),
        ...(systemIdentifier ? { systemIdentifier } : {})
      }
    },
    signal,
    timeouts
  )
}

export interface PostgresDump {
  /**
   * The dump as it is to be stored: plain SQL, or gzip when `compressed` says pg_dump compressed
   * it. It ends only when pg_dump exits 0 and the dump was read whole, and fails otherwise.
   */
  stream: Readable
  /** 'gzip' when pg_dump compressed the stream itself: store it as it comes. */
  compressed?: 'gzip'
  server: ServerInfo
  pgDumpVersion: string
  facts(): DumpFacts
  /** Bytes of plain SQL in the dump (before any compression). */
  sqlBytes(): number
  /** Stop pg_dump if it is still running (the stream was never read); call when done, either way. */
  close(): Promise<void>
}

export interface DumpOptions {
  /**
   * Let pg_dump gzip its own output at this level. Its plain output comes in 4 KiB writes (stdio's
   * buffer on a pipe), and reading those cost as much CPU as compressing them; gzipped, the pipe
   * carries a twentieth of the bytes. The stream is still inflated here to count rows, which also
   * proves the stored file inflates (docs/benchmarks.md).
   */
  gzipLevel?: number
}

/** The server and the pg_dump that can dump it: everything checked before pg_dump starts. */
export interface PostgresProbe {
  url: URL
  server: ServerInfo
  pgDump: PgTool
  timeouts: Timeouts
}

/**
 * Connect once (a wrong password fails here, in one line) and pick the pg_dump to run; `signal`
 * gives up the connection (the backup failed elsewhere first).
 */
export async function probePostgres(
  url: URL,
  signal?: AbortSignal,
  timeouts: Timeouts = DEFAULT_TIMEOUTS
): Promise<PostgresProbe> {
  const server = await serverInfo(url, signal, timeouts)
  const pgDump = await findPgTool('pg_dump', server.major, server.version)
  return { url, server, pgDump, timeouts }
}

/** Start pg_dump in plain format; the password goes in its environment (PGPASSWORD), never argv. */
export async function openPostgresDump(
  { url, server, pgDump, timeouts }: PostgresProbe,
  log: Log,
  options: DumpOptions = {}
): Promise<PostgresDump> {
  log.info(
    `PostgreSQL ${server.version} at ${server.endpoint}, ${server.databaseBytes} bytes on disk; pg_dump ${pgDump.version} (${pgDump.path})`
  )
  const compress = options.gzipLevel === undefined ? [] : [`--compress=${options.gzipLevel}`]
  const child = spawn(
    pgDump.path,
    ['--format=plain', ...compress, '--no-password', '--dbname', urlWithoutPassword(url)],
    { env: pgEnv(passwordOf(url), connectSeconds(timeouts)), stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (text: string) => {
    stderr = (stderr + text).slice(-4000)
  })
  const scanner = new PgDumpScanner()
  const out = new PassThrough({ highWaterMark: 4 << 20 })
  let sqlBytes = 0
  scanner.on('data', (chunk: Buffer) => (sqlBytes += chunk.length))
  /** Set once pg_dump has exited and its output has ended. */
  let exitCode: number | null | undefined
  let inflateError: Error | undefined
  /** pg_dump was stopped because its gzip did not inflate: no use dumping the rest. */
  let stoppedForInflate = false
  const lastLine = () => redact(stderr.trim().split('\n').filter(Boolean).pop() ?? '')
  const inflateFailed = () => {
    // A pg_dump built without zlib warns and writes plain SQL: its last line says why.
    const last = lastLine()
    const said = last ? ` (pg_dump: ${last})` : ''
    out.destroy(
      new UserError(`pg_dump's gzip output does not inflate: ${inflateError!.message}${said}`)
    )
  }
  if (compress.length === 0) {
    child.stdout.pipe(scanner).pipe(out, { end: false })
  } else {
    // The gzip goes to storage as it is; a copy is inflated and scanned beside it.
    // 1 MiB pieces: a quarter of the thread-pool round trips of 256 KiB ones, 0.1-0.3 s less.
    const inflate = zlib.createGunzip({ chunkSize: 1 << 20 })
    child.stdout.pipe(out, { end: false })
    child.stdout.pipe(inflate).pipe(scanner)
    // A truncated or corrupt stream fails here. If pg_dump failed by itself, its exit is the
    // cause (reported below); a pg_dump still running is stopped, its gzip being unreadable.
    inflate.on('error', (error) => {
      inflateError = error
      if (exitCode === 0) inflateFailed()
      else if (exitCode === undefined && child.exitCode === null && child.signalCode === null) {
        stoppedForInflate = true
        child.kill('SIGTERM')
      }
    })
  }
  child.on('error', (error) =>
    out.destroy(new UserError(`cannot run ${pgDump.path}: ${error.message}`))
  )
  // 'close' comes after stdout has ended and the process has exited: only now is the dump whole.
  child.on('close', (code, signal) => {
    exitCode = code
    if (inflateError && (code === 0 || (stoppedForInflate && signal === 'SIGTERM'))) {
      inflateFailed()
    } else if (code !== 0) {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`
      const last = lastLine()
      out.destroy(new UserError(`pg_dump ${how}${last ? `: ${last}` : ''}; the dump is incomplete`))
    } else if (scanner.readableEnded) out.end()
    else scanner.once('end', () => out.end())
  })
  // If the consumer gives up (upload failed), stop pg_dump rather than leave it running.
  out.on('close', () => {
    if (exitCode === undefined) child.kill('SIGTERM')
  })
  return {
    stream: out,
    server,
    pgDumpVersion: pgDump.version,
    compressed: compress.length > 0 ? 'gzip' : undefined,
    facts: () => scanner.facts(),
    sqlBytes: () => sqlBytes,
    close: async () => {
      if (exitCode === undefined && child.exitCode === null) child.kill('SIGTERM')
    }
  }
}
