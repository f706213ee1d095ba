import type { Log } from '../log.js'
import { inspectLegacyFile } from '../sources/legacy/inspect.js'
import type { SnapshotEntry } from '../snapshot/catalog.js'
import { folderOf } from '../snapshot/catalog.js'
import type { Manifest } from '../snapshot/manifest.js'
import type { Storage } from '../storage/storage.js'
import type { UploadsIndex } from '../sources/uploads/indexFormat.js'
import type { Source } from '../vocabulary.js'
import { TOOL_VERSION } from '../version.js'

// A legacy folder (the old script's, no manifest) made restorable: each file to restore is read
// once to learn what a manifest would say (rows per table, roles, keys per db, the uploads
// archive's per-file index, its SHA-256), and the restore then streams it again against that. No checksum was recorded when it was written:
// what is verified is that the file did not change between the two reads, not that it is the
// backup the old script wrote. The log and the summary say so.

export interface Restorable {
  entry: SnapshotEntry
  /** A legacy uploads archive's index, built by reading it (no index file is stored beside it). */
  uploadsIndex?: UploadsIndex
}

export async function withLegacyManifest(
  storage: Storage,
  entry: SnapshotEntry,
  environment: string,
  sources: Source[],
  log: Log
): Promise<Restorable> {
  if (entry.state !== 'legacy') return { entry }
  let uploadsIndex: UploadsIndex | undefined
  const manifest: Manifest = {
    formatVersion: 1,
    id: entry.id,
    environment,
    kind: 'daily',
    createdAt: entry.startedAt.toISOString(),
    completedAt: entry.startedAt.toISOString(),
    durationSeconds: 0,
    tool: { name: 'luneo-backup', version: TOOL_VERSION },
    files: [],
    sources: {}
  }
  for (const source of sources) {
    const name = entry.legacy?.[source]
    if (!name) continue
    const key = folderOf(entry, environment) + name
    const seen = await log.group(`Read legacy ${name}`, () =>
      inspectLegacyFile(storage, key, name, source)
    )
    manifest.files.push(seen.file)
    if (seen.postgres) manifest.sources.postgres = seen.postgres
    if (seen.redis) manifest.sources.redis = seen.redis
    if (seen.uploads) manifest.sources.uploads = seen.uploads
    if (seen.uploadsIndex) uploadsIndex = seen.uploadsIndex.index
    if (seen.warning) {
      log.warning(seen.warning)
      manifest.warnings = [...(manifest.warnings ?? []), seen.warning]
    }
    log.warning(
      `${storage.uriOf(key)}: a legacy file, no checksum was recorded when it was written: nothing proves it is the old script's backup as written; read once (sha256 ${seen.file.sha256}), it is restored against what that read found`
    )
  }
  return { entry: { ...entry, manifest }, uploadsIndex }
}
