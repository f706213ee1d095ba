import type { StoredObject } from '../storage/storage.js'
import { parseSnapshotId, snapshotIdFor } from './id.js'

// Every key the snapshot layout contract defines (DESIGN.md, "Snapshot layout"), in one place.
// Keys are relative to a storage's base (`[s3-prefix/]` or `backup-root`):
//   <environment>/<snapshot-id>/<file>      a snapshot's files, manifest.json written last
//   <environment>/ledger/<time>-<command>-<random>.json   one ledger event per run
//   <environment>/drills/<time>.json        one report per drill
// Storage knows nothing of this: it stores keys, and is told which objects to tag.

export const MANIFEST_NAME = 'manifest.json'
export const LEDGER_FOLDER = 'ledger'
export const DRILLS_FOLDER = 'drills'
/** The folders beside the snapshots: not snapshots, kept by the hard limit alone. */
export const SIDE_FOLDERS = [LEDGER_FOLDER, DRILLS_FOLDER] as const
export type SideFolder = (typeof SIDE_FOLDERS)[number]

/**
 * The tag every snapshot data file carries, so the lifecycle rule that moves data to GLACIER
 * (deploy/s3-lifecycle.json) leaves manifests, claims, the ledger and drill reports readable.
 */
export const DATA_TAG = { key: 'luneo-backup:class', value: 'data' } as const

export function environmentPrefix(environment: string): string {
  return `${environment}/`
}

export function snapshotPrefix(environment: string, id: string): string {
  return `${environment}/${id}/`
}

export function snapshotKey(environment: string, id: string, name: string): string {
  return snapshotPrefix(environment, id) + name
}

export function sidePrefix(environment: string, folder: SideFolder): string {
  return `${environment}/${folder}/`
}

/** A ledger event's key: its start time first, so a plain listing is in time order. */
export function ledgerEventKey(
  environment: string,
  time: Date,
  command: string,
  random: string
): string {
  const name = command.replace(/[^a-z0-9-]/gi, '_')
  return `${sidePrefix(environment, LEDGER_FOLDER)}${snapshotIdFor(time)}-${name}-${random}.json`
}

export function drillReportKey(environment: string, drilledAt: Date): string {
  return `${sidePrefix(environment, DRILLS_FOLDER)}${snapshotIdFor(drilledAt)}.json`
}

/** What a key under `<environment>/` is, as every command judges it. */
export type Place =
  | { kind: 'snapshot'; id: string; name: string }
  | { kind: 'side'; folder: SideFolder; name: string }
  | { kind: 'other' }

export function placeOf(key: string, environment: string): Place {
  const base = environmentPrefix(environment)
  if (!key.startsWith(base)) return { kind: 'other' }
  const rest = key.slice(base.length)
  const slash = rest.indexOf('/')
  // Only folders: a file that happens to be named like an id is not a snapshot.
  if (slash < 0) return { kind: 'other' }
  const folder = rest.slice(0, slash)
  const name = rest.slice(slash + 1)
  if (parseSnapshotId(folder)) return { kind: 'snapshot', id: folder, name }
  const side = SIDE_FOLDERS.find((f) => f === folder)
  return side ? { kind: 'side', folder: side, name } : { kind: 'other' }
}

/** When a ledger event or drill report was written: the time its name starts with, else the store's. */
export function sideObjectTime(object: StoredObject): Date {
  const name = object.key.slice(object.key.lastIndexOf('/') + 1)
  return parseSnapshotId(name.slice(0, 20)) ?? object.lastModified
}
