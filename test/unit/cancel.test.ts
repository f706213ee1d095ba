import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Manifest } from '../../src/snapshot/manifest.js'
import { SnapshotWriter } from '../../src/snapshot/writer.js'
import { LocalStorage } from '../../src/storage/local.js'
import {
  CancelledError,
  cancelRun,
  onCancel,
  runSignal,
  unlessCancelled
} from '../../src/util/cancel.js'
import { testLog } from '../helpers/log.js'

// The run's cancellation is process-wide: the tests before cancelRun see a live run, those after
// a cancelled one (each test file has its own module instance).

/** A source that never ends on its own, as a long pg_dump. */
function endless(): Readable {
  return new Readable({
    read() {
      setTimeout(() => this.push(Buffer.alloc(64 << 10, 1)), 5)
    }
  })
}

describe('cancellation', () => {
  it('unlessCancelled gives the result or the error of a run that is not cancelled', async () => {
    await expect(unlessCancelled(Promise.resolve(7), 100)).resolves.toBe(7)
    await expect(unlessCancelled(Promise.reject(new Error('boom')), 100)).rejects.toThrow('boom')
  })

  it('a cancelled writeFile stops its source, removes its .partial file, and throws CancelledError; cleanups run', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'luneo-cancel-unit-'))
    try {
      const writer = new SnapshotWriter([new LocalStorage(root)], 'env', 'id', testLog())
      const source = endless()
      let cleaned = 0
      onCancel(() => void cleaned++)
      const writing = writer.writeFile('postgres.sql', source, {
        source: 'postgres',
        compression: 'none'
      })
      const run = unlessCancelled(writing, 2_000)
      await sleep(200)
      const cancelled = cancelRun('SIGTERM')
      await expect(run).rejects.toBeInstanceOf(CancelledError)
      await expect(writing).rejects.toThrow('cancelled by SIGTERM')
      await cancelled
      expect(cleaned).toBe(1)
      expect(source.destroyed).toBe(true)
      expect(await fs.readdir(path.join(root, 'env', 'id'))).toEqual([])
      // A manifest the schema takes, so the refusal can only be the cancel's.
      const manifest = {
        formatVersion: 1,
        id: 'id',
        environment: 'env',
        kind: 'daily',
        createdAt: new Date().toISOString(),
        completedAt: new Date().toISOString(),
        durationSeconds: 0,
        tool: { name: 'luneo-backup', version: 'test' },
        files: [
          {
            name: 'postgres.sql',
            bytes: 1,
            sha256: 'a'.repeat(64),
            source: 'postgres',
            compression: 'none',
            sourceBytes: 1,
            durationSeconds: 0
          }
        ],
        sources: {}
      } satisfies Manifest
      await expect(writer.writeManifest(manifest)).rejects.toBeInstanceOf(CancelledError)
      await expect(fs.access(path.join(root, 'env', 'id', 'manifest.json'))).rejects.toThrow()
    } finally {
      await fs.rm(root, { recursive: true, force: true })
    }
  })

  it('once cancelled: the reason is the first signal, and work that finishes while unwinding keeps its result', async () => {
    await cancelRun('SIGINT')
    expect(runSignal.reason).toBeInstanceOf(CancelledError)
    expect((runSignal.reason as CancelledError).signalName).toBe('SIGTERM')
    await expect(
      unlessCancelled(
        sleep(50).then(() => 'done'),
        1_000
      )
    ).resolves.toBe('done')
    const started = Date.now()
    await expect(unlessCancelled(new Promise(() => undefined), 200)).rejects.toThrow(
      'cancelled by SIGTERM'
    )
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('once cancelled: a claim is not taken, and a cleanup registered late runs at once', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'luneo-cancel-claim-'))
    try {
      await expect(
        SnapshotWriter.claim([new LocalStorage(root)], 'env', new Date(), testLog())
      ).rejects.toBeInstanceOf(CancelledError)
      expect(await fs.readdir(root)).toEqual([])
      let ran = false
      onCancel(() => void (ran = true))
      await sleep(10)
      expect(ran).toBe(true)
    } finally {
      await fs.rm(root, { recursive: true, force: true })
    }
  })
})
