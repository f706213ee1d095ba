// CRC-64-Jones as Redis computes it for RDB files (src/crc64.c): reflected polynomial
// 0xad93d23594c935a9, initial value 0, no final xor. Check value: crc64("123456789") is
// 0xe9c6d914c4b8d9ca. Kept as two 32-bit halves so it runs without BigInt in the byte loop.

const REFLECTED_HI = 0x95ac9329
const REFLECTED_LO = 0xac4bc9b5

const TABLE_HI = new Uint32Array(256)
const TABLE_LO = new Uint32Array(256)
for (let i = 0; i < 256; i++) {
  let hi = 0
  let lo = i
  for (let bit = 0; bit < 8; bit++) {
    const odd = lo & 1
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0
    hi = hi >>> 1
    if (odd) {
      hi = (hi ^ REFLECTED_HI) >>> 0
      lo = (lo ^ REFLECTED_LO) >>> 0
    }
  }
  TABLE_HI[i] = hi
  TABLE_LO[i] = lo
}

export class Crc64 {
  private hi = 0
  private lo = 0

  update(bytes: Uint8Array, start = 0, end = bytes.length): void {
    let hi = this.hi
    let lo = this.lo
    for (let i = start; i < end; i++) {
      const index = (lo ^ bytes[i]) & 0xff
      lo = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index]) >>> 0
      hi = ((hi >>> 8) ^ TABLE_HI[index]) >>> 0
    }
    this.hi = hi
    this.lo = lo
  }

  /** The checksum as Redis stores it after the EOF opcode: 8 bytes, little-endian. */
  digestLE(): Buffer {
    const out = Buffer.alloc(8)
    out.writeUInt32LE(this.lo, 0)
    out.writeUInt32LE(this.hi, 4)
    return out
  }

  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0')
  }
}
