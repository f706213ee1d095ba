import type { Digest } from '../notify/digest.js'

/** What a command hands back to main/cli: outputs to set, and a Markdown summary for people. */
export interface CommandResult {
  outputs: Record<string, string | number | boolean>
  summary: string
  /** report: the Slack digest, posted in place of the generic success message. */
  digest?: Digest
}
