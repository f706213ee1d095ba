import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import fsSync from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { prune } from '../../src/commands/prune.js'
import { buildConfig, type RawInputs } from '../../src/config.js'
import type { Kind } from '../../src/vocabulary.js'
import type { Log } from '../../src/log.js'
import { ConfigError } from '../../src/util/errors.js'
import { snapshotIdFor } from '../../src/snapshot/id.js'
import { LocalStorage } from '../../src/storage/local.js'
import type { ClaimHolder, DeleteReport, Storage, StoredObject } from '../../src/storage/storage.js'

// `command: prune` against a backup-root folder (LocalStorage): no servers needed. The S3 paths
// (pagination, versioned buckets, Object Lock) are not covered here.

const NOW = new Date('2026-11-25T03:00:00Z')
const DAY = 86_400_000
const ENV = 'production'

type FixtureState = 'complete' | 'incomplete' | 'unreadable' | 'newer-format' | 'garbage'
interface Fixture {
  iso: string
  state: FixtureState
  kind?: Kind
}

const id = (iso: string) => snapshotIdFor(new Date(iso))

function manifestFor(snapshotId: string, kind: Kind, formatVersion = 1): string {
  const created = snapshotId.replace(/T(\d\d)-(\d\d)-(\d\d)Z$/, 'T$1:$2:$3.000Z')
  return JSON.stringify({
    formatVersion,
    id: snapshotId,
    environment: ENV,
    kind,
    createdAt: created,
    completedAt: created,
    durationSeconds: 1,
    tool: { name: 'luneo-backup', version: '0.1.0' },
    files: [
      {
        name: 'postgres.sql.gz',
        bytes: 100,
        sha256: 'a'.repeat(64),
        source: 'postgres',
        compression: 'gzip'
      }
    ],
    sources: {}
  })
}

/**
 * Over a year of nightly backups, plus every kind of trouble prune must handle. `sparse`: weekly
 * before the daily window (the same kinds of decision, a fifth of the folders) for tests that
 * reseed many times.
 */
function fixtures(sparse = false): Fixture[] {
  const special = new Map<string, Fixture>()
  const add = (f: Fixture) => special.set(id(f.iso), f)
  add({ iso: '2026-03-15T02:00:00Z', state: 'complete', kind: 'monthly' }) // not the earliest
  add({ iso: '2026-11-24T14:00:00Z', state: 'incomplete' }) // 13 h old: may be running
  add({ iso: '2026-11-20T05:00:00Z', state: 'incomplete' }) // failed, in the window
  add({ iso: '2026-06-10T05:00:00Z', state: 'incomplete' })
  add({ iso: '2026-05-10T02:00:00Z', state: 'unreadable' }) // archived manifest
  add({ iso: '2026-04-20T02:00:00Z', state: 'newer-format' })
  add({ iso: '2026-08-15T02:00:00Z', state: 'garbage' }) // manifest.json is not JSON
  add({ iso: '2025-10-20T02:00:00Z', state: 'unreadable' }) // past the hard limit
  add({ iso: '2026-11-10T12:00:00Z', state: 'complete', kind: 'adhoc' })
  add({ iso: '2026-07-04T12:00:00Z', state: 'complete', kind: 'adhoc' })
  for (
    let t = Date.parse('2025-10-01T02:00:00Z');
    t <= Date.parse('2026-11-25T02:00:00Z');
    t += sparse && t < Date.parse('2026-10-20T02:00:00Z') ? 7 * DAY : DAY
  ) {
    const iso = new Date(t).toISOString()
    if (!special.has(id(iso))) special.set(id(iso), { iso, state: 'complete', kind: 'daily' })
  }
  return [...special.values()]
}

/** The snapshots the policy must leave, worked out by hand from DESIGN.md's rules. */
function expectedKept(): string[] {
  const kept: string[] = []
  for (
    let t = Date.parse('2026-10-27T02:00:00Z');
    t <= Date.parse('2026-11-25T02:00:00Z');
    t += DAY
  ) {
    kept.push(id(new Date(t).toISOString())) // rule 1: the 30-day window
  }
  kept.push(
    ...[
      '2025-11-26', // November 2025: its earliest within the hard limit (2025-11-25T03:00Z)
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
      '2026-03-15', // the kind: monthly one
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
      '2026-07-01',
      '2026-08-01',
      '2026-09-01',
      '2026-10-01'
    ].map((d) => id(`${d}T02:00:00Z`)),
    id('2026-11-24T14:00:00Z'), // rule 4
    id('2026-05-10T02:00:00Z'), // rule 5
    id('2026-04-20T02:00:00Z'), // rule 5: a newer format is not ours to judge
    id('2026-11-10T12:00:00Z') // adhoc in the window
  )
  return kept.sort()
}

let root: string

// The fixture's files are written, and the tree read, with node:fs's synchronous calls: the same
// files, without a round trip through libuv's thread pool for each one (a seed writes a thousand).
async function write(rel: string, body: string, mtime?: Date): Promise<void> {
  const file = path.join(root, rel)
  fsSync.mkdirSync(path.dirname(file), { recursive: true })
  fsSync.writeFileSync(file, body)
  if (mtime) fsSync.utimesSync(file, mtime, mtime)
}

async function seed(sparse = false): Promise<void> {
  for (const f of fixtures(sparse)) {
    const sid = id(f.iso)
    await write(`${ENV}/${sid}/postgres.sql.gz`, 'x'.repeat(100))
    if (f.state === 'complete')
      await write(`${ENV}/${sid}/manifest.json`, manifestFor(sid, f.kind!))
    if (f.state === 'unreadable')
      await write(`${ENV}/${sid}/manifest.json`, manifestFor(sid, 'daily'))
    if (f.state === 'newer-format') {
      await write(`${ENV}/${sid}/manifest.json`, manifestFor(sid, 'daily', 2))
    }
    if (f.state === 'garbage') await write(`${ENV}/${sid}/manifest.json`, '{"formatVersion": 1,')
  }
  await write(
    `${ENV}/ledger/2025-10-01T02-00-00Z-backup.json`,
    '{}',
    new Date('2025-10-01T02:00:00Z')
  )
  await write(
    `${ENV}/ledger/2026-10-01T02-00-00Z-backup.json`,
    '{}',
    new Date('2026-10-01T02:00:00Z')
  )
  await write(`${ENV}/drills/2025-11-01.json`, '{}', new Date('2025-11-01T02:00:00Z'))
  await write(`${ENV}/drills/2026-11-01.json`, '{}', new Date('2026-11-01T02:00:00Z'))
  await write(`${ENV}/README.txt`, 'left alone', new Date('2020-01-01T00:00:00Z'))
  await write(
    `${ENV}/2019-01-01T00-00-00Z`,
    'a file named like an id, not a folder',
    new Date('2020-01-01T00:00:00Z')
  )
  await write(
    `${ENV}/notes/2019-01-01T00-00-00Z.txt`,
    'left alone',
    new Date('2020-01-01T00:00:00Z')
  )
  await write(
    `${ENV}-eu/2024-01-01T02-00-00Z/manifest.json`,
    manifestFor('2024-01-01T02-00-00Z', 'daily')
  )
}

/** A LocalStorage whose reads of some keys fail (an archived manifest), and whose deletes can be cut short. */
class TroubledStorage implements Storage {
  deleteBudget = Infinity
  constructor(
    readonly inner: LocalStorage,
    readonly unreadable: Set<string>
  ) {}
  get location() {
    return this.inner.location
  }
  uriOf(key: string) {
    return this.inner.uriOf(key)
  }
  check() {
    return this.inner.check()
  }
  put(key: string, body: Readable | Buffer) {
    return this.inner.put(key, body)
  }
  async get(key: string): Promise<Readable> {
    if (this.unreadable.has(key)) throw new Error('InvalidObjectState: the object is archived')
    return this.inner.get(key)
  }
  list(prefix: string): AsyncIterable<StoredObject> {
    return this.inner.list(prefix)
  }
  claim(prefix: string, holder: ClaimHolder) {
    return this.inner.claim(prefix, holder)
  }
  claimStands(prefix: string, holder: ClaimHolder) {
    return this.inner.claimStands(prefix, holder)
  }
  release(prefix: string, holder: ClaimHolder) {
    return this.inner.release(prefix, holder)
  }
  async delete(keys: string[]): Promise<DeleteReport> {
    for (const key of keys) {
      if (this.deleteBudget <= 0) throw new Error('killed halfway')
      this.deleteBudget--
      await this.inner.delete([key])
    }
    return { removed: keys.length, held: [] }
  }
}

function storage(): TroubledStorage {
  const unreadable = new Set(
    ['2026-05-10T02:00:00Z', '2025-10-20T02:00:00Z'].map((iso) => `${ENV}/${id(iso)}/manifest.json`)
  )
  return new TroubledStorage(new LocalStorage(root), unreadable)
}

function config(extra: RawInputs = {}) {
  return buildConfig({ command: 'prune', environment: ENV, 'backup-root': root, ...extra }, {})
}

function quietLog(lines: string[] = []): Log {
  return {
    info: (m) => void lines.push(m),
    warning: (m) => void lines.push('warning: ' + m),
    group: (_name, work) => work(),
    secret: () => undefined
  }
}

async function tree(): Promise<string[]> {
  return fsSync
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort()
}

function snapshotFolders(files: string[]): Map<string, string[]> {
  const folders = new Map<string, string[]>()
  for (const f of files) {
    const m = /^production\/(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ)\/(.+)$/.exec(f)
    if (m) folders.set(m[1], [...(folders.get(m[1]) ?? []), m[2]])
  }
  return folders
}

// Seeded once, copied for each test (with the times prune reads): the same tree, a fraction of
// the writes. The sparse tree too, which the killed-halfway test copies back before each kill.
// cpSync, not fs/promises' cp: the same copy in a fifth of the time (C++, not an await per file).
let template: string
let sparseTemplate: string
const copyOf = (from: string) =>
  fsSync.cpSync(from, root, { recursive: true, preserveTimestamps: true })
beforeAll(async () => {
  template = root = await fs.mkdtemp(path.join(os.tmpdir(), 'prune-template-'))
  await seed()
  sparseTemplate = root = await fs.mkdtemp(path.join(os.tmpdir(), 'prune-sparse-'))
  await seed(true)
})
afterAll(async () => {
  await fs.rm(template, { recursive: true, force: true })
  await fs.rm(sparseTemplate, { recursive: true, force: true })
})
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'prune-test-'))
  copyOf(template)
})
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

describe('prune on a backup-root folder', () => {
  it('dry-run prints the plan with a rule per snapshot and changes nothing', async () => {
    const before = await tree()
    const lines: string[] = []
    const result = await prune(config({ 'dry-run': 'true' }), quietLog(lines), NOW, [storage()])
    expect(await tree()).toEqual(before)
    const total = fixtures().length
    expect(result.outputs).toMatchObject({
      kept: expectedKept().length,
      deleted: total - expectedKept().length
    })
    expect(lines).toContain('dry-run: nothing deleted')
    const row = lines.find((l) => l.startsWith('2026-03-15T02-00-00Z'))
    expect(row).toMatch(/monthly\s+keep\s+monthly/)
    expect(lines.find((l) => l.startsWith('2026-05-10T02-00-00Z'))).toMatch(
      /unknown\s+keep\s+unknown.*archived/
    )
    expect(result.summary).toContain('dry-run: nothing deleted')
    expect(result.summary).toMatch(
      /\| 2026-03-15T02-00-00Z \| \d+ d \| monthly \| keep \| monthly \|/
    )
    expect(result.summary).toMatch(
      /\| 2025-10-20T02-00-00Z \| .*\| \*\*delete\*\* \| hard-limit \|/
    )
  })

  it('leaves exactly what the policy says, manifests and data together, and a second run deletes nothing', async () => {
    const before = await tree()
    const result = await prune(config(), quietLog(), NOW, [storage()])
    const after = await tree()
    const folders = snapshotFolders(after)
    expect([...folders.keys()].sort()).toEqual(expectedKept())

    // Kept snapshots are untouched; deleted ones left no orphan data behind.
    const beforeFolders = snapshotFolders(before)
    for (const [sid, files] of folders) expect(files).toEqual(beforeFolders.get(sid))
    const gone = [...beforeFolders.keys()].filter((sid) => !folders.has(sid))
    expect(gone.length).toBe(fixtures().length - expectedKept().length)
    expect(after.filter((f) => gone.some((sid) => f.includes(sid)))).toEqual([])
    expect(result.outputs.kept).toBe(expectedKept().length)
    expect(result.outputs.deleted).toBe(fixtures().length - expectedKept().length)
    // 100 bytes of data each, plus each deleted manifest, plus two ledger/drill objects.
    expect(result.outputs['bytes-freed']).toBeGreaterThan((result.outputs.deleted as number) * 100)

    // Ledger and drill reports past the hard limit are gone; the rest, and what is not a
    // snapshot, and the other environment, are untouched.
    expect(after).not.toContain('production/ledger/2025-10-01T02-00-00Z-backup.json')
    expect(after).not.toContain('production/drills/2025-11-01.json')
    expect(after).toEqual(
      expect.arrayContaining([
        'production/ledger/2026-10-01T02-00-00Z-backup.json',
        'production/drills/2026-11-01.json',
        'production/README.txt',
        'production/2019-01-01T00-00-00Z',
        'production/notes/2019-01-01T00-00-00Z.txt',
        'production-eu/2024-01-01T02-00-00Z/manifest.json'
      ])
    )

    const again = await prune(config(), quietLog(), NOW, [storage()])
    expect(again.outputs).toMatchObject({ deleted: 0, 'bytes-freed': 0 })
    expect(await tree()).toEqual(after)
  })

  it('killed halfway, never leaves a snapshot that looks complete without its data, and a rerun ends in the same state', async () => {
    const reseed = async () => {
      await fs.rm(root, { recursive: true, force: true })
      copyOf(sparseTemplate) // seed(true), copied
    }
    await reseed()
    const before = await tree()
    await prune(config(), quietLog(), NOW, [storage()])
    const clean = await tree()
    const deletes = before.length - clean.length
    expect(deletes).toBeGreaterThan(100)

    // Killed before the first delete, after one, in the manifest pass, at its end, in the data
    // pass, and one delete before the end.
    const manifests = before.filter((f) => f.endsWith('manifest.json') && !clean.includes(f))
    const budgets = [0, 1, manifests.length >> 1, manifests.length, deletes >> 1, deletes - 1]
    for (const budget of budgets) {
      await reseed()
      const killed = storage()
      killed.deleteBudget = budget
      await expect(prune(config(), quietLog(), NOW, [killed])).rejects.toThrow('killed halfway')
      for (const [sid, files] of snapshotFolders(await tree())) {
        if (files.includes('manifest.json')) {
          expect([sid, files.includes('postgres.sql.gz')]).toEqual([sid, true])
        }
      }
      await prune(config(), quietLog(), NOW, [storage()])
      expect(await tree()).toEqual(clean)
    }
  })

  it('with no complete snapshot at all, deletes nothing and fails loudly', async () => {
    await fs.rm(root, { recursive: true, force: true })
    await write(`${ENV}/${id('2026-01-01T02:00:00Z')}/postgres.sql.gz`, 'x')
    await write(`${ENV}/${id('2025-01-01T02:00:00Z')}/postgres.sql.gz`, 'x')
    const before = await tree()
    await expect(prune(config(), quietLog(), NOW, [storage()])).rejects.toThrow(
      /no complete snapshot under .*production.*prune deleted nothing/
    )
    expect(await tree()).toEqual(before)
  })

  it('refuses a daily window longer than the hard limit before touching storage', async () => {
    const before = await tree()
    expect(() => config({ 'daily-retention-days': '29', 'monthly-retention-months': '1' })).toThrow(
      /daily-retention-days 29 is longer than the hard limit/
    )
    // A Config made some other way is checked again by prune itself.
    const bad = { ...config(), dailyRetentionDays: 29, monthlyRetentionMonths: 1 }
    const attempt = prune(bad, quietLog(), NOW, [storage()])
    await expect(attempt).rejects.toThrow(/daily-retention-days 29 is longer than the hard limit/)
    await expect(attempt).rejects.toBeInstanceOf(ConfigError)
    expect(await tree()).toEqual(before)
  })
})
