// CRC-64-Jones as Redis computes it for RDB files (src/crc64.c): reflected polynomial
// 0xad93d23594c935a9, initial value 0, no final xor. Check value: crc64("123456789") is
// 0xe9c6d914c4b8d9ca. Kept as two 32-bit halves so it runs without BigInt in the byte loop.

const REFLECTED_HI = 0x95ac9329
const REFLECTED_LO = 0xac4bc9b5

// Slice-by-8: table k gives the CRC of a byte followed by k zero bytes, so eight bytes are folded
// in per step. TABLE_HI/LO[k * 256 + i].
const TABLE_HI = new Uint32Array(8 * 256)
const TABLE_LO = new Uint32Array(8 * 256)
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
for (let k = 1; k < 8; k++) {
  for (let i = 0; i < 256; i++) {
    const hi = TABLE_HI[(k - 1) * 256 + i]
    const lo = TABLE_LO[(k - 1) * 256 + i]
    const index = lo & 0xff
    TABLE_LO[k * 256 + i] = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index]) >>> 0
    TABLE_HI[k * 256 + i] = ((hi >>> 8) ^ TABLE_HI[index]) >>> 0
  }
}

export class Crc64 {
  private hi = 0
  private lo = 0

  update(bytes: Uint8Array, start = 0, end = bytes.length): void {
    let hi = this.hi
    let lo = this.lo
    let i = start
    const T = TABLE_LO
    const H = TABLE_HI
    for (; i + 8 <= end; i += 8) {
      const a = lo ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24))
      const b =
        hi ^ (bytes[i + 4] | (bytes[i + 5] << 8) | (bytes[i + 6] << 16) | (bytes[i + 7] << 24))
      const i7 = 7 * 256 + (a & 0xff)
      const i6 = 6 * 256 + ((a >>> 8) & 0xff)
      const i5 = 5 * 256 + ((a >>> 16) & 0xff)
      const i4 = 4 * 256 + (a >>> 24)
      const i3 = 3 * 256 + (b & 0xff)
      const i2 = 2 * 256 + ((b >>> 8) & 0xff)
      const i1 = 256 + ((b >>> 16) & 0xff)
      const i0 = b >>> 24
      lo = (T[i7] ^ T[i6] ^ T[i5] ^ T[i4] ^ T[i3] ^ T[i2] ^ T[i1] ^ T[i0]) >>> 0
      hi = (H[i7] ^ H[i6] ^ H[i5] ^ H[i4] ^ H[i3] ^ H[i2] ^ H[i1] ^ H[i0]) >>> 0
    }
    for (; i < end; i++) {
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
