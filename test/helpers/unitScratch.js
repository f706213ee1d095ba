// globalSetup of the unit project: its tests' scratch folders (os.tmpdir()) go to memory, /dev/shm,
// where the machine has it and TMPDIR is not set. The prune tests copy a tree of ~900 files per
// test; on a virtual disk creating those files, not the code under test, set the suite's time.
// Jest starts its workers after this runs, and they inherit the environment.
import fs from 'node:fs'
import path from 'node:path'

export default function unitScratch() {
  if (process.env.TMPDIR) return
  const dir = path.join('/dev/shm', `luneo-unit-${process.getuid?.() ?? 'user'}`)
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    fs.accessSync(dir, fs.constants.W_OK)
  } catch {
    return // no tmpfs here: the usual temporary folder
  }
  process.env.TMPDIR = dir
}
