import type { Config } from '../config.js'
import type { Log } from '../log.js'
import type { DrillTarget } from '../sources/drillTarget.js'
import {
  copiedRows,
  countRows,
  markDrillTarget,
  planPostgresRestore,
  replayPostgres,
  type PostgresRestorePlan,
  type TableCheck
} from '../sources/postgres/restore.js'
import { describeRemoved } from '../sources/postgres/cascade.js'
import { countRedisKeys, listRedisFunctions, restoreRedis } from '../sources/redis/restore.js'
import { describeRedis } from '../sources/redis/connection.js'
import type { UploadsIndex } from '../sources/uploads/indexFormat.js'
import { restoreUploads } from '../sources/uploads/restore.js'
import { checkCanDecrypt } from '../encryption/identity.js'
import { folderOf, listSnapshots, type SnapshotEntry } from '../snapshot/catalog.js'
import { environmentPrefix } from '../snapshot/layout.js'
import { damagedSources } from '../snapshot/select.js'
import type { FileEntry, Manifest } from '../snapshot/manifest.js'
import { streamVerified } from '../snapshot/reader.js'
import { openStorages } from '../storage/open.js'
import type { Storage } from '../storage/storage.js'
import { ConfigError, UserError } from '../util/errors.js'
import type { Timeouts } from '../util/timeouts.js'
import { formatBytes, formatSeconds, round } from '../util/format.js'

// Putting one snapshot back into the targets given, for restore and drill alike: plan every
// source first (versions, roles, what force would drop, whether each target may be written),
// then stream each file back, verifying every stored byte against the manifest as it passes,
// then check rows, keys and files against the manifest.

export type Source = FileEntry['source']

export interface Targets {
  databaseUrl?: URL
  redisUrl?: URL
  uploadsDir?: string
  /** How long to wait for the target servers (Config's, from the environment). */
  timeouts?: Timeouts
}

export interface SourceResult {
  source: Source
  file: string
  /** Download and replay run together (streamed): this is their time. */
  restoreSeconds: number
  verifySeconds: number
  checks: Array<{ what: string; expected: string; actual: string; ok: boolean }>
}

export function targetsOf(config: Config): Targets {
  return {
    databaseUrl: config.targetDatabaseUrl,
    redisUrl: config.targetRedisUrl,
    uploadsDir: config.targetUploadsDir,
    timeouts: config.timeouts
  }
}

export function sourcesOf(targets: Targets): Source[] {
  const sources: Source[] = []
  if (targets.databaseUrl) sources.push('postgres')
  if (targets.redisUrl) sources.push('redis')
  if (targets.uploadsDir) sources.push('uploads')
  if (sources.length === 0) {
    throw new ConfigError(
      'nothing to restore into: set target-database-url, target-redis-url or target-uploads-dir'
    )
  }
  return sources
}

/** The storage to read from (S3 when given, else the folder) and its snapshots. */
export async function catalog(
  config: Config,
  log: Log
): Promise<{ storage: Storage; entries: SnapshotEntry[]; where: string }> {
  const storage = (await openStorages(config, log))[0]
  const where = storage.uriOf(environmentPrefix(config.environment))
  const entries = await listSnapshots(storage, config.environment)
  return { storage, entries, where }
}

function fileOf(manifest: Manifest, source: Source): FileEntry {
  const file = manifest.files.find((f) => f.source === source)
  if (!file) throw new UserError(`snapshot ${manifest.id} holds no ${source} file`)
  return file
}

/** Restore each targeted source of one snapshot; throws at the first failure, naming it. */
export async function restoreSources(
  storage: Storage,
  entry: SnapshotEntry,
  targets: Targets,
  options: {
    force: boolean
    dryRun: boolean
    /**
     * Count every table's rows again after the commit (drill: the proof). Otherwise (restore,
     * where minutes are outage) the rows per table are the server's own COPY tags in the
     * transaction that committed, which costs nothing.
     */
    readBack?: boolean
    /** A drill: each target must be empty or marked by a drill, and not the source; it is marked. */
    drill?: DrillTarget
    /** PostgreSQL force: let CASCADE remove objects outside the dump (else refused). */
    dropDependents?: boolean
    /** age-identity: the keys that open an encrypted snapshot (checked before any data moves). */
    identities?: string[]
    /** A legacy folder's uploads index, built by reading its archive (restore/legacy.ts). */
    uploadsIndex?: UploadsIndex
  },
  log: Log
): Promise<{ results: SourceResult[]; plans: string[]; skipped: string[] }> {
  const manifest = entry.manifest!
  const keyOf = (name: string) => folderOf(entry, manifest.environment) + name
  const results: SourceResult[] = []
  const plans: string[] = []
  // A damaged snapshot (allowed by allow-damaged): restore its whole sources, name the others.
  const skipped: string[] = []
  if (entry.state === 'damaged') {
    targets = { ...targets }
    const field = { postgres: 'databaseUrl', redis: 'redisUrl', uploads: 'uploadsDir' } as const
    for (const source of damagedSources(entry)) {
      if (!targets[field[source]]) continue
      delete targets[field[source]]
      const files = (entry.missing ?? []).filter((m) => m.source === source)
      const line = `${source}: not restored: snapshot ${entry.id} is damaged: ${files.map((m) => `${m.name} ${m.problem}`).join('; ')}`
      log.warning(line)
      skipped.push(line)
      plans.push(line)
    }
  }
  const identities = options.identities
  const targeted = sourcesOf(targets)
  try {
    await checkCanDecrypt(
      manifest.files.filter((f) => targeted.includes(f.source)),
      identities,
      manifest.id
    )
  } catch (error) {
    throw new UserError((error as Error).message)
  }

  let pgPlan: PostgresRestorePlan | undefined
  if (targets.databaseUrl) {
    const stats = manifest.sources.postgres
    if (!stats) throw new UserError(`snapshot ${manifest.id} has no PostgreSQL statistics`)
    pgPlan = await log.group('Plan: PostgreSQL', async () => {
      const plan = await planPostgresRestore(targets.databaseUrl!, stats, options.force, {
        drill: options.drill,
        dropDependents: options.dropDependents,
        timeouts: targets.timeouts
      })
      const cascade = plan.cascade
      const lines = [
        `restore ${fileOf(manifest, 'postgres').name} into ${plan.server.endpoint} (PostgreSQL ${plan.server.version}, psql ${plan.psql.version}) in one transaction`,
        plan.rolesToCreate.length
          ? `create missing roles (NOLOGIN): ${plan.rolesToCreate.join(', ')}`
          : 'every role the dump names exists',
        ...(plan.preamble.filter((s) => s.startsWith('DROP')).length
          ? ['force: drop first: ' + plan.preamble.filter((s) => s.startsWith('DROP')).join(' ')]
          : []),
        ...(cascade
          ? [
              `CASCADE removes ${cascade.removed} object(s); outside the dump: ${cascade.outside.length ? `${cascade.outside.map(describeRemoved).join('; ')} (drop-dependents: true)` : 'none'}`
            ]
          : [])
      ]
      lines.forEach((l) => log.info(l))
      plans.push(...lines)
      return plan
    })
  }
  const redis = (dryRun: boolean) =>
    restoreRedis({
      storage,
      keyOf,
      manifest,
      targetUrl: targets.redisUrl!,
      force: options.force,
      dryRun,
      planStep: !options.dryRun,
      drill: options.drill,
      timeouts: targets.timeouts,
      identities,
      log
    })
  if (targets.redisUrl) {
    // Checks the target (reachable, empty or force) and prints the plan before any data moves.
    await log.group('Plan: Redis', async () => {
      await redis(true)
      const line = `restore ${fileOf(manifest, 'redis').name} (${manifest.sources.redis?.keys ?? '?'} keys) into ${describeRedis(targets.redisUrl!)}${options.force ? ' (force: FLUSHALL first)' : ''}`
      plans.push(line)
    })
  }
  const uploads = (dryRun: boolean) =>
    restoreUploads({
      storage,
      keyOf,
      manifest,
      targetDir: targets.uploadsDir!,
      force: options.force,
      dryRun,
      planStep: !options.dryRun,
      drill: options.drill,
      identities,
      index: options.uploadsIndex,
      log
    })
  if (targets.uploadsDir) {
    // A dry run of the uploads restore checks the index and the target before any data moves.
    await log.group('Plan: uploads', async () => {
      const plan = await uploads(true)
      const line = `restore ${plan.archive} (${plan.files} files, ${formatBytes(plan.bytes)}, ${plan.directories} folders, ${plan.symlinks} links) into ${plan.target}${plan.replaced > 0 ? `, replacing its ${plan.replaced} entries (force)` : ''}`
      log.info(line)
      plans.push(line)
    })
  }
  if (options.dryRun) return { results, plans, skipped }

  if (targets.databaseUrl && pgPlan) {
    const url = targets.databaseUrl
    const plan = pgPlan
    await log.group('Restore: PostgreSQL', async () => {
      const file = fileOf(manifest, 'postgres')
      if (options.drill) {
        await markDrillTarget(url, options.drill, targets.timeouts)
        log.info(`${plan.server.endpoint}: marked as a drill target (COMMENT ON DATABASE)`)
      }
      const { seconds, result: copied } = await streamVerified(
        storage,
        keyOf(file.name),
        file,
        (input) => replayPostgres(url, plan, file, input, log),
        identities
      )
      log.info(`${file.name}: sha256 verified, replayed in ${formatSeconds(seconds)}`)
      const started = Date.now()
      const tables = manifest.sources.postgres!.tables
      const rows = options.readBack
        ? await countRows(url, tables, targets.timeouts)
        : copiedRows(tables, copied)
      const result: SourceResult = {
        source: 'postgres',
        file: file.name,
        restoreSeconds: round(seconds),
        verifySeconds: round((Date.now() - started) / 1000),
        checks: [
          { what: `sha256 of ${file.name}`, expected: file.sha256, actual: file.sha256, ok: true },
          ...rows.map(rowCheck)
        ]
      }
      results.push(result)
      const bad = rows.filter((r) => r.actual !== r.expected)
      if (bad.length > 0) {
        throw new UserError(
          `row counts differ after restore: ${bad.map((r) => `${r.table} has ${r.actual ?? 'no table'}, the manifest says ${r.expected}`).join('; ')}`
        )
      }
      log.info(
        `${rows.length} tables: every row count equals the manifest's (${options.readBack ? 'counted after the commit' : "the server's COPY tags in the committed transaction"})`
      )
    })
  }
  if (targets.redisUrl) {
    const url = targets.redisUrl
    await log.group('Restore: Redis', async () => {
      const r = await redis(false)
      const started = Date.now()
      // The drill's marker key is not the snapshot's: it is left out of the counts.
      const counts = await countRedisKeys(url, { drill: options.drill, timeouts: targets.timeouts })
      // Function libraries, where the dump names them (logical dumps): the same names back.
      const libraries = manifest.sources.redis?.functions
      const functionChecks = libraries
        ? [
            {
              what: 'function libraries',
              expected: libraries.join(', ') || 'none',
              actual: (await listRedisFunctions(url)).join(', ') || 'none',
              ok: false
            }
          ].map((c) => ({ ...c, ok: c.expected === c.actual }))
        : []
      results.push({
        source: 'redis',
        file: fileOf(manifest, 'redis').name,
        restoreSeconds: round(r.seconds),
        verifySeconds: round((Date.now() - started) / 1000),
        checks: [
          ...redisChecks(manifest.sources.redis?.dbs ?? {}, counts, r.expiredSkippedByDb),
          ...functionChecks
        ]
      })
      log.info(
        `${Object.values(r.restored).reduce((a, b) => a + b, 0)} keys restored into ${r.target}`
      )
    })
  }
  if (targets.uploadsDir) {
    await log.group('Restore: uploads', async () => {
      const r = await uploads(false)
      const expected = manifest.sources.uploads
      const count = (what: string, want: number | undefined, have: number) => ({
        what,
        expected: String(want ?? '?'),
        actual: String(have),
        ok: want === have
      })
      results.push({
        source: 'uploads',
        file: r.archive,
        restoreSeconds: round(r.seconds),
        verifySeconds: 0,
        checks: [
          count('files restored', expected?.files, r.files),
          count('files whose sha256 equals the index', r.files, r.verified),
          count('bytes of file content', expected?.bytes, r.bytes),
          count('folders', expected?.directories, r.directories),
          count('symlinks', expected?.symlinks, r.symlinks)
        ]
      })
      log.info(`${r.files} files restored into ${r.target}, every hash equal to the index`)
    })
  }
  return { results, plans, skipped }
}

type DbCounts = Record<string, { keys: number; keysWithTtl: number }>

/**
 * Keys per db against the manifest. Keys without a TTL must all be back, exactly. Keys with a TTL
 * may only be fewer (they expire between backup, restore and count): the shortfall is shown.
 */
function redisChecks(expected: DbCounts, actual: DbCounts, skippedByDb: Record<string, number>) {
  const dbs = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()
  return dbs.flatMap((db) => {
    const want = expected[db] ?? { keys: 0, keysWithTtl: 0 }
    const have = actual[db] ?? { keys: 0, keysWithTtl: 0 }
    const skipped = skippedByDb[db] ?? 0
    const persistentWant = want.keys - want.keysWithTtl
    const persistentHave = have.keys - have.keysWithTtl
    const ttlWant = want.keysWithTtl - skipped
    return [
      {
        what: `db ${db}: keys without a TTL`,
        expected: String(persistentWant),
        actual: String(persistentHave),
        ok: persistentWant === persistentHave
      },
      {
        what: `db ${db}: keys with a TTL (${skipped} expired before the restore)`,
        expected: String(ttlWant),
        actual: `${have.keysWithTtl}${have.keysWithTtl < ttlWant ? ` (${ttlWant - have.keysWithTtl} expired since)` : ''}`,
        ok: have.keysWithTtl <= ttlWant && have.keysWithTtl >= 0
      }
    ]
  })
}

function rowCheck(r: TableCheck) {
  return {
    what: `rows in ${r.table}`,
    expected: String(r.expected),
    actual: r.actual === null ? 'missing' : String(r.actual),
    ok: r.actual === r.expected
  }
}
