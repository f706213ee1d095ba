// The policy's calendar arithmetic (policy.ts's header defines the words): UTC, no clock.

const DAY_MS = 24 * 60 * 60 * 1000

/** `months` calendar months before `date`, clamped to the month's last day (see the header). */
export function monthsBefore(date: Date, months: number): Date {
  const year = date.getUTCFullYear()
  const month = date.getUTCMonth() - months
  // setUTCFullYear normalizes a month outside 0..11 into the right year (Date.UTC would too, but
  // reads years 0..99 as 1900..1999); day 0 is the previous month's last day.
  const lastDay = new Date(0)
  lastDay.setUTCFullYear(year, month + 1, 0)
  const at = new Date(date.getTime())
  if (date.getUTCDate() > lastDay.getUTCDate()) {
    // The day does not exist in that month: the month's end, the first instant of the next one.
    at.setUTCFullYear(year, month + 1, 1)
    at.setUTCHours(0, 0, 0, 0)
  } else {
    at.setUTCFullYear(year, month, date.getUTCDate())
  }
  return at
}

/** `days` days of 24 hours before `date`. */
export function daysBefore(date: Date, days: number): Date {
  return new Date(date.getTime() - days * DAY_MS)
}

/**
 * The fewest days any span of `months` consecutive calendar months can hold (28 for one month,
 * 59 for two, 365 for twelve): a daily window longer than this would, on some day of the
 * year, reach past the hard limit. Computed over the 400-year Gregorian cycle, which holds
 * every pattern of month lengths there is.
 */
export function shortestMonthsSpanDays(months: number): number {
  const cached = shortestSpanCache.get(months)
  if (cached !== undefined) return cached
  const cycle = 400 * 12
  const lengths: number[] = []
  for (let i = 0; i < cycle + months; i++) {
    const last = new Date(0)
    last.setUTCFullYear(2000, i + 1, 0)
    lengths.push(last.getUTCDate())
  }
  let sum = 0
  for (let i = 0; i < months; i++) sum += lengths[i]
  let min = sum
  for (let i = months; i < cycle + months; i++) {
    sum += lengths[i] - lengths[i - months]
    min = Math.min(min, sum)
  }
  shortestSpanCache.set(months, min)
  return min
}
const shortestSpanCache = new Map<number, number>()

/** The calendar month of an instant, as YYYY-MM (UTC). */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7)
}
