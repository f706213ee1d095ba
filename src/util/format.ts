export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '?'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let n = bytes
  let u = 0
  while (n >= 1000 && u < units.length - 1) {
    n /= 1000
    u++
  }
  return `${u === 0 ? n : n.toFixed(1)} ${units[u]}`
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const m = Math.floor(seconds / 60)
  return `${m} min ${Math.round(seconds - m * 60)} s`
}

/** A measurement rounded for the manifest and the logs: `digits` decimals (3, a millisecond). */
export function round(n: number, digits = 3): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

/** How old something is, for people: minutes, hours, then days. */
export function formatAge(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`
  if (hours < 48) return `${hours.toFixed(1)} h`
  return `${(hours / 24).toFixed(1)} days`
}

/** An age for a table column, at a glance: whole hours, then whole days. */
export function tableAge(from: Date, now: Date): string {
  const ms = now.getTime() - from.getTime()
  if (ms < 0) return 'in the future'
  const hours = ms / 3_600_000
  if (hours < 48) return `${Math.floor(hours)} h`
  return `${Math.floor(hours / 24)} d`
}
