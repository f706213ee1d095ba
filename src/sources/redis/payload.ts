import { Crc64 } from './crc64.js'

// The payloads DUMP and FUNCTION DUMP give (RESTORE and FUNCTION RESTORE take), built from bytes as
// the RDB holds them: a body, then a footer of the RDB version (2 bytes LE) and the CRC-64 of all
// before it (8 bytes LE).

/** The payload DUMP gives and RESTORE takes: type byte, value, RDB version, CRC-64. */
export function dumpPayload(type: number, value: Buffer, rdbVersion: number): Buffer {
  const body = Buffer.allocUnsafe(1 + value.length)
  body[0] = type
  value.copy(body, 1)
  return withFooter(body, rdbVersion)
}

/**
 * The payload FUNCTION DUMP gives and FUNCTION RESTORE takes: each library as its FUNCTION2
 * opcode and code (as the RDB holds them), then the footer.
 */
export function functionPayload(libraries: Buffer[], rdbVersion: number): Buffer {
  const body = Buffer.concat(libraries.flatMap((raw) => [Buffer.from([0xf5]), raw]))
  return withFooter(body, rdbVersion)
}

function withFooter(body: Buffer, rdbVersion: number): Buffer {
  const out = Buffer.allocUnsafe(body.length + 10)
  body.copy(out, 0)
  out.writeUInt16LE(rdbVersion, body.length)
  const crc = new Crc64()
  crc.update(out, 0, body.length + 2)
  crc.digestLE().copy(out, body.length + 2)
  return out
}
