import { createHash } from 'node:crypto'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import tar, { type ExtractEvents } from 'tar-stream'
import type { UploadsStats } from '../../snapshot/manifest.js'
import { UserError, errorLine } from '../../util/errors.js'
import {
  IndexWriter,
  UPLOADS_INDEX_NAME,
  parseIndex,
  type UploadsIndex,
  type UploadsIndexEntry
} from '../uploads/indexFormat.js'
import { archivePath, parentOf } from '../uploads/paths.js'
import { planFromIndex } from '../uploads/plan.js'

// The old script's uploads.tar.gz (`tar -czf uploads.tar.gz -C <parent> uploads`), read as its
// bytes pass (adopt copies them at the same time; restore of a legacy folder reads them once
// first): gunzipped, its tar parsed, and the per-file index the tool writes for its own archives
// built from it (path, type, size, mode, mtime, the SHA-256 of each file's content), with the
// manifest's uploads statistics. The archive itself is kept as it is, so its entries must be
// what the tool's restore takes: one top folder of any name (`uploads/...`, `./uploads/...`,
// `media/...`: the index's root), every folder listed, only files, folders and symlinks. What
// cannot be mapped so is refused in one line: an absolute path, a `..`, entries at the top
// (`tar -C uploads .`), several top folders, a hard link or a device, an entry twice.

/** What the archive held: the index (as the tool writes it, and parsed) and the statistics. */
export interface LegacyUploads {
  /** The index as JSON, the bytes the tool's own uploads.index.json.gz holds uncompressed. */
  text: string
  index: UploadsIndex
  stats: UploadsStats
  /** The tar's size (the gzip inflated). */
  tarBytes: number
}

/** An entry the index cannot describe as the tool's restore would take it. */
class Refused extends UserError {}

type Entry = ExtractEvents['entry'][1]

/**
 * Write the archive's stored bytes to `input`; `result` settles once they have ended, or fails
 * in one line naming `where` (a gzip that does not inflate to its end, a truncated or corrupt
 * tar, an entry refused).
 */
export function legacyUploadsReader(
  where: string,
  name: string
): { input: Writable; result: Promise<LegacyUploads> } {
  const gunzip = zlib.createGunzip({ chunkSize: 1 << 20 })
  let tarBytes = 0
  gunzip.on('data', (c: Buffer) => (tarBytes += c.length)) // as the dump's inspector counts SQL
  const extract = tar.extract()
  const feeding = pipeline(gunzip, extract)
  feeding.catch(() => undefined) // awaited below
  const indexer = new LegacyIndexer(name)
  const result = (async () => {
    try {
      for await (const entry of extract) await indexer.add(entry)
      await feeding
      return { ...(await indexer.finish()), tarBytes }
    } catch (error) {
      // No more bytes are taken (feeding() in inspect.ts stops once the input has failed).
      gunzip.destroy(error as Error)
      const cause =
        error instanceof Refused
          ? error
          : await feeding.then(
              () => error,
              (e) => e
            )
      if (cause instanceof Refused) {
        throw new UserError(
          `${where}: ${cause.message}; refused: the tool's index and restore cannot take this archive as it is (if you trust it, extract it by hand: tar -xzf ${name} -C <parent of the folder>)`
        )
      }
      throw new UserError(
        `${where} is not a whole gzip-compressed tar archive: ${errorLine(cause)}`
      )
    }
  })()
  result.catch(() => undefined) // the caller awaits it
  return { input: gunzip, result }
}

/** The index and statistics of one legacy archive, entry by entry. */
class LegacyIndexer {
  private root: string | undefined
  private writer: IndexWriter | undefined
  private readonly chunks: Buffer[] = []
  private readonly out = new Writable({
    write: (chunk: Buffer, _e, done) => {
      this.chunks.push(chunk)
      done()
    }
  })
  private readonly types = new Map<string, UploadsIndexEntry['type']>()
  files = 0
  bytes = 0
  directories = 0
  symlinks = 0

  constructor(private readonly name: string) {}

  async add(entry: Entry): Promise<void> {
    const { header } = entry
    const label = `archive entry ${JSON.stringify(header.name)}`
    const rel = this.place(header.name, label)
    const type = header.type === 'contiguous-file' ? 'file' : header.type
    if (type === 'link') {
      throw new Refused(
        `${label} is a hard link (to ${header.linkname}), which the index has no type for`
      )
    }
    if (type !== 'file' && type !== 'directory' && type !== 'symlink') {
      throw new Refused(`${label} is a ${type}: only files, folders and symlinks are taken`)
    }
    if (this.types.has(rel)) throw new Refused(`${label} appears twice`)
    if (rel === '' && type !== 'directory') {
      throw new Refused(`${label} is the archive's top entry and not a folder`)
    }
    this.types.set(rel, type)
    const hash = createHash('sha256')
    let size = 0
    for await (const chunk of entry as AsyncIterable<Buffer>) {
      hash.update(chunk)
      size += chunk.length
    }
    const path = `${this.root}/${rel}`.replace(/\/$/, '')
    const meta = {
      mtime: new Date(Math.floor(header.mtime!.getTime() / 1000) * 1000).toISOString(),
      mode: ((header.mode ?? 0) & 0o7777).toString(8).padStart(4, '0')
    }
    const writer = this.start()
    if (type === 'directory') {
      this.directories++
      await writer.add({ path: `${path}/`, type, ...meta })
    } else if (type === 'symlink') {
      this.symlinks++
      await writer.add({ path, type, linkname: header.linkname ?? '', ...meta })
    } else {
      this.files++
      this.bytes += size
      await writer.add({ path, type, size, ...meta, sha256: hash.digest('hex') })
    }
  }

  /** The entry's path inside the folder ('' for the folder itself), or why it is refused. */
  private place(name: string, label: string): string {
    const parts = name.split('/').filter((p) => p !== '' && p !== '.')
    const plain = !name.includes('\0') && !name.startsWith('/') && !parts.includes('..')
    if (plain && parts.length === 0) {
      throw new Refused(
        `${label} is the top of the archive itself: its entries are not under one folder (as tar -C <folder> . writes them; the old script's tar -C <parent> uploads puts them under uploads/)`
      )
    }
    if (plain) this.root ??= parts[0]
    const parsed = archivePath(name, this.root ?? '')
    if ('problem' in parsed) {
      if (plain) {
        throw new Refused(
          `${label} is beside ${this.root}/ at the top of the archive: an uploads archive holds one folder`
        )
      }
      throw new Refused(`${label}: ${parsed.problem}`)
    }
    return parsed.rel
  }

  private start(): IndexWriter {
    if (!this.writer) {
      this.writer = new IndexWriter(this.out, this.name, this.root!)
      this.writer.start()
    }
    return this.writer
  }

  async finish(): Promise<{ text: string; index: UploadsIndex; stats: UploadsStats }> {
    if (!this.writer || !this.root) throw new Refused('the archive holds no entries')
    if (this.types.get('') !== 'directory') {
      throw new Refused(`the archive has no entry for its folder ${this.root}/ itself`)
    }
    for (const rel of this.types.keys()) {
      if (rel === '') continue
      const parent = parentOf(rel)
      if (this.types.get(parent) !== 'directory') {
        const kind = this.types.get(parent)
        throw new Refused(
          `archive entry ${this.root}/${rel} is in ${this.root}/${parent}, ${kind ? `a ${kind}` : 'which has no entry of its own in the archive'}`
        )
      }
    }
    await this.writer.end()
    const text = Buffer.concat(this.chunks).toString('utf8')
    const index = parseIndex(text, UPLOADS_INDEX_NAME)
    try {
      // The restore's own checks (symlinks that point out, through other links too).
      planFromIndex(index, this.name)
    } catch (error) {
      const line = errorLine(error).replace(/; refused.*$/, '')
      throw new Refused(line.replace(`${UPLOADS_INDEX_NAME} lists`, 'the archive holds'))
    }
    const stats: UploadsStats = {
      dir: 'unknown (old script)',
      root: this.root,
      files: this.files,
      bytes: this.bytes,
      directories: this.directories,
      symlinks: this.symlinks,
      index: UPLOADS_INDEX_NAME,
      compression: {
        requested: 'gzip',
        chosen: 'gzip',
        reason: "the old script's gzip-compressed tar, kept as it is"
      },
      changed: [],
      changedCount: 0,
      skipped: [],
      skippedCount: 0
    }
    return { text, index, stats }
  }
}
