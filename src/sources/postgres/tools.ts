import { execFile } from 'node:child_process'
import { existsSync, readdirSync, realpathSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { UserError } from '../../util/errors.js'

// Finding a pg_dump/psql that can talk to the server, and handing them the password through the
// child's environment: never argv (any user reads /proc/<pid>/cmdline), never a file (a killed run
// cannot remove it). A process's environment is readable only by its own user and root.

const run = promisify(execFile)

export interface PgTool {
  path: string
  version: string
  major: number
}

/**
 * Where to look: $LUNEO_PG_BIN alone when set, else PATH, then <libDir>/<N>/bin newest first.
 * Debian's /usr/bin/pg_dump and psql are pg_wrapper, a Perl script that runs one of those
 * versioned binaries (and costs about 40 ms per call): when they are there, they are used directly.
 */
export function pgToolCandidates(
  tool: string,
  env: NodeJS.ProcessEnv = process.env,
  libDir = '/usr/lib/postgresql'
): string[] {
  if (env.LUNEO_PG_BIN) return [path.join(env.LUNEO_PG_BIN, tool)]
  const fromPath = (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, tool))
    .filter((p) => existsSync(p))
  let versioned: string[] = []
  try {
    versioned = readdirSync(libDir)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => path.join(libDir, v, 'bin', tool))
      .filter((p) => existsSync(p))
  } catch {
    // No Debian-style install: PATH only.
  }
  const direct = versioned.length > 0 ? fromPath.filter((p) => !isPgWrapper(p)) : fromPath
  return [...new Set([...direct, ...versioned])]
}

function isPgWrapper(file: string): boolean {
  try {
    return path.basename(realpathSync(file)) === 'pg_wrapper'
  } catch {
    return false
  }
}

export async function toolVersion(toolPath: string): Promise<PgTool> {
  const { stdout } = await run(toolPath, ['--version'], { timeout: 10_000 })
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(stdout) ?? /(\d+)\.(\d+)/.exec(stdout)
  if (!m) throw new UserError(`cannot read the version of ${toolPath}: "${stdout.trim()}"`)
  return { path: toolPath, version: m[2] ? `${m[1]}.${m[2]}` : m[1], major: Number(m[1]) }
}

/**
 * A client tool at least as new as the server (pg_dump refuses older servers... and newer ones).
 * The first candidate that is new enough wins; none means a clear refusal naming both versions.
 */
export async function findPgTool(
  tool: 'pg_dump' | 'psql',
  serverMajor: number,
  serverVersion: string,
  env: NodeJS.ProcessEnv = process.env
): Promise<PgTool> {
  const candidates = pgToolCandidates(tool, env)
  if (candidates.length === 0) {
    throw new UserError(
      `${tool} not found: install the PostgreSQL ${serverMajor} client (e.g. apt-get install postgresql-client-${serverMajor})`
    )
  }
  const found: PgTool[] = []
  for (const candidate of candidates) {
    const tool = await toolVersion(candidate).catch(() => undefined)
    if (!tool) continue
    if (tool.major >= serverMajor) return tool
    found.push(tool)
  }
  const newest = found.sort((a, b) => b.major - a.major)[0]
  throw new UserError(
    `${tool} ${newest?.version ?? '(unknown version)'} is older than the PostgreSQL server ${serverVersion}: install the PostgreSQL ${serverMajor} client (apt-get install postgresql-client-${serverMajor}, see README "Client version")`
  )
}

/**
 * The environment for a libpq tool: the password as PGPASSWORD (or none), a connect timeout.
 * A PGPASSWORD of our own environment is not passed on: the URL's password (or none) is the one.
 */
export function pgEnv(
  password: string | undefined,
  connectTimeoutSeconds: number
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGCONNECT_TIMEOUT: String(connectTimeoutSeconds)
  }
  delete env.PGPASSWORD
  if (password) env.PGPASSWORD = password
  return env
}

/** The URL's password, decoded, for pgEnv: `user:password@`, or libpq's `?password=`. */
export function passwordOf(url: URL): string | undefined {
  if (url.password) return decodeURIComponent(url.password)
  return url.searchParams.get('password') || undefined
}

/** The connection URL libpq tools get on their command line: everything but the password. */
export function urlWithoutPassword(url: URL): string {
  const copy = new URL(url.href)
  copy.password = ''
  copy.searchParams.delete('password')
  return copy.href
}

/** Compare two PostgreSQL versions (`15.14`, `16`) by major, then minor. */
export function compareVersions(a: string, b: string): number {
  const [am, an = 0] = a.split('.').map(Number)
  const [bm, bn = 0] = b.split('.').map(Number)
  return am - bm || an - bn
}

/**
 * The psql to replay a dump with (README "Client version"): at least as new as the pg_dump that
 * wrote it, by minor version (a pg_dump 17.6 file uses \restrict, which psql 17.5 does not
 * know). The server's own version does not matter: psql 15 replays a pg_dump 15 file into
 * PostgreSQL 18. The newest candidate that qualifies is not needed: the first one is.
 */
export async function findPsqlFor(
  pgDumpVersion: string,
  env: NodeJS.ProcessEnv = process.env
): Promise<PgTool> {
  const major = pgDumpVersion.split('.')[0]
  const found: PgTool[] = []
  for (const candidate of pgToolCandidates('psql', env)) {
    const tool = await toolVersion(candidate).catch(() => undefined)
    if (!tool) continue
    if (compareVersions(tool.version, pgDumpVersion) >= 0) return tool
    found.push(tool)
  }
  const newest = found.sort((a, b) => compareVersions(b.version, a.version))[0]
  throw new UserError(
    `psql ${newest?.version ?? 'not found'} is older than the pg_dump ${pgDumpVersion} that wrote this dump: install the PostgreSQL ${major} client, ${pgDumpVersion} or newer (apt-get install postgresql-client-${major}, see README "Client version")`
  )
}
