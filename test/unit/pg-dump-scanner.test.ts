import { describe, expect, it } from '@jest/globals'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { PgDumpScanner } from '../../src/sources/postgres/dumpScanner.js'

const DUMP = `--
-- PostgreSQL database dump
--
\\restrict abc123
CREATE SCHEMA "Odd Schema";
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;
CREATE TABLE public.people (
    id integer NOT NULL
);
ALTER TABLE public.people OWNER TO app_owner;
CREATE TABLE "Odd Schema"."Mixed Case" (
    id integer
);
CREATE VIEW public.v AS
 SELECT 1;
CREATE FUNCTION public.f(i integer) RETURNS integer
CREATE UNIQUE INDEX people_idx ON public.people USING btree (id);
COPY public.people (id, name) FROM stdin;
1\ta\\tb
2\t\\\\.
3\t\\N
\\.
COPY "Odd Schema"."Mixed Case" (id) FROM stdin;
\\.
GRANT SELECT ON TABLE public.people TO reader, "Report Role";
GRANT ALL ON SCHEMA public TO PUBLIC;
REVOKE ALL ON TABLE public.people FROM old_role;
`

async function scan(chunks: Buffer[]) {
  const scanner = new PgDumpScanner()
  const out = await buffer(Readable.from(chunks).pipe(scanner))
  return { out, facts: scanner.facts() }
}

describe('PgDumpScanner', () => {
  const expected = {
    tables: { 'public.people': 3, '"Odd Schema"."Mixed Case"': 0 },
    roles: ['Report Role', 'app_owner', 'old_role', 'reader'],
    extensions: ['pgcrypto'],
    objects: {
      schemas: ['"Odd Schema"'],
      tables: ['public.people', '"Odd Schema"."Mixed Case"'],
      views: ['public.v'],
      functions: ['public.f'],
      indexes: ['people_idx']
    },
    usesRestrict: true
  }

  it('counts rows per COPY block, roles, extensions and objects, passing bytes through unchanged', async () => {
    const { out, facts } = await scan([Buffer.from(DUMP)])
    expect(out.toString()).toBe(DUMP)
    expect(facts).toEqual(expected)
  })

  it('gives the same answer whatever the chunk boundaries', async () => {
    const bytes = Buffer.from(DUMP)
    for (const size of [1, 2, 3, 7, 64]) {
      const chunks: Buffer[] = []
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size))
      const { out, facts } = await scan(chunks)
      expect(out.equals(bytes)).toBe(true)
      expect(facts).toEqual(expected)
    }
  })

  it('counts a large block exactly', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `${i}\tvalue ${i}\n`).join('')
    const { facts } = await scan([Buffer.from(`COPY public.t (id, v) FROM stdin;\n${rows}\\.\n`)])
    expect(facts.tables).toEqual({ 'public.t': 100_000 })
  })
})
