import type { Readable } from 'node:stream'
import type { RedisStats } from '../../snapshot/manifest.js'
import type { ProgressCount } from '../../util/progress.js'
import type { RedisServer } from './info.js'

/** A Redis backup on its way: the RDB from SYNC (sync.ts) or the logical dump (logical.ts). */
export interface RedisDump {
  mode: 'rdb' | 'logical'
  /** redis.rdb, or redis.resp before the compression suffix. */
  fileName: string
  /** RDB is stored as it is (it compresses its own values); the logical dump is compressed. */
  compressible: boolean
  stream: Readable
  server: RedisServer
  /** The RDB's exact length when the master announced it (`$<length>`), for the upload's plan. */
  bytes?: number
  /**
   * What the progress line counts: the RDB's bytes of its announced length, else keys against
   * the INFO keyspace count (a diskless RDB, a logical dump).
   */
  progress(): ProgressCount
  /** Known once the stream has ended. */
  facts(): RedisStats
  close(): void
}
