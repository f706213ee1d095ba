import type { Digest } from '../notify/digest.js'
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
