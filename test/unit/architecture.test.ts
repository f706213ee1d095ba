import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import path from 'node:path'

// The layers' rules (docs/ARCHITECTURE.md), read from the sources' own imports: no import cycle,
// no command importing another command, storage knowing nothing of snapshots, and files small
// enough to read in one go.

const SRC = path.resolve(import.meta.dirname, '../../src')
const MAX_LINES = 400
/** Files still over MAX_LINES, each at most its size today: they may only shrink (none left). */
const STILL_LONG: Record<string, number> = {}

async function sources(): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const entry of await fs.readdir(SRC, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue
    const full = path.join(entry.parentPath, entry.name)
    files.set(path.relative(SRC, full), await fs.readFile(full, 'utf8'))
  }
  return files
}

/** Each file's relative imports (static, dynamic, re-exports, type-only too), as src paths. */
export function importsOf(file: string, text: string): string[] {
  const specifiers = [
    ...text.matchAll(/\bfrom\s+'(\.[^']+)'/g),
    ...text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g),
    ...text.matchAll(/^import\s+'(\.[^']+)'/gm)
  ].map((m) => m[1])
  return [
    ...new Set(
      specifiers.map((s) =>
        path.normalize(path.join(path.dirname(file), s.replace(/\.js$/, '.ts')))
      )
    )
  ]
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (node: string) => {
    state.set(node, 'open')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(node, 'done')
  }
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node)
  return found
}

describe('architecture', () => {
  it('every relative import resolves to a source file', async () => {
    const files = await sources()
    const missing = [...files].flatMap(([file, text]) =>
      importsOf(file, text)
        .filter((i) => !files.has(i))
        .map((i) => `${file} -> ${i}`)
    )
    expect(missing).toEqual([])
  })

  it('has no import cycle (type-only imports included)', async () => {
    const files = await sources()
    const graph = new Map([...files].map(([file, text]) => [file, importsOf(file, text)]))
    expect(cycles(graph).map((c) => c.join(' -> '))).toEqual([])
  })

  it('finds a planted cycle (the check can fail)', () => {
    const graph = new Map([
      ['a.ts', importsOf('a.ts', "import { b } from './b.js'")],
      ['b.ts', importsOf('b.ts', "const a = await import('./a.js')")]
    ])
    expect(cycles(graph).map((c) => c.join(' -> '))).toEqual(['a.ts -> b.ts -> a.ts'])
  })

  it('no command imports another command; storage imports nothing of snapshots', async () => {
    const files = await sources()
    const wrong: string[] = []
    for (const [file, text] of files) {
      for (const target of importsOf(file, text)) {
        const commandToCommand =
          file.startsWith('commands/') &&
          file !== 'commands/index.ts' &&
          target.startsWith('commands/') &&
          target !== 'commands/result.ts'
        const storageToSnapshot =
          file.startsWith('storage/') &&
          file !== 'storage/lifecycle.ts' && // the lifecycle rules are the data tag's, by design
          target.startsWith('snapshot/')
        if (commandToCommand || storageToSnapshot) wrong.push(`${file} -> ${target}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it(`keeps every source file under ${MAX_LINES} lines (a long one may only shrink)`, async () => {
    const files = await sources()
    const long = [...files].flatMap(([file, text]) => {
      const lines = text.split('\n').length - 1
      const limit = STILL_LONG[file] ?? MAX_LINES
      return lines > limit ? [`${file}: ${lines} lines (at most ${limit})`] : []
    })
    expect(long).toEqual([])
  })
})
