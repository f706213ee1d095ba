import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { mkdirs } from '../../src/util/mkdirs.js'

describe('mkdirs', () => {
  it('makes every missing level, and is happy when they exist', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'luneo-mkdirs-'))
    try {
      const deep = path.join(root, 'a', 'b', 'c')
      await mkdirs(deep)
      await mkdirs(deep)
      expect((await fs.stat(deep)).isDirectory()).toBe(true)
      await fs.writeFile(path.join(root, 'file'), 'x')
      await expect(mkdirs(path.join(root, 'file', 'sub'))).rejects.toMatchObject({
        code: 'ENOTDIR'
      })
    } finally {
      await fs.rm(root, { recursive: true, force: true })
    }
  })

  it('fails at once under /proc/sys, where fs.mkdir({ recursive: true }) never returns', async () => {
    const started = Date.now()
    await expect(mkdirs('/proc/sys/luneo/ledger')).rejects.toMatchObject({ code: 'ENOENT' })
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})
