import type { Readable } from 'node:stream'
import { UserError } from '../util/errors.js'

// The one small interface behind which S3 and a local folder look alike (DESIGN.md, "Shape").
// Keys are relative to the storage's base: `<environment>/<snapshot-id>/<file>`.

export interface PutOptions {
  /**
   * An estimate of the object's size, used to choose multipart part sizes; a function when the
   * estimate costs work (a storage that has no use for it never calls it).
   */
  sizeHint?: number | (() => Promise<number>)
  contentType?: string
  /** Object tags, where the storage has them (S3); the writer tags snapshot data for lifecycle. */
  tags?: Record<string, string>
  signal?: AbortSignal
}

export interface StoredObject {
  key: string
  bytes: number
  lastModified: Date
  /**
   * The store's storage class where it has them (S3's ListObjectsV2: STANDARD, GLACIER,
   * DEEP_ARCHIVE, ...); absent in a folder, where every file reads at once.
   */
  storageClass?: string
}

/**
 * The storage classes whose objects cannot be read until a restore has copied them back: S3
 * Glacier Flexible Retrieval (GLACIER, where the lifecycle rule moves data) and Deep Archive.
 * Glacier Instant Retrieval (GLACIER_IR) is not one: GetObject reads it at once, as STANDARD.
 */
export const ARCHIVE_CLASSES: readonly string[] = ['GLACIER', 'DEEP_ARCHIVE']

/** A read refused because the object is archived (S3's InvalidObjectState): restore it first. */
export class ArchivedObjectError extends UserError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ArchivedObjectError'
  }
}

/** An object version that Object Lock keeps from being deleted (a retention period or a legal hold). */
export interface HeldObject {
  key: string
  versionId?: string
  /** Object Lock retention: the date it can be deleted (absent when only a legal hold holds it). */
  retainUntil?: Date
  mode?: string
  legalHold: boolean
}

/** What a delete did: objects (or, in a versioned bucket, versions and delete markers) removed, and what is held. */
export interface DeleteReport {
  removed: number
  held: HeldObject[]
}

/** A multipart upload left open (a killed backup), as prune finds and aborts them. */
export interface OpenUpload {
  key: string
  uploadId: string
  initiated: Date
}

export interface StaleUploadsReport {
  /** False when the store cannot list multipart uploads (s3rver): nothing was looked at. */
  supported: boolean
  uploads: OpenUpload[]
  aborted: number
}

/** The object inside a snapshot folder that names the one run writing it (see Storage.claim). */
export const CLAIM_NAME = '.claim'

/**
 * Who holds a snapshot folder: written into its claim object, so an operator can see which run
 * a half-written folder belongs to.
 */
export interface ClaimHolder {
  token: string
  startedAt: string
  host: string
  pid: number
}

/** The token a claim object names; undefined when it names none (not a claim of this tool). */
export function tokenOf(body: string): string | undefined {
  try {
    const token = (JSON.parse(body) as Partial<ClaimHolder> | null)?.token
    return typeof token === 'string' ? token : undefined
  } catch {
    return undefined
  }
}

export interface Storage {
  /** Where this storage points, for people: s3://bucket/prefix or a folder path. */
  readonly location: string
  uriOf(key: string): string
  /** Fail fast when the target cannot be used (bucket missing, folder not writable). */
  check(): Promise<void>
  /** Store a stream under key; resolves to the size the storage reports for the stored object. */
  put(key: string, body: Readable | Buffer, options?: PutOptions): Promise<number>
  get(key: string): Promise<Readable>
  /** Every object under a key prefix (paginated underneath). */
  list(prefix: string): AsyncIterable<StoredObject>
  /**
   * Whether a listed object must be restored before get() can read it: in an archive class
   * (ARCHIVE_CLASSES) without a finished restore (S3: HeadObject's `Restore` header says
   * `ongoing-request="false"` once a restored copy is readable). A storage without classes (a
   * folder) lacks the method: everything it holds reads at once.
   */
  isArchived?(object: StoredObject): Promise<boolean>
  /**
   * Delete these keys for good: in a versioned bucket every version and delete marker of each.
   * Versions held by Object Lock are reported, not deleted; any other failure throws.
   */
  delete(keys: string[]): Promise<DeleteReport>
  /**
   * Take the snapshot folder `prefix` (`<environment>/<id>/`) for one writer: true when this run
   * now holds it and nothing else is in it; false when another run or any other object is there.
   * A false leaves nothing of this run behind.
   */
  claim(prefix: string, holder: ClaimHolder): Promise<boolean>
  /** Whether this run's claim on `prefix` still stands (checked before the manifest is written). */
  claimStands(prefix: string, holder: ClaimHolder): Promise<boolean>
  /** Give this run's claim up (lost on another storage, or the run failed or was cancelled). */
  release(prefix: string, holder: ClaimHolder): Promise<void>
  /** Abort the multipart uploads under a key prefix initiated before `before` (only list them with dryRun). */
  abortStaleUploads?(prefix: string, before: Date, dryRun: boolean): Promise<StaleUploadsReport>
}
