import type { Config } from '../config.js'
import type { Log } from '../log.js'
import { planCatalog, pruneRefuses } from '../retention/catalogPlan.js'
import { readCatalog } from '../snapshot/catalog.js'
import { joinListings, type StorageListing } from '../snapshot/inventory.js'
import { listMarkdown, listText } from '../snapshot/inventoryText.js'
import { environmentPrefix } from '../snapshot/layout.js'
import { openLegacyRoot, openStorages } from '../storage/open.js'
import type { Storage } from '../storage/storage.js'
import type { CommandResult } from './result.js'

// list: every snapshot of an environment, newest first, in every storage the config names (and
// the old script's legacy-root): its state, kind, age, size, sources, where it is, and what the
// next prune does with it, from the very plan prune makes (retention/catalogPlan.ts). It reads
// listings and manifests only (manifests are plaintext, encrypted snapshots included: no key is
// needed) and writes nothing but its ledger event, as every command does. An empty environment
// is not an error: list is not check.

export async function list(config: Config, log: Log, now = new Date()): Promise<CommandResult> {
  const policy = {
    dailyRetentionDays: config.dailyRetentionDays,
    monthlyRetentionMonths: config.monthlyRetentionMonths
  }
  const targets: Array<{ storage: Storage; label: string; flat: boolean }> = (
    await openStorages(config, log)
  ).map((storage) => ({
    storage,
    label: storage.location.startsWith('s3://') ? 's3' : 'folder',
    flat: false
  }))
  const legacyRoot = openLegacyRoot(config)
  if (legacyRoot) targets.push({ storage: legacyRoot, label: 'legacy-root', flat: true })

  const listings: StorageListing[] = []
  for (const { storage, label, flat } of targets) {
    const base = flat ? '' : environmentPrefix(config.environment)
    const where = storage.uriOf(base)
    const catalog = await log.group(`List ${where}`, async () => {
      const read = await readCatalog(storage, config.environment, { flat })
      log.info(
        `${where}: ${read.entries.length} snapshot folder(s), ${read.foreign.length} foreign key(s) or folder(s)`
      )
      return read
    })
    const plan = planCatalog(catalog.entries, now, policy)
    listings.push({
      label,
      where,
      base,
      uriOf: (key) => storage.uriOf(key),
      catalog,
      plan,
      refuses: pruneRefuses(plan, flat)
    })
  }

  const rows = joinListings(listings, now)
  return {
    outputs: { snapshots: JSON.stringify(rows) },
    summary: listMarkdown(config.environment, listings, rows),
    text: listText(config.environment, listings, rows),
    json: rows
  }
}
