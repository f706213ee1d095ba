import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Transform } from 'node:stream'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { requireEnv, startRun, tempDir, type RunResult, type StartedRun } from '../helpers/run.js'
import { listKeys, s3Inputs, testS3Client } from '../helpers/s3.js'
import { slackReceiver, type SlackReceiver } from '../helpers/slack.js'

// Cancellation and kills, through the CLI and the action as users start them, against the real
// servers (issue 13, item 3): SIGINT/SIGTERM stop the run within seconds, leave no .partial file,
// no manifest, no open multipart upload the tool did not try to abort, record a `cancelled` ledger
// event and send one Slack alert; SIGKILL leaves no file holding the password; a run that has
// printed its error exits.

const DB = 'cancel_big'
/** A role of this test's own, so its password is found nowhere but where this test's runs put it. */
const ROLE = `cancel_${randomBytes(4).toString('hex')}`
const PASSWORD = `cancel-pw-${randomBytes(12).toString('hex')}`
const startedAt = Date.now()
let root: string
let url: string
const cleanups: Array<() => Promise<unknown>> = []

beforeAll(async () => {
  await freshDatabase(DB)
  // About 30 MB of plain dump: several 8 MiB parts, so the S3 upload is a multipart one.
  await sql(
    DB,
    `create table big (id int primary key, v text);
     insert into big select g, md5(g::text) || repeat(md5((g * 7)::text), 8) from generate_series(1, 100000) g;`
  )
  await sql('postgres', `create role ${ROLE} login superuser password '${PASSWORD}'`)
  url = dbUrl(DB)
  const u = new URL(url)
  u.username = ROLE
  u.password = PASSWORD
  url = u.href
  root = await tempDir('luneo-cancel-')
})

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
  await fs.rm(root, { recursive: true, force: true })
  await sql('postgres', `drop role if exists ${ROLE}`).catch(() => undefined)
})

/** Poll until `check` holds; fail (naming `what`) if `run` exits first or nothing happens. */
async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  run?: StartedRun
): Promise<void> {
  const deadline = Date.now() + 60_000
  let exited = false
  void run?.done.then(() => (exited = true))
  while (!(await check())) {
    if (exited) throw new Error(`the run exited before ${what}:\n${run!.output()}`)
    if (Date.now() > deadline) throw new Error(`no ${what} within 60 s:\n${run?.output() ?? ''}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Every regular file under `dir` (not following links), with its size and mtime. */
async function filesUnder(dir: string): Promise<{ file: string; size: number; mtime: number }[]> {
  const found: { file: string; size: number; mtime: number }[] = []
  const walk = async (d: string, depth: number): Promise<void> => {
    if (depth > 8) return
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(d, e.name)
      if (e.isDirectory()) await walk(full, depth + 1)
      else if (e.isFile()) {
        const st = await fs.stat(full).catch(() => undefined)
        if (st) found.push({ file: full, size: st.size, mtime: st.mtimeMs })
      }
    }
  }
  await walk(dir, 0)
  return found
}

/**
 * Files holding the password: everything under the folders this run was given (its temp folder,
 * RUNNER_TEMP, the backup-root), and whatever was written in the system temp folder since this
 * test file started (the servers' own state left out: it is not the tool's).
 */
async function filesHoldingPassword(dirs: string[]): Promise<string[]> {
  // Not the servers' state, nor the job runner's logs of this very test: neither is the tool's.
  const skip = [requireEnv('TEST_SERVICES_DIR'), path.join(os.tmpdir(), 'bash_jobs')]
  const candidates = [
    ...(await Promise.all(dirs.map(filesUnder))).flat(),
    ...(await filesUnder(os.tmpdir())).filter(
      (f) =>
        f.mtime >= startedAt - 1000 && f.size <= 1 << 20 && !skip.some((s) => f.file.startsWith(s))
    )
  ]
  const holding: string[] = []
  for (const { file } of candidates) {
    const bytes = await fs.readFile(file).catch(() => Buffer.alloc(0))
    if (bytes.includes(PASSWORD)) holding.push(file)
  }
  return [...new Set(holding)]
}

async function partialsUnder(dir: string): Promise<string[]> {
  return (await filesUnder(dir)).map((f) => f.file).filter((f) => /\.partial/.test(f))
}

async function manifestsUnder(dir: string): Promise<string[]> {
  return (await filesUnder(dir)).map((f) => f.file).filter((f) => f.endsWith('manifest.json'))
}

/** host:port/db of the test database, as pg_dump's argv names it. */
const dumpTarget = () => `${new URL(url).host}/${DB}`

/** The pg_dump processes dumping the test database, by their argv. */
async function pgDumps(): Promise<{ pid: number; argv: string }[]> {
  const found: { pid: number; argv: string }[] = []
  for (const pid of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    const argv = await fs
      .readFile(`/proc/${pid}/cmdline`, 'utf8')
      .then((s) => s.replace(/\0/g, ' '))
      .catch(() => '')
    if (/(^|\/)pg_dump /.test(argv) && argv.includes(dumpTarget())) {
      found.push({ pid: Number(pid), argv })
    }
  }
  return found
}

interface Proxy {
  endpoint: string
  requests: { method: string; url: string; status?: number }[]
  close(): Promise<void>
}

/**
 * A reverse proxy in front of the S3 test server (RGW) that forwards request bodies (and, with `downloads`, answers
 * too) at `bytesPerSecond`: a slow link, so the upload and through backpressure pg_dump (or the
 * download and psql) run for as long as the test needs. It records every request and its answer.
 */
async function slowS3(bytesPerSecond: number, downloads = false): Promise<Proxy> {
  const target = new URL(requireEnv('TEST_S3_ENDPOINT'))
  const requests: Proxy['requests'] = []
  const server = http.createServer((req, res) => {
    const record: Proxy['requests'][number] = { method: req.method ?? '', url: req.url ?? '' }
    requests.push(record)
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers
      },
      (answer) => {
        record.status = answer.statusCode
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        if (downloads) answer.pipe(throttle(bytesPerSecond)).pipe(res)
        else answer.pipe(res)
      }
    )
    upstream.on('error', () => res.destroy())
    // The client gave up (an aborted part): so does the proxy.
    res.on('close', () => upstream.destroy())
    req.pipe(throttle(bytesPerSecond)).pipe(upstream)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    }
  }
}

function throttle(bytesPerSecond: number): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      setTimeout(() => done(null, chunk), (chunk.length / bytesPerSecond) * 1000)
    }
  })
}

/** A LUNEO_PG_BIN whose pg_dump is the real one behind a 1 MB/s pipe (a slow database link). */
async function slowPgDump(): Promise<string> {
  const bin = await tempDir('luneo-pgbin-')
  const real = path.join(requireEnv('TEST_PG_BIN'), 'pg_dump')
  const pace = path.join(bin, 'pace.mjs')
  await fs.writeFile(
    pace,
    `process.stdout.on('error', () => process.exit(1))
process.stdin.on('data', (chunk) => {
  process.stdin.pause()
  process.stdout.write(chunk, () => setTimeout(() => process.stdin.resume(), chunk.length / 1000))
})
process.stdin.on('end', () => process.stdout.end())
`
  )
  await fs.writeFile(
    path.join(bin, 'pg_dump'),
    `#!/usr/bin/env bash
set -o pipefail
real=${real}
[ "$1" = --version ] && exec "$real" --version
"$real" "$@" | "${process.execPath}" ${pace}
`,
    { mode: 0o755 }
  )
  cleanups.push(() => fs.rm(bin, { recursive: true, force: true }))
  return bin
}

/** The ledger events of an environment, from a folder or from the S3 test bucket. */
async function ledgerEvents(
  where: 'folder' | 's3',
  env: string
): Promise<Record<string, unknown>[]> {
  if (where === 'folder') {
    const files = (await filesUnder(path.join(root, env, 'ledger'))).map((f) => f.file)
    return Promise.all(files.map(async (f) => JSON.parse(await fs.readFile(f, 'utf8'))))
  }
  const keys = await listKeys(`${env}/ledger/`)
  return Promise.all(
    keys.map(async (Key) => {
      const res = await testS3Client().send(
        new GetObjectCommand({ Bucket: requireEnv('TEST_S3_BUCKET'), Key })
      )
      return JSON.parse(await res.Body!.transformToString())
    })
  )
}

function errorLineOf(result: RunResult): string {
  return (
    (result.stdout + '\n' + result.stderr)
      .split('\n')
      .find((l) => l.startsWith('::error::') || l.startsWith('luneo-backup: error:')) ?? ''
  )
}

describe('SIGINT and SIGTERM stop a running backup within seconds', () => {
  const cases: ['cli' | 'action', 'folder' | 's3', 'SIGINT' | 'SIGTERM'][] = []
  for (const entry of ['cli', 'action'] as const) {
    for (const where of ['folder', 's3'] as const) {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) cases.push([entry, where, signal])
    }
  }

  it.each(cases)('%s, backup to %s, %s', async (entry, where, signal) => {
    const env = `cancel-${entry}-${where}-${signal.toLowerCase()}-${randomBytes(3).toString('hex')}`
    const slack: SlackReceiver = await slackReceiver()
    cleanups.push(() => slack.close())
    const tmp = await tempDir('luneo-cancel-tmp-')
    cleanups.push(() => fs.rm(tmp, { recursive: true, force: true }))
    let proxy: Proxy | undefined
    const settings: Record<string, string> = {
      environment: env,
      'database-url': url,
      'slack-webhook-url': slack.url
    }
    const extraEnv: NodeJS.ProcessEnv = { TMPDIR: tmp }
    if (where === 'folder') {
      settings['backup-root'] = root
      extraEnv.LUNEO_PG_BIN = await slowPgDump()
    } else {
      proxy = await slowS3(1_000_000)
      cleanups.push(() => proxy!.close())
      Object.assign(settings, s3Inputs(), { 's3-endpoint': proxy.endpoint, compression: 'none' })
    }
    const args = ['backup', ...Object.entries(settings).flatMap(([k, v]) => [`--${k}`, v])]
    const run = await startRun(entry, entry === 'action' ? settings : args, extraEnv)
    if (run.runnerTemp)
      cleanups.push(() => fs.rm(run.runnerTemp!, { recursive: true, force: true }))

    // Signal once data is on its way: a .partial file with bytes in it, or S3 parts being sent.
    if (where === 'folder') {
      await waitFor(
        'a .partial file with data',
        async () => {
          const partials = await partialsUnder(path.join(root, env))
          const sizes = await Promise.all(partials.map((p) => fs.stat(p).then((s) => s.size)))
          return sizes.some((s) => s > 0)
        },
        run
      )
    } else {
      await waitFor(
        'a part upload',
        () => proxy!.requests.some((r) => r.method === 'PUT' && /[?&]uploadId=/.test(r.url)),
        run
      )
    }
    const signalled = Date.now()
    run.child.kill(signal)
    const result = await run.done
    const seconds = (result.exitedAt - signalled) / 1000
    console.log(
      `${entry}, ${where}, ${signal}: exited ${result.code} ${seconds.toFixed(2)} s after the signal`
    )

    // The ledger says cancelled, once.
    const events = await ledgerEvents(where, env)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      command: 'backup',
      environment: env,
      outcome: 'cancelled',
      error: `cancelled by ${signal}`
    })

    // One Slack alert, saying so.
    expect(slack.requests).toHaveLength(1)
    const alert = slack.requests[0].json as { text: string }
    expect(alert.text).toContain(`backup was cancelled in ${env}: cancelled by ${signal}`)

    // Nothing marked complete, nothing half written left.
    if (where === 'folder') {
      expect(await manifestsUnder(path.join(root, env))).toEqual([])
      expect(await partialsUnder(path.join(root, env))).toEqual([])
      const left = (await filesUnder(path.join(root, env))).map((f) => f.file)
      expect(left.filter((f) => !f.includes(`/${env}/ledger/`))).toEqual([])
    } else {
      const keys = await listKeys(`${env}/`)
      expect(keys.filter((k) => !k.startsWith(`${env}/ledger/`))).toEqual([])
      // The multipart upload was opened, the tool asked S3 to abort it, and RGW holds no open
      // upload under the environment: its parts are gone, not billed until a lifecycle rule.
      const created = proxy!.requests.filter(
        (r) => r.method === 'POST' && /[?&]uploads\b/.test(r.url)
      )
      expect(created).toHaveLength(1)
      const aborts = proxy!.requests.filter(
        (r) => r.method === 'DELETE' && /[?&]uploadId=/.test(r.url)
      )
      expect(aborts).toHaveLength(1)
      expect(aborts[0].url).toContain(`/${env}/`)
      const open = await testS3Client().send(
        new ListMultipartUploadsCommand({ Bucket: requireEnv('TEST_S3_BUCKET'), Prefix: `${env}/` })
      )
      expect(open.Uploads ?? []).toEqual([])
    }

    // It exited by itself, once its cleanup was done, with the code a shell gives the signal.
    expect(result.signal).toBeNull()
    expect(result.code).toBe(signal === 'SIGINT' ? 130 : 143)
    expect(seconds).toBeLessThan(7.5) // GitHub's SIGTERM follows SIGINT after 7.5 s
    expect(errorLineOf(result)).toMatch(
      entry === 'action'
        ? new RegExp(`^::error::cancelled by ${signal}`)
        : new RegExp(`^luneo-backup: error: cancelled by ${signal}`)
    )
    expect(result.all).not.toContain(PASSWORD)

    // No password on disk, and pg_dump is gone.
    expect(
      await filesHoldingPassword([tmp, root, ...(run.runnerTemp ? [run.runnerTemp] : [])])
    ).toEqual([])
    await waitFor('pg_dump to be gone', async () => (await pgDumps()).length === 0)
  })
})

/** Listens, accepts, and never answers: a hanging database or Slack. */
async function silentServer(): Promise<number> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => sockets.add(socket))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(async () => {
    sockets.forEach((socket) => socket.destroy())
    server.close()
  })
  return (server.address() as AddressInfo).port
}

describe('cancelling before or after the data moves', () => {
  it('SIGINT while the database probe hangs: the connection is given up, cancelled in seconds', async () => {
    const env = `cancel-probe-${randomBytes(3).toString('hex')}`
    const port = await silentServer()
    const slack = await slackReceiver()
    cleanups.push(() => slack.close())
    const run = await startRun(
      'cli',
      [
        'backup',
        '--environment',
        env,
        '--backup-root',
        root,
        '--database-url',
        `postgresql://u:${PASSWORD}@127.0.0.1:${port}/db`,
        '--slack-webhook-url',
        slack.url
      ],
      { LUNEO_CONNECT_TIMEOUT_SECONDS: '60' }
    )
    await waitFor('the storage check', () => run.output().includes('ok: '), run)
    await new Promise((r) => setTimeout(r, 300))
    const signalled = Date.now()
    run.child.kill('SIGINT')
    const result = await run.done
    const seconds = (result.exitedAt - signalled) / 1000
    console.log(
      `probe hanging, SIGINT: exited ${result.code} ${seconds.toFixed(2)} s after the signal`
    )
    const events = await ledgerEvents('folder', env)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ outcome: 'cancelled', error: 'cancelled by SIGINT' })
    expect(slack.requests).toHaveLength(1)
    expect(result.code).toBe(130)
    expect(seconds).toBeLessThan(7.5)
    expect(result.all).not.toContain(PASSWORD)
  })

  it('a second signal during the cleanup exits at once with its own code', async () => {
    // Slack never answers: the cleanup would wait for it (1.5 s at most); SIGTERM does not wait.
    const env = `cancel-twice-${randomBytes(3).toString('hex')}`
    const hanging = `http://127.0.0.1:${await silentServer()}/services/T/B/hook`
    const run = await startRun(
      'action',
      {
        environment: env,
        'database-url': url,
        'backup-root': root,
        'slack-webhook-url': hanging
      },
      { LUNEO_PG_BIN: await slowPgDump() }
    )
    cleanups.push(() => fs.rm(run.runnerTemp!, { recursive: true, force: true }))
    await waitFor(
      'a .partial file',
      async () => (await partialsUnder(path.join(root, env))).length > 0,
      run
    )
    run.child.kill('SIGINT')
    await waitFor(
      'the ledger event',
      async () => (await ledgerEvents('folder', env)).length > 0,
      run
    )
    const again = Date.now()
    run.child.kill('SIGTERM')
    const result = await run.done
    const seconds = (result.exitedAt - again) / 1000
    console.log(`second signal: exited ${result.code} ${seconds.toFixed(2)} s after it`)
    expect(result.stdout).toContain('SIGTERM during cleanup: exiting now')
    expect(result.code).toBe(143)
    expect(seconds).toBeLessThan(1)
  })
})

describe('a cancelled restore commits nothing', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s while psql replays the dump: psql is killed before the end of its input, the target stays empty',
    async (signal) => {
      const env = `cancel-restore-${signal.toLowerCase()}-${randomBytes(3).toString('hex')}`
      const backup = await startRun('action', {
        environment: env,
        'database-url': url,
        ...s3Inputs(),
        compression: 'none'
      })
      cleanups.push(() => fs.rm(backup.runnerTemp!, { recursive: true, force: true }))
      expect((await backup.done).code).toBe(0)

      const target = `cancel_target_${signal.toLowerCase()}`
      await freshDatabase(target)
      const targetUrl = new URL(url)
      targetUrl.pathname = `/${target}`
      // Downloads at 1 MB/s: psql is fed the dump for half a minute.
      const proxy = await slowS3(1_000_000, true)
      cleanups.push(() => proxy.close())
      const slack = await slackReceiver()
      cleanups.push(() => slack.close())
      const run = await startRun('cli', [
        'restore',
        '--environment',
        env,
        ...Object.entries({ ...s3Inputs(), 's3-endpoint': proxy.endpoint }).flatMap(([k, v]) => [
          `--${k}`,
          v
        ]),
        '--target-database-url',
        targetUrl.href,
        '--slack-webhook-url',
        slack.url
      ])
      // Signal once psql is inside the COPY of the big table.
      await waitFor(
        'psql copying rows',
        async () =>
          (
            await sql<{ n: number }>(
              'postgres',
              `select count(*)::int as n from pg_stat_activity where datname = '${target}' and query like 'COPY public.big%'`
            )
          )[0].n > 0,
        run
      )
      await new Promise((r) => setTimeout(r, 500)) // some rows in
      const signalled = Date.now()
      run.child.kill(signal)
      const result = await run.done
      const seconds = (result.exitedAt - signalled) / 1000
      console.log(
        `restore, ${signal}: exited ${result.code} ${seconds.toFixed(2)} s after the signal`
      )

      // Nothing committed: not one table (the dump replays in one transaction).
      await waitFor(
        'the restore session to end',
        async () =>
          (
            await sql<{ n: number }>(
              'postgres',
              `select count(*)::int as n from pg_stat_activity where datname = '${target}'`
            )
          )[0].n === 0
      )
      expect(
        await sql(target, `select tablename from pg_tables where schemaname = 'public'`)
      ).toEqual([])
      const events = (await ledgerEvents('s3', env)).filter((e) => e.command === 'restore')
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({ outcome: 'cancelled', error: `cancelled by ${signal}` })
      expect(slack.requests).toHaveLength(1)
      expect((slack.requests[0].json as { text: string }).text).toContain(
        `restore was cancelled in ${env}`
      )
      expect(result.signal).toBeNull()
      expect(result.code).toBe(signal === 'SIGINT' ? 130 : 143)
      expect(seconds).toBeLessThan(7.5)
      expect(result.all).not.toContain(PASSWORD)
    }
  )
})

describe('SIGKILL', () => {
  it('kill -9 mid-dump leaves no file holding the password; pg_dump had it in its environment, not its argv', async () => {
    const env = `cancel-kill-${randomBytes(3).toString('hex')}`
    const tmp = await tempDir('luneo-cancel-tmp-')
    cleanups.push(() => fs.rm(tmp, { recursive: true, force: true }))
    const proxy = await slowS3(1_000_000)
    cleanups.push(() => proxy.close())
    const run = await startRun(
      'action',
      {
        environment: env,
        'database-url': url,
        'backup-root': root,
        ...s3Inputs(),
        's3-endpoint': proxy.endpoint,
        compression: 'none'
      },
      { TMPDIR: tmp }
    )
    cleanups.push(() => fs.rm(run.runnerTemp!, { recursive: true, force: true }))
    await waitFor(
      'a part upload',
      () => proxy.requests.some((r) => r.method === 'PUT' && /[?&]uploadId=/.test(r.url)),
      run
    )
    // pg_dump is running: what it was given, read now, checked once the files are.
    const dumps = await pgDumps()
    const environs = await Promise.all(
      dumps.map((d) => fs.readFile(`/proc/${d.pid}/environ`, 'utf8').catch(() => ''))
    )

    run.child.kill('SIGKILL')
    const result = await run.done
    expect(result.signal).toBe('SIGKILL')
    expect(await filesHoldingPassword([tmp, root, run.runnerTemp!])).toEqual([])
    // The password is in no argv; it is in pg_dump's environment (readable by the same user only).
    expect(dumps).toHaveLength(1)
    expect(dumps[0].argv).not.toContain(PASSWORD)
    expect(dumps[0].argv).toContain(`${ROLE}@`)
    const environ = environs[0].split('\0')
    expect(environ).toContain(`PGPASSWORD=${PASSWORD}`)
    expect(environ.filter((v) => v.startsWith('PGPASSFILE='))).toEqual([])
    // Its reader gone, pg_dump dies of SIGPIPE on its next write.
    await waitFor('pg_dump to be gone', async () => (await pgDumps()).length === 0)
  })
})

describe('a run that has printed its error exits', () => {
  it.each([
    ['cli', 'a database'],
    ['cli', 'no database (uploads only)'],
    ['action', 'a database']
  ] as const)(
    '%s: backup-root /proc/sys with %s fails in one line and exits within 15 s',
    async (entry, what) => {
      const uploads = await tempDir('luneo-cancel-uploads-')
      cleanups.push(() => fs.rm(uploads, { recursive: true, force: true }))
      const settings: Record<string, string> = {
        environment: 'cancel-procsys',
        'backup-root': '/proc/sys',
        ...(what === 'a database' ? { 'database-url': url } : { 'uploads-dir': uploads })
      }
      const started = Date.now()
      const args = ['backup', ...Object.entries(settings).flatMap(([k, v]) => [`--${k}`, v])]
      const run = await startRun(entry, entry === 'cli' ? args : settings)
      if (run.runnerTemp) {
        cleanups.push(() => fs.rm(run.runnerTemp!, { recursive: true, force: true }))
      }
      // A run still there after 20 s would spin for minutes: stop it, the bound below fails.
      const stop = setTimeout(() => run.child.kill('SIGKILL'), 20_000)
      const result = await run.done
      clearTimeout(stop)
      const seconds = (result.exitedAt - started) / 1000
      console.log(
        `${entry}, /proc/sys, ${what}: exited ${result.code} after ${seconds.toFixed(2)} s`
      )
      expect(seconds).toBeLessThan(15)
      expect(result.code).toBe(1)
      expect(errorLineOf(result)).toMatch(/backup-root \/proc\/sys is not writable/)
      expect(result.all).not.toContain(PASSWORD)
    }
  )
})
