import { resourceLabel } from '../aws/backupAlert.js'
import type { AwsBackupSection, NewestPoint } from '../review/awsBackup.js'
import { formatAge } from '../util/format.js'
import { cell } from '../util/markdown.js'
import { redact } from '../util/redact.js'

// The monthly review's AWS Backup half in Markdown, appended to report.md after the action's
// own half (review/markdown.ts): red lines first, then jobs per resource, the newest recovery
// point per resource and region, and the restore tests.

const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ')
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

function states(counts: Record<string, number>): string {
  const order = ['COMPLETED', 'FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL', 'RUNNING', 'CREATED']
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length)
  const keys = Object.keys(counts).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
  if (keys.length === 0) return 'none'
  return keys
    .map((k) => {
      const text = `${counts[k]} ${k.toLowerCase()}`
      return k === 'COMPLETED' || k === 'RUNNING' || k === 'CREATED' ? text : `**${text}**`
    })
    .join(', ')
}

function point(p: NewestPoint | undefined): string {
  if (!p) return '**none**'
  const when = `${minute(p.created)} (${formatAge(p.ageHours)} ago)`
  return p.continuous ? `continuous since ${when}` : when
}

export function awsBackupMarkdown(s: AwsBackupSection): string {
  const out: string[] = []
  const copies = s.regions.slice(1)
  out.push(`## AWS Backup: vault ${s.vault}`)
  out.push('')
  out.push(
    `Jobs from ${s.from.slice(0, 10)} to ${s.to.slice(0, 10)}, read from AWS Backup in ${s.primaryRegion}${copies.length ? ` (copies in ${copies.join(', ')})` : ''}.`
  )
  out.push('')
  const tests = s.restoreTests
  out.push(`- **${plural(s.resources.length, 'protected resource')}** in \`${s.vault}\``)
  out.push(
    `- **${plural(s.redLines.length, 'red line')}**: no backup in ${s.maxAgeHours} h, a copy missing in another region, a failed restore test`
  )
  out.push(
    `- **Last restore test**: ${tests[0] ? `${tests[0].state === 'COMPLETED' && tests[0].validationStatus !== 'FAILED' ? 'completed' : `**${tests[0].state}**`} on ${(tests[0].created ?? '').slice(0, 10)} (${cell(tests[0].testingPlan)})` : 'none in the period'}`
  )
  out.push('')

  out.push('### AWS Backup red lines')
  out.push('')
  if (s.redLines.length === 0) {
    out.push(
      `None: every resource has a backup younger than ${s.maxAgeHours} h${copies.length ? ' and a copy as young in each other region' : ''}, and no restore test failed.`
    )
  } else {
    const typeOf = new Map(s.resources.map((r) => [r.resourceArn, r.resourceType]))
    out.push('| resource | region | what | detail |')
    out.push('|---|---|---|---|')
    for (const r of s.redLines) {
      const type = r.resourceArn ? typeOf.get(r.resourceArn) : undefined
      out.push(
        `| ${cell(r.resourceArn ? resourceLabel(type, r.resourceArn) : '')} | ${cell(r.region)} | 🔴 ${r.what} | ${cell(r.detail)} |`
      )
    }
  }
  out.push('')

  out.push('### Jobs per resource')
  out.push('')
  if (s.resources.length === 0) out.push(`No protected resource found in \`${s.vault}\`.`)
  else {
    out.push('| resource | type | backup jobs | copy jobs | newest completed backup |')
    out.push('|---|---|---|---|---|')
    for (const r of s.resources) {
      out.push(
        `| ${cell(resourceLabel(r.resourceType, r.resourceArn))} | ${cell(r.resourceType)} | ${states(r.backupJobs)} | ${states(r.copyJobs)} | ${r.lastBackup ? `${minute(r.lastBackup.completed)} (${formatAge(r.lastBackup.ageHours)} ago)` : '**none in the period**'} |`
      )
    }
  }
  out.push('')

  if (s.resources.length) {
    out.push('### Newest recovery point per resource and region')
    out.push('')
    out.push(
      `| resource | ${s.regions.map((r, i) => `${r} (${i === 0 ? 'primary' : 'copy'})`).join(' | ')} |`
    )
    out.push(`|---|${s.regions.map(() => '---').join('|')}|`)
    for (const r of s.resources) {
      out.push(
        `| ${cell(resourceLabel(r.resourceType, r.resourceArn))} | ${s.regions.map((g) => point(r.newest[g])).join(' | ')} |`
      )
    }
    out.push('')
  }

  out.push('### AWS Backup restore tests')
  out.push('')
  if (tests.length === 0) out.push('No restore test in the period.')
  else {
    out.push('| started (UTC) | resource | plan | status | validation | message |')
    out.push('|---|---|---|---|---|---|')
    for (const t of tests) {
      const ok = t.state === 'COMPLETED'
      out.push(
        `| ${t.created ? minute(t.created) : ''} | ${cell(resourceLabel(t.resourceType, t.resourceArn))} | ${cell(t.testingPlan)} | ${ok ? 'completed' : `**${cell(t.state)}**`} | ${cell(t.validationStatus)} | ${cell(t.statusMessage ?? t.validationMessage)} |`
      )
    }
  }
  out.push('')
  if (s.problems.length) {
    out.push('### AWS Backup: could not be read')
    out.push('')
    for (const p of s.problems) out.push(`- ${cell(p)}`)
    out.push('')
  }
  return redact(out.join('\n'))
}
