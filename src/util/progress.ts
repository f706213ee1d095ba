import { formatBytes, formatSeconds } from './format.js'

/**
 * A long write's progress line: what passed, how fast, and, where the source gave a size
 * estimate (pg_database_size, the uploads walk), of how much, the percent and the time left.
 * An estimate is only an estimate: past it, the line says so rather than count down below zero.
 */
export function progressLine(
  name: string,
  done: number,
  stored: number,
  seconds: number,
  estimate?: number
): string {
  const rate = seconds > 0 ? done / seconds : 0
  const speed = `${formatBytes(rate)}/s`
  const tail = `${formatBytes(stored)} stored, ${formatSeconds(seconds)}`
  if (!estimate || estimate <= 0) return `${name}: ${formatBytes(done)} read (${speed}), ${tail}`
  if (done >= estimate) {
    return `${name}: ${formatBytes(done)} read, past the estimate of ${formatBytes(estimate)} (${speed}), ${tail}`
  }
  const percent = Math.floor((done / estimate) * 100)
  const eta = rate > 0 ? `, about ${formatSeconds((estimate - done) / rate)} left` : ''
  return `${name}: ${formatBytes(done)} of ~${formatBytes(estimate)} read (${percent}%, ${speed}${eta}), ${tail}`
}
