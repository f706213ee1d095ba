import { round } from '../../util/format.js'
import type { Stats } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Log } from '../../log.js'
import { plainNameOf } from '../../encryption/sealing.js'
import { createDecompressor } from '../../snapshot/compression.js'
import type { FileEntry, Manifest } from '../../snapshot/manifest.js'
import { ChecksumError, streamVerified } from '../../snapshot/reader.js'
import type { Storage } from '../../storage/storage.js'
import { UserError, errorLine, fsErrorLine } from '../../util/errors.js'
import type { DrillTarget } from '../drillTarget.js'
import { checkUploadsDrillTarget, drillMarkerPath } from './drill.js'
import { Extractor } from './extract.js'
import { UPLOADS_INDEX_NAME, parseIndex, type UploadsIndex } from './indexFormat.js'
import { planFromIndex, type Plan } from './plan.js'
import { moveInto, removeTree, stagingPlace, swap } from './swap.js'

// Putting an uploads archive back into a folder (the folder itself: the archive's leading
// `uploads/` is stripped). The index is read first; it is the plan: every path, type, size,
// hash and link target. Then the archive streams from storage (its SHA-256 checked on the way)
// through the decompressor into a staging folder beside the target, where every entry is checked
// before it is written (no `..`, no absolute path, no link pointing out, nothing written through
// a link) and every file is hashed as it is written. Only a staging folder that matches the
// index exactly is swapped into place, so a failure at any point leaves the target as it was.

export interface UploadsRestoreOptions {
  storage: Storage
  /** The key of a snapshot file: name -> `<environment>/<snapshot-id>/<name>`. */
  keyOf: (name: string) => string
  manifest: Manifest
  targetDir: string
  /** age-identity, for an encrypted snapshot. */
  identities?: string[]
  /** Replace the contents of a target folder that is not empty. */
  force: boolean
  /** Read and check the index, check the target, and report; write nothing. */
  dryRun?: boolean
  /** With dryRun: the plan step before a real restore, so the plan is not called a dry run. */
  planStep?: boolean
  /**
   * A drill: the target must be empty or marked by an earlier drill, and not the source; the
   * marker file (beside the folder, see drillMarkerPath) is written before any file.
   */
  drill?: DrillTarget
  /**
   * The index, already read: a legacy folder's, built from its archive (restore/legacy.ts),
   * which has no index file beside it. Otherwise it is read from the snapshot.
   */
  index?: UploadsIndex
  log: Log
}

export interface UploadsRestoreResult {
  /** The folder restored into (symlinks resolved). */
  target: string
  snapshot: string
  archive: string
  /** Regular files, their content bytes, folders (the top one included), symlinks. */
  files: number
  bytes: number
  directories: number
  symlinks: number
  /** Files whose SHA-256 and size, computed while writing them, equal the index's. */
  verified: number
  /** Entries that were in the target before and were replaced (force). */
  replaced: number
  dryRun: boolean
  seconds: number
}

export async function restoreUploads(
  options: UploadsRestoreOptions
): Promise<UploadsRestoreResult> {
  const started = Date.now()
  const { storage, keyOf, manifest, force, log } = options
  const dryRun = options.dryRun ?? false
  const { archiveFile, indexFile } = uploadsFiles(manifest, options.index !== undefined)

  const target = await resolveTarget(options.targetDir)
  const existing = await targetEntries(target)
  if (options.drill) await checkUploadsDrillTarget(target, existing, manifest, force)
  if (existing.length > 0 && !force) {
    throw new UserError(
      `target-uploads-dir ${target} is not empty (${existing.length} entries, e.g. ${existing[0]}): pass force: true to replace its contents`
    )
  }

  let plan: Plan
  try {
    plan = planFromIndex(
      options.index ?? (await readIndex(storage, keyOf, indexFile!, log, options.identities)),
      plainNameOf(archiveFile) // the index names the archive as it is before encryption
    )
  } catch (error) {
    throw notChanged(error, target)
  }
  const what = `${plan.files} files (${plan.bytes} bytes), ${plan.directories} folders, ${plan.symlinks} symlinks`
  const result = (verified: number): UploadsRestoreResult => ({
    target,
    snapshot: manifest.id,
    archive: archiveFile.name,
    files: plan.files,
    bytes: plan.bytes,
    directories: plan.directories,
    symlinks: plan.symlinks,
    verified,
    replaced: existing.length,
    dryRun,
    seconds: round((Date.now() - started) / 1000)
  })
  const replacing = existing.length > 0 ? `, replacing its ${existing.length} entries` : ''
  if (dryRun) {
    const plan = `restore ${what} from ${archiveFile.name} of snapshot ${manifest.id} into ${target}${replacing}`
    log.info(options.planStep ? `plan: ${plan}` : `dry run: would ${plan}; nothing was written`)
    return result(0)
  }

  log.info(`restoring ${what} from ${archiveFile.name} into ${target}${replacing}`)
  const place = await stagingPlace(target)
  if (options.drill) {
    const marker = drillMarkerPath(target)
    try {
      await fs.writeFile(marker, options.drill.label + '\n', { mode: 0o600 })
    } catch (error) {
      throw new UserError(
        `cannot write the drill marker ${marker}: ${fsErrorLine(error)}; ${target} was not changed`
      )
    }
    log.info(`${target}: marked as a drill target (${marker})`)
  }
  let staging: string
  try {
    staging = await fs.mkdtemp(place.prefix)
  } catch (error) {
    throw new UserError(
      `cannot create a staging folder beside ${target}: ${fsErrorLine(error)}; ${target} was not changed`
    )
  }
  let verified: number
  try {
    const extractor = new Extractor(staging, plan, log)
    await streamVerified(
      storage,
      keyOf(archiveFile.name),
      archiveFile,
      (input) => extractor.extract(input, archiveFile),
      options.identities
    )
    extractor.checkComplete()
    await extractor.applyFolderTimes()
    verified = extractor.verified
  } catch (error) {
    await removeTree(staging)
    throw notChanged(error, target)
  }
  if (place.mountPoint) await moveInto(staging, target, force)
  else await swap(staging, target, force, log)
  const done = result(verified)
  log.info(
    `${target}: restored ${what}; ${verified} files verified against the index (SHA-256 and size), ${done.seconds} s`
  )
  return done
}

/** The archive and index entries of the manifest. */
function uploadsFiles(
  manifest: Manifest,
  indexGiven: boolean
): { archiveFile: FileEntry; indexFile?: FileEntry } {
  const stats = manifest.sources.uploads
  const indexName = stats?.index ?? UPLOADS_INDEX_NAME
  const indexFile = manifest.files.find((f) => f.source === 'uploads' && f.name === indexName)
  const archiveFile = manifest.files.find((f) => f.source === 'uploads' && f.name !== indexName)
  if (!archiveFile || (!indexFile && !indexGiven)) {
    throw new UserError(
      `snapshot ${manifest.id} holds no uploads archive${archiveFile ? ` index (${indexName})` : ''}: nothing to restore into target-uploads-dir`
    )
  }
  return { archiveFile, indexFile }
}

async function resolveTarget(dirInput: string): Promise<string> {
  let target = path.resolve(dirInput)
  if (path.dirname(target) === target) {
    throw new UserError(`target-uploads-dir ${target} is a file system root: name a folder`)
  }
  let stats: Stats | undefined
  try {
    stats = await fs.lstat(target)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UserError(`target-uploads-dir ${target} cannot be read: ${fsErrorLine(error)}`)
    }
  }
  if (stats?.isSymbolicLink()) {
    // A symlinked uploads folder (to a volume, say) is restored where it points.
    try {
      target = await fs.realpath(target)
      stats = await fs.stat(target)
    } catch (error) {
      throw new UserError(
        `target-uploads-dir ${target} is a symlink that cannot be followed: ${fsErrorLine(error)}`
      )
    }
  }
  if (stats && !stats.isDirectory()) {
    throw new UserError(`target-uploads-dir ${target} exists and is not a folder`)
  }
  return target
}

/** Names in the target folder, sorted; [] when it does not exist. */
async function targetEntries(target: string): Promise<string[]> {
  try {
    return (await fs.readdir(target)).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new UserError(`target-uploads-dir ${target} cannot be read: ${fsErrorLine(error)}`)
  }
}

async function readIndex(
  storage: Storage,
  keyOf: (name: string) => string,
  file: FileEntry,
  log: Log,
  identities?: string[]
): Promise<UploadsIndex> {
  const chunks: Buffer[] = []
  await streamVerified(
    storage,
    keyOf(file.name),
    file,
    async (input) => {
      await pipeline(input, createDecompressor(file.compression), async (source) => {
        for await (const chunk of source as AsyncIterable<Buffer>) chunks.push(chunk)
      })
    },
    identities
  )
  const index = parseIndex(Buffer.concat(chunks).toString('utf8'), file.name)
  log.info(`${file.name}: ${index.entries.length} entries, checksum verified`)
  return index
}

function notChanged(error: unknown, target: string): Error {
  const message = `${errorLine(error)}; ${target} was not changed`
  if (error instanceof ChecksumError) return new ChecksumError(message)
  return new UserError(message, { cause: error })
}
