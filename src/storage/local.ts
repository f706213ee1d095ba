import { createReadStream, createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { UserError } from '../util/errors.js'
import { mkdirs } from '../util/mkdirs.js'
import type { DeleteReport, PutOptions, Storage, StoredObject } from './storage.js'

// A folder with the same layout as S3. Each file is written to `<name>.partial`, flushed, and
// renamed when whole, so a file under its final name is never half written.
export class LocalStorage implements Storage {
  readonly location: string

  constructor(private readonly root: string) {
    this.location = root
  }

  uriOf(key: string): string {
    return path.join(this.root, key)
  }

  async check(): Promise<void> {
    const probe = path.join(this.root, `.write-check-${process.pid}`)
    try {
      await mkdirs(this.root)
      await fs.writeFile(probe, 'ok')
      await fs.rm(probe, { force: true })
    } catch (error) {
      throw new UserError(`backup-root ${this.root} is not writable: ${describe(error)}`)
    }
  }

  async put(key: string, body: Readable | Buffer, options: PutOptions = {}): Promise<number> {
    const target = this.uriOf(key)
    const partial = `${target}.partial`
    try {
      if (options.signal?.aborted) throw options.signal.reason
      await mkdirs(path.dirname(target))
      const out = createWriteStream(partial, { flags: 'w', highWaterMark: 1 << 20 })
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, out, {
        signal: options.signal
      })
      const handle = await fs.open(partial, 'r+')
      try {
        await handle.sync()
      } finally {
        await handle.close()
      }
      await fs.rename(partial, target)
      return (await fs.stat(target)).size
    } catch (error) {
      await fs.rm(partial, { force: true }).catch(() => undefined)
      if (options.signal?.aborted) throw options.signal.reason
      throw new UserError(`cannot write ${target}: ${describe(error)}`, { cause: error })
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.uriOf(key)
    try {
      await fs.access(file)
    } catch (error) {
      throw new UserError(`cannot read ${file}: ${describe(error)}`)
    }
    return createReadStream(file, { highWaterMark: 1 << 20 })
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    const base = this.uriOf(prefix)
    const walk = async function* (dir: string): AsyncIterable<string> {
      let entries
      try {
        entries = await fs.readdir(dir, { withFileTypes: true })
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
        throw error
      }
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory()) yield* walk(full)
        else if (entry.isFile() && !entry.name.endsWith('.partial')) yield full
      }
    }
    for await (const file of walk(base)) {
      const stat = await fs.stat(file)
      yield {
        key: path.relative(this.root, file).split(path.sep).join('/'),
        bytes: stat.size,
        lastModified: stat.mtime
      }
    }
  }

  async delete(keys: string[]): Promise<DeleteReport> {
    for (const key of keys) await fs.rm(this.uriOf(key), { force: true })
    return { removed: keys.length, held: [] }
  }
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  const reasons: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EACCES: 'permission denied',
    EROFS: 'read-only file system',
    ENOTDIR: 'a path component is not a folder',
    EEXIST: 'a file is in the way'
  }
  return (e.code && reasons[e.code]) ?? e.message
}
