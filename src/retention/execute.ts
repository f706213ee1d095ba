import type { SnapshotEntry } from '../snapshot/catalog.js'
import { MANIFEST_NAME, snapshotKey } from '../snapshot/layout.js'
import type { HeldObject, Storage, StoredObject } from '../storage/storage.js'
import type { RetentionDecision, SideObjectDecision } from './policy.js'

// Carrying out a retention plan (policy.ts decides; this deletes). Every doomed snapshot's
// manifest.json goes first, then its data, so an interrupted prune never leaves a half-snapshot
// that looks complete; a second run finishes the job. Objects Object Lock holds are reported,
// not deleted; a snapshot whose manifest is held keeps its data too, so it never looks complete
// without its files.

export interface PruneExecution {
  held: HeldObject[]
  /** Doomed snapshots that Object Lock kept, whole or in part. */
  heldSnapshots: number
  /** Bytes of doomed objects that stayed (held, or kept with a held manifest). */
  bytesKeptBack: number
  manifests: number
  dataObjects: number
}

export async function executePrune(
  storage: Storage,
  environment: string,
  entries: SnapshotEntry[],
  sideObjects: StoredObject[],
  doomed: RetentionDecision[],
  doomedSide: SideObjectDecision[]
): Promise<PruneExecution> {
  const held: HeldObject[] = []
  const byId = new Map(entries.map((e) => [e.id, e]))
  const entryOf = (d: RetentionDecision) => byId.get(d.id) as SnapshotEntry
  const manifestKey = (d: RetentionDecision) => snapshotKey(environment, d.id, MANIFEST_NAME)
  // Manifests first: from here on no doomed snapshot looks complete, whatever happens next.
  const manifests = doomed.flatMap((d) =>
    entryOf(d).objects.some((o) => o.key === manifestKey(d)) ? [manifestKey(d)] : []
  )
  if (manifests.length > 0) held.push(...(await storage.delete(manifests)).held)
  // A snapshot whose manifest Object Lock holds still looks complete: keep its data with it.
  const lockedManifests = new Set(held.map((h) => h.key))
  const data = doomed
    .filter((d) => !lockedManifests.has(manifestKey(d)))
    .flatMap((d) =>
      entryOf(d)
        .objects.map((o) => o.key)
        .filter((k) => k !== manifestKey(d))
    )
  if (data.length > 0) held.push(...(await storage.delete(data)).held)
  if (doomedSide.length > 0) {
    held.push(...(await storage.delete(doomedSide.map((d) => d.key))).held)
  }
  const heldKeys = new Set(held.map((h) => h.key))
  const heldSnapshots = doomed.filter(
    (d) =>
      lockedManifests.has(manifestKey(d)) || entryOf(d).objects.some((o) => heldKeys.has(o.key))
  )
  const sideKeys = new Set(sideObjects.map((o) => o.key))
  const sizeOf = new Map(
    [...entries.flatMap((e) => e.objects), ...sideObjects].map((o) => [o.key, o.bytes])
  )
  const keptBack = heldSnapshots.flatMap((d) =>
    lockedManifests.has(manifestKey(d))
      ? entryOf(d).objects.map((o) => o.key)
      : entryOf(d)
          .objects.filter((o) => heldKeys.has(o.key))
          .map((o) => o.key)
  )
  let bytesKeptBack = 0
  for (const key of new Set([...keptBack, ...[...heldKeys].filter((k) => sideKeys.has(k))])) {
    bytesKeptBack += sizeOf.get(key) ?? 0
  }
  return {
    held,
    heldSnapshots: heldSnapshots.length,
    bytesKeptBack,
    manifests: manifests.length,
    dataObjects: data.length
  }
}
