import { describe, expect, it } from '@jest/globals'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { gunzipSync, gzipSync } from 'node:zlib'
import tar from 'tar-stream'
import { legacyUploadsReader } from '../../src/sources/legacy/uploadsIndex.js'

// The mapping rules of an old-script uploads.tar.gz onto the tool's index (what the integration
// test does not craft with the real tar): each refusal is one line naming the file and the entry.

type Header = Parameters<ReturnType<typeof tar.pack>['entry']>[0]
const mtime = new Date('2022-03-01T08:30:00.750Z')

/** A gzip'd tar of these entries (content for files), as tar-stream packs them. */
async function archive(entries: Array<[Header, string?]>): Promise<Buffer> {
  const pack = tar.pack()
  for (const [header, body] of entries) {
    await new Promise<void>((resolve, reject) =>
      pack.entry({ mtime, mode: 0o644, ...header }, body ?? '', (e) => (e ? reject(e) : resolve()))
    )
  }
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const c of pack) chunks.push(c as Buffer)
  return gzipSync(Buffer.concat(chunks))
}

async function read(bytes: Buffer) {
  const reader = legacyUploadsReader('/b/legacy/x/uploads.tar.gz', 'uploads.tar.gz')
  // As feeding() does: once the reader has failed, it takes no more.
  await pipeline(Readable.from([bytes]), reader.input).catch(() => undefined)
  return reader.result
}

const dir = (name: string): [Header] => [{ name, type: 'directory', mode: 0o755 }]
const file = (name: string, body = 'x'): [Header, string] => [{ name, type: 'file' }, body]

describe('legacyUploadsReader', () => {
  it('indexes a tar -C parent uploads archive as the tool writes its own (whole-second mtimes, modes)', async () => {
    const got = await read(
      await archive([
        dir('uploads/'),
        dir('uploads/a/'),
        file('uploads/a/f.txt', 'hello'),
        [{ name: 'uploads/l', type: 'symlink', linkname: 'a/f.txt' }]
      ])
    )
    expect(got.index.root).toBe('uploads')
    expect(got.index.entries).toEqual([
      { path: 'uploads/', type: 'directory', mtime: '2022-03-01T08:30:00.000Z', mode: '0755' },
      { path: 'uploads/a/', type: 'directory', mtime: '2022-03-01T08:30:00.000Z', mode: '0755' },
      {
        path: 'uploads/a/f.txt',
        type: 'file',
        size: 5,
        mtime: '2022-03-01T08:30:00.000Z',
        mode: '0644',
        sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'
      },
      {
        path: 'uploads/l',
        type: 'symlink',
        linkname: 'a/f.txt',
        mtime: '2022-03-01T08:30:00.000Z',
        mode: '0644'
      }
    ])
    expect(got.stats).toMatchObject({ files: 1, bytes: 5, directories: 2, symlinks: 1 })
    expect(got.tarBytes).toBeGreaterThan(0)
  })

  const refused: Array<[string, Array<[Header, string?]>, string]> = [
    [
      'several top-level folders',
      [dir('uploads/'), dir('other/')],
      'archive entry "other/" is beside uploads/ at the top of the archive'
    ],
    [
      'an absolute path',
      [dir('uploads/'), file('/etc/x')],
      'archive entry "/etc/x": it is an absolute path'
    ],
    [
      'a hard link',
      [
        dir('uploads/'),
        file('uploads/a'),
        [{ name: 'uploads/b', type: 'link', linkname: 'uploads/a' }]
      ],
      'archive entry "uploads/b" is a hard link (to uploads/a)'
    ],
    [
      'a FIFO',
      [dir('uploads/'), [{ name: 'uploads/p', type: 'fifo' }]],
      'archive entry "uploads/p" is a fifo'
    ],
    [
      'an entry twice',
      [dir('uploads/'), file('uploads/a'), file('./uploads/a')],
      'archive entry "./uploads/a" appears twice'
    ],
    [
      'a folder without its own entry',
      [dir('uploads/'), file('uploads/sub/a')],
      'archive entry uploads/sub/a is in uploads/sub, which has no entry of its own'
    ],
    [
      'no entry for the top folder',
      [file('uploads/a')],
      'the archive has no entry for its folder uploads/ itself'
    ],
    [
      'a symlink pointing out',
      [dir('uploads/'), [{ name: 'uploads/l', type: 'symlink', linkname: '../../etc' }]],
      'the archive holds the symlink uploads/l -> ../../etc, which points outside the folder'
    ],
    ['no entry at all', [], 'the archive holds no entries']
  ]
  for (const [what, entries, line] of refused) {
    it(`refuses ${what} in one line naming the file`, async () => {
      await expect(read(await archive(entries))).rejects.toThrow(
        `/b/legacy/x/uploads.tar.gz: ${line}`
      )
    })
  }

  it('a whole gzip holding a corrupt or truncated tar: not a whole archive', async () => {
    const good = await archive([dir('uploads/'), file('uploads/a', 'y'.repeat(5000))])
    const raw = gunzipSync(good)
    await expect(read(gzipSync(raw.subarray(0, 2048)))).rejects.toThrow(
      '/b/legacy/x/uploads.tar.gz is not a whole gzip-compressed tar archive'
    )
    const flipped = Buffer.from(raw)
    flipped[600] ^= 0xff // the second header's name: its checksum no longer matches
    await expect(read(gzipSync(flipped))).rejects.toThrow(
      '/b/legacy/x/uploads.tar.gz is not a whole gzip-compressed tar archive'
    )
  })
})
