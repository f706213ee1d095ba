import type { Source } from '../vocabulary.js'

// The old script's backups (DESIGN.md, "Manifest": legacy): `<env>/<timestamp>/` folders (locally
// `backups/<timestamp>/`, no environment level) holding the seed's file names and no manifest.

/** The seed script's file names, and the source each holds. */
export const LEGACY_FILES: Readonly<Record<string, Source>> = {
  'postgres.sql.gz': 'postgres',
  'redis.rdb': 'redis',
  'uploads.tar.gz': 'uploads'
}

const COMPACT = /^(\d{4})(\d{2})(\d{2})-?(\d{2})(\d{2})(\d{2})$/
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/

/**
 * The time a legacy folder's name says, or undefined when it is not one of the old script's
 * formats: `20261125-020000`, `20261125020000`, `2026-11-25`, `2026-11-25T02:00:00Z` (an ISO
 * time with an offset is read with it; without one, and for the other formats, UTC).
 */
export function parseLegacyName(name: string): Date | undefined {
  const m = COMPACT.exec(name) ?? DAY.exec(name)
  if (m) {
    const [y, mo, d, h = '00', mi = '00', s = '00'] = m.slice(1)
    return exact(+y, +mo, +d, +h, +mi, +s, 0)
  }
  const iso = ISO.exec(name)
  if (!iso) return undefined
  const [y, mo, d, h, mi, s = '00', frac = '', zone = 'Z'] = iso.slice(1)
  const local = exact(+y, +mo, +d, +h, +mi, +s, Number(frac.padEnd(3, '0').slice(0, 3)))
  if (!local) return undefined
  if (zone === 'Z') return local
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!
  const minutes = (+z[2] * 60 + +z[3]) * (z[1] === '+' ? 1 : -1)
  if (+z[2] > 14 || +z[3] > 59) return undefined
  return new Date(local.getTime() - minutes * 60_000)
}

/** A UTC instant from its parts, or undefined when a part is out of range (no 2026-02-30). */
function exact(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number) {
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms))
  const ok =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s
  return ok && y >= 1970 ? date : undefined
}

/** The sources a legacy folder holds, from its file names (the seed's names only). */
export function legacySources(names: string[]): Source[] {
  return names.flatMap((n) => (LEGACY_FILES[n] ? [LEGACY_FILES[n]] : []))
}
