import fsCallbacks, { constants as fsConstants } from 'node:fs'

// The file system calls the archive makes once per file, and how any fs error reads in the
// uploads messages (backup and restore alike).

// Metadata calls (open, fstat, close) are synchronous, as GNU tar makes them: through the thread
// pool, each one's hand-off cost more than the call (on 2 cores it contends with the pool's
// threads). Content reads stay on the pool, so the files read ahead are read concurrently: on a
// cold disk that is what keeps the archive near tar's pace. Measured on 5,000 media files
// (docs/benchmarks.md): all five calls on the pool 1.42-1.51 s warm, 1.6-2.5 s cold; all
// synchronous 1.20-1.26 s warm but 2.0 s cold; this split 1.29-1.46 s warm, 1.50-1.57 s cold.
// Errors become rejections either way, so every caller handles them the same.
function syncCall<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call())
  } catch (error) {
    return Promise.reject(error as Error)
  }
}

export const openFile = (abs: string) =>
  syncCall(() =>
    fsCallbacks.openSync(abs, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | O_NONBLOCK)
  )

export const fstat = (fd: number) => syncCall(() => fsCallbacks.fstatSync(fd))

export const readFd = (
  fd: number,
  buffer: Buffer,
  offset: number,
  length: number,
  position: number
) =>
  new Promise<number>((resolve, reject) =>
    fsCallbacks.read(fd, buffer, offset, length, position, (error, bytesRead) =>
      error ? reject(error) : resolve(bytesRead)
    )
  )

/** Close, ignoring errors (a read-only descriptor has nothing left to lose). */
export const closeFd = (fd: number) =>
  syncCall(() => {
    try {
      fsCallbacks.closeSync(fd)
    } catch {
      // nothing to lose
    }
  })

// O_NONBLOCK is not in every platform's fs.constants typing; Linux and macOS have it.
export const O_NONBLOCK = (fsConstants as Record<string, number>).O_NONBLOCK ?? 0
