import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { catalog, restoreSources, sourcesOf, targetsOf } from '../restore/restoreSnapshot.js'
import { selectSnapshot } from '../snapshot/select.js'
import { round } from '../snapshot/writer.js'
import { ConfigError } from '../util/errors.js'
import { formatSeconds } from '../util/format.js'
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
  const { storage, entries, where } = await catalog(config, log)
  const entry = selectSnapshot(entries, config.snapshot, sources, where, {
    allowDamaged: config.allowDamaged,
    allowLegacy: true
  })
  log.info(
    entry.manifest
      ? `snapshot ${entry.id} (${entry.manifest.kind}, ${entry.manifest.completedAt}, ${entry.state}) from ${where}`
      : `legacy folder ${entry.id} of the old script (${entry.startedAt.toISOString()}) from ${where}: no manifest, so no checksum to verify`
  )
  const { results, plans, skipped } = await restoreSources(
    storage,
    entry,
    targets,
    { force: config.force, dryRun: config.dryRun, dropDependents: config.dropDependents },
    log
  )
  const seconds = round((Date.now() - started) / 1000)
  const lines = [
    `## Restore of ${entry.id} (${config.environment})${config.dryRun ? ': plan only (dry-run)' : ': done'}`,
    '',
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
