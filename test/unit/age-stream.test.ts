import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Decrypter, Encrypter, generateIdentity, identityToRecipient } from 'age-encryption'
import { AgeDecrypter, AgeEncrypter, AgeKeyError } from '../../src/encryption/ageStream.js'
import { parseRecipients, recipientsFor } from '../../src/encryption/recipients.js'
import { parseIdentities } from '../../src/encryption/identity.js'
import { buildConfig, secretsOf } from '../../src/config.js'
import { ConfigError } from '../../src/util/errors.js'

// The age format as this tool streams it: our encrypter and decrypter against each other and
// against the age-encryption package's own (whole-buffer) ones, at every chunk edge; then the
// failures: a changed byte, a cut file, a wrong key. Interop with Debian's age binary is in
// test/integration/encryption.test.ts.

const K = 64 * 1024

async function through(data: Buffer, stage: NodeJS.ReadWriteStream, pieces = 7): Promise<Buffer> {
  const out: Buffer[] = []
  const parts: Buffer[] = []
  const step = Math.max(1, Math.ceil(data.length / pieces))
  for (let i = 0; i < data.length; i += step) parts.push(data.subarray(i, i + step))
  await pipeline(
    Readable.from(parts),
    stage,
    new Writable({
      write(chunk: Buffer, _e, done) {
        out.push(chunk)
        done()
      }
    })
  )
  return Buffer.concat(out)
}

async function keyPair(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateIdentity()
  return { identity, recipient: await identityToRecipient(identity) }
}

describe('age stream', () => {
  it.each([0, 1, K - 1, K, K + 1, 2 * K, 3 * K + 17])(
    'round trip of %i bytes: ours -> ours, ours -> the package, the package -> ours',
    async (size) => {
      const { identity, recipient } = await keyPair()
      const data = randomBytes(size)
      const sealed = await through(data, new AgeEncrypter([recipient]))
      expect(await through(sealed, new AgeDecrypter([identity]), 5)).toEqual(data)
      const theirs = new Decrypter()
      theirs.addIdentity(identity)
      expect(Buffer.from(await theirs.decrypt(sealed))).toEqual(data)
      const encrypter = new Encrypter()
      encrypter.addRecipient(recipient)
      const fromThem = Buffer.from(await encrypter.encrypt(data))
      expect(await through(fromThem, new AgeDecrypter([identity]), 3)).toEqual(data)
    }
  )

  it('encrypts to several recipients: each identity opens it alone', async () => {
    const a = await keyPair()
    const b = await keyPair()
    const data = randomBytes(100_000)
    const sealed = await through(data, new AgeEncrypter([a.recipient, b.recipient]))
    expect(await through(sealed, new AgeDecrypter([b.identity]))).toEqual(data)
    expect(await through(sealed, new AgeDecrypter([a.identity]))).toEqual(data)
  })

  it('a changed byte fails its chunk after the earlier chunks went through', async () => {
    const { identity, recipient } = await keyPair()
    const data = randomBytes(5 * K)
    const sealed = await through(data, new AgeEncrypter([recipient]))
    sealed[sealed.length - 2 * K] ^= 1 // in the 4th of 5 chunks
    const got: Buffer[] = []
    const run = pipeline(
      Readable.from([sealed]),
      new AgeDecrypter([identity]),
      new Writable({
        write(chunk: Buffer, _e, done) {
          got.push(chunk)
          done()
        }
      })
    )
    await expect(run).rejects.toThrow(/chunk 4 .* fails authentication/)
    expect(Buffer.concat(got)).toEqual(data.subarray(0, 3 * K))
  })

  it('a file cut at a chunk boundary, or inside its header, fails', async () => {
    const { identity, recipient } = await keyPair()
    const sealed = await through(randomBytes(3 * K), new AgeEncrypter([recipient]))
    const header = sealed.length - 3 * (K + 16)
    await expect(
      through(sealed.subarray(0, header + 2 * (K + 16)), new AgeDecrypter([identity]))
    ).rejects.toThrow(/fails authentication/)
    await expect(through(sealed.subarray(0, 40), new AgeDecrypter([identity]))).rejects.toThrow(
      /ends inside its header/
    )
  })

  it('a wrong key is one line naming the recipients given', async () => {
    const right = await keyPair()
    const wrong = await keyPair()
    const sealed = await through(randomBytes(1000), new AgeEncrypter([right.recipient]))
    const error = await through(
      sealed,
      new AgeDecrypter([wrong.identity], `encrypted to ${right.recipient}`)
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AgeKeyError)
    expect((error as Error).message).toContain(right.recipient)
    expect((error as Error).message).not.toContain(wrong.identity)
  })
})

describe('age-recipients and age-identity', () => {
  it('takes a list, keys per month, comments and a file', async () => {
    const [a, b, c] = await Promise.all([keyPair(), keyPair(), keyPair()])
    const list = parseRecipients(`# public key: x\n${a.recipient}\n${b.recipient}\n`)
    expect(recipientsFor(list, '2026-11')).toEqual([a.recipient, b.recipient])
    const map = parseRecipients(`2026-11: ${a.recipient}, ${c.recipient}\n2026-12 ${b.recipient}`)
    expect(recipientsFor(map, '2026-11')).toEqual([a.recipient, c.recipient])
    expect(recipientsFor(map, '2026-12')).toEqual([b.recipient])
    expect(() => recipientsFor(map, '2027-01')).toThrow(
      /age-recipients has no key for 2027-01 \(it has 2026-11, 2026-12\)/
    )
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'age-rcpt-'))
    await fs.writeFile(path.join(dir, 'r.txt'), `2026-11: ${a.recipient}\n`)
    expect(recipientsFor(parseRecipients(path.join(dir, 'r.txt')), '2026-11')).toEqual([
      a.recipient
    ])
    await fs.rm(dir, { recursive: true })
  })

  it('refuses what is not an X25519 key, mixed lists, bad months and missing files', async () => {
    const { recipient } = await keyPair()
    expect(() => parseRecipients('age1pq1' + 'q'.repeat(60))).toThrow(/post-quantum/)
    const typo = recipient.slice(0, -1) + (recipient.endsWith('q') ? 'p' : 'q') // one character off
    expect(() => parseRecipients(typo)).toThrow(/checksum fails/)
    expect(() => parseRecipients('ssh-ed25519 AAAA')).toThrow(/neither age1/)
    expect(() => parseRecipients(`${recipient}\n2026-11: ${recipient}`)).toThrow(/mixes/)
    expect(() => parseRecipients(`2026-13: ${recipient}`)).toThrow(/not a month/)
    expect(() => parseRecipients('# nothing\n')).toThrow(/holds no key/)
  })

  it('config: encryption age fails closed, and the identity is a masked secret', async () => {
    const { identity, recipient } = await keyPair()
    const base = { environment: 'e', 'backup-root': '/tmp/x', 'database-url': 'postgres://h/db' }
    const line = (raw: Record<string, string>) => {
      try {
        buildConfig(raw, {})
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError)
        return (error as Error).message
      }
      return 'no error'
    }
    expect(line({ ...base, encryption: 'age' })).toMatch(/age-recipients is empty/)
    expect(line({ ...base, encryption: 'age', 'age-recipients': 'age1nope' })).toMatch(
      /not an age X25519 public key/
    )
    expect(line({ ...base, 'age-recipients': recipient })).toMatch(/encryption is none/)
    expect(line({ ...base, encryption: 'gpg' })).toMatch(
      /encryption "gpg" is not one of: none, age/
    )
    const config = buildConfig({ ...base, encryption: 'age', 'age-recipients': recipient }, {})
    expect(config.ageRecipients?.periods.get(null)).toEqual([recipient])
    expect(
      buildConfig({ ...base, 'age-identity': `# x\n${identity}\n` }, {}).ageIdentities
    ).toEqual([identity])
    const bad = line({ ...base, 'age-identity': '/nonexistent/key.txt' })
    expect(bad).toMatch(/neither an AGE-SECRET-KEY-1... key nor a readable file/)
    expect(secretsOf({ 'age-identity': identity })).toContain(identity)
    expect(() => parseIdentities('AGE-SECRET-KEY-1')).toThrow(/no valid/)
  })
})
