import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand
} from '@aws-sdk/client-s3'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { dbUrl, freshDatabase, shell, sql } from '../helpers/pg.js'
import { errorOf, requireEnv, runAction, tempDir } from '../helpers/run.js'
import { s3Inputs, testS3Client } from '../helpers/s3.js'
import { startRedis, type TestRedis } from './redisServers.js'

// The old script's uploads.tar.gz (issue 15), made as it made it: `tar -czf uploads.tar.gz -C
// <parent> uploads`. adopt copies it as it is and writes the per-file index the old script never
// wrote, so verify proves the adopted snapshot and restore puts every file back (content, modes,
// mtimes, links) as for a native one; restore --snapshot <legacy folder> does the same from one
// read of the archive. A truncated archive or one with a `../` entry is refused in one line,
// naming the file, the legacy folder kept and no snapshot marked complete.

const SOURCE = 'legacy_uploads_source'
const TIME = '20260105-020000'
const ID = '2026-01-05T02-00-00Z'
let work: string
let parent: string
let redis: TestRedis

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')
const at = (i: number) => new Date(Date.UTC(2022, 2, 1 + i, 8, 30, i))

/** A small uploads tree: nested and empty folders, modes, mtimes, a symlink, a larger file. */
async function buildTree(root: string): Promise<void> {
  const file = async (rel: string, data: string | Buffer, mode: number, i: number) => {
    const abs = path.join(root, rel)
    await fs.mkdir(path.dirname(abs), { recursive: true })
    await fs.writeFile(abs, data)
    await fs.chmod(abs, mode)
    await fs.utimes(abs, at(i), at(i))
  }
  await file('avatars/1.png', Buffer.alloc(1000, 1), 0o644, 1)
  await file('avatars/ünï cödé.jpg', 'unicode\n', 0o600, 2)
  await file(
    'docs/a/b/deep.pdf',
    Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251)),
    0o640,
    3
  )
  await file('empty.txt', '', 0o644, 4)
  await file('scripts/run.sh', '#!/bin/sh\n', 0o755, 5)
  await fs.mkdir(path.join(root, 'empty-folder'))
  await fs.symlink('../avatars/1.png', path.join(root, 'docs/logo.png'))
  for (const [i, dir] of ['empty-folder', 'docs/a/b', 'docs', 'avatars', '.'].entries()) {
    await fs.utimes(path.join(root, dir), at(20 + i), at(20 + i))
  }
}

interface Node {
  type: string
  mode?: number
  mtime?: number
  sha256?: string
  link?: string
}

/** Every entry under `root` ('' for itself), lstat'ed. */
async function tree(root: string): Promise<Record<string, Node>> {
  const out: Record<string, Node> = {}
  const visit = async (abs: string, rel: string) => {
    const st = await fs.lstat(abs)
    if (st.isSymbolicLink()) {
      out[rel] = { type: 'symlink', link: await fs.readlink(abs) }
      return
    }
    const node: Node = {
      type: st.isDirectory() ? 'directory' : 'file',
      mode: st.mode & 0o7777,
      mtime: Math.floor(st.mtimeMs / 1000)
    }
    if (st.isFile()) node.sha256 = sha256(await fs.readFile(abs))
    out[rel] = node
    if (st.isDirectory()) {
      for (const name of await fs.readdir(abs)) {
        await visit(path.join(abs, name), rel ? `${rel}/${name}` : name)
      }
    }
  }
  await visit(root, '')
  return out
}

/** The old script's archive of `<from>/<folder>`, written into `dir` (extra tar arguments first). */
async function oldScriptTar(dir: string, from: string, folder: string, ...extra: string[]) {
  await fs.mkdir(dir, { recursive: true })
  execFileSync('tar', [...extra, '-czf', path.join(dir, 'uploads.tar.gz'), '-C', from, folder])
}

beforeAll(async () => {
  work = await tempDir()
  parent = path.join(work, 'public')
  await buildTree(path.join(parent, 'uploads'))
  await freshDatabase(SOURCE)
  await sql(SOURCE, 'create table t (id int); insert into t select generate_series(1, 4);')
  redis = await startRedis()
  await redis.client().set('k', 'v')
  await redis.client().save()
})

afterAll(async () => {
  await redis?.stop()
  await fs.rm(work, { recursive: true, force: true })
})

describe("the old script's uploads.tar.gz", () => {
  it('adopt of a folder with all three files writes the index and uploads stats; verify passes; restore brings every file back byte for byte with its mode and mtime', async () => {
    const root = path.join(work, 'adopt-all')
    const legacy = path.join(root, 'legacy', TIME)
    await oldScriptTar(legacy, parent, 'uploads')
    await shell(
      `"${requireEnv('TEST_PG_BIN')}/pg_dump" --format=plain "${dbUrl(SOURCE).replace(/:[^:@/]*@/, '@')}" | gzip > "${legacy}/postgres.sql.gz"`
    )
    await fs.copyFile(path.join(redis.dir, 'dump.rdb'), path.join(legacy, 'redis.rdb'))
    const archive = await fs.readFile(path.join(legacy, 'uploads.tar.gz'))
    const inputs = { environment: 'legacy', 'backup-root': root }

    const done = await runAction({ command: 'adopt', ...inputs })
    expect(errorOf(done)).toBe('')
    expect(done.code).toBe(0)
    expect(done.outputs.adopted).toBe('1')
    expect(await fs.readdir(legacy).catch(() => [])).toEqual([])
    const snap = path.join(root, 'legacy', ID)
    expect((await fs.readdir(snap)).filter((n) => n !== '.claim').sort()).toEqual([
      'manifest.json',
      'postgres.sql.gz',
      'redis.rdb',
      'uploads.index.json.gz',
      'uploads.tar.gz'
    ])
    // The archive as the old script wrote it, byte for byte.
    expect(sha256(await fs.readFile(path.join(snap, 'uploads.tar.gz')))).toBe(sha256(archive))
    const manifest = JSON.parse(await fs.readFile(path.join(snap, 'manifest.json'), 'utf8'))
    expect(manifest.sources.uploads).toMatchObject({
      root: 'uploads',
      files: 5,
      bytes: 1000 + 8 + 300_000 + 0 + 10,
      directories: 7,
      symlinks: 1,
      index: 'uploads.index.json.gz',
      changedCount: 0,
      skippedCount: 0
    })
    expect(manifest.sources.postgres.tables).toEqual({ 'public.t': 4 })
    expect(manifest.sources.redis.keys).toBe(1)
    const index = JSON.parse(
      gunzipSync(await fs.readFile(path.join(snap, 'uploads.index.json.gz'))).toString('utf8')
    )
    expect(index).toMatchObject({ formatVersion: 1, archive: 'uploads.tar.gz', root: 'uploads' })
    expect(index.entries).toContainEqual({
      path: 'uploads/docs/a/b/deep.pdf',
      type: 'file',
      size: 300_000,
      mtime: at(3).toISOString(),
      mode: '0640',
      sha256: sha256(await fs.readFile(path.join(parent, 'uploads/docs/a/b/deep.pdf')))
    })

    const verify = await runAction({ command: 'verify', snapshot: ID, ...inputs })
    expect(errorOf(verify)).toBe('')
    expect(verify.outputs.verified).toBe('true')
    expect(verify.summary).toContain('13 entries (5 files), each against the index')

    const target = path.join(work, 'restored-adopted')
    const restore = await runAction({
      command: 'restore',
      snapshot: ID,
      'target-uploads-dir': target,
      ...inputs
    })
    expect(errorOf(restore)).toBe('')
    expect(restore.outputs.restored).toBe('uploads')
    expect(await tree(target)).toEqual(await tree(path.join(parent, 'uploads')))
  })

  it('restore --snapshot <legacy folder> in S3 restores its uploads, read once for the index, saying no checksum was recorded', async () => {
    const environment = `legacy-up-${randomUUID().slice(0, 8)}`
    const staged = path.join(work, 'staged-s3')
    await oldScriptTar(staged, parent, 'uploads')
    await testS3Client().send(
      new PutObjectCommand({
        Bucket: requireEnv('TEST_S3_BUCKET'),
        Key: `${environment}/${TIME}/uploads.tar.gz`,
        Body: await fs.readFile(path.join(staged, 'uploads.tar.gz'))
      })
    )
    const target = path.join(work, 'restored-legacy')
    const result = await runAction({
      command: 'restore',
      environment,
      snapshot: TIME,
      'target-uploads-dir': target,
      ...s3Inputs()
    })
    expect(errorOf(result)).toBe('')
    expect(result.code).toBe(0)
    expect(result.outputs.restored).toBe('uploads')
    expect(result.summary).toContain('no checksum was recorded when it was written')
    expect(result.stdout).toContain('a legacy file, no checksum was recorded when it was written')
    expect(await tree(target)).toEqual(await tree(path.join(parent, 'uploads')))
  })

  it('another top folder, with ./ prefixes, is its root: adopted and restored as the folder itself', async () => {
    const root = path.join(work, 'adopt-media')
    const media = path.join(work, 'elsewhere')
    await fs.cp(path.join(parent, 'uploads'), path.join(media, 'media'), {
      recursive: true,
      preserveTimestamps: true,
      verbatimSymlinks: true
    })
    await fs.utimes(path.join(media, 'media'), at(24), at(24))
    await oldScriptTar(path.join(root, 'legacy', TIME), media, './media')
    const inputs = { environment: 'legacy', 'backup-root': root }
    const done = await runAction({ command: 'adopt', ...inputs })
    expect(errorOf(done)).toBe('')
    const manifest = JSON.parse(
      await fs.readFile(path.join(root, 'legacy', ID, 'manifest.json'), 'utf8')
    )
    expect(manifest.sources.uploads.root).toBe('media')
    const target = path.join(work, 'restored-media')
    const restore = await runAction({
      command: 'restore',
      snapshot: ID,
      'target-uploads-dir': target,
      ...inputs
    })
    expect(errorOf(restore)).toBe('')
    expect(await tree(target)).toEqual(await tree(path.join(media, 'media')))
  })

  it('a truncated uploads.tar.gz (cut in the middle): adopt fails naming it, the legacy folder is kept, no snapshot is complete', async () => {
    const root = path.join(work, 'adopt-cut')
    const legacy = path.join(root, 'legacy', TIME)
    await oldScriptTar(legacy, parent, 'uploads')
    const file = path.join(legacy, 'uploads.tar.gz')
    const whole = await fs.readFile(file)
    const cut = whole.subarray(0, Math.floor(whole.length / 2))
    await fs.writeFile(file, cut)
    const result = await runAction({ command: 'adopt', environment: 'legacy', 'backup-root': root })
    expect(result.code).not.toBe(0)
    expect(errorOf(result)).toContain(
      `${file} is not a whole gzip-compressed tar archive: unexpected end of file`
    )
    expect(await fs.readdir(legacy)).toEqual(['uploads.tar.gz'])
    expect(sha256(await fs.readFile(file))).toBe(sha256(cut))
    const snap = path.join(root, 'legacy', ID)
    expect(await fs.readdir(snap).catch(() => [])).not.toContain('manifest.json')
  })

  it('on S3, an archive refused at its first entry stops its copy: no upload left open, no object written', async () => {
    // 30 MB that does not compress, under an entry whose header checksum is broken: the check
    // fails at once, the copy would go on for 30 MB (a multipart upload, left open at exit).
    const environment = `legacy-stop-${randomUUID().slice(0, 8)}`
    const staged = path.join(work, 'staged-stop')
    await fs.mkdir(path.join(staged, 'uploads'), { recursive: true })
    await fs.writeFile(path.join(staged, 'uploads', 'blob.bin'), randomBytes(30 * 1024 * 1024))
    const tarFile = path.join(staged, 'u.tar')
    execFileSync('tar', ['-cf', tarFile, '-C', staged, 'uploads'])
    const tarBytes = await fs.readFile(tarFile)
    tarBytes[100] ^= 0xff // the first header's mode field: its checksum no longer matches
    const Bucket = requireEnv('TEST_S3_BUCKET')
    const client = testS3Client()
    await client.send(
      new PutObjectCommand({
        Bucket,
        Key: `${environment}/${TIME}/uploads.tar.gz`,
        Body: gzipSync(tarBytes, { level: 1 })
      })
    )
    const result = await runAction({ command: 'adopt', environment, ...s3Inputs() })
    expect(result.code).not.toBe(0)
    expect(errorOf(result)).toMatch(/uploads\.tar\.gz is not a whole gzip-compressed tar archive/)
    const open = await client.send(
      new ListMultipartUploadsCommand({ Bucket, Prefix: `${environment}/` })
    )
    expect((open.Uploads ?? []).map((u) => u.Key)).toEqual([])
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket, Prefix: `${environment}/${ID}/` })
    )
    expect((listed.Contents ?? []).map((o) => o.Key)).not.toContain(
      `${environment}/${ID}/uploads.tar.gz`
    )
    // The legacy folder is as it was.
    const legacy = await client.send(
      new ListObjectsV2Command({ Bucket, Prefix: `${environment}/${TIME}/` })
    )
    expect((legacy.Contents ?? []).map((o) => o.Key)).toEqual([
      `${environment}/${TIME}/uploads.tar.gz`
    ])
  })

  it('an archive with a ../evil entry is refused in one line, nothing adopted', async () => {
    const root = path.join(work, 'adopt-evil')
    const legacy = path.join(root, 'legacy', TIME)
    const from = path.join(work, 'evil-parent')
    await fs.mkdir(path.join(from, 'uploads'), { recursive: true })
    await fs.writeFile(path.join(from, 'uploads', 'ok.txt'), 'ok\n')
    await fs.writeFile(path.join(work, 'evil'), 'outside\n')
    // -P keeps the ../ that GNU tar would otherwise strip: the archive an attacker would craft.
    await fs.mkdir(legacy, { recursive: true })
    execFileSync('tar', [
      '-czPf',
      path.join(legacy, 'uploads.tar.gz'),
      '-C',
      from,
      'uploads',
      '../evil'
    ])
    const result = await runAction({ command: 'adopt', environment: 'legacy', 'backup-root': root })
    expect(result.code).not.toBe(0)
    expect(errorOf(result)).toContain(
      `${path.join(legacy, 'uploads.tar.gz')}: archive entry "../evil": it has a ".." component; refused`
    )
    expect(await fs.readdir(legacy)).toEqual(['uploads.tar.gz'])
    expect(await fs.readdir(path.join(root, 'legacy', ID)).catch(() => [])).not.toContain(
      'manifest.json'
    )
    // restore of the legacy folder refuses it too, before writing anything.
    const target = path.join(work, 'evil-target')
    const restore = await runAction({
      command: 'restore',
      environment: 'legacy',
      'backup-root': root,
      snapshot: TIME,
      'target-uploads-dir': target
    })
    expect(restore.code).not.toBe(0)
    expect(errorOf(restore)).toContain('archive entry "../evil": it has a ".." component; refused')
    expect(await fs.readdir(target).catch(() => 'absent')).toBe('absent')
  })

  it('entries at the top of the archive (tar -C uploads .) are refused: they map onto no folder', async () => {
    const root = path.join(work, 'adopt-flat')
    await oldScriptTar(path.join(root, 'legacy', TIME), path.join(parent, 'uploads'), '.')
    const result = await runAction({ command: 'adopt', environment: 'legacy', 'backup-root': root })
    expect(result.code).not.toBe(0)
    expect(errorOf(result)).toContain(
      'archive entry "./" is the top of the archive itself: its entries are not under one folder'
    )
  })
})
