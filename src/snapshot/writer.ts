import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { PassThrough, Writable, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Compression } from '../vocabulary.js'
import type { Log } from '../log.js'
import type { ClaimHolder, PutOptions, Storage } from '../storage/storage.js'
import { runSignal, throwIfCancelled } from '../util/cancel.js'
import { FirstFailure, UserError, errorLine } from '../util/errors.js'
import { round } from '../util/format.js'
import { progressLine, type ProgressCount } from '../util/progress.js'
import { createCompressor } from './compression.js'
import { ByteCounter, HashCounter } from './hash.js'
import { snapshotIdFor } from './id.js'
import { DATA_TAG, MANIFEST_NAME, environmentPrefix, snapshotKey } from './layout.js'
import { manifestSchema, type FileEntry, type Manifest } from './manifest.js'

/** How many seconds after its start a run looks for a snapshot folder it can claim. */
const CLAIM_SECONDS = 120

export interface WriteFileOptions {
  source: FileEntry['source']
  compression: Compression
  /** Compressor level; the compression's default when absent (see createCompressor). */
  level?: number
  sizeHint?: PutOptions['sizeHint']
  /**
   * The input is already compressed as `compression` says (pg_dump's own gzip): it is stored as
   * it comes, and sourceBytes() tells its size before compression once it has ended.
   */
  precompressed?: { sourceBytes: () => number }
  /** Encrypt with age to these public keys after compressing: the file is stored as `<name>.age`. */
  encrypt?: { recipients: string[]; period?: string }
  /**
   * What the progress line counts, when not the bytes read against `sizeHint` as an estimate:
   * Redis gives the RDB's exact length, or keys against the INFO keyspace count.
   */
  progress?: () => ProgressCount
}

/**
 * Writes one snapshot's files to every storage at once: source -> compressor -> SHA-256 and byte
 * counter -> each storage, streamed, never staged. Each stored size is checked against the bytes
 * that passed. The manifest goes last, and only through writeManifest().
 */
export class SnapshotWriter {
  /** How often a long write logs its progress (Config's progressMs: LUNEO_PROGRESS_SECONDS). */
  progressMs = 10_000

  constructor(
    readonly storages: Storage[],
    readonly environment: string,
    readonly id: string,
    private readonly log: Log,
    /** The claim this run holds on the folder in every storage (see SnapshotWriter.claim). */
    readonly holder?: ClaimHolder
  ) {}

  /**
   * A writer for the first snapshot folder from `startedAt` on (one id a second) that this run
   * can claim in every storage: one writer per folder, so two runs of one environment that start
   * in the same second never mix their files. A claim lost on any storage is released on all of
   * them and the next second is tried. A cancelled run stops looking; the backup gives its
   * claim back once its writes have unwound (commands/backup.ts), not while they still run.
   */
  static async claim(
    storages: Storage[],
    environment: string,
    startedAt: Date,
    log: Log
  ): Promise<SnapshotWriter> {
    const holder: ClaimHolder = {
      token: randomBytes(12).toString('hex'),
      startedAt: startedAt.toISOString(),
      host: os.hostname(),
      pid: process.pid
    }
    const first = Math.floor(startedAt.getTime() / 1000) * 1000
    for (let second = 0; second < CLAIM_SECONDS; second++) {
      throwIfCancelled()
      const id = snapshotIdFor(new Date(first + second * 1000))
      const writer = new SnapshotWriter(storages, environment, id, log, holder)
      const prefix = writer.keyOf('')
      const held: Storage[] = []
      try {
        for (const storage of storages) {
          if (!(await storage.claim(prefix, holder))) break
          held.push(storage)
        }
      } catch (error) {
        await writer.releaseOn(held)
        throw error
      }
      if (held.length === storages.length) return writer
      await writer.releaseOn(held)
      log.info(
        `snapshot folder ${id} is taken (another run, or objects already there): trying the next second`
      )
    }
    throw new UserError(
      `no free snapshot folder under ${storages.map((s) => s.uriOf(environmentPrefix(environment))).join(', ')} in the ${CLAIM_SECONDS} seconds from ${holder.startedAt}: too many runs of ${environment} at once`
    )
  }

  /** Give the folder up in every storage (a failed or cancelled run); problems are warnings. */
  async release(): Promise<void> {
    await this.releaseOn(this.storages)
  }

  private async releaseOn(storages: Storage[]): Promise<void> {
    const holder = this.holder
    if (!holder) return
    const prefix = this.keyOf('')
    await Promise.all(
      storages.map(async (storage) => {
        try {
          await storage.release(prefix, holder)
        } catch (error) {
          this.log.warning(
            `could not release the claim on ${storage.uriOf(prefix)}: ${errorLine(error)}`
          )
        }
      })
    )
  }

  keyOf(name: string): string {
    return snapshotKey(this.environment, this.id, name)
  }

  uris(name = ''): string[] {
    return this.storages.map((s) => s.uriOf(this.keyOf(name)))
  }

  async writeFile(
    plainName: string,
    input: Readable,
    options: WriteFileOptions
  ): Promise<FileEntry> {
    const encrypt = options.encrypt
    const name = encrypt ? `${plainName}.age` : plainName
    const started = Date.now()
    const failure = new FirstFailure()
    const read = new ByteCounter()
    const compressor = options.precompressed
      ? new PassThrough()
      : createCompressor(options.compression, { level: options.level })
    const hasher = new HashCounter()
    // Encrypted: the compressed stream is hashed (what age decrypts to), then encrypted, and the
    // ciphertext is what the hasher below and every storage see.
    // The cipher's code is loaded only by runs that encrypt.
    const sealing = encrypt
      ? [
          new HashCounter(),
          new (await import('../encryption/ageStream.js')).AgeEncrypter(encrypt.recipients)
        ]
      : []
    const outs = this.storages.map(() => {
      const out = new PassThrough({ highWaterMark: 1 << 20 })
      // A source may fail before a storage has started reading (put() awaits first): the
      // failure is recorded from the stages above, so this branch's error must not go unhandled.
      out.on('error', () => undefined)
      return out
    })
    // Listen in flow order: the first stage to fail is the cause; the rest are consequences.
    for (const stage of [input, read, compressor, ...sealing, hasher]) {
      stage.on('error', (error) => failure.record(error))
    }
    // Cancellation is this pipeline's failure too: it stops the source (pg_dump is killed when its
    // output closes), aborts multipart uploads and removes .partial files, as any failure does.
    const cancelled = () => failure.record(runSignal.reason)
    if (runSignal.aborted) cancelled()
    else runSignal.addEventListener('abort', cancelled, { once: true })
    // The estimate is asked for only once a write lasts (an uploads walk is not free).
    let estimate: number | undefined
    const hint = options.sizeHint
    const progress = setInterval(() => {
      if (typeof hint === 'function' && estimate === undefined) {
        estimate = 0
        hint().then(
          (n) => (estimate = n),
          () => undefined
        )
      }
      const done = options.precompressed?.sourceBytes() ?? read.bytes
      const seconds = (Date.now() - started) / 1000
      const total = typeof hint === 'number' ? hint : estimate
      const count = options.progress?.() ?? { unit: 'bytes', done, total }
      this.log.info(progressLine(name, count, { read: done, stored: hasher.bytes, seconds }))
    }, this.progressMs)
    try {
      const key = this.keyOf(name)
      const puts = this.storages.map((storage, i) =>
        failure.track(
          storage.put(key, outs[i], {
            sizeHint: options.sizeHint,
            signal: failure.signal,
            tags: { [DATA_TAG.key]: DATA_TAG.value }
          })
        )
      )
      const flow = failure.track(
        pipeline([input, read, compressor, ...sealing, hasher, fanOut(outs)], {
          signal: failure.signal
        })
      )
      const [, ...stored] = await Promise.all([flow, ...puts])
      failure.throwIfFailed()
      stored.forEach((bytes, i) => {
        if (bytes !== hasher.bytes) {
          throw new UserError(
            `${this.storages[i].uriOf(key)} holds ${bytes} bytes but ${hasher.bytes} were written: the stored file is not whole`
          )
        }
      })
    } finally {
      clearInterval(progress)
      runSignal.removeEventListener('abort', cancelled)
    }
    return {
      name,
      bytes: hasher.bytes,
      sha256: hasher.sha256,
      source: options.source,
      compression: options.compression,
      sourceBytes: options.precompressed?.sourceBytes() ?? read.bytes,
      durationSeconds: round((Date.now() - started) / 1000),
      ...(encrypt
        ? {
            encryption: {
              format: 'age' as const,
              recipients: encrypt.recipients,
              ...(encrypt.period ? { period: encrypt.period } : {}),
              plaintextSha256: (sealing[0] as HashCounter).sha256,
              plaintextBytes: (sealing[0] as HashCounter).bytes
            }
          }
        : {})
    }
  }

  /**
   * Validate and store manifest.json in every storage: this is what makes the snapshot complete.
   * Only while this run's claim still stands everywhere: a folder someone else took over (or an
   * operator emptied) is never marked complete.
   */
  async writeManifest(manifest: Manifest): Promise<void> {
    const checked = manifestSchema.parse(manifest)
    const body = Buffer.from(JSON.stringify(checked, null, 2) + '\n')
    const key = this.keyOf(MANIFEST_NAME)
    if (this.holder) {
      for (const storage of this.storages) {
        if (!(await storage.claimStands(this.keyOf(''), this.holder))) {
          throw new UserError(
            `the claim of this run on ${storage.uriOf(this.keyOf(''))} is gone (another run or a person removed it): the snapshot is not marked complete`
          )
        }
      }
    }
    for (const storage of this.storages) {
      throwIfCancelled() // a cancelled run marks nothing complete
      const bytes = await storage.put(key, body, { contentType: 'application/json' })
      if (bytes !== body.length) {
        throw new UserError(`${storage.uriOf(key)} holds ${bytes} bytes, expected ${body.length}`)
      }
    }
    // Complete: the claim stays in the folder (it names the writer).
  }
}

/** Write every chunk to each target, waiting for the slowest (backpressure from all of them). */
function fanOut(targets: PassThrough[]): Writable {
  return new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _encoding, done) {
      let waiting = 0
      for (const target of targets) {
        if (!target.write(chunk)) {
          waiting++
          target.once('drain', () => --waiting === 0 && done())
        }
      }
      if (waiting === 0) done()
    },
    final(done) {
      for (const target of targets) target.end()
      done()
    },
    destroy(error, done) {
      // Only a failure tears the targets down. After a normal end they may still hold data that
      // a slower storage has not read yet: destroying them then cut the file short.
      if (error) for (const target of targets) target.destroy(error)
      done(error)
    }
  })
}
