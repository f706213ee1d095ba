import { gunzipSync } from 'node:zlib'
import type { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import type { Log } from '../log.js'
import { snapshotKey } from '../snapshot/layout.js'
import type { FileEntry, Manifest } from '../snapshot/manifest.js'
import { streamVerified } from '../snapshot/reader.js'
import {
  UPLOADS_INDEX_NAME,
  parseIndex,
  type UploadsIndex
} from '../sources/uploads/indexFormat.js'
import { ArchivedObjectError, type Storage, type StoredObject } from '../storage/storage.js'
import { throwIfCancelled } from '../util/cancel.js'
import { UserError, errorLine } from '../util/errors.js'
import { checkCanDecrypt } from '../encryption/identity.js'
import { round } from '../util/format.js'
import type { VerifyVerdict } from '../vocabulary.js'
import { verdictOf } from './verdict.js'
import { decodeArchive, decodeDump, decodeLogicalRedis, decodeRdb, type Decoded } from './decode.js'

// Prove one snapshot without restoring it: every file streamed from storage once, its size and
// SHA-256 checked against the manifest, and decoded as a restore would read it (decode.ts). A
// file that fails is reported and the next one is still checked, so one run names every bad file.
// A file the storage has archived (S3 GLACIER or DEEP_ARCHIVE, not restored) is not read: it is
// counted and listed as archived, never passed off as verified.

export interface FileVerdict {
  name: string
  source: FileEntry['source']
  bytes: number
  seconds: number
  /** verified: read and as the manifest says; archived: not read (restore it first). */
  outcome: 'verified' | 'failed' | 'archived'
  facts: string[]
  /** Why it failed (the checksum, the decoder's error, what differs), or why it was not read. */
  problem?: string
}

export interface SnapshotVerdict {
  id: string
  location: string
  /**
   * verified: every file read and as its manifest says; partial: those read are, the archived
   * ones were not read; archived: no file could be read; failed: a file is not as it should be.
   */
  verdict: VerifyVerdict
  /** Files not read because they are archived. */
  archived: number
  /** Files that failed. */
  failed: number
  seconds: number
  files: FileVerdict[]
}

export interface VerifyOptions {
  identities?: string[]
  /** The snapshot's objects as listed (their storage classes): the archived ones are not read. */
  objects?: StoredObject[]
}

export async function verifySnapshot(
  storage: Storage,
  manifest: Manifest,
  log: Log,
  options: VerifyOptions = {}
): Promise<SnapshotVerdict> {
  const { identities, objects = [] } = options
  const started = Date.now()
  // An encrypted snapshot is decoded only after decrypting: without the key (or with the wrong
  // one) it is refused in one line naming its recipients, never passed on its ciphertext alone.
  try {
    await checkCanDecrypt(manifest.files, identities, manifest.id)
  } catch (error) {
    throw new UserError((error as Error).message)
  }
  const keyOf = (name: string) => snapshotKey(manifest.environment, manifest.id, name)
  // The index first: the archive is checked against it.
  const files = [...manifest.files].sort(
    (a, b) => Number(b.name === UPLOADS_INDEX_NAME) - Number(a.name === UPLOADS_INDEX_NAME)
  )
  let index: UploadsIndex | undefined
  const verdicts: FileVerdict[] = []
  for (const file of files) {
    throwIfCancelled()
    const decode = (input: Readable): Promise<Decoded> => {
      if (file.name === UPLOADS_INDEX_NAME) {
        return buffer(input).then((raw) => {
          index = parseIndex(gunzipSync(raw).toString('utf8'), file.name)
          return { facts: [`${index.entries.length} entries listed`], problems: [] }
        })
      }
      if (file.source === 'postgres') return decodeDump(input, file, manifest)
      if (file.source === 'redis') {
        return manifest.sources.redis?.mode === 'logical'
          ? decodeLogicalRedis(input, file, manifest)
          : decodeRdb(input, file, manifest)
      }
      if (!index) throw new Error(`no readable ${UPLOADS_INDEX_NAME} to check the archive against`)
      return decodeArchive(input, file, index)
    }
    const verdict: FileVerdict = {
      name: file.name,
      source: file.source,
      bytes: file.bytes,
      seconds: 0,
      outcome: 'failed',
      facts: []
    }
    const fileStarted = Date.now()
    const stored = objects.find((o) => o.key === keyOf(file.name))
    try {
      if (stored && storage.isArchived && (await storage.isArchived(stored))) {
        verdict.outcome = 'archived'
        verdict.problem = `archived (${stored.storageClass}): not read; restore it to verify it`
      } else {
        const { result } = await streamVerified(storage, keyOf(file.name), file, decode, identities)
        verdict.facts = [`size and SHA-256 as the manifest says`, ...result.facts]
        verdict.outcome = result.problems.length === 0 ? 'verified' : 'failed'
        if (result.problems.length) verdict.problem = result.problems.join('; ')
      }
    } catch (error) {
      throwIfCancelled()
      // Archived after it was listed, or in a class the listing does not name (S3 Intelligent-
      // Tiering's archive tiers): GetObject's InvalidObjectState.
      if (error instanceof ArchivedObjectError) {
        verdict.outcome = 'archived'
        verdict.problem =
          'archived: the storage refused to read it (InvalidObjectState); restore it to verify it'
      } else verdict.problem = errorLine(error)
    }
    verdict.seconds = round((Date.now() - fileStarted) / 1000)
    if (verdict.outcome === 'verified') log.info(`ok: ${file.name}: ${verdict.facts.join('; ')}`)
    else if (verdict.outcome === 'archived') log.info(`${file.name}: ${verdict.problem}`)
    else log.warning(`${storage.uriOf(keyOf(file.name))}: ${verdict.problem}`)
    verdicts.push(verdict)
  }
  return {
    id: manifest.id,
    location: storage.uriOf(keyOf('')),
    verdict: verdictOf(verdicts),
    archived: verdicts.filter((v) => v.outcome === 'archived').length,
    failed: verdicts.filter((v) => v.outcome === 'failed').length,
    seconds: round((Date.now() - started) / 1000),
    files: verdicts
  }
}
