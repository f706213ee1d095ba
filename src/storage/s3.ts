import {
  AbortMultipartUploadCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketLifecycleConfigurationCommand,
  PutObjectTaggingCommand,
  S3Client,
  type LifecycleRule
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import type { Readable } from 'node:stream'
import type { S3Config } from '../config.js'
import type { Log } from '../log.js'
import { UserError, errorLine } from '../util/errors.js'
import { S3Claims } from './s3Claims.js'
import { createS3Client, uploadPlan, type S3Bucket } from './s3Client.js'
import { S3Deletes } from './s3Delete.js'
import { explainS3Error } from './s3Errors.js'
import {
  ARCHIVE_CLASSES,
  type ClaimHolder,
  type DeleteReport,
  type PutOptions,
  type StaleUploadsReport,
  type Storage,
  type StoredObject
} from './storage.js'

// S3 and S3-compatible stores behind the Storage interface: put, get, list and the bucket's
// lifecycle here; claims in s3Claims.ts; deleting versions and stale uploads in s3Delete.ts.

/** Tags as S3's x-amz-tagging header wants them: URL-encoded `key=value` pairs joined by `&`. */
function tagging(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
}

export class S3Storage implements Storage, S3Bucket {
  readonly location: string
  readonly base: string
  private readonly claims: S3Claims
  private readonly deletes: S3Deletes

  constructor(
    readonly config: S3Config,
    readonly log: Log,
    readonly client: S3Client = createS3Client(config)
  ) {
    this.base = config.prefix ? `${config.prefix}/` : ''
    this.location = `s3://${config.bucket}/${this.base}`
    this.claims = new S3Claims(this)
    this.deletes = new S3Deletes(this)
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
    // Aborted already (a cancelled run): start nothing that would need aborting.
    if (options.signal?.aborted) throw options.signal.reason
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
        ...(options.tags ? { Tagging: tagging(options.tags) } : {}),
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
    // RGW (16) ignores x-amz-tagging on CreateMultipartUpload: a large data file would miss
    // its tags, and the lifecycle rule that moves tagged data to GLACIER. Tag it once complete
    // (on AWS this sets the tags it already has).
    if (options.tags && (upload as unknown as { isMultiPart?: boolean }).isMultiPart) {
      await this.tag(Key, options.tags, key)
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

  private async tag(Key: string, tags: Record<string, string>, key: string): Promise<void> {
    try {
      await this.client.send(
        new PutObjectTaggingCommand({
          Bucket: this.config.bucket,
          Key,
          Tagging: { TagSet: Object.entries(tags).map(([k, v]) => ({ Key: k, Value: v })) }
        })
      )
    } catch (error) {
      throw this.explain(error, `the tags of ${this.uriOf(key)}`)
    }
  }

  /** Abort a multipart upload left open by a failure; a failed abort is only a warning. */
  async abortMultipart(upload: Upload, Key: string): Promise<void> {
    const state = upload as unknown as {
      uploadId?: string
      createMultiPartPromise?: Promise<{ UploadId?: string }>
    }
    // A failure or cancel can land while CreateMultipartUpload is still in flight: done() rejects
    // at once, and the upload id arrives afterwards. Wait for it, or that upload stays open.
    const uploadId =
      state.uploadId ??
      (await state.createMultiPartPromise?.then(
        (r) => r.UploadId,
        () => undefined
      ))
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
      throw this.explain(error, this.uriOf(key), this.base + key)
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
          lastModified: o.LastModified ?? new Date(0),
          ...(o.StorageClass ? { storageClass: o.StorageClass } : {})
        }
      }
      ContinuationToken = res.IsTruncated ? res.NextContinuationToken : undefined
    } while (ContinuationToken)
  }

  async isArchived(object: StoredObject): Promise<boolean> {
    if (!object.storageClass || !ARCHIVE_CLASSES.includes(object.storageClass)) return false
    // Archived, unless restored: `Restore: ongoing-request="false", expiry-date="..."` once the
    // restored copy can be read; `ongoing-request="true"` while the restore runs; none before.
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.base + object.key })
      )
      return !/ongoing-request\s*=\s*"false"/i.test(head.Restore ?? '')
    } catch (error) {
      throw this.explain(error, this.uriOf(object.key), this.base + object.key)
    }
  }

  async claim(prefix: string, holder: ClaimHolder): Promise<boolean> {
    return this.claims.claim(prefix, holder)
  }

  async claimStands(prefix: string, holder: ClaimHolder): Promise<boolean> {
    return this.claims.claimStands(prefix, holder)
  }

  async release(prefix: string, holder: ClaimHolder): Promise<void> {
    return this.claims.release(prefix, holder)
  }

  async delete(keys: string[]): Promise<DeleteReport> {
    return this.deletes.delete(keys)
  }

  async abortStaleUploads(
    prefix: string,
    before: Date,
    dryRun: boolean
  ): Promise<StaleUploadsReport> {
    return this.deletes.abortStaleUploads(prefix, before, dryRun)
  }

  /** The bucket's lifecycle rules ([] when it has none). */
  async lifecycleRules(): Promise<LifecycleRule[]> {
    try {
      const res = await this.client.send(
        new GetBucketLifecycleConfigurationCommand({ Bucket: this.config.bucket })
      )
      return res.Rules ?? []
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchLifecycleConfiguration') return []
      throw this.explain(error, `the lifecycle configuration of bucket ${this.config.bucket}`)
    }
  }

  /** The bucket's tags ({} when it has none, or the store has no tagging API: s3rver). */
  async bucketTags(): Promise<Record<string, string>> {
    try {
      const res = await this.client.send(
        new GetBucketTaggingCommand({ Bucket: this.config.bucket })
      )
      return Object.fromEntries((res.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? '']))
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
      if (e.name === 'NoSuchTagSet') return {}
      if (e.name === 'NotImplemented' || e.$metadata?.httpStatusCode === 501) return {}
      throw this.explain(error, `the tags of bucket ${this.config.bucket}`)
    }
  }

  /** Replace the bucket's lifecycle configuration (all of it: merge first). */
  async putLifecycleRules(rules: LifecycleRule[]): Promise<void> {
    try {
      await this.client.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: this.config.bucket,
          LifecycleConfiguration: { Rules: rules }
        })
      )
    } catch (error) {
      throw this.explain(error, `the lifecycle configuration of bucket ${this.config.bucket}`)
    }
  }

  /** The key prefix of an environment, as S3 sees it: `[prefix/]<environment>/`. */
  keyPrefixOf(key: string): string {
    return this.base + key
  }

  encryption(): { ServerSideEncryption?: 'AES256' | 'aws:kms'; SSEKMSKeyId?: string } {
    if (this.config.sse === 'none') return {}
    if (this.config.sse === 'aws:kms') {
      return { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.config.kmsKeyId }
    }
    return { ServerSideEncryption: 'AES256' }
  }

  /** One line that says what went wrong with S3, naming the thing and the endpoint. */
  explain(error: unknown, what: string, key?: string): UserError {
    return explainS3Error(error, what, this.config, key)
  }
}
