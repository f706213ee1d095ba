import { spawn } from 'node:child_process'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import type { Log } from '../../log.js'
import { createDecompressor } from '../../snapshot/compression.js'
import type { FileEntry, PostgresStats } from '../../snapshot/manifest.js'
import { runSignal, throwIfCancelled } from '../../util/cancel.js'
import { UserError } from '../../util/errors.js'
import { redact } from '../../util/redact.js'
import {
  DRILL_MARKER_PREFIX,
  checkDrillTarget,
  isDrillMarker,
  refuseSource,
  samePostgres,
  type DrillTarget
} from '../drillTarget.js'
import { DEFAULT_TIMEOUTS, type Timeouts } from '../../util/timeouts.js'
import { connectSeconds, serverInfo, withPg, type ServerInfo } from './dump.js'
import { cascadePlan, describeRemoved, type CascadePlan } from './cascade.js'
import { quoteIdent } from './quote.js'
import { COPY_STATEMENT } from './dumpScanner.js'
import { findPsqlFor, passwordOf, pgEnv, urlWithoutPassword, type PgTool } from './tools.js'

// Putting a plain dump back: plan (versions, extensions, roles, what force drops), then replay it
// with psql in ONE transaction, so a failure at any point leaves the target as it was.

const SYSTEM_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'`

export interface PostgresRestorePlan {
  server: ServerInfo
  psql: PgTool
  rolesToCreate: string[]
  existingTables: string[]
  /** Statements run first, in the restore's transaction (roles, then force's drops). */
  preamble: string[]
  /** What force's DROP ... CASCADE removes besides the dump's own objects (see cascadePlan). */
  cascade?: CascadePlan
  timeouts: Timeouts
}

export interface PlanOptions {
  /** A drill: the target must be empty or marked, and not the source (drillTarget.ts). */
  drill?: DrillTarget
  /** Let force's CASCADE remove objects outside the dump (input drop-dependents). */
  dropDependents?: boolean
  timeouts?: Timeouts
}

/** psql learned \restrict in these minor releases (and every major from 18). */
export function psqlKnowsRestrict(version: string): boolean {
  const [major, minor = 0] = version.split('.').map(Number)
  const since: Record<number, number> = { 13: 22, 14: 19, 15: 14, 16: 10, 17: 6 }
  if (major >= 18) return true
  return since[major] !== undefined && minor >= since[major]
}

export async function planPostgresRestore(
  url: URL,
  stats: PostgresStats,
  force: boolean,
  options: PlanOptions = {}
): Promise<PostgresRestorePlan> {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS
  const server = await serverInfo(url, undefined, timeouts)
  if (options.drill) {
    const why = samePostgres(stats.identity, {
      systemIdentifier: server.systemIdentifier,
      databaseOid: server.databaseOid
    })
    if (why) throw refuseSource(`target-database-url ${server.endpoint}`, stats.database, why)
  }
  const dumpMajor = Number(stats.serverVersion.split('.')[0])
  if (dumpMajor > server.major) {
    throw new UserError(
      `the dump comes from PostgreSQL ${stats.serverVersion} and the target runs ${server.version}, older: its statements may not exist there (a pg_dump 17 file sets transaction_timeout); restore into PostgreSQL ${dumpMajor} or newer (see README "Client version")`
    )
  }
  const psql = await findPsqlFor(stats.pgDumpVersion)
  if (stats.usesRestrict && !psqlKnowsRestrict(psql.version)) {
    throw new UserError(
      `psql ${psql.version} cannot replay this dump (pg_dump ${stats.pgDumpVersion} writes \\restrict): install a newer PostgreSQL ${psql.version.split('.')[0]} client`
    )
  }
  return withPg(
    url,
    async (client) => {
      const missingExtensions = await missing(
        client,
        'select name from pg_available_extensions where name = any($1)',
        stats.extensions
      )
      if (missingExtensions.length > 0) {
        throw new UserError(
          `the target server lacks extension(s) the dump needs: ${missingExtensions.join(', ')} (install them on ${server.endpoint} first); nothing was restored`
        )
      }
      const rolesToCreate = await missing(
        client,
        'select rolname as name from pg_roles where rolname = any($1)',
        stats.roles
      )
      const { rows } = await client.query<{ name: string }>(
        `select format('%I.%I', n.nspname, c.relname) as name from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'v', 'm', 'f') and ${SYSTEM_SCHEMAS}
        order by 1`
      )
      const existingTables = rows.map((r) => r.name)
      if (options.drill) {
        checkDrillTarget({
          what: `target-database-url ${server.endpoint}`,
          holds: existingTables.length > 0 ? tablesLine(existingTables) : undefined,
          marked: isDrillMarker(await databaseComment(client)),
          force
        })
      }
      if (existingTables.length > 0 && !force) {
        throw new UserError(
          `target database ${server.endpoint} already holds ${tablesLine(existingTables)}: restore into an empty database, or set force: true to drop the dump's objects first`
        )
      }
      const preamble = rolesToCreate.map((r) => `CREATE ROLE ${quoteIdent(r)} NOLOGIN;`)
      let cascade: CascadePlan | undefined
      if (force && existingTables.length > 0) {
        const drops = dropStatements(stats)
        cascade = await cascadePlan(client, drops, stats)
        if (cascade.outside.length > 0 && !options.dropDependents) {
          throw new UserError(
            `force would drop ${cascade.outside.length} object(s) outside the dump that depend on the dump's objects in ${server.endpoint}: ${cascade.outside.map(describeRemoved).join('; ')}; remove them first, or set drop-dependents: true to let DROP ... CASCADE remove them too; nothing was changed`
          )
        }
        preamble.push(...drops)
      }
      return { server, psql, rolesToCreate, existingTables, preamble, cascade, timeouts }
    },
    undefined,
    timeouts
  )
}

function tablesLine(tables: string[]): string {
  return `${tables.length} table(s) or view(s) (${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', ...' : ''})`
}

async function databaseComment(client: pg.Client): Promise<string | null> {
  const { rows } = await client.query<{ c: string | null }>(
    `select shobj_description(oid, 'pg_database') as c from pg_database where datname = current_database()`
  )
  return rows[0]?.c ?? null
}

/**
 * Mark the target as a drill's (COMMENT ON DATABASE), committed on its own before any data goes
 * in, so a drill that fails later still leaves a target the next drill may reuse. pg_dump without
 * --create never dumps this comment, so the restored schema is not changed by it.
 */
export async function markDrillTarget(
  url: URL,
  drill: DrillTarget,
  timeouts: Timeouts = DEFAULT_TIMEOUTS
): Promise<void> {
  await withPg(
    url,
    async (client) => {
      const { rows } = await client.query<{ db: string }>('select current_database() as db')
      const literal = `'${drill.label.replace(/'/g, "''")}'`
      try {
        await client.query(`COMMENT ON DATABASE ${quoteIdent(rows[0].db)} IS ${literal}`)
      } catch (error) {
        throw new UserError(
          `cannot mark target-database-url ${describeTarget(url)} as a drill target (COMMENT ON DATABASE, "${DRILL_MARKER_PREFIX}"): ${redact((error as Error).message)}; the drill's user must own the scratch database`
        )
      }
    },
    undefined,
    timeouts
  )
}

function describeTarget(url: URL): string {
  return `${url.hostname}:${url.port || 5432}${url.pathname}`
}

/** What force drops: each schema the dump creates, and the dump's own objects elsewhere. */
export function dropStatements(stats: PostgresStats): string[] {
  const { schemas, tables, views, functions } = stats.objects
  const inDumpSchema = (name: string) => schemas.some((s) => name.startsWith(`${s}.`))
  return [
    ...schemas.map((s) => `DROP SCHEMA IF EXISTS ${s} CASCADE;`),
    ...views.filter((v) => !inDumpSchema(v)).map((v) => `DROP VIEW IF EXISTS ${v} CASCADE;`),
    ...tables.filter((t) => !inDumpSchema(t)).map((t) => `DROP TABLE IF EXISTS ${t} CASCADE;`),
    ...functions.filter((f) => !inDumpSchema(f)).map((f) => `DROP FUNCTION IF EXISTS ${f} CASCADE;`)
  ]
}

async function missing(client: pg.Client, query: string, names: string[]): Promise<string[]> {
  if (names.length === 0) return []
  const { rows } = await client.query<{ name: string }>(query, [names])
  const present = new Set(rows.map((r) => r.name))
  return names.filter((n) => !present.has(n))
}

/**
 * Replay stored dump bytes into the target with psql -1 -v ON_ERROR_STOP=1. If `stored` errors
 * (a checksum failure), psql is killed before it sees the end of its input: nothing commits.
 * Returns the rows per table as the server reported them in its `COPY n` command tags inside
 * the transaction that committed (see CopyTagReader).
 */
export async function replayPostgres(
  url: URL,
  plan: PostgresRestorePlan,
  file: FileEntry,
  stored: Readable,
  log: Log
): Promise<Map<string, number>> {
  // Cancelled: kill psql before it can see the end of its input, so nothing commits.
  throwIfCancelled()
  const child = spawn(
    plan.psql.path,
    // Not -q: psql prints each command's tag on stdout; with --echo-queries each command's text
    // comes first, so every `COPY n` tag is read against the COPY statement it answers.
    [
      '-X',
      '--echo-queries',
      '--no-align',
      '--tuples-only',
      '-v',
      'ON_ERROR_STOP=1',
      '--single-transaction',
      '--no-password'
    ].concat(['--dbname', urlWithoutPassword(url)]),
    { env: pgEnv(passwordOf(url), connectSeconds(plan.timeouts)), stdio: ['pipe', 'pipe', 'pipe'] }
  )
  const kill = () => child.kill('SIGKILL')
  runSignal.addEventListener('abort', kill, { once: true })
  try {
    const copied = new CopyTagReader()
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (text: string) => copied.feed(text))
    // Kill before any end of input can reach psql: an interrupted restore must roll back.
    stored.once('error', kill)
    let stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (t: string) => (stderr = (stderr + t).slice(-4000)))
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code))
    )
    child.stdin.on('error', () => undefined) // psql exiting early: reported through its exit code
    for (const statement of plan.preamble) log.info(`  ${statement}`)
    if (plan.preamble.length > 0) child.stdin.write(plan.preamble.join('\n') + '\n')
    const fed = pipeline(stored, createDecompressor(file.compression), child.stdin).catch(
      (error: unknown) => error
    )
    const [fedResult, code] = await Promise.all([fed, exited])
    throwIfCancelled()
    if (code !== 0) {
      const last =
        stderr
          .trim()
          .split('\n')
          .filter((l) => /ERROR|FATAL|error/.test(l))
          .pop() ??
        stderr.trim().split('\n').pop() ??
        ''
      throw new UserError(
        `psql failed restoring ${file.name}${last ? `: ${redact(last)}` : ` (exit ${code})`}; the transaction was rolled back, the target is as it was`
      )
    }
    if (fedResult instanceof Error) throw fedResult
    return copied.rows
  } finally {
    runSignal.removeEventListener('abort', kill)
  }
}

/**
 * Rows per table from psql's output with --echo-queries: each `COPY <table> ... FROM stdin;` it
 * echoes is followed by the server's `COPY n` tag once the rows are in. A table loaded in several
 * COPY blocks (pg_dump does that through the partition root) adds them up. A line that only looks
 * like a tag (say, inside an echoed function body) is ignored: no COPY statement is waiting for it.
 */
export class CopyTagReader {
  readonly rows = new Map<string, number>()
  private waiting?: string
  private partial = ''

  feed(text: string): void {
    const lines = (this.partial + text).split('\n')
    this.partial = lines.pop()!.slice(0, MAX_ECHO_LINE)
    for (const line of lines) {
      const statement = COPY_STATEMENT.exec(line)
      if (statement) {
        this.waiting = statement[1]
        continue
      }
      const tag = /^COPY (\d+)$/.exec(line)
      if (tag && this.waiting !== undefined) {
        this.rows.set(this.waiting, (this.rows.get(this.waiting) ?? 0) + Number(tag[1]))
        this.waiting = undefined
      }
    }
  }
}

/**
 * The longest unfinished line CopyTagReader keeps: far above any COPY statement (1,600 columns
 * of quoted names), and a longer echoed line (a function body) only needs its start.
 */
const MAX_ECHO_LINE = 1 << 20

/** The manifest's rows per table against the server's COPY tags of a replay. */
export function copiedRows(
  tables: Record<string, number>,
  copied: Map<string, number>
): TableCheck[] {
  return Object.entries(tables).map(([table, expected]) => ({
    table,
    expected,
    actual: copied.get(table) ?? null
  }))
}

export interface TableCheck {
  table: string
  expected: number
  actual: number | null
}

/** Rows per table in the target (each its own rows, ONLY: as its COPY block holds them), against the manifest's counts. */
export async function countRows(
  url: URL,
  tables: Record<string, number>,
  timeouts: Timeouts = DEFAULT_TIMEOUTS
): Promise<TableCheck[]> {
  return withPg(
    url,
    async (client) => {
      const checks: TableCheck[] = []
      for (const [table, expected] of Object.entries(tables)) {
        try {
          const { rows } = await client.query<{ n: string }>(
            `select count(*)::text as n from only ${table}`
          )
          checks.push({ table, expected, actual: Number(rows[0].n) })
        } catch {
          checks.push({ table, expected, actual: null })
        }
      }
      return checks
    },
    undefined,
    timeouts
  )
}

export interface ObjectCheck {
  kind: 'schemas' | 'tables' | 'views' | 'functions' | 'indexes'
  expected: string[]
  actual: string[]
}

/** The dump's schemas, tables, views, functions and indexes, as the target now has them. */
export async function listObjects(
  url: URL,
  timeouts: Timeouts = DEFAULT_TIMEOUTS
): Promise<Record<ObjectCheck['kind'], string[]>> {
  return withPg(
    url,
    async (client) => {
      const names = async (query: string) =>
        (await client.query<{ name: string }>(query)).rows.map((r) => r.name).sort()
      const notFromExtension = (oid: string, catalog: string) =>
        `not exists (select 1 from pg_depend d where d.objid = ${oid} and d.classid = '${catalog}'::regclass and d.deptype = 'e')`
      return {
        schemas: await names(
          `select quote_ident(n.nspname) as name from pg_namespace n where ${SYSTEM_SCHEMAS} and n.nspname <> 'public' and ${notFromExtension('n.oid', 'pg_namespace')}`
        ),
        tables: await names(
          `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'p') and ${SYSTEM_SCHEMAS} and ${notFromExtension('c.oid', 'pg_class')}`
        ),
        views: await names(
          `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('v', 'm') and ${SYSTEM_SCHEMAS} and ${notFromExtension('c.oid', 'pg_class')}`
        ),
        functions: await names(
          // Not a range type's constructors (deptype 'i'): the server makes them, the dump does not.
          `select format('%I.%I', n.nspname, p.proname) as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace where ${SYSTEM_SCHEMAS} and ${notFromExtension('p.oid', 'pg_proc')} and not exists (select 1 from pg_depend d where d.objid = p.oid and d.classid = 'pg_proc'::regclass and d.deptype = 'i')`
        ),
        indexes: await names(
          `select quote_ident(c.relname) as name from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace where ${SYSTEM_SCHEMAS} and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid) and ${notFromExtension('c.oid', 'pg_class')}`
        )
      }
    },
    undefined,
    timeouts
  )
}
