import type { Config } from '../config.js'
import { UserError } from '../util/errors.js'
import { isPerPeriod, periodOf, recipientsFor } from './recipients.js'

/** What a backup encrypts to: the public keys of its month, and the month when keys are per month. */
export interface Sealing {
  recipients: string[]
  period?: string
}

/**
 * The recipients for a backup that starts at `started`, or undefined with encryption: none.
 * Refuses (before anything runs) when keys are per month and this month has none.
 */
export function sealingFor(config: Config, started: Date): Sealing | undefined {
  if (config.encryption !== 'age') return undefined
  const input = config.ageRecipients
  if (!input) throw new UserError('encryption is age but age-recipients is empty')
  const period = periodOf(started)
  try {
    return {
      recipients: recipientsFor(input, period),
      ...(isPerPeriod(input) ? { period } : {})
    }
  } catch (error) {
    throw new UserError((error as Error).message)
  }
}

/** A stored file's name before encryption: what `age -d` writes (`uploads.tar.gz` for `uploads.tar.gz.age`). */
export function plainNameOf(file: { name: string; encryption?: unknown }): string {
  return file.encryption ? file.name.replace(/\.age$/, '') : file.name
}
