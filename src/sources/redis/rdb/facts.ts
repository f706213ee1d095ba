// What the RDB scanner finds: the keys as the RDB holds them, the counts, the file's facts.

/**
 * One key as the RDB holds it, for a restore (../restore.ts): the value's type byte
 * and its bytes exactly as serialized, so type byte + value + RDB version + CRC-64 is the payload
 * that `DUMP` would give and `RESTORE` takes.
 */
export interface RdbEntry {
  db: number
  type: number
  key: Buffer
  value: Buffer
  /** Absolute expiry in ms since the epoch, when the key has one. */
  expireAtMs?: number
}

export interface RdbDbCounts {
  keys: number
  keysWithTtl: number
}

export interface RdbFacts {
  rdbVersion: number
  /** AUX fields: redis-ver, redis-bits, ctime, used-mem, ... */
  aux: Record<string, string>
  dbs: Record<string, RdbDbCounts>
  /** 'keys': counted key by key; 'resizedb': the server's per-db hints (parse stopped early). */
  keyCountsFrom: 'keys' | 'resizedb'
  checksum: 'verified' | 'disabled'
  bytes: number
  /** Why the key-by-key parse stopped early, when it did. */
  note?: string
}

/** Thrown for anything the parser cannot follow; the stream is then checked by its end. */
export class GiveUp extends Error {}
