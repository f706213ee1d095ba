// The words every part of the tool shares, in one place: commands, compressions, SSE modes, Redis
// modes, snapshot kinds, alert settings and the sources a snapshot holds. config.ts validates
// inputs against these lists; everything else imports the types from here, not from config.

export const COMMANDS = [
  'backup',
  'prune',
  'restore',
  'drill',
  'report',
  'check',
  'lifecycle',
  'adopt'
] as const
export const COMPRESSIONS = ['gzip', 'zstd', 'none'] as const
export const SSE_MODES = ['AES256', 'aws:kms', 'none'] as const
export const REDIS_MODES = ['auto', 'rdb', 'logical'] as const
export const KINDS = ['daily', 'monthly', 'adhoc'] as const
export const NOTIFY_ON = ['failure', 'always'] as const
export const SOURCES = ['postgres', 'redis', 'uploads'] as const

export type Command = (typeof COMMANDS)[number]
export type Compression = (typeof COMPRESSIONS)[number]
export type SseMode = (typeof SSE_MODES)[number]
export type Kind = (typeof KINDS)[number]
export type Source = (typeof SOURCES)[number]
