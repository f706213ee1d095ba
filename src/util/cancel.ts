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

/**
 * Register work to undo on cancellation; call the returned function once it is no longer needed.
 * Registered after the cancel, it runs at once (cancelRun has already run the others).
 */
export function onCancel(cleanup: () => Promise<void> | void): () => void {
  if (runSignal.aborted) {
    void Promise.resolve()
      .then(cleanup)
      .catch(() => undefined)
    return () => undefined
  }
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

/** Throw the CancelledError once the run is cancelled: call it before starting a long step. */
export function throwIfCancelled(): void {
  if (runSignal.aborted) throw runSignal.reason
}

/**
 * The command's result, unless the run is cancelled first: then the command gets `unwindMs` to
 * finish undoing its work (abort uploads, remove temporary files) and the CancelledError is thrown
 * whatever it did, unless it completed in that time (its result stands: it is true).
 */
export async function unlessCancelled<T>(work: Promise<T>, unwindMs: number): Promise<T> {
  const settled = work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error })
  )
  let stop: () => void = () => undefined
  const cancelled = new Promise<'cancelled'>((resolve) => {
    if (runSignal.aborted) return resolve('cancelled')
    stop = () => resolve('cancelled')
    runSignal.addEventListener('abort', stop, { once: true })
  })
  const first = await Promise.race([settled, cancelled])
  runSignal.removeEventListener('abort', stop)
  if (first !== 'cancelled' && !runSignal.aborted) {
    if ('error' in first) throw first.error
    return first.value
  }
  let timer: NodeJS.Timeout | undefined
  const unwound = await Promise.race([
    settled,
    new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), unwindMs)))
  ])
  clearTimeout(timer)
  if (unwound && 'value' in unwound) return unwound.value
  throw runSignal.reason
}
