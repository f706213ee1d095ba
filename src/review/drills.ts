import { text } from 'node:stream/consumers'
import { z } from 'zod'
import { DRILLS_FOLDER, sidePrefix } from '../snapshot/layout.js'
import type { Storage } from '../storage/storage.js'
import { errorLine } from '../util/errors.js'
import type { DrillEntry } from './model.js'

// The drill reports drill writes under <env>/drills/, read back for the review; a file that is not
// one is a problem the review lists, not a crash.

const drillSchema = z
  .object({
    drilledAt: z.iso.datetime(),
    snapshot: z.object({ id: z.string(), kind: z.string().optional() }).loose(),
    verified: z.boolean(),
    rtoSeconds: z.number().nonnegative(),
    error: z.string().optional(),
    operator: z.string().optional(),
    notes: z.string().optional()
  })
  .loose()

export async function readDrills(
  storage: Storage,
  environment: string
): Promise<{ drills: DrillEntry[]; problems: string[] }> {
  const drills: DrillEntry[] = []
  const problems: string[] = []
  for await (const object of storage.list(sidePrefix(environment, DRILLS_FOLDER))) {
    if (!object.key.endsWith('.json')) continue
    try {
      const parsed = drillSchema.safeParse(JSON.parse(await text(await storage.get(object.key))))
      if (!parsed.success) {
        problems.push(`${object.key}: not a drill report`)
        continue
      }
      const d = parsed.data
      drills.push({
        key: object.key,
        drilledAt: d.drilledAt,
        snapshotId: d.snapshot.id,
        verified: d.verified,
        rtoSeconds: d.rtoSeconds,
        error: d.error,
        operator: d.operator,
        notes: d.notes
      })
    } catch (error) {
      problems.push(`${object.key}: ${errorLine(error)}`)
    }
  }
  return { drills, problems }
}
