import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { withAwsBackup } from '../aws/backupPart.js'
import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { readLedger } from '../notify/ledger.js'
import { buildReview, digestOf, hardLimit, redLinesOf, stateRedLinesOf } from '../review/build.js'
import { readDrills } from '../review/drills.js'
import { ledgerCsv, reviewMarkdown } from '../review/markdown.js'
import type { RedLine } from '../review/model.js'
import { listSnapshots, readCatalog } from '../snapshot/catalog.js'
import { keyPeriodsMarkdown, withKeyPeriods } from '../encryption/keyReport.js'
import { openLegacyRoot, openStorages } from '../storage/open.js'
import type { Storage, StoredObject } from '../storage/storage.js'
import { errorLine } from '../util/errors.js'
import { mkdirs } from '../util/mkdirs.js'
import type { CommandResult } from './result.js'

// report: the seed's monthly review. It reads the first storage (S3 when set, else the folder):
// the snapshot inventory, the gaps, the drill history and the ledger; it checks every storage for
// red lines (objects past the hard limit). It writes report.md (also the job summary),
// report.json and ledger.csv into one folder for the workflow's artifact.

async function listAll(storage: Storage, prefix: string): Promise<StoredObject[]> {
  const objects: StoredObject[] = []
  for await (const object of storage.list(prefix)) objects.push(object)
  return objects
}

/** Where the files go: $RUNNER_TEMP/luneo-report on a runner (one fixed path to upload), else a new tmp folder. */
async function reportDir(config: Config): Promise<string> {
  if (config.runnerTemp) {
    const dir = path.join(config.runnerTemp, 'luneo-report')
    for (const made of await mkdirs(dir, 0o700)) await fs.chmod(made, 0o700)
    return dir
  }
  return fs.mkdtemp(path.join(os.tmpdir(), `luneo-report-${config.environment}-`))
}

export async function report(config: Config, log: Log, now = new Date()): Promise<CommandResult> {
  const storages = await openStorages(config, log)
  const env = config.environment
  const limit = hardLimit(now, config.monthlyRetentionMonths)
  const problems: string[] = []
  const redLines: RedLine[] = []
  for (const storage of storages) {
    const where = storage.uriOf(`${env}/`)
    await log.group(`Red lines in ${where}`, async () => {
      try {
        const found = redLinesOf(await listAll(storage, `${env}/`), env, where, limit, now)
        for (const r of found) {
          log.warning(
            `red line: ${r.what} ${storage.uriOf(r.key)} is from ${r.time.slice(0, 10)}, ${r.ageDays} days old, past the hard limit of ${config.monthlyRetentionMonths} months`
          )
        }
        if (found.length === 0) log.info(`nothing older than ${limit.toISOString()}`)
        const states = stateRedLinesOf(await readCatalog(storage, env), where, limit, now)
        for (const r of states) {
          log.warning(
            `red line: ${r.what} ${storage.uriOf(r.key)} from ${r.time.slice(0, 10)}${r.why ? `: ${r.why}` : `, past the hard limit of ${config.monthlyRetentionMonths} months`}`
          )
        }
        redLines.push(...found, ...states)
      } catch (error) {
        problems.push(`${where}: could not be listed: ${errorLine(error)}`)
        log.warning(`${where}: could not be listed: ${errorLine(error)}`)
      }
    })
  }

  const legacyRoot = openLegacyRoot(config)
  if (legacyRoot) {
    const where = legacyRoot.uriOf('')
    const found = stateRedLinesOf(
      await readCatalog(legacyRoot, env, { flat: true }),
      where,
      limit,
      now
    )
    for (const r of found) {
      log.warning(
        `red line: ${r.what} ${legacyRoot.uriOf(r.key)} from ${r.time.slice(0, 10)}${r.why ? `: ${r.why}` : `, past the hard limit of ${config.monthlyRetentionMonths} months`}`
      )
    }
    redLines.push(...found)
  }

  const storage = storages[0]
  const location = storage.uriOf(`${env}/`)
  const { entries, events, drills } = await log.group(`Read ${location}`, async () => {
    const entries = await listSnapshots(storage, env)
    const ledger = await readLedger(storage, env)
    const drilled = await readDrills(storage, env)
    for (const p of [...ledger.problems, ...drilled.problems]) {
      problems.push(p)
      log.warning(p)
    }
    log.info(
      `${entries.length} snapshots, ${ledger.events.length} ledger events, ${drilled.drills.length} drill reports`
    )
    return { entries, events: ledger.events, drills: drilled.drills }
  })

  const input = { environment: env, location, entries, events, drills, redLines, problems }
  const review = withKeyPeriods(buildReview(input, now, config), input, config, now)
  const markdown = reviewMarkdown(review) + keyPeriodsMarkdown(review)
  const dir = await reportDir(config)
  const files = {
    'report-md': path.join(dir, 'report.md'),
    'report-json': path.join(dir, 'report.json'),
    'ledger-csv': path.join(dir, 'ledger.csv')
  }
  // Who ran what, with their notes: personal data, readable by this user alone.
  const mode = { mode: 0o600 }
  await fs.writeFile(files['report-md'], markdown, mode)
  await fs.writeFile(files['report-json'], JSON.stringify(review, null, 2) + '\n', mode)
  await fs.writeFile(files['ledger-csv'], ledgerCsv(events), mode)
  log.info(`report files: ${dir}`)

  const digest = digestOf(review)
  const result: CommandResult = {
    outputs: {
      'report-dir': dir,
      ...files,
      'red-lines': review.redLines.length,
      gaps: review.gaps.days.length,
      'complete-snapshots': digest.complete
    },
    summary: markdown,
    digest
  }
  return withAwsBackup(config, { now, log, review, files }, result)
}
