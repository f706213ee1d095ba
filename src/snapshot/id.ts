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
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`)
  return Number.isNaN(date.getTime()) || snapshotIdFor(date) !== id ? undefined : date
}

export function isSnapshotId(id: string): boolean {
  return parseSnapshotId(id) !== undefined
}
