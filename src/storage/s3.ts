import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetObjectLegalHoldCommand,
  GetObjectRetentionCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
  S3Client,
  type LifecycleRule,
  type ObjectIdentifier
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { randomBytes } from 'node:crypto'
import type { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import type { S3Config } from '../config.js'
import type { Log } from '../log.js'
import { runSignal } from '../util/cancel.js'
import { UserError, errorLine } from '../util/errors.js'
import { createS3Client, uploadPlan } from './s3Client.js'
import { explainS3Error, unsupported } from './s3Errors.js'
import {
  CLAIM_NAME,
  tokenOf,
  type ClaimHolder,
  type DeleteReport,
  type HeldObject,
  type OpenUpload,
  type PutOptions,
  type StaleUploadsReport,
  type Storage,
  type StoredObject
} from './storage.js'

/** How often a claim-then-list claimant with the lowest token looks again for rivals to withdraw. */
const CLAIM_LOOKS = 5
const CLAIM_LOOK_MS = 200
/** AWS answers 409 ConditionalRequestConflict to a conditional PUT racing another: retry it. */
const CONFLICT_RETRIES = 5

/** Tags as S3's x-amz-tagging header wants them: URL-encoded `key=value` pairs joined by `&`. */
function tagging(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
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
          lastModified: o.LastModified ?? new Date(0)
        }
      }
      ContinuationToken = res.IsTruncated ? res.NextContinuationToken : undefined
    } while (ContinuationToken)
  }

  /**
   * Whether the store honours `If-None-Match: *` on PUT (AWS does; some S3-compatible stores
   * ignore it and answer 200): probed once per run, on the first claim.
   */
  private conditionalWrites: Promise<boolean> | undefined

  /**
   * One writer per snapshot folder. Where the store honours conditional writes, the claim is a
   * `.claim` object created with If-None-Match (a second claimant gets 412). Elsewhere it is
   * claim-then-list: each claimant writes `.claim-<token>` and lists the folder; it holds the
   * folder only when it sees its own claim alone. A claimant that sees rivals withdraws, except
   * the lowest token, which looks again a few times for the others to withdraw. Two runs can
   * never both see themselves alone, so at most one wins; a folder holding anything else
   * (another run's data, an older snapshot) is never claimed.
   */
  async claim(prefix: string, holder: ClaimHolder): Promise<boolean> {
    const body = JSON.stringify(holder) + '\n'
    if (await this.honoursConditionalWrites(prefix)) {
      const key = prefix + CLAIM_NAME
      // A 412 may answer the SDK's retry of our own PUT whose first answer was lost: read it.
      if (!(await this.putIfAbsent(key, body)) && !(await this.claimStands(prefix, holder))) {
        return false
      }
      if ((await this.keysUnder(prefix)).every((k) => k === key)) return true
      await this.deleteClaim(key)
      return false
    }
    const mine = `${prefix}${CLAIM_NAME}-${holder.token}`
    await this.putSmall(mine, body)
    for (let look = 0; ; look++) {
      const others = (await this.keysUnder(prefix)).filter((k) => k !== mine)
      if (others.length === 0) return true
      const lowest = others.every((k) => k.startsWith(`${prefix}${CLAIM_NAME}-`) && k > mine)
      if (!lowest || look >= CLAIM_LOOKS) {
        await this.deleteClaim(mine)
        return false
      }
      await sleep(CLAIM_LOOK_MS, undefined, { signal: runSignal })
    }
  }

  async claimStands(prefix: string, holder: ClaimHolder): Promise<boolean> {
    if (await this.honoursConditionalWrites(prefix)) {
      const key = prefix + CLAIM_NAME
      let body: Buffer
      try {
        const res = await this.client.send(
          new GetObjectCommand({ Bucket: this.config.bucket, Key: this.base + key })
        )
        body = Buffer.concat(await (res.Body as Readable).toArray())
      } catch (error) {
        // Gone is an answer; a timeout or a refusal is not, and must not pass for one.
        const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
        if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return false
        throw this.explain(error, this.uriOf(key))
      }
      return tokenOf(body.toString('utf8')) === holder.token
    }
    return (await this.keysUnder(prefix)).includes(`${prefix}${CLAIM_NAME}-${holder.token}`)
  }

  async release(prefix: string, holder: ClaimHolder): Promise<void> {
    if (!(await this.claimStands(prefix, holder))) return
    const conditional = await this.honoursConditionalWrites(prefix)
    await this.deleteClaim(
      conditional ? prefix + CLAIM_NAME : `${prefix}${CLAIM_NAME}-${holder.token}`
    )
  }

  /** A probe key written twice with If-None-Match: the second write must be refused. */
  private honoursConditionalWrites(prefix: string): Promise<boolean> {
    this.conditionalWrites ??= (async () => {
      // Beside the environment's folder (`<environment>.luneo-probe-<token>`), not in it: a store
      // that removes a folder once emptied (s3rver) must not remove one another run writes into.
      const environment = prefix.replace(/\/[^/]+\/$/, '')
      const probe = `${environment}.luneo-probe-${randomBytes(8).toString('hex')}`
      try {
        await this.putIfAbsent(probe, 'probe\n')
        const honoured = !(await this.putIfAbsent(probe, 'probe\n'))
        if (!honoured) {
          this.log.info(
            `${this.config.endpoint ?? 'S3'} ignores If-None-Match on PUT: snapshot folders are claimed by claim-then-list`
          )
        }
        return honoured
      } catch (error) {
        if (!unsupported(error) && (error as { name?: string }).name !== 'InvalidArgument')
          throw error
        this.log.info(
          `${this.config.endpoint ?? 'S3'} refuses conditional PUTs (${(error as Error).name}): snapshot folders are claimed by claim-then-list`
        )
        return false
      } finally {
        await this.deleteClaim(probe).catch((error: unknown) =>
          this.log.warning(
            `could not delete the probe object ${this.uriOf(probe)}: ${errorLine(error)}`
          )
        )
      }
    })()
    return this.conditionalWrites
  }

  /** PUT unless the key exists: false on 412; a 409 (a racing conditional PUT) is retried. */
  private async putIfAbsent(key: string, body: string): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.putSmall(key, body, '*')
        return true
      } catch (error) {
        const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
        const status = e.$metadata?.httpStatusCode
        if (status === 412 || e.name === 'PreconditionFailed') return false
        if (
          (status === 409 || e.name === 'ConditionalRequestConflict') &&
          attempt < CONFLICT_RETRIES
        ) {
          await sleep(50 * 2 ** attempt)
          continue
        }
        throw error
      }
    }
  }

  /** A small object in one PUT (claims, probes), encrypted like everything else. */
  private async putSmall(key: string, body: string, ifNoneMatch?: '*'): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.config.bucket,
          Key: this.base + key,
          Body: body,
          ContentType: 'application/json',
          ...(ifNoneMatch ? { IfNoneMatch: ifNoneMatch } : {}),
          ...this.encryption()
        })
      )
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
      // The claim's own outcomes go back to the caller as they are; anything else in one line.
      if (
        ifNoneMatch &&
        (e.$metadata?.httpStatusCode === 412 ||
          e.$metadata?.httpStatusCode === 409 ||
          unsupported(error) ||
          e.name === 'InvalidArgument')
      )
        throw error
      throw this.explain(error, this.uriOf(key))
    }
  }

  /**
   * Remove a claim or probe object by key alone: the writer's role may delete only those
   * (deploy/iam/backup.json), and never an object version, so it can hide nothing for good. In a
   * versioned bucket the tiny old version stays until the lifecycle rule for noncurrent versions.
   */
  private async deleteClaim(key: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.base + key })
      )
    } catch (error) {
      throw this.explain(error, this.uriOf(key))
    }
  }

  private async keysUnder(prefix: string): Promise<string[]> {
    const keys: string[] = []
    for await (const o of this.list(prefix)) keys.push(o.key)
    return keys
  }

  /** Undefined until known; false once the store refused ListObjectVersions (s3rver). */
  private versionsListable: boolean | undefined

  async delete(keys: string[]): Promise<DeleteReport> {
    const report: DeleteReport = { removed: 0, held: [] }
    const targets = await this.versionsOf(keys)
    for (let i = 0; i < targets.length; i += 1000) {
      const batch = targets.slice(i, i + 1000)
      let res
      try {
        res = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.config.bucket,
            Delete: { Objects: batch, Quiet: true }
          })
        )
      } catch (error) {
        throw this.explain(error, `a batch of ${batch.length} deletes under ${this.location}`)
      }
      const failed: string[] = []
      for (const e of res.Errors ?? []) {
        const held = await this.heldBy(e.Key ?? '', e.VersionId, e.Code, e.Message)
        if (held) report.held.push(held)
        else
          failed.push(
            `s3://${this.config.bucket}/${e.Key}${e.VersionId ? ` (version ${e.VersionId})` : ''}: ${e.Code} ${e.Message ?? ''}`.trim()
          )
      }
      report.removed += batch.length - (res.Errors ?? []).length
      if (failed.length > 0) {
        throw new UserError(`could not delete ${failed.length} object(s), first ${failed[0]}`)
      }
    }
    return report
  }

  /**
   * Every version and delete marker of these keys (ListObjectVersions on their folders, paged),
   * so a delete in a versioned bucket really removes the data; plain keys where the store cannot
   * list versions. A non-versioned AWS bucket lists each object once, with version "null".
   */
  private async versionsOf(keys: string[]): Promise<ObjectIdentifier[]> {
    const plain = () => keys.map((k) => ({ Key: this.base + k }))
    if (keys.length === 0 || this.versionsListable === false) return plain()
    const wanted = new Set(keys.map((k) => this.base + k))
    const folders = [...new Set([...wanted].map((k) => k.slice(0, k.lastIndexOf('/') + 1)))]
    const out: ObjectIdentifier[] = []
    for (const Prefix of folders) {
      let KeyMarker: string | undefined
      let VersionIdMarker: string | undefined
      let sawAny = false
      const found: ObjectIdentifier[] = []
      do {
        let res
        try {
          res = await this.client.send(
            new ListObjectVersionsCommand({
              Bucket: this.config.bucket,
              Prefix,
              KeyMarker,
              VersionIdMarker
            })
          )
        } catch (error) {
          if (unsupported(error)) {
            this.versionsListable = false
            this.log.info(
              `${this.config.endpoint ?? 'S3'} does not list object versions (${(error as Error).name}): deleting the current objects only`
            )
            return plain()
          }
          throw this.explain(error, `the versions under s3://${this.config.bucket}/${Prefix}`)
        }
        for (const v of [...(res.Versions ?? []), ...(res.DeleteMarkers ?? [])]) {
          sawAny = true
          if (v.Key && wanted.has(v.Key)) found.push({ Key: v.Key, VersionId: v.VersionId })
        }
        KeyMarker = res.IsTruncated ? res.NextKeyMarker : undefined
        VersionIdMarker = res.IsTruncated ? res.NextVersionIdMarker : undefined
      } while (KeyMarker)
      this.versionsListable = true
      if (sawAny) out.push(...found)
      // A store that answers without listing anything where keys were just listed: plain deletes.
      else
        out.push(
          ...[...wanted]
            .filter((k) => k.startsWith(Prefix) && !k.slice(Prefix.length).includes('/'))
            .map((Key) => ({ Key }))
        )
    }
    return out
  }

  /**
   * Whether a per-key delete error is Object Lock at work: AccessDenied (AWS) or "object is WORM
   * protected" (MinIO) on a version whose retention or legal hold is in force. Then the held
   * object, with the date it can go; else undefined and the error stands.
   */
  private async heldBy(
    Key: string,
    VersionId: string | undefined,
    code: string | undefined,
    message: string | undefined
  ): Promise<HeldObject | undefined> {
    if (code !== 'AccessDenied' && !/WORM|object lock|retention|legal hold/i.test(message ?? '')) {
      return undefined
    }
    const Bucket = this.config.bucket
    const held: HeldObject = {
      key: Key.slice(this.base.length),
      versionId: VersionId,
      legalHold: false
    }
    try {
      const r = await this.client.send(new GetObjectRetentionCommand({ Bucket, Key, VersionId }))
      if (r.Retention?.RetainUntilDate && r.Retention.RetainUntilDate.getTime() > Date.now()) {
        held.retainUntil = r.Retention.RetainUntilDate
        held.mode = r.Retention.Mode
      }
    } catch (error) {
      if (!this.noLock(error)) return undefined
    }
    try {
      const h = await this.client.send(new GetObjectLegalHoldCommand({ Bucket, Key, VersionId }))
      held.legalHold = h.LegalHold?.Status === 'ON'
    } catch (error) {
      if (!this.noLock(error)) return undefined
    }
    return held.retainUntil || held.legalHold ? held : undefined
  }

  /** "This object has no retention / legal hold": the lookup answered, with nothing. */
  private noLock(error: unknown): boolean {
    const name = (error as { name?: string }).name ?? ''
    return /NoSuchObjectLockConfiguration|ObjectLockConfigurationNotFound/.test(name)
  }

  /**
   * Abort the multipart uploads under `prefix` initiated before `before` (ListMultipartUploads,
   * paged): what a killed backup leaves behind, billed until aborted. A store that cannot list
   * them (s3rver: NotImplemented) is reported as unsupported, not as a failure.
   */
  async abortStaleUploads(
    prefix: string,
    before: Date,
    dryRun: boolean
  ): Promise<StaleUploadsReport> {
    const Bucket = this.config.bucket
    const stale: OpenUpload[] = []
    let KeyMarker: string | undefined
    let UploadIdMarker: string | undefined
    do {
      let res
      try {
        res = await this.client.send(
          new ListMultipartUploadsCommand({
            Bucket,
            Prefix: this.base + prefix,
            KeyMarker,
            UploadIdMarker
          })
        )
      } catch (error) {
        if (unsupported(error)) {
          this.log.info(
            `${this.config.endpoint ?? 'S3'} does not list multipart uploads (${(error as Error).name}): no open upload checked`
          )
          return { supported: false, uploads: [], aborted: 0 }
        }
        throw this.explain(error, `the multipart uploads under ${this.uriOf(prefix)}`)
      }
      for (const u of res.Uploads ?? []) {
        if (!u.Key || !u.UploadId || !u.Initiated) continue
        if (u.Initiated.getTime() < before.getTime()) {
          stale.push({
            key: u.Key.slice(this.base.length),
            uploadId: u.UploadId,
            initiated: u.Initiated
          })
        }
      }
      KeyMarker = res.IsTruncated ? res.NextKeyMarker : undefined
      UploadIdMarker = res.IsTruncated ? res.NextUploadIdMarker : undefined
    } while (KeyMarker)
    let aborted = 0
    if (!dryRun) {
      for (const u of stale) {
        try {
          await this.client.send(
            new AbortMultipartUploadCommand({
              Bucket,
              Key: this.base + u.key,
              UploadId: u.uploadId
            })
          )
          aborted++
        } catch (error) {
          // Gone meanwhile (completed or aborted by a lifecycle rule): nothing left to do.
          if ((error as { name?: string }).name === 'NoSuchUpload') continue
          throw this.explain(error, `the multipart upload ${u.uploadId} of ${this.uriOf(u.key)}`)
        }
      }
    }
    return { supported: true, uploads: stale, aborted }
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

  private encryption(): { ServerSideEncryption?: 'AES256' | 'aws:kms'; SSEKMSKeyId?: string } {
    if (this.config.sse === 'none') return {}
    if (this.config.sse === 'aws:kms') {
      return { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.config.kmsKeyId }
    }
    return { ServerSideEncryption: 'AES256' }
  }

  /** One line that says what went wrong with S3, naming the thing and the endpoint. */
  private explain(error: unknown, what: string, key?: string): UserError {
    return explainS3Error(error, what, this.config, key)
  }
}
