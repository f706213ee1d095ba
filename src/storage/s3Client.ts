import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import type { S3Config } from '../config.js'
import type { Log } from '../log.js'
import type { UserError } from '../util/errors.js'
import type { StoredObject } from './storage.js'

// The S3 client as the tool configures it, the multipart plan for a stream of a given size, and
// what S3Storage's parts (claims in s3Claims.ts, deletes in s3Delete.ts) share of it.

/** One bucket as S3Storage sees it: the parts in their own files work through this. */
export interface S3Bucket {
  readonly client: S3Client
  readonly config: S3Config
  readonly log: Log
  /** `<prefix>/`, or '' without a prefix: keys are relative to it. */
  readonly base: string
  readonly location: string
  uriOf(key: string): string
  list(prefix: string): AsyncIterable<StoredObject>
  /** SSE headers for every object written. */
  encryption(): { ServerSideEncryption?: 'AES256' | 'aws:kms'; SSEKMSKeyId?: string }
  /** One line that says what went wrong with S3, naming the thing and the endpoint. */
  explain(error: unknown, what: string, key?: string): UserError
}

const MiB = 1024 * 1024
export const MIN_PART_SIZE = 8 * MiB
/** Memory for an upload is about (parts in flight + 1) x part size; keep it under this. */
const UPLOAD_MEMORY_BUDGET = 256 * MiB

/**
 * Part size and parts in flight for a stream of about `sizeHint` bytes: 10,000 parts (S3's
 * limit) must hold twice the estimate, parts are at least 8 MiB, and memory stays in budget.
 */
export function uploadPlan(sizeHint = 0): { partSize: number; queueSize: number } {
  const needed = Math.ceil((2 * sizeHint) / 10_000 / MiB) * MiB
  const partSize = Math.max(MIN_PART_SIZE, needed)
  const queueSize = Math.max(1, Math.min(4, Math.floor(UPLOAD_MEMORY_BUDGET / partSize) - 1))
  return { partSize, queueSize }
}

export function createS3Client(config: S3Config): S3Client {
  const options: S3ClientConfig = {
    region:
      config.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1',
    forcePathStyle: config.forcePathStyle,
    // A few bounded retries, and timeouts so an unreachable endpoint fails in seconds.
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 }
  }
  if (config.endpoint) {
    options.endpoint = config.endpoint
    // S3-compatible stores often lack the newer default checksums.
    options.requestChecksumCalculation = 'WHEN_REQUIRED'
    options.responseChecksumValidation = 'WHEN_REQUIRED'
  }
  return new S3Client(options)
}
