import type { Readable } from 'node:stream'

// The one small interface behind which S3 and a local folder look alike (DESIGN.md, "Shape").
// Keys are relative to the storage's base: `<environment>/<snapshot-id>/<file>`.

export interface PutOptions {
  /**
   * An estimate of the object's size, used to choose multipart part sizes; a function when the
   * estimate costs work (a storage that has no use for it never calls it).
   */
  sizeHint?: number | (() => Promise<number>)
  contentType?: string
  signal?: AbortSignal
}

export interface StoredObject {
  key: string
  bytes: number
  lastModified: Date
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
  delete(keys: string[]): Promise<void>
}
