// What the RDB scanner finds: the keys as the RDB holds them, the counts, the file's facts.

/**
 * One key as the RDB holds it, for a restore (../replay.ts): the value's type byte and its bytes
 * exactly as serialized, so type byte + value + RDB version + CRC-64 is the payload
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
  /**
   * Bytes after the EOF opcode and checksum, when the scanner was told to accept them (an
   * imported file: RdbScannerOptions.trailing) and there were some.
   */
  trailingBytes?: number
}

/** Thrown for anything the parser cannot follow; the stream is then checked by its end. */
export class GiveUp extends Error {}

/** What is wrong with an RDB that is not whole. */
export type RdbFault =
  /** It starts with neither REDIS nor VALKEY: `found` is its first 5 bytes. */
  | { kind: 'magic'; found: string }
  /** What follows the magic is not an RDB version (4 digits after REDIS, 80-999 after VALKEY). */
  | { kind: 'version'; found: string }
  /**
   * `extra` bytes follow the EOF opcode and its checksum: refused where none may (the tool's own
   * RDB), where `expected` were recorded, or where the checksum is off (`unverified`).
   */
  | { kind: 'trailing'; extra: number; expected?: number; unverified?: boolean }
  /** The CRC-64 stored after the EOF opcode is not the one of the bytes before it (hex, LE). */
  | { kind: 'checksum'; stored: string; computed: string }
  /** The stream stops inside an entry: `inside` says which part of the file it was reading. */
  | { kind: 'truncated'; inside: string }
  /** The stream stops without the EOF opcode (after a part the parser could not follow). */
  | { kind: 'no-eof' }

/**
 * The RDB is not whole: what the scanner found, for its caller to word (the backup's SYNC stream,
 * the restore). `bytes`: how many had come; `offset`: how far the parse had read.
 */
export class RdbDamage extends Error {
  constructor(
    readonly fault: RdbFault,
    readonly rdbVersion: number,
    readonly bytes: number,
    readonly offset: number
  ) {
    super(`RDB not whole (${fault.kind}) after ${bytes} bytes`)
    this.name = 'RdbDamage'
  }
}
