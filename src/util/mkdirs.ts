import fs from 'node:fs/promises'
import path from 'node:path'

/**
 * `mkdir -p`, one level at a time. Node's `fs.mkdir(dir, { recursive: true })` never returns
 * where mkdir answers ENOENT under a folder that exists (/proc/sys: it retries the parent, which
 * exists, then the child again, forever, at full CPU on a thread-pool thread that also keeps the
 * process alive). Here every error but "already there" is thrown as it comes. Resolves to the
 * folders it created, outermost first.
 */
export async function mkdirs(dir: string, mode?: number): Promise<string[]> {
  const missing: string[] = []
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    try {
      const stat = await fs.stat(at)
      if (!stat.isDirectory()) {
        throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), {
          code: 'ENOTDIR'
        })
      }
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      missing.push(at)
      if (path.dirname(at) === at) break
    }
  }
  const created: string[] = []
  for (const folder of missing.reverse()) {
    try {
      await fs.mkdir(folder, mode === undefined ? {} : { mode })
      created.push(folder)
    } catch (error) {
      // Another run made it meanwhile: fine when it is a folder (the next level will tell).
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  return created
}
