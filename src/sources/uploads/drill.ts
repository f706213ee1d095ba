import fs from 'node:fs/promises'
import path from 'node:path'
import type { Manifest } from '../../snapshot/manifest.js'
import {
  UPLOADS_DRILL_MARKER_SUFFIX,
  checkDrillTarget,
  isDrillMarker,
  refuseSource
} from '../drillTarget.js'

// What a drill may restore uploads into, and the marker that says a drill wrote it.

/**
 * Where a drill marks an uploads target: a file beside the folder, not in it. The restore swaps
 * a verified staging folder into the target's place (one rename), so a marker inside would be
 * replaced with the old contents, would have to be put into every staging folder, and would be a
 * file the snapshot's index does not list; beside it, it survives the swap and can be written
 * before the folder even exists.
 */
export function drillMarkerPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}${UPLOADS_DRILL_MARKER_SUFFIX}`)
}

/** The drill rules for a folder (drillTarget.ts): not the source (nor in it), empty or marked. */
export async function checkUploadsDrillTarget(
  target: string,
  existing: string[],
  manifest: Manifest,
  force: boolean
): Promise<void> {
  const what = `target-uploads-dir ${target}`
  const source = manifest.sources.uploads?.identity?.realPath
  const real = await realPathOf(target)
  if (source) {
    const why =
      real === source
        ? 'the same folder (symlinks resolved)'
        : real.startsWith(source + path.sep)
          ? 'it is inside that folder'
          : source.startsWith(real + path.sep)
            ? 'it holds that folder'
            : undefined
    if (why) throw refuseSource(what, source, why)
  }
  const marker = await fs.readFile(drillMarkerPath(target), 'utf8').catch(() => undefined)
  checkDrillTarget({
    what,
    holds: existing.length > 0 ? `${existing.length} entries (e.g. ${existing[0]})` : undefined,
    marked: isDrillMarker(marker),
    force
  })
}

/** The real path of a folder that may not exist yet: its nearest existing ancestor's, resolved. */
async function realPathOf(dir: string): Promise<string> {
  const rest: string[] = []
  for (let at = dir; ; at = path.dirname(at)) {
    try {
      return path.join(await fs.realpath(at), ...rest.reverse())
    } catch {
      if (path.dirname(at) === at) return dir
      rest.push(path.basename(at))
    }
  }
}
