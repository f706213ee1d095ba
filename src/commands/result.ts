/** What a command hands back to main/cli: outputs to set, and a Markdown summary for people. */
export interface CommandResult {
  outputs: Record<string, string | number | boolean>
  summary: string
}
