import { createHash } from 'node:crypto'
import { constants as fsConstants } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import tar, { type ExtractEvents } from 'tar-stream'
import type { Log } from '../../log.js'
import { createDecompressor } from '../../snapshot/compression.js'
import type { FileEntry } from '../../snapshot/manifest.js'
import { UserError } from '../../util/errors.js'
import type { UploadsIndexEntry } from './indexFormat.js'
import { archivePath, linkProblem } from './paths.js'
import type { Plan, Planned } from './plan.js'

// The archive, streamed into the staging folder: every entry is checked against the plan and the
// path rules before it is written, and every file is hashed as it is written.

/** How many paths an error lists (the count is always whole). */
const MAX_LISTED = 5

type EntryType = UploadsIndexEntry['type']
type Entry = ExtractEvents['entry'][1]

/** Writes archive entries into the staging folder, checking each against the plan. */
export class Extractor {
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
        await writeSparse(handle, chunk, size)
        size += chunk.length
      }
      // Holes up to the end: the file gets its whole length (a sparse file stays sparse).
      await handle.truncate(size)
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

async function writeAt(handle: fs.FileHandle, data: Buffer, position: number): Promise<void> {
  let offset = 0
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(
      data,
      offset,
      data.length - offset,
      position + offset
    )
    offset += bytesWritten
  }
}

const BLOCK = 4096
const ZEROS = Buffer.alloc(BLOCK)

/**
 * Write a chunk at `position` of a new file, leaving each whole, aligned block of zeros as a
 * hole: a sparse file (a VM image, a database file) comes back sparse, not allocated, and any
 * file reads back the same bytes. Chunks without such blocks are one write, as before.
 */
async function writeSparse(handle: fs.FileHandle, chunk: Buffer, position: number): Promise<void> {
  let pending = 0 // start of the bytes not written yet
  let at = 0
  while (at < chunk.length) {
    const end = Math.min(chunk.length, at + BLOCK - ((position + at) % BLOCK))
    if (end - at === BLOCK && chunk.subarray(at, end).equals(ZEROS)) {
      if (at > pending) await writeAt(handle, chunk.subarray(pending, at), position + pending)
      pending = end
    }
    at = end
  }
  if (chunk.length > pending) await writeAt(handle, chunk.subarray(pending), position + pending)
}

/** Read an entry without content (a folder, a link) to its end. */
function drain(entry: Entry): Promise<void> {
  return new Promise((resolve, reject) => {
    entry.once('end', resolve)
    entry.once('error', reject)
    entry.resume()
  })
}

// O_NOFOLLOW is missing on Windows, where symlinks need privileges to create anyway.
const O_NOFOLLOW = (fsConstants as Record<string, number>).O_NOFOLLOW ?? 0

function depth(rel: string): number {
  return rel === '' ? 0 : rel.split('/').length
}
