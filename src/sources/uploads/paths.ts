// Archive path safety: what an entry's path and a symlink's target may be, checked on the index
// (before anything is downloaded) and on every archive entry (before it is written). Pure.

/** Symlinks followed while resolving one link target before it counts as a loop (Linux: 40). */
const MAX_LINK_HOPS = 40

/**
 * An archive path (`uploads/a/b`) as a path inside the target (`a/b`), or why it is refused.
 * `.` and empty components are dropped; `..` is refused outright, as GNU tar does.
 */
export function archivePath(name: string, root: string): { rel: string } | { problem: string } {
  if (name.includes('\0')) return { problem: 'it holds a NUL byte' }
  if (name.startsWith('/')) return { problem: 'it is an absolute path' }
  if (process.platform === 'win32' && /[\\:]/.test(name)) {
    return { problem: 'it holds a backslash or a drive letter' }
  }
  const parts = name.split('/').filter((p) => p !== '' && p !== '.')
  if (parts.includes('..')) return { problem: 'it has a ".." component' }
  if (parts[0] !== root) return { problem: `it is not under the archive's ${root}/ folder` }
  return { rel: parts.slice(1).join('/') }
}

/**
 * Where a symlink at `rel` (inside the folder) points, resolved as the kernel would in the
 * finished tree, following the tree's other symlinks (`lookup`): undefined when it stays inside,
 * else why not. Dangling targets inside the folder are fine.
 */
export function linkProblem(
  rel: string,
  linkname: string,
  lookup: (rel: string) => string | undefined
): string | undefined {
  if (linkname === '') return 'has an empty target'
  if (linkname.includes('\0')) return 'holds a NUL byte'
  if (linkname.startsWith('/')) return 'points to an absolute path, outside the folder'
  const at = rel.split('/').slice(0, -1)
  const queue = linkname.split('/')
  let hops = 0
  while (queue.length > 0) {
    const part = queue.shift()!
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (at.length === 0) return 'points outside the folder'
      at.pop()
      continue
    }
    const next = [...at, part].join('/')
    const through = lookup(next)
    if (through === undefined) {
      at.push(part)
      continue
    }
    if (++hops > MAX_LINK_HOPS) return 'goes through too many symlinks (a loop)'
    if (through.startsWith('/')) return `points outside the folder through the symlink ${next}`
    queue.unshift(...through.split('/'))
  }
  return undefined
}

/** The folder of a path inside the target ('' for the top folder). */
export function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/')
  return i < 0 ? '' : rel.slice(0, i)
}
