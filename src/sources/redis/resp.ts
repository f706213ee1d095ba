// RESP2, the Redis protocol, and its one parser: commands encoded for the wire; replies parsed
// as they come (RespConnection); command streams parsed back (the logical dump, on restore). A
// parse says what it got or how many bytes it still needs; bytes that are not RESP throw a
// RespSyntaxError with their offset, for the caller to word.

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
const PLUS = 0x2b
const MINUS = 0x2d
const COLON = 0x3a
const DOLLAR = 0x24
const STAR = 0x2a
/** A command's header line (`*<count>` or `$<length>`) is never longer. */
const MAX_HEADER = 64

/** Bytes that are not RESP, at `at` (an offset in the buffer parsed, or in a CommandReader's stream). */
export class RespSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number
  ) {
    super(message)
    this.name = 'RespSyntaxError'
  }
}

/**
 * What parsing at an offset gives: the value and where the next one begins, or how many bytes
 * (counted from the buffer's start) must be there before it can be whole.
 */
export type Parsed<T> = { value: T; next: number } | { need: number }

/** One reply, of any RESP2 type, at offset (RespConnection). */
export function parseReply(buf: Buffer, offset: number): Parsed<Reply> {
  if (offset >= buf.length) return { need: offset + 1 }
  const end = buf.indexOf(CRLF, offset)
  if (end === -1) return { need: buf.length + 1 }
  const type = buf[offset]
  const line = buf.toString('utf8', offset + 1, end)
  const next = end + 2
  switch (type) {
    case PLUS:
      return { value: line, next }
    case MINUS:
      return { value: new RespError(line), next }
    case COLON:
      return { value: Number(line), next }
    case DOLLAR: {
      const n = Number(line)
      if (n < 0) return { value: null, next }
      return bulk(buf, next, n)
    }
    case STAR: {
      const n = Number(line)
      if (n < 0) return { value: null, next }
      const items: Reply[] = []
      let at = next
      for (let i = 0; i < n; i++) {
        const item = parseReply(buf, at)
        if ('need' in item) return item
        items.push(item.value)
        at = item.next
      }
      return { value: items, next: at }
    }
    default:
      throw new RespSyntaxError(`unexpected byte 0x${type.toString(16)} in a reply`, offset)
  }
}

/**
 * One command at offset, as a command stream holds it (the logical dump, `redis-cli --pipe`'s
 * input): a non-empty array of bulk strings. Stricter than a reply: lengths are digits, header
 * lines short, so a file that is not RESP fails where it stops being RESP.
 */
export function parseCommand(buf: Buffer, start: number): Parsed<Buffer[]> {
  if (start >= buf.length) return { need: start + 1 }
  if (buf[start] !== STAR) notACommand(start)
  const count = lengthLine(buf, start)
  if (!count) return { need: buf.length + 1 }
  let at = count.next
  const args: Buffer[] = []
  for (let i = 0; i < count.value; i++) {
    if (at >= buf.length) return { need: at + 1 }
    if (buf[at] !== DOLLAR) notACommand(at)
    const len = lengthLine(buf, at)
    if (!len) return { need: buf.length + 1 }
    const arg = bulk(buf, len.next, len.value)
    if ('need' in arg) return arg
    args.push(arg.value)
    at = arg.next
  }
  if (count.value === 0) notACommand(start)
  return { value: args, next: at }
}

/** A bulk string's `n` bytes from `start`, then CRLF. */
function bulk(buf: Buffer, start: number, n: number): Parsed<Buffer> {
  const end = start + n
  if (buf.length < end + 2) return { need: end + 2 }
  return { value: buf.subarray(start, end), next: end + 2 }
}

/** A command header's length (digits only) and where its line ends; undefined before its CRLF. */
function lengthLine(buf: Buffer, at: number): { value: number; next: number } | undefined {
  const end = buf.indexOf(CRLF, at)
  if (end === -1) {
    if (buf.length - at > MAX_HEADER) notACommand(at)
    return undefined
  }
  const text = buf.toString('latin1', at + 1, end)
  if (!/^\d+$/.test(text)) notACommand(at)
  return { value: Number(text), next: end + 2 }
}

function notACommand(at: number): never {
  throw new RespSyntaxError('not a RESP command', at)
}

/**
 * Splits a stream of RESP commands into their arguments, chunk by chunk, buffering only what the
 * next command still needs. Throws RespSyntaxError with the offset in the stream.
 */
export class CommandReader {
  private buf: Buffer = Buffer.alloc(0)
  private pending: Buffer[] = []
  private pendingBytes = 0
  /** Bytes that must be buffered before the next command can be whole. */
  private need = 1
  /** Bytes of the stream before `buf`. */
  offset = 0

  get idle(): boolean {
    return this.buf.length === 0 && this.pendingBytes === 0
  }

  push(chunk: Buffer): Buffer[][] {
    this.pending.push(chunk)
    this.pendingBytes += chunk.length
    if (this.buf.length + this.pendingBytes < this.need) return []
    this.buf = Buffer.concat([this.buf, ...this.pending])
    this.pending = []
    this.pendingBytes = 0
    const out: Buffer[][] = []
    let at = 0
    try {
      for (;;) {
        const parsed = parseCommand(this.buf, at)
        if ('need' in parsed) {
          this.need = parsed.need - at
          break
        }
        out.push(parsed.value)
        at = parsed.next
      }
    } catch (error) {
      if (error instanceof RespSyntaxError) {
        throw new RespSyntaxError(error.message, this.offset + error.at)
      }
      throw error
    }
    this.offset += at
    this.buf = this.buf.subarray(at)
    return out
  }
}
