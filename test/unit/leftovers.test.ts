import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { readCatalog } from '../../src/snapshot/catalog.js'
import { judgeLeftovers, removeLeftovers } from '../../src/snapshot/leftovers.js'
import { LocalStorage } from '../../src/storage/local.js'

// What adopt may remove at the id it must write (issue 15): a failed run's files, no manifest, no
// claim of a run that may still be writing. Judged on a real folder storage.

const ID = '2026-03-04T05-06-07Z'
let root: string
let storage: LocalStorage

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'leftovers-'))
  storage = new LocalStorage(root)
})
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

async function folder(env: string, files: Record<string, string>): Promise<void> {
  const dir = path.join(root, env, ID)
  await fs.mkdir(dir, { recursive: true })
  for (const [name, body] of Object.entries(files)) await fs.writeFile(path.join(dir, name), body)
}

const claim = (fields: Record<string, unknown>) =>
  JSON.stringify({
    token: 'abc',
    startedAt: new Date().toISOString(),
    host: os.hostname(),
    pid: process.pid,
    ...fields
  })

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await once(child, 'exit')
  return child.pid!
}

async function judge(env: string, now?: Date) {
  return judgeLeftovers([storage], [await readCatalog(storage, env)], ID, now)
}

describe('judgeLeftovers', () => {
  it('nothing at the id: nothing to remove', async () => {
    expect(await judge('none')).toEqual({ leftovers: [] })
  })

  it("files, no manifest, no claim: a failed run's leftovers, removed, and the folder claimable again", async () => {
    await folder('plain', { 'postgres.sql.gz': 'x' })
    const judged = await judge('plain')
    expect('leftovers' in judged && judged.leftovers.map((l) => l.entry.id)).toEqual([ID])
    if (!('leftovers' in judged)) return
    expect(await removeLeftovers(judged.leftovers)).toEqual([
      `${path.join(root, 'plain', ID)}/: removed what a failed run left (1 object(s), no manifest)`
    ])
    const holder = { token: 't', startedAt: new Date().toISOString(), host: 'h', pid: 1 }
    expect(await storage.claim(`plain/${ID}/`, holder)).toBe(true)
  })

  it('a claim of a running process on this host is live; of one gone, abandoned', async () => {
    await folder('live', { 'redis.rdb': 'x', '.claim': claim({}) })
    expect(await judge('live')).toEqual({
      refused: expect.stringMatching(
        new RegExp(`is incomplete and it is claimed by a running process \\(pid ${process.pid} on `)
      )
    })
    await folder('gone', { 'redis.rdb': 'x', '.claim': claim({ pid: await deadPid() }) })
    expect(await judge('gone')).toMatchObject({ leftovers: [{ entry: { id: ID } }] })
  })

  it("another host's claim is live for 24 hours (it cannot be asked), abandoned after", async () => {
    const startedAt = '2026-03-04T05:06:07.000Z'
    await folder('other', {
      'redis.rdb': 'x',
      '.claim-abc': claim({ host: 'elsewhere', startedAt })
    })
    const at = (hours: number) => new Date(Date.parse(startedAt) + hours * 3_600_000)
    expect(await judge('other', at(23))).toEqual({
      refused: expect.stringContaining(
        'claimed by a run on another host that may still be writing (pid'
      )
    })
    expect(await judge('other', at(25))).toMatchObject({ leftovers: [{ entry: { id: ID } }] })
  })

  it('a claim that names no run of this tool, or any manifest: refused', async () => {
    await folder('foreign-claim', { 'redis.rdb': 'x', '.claim': 'not json' })
    expect(await judge('foreign-claim')).toEqual({
      refused: expect.stringMatching(/its claim .*\.claim names no run of this tool|cannot be read/)
    })
    await folder('manifest', { 'redis.rdb': 'x', 'manifest.json': '{}' })
    expect(await judge('manifest')).toEqual({
      refused: expect.stringMatching(
        new RegExp(
          `^snapshot folder ${ID} is already there \\(incomplete: manifest\\.json is invalid`
        )
      )
    })
  })
})
