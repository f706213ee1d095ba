import { formatAge, formatBytes } from '../util/format.js'
import { cell } from '../util/markdown.js'
import {
  LISTED_STATES,
  countByState,
  type ListedCopy,
  type ListedSnapshot,
  type StorageListing
} from './inventory.js'

// The inventory for people: an aligned table for a terminal, a Markdown table for the job
// summary, and the line of counts per state both end with. The rows come from inventory.ts.

type Where = Pick<StorageListing, 'label' | 'where'>

/** What the next prune does with one copy, in words. */
function copyRetention(c: Pick<ListedCopy, 'action' | 'rule' | 'reason'>): string {
  if (c.rule === 'foreign') return c.reason
  if (c.action === 'delete') return `deleted by the next prune: ${c.reason}`
  return `kept by ${c.rule}: ${c.reason}`
}

/** The rule that keeps a snapshot today, or that the next prune deletes it; per storage when they differ. */
export function retentionText(row: ListedSnapshot): string {
  if (row.rule !== 'mixed' && row.action !== 'mixed') {
    return copyRetention({ action: row.action, rule: row.rule, reason: row.reason })
  }
  return row.storages.map((c) => `${c.storage}: ${copyRetention(c)}`).join('; ')
}

export function ageText(ageSeconds: number): string {
  return ageSeconds < 0 ? 'in the future' : formatAge(ageSeconds / 3600)
}

function sourcesText(row: ListedSnapshot): string {
  const sources = row.sources.join(',') || '-'
  return row.encrypted ? `${sources} (age)` : sources
}

/** `12 entries: 8 complete, 1 damaged, 1 incomplete, 0 unknown, 1 legacy, 1 foreign`. */
export function countsLine(rows: readonly ListedSnapshot[]): string {
  const counts = countByState(rows)
  const parts = LISTED_STATES.map((s) => `${counts[s]} ${s}`).join(', ')
  return `${rows.length} ${rows.length === 1 ? 'entry' : 'entries'}: ${parts}`
}

function whereLine(storages: readonly Where[]): string {
  return storages.map((s) => `${s.label} = ${s.where}`).join(', ')
}

/** The one line an environment with nothing stored gets. */
export function emptyLine(environment: string, storages: readonly Where[]): string {
  return `no snapshots of ${environment}: nothing stored in ${storages.map((s) => s.where).join(', ')}`
}

const HEADER = ['snapshot', 'state', 'kind', 'age', 'size', 'sources', 'where', 'retention today']

function columns(row: ListedSnapshot): string[] {
  return [
    row.id,
    row.state,
    row.kind ?? '-',
    ageText(row.ageSeconds),
    formatBytes(row.bytes),
    sourcesText(row),
    row.storages.map((c) => c.storage).join(','),
    retentionText(row)
  ]
}

/**
 * The table for a terminal, newest first: a line naming the storages, one aligned line per row
 * (its problems indented under it), and the counts per state.
 */
export function listText(
  environment: string,
  storages: readonly Where[],
  rows: readonly ListedSnapshot[]
): string {
  if (rows.length === 0) return emptyLine(environment, storages) + '\n'
  const table = [HEADER, ...rows.map(columns)]
  const widths = HEADER.map((_, i) => Math.max(...table.map((r) => r[i].length)))
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  const lines = [`Snapshots of ${environment} (${whereLine(storages)})`, line(HEADER)]
  rows.forEach((row, i) => {
    lines.push(line(table[i + 1]))
    for (const problem of row.problems) lines.push(`    ! ${problem}`)
  })
  lines.push(countsLine(rows))
  return lines.join('\n') + '\n'
}

/** The job summary: the same rows as a Markdown table. */
export function listMarkdown(
  environment: string,
  storages: readonly Where[],
  rows: readonly ListedSnapshot[]
): string {
  if (rows.length === 0) {
    return `## Snapshots of ${cell(environment)}: none\n\n${cell(emptyLine(environment, storages))}\n`
  }
  const lines = [
    `## Snapshots of ${cell(environment)}: ${countsLine(rows)}`,
    '',
    `Storages: ${storages.map((s) => `\`${s.label}\` ${cell(s.where)}`).join(', ')}. Newest first; the retention column is what the next prune does.`,
    '',
    '| snapshot | state | kind | age | size | sources | where | retention today | problems |',
    '|---|---|---|---:|---:|---|---|---|---|'
  ]
  for (const row of rows) {
    const [id, state, kind, age, size, sources, where, retention] = columns(row).map(cell)
    const shown = row.state === 'complete' ? state : `**${state}**`
    lines.push(
      `| ${id} | ${shown} | ${kind} | ${age} | ${size} | ${sources} | ${where} | ${retention} | ${cell(row.problems.join('; '))} |`
    )
  }
  return lines.join('\n') + '\n'
}
