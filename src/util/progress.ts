import { formatBytes, formatSeconds } from './format.js'

/**
 * What a progress line counts: the bytes read (the default), or keys (Redis: the keys of a
 * diskless RDB or of a logical dump), of a total where the source gives one.
 */
export interface ProgressCount {
  unit: 'bytes' | 'keys'
  done: number
  /** Of how many: pg_database_size, the uploads walk, INFO keyspace; absent or 0: throughput only. */
  total?: number
  /** The total is exact (the RDB length a Redis master announces), not an estimate: no "~". */
  exact?: boolean
}

/** Where the write stands: bytes read from the source, bytes stored, seconds since its start. */
export interface ProgressIo {
  read: number
  stored: number
  seconds: number
}

/**
 * A long write's progress line, the one format for every source: what passed, how fast, and,
 * where the source gave a total, of how much, the percent and the time left. An estimate is only
 * an estimate: past it, the line says so rather than count down below zero; at it, 100%.
 */
export function progressLine(name: string, count: ProgressCount, io: ProgressIo): string {
  const { unit, done, total, exact } = count
  const keys = unit === 'keys'
  const amount = keys ? formatCount : formatBytes
  const noun = keys ? 'keys' : 'read'
  const rate = io.seconds > 0 ? done / io.seconds : 0
  const speed = keys ? `${formatCount(rate)} keys/s` : `${formatBytes(rate)}/s`
  const read = keys ? `${formatBytes(io.read)} read, ` : ''
  const tail = `${read}${formatBytes(io.stored)} stored, ${formatSeconds(io.seconds)}`
  if (!total || total <= 0) return `${name}: ${amount(done)} ${noun} (${speed}), ${tail}`
  if (done > total && !exact) {
    return `${name}: ${amount(done)} ${noun}, past the estimate of ${amount(total)} (${speed}), ${tail}`
  }
  const percent = Math.min(100, Math.floor((done / total) * 100))
  const eta = rate > 0 && done < total ? `, about ${formatSeconds((total - done) / rate)} left` : ''
  const of = `${exact ? '' : '~'}${amount(total)}`
  return `${name}: ${amount(done)} of ${of} ${noun} (${percent}%, ${speed}${eta}), ${tail}`
}

/** A count for people: whole, with thousands separators (1,234,567). */
function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}
