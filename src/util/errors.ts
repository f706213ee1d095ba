import type { Outputs } from '../vocabulary.js'
import { redact } from './redact.js'

/** A failure whose message is already the one line the user should read. */
export class UserError extends Error {
  /** Outputs still worth setting when the command fails (e.g. where a failed drill's report is). */
  outputs?: Outputs
  /** Several independent problems found at once (the message joins them): one line each. */
  problems?: string[]

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'UserError'
  }
}

/** Bad inputs: the CLI exits 2 for these. */
export class ConfigError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** One redacted line for any thrown value. */
export function errorLine(error: unknown): string {
  const raw = error instanceof Error ? error.message || error.name : String(error)
  return redact(raw.split('\n')[0].trim() || 'unknown error')
}

/** Plainer words than Node's for the file-system failures users meet most. */
const FS_REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EACCES: 'permission denied',
  EROFS: 'read-only file system',
  ENOTDIR: 'a path component is not a folder',
  EEXIST: 'a file is in the way'
}

/**
 * A file-system error as `CODE: what it means` (the caller's message names the path), anything
 * else as its message: one helper for storage and sources alike.
 */
export function fsErrorLine(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  if (!e?.code) return String(e?.message ?? e)
  return `${e.code}: ${FS_REASONS[e.code] ?? e.message.replace(/^[A-Z]+: /, '')}`
}

/**
 * Several parts of a pipeline fail together when one breaks (a dead pg_dump ends the upload too).
 * The first failure recorded is the cause the user must see; later ones are consequences.
 */
export class FirstFailure {
  private first: unknown
  private failed = false
  readonly controller = new AbortController()

  record(error: unknown): void {
    if (!this.failed) {
      this.failed = true
      this.first = error
      this.controller.abort(error)
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  /** Run a part of the pipeline; its failure is recorded and aborts the others. */
  async track<T>(work: Promise<T>): Promise<T | undefined> {
    try {
      return await work
    } catch (error) {
      this.record(error)
      return undefined
    }
  }

  throwIfFailed(): void {
    if (this.failed) throw this.first
  }
}
