import type { Digest } from '../notify/digest.js'
import type { LedgerFields } from '../notify/ledger.js'
import type { Outputs } from '../vocabulary.js'

/** What a command hands back to main/cli: outputs to set, and a Markdown summary for people. */
export interface CommandResult {
  outputs: Outputs
  summary: string
  /** report: the Slack digest, posted in place of the generic success message. */
  digest?: Digest
  /**
   * list: the plain-text table for people. The CLI prints it on stdout in place of the Markdown
   * summary and the name=value outputs; the action prints it in the log.
   */
  text?: string
  /** list: what the CLI's --json prints on stdout, alone. */
  json?: unknown
  /** What the run's ledger event records beyond the common fields (verify: each verdict). */
  ledger?: LedgerFields
}

/** What a failed backup had written before it failed: its failure summary names it. */
export interface PartialWrite {
  snapshotId: string
  /** Where the (incomplete) snapshot folder is, in every storage. */
  uris: string[]
  /** The files stored whole before the failure. */
  files: string[]
}

/** Attach what was written to the error a command fails with (read by notify/failureSummary). */
export function withPartialWrite(error: unknown, partial: PartialWrite): unknown {
  if (error !== null && typeof error === 'object') Object.assign(error, { partialWrite: partial })
  return error
}

export function partialWriteOf(error: unknown): PartialWrite | undefined {
  return (error as { partialWrite?: PartialWrite } | undefined)?.partialWrite
}

/** Attach ledger fields to the error a command fails with (a failed verify's verdicts). */
export function withLedgerFields(error: unknown, fields: LedgerFields): unknown {
  if (error !== null && typeof error === 'object') Object.assign(error, { ledgerFields: fields })
  return error
}

export function ledgerFieldsOf(error: unknown): LedgerFields | undefined {
  return (error as { ledgerFields?: LedgerFields } | undefined)?.ledgerFields
}
