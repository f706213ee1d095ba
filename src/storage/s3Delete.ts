import {
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectLegalHoldCommand,
  GetObjectRetentionCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  type ObjectIdentifier
} from '@aws-sdk/client-s3'
import { UserError } from '../util/errors.js'
import type { S3Bucket } from './s3Client.js'
import { unsupported } from './s3Errors.js'
import type { DeleteReport, HeldObject, OpenUpload, StaleUploadsReport } from './storage.js'

// Deleting for good on S3 (Storage.delete): every version and delete marker of a key, what
// Object Lock holds reported with the date it can go; and the multipart uploads a killed run
// left open (Storage.abortStaleUploads).

export class S3Deletes {
  constructor(private readonly s3: S3Bucket) {}

  /** Undefined until known; false once the store refused ListObjectVersions (s3rver). */
  private versionsListable: boolean | undefined

  async delete(keys: string[]): Promise<DeleteReport> {
    const report: DeleteReport = { removed: 0, held: [] }
    const targets = await this.versionsOf(keys)
    for (let i = 0; i < targets.length; i += 1000) {
      const batch = targets.slice(i, i + 1000)
      let res
      try {
        res = await this.s3.client.send(
          new DeleteObjectsCommand({
            Bucket: this.s3.config.bucket,
            Delete: { Objects: batch, Quiet: true }
          })
        )
      } catch (error) {
        throw this.s3.explain(error, `a batch of ${batch.length} deletes under ${this.s3.location}`)
      }
      const failed: string[] = []
      for (const e of res.Errors ?? []) {
        const held = await this.heldBy(e.Key ?? '', e.VersionId, e.Code, e.Message)
        if (held) report.held.push(held)
        else
          failed.push(
            `s3://${this.s3.config.bucket}/${e.Key}${e.VersionId ? ` (version ${e.VersionId})` : ''}: ${e.Code} ${e.Message ?? ''}`.trim()
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
    const plain = () => keys.map((k) => ({ Key: this.s3.base + k }))
    if (keys.length === 0 || this.versionsListable === false) return plain()
    const wanted = new Set(keys.map((k) => this.s3.base + k))
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
          res = await this.s3.client.send(
            new ListObjectVersionsCommand({
              Bucket: this.s3.config.bucket,
              Prefix,
              KeyMarker,
              VersionIdMarker
            })
          )
        } catch (error) {
          if (unsupported(error)) {
            this.versionsListable = false
            this.s3.log.info(
              `${this.s3.config.endpoint ?? 'S3'} does not list object versions (${(error as Error).name}): deleting the current objects only`
            )
            return plain()
          }
          throw this.s3.explain(error, `the versions under s3://${this.s3.config.bucket}/${Prefix}`)
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
    const Bucket = this.s3.config.bucket
    const held: HeldObject = {
      key: Key.slice(this.s3.base.length),
      versionId: VersionId,
      legalHold: false
    }
    try {
      const r = await this.s3.client.send(new GetObjectRetentionCommand({ Bucket, Key, VersionId }))
      if (r.Retention?.RetainUntilDate && r.Retention.RetainUntilDate.getTime() > Date.now()) {
        held.retainUntil = r.Retention.RetainUntilDate
        held.mode = r.Retention.Mode
      }
    } catch (error) {
      if (!this.noLock(error)) return undefined
    }
    try {
      const h = await this.s3.client.send(new GetObjectLegalHoldCommand({ Bucket, Key, VersionId }))
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
    const Bucket = this.s3.config.bucket
    const stale: OpenUpload[] = []
    let KeyMarker: string | undefined
    let UploadIdMarker: string | undefined
    do {
      let res
      try {
        res = await this.s3.client.send(
          new ListMultipartUploadsCommand({
            Bucket,
            Prefix: this.s3.base + prefix,
            KeyMarker,
            UploadIdMarker
          })
        )
      } catch (error) {
        if (unsupported(error)) {
          this.s3.log.info(
            `${this.s3.config.endpoint ?? 'S3'} does not list multipart uploads (${(error as Error).name}): no open upload checked`
          )
          return { supported: false, uploads: [], aborted: 0 }
        }
        throw this.s3.explain(error, `the multipart uploads under ${this.s3.uriOf(prefix)}`)
      }
      for (const u of res.Uploads ?? []) {
        if (!u.Key || !u.UploadId || !u.Initiated) continue
        if (u.Initiated.getTime() < before.getTime()) {
          stale.push({
            key: u.Key.slice(this.s3.base.length),
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
          await this.s3.client.send(
            new AbortMultipartUploadCommand({
              Bucket,
              Key: this.s3.base + u.key,
              UploadId: u.uploadId
            })
          )
          aborted++
        } catch (error) {
          // Gone meanwhile (completed or aborted by a lifecycle rule): nothing left to do.
          if ((error as { name?: string }).name === 'NoSuchUpload') continue
          throw this.s3.explain(
            error,
            `the multipart upload ${u.uploadId} of ${this.s3.uriOf(u.key)}`
          )
        }
      }
    }
    return { supported: true, uploads: stale, aborted }
  }
}
