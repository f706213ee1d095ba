import os from 'node:os'
import { text } from 'node:stream/consumers'
import { IN_PROGRESS_HOURS } from '../retention/policy.js'
import { CLAIM_NAME, type ClaimHolder, type Storage } from '../storage/storage.js'
import { UserError, errorLine } from '../util/errors.js'
import type { SnapshotEntry } from './catalog.js'
import { MANIFEST_NAME } from './layout.js'

// A snapshot folder that a failed run left behind (issue 15: adopt again after a failed adopt):
// files, no manifest.json, and no claim of a run that may still be writing. Such a folder is
// never restored nor counted (incomplete); adopt, whose folder name is fixed by the legacy time,
// removes it and writes the snapshot again. Anything else at that name is refused: a manifest
// (complete, damaged, unreadable or invalid), or a claim that a live run may hold.
//
// A claim is taken for live unless it names this host and a process that no longer runs, or is
// older than prune's in-progress window (a run on another machine cannot be asked).

export interface Leftover {
  storage: Storage
  entry: SnapshotEntry
}

/** Why a claim object may belong to a run still writing; undefined when it cannot. */
async function liveClaim(
  storage: Storage,
  key: string,
  stored: Date,
  now: Date
): Promise<string | undefined> {
  let holder: Partial<ClaimHolder> | null
  try {
    holder = JSON.parse(await text(await storage.get(key))) as Partial<ClaimHolder> | null
  } catch (error) {
    return `its claim ${storage.uriOf(key)} cannot be read (${errorLine(error)})`
  }
  if (typeof holder?.token !== 'string') {
    return `its claim ${storage.uriOf(key)} names no run of this tool`
  }
  const since = Date.parse(holder.startedAt ?? '') || stored.getTime()
  const who = `pid ${holder.pid} on ${holder.host}, since ${new Date(since).toISOString()}`
  if (holder.host === os.hostname() && typeof holder.pid === 'number') {
    return running(holder.pid) ? `it is claimed by a running process (${who})` : undefined
  }
  if (now.getTime() - since >= IN_PROGRESS_HOURS * 3_600_000) return undefined
  return `it is claimed by a run on another host that may still be writing (${who}; a claim counts as abandoned after ${IN_PROGRESS_HOURS} hours)`
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The folders already at `id` in these storages (one catalog each, in the same order), judged:
 * every one a failed run's leftovers (`leftovers`, maybe none), or why they must stay.
 */
export async function judgeLeftovers(
  storages: Storage[],
  catalogs: Array<{ entries: SnapshotEntry[] }>,
  id: string,
  now = new Date()
): Promise<{ leftovers: Leftover[] } | { refused: string }> {
  const leftovers: Leftover[] = []
  for (const [i, storage] of storages.entries()) {
    const entry = catalogs[i].entries.find((e) => e.id === id)
    if (!entry) continue
    const manifest = entry.objects.some((o) => o.key === `${entry.prefix}${MANIFEST_NAME}`)
    if (entry.state !== 'incomplete' || manifest) {
      return {
        refused: `snapshot folder ${id} is already there (${entry.state}${entry.problem ? `: ${entry.problem}` : ''})`
      }
    }
    for (const o of entry.objects) {
      if (!o.key.slice(entry.prefix?.length ?? 0).startsWith(CLAIM_NAME)) continue
      const live = await liveClaim(storage, o.key, o.lastModified, now)
      if (live) {
        return {
          refused: `snapshot folder ${storage.uriOf(entry.prefix ?? '')} is incomplete and ${live}`
        }
      }
    }
    leftovers.push({ storage, entry })
  }
  return { leftovers }
}

/**
 * Remove a failed run's leftovers: every object (every version). Its open multipart uploads, if
 * any, are prune's to abort once a day old (adopt's IAM policy does not list them).
 */
export async function removeLeftovers(leftovers: Leftover[]): Promise<string[]> {
  const lines: string[] = []
  for (const { storage, entry } of leftovers) {
    const where = storage.uriOf(entry.prefix ?? '')
    const { held } = await storage.delete(entry.objects.map((o) => o.key))
    if (held.length > 0) {
      throw new UserError(
        `${where}: ${held.length} object(s) of a failed run are held by Object Lock: the folder cannot be written again until they can be deleted`
      )
    }
    lines.push(
      `${where}: removed what a failed run left (${entry.objects.length} object(s), no manifest)`
    )
  }
  return lines
}
