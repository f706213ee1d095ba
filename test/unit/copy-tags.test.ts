import { describe, expect, it } from '@jest/globals'
import { CopyTagReader, copiedRows } from '../../src/sources/postgres/restore.js'

// restore checks rows per table against the `COPY n` tags psql prints (with --echo-queries, each
// after the COPY statement it answers). The reader must pair them by name, never by position.

const OUTPUT = [
  'SET',
  "SELECT pg_catalog.set_config('search_path', '', false);",
  '',
  'CREATE FUNCTION public.f() RETURNS int',
  '    LANGUAGE sql',
  '    AS $$',
  'COPY 7',
  '$$;',
  'CREATE FUNCTION',
  'COPY public.paint (id, c) FROM stdin;',
  'COPY 120',
  'COPY "Shop Data".orders (id, note) FROM stdin;',
  'COPY 3000',
  'COPY public.paint (id, c) FROM stdin;',
  'COPY 180',
  'COPY public.empty (id) FROM stdin;',
  'COPY 0',
  'ALTER TABLE',
  ''
].join('\n')

describe('COPY tags', () => {
  it('pairs each tag with its COPY statement, adds up repeated tables, ignores look-alikes', () => {
    const reader = new CopyTagReader()
    reader.feed(OUTPUT)
    expect(Object.fromEntries(reader.rows)).toEqual({
      'public.paint': 300,
      '"Shop Data".orders': 3000,
      'public.empty': 0
    })
  })

  it('reads the same whatever the chunking', () => {
    for (const size of [1, 3, 17]) {
      const reader = new CopyTagReader()
      for (let i = 0; i < OUTPUT.length; i += size) reader.feed(OUTPUT.slice(i, i + size))
      expect(reader.rows.get('public.paint')).toBe(300)
      expect(reader.rows.get('"Shop Data".orders')).toBe(3000)
    }
  })

  it('checks every table of the manifest by name; a table without a tag is missing', () => {
    const reader = new CopyTagReader()
    reader.feed(OUTPUT)
    const checks = copiedRows(
      { '"Shop Data".orders': 3000, 'public.paint': 301, 'public.gone': 5 },
      reader.rows
    )
    expect(checks).toEqual([
      { table: '"Shop Data".orders', expected: 3000, actual: 3000 },
      { table: 'public.paint', expected: 301, actual: 300 },
      { table: 'public.gone', expected: 5, actual: null }
    ])
  })
})
