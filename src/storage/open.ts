import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { LocalStorage } from './local.js'
import { S3Storage } from './s3.js'
import type { Storage } from './storage.js'

/** Every storage the config names: S3, a local folder, or both (S3 first). */
export function openStorages(config: Config, log: Log): Storage[] {
  const storages: Storage[] = []
  if (config.s3) storages.push(new S3Storage(config.s3, log))
  if (config.backupRoot) storages.push(new LocalStorage(config.backupRoot))
  return storages
}
