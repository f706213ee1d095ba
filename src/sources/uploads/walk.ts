import type { Stats } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { UserError, fsErrorLine } from '../../util/errors.js'
import type { Excluded } from './exclude.js'

// The uploads tree, walked one directory handle at a time (fs.opendir), so that memory does not
// grow with the number of files; the archive, the compression sample and the size hint all walk
// it the same way.

/** Tar headers and the padding after content come in blocks of this size. */
const TAR_BLOCK = 512

export interface TreeEntry {
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
 * Depth first, each folder before its content, one open directory handle per level. The root
 * is stat()ed (a symlinked uploads-dir is followed); everything below is lstat()ed, so
 * symlinks are never followed, except regular files when `statFiles` is false: their type is
 * the directory entry's, and the archive fstat()s them once opened (O_NOFOLLOW).
 */
export async function* walk(
  abs: string,
  rel: string,
  statFiles: boolean,
  isRoot = false,
  /** uploads-exclude: entries left out (a folder with everything in it). */
  excluded?: Excluded
): AsyncGenerator<TreeEntry> {
  let stats: Stats | null
  try {
    stats = isRoot ? await fs.stat(abs) : await fs.lstat(abs)
  } catch (error) {
    if (!isRoot && (error as NodeJS.ErrnoException).code === 'ENOENT') stats = null
    else throw new UserError(`cannot read ${abs}: ${fsErrorLine(error)}`)
  }
  yield { abs, rel, stats }
  if (!stats?.isDirectory()) return
  let handle
  try {
    handle = await fs.opendir(abs, { bufferSize: 64 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !isRoot) return // reported below
    throw new UserError(`cannot read folder ${abs}: ${fsErrorLine(error)}`)
  }
  try {
    for (;;) {
      let dirent
      try {
        dirent = await handle.read()
      } catch (error) {
        throw new UserError(`cannot read folder ${abs}: ${fsErrorLine(error)}`)
      }
      if (!dirent) break
      const child = { abs: `${abs}${path.sep}${dirent.name}`, rel: `${rel}/${dirent.name}` }
      if (excluded?.(child.rel)) continue
      if (!statFiles && dirent.isFile()) yield child
      else yield* walk(child.abs, child.rel, statFiles, false, excluded)
    }
  } finally {
    await handle.close().catch(() => undefined)
  }
}

/** Walk the tree counting what the tar will hold: its content plus headers and padding. */
export async function tarSizeHint(dir: string, root: string, excluded?: Excluded): Promise<number> {
  let bytes = 0
  try {
    for await (const { stats } of walk(dir, root, true, true, excluded)) {
      if (stats) bytes += 3 * TAR_BLOCK + (stats.isFile() ? stats.size : 0)
    }
  } catch {
    // What cannot be read fails the archive itself, with its own message; the hint is a hint.
  }
  return bytes
}
