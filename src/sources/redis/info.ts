import type { RedisStats } from '../../snapshot/manifest.js'
import { UserError } from '../../util/errors.js'
import { redact } from '../../util/redact.js'
import type { RdbDbCounts } from './rdb/facts.js'
import { describeRedis, hostPort, type RespConnection } from './connection.js'
import { RespError } from './resp.js'

// What a Redis server says of itself (INFO), and how a refused command is explained.

export interface RedisServer {
  engine: string
  version: string
  endpoint: string
  /** INFO keyspace when the backup started: db -> keys and keys with an expiry. */
  keyspace: Record<string, RdbDbCounts>
  /** What a drill compares its target with (see drillTarget.ts). */
  identity: NonNullable<RedisStats['identity']>
}

/** INFO: engine and version, refuse Redis Cluster, and the keyspace as it is now. */
export async function inspect(conn: RespConnection): Promise<RedisServer> {
  conn.doing = 'reading INFO'
  const where = hostPort(conn.url)
  let text: string
  try {
    text = String(await conn.call('INFO'))
  } catch (error) {
    if (error instanceof RespError) throw explainCommandError(error, conn.url, 'INFO')
    throw error
  }
  const info = parseInfo(text)
  if (info.cluster_enabled === '1') {
    throw new UserError(
      `Redis at ${where} is a Redis Cluster node (cluster_enabled:1): cluster backups are not supported yet; back up each primary on its own, with its own redis-url`
    )
  }
  const valkey = info.server_name === 'valkey' || info.valkey_version !== undefined
  const keyspace: Record<string, RdbDbCounts> = {}
  for (const [key, value] of Object.entries(info)) {
    const db = /^db(\d+)$/.exec(key)
    if (!db) continue
    const fields = Object.fromEntries(value.split(',').map((kv) => kv.split('=')))
    const keys = Number(fields.keys ?? 0)
    if (keys > 0) keyspace[db[1]] = { keys, keysWithTtl: Number(fields.expires ?? 0) }
  }
  return {
    engine: valkey ? 'valkey' : 'redis',
    version: (valkey ? info.valkey_version : undefined) ?? info.redis_version ?? 'unknown',
    endpoint: describeRedis(conn.url),
    keyspace,
    identity: {
      address: hostPort(conn.url),
      ...(info.run_id ? { runId: info.run_id } : {}),
      ...(info.master_replid ? { replId: info.master_replid } : {})
    }
  }
}

function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue
    const colon = line.indexOf(':')
    if (colon > 0) out[line.slice(0, colon)] = line.slice(colon + 1)
  }
  return out
}

export function explainCommandError(error: RespError, url: URL, command: string): UserError {
  const where = hostPort(url)
  if (error.code === 'NOAUTH') {
    return new UserError(
      `Redis at ${where} requires a password: put it in redis-url (redis://user:password@host:port)`
    )
  }
  if (error.code === 'NOPERM') {
    const user = decodeURIComponent(url.username) || 'default'
    return new UserError(
      `Redis user "${user}" at ${where} may not run ${command} (NOPERM): a backup needs +info and +sync (RDB), or +info +select +scan +dump +pttl (logical)`
    )
  }
  return new UserError(`Redis at ${where} refused ${command}: ${redact(error.message)}`)
}

/** The keys and keys with an expiry of every db together. */
export function sumCounts(dbs: Record<string, RdbDbCounts>): { keys: number; keysWithTtl: number } {
  const all = Object.values(dbs)
  return {
    keys: all.reduce((n, db) => n + db.keys, 0),
    keysWithTtl: all.reduce((n, db) => n + db.keysWithTtl, 0)
  }
}
