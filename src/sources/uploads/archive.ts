import { createReadStream, createWriteStream, type Stats } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import tar from 'tar-stream'
import type { Compression } from '../../vocabulary.js'
import type { Log } from '../../log.js'
import { compressionSuffix } from '../../snapshot/compression.js'
import type { UploadsStats } from '../../snapshot/manifest.js'
import { UserError, fsErrorLine } from '../../util/errors.js'
import { ArchiveState, archiveEntry } from './archiveEntry.js'
import { excluder, type Excluded } from './exclude.js'
import { IndexWriter, UPLOADS_INDEX_NAME } from './indexFormat.js'
import {
  READ_AHEAD,
  WHOLE_FILE_MAX,
  discard,
  prepareEntry,
  type OnFile,
  type Prepared
} from './readAhead.js'
import { chooseCompression, readSamples, type CompressionChoice } from './sample.js'
import { SlabPool } from './slabPool.js'
import { tarSizeHint, walk } from './walk.js'

// The backup's entry points (probeUploads, openUploadsArchive). The uploads folder as one tar
// stream, entries under the folder's own name (`uploads/...`, as `tar -C <parent> uploads`
// writes them), plus a per-file index with each file's SHA-256 taken from the very bytes that
// went into the archive. The tree is walked one directory handle at a time (fs.opendir); the
// next READ_AHEAD files are opened and read (whole when at most WHOLE_FILE_MAX, larger ones in
// chunks in their turn) while the current one goes into the pack, so memory stays bounded
// whatever the number or size of the files.

// The index file travels with the archive: the backup names it from here.
export { UPLOADS_INDEX_NAME }

/**
 * The archive stream's chunk size: what one stored deflate block holds (so at gzip level 0 each
 * chunk is one block), and under glibc's mmap threshold (128 KiB), so the memory of chunks
 * already written is reused for the next ones. 1 MiB chunks were each mapped afresh, a page
 * fault per 4 KiB of archive: twice the page faults, and 0.1-0.15 s more on the 5,000 media
 * files of the benchmark (docs/benchmarks.md).
 */
const OUT_CHUNK = 65_535

export interface UploadsOptions {
  uploadsCompression: 'auto' | Compression
  compression: Compression
  /** uploads-exclude's patterns: entries left out, recorded in the manifest. */
  exclude?: string[]
  /** Tests only: called once a file is listed, and once its tar header is fixed. */
  onFile?: OnFile
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

  const patterns = options.exclude ?? []
  const excluded = excluder(patterns)
  let excludedCount = 0
  const samples =
    options.uploadsCompression === 'auto' ? await readSamples(dir, root, excluded) : []
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
    const slabs = new SlabPool(WHOLE_FILE_MAX, READ_AHEAD * 2)
    const walker = (async () => {
      try {
        index.start()
        // The archive's walk counts what it leaves out (the sample's and the hint's do not).
        const counted: Excluded | undefined =
          excluded &&
          ((rel) => {
            if (!excluded(rel)) return false
            excludedCount++
            return true
          })
        for await (const entry of walk(dir, root, false, true, counted)) {
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
    sizeHint: () => (sizeHint ??= tarSizeHint(dir, root, excluded)),
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
        ...(state.linksOutsideCount > 0
          ? { linksOutside: state.linksOutside, linksOutsideCount: state.linksOutsideCount }
          : {}),
        ...(patterns.length > 0 ? { exclude: patterns, excludedCount } : {}),
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
    throw new UserError(`uploads-dir ${dir} cannot be read: ${fsErrorLine(error)}`)
  }
  if (!stats.isDirectory()) throw new UserError(`uploads-dir ${dir} is not a folder`)
  try {
    const handle = await fs.opendir(dir)
    await handle.read()
    await handle.close()
  } catch (error) {
    throw new UserError(`uploads-dir ${dir} cannot be read: ${fsErrorLine(error)}`)
  }
}
