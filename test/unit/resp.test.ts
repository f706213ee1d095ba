import { describe, expect, it } from '@jest/globals'
import {
  CommandReader,
  RespError,
  RespSyntaxError,
  encodeCommands,
  parseCommand,
  parseReply
} from '../../src/sources/redis/resp.js'

// The one RESP parser: replies for the client (any type), command streams for the restore of a
// logical dump (arrays of bulk strings only), both fed in pieces.

const buf = (s: string) => Buffer.from(s, 'latin1')

describe('parseReply', () => {
  it('parses every RESP2 type and says where the next reply begins', () => {
    const all = buf('+OK\r\n-ERR no\r\n:42\r\n$3\r\nabc\r\n$-1\r\n*2\r\n$1\r\nx\r\n:1\r\n*-1\r\n')
    const values: unknown[] = []
    let at = 0
    while (at < all.length) {
      const parsed = parseReply(all, at)
      if ('need' in parsed) throw new Error(`stopped at ${at}`)
      values.push(parsed.value)
      at = parsed.next
    }
    expect(values[0]).toBe('OK')
    expect(values[1]).toBeInstanceOf(RespError)
    expect((values[1] as RespError).code).toBe('ERR')
    expect(values.slice(2)).toEqual([42, buf('abc'), null, [buf('x'), 1], null])
  })

  it('says how many bytes a reply still needs, nested ones included', () => {
    expect(parseReply(buf('$10\r\nabc'), 0)).toEqual({ need: 17 })
    expect(parseReply(buf('*2\r\n$1\r\nx\r\n$5\r\nab'), 0)).toEqual({ need: 22 })
    expect(parseReply(buf('+OK'), 0)).toEqual({ need: 4 })
    expect(parseReply(buf(''), 0)).toEqual({ need: 1 })
  })

  it('refuses a type byte RESP2 does not have', () => {
    expect(() => parseReply(buf('+OK\r\n?x\r\n'), 5)).toThrow(
      new RespSyntaxError('unexpected byte 0x3f in a reply', 5)
    )
  })
})

describe('parseCommand and CommandReader', () => {
  const commands = encodeCommands([
    ['SELECT', '1'],
    ['RESTORE', 'k', '0', Buffer.from([0, 1, 0xff, 13, 10]), 'REPLACE']
  ])

  it('reads what encodeCommands wrote, whatever the chunking', () => {
    for (const size of [1, 2, 7, commands.length]) {
      const reader = new CommandReader()
      const out: string[][] = []
      for (let i = 0; i < commands.length; i += size) {
        for (const args of reader.push(commands.subarray(i, i + size))) {
          out.push(args.map((a) => a.toString('hex')))
        }
      }
      expect(out).toEqual([
        [buf('SELECT').toString('hex'), buf('1').toString('hex')],
        ['RESTORE', 'k', '0']
          .map((a) => buf(a).toString('hex'))
          .concat(['0001ff0d0a', buf('REPLACE').toString('hex')])
      ])
      expect(reader.idle).toBe(true)
      expect(reader.offset).toBe(commands.length)
    }
  })

  it('is stricter than a reply: arrays of bulk strings, lengths in digits, short headers', () => {
    expect(() => parseCommand(buf('+OK\r\n'), 0)).toThrow(RespSyntaxError)
    expect(() => parseCommand(buf('*1\r\n:1\r\n'), 0)).toThrow(expect.objectContaining({ at: 4 }))
    expect(() => parseCommand(buf('*1\r\n$x\r\n'), 0)).toThrow(expect.objectContaining({ at: 4 }))
    expect(() => parseCommand(buf('*0\r\n'), 0)).toThrow(expect.objectContaining({ at: 0 }))
    expect(() => parseCommand(buf('*' + '1'.repeat(70)), 0)).toThrow(RespSyntaxError)
    expect(parseCommand(buf('*' + '1'.repeat(20)), 0)).toEqual({ need: 22 })
  })

  it('reports the offset in the stream, not in its buffer', () => {
    const reader = new CommandReader()
    reader.push(commands)
    expect(() => reader.push(buf('*1\r\n$1\r\nx\r\n!'))).toThrow(
      expect.objectContaining({ at: commands.length + 11 })
    )
  })
})
