import { describe, expect, it } from '@jest/globals'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Crc64 } from '../../src/sources/redis/crc64.js'
import { RdbDamage, type RdbFacts } from '../../src/sources/redis/rdb/facts.js'
import { lzfDecompress } from '../../src/sources/redis/rdb/lzf.js'
import { RdbScanner, type RdbScannerOptions } from '../../src/sources/redis/rdb/scanner.js'
import { restoreRdbError } from '../../src/sources/redis/replay.js'
import { backupRdbError } from '../../src/sources/redis/sync.js'

// Hand-built RDB files: the scanner must count keys and TTLs per db, accept any chunking, and
// refuse every truncation, trailing bytes, a bad magic and a bad CRC-64. It reports what it found
// (RdbDamage); the messages checked here are the backup's words for it (sync.ts), as users see
// them, unless a test says otherwise.

const b = (...bytes: number[]) => Buffer.from(bytes)
const str = (s: string | Buffer) => {
  const bytes = Buffer.isBuffer(s) ? s : Buffer.from(s)
  if (bytes.length < 64) return Buffer.concat([b(bytes.length), bytes])
  return Buffer.concat([b(0x40 | (bytes.length >> 8), bytes.length & 0xff), bytes])
}
const aux = (k: string, v: string) => Buffer.concat([b(0xfa), str(k), str(v)])
const select = (db: number) => b(0xfe, db)
const resize = (keys: number, expires: number) => b(0xfb, keys, expires)
const stringKey = (k: string, v: string | Buffer) => Buffer.concat([b(0x00), str(k), str(v)])
const expireMs = (ms: number) => {
  const out = Buffer.alloc(9)
  out[0] = 0xfc
  out.writeBigUInt64LE(BigInt(ms), 1)
  return out
}

function rdb(body: Buffer[], checksum = true, magic = 'REDIS0010'): Buffer {
  const head = Buffer.concat([Buffer.from(magic), ...body, b(0xff)])
  const crc = new Crc64()
  crc.update(head)
  return Buffer.concat([head, checksum ? crc.digestLE() : Buffer.alloc(8)])
}

async function scan(
  bytes: Buffer,
  chunk = bytes.length || 1,
  /** null: no wording, the scanner's own RdbDamage. */
  explain: RdbScannerOptions['explain'] | null = backupRdbError,
  more: Pick<RdbScannerOptions, 'trailing'> = {}
): Promise<RdbFacts> {
  const parts: Buffer[] = []
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk))
  const scanner = new RdbScanner(explain ? { explain, ...more } : more)
  let passed = 0
  await pipeline(
    Readable.from(parts),
    scanner,
    new Writable({
      write(c: Buffer, _e, done) {
        passed += c.length
        done()
      }
    })
  )
  expect(passed).toBe(bytes.length)
  return scanner.facts()
}

const sample = rdb([
  aux('redis-ver', '7.0.15'),
  aux('ctime', '1700000000'),
  Buffer.concat([b(0xfa), str('aof-base'), b(0xc0, 0)]), // int-encoded value
  select(0),
  resize(3, 1),
  stringKey('a', '1'),
  expireMs(Date.now() + 60_000),
  stringKey('b', 'x'.repeat(100)),
  Buffer.concat([b(0x00), str('lzf'), b(0xc3, 4, 20, 1, 2, 3, 4)]),
  select(2),
  resize(1, 0),
  Buffer.concat([b(0x0b), str('intset'), str(Buffer.alloc(12))]), // SET_INTSET blob
  b(0xf8, 5), // IDLE before a key
  stringKey('c', 'y')
])

describe('crc64', () => {
  it('is Redis CRC-64-Jones (check value of "123456789")', () => {
    const crc = new Crc64()
    crc.update(Buffer.from('123456789'))
    expect(crc.hex()).toBe('e9c6d914c4b8d9ca')
  })
})

describe('RdbScanner', () => {
  it('counts keys and keys with a TTL per db, whatever the chunking', async () => {
    for (const chunk of [1, 3, 7, 64, sample.length]) {
      const facts = await scan(sample, chunk)
      expect(facts).toEqual({
        rdbVersion: 10,
        aux: { 'redis-ver': '7.0.15', ctime: '1700000000', 'aof-base': '0' },
        dbs: { '0': { keys: 3, keysWithTtl: 1 }, '2': { keys: 2, keysWithTtl: 0 } },
        keyCountsFrom: 'keys',
        checksum: 'verified',
        bytes: sample.length
      })
    }
  })

  it('refuses every truncation', async () => {
    for (let cut = 0; cut < sample.length; cut++) {
      await expect(scan(sample.subarray(0, cut), 5)).rejects.toThrow(
        /not whole: (it stops after \d+ bytes, in the middle of .* \(truncated\)|its CRC-64 is)/
      )
    }
  })

  it('refuses bytes after the checksum, a bad magic and a bad CRC-64', async () => {
    await expect(scan(Buffer.concat([sample, b(0)]))).rejects.toThrow(/follow its EOF opcode/)
    const magic = Buffer.from(sample)
    magic.write('RADIS', 0)
    await expect(scan(magic)).rejects.toThrow(/starts with "RADIS", not REDIS/)
    const flipped = Buffer.from(sample)
    flipped[30] ^= 0x20
    await expect(scan(flipped)).rejects.toThrow(/CRC-64 is [0-9a-f]+ but the bytes give/)
  })

  it('reads a Valkey 9 RDB (magic VALKEY080): its hashes whose fields carry an expiry (type 22) too', async () => {
    const never = Buffer.alloc(8, 0xff) // -1: this field has no expiry
    const at = Buffer.alloc(8)
    at.writeBigInt64LE(BigInt(Date.now() + 60_000))
    const hash2 = Buffer.concat([b(2), str('f1'), str('v1'), at, str('f2'), b(0xc0, 7), never])
    const body = [
      aux('valkey-ver', '9.1.2'),
      select(0),
      resize(3, 1),
      stringKey('a', '1'),
      Buffer.concat([b(22), str('fields with ttl'), hash2]),
      expireMs(Date.now() + 60_000),
      stringKey('b', 'x')
    ]
    const valkey = rdb(body, true, 'VALKEY080')
    for (const chunk of [1, 5, valkey.length]) {
      expect(await scan(valkey, chunk)).toEqual({
        rdbVersion: 80,
        aux: { 'valkey-ver': '9.1.2' },
        dbs: { '0': { keys: 3, keysWithTtl: 1 } },
        keyCountsFrom: 'keys',
        checksum: 'verified',
        bytes: valkey.length
      })
    }
    for (let cut = 9; cut < valkey.length; cut += 3) {
      await expect(scan(valkey.subarray(0, cut))).rejects.toThrow(/not whole/)
    }
    // Type 22 means something else in a Redis RDB (Redis 7.4's pre-release hash): not read there.
    const redis = await scan(rdb(body, true, 'REDIS0012'))
    expect(redis.keyCountsFrom).toBe('resizedb')
    expect(redis.note).toMatch(/value type 22 in RDB version 12 is not known/)
    // VALKEY and a version Valkey never writes (12-79 are Redis's), or no number at all.
    for (const version of ['079', '011', '8x0']) {
      const bad = rdb(body, true, `VALKEY${version}`)
      await expect(scan(bad)).rejects.toThrow(`its version "${version}" is not an RDB version`)
    }
  })

  it('refuses every single flipped bit, also where it turns a length into nonsense', async () => {
    for (let i = 0; i < sample.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const bad = Buffer.from(sample)
        bad[i] ^= bit
        await expect(scan(bad, 16)).rejects.toThrow(/the RDB from Redis is not whole/)
      }
    }
  })

  it('reports what it found, for the caller to word: kind, version, bytes, offset', async () => {
    const damage = (bytes: Buffer, chunk?: number) =>
      scan(bytes, chunk, null).then(
        () => undefined,
        (error: unknown) => error
      )
    const cut = await damage(sample.subarray(0, 40), 5)
    expect(cut).toBeInstanceOf(RdbDamage)
    expect(cut).toMatchObject({ rdbVersion: 10, bytes: 40, fault: { kind: 'truncated' } })
    expect((cut as RdbDamage).offset).toBeLessThanOrEqual(40)
    expect((cut as RdbDamage).fault).toEqual({ kind: 'truncated', inside: expect.any(String) })
    expect(await damage(Buffer.concat([sample, b(0, 0)]))).toMatchObject({
      fault: { kind: 'trailing', extra: 2 },
      bytes: sample.length + 2
    })
    const magic = Buffer.from(sample)
    magic.write('RADIS', 0)
    expect(await damage(magic)).toMatchObject({ fault: { kind: 'magic', found: 'RADIS' } })
    const version = Buffer.from(sample)
    version.write('00x0', 5)
    expect(await damage(version)).toMatchObject({ fault: { kind: 'version', found: '00x0' } })
    const flipped = Buffer.from(sample)
    flipped[30] ^= 0x20
    const crc = (await damage(flipped)) as RdbDamage
    expect(crc.fault.kind).toBe('checksum')
    if (crc.fault.kind === 'checksum') {
      expect(crc.fault.stored).toBe(sample.subarray(-8).toString('hex'))
      expect(crc.fault.computed).toMatch(/^[0-9a-f]{16}$/)
      expect(crc.fault.computed).not.toBe(crc.fault.stored)
    }
    await expect(scan(version)).rejects.toThrow(
      /^the RDB from Redis is not whole: its version "00x0" is not an RDB version; no snapshot was made$/
    )
  })

  it('accepts a zero checksum as "disabled"', async () => {
    const facts = await scan(rdb([select(0), resize(1, 0), stringKey('a', 'b')], false))
    expect(facts.checksum).toBe('disabled')
    expect(facts.dbs).toEqual({ '0': { keys: 1, keysWithTtl: 0 } })
  })

  it('falls back on RESIZEDB and the end check for a value type it does not know', async () => {
    const unknown = rdb([
      select(0),
      resize(7, 2),
      stringKey('a', 'b'),
      Buffer.concat([b(99), str('future'), b(1, 2, 3, 4, 5)])
    ])
    const facts = await scan(unknown, 4)
    expect(facts.keyCountsFrom).toBe('resizedb')
    expect(facts.dbs).toEqual({ '0': { keys: 7, keysWithTtl: 2 } })
    expect(facts.checksum).toBe('verified')
    expect(facts.note).toMatch(/value type 99 is not known/)
    await expect(scan(unknown.subarray(0, unknown.length - 2))).rejects.toThrow(/truncated/)
    const bad = Buffer.from(unknown)
    bad[bad.length - 12] ^= 1
    await expect(scan(bad)).rejects.toThrow(/CRC-64/)
  })
})

describe('RdbScanner: bytes after the EOF opcode and checksum (issue 15)', () => {
  const extra = Buffer.from('garbage after EOF') // 17 bytes, as a copy tool may leave
  const padded = Buffer.concat([sample, extra])

  it('are an error by default (the SYNC stream), whatever the chunking, and counted', async () => {
    for (const chunk of [1, 5, sample.length - 3, sample.length, padded.length]) {
      await expect(scan(padded, chunk)).rejects.toThrow(
        /^the RDB from Redis is not whole: \d+ more bytes follow its EOF opcode and checksum; no snapshot was made$/
      )
    }
    // Where the stream ends with them in the chunk that closes the RDB, the count is all of them.
    await expect(scan(padded)).rejects.toThrow(/: 17 more bytes follow/)
  })

  it("are a fact with trailing: 'report', whatever the chunking: the CRC-64 still checked up to the EOF opcode", async () => {
    for (const chunk of [1, 3, 7, 8, 9, 16, sample.length - 8, sample.length, padded.length]) {
      const facts = await scan(padded, chunk, null, { trailing: 'report' })
      expect(facts).toMatchObject({
        trailingBytes: 17,
        checksum: 'verified',
        bytes: padded.length,
        keyCountsFrom: 'keys',
        dbs: { '0': { keys: 3, keysWithTtl: 1 }, '2': { keys: 2, keysWithTtl: 0 } }
      })
    }
    // None: no trailingBytes at all, the facts as without the option.
    expect(await scan(sample, 5, null, { trailing: 'report' })).toEqual(await scan(sample, 5))
    // A bad CRC-64 is still corrupt with bytes after it.
    const flipped = Buffer.from(padded)
    flipped[30] ^= 0x20
    await expect(scan(flipped, 4, backupRdbError, { trailing: 'report' })).rejects.toThrow(
      /its CRC-64 is [0-9a-f]{16} but the bytes give [0-9a-f]{16} \(corrupt\)/
    )
    // A stored checksum damaged in place, bytes after it: corrupt, not trailing.
    const badSum = Buffer.from(padded)
    badSum[sample.length - 1] ^= 1
    await expect(scan(badSum, 7, backupRdbError, { trailing: 'report' })).rejects.toThrow(
      /\(corrupt\)/
    )
  })

  it('are refused after a checksum that is off: nothing proves where the RDB ends', async () => {
    const off = Buffer.concat([rdb([select(0), stringKey('a', 'b')], false), extra])
    await expect(scan(off, 3, backupRdbError, { trailing: 'report' })).rejects.toThrow(
      /17 more bytes follow its EOF opcode, and its checksum is off: nothing proves where the RDB ends/
    )
  })

  it('with a number (what a manifest records), exactly that many are accepted', async () => {
    for (const chunk of [1, 6, padded.length]) {
      expect((await scan(padded, chunk, null, { trailing: 17 })).trailingBytes).toBe(17)
    }
    await expect(
      scan(Buffer.concat([padded, b(0)]), 4, restoreRdbError, { trailing: 17 })
    ).rejects.toThrow(
      /^redis\.rdb is not whole: 18 more bytes follow its EOF opcode and checksum, where the manifest records 17$/
    )
    await expect(scan(sample, 4, restoreRdbError, { trailing: 17 })).rejects.toThrow(
      /0 more bytes follow .*, where the manifest records 17$/
    )
    expect(
      await scan(Buffer.concat([sample, b(0, 0)]), 1, null, { trailing: 3 }).catch((e) => e)
    ).toMatchObject({ fault: { kind: 'trailing', extra: 2, expected: 3 } })
    // 0 recorded: none accepted, as by default.
    await expect(scan(padded, 4, backupRdbError, { trailing: 0 })).rejects.toThrow(
      /17 more bytes follow .*, where the manifest records 0/
    )
  })
})

describe('RdbScanner entries (for restore)', () => {
  const lzf = b(0x00, 0x61, 0xe0, 0x00, 0x00) // 'a', then a back reference of 9: "a" x 10
  const hashBody = Buffer.concat([b(2), str('f1'), str('v1'), str('f2'), b(0xc0, 7)])
  const expireAt = Date.now() + 60_000
  const file = rdb([
    aux('redis-ver', '7.0.15'),
    select(0),
    stringKey('plain', 'value'),
    expireMs(expireAt),
    Buffer.concat([b(0x04), str('hash'), hashBody]), // HASH with an int-encoded value
    Buffer.concat([b(0x00), b(0xc1, 0x39, 0x30), str('int key')]), // key 12345, int-encoded
    select(3),
    Buffer.concat([b(0x00), b(0xc3, lzf.length, 10), lzf, str('lzf key')]),
    Buffer.concat([b(0xf5), str('#!lua name=lib\n...')])
  ])

  it('hands over each key with its raw value bytes and expiry, whatever the chunking', async () => {
    for (const chunk of [1, 2, 5, file.length]) {
      const entries: Array<{ db: number; type: number; key: string; value: string; at?: number }> =
        []
      const functions: string[] = []
      const scanner = new RdbScanner({
        onEntry: (e) =>
          entries.push({
            db: e.db,
            type: e.type,
            key: e.key.toString('latin1'),
            value: e.value.toString('hex'),
            ...(e.expireAtMs !== undefined ? { at: e.expireAtMs } : {})
          }),
        onFunction: (raw) => functions.push(raw.toString('hex'))
      })
      const parts: Buffer[] = []
      for (let i = 0; i < file.length; i += chunk) parts.push(file.subarray(i, i + chunk))
      await pipeline(
        Readable.from(parts),
        scanner,
        new Writable({ write: (_c, _e, done) => done() })
      )
      expect(entries).toEqual([
        { db: 0, type: 0, key: 'plain', value: str('value').toString('hex') },
        { db: 0, type: 4, key: 'hash', value: hashBody.toString('hex'), at: expireAt },
        { db: 0, type: 0, key: '12345', value: str('int key').toString('hex') },
        { db: 3, type: 0, key: 'aaaaaaaaaa', value: str('lzf key').toString('hex') }
      ])
      expect(functions).toEqual([str('#!lua name=lib\n...').toString('hex')])
      expect(scanner.facts().dbs).toEqual({
        '0': { keys: 3, keysWithTtl: 1 },
        '3': { keys: 1, keysWithTtl: 0 }
      })
    }
  })

  it('says "redis.rdb", not "no snapshot was made", when reading for a restore', async () => {
    const scanner = new RdbScanner({ explain: restoreRdbError, onEntry: () => undefined })
    await expect(
      pipeline(
        Readable.from([file.subarray(0, file.length - 3)]),
        scanner,
        new Writable({ write: (_c, _e, done) => done() })
      )
    ).rejects.toThrow(/^redis\.rdb is not whole: .*\(truncated\)$/)
  })

  it('lzfDecompress refuses a back reference before the start', () => {
    expect(lzfDecompress(b(0x20, 0x05), 3)).toBeUndefined()
    expect(lzfDecompress(lzf, 10)?.toString()).toBe('a'.repeat(10))
  })
})
