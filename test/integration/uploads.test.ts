import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, existsSync, readFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { backup } from '../../src/commands/backup.js'
import type { RawInputs } from '../../src/config.js'
import { parseManifest, type Manifest } from '../../src/snapshot/manifest.js'
import { openUploadsArchive } from '../../src/sources/uploads/archive.js'
import { UPLOADS_INDEX_NAME } from '../../src/sources/uploads/indexFormat.js'
import { config, fixedTime, sha256 } from '../helpers/uploads.js'
import { testLog, type TestLog } from '../helpers/log.js'

// The uploads source against real folders and the system's GNU tar. No server is needed: the
// snapshots go to a LocalStorage target (backup-root) in a temporary folder.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const temps: string[] = []

async function tempDir(label: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `uploads-test-${label}-`))
  temps.push(dir)
  return dir
}

afterAll(async () => {
  for (const dir of temps) await fs.rm(dir, { recursive: true, force: true })
})

/** The test tree: nested and empty folders, unicode and spaces, symlinks, modes, mtimes. */
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
  await file('big.bin', randomBytes(3 * 1024 * 1024 + 17), 0o644, 5)
  const longDir = 'l'.repeat(60) + '/' + 'o'.repeat(60) + '/' + 'n'.repeat(60)
  await file(`${longDir}/${'g'.repeat(120)}.txt`, 'a long path\n', 0o644, 6)
  await file(`${'é'.repeat(70)}.txt`, 'a long unicode name\n', 0o644, 7)
  for (let i = 0; i < 300; i++) {
    const dir = `many/${String(i % 12).padStart(2, '0')}`
    await file(`${dir}/photo-${i}.jpg`, randomBytes(100 + ((i * 37) % 3000)), 0o644, i)
  }
  await fs.mkdir(path.join(root, 'empty'), { recursive: true })
  await fs.mkdir(path.join(root, 'a/empty-nested'), { recursive: true })
  await fs.mkdir(path.join(root, 'private'), { mode: 0o700 })
  await fs.chmod(path.join(root, 'private'), 0o700)
  await file('private/secret.txt', 'secret\n', 0o600, 8)
  await fs.symlink('a/b/c/deep.txt', path.join(root, 'link-to-deep'))
  await fs.symlink('/etc/passwd', path.join(root, 'link-outside'))
  await fs.symlink('../../..', path.join(root, 'a/link-up-and-out'))
  await fs.symlink('missing-target', path.join(root, 'dangling'))
  execFileSync('mkfifo', [path.join(root, 'a-fifo')]) // never opened: it would block
  // Folder mtimes last, since adding entries changes them.
  for (const [i, dir] of ['empty', 'a/empty-nested', 'a/b/c', 'private', 'many/03'].entries()) {
    await fs.utimes(path.join(root, dir), fixedTime(100 + i), fixedTime(100 + i))
  }
  return root
}

interface Node {
  type: 'file' | 'directory' | 'symlink' | 'other'
  mode: number
  mtime: number
  size: number
  link?: string
  sha256?: string
}

/** Every entry under `root` as archive paths (`uploads/...`), lstat'ed, never following links. */
async function snapshotTree(root: string): Promise<Map<string, Node>> {
  const out = new Map<string, Node>()
  const base = path.basename(root)
  const visit = async (abs: string, rel: string) => {
    const st = await fs.lstat(abs)
    const type = st.isDirectory()
      ? 'directory'
      : st.isSymbolicLink()
        ? 'symlink'
        : st.isFile()
          ? 'file'
          : 'other'
    const node: Node = {
      type,
      mode: st.mode & 0o7777,
      mtime: Math.floor(st.mtimeMs / 1000),
      size: type === 'file' ? st.size : 0
    }
    if (type === 'symlink') node.link = await fs.readlink(abs)
    if (type === 'file') node.sha256 = sha256(await fs.readFile(abs))
    out.set(type === 'directory' ? `${rel}/` : rel, node)
    if (type === 'directory') {
      for (const name of await fs.readdir(abs)) await visit(path.join(abs, name), `${rel}/${name}`)
    }
  }
  await visit(root, base)
  return out
}

function snapshotDir(backupRoot: string): string {
  const env = path.join(backupRoot, 'test')
  const ids = readdirNames(env)
  expect(ids).toHaveLength(1)
  return path.join(env, ids[0])
}

function readdirNames(dir: string): string[] {
  return existsSync(dir)
    ? execFileSync('ls', ['-A', dir], { encoding: 'utf8' }).split('\n').filter(Boolean)
    : []
}

function readManifest(dir: string): Manifest {
  return parseManifest(readFileSync(path.join(dir, 'manifest.json'), 'utf8'))
}

interface IndexFile {
  formatVersion: number
  archive: string
  root: string
  entries: {
    path: string
    type: string
    size?: number
    mtime: string
    mode: string
    sha256?: string
    linkname?: string
    change?: string
  }[]
}

function readIndex(dir: string): IndexFile {
  return JSON.parse(gunzipSync(readFileSync(path.join(dir, UPLOADS_INDEX_NAME))).toString('utf8'))
}

/** GNU tar's listing, one path per line (names are written raw with --quoting-style=literal). */
function tarList(archive: string, flags = ['-tzf']): string[] {
  return execFileSync('tar', ['--quoting-style=literal', ...flags, archive], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
}

describe('uploads backup', () => {
  let work: string
  let source: string
  let backupRoot: string
  let snap: string
  let manifest: Manifest
  let log: TestLog

  beforeAll(async () => {
    work = await tempDir('tree')
    source = await buildTree(path.join(work, 'app'))
    backupRoot = path.join(work, 'backups')
    log = testLog()
    await backup(config({ 'backup-root': backupRoot, 'uploads-dir': source }), log)
    snap = snapshotDir(backupRoot)
    manifest = readManifest(snap)
  })

  it('stores the archive and its index, listed in the manifest with their hashes', () => {
    const names = manifest.files.map((f) => f.name)
    expect(names).toEqual(['uploads.tar.gz', UPLOADS_INDEX_NAME])
    for (const f of manifest.files) {
      expect(f.source).toBe('uploads')
      const stored = readFileSync(path.join(snap, f.name))
      expect(stored.length).toBe(f.bytes)
      expect(sha256(stored)).toBe(f.sha256)
    }
    const stats = manifest.sources.uploads!
    expect(stats.root).toBe('uploads')
    expect(stats.files).toBe(300 + 9)
    expect(stats.symlinks).toBe(4)
    expect(stats.changedCount).toBe(0)
    expect(stats.skipped).toEqual([
      { path: 'uploads/a-fifo', reason: expect.stringMatching(/FIFO ignored/) }
    ])
    expect(log.warnings.join('\n')).toMatch(/uploads\/a-fifo: FIFO ignored/)
  })

  it('lists every entry under the folder name, as tar -C <parent> uploads would', async () => {
    const expected = await snapshotTree(source)
    expected.delete('uploads/a-fifo')
    const listed = tarList(path.join(snap, 'uploads.tar.gz'))
    expect(listed.every((p) => p.startsWith('uploads/'))).toBe(true)
    expect(new Set(listed)).toEqual(new Set(expected.keys()))
    expect(listed).toHaveLength(expected.size)
  })

  it('extracts with the system tar to an identical tree: content, modes, mtimes, links', async () => {
    const dest = path.join(work, 'restored')
    await fs.mkdir(dest)
    execFileSync('tar', ['-xzf', path.join(snap, 'uploads.tar.gz'), '-C', dest])
    const expected = await snapshotTree(source)
    expected.delete('uploads/a-fifo')
    const got = await snapshotTree(path.join(dest, 'uploads'))
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort())
    for (const [rel, want] of expected) {
      const have = got.get(rel)!
      if (want.type === 'symlink') {
        // Link mode and mtime are not meaningful on Linux; the target is what matters.
        expect({ rel, type: have.type, link: have.link }).toEqual({
          rel,
          type: 'symlink',
          link: want.link
        })
      } else {
        expect({ rel, ...have }).toEqual({ rel, ...want })
      }
    }
    // The link that points outside was stored as a link, not followed.
    expect(await fs.readlink(path.join(dest, 'uploads/link-outside'))).toBe('/etc/passwd')
  })

  it('has an index entry for every entry, and every file hash matches the archived file', async () => {
    const index = readIndex(snap)
    expect(index).toMatchObject({ formatVersion: 1, archive: 'uploads.tar.gz', root: 'uploads' })
    const expected = await snapshotTree(source)
    expected.delete('uploads/a-fifo')
    expect(new Set(index.entries.map((e) => e.path))).toEqual(new Set(expected.keys()))
    const restored = path.join(work, 'restored')
    let files = 0
    for (const entry of index.entries) {
      const want = expected.get(entry.path)!
      expect(entry.type).toBe(want.type)
      if (entry.type === 'symlink') {
        expect(entry.linkname).toBe(want.link)
        continue
      }
      expect(entry.mode).toBe(want.mode.toString(8).padStart(4, '0'))
      expect(Date.parse(entry.mtime) / 1000).toBe(want.mtime)
      if (entry.type === 'file') {
        files++
        expect(entry.size).toBe(want.size)
        expect(entry.sha256).toBe(want.sha256)
        const extracted = await fs.readFile(path.join(restored, entry.path))
        expect(sha256(extracted)).toBe(entry.sha256)
      }
    }
    expect(files).toBe(manifest.sources.uploads!.files)
  })

  it('auto compression sampled the files: random data is stored at gzip level 0', () => {
    const c = manifest.sources.uploads!.compression
    expect(c).toMatchObject({ requested: 'auto', chosen: 'gzip', level: 0 })
    expect(c.sample!.files).toBeGreaterThan(0)
    expect(c.sample!.gain).toBeLessThan(0.05)
  })
})

describe('uploads compression', () => {
  async function backupFolder(fill: (root: string) => Promise<void>, raw: RawInputs = {}) {
    const work = await tempDir('compression')
    const root = path.join(work, 'uploads')
    await fs.mkdir(root)
    await fill(root)
    const backupRoot = path.join(work, 'backups')
    await backup(config({ 'backup-root': backupRoot, 'uploads-dir': root, ...raw }), testLog())
    const snap = snapshotDir(backupRoot)
    return { snap, manifest: readManifest(snap), work }
  }

  it('auto: random (incompressible) files are stored at gzip level 0, a valid .tar.gz', async () => {
    const { snap, manifest } = await backupFolder(async (root) => {
      for (let i = 0; i < 40; i++)
        await fs.writeFile(path.join(root, `${i}.jpg`), randomBytes(50_000))
    })
    const c = manifest.sources.uploads!.compression
    expect(c).toMatchObject({ requested: 'auto', chosen: 'gzip', level: 0 })
    expect(c.sample).toMatchObject({ files: 32, bytes: 32 * 50_000 })
    expect(c.sample!.gain).toBeLessThan(0.05)
    const archive = manifest.files.find((f) => f.name === 'uploads.tar.gz')!
    // Stored, not compressed: a little larger than the tar itself.
    expect(archive.bytes).toBeGreaterThan(archive.sourceBytes!)
    expect(tarList(path.join(snap, 'uploads.tar.gz'))).toHaveLength(41)
    execFileSync('gzip', ['-t', path.join(snap, 'uploads.tar.gz')])
  })

  it('auto: text files get real gzip', async () => {
    const { snap, manifest } = await backupFolder(async (root) => {
      for (let i = 0; i < 20; i++) {
        await fs.writeFile(
          path.join(root, `${i}.txt`),
          `line ${i} of a very repetitive text\n`.repeat(2000)
        )
      }
    })
    const c = manifest.sources.uploads!.compression
    expect(c.requested).toBe('auto')
    expect(c.chosen).toBe('gzip')
    expect(c.level).toBeUndefined()
    expect(c.sample!.gain).toBeGreaterThan(0.5)
    const archive = manifest.files.find((f) => f.name === 'uploads.tar.gz')!
    expect(archive.bytes).toBeLessThan(archive.sourceBytes! / 10)
    expect(tarList(path.join(snap, 'uploads.tar.gz'))).toHaveLength(21)
  })

  it('auto follows compression: zstd for compressible files', async () => {
    const { snap, manifest } = await backupFolder(
      async (root) => fs.writeFile(path.join(root, 'a.txt'), 'text '.repeat(100_000)),
      { compression: 'zstd' }
    )
    expect(manifest.sources.uploads!.compression.chosen).toBe('zstd')
    expect(tarList(path.join(snap, 'uploads.tar.zst'), ['--zstd', '-tf'])).toEqual([
      'uploads/',
      'uploads/a.txt'
    ])
  })

  it('uploads-compression: none writes a plain uploads.tar without sampling', async () => {
    const { snap, manifest } = await backupFolder(
      async (root) => fs.writeFile(path.join(root, 'a.txt'), 'text '.repeat(1000)),
      { 'uploads-compression': 'none' }
    )
    expect(manifest.files.map((f) => f.name)).toEqual(['uploads.tar', UPLOADS_INDEX_NAME])
    expect(manifest.sources.uploads!.compression).toEqual({
      requested: 'none',
      chosen: 'none',
      reason: 'uploads-compression: none'
    })
    expect(tarList(path.join(snap, 'uploads.tar'), ['-tf'])).toEqual(['uploads/', 'uploads/a.txt'])
  })

  it('an empty folder is a valid archive holding just the folder', async () => {
    const { snap, manifest } = await backupFolder(async () => undefined)
    expect(manifest.sources.uploads).toMatchObject({ files: 0, bytes: 0, directories: 1 })
    expect(tarList(path.join(snap, 'uploads.tar.gz'))).toEqual(['uploads/'])
  })
})

describe('uploads faults', () => {
  it('a missing uploads-dir fails, and no snapshot is written', async () => {
    const work = await tempDir('missing')
    const backupRoot = path.join(work, 'backups')
    const missing = path.join(work, 'nope', 'uploads')
    await expect(
      backup(config({ 'backup-root': backupRoot, 'uploads-dir': missing }), testLog())
    ).rejects.toThrow(`uploads-dir ${missing} does not exist`)
    expect(readdirNames(path.join(backupRoot, 'test'))).toEqual([])
  })

  it('an uploads-dir that is a file fails', async () => {
    const work = await tempDir('notdir')
    const file = path.join(work, 'uploads')
    await fs.writeFile(file, 'x')
    await expect(
      backup(config({ 'backup-root': path.join(work, 'b'), 'uploads-dir': file }), testLog())
    ).rejects.toThrow(`uploads-dir ${file} is not a folder`)
  })

  it('files that grow, shrink or disappear while archived are reported; the archive stays valid', async () => {
    const work = await tempDir('changing')
    const root = path.join(work, 'uploads')
    await fs.mkdir(root)
    const grow = path.join(root, 'grow.bin')
    const shrink = path.join(root, 'shrink.bin')
    const gone = path.join(root, 'gone.txt')
    const steady = path.join(root, 'steady.txt')
    await fs.writeFile(grow, Buffer.alloc(1000, 1))
    await fs.writeFile(shrink, Buffer.alloc(700_000, 2))
    await fs.writeFile(gone, 'bye')
    await fs.writeFile(steady, 'steady')
    const log = testLog()
    const archive = await openUploadsArchive(root, log, {
      uploadsCompression: 'none',
      compression: 'gzip',
      // Between listing and reading, or once the header's size is fixed: what a busy app does.
      onFile: async (file, stage) => {
        if (file === gone && stage === 'listed') await fs.rm(gone)
        if (file === grow && stage === 'opened') await fs.appendFile(grow, Buffer.alloc(500, 3))
        if (file === shrink && stage === 'opened') await fs.truncate(shrink, 1000)
      }
    })
    const tarFile = path.join(work, 'uploads.tar')
    await pipeline(archive.stream, createWriteStream(tarFile))
    const stats = archive.stats()
    const indexText = await new Promise<string>((resolve, reject) => {
      let text = ''
      archive
        .index()
        .on('data', (d) => (text += d))
        .on('end', () => resolve(text))
        .on('error', reject)
    })
    await archive.close()

    expect(stats.changedCount).toBe(2)
    expect(stats.changed).toEqual(
      expect.arrayContaining([
        { path: 'uploads/grow.bin', change: expect.stringMatching(/grew from 1000 to 1500 bytes/) },
        {
          path: 'uploads/shrink.bin',
          change: expect.stringMatching(/shrank by 699000 bytes.*padded with zeros/)
        }
      ])
    )
    expect(stats.skipped).toEqual([
      { path: 'uploads/gone.txt', reason: 'removed before it was read: left out' }
    ])
    expect(log.warnings).toHaveLength(3)

    // GNU tar reads the whole archive; the sizes are the ones the headers declared.
    const dest = path.join(work, 'out')
    await fs.mkdir(dest)
    execFileSync('tar', ['-xf', tarFile, '-C', dest])
    expect((await fs.stat(path.join(dest, 'uploads/grow.bin'))).size).toBe(1000)
    const shrunk = await fs.readFile(path.join(dest, 'uploads/shrink.bin'))
    expect(shrunk.length).toBe(700_000)
    expect(shrunk.subarray(0, 1000).every((b) => b === 2)).toBe(true)
    expect(shrunk.subarray(1000).every((b) => b === 0)).toBe(true)
    expect(await fs.readFile(path.join(dest, 'uploads/steady.txt'), 'utf8')).toBe('steady')
    expect(existsSync(path.join(dest, 'uploads/gone.txt'))).toBe(false)

    const index = JSON.parse(indexText) as IndexFile
    const byPath = new Map(index.entries.map((e) => [e.path, e]))
    expect(byPath.get('uploads/shrink.bin')!.sha256).toBe(sha256(shrunk))
    expect(byPath.get('uploads/shrink.bin')!.change).toMatch(/shrank/)
    expect(byPath.get('uploads/grow.bin')!.sha256).toBe(sha256(Buffer.alloc(1000, 1)))
    expect(byPath.has('uploads/gone.txt')).toBe(false)
  })

  it('a reader that gives up mid-archive (a failed upload) stops the walk cleanly', async () => {
    const work = await tempDir('abort')
    const root = path.join(work, 'uploads')
    await fs.mkdir(root)
    for (let i = 0; i < 5; i++)
      await fs.writeFile(path.join(root, `${i}.bin`), randomBytes(2 << 20))
    const archive = await openUploadsArchive(root, testLog(), {
      uploadsCompression: 'none',
      compression: 'gzip'
    })
    const errors: unknown[] = []
    const onUncaught = (e: unknown) => errors.push(e)
    process.on('uncaughtException', onUncaught)
    await new Promise<void>((resolve) => {
      archive.stream.once('data', () => archive.stream.destroy(new Error('upload failed')))
      archive.stream.on('error', () => undefined)
      archive.stream.on('close', () => resolve())
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    process.off('uncaughtException', onUncaught)
    expect(errors).toEqual([])
    expect(() => archive.stats()).toThrow(/before the archive was complete/)
    await archive.close()
  })

  // Tests run as root, and root reads a chmod 000 file anyway (CAP_DAC_OVERRIDE). So these run
  // the real CLI, compiled from src, as the unprivileged user nobody through setpriv, which is
  // what a runner's non-root user meets: a file or folder it may not read.
  describe('unreadable files and folders (the CLI run as nobody)', () => {
    const canDrop = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0
    const build = path.join(repo, 'build', `uploads-test-${process.pid}`)
    let work: string
    let root: string

    beforeAll(async () => {
      if (!canDrop) return
      const tsconfig = path.join(repo, 'build', `tsconfig.uploads-test-${process.pid}.json`)
      await fs.mkdir(path.dirname(tsconfig), { recursive: true })
      await fs.writeFile(
        tsconfig,
        JSON.stringify({
          extends: path.join(repo, 'tsconfig.json'),
          compilerOptions: { noEmit: false, outDir: build, rootDir: path.join(repo, 'src') },
          include: [path.join(repo, 'src')]
        })
      )
      execFileSync(process.execPath, [
        path.join(repo, 'node_modules/typescript/bin/tsc'),
        '-p',
        tsconfig
      ])
      await fs.rm(tsconfig)
      work = await tempDir('nobody')
      await fs.chmod(work, 0o755)
      root = path.join(work, 'uploads')
      await fs.mkdir(path.join(root, 'sub'), { recursive: true })
      await fs.writeFile(path.join(root, 'ok.txt'), 'fine')
      await fs.writeFile(path.join(root, 'sub', 'locked.jpg'), 'no access')
      execFileSync('chmod', ['-R', 'a+rX', root])
    })

    afterAll(async () => {
      await fs.rm(build, { recursive: true, force: true })
    })

    function runAsNobody(uploadsDir: string, ...extra: string[]) {
      const backupRoot = path.join(work, `backups-${Date.now()}-${Math.random()}`)
      execFileSync('mkdir', ['-m', '777', backupRoot])
      const run = spawnSync(
        'setpriv',
        [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          path.join(build, 'cli.js'),
          'backup',
          '--environment',
          'test',
          '--backup-root',
          backupRoot,
          '--uploads-dir',
          uploadsDir,
          ...extra
        ],
        { encoding: 'utf8', cwd: work }
      )
      return {
        ...run,
        manifests: findManifests(backupRoot),
        partials: findFiles(backupRoot, '*.partial')
      }
    }

    function findManifests(dir: string): string[] {
      return findFiles(dir, 'manifest.json')
    }

    function findFiles(dir: string, name: string): string[] {
      return execFileSync('find', [dir, '-name', name], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
    }

    const maybe = canDrop ? it : it.skip

    maybe('a readable tree backs up as nobody (the control case)', () => {
      const run = runAsNobody(root)
      expect(run.stderr).not.toMatch(/error/)
      expect(run.status).toBe(0)
      expect(run.manifests).toHaveLength(1)
    })

    // auto reads a sample of the first files and meets the lock there; gzip skips the sample, so
    // the lock is met while the archive streams into storage.
    for (const compression of ['auto', 'gzip']) {
      maybe(
        `an unreadable file fails the backup naming the file; no manifest (${compression})`,
        async () => {
          const locked = path.join(root, 'sub', 'locked.jpg')
          await fs.chmod(locked, 0o000)
          try {
            const run = runAsNobody(root, '--uploads-compression', compression)
            expect(run.status).toBe(1)
            expect(run.stderr).toContain(`cannot read uploads file ${locked}: EACCES`)
            expect(run.manifests).toEqual([])
            expect(run.partials).toEqual([])
          } finally {
            await fs.chmod(locked, 0o644)
          }
        }
      )
    }

    maybe('an unreadable folder inside fails naming the folder', async () => {
      const sub = path.join(root, 'sub')
      await fs.chmod(sub, 0o000)
      try {
        const run = runAsNobody(root)
        expect(run.status).toBe(1)
        expect(run.stderr).toContain(`${sub}: EACCES`)
        expect(run.manifests).toEqual([])
      } finally {
        await fs.chmod(sub, 0o755)
      }
    })

    maybe('an unreadable uploads-dir fails before anything is written', async () => {
      await fs.chmod(root, 0o000)
      try {
        const run = runAsNobody(root)
        expect(run.status).toBe(1)
        expect(run.stderr).toContain(`uploads-dir ${root} cannot be read: EACCES`)
        expect(run.manifests).toEqual([])
      } finally {
        await fs.chmod(root, 0o755)
      }
    })
  })
})
