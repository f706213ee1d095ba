import { createHash } from 'node:crypto'
import { Writable, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import tar from 'tar-stream'
import { createDecompressor } from '../snapshot/compression.js'
import type { FileEntry, Manifest } from '../snapshot/manifest.js'
import { PgDumpScanner } from '../sources/postgres/dumpScanner.js'
import { RdbScanner } from '../sources/redis/rdb/scanner.js'
import { RdbDamage } from '../sources/redis/rdb/facts.js'
import { describeRdbDamage } from '../sources/redis/rdbDamage.js'
import { CommandReader, RespSyntaxError } from '../sources/redis/resp.js'
import type { UploadsIndex } from '../sources/uploads/indexFormat.js'
import { archivePath } from '../sources/uploads/paths.js'
import { planFromIndex } from '../sources/uploads/plan.js'

// Each file decoded as a restore would read it, without a target: the dump's COPY row counts,
// the RDB walked to its CRC-64, the logical dump's RESTORE commands counted per db, the archive's
// entries hashed against the uploads index. Each returns what it found as short fact lines, and
// a mismatch as a `problems` line naming the table, db or path.

export interface Decoded {
  facts: string[]
  problems: string[]
}

/** A sink that reads everything and keeps nothing. */
const drain = () => new Writable({ write: (_chunk, _enc, done) => done() })

/** How many names a problem lists at most (the count is always whole). */
const LISTED = 5
const list = (names: string[]) =>
  names.slice(0, LISTED).join(', ') +
  (names.length > LISTED ? ` and ${names.length - LISTED} more` : '')

function compareCounts(
  what: string,
  expected: Record<string, number>,
  actual: Record<string, number>
): string[] {
  const differs = [...new Set([...Object.keys(expected), ...Object.keys(actual)])]
    .filter((name) => (expected[name] ?? 0) !== (actual[name] ?? 0))
    .map((name) => `${name}: ${actual[name] ?? 0}, the manifest says ${expected[name] ?? 0}`)
  return differs.length ? [`${what} differ from the manifest: ${list(differs)}`] : []
}

export async function decodeDump(
  input: Readable,
  file: FileEntry,
  manifest: Manifest
): Promise<Decoded> {
  const scanner = new PgDumpScanner()
  await pipeline(input, createDecompressor(file.compression), scanner, drain())
  const facts = scanner.facts()
  const rows = Object.values(facts.tables).reduce((sum, n) => sum + n, 0)
  const expected = manifest.sources.postgres?.tables ?? {}
  return {
    facts: [`${Object.keys(facts.tables).length} tables, ${rows} rows in COPY blocks`],
    problems: compareCounts('rows per table', expected, facts.tables)
  }
}

/** Keys per db as the manifest records them, the count both Redis decoders compare. */
function manifestKeysPerDb(manifest: Manifest): Record<string, number> {
  return Object.fromEntries(
    Object.entries(manifest.sources.redis?.dbs ?? {}).map(([db, c]) => [db, c.keys])
  )
}

export async function decodeRdb(
  input: Readable,
  file: FileEntry,
  manifest: Manifest
): Promise<Decoded> {
  const recorded = manifest.sources.redis?.trailingBytes
  const scanner = new RdbScanner({
    explain: (damage: RdbDamage) => new Error(`${file.name}: ${describeRdbDamage(damage)}`),
    // An adopted file's bytes after its end: exactly as many as the manifest records.
    trailing: recorded
  })
  await pipeline(input, createDecompressor(file.compression), scanner, drain())
  const facts = scanner.facts()
  const keys = Object.fromEntries(Object.entries(facts.dbs).map(([db, c]) => [db, c.keys]))
  const expected = manifestKeysPerDb(manifest)
  const total = Object.values(keys).reduce((sum, n) => sum + n, 0)
  return {
    facts: [
      `RDB version ${facts.rdbVersion}, ${total} keys (counted from ${facts.keyCountsFrom}), checksum ${facts.checksum}${facts.trailingBytes ? `, ${facts.trailingBytes} bytes after its end as the manifest records` : ''}`
    ],
    problems: compareCounts('keys per db', expected, keys)
  }
}

/** A logical dump: SELECT n, then RESTORE key ttl payload REPLACE, as backup wrote them. */
export async function decodeLogicalRedis(
  input: Readable,
  file: FileEntry,
  manifest: Manifest
): Promise<Decoded> {
  const reader = new CommandReader()
  const keys: Record<string, number> = {}
  let db = '0'
  const count = (commands: Buffer[][]) => {
    for (const args of commands) {
      const name = args[0].toString('latin1').toUpperCase()
      if (name === 'SELECT') db = args[1]?.toString('latin1') ?? '0'
      else if (name === 'RESTORE') keys[db] = (keys[db] ?? 0) + 1
      else throw new Error(`${file.name}: a ${name} command, which a logical dump never holds`)
    }
  }
  try {
    await pipeline(
      input,
      createDecompressor(file.compression),
      new Writable({
        write(chunk: Buffer, _enc, done) {
          try {
            count(reader.push(chunk))
            done()
          } catch (error) {
            done(error as Error)
          }
        }
      })
    )
  } catch (error) {
    if (error instanceof RespSyntaxError) {
      throw new Error(`${file.name}: not a RESP command stream at byte ${error.at}`, {
        cause: error
      })
    }
    throw error
  }
  if (!reader.idle) throw new Error(`${file.name}: ends inside a command (truncated)`)
  const expected = manifestKeysPerDb(manifest)
  const total = Object.values(keys).reduce((sum, n) => sum + n, 0)
  return {
    facts: [`${total} RESTORE commands in ${Object.keys(keys).length} dbs`],
    problems: compareCounts('keys per db', expected, keys)
  }
}

/** The archive's entries against the index: the same paths, types and file hashes. */
export async function decodeArchive(
  input: Readable,
  file: FileEntry,
  index: UploadsIndex
): Promise<Decoded> {
  // The index checked as a whole first (every path inside the folder), keyed by path inside it.
  const plan = planFromIndex(index, file.name)
  const seen = new Set<string>()
  const problems: string[] = []
  const extract = tar.extract()
  const feeding = pipeline(input, createDecompressor(file.compression), extract)
  feeding.catch(() => undefined) // awaited below
  let files = 0
  for await (const entry of extract) {
    const { name } = entry.header
    const type = entry.header.type === 'contiguous-file' ? 'file' : entry.header.type
    const hash = createHash('sha256')
    for await (const chunk of entry) hash.update(chunk as Buffer)
    const parsed = archivePath(name, index.root)
    if ('problem' in parsed) {
      problems.push(`archive entry ${JSON.stringify(name)}: ${parsed.problem}`)
      continue
    }
    seen.add(parsed.rel)
    const listed = plan.entries.get(parsed.rel)?.entry
    if (!listed) problems.push(`${name}: in the archive, not in the index`)
    else if (type !== listed.type)
      problems.push(`${name}: a ${type}, the index says ${listed.type}`)
    else if (type === 'file') {
      files++
      if (hash.digest('hex') !== listed.sha256) {
        problems.push(`${name}: its content's SHA-256 is not the index's`)
      }
    }
  }
  await feeding
  const missing = [...plan.entries.values()]
    .filter((p) => !seen.has(p.rel))
    .map((p) => p.entry.path)
  if (missing.length) problems.push(`in the index, not in the archive: ${list(missing)}`)
  return {
    facts: [`${seen.size} entries (${files} files), each against the index`],
    problems:
      problems.length > LISTED
        ? [...problems.slice(0, LISTED), `and ${problems.length - LISTED} more`]
        : problems
  }
}
