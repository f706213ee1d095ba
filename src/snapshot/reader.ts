import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { PassThrough, Transform, pipeline, type Readable } from 'node:stream'
import type { AgeDecrypter } from '../encryption/ageStream.js'
import type { Storage } from '../storage/storage.js'
import { runSignal, throwIfCancelled } from '../util/cancel.js'
import { UserError } from '../util/errors.js'
import type { FileEntry } from './manifest.js'

/** A stored file whose bytes do not match its manifest entry. */
export class ChecksumError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'ChecksumError'
  }
}

/**
 * Stream a stored file to `consume` while checking its SHA-256 and size against the manifest.
 *
 * The consumer gets the stored bytes and must treat an error on its input as "abort, do not
 * commit" (psql is killed before it can see end of input). The end of input is only given once
 * the digest has matched. If the consumer fails first (a corrupt gzip stream usually breaks the
 * decompressor before the digest is known), the rest of the file is still read and hashed, so a
 * corrupt file is reported as the checksum failure it is, naming the file and both digests.
 *
 * An encrypted file (age) is checked as stored (the ciphertext's SHA-256) and handed to the
 * consumer decrypted, each 64 KiB chunk authenticated, the plaintext's SHA-256 checked before its
 * end is given. It is never handed over without decrypting: no identity, no read.
 */
export async function streamVerified<T>(
  storage: Storage,
  key: string,
  file: FileEntry,
  consume: (input: Readable) => Promise<T>,
  identities?: string[]
): Promise<{ seconds: number; result: T }> {
  const started = Date.now()
  throwIfCancelled()
  if (file.encryption && !identities?.length) {
    throw new UserError(
      `${file.name} is encrypted (age, to ${file.encryption.recipients.join(', ')}): give its identity as age-identity`
    )
  }
  // The cipher's code is loaded only by runs that decrypt.
  const age = file.encryption ? await import('../encryption/ageStream.js') : undefined
  const stored = await storage.get(key)
  const hash = createHash('sha256')
  let bytes = 0
  const out = new PassThrough({ highWaterMark: 1 << 20 })
  // We destroy `out` to abort the consumer and report the cause ourselves: never let that error
  // go unheard when the consumer has already stopped listening.
  out.on('error', () => undefined)
  let consumerError: unknown
  let consumerFailed = false
  let result: T
  const consumed = consume(age ? decrypted(out, file, identities!, age.AgeDecrypter) : out).then(
    (value) => {
      result = value
    },
    (error) => {
      consumerFailed = true
      consumerError = error
      out.resume() // discard from now on; keep hashing
    }
  )
  const failedNow = consumed.then(() => undefined)

  // Cancelled: the consumer's input fails at once (psql is killed before it sees an end of input,
  // nothing commits) and the rest of the file is not read.
  const cancel = () => {
    out.destroy(runSignal.reason as Error)
    stored.destroy()
  }
  if (runSignal.aborted) cancel()
  else runSignal.addEventListener('abort', cancel, { once: true })
  try {
    for await (const chunk of stored as AsyncIterable<Buffer>) {
      hash.update(chunk)
      bytes += chunk.length
      if (!consumerFailed && !out.write(chunk)) {
        await Promise.race([once(out, 'drain'), failedNow])
      }
    }
  } catch (error) {
    runSignal.removeEventListener('abort', cancel)
    out.destroy(new UserError(`reading ${storage.uriOf(key)} failed`))
    await consumed
    throwIfCancelled()
    throw new UserError(`cannot read ${storage.uriOf(key)}: ${(error as Error).message}`, {
      cause: error
    })
  }

  runSignal.removeEventListener('abort', cancel)
  if (runSignal.aborted) {
    await consumed
    throwIfCancelled()
  }
  const digest = hash.digest('hex')
  if (digest !== file.sha256 || bytes !== file.bytes) {
    out.destroy(new ChecksumError('checksum failed'))
    await consumed
    throw new ChecksumError(
      `checksum failed for ${file.name}: the manifest says sha256 ${file.sha256} (${file.bytes} bytes), the stored file has ${digest} (${bytes} bytes)`
    )
  }
  if (!consumerFailed) out.end()
  await consumed
  if (consumerFailed) throw consumerError
  return { seconds: (Date.now() - started) / 1000, result: result! }
}

/** `input` decrypted, the plaintext's SHA-256 and size checked before its end is passed on. */
function decrypted(
  input: Readable,
  file: FileEntry,
  identities: string[],
  Decrypter: typeof AgeDecrypter
): Readable {
  const expected = file.encryption!
  const hash = createHash('sha256')
  let bytes = 0
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      bytes += chunk.length
      done(null, chunk)
    },
    flush(done) {
      const digest = hash.digest('hex')
      if (digest !== expected.plaintextSha256 || bytes !== expected.plaintextBytes) {
        done(
          new ChecksumError(
            `checksum failed for ${file.name} decrypted: the manifest says sha256 ${expected.plaintextSha256} (${expected.plaintextBytes} bytes), it decrypts to ${digest} (${bytes} bytes)`
          )
        )
      } else done()
    }
  })
  const recipients = `encrypted to ${expected.recipients.join(', ')}${expected.period ? `, the key of ${expected.period}` : ''}`
  // Any failure destroys every stage: the consumer sees its input fail, never a clean end.
  return pipeline(input, new Decrypter(identities, recipients), check, () => undefined)
}
