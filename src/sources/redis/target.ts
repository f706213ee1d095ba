import type { ConnectionOptions } from 'node:tls'
import type { RedisStats } from '../../snapshot/manifest.js'
import { UserError } from '../../util/errors.js'
import { redact } from '../../util/redact.js'
import {
  REDIS_DRILL_MARKER_KEY,
  checkDrillTarget,
  isDrillMarker,
  refuseSource,
  sameRedis,
  type DrillTarget
} from '../drillTarget.js'
import { RespConnection, hostPort, type Timeouts } from './connection.js'
import { DEFAULT_TIMEOUTS } from '../../util/timeouts.js'
import { inspect, type RedisServer } from './info.js'
import type { RdbDbCounts } from './rdb/facts.js'
import { RespError } from './resp.js'

// The restore's target (target-redis-url): reaching it, its keys, the drill rules, and its
// errors, which name it as target-redis-url.

/**
 * The drill rules for a Redis target (drillTarget.ts): not the source, and empty or marked. A
 * target whose only key is the marker counts as empty.
 */
export async function checkRedisDrillTarget(
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
  const conn = await connectTarget(url, options.timeouts ?? DEFAULT_TIMEOUTS, options.tls)
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

export async function connectTarget(
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
export function targetError(error: unknown, url: URL): unknown {
  if (error instanceof RespError) return refused(error, url, 'INFO')
  if (error instanceof UserError && !error.message.startsWith('target-redis-url')) {
    error.message = `target-redis-url: ${error.message.replace(/redis-url/g, 'target-redis-url')}`
  }
  return error
}

export function refused(error: RespError, url: URL, command: string): UserError {
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

export function sumKeys(dbs: Record<string, RdbDbCounts>): { keys: number } {
  return { keys: Object.values(dbs).reduce((n, db) => n + db.keys, 0) }
}

export function describeDbs(dbs: Record<string, RdbDbCounts>): string {
  const names = Object.keys(dbs)
  return `${names.length === 1 ? 'db' : 'dbs'} ${names.join(', ')}`
}

/** The function libraries a live Redis holds, by name (none where FUNCTION is unknown). */
export async function listRedisFunctions(
  url: URL,
  options: { timeouts?: Timeouts; tls?: ConnectionOptions } = {}
): Promise<string[]> {
  const conn = await connectTarget(url, options.timeouts ?? DEFAULT_TIMEOUTS, options.tls)
  try {
    const listed = await conn.call('FUNCTION', 'LIST').catch(() => [])
    return (Array.isArray(listed) ? listed : [])
      .map((entry) => {
        const fields = Array.isArray(entry) ? entry : []
        const at = fields.findIndex(
          (f) => Buffer.isBuffer(f) && f.toString('latin1') === 'library_name'
        )
        return Buffer.isBuffer(fields[at + 1]) ? (fields[at + 1] as Buffer).toString('utf8') : ''
      })
      .sort()
  } finally {
    conn.close()
  }
}
