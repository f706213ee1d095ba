// RESP2, the Redis protocol, both ways: commands encoded for the wire, and replies parsed as they
// come (RespConnection), up to the bytes a reply still needs.

export type Reply = string | number | Buffer | null | RespError | Reply[]
export type Arg = string | Buffer

/** An error reply from the server (-ERR ..., -NOPERM ..., -WRONGPASS ...). */
export class RespError extends Error {
  readonly code: string
  constructor(message: string) {
    super(message)
    this.name = 'RespError'
    this.code = message.split(' ')[0]
  }
}

/** One command as RESP: an array of bulk strings. */
export function encodeCommand(args: Arg[]): Buffer {
  return encodeCommands([args])
}

/** Several commands in one buffer, sized first and written once. */
export function encodeCommands(commands: Arg[][]): Buffer {
  let size = 0
  const lengths = commands.map((args) => {
    const lens = args.map((a) => (typeof a === 'string' ? Buffer.byteLength(a) : a.length))
    size += 3 + String(args.length).length
    for (const n of lens) size += 5 + String(n).length + n
    return lens
  })
  const out = Buffer.allocUnsafe(size)
  let at = 0
  commands.forEach((args, c) => {
    at += out.write(`*${args.length}\r\n`, at, 'latin1')
    args.forEach((arg, i) => {
      at += out.write(`$${lengths[c][i]}\r\n`, at, 'latin1')
      at += typeof arg === 'string' ? out.write(arg, at, 'utf8') : arg.copy(out, at)
      out[at++] = 0x0d
      out[at++] = 0x0a
    })
  })
  return out
}

const CRLF = Buffer.from('\r\n')

/** Parse one reply at offset; undefined when the bytes are not all here yet. */
export function parseReply(
  buf: Buffer,
  offset: number
): { value: Reply; next: number } | undefined {
  if (offset >= buf.length) return undefined
  const end = buf.indexOf(CRLF, offset)
  if (end === -1) return undefined
  const type = buf[offset]
  const line = buf.toString('utf8', offset + 1, end)
  const next = end + 2
  switch (type) {
    case 0x2b: // +
      return { value: line, next }
    case 0x2d: // -
      return { value: new RespError(line), next }
    case 0x3a: // :
      return { value: Number(line), next }
    case 0x24: {
      // $
      const n = Number(line)
      if (n < 0) return { value: null, next }
      if (buf.length < next + n + 2) return undefined
      return { value: buf.subarray(next, next + n), next: next + n + 2 }
    }
    case 0x2a: {
      // *
      const n = Number(line)
      if (n < 0) return { value: null, next }
      const items: Reply[] = []
      let at = next
      for (let i = 0; i < n; i++) {
        const item = parseReply(buf, at)
        if (!item) return undefined
        items.push(item.value)
        at = item.next
      }
      return { value: items, next: at }
    }
    default:
      throw new ProtocolError(`unexpected byte 0x${type.toString(16)} in a reply`)
  }
}

class ProtocolError extends Error {}

/** How many bytes must be buffered before parsing the reply at offset can succeed. */
export function bytesNeeded(buf: Buffer, offset: number): number {
  const end = buf.indexOf(CRLF, offset)
  if (end !== -1 && buf[offset] === 0x24) {
    const n = Number(buf.toString('latin1', offset + 1, end))
    if (n > 0) return end + 2 + n + 2
  }
  return buf.length + 1
}
