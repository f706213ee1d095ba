// EventBridge's pattern matching for the small subset the Terraform module's rules may use
// (no matcher exists on npm): exact values, `anything-but` (a value or a list), `prefix` and
// `exists`. As EventBridge does: every field the pattern names must match; a field the pattern
// names must be present, except for `exists: false`; an array in the event matches when any of
// its elements does; several values in a pattern's list are alternatives.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Matcher = string | number | boolean | null | { [op: string]: Json }

const OPERATORS = ['anything-but', 'prefix', 'exists'] as const

/** What in a pattern lies outside the subset (empty: the pattern may be used). */
export function subsetProblems(pattern: unknown, where = ''): string[] {
  if (!pattern || typeof pattern !== 'object' || Array.isArray(pattern)) {
    return [`${where || 'the pattern'}: not an object`]
  }
  const problems: string[] = []
  for (const [key, value] of Object.entries(pattern)) {
    const at = where ? `${where}.${key}` : key
    if (key.startsWith('$')) problems.push(`${at}: ${key} is not in the subset`)
    else if (Array.isArray(value)) {
      if (value.length === 0) problems.push(`${at}: an empty list matches nothing`)
      for (const m of value) problems.push(...matcherProblems(m as Json, at))
    } else if (value && typeof value === 'object') problems.push(...subsetProblems(value, at))
    else problems.push(`${at}: a leaf must be a list of matchers`)
  }
  return problems
}

function matcherProblems(m: Json, at: string): string[] {
  if (m === null || typeof m !== 'object') return []
  if (Array.isArray(m)) return [`${at}: a nested list`]
  const ops = Object.keys(m)
  if (ops.length !== 1) return [`${at}: a matcher must have exactly one operator`]
  const [op] = ops
  const v = m[op]
  if (!(OPERATORS as readonly string[]).includes(op)) return [`${at}: "${op}" is not in the subset`]
  if (op === 'exists' && typeof v !== 'boolean') return [`${at}: exists takes true or false`]
  if (op === 'prefix' && typeof v !== 'string') return [`${at}: prefix takes a string`]
  if (op === 'anything-but') {
    const list = Array.isArray(v) ? v : [v]
    if (list.some((x) => x !== null && typeof x === 'object')) {
      return [`${at}: anything-but takes values only (its prefix form is not in the subset)`]
    }
  }
  return []
}

function leafMatches(matcher: Matcher, value: Json | undefined): boolean {
  if (matcher !== null && typeof matcher === 'object') {
    const [op, arg] = Object.entries(matcher)[0]
    if (op === 'exists') return arg === (value !== undefined)
    if (value === undefined) return false
    const values = Array.isArray(value) ? value : [value]
    if (op === 'prefix')
      return values.some((v) => typeof v === 'string' && v.startsWith(arg as string))
    if (op === 'anything-but') {
      const excluded = Array.isArray(arg) ? arg : [arg]
      return values.every((v) => !excluded.some((x) => x === v))
    }
    throw new Error(`operator ${op} is not in the subset`)
  }
  if (value === undefined) return false
  return (Array.isArray(value) ? value : [value]).some((v) => v === matcher)
}

export function matches(pattern: Record<string, unknown>, event: unknown): boolean {
  const e = (event ?? {}) as Record<string, Json>
  for (const [key, want] of Object.entries(pattern)) {
    const have = e[key]
    if (Array.isArray(want)) {
      if (!(want as Matcher[]).some((m) => leafMatches(m, have))) return false
    } else {
      if (have === null || typeof have !== 'object' || Array.isArray(have)) return false
      if (!matches(want as Record<string, unknown>, have)) return false
    }
  }
  return true
}
