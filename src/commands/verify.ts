import type { Config } from '../config.js'
import type { Log } from '../log.js'
import type { Verification } from '../notify/ledger.js'
import { listSnapshots, type SnapshotEntry } from '../snapshot/catalog.js'
import { environmentPrefix } from '../snapshot/layout.js'
import { selectSnapshot } from '../snapshot/select.js'
import { openStorages } from '../storage/open.js'
import { ARCHIVE_CLASSES } from '../storage/storage.js'
import { UserError } from '../util/errors.js'
import { formatBytes, formatSeconds, round } from '../util/format.js'
import { cell } from '../util/markdown.js'
import { verdictWords } from '../verify/verdict.js'
import { verifySnapshot, type SnapshotVerdict } from '../verify/verifySnapshot.js'
import { withLedgerFields, type CommandResult } from './result.js'

// verify: prove snapshots without restoring them (src/verify/ does the work). `snapshot` is an
// id, latest, random, or all (every complete snapshot, two at a time). Reads the first storage,
// as restore does; needs no target. Files the storage has archived (GLACIER, DEEP_ARCHIVE) are
// not read: counted and listed as archived. Each run is a ledger event (notify/outcome.ts) that
// records each snapshot's verdict, for report's "last verified".

/** Snapshots verified at once with `snapshot: all`: each is one download stream at a time. */
const PARALLEL = 2

/** Does the listing put any of this snapshot's files in an archive class? */
const listedArchived = (e: SnapshotEntry) =>
  e.objects.some((o) => o.storageClass !== undefined && ARCHIVE_CLASSES.includes(o.storageClass))

export async function verify(config: Config, log: Log): Promise<CommandResult> {
  const started = Date.now()
  const storage = (await openStorages(config, log))[0]
  const where = storage.uriOf(environmentPrefix(config.environment))
  const entries = await listSnapshots(storage, config.environment)
  const complete = entries.filter((e) => e.state === 'complete')
  // random picks among the snapshots that can be read now, when there are any: an archived one
  // would prove nothing.
  const readable = complete.filter((e) => !listedArchived(e))
  const chosen =
    config.snapshot === 'all'
      ? complete
      : [
          selectSnapshot(
            config.snapshot === 'random' && readable.length > 0 ? readable : entries,
            config.snapshot,
            [],
            where
          )
        ]
  if (chosen.length === 0) {
    throw new UserError(`no complete snapshot to verify in ${where} (${entries.length} folders)`)
  }
  log.info(`verifying ${chosen.length} snapshot${chosen.length === 1 ? '' : 's'} in ${where}`)

  const verdicts: SnapshotVerdict[] = new Array(chosen.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < chosen.length; i = next++) {
      const entry = chosen[i]
      verdicts[i] = await log.group(`Verify ${entry.id}`, () =>
        verifySnapshot(storage, entry.manifest!, log, {
          identities: config.ageIdentities,
          objects: entry.objects
        })
      )
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, chosen.length) }, worker))

  const seconds = round((Date.now() - started) / 1000)
  const bad = verdicts.flatMap((v) =>
    v.files.filter((f) => f.outcome === 'failed').map((f) => `${v.id}/${f.name}: ${f.problem}`)
  )
  const archived = verdicts.reduce((n, v) => n + v.archived, 0)
  if (archived > 0) {
    log.warning(
      `${archived} archived file${archived === 1 ? '' : 's'} not read (GLACIER or DEEP_ARCHIVE): ${verdicts
        .filter((v) => v.archived > 0)
        .map((v) => `${v.id} (${v.archived})`)
        .join(', ')}; restore them to verify them`
    )
  }
  const outputs = {
    'snapshot-id': chosen.length === 1 ? chosen[0].id : '',
    // true only when every file was read and matched: archived files were not read.
    verified: bad.length > 0 ? 'false' : archived > 0 ? 'partial' : 'true',
    'archived-files': archived,
    'duration-seconds': seconds
  }
  const ledger = {
    verifications: verdicts.map((v): Verification => ({
      snapshotId: v.id,
      verdict: v.verdict,
      ...(v.archived ? { archived: v.archived } : {}),
      ...(v.failed ? { failed: v.failed } : {})
    }))
  }
  const summary = verifySummary(config.environment, where, verdicts, seconds)
  if (bad.length > 0) {
    const error = new UserError(
      bad.length === 1
        ? `verify failed: ${bad[0]}`
        : `verify failed: ${bad.length} files are not as their manifest says (first: ${bad[0]})`
    )
    error.problems = bad
    error.outputs = outputs
    throw withLedgerFields(error, ledger)
  }
  return { outputs, summary, ledger }
}

function verifySummary(
  environment: string,
  where: string,
  verdicts: SnapshotVerdict[],
  seconds: number
): string {
  const ok = verdicts.filter((v) => v.verdict === 'verified').length
  const archived = verdicts.reduce((n, v) => n + v.archived, 0)
  const others = verdicts.filter((v) => v.verdict === 'partial' || v.verdict === 'archived')
  const lines = [
    `## Verify (${environment}): ${ok} of ${verdicts.length} snapshot${verdicts.length === 1 ? '' : 's'} verified${others.length ? `, ${others.length} except ${archived} archived file${archived === 1 ? '' : 's'}` : ''}`,
    '',
    `Read from \`${where}\` in ${formatSeconds(seconds)}: every file's size and SHA-256 against its manifest, then decoded.${archived ? ' Archived files (GLACIER, DEEP_ARCHIVE) were not read: restore them to verify them.' : ''}`,
    ''
  ]
  if (verdicts.length > 1 || others.length > 0) {
    lines.push('| snapshot | verdict |', '|---|---|')
    for (const v of verdicts) lines.push(`| ${v.id} | ${verdictWords(v)} |`)
    lines.push('')
  }
  lines.push('| snapshot | file | size | time | result |', '|---|---|---:|---:|---|')
  for (const v of verdicts) {
    for (const f of v.files) {
      const result =
        f.outcome === 'verified'
          ? cell(f.facts.slice(1).join('; '))
          : f.outcome === 'archived'
            ? `**archived**: ${cell(f.problem)}`
            : `**failed**: ${cell(f.problem)}`
      lines.push(
        `| ${v.id} | ${f.name} | ${formatBytes(f.bytes)} | ${formatSeconds(f.seconds)} | ${result} |`
      )
    }
  }
  return lines.join('\n') + '\n'
}
