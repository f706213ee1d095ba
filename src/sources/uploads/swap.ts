import { randomBytes } from 'node:crypto'
import { constants as fsConstants } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Log } from '../../log.js'
import { UserError, fsErrorLine } from '../../util/errors.js'
import { mkdirs } from '../../util/mkdirs.js'

// The staged swap: the restore extracts into a staging folder beside the target, and only a
// verified one takes the target's place, so a failed restore leaves the target as it was.

/**
 * Where the staging folder goes: beside the target, on the same file system, so that the swap is
 * one rename. A target that is a mount point (a volume) cannot be renamed: stage inside it.
 */
export async function stagingPlace(
  target: string
): Promise<{ prefix: string; mountPoint: boolean }> {
  const name = path.basename(target)
  const parent = path.dirname(target)
  let mountPoint = false
  try {
    const [t, p] = await Promise.all([fs.stat(target), fs.stat(parent)])
    mountPoint = t.dev !== p.dev
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UserError(`target-uploads-dir ${target} cannot be read: ${fsErrorLine(error)}`)
    }
  }
  const base = mountPoint ? target : parent
  try {
    await mkdirs(parent)
  } catch (error) {
    throw new UserError(
      `cannot create the parent folder of target-uploads-dir ${target}: ${fsErrorLine(error)}`
    )
  }
  try {
    await fs.access(base, fsConstants.W_OK)
  } catch (error) {
    throw new UserError(
      `cannot write the staging folder into ${base}: ${fsErrorLine(error)}; ${target} was not changed`
    )
  }
  return { prefix: path.join(base, `.${name}.restoring-`), mountPoint }
}

/** Put the verified staging folder in the target's place; the old contents go only after. */
export async function swap(
  staging: string,
  target: string,
  force: boolean,
  log: Log
): Promise<void> {
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
          : `cannot move the restored folder into ${target}: ${fsErrorLine(error)}; ${target} was not changed`
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
        `cannot move ${target} aside to put the restored folder in its place: ${fsErrorLine(error)}; ${target} was not changed`
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
        ? `cannot move the restored folder into ${target}: ${fsErrorLine(error)}; ${target} was not changed`
        : `cannot move the restored folder into ${target}: ${fsErrorLine(error)}; its previous contents are in ${old}`
    )
  }
  if (moved) {
    try {
      await removeTree(old, true)
    } catch (error) {
      log.warning(
        `restored; the previous contents of ${target} are left in ${old}: ${fsErrorLine(error)}`
      )
    }
  }
}

/**
 * Target is a mount point: the verified copy was staged inside it. Remove the old contents, move
 * the copy's entries up. Not atomic: a failure here says where the verified copy is.
 */
export async function moveInto(staging: string, target: string, force: boolean): Promise<void> {
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
      `${target} (a mount point) is half restored: ${fsErrorLine(error)}; the verified copy is in ${staging}: move its contents into ${target} by hand`
    )
  }
}

/** rm -rf that also gets through folders restored without write permission. */
export async function removeTree(dir: string, strict = false): Promise<void> {
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
