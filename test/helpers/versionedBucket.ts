import { Readable } from 'node:stream'
import { mockClient, s3Error, type Answer } from './mockS3.js'

// An in-memory VERSIONED bucket with Object Lock, behind a mock S3 client (test/helpers/mockS3.ts):
// enough of S3's semantics for prune and the storage contract (test/integration/storageContract
// .test.ts). A delete without VersionId adds a delete marker; a delete with VersionId removes
// that version, unless a retention date in the future or a legal hold protects it (then the
// per-key error AWS gives: AccessDenied). PUT honours If-None-Match as AWS does; multipart
// uploads complete into one version. Listings page at `pageSize`. `missing`: HeadBucket says 404.

export interface Version {
  key: string
  versionId: string
  body?: Buffer
  deleteMarker: boolean
  lastModified: Date
  retainUntil?: Date
  legalHold?: boolean
}

export interface Upload {
  key: string
  uploadId: string
  initiated: Date
  parts?: Map<number, Buffer>
  tags?: string
}

/** A request body as the SDK hands it over after lib-storage: bytes or a string. */
function bytesOf(body: unknown): Buffer {
  if (typeof body === 'string') return Buffer.from(body)
  if (body instanceof Uint8Array) return Buffer.from(body)
  throw new Error(`mock: a body of type ${typeof body}`)
}

export class VersionedBucket {
  versions: Version[] = []
  uploads: Upload[] = []
  private next = 1
  pageSize = 1000
  missing = false
  /** Tags of each version, as the x-amz-tagging header or PutObjectTagging left them. */
  tags = new Map<Version, string>()

  put(key: string, body: string | Buffer, extra: Partial<Version> = {}): Version {
    const v: Version = {
      key,
      versionId: `v${this.next++}`,
      body: Buffer.from(body),
      deleteMarker: false,
      lastModified: new Date('2026-01-01T00:00:00Z'),
      ...extra
    }
    this.versions.push(v)
    return v
  }

  markDeleted(key: string): Version {
    const v: Version = {
      key,
      versionId: `v${this.next++}`,
      deleteMarker: true,
      lastModified: new Date('2026-01-01T00:00:00Z')
    }
    this.versions.push(v)
    return v
  }

  /** The newest version of each key, when it is not a delete marker. */
  current(): Version[] {
    const latest = new Map<string, Version>()
    for (const v of this.versions) latest.set(v.key, v)
    return [...latest.values()]
      .filter((v) => !v.deleteMarker)
      .sort((a, b) => a.key.localeCompare(b.key))
  }

  versionsOf(key: string): Version[] {
    return this.versions.filter((v) => v.key === key)
  }

  private page<T>(items: T[], start: number) {
    const page = items.slice(start, start + this.pageSize)
    return { page, truncated: start + this.pageSize < items.length }
  }

  answers(): Record<string, Answer> {
    const found = (key: unknown) => this.current().find((c) => c.key === key)
    return {
      HeadBucketCommand: () => {
        if (this.missing) throw s3Error('NotFound', 404)
        return {}
      },
      PutObjectCommand: (input) => {
        if (input.IfNoneMatch === '*' && found(input.Key)) throw s3Error('PreconditionFailed', 412)
        const v = this.put(input.Key as string, bytesOf(input.Body), { lastModified: new Date() })
        if (input.Tagging) this.tags.set(v, input.Tagging as string)
        return { VersionId: v.versionId }
      },
      HeadObjectCommand: (input) => {
        const v = found(input.Key)
        if (!v) throw s3Error('NotFound', 404)
        return { ContentLength: v.body!.length, VersionId: v.versionId }
      },
      DeleteObjectCommand: (input) => {
        const v = this.markDeleted(input.Key as string)
        return { DeleteMarker: true, VersionId: v.versionId }
      },
      CreateMultipartUploadCommand: (input) => {
        const u: Upload = {
          key: input.Key as string,
          uploadId: `u${this.next++}`,
          initiated: new Date(),
          parts: new Map(),
          tags: input.Tagging as string | undefined
        }
        this.uploads.push(u)
        return { UploadId: u.uploadId }
      },
      UploadPartCommand: (input) => {
        const u = this.uploads.find((x) => x.uploadId === input.UploadId)
        if (!u) throw s3Error('NoSuchUpload', 404)
        u.parts!.set(input.PartNumber as number, bytesOf(input.Body))
        return { ETag: `"p${input.PartNumber as number}"` }
      },
      CompleteMultipartUploadCommand: (input) => {
        const u = this.uploads.find((x) => x.uploadId === input.UploadId)
        if (!u) throw s3Error('NoSuchUpload', 404)
        const numbers = [...u.parts!.keys()].sort((a, b) => a - b)
        const v = this.put(u.key, Buffer.concat(numbers.map((n) => u.parts!.get(n)!)), {
          lastModified: new Date()
        })
        if (u.tags) this.tags.set(v, u.tags)
        this.uploads = this.uploads.filter((x) => x !== u)
        return { VersionId: v.versionId }
      },
      PutObjectTaggingCommand: (input) => {
        const v = found(input.Key)
        if (!v) throw s3Error('NoSuchKey', 404)
        const set = (input.Tagging as { TagSet: Array<{ Key: string; Value: string }> }).TagSet
        this.tags.set(
          v,
          set.map((t) => `${encodeURIComponent(t.Key)}=${encodeURIComponent(t.Value)}`).join('&')
        )
        return {}
      },
      ListObjectsV2Command: (input) => {
        const prefix = (input.Prefix as string) ?? ''
        const all = this.current().filter((v) => v.key.startsWith(prefix))
        const start = Number(input.ContinuationToken ?? 0)
        const { page, truncated } = this.page(all, start)
        return {
          Contents: page.map((v) => ({
            Key: v.key,
            Size: v.body!.length,
            LastModified: v.lastModified
          })),
          IsTruncated: truncated,
          NextContinuationToken: truncated ? String(start + this.pageSize) : undefined
        }
      },
      GetObjectCommand: (input) => {
        const v = this.current().find((c) => c.key === input.Key)
        if (!v) throw s3Error('NoSuchKey', 404)
        return { Body: Readable.from([v.body!]) }
      },
      ListObjectVersionsCommand: (input) => {
        const prefix = (input.Prefix as string) ?? ''
        // By key, newest version first, as S3 lists them.
        const all = this.versions
          .map((v, i) => ({ v, i }))
          .filter(({ v }) => v.key.startsWith(prefix))
          .sort((a, b) => a.v.key.localeCompare(b.v.key) || b.i - a.i)
          .map(({ v }) => v)
        let start = 0
        if (input.KeyMarker) {
          start =
            all.findIndex(
              (v) => v.key === input.KeyMarker && v.versionId === input.VersionIdMarker
            ) + 1
        }
        const { page, truncated } = this.page(all, start)
        const last = page[page.length - 1]
        const latest = (v: Version) => this.versionsOf(v.key).at(-1) === v
        return {
          Versions: page
            .filter((v) => !v.deleteMarker)
            .map((v) => ({ Key: v.key, VersionId: v.versionId, IsLatest: latest(v) })),
          DeleteMarkers: page
            .filter((v) => v.deleteMarker)
            .map((v) => ({ Key: v.key, VersionId: v.versionId, IsLatest: latest(v) })),
          IsTruncated: truncated,
          NextKeyMarker: truncated ? last.key : undefined,
          NextVersionIdMarker: truncated ? last.versionId : undefined
        }
      },
      DeleteObjectsCommand: (input) => {
        const objects = (input.Delete as { Objects: Array<{ Key: string; VersionId?: string }> })
          .Objects
        const Errors: Array<Record<string, string | undefined>> = []
        for (const o of objects) {
          if (!o.VersionId) {
            this.markDeleted(o.Key)
            continue
          }
          const v = this.versions.find((x) => x.key === o.Key && x.versionId === o.VersionId)
          if (!v) continue
          if ((v.retainUntil && v.retainUntil.getTime() > Date.now()) || v.legalHold) {
            Errors.push({
              Key: o.Key,
              VersionId: o.VersionId,
              Code: 'AccessDenied',
              Message: 'Access Denied because object protected by object lock.'
            })
            continue
          }
          this.versions = this.versions.filter((x) => x !== v)
        }
        return { Errors: Errors.length > 0 ? Errors : undefined }
      },
      GetObjectRetentionCommand: (input) => {
        const v = this.versions.find((x) => x.key === input.Key && x.versionId === input.VersionId)
        if (!v?.retainUntil) throw s3Error('NoSuchObjectLockConfiguration', 404)
        return { Retention: { Mode: 'COMPLIANCE', RetainUntilDate: v.retainUntil } }
      },
      GetObjectLegalHoldCommand: (input) => {
        const v = this.versions.find((x) => x.key === input.Key && x.versionId === input.VersionId)
        if (v?.legalHold === undefined) throw s3Error('NoSuchObjectLockConfiguration', 404)
        return { LegalHold: { Status: v.legalHold ? 'ON' : 'OFF' } }
      },
      ListMultipartUploadsCommand: (input) => {
        const prefix = (input.Prefix as string) ?? ''
        const all = this.uploads
          .filter((u) => u.key.startsWith(prefix))
          .sort((a, b) => a.key.localeCompare(b.key) || a.uploadId.localeCompare(b.uploadId))
        let start = 0
        if (input.KeyMarker) {
          start =
            all.findIndex((u) => u.key === input.KeyMarker && u.uploadId === input.UploadIdMarker) +
            1
        }
        const { page, truncated } = this.page(all, start)
        const last = page[page.length - 1]
        return {
          Uploads: page.map((u) => ({ Key: u.key, UploadId: u.uploadId, Initiated: u.initiated })),
          IsTruncated: truncated,
          NextKeyMarker: truncated ? last.key : undefined,
          NextUploadIdMarker: truncated ? last.uploadId : undefined
        }
      },
      AbortMultipartUploadCommand: (input) => {
        const before = this.uploads.length
        this.uploads = this.uploads.filter((u) => u.uploadId !== input.UploadId)
        if (this.uploads.length === before) throw s3Error('NoSuchUpload', 404)
        return {}
      }
    }
  }

  client() {
    return mockClient(this.answers())
  }
}
