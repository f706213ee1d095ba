import { createHash } from 'node:crypto'
import type { Stats } from 'node:fs'
import type tar from 'tar-stream'
import type { Log } from '../../log.js'
import { UserError, fsErrorLine } from '../../util/errors.js'
import { closeFd, fstat, readFd } from './fsCalls.js'
import type { IndexWriter } from './indexFormat.js'
import { linkProblem } from './paths.js'
import type { Prepared } from './readAhead.js'
import type { TreeEntry } from './walk.js'

// One entry of the walk into the tar pack and the index, with what the archive counts and
// reports (files that changed while read, entries left out).

/** How many changed/skipped paths the manifest lists (the counts are always whole). */
const MAX_LISTED = 1000
/** How many of each kind of warning the log shows; the rest are counted (and in the manifest). */
const MAX_LOGGED = 10
const READ_CHUNK = 256 * 1024

export class ArchiveState {
  files = 0
  bytes = 0
  directories = 0
  symlinks = 0
  changed: { path: string; change: string }[] = []
  changedCount = 0
  skipped: { path: string; reason: string }[] = []
  skippedCount = 0
  linksOutside: { path: string; problem: string }[] = []
  linksOutsideCount = 0

  constructor(
    readonly dir: string,
    readonly root: string,
    private readonly log: Log
  ) {}

  change(rel: string, change: string): void {
    this.changedCount++
    if (this.changed.length < MAX_LISTED) this.changed.push({ path: rel, change })
    this.warn(this.changedCount, `${rel}: ${change}`, 'changed files')
  }

  skip(rel: string, reason: string): void {
    this.skippedCount++
    if (this.skipped.length < MAX_LISTED) this.skipped.push({ path: rel, reason })
    this.warn(this.skippedCount, `${rel}: ${reason}`, 'entries left out')
  }

  /** A symlink restore would refuse: warned now, not found out at restore time. */
  linkOutside(rel: string, problem: string): void {
    this.linksOutsideCount++
    if (this.linksOutside.length < MAX_LISTED) this.linksOutside.push({ path: rel, problem })
    this.warn(
      this.linksOutsideCount,
      `${rel}: symlink ${problem}: restore will refuse it`,
      'such symlinks'
    )
  }

  private warn(nth: number, line: string, what: string): void {
    if (nth <= MAX_LOGGED) this.log.warning(line)
    else if (nth === MAX_LOGGED + 1) {
      this.log.warning(`more ${what}: counted, not logged (the manifest lists up to ${MAX_LISTED})`)
    }
  }
}

type Pack = ReturnType<typeof tar.pack>
type Sink = ReturnType<Pack['entry']>
type EntryHeader = Parameters<Pack['entry']>[0]

export async function archiveEntry(
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
    // Other symlinks of the tree are not all known yet: '..' and absolute targets are.
    const problem = linkProblem(rel, linkname, () => undefined)
    if (problem) state.linkOutside(rel, problem)
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
        throw new UserError(`cannot read uploads file ${abs}: ${fsErrorLine(error)}`, {
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

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0')
}
