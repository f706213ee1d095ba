import { randomBytes } from 'node:crypto'
import { text } from 'node:stream/consumers'
import { z } from 'zod'
import { LEDGER_FOLDER, ledgerEventKey, sidePrefix } from '../snapshot/layout.js'
import type { Storage } from '../storage/storage.js'
import { errorLine } from '../util/errors.js'
import { redact } from '../util/redact.js'
import { TOOL_VERSION } from '../version.js'
import { VERIFY_VERDICTS } from '../vocabulary.js'

// The seed's "tracking spreadsheet": every run of every command appends one event, as its own
// object under `<environment>/ledger/`, so concurrent runs never overwrite each other
// (DESIGN.md, "Snapshot layout"). Key: `<start time as a snapshot id>-<command>-<random>.json`,
// so a plain listing is in time order.

/** verify: one snapshot's verdict, so report can say when each was last verified. */
const verificationSchema = z.object({
  snapshotId: z.string(),
  verdict: z.enum(VERIFY_VERDICTS),
  /** Files not read because the storage had archived them. */
  archived: z.number().int().nonnegative().optional(),
  failed: z.number().int().nonnegative().optional()
})

export type Verification = z.infer<typeof verificationSchema>

const ledgerEventBase = z.object({
  formatVersion: z.literal(1),
  time: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  command: z.string(),
  environment: z.string(),
  outcome: z.enum(['success', 'failure', 'cancelled']),
  snapshotId: z.string().optional(),
  kind: z.string().optional(),
  error: z.string().optional(),
  bytes: z.number().nonnegative().optional(),
  durationSeconds: z.number().nonnegative(),
  operator: z.string().optional(),
  notes: z.string().optional(),
  /** destroy-key: the month whose age identity was recorded destroyed. */
  period: z.string().optional(),
  /** destroy-key: that month's public keys (from age-recipients), which backup then refuses. */
  recipients: z.array(z.string()).optional(),
  /** verify: each snapshot it verified, with its verdict. */
  verifications: z.array(verificationSchema).optional(),
  runUrl: z.string().optional(),
  run: z.string(),
  toolVersion: z.string()
})

/** Newer tools may add fields: older readers keep them. */
export const ledgerEventSchema = ledgerEventBase.loose()

export type LedgerEvent = z.infer<typeof ledgerEventBase>

export type LedgerEventInput = Omit<LedgerEvent, 'formatVersion' | 'toolVersion'>

/** The fields a command adds to its own event (CommandResult.ledger). */
export type LedgerFields = Pick<LedgerEvent, 'verifications'>

/** The event as stored: every string redacted, empty optional fields left out. */
export function ledgerEvent(input: LedgerEventInput): LedgerEvent {
  const event: LedgerEvent = { formatVersion: 1, ...input, toolVersion: TOOL_VERSION }
  for (const [key, value] of Object.entries(event)) {
    if (value === undefined || value === '') delete (event as Record<string, unknown>)[key]
    else if (typeof value === 'string') (event as Record<string, unknown>)[key] = redact(value)
  }
  return event
}

export function ledgerKey(event: LedgerEvent, random = randomBytes(4).toString('hex')): string {
  return ledgerEventKey(event.environment, new Date(event.time), event.command, random)
}

/**
 * Write one event to every storage, each bounded in time. Returns the problems (one line per
 * storage that could not take it): the caller warns; a ledger failure never fails a run.
 */
export async function appendLedger(
  storages: Storage[],
  event: LedgerEvent,
  timeoutMs = 20_000
): Promise<{ written: string[]; problems: string[] }> {
  const key = ledgerKey(event)
  const body = Buffer.from(JSON.stringify(event, null, 2) + '\n')
  const written: string[] = []
  const problems: string[] = []
  await Promise.all(
    storages.map(async (storage) => {
      const signal = AbortSignal.timeout(timeoutMs)
      try {
        await Promise.race([
          storage.put(key, body, { contentType: 'application/json', signal }),
          new Promise((_, reject) =>
            signal.addEventListener('abort', () =>
              reject(new Error(`no answer within ${timeoutMs / 1000} s`))
            )
          )
        ])
        written.push(storage.uriOf(key))
      } catch (error) {
        problems.push(`${storage.uriOf(key)}: ${errorLine(error)}`)
      }
    })
  )
  return { written, problems }
}

/** Every event of an environment in one storage, oldest first; unreadable ones are reported. */
export async function readLedger(
  storage: Storage,
  environment: string
): Promise<{ events: LedgerEvent[]; problems: string[] }> {
  const events: LedgerEvent[] = []
  const problems: string[] = []
  const prefix = sidePrefix(environment, LEDGER_FOLDER)
  for await (const object of storage.list(prefix)) {
    if (!object.key.endsWith('.json')) continue
    try {
      const parsed = ledgerEventSchema.safeParse(
        JSON.parse(await text(await storage.get(object.key)))
      )
      if (parsed.success) events.push(parsed.data)
      else problems.push(`${object.key}: not a ledger event`)
    } catch (error) {
      problems.push(`${object.key}: ${errorLine(error)}`)
    }
  }
  events.sort((a, b) => a.time.localeCompare(b.time))
  return { events, problems }
}
