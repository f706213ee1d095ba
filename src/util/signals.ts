import { cancelRun } from './cancel.js'

// SIGINT and SIGTERM, for both entry points. GitHub cancels a job with SIGINT, then SIGTERM 7.5 s
// later, then SIGKILL 2.5 s after that; Kubernetes sends SIGTERM and waits 30 s. So the first
// signal cancels the run (cancelRun: children stopped, uploads aborted, temporary files removed),
// the outcome is recorded and announced in a few seconds, and the process exits 130 or 143. A
// second signal, or the deadline, ends the process at once.

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES

/** From the first signal to exit at the latest: before GitHub's SIGTERM at 7.5 s. */
const CANCEL_DEADLINE_MS = 6_000
/**
 * How long the command may take to undo its work before the outcome is reported; with the report's
 * own bounds (notify/outcome.ts CANCELLED_BUDGET) it fits in the deadline.
 */
export const UNWIND_MS = 2_000

let received: StopSignal | undefined

/** The first stop signal this process received, if any. */
export function stoppedBy(): StopSignal | undefined {
  return received
}

export function exitCodeOf(signal: StopSignal): number {
  return SIGNAL_EXIT_CODES[signal]
}

/** Install the handlers; `say` prints one line (stderr for the CLI, a warning in the action). */
export function handleStopSignals(say: (line: string) => void): void {
  for (const name of Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]) {
    process.on(name, () => {
      if (received) {
        say(`${name} during cleanup: exiting now`)
        process.exit(exitCodeOf(name))
      }
      received = name
      say(
        `${name}: cancelling the run (children stopped, uploads aborted, temporary files removed; exit within ${CANCEL_DEADLINE_MS / 1000} s)`
      )
      // Not unref'd: it also keeps a run whose cleanup waits on nothing alive from ending as a
      // success. A run done before it exits explicitly (src/cli.ts, src/index.ts).
      setTimeout(() => {
        say(`cleanup unfinished after ${CANCEL_DEADLINE_MS / 1000} s: exiting`)
        process.exit(exitCodeOf(name))
      }, CANCEL_DEADLINE_MS)
      void cancelRun(name)
    })
  }
}

/** Wait until stdout and stderr have taken everything written so far (then exiting loses nothing). */
export async function flushOutput(): Promise<void> {
  const flushed = Promise.all(
    [process.stdout, process.stderr].map(
      (stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))
    )
  )
  // A reader that stopped reading must not keep the process alive.
  await Promise.race([flushed, new Promise((resolve) => setTimeout(resolve, 1_000).unref())])
}
