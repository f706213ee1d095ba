/** LZF (liblzf, as Redis uses it) into exactly `size` bytes; undefined when the data is bad. */
export function lzfDecompress(input: Buffer, size: number): Buffer | undefined {
  const out = Buffer.allocUnsafe(size)
  let i = 0
  let o = 0
  while (i < input.length) {
    const ctrl = input[i++]
    if (ctrl < 32) {
      const n = ctrl + 1
      if (o + n > size || i + n > input.length) return undefined
      input.copy(out, o, i, i + n)
      i += n
      o += n
    } else {
      let n = ctrl >> 5
      if (n === 7) {
        if (i >= input.length) return undefined
        n += input[i++]
      }
      if (i >= input.length) return undefined
      const ref = o - ((ctrl & 0x1f) << 8) - input[i++] - 1
      n += 2
      if (ref < 0 || o + n > size) return undefined
      for (let k = 0; k < n; k++) out[o++] = out[ref + k]
    }
  }
  return o === size ? out : undefined
}
