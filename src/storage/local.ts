import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { UserError, fsErrorLine } from '../util/errors.js'
import { mkdirs } from '../util/mkdirs.js'
import {
  CLAIM_NAME,
  tokenOf,
  type ClaimHolder,
  type DeleteReport,
  type PutOptions,
  type Storage,
  type StoredObject
} from './storage.js'

// A folder with the same layout as S3. Each file is written to `<name>.partial-<random>` (unique
// per write, so no rename can replace another run's file), flushed, and renamed when whole, so a
// file under its final name is never half written. What it holds is personal data: files are
// 0600 and folders 0700, whatever the umask. A snapshot folder is claimed by creating it (mkdir
// fails when it exists), with a `.claim` file inside naming the run.

const FILE_MODE = 0o600
const DIR_MODE = 0o700
const PARTIAL = /\.partial(-[0-9a-f]+)?$/

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
      await this.mkdirs(this.root)
      await fs.writeFile(probe, 'ok', { mode: FILE_MODE })
      await fs.rm(probe, { force: true })
    } catch (error) {
      throw new UserError(`backup-root ${this.root} is not writable: ${fsErrorLine(error)}`)
    }
  }

  async put(key: string, body: Readable | Buffer, options: PutOptions = {}): Promise<number> {
    const target = this.uriOf(key)
    const partial = `${target}.partial-${randomBytes(8).toString('hex')}`
    try {
      if (options.signal?.aborted) throw options.signal.reason
      await this.mkdirs(path.dirname(target))
      const out = createWriteStream(partial, {
        flags: 'wx',
        mode: FILE_MODE,
        highWaterMark: 1 << 20
      })
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, out, {
        signal: options.signal
      })
      const handle = await fs.open(partial, 'r+')
      try {
        await handle.chmod(FILE_MODE) // the umask may have taken bits off the mode asked for
        await handle.sync()
      } finally {
        await handle.close()
      }
      await fs.rename(partial, target)
      return (await fs.stat(target)).size
    } catch (error) {
      await fs.rm(partial, { force: true }).catch(() => undefined)
      if (options.signal?.aborted) throw options.signal.reason
      throw new UserError(`cannot write ${target}: ${fsErrorLine(error)}`, { cause: error })
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.uriOf(key)
    try {
      await fs.access(file)
    } catch (error) {
      throw new UserError(`cannot read ${file}: ${fsErrorLine(error)}`)
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
        else if (entry.isFile() && !PARTIAL.test(entry.name)) yield full
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

  async claim(prefix: string, holder: ClaimHolder): Promise<boolean> {
    const dir = this.uriOf(prefix)
    const claim = path.join(dir, CLAIM_NAME)
    let existed = false
    try {
      await this.mkdirs(path.dirname(dir))
      await fs.mkdir(dir, { mode: DIR_MODE }) // exclusive: fails when the folder exists
      await fs.chmod(dir, DIR_MODE)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new UserError(`cannot create ${dir}: ${fsErrorLine(error)}`, { cause: error })
      }
      // A folder left empty (a failed run's files deleted: adopt again) is free, as on S3;
      // the exclusive create of its claim below decides between two runs.
      if ((await fs.readdir(dir).catch(() => [CLAIM_NAME])).length > 0) return false
      existed = true
    }
    try {
      await fs.writeFile(claim, JSON.stringify(holder) + '\n', { mode: FILE_MODE, flag: 'wx' })
    } catch (error) {
      // EEXIST even in a folder this run made: another run found it empty and claimed it first.
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST' || (existed && code === 'ENOENT')) return false
      throw new UserError(`cannot write ${claim}: ${fsErrorLine(error)}`, { cause: error })
    }
    if (existed && (await fs.readdir(dir)).some((name) => name !== CLAIM_NAME)) {
      await fs.rm(claim, { force: true })
      return false
    }
    return true
  }

  async claimStands(prefix: string, holder: ClaimHolder): Promise<boolean> {
    const file = path.join(this.uriOf(prefix), CLAIM_NAME)
    let body: string
    try {
      body = await fs.readFile(file, 'utf8')
    } catch (error) {
      // Gone is an answer; a read that fails otherwise is not, and must not pass for one.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw new UserError(`cannot read ${file}: ${fsErrorLine(error)}`, { cause: error })
    }
    return tokenOf(body) === holder.token
  }

  async release(prefix: string, holder: ClaimHolder): Promise<void> {
    if (!(await this.claimStands(prefix, holder))) return
    const dir = this.uriOf(prefix)
    await fs.rm(path.join(dir, CLAIM_NAME), { force: true })
    // An empty folder is free for the next run again; one with files stays an incomplete snapshot.
    await fs.rmdir(dir).catch(() => undefined)
  }

  /** Create `dir` and any missing parents, each 0700 whatever the umask. */
  private async mkdirs(dir: string): Promise<void> {
    for (const created of await mkdirs(dir, DIR_MODE)) await fs.chmod(created, DIR_MODE)
  }
}
