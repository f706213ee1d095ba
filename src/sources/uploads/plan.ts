import { UserError } from '../../util/errors.js'
import { UPLOADS_INDEX_NAME, type UploadsIndex, type UploadsIndexEntry } from './indexFormat.js'
import { archivePath, linkProblem, parentOf } from './paths.js'

// The restore's plan: the index, checked as a whole before anything is downloaded, keyed by
// path inside the target.

export interface Planned {
  /** Path inside the target, '/' separated, '' for the top folder. */
  rel: string
  entry: UploadsIndexEntry
  mode: number
  mtime: Date
}

export interface Plan {
  index: UploadsIndex
  /** Keyed by rel. */
  entries: Map<string, Planned>
  links: Map<string, string>
  files: number
  bytes: number
  directories: number
  symlinks: number
}

/**
 * Check the index as a whole before anything is downloaded: every path stays inside the folder,
 * every entry's folder is a folder of the index, and no symlink points out, even through other
 * symlinks of the tree. The restored tree will be exactly this one, so this holds for it too.
 */
export function planFromIndex(index: UploadsIndex, archiveName: string): Plan {
  if (index.archive !== archiveName) {
    throw new UserError(
      `${UPLOADS_INDEX_NAME} describes ${index.archive}, but the snapshot's archive is ${archiveName}`
    )
  }
  const plan: Plan = {
    index,
    entries: new Map(),
    links: new Map(),
    files: 0,
    bytes: 0,
    directories: 0,
    symlinks: 0
  }
  for (const entry of index.entries) {
    const parsed = archivePath(entry.path, index.root)
    if ('problem' in parsed) {
      throw new UserError(
        `${UPLOADS_INDEX_NAME} lists ${JSON.stringify(entry.path)}, which would escape the target folder: ${parsed.problem}; refused`
      )
    }
    const { rel } = parsed
    if (plan.entries.has(rel)) {
      throw new UserError(`${UPLOADS_INDEX_NAME} lists ${JSON.stringify(entry.path)} twice`)
    }
    if (entry.type === 'file' && (entry.size === undefined || entry.sha256 === undefined)) {
      throw new UserError(`${UPLOADS_INDEX_NAME}: file ${entry.path} has no size or sha256`)
    }
    if (entry.type === 'symlink' && !entry.linkname) {
      throw new UserError(`${UPLOADS_INDEX_NAME}: symlink ${entry.path} has no target`)
    }
    if (rel === '' && entry.type !== 'directory') {
      throw new UserError(`${UPLOADS_INDEX_NAME}: ${entry.path} is not a folder`)
    }
    plan.entries.set(rel, {
      rel,
      entry,
      mode: parseInt(entry.mode, 8),
      mtime: new Date(entry.mtime)
    })
    if (entry.type === 'file') {
      plan.files++
      plan.bytes += entry.size!
    } else if (entry.type === 'directory') plan.directories++
    else {
      plan.symlinks++
      plan.links.set(rel, entry.linkname!)
    }
  }
  if (plan.entries.get('')?.entry.type !== 'directory') {
    throw new UserError(`${UPLOADS_INDEX_NAME} has no entry for the folder ${index.root}/ itself`)
  }
  for (const { rel, entry } of plan.entries.values()) {
    if (rel === '') continue
    const parent = parentOf(rel)
    const kind = plan.entries.get(parent)?.entry.type
    if (kind !== 'directory') {
      throw new UserError(
        `${UPLOADS_INDEX_NAME} lists ${entry.path}, but ${index.root}/${parent} is ${kind ? `a ${kind}` : 'not listed'}, not a folder; refused`
      )
    }
    if (entry.type === 'symlink') {
      const problem = linkProblem(rel, entry.linkname!, (p) => plan.links.get(p))
      if (problem) {
        throw new UserError(
          `${UPLOADS_INDEX_NAME} lists the symlink ${entry.path} -> ${entry.linkname}, which ${problem}; refused (if you trust this snapshot, extract it by hand: tar -xf ${archiveName} -C <parent of the folder>)`
        )
      }
    }
  }
  return plan
}
