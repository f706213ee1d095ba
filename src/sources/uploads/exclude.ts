import picomatch from 'picomatch'

// uploads-exclude: glob patterns, one a line, matched against each entry's path inside the
// folder (`cache/x.tmp`, without the folder's own name). As in .gitignore: a pattern without a
// '/' matches an entry's name at any depth (`*.tmp`); one with a '/' matches from the folder's
// top (`cache/**`, `/thumbs`). A folder that matches is left out with everything in it.

/** Is this archive path (`uploads/...`) excluded? */
export type Excluded = (rel: string) => boolean

/** The patterns of an uploads-exclude value: one a line, blank lines and `#` comments dropped. */
export function excludePatterns(value: string): string[] {
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

export function excluder(patterns: string[]): Excluded | undefined {
  if (patterns.length === 0) return undefined
  const tests = patterns.map((raw) => {
    const pattern = raw.replace(/^\/+/, '').replace(/\/+$/, '')
    const anchored = raw.startsWith('/') || pattern.includes('/')
    return picomatch(pattern, { dot: true, basename: !anchored })
  })
  return (rel) => {
    const inside = rel.slice(rel.indexOf('/') + 1)
    return rel.includes('/') && tests.some((test) => test(inside))
  }
}
