import { round } from '../../util/format.js'
import type { ConnectionOptions } from 'node:tls'
import type { Log } from '../../log.js'
import type { FileEntry, Manifest, RedisStats } from '../../snapshot/manifest.js'
import { streamVerified } from '../../snapshot/reader.js'
import type { Storage } from '../../storage/storage.js'
import { UserError, errorLine } from '../../util/errors.js'
import { REDIS_DRILL_MARKER_KEY, type DrillTarget } from '../drillTarget.js'
import { RespConnection, type Timeouts } from './connection.js'
import { DEFAULT_TIMEOUTS } from '../../util/timeouts.js'
import { inspect, type RedisServer } from './info.js'
import { checkTargetReadsFormat } from './rdbFormat.js'
import { replayLogical, replayRdb } from './replay.js'
import { RespError } from './resp.js'
import { Sender } from './sender.js'
import {
  checkRedisDrillTarget,
  connectTarget,
  describeDbs,
  refused,
  sumKeys,
  targetError
} from './target.js'

export { countRedisKeys, listRedisFunctions } from './target.js'

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
  /** age-identity, for an encrypted snapshot. */
  identities?: string[]
  /** Allow a target that holds keys: FLUSHALL it first. */
  force: boolean
  /** Check the target and print the plan; write nothing. */
  dryRun?: boolean
  /** With dryRun: the plan step before a real restore, so the plan is not called a dry run. */
  planStep?: boolean
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

export async function restoreRedis(options: RedisRestoreOptions): Promise<RedisRestoreResult> {
  const started = Date.now()
  const { storage, keyOf, manifest, targetUrl, force, log } = options
  const dryRun = options.dryRun ?? false
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS
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
  try {
    checkTargetReadsFormat(stats, server, file.name)
  } catch (error) {
    conn.close()
    throw error
  }
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
    log.info(options.planStep ? `plan: ${plan}` : `dry run: would ${plan}; nothing was written`)
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
    await streamVerified(
      storage,
      keyOf(file.name),
      file,
      (input) =>
        mode === 'rdb'
          ? replayRdb(input, sender, stats.trailingBytes)
          : replayLogical(input, file, sender),
      options.identities
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

function describeCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([db, n]) => `db${db}: ${n}`)
  return parts.length > 0 ? parts.join(', ') : 'no keys'
}
