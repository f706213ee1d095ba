import type { Review, SnapshotRow } from './model.js'
import { formatBytes, formatSeconds } from '../util/format.js'
import { cell } from '../util/markdown.js'
import { redact } from '../util/redact.js'
import type { LedgerEvent } from '../notify/ledger.js'
import { verdictWords } from '../verify/verdict.js'

// The monthly review for people: Markdown for the job summary and report.md (GitHub renders its
// tables and Mermaid charts), and the ledger as CSV for the people who kept the spreadsheet.

const day = (iso: string) => iso.slice(0, 10)
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ')
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
const runLink = (url?: string) =>
  url ? ` ([run](${url.replace(/[()\s]/g, encodeURIComponent)}))` : ''

function snapshotTable(rows: SnapshotRow[]): string[] {
  const lines = [
    '| snapshot | kind | state | stored | duration | operator | notes |',
    '|---|---|---|---:|---:|---|---|'
  ]
  for (const r of rows) {
    const state = r.state === 'complete' ? 'complete' : `**${r.state}**: ${cell(r.problem)}`
    lines.push(
      `| ${r.id} | ${cell(r.kind)} | ${state} | ${formatBytes(r.bytes)} | ${r.durationSeconds !== undefined ? formatSeconds(r.durationSeconds) : ''} | ${cell(r.operator)} | ${cell(r.notes)} |`
    )
  }
  return lines
}

/** Mermaid xychart-beta (GitHub renders it): one bar per UTC day of the period. */
function chart(title: string, axis: string, labels: string[], values: number[]): string[] {
  return [
    '```mermaid',
    'xychart-beta',
    `    title "${title}"`,
    `    x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`,
    `    y-axis "${axis}"`,
    `    bar [${values.join(', ')}]`,
    '```'
  ]
}

export function reviewMarkdown(review: Review): string {
  const { inventory, gaps, redLines, drills, ledger } = review
  const complete = inventory.period.filter((s) => s.state === 'complete')
  const lastDrill = drills[0]
  const out: string[] = []
  out.push(
    `## Monthly review of ${review.environment}: ${day(review.period.from)} to ${day(review.period.to)}`
  )
  out.push('')
  out.push(
    `The ${review.period.days} days up to ${minute(review.generatedAt)} UTC, read from \`${review.location}\`.`
  )
  out.push('')
  out.push(
    `- **${plural(complete.length, 'complete snapshot')}** in the period${complete.length ? ` (newest ${formatBytes(complete.at(-1)!.bytes)})` : ''}`
  )
  out.push(
    gaps.judgedDays === 0
      ? '- **No gap to judge yet**: the history of this environment starts today'
      : `- **${plural(gaps.days.length, 'gap')}**: UTC days of the last ${gaps.judgedDays} without a complete scheduled snapshot`
  )
  out.push(
    `- **${plural(redLines.length, 'red line')}**: objects older than the hard limit of ${review.hardLimit.months} months, damaged snapshots, foreign objects`
  )
  out.push(
    `- **Last drill**: ${lastDrill ? `${lastDrill.verified ? 'verified' : '**FAILED**'} on ${day(lastDrill.drilledAt)}, RTO ${formatSeconds(lastDrill.rtoSeconds)} (snapshot ${lastDrill.snapshotId})` : 'none on record'}`
  )
  out.push(verificationBullet(review))
  out.push('')

  out.push('### Retention compliance')
  out.push('')
  const stateLines = redLines.filter((r) => r.why !== undefined)
  const aged = redLines.filter((r) => r.why === undefined)
  if (stateLines.length > 0) {
    out.push(
      `🔴 **${stateLines.length} damaged snapshot(s) or foreign object(s)**: a damaged snapshot never counts as a backup (restore its whole sources with \`allow-damaged\`, delete it with \`prune\` and \`snapshot: <id>\`); prune never deletes a foreign one.`
    )
    out.push('')
    out.push('| storage | what | key | from | why |')
    out.push('|---|---|---|---|---|')
    for (const r of stateLines) {
      out.push(
        `| ${cell(r.location)} | ${r.what} | ${cell(r.key)} | ${day(r.time)} | ${cell(r.why ?? '')} |`
      )
    }
    out.push('')
  }
  if (aged.length === 0) {
    out.push(
      `Nothing older than the hard limit (${review.hardLimit.months} months: before ${day(review.hardLimit.before)}) in any storage.`
    )
  } else {
    out.push(
      `🔴 **${plural(aged.length, 'object')} older than the hard limit** (${review.hardLimit.months} months: before ${day(review.hardLimit.before)}). Nothing may be kept that long: run \`prune\`, and find out why it did not remove them.`
    )
    out.push('')
    out.push('| storage | what | key | from | age |')
    out.push('|---|---|---|---|---:|')
    for (const r of aged) {
      out.push(
        `| ${cell(r.location)} | ${r.what} | ${cell(r.key)} | ${day(r.time)} | ${r.ageDays} days |`
      )
    }
  }
  out.push('')

  out.push('### Inventory')
  out.push('')
  const t = inventory.total
  out.push(
    `${plural(t.complete + t.damaged + t.incomplete + t.unknown + t.legacy, 'snapshot')} stored: ${t.complete} complete, ${t.damaged} damaged, ${t.incomplete} incomplete, ${t.unknown} unknown (manifest unreadable now), ${t.legacy} legacy (the old script's, no manifest); ${formatBytes(inventory.totalBytes)} in all.`
  )
  out.push('')
  if (inventory.byMonth.length) {
    out.push('| month | complete | incomplete | unknown | stored | newest complete | growth |')
    out.push('|---|---:|---:|---:|---:|---:|---:|')
    for (const m of inventory.byMonth) {
      const growth =
        m.growthPercent === undefined
          ? ''
          : `${m.growthPercent >= 0 ? '+' : ''}${m.growthPercent} %`
      out.push(
        `| ${m.month} | ${m.complete} | ${m.incomplete} | ${m.unknown} | ${formatBytes(m.bytes)} | ${m.newestCompleteBytes !== undefined ? formatBytes(m.newestCompleteBytes) : ''} | ${growth} |`
      )
    }
    out.push('')
  }
  if (inventory.stale.length) {
    out.push(
      `${plural(inventory.stale.length, 'snapshot')} not complete and older than a day (prune removes incomplete ones; unknown ones are never removed before the hard limit):`
    )
    out.push('')
    out.push(...snapshotTable(inventory.stale))
    out.push('')
  }
  out.push(`#### Snapshots of the period`)
  out.push('')
  if (inventory.period.length) out.push(...snapshotTable(inventory.period))
  else out.push('None.')
  out.push('')

  const points = review.daily.filter((p) => p.bytes !== undefined)
  if (points.length) {
    const labels = review.daily.map((p) => p.day.slice(5))
    out.push('#### Daily backups')
    out.push('')
    out.push('The newest complete snapshot of each UTC day; 0 is a day without one.')
    out.push('')
    out.push(
      ...chart(
        'Stored size (MB)',
        'MB',
        labels,
        review.daily.map((p) => Math.round(((p.bytes ?? 0) / 1e6) * 1000) / 1000)
      )
    )
    out.push('')
    out.push(
      ...chart(
        'Duration (seconds)',
        's',
        labels,
        review.daily.map((p) => Math.round((p.durationSeconds ?? 0) * 10) / 10)
      )
    )
    out.push('')
  }

  out.push('### Gaps')
  out.push('')
  if (gaps.judgedDays === 0) {
    out.push('No whole UTC day to judge yet: the history of this environment starts today.')
  } else if (gaps.days.length === 0) {
    out.push(`Every UTC day from ${gaps.from} to ${gaps.to} has a complete scheduled snapshot.`)
  } else {
    out.push(
      `${plural(gaps.days.length, 'day')} of ${gaps.judgedDays} (${gaps.from} to ${gaps.to}) without a complete scheduled (daily or monthly) snapshot:`
    )
    out.push('')
    out.push(gaps.days.join(', '))
  }
  if (gaps.judgedDays < gaps.windowDays) {
    out.push('')
    out.push(
      `(The window is ${gaps.windowDays} days; days before the environment's first snapshot or ledger event are not judged.)`
    )
  }
  out.push('')

  out.push('### Restore drills')
  out.push('')
  if (drills.length === 0) {
    out.push('No drill report under `drills/`: run the restore-drill workflow.')
  } else {
    out.push('| drilled at (UTC) | snapshot | result | RTO | operator | notes |')
    out.push('|---|---|---|---:|---|---|')
    for (const d of drills) {
      out.push(
        `| ${minute(d.drilledAt)} | ${cell(d.snapshotId)} | ${d.verified ? 'verified' : `**FAILED**: ${cell(d.error)}`} | ${formatSeconds(d.rtoSeconds)} | ${cell(d.operator)} | ${cell(d.notes)} |`
      )
    }
  }
  out.push('')

  out.push(...verificationSection(review))

  out.push('### Ledger of the period')
  out.push('')
  if (ledger.events.length === 0) {
    out.push(`No event in the period (${ledger.total} in the whole ledger).`)
  } else {
    const counts = new Map<string, { success: number; failure: number }>()
    for (const e of ledger.events) {
      const c = counts.get(e.command) ?? { success: 0, failure: 0 }
      // A cancelled run did not succeed: it counts with the failures (the table names it).
      c[e.outcome === 'success' ? 'success' : 'failure']++
      counts.set(e.command, c)
    }
    out.push('| command | succeeded | failed |')
    out.push('|---|---:|---:|')
    for (const [command, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
      out.push(`| ${cell(command)} | ${c.success} | ${c.failure ? `**${c.failure}**` : 0} |`)
    }
    out.push('')
    const table = [
      '| time (UTC) | command | outcome | snapshot | stored | duration | operator | notes |',
      '|---|---|---|---|---:|---:|---|---|'
    ]
    for (const e of ledger.events) {
      const outcome = e.outcome === 'success' ? 'success' : `**${e.outcome}**: ${cell(e.error)}`
      const run = runLink(e.runUrl)
      table.push(
        `| ${minute(e.time)}${run} | ${cell(e.command)}${e.kind ? ` (${cell(e.kind)})` : ''} | ${outcome} | ${cell(e.snapshotId)} | ${e.bytes !== undefined ? formatBytes(e.bytes) : ''} | ${formatSeconds(e.durationSeconds)} | ${cell(e.operator)} | ${cell(e.notes)} |`
      )
    }
    // A month of checks every 6 hours is long: fold it away when it is.
    if (ledger.events.length > 40) {
      out.push(`<details><summary>${ledger.events.length} events</summary>`)
      out.push('')
      out.push(...table)
      out.push('')
      out.push('</details>')
    } else out.push(...table)
    out.push('')
    out.push(`The whole ledger (${plural(ledger.total, 'event')}) is in ledger.csv.`)
  }
  out.push('')

  if (review.problems.length) {
    out.push('### Could not be read')
    out.push('')
    for (const p of review.problems) out.push(`- ${cell(p)}`)
    out.push('')
  }
  return redact(out.join('\n'))
}

function verificationBullet({ verification: v }: Review): string {
  const total = v.snapshots.length
  if (total === 0) return '- **Verified**: no complete snapshot to verify'
  const parts = [
    `${v.verified} of ${plural(total, 'complete snapshot')}${v.lastRun ? ` (last verify run ${day(v.lastRun)})` : ''}`,
    ...(v.partly ? [`${v.partly} except archived files`] : []),
    ...(v.failed ? [`**${v.failed} FAILED**`] : []),
    ...(v.never ? [`${v.never} never verified`] : [])
  ]
  return `- **Verified**: ${parts.join(', ')}`
}

/** When verify last read each complete snapshot, newest first; folded away when long. */
function verificationSection({ verification: v }: Review): string[] {
  const out = ['### Verification', '']
  if (v.snapshots.length === 0) return [...out, 'No complete snapshot.', '']
  out.push(
    'When `verify` last read each complete snapshot (newest first), from the ledger. Files in GLACIER or DEEP_ARCHIVE are not read: their snapshot is verified except them.',
    ''
  )
  const table = ['| snapshot | kind | last verified (UTC) | verdict |', '|---|---|---|---|']
  for (const s of v.snapshots) {
    const verdict = s.verdict ? verdictWords({ ...s, verdict: s.verdict }) : ''
    table.push(
      `| ${s.id} | ${cell(s.kind)} | ${s.lastVerified ? minute(s.lastVerified) + runLink(s.runUrl) : 'never'} | ${s.verdict === 'failed' ? `**${verdict}**` : verdict} |`
    )
  }
  if (v.snapshots.length > 40) {
    out.push(`<details><summary>${plural(v.snapshots.length, 'snapshot')}</summary>`, '')
    out.push(...table, '', '</details>')
  } else out.push(...table)
  out.push('')
  return out
}

const CSV_COLUMNS = [
  'time',
  'finishedAt',
  'command',
  'environment',
  'outcome',
  'snapshotId',
  'kind',
  'bytes',
  'durationSeconds',
  'operator',
  'notes',
  'error',
  'run',
  'runUrl',
  'toolVersion',
  'verifications'
] as const

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces,
 * quotes doubled. A text that a spreadsheet would run as a formula (= + - @ first) gets a leading
 * apostrophe (OWASP's advice for CSV injection): notes are typed by people.
 */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return ''
  let s = typeof value === 'number' ? String(value) : redact(String(value))
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * The whole ledger, oldest first, one row per event, CRLF line ends (RFC 4180). It starts with a
 * UTF-8 byte order mark so that Excel reads accented notes right (Sheets and LibreOffice ignore it).
 */
export function ledgerCsv(events: LedgerEvent[]): string {
  const rows = [CSV_COLUMNS.join(',')]
  const value = (e: LedgerEvent, c: (typeof CSV_COLUMNS)[number]) =>
    c === 'verifications'
      ? e.verifications?.map((v) => `${v.snapshotId} ${verdictWords(v)}`).join('; ')
      : e[c]
  for (const e of events) rows.push(CSV_COLUMNS.map((c) => csvField(value(e, c))).join(','))
  return '\uFEFF' + rows.join('\r\n') + '\r\n'
}
