import type { RdbDamage } from './rdb/facts.js'

// What is wrong with an RDB that is not whole, in the words both its readers use: the backup's
// SYNC stream (sync.ts) and the restore (replay.ts), each around its own sentence.

export function describeRdbDamage(damage: RdbDamage): string {
  const fault = damage.fault
  switch (fault.kind) {
    case 'magic':
      return `it starts with ${JSON.stringify(fault.found)}, not REDIS or VALKEY`
    case 'version':
      return `its version "${fault.found}" is not an RDB version`
    case 'trailing':
      if (fault.expected !== undefined) {
        return `${fault.extra} more bytes follow its EOF opcode and checksum, where the manifest records ${fault.expected}`
      }
      if (fault.unverified) {
        return `${fault.extra} more bytes follow its EOF opcode, and its checksum is off: nothing proves where the RDB ends`
      }
      return `${fault.extra} more bytes follow its EOF opcode and checksum`
    case 'checksum':
      return `its CRC-64 is ${fault.stored} but the bytes give ${fault.computed} (corrupt)`
    case 'truncated':
      return `it stops after ${damage.bytes} bytes, in the middle of ${fault.inside} (truncated)`
    case 'no-eof':
      return `it stops after ${damage.bytes} bytes without the EOF opcode (truncated)`
  }
}
