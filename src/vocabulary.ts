// The words every part of the tool shares, in one place: commands, compressions, SSE modes, Redis
// modes, snapshot kinds, alert settings, the sources a snapshot holds and the outputs. config.ts validates
// inputs against these lists; everything else imports the types from here, not from config.

export const COMMANDS = [
  'backup',
  'prune',
  'restore',
  'drill',
  'report',
  'check',
  'lifecycle',
  'verify',
  'list',
  'destroy-key',
  'adopt'
] as const
export const COMPRESSIONS = ['gzip', 'zstd', 'none'] as const
export const SSE_MODES = ['AES256', 'aws:kms', 'none'] as const
/** Client-side encryption of the data files: none, or age to public keys (src/encryption/). */
export const ENCRYPTIONS = ['none', 'age'] as const
export const REDIS_MODES = ['auto', 'rdb', 'logical'] as const
export const KINDS = ['daily', 'monthly', 'adhoc'] as const
export const NOTIFY_ON = ['failure', 'always'] as const
export const SOURCES = ['postgres', 'redis', 'uploads'] as const
/** verify's verdict on one snapshot (verify/verifySnapshot.ts), as the ledger records it. */
export const VERIFY_VERDICTS = ['verified', 'partial', 'archived', 'failed'] as const

/** Every output a command may set, as action.yml declares them (a test holds the two equal). */
export const OUTPUTS = [
  'snapshot-id',
  'snapshot-uri',
  'bytes',
  'duration-seconds',
  'restored',
  'not-restored',
  'verified',
  'archived-files',
  'rto-seconds',
  'drill-report',
  'drill-report-file',
  'newest-snapshot-id',
  'age-hours',
  'sources',
  'kept',
  'deleted',
  'bytes-freed',
  'report-dir',
  'report-md',
  'report-json',
  'ledger-csv',
  'red-lines',
  'gaps',
  'complete-snapshots',
  'aws-backup-red-lines',
  'held',
  'periods-emptied',
  'period',
  'adopted',
  'already-adopted',
  'not-adopted',
  'recorded',
  'snapshots'
] as const

export type Command = (typeof COMMANDS)[number]
export type OutputName = (typeof OUTPUTS)[number]
/** A command's outputs: only declared names (the compiler refuses any other). */
export type Outputs = Partial<Record<OutputName, string | number | boolean>>
export type Compression = (typeof COMPRESSIONS)[number]
export type SseMode = (typeof SSE_MODES)[number]
export type Kind = (typeof KINDS)[number]
export type Source = (typeof SOURCES)[number]
export type VerifyVerdict = (typeof VERIFY_VERDICTS)[number]
