import type { RedisStats } from '../../snapshot/manifest.js'
import { UserError } from '../../util/errors.js'
import type { RedisServer } from './info.js'

// Which RDB format a server writes and reads, where it matters: Valkey 9 has a format of its own.
// Redis and Valkey up to 8 write RDB 11 and older (magic REDIS); Valkey 9.0 writes RDB 80 (magic
// VALKEY080) and 9.2 RDB 81, keeping 12-79 for Redis's later formats (Valkey's RDB_VERSION_MAP:
// 80 since 9.0, 81 since 9.2). RESTORE checks the RDB version in each payload's footer and refuses
// a newer one, so a snapshot in Valkey's format can only go into a Valkey that reads it.

/** Valkey's own RDB versions and the release that began writing each. */
const VALKEY_RDB: Array<{ rdb: number; since: [number, number] }> = [
  { rdb: 80, since: [9, 0] },
  { rdb: 81, since: [9, 2] }
]

function majorMinor(version: string): [number, number] {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return [major, minor]
}

function atLeast(version: string, [major, minor]: [number, number]): boolean {
  const [m, n] = majorMinor(version)
  return m > major || (m === major && n >= minor)
}

/** The newest RDB version a server writes itself (and so reads): Valkey 9's own, else 11 or older. */
function ownValkeyRdb(server: { engine: string; version: string }): number | undefined {
  if (server.engine !== 'valkey') return undefined
  return VALKEY_RDB.filter((v) => atLeast(server.version, v.since)).at(-1)?.rdb
}

/**
 * The version a SYNC announces (REPLCONF version), or none. A replica that names no version gets
 * RDB 11 from Valkey 9, the last format Redis 7.2 reads, and the SYNC fails when a key does not fit
 * in it (a hash whose fields have their own expiry: "Can't store key in RDB version 11"). Naming
 * the server's own version gets its own format, which holds every key.
 */
export function syncAnnounce(server: RedisServer): string | undefined {
  return ownValkeyRdb(server) !== undefined ? server.version : undefined
}

/**
 * The RDB version of a snapshot's payloads: the RDB's own, or for a logical dump the DUMP
 * payloads' (the source's own format: DUMP on Valkey 9 writes RDB 80 even for a plain string).
 */
function snapshotRdb(stats: RedisStats): number | undefined {
  return stats.rdbVersion ?? ownValkeyRdb(stats)
}

/**
 * Refuse, before anything is written, a target that cannot load the snapshot's format: Valkey's
 * own RDB (80 and up) into Redis or an older Valkey. Both versions are named. A Valkey at least
 * as new as the source reads it, and so does one whose own RDB version is at least the snapshot's.
 */
export function checkTargetReadsFormat(stats: RedisStats, server: RedisServer, file: string): void {
  const rdb = snapshotRdb(stats)
  if (rdb === undefined || rdb < 80) return
  if (server.engine === 'valkey') {
    if (stats.engine === 'valkey' && atLeast(server.version, majorMinor(stats.version))) return
    if ((ownValkeyRdb(server) ?? 0) >= rdb) return
  }
  const since = VALKEY_RDB.find((v) => v.rdb === rdb)?.since
  const first = since ? `Valkey ${since.join('.')}` : `Valkey ${stats.version}`
  throw new UserError(
    `${file} is in Valkey's own RDB format (RDB version ${rdb}, from ${stats.engine} ${stats.version}), which ${server.engine} ${server.version} at ${server.endpoint} cannot load (RESTORE refuses an RDB version it does not know; ${first} is the first to read it): restore into ${first} or newer; nothing was written`
  )
}
