import type { VerifyVerdict } from '../vocabulary.js'

// A snapshot's verdict from its files' outcomes, and in words: verify's summary and report's
// "last verified" say it alike. Pure.

/** verified: all read and good; partial: the archived ones not read; archived: none read. */
export function verdictOf(files: { outcome: 'verified' | 'failed' | 'archived' }[]): VerifyVerdict {
  if (files.some((f) => f.outcome === 'failed')) return 'failed'
  const archived = files.filter((f) => f.outcome === 'archived').length
  if (archived === 0) return 'verified'
  return archived === files.length ? 'archived' : 'partial'
}

/** "verified", "verified except 2 archived files", "not read: all 4 files archived", "FAILED (1 file)". */
export function verdictWords(v: {
  verdict: VerifyVerdict
  archived?: number
  failed?: number
}): string {
  const files = (n = 0, what = '') => `${n} ${what}${n === 1 ? 'file' : 'files'}`
  if (v.verdict === 'failed') return `FAILED (${files(v.failed)})`
  if (v.verdict === 'partial') return `verified except ${files(v.archived, 'archived ')}`
  if (v.verdict === 'archived') return `not read: all ${files(v.archived)} archived`
  return 'verified'
}
