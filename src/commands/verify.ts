import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { listSnapshots } from '../snapshot/catalog.js'
import { environmentPrefix } from '../snapshot/layout.js'
import { selectSnapshot } from '../snapshot/select.js'
import { openStorages } from '../storage/open.js'
import { UserError } from '../util/errors.js'
import { formatBytes, formatSeconds, round } from '../util/format.js'
import { cell } from '../util/markdown.js'
import { verifySnapshot, type SnapshotVerdict } from '../verify/verifySnapshot.js'
import type { CommandResult } from './result.js'

// verify: prove snapshots without restoring them (src/verify/ does the work). `snapshot` is an
// id, latest, random, or all (every complete snapshot, two at a time). Reads the first storage,
// as restore does; needs no target. Each run is a ledger event (notify/outcome.ts).

/** Snapshots verified at once with `snapshot: all`: each is one download stream at a time. */
const PARALLEL = 2

export async function verify(config: Config, log: Log): Promise<CommandResult> {
  const started = Date.now()
  const storage = (await openStorages(config, log))[0]
  const where = storage.uriOf(environmentPrefix(config.environment))
  const entries = await listSnapshots(storage, config.environment)
  const chosen =
    config.snapshot === 'all'
      ? entries.filter((e) => e.state === 'complete')
      : [selectSnapshot(entries, config.snapshot, [], where)]
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
        verifySnapshot(storage, entry.manifest!, log, config.ageIdentities)
      )
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, chosen.length) }, worker))

  const seconds = round((Date.now() - started) / 1000)
  const bad = verdicts.flatMap((v) =>
    v.files.filter((f) => !f.ok).map((f) => `${v.id}/${f.name}: ${f.problem}`)
  )
  const outputs = {
    'snapshot-id': chosen.length === 1 ? chosen[0].id : '',
    verified: bad.length === 0,
    'duration-seconds': seconds
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
    throw error
  }
  return { outputs, summary }
}

function verifySummary(
  environment: string,
  where: string,
  verdicts: SnapshotVerdict[],
  seconds: number
): string {
  const ok = verdicts.filter((v) => v.ok).length
  const lines = [
    `## Verify (${environment}): ${ok} of ${verdicts.length} snapshot${verdicts.length === 1 ? '' : 's'} verified`,
    '',
    `Read from \`${where}\` in ${formatSeconds(seconds)}: every file's size and SHA-256 against its manifest, then decoded.`,
    '',
    '| snapshot | file | size | time | result |',
    '|---|---|---:|---:|---|'
  ]
  for (const v of verdicts) {
    for (const f of v.files) {
      const result = f.ok ? cell(f.facts.slice(1).join('; ')) : `**failed**: ${cell(f.problem)}`
      lines.push(
        `| ${v.id} | ${f.name} | ${formatBytes(f.bytes)} | ${formatSeconds(f.seconds)} | ${result} |`
      )
    }
  }
  return lines.join('\n') + '\n'
}
