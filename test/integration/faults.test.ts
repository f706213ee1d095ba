import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { snapshotIdFor } from '../../src/snapshot/id.js'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { errorOf, requireEnv, runAction, runCli, tempDir, type RunResult } from '../helpers/run.js'
import { listKeys, s3Inputs } from '../helpers/s3.js'

// Every fault: one clear line naming what is wrong, a non-zero exit, no secret printed, and no
// manifest anywhere (nothing marked complete).

const BIG = 'faults_big'
let root: string
const cleanups: Array<() => Promise<unknown>> = []

beforeAll(async () => {
  await freshDatabase(BIG)
  // About 15 MB of dump: more than one 8 MiB part uncompressed, more than a 1 MB disk.
  await sql(
    BIG,
    `create table big (id int primary key, v text);
     insert into big select g, md5(g::text) || repeat('x', 250) from generate_series(1, 50000) g;`
  )
  root = await tempDir()
})

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
  await fs.rm(root, { recursive: true, force: true })
})

async function manifestsUnder(dir: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (d: string): Promise<void> => {
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(d, e.name)
      if (e.isDirectory()) await walk(full)
      else if (e.name.startsWith('manifest.json')) found.push(full)
    }
  }
  await walk(dir)
  return found
}

function expectFailure(result: RunResult, pattern: RegExp): void {
  const line = errorOf(result)
  expect(line).toMatch(pattern)
  expect(result.code).not.toBe(0)
  expect(result.all).not.toContain(requireEnv('TEST_PG_PASSWORD'))
  expect(result.all).not.toContain('wrong-secret-pw')
  expect(result.outputs['snapshot-id']).toBeUndefined()
}

async function writeScript(dir: string, name: string, body: string): Promise<string> {
  const file = path.join(dir, name)
  await fs.writeFile(file, `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 })
  return file
}

/**
 * A folder for LUNEO_PG_BIN whose pg_dump answers `--version` as the real one and otherwise runs
 * `lines` (bash; `$real` is the real pg_dump): a pg_dump that fails the way a test needs.
 */
async function pgDumpStandIn(...lines: string[]): Promise<string> {
  const bin = await tempDir('luneo-pgbin-')
  const real = path.join(requireEnv('TEST_PG_BIN'), 'pg_dump')
  await writeScript(
    bin,
    'pg_dump',
    [`real=${real}`, '[ "$1" = --version ] && exec "$real" --version', ...lines].join('\n')
  )
  return bin
}

/** Listens, accepts, and never says a word: a server that hangs. */
async function silentServer(): Promise<number> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((s) => sockets.add(s))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(async () => {
    sockets.forEach((s) => s.destroy())
    server.close()
  })
  return (server.address() as net.AddressInfo).port
}

async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as net.AddressInfo).port
  await new Promise((r) => server.close(r))
  return port
}

describe('bad inputs', () => {
  const base = { environment: 'faults', 'backup-root': '/tmp/never-used' }
  it.each([
    [
      { compression: 'brotli', 'database-url': 'postgresql://u:p@h/db' },
      /compression "brotli" is not one of: gzip, zstd, none/
    ],
    [{ 'database-url': 'not a url wrong-secret-pw' }, /database-url is not a valid URL/],
    [
      { 'database-url': 'mysql://u:wrong-secret-pw@h/db' },
      /database-url "mysql:\/\/u:\*\*\*@h\/db" must start with postgres/
    ],
    [
      { environment: '../prod', 'database-url': 'postgresql://h/db' },
      /environment "\.\.\/prod" is not a plain name/
    ],
    [
      { environment: 'a/b', 'database-url': 'postgresql://h/db' },
      /environment "a\/b" is not a plain name/
    ],
    [{}, /nothing to back up: set at least one of database-url/],
    [{ 'backup-root': '', 'database-url': 'postgresql://h/db' }, /no storage: set s3-bucket/]
  ])('%j is refused', async (inputs, pattern) => {
    const result = await runAction({ ...base, ...inputs })
    expectFailure(result, pattern)
    expect(result.code).toBe(1)
  })

  it('the CLI exits 2 for bad inputs and names the flag', async () => {
    const result = await runCli(['backup', '--compression', 'lzma'], {
      ENV: 'faults',
      BACKUP_ROOT: root,
      DATABASE_URL: dbUrl(BIG)
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/compression "lzma" is not one of/)
  })
})

describe('start-up', () => {
  it('the entry points start silently: the V8 flag src/gcTuning.ts sets is one this Node knows', async () => {
    // An unknown flag is not an error, only a line on stderr and a lost tuning: catch it here.
    const cli = await runCli(['--version'])
    expect(cli.stderr).toBe('')
    expect(cli.code).toBe(0)
    const action = await runAction({
      command: 'check',
      environment: 'startup',
      'backup-root': root
    })
    expect(action.stderr).not.toMatch(/flag/i)
  })
})

describe('PostgreSQL faults', () => {
  it('a wrong password is named, not printed', async () => {
    const result = await runAction({
      environment: 'faults',
      'database-url': dbUrl(BIG, 'wrong-secret-pw'),
      'backup-root': root
    })
    expectFailure(
      result,
      /PostgreSQL refused the password for postgres@127\.0\.0\.1:\d+\/faults_big/
    )
    expect(await manifestsUnder(root)).toEqual([])
  })

  it('a database that never answers times out in seconds', async () => {
    const port = await silentServer()
    const started = Date.now()
    const result = await runAction(
      {
        environment: 'faults',
        'database-url': `postgresql://u:wrong-secret-pw@127.0.0.1:${port}/db`,
        'backup-root': root
      },
      { LUNEO_CONNECT_TIMEOUT_SECONDS: '2' }
    )
    expectFailure(
      result,
      new RegExp(
        `cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port} \\(timeout: no answer within 2 s\\)`
      )
    )
    expect(Date.now() - started).toBeLessThan(20_000)
  })

  it('a refused connection is named', async () => {
    const port = await closedPort()
    const result = await runAction({
      environment: 'faults',
      'database-url': `postgresql://u:wrong-secret-pw@127.0.0.1:${port}/db`,
      'backup-root': root
    })
    expectFailure(result, /cannot connect to PostgreSQL at 127\.0\.0\.1:\d+ \(refused\)/)
  })

  it('pg_dump killed mid-stream: the first cause is shown, the multipart upload and the file are gone, no manifest', async () => {
    // Streams 300 KB of a real dump, then dies by SIGKILL, as an OOM-killed pg_dump would.
    const bin = await pgDumpStandIn('"$real" "$@" | head -c 300000', 'kill -9 $$')
    const started = new Date(Math.floor(Date.now() / 1000) * 1000)
    const result = await runAction(
      {
        environment: 'faults-kill',
        'database-url': dbUrl(BIG),
        'backup-root': root,
        compression: 'none',
        ...s3Inputs()
      },
      { LUNEO_PG_BIN: bin }
    )
    expectFailure(result, /pg_dump was killed by SIGKILL; the dump is incomplete/)
    // Nothing of the snapshot is left; the ledger beside it records the failure (this run's
    // event is the one named after a time at or after the run's start: the bucket outlives runs).
    const keys = await listKeys('faults-kill/')
    expect(keys.filter((k) => !k.startsWith('faults-kill/ledger/'))).toEqual([])
    const since = `faults-kill/ledger/${snapshotIdFor(started)}`
    expect(keys.filter((k) => k.startsWith('faults-kill/ledger/') && k >= since)).toHaveLength(1)
    expect(await manifestsUnder(root)).toEqual([])
    const left = await fs
      .readdir(path.join(root, 'faults-kill'), { recursive: true })
      .catch(() => [])
    expect(left.filter((f) => String(f).includes('postgres.sql'))).toEqual([])
  })

  it('pg_dump killed while writing its own gzip: its exit is the cause, not the truncated gzip', async () => {
    // The default compression has pg_dump gzip its output: cut it short, then die.
    const bin = await pgDumpStandIn('"$real" "$@" | head -c 20000', 'kill -9 $$')
    const result = await runAction(
      { environment: 'faults-kill-gz', 'database-url': dbUrl(BIG), 'backup-root': root },
      { LUNEO_PG_BIN: bin }
    )
    expectFailure(result, /pg_dump was killed by SIGKILL; the dump is incomplete/)
    expect(await manifestsUnder(path.join(root, 'faults-kill-gz'))).toEqual([])
  })

  it('pg_dump exits 0 but its gzip is corrupt: named, nothing stored, no manifest', async () => {
    // A whole dump with one byte flipped in the middle of the deflate data, and exit 0.
    const bin = await pgDumpStandIn(
      'out=$(mktemp); "$real" "$@" > "$out" || exit 1',
      'at=$(( $(stat -c %s "$out") / 2 ))',
      `byte=$(od -An -tu1 -j "$at" -N1 "$out" | tr -d ' ')`,
      `printf "$(printf '\\\\%03o' $(( byte ^ 255 )))" | dd of="$out" bs=1 seek="$at" conv=notrunc status=none`,
      'cat "$out"; rm -f "$out"'
    )
    const result = await runAction(
      {
        environment: 'faults-corrupt-gz',
        'database-url': dbUrl(BIG),
        'backup-root': root,
        ...s3Inputs()
      },
      { LUNEO_PG_BIN: bin }
    )
    expectFailure(result, /pg_dump's gzip output does not inflate: /)
    expect(await manifestsUnder(path.join(root, 'faults-corrupt-gz'))).toEqual([])
    const keys = await listKeys('faults-corrupt-gz/')
    expect(keys.filter((k) => !k.startsWith('faults-corrupt-gz/ledger/'))).toEqual([])
  })

  it('pg_dump exits 0 with its gzip cut short: named, no manifest', async () => {
    const bin = await pgDumpStandIn('"$real" "$@" | head -c 20000', 'exit 0')
    const result = await runAction(
      { environment: 'faults-short-gz', 'database-url': dbUrl(BIG), 'backup-root': root },
      { LUNEO_PG_BIN: bin }
    )
    expectFailure(result, /pg_dump's gzip output does not inflate: unexpected end of file/)
    expect(await manifestsUnder(path.join(root, 'faults-short-gz'))).toEqual([])
  })

  it('a pg_dump that writes plain SQL when asked for gzip is stopped at once, its warning shown', async () => {
    // As a pg_dump built without zlib does: warn, write plain SQL, carry on. This one would
    // carry on for a minute; the backup must not wait for it.
    const bin = await pgDumpStandIn(
      'echo "pg_dump: warning: requested compression not available in this installation -- archive will be uncompressed" >&2',
      'echo "-- PostgreSQL database dump"',
      'exec sleep 60'
    )
    const started = Date.now()
    const result = await runAction(
      { environment: 'faults-plain-gz', 'database-url': dbUrl(BIG), 'backup-root': root },
      { LUNEO_PG_BIN: bin }
    )
    expectFailure(
      result,
      /pg_dump's gzip output does not inflate: incorrect header check \(pg_dump: pg_dump: warning: requested compression not available/
    )
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(await manifestsUnder(path.join(root, 'faults-plain-gz'))).toEqual([])
  })

  it('a pg_dump that fails at once is named', async () => {
    const bin = await pgDumpStandIn(
      'echo "pg_dump: error: query failed: ERROR:  permission denied for table secret" >&2',
      'exit 1'
    )
    const result = await runAction(
      {
        environment: 'faults-at-once',
        'database-url': dbUrl(BIG),
        'backup-root': root,
        ...s3Inputs()
      },
      { LUNEO_PG_BIN: bin }
    )
    expectFailure(
      result,
      /pg_dump exited with code 1: pg_dump: error: query failed: ERROR: {2}permission denied for table secret; the dump is incomplete/
    )
    expect(await manifestsUnder(path.join(root, 'faults-at-once'))).toEqual([])
  })

  it('a pg_dump older than the server is refused with both versions (stub client)', async () => {
    const bin = await tempDir('luneo-pgbin-')
    await writeScript(bin, 'pg_dump', 'echo "pg_dump (PostgreSQL) 13.4"')
    const result = await runAction(
      { environment: 'faults', 'database-url': dbUrl(BIG), 'backup-root': root },
      { LUNEO_PG_BIN: bin }
    )
    expectFailure(
      result,
      /pg_dump 13\.4 is older than the PostgreSQL server 15\.\d+: install the PostgreSQL 15 client/
    )
  })
})

describe('storage faults', () => {
  it('an unreachable S3 endpoint fails fast', async () => {
    const port = await closedPort()
    const started = Date.now()
    const result = await runAction({
      environment: 'faults',
      'database-url': dbUrl(BIG),
      ...s3Inputs(),
      's3-endpoint': `http://127.0.0.1:${port}`
    })
    expectFailure(
      result,
      new RegExp(
        `cannot reach S3 at http://127\\.0\\.0\\.1:${port} for S3 bucket backups: ECONNREFUSED`
      )
    )
    expect(Date.now() - started).toBeLessThan(30_000)
  })

  it('a missing bucket is named', async () => {
    const result = await runAction({
      environment: 'faults',
      'database-url': dbUrl(BIG),
      ...s3Inputs(),
      's3-bucket': 'no-such-bucket'
    })
    expectFailure(result, /S3 bucket no-such-bucket does not exist at http:\/\/127\.0\.0\.1:\d+/)
  })

  it('the S3 server dying mid-upload fails the backup with an S3 error and no manifest', async () => {
    // A proxy in front of RGW that dies for good after 2 MB, as a crashed server would.
    const target = new URL(requireEnv('TEST_S3_ENDPOINT'))
    const sockets = new Set<net.Socket>()
    let forwarded = 0
    const proxy = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname)
      sockets.add(client).add(upstream)
      client.on('data', (d) => {
        forwarded += d.length
        if (forwarded > 2_000_000) {
          proxy.close()
          sockets.forEach((s) => s.destroy())
        } else upstream.write(d)
      })
      upstream.on('data', (d) => client.write(d))
      client.on('error', () => upstream.destroy())
      upstream.on('error', () => client.destroy())
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
    cleanups.push(async () => proxy.close())
    const port = (proxy.address() as net.AddressInfo).port
    const result = await runAction({
      environment: 'faults-s3-dies',
      'database-url': dbUrl(BIG),
      compression: 'none',
      ...s3Inputs(),
      's3-endpoint': `http://127.0.0.1:${port}`
    })
    expectFailure(
      result,
      /(cannot reach S3 at http:\/\/127\.0\.0\.1:\d+ for s3:\/\/backups\/faults-s3-dies\/.*postgres\.sql: (ECONNRESET|ECONNREFUSED|EPIPE))|S3 failed for s3:\/\/backups\/faults-s3-dies\//
    )
    expect(forwarded).toBeGreaterThan(2_000_000)
    expect((await listKeys('faults-s3-dies/')).filter((k) => k.endsWith('manifest.json'))).toEqual(
      []
    )
  })

  it('a backup-root that is not a folder is refused before any dump', async () => {
    const file = path.join(root, 'a-file')
    await fs.writeFile(file, 'x')
    const result = await runAction({
      environment: 'faults',
      'database-url': dbUrl(BIG),
      'backup-root': path.join(file, 'backups')
    })
    expectFailure(
      result,
      /backup-root .*a-file\/backups is not writable: ENOTDIR: a path component is not a folder/
    )
  })

  it('a storage failure is not held up by a database that never answers', async () => {
    // The database is probed while storage is checked; a failed check gives the probe up.
    const port = await silentServer()
    const file = path.join(root, 'another-file')
    await fs.writeFile(file, 'x')
    const started = Date.now()
    const result = await runAction({
      environment: 'faults',
      'database-url': `postgresql://u:wrong-secret-pw@127.0.0.1:${port}/db`,
      'backup-root': path.join(file, 'backups')
    })
    expectFailure(result, /backup-root .*another-file\/backups is not writable/)
    expect(Date.now() - started).toBeLessThan(8_000) // the connect timeout is 10 s
  })

  it('a full backup-root fails naming the file, leaves no partial file and no manifest', async () => {
    const mount = await tempDir('luneo-full-')
    // A 1 MB tmpfs: the tests run as root (CI too), as .ci/run requires.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount])
    cleanups.push(async () => execFileSync('umount', [mount]))
    const result = await runAction({
      environment: 'faults-full',
      'database-url': dbUrl(BIG),
      compression: 'none',
      'backup-root': mount
    })
    expectFailure(
      result,
      /cannot write .*\/faults-full\/.*\/postgres\.sql: ENOSPC: no space left on device/
    )
    expect(await manifestsUnder(mount)).toEqual([])
    const left = await fs.readdir(path.join(mount, 'faults-full'), { recursive: true })
    expect(left.filter((f) => String(f).includes('postgres.sql'))).toEqual([])
  })
})
