import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { LocalStorage } from '../../src/storage/local.js'
import type { ClaimHolder } from '../../src/storage/storage.js'

// LocalStorage.claim between runs that meet on one folder: exactly one wins, the others are told
// no (and move on to the next second), none fails. The folder's exclusive mkdir and the claim's
// exclusive create are two steps: a run that finds the folder empty may create the claim in a
// folder another run has just made (a failed run's folder emptied for a retry is free again).

let root: string
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'local-claim-'))
})
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

const holder = (n: number): ClaimHolder => ({
  token: `token-${n}`,
  startedAt: new Date().toISOString(),
  host: 'test',
  pid: n
})

describe('LocalStorage.claim, claimants meeting on one folder', () => {
  it('gives it to exactly one of them, round after round, and fails none', async () => {
    const storage = new LocalStorage(root)
    for (let round = 0; round < 300; round++) {
      const prefix = `env/2026-11-24T02-00-${String(round).padStart(3, '0')}Z/`
      const results = await Promise.allSettled(
        [1, 2, 3].map((n) => storage.claim(prefix, holder(n)))
      )
      const failed = results.filter((r) => r.status === 'rejected')
      expect(failed).toEqual([])
      const won = results.filter((r) => r.status === 'fulfilled' && r.value)
      expect([round, won.length]).toEqual([round, 1])
    }
  })

  it('an emptied folder is free again, and still only to one', async () => {
    const storage = new LocalStorage(root)
    const prefix = 'env/2026-11-25T02-00-00Z/'
    await fs.mkdir(path.join(root, prefix), { recursive: true })
    const results = await Promise.all([1, 2].map((n) => storage.claim(prefix, holder(n))))
    expect(results.filter(Boolean)).toHaveLength(1)
  })
})
