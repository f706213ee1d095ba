import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { drillLabel } from '../sources/drillTarget.js'
import { listObjects } from '../sources/postgres/restore.js'
import { snapshotIdFor } from '../snapshot/id.js'
import { drillReportKey } from '../snapshot/layout.js'
import type { Manifest } from '../snapshot/manifest.js'
import {
  catalog,
  restoreSources,
  sourcesOf,
  targetsOf,
  type SourceResult
} from '../restore/restoreSnapshot.js'
import { selectSnapshot } from '../snapshot/select.js'
import { openStorages } from '../storage/open.js'
import { UserError, errorLine } from '../util/errors.js'
import { formatSeconds, round } from '../util/format.js'
import { shortCell } from '../util/markdown.js'
import type { Timeouts } from '../util/timeouts.js'
import type { CommandResult } from './result.js'

// drill: restore a snapshot into scratch targets and PROVE it came back: every stored byte's
// checksum, rows per table, the dump's objects, keys, files. The report (with the RTO) goes to
// the job summary, to `<env>/drills/<drill time>.json`, and to outputs. Unproven = failed.

export interface DrillReport {
  formatVersion: 1
  drilledAt: string
  environment: string
  snapshot: { id: string; kind: Manifest['kind']; createdAt: string }
  verified: boolean
  error?: string
  rtoSeconds: number
  sources: SourceResult[]
  /** The restore's plan, line by line (what force drops, what CASCADE removes). */
  plan?: string[]
  operator?: string
  notes?: string
}

export async function drill(config: Config, log: Log, now = new Date()): Promise<CommandResult> {
  const started = Date.now()
  const targets = targetsOf(config)
  const sources = sourcesOf(targets)
  const { storage, entries, where } = await catalog(config, log)
  const window = new Date(now)
  window.setUTCMonth(window.getUTCMonth() - config.monthlyRetentionMonths)
  const entry = selectSnapshot(entries, config.snapshot, sources, where, { randomWithin: window })
  const manifest = entry.manifest!
  log.info(`drill of snapshot ${entry.id} (${manifest.kind}) from ${where}`)

  const report: DrillReport = {
    formatVersion: 1,
    drilledAt: now.toISOString(),
    environment: config.environment,
    snapshot: { id: entry.id, kind: manifest.kind, createdAt: manifest.createdAt },
    verified: false,
    rtoSeconds: 0,
    sources: [],
    ...(config.operator ? { operator: config.operator } : {}),
    ...(config.notes ? { notes: config.notes } : {})
  }
  let failure: unknown
  try {
    const { results, plans } = await restoreSources(
      storage,
      entry,
      targets,
      {
        force: config.force,
        dryRun: false,
        readBack: true,
        drill: { label: drillLabel(manifest, now) },
        dropDependents: config.dropDependents,
        identities: config.ageIdentities
      },
      log
    )
    report.sources = results
    report.plan = plans
    if (targets.databaseUrl)
      await proveObjects(targets.databaseUrl, manifest, results, log, config.timeouts)
    const bad = results.flatMap((r) =>
      r.checks.filter((c) => !c.ok).map((c) => `${r.source}: ${c.what}`)
    )
    if (bad.length > 0) throw new UserError(`drill could not prove equality: ${bad.join('; ')}`)
    report.verified = true
  } catch (error) {
    failure = error
    report.error = errorLine(error)
  }
  report.rtoSeconds = round((Date.now() - started) / 1000)

  const key = drillReportKey(config.environment, now)
  const body = Buffer.from(JSON.stringify(report, null, 2) + '\n')
  for (const s of await openStorages(config, log)) {
    try {
      await s.put(key, body, { contentType: 'application/json' })
      log.info(`drill report: ${s.uriOf(key)}`)
    } catch (error) {
      log.warning(`could not store the drill report at ${s.uriOf(key)}: ${errorLine(error)}`)
    }
  }
  // A local copy for the workflow's artifact, kept whether the drill passed or not.
  const file = path.join(
    config.runnerTemp ?? os.tmpdir(),
    `drill-report-${snapshotIdFor(now)}.json`
  )
  await fs.writeFile(file, body, { mode: 0o600 })
  const outputs = {
    'snapshot-id': entry.id,
    verified: report.verified,
    'rto-seconds': report.rtoSeconds,
    'duration-seconds': report.rtoSeconds,
    'drill-report': key,
    'drill-report-file': file
  }
  if (failure) {
    const error = failure instanceof UserError ? failure : new UserError(errorLine(failure))
    error.outputs = outputs
    throw error
  }
  return {
    outputs,
    summary: drillSummary(report)
  }
}

/** The dump's schemas, tables, views, functions and indexes exist in the target, no more, no less. */
async function proveObjects(
  url: URL,
  manifest: Manifest,
  results: SourceResult[],
  log: Log,
  timeouts: Timeouts
) {
  const started = Date.now()
  const expected = manifest.sources.postgres!.objects
  const actual = await listObjects(url, timeouts)
  const result = results.find((r) => r.source === 'postgres')!
  for (const kind of ['schemas', 'tables', 'views', 'functions', 'indexes'] as const) {
    const want = [...new Set(expected[kind])].sort()
    const have = actual[kind]
    const missing = want.filter((n) => !have.includes(n))
    const extra = have.filter((n) => !want.includes(n))
    const ok = missing.length === 0 && extra.length === 0
    result.checks.push({
      what: `${kind} (${want.length})`,
      expected: want.join(', ') || '-',
      actual: ok
        ? have.join(', ') || '-'
        : `missing: ${missing.join(', ') || '-'}; extra: ${extra.join(', ') || '-'}`,
      ok
    })
    log.info(
      `${kind}: ${ok ? `${want.length} equal` : `missing ${missing.join(', ')}; extra ${extra.join(', ')}`}`
    )
  }
  result.verifySeconds = round(result.verifySeconds + (Date.now() - started) / 1000)
}

function drillSummary(report: DrillReport): string {
  const lines = [
    `## Restore drill of ${report.snapshot.id} (${report.environment}): ${report.verified ? 'verified' : 'FAILED'}`,
    '',
    `RTO ${formatSeconds(report.rtoSeconds)} from start to proof.${report.error ? ` Error: ${report.error}` : ''}`,
    '',
    ...(report.plan?.length ? [...report.plan.map((p) => `- ${p}`), ''] : []),
    '| source | restore (download + replay) | verify | checks equal |',
    '|---|---:|---:|---:|'
  ]
  for (const r of report.sources) {
    lines.push(
      `| ${r.source} | ${formatSeconds(r.restoreSeconds)} | ${formatSeconds(r.verifySeconds)} | ${r.checks.filter((c) => c.ok).length}/${r.checks.length} |`
    )
  }
  lines.push(
    '',
    '<details><summary>Every check</summary>',
    '',
    '| source | check | expected | restored | |',
    '|---|---|---|---|---|'
  )
  for (const r of report.sources) {
    for (const c of r.checks) {
      lines.push(
        `| ${r.source} | ${shortCell(c.what)} | ${shortCell(c.expected)} | ${shortCell(c.actual)} | ${c.ok ? 'ok' : '**differs**'} |`
      )
    }
  }
  lines.push('', '</details>')
  return lines.join('\n') + '\n'
}
