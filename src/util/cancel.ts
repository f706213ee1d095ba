// The run's cancellation: one signal every long piece of work listens to, and the cleanups
// (claims to release, temporary files to remove) that must run when the run is cancelled.
// Signal handling itself (SIGINT/SIGTERM -> cancel) is wired by the entry points.

const controller = new AbortController()
const cleanups = new Set<() => Promise<void> | void>()

/** Aborted once the run is cancelled; its reason is the CancelledError. */
export const runSignal: AbortSignal = controller.signal

export class CancelledError extends Error {
  constructor(readonly signalName: string) {
    super(`cancelled by ${signalName}`)
    this.name = 'CancelledError'
  }
}

/** Register work to undo on cancellation; call the returned function once it is no longer needed. */
export function onCancel(cleanup: () => Promise<void> | void): () => void {
  cleanups.add(cleanup)
  return () => void cleanups.delete(cleanup)
}

/** Cancel the run: abort runSignal, then run every registered cleanup (each at most once). */
export async function cancelRun(signalName: string): Promise<void> {
  if (!controller.signal.aborted) controller.abort(new CancelledError(signalName))
  const pending = [...cleanups]
  cleanups.clear()
  await Promise.allSettled(pending.map(async (cleanup) => cleanup()))
}
