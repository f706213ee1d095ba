import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { LocalStorage } from './local.js'
import type { Storage } from './storage.js'

/**
 * The storages a config names: S3 first (when set), then the local folder. The S3 code and the
 * AWS SDK are loaded only when S3 is used: they are most of the bundle's start-up time.
 */
export async function openStorages(config: Config, log: Log): Promise<Storage[]> {
  const storages: Storage[] = []
  if (config.s3) {
    const { S3Storage } = await import('./s3.js')
    storages.push(new S3Storage(config.s3, log))
  }
  if (config.backupRoot) storages.push(new LocalStorage(config.backupRoot))
  return storages
}

/** The old script's flat folder (`legacy-root`: `backups/<timestamp>/`), when one is named. */
export function openLegacyRoot(config: Config): Storage | undefined {
  return config.legacyRoot ? new LocalStorage(config.legacyRoot) : undefined
}
