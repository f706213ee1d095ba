import { text } from 'node:stream/consumers'
import pLimit from 'p-limit'
import type { Storage, StoredObject } from '../storage/storage.js'
import { errorLine } from '../util/errors.js'
import { parseSnapshotId } from './id.js'
import { MANIFEST_NAME, environmentPrefix, placeOf, snapshotPrefix } from './layout.js'
import { FORMAT_VERSION, parseManifest, type Manifest } from './manifest.js'

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
  for await (const object of storage.list(environmentPrefix(environment))) {
    const place = placeOf(object.key, environment)
    if (place.kind !== 'snapshot') continue
    const list = groups.get(place.id) ?? []
    list.push(object)
    groups.set(place.id, list)
  }
  // Each snapshot's manifest is a GET: read a few at once. One after another, the ~45 snapshots a
  // retention policy keeps cost seconds of a restore's outage on S3 before any data moved.
  const limit = pLimit(MANIFEST_READS_AT_ONCE)
  return Promise.all(
    [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, objects]) => limit(() => inspect(storage, environment, id, objects)))
  )
}

const MANIFEST_READS_AT_ONCE = 8

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
  const prefix = snapshotPrefix(environment, id)
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
    // A manifest from a newer tool is not ours to judge: prune must not take it for incomplete
    // and delete it a day later.
    const version = formatVersionOf(body)
    if (version !== undefined && version > FORMAT_VERSION) {
      return {
        ...entry,
        state: 'unknown',
        problem: `manifest.json has formatVersion ${version}, newer than this tool's ${FORMAT_VERSION}: upgrade luneo-backup`
      }
    }
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

function formatVersionOf(body: string): number | undefined {
  try {
    const v = (JSON.parse(body) as { formatVersion?: unknown } | null)?.formatVersion
    return typeof v === 'number' ? v : undefined
  } catch {
    return undefined
  }
}
