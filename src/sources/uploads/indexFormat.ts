import type { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { z } from 'zod'
import { UserError } from '../../util/errors.js'

// uploads.index.json.gz: every entry of the archive with its type, size, mode, mtime, link target
// and the SHA-256 of the bytes archived. One schema for both sides: the backup writes it
// (IndexWriter), the restore reads it back (parseIndex) as its plan.

export const UPLOADS_INDEX_NAME = 'uploads.index.json.gz'
const INDEX_FORMAT_VERSION = 1
const INDEX_WRITE = 64 * 1024

const indexEntrySchema = z.object({
  path: z.string().min(1),
  type: z.enum(['file', 'directory', 'symlink']),
  size: z.number().int().nonnegative().optional(),
  mtime: z.iso.datetime(),
  mode: z.string().regex(/^[0-7]{1,6}$/),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  linkname: z.string().optional(),
  change: z.string().optional()
})

const indexSchema = z.object({
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  archive: z.string(),
  root: z.string().min(1),
  entries: z.array(indexEntrySchema)
})

export type UploadsIndexEntry = z.infer<typeof indexEntrySchema>
export type UploadsIndex = z.infer<typeof indexSchema>

/** The index, parsed and checked against the schema; `name` is the file it came from. */
export function parseIndex(text: string, name: string): UploadsIndex {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new UserError(`${name} is not valid JSON: ${(error as Error).message}`)
  }
  const parsed = indexSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new UserError(
      `${name} is not an uploads index: ${issue.path.join('.') || '(root)'}: ${issue.message}`
    )
  }
  return parsed.data
}

/**
 * The index, spooled to a temporary file as JSON so that memory does not grow with the tree;
 * entries are gathered into writes of about INDEX_WRITE bytes.
 */
export class IndexWriter {
  private first = true
  private pending = ''
  private failure: Error | undefined

  constructor(
    private readonly out: Writable,
    private readonly archive: string,
    private readonly root: string
  ) {
    // A write that fails (or is cut short when the archive is abandoned) surfaces on the next
    // add() or in end(), never as an unhandled 'error' event.
    out.on('error', (error: Error) => (this.failure ??= error))
  }

  start(): void {
    const head = { formatVersion: INDEX_FORMAT_VERSION, archive: this.archive, root: this.root }
    this.pending = JSON.stringify(head).slice(0, -1) + ',"entries":[\n'
  }

  async add(entry: UploadsIndexEntry): Promise<void> {
    this.pending += (this.first ? '' : ',\n') + JSON.stringify(entry)
    this.first = false
    if (this.pending.length >= INDEX_WRITE) {
      const text = this.pending
      this.pending = ''
      await this.write(text)
    }
  }

  async end(): Promise<void> {
    if (this.failure) throw this.failure
    this.out.end(this.pending + '\n]}\n')
    this.pending = ''
    await finished(this.out)
  }

  private async write(text: string): Promise<void> {
    if (this.failure) throw this.failure
    if (!this.out.write(text)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => reject(error)
        this.out.once('error', onError)
        this.out.once('drain', () => {
          this.out.off('error', onError)
          resolve()
        })
      })
    }
  }
}
