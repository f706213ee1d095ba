import { createHash } from 'node:crypto'
import fsCallbacks, {
  constants as fsConstants,
  createReadStream,
  createWriteStream,
  type Stats
} from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable, type Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import tar from 'tar-stream'
import type { Compression } from '../config.js'
import type { Log } from '../log.js'
import { compressionSuffix } from '../snapshot/compression.js'
import type { UploadsStats } from '../snapshot/manifest.js'
import { UserError } from '../util/errors.js'

// The uploads folder as one tar stream, entries under the folder's own name (`uploads/...`, as
// `tar -C <parent> uploads` writes them), plus a per-file index with each file's SHA-256 taken
// from the very bytes that went into the archive. The tree is walked one directory handle at a
// time (fs.opendir); the next READ_AHEAD files are opened and read (whole when at most
// WHOLE_FILE_MAX, larger ones in chunks in their turn) while the current one goes into the pack,
// so memory stays bounded whatever the number or size of the files.

export const UPLOADS_INDEX_NAME = 'uploads.index.json.gz'
export const INDEX_FORMAT_VERSION = 1

/** auto: gzip the first SAMPLE_BYTES_PER_FILE of up to SAMPLE_FILES files... */
export const SAMPLE_FILES = 32
export const SAMPLE_BYTES_PER_FILE = 64 * 1024
/** ...and store at gzip level 0 when they shrink by less than this. */
export const AUTO_MIN_GAIN = 0.05
/** How many changed/skipped paths the manifest lists (the counts are always whole). */
const MAX_LISTED = 1000
const READ_CHUNK = 256 * 1024
/**
 * Files read ahead of the one going into the pack, each whole when at most WHOLE_FILE_MAX (so
 * 16 MiB at most): on the media benchmark 16 beat 8 and 4, and 32 was no faster.
 */
const READ_AHEAD = 16
const WHOLE_FILE_MAX = 1 << 20
const INDEX_WRITE = 64 * 1024
/**
 * The archive stream's chunk size: what one stored deflate block holds (so at gzip level 0 each
 * chunk is one block), and under glibc's mmap threshold (128 KiB), so the memory of chunks
 * already written is reused for the next ones. 1 MiB chunks were each mapped afresh, a page
 * fault per 4 KiB of archive: twice the page faults, and 0.1-0.15 s more on the 5,000 media
 * files of the benchmark (docs/benchmarks.md).
 */
const OUT_CHUNK = 65_535
const TAR_BLOCK = 512

export interface CompressionChoice {
  requested: 'auto' | Compression
  compression: Compression
  level?: number
  sample?: { files: number; bytes: number; gain: number }
  reason: string
}

export interface UploadsOptions {
  uploadsCompression: 'auto' | Compression
  compression: Compression
  /** Tests only: called once a file is listed, and once its tar header is fixed. */
  onFile?: (absPath: string, stage: 'listed' | 'opened') => Promise<void> | void
}

export interface UploadsArchive {
  /** uploads.tar.gz, .tar.zst or .tar */
  name: string
  choice: CompressionChoice
  /**
   * The approximate tar size (for the S3 part size), from a walk that counts the tree: it runs
   * only when a storage asks, once. Never rejects (the archive reports what cannot be read).
   */
  sizeHint(): Promise<number>
  /** The tar stream; it errors (never ends early) when the archive cannot be made whole. */
  stream: Readable
  /** The index (uncompressed JSON); only once `stream` has ended. */
  index(): Readable
  /** Counts and reports; only once `stream` has ended. */
  stats(): UploadsStats
  /** Remove the spooled index. */
  close(): Promise<void>
}

interface IndexEntry {
  path: string
  type: 'file' | 'directory' | 'symlink'
  size?: number
  mtime: string
  mode: string
  sha256?: string
  linkname?: string
  change?: string
}

interface TreeEntry {
  abs: string
  /** The path inside the archive: `uploads/...` with '/' separators. */
  rel: string
  /**
   * lstat of the entry; null when it disappeared between listing and stat; absent for a regular
   * file known from its directory entry, whose stats come from fstat once it is open.
   */
  stats?: Stats | null
}

/**
 * Check the folder, read the compression sample (auto only: the first files of the tree), and
 * return the archive stream, which walks the tree as it is read.
 */
export async function openUploadsArchive(
  dirInput: string,
  log: Log,
  options: UploadsOptions
): Promise<UploadsArchive> {
  const dir = await probeUploads(dirInput)
  const root = path.basename(dir)
  // What a drill compares its target with (a symlinked or bind-mounted path resolves to this).
  const realPath = await fs.realpath(dir)

  const samples = options.uploadsCompression === 'auto' ? await readSamples(dir, root) : []
  const choice = await chooseCompression(options, samples)
  const name = `uploads.tar${compressionSuffix(choice.compression)}`
  log.info(`${dir}: ${name}: ${choice.reason}`)
  let sizeHint: Promise<number> | undefined

  const spool = await fs.mkdtemp(path.join(os.tmpdir(), 'luneo-uploads-index-'))
  const indexFile = path.join(spool, 'index.json')
  const state = new ArchiveState(dir, root, log)
  let done = false

  async function* generate(): AsyncGenerator<Buffer> {
    const pack = tar.pack()
    const indexOut = createWriteStream(indexFile)
    const index = new IndexWriter(indexOut, name, root)
    const ahead: Prepared[] = []
    const slabs = new SlabPool()
    const walker = (async () => {
      try {
        index.start()
        for await (const entry of walk(dir, root, false, true)) {
          ahead.push(prepareEntry(entry, options, slabs))
          if (ahead.length >= READ_AHEAD) {
            await archiveEntry(pack, ahead.shift()!, state, index)
          }
        }
        while (ahead.length > 0) await archiveEntry(pack, ahead.shift()!, state, index)
        await index.end()
        pack.finalize()
      } catch (error) {
        pack.destroy(error as Error)
        indexOut.destroy()
        // Files read ahead but not archived: wait for their reads, close what is still open.
        await Promise.all(ahead.splice(0).map(discard))
        throw error
      }
    })()
    walker.catch(() => undefined) // awaited below; this only keeps it from being unhandled
    try {
      // The pack's many small pieces (a header, a file, its padding) leave as whole OUT_CHUNK
      // buffers: one trip down the pipeline per 64 KiB, not three per file.
      let out = Buffer.allocUnsafe(OUT_CHUNK)
      let used = 0
      for await (const chunk of pack) {
        for (let at = 0; at < (chunk as Buffer).length;) {
          const copied = (chunk as Buffer).copy(out, used, at)
          used += copied
          at += copied
          if (used === OUT_CHUNK) {
            yield out
            out = Buffer.allocUnsafe(OUT_CHUNK)
            used = 0
          }
        }
        slabs.release(chunk as Buffer) // copied out: a file's slab can hold the next file
      }
      if (used > 0) yield out.subarray(0, used)
    } catch (error) {
      // The pack fails because the walker destroyed it: the walker's error is the cause.
      await walker
      throw error
    } finally {
      if (!pack.destroyed) pack.destroy()
      await walker.catch(() => undefined)
    }
    await walker
    done = true
  }

  return {
    name,
    choice,
    sizeHint: () => (sizeHint ??= tarSizeHint(dir, root)),
    stream: Readable.from(generate(), { objectMode: false, highWaterMark: 1 << 20 }),
    index() {
      if (!done) throw new Error('uploads index read before the archive was complete')
      return createReadStream(indexFile, { highWaterMark: 1 << 20 })
    },
    stats() {
      if (!done) throw new Error('uploads stats read before the archive was complete')
      return {
        dir,
        root,
        files: state.files,
        bytes: state.bytes,
        directories: state.directories,
        symlinks: state.symlinks,
        index: UPLOADS_INDEX_NAME,
        compression: {
          requested: choice.requested,
          chosen: choice.compression,
          ...(choice.level !== undefined ? { level: choice.level } : {}),
          ...(choice.sample ? { sample: choice.sample } : {}),
          reason: choice.reason
        },
        changed: state.changed,
        changedCount: state.changedCount,
        skipped: state.skipped,
        skippedCount: state.skippedCount,
        identity: { realPath }
      }
    },
    close: () => fs.rm(spool, { recursive: true, force: true })
  }
}

/** Before any data moves: the folder exists, is a folder with a name, and can be read. */
export async function probeUploads(dirInput: string): Promise<string> {
  const dir = path.resolve(dirInput)
  if (!path.basename(dir)) {
    throw new UserError(`uploads-dir "${dirInput}" has no folder name to archive under`)
  }
  await checkFolder(dir)
  return dir
}

async function checkFolder(dir: string): Promise<void> {
  let stats: Stats
  try {
    stats = await fs.stat(dir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new UserError(`uploads-dir ${dir} does not exist`)
    throw new UserError(`uploads-dir ${dir} cannot be read: ${describe(error)}`)
  }
  if (!stats.isDirectory()) throw new UserError(`uploads-dir ${dir} is not a folder`)
  try {
    const handle = await fs.opendir(dir)
    await handle.read()
    await handle.close()
  } catch (error) {
    throw new UserError(`uploads-dir ${dir} cannot be read: ${describe(error)}`)
  }
}

/**
 * Depth first, each folder before its content, one open directory handle per level. The root
 * is stat()ed (a symlinked uploads-dir is followed); everything below is lstat()ed, so
 * symlinks are never followed, except regular files when `statFiles` is false: their type is
 * the directory entry's, and the archive fstat()s them once opened (O_NOFOLLOW).
 */
async function* walk(
  abs: string,
  rel: string,
  statFiles: boolean,
  isRoot = false
): AsyncGenerator<TreeEntry> {
  let stats: Stats | null
  try {
    stats = isRoot ? await fs.stat(abs) : await fs.lstat(abs)
  } catch (error) {
    if (!isRoot && (error as NodeJS.ErrnoException).code === 'ENOENT') stats = null
    else throw new UserError(`cannot read ${abs}: ${describe(error)}`)
  }
  yield { abs, rel, stats }
  if (!stats?.isDirectory()) return
  let handle
  try {
    handle = await fs.opendir(abs, { bufferSize: 64 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !isRoot) return // reported below
    throw new UserError(`cannot read folder ${abs}: ${describe(error)}`)
  }
  try {
    for (;;) {
      let dirent
      try {
        dirent = await handle.read()
      } catch (error) {
        throw new UserError(`cannot read folder ${abs}: ${describe(error)}`)
      }
      if (!dirent) break
      const child = { abs: `${abs}${path.sep}${dirent.name}`, rel: `${rel}/${dirent.name}` }
      if (!statFiles && dirent.isFile()) yield child
      else yield* walk(child.abs, child.rel, statFiles)
    }
  } finally {
    await handle.close().catch(() => undefined)
  }
}

/** The compression sample: the start of the first SAMPLE_FILES non-empty files, in walk order. */
async function readSamples(dir: string, root: string): Promise<Buffer[]> {
  const samples: Buffer[] = []
  for await (const { abs, stats } of walk(dir, root, false, true)) {
    if (samples.length >= SAMPLE_FILES) break
    if (stats !== undefined && !stats?.isFile()) continue
    const sample = await readSample(abs)
    if (sample && sample.length > 0) samples.push(sample)
  }
  return samples
}

/** Walk the tree counting what the tar will hold: its content plus headers and padding. */
async function tarSizeHint(dir: string, root: string): Promise<number> {
  let bytes = 0
  try {
    for await (const { stats } of walk(dir, root, true, true)) {
      if (stats) bytes += 3 * TAR_BLOCK + (stats.isFile() ? stats.size : 0)
    }
  } catch {
    // What cannot be read fails the archive itself, with its own message; the hint is a hint.
  }
  return bytes
}

async function readSample(file: string): Promise<Buffer | undefined> {
  let handle
  try {
    handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ELOOP') return undefined // reported by the archive pass
    throw new UserError(`cannot read uploads file ${file}: ${describe(error)}`)
  }
  try {
    // Listed as a file, but it may have been replaced since: only a file is sampled.
    if (!(await handle.stat()).isFile()) return undefined
    const buffer = Buffer.alloc(SAMPLE_BYTES_PER_FILE)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead)
  } catch (error) {
    throw new UserError(`cannot read uploads file ${file}: ${describe(error)}`)
  } finally {
    await handle.close()
  }
}

const deflateRaw = promisify(zlib.deflateRaw)

/** The gain gzip (level 1, as `compression: gzip` writes) gets on the sample: 0.3 = 30% smaller. */
export async function sampleGain(samples: Buffer[]): Promise<{ bytes: number; gain: number }> {
  const raw = Buffer.concat(samples)
  if (raw.length === 0) return { bytes: 0, gain: 0 }
  const packed = await deflateRaw(raw, { level: 1 })
  return { bytes: raw.length, gain: round(1 - packed.length / raw.length) }
}

async function chooseCompression(
  options: UploadsOptions,
  samples: Buffer[]
): Promise<CompressionChoice> {
  const requested = options.uploadsCompression
  if (requested !== 'auto') {
    return { requested, compression: requested, reason: `uploads-compression: ${requested}` }
  }
  const { bytes, gain } = await sampleGain(samples)
  const sample = { files: samples.length, bytes, gain }
  const percent = `${(gain * 100).toFixed(1)}%`
  if (options.compression === 'none') {
    return { requested, compression: 'none', sample, reason: 'compression: none' }
  }
  if (bytes === 0) {
    return {
      requested,
      compression: options.compression,
      sample,
      reason: `no file content to sample: compression ${options.compression}`
    }
  }
  if (gain < AUTO_MIN_GAIN) {
    return {
      requested,
      compression: 'gzip',
      level: 0,
      sample,
      reason: `a sample of ${samples.length} files gains ${percent} under gzip (under ${AUTO_MIN_GAIN * 100}%): stored at gzip level 0, still a .tar.gz that tar -xzf extracts`
    }
  }
  return {
    requested,
    compression: options.compression,
    sample,
    reason: `a sample of ${samples.length} files gains ${percent} under gzip: compression ${options.compression}`
  }
}

class ArchiveState {
  files = 0
  bytes = 0
  directories = 0
  symlinks = 0
  changed: { path: string; change: string }[] = []
  changedCount = 0
  skipped: { path: string; reason: string }[] = []
  skippedCount = 0

  constructor(
    readonly dir: string,
    readonly root: string,
    private readonly log: Log
  ) {}

  change(rel: string, change: string): void {
    this.changedCount++
    if (this.changed.length < MAX_LISTED) this.changed.push({ path: rel, change })
    this.log.warning(`${rel}: ${change}`)
  }

  skip(rel: string, reason: string): void {
    this.skippedCount++
    if (this.skipped.length < MAX_LISTED) this.skipped.push({ path: rel, reason })
    this.log.warning(`${rel}: ${reason}`)
  }
}

/**
 * The index, spooled to a temporary file as JSON so that memory does not grow with the tree;
 * entries are gathered into writes of about INDEX_WRITE bytes.
 */
class IndexWriter {
  private first = true
  private pending = ''
  private failure: Error | undefined

  constructor(
    private readonly out: Writable,
    private readonly archive: string,
    private readonly root: string
  ) {
    // A write that fails (or is cut short when the archive is abandoned) surfaces on the next
    // add() or in end(), never as an unhandled 'error' event.
    out.on('error', (error: Error) => (this.failure ??= error))
  }

  start(): void {
    const head = { formatVersion: INDEX_FORMAT_VERSION, archive: this.archive, root: this.root }
    this.pending = JSON.stringify(head).slice(0, -1) + ',"entries":[\n'
  }

  async add(entry: IndexEntry): Promise<void> {
    this.pending += (this.first ? '' : ',\n') + JSON.stringify(entry)
    this.first = false
    if (this.pending.length >= INDEX_WRITE) {
      const text = this.pending
      this.pending = ''
      await this.write(text)
    }
  }

  async end(): Promise<void> {
    if (this.failure) throw this.failure
    this.out.end(this.pending + '\n]}\n')
    this.pending = ''
    await finished(this.out)
  }

  private async write(text: string): Promise<void> {
    if (this.failure) throw this.failure
    if (!this.out.write(text)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => reject(error)
        this.out.once('error', onError)
        this.out.once('drain', () => {
          this.out.off('error', onError)
          resolve()
        })
      })
    }
  }
}

type Pack = ReturnType<typeof tar.pack>
type Sink = ReturnType<Pack['entry']>
type EntryHeader = Parameters<Pack['entry']>[0]

/**
 * WHOLE_FILE_MAX buffers for the files read whole, each reused once the archive stream has
 * copied its bytes out of the pack (release()): allocating a fresh buffer per file costs more in
 * garbage collection than the copy. Only buffers the pool made come back; at most MAX_FREE wait.
 */
class SlabPool {
  private static readonly MAX_FREE = READ_AHEAD * 2
  private readonly free: Buffer[] = []
  private readonly owned = new WeakSet<ArrayBufferLike>()

  /** A buffer of `size` (<= WHOLE_FILE_MAX) bytes; small ones come from Node's shared pool. */
  take(size: number): Buffer {
    if (size <= 4096) return Buffer.allocUnsafe(size)
    let slab = this.free.pop()
    if (!slab) {
      slab = Buffer.allocUnsafeSlow(WHOLE_FILE_MAX)
      this.owned.add(slab.buffer)
    }
    return slab.subarray(0, size)
  }

  /** `chunk` is no longer used: when it is one of ours, its slab can be taken again. */
  release(chunk: Buffer): void {
    if (this.owned.has(chunk.buffer) && this.free.length < SlabPool.MAX_FREE) {
      this.free.push(Buffer.from(chunk.buffer, 0, WHOLE_FILE_MAX))
    }
  }
}

/**
 * An entry of the walk with its reading already started: a file's open, fstat and, when it is
 * at most WHOLE_FILE_MAX bytes, its whole content; a symlink's target. Entries are still
 * archived strictly in walk order; reading the next few ahead keeps the thread pool busy while
 * the current one goes into the pack. Memory stays bounded: at most READ_AHEAD entries are
 * prepared, larger files only hold their descriptor and are streamed in their turn.
 */
interface Prepared {
  entry: TreeEntry
  file?: Promise<LoadedFile>
  /** The symlink's target; null when it disappeared first. */
  link?: Promise<string | null>
}

type LoadedFile =
  | { kind: 'skip'; reason: string }
  /** Too large to hold: open, streamed from the descriptor `fd` in its turn. */
  | { kind: 'open'; before: Stats; fd: number }
  /** Read whole: `data` is `before.size` bytes, zero-padded after the `read` bytes there were. */
  | { kind: 'whole'; before: Stats; data: Buffer; read: number; after: Stats }

function prepareEntry(entry: TreeEntry, options: UploadsOptions, slabs: SlabPool): Prepared {
  const { abs, stats } = entry
  if (stats === undefined || stats?.isFile()) {
    const file = loadFile(abs, options, slabs)
    file.catch(() => undefined) // awaited in its turn, or by discard()
    return { entry, file }
  }
  if (stats?.isSymbolicLink()) {
    const link = readLink(abs)
    link.catch(() => undefined)
    return { entry, link }
  }
  return { entry }
}

/** A prepared entry that will not be archived (the archive failed): close what it holds. */
async function discard({ file, link }: Prepared): Promise<void> {
  await link?.catch(() => undefined)
  const loaded = await file?.catch(() => undefined)
  if (loaded?.kind === 'open') await closeFd(loaded.fd)
}

async function readLink(abs: string): Promise<string | null> {
  try {
    return await fs.readlink(abs)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new UserError(`cannot read symlink ${abs}: ${describe(error)}`)
  }
}

async function loadFile(
  abs: string,
  options: UploadsOptions,
  slabs: SlabPool
): Promise<LoadedFile> {
  await options.onFile?.(abs, 'listed')
  let fd: number
  try {
    // O_NOFOLLOW: a file swapped for a symlink is not followed; O_NONBLOCK: nor does a FIFO hang.
    fd = await openFile(abs)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { kind: 'skip', reason: 'removed before it was read: left out' }
    if (code === 'ELOOP') {
      return { kind: 'skip', reason: 'replaced by a symlink while archiving: left out' }
    }
    throw new UserError(`cannot read uploads file ${abs}: ${describe(error)}`, { cause: error })
  }
  let keepOpen = false
  try {
    const before = await fstat(fd)
    if (!before.isFile()) {
      return {
        kind: 'skip',
        reason: 'replaced by something other than a file while archiving: left out'
      }
    }
    await options.onFile?.(abs, 'opened')
    if (before.size > WHOLE_FILE_MAX) {
      keepOpen = true
      return { kind: 'open', before, fd }
    }
    const data = slabs.take(before.size)
    let read = 0
    while (read < data.length) {
      let bytesRead: number
      try {
        bytesRead = await readFd(fd, data, read, data.length - read, read)
      } catch (error) {
        throw new UserError(`cannot read uploads file ${abs}: ${describe(error)}`, {
          cause: error
        })
      }
      if (bytesRead === 0) break
      read += bytesRead
    }
    // The file shrank: the header will promise `before.size` bytes, so pad with zeros as GNU
    // tar does; the index hash is of what was archived.
    data.fill(0, read)
    const after = await fstat(fd)
    return { kind: 'whole', before, data, read, after }
  } finally {
    if (!keepOpen) await closeFd(fd)
  }
}

async function archiveEntry(
  pack: Pack,
  { entry, file, link }: Prepared,
  state: ArchiveState,
  index: IndexWriter
): Promise<void> {
  const { rel, stats } = entry
  if (file) {
    const loaded = await file
    if (loaded.kind === 'skip') return state.skip(rel, loaded.reason)
    if (loaded.kind === 'open') return archiveStreamed(pack, entry, loaded, state, index)
    const { before, data, read, after } = loaded
    const sha256 = createHash('sha256').update(data).digest('hex')
    await addEntry(pack, fileHeader(rel, before), data)
    return recordFile(state, index, rel, before, read, after, sha256)
  }
  if (!stats) return state.skip(rel, 'removed before it was read: left out')
  const common = {
    mode: stats.mode & 0o7777,
    mtime: new Date(Math.floor(stats.mtimeMs / 1000) * 1000),
    uid: stats.uid,
    gid: stats.gid
  }
  const meta = { mtime: common.mtime.toISOString(), mode: octal(common.mode) }
  if (stats.isDirectory()) {
    await addEntry(pack, { ...common, name: `${rel}/`, type: 'directory' })
    state.directories++
    await index.add({ path: `${rel}/`, type: 'directory', ...meta })
  } else if (link) {
    const linkname = await link
    if (linkname === null) return state.skip(rel, 'removed before it was read: left out')
    await addEntry(pack, { ...common, name: rel, type: 'symlink', linkname })
    state.symlinks++
    await index.add({ path: rel, type: 'symlink', linkname, ...meta })
  } else {
    const kind = stats.isSocket()
      ? 'socket'
      : stats.isFIFO()
        ? 'FIFO'
        : stats.isBlockDevice() || stats.isCharacterDevice()
          ? 'device'
          : 'special file'
    state.skip(rel, `${kind} ignored: only files, folders and symlinks are archived`)
  }
}

function fileHeader(rel: string, before: Stats): EntryHeader {
  return {
    name: rel,
    type: 'file',
    size: before.size,
    mode: before.mode & 0o7777,
    mtime: new Date(Math.floor(before.mtimeMs / 1000) * 1000),
    uid: before.uid,
    gid: before.gid
  }
}

/** A file too large to hold whole: read in chunks straight into its tar entry. */
async function archiveStreamed(
  pack: Pack,
  { abs, rel }: TreeEntry,
  { before, fd }: { before: Stats; fd: number },
  state: ArchiveState,
  index: IndexWriter
): Promise<void> {
  try {
    const size = before.size
    const hash = createHash('sha256')
    const sink = openEntry(pack, fileHeader(rel, before))
    let position = 0
    while (position < size) {
      const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, size - position))
      let bytesRead: number
      try {
        bytesRead = await readFd(fd, buffer, 0, buffer.length, position)
      } catch (error) {
        sink.destroy(error as Error)
        throw new UserError(`cannot read uploads file ${abs}: ${describe(error)}`, {
          cause: error
        })
      }
      if (bytesRead === 0) break
      const chunk = buffer.subarray(0, bytesRead)
      hash.update(chunk)
      await sink.write(chunk)
      position += bytesRead
    }
    // Shrank: pad with zeros to the size the header promised, as GNU tar does.
    for (let left = size - position; left > 0;) {
      const zeros = Buffer.alloc(Math.min(READ_CHUNK, left))
      hash.update(zeros)
      await sink.write(zeros)
      left -= zeros.length
    }
    await sink.end()
    const after = await fstat(fd)
    await recordFile(state, index, rel, before, position, after, hash.digest('hex'))
  } finally {
    await closeFd(fd)
  }
}

/** Count an archived file, report how it changed while being read, and index it. */
async function recordFile(
  state: ArchiveState,
  index: IndexWriter,
  rel: string,
  before: Stats,
  read: number,
  after: Stats,
  sha256: string
): Promise<void> {
  const size = before.size
  let change: string | undefined
  if (read < size) {
    change = `file shrank by ${size - read} bytes while being read; padded with zeros to the ${size} bytes its tar header declares, as GNU tar does`
  } else if (after.nlink === 0) {
    change = `file was removed while being read; its ${size} bytes were archived`
  } else if (after.size > size) {
    change = `file grew from ${size} to ${after.size} bytes while being read; its first ${size} bytes (the size its tar header declares) were archived, as GNU tar does`
  } else if (after.size < size || after.mtimeMs !== before.mtimeMs) {
    change = `file changed as we read it (size ${size} -> ${after.size}); the archived copy may mix old and new content`
  }
  if (change) state.change(rel, change)
  state.files++
  state.bytes += size
  await index.add({
    path: rel,
    type: 'file',
    size,
    mtime: new Date(Math.floor(before.mtimeMs / 1000) * 1000).toISOString(),
    mode: octal(before.mode & 0o7777),
    sha256,
    ...(change ? { change } : {})
  })
}

/** A tar entry with promise-returning write/end that respect the pack's backpressure. */
function openEntry(pack: Pack, header: EntryHeader) {
  let failure: Error | undefined
  let sink!: Sink
  // The callback runs once the entry is whole in the pack, or with the error that ended it.
  const settled = new Promise<void>((resolve, reject) => {
    sink = pack.entry(header, (error) => (error ? reject(error) : resolve()))
  })
  settled.catch(() => undefined) // awaited by end()
  sink.on('error', (error: Error) => (failure ??= error))
  const waitDrain = () =>
    new Promise<void>((resolve, reject) => {
      const onClose = () => reject(failure ?? new Error('uploads archive closed'))
      sink.once('close', onClose)
      sink.once('drain', () => {
        sink.off('close', onClose)
        resolve()
      })
    })
  return {
    async write(chunk: Buffer): Promise<void> {
      if (failure) throw failure
      if (sink.destroyed) throw new Error('uploads archive closed')
      if (!sink.write(chunk)) await waitDrain()
    },
    async end(): Promise<void> {
      sink.end(undefined)
      await settled
    },
    destroy(error: Error): void {
      sink.destroy(error)
    }
  }
}

/** A whole entry (a header, and a file's content): resolves once the pack has taken it. */
async function addEntry(pack: Pack, header: EntryHeader, data?: Buffer): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve())
    const sink = data ? pack.entry(header, data, done) : pack.entry(header, done)
    sink.on('error', reject)
  })
}

// Metadata calls (open, fstat, close) are synchronous, as GNU tar makes them: through the thread
// pool, each one's hand-off cost more than the call (on 2 cores it contends with the pool's
// threads). Content reads stay on the pool, so the files read ahead are read concurrently: on a
// cold disk that is what keeps the archive near tar's pace. Measured on 5,000 media files
// (docs/benchmarks.md): all five calls on the pool 1.42-1.51 s warm, 1.6-2.5 s cold; all
// synchronous 1.20-1.26 s warm but 2.0 s cold; this split 1.29-1.46 s warm, 1.50-1.57 s cold.
// Errors become rejections either way, so every caller handles them the same.
function syncCall<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call())
  } catch (error) {
    return Promise.reject(error as Error)
  }
}

const openFile = (abs: string) =>
  syncCall(() =>
    fsCallbacks.openSync(abs, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | O_NONBLOCK)
  )

const fstat = (fd: number) => syncCall(() => fsCallbacks.fstatSync(fd))

const readFd = (fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
  new Promise<number>((resolve, reject) =>
    fsCallbacks.read(fd, buffer, offset, length, position, (error, bytesRead) =>
      error ? reject(error) : resolve(bytesRead)
    )
  )

/** Close, ignoring errors (a read-only descriptor has nothing left to lose). */
const closeFd = (fd: number) =>
  syncCall(() => {
    try {
      fsCallbacks.closeSync(fd)
    } catch {
      // nothing to lose
    }
  })

// O_NONBLOCK is not in every platform's fs.constants typing; Linux and macOS have it.
const O_NONBLOCK = (fsConstants as Record<string, number>).O_NONBLOCK ?? 0

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0')
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  return e.code ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, '')}` : String(e?.message ?? e)
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000
}
