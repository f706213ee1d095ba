import { Transform, type TransformCallback } from 'node:stream'

// Reads a plain-format pg_dump stream as it passes, unchanged, and learns from it what a restore
// needs to know: rows per table (counted in each `COPY ... FROM stdin;` block, so they describe
// exactly this dump), the roles it names, the extensions it creates and its objects.

const NL = 0x0a
const MAX_STATEMENT_LINE = 64 * 1024
/** A dump's `COPY <table> (<columns>) FROM stdin;` line; group 1 is the table as the dump names it. */
export const COPY_STATEMENT = /^COPY (.+?) (?:\(.*\) )?FROM stdin;$/

export interface DumpFacts {
  tables: Record<string, number>
  roles: string[]
  extensions: string[]
  objects: {
    schemas: string[]
    tables: string[]
    views: string[]
    functions: string[]
    indexes: string[]
  }
  /** The dump uses psql's \restrict (pg_dump 13.22/14.19/15.14/16.10/17.6 and later). */
  usesRestrict: boolean
}

export class PgDumpScanner extends Transform {
  constructor() {
    // Room to keep reading pg_dump while compression catches up (its pipe holds only 64 KiB).
    super({ highWaterMark: 4 << 20 })
  }

  private copyTable?: string
  private copyRows = 0
  /** The start of the current line (outside COPY data only the first 64 KiB are kept). */
  private partial: Buffer[] = []
  private partialLength = 0
  private readonly tables = new Map<string, number>()
  private readonly roles = new Set<string>()
  private readonly extensions = new Set<string>()
  private usesRestrict = false
  private readonly objects = {
    schemas: [] as string[],
    tables: [] as string[],
    views: [] as string[],
    functions: [] as string[],
    indexes: [] as string[]
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let start = 0
    for (let nl = chunk.indexOf(NL); nl !== -1; nl = chunk.indexOf(NL, start)) {
      this.line(chunk, start, nl)
      start = nl + 1
    }
    if (start < chunk.length) this.keep(chunk.subarray(start))
    done(null, chunk)
  }

  _flush(done: TransformCallback): void {
    if (this.partialLength > 0) this.line(Buffer.alloc(0), 0, 0)
    done()
  }

  facts(): DumpFacts {
    return {
      tables: Object.fromEntries(this.tables),
      roles: [...this.roles].sort(),
      extensions: [...this.extensions].sort(),
      objects: this.objects,
      usesRestrict: this.usesRestrict
    }
  }

  private keep(bytes: Buffer): void {
    if (this.copyTable !== undefined && this.partialLength >= 2) {
      // Inside COPY data only "is this line `\.`?" matters: two bytes suffice.
      this.partialLength += bytes.length
      return
    }
    if (this.partialLength < MAX_STATEMENT_LINE) {
      this.partial.push(bytes.subarray(0, MAX_STATEMENT_LINE - this.partialLength))
    }
    this.partialLength += bytes.length
  }

  private line(chunk: Buffer, start: number, end: number): void {
    if (this.copyTable !== undefined) {
      const length = this.partialLength + (end - start)
      if (length === 2) {
        const text =
          this.partialLength === 0
            ? chunk.toString('latin1', start, end)
            : Buffer.concat([...this.partial, chunk.subarray(start, end)]).toString('latin1')
        if (text === '\\.') {
          this.tables.set(this.copyTable, (this.tables.get(this.copyTable) ?? 0) + this.copyRows)
          this.copyTable = undefined
          this.resetPartial()
          return
        }
      }
      this.copyRows++
      this.resetPartial()
      return
    }
    const text =
      this.partialLength === 0
        ? chunk.toString('utf8', start, Math.min(end, start + MAX_STATEMENT_LINE))
        : Buffer.concat([...this.partial, chunk.subarray(start, end)])
            .subarray(0, MAX_STATEMENT_LINE)
            .toString('utf8')
    this.resetPartial()
    this.statement(text)
  }

  private resetPartial(): void {
    this.partial = []
    this.partialLength = 0
  }

  private statement(line: string): void {
    if (line.length === 0 || line.startsWith('--')) return
    let m: RegExpExecArray | null
    if ((m = COPY_STATEMENT.exec(line))) {
      this.copyTable = m[1]
      this.copyRows = 0
      if (!this.tables.has(m[1])) this.tables.set(m[1], 0)
    } else if ((m = /^ALTER .* OWNER TO (.+);$/.exec(line))) {
      this.role(m[1])
    } else if ((m = /^GRANT .* TO (.+?)( WITH GRANT OPTION)?;$/.exec(line))) {
      m[1].split(/,\s*/).forEach((r) => this.role(r))
    } else if ((m = /^REVOKE .* FROM (.+);$/.exec(line))) {
      m[1].split(/,\s*/).forEach((r) => this.role(r))
    } else if ((m = /^ALTER DEFAULT PRIVILEGES FOR ROLE (\S+)/.exec(line))) {
      this.role(m[1])
    } else if (line.startsWith('\\restrict ')) {
      this.usesRestrict = true
    } else if ((m = /^CREATE SCHEMA (.+);$/.exec(line))) {
      this.objects.schemas.push(m[1])
    } else if ((m = /^CREATE EXTENSION IF NOT EXISTS (\S+)/.exec(line))) {
      this.extensions.add(unquote(m[1]))
    } else if ((m = /^CREATE (?:UNLOGGED )?TABLE (.+?) \($/.exec(line))) {
      this.objects.tables.push(m[1])
    } else if ((m = /^CREATE (?:MATERIALIZED )?VIEW (\S+) AS/.exec(line))) {
      this.objects.views.push(m[1])
    } else if ((m = /^CREATE (?:FUNCTION|PROCEDURE|AGGREGATE) (.+?)\(/.exec(line))) {
      this.objects.functions.push(m[1])
    } else if ((m = /^CREATE (?:UNIQUE )?INDEX (\S+) ON/.exec(line))) {
      this.objects.indexes.push(m[1])
    }
  }

  private role(name: string): void {
    const role = unquote(name.trim().replace(/^GROUP /, ''))
    if (role && role.toUpperCase() !== 'PUBLIC' && !role.startsWith('pg_')) this.roles.add(role)
  }
}

function unquote(name: string): string {
  return name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name
}
