import { text } from 'node:stream/consumers'
import type { Storage, StoredObject } from '../storage/storage.js'
import { errorLine } from '../util/errors.js'
import { parseSnapshotId } from './id.js'
import { MANIFEST_NAME, parseManifest, type Manifest } from './manifest.js'

// What is stored for an environment, snapshot by snapshot, and whether each can be trusted.
// complete: a valid manifest whose id matches its folder and whose files are all there at their
//   recorded sizes. incomplete: anything else with a snapshot-id folder name. unknown: a manifest
//   that exists but cannot be read right now (archived, a transient error): never treated as
//   either (DESIGN.md, "Retention" rule 5).

export type SnapshotState = 'complete' | 'incomplete' | 'unknown'

export interface SnapshotEntry {
  id: string
  startedAt: Date
  state: SnapshotState
  manifest?: Manifest
  /** Why the snapshot is not complete, for plans and errors. */
  problem?: string
  objects: StoredObject[]
  bytes: number
}

/** Every snapshot folder under `<environment>/`, oldest first. `ledger/`, `drills/` are not snapshots. */
export async function listSnapshots(
  storage: Storage,
  environment: string
): Promise<SnapshotEntry[]> {
  const groups = new Map<string, StoredObject[]>()
  const base = `${environment}/`
  for await (const object of storage.list(base)) {
    const [folder] = object.key.slice(base.length).split('/', 1)
    if (!parseSnapshotId(folder)) continue
    const list = groups.get(folder) ?? []
    list.push(object)
    groups.set(folder, list)
  }
  const entries: SnapshotEntry[] = []
  for (const [id, objects] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    entries.push(await inspect(storage, environment, id, objects))
  }
  return entries
}

async function inspect(
  storage: Storage,
  environment: string,
  id: string,
  objects: StoredObject[]
): Promise<SnapshotEntry> {
  const entry = {
    id,
    startedAt: parseSnapshotId(id)!,
    objects,
    bytes: objects.reduce((sum, o) => sum + o.bytes, 0)
  }
  const prefix = `${environment}/${id}/`
  if (!objects.some((o) => o.key === prefix + MANIFEST_NAME)) {
    return { ...entry, state: 'incomplete', problem: 'no manifest.json' }
  }
  let body: string
  try {
    body = await text(await storage.get(prefix + MANIFEST_NAME))
  } catch (error) {
    return {
      ...entry,
      state: 'unknown',
      problem: `manifest.json cannot be read: ${errorLine(error)}`
    }
  }
  let manifest: Manifest
  try {
    manifest = parseManifest(body)
  } catch (error) {
    return { ...entry, state: 'incomplete', problem: errorLine(error) }
  }
  if (manifest.id !== id || manifest.environment !== environment) {
    return {
      ...entry,
      state: 'incomplete',
      problem: `manifest.json names ${manifest.environment}/${manifest.id}, not ${environment}/${id}`
    }
  }
  for (const file of manifest.files) {
    const stored = objects.find((o) => o.key === prefix + file.name)
    if (!stored)
      return { ...entry, manifest, state: 'incomplete', problem: `${file.name} is missing` }
    if (stored.bytes !== file.bytes) {
      return {
        ...entry,
        manifest,
        state: 'incomplete',
        problem: `${file.name} holds ${stored.bytes} bytes, the manifest says ${file.bytes}`
      }
    }
  }
  return { ...entry, manifest, state: 'complete' }
}
