import { createHash, randomBytes } from 'node:crypto'
import { constants as fsConstants, type Stats } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import tar, { type ExtractEvents } from 'tar-stream'
import type { Log } from '../log.js'
import { createDecompressor } from '../snapshot/compression.js'
import type { FileEntry, Manifest } from '../snapshot/manifest.js'
import { ChecksumError, streamVerified } from '../snapshot/reader.js'
import type { Storage } from '../storage/storage.js'
import { UserError, errorLine } from '../util/errors.js'
import { mkdirs } from '../util/mkdirs.js'
import {
  UPLOADS_DRILL_MARKER_SUFFIX,
  checkDrillTarget,
  isDrillMarker,
  refuseSource,
  type DrillTarget
} from './drillTarget.js'
import { describe } from './uploads/fsCalls.js'
import {
  UPLOADS_INDEX_NAME,
  parseIndex,
  type UploadsIndex,
  type UploadsIndexEntry
} from './uploads/indexFormat.js'

// Putting an uploads archive back into a folder (the folder itself: the archive's leading
// `uploads/` is stripped). The index is read first; it is the plan: every path, type, size,
// hash and link target. Then the archive streams from storage (its SHA-256 checked on the way)
// through the decompressor into a staging folder beside the target, where every entry is checked
// before it is written (no `..`, no absolute path, no link pointing out, nothing written through
// a link) and every file is hashed as it is written. Only a staging folder that matches the
// index exactly is swapped into place, so a failure at any point leaves the target as it was.

/** Symlinks followed while resolving one link target before it counts as a loop (Linux: 40). */
const MAX_LINK_HOPS = 40
/** How many paths an error lists (the count is always whole). */
const MAX_LISTED = 5

export interface UploadsRestoreOptions {
  storage: Storage
  /** The key of a snapshot file: name -> `<environment>/<snapshot-id>/<name>`. */
  keyOf: (name: string) => string
  manifest: Manifest
  targetDir: string
  /** Replace the contents of a target folder that is not empty. */
  force: boolean
  /** Read and check the index, check the target, and report; write nothing. */
  dryRun?: boolean
  /**
   * A drill: the target must be empty or marked by an earlier drill, and not the source; the
   * marker file (beside the folder, see drillMarkerPath) is written before any file.
   */
  drill?: DrillTarget
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

type EntryType = UploadsIndexEntry['type']
type Entry = ExtractEvents['entry'][1]

interface Planned {
  /** Path inside the target, '/' separated, '' for the top folder. */
  rel: string
  entry: UploadsIndexEntry
  mode: number
  mtime: Date
}

interface Plan {
  index: UploadsIndex
  /** Keyed by rel. */
  entries: Map<string, Planned>
  links: Map<string, string>
  files: number
  bytes: number
  directories: number
  symlinks: number
}

export async function restoreUploads(
  options: UploadsRestoreOptions
): Promise<UploadsRestoreResult> {
  const started = Date.now()
  const { storage, keyOf, manifest, force, log } = options
  const dryRun = options.dryRun ?? false
  const { archiveFile, indexFile } = uploadsFiles(manifest)

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
    plan = planFromIndex(await readIndex(storage, keyOf, indexFile, log), archiveFile.name)
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
    log.info(
      `dry run: would restore ${what} from ${archiveFile.name} of snapshot ${manifest.id} into ${target}${replacing}; nothing was written`
    )
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
        `cannot write the drill marker ${marker}: ${describe(error)}; ${target} was not changed`
      )
    }
    log.info(`${target}: marked as a drill target (${marker})`)
  }
  let staging: string
  try {
    staging = await fs.mkdtemp(place.prefix)
  } catch (error) {
    throw new UserError(
      `cannot create a staging folder beside ${target}: ${describe(error)}; ${target} was not changed`
    )
  }
  let verified: number
  try {
    const extractor = new Extractor(staging, plan, log)
    await streamVerified(storage, keyOf(archiveFile.name), archiveFile, (input) =>
      extractor.extract(input, archiveFile)
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

/**
 * Where a drill marks an uploads target: a file beside the folder, not in it. The restore swaps
 * a verified staging folder into the target's place (one rename), so a marker inside would be
 * replaced with the old contents, would have to be put into every staging folder, and would be a
 * file the snapshot's index does not list; beside it, it survives the swap and can be written
 * before the folder even exists.
 */
export function drillMarkerPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}${UPLOADS_DRILL_MARKER_SUFFIX}`)
}

/** The drill rules for a folder (drillTarget.ts): not the source (nor in it), empty or marked. */
async function checkUploadsDrillTarget(
  target: string,
  existing: string[],
  manifest: Manifest,
  force: boolean
): Promise<void> {
  const what = `target-uploads-dir ${target}`
  const source = manifest.sources.uploads?.identity?.realPath
  const real = await realPathOf(target)
  if (source) {
    const why =
      real === source
        ? 'the same folder (symlinks resolved)'
        : real.startsWith(source + path.sep)
          ? 'it is inside that folder'
          : source.startsWith(real + path.sep)
            ? 'it holds that folder'
            : undefined
    if (why) throw refuseSource(what, source, why)
  }
  const marker = await fs.readFile(drillMarkerPath(target), 'utf8').catch(() => undefined)
  checkDrillTarget({
    what,
    holds: existing.length > 0 ? `${existing.length} entries (e.g. ${existing[0]})` : undefined,
    marked: isDrillMarker(marker),
    force
  })
}

/** The real path of a folder that may not exist yet: its nearest existing ancestor's, resolved. */
async function realPathOf(dir: string): Promise<string> {
  const rest: string[] = []
  for (let at = dir; ; at = path.dirname(at)) {
    try {
      return path.join(await fs.realpath(at), ...rest.reverse())
    } catch {
      if (path.dirname(at) === at) return dir
      rest.push(path.basename(at))
    }
  }
}

/** The archive and index entries of the manifest. */
function uploadsFiles(manifest: Manifest): { archiveFile: FileEntry; indexFile: FileEntry } {
  const stats = manifest.sources.uploads
  const indexName = stats?.index ?? UPLOADS_INDEX_NAME
  const indexFile = manifest.files.find((f) => f.source === 'uploads' && f.name === indexName)
  const archiveFile = manifest.files.find((f) => f.source === 'uploads' && f.name !== indexName)
  if (!archiveFile || !indexFile) {
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
      throw new UserError(`target-uploads-dir ${target} cannot be read: ${describe(error)}`)
    }
  }
  if (stats?.isSymbolicLink()) {
    // A symlinked uploads folder (to a volume, say) is restored where it points.
    try {
      target = await fs.realpath(target)
      stats = await fs.stat(target)
    } catch (error) {
      throw new UserError(
        `target-uploads-dir ${target} is a symlink that cannot be followed: ${describe(error)}`
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
    throw new UserError(`target-uploads-dir ${target} cannot be read: ${describe(error)}`)
  }
}

async function readIndex(
  storage: Storage,
  keyOf: (name: string) => string,
  file: FileEntry,
  log: Log
): Promise<UploadsIndex> {
  const chunks: Buffer[] = []
  await streamVerified(storage, keyOf(file.name), file, async (input) => {
    await pipeline(input, createDecompressor(file.compression), async (source) => {
      for await (const chunk of source as AsyncIterable<Buffer>) chunks.push(chunk)
    })
  })
  const index = parseIndex(Buffer.concat(chunks).toString('utf8'), file.name)
  log.info(`${file.name}: ${index.entries.length} entries, checksum verified`)
  return index
}

/**
 * Check the index as a whole before anything is downloaded: every path stays inside the folder,
 * every entry's folder is a folder of the index, and no symlink points out, even through other
 * symlinks of the tree. The restored tree will be exactly this one, so this holds for it too.
 */
export function planFromIndex(index: UploadsIndex, archiveName: string): Plan {
  if (index.archive !== archiveName) {
    throw new UserError(
      `${UPLOADS_INDEX_NAME} describes ${index.archive}, but the snapshot's archive is ${archiveName}`
    )
  }
  const plan: Plan = {
    index,
    entries: new Map(),
    links: new Map(),
    files: 0,
    bytes: 0,
    directories: 0,
    symlinks: 0
  }
  for (const entry of index.entries) {
    const parsed = archivePath(entry.path, index.root)
    if ('problem' in parsed) {
      throw new UserError(
        `${UPLOADS_INDEX_NAME} lists ${JSON.stringify(entry.path)}, which would escape the target folder: ${parsed.problem}; refused`
      )
    }
    const { rel } = parsed
    if (plan.entries.has(rel)) {
      throw new UserError(`${UPLOADS_INDEX_NAME} lists ${JSON.stringify(entry.path)} twice`)
    }
    if (entry.type === 'file' && (entry.size === undefined || entry.sha256 === undefined)) {
      throw new UserError(`${UPLOADS_INDEX_NAME}: file ${entry.path} has no size or sha256`)
    }
    if (entry.type === 'symlink' && !entry.linkname) {
      throw new UserError(`${UPLOADS_INDEX_NAME}: symlink ${entry.path} has no target`)
    }
    if (rel === '' && entry.type !== 'directory') {
      throw new UserError(`${UPLOADS_INDEX_NAME}: ${entry.path} is not a folder`)
    }
    plan.entries.set(rel, {
      rel,
      entry,
      mode: parseInt(entry.mode, 8),
      mtime: new Date(entry.mtime)
    })
    if (entry.type === 'file') {
      plan.files++
      plan.bytes += entry.size!
    } else if (entry.type === 'directory') plan.directories++
    else {
      plan.symlinks++
      plan.links.set(rel, entry.linkname!)
    }
  }
  if (plan.entries.get('')?.entry.type !== 'directory') {
    throw new UserError(`${UPLOADS_INDEX_NAME} has no entry for the folder ${index.root}/ itself`)
  }
  for (const { rel, entry } of plan.entries.values()) {
    if (rel === '') continue
    const parent = parentOf(rel)
    const kind = plan.entries.get(parent)?.entry.type
    if (kind !== 'directory') {
      throw new UserError(
        `${UPLOADS_INDEX_NAME} lists ${entry.path}, but ${index.root}/${parent} is ${kind ? `a ${kind}` : 'not listed'}, not a folder; refused`
      )
    }
    if (entry.type === 'symlink') {
      const problem = linkProblem(rel, entry.linkname!, (p) => plan.links.get(p))
      if (problem) {
        throw new UserError(
          `${UPLOADS_INDEX_NAME} lists the symlink ${entry.path} -> ${entry.linkname}, which ${problem}; refused (if you trust this snapshot, extract it by hand: tar -xf ${archiveName} -C <parent of the folder>)`
        )
      }
    }
  }
  return plan
}

/**
 * An archive path (`uploads/a/b`) as a path inside the target (`a/b`), or why it is refused.
 * `.` and empty components are dropped; `..` is refused outright, as GNU tar does.
 */
export function archivePath(name: string, root: string): { rel: string } | { problem: string } {
  if (name.includes('\0')) return { problem: 'it holds a NUL byte' }
  if (name.startsWith('/')) return { problem: 'it is an absolute path' }
  if (process.platform === 'win32' && /[\\:]/.test(name)) {
    return { problem: 'it holds a backslash or a drive letter' }
  }
  const parts = name.split('/').filter((p) => p !== '' && p !== '.')
  if (parts.includes('..')) return { problem: 'it has a ".." component' }
  if (parts[0] !== root) return { problem: `it is not under the archive's ${root}/ folder` }
  return { rel: parts.slice(1).join('/') }
}

/**
 * Where a symlink at `rel` (inside the folder) points, resolved as the kernel would in the
 * finished tree, following the tree's other symlinks (`lookup`): undefined when it stays inside,
 * else why not. Dangling targets inside the folder are fine.
 */
export function linkProblem(
  rel: string,
  linkname: string,
  lookup: (rel: string) => string | undefined
): string | undefined {
  if (linkname === '') return 'has an empty target'
  if (linkname.includes('\0')) return 'holds a NUL byte'
  if (linkname.startsWith('/')) return 'points to an absolute path, outside the folder'
  const at = rel.split('/').slice(0, -1)
  const queue = linkname.split('/')
  let hops = 0
  while (queue.length > 0) {
    const part = queue.shift()!
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (at.length === 0) return 'points outside the folder'
      at.pop()
      continue
    }
    const next = [...at, part].join('/')
    const through = lookup(next)
    if (through === undefined) {
      at.push(part)
      continue
    }
    if (++hops > MAX_LINK_HOPS) return 'goes through too many symlinks (a loop)'
    if (through.startsWith('/')) return `points outside the folder through the symlink ${next}`
    queue.unshift(...through.split('/'))
  }
  return undefined
}

/** Writes archive entries into the staging folder, checking each against the plan. */
class Extractor {
  /** What this extraction created, by rel: the truth about which paths are real folders. */
  private readonly created = new Map<string, EntryType>([['', 'directory']])
  private readonly seen = new Set<string>()
  verified = 0
  private strippedModes = 0

  constructor(
    private readonly staging: string,
    private readonly plan: Plan,
    private readonly log: Log
  ) {}

  async extract(input: Readable, file: FileEntry): Promise<void> {
    const extract = tar.extract()
    const feeding = pipeline(input, createDecompressor(file.compression), extract)
    feeding.catch(() => undefined) // awaited below
    try {
      for await (const entry of extract) {
        await this.entry(entry)
      }
    } catch (error) {
      await feeding.catch(() => undefined)
      throw error
    }
    await feeding
  }

  private async entry(entry: Entry): Promise<void> {
    const { header } = entry
    const name = JSON.stringify(header.name)
    const root = this.plan.index.root
    const parsed = archivePath(header.name, root)
    if ('problem' in parsed) {
      throw new UserError(
        `archive entry ${name} would escape the folder: ${parsed.problem}; refused`
      )
    }
    const { rel } = parsed
    const type = header.type === 'contiguous-file' ? 'file' : header.type
    if (type !== 'file' && type !== 'directory' && type !== 'symlink') {
      throw new UserError(
        `archive entry ${name} is a ${type}, which an uploads archive never holds; refused`
      )
    }
    // Nothing is written through a symlink (or a file) an earlier entry created.
    const parts = rel === '' ? [] : rel.split('/')
    for (let i = 1; i < parts.length; i++) {
      const ancestor = parts.slice(0, i).join('/')
      const kind = this.created.get(ancestor)
      if (kind && kind !== 'directory') {
        throw new UserError(
          `archive entry ${name} would be written through the ${kind} ${root}/${ancestor} an earlier entry created; refused`
        )
      }
    }
    const linkname = header.linkname ?? ''
    if (type === 'symlink') {
      // Every symlink that can be in the tree is in the index (or is refused below).
      const problem = linkProblem(rel, linkname, (p) => this.plan.links.get(p))
      if (problem) {
        throw new UserError(
          `archive entry ${name} is a symlink to ${linkname}, which ${problem}; refused`
        )
      }
    }
    const planned = this.plan.entries.get(rel)
    if (!planned) {
      throw new UserError(`archive entry ${name} is not in the uploads index`)
    }
    if (planned.entry.type !== type) {
      throw new UserError(
        `archive entry ${name} is a ${type}, the uploads index says ${planned.entry.type}`
      )
    }
    if (this.seen.has(rel)) throw new UserError(`archive entry ${name} appears twice`)
    this.seen.add(rel)
    if (rel !== '') await this.ensureParents(parts)
    const abs = path.join(this.staging, ...parts)

    if (type === 'directory') {
      await drain(entry)
      if (rel !== '' && !this.created.has(rel)) {
        await fs.mkdir(abs, { mode: 0o700 })
        this.created.set(rel, 'directory')
      }
    } else if (type === 'symlink') {
      await drain(entry)
      if (linkname !== planned.entry.linkname) {
        throw new UserError(
          `archive entry ${name} links to ${linkname}, the uploads index says ${planned.entry.linkname}`
        )
      }
      await fs.symlink(linkname, abs)
      this.created.set(rel, 'symlink')
      await fs.lutimes(abs, planned.mtime, planned.mtime).catch(() => undefined)
    } else {
      await this.writeFile(entry, abs, planned, name)
    }
  }

  /** Parents missing from the archive so far (tar does not promise folders first) are made. */
  private async ensureParents(parts: string[]): Promise<void> {
    for (let i = 1; i < parts.length; i++) {
      const ancestor = parts.slice(0, i).join('/')
      if (this.created.get(ancestor) === 'directory') continue
      await fs.mkdir(path.join(this.staging, ...parts.slice(0, i)), { mode: 0o700 })
      this.created.set(ancestor, 'directory')
    }
  }

  private async writeFile(entry: Entry, abs: string, planned: Planned, name: string) {
    // O_EXCL | O_NOFOLLOW: a new file, never an existing one, never through a link.
    const handle = await fs.open(
      abs,
      fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | O_NOFOLLOW,
      0o600
    )
    this.created.set(planned.rel, 'file')
    try {
      const hash = createHash('sha256')
      let size = 0
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        hash.update(chunk)
        size += chunk.length
        await writeAll(handle, chunk)
      }
      const digest = hash.digest('hex')
      const want = planned.entry
      if (digest !== want.sha256 || size !== want.size) {
        throw new UserError(
          `${name} does not match the uploads index: the archive holds sha256 ${digest} (${size} bytes), the index says ${want.sha256} (${want.size} bytes)`
        )
      }
      let mode = planned.mode & 0o7777
      if (mode & 0o6000) {
        // setuid/setgid files have no place in an uploads folder: restored without those bits.
        mode &= ~0o6000
        if (this.strippedModes++ === 0) {
          this.log.warning(`${name}: setuid/setgid bits dropped (an uploads folder needs none)`)
        }
      }
      await handle.chmod(mode)
      await handle.utimes(planned.mtime, planned.mtime)
      this.verified++
    } finally {
      await handle.close()
    }
  }

  /** Every entry of the index was in the archive. */
  checkComplete(): void {
    const missing = [...this.plan.entries.keys()].filter((rel) => !this.seen.has(rel))
    if (missing.length > 0) {
      const root = this.plan.index.root
      const listed = missing
        .slice(0, MAX_LISTED)
        .map((rel) => (rel === '' ? `${root}/` : `${root}/${rel}`))
      throw new UserError(
        `the uploads archive lacks ${missing.length} entries the index lists: ${listed.join(', ')}${missing.length > MAX_LISTED ? ', ...' : ''}`
      )
    }
  }

  /** Folder modes and mtimes last (writing into a folder changes its mtime), deepest first. */
  async applyFolderTimes(): Promise<void> {
    const folders = [...this.plan.entries.values()]
      .filter((p) => p.entry.type === 'directory')
      .sort((a, b) => depth(b.rel) - depth(a.rel))
    for (const folder of folders) {
      const abs =
        folder.rel === '' ? this.staging : path.join(this.staging, ...folder.rel.split('/'))
      await fs.chmod(abs, folder.mode & 0o7777)
      await fs.utimes(abs, folder.mtime, folder.mtime)
    }
  }
}

async function writeAll(handle: fs.FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset)
    offset += bytesWritten
  }
}

/** Read an entry without content (a folder, a link) to its end. */
function drain(entry: Entry): Promise<void> {
  return new Promise((resolve, reject) => {
    entry.once('end', resolve)
    entry.once('error', reject)
    entry.resume()
  })
}

/**
 * Where the staging folder goes: beside the target, on the same file system, so that the swap is
 * one rename. A target that is a mount point (a volume) cannot be renamed: stage inside it.
 */
async function stagingPlace(target: string): Promise<{ prefix: string; mountPoint: boolean }> {
  const name = path.basename(target)
  const parent = path.dirname(target)
  let mountPoint = false
  try {
    const [t, p] = await Promise.all([fs.stat(target), fs.stat(parent)])
    mountPoint = t.dev !== p.dev
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UserError(`target-uploads-dir ${target} cannot be read: ${describe(error)}`)
    }
  }
  const base = mountPoint ? target : parent
  try {
    await mkdirs(parent)
  } catch (error) {
    throw new UserError(
      `cannot create the parent folder of target-uploads-dir ${target}: ${describe(error)}`
    )
  }
  try {
    await fs.access(base, fsConstants.W_OK)
  } catch (error) {
    throw new UserError(
      `cannot write the staging folder into ${base}: ${describe(error)}; ${target} was not changed`
    )
  }
  return { prefix: path.join(base, `.${name}.restoring-`), mountPoint }
}

/** Put the verified staging folder in the target's place; the old contents go only after. */
async function swap(staging: string, target: string, force: boolean, log: Log): Promise<void> {
  if (!force) {
    // The target is missing or was empty: one rename, which fails rather than replace a folder
    // that something filled in the meantime.
    try {
      await fs.rename(staging, target)
      return
    } catch (error) {
      await removeTree(staging)
      const code = (error as NodeJS.ErrnoException).code
      throw new UserError(
        code === 'ENOTEMPTY' || code === 'EEXIST'
          ? `target-uploads-dir ${target} was filled while the restore ran; ${target} was not changed (pass force: true to replace its contents)`
          : `cannot move the restored folder into ${target}: ${describe(error)}; ${target} was not changed`
      )
    }
  }
  const old = path.join(
    path.dirname(target),
    `.${path.basename(target)}.replaced-${randomBytes(4).toString('hex')}`
  )
  let moved = false
  try {
    await fs.rename(target, old)
    moved = true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      await removeTree(staging)
      throw new UserError(
        `cannot move ${target} aside to put the restored folder in its place: ${describe(error)}; ${target} was not changed`
      )
    }
  }
  try {
    await fs.rename(staging, target)
  } catch (error) {
    const back = moved
      ? await fs.rename(old, target).then(
          () => true,
          () => false
        )
      : true
    await removeTree(staging)
    throw new UserError(
      back
        ? `cannot move the restored folder into ${target}: ${describe(error)}; ${target} was not changed`
        : `cannot move the restored folder into ${target}: ${describe(error)}; its previous contents are in ${old}`
    )
  }
  if (moved) {
    try {
      await removeTree(old, true)
    } catch (error) {
      log.warning(
        `restored; the previous contents of ${target} are left in ${old}: ${describe(error)}`
      )
    }
  }
}

/**
 * Target is a mount point: the verified copy was staged inside it. Remove the old contents, move
 * the copy's entries up. Not atomic: a failure here says where the verified copy is.
 */
async function moveInto(staging: string, target: string, force: boolean): Promise<void> {
  const stagingName = path.basename(staging)
  try {
    if (force) {
      for (const name of await fs.readdir(target)) {
        if (name !== stagingName) await removeTree(path.join(target, name), true)
      }
    }
    for (const name of await fs.readdir(staging)) {
      await fs.rename(path.join(staging, name), path.join(target, name))
    }
    const stats = await fs.stat(staging)
    await fs.rmdir(staging)
    await fs.chmod(target, stats.mode & 0o7777)
    await fs.utimes(target, stats.atime, stats.mtime)
  } catch (error) {
    throw new UserError(
      `${target} (a mount point) is half restored: ${describe(error)}; the verified copy is in ${staging}: move its contents into ${target} by hand`
    )
  }
}

/** rm -rf that also gets through folders restored without write permission. */
async function removeTree(dir: string, strict = false): Promise<void> {
  try {
    await fs.rm(dir, { recursive: true, force: true })
    return
  } catch {
    // a folder without u+w or u+x: open them all up and try again
  }
  const open = async (abs: string): Promise<void> => {
    const st = await fs.lstat(abs).catch(() => undefined)
    if (!st?.isDirectory()) return
    await fs.chmod(abs, 0o700).catch(() => undefined)
    for (const name of await fs.readdir(abs).catch(() => [])) await open(path.join(abs, name))
  }
  await open(dir)
  const done = fs.rm(dir, { recursive: true, force: true })
  if (strict) await done
  else await done.catch(() => undefined)
}

function notChanged(error: unknown, target: string): Error {
  const message = `${errorLine(error)}; ${target} was not changed`
  if (error instanceof ChecksumError) return new ChecksumError(message)
  return new UserError(message, { cause: error })
}

// O_NOFOLLOW is missing on Windows, where symlinks need privileges to create anyway.
const O_NOFOLLOW = (fsConstants as Record<string, number>).O_NOFOLLOW ?? 0

function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/')
  return i < 0 ? '' : rel.slice(0, i)
}

function depth(rel: string): number {
  return rel === '' ? 0 : rel.split('/').length
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000
}
