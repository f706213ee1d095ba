import { text } from 'node:stream/consumers'
import pLimit from 'p-limit'
import type { Storage, StoredObject } from '../storage/storage.js'
import { errorLine } from '../util/errors.js'
import type { Source } from '../vocabulary.js'
import { parseSnapshotId } from './id.js'
import { LEGACY_FILES, legacySources, parseLegacyName } from './legacy.js'
import { MANIFEST_NAME, SIDE_FOLDERS, environmentPrefix, snapshotPrefix } from './layout.js'
import { FORMAT_VERSION, parseManifest, type Manifest } from './manifest.js'

// What is stored for an environment, folder by folder, and whether each can be trusted; one
// catalog decides for every command (DESIGN.md, "Manifest"; README, "Snapshot states").
// complete: a valid manifest whose id matches its folder and whose files are all there at their
//   recorded sizes. damaged: such a manifest, but a file it lists is missing or of another size.
//   incomplete: anything else with a snapshot-id folder name. unknown: a manifest that exists
//   but cannot be read right now (archived, a transient error): never treated as either
//   (DESIGN.md, "Retention" rule 5). legacy: a folder of the old script (a timestamp name, the
//   seed's file names, no manifest). foreign: anything else beside them: listed, never deleted.

export type SnapshotState = 'complete' | 'damaged' | 'incomplete' | 'unknown' | 'legacy'
export const SNAPSHOT_STATES = ['complete', 'damaged', 'incomplete', 'unknown', 'legacy'] as const

export interface SnapshotEntry {
  /** The folder name: a snapshot id, or a legacy folder's own name. */
  id: string
  startedAt: Date
  state: SnapshotState
  manifest?: Manifest
  /** Why the snapshot is not complete, for plans and errors. */
  problem?: string
  /** The folder's key prefix in its storage (`<env>/<id>/`, or `<name>/` in a flat legacy root). */
  prefix?: string
  /** damaged: each listed file that is missing or of another size, with what is wrong. */
  missing?: Array<{ name: string; source: Source; problem: string }>
  /** legacy: the seed's files it holds, by source. */
  legacy?: Partial<Record<Source, string>>
  objects: StoredObject[]
  bytes: number
}

/** A folder or key beside the snapshots that is none of the tool's: listed, never deleted. */
export interface ForeignEntry {
  /** The folder's prefix (ending in `/`) or the object's key. */
  key: string
  objects: number
  bytes: number
  /** The newest of its objects' store times. */
  lastModified: Date
  why: string
}

export interface Catalog {
  /** Snapshot and legacy folders, oldest first. */
  entries: SnapshotEntry[]
  foreign: ForeignEntry[]
}

export interface CatalogOptions {
  /**
   * A flat legacy root (`backups/<timestamp>/`, issue 15): the storage's top level holds the old
   * script's folders for this environment, with no environment folder.
   */
  flat?: boolean
}

/** Every snapshot folder under `<environment>/`, oldest first. `ledger/`, `drills/` are not snapshots. */
export async function listSnapshots(
  storage: Storage,
  environment: string,
  options: CatalogOptions = {}
): Promise<SnapshotEntry[]> {
  return (await readCatalog(storage, environment, options)).entries
}

/** The snapshots, legacy folders and foreign objects under `<environment>/` (or a flat root). */
export async function readCatalog(
  storage: Storage,
  environment: string,
  options: CatalogOptions = {}
): Promise<Catalog> {
  const base = options.flat ? '' : environmentPrefix(environment)
  const folders = new Map<string, StoredObject[]>()
  const foreign: ForeignEntry[] = []
  for await (const object of storage.list(base)) {
    const rest = object.key.slice(base.length)
    const slash = rest.indexOf('/')
    if (slash < 0) {
      foreign.push({
        key: object.key,
        objects: 1,
        bytes: object.bytes,
        lastModified: object.lastModified,
        why: 'a file, not a folder'
      })
      continue
    }
    const folder = rest.slice(0, slash)
    const list = folders.get(folder) ?? []
    list.push(object)
    folders.set(folder, list)
  }
  const snapshots: Array<[string, StoredObject[]]> = []
  const entries: SnapshotEntry[] = []
  for (const [folder, objects] of folders) {
    const prefix = base + folder + '/'
    const bytes = objects.reduce((sum, o) => sum + o.bytes, 0)
    if (!options.flat && parseSnapshotId(folder)) {
      snapshots.push([folder, objects])
      continue
    }
    if (!options.flat && (SIDE_FOLDERS as readonly string[]).includes(folder)) continue
    const legacy = legacyEntry(folder, prefix, objects)
    if (legacy) {
      entries.push(legacy)
      continue
    }
    foreign.push({
      key: prefix,
      objects: objects.length,
      bytes,
      lastModified: new Date(Math.max(...objects.map((o) => o.lastModified.getTime()))),
      why: parseLegacyName(folder)
        ? `named like an old-script backup but holds none of ${Object.keys(LEGACY_FILES).join(', ')}`
        : 'not a snapshot id, a legacy timestamp, ledger/ or drills/'
    })
  }
  // Each snapshot's manifest is a GET: read a few at once. One after another, the ~45 snapshots a
  // retention policy keeps cost seconds of a restore's outage on S3 before any data moved.
  const limit = pLimit(MANIFEST_READS_AT_ONCE)
  entries.push(
    ...(await Promise.all(
      snapshots.map(([id, objects]) => limit(() => inspect(storage, environment, id, objects)))
    ))
  )
  entries.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.id.localeCompare(b.id))
  foreign.sort((a, b) => a.key.localeCompare(b.key))
  return { entries, foreign }
}

/** The key prefix of an entry's folder: its own, else the contract's `<env>/<id>/`. */
export function folderOf(entry: SnapshotEntry, environment: string): string {
  return entry.prefix ?? snapshotPrefix(environment, entry.id)
}

function legacyEntry(
  folder: string,
  prefix: string,
  objects: StoredObject[]
): SnapshotEntry | undefined {
  const startedAt = parseLegacyName(folder)
  if (!startedAt) return undefined
  const names = objects.map((o) => o.key.slice(prefix.length))
  const sources = legacySources(names)
  if (sources.length === 0) return undefined
  const legacy: Partial<Record<Source, string>> = {}
  for (const name of names) if (LEGACY_FILES[name]) legacy[LEGACY_FILES[name]] = name
  return {
    id: folder,
    startedAt,
    state: 'legacy',
    problem: `a folder of the old script (${Object.values(legacy).join(', ')}), no manifest: adopt makes it complete`,
    prefix,
    legacy,
    objects,
    bytes: objects.reduce((sum, o) => sum + o.bytes, 0)
  }
}

const MANIFEST_READS_AT_ONCE = 8

async function inspect(
  storage: Storage,
  environment: string,
  id: string,
  objects: StoredObject[]
): Promise<SnapshotEntry> {
  const prefix = snapshotPrefix(environment, id)
  const entry = {
    id,
    startedAt: parseSnapshotId(id)!,
    prefix,
    objects,
    bytes: objects.reduce((sum, o) => sum + o.bytes, 0)
  }
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
  // Every file checked, not the first only: a damaged snapshot's whole sources can still be restored.
  const missing: NonNullable<SnapshotEntry['missing']> = []
  for (const file of manifest.files) {
    const stored = objects.find((o) => o.key === prefix + file.name)
    if (!stored) missing.push({ name: file.name, source: file.source, problem: 'is missing' })
    else if (stored.bytes !== file.bytes) {
      missing.push({
        name: file.name,
        source: file.source,
        problem: `holds ${stored.bytes} bytes, the manifest says ${file.bytes}`
      })
    }
  }
  if (missing.length > 0) {
    return {
      ...entry,
      manifest,
      state: 'damaged',
      missing,
      problem: `damaged: ${missing.map((m) => `${m.name} ${m.problem}`).join('; ')}`
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
