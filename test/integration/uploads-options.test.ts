import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { runAction, runCli, tempDir } from '../helpers/run.js'

// uploads-exclude and sparse files, through the CLI and the action as users start them.

let root: string
let uploads: string
const BARE = { ENV: '', S3_BUCKET: '', DATABASE_URL: '', REDIS_URL: '', UPLOADS_DIR: '' }

beforeAll(async () => {
  root = await tempDir('luneo-uploads-options-')
  uploads = path.join(root, 'uploads')
  for (const dir of ['cache/deep', 'photos/cache', 'thumbs/a', 'photos']) {
    await fs.mkdir(path.join(uploads, dir), { recursive: true })
  }
  const files: Record<string, string> = {
    'keep.jpg': 'kept',
    'photos/p1.jpg': 'kept too',
    'photos/draft.tmp': 'excluded: *.tmp at any depth',
    'x.TMP': 'kept: globs are case-sensitive',
    'cache/deep/c.bin': 'excluded with its folder',
    'photos/cache/c2.bin': 'excluded: cache matches a name at any depth',
    'thumbs/a/t.jpg': 'excluded: /thumbs/** from the top',
    '.hidden.tmp': 'excluded: dot files match too'
  }
  for (const [name, body] of Object.entries(files)) {
    await fs.writeFile(path.join(uploads, name), body)
  }
})

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

function indexPaths(backups: string, env: string, id: string): string[] {
  const raw = gunzipSync(
    execFileSync('cat', [path.join(backups, env, id, 'uploads.index.json.gz')])
  )
  const index = JSON.parse(raw.toString()) as { entries: { path: string }[] }
  return index.entries.map((e) => e.path)
}

describe('uploads-exclude', () => {
  it('leaves out what the globs match, records them in the manifest, and restores the rest', async () => {
    const backups = path.join(root, 'backups')
    const args = ['--environment', 'excl', '--backup-root', backups]
    const backup = await runCli(
      [
        'backup',
        ...args,
        '--uploads-dir',
        uploads,
        '--uploads-exclude',
        '*.tmp',
        '--uploads-exclude',
        'cache',
        '--uploads-exclude',
        '/thumbs/**'
      ],
      BARE
    )
    expect(backup.stderr).not.toMatch(/error/)
    expect(backup.code).toBe(0)
    const id = /^snapshot-id=(.+)$/m.exec(backup.stdout)![1]
    const manifest = JSON.parse(
      await fs.readFile(path.join(backups, 'excl', id, 'manifest.json'), 'utf8')
    )
    const stats = manifest.sources.uploads
    expect(stats.exclude).toEqual(['*.tmp', 'cache', '/thumbs/**'])
    // draft.tmp, .hidden.tmp, cache/ (with its content), photos/cache/, thumbs/ (with its content)
    expect(stats.excludedCount).toBe(5)
    expect(stats.files).toBe(3)
    expect(backup.stdout).toContain(
      '5 entries left out by uploads-exclude (`*.tmp`, `cache`, `/thumbs/**`)'
    )
    const listed = indexPaths(backups, 'excl', id)
    expect(listed.filter((p) => !p.endsWith('/')).sort()).toEqual([
      'uploads/keep.jpg',
      'uploads/photos/p1.jpg',
      'uploads/x.TMP'
    ])
    expect(listed.filter((p) => /thumbs|cache/.test(p))).toEqual([]) // ** matches the folder too

    const target = path.join(root, 'restored', 'uploads')
    const restore = await runCli(['restore', ...args, '--target-uploads-dir', target], BARE)
    expect(restore.stderr).not.toMatch(/luneo-backup: error/)
    expect(restore.code).toBe(0)
    expect(await fs.readFile(path.join(target, 'photos/p1.jpg'), 'utf8')).toBe('kept too')
    await expect(fs.access(path.join(target, 'cache'))).rejects.toThrow()
  }, 60_000)

  it('takes the patterns one a line from the action input', async () => {
    const result = await runAction({
      environment: 'excl-action',
      'backup-root': path.join(root, 'action'),
      'uploads-dir': uploads,
      'uploads-exclude': '# drafts and caches\n*.tmp\n\ncache\n'
    })
    expect(result.code).toBe(0)
    const id = result.outputs['snapshot-id']
    const manifest = JSON.parse(
      await fs.readFile(path.join(root, 'action', 'excl-action', id, 'manifest.json'), 'utf8')
    )
    expect(manifest.sources.uploads.exclude).toEqual(['*.tmp', 'cache'])
    expect(manifest.sources.uploads.excludedCount).toBe(4)
  }, 60_000)
})

describe('sparse files', () => {
  it('come back sparse: the same bytes, without the holes allocated', async () => {
    const dir = path.join(root, 'sparse', 'uploads')
    await fs.mkdir(dir, { recursive: true })
    const file = path.join(dir, 'disk.img')
    const size = 32 * 1024 * 1024
    const handle = await fs.open(file, 'w')
    await handle.write(Buffer.from('start'), 0, 5, 0)
    await handle.write(Buffer.from('middle'), 0, 6, size / 2 + 3)
    await handle.truncate(size)
    await handle.close()
    const before = await fs.stat(file)
    expect(before.blocks * 512).toBeLessThan(1024 * 1024) // the test's file is sparse

    const backups = path.join(root, 'sparse-backups')
    const args = ['--environment', 'sparse', '--backup-root', backups]
    const backup = await runCli(['backup', ...args, '--uploads-dir', dir], BARE)
    expect(backup.code).toBe(0)
    const target = path.join(root, 'sparse-restored', 'uploads')
    const restore = await runCli(['restore', ...args, '--target-uploads-dir', target], BARE)
    expect(restore.stderr).not.toMatch(/luneo-backup: error/)
    expect(restore.code).toBe(0)
    const restored = path.join(target, 'disk.img')
    const after = await fs.stat(restored)
    expect(after.size).toBe(size)
    expect(after.blocks * 512).toBeLessThan(1024 * 1024)
    const data = await fs.readFile(restored)
    expect(data.subarray(0, 5).toString()).toBe('start')
    expect(data.subarray(size / 2 + 3, size / 2 + 9).toString()).toBe('middle')
    expect(data.subarray(5, size / 2 + 3).every((b) => b === 0)).toBe(true)
  }, 120_000)
})
