import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { catalog, restoreSources, sourcesOf, targetsOf } from '../restore/restoreSnapshot.js'
import { withLegacyManifest } from '../restore/legacy.js'
import { listSnapshots } from '../snapshot/catalog.js'
import { holds, selectSnapshot } from '../snapshot/select.js'
import { openLegacyRoot } from '../storage/open.js'
import { ConfigError } from '../util/errors.js'
import { formatSeconds, round } from '../util/format.js'
import type { CommandResult } from './result.js'

// restore: put a complete snapshot back into the targets given, verifying every stored byte
// against the manifest while streaming and every table's row count afterwards
// (src/restore/restoreSnapshot.ts does the work).

export async function restore(config: Config, log: Log): Promise<CommandResult> {
  const started = Date.now()
  const targets = targetsOf(config)
  const sources = sourcesOf(targets)
  if (config.snapshot === 'random') {
    throw new ConfigError('snapshot "random" is for drills: restore takes an id or latest')
  }
  let { storage, entries, where } = await catalog(config, log)
  const legacyRoot = openLegacyRoot(config)
  if (legacyRoot && !entries.some((e) => e.id === config.snapshot)) {
    // The old script's flat folder, when the folder named is there.
    const flat = await listSnapshots(legacyRoot, config.environment, { flat: true })
    if (flat.some((e) => e.id === config.snapshot)) {
      ;[storage, entries, where] = [legacyRoot, flat, legacyRoot.uriOf('')]
    }
  }
  const selected = selectSnapshot(entries, config.snapshot, sources, where, {
    allowDamaged: config.allowDamaged,
    allowLegacy: true
  })
  const { entry, uploadsIndex } = await withLegacyManifest(
    storage,
    selected,
    config.environment,
    sources,
    log
  )
  log.info(
    selected.manifest
      ? `snapshot ${entry.id} (${selected.manifest.kind}, ${selected.manifest.completedAt}, ${entry.state}) from ${where}`
      : `legacy folder ${entry.id} of the old script (${entry.startedAt.toISOString()}) from ${where}: no manifest, so no checksum to verify`
  )
  // Each source, the snapshot it comes from; and why, when that is not the newest snapshot.
  const from = sources.map(
    (source) =>
      `${source}: from snapshot ${entry.id} (${entry.manifest!.files.find((f) => f.source === source)?.name})`
  )
  for (const line of from) log.info(line)
  const newest = entries.filter((e) => e.state === 'complete').at(-1)
  let older: string | undefined
  if (config.snapshot === 'latest' && newest && newest.id !== entry.id) {
    const lacking = sources.filter((source) => !holds(newest, [source]))
    older = `the newest complete snapshot, ${newest.id}, holds no ${lacking.join(' or ')} backup: every source comes from ${entry.id}, the newest that holds them all`
    log.warning(older)
  }
  const { results, plans, skipped } = await restoreSources(
    storage,
    entry,
    targets,
    {
      force: config.force,
      dryRun: config.dryRun,
      dropDependents: config.dropDependents,
      identities: config.ageIdentities,
      uploadsIndex
    },
    log
  )
  const seconds = round((Date.now() - started) / 1000)
  const lines = [
    `## Restore of ${entry.id} (${config.environment})${config.dryRun ? ': plan only (dry-run)' : ': done'}`,
    '',
    ...from.map((f) => `- ${f}`),
    ...(older ? [`- ⚠️ ${older}`] : []),
    ...(entry.manifest?.warnings ?? []).map((w) => `- ⚠️ ${w}`),
    ...(selected.state === 'legacy'
      ? [
          `A legacy folder of the old script: **no checksum was recorded when it was written**, so none is verified against the backup as written (each file was read once for its facts, then restored against that read).`,
          ''
        ]
      : []),
    ...plans.map((p) => `- ${p}`),
    ''
  ]
  if (results.length > 0) {
    lines.push('| source | file | restore | verify | checks |', '|---|---|---:|---:|---|')
    for (const r of results) {
      lines.push(
        `| ${r.source} | ${r.file} | ${formatSeconds(r.restoreSeconds)} | ${formatSeconds(r.verifySeconds)} | ${r.checks.filter((c) => c.ok).length}/${r.checks.length} equal |`
      )
    }
    lines.push('', `Total: ${formatSeconds(seconds)}`)
  }
  return {
    outputs: {
      'snapshot-id': entry.id,
      'duration-seconds': seconds,
      restored: results.map((r) => r.source).join(','),
      'not-restored': skipped.map((l) => l.slice(0, l.indexOf(':'))).join(',')
    },
    summary: lines.join('\n') + '\n'
  }
}
