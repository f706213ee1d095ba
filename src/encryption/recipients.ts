import fs from 'node:fs'

// age-recipients: who a backup is encrypted to. Either one set of X25519 public keys for every
// month, or a map from month (YYYY-MM, UTC) to that month's keys, so that each month's backups
// can be erased at once by destroying its identity (README, "Keys per period").
//
//   age1...                    one key a line (age's recipients file; '#' starts a comment)
//   2026-11: age1... age1...   a month, then its keys (spaces or commas between them)
//
// The value may be the text itself or the path of a file that holds it.

export const X25519_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/

export interface RecipientsInput {
  /** Month -> keys; `null` holds the keys of a list without months (every month). */
  periods: Map<string | null, string[]>
}

/** The month (YYYY-MM, UTC) a snapshot id or time belongs to. */
export function periodOf(time: Date | string): string {
  return typeof time === 'string' ? time.slice(0, 7) : time.toISOString().slice(0, 7)
}

/** A public key this tool encrypts to: X25519 only (Debian's age 1.1.1 reads no other). */
export function checkRecipient(key: string, where: string): string {
  if (key.startsWith('age1pq1') || key.startsWith('age1tag')) {
    throw new Error(
      `${where}: ${key.slice(0, 12)}... is a post-quantum or tag recipient: only X25519 keys (age1..., from age-keygen) are accepted, which every age can read`
    )
  }
  if (!X25519_RECIPIENT.test(key)) {
    throw new Error(
      `${where}: "${key.length > 70 ? key.slice(0, 70) + '...' : key}" is not an age X25519 public key (age1 and 58 more characters, from age-keygen -y)`
    )
  }
  if (!bech32Valid(key)) {
    throw new Error(`${where}: ${key} is not a valid age public key (its checksum fails)`)
  }
  return key
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]

/**
 * The bech32 checksum (BIP 173) of a lower-case `hrp1data` string: a mistyped key fails here,
 * before any backup. Here and not through the age package, so that loading the config does not
 * load the cipher code (the package is loaded only by runs that encrypt or decrypt).
 */
export function bech32Valid(text: string): boolean {
  const split = text.lastIndexOf('1')
  const hrp = text.slice(0, split)
  const values = [
    ...[...hrp].map((c) => c.charCodeAt(0) >> 5),
    0,
    ...[...hrp].map((c) => c.charCodeAt(0) & 31),
    ...[...text.slice(split + 1)].map((c) => BECH32.indexOf(c))
  ]
  if (values.includes(-1)) return false
  let check = 1
  for (const v of values) {
    const top = check >>> 25
    check = ((check & 0x1ffffff) << 5) ^ v
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) check ^= GENERATOR[i]
  }
  return check === 1
}

/** Parse age-recipients (text or a file's path). Throws one line naming the problem. */
export function parseRecipients(value: string): RecipientsInput {
  const text = looksLikeText(value) ? value : readFileOf(value)
  const periods = new Map<string | null, string[]>()
  const lines = text.split(/\r?\n/)
  lines.forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim()
    if (!line) return
    const where = `age-recipients line ${i + 1}`
    const month = /^(\d{4}-\d{2})\s*:?\s*(.*)$/.exec(line)
    const period = month ? month[1] : null
    if (period !== null && !PERIOD.test(period)) {
      throw new Error(`${where}: "${period}" is not a month (YYYY-MM)`)
    }
    const keys = (month ? month[2] : line).split(/[\s,]+/).filter(Boolean)
    if (keys.length === 0) throw new Error(`${where}: the month ${period} has no key`)
    const list = periods.get(period) ?? []
    for (const key of keys) list.push(checkRecipient(key, where))
    periods.set(period, list)
  })
  if (periods.size === 0) {
    throw new Error('age-recipients holds no key: give one age1... public key a line, or a file')
  }
  if (periods.has(null) && periods.size > 1) {
    throw new Error(
      'age-recipients mixes keys with and without a month: give every key a month (YYYY-MM: age1...), or none'
    )
  }
  for (const [period, keys] of periods) periods.set(period, [...new Set(keys)])
  return { periods }
}

/** The keys for the month `period`; throws when the map has no entry for it. */
export function recipientsFor(input: RecipientsInput, period: string): string[] {
  const keys = input.periods.get(null) ?? input.periods.get(period)
  if (!keys) {
    const months = [...input.periods.keys()].sort().join(', ')
    throw new Error(
      `age-recipients has no key for ${period} (it has ${months}): add "${period}: age1..." with that month's public key before its first backup`
    )
  }
  return keys
}

/** Whether the input is keys per month. */
export function isPerPeriod(input: RecipientsInput): boolean {
  return !input.periods.has(null)
}

function looksLikeText(value: string): boolean {
  return /(^|\n)\s*(age1|\d{4}-\d{2}|#)/.test(value)
}

function readFileOf(value: string): string {
  try {
    return fs.readFileSync(value, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    throw new Error(
      `age-recipients is neither age1... keys nor a readable file: ${value.length > 80 ? value.slice(0, 80) + '...' : value} (${code})`,
      { cause: error }
    )
  }
}
