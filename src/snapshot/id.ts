// Snapshot ids are the UTC start time, YYYY-MM-DDTHH-MM-SSZ: sortable as text and safe in every
// file system and S3 key (DESIGN.md, "Snapshot layout").
const ID = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})Z$/

export function snapshotIdFor(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-')
}

/** The start time an id names, or undefined when the name is not a snapshot id. */
export function parseSnapshotId(id: string): Date | undefined {
  const m = ID.exec(id)
  if (!m) return undefined
  const [year, month, day, hour, minute, second] = [+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]]
  // setUTCFullYear, not Date.UTC, which reads years 0..99 as 1900..1999. Out-of-range fields
  // (month 13, 30 February, hour 24, second 60) roll over, so the read-back below differs: the
  // name is an id only when it is the one snapshotIdFor writes for that instant (this is that
  // check, without formatting and comparing a string: prune parses every id of a listing).
  const date = new Date(0)
  date.setUTCFullYear(year, month, day)
  date.setUTCHours(hour, minute, second, 0)
  const exact =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  return exact ? date : undefined
}

export function isSnapshotId(id: string): boolean {
  return parseSnapshotId(id) !== undefined
}
