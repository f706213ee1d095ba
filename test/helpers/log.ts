import type { Log } from '../../src/log.js'

export interface TestLog extends Log {
  /** Everything logged, warnings as `warning: ...`. */
  lines: string[]
  /** The warnings alone. */
  warnings: string[]
}

/** A Log that keeps what it is told, for tests that call commands and sources directly. */
export function testLog(): TestLog {
  const lines: string[] = []
  const warnings: string[] = []
  return {
    lines,
    warnings,
    info: (m) => void lines.push(m),
    warning: (m) => {
      lines.push(`warning: ${m}`)
      warnings.push(m)
    },
    group: (_name, work) => work(),
    secret: () => undefined
  }
}
