import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import tar from 'tar-stream'
import { backup } from '../../src/commands/backup.js'
import { parseManifest, type FileEntry, type Manifest } from '../../src/snapshot/manifest.js'
import { ChecksumError } from '../../src/snapshot/reader.js'
import { UPLOADS_INDEX_NAME, type UploadsIndex } from '../../src/sources/uploads/indexFormat.js'
import { restoreUploads } from '../../src/sources/uploads/restore.js'
import { LocalStorage } from '../../src/storage/local.js'
import type { Storage } from '../../src/storage/storage.js'
import { config, fixedTime, sha256 } from '../helpers/uploads.js'
import { testLog } from '../helpers/log.js'

// Restoring uploads from real snapshots that the backup command wrote to a LocalStorage target
// (backup-root) in a temporary folder, and from crafted ones whose manifest hashes match, so that
// only the restore's own checks stand between a hostile archive and the file system.

const temps: string[] = []

async function tempDir(label: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `uploads-restore-test-${label}-`))
  temps.push(dir)
  return dir
}

afterAll(async () => {
  // Restored trees hold read-only folders: open them up first (root needs not, others do).
  for (const dir of temps) {
    execFileSync('chmod', ['-R', 'u+rwX', dir])
    await fs.rm(dir, { recursive: true, force: true })
  }
})

/** Nested and empty folders, unicode names, symlinks (inside the folder), modes and mtimes. */
async function buildTree(parent: string): Promise<string> {
  const root = path.join(parent, 'uploads')
  const file = async (rel: string, data: string | Buffer, mode = 0o644, i = 0) => {
    const abs = path.join(root, rel)
    await fs.mkdir(path.dirname(abs), { recursive: true })
    await fs.writeFile(abs, data)
    await fs.chmod(abs, mode)
    await fs.utimes(abs, fixedTime(i), fixedTime(i))
  }
  await file('a/b/c/deep.txt', 'deep inside\n')
  await file('ünïcödé 文件.txt', 'unicode name\n', 0o600, 1)
  await file('with space/file name.txt', 'spaces\n', 0o644, 2)
  await file('scripts/run.sh', '#!/bin/sh\necho hi\n', 0o755, 3)
  await file('empty-file.txt', '', 0o644, 4)
  await file('big.bin', Buffer.alloc(2 * 1024 * 1024 + 17, 7), 0o644, 5)
  const longDir = 'l'.repeat(60) + '/' + 'o'.repeat(60) + '/' + 'n'.repeat(60)
  await file(`${longDir}/${'g'.repeat(120)}.txt`, 'a long path\n', 0o644, 6)
  for (let i = 0; i < 40; i++) {
    await file(`many/${i % 4}/photo-${i}.jpg`, Buffer.alloc(100 + i * 37, i), 0o644, i)
  }
  await fs.mkdir(path.join(root, 'empty'), { recursive: true })
  await fs.mkdir(path.join(root, 'a/empty-nested'), { recursive: true })
  await fs.mkdir(path.join(root, 'private'), { mode: 0o700 })
  await fs.chmod(path.join(root, 'private'), 0o700)
  await file('private/secret.txt', 'secret\n', 0o600, 8)
  await fs.mkdir(path.join(root, 'read-only'))
  await file('read-only/kept.txt', 'kept\n', 0o444, 9)
  await fs.symlink('a/b/c/deep.txt', path.join(root, 'link-to-deep'))
  await fs.symlink('../b', path.join(root, 'a/empty-nested/link-to-b'))
  await fs.symlink('missing-target', path.join(root, 'dangling'))
  // Folder modes and mtimes last, since adding entries changes mtimes.
  await fs.chmod(path.join(root, 'read-only'), 0o555)
  const dirs = ['empty', 'a/empty-nested', 'a/b/c', 'private', 'many/3', 'read-only', '.']
  for (const [i, dir] of dirs.entries()) {
    await fs.utimes(path.join(root, dir), fixedTime(100 + i), fixedTime(100 + i))
  }
  return root
}

interface Node {
  type: 'file' | 'directory' | 'symlink' | 'other'
  mode?: number
  mtime?: number
  size?: number
  link?: string
  sha256?: string
}

/** Every entry under `root` by relative path ('' for root), lstat'ed, never following links. */
async function snapshotTree(root: string): Promise<Map<string, Node>> {
  const out = new Map<string, Node>()
  const visit = async (abs: string, rel: string) => {
    const st = await fs.lstat(abs)
    const type = st.isDirectory()
      ? 'directory'
      : st.isSymbolicLink()
        ? 'symlink'
        : st.isFile()
          ? 'file'
          : 'other'
    // Link mode and mtime are not meaningful on Linux; the target is what matters.
    const node: Node =
      type === 'symlink'
        ? { type, link: await fs.readlink(abs) }
        : { type, mode: st.mode & 0o7777, mtime: Math.floor(st.mtimeMs / 1000) }
    if (type === 'file') {
      node.size = st.size
      node.sha256 = sha256(await fs.readFile(abs))
    }
    out.set(rel, node)
    if (type === 'directory') {
      for (const name of await fs.readdir(abs)) {
        await visit(path.join(abs, name), rel ? `${rel}/${name}` : name)
      }
    }
  }
  await visit(root, '')
  return out
}

function expectSameTree(got: Map<string, Node>, want: Map<string, Node>) {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort())
  for (const [rel, node] of want) expect({ rel, ...got.get(rel) }).toEqual({ rel, ...node })
}

async function readManifest(dir: string): Promise<Manifest> {
  return parseManifest(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8'))
}

/** The only snapshot of a backup-root's `test` environment. */
async function onlySnapshot(backupRoot: string) {
  const ids = await fs.readdir(path.join(backupRoot, 'test'))
  expect(ids).toHaveLength(1)
  const dir = path.join(backupRoot, 'test', ids[0])
  return {
    dir,
    manifest: await readManifest(dir),
    storage: new LocalStorage(backupRoot),
    keyOf: (name: string) => `test/${ids[0]}/${name}`
  }
}

/** What a parent folder holds besides the expected names: staging or set-aside leftovers. */
async function leftovers(parent: string, expected: string[]): Promise<string[]> {
  return (await fs.readdir(parent)).filter((n) => !expected.includes(n))
}

describe('uploads restore: round trip', () => {
  let source: string
  let want: Map<string, Node>
  let snap: Awaited<ReturnType<typeof onlySnapshot>>

  beforeAll(async () => {
    const work = await tempDir('roundtrip')
    source = await buildTree(path.join(work, 'app'))
    want = await snapshotTree(source)
    const backupRoot = path.join(work, 'backups')
    await backup(config({ 'backup-root': backupRoot, 'uploads-dir': source }), testLog())
    snap = await onlySnapshot(backupRoot)
  })

  it('restores a missing folder to an identical tree: content, modes, mtimes, links, empty folders', async () => {
    const parent = path.join(await tempDir('dest'), 'deeper', 'public')
    const target = path.join(parent, 'uploads')
    const log = testLog()
    const result = await restoreUploads({ ...snap, targetDir: target, force: false, log })
    const stats = snap.manifest.sources.uploads!
    expect(result).toMatchObject({
      target,
      snapshot: snap.manifest.id,
      archive: 'uploads.tar.gz',
      files: stats.files,
      bytes: stats.bytes,
      directories: stats.directories,
      symlinks: stats.symlinks,
      verified: stats.files,
      replaced: 0,
      dryRun: false
    })
    expect(result.seconds).toBeGreaterThanOrEqual(0)
    expectSameTree(await snapshotTree(target), want)
    expect(await fs.readlink(path.join(target, 'dangling'))).toBe('missing-target')
    expect(await leftovers(parent, ['uploads'])).toEqual([])
    expect(log.lines.join('\n')).toMatch(/restored .* verified against the index/)
  })

  it('restores into an existing empty folder', async () => {
    const target = path.join(await tempDir('empty'), 'uploads')
    await fs.mkdir(target)
    await restoreUploads({ ...snap, targetDir: target, force: false, log: testLog() })
    expectSameTree(await snapshotTree(target), want)
  })

  it('restores where a symlinked target points', async () => {
    const work = await tempDir('symlinked')
    const real = path.join(work, 'volume', 'uploads')
    await fs.mkdir(real, { recursive: true })
    await fs.symlink(real, path.join(work, 'uploads'))
    const result = await restoreUploads({
      ...snap,
      targetDir: path.join(work, 'uploads'),
      force: false,
      log: testLog()
    })
    expect(result.target).toBe(real)
    expect((await fs.lstat(path.join(work, 'uploads'))).isSymbolicLink()).toBe(true)
    expectSameTree(await snapshotTree(real), want)
  })

  it('refuses a folder that is not empty, naming it, and leaves it alone', async () => {
    const parent = await tempDir('nonempty')
    const target = path.join(parent, 'uploads')
    await fs.mkdir(target)
    await fs.writeFile(path.join(target, 'old.txt'), 'old')
    await expect(
      restoreUploads({ ...snap, targetDir: target, force: false, log: testLog() })
    ).rejects.toThrow(
      `target-uploads-dir ${target} is not empty (1 entries, e.g. old.txt): pass force: true to replace its contents`
    )
    expect(await fs.readdir(target)).toEqual(['old.txt'])
    expect(await leftovers(parent, ['uploads'])).toEqual([])
  })

  it('force replaces the contents, leaving nothing of the old folder behind', async () => {
    const parent = await tempDir('force')
    const target = path.join(parent, 'uploads')
    await fs.mkdir(path.join(target, 'old-folder'), { recursive: true })
    await fs.writeFile(path.join(target, 'old.txt'), 'old')
    await fs.writeFile(path.join(target, 'big.bin'), 'an older big.bin')
    // A read-only folder among the old contents still goes (for a user other than root).
    await fs.writeFile(path.join(target, 'old-folder', 'x'), 'x')
    await fs.chmod(path.join(target, 'old-folder'), 0o555)
    const result = await restoreUploads({ ...snap, targetDir: target, force: true, log: testLog() })
    expect(result.replaced).toBe(3)
    expectSameTree(await snapshotTree(target), want)
    expect(await leftovers(parent, ['uploads'])).toEqual([])
  })

  it('dry run reports what it would restore and writes nothing', async () => {
    const parent = await tempDir('dry')
    const target = path.join(parent, 'uploads')
    const log = testLog()
    const result = await restoreUploads({
      ...snap,
      targetDir: target,
      force: false,
      dryRun: true,
      log
    })
    expect(result).toMatchObject({
      dryRun: true,
      files: snap.manifest.sources.uploads!.files,
      verified: 0
    })
    expect(existsSync(target)).toBe(false)
    expect(await fs.readdir(parent)).toEqual([])
    expect(log.lines.join('\n')).toMatch(/dry run: would restore .* nothing was written/)
  })

  it('dry run does not even create a missing parent folder', async () => {
    const work = await tempDir('dry-parent')
    const target = path.join(work, 'missing', 'uploads')
    await restoreUploads({ ...snap, targetDir: target, force: false, dryRun: true, log: testLog() })
    expect(await fs.readdir(work)).toEqual([])
  })

  it('without force, a folder filled while the restore runs is kept, not replaced', async () => {
    const parent = await tempDir('filled')
    const target = path.join(parent, 'uploads')
    await fs.mkdir(target)
    const storage: Storage = Object.create(snap.storage)
    storage.get = async (key: string) => {
      // The app writes a new upload just as the archive starts streaming.
      if (key.endsWith('uploads.tar.gz')) await fs.writeFile(path.join(target, 'new.jpg'), 'new')
      return snap.storage.get(key)
    }
    await expect(
      restoreUploads({ ...snap, storage, targetDir: target, force: false, log: testLog() })
    ).rejects.toThrow(
      `target-uploads-dir ${target} was filled while the restore ran; ${target} was not changed`
    )
    expect(await fs.readdir(target)).toEqual(['new.jpg'])
    expect(await leftovers(parent, ['uploads'])).toEqual([])
  })

  it('a stored archive with one byte changed fails with the checksum error; the target is untouched', async () => {
    const work = await tempDir('corrupt')
    const backupRoot = path.join(work, 'backups')
    await fs.cp(path.dirname(snap.dir), path.join(backupRoot, 'test'), { recursive: true })
    const bad = await onlySnapshot(backupRoot)
    const archive = path.join(bad.dir, 'uploads.tar.gz')
    const bytes = await fs.readFile(archive)
    const at = Math.floor(bytes.length / 2)
    bytes[at] ^= 0x01
    await fs.writeFile(archive, bytes)

    const parent = path.join(work, 'dest')
    const target = path.join(parent, 'uploads')
    await fs.mkdir(target, { recursive: true })
    await fs.writeFile(path.join(target, 'live.txt'), 'the live data')
    const before = await snapshotTree(target)
    const failure = restoreUploads({ ...bad, targetDir: target, force: true, log: testLog() })
    await expect(failure).rejects.toThrow(ChecksumError)
    await expect(failure).rejects.toThrow(
      new RegExp(
        `^checksum failed for uploads\\.tar\\.gz: the manifest says sha256 ${bad.manifest.files[0].sha256} .*; ${target} was not changed$`
      )
    )
    expectSameTree(await snapshotTree(target), before)
    expect(await leftovers(parent, ['uploads'])).toEqual([])
  })

  it('restores zstd and uncompressed archives too', async () => {
    for (const raw of [{ compression: 'zstd' }, { 'uploads-compression': 'none' }]) {
      const work = await tempDir('codec')
      const backupRoot = path.join(work, 'backups')
      await backup(config({ 'backup-root': backupRoot, 'uploads-dir': source, ...raw }), testLog())
      const other = await onlySnapshot(backupRoot)
      const target = path.join(work, 'restored')
      const result = await restoreUploads({
        ...other,
        targetDir: target,
        force: false,
        log: testLog()
      })
      expect(result.archive).toBe(other.manifest.files[0].name)
      expectSameTree(await snapshotTree(target), want)
    }
  })
})

// ---- crafted snapshots ----

interface CraftEntry {
  name: string
  type?: 'file' | 'directory' | 'symlink' | 'link'
  content?: string
  linkname?: string
}

async function tarGz(entries: CraftEntry[]): Promise<Buffer> {
  const pack = tar.pack()
  for (const e of entries) {
    const type = e.type ?? 'file'
    const content = Buffer.from(e.content ?? '')
    pack.entry(
      {
        name: e.name,
        type,
        mode: type === 'directory' ? 0o755 : 0o644,
        mtime: fixedTime(1),
        ...(e.linkname !== undefined ? { linkname: e.linkname } : {})
      },
      content
    )
  }
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of pack) chunks.push(chunk as Buffer)
  return gzipSync(Buffer.concat(chunks))
}

/** An index entry for a crafted entry, as the backup would have written it. */
function indexEntry(e: CraftEntry): UploadsIndex['entries'][number] {
  const type = e.type === 'directory' ? 'directory' : e.type === 'symlink' ? 'symlink' : 'file'
  const content = Buffer.from(e.content ?? '')
  return {
    path: e.name,
    type,
    mtime: fixedTime(1).toISOString(),
    mode: type === 'directory' ? '0755' : '0644',
    ...(type === 'file' ? { size: content.length, sha256: sha256(content) } : {}),
    ...(type === 'symlink' ? { linkname: e.linkname } : {})
  }
}

let craftCount = 0

/**
 * A complete snapshot (archive, index, manifest) whose manifest hashes match the files, so the
 * checksum passes and only the restore's path and index checks can stop it.
 */
async function craftSnapshot(
  archive: Buffer,
  index: UploadsIndex['entries'],
  base: Manifest
): Promise<{ manifest: Manifest; storage: LocalStorage; keyOf: (n: string) => string }> {
  const backupRoot = await tempDir('crafted')
  const id = `2026-01-01T00-00-${String(craftCount++).padStart(2, '0')}Z`
  const dir = path.join(backupRoot, 'test', id)
  await fs.mkdir(dir, { recursive: true })
  const indexBytes = gzipSync(
    JSON.stringify({ formatVersion: 1, archive: 'uploads.tar.gz', root: 'uploads', entries: index })
  )
  const entry = (name: string, data: Buffer): FileEntry => ({
    name,
    bytes: data.length,
    sha256: sha256(data),
    source: 'uploads',
    compression: 'gzip'
  })
  const manifest: Manifest = {
    ...base,
    id,
    files: [entry('uploads.tar.gz', archive), entry(UPLOADS_INDEX_NAME, indexBytes)]
  }
  await fs.writeFile(path.join(dir, 'uploads.tar.gz'), archive)
  await fs.writeFile(path.join(dir, UPLOADS_INDEX_NAME), indexBytes)
  await fs.writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2))
  return { manifest, storage: new LocalStorage(backupRoot), keyOf: (n) => `test/${id}/${n}` }
}

describe('uploads restore: hostile archives and disagreeing indexes', () => {
  let base: Manifest
  let realArchive: Buffer
  let realIndex: UploadsIndex

  beforeAll(async () => {
    const work = await tempDir('base')
    const root = path.join(work, 'uploads')
    await fs.mkdir(path.join(root, 'sub'), { recursive: true })
    await fs.writeFile(path.join(root, 'a.txt'), 'A')
    await fs.writeFile(path.join(root, 'sub/b.txt'), 'B')
    const backupRoot = path.join(work, 'backups')
    await backup(config({ 'backup-root': backupRoot, 'uploads-dir': root }), testLog())
    const snap = await onlySnapshot(backupRoot)
    base = snap.manifest
    realArchive = await fs.readFile(path.join(snap.dir, 'uploads.tar.gz'))
    realIndex = JSON.parse(
      gunzipSync(await fs.readFile(path.join(snap.dir, UPLOADS_INDEX_NAME))).toString('utf8')
    )
  })

  /**
   * Restore a crafted archive whose index lists only the benign entries (so that the archive's
   * own entries are what the checks meet) into `<work>/public/uploads`, beside an `outside`
   * folder; expect the error, and that nothing was written anywhere.
   */
  async function expectRefused(
    build: (outside: string) => CraftEntry[],
    message: RegExp,
    benign: CraftEntry[] = [{ name: 'uploads/', type: 'directory' }]
  ) {
    const work = await tempDir('hostile')
    const outside = path.join(work, 'outside')
    const parent = path.join(work, 'public')
    await fs.mkdir(outside)
    await fs.mkdir(parent)
    const target = path.join(parent, 'uploads')
    await fs.mkdir(target)
    const crafted = await craftSnapshot(await tarGz(build(outside)), benign.map(indexEntry), base)
    const failure = restoreUploads({ ...crafted, targetDir: target, force: false, log: testLog() })
    await expect(failure).rejects.toThrow(message)
    await expect(failure).rejects.toThrow(`; ${target} was not changed`)
    expect(await fs.readdir(outside)).toEqual([])
    expect(await fs.readdir(target)).toEqual([])
    expect(await fs.readdir(parent)).toEqual(['uploads'])
    expect(existsSync(path.join(work, 'evil'))).toBe(false)
  }

  it('refuses an entry with a .. component', async () => {
    await expectRefused(
      () => [
        { name: 'uploads/', type: 'directory' },
        { name: 'uploads/../evil', content: 'pwned' }
      ],
      /^archive entry "uploads\/\.\.\/evil" would escape the folder: it has a "\.\." component; refused/
    )
  })

  it('refuses an absolute path', async () => {
    await expectRefused(
      (outside) => [
        { name: 'uploads/', type: 'directory' },
        { name: `${outside}/evil`, content: 'pwned' }
      ],
      /^archive entry "\/.*\/outside\/evil" would escape the folder: it is an absolute path; refused/
    )
  })

  it('refuses a symlink to /etc before a file can be written through it', async () => {
    await expectRefused(
      () => [
        { name: 'uploads/', type: 'directory' },
        { name: 'uploads/etc', type: 'symlink', linkname: '/etc' },
        { name: 'uploads/etc/evil.conf', content: 'pwned' }
      ],
      /^archive entry "uploads\/etc" is a symlink to \/etc, which points to an absolute path, outside the folder; refused/
    )
  })

  it('refuses a symlink to a folder outside, and a relative one climbing out', async () => {
    await expectRefused(
      (outside) => [
        { name: 'uploads/', type: 'directory' },
        { name: 'uploads/out', type: 'symlink', linkname: outside },
        { name: 'uploads/out/evil', content: 'pwned' }
      ],
      /^archive entry "uploads\/out" is a symlink to \/.*outside, which points to an absolute path/
    )
    await expectRefused(
      () => [
        { name: 'uploads/', type: 'directory' },
        { name: 'uploads/up', type: 'symlink', linkname: '../../outside' },
        { name: 'uploads/up/evil', content: 'pwned' }
      ],
      /^archive entry "uploads\/up" is a symlink to \.\.\/\.\.\/outside, which points outside the folder; refused/
    )
  })

  it('refuses writing through a symlink an earlier entry created, even one pointing inside', async () => {
    const benign: CraftEntry[] = [
      { name: 'uploads/', type: 'directory' },
      { name: 'uploads/sub/', type: 'directory' },
      { name: 'uploads/in', type: 'symlink', linkname: 'sub' }
    ]
    await expectRefused(
      () => [...benign, { name: 'uploads/in/evil', content: 'pwned' }],
      /^archive entry "uploads\/in\/evil" would be written through the symlink uploads\/in an earlier entry created; refused/,
      benign
    )
  })

  it('refuses entries outside the uploads/ folder and hard links', async () => {
    await expectRefused(
      () => [{ name: 'elsewhere/evil', content: 'pwned' }],
      /^archive entry "elsewhere\/evil" would escape the folder: it is not under the archive's uploads\/ folder/
    )
    await expectRefused(
      () => [
        { name: 'uploads/', type: 'directory' },
        { name: 'uploads/hard', type: 'link', linkname: 'etc/passwd' }
      ],
      /^archive entry "uploads\/hard" is a link, which an uploads archive never holds; refused/
    )
  })

  it('refuses an index that lists an escaping path or link, before downloading the archive', async () => {
    const cases: [CraftEntry[], RegExp][] = [
      [
        [{ name: 'uploads/../evil', content: 'x' }],
        /lists "uploads\/\.\.\/evil", which would escape the target folder: it has a "\.\." component; refused/
      ],
      [
        [
          { name: 'uploads/d/', type: 'directory' },
          { name: 'uploads/d/up', type: 'symlink', linkname: '..' },
          // d/up is the folder itself, so d/up/.. is its parent: out, through another link.
          { name: 'uploads/esc', type: 'symlink', linkname: 'd/up/..' }
        ],
        /lists the symlink uploads\/esc -> d\/up\/\.\., which points outside the folder; refused/
      ],
      [
        [{ name: 'uploads/loop', type: 'symlink', linkname: 'loop/x' }],
        /uploads\/loop -> loop\/x, which goes through too many symlinks/
      ]
    ]
    for (const [entries, message] of cases) {
      const all = [{ name: 'uploads/', type: 'directory' } as CraftEntry, ...entries]
      const crafted = await craftSnapshot(await tarGz(all), all.map(indexEntry), base)
      // The archive is not even read: removing it changes nothing.
      await fs.rm(crafted.storage.uriOf(crafted.keyOf('uploads.tar.gz')))
      const target = path.join(await tempDir('badindex'), 'uploads')
      await expect(
        restoreUploads({ ...crafted, targetDir: target, force: false, log: testLog() })
      ).rejects.toThrow(message)
      expect(existsSync(target)).toBe(false)
    }
  })

  it('a real backup holding a link that points out is refused, with the way to restore it by hand', async () => {
    const work = await tempDir('outlink')
    const root = path.join(work, 'uploads')
    await fs.mkdir(root)
    await fs.writeFile(path.join(root, 'a.txt'), 'A')
    await fs.symlink('/etc/passwd', path.join(root, 'link-outside'))
    const backupRoot = path.join(work, 'backups')
    await backup(config({ 'backup-root': backupRoot, 'uploads-dir': root }), testLog())
    const snap = await onlySnapshot(backupRoot)
    const target = path.join(work, 'restored')
    await expect(
      restoreUploads({ ...snap, targetDir: target, force: false, log: testLog() })
    ).rejects.toThrow(
      `${UPLOADS_INDEX_NAME} lists the symlink uploads/link-outside -> /etc/passwd, which points to an absolute path, outside the folder; refused (if you trust this snapshot, extract it by hand: tar -xf uploads.tar.gz -C <parent of the folder>); ${target} was not changed`
    )
    expect(existsSync(target)).toBe(false)
  })

  describe('an index that disagrees with the archive fails, naming the entry', () => {
    async function withIndex(
      edit: (entries: UploadsIndex['entries']) => UploadsIndex['entries'],
      message: RegExp
    ) {
      const crafted = await craftSnapshot(
        realArchive,
        edit(structuredClone(realIndex.entries)),
        base
      )
      const parent = await tempDir('disagree')
      const target = path.join(parent, 'uploads')
      const failure = restoreUploads({
        ...crafted,
        targetDir: target,
        force: false,
        log: testLog()
      })
      await expect(failure).rejects.toThrow(message)
      await expect(failure).rejects.toThrow(`${target} was not changed`)
      expect(await fs.readdir(parent)).toEqual([])
    }

    it('a file whose hash differs', async () => {
      await withIndex(
        (entries) =>
          entries.map((e) =>
            e.path === 'uploads/sub/b.txt' ? { ...e, sha256: 'f'.repeat(64) } : e
          ),
        /^"uploads\/sub\/b\.txt" does not match the uploads index: the archive holds sha256 [0-9a-f]{64} \(1 bytes\), the index says f{64} \(1 bytes\)/
      )
    })

    it('a file the archive lacks', async () => {
      await withIndex(
        (entries) => [
          ...entries,
          { ...entries.find((e) => e.type === 'file')!, path: 'uploads/ghost.txt' }
        ],
        /^the uploads archive lacks 1 entries the index lists: uploads\/ghost\.txt;/
      )
    })

    it('a file the index lacks', async () => {
      await withIndex(
        (entries) => entries.filter((e) => e.path !== 'uploads/a.txt'),
        /^archive entry "uploads\/a\.txt" is not in the uploads index;/
      )
    })

    it('an entry of another type', async () => {
      await withIndex(
        (entries) =>
          entries.map((e) =>
            e.path === 'uploads/a.txt'
              ? { path: e.path, type: 'symlink', mtime: e.mtime, mode: e.mode, linkname: 'sub' }
              : e
          ),
        /^archive entry "uploads\/a\.txt" is a file, the uploads index says symlink/
      )
    })
  })
})
