import type { Manifest } from '../snapshot/manifest.js'
import { formatBytes, formatSeconds } from '../util/format.js'
import { cell } from '../util/markdown.js'

// Job summaries a person can read in seconds: what was stored, how big, how long, what's inside.

export function backupSummary(manifest: Manifest, uris: string[]): string {
  const lines: string[] = []
  lines.push(`## Backup ${manifest.id} (${manifest.environment}, ${manifest.kind}): complete`)
  lines.push('')
  lines.push(
    `${formatSeconds(manifest.durationSeconds)}, stored in ${uris.map((u) => `\`${u}\``).join(' and ')}`
  )
  lines.push('')
  lines.push('| file | stored | before compression | ratio | time | sha256 |')
  lines.push('|---|---:|---:|---:|---:|---|')
  for (const f of manifest.files) {
    const ratio = f.sourceBytes ? `${((f.bytes / f.sourceBytes) * 100).toFixed(1)} %` : ''
    lines.push(
      `| ${f.name} | ${formatBytes(f.bytes)} | ${f.sourceBytes !== undefined ? formatBytes(f.sourceBytes) : ''} | ${ratio} | ${f.durationSeconds !== undefined ? formatSeconds(f.durationSeconds) : ''} | \`${f.sha256.slice(0, 12)}…\` |`
    )
  }
  const pg = manifest.sources.postgres
  if (pg) {
    const tables = Object.entries(pg.tables)
    const rows = tables.reduce((sum, [, n]) => sum + n, 0)
    lines.push('')
    lines.push(
      `**PostgreSQL** ${pg.serverVersion} (\`${pg.database}\`, pg_dump ${pg.pgDumpVersion}): ${tables.length} tables, ${rows} rows`
    )
    lines.push('')
    lines.push('<details><summary>Rows per table</summary>')
    lines.push('')
    lines.push('| table | rows |')
    lines.push('|---|---:|')
    for (const [table, n] of tables) lines.push(`| ${cell(table)} | ${n} |`)
    lines.push('')
    lines.push('</details>')
  }
  lines.push(...otherSources(manifest))
  const warnings = backupWarnings(manifest)
  if (warnings.length > 0) {
    lines.push(
      '',
      `### ⚠️ ${warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`}`,
      ''
    )
    for (const w of warnings) lines.push(`- ${w}`)
  }
  if (manifest.operator || manifest.notes) {
    lines.push('')
    lines.push(`Operator: ${manifest.operator ?? '-'}. Notes: ${manifest.notes ?? '-'}`)
  }
  return lines.join('\n') + '\n'
}

/** Redis and uploads, as PostgreSQL is shown above: what each holds. */
function otherSources(manifest: Manifest): string[] {
  const lines: string[] = []
  const redis = manifest.sources.redis
  if (redis) {
    const dbs = Object.entries(redis.dbs)
    lines.push(
      '',
      `**Redis** ${redis.engine} ${redis.version} (${redis.mode}, ${redis.pointInTime ? 'point in time' : 'not point in time'}): ${redis.keys} keys (${redis.keysWithTtl} with a TTL) in ${dbs.length} ${dbs.length === 1 ? 'db' : 'dbs'}`
    )
    if (dbs.length > 0) {
      lines.push('', '| db | keys | with a TTL |', '|---:|---:|---:|')
      for (const [db, c] of dbs) lines.push(`| ${db} | ${c.keys} | ${c.keysWithTtl} |`)
    }
  }
  const up = manifest.sources.uploads
  if (up) {
    lines.push(
      '',
      `**Uploads** \`${up.dir}\`: ${up.files} files (${formatBytes(up.bytes)}), ${up.directories} folders, ${up.symlinks} symlinks; ${up.compression.chosen} (${up.compression.reason})`
    )
    if (up.exclude?.length) {
      lines.push(
        '',
        `${up.excludedCount ?? 0} entries left out by uploads-exclude (${up.exclude.map((p) => `\`${p}\``).join(', ')})`
      )
    }
  }
  return lines
}

/** How many of a list the summary names. */
const NAMED = 10

/** What a reader of the summary must know about this snapshot: one line each. */
export function backupWarnings(manifest: Manifest): string[] {
  const out: string[] = []
  const named = (items: { path: string }[], count: number) => {
    const first = items.slice(0, NAMED).map((i) => `\`${i.path.replace(/`/g, "'")}\``)
    return `${first.join(', ')}${count > first.length ? ` and ${count - first.length} more` : ''}`
  }
  const up = manifest.sources.uploads
  if (up && up.changedCount > 0) {
    out.push(
      `uploads: ${up.changedCount} files changed or vanished while being archived (their copies may mix old and new content): ${named(up.changed, up.changedCount)}`
    )
  }
  if (up && up.skippedCount > 0) {
    out.push(
      `uploads: ${up.skippedCount} entries left out (FIFOs, sockets, devices, files removed before they were read): ${named(up.skipped, up.skippedCount)}`
    )
  }
  if (up?.linksOutsideCount) {
    out.push(
      `uploads: ${up.linksOutsideCount} symlinks point outside the folder, which restore refuses: ${named(up.linksOutside ?? [], up.linksOutsideCount)}`
    )
  }
  const redis = manifest.sources.redis
  if (redis && !redis.pointInTime) {
    out.push(`Redis: a logical dump, not point in time (${redis.reason})`)
  }
  if (redis?.note) out.push(`Redis: ${redis.note}`)
  return out
}
