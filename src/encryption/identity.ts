import fs from 'node:fs'
import type { FileEntry } from '../snapshot/manifest.js'

// age-identity: the secret keys that open encrypted snapshots (restore and drill only). The value
// is the key itself (AGE-SECRET-KEY-1..., one a line, as age-keygen writes them) or the path of
// a file that holds them. It is a secret: masked, never in argv (the CLI reads it from the
// AGE_IDENTITY variable or a file), never in an error.

const SECRET_KEY = /AGE-SECRET-KEY-1[0-9A-Z]+/g

/** The secret keys in the value or in the file it names; [] when it holds none. */
export function identitiesIn(value: string): string[] {
  const text = value.includes('AGE-SECRET-KEY-') ? value : readIdentityFile(value)
  return [...new Set(text.match(SECRET_KEY) ?? [])]
}

/** Parse age-identity; throws one line (never quoting a key) when it holds no usable key. */
export function parseIdentities(value: string): string[] {
  const keys = identitiesIn(value)
  if (keys.length === 0) {
    throw new Error(
      value.includes('AGE-SECRET-KEY-')
        ? 'age-identity holds no valid AGE-SECRET-KEY-1... key'
        : 'age-identity names a file that holds no AGE-SECRET-KEY-1... key'
    )
  }
  if (/AGE-SECRET-KEY-PQ-/.test(value)) {
    throw new Error('age-identity holds a post-quantum key: only X25519 keys (age-keygen) are used')
  }
  return keys
}

function readIdentityFile(value: string): string {
  try {
    return fs.readFileSync(value.trim(), 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    throw new Error(
      `age-identity is neither an AGE-SECRET-KEY-1... key nor a readable file (${code})`,
      { cause: error }
    )
  }
}

/** The public keys (age1...) of the identities, to name them and match them to a manifest. */
export async function publicKeysOf(identities: string[]): Promise<string[]> {
  const { identityToRecipient } = await import('age-encryption') // only runs that decrypt load it
  return Promise.all(
    identities.map(async (identity) => {
      try {
        return await identityToRecipient(identity)
      } catch {
        throw new Error('age-identity holds a key that is not a valid AGE-SECRET-KEY-1... key')
      }
    })
  )
}

/**
 * Before any data moves: every encrypted file among `files` can be opened by one of the
 * identities, and none is read without them. Throws one line naming the file's recipients.
 */
export async function checkCanDecrypt(
  files: FileEntry[],
  identities: string[] | undefined,
  snapshot: string
): Promise<void> {
  const encrypted = files.filter((f) => f.encryption)
  if (encrypted.length === 0) return
  if (!identities || identities.length === 0) {
    throw new Error(
      `snapshot ${snapshot} is encrypted (age, to ${describeKeys(encrypted[0].encryption!.recipients)}): give its identity as age-identity (a key file or the AGE-SECRET-KEY-1... value)`
    )
  }
  const mine = await publicKeysOf(identities)
  for (const file of encrypted) {
    const recipients = file.encryption!.recipients
    if (!recipients.some((r) => mine.includes(r))) {
      throw new Error(
        `${file.name} of snapshot ${snapshot} is encrypted to ${describeKeys(recipients)}${file.encryption!.period ? ` (the key of ${file.encryption!.period})` : ''}; age-identity holds the key of ${describeKeys(mine)}: give that period's identity`
      )
    }
  }
}

export function describeKeys(keys: string[]): string {
  return keys.join(', ')
}
