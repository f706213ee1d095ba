import { Crc64 } from './crc64.js'

// The payload DUMP gives and RESTORE takes, built from a key's bytes as the RDB holds them.

/** The payload DUMP gives and RESTORE takes: type byte, value, RDB version, CRC-64. */
export function dumpPayload(type: number, value: Buffer, rdbVersion: number): Buffer {
  const body = Buffer.allocUnsafe(1 + value.length)
  body[0] = type
  value.copy(body, 1)
  return withFooter(body, rdbVersion)
}

export function withFooter(body: Buffer, rdbVersion: number): Buffer {
  const out = Buffer.allocUnsafe(body.length + 10)
  body.copy(out, 0)
  out.writeUInt16LE(rdbVersion, body.length)
  const crc = new Crc64()
  crc.update(out, 0, body.length + 2)
  crc.digestLE().copy(out, body.length + 2)
  return out
}
