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
  if (manifest.operator || manifest.notes) {
    lines.push('')
    lines.push(`Operator: ${manifest.operator ?? '-'}. Notes: ${manifest.notes ?? '-'}`)
  }
  return lines.join('\n') + '\n'
}
