import { z } from 'zod'

// manifest.json: the contract that marks a snapshot complete (DESIGN.md, "Manifest").
// It is written last; a snapshot without a valid one is incomplete, whatever else is there.

export const FORMAT_VERSION = 1

const count = z.number().int().nonnegative()

const fileEntrySchema = z.object({
  name: z.string().min(1),
  bytes: count,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  source: z.enum(['postgres', 'redis', 'uploads']),
  compression: z.enum(['gzip', 'zstd', 'none']),
  /** Bytes the source produced before compression. */
  sourceBytes: count.optional(),
  durationSeconds: z.number().nonnegative().optional(),
  /** age: the stored bytes (bytes, sha256 above) are ciphertext; this is what it decrypts to. */
  encryption: z
    .object({
      format: z.literal('age'),
      /** The X25519 public keys it is encrypted to (age's header does not name them). */
      recipients: z.array(z.string()).min(1),
      /** The month whose keys these are (keys per period), when the recipients are per month. */
      period: z.string().optional(),
      plaintextSha256: z.string().regex(/^[0-9a-f]{64}$/),
      plaintextBytes: count
    })
    .optional()
})

const postgresStatsSchema = z.object({
  serverVersion: z.string(),
  pgDumpVersion: z.string(),
  database: z.string(),
  databaseBytes: count.optional(),
  format: z.literal('plain'),
  /** Rows per table, counted in the dump's COPY blocks: exactly this snapshot's rows. */
  tables: z.record(z.string(), count),
  /** Roles the dump names as owners or grantees; pg_dump does not create them. */
  roles: z.array(z.string()),
  extensions: z.array(z.string()),
  objects: z.object({
    schemas: z.array(z.string()),
    tables: z.array(z.string()),
    views: z.array(z.string()),
    functions: z.array(z.string()),
    indexes: z.array(z.string())
  }),
  usesRestrict: z.boolean(),
  /** What identifies the source, so a drill can refuse it as a target (optional: older manifests). */
  identity: z
    .object({
      /** pg_control_system(): one per cluster (initdb); absent where the function is not readable. */
      systemIdentifier: z.string().optional(),
      databaseOid: count
    })
    .optional()
})

const compressionName = z.enum(['gzip', 'zstd', 'none'])

const uploadsStatsSchema = z.object({
  /** The folder that was archived, and the name its entries start with (`uploads/...`). */
  dir: z.string(),
  root: z.string(),
  files: count,
  /** Bytes of file content archived (sum of the regular files' sizes). */
  bytes: count,
  directories: count,
  symlinks: count,
  index: z.string(),
  compression: z.object({
    requested: z.enum(['auto', 'gzip', 'zstd', 'none']),
    chosen: compressionName,
    level: count.optional(),
    /** auto only: what the sample of files gained under gzip (0.02 = 2% smaller). */
    sample: z.object({ files: count, bytes: count, gain: z.number() }).optional(),
    reason: z.string()
  }),
  /** Files that changed or disappeared while being archived (the first ones; see changedCount). */
  changed: z.array(z.object({ path: z.string(), change: z.string() })),
  changedCount: count,
  /** Entries left out: sockets, FIFOs, devices, and files removed before they were read. */
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  skippedCount: count,
  /** Symlinks that point outside the folder: archived, but restore refuses them (the first ones). */
  linksOutside: z.array(z.object({ path: z.string(), problem: z.string() })).optional(),
  linksOutsideCount: count.optional(),
  /** uploads-exclude's patterns, and how many entries they left out (a folder counts once). */
  exclude: z.array(z.string()).optional(),
  excludedCount: count.optional(),
  /** The folder's real path (symlinks resolved): a drill refuses it as a target. */
  identity: z.object({ realPath: z.string() }).optional()
})

const dbCounts = z.object({ keys: count, keysWithTtl: count })

const redisStatsSchema = z.object({
  /** rdb: a replication snapshot (SYNC); logical: SCAN + DUMP written as RESTORE commands. */
  mode: z.enum(['rdb', 'logical']),
  engine: z.string(),
  version: z.string(),
  endpoint: z.string(),
  /** Only an RDB is one instant; a logical dump reads keys one batch after another. */
  pointInTime: z.boolean(),
  /** Why this mode: the setting, or the server's refusal of SYNC. */
  reason: z.string(),
  rdbVersion: count.optional(),
  keys: count,
  /** Keys with an expiry when backed up: a later drill must expect some of them gone. */
  keysWithTtl: count,
  /** Per db number. */
  dbs: z.record(z.string(), dbCounts),
  keyCountsFrom: z.enum(['rdb', 'rdb-resizedb', 'scan']),
  checksum: z.enum(['verified', 'disabled']).optional(),
  /** Why the RDB's keys were not counted one by one (a type this tool does not parse). */
  note: z.string().optional(),
  /**
   * An imported RDB (adopt): bytes after its EOF opcode and checksum, stored as they came.
   * Restore and verify accept exactly this many; absent, none (the tool's own RDB never has any).
   */
  trailingBytes: count.optional(),
  /** Logical mode: the function libraries dumped (FUNCTION DUMP), by name; a drill compares them. */
  functions: z.array(z.string()).optional(),
  /** Logical mode: keys that vanished or expired between SCAN and DUMP. */
  skippedKeys: count.optional(),
  /** What identifies the server, so a drill can refuse it as a target (see sources/drillTarget.ts). */
  identity: z
    .object({
      /** host:port as redis-url names it. */
      address: z.string(),
      /** INFO run_id: this server process (changes on restart). */
      runId: z.string().optional(),
      /** INFO master_replid: its replication history, shared by its replicas. */
      replId: z.string().optional()
    })
    .optional()
})

export const manifestSchema = z
  .object({
    formatVersion: z.literal(FORMAT_VERSION),
    id: z.string(),
    environment: z.string(),
    kind: z.enum(['daily', 'monthly', 'adhoc']),
    createdAt: z.iso.datetime(),
    completedAt: z.iso.datetime(),
    durationSeconds: z.number().nonnegative(),
    tool: z.object({ name: z.string(), version: z.string() }),
    operator: z.string().optional(),
    notes: z.string().optional(),
    /** adopt: the old script's folder this snapshot was made from (its URI). */
    adoptedFrom: z.string().optional(),
    /** What the run that wrote it warned of, one line each (adopt: an RDB with trailing bytes). */
    warnings: z.array(z.string()).optional(),
    files: z.array(fileEntrySchema).min(1),
    /** Client-side encryption of every data file (absent: none). */
    encryption: z
      .object({
        format: z.literal('age'),
        recipients: z.array(z.string()).min(1),
        period: z.string().optional()
      })
      .optional(),
    sources: z
      .object({
        postgres: postgresStatsSchema.optional(),
        redis: redisStatsSchema.optional(),
        uploads: uploadsStatsSchema.optional()
      })
      .catchall(z.unknown())
  })
  .loose()

export type FileEntry = z.infer<typeof fileEntrySchema>
export type PostgresStats = z.infer<typeof postgresStatsSchema>
export type UploadsStats = z.infer<typeof uploadsStatsSchema>
export type RedisStats = z.infer<typeof redisStatsSchema>
export type Manifest = z.infer<typeof manifestSchema>

/** Parse a stored manifest; throws with the first problem when it is not a valid one. */
export function parseManifest(text: string): Manifest {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new Error(`manifest.json is not valid JSON: ${(error as Error).message}`, {
      cause: error
    })
  }
  const result = manifestSchema.safeParse(json)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new Error(
      `manifest.json is invalid: ${issue.path.join('.') || '(root)'}: ${issue.message}`
    )
  }
  return result.data
}
