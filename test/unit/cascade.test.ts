import { describe, expect, it } from '@jest/globals'
import type { PostgresStats } from '../../src/snapshot/manifest.js'
import { inDump, type RemovedObject } from '../../src/sources/postgres/cascade.js'

describe('inDump: what CASCADE removes that the dump brings back', () => {
  const stats = {
    objects: {
      schemas: ['shop', '"Shop Data"'],
      tables: ['public.customers', 'shop.items', '"Shop Data".orders'],
      views: ['public.names'],
      functions: ['public.double'],
      indexes: []
    },
    extensions: ['pgcrypto']
  } as unknown as PostgresStats
  const removed = (kind: RemovedObject['top']['kind'], name: string, schema?: string) =>
    ({ what: name, topWhat: name, top: { kind, name, schema } }) as RemovedObject
  it('judges each object by the object it is part of', () => {
    expect(inDump(removed('table', 'public.customers'), stats)).toBe(true)
    expect(inDump(removed('table', '"Shop Data".orders'), stats)).toBe(true)
    expect(inDump(removed('table', 'public.invoices'), stats)).toBe(false)
    expect(inDump(removed('view', 'public.names'), stats)).toBe(true)
    expect(inDump(removed('view', 'public.vip'), stats)).toBe(false)
    expect(inDump(removed('function', 'public.double'), stats)).toBe(true)
    expect(inDump(removed('function', 'public.triple'), stats)).toBe(false)
    expect(inDump(removed('schema', 'shop'), stats)).toBe(true)
    expect(inDump(removed('extension', 'pgcrypto'), stats)).toBe(true)
    expect(inDump(removed('extension', 'postgis'), stats)).toBe(false)
  })
  it('a table in a dump schema that the dump does not name is outside it', () => {
    expect(inDump(removed('table', 'shop.extra', 'shop'), stats)).toBe(false)
  })
  it('sequences and types count as the dump schema they live in', () => {
    expect(inDump(removed('other', 'sequence shop.s', 'shop'), stats)).toBe(true)
    expect(inDump(removed('other', 'type "Shop Data".t', 'Shop Data'), stats)).toBe(true)
    expect(inDump(removed('other', 'type public.mood', 'public'), stats)).toBe(false)
  })
})
