import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { listSnapshots } from '../../src/snapshot/catalog.js'
import { LocalStorage } from '../../src/storage/local.js'

// listSnapshots reads every snapshot's manifest (a GET each on S3): a few at once, the answer
// still oldest first whatever order the reads finish in.

class SlowStorage extends LocalStorage {
  reading = 0
  mostAtOnce = 0
  async get(key: string): Promise<Readable> {
    this.reading++
    this.mostAtOnce = Math.max(this.mostAtOnce, this.reading)
    // Older snapshots answer last: the result must not follow completion order.
    const day = Number(/2026-01-(\d\d)/.exec(key)?.[1] ?? 0)
    await new Promise((resolve) => setTimeout(resolve, 40 - day))
    this.reading--
    return super.get(key)
  }
}

describe('listSnapshots', () => {
  it('reads up to 8 manifests at once and lists the snapshots oldest first', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'catalog-'))
    const ids = Array.from(
      { length: 20 },
      (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}T02-00-00Z`
    )
    for (const id of ids) {
      await fs.mkdir(path.join(root, 'prod', id), { recursive: true })
      await fs.writeFile(path.join(root, 'prod', id, 'manifest.json'), '{ not json')
    }
    const storage = new SlowStorage(root)
    const entries = await listSnapshots(storage, 'prod')
    expect(entries.map((e) => e.id)).toEqual(ids)
    expect(entries.every((e) => e.state === 'incomplete')).toBe(true)
    expect(storage.mostAtOnce).toBe(8)
    await fs.rm(root, { recursive: true, force: true })
  })
})
