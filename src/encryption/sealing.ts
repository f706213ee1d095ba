import type { Config } from '../config.js'
import { UserError } from '../util/errors.js'
import type { Storage } from '../storage/storage.js'
import { destroyedKeys } from './periods.js'
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

/**
 * Refuse to encrypt to a key recorded destroyed (in any storage's ledger): this month's, or a
 * destroyed month's key given again for this month. Such a backup would look complete and never
 * restore.
 */
export async function refuseDestroyedKey(
  storages: Storage[],
  environment: string,
  sealing: Sealing
): Promise<void> {
  for (const storage of storages) {
    const destroyed = await destroyedKeys(storage, environment)
    const where = `destroy-key, in ${storage.uriOf(`${environment}/ledger/`)}`
    if (sealing.period && destroyed.periods.has(sealing.period)) {
      throw new UserError(
        `the age key of ${sealing.period} is recorded as destroyed (${where}): a backup to it could never be restored; give ${sealing.period} a new key in age-recipients`
      )
    }
    const reused = sealing.recipients.find((r) => destroyed.recipients.has(r))
    if (reused) {
      throw new UserError(
        `age-recipients gives ${sealing.period ?? 'every month'} the key ${reused}, the key of ${destroyed.recipients.get(reused)} recorded as destroyed (${where}): a backup to it could never be restored; generate a new key (age-keygen)`
      )
    }
  }
}
