import type { Digest } from '../notify/digest.js'
import type { Outputs } from '../vocabulary.js'

/** What a command hands back to main/cli: outputs to set, and a Markdown summary for people. */
export interface CommandResult {
  outputs: Outputs
  summary: string
  /** report: the Slack digest, posted in place of the generic success message. */
  digest?: Digest
}
