import {
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import type { Readable } from 'node:stream'
import type { S3Config } from '../config.js'
import type { Log } from '../log.js'
import { UserError, errorLine } from '../util/errors.js'
import type { PutOptions, Storage, StoredObject } from './storage.js'

const MiB = 1024 * 1024
export const MIN_PART_SIZE = 8 * MiB
/** Memory for an upload is about (parts in flight + 1) x part size; keep it under this. */
export const UPLOAD_MEMORY_BUDGET = 256 * MiB

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

export class S3Storage implements Storage {
  readonly location: string
  private readonly base: string

  constructor(
    private readonly config: S3Config,
    private readonly log: Log,
    private readonly client: S3Client = createS3Client(config)
  ) {
    this.base = config.prefix ? `${config.prefix}/` : ''
    this.location = `s3://${config.bucket}/${this.base}`
  }

  uriOf(key: string): string {
    return `s3://${this.config.bucket}/${this.base}${key}`
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }))
    } catch (error) {
      throw this.explain(error, `S3 bucket ${this.config.bucket}`)
    }
  }

  async put(key: string, body: Readable | Buffer, options: PutOptions = {}): Promise<number> {
    const Key = this.base + key
    const hint = options.sizeHint
    const { partSize, queueSize } = uploadPlan(typeof hint === 'function' ? await hint() : hint)
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.config.bucket,
        Key,
        Body: body,
        ContentType: options.contentType ?? 'application/octet-stream',
        ...this.encryption()
      },
      partSize,
      queueSize,
      // We abort ourselves: lib-storage's own abort replaces the first error when it fails too.
      leavePartsOnError: true
    })
    const onAbort = () => void upload.abort()
    options.signal?.addEventListener('abort', onAbort, { once: true })
    try {
      await upload.done()
    } catch (error) {
      await this.abortMultipart(upload, Key)
      if (options.signal?.aborted) throw options.signal.reason
      throw this.explain(error, this.uriOf(key))
    } finally {
      options.signal?.removeEventListener('abort', onAbort)
    }
    // Check what S3 says it holds, not what we think we sent.
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.config.bucket, Key })
      )
      return head.ContentLength ?? -1
    } catch (error) {
      throw this.explain(error, this.uriOf(key))
    }
  }

  /** Abort a multipart upload left open by a failure; a failed abort is only a warning. */
  async abortMultipart(upload: Upload, Key: string): Promise<void> {
    const uploadId = (upload as unknown as { uploadId?: string }).uploadId
    if (!uploadId) return
    try {
      await this.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.config.bucket, Key, UploadId: uploadId })
      )
    } catch (error) {
      this.log.warning(
        `could not abort the multipart upload of s3://${this.config.bucket}/${Key} (${errorLine(error)}); a lifecycle rule for incomplete uploads or prune removes it`
      )
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: this.base + key })
      )
      return res.Body as Readable
    } catch (error) {
      throw this.explain(error, this.uriOf(key))
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    let ContinuationToken: string | undefined
    do {
      let res
      try {
        res = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.config.bucket,
            Prefix: this.base + prefix,
            ContinuationToken
          })
        )
      } catch (error) {
        throw this.explain(error, this.uriOf(prefix))
      }
      for (const o of res.Contents ?? []) {
        if (!o.Key) continue
        yield {
          key: o.Key.slice(this.base.length),
          bytes: o.Size ?? 0,
          lastModified: o.LastModified ?? new Date(0)
        }
      }
      ContinuationToken = res.IsTruncated ? res.NextContinuationToken : undefined
    } while (ContinuationToken)
  }

  async delete(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000)
      const res = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.config.bucket,
          Delete: { Objects: batch.map((k) => ({ Key: this.base + k })), Quiet: true }
        })
      )
      const failed = res.Errors ?? []
      if (failed.length > 0) {
        const first = failed[0]
        throw new UserError(
          `could not delete ${failed.length} object(s), first s3://${this.config.bucket}/${first.Key}: ${first.Code} ${first.Message ?? ''}`.trim()
        )
      }
    }
  }

  private encryption(): { ServerSideEncryption?: 'AES256' | 'aws:kms'; SSEKMSKeyId?: string } {
    if (this.config.sse === 'none') return {}
    if (this.config.sse === 'aws:kms') {
      return { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.config.kmsKeyId }
    }
    return { ServerSideEncryption: 'AES256' }
  }

  /** One line that says what went wrong with S3, naming the thing and the endpoint. */
  private explain(error: unknown, what: string): UserError {
    if (error instanceof UserError) return error
    const e = error as {
      name?: string
      code?: string
      message?: string
      $metadata?: { httpStatusCode?: number }
    }
    const status = e.$metadata?.httpStatusCode
    const where = this.config.endpoint ? ` at ${this.config.endpoint}` : ''
    const code = e.code ?? (e as { cause?: { code?: string } }).cause?.code
    let reason: string
    if (
      e.name === 'NotFound' ||
      e.name === 'NoSuchBucket' ||
      (status === 404 && /bucket/i.test(what))
    ) {
      reason = `${what} does not exist${where}`
    } else if (e.name === 'NoSuchKey' || status === 404) {
      reason = `${what} does not exist`
    } else if (status === 403 || e.name === 'AccessDenied' || e.name === 'Forbidden') {
      reason = `access denied to ${what}${where}: check the credentials and the IAM policy`
    } else if (e.name === 'CredentialsProviderError' || /credential/i.test(e.message ?? '')) {
      reason = `no AWS credentials for ${what}: ${errorLine(error)}`
    } else if (code && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EPIPE/.test(code)) {
      reason = `cannot reach S3${where || ''} for ${what}: ${code}`
    } else if (e.name === 'TimeoutError' || /timed? ?out/i.test(e.message ?? '')) {
      reason = `S3${where} did not answer in time for ${what}`
    } else {
      reason = `S3 failed for ${what}${where}: ${e.name && e.name !== 'Error' ? e.name + ': ' : ''}${errorLine(error)}`
    }
    return new UserError(reason, { cause: error })
  }
}
