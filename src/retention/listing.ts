import { isSnapshotId } from '../snapshot/id.js'
import { MANIFEST_NAME } from '../snapshot/manifest.js'
import type { StoredObject } from '../storage/storage.js'

// Sorting a listing of `<environment>/` into what prune may touch (DESIGN.md, "Snapshot layout"):
// snapshot folders (named like snapshot ids), the `ledger/` and `drills/` folders beside them, and
// everything else, which prune never deletes. Pure: the listing comes in, nothing is read.

export const SIDE_FOLDERS = ['ledger', 'drills'] as const

export interface SnapshotFolder {
  id: string
  /** Every object under `<environment>/<id>/`, manifest included. */
  objects: StoredObject[]
  /** The manifest's key when one is stored. */
  manifestKey?: string
  bytes: number
}

export interface EnvironmentListing {
  snapshots: Map<string, SnapshotFolder>
  /** Objects under `ledger/` and `drills/`: the hard limit alone applies to them. */
  side: StoredObject[]
  /** Anything else under `<environment>/`: reported, never deleted. */
  other: StoredObject[]
}

/** The folder prefix of one environment; the trailing '/' keeps `production-eu/` out of `production/`. */
export function environmentPrefix(environment: string): string {
  return `${environment}/`
}

export function groupListing(
  environment: string,
  objects: Iterable<StoredObject>
): EnvironmentListing {
  const prefix = environmentPrefix(environment)
  const snapshots = new Map<string, SnapshotFolder>()
  const side: StoredObject[] = []
  const other: StoredObject[] = []
  for (const object of objects) {
    if (!object.key.startsWith(prefix)) {
      other.push(object)
      continue
    }
    const rest = object.key.slice(prefix.length)
    const slash = rest.indexOf('/')
    const folder = slash < 0 ? undefined : rest.slice(0, slash)
    const name = slash < 0 ? rest : rest.slice(slash + 1)
    if (folder && name && isSnapshotId(folder)) {
      let snapshot = snapshots.get(folder)
      if (!snapshot) {
        snapshot = { id: folder, objects: [], bytes: 0 }
        snapshots.set(folder, snapshot)
      }
      snapshot.objects.push(object)
      snapshot.bytes += object.bytes
      if (name === MANIFEST_NAME) snapshot.manifestKey = object.key
    } else if (folder && name && (SIDE_FOLDERS as readonly string[]).includes(folder)) {
      side.push(object)
    } else {
      other.push(object)
    }
  }
  return { snapshots, side, other }
}
