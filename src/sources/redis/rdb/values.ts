import { GiveUp } from './facts.js'
import type { RdbReader, Step } from './reader.js'

// The value of each RDB type, skipped in order: what follows a key's type byte and name. A type
// not known here gives up (GiveUp): the scanner then checks the stream by its end.

export function* skipValue(r: RdbReader, type: number, rdbVersion: number): Step {
  switch (type) {
    case 0: // STRING
    case 9: // HASH_ZIPMAP
    case 10: // LIST_ZIPLIST
    case 11: // SET_INTSET
    case 12: // ZSET_ZIPLIST
    case 13: // HASH_ZIPLIST
    case 16: // HASH_LISTPACK
    case 17: // ZSET_LISTPACK
    case 20: // SET_LISTPACK
      yield* r.string()
      return
    case 1: // LIST
    case 2: // SET
    case 14: {
      // LIST_QUICKLIST
      const n = yield* r.length()
      for (let i = 0; i < n; i++) yield* r.string()
      return
    }
    case 3: {
      // ZSET (scores as text)
      const n = yield* r.length()
      for (let i = 0; i < n; i++) {
        yield* r.string()
        const size = yield* r.u8()
        if (size < 253) yield* r.skip(size)
      }
      return
    }
    case 4: {
      // HASH
      const n = yield* r.length()
      for (let i = 0; i < 2 * n; i++) yield* r.string()
      return
    }
    case 22: {
      // HASH_2 (Valkey 9, RDB 80 and up): each field, its value, its expiry (ms, 8 bytes LE; -1
      // for none). Valkey's only: in Redis 7.4's RDB 12, 22 was a pre-release hash of its own.
      if (rdbVersion < 80)
        throw new GiveUp(`value type 22 in RDB version ${rdbVersion} is not known to this parser`)
      const n = yield* r.length()
      for (let i = 0; i < n; i++) {
        yield* r.string()
        yield* r.string()
        yield* r.skip(8)
      }
      return
    }
    case 5: {
      // ZSET_2 (binary double scores)
      const n = yield* r.length()
      for (let i = 0; i < n; i++) {
        yield* r.string()
        yield* r.skip(8)
      }
      return
    }
    case 7: // MODULE_2
      yield* r.length()
      yield* skipModuleValue(r)
      return
    case 18: {
      // LIST_QUICKLIST_2: container kind, then the node
      const n = yield* r.length()
      for (let i = 0; i < n; i++) {
        yield* r.length()
        yield* r.string()
      }
      return
    }
    case 15: // STREAM_LISTPACKS
    case 19: // STREAM_LISTPACKS_2
    case 21: // STREAM_LISTPACKS_3
      yield* skipStream(r, type)
      return
    default:
      throw new GiveUp(`value type ${type} is not known to this parser`)
  }
}

export function* skipModuleValue(r: RdbReader): Step {
  for (;;) {
    const opcode = yield* r.length()
    switch (opcode) {
      case 0: // EOF
        return
      case 1: // SINT
      case 2: // UINT
        yield* r.length()
        break
      case 3: // FLOAT
        yield* r.skip(4)
        break
      case 4: // DOUBLE
        yield* r.skip(8)
        break
      case 5: // STRING
        yield* r.string()
        break
      default:
        throw new GiveUp(`unknown module opcode ${opcode}`)
    }
  }
}

function* skipStream(r: RdbReader, type: number): Step {
  const listpacks = yield* r.length()
  for (let i = 0; i < listpacks; i++) {
    yield* r.string() // master entry id
    yield* r.string() // listpack
  }
  yield* r.length() // items
  yield* r.length() // last id ms
  yield* r.length() // last id seq
  if (type >= 19) {
    for (let i = 0; i < 5; i++) yield* r.length() // first id, max deleted id, entries added
  }
  const groups = yield* r.length()
  for (let g = 0; g < groups; g++) {
    yield* r.string() // name
    yield* r.length() // last id ms
    yield* r.length() // last id seq
    if (type >= 19) yield* r.length() // entries read
    const pel = yield* r.length()
    for (let i = 0; i < pel; i++) {
      yield* r.skip(16) // id
      yield* r.skip(8) // delivery time
      yield* r.length() // delivery count
    }
    const consumers = yield* r.length()
    for (let c = 0; c < consumers; c++) {
      yield* r.string() // name
      yield* r.skip(type >= 21 ? 16 : 8) // seen time (and active time)
      const owned = yield* r.length()
      yield* r.skip(16 * owned)
    }
  }
}
