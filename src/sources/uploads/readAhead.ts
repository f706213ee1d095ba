import type { Stats } from 'node:fs'
import fs from 'node:fs/promises'
import { UserError, fsErrorLine } from '../../util/errors.js'
import { closeFd, fstat, openFile, readFd } from './fsCalls.js'
import type { SlabPool } from './slabPool.js'
import type { TreeEntry } from './walk.js'

// Reading the next files of the walk while the current one goes into the pack.

/**
 * Files read ahead of the one going into the pack, each whole when at most WHOLE_FILE_MAX (so
 * 16 MiB at most): on the media benchmark 16 beat 8 and 4, and 32 was no faster.
 */
export const READ_AHEAD = 16
export const WHOLE_FILE_MAX = 1 << 20

/** Tests only: called once a file is listed, and once its tar header is fixed. */
export type OnFile = (absPath: string, stage: 'listed' | 'opened') => Promise<void> | void

/**
 * An entry of the walk with its reading already started: a file's open, fstat and, when it is
 * at most WHOLE_FILE_MAX bytes, its whole content; a symlink's target. Entries are still
 * archived strictly in walk order; reading the next few ahead keeps the thread pool busy while
 * the current one goes into the pack. Memory stays bounded: at most READ_AHEAD entries are
 * prepared, larger files only hold their descriptor and are streamed in their turn.
 */
export interface Prepared {
  entry: TreeEntry
  file?: Promise<LoadedFile>
  /** The symlink's target; null when it disappeared first. */
  link?: Promise<string | null>
}

export type LoadedFile =
  | { kind: 'skip'; reason: string }
  /** Too large to hold: open, streamed from the descriptor `fd` in its turn. */
  | { kind: 'open'; before: Stats; fd: number }
  /** Read whole: `data` is `before.size` bytes, zero-padded after the `read` bytes there were. */
  | { kind: 'whole'; before: Stats; data: Buffer; read: number; after: Stats }

export function prepareEntry(
  entry: TreeEntry,
  options: { onFile?: OnFile },
  slabs: SlabPool
): Prepared {
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
export async function discard({ file, link }: Prepared): Promise<void> {
  await link?.catch(() => undefined)
  const loaded = await file?.catch(() => undefined)
  if (loaded?.kind === 'open') await closeFd(loaded.fd)
}

async function readLink(abs: string): Promise<string | null> {
  try {
    return await fs.readlink(abs)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new UserError(`cannot read symlink ${abs}: ${fsErrorLine(error)}`)
  }
}

async function loadFile(
  abs: string,
  options: { onFile?: OnFile },
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
    throw new UserError(`cannot read uploads file ${abs}: ${fsErrorLine(error)}`, { cause: error })
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
        throw new UserError(`cannot read uploads file ${abs}: ${fsErrorLine(error)}`, {
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
