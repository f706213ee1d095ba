import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { errorOf, requireEnv, runAction, runCli, tempDir } from '../helpers/run.js'
import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  ListObjectsV2Command,
  PutObjectCommand
} from '@aws-sdk/client-s3'
import { listKeys, s3Inputs, testS3Client } from '../helpers/s3.js'

// verify against the real servers: a backup of PostgreSQL, Redis and uploads to S3 and a folder,
// proven file by file without a target; and every kind of damage named, with a non-zero exit.

const SOURCE = 'verify_source'
const ENV = `it-verify-${Date.now()}` // unique: the S3 test server keeps earlier runs' objects
let root: string
let uploads: string
let snapshotId: string

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

async function backupNow(extra: Record<string, string> = {}): Promise<string> {
  const result = await runAction({
    environment: ENV,
    'database-url': dbUrl(SOURCE),
    'redis-url': requireEnv('TEST_REDIS_URL'),
    'uploads-dir': uploads,
    'backup-root': root,
    ...s3Inputs(),
    ...extra
  })
  expect([result.code, errorOf(result)]).toEqual([0, ''])
  return result.outputs['snapshot-id']
}

/** A copy of the folder target to damage, and the inputs that verify it. */
async function damagedCopy(): Promise<{ dir: string; inputs: Record<string, string> }> {
  const copy = await tempDir('verify-damaged-')
  await fs.cp(root, copy, { recursive: true })
  return {
    dir: path.join(copy, ENV, snapshotId),
    inputs: { command: 'verify', environment: ENV, 'backup-root': copy, snapshot: snapshotId }
  }
}

beforeAll(async () => {
  await freshDatabase(SOURCE)
  await sql(
    SOURCE,
    `create table items (id int primary key, note text);
     insert into items select g, 'item ' || g from generate_series(1, 2500) g;
     create table "Odd | Name" (v text); insert into "Odd | Name" values ('a'), ('b');`
  )
  root = await tempDir('verify-')
  uploads = path.join(await tempDir('verify-uploads-'), 'uploads')
  await fs.mkdir(path.join(uploads, 'sub'), { recursive: true })
  await fs.writeFile(path.join(uploads, 'a.txt'), 'alpha\n')
  await fs.writeFile(path.join(uploads, 'sub', 'b.bin'), Buffer.alloc(70_000, 7))
  await fs.symlink('a.txt', path.join(uploads, 'link'))
  snapshotId = await backupNow()
})

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

describe('verify', () => {
  it('proves the latest snapshot on S3 without a target: every file checked and decoded', async () => {
    const result = await runAction({
      command: 'verify',
      environment: ENV,
      snapshot: 'latest',
      ...s3Inputs()
    })
    expect([result.code, errorOf(result)]).toEqual([0, ''])
    expect(result.outputs).toMatchObject({ verified: 'true', 'snapshot-id': snapshotId })
    expect(result.summary).toContain(`## Verify (${ENV}): 1 of 1 snapshot verified`)
    expect(result.summary).toMatch(/postgres\.sql\.gz .*2 tables, 2502 rows in COPY blocks/)
    expect(result.summary).toMatch(/redis\.rdb.* \| .*RDB version \d+, \d+ keys .*checksum/)
    expect(result.summary).toMatch(
      /uploads\.tar\.gz .*5 entries \(2 files\), each against the index/
    )
    expect(result.all).not.toContain(requireEnv('TEST_PG_PASSWORD'))
    // Each verification is a ledger event.
    const events = await listKeys(`${ENV}/ledger/`)
    expect(events.some((k) => /-verify-[^/]+\.json$/.test(k))).toBe(true)
  })

  it('through the CLI, on the folder, with snapshot all and a logical Redis dump', async () => {
    const second = await backupNow({ 'redis-mode': 'logical', compression: 'zstd' })
    const result = await runCli(
      ['verify', '--environment', ENV, '--backup-root', root, '--snapshot', 'all'],
      { DATABASE_URL: '', REDIS_URL: '', UPLOADS_DIR: '' }
    )
    expect([result.code, result.stderr.split('\n').filter((l) => /error/i.test(l))]).toEqual([
      0,
      []
    ])
    expect(result.stdout).toContain('verified=true')
    // A folder has no storage classes: nothing is ever archived there.
    expect(result.stdout).toContain('archived-files=0')
    expect(result.stdout).toContain(`## Verify (${ENV}): 2 of 2 snapshots verified`)
    expect(result.stdout).toMatch(
      new RegExp(`${second} \\| redis\\.resp\\.zst .*RESTORE commands in \\d+ dbs`)
    )
  })

  it('names a file with one flipped byte (checksum), exits non-zero, and still checks the others', async () => {
    const { dir, inputs } = await damagedCopy()
    const file = path.join(dir, 'uploads.tar.gz')
    const bytes = await fs.readFile(file)
    bytes[bytes.length >> 1] ^= 0x01
    await fs.writeFile(file, bytes)
    const result = await runAction(inputs)
    expect(result.code).toBe(1)
    expect(result.outputs.verified).toBe('false')
    expect(result.stdout).toMatch(
      new RegExp(`^::error::verify failed: ${snapshotId}/uploads\\.tar\\.gz: checksum failed`, 'm')
    )
    // The other files were read and are fine.
    expect(result.stdout).toMatch(/ok: postgres\.sql\.gz/)
    expect(result.stdout).toMatch(/ok: redis\.rdb/)
  })

  it('names a table whose rows the dump does not hold as the manifest says', async () => {
    const { dir, inputs } = await damagedCopy()
    const manifestPath = path.join(dir, 'manifest.json')
    const manifest = JSON.parse(await fs.readFile(manifestPath, 'utf8'))
    manifest.sources.postgres.tables['public.items'] = 2499
    await fs.writeFile(manifestPath, JSON.stringify(manifest))
    const result = await runAction(inputs)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /^::error::verify failed: .*postgres\.sql\.gz: rows per table differ from the manifest: public\.items: 2500, the manifest says 2499$/m
    )
  })

  it('names a file that is missing from the snapshot', async () => {
    const { dir, inputs } = await damagedCopy()
    await fs.rm(path.join(dir, 'redis.rdb'))
    const result = await runAction(inputs)
    expect(result.code).toBe(1)
    expect(errorOf(result)).toMatch(/redis\.rdb is missing/)
  })

  it('finds an archive that disagrees with its index, even with both checksums made to match', async () => {
    const { dir, inputs } = await damagedCopy()
    // Rewrite the index to claim a different hash for a.txt, and the manifest to match it.
    const indexPath = path.join(dir, 'uploads.index.json.gz')
    const { gunzipSync } = await import('node:zlib')
    const index = JSON.parse(gunzipSync(await fs.readFile(indexPath)).toString('utf8'))
    const entry = index.entries.find((e: { path: string }) => e.path.endsWith('a.txt'))
    entry.sha256 = '0'.repeat(64)
    const rewritten = gzipSync(JSON.stringify(index))
    await fs.writeFile(indexPath, rewritten)
    const manifestPath = path.join(dir, 'manifest.json')
    const manifest = JSON.parse(await fs.readFile(manifestPath, 'utf8'))
    const listed = manifest.files.find((f: { name: string }) => f.name === 'uploads.index.json.gz')
    listed.sha256 = sha256(rewritten)
    listed.bytes = rewritten.length
    await fs.writeFile(manifestPath, JSON.stringify(manifest))
    const result = await runAction(inputs)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /^::error::verify failed: .*uploads\.tar\.gz: uploads\/a\.txt: its content's SHA-256 is not the index's$/m
    )
  })

  it('with no complete snapshot, says so in one line', async () => {
    const empty = await tempDir('verify-empty-')
    const result = await runAction({
      command: 'verify',
      environment: ENV,
      'backup-root': empty,
      snapshot: 'all'
    })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toMatch(/^::error::no complete snapshot to verify in .*verify-empty-/)
  })

  describe('files already moved to GLACIER (a real storage class of the test RGW)', () => {
    const GENV = `${ENV}-glacier`
    const bucket = () => requireEnv('TEST_S3_BUCKET')
    let archivedId: string
    const inputs = (snapshot: string) => ({
      command: 'verify',
      environment: GENV,
      snapshot,
      ...s3Inputs()
    })

    /**
     * Store a file again in GLACIER, its bytes zeroed at the same length: the catalog still sees
     * it whole (sizes match), and a verify that read it would fail on its checksum. (RGW 16
     * cannot CopyObject an SSE object, so it is written again rather than copied.)
     */
    async function moveToGlacier(id: string, name: string): Promise<void> {
      const s3 = testS3Client()
      const Key = `${GENV}/${id}/${name}`
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key }))
      const bytes = Buffer.from(await got.Body!.transformToByteArray())
      const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket(), Key }))
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket(),
          Key,
          Body: Buffer.alloc(bytes.length),
          StorageClass: 'GLACIER',
          ServerSideEncryption: 'AES256',
          Tagging: (tags.TagSet ?? []).map((t) => `${t.Key}=${t.Value}`).join('&')
        })
      )
    }

    /** The `verifications` of every verify event in the environment's ledger. */
    async function verifications(): Promise<unknown[]> {
      const s3 = testS3Client()
      const keys = (await listKeys(`${GENV}/ledger/`)).filter((k) => /-verify-/.test(k))
      const events = await Promise.all(
        keys.map(async (Key) => {
          const got = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key }))
          return JSON.parse(await got.Body!.transformToString())
        })
      )
      return events.map((e) => e.verifications)
    }

    beforeAll(async () => {
      const result = await runAction({
        environment: GENV,
        'database-url': dbUrl(SOURCE),
        'redis-url': requireEnv('TEST_REDIS_URL'),
        'uploads-dir': uploads,
        ...s3Inputs()
      })
      expect([result.code, errorOf(result)]).toEqual([0, ''])
      archivedId = result.outputs['snapshot-id']
      await moveToGlacier(archivedId, 'redis.rdb')
      await moveToGlacier(archivedId, 'uploads.tar.gz')
      const listed = await testS3Client().send(
        new ListObjectsV2Command({ Bucket: bucket(), Prefix: `${GENV}/${archivedId}/` })
      )
      expect(
        Object.fromEntries(
          (listed.Contents ?? []).map((o) => [o.Key!.split('/')[2], o.StorageClass])
        )
      ).toMatchObject({
        'manifest.json': 'STANDARD',
        'postgres.sql.gz': 'STANDARD',
        'redis.rdb': 'GLACIER',
        'uploads.index.json.gz': 'STANDARD',
        'uploads.tar.gz': 'GLACIER'
      })
    })

    it('are not read: counted and listed as archived, the others proven; verified=partial', async () => {
      const result = await runAction(inputs(archivedId))
      // Zeroed bytes would fail their checksum: a success proves they were not read.
      expect([result.code, errorOf(result)]).toEqual([0, ''])
      expect(result.outputs).toMatchObject({
        verified: 'partial',
        'archived-files': '2',
        'snapshot-id': archivedId
      })
      expect(result.summary).toContain(
        `## Verify (${GENV}): 0 of 1 snapshot verified, 1 except 2 archived files`
      )
      expect(result.summary).toContain(`| ${archivedId} | verified except 2 archived files |`)
      expect(result.summary).toMatch(
        /\| redis\.rdb \| .* \| \*\*archived\*\*: archived \(GLACIER\): not read; restore it to verify it \|/
      )
      expect(result.summary).toMatch(/\| uploads\.tar\.gz \| .* \| \*\*archived\*\*: /)
      expect(result.summary).toMatch(/\| postgres\.sql\.gz \| .*2 tables, 2502 rows in COPY blocks/)
      expect(result.stdout).toMatch(/ok: postgres\.sql\.gz/)
      expect(result.stdout).toMatch(/ok: uploads\.index\.json\.gz/)
      expect(result.stdout).not.toMatch(/ok: (redis\.rdb|uploads\.tar\.gz)/)
      expect(result.stdout).toMatch(
        new RegExp(
          `^::warning::2 archived files not read \\(GLACIER or DEEP_ARCHIVE\\): ${archivedId} \\(2\\)`,
          'm'
        )
      )
      // The ledger event records the snapshot's verdict, for report.
      expect(await verifications()).toContainEqual([
        { snapshotId: archivedId, verdict: 'partial', archived: 2 }
      ])
    })

    it('random picks a snapshot that can be read now', async () => {
      const readable = await runAction({
        environment: GENV,
        'database-url': dbUrl(SOURCE),
        ...s3Inputs()
      })
      expect(readable.code).toBe(0)
      const unreadable = await runAction({
        environment: GENV,
        'database-url': dbUrl(SOURCE),
        ...s3Inputs()
      })
      expect(unreadable.code).toBe(0)
      await moveToGlacier(unreadable.outputs['snapshot-id'], 'postgres.sql.gz')
      // Three complete snapshots, two with archived files: random can only pick the third.
      for (let i = 0; i < 3; i++) {
        const result = await runAction(inputs('random'))
        expect([result.code, errorOf(result)]).toEqual([0, ''])
        expect(result.outputs).toMatchObject({
          verified: 'true',
          'archived-files': '0',
          'snapshot-id': readable.outputs['snapshot-id']
        })
      }
    })

    it('a failed file beside archived ones: exit 1, verified=false, the archived still named', async () => {
      // postgres.sql.gz changed in place (STANDARD, same size): read, and its checksum fails.
      const s3 = testS3Client()
      const Key = `${GENV}/${archivedId}/postgres.sql.gz`
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key }))
      const bytes = Buffer.from(await got.Body!.transformToByteArray())
      bytes[bytes.length >> 1] ^= 0x01
      await s3.send(
        new PutObjectCommand({ Bucket: bucket(), Key, Body: bytes, ServerSideEncryption: 'AES256' })
      )
      const result = await runAction(inputs(archivedId))
      expect(result.code).toBe(1)
      expect(result.outputs).toMatchObject({ verified: 'false', 'archived-files': '2' })
      expect(result.stdout).toMatch(
        new RegExp(
          `^::error::verify failed: ${archivedId}/postgres\\.sql\\.gz: checksum failed`,
          'm'
        )
      )
      expect(result.stdout).toMatch(/^::warning::2 archived files not read /m)
      // A failed run records its verdicts too.
      expect(await verifications()).toContainEqual([
        { snapshotId: archivedId, verdict: 'failed', archived: 2, failed: 1 }
      ])
    })
  })
})
