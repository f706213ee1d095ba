import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { Readable } from 'node:stream'
import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { monthOf } from '../retention/calendar.js'
import { feeding, legacyCompression, legacyInspector } from '../sources/legacy/inspect.js'
import { UPLOADS_INDEX_NAME } from '../sources/uploads/indexFormat.js'
import { folderOf, readCatalog, type SnapshotEntry } from '../snapshot/catalog.js'
import { judgeLeftovers, removeLeftovers, type Leftover } from '../snapshot/leftovers.js'
import { snapshotIdFor } from '../snapshot/id.js'
import { FORMAT_VERSION, type FileEntry, type Manifest } from '../snapshot/manifest.js'
import { SnapshotWriter } from '../snapshot/writer.js'
import { round } from '../util/format.js'
import { openLegacyRoot, openStorages } from '../storage/open.js'
import type { ClaimHolder, Storage } from '../storage/storage.js'
import { UserError, errorLine } from '../util/errors.js'
import { formatBytes } from '../util/format.js'
import { TOOL_VERSION } from '../version.js'
import type { CommandResult } from './result.js'

// adopt: turn the old script's backups (legacy folders) into complete snapshots (issue 15). Each
// legacy file is read once: its bytes are copied into a new snapshot folder named by the legacy
// time while they are checked (gzip inflates to its end and its COPY rows are counted; an RDB is
// scanned to its EOF and checksum; an uploads tar is parsed and its per-file index built, then
// written beside it as a backup writes one). The manifest, written last, records `adoptedFrom`;
// only once the new snapshot is complete in every storage is the legacy folder removed. A second run finds
// the snapshot it made (same id, same adoptedFrom) and only finishes the removal: nothing twice.
// dry-run prints the plan and reads nothing.

interface Origin {
  storage: Storage
  flat: boolean
}

interface Step {
  origin: Origin
  entry: SnapshotEntry
  id: string
  kind: 'daily' | 'monthly'
  from: string
}

export async function adopt(config: Config, log: Log): Promise<CommandResult> {
  const storages = await openStorages(config, log)
  const legacyRoot = openLegacyRoot(config)
  const origins: Origin[] = [
    ...storages.map((storage) => ({ storage, flat: false })),
    ...(legacyRoot ? [{ storage: legacyRoot, flat: true }] : [])
  ]
  // What the target storages already hold, by id (the first storage is the one restore reads).
  const targets = await Promise.all(storages.map((s) => readCatalog(s, config.environment)))
  const held = new Map(targets[0].entries.map((e) => [e.id, e]))
  const completeMonths = new Set(
    targets[0].entries
      .filter((e) => e.state === 'complete' && e.manifest?.kind !== 'adhoc')
      .map((e) => monthOf(e.startedAt))
  )

  const steps: Step[] = []
  const seen = new Set<string>()
  const monthsTaken = new Set<string>()
  const legacy: Array<{ origin: Origin; entry: SnapshotEntry }> = []
  for (const origin of origins) {
    const { entries } = await readCatalog(origin.storage, config.environment, { flat: origin.flat })
    for (const entry of entries) if (entry.state === 'legacy') legacy.push({ origin, entry })
  }
  legacy.sort((a, b) => a.entry.startedAt.getTime() - b.entry.startedAt.getTime())
  for (const { origin, entry } of legacy) {
    const from = origin.storage.uriOf(folderOf(entry, config.environment))
    const id = snapshotIdFor(new Date(Math.floor(entry.startedAt.getTime() / 1000) * 1000))
    // Its month's monthly where the month has no complete scheduled snapshot: the earliest.
    const month = monthOf(entry.startedAt)
    const kind = !completeMonths.has(month) && !monthsTaken.has(month) ? 'monthly' : 'daily'
    monthsTaken.add(month)
    steps.push({ origin, entry, id, kind, from })
  }

  const lines: string[] = []
  const warnings: string[] = []
  const problems: string[] = []
  let adopted = 0
  let finished = 0
  for (const step of steps) {
    const existing = held.get(step.id)
    const done = existing?.state === 'complete' && existing.manifest?.adoptedFrom === step.from
    if (seen.has(step.id) && !done) {
      problems.push(
        `${step.from}: not adopted: another legacy folder has the same time (${step.id})`
      )
      continue
    }
    // A folder at that id: a failed adopt's (or any failed run's) leftovers, no manifest and no
    // live claim, are removed and the adopt runs again; anything else is refused.
    let leftovers: Leftover[] = []
    if (!done) {
      const judged = await judgeLeftovers(storages, targets, step.id)
      if ('refused' in judged) {
        problems.push(`${step.from}: not adopted: ${judged.refused}`)
        continue
      }
      leftovers = judged.leftovers
    }
    seen.add(step.id)
    const files = Object.entries(step.entry.legacy ?? {})
    const what = `${files.map(([, n]) => n).join(', ')} (${formatBytes(step.entry.bytes)})`
    if (config.dryRun) {
      const line = done
        ? `${step.from}: adopted before as ${step.id}: its folder is to remove`
        : `${step.from}: ${what}: to adopt as ${step.id} (${step.kind})${leftovers.length ? `, once what a failed run left in ${step.id} is removed` : ''}, then remove`
      log.info(line)
      lines.push(line)
      continue
    }
    try {
      if (!done) {
        warnings.push(
          ...(await log.group(`Adopt ${step.from} as ${step.id}`, async () => {
            for (const line of await removeLeftovers(leftovers)) {
              log.info(line)
              lines.push(line)
            }
            return writeAdopted(storages, config, step, log)
          }))
        )
        adopted++
      } else finished++
      // Only now, the new snapshot complete in every storage, does the old folder go.
      const check = await Promise.all(storages.map((s) => readCatalog(s, config.environment)))
      for (const [i, c] of check.entries()) {
        const e = c.entries.find((x) => x.id === step.id)
        if (e?.state !== 'complete') {
          throw new UserError(
            `${storages[i].uriOf(`${config.environment}/${step.id}/`)} is ${e?.state ?? 'missing'} after adopt: the legacy folder is kept`
          )
        }
      }
      const { held: locked } = await step.origin.storage.delete(
        step.entry.objects.map((o) => o.key)
      )
      const line = `${step.from}: ${done ? 'adopted before' : `${what} adopted`} as ${step.id} (${step.kind}); legacy folder removed${locked.length ? ` except ${locked.length} object(s) held by Object Lock` : ''}`
      log.info(line)
      lines.push(line)
    } catch (error) {
      problems.push(`${step.from}: ${errorLine(error)}`)
    }
  }
  for (const p of problems) log.warning(p)
  const summary = [
    `## Adopt (${config.environment})${config.dryRun ? ': plan only (dry-run: nothing read or written)' : ''}`,
    '',
    steps.length === 0 ? 'No legacy folder of the old script found.' : '',
    ...lines.map((l) => `- ${l}`),
    ...warnings.map((w) => `- :warning: ${w}`),
    ...problems.map((p) => `- :red_circle: ${p}`),
    ''
  ].join('\n')
  if (problems.length > 0 && !config.dryRun) {
    throw new UserError(
      `adopt: ${problems.length} legacy folder(s) not adopted: ${problems.join('; ')}`
    )
  }
  return {
    outputs: { adopted, 'already-adopted': finished, 'not-adopted': problems.length },
    summary
  }
}

/**
 * One legacy folder into a new snapshot folder in every storage, manifest last. Resolves to
 * what its files' readers warned of (logged, and in the manifest).
 */
async function writeAdopted(
  storages: Storage[],
  config: Config,
  step: Step,
  log: Log
): Promise<string[]> {
  const started = Date.now()
  const holder: ClaimHolder = {
    token: randomBytes(12).toString('hex'),
    startedAt: new Date().toISOString(),
    host: os.hostname(),
    pid: process.pid
  }
  const writer = new SnapshotWriter(storages, config.environment, step.id, log, holder)
  const claimed: Storage[] = []
  try {
    for (const storage of storages) {
      if (!(await storage.claim(writer.keyOf(''), holder))) {
        throw new UserError(`${storage.uriOf(writer.keyOf(''))} is taken by another run`)
      }
      claimed.push(storage)
    }
    const files: FileEntry[] = []
    const sources: Manifest['sources'] = {}
    const warnings: string[] = []
    for (const [source, name] of Object.entries(step.entry.legacy ?? {}) as Array<
      [FileEntry['source'], string]
    >) {
      const key = folderOf(step.entry, config.environment) + name
      const inspector = legacyInspector(step.origin.storage.uriOf(key), name, source)
      const stored = await step.origin.storage.get(key)
      const input = stored.pipe(feeding(inspector))
      let sourceBytes = 0
      // A check that fails stops the copy (no half-copied file still uploading after the run
      // has failed); both settle before the error, the checker's first: it names the file.
      const [written, checked] = await Promise.allSettled([
        writer.writeFile(name, input, {
          source,
          compression: legacyCompression(source),
          precompressed: { sourceBytes: () => sourceBytes }
        }),
        inspector.facts().then(
          (f) => {
            sourceBytes = f.sourceBytes ?? 0
            return f
          },
          (error: unknown) => {
            const cause = error instanceof Error ? error : new Error(String(error))
            stored.destroy() // pipe() does not pass a destroy back to the storage's stream
            input.destroy(cause)
            throw error
          }
        )
      ])
      if (checked.status === 'rejected') throw checked.reason
      if (written.status === 'rejected') throw written.reason
      const [file, facts] = [written.value, checked.value]
      files.push(
        file.sourceBytes ? file : { ...file, sourceBytes: facts.sourceBytes ?? file.bytes }
      )
      if (facts.postgres) sources.postgres = facts.postgres
      if (facts.redis) sources.redis = facts.redis
      log.info(`${name}: ${formatBytes(file.bytes)} copied and checked (sha256 ${file.sha256})`)
      if (facts.uploads && facts.uploadsIndex) {
        // The per-file index the old script never wrote, built in the same pass: as a backup
        // writes it, so verify and restore check every file of the archive against it.
        const index = await writer.writeFile(
          UPLOADS_INDEX_NAME,
          Readable.from([Buffer.from(facts.uploadsIndex.text)]),
          { source: 'uploads', compression: 'gzip' }
        )
        files.push(index)
        const stats = { ...facts.uploads, index: index.name }
        sources.uploads = stats
        log.info(
          `${name}: ${stats.files} files (${formatBytes(stats.bytes)}), ${stats.directories} folders, ${stats.symlinks} symlinks under ${stats.root}/; ${index.name}: ${index.bytes} bytes, sha256 ${index.sha256}`
        )
      }
      if (facts.warning) {
        log.warning(facts.warning)
        warnings.push(facts.warning)
      }
    }
    const now = new Date()
    await writer.writeManifest({
      formatVersion: FORMAT_VERSION,
      id: step.id,
      environment: config.environment,
      kind: step.kind,
      createdAt: step.entry.startedAt.toISOString(),
      completedAt: now.toISOString(),
      durationSeconds: round((now.getTime() - started) / 1000),
      tool: { name: 'luneo-backup', version: TOOL_VERSION },
      ...(config.operator ? { operator: config.operator } : {}),
      notes: config.notes ?? "adopted from the old script's backup",
      adoptedFrom: step.from,
      ...(warnings.length ? { warnings } : {}),
      files,
      sources
    })
    return warnings
  } catch (error) {
    await writer.release()
    throw error
  }
}
