import { partialWriteOf } from '../commands/result.js'
import { errorLine } from '../util/errors.js'
import type { LastGood } from './slack.js'

// A failed run's job summary: what failed, what it had written, that nothing was marked complete,
// and the newest complete snapshot with its age, so the person reading it at 02:05 knows where
// things stand without reading the log.

export interface FailedRun {
  command: string
  environment: string
  error: unknown
  outcome: 'failure' | 'cancelled'
  lastGood?: LastGood | { problem: string }
}

export function failureSummary(run: FailedRun): string {
  const title = run.outcome === 'cancelled' ? 'cancelled' : 'failed'
  const lines = [`## ❌ ${run.command} ${title} (${run.environment})`, '']
  const problems = (run.error as { problems?: string[] } | undefined)?.problems
  if (problems?.length) for (const p of problems) lines.push(`- ${p}`)
  else lines.push(`**Error:** ${errorLine(run.error)}`)
  lines.push('')
  const partial = partialWriteOf(run.error)
  if (partial) {
    lines.push(
      `Snapshot ${partial.snapshotId} was **not marked complete** (no manifest.json): ${partial.files.length > 0 ? `${partial.files.join(', ')} had been stored` : 'no file had been stored'} in ${partial.uris.map((u) => `\`${u}\``).join(' and ')}. Nothing trusts it: restore and drill skip it, prune removes it after a day.`
    )
  } else if (run.command === 'backup') {
    lines.push('No snapshot was written: nothing was marked complete.')
  }
  const good = run.lastGood
  if (good && 'id' in good) {
    lines.push(
      '',
      `Newest complete snapshot: **${good.id}**, ${good.ageHours.toFixed(1)} h old (\`${good.location}\`)`
    )
  } else if (good) {
    lines.push('', `Newest complete snapshot: ${good.problem}`)
  }
  return lines.join('\n') + '\n'
}
