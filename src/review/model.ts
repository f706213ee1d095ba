import type { LedgerEvent } from '../notify/ledger.js'
import type { SnapshotState } from '../snapshot/catalog.js'
import type { VerifyVerdict } from '../vocabulary.js'

// The monthly review's model: what review/build.ts builds and review/markdown.ts
// renders. Types only, so the builder and the renderer depend on it, not on each other.

export interface DrillEntry {
  key: string
  drilledAt: string
  snapshotId: string
  verified: boolean
  rtoSeconds: number
  error?: string
  operator?: string
  notes?: string
}

export interface RedLine {
  location: string
  /**
   * snapshot, ledger, drill, legacy: past the hard limit. damaged, foreign: a snapshot with a file
   * missing, or a folder or key that is none of the tool's (issue 15), whatever their age.
   */
  what: 'snapshot' | 'ledger' | 'drill' | 'legacy' | 'damaged' | 'foreign'
  /** The snapshot folder, or the object key. */
  key: string
  /** damaged and foreign: what is wrong. */
  why?: string
  time: string
  ageDays: number
}

export interface SnapshotRow {
  id: string
  state: SnapshotState
  kind?: string
  bytes: number
  durationSeconds?: number
  operator?: string
  notes?: string
  problem?: string
}

/** A complete snapshot and the newest verify run that read it (review/verifications.ts). */
export interface VerificationRow {
  id: string
  kind?: string
  /** The start of that verify run; absent: never verified. */
  lastVerified?: string
  verdict?: VerifyVerdict
  /** Files that run could not read (archived) or found bad. */
  archived?: number
  failed?: number
  runUrl?: string
}

export interface MonthRow {
  month: string
  complete: number
  damaged: number
  incomplete: number
  unknown: number
  legacy: number
  bytes: number
  /** Stored bytes of the month's newest complete snapshot. */
  newestCompleteBytes?: number
  /** Versus the month before that had a complete snapshot, in percent. */
  growthPercent?: number
}

export interface DayPoint {
  day: string
  /** Of the day's newest complete snapshot; undefined when the day has none. */
  bytes?: number
  durationSeconds?: number
  snapshotId?: string
}

export interface Review {
  formatVersion: 1
  environment: string
  generatedAt: string
  period: { from: string; to: string; days: number }
  location: string
  hardLimit: { months: number; before: string }
  inventory: {
    total: Record<SnapshotState, number>
    totalBytes: number
    byMonth: MonthRow[]
    /** Snapshots started within the period, oldest first. */
    period: SnapshotRow[]
    /** Incomplete or unknown snapshots older than a day, whatever their month (prune's work). */
    stale: SnapshotRow[]
  }
  gaps: {
    windowDays: number
    /** The first UTC day judged (the window's, or the day the environment's history starts). */
    from: string
    to: string
    judgedDays: number
    days: string[]
  }
  redLines: RedLine[]
  drills: DrillEntry[]
  /** Every complete snapshot, newest first, with when verify last read it. */
  verification: {
    snapshots: VerificationRow[]
    verified: number
    /** Last verified with archived files not read (partial, or archived alone). */
    partly: number
    failed: number
    never: number
    /** The newest verify run in the ledger. */
    lastRun?: string
  }
  daily: DayPoint[]
  ledger: {
    total: number
    /** Events of the period, oldest first. */
    events: LedgerEvent[]
  }
  problems: string[]
}
