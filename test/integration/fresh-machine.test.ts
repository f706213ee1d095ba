import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { ROOT, tempDir } from '../helpers/run.js'

// The README's commands on a machine as a newcomer has it: the repository cloned into a folder
// the postgres user cannot enter (root's 0700 mktemp), `npm run demo` with its own SERVICES_DIR
// and ports (so it cannot touch the suite's servers); a server that fails to start; packages
// that are missing.

const isRoot = process.getuid?.() === 0
const made: string[] = []

afterAll(async () => {
  for (const dir of made) await fs.rm(dir, { recursive: true, force: true })
})

/** A port below the ephemeral range (32768+) that nothing listens on now. */
async function freePort(avoid: number[] = []): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000)
    if ([port, port + 1].some((p) => avoid.includes(p))) continue
    const ok = await Promise.all(
      [port, port + 1].map(
        (p) =>
          new Promise<boolean>((resolve) => {
            const server = net.createServer()
            server.once('error', () => resolve(false))
            server.listen(p, '127.0.0.1', () => server.close(() => resolve(true)))
          })
      )
    )
    if (ok.every(Boolean)) return port
  }
}

async function servicePorts() {
  const pg = await freePort()
  const redis = await freePort([pg]) // and redis + 1, the scratch Redis
  const s3 = await freePort([pg, redis, redis + 1])
  return { TEST_PG_PORT: String(pg), TEST_REDIS_PORT: String(redis), TEST_S3_PORT: String(s3) }
}

function pgRunning(port: string): boolean {
  return spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', port]).status === 0
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  return new Promise<{ code: number; output: string }>((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, output }))
  })
}

/** The environment without the suite's own services (their env file's variables). */
function ownEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('TEST_') && k !== 'SERVICES_DIR')
  )
  return { ...env, ...extra }
}

describe('a fresh machine', () => {
  const asRoot = isRoot ? it : it.skip
  asRoot(
    'npm run demo passes in a clone inside a 0700 folder, with its own services dir and ports',
    async () => {
      const home = await tempDir('luneo-fresh-') // mkdtemp: 0700, root's
      made.push(home)
      expect((await fs.stat(home)).mode & 0o777).toBe(0o700)
      const clone = path.join(home, 'backup-action')
      execFileSync('git', ['clone', '-q', ROOT, clone])
      // npm ci's result, without the download: the suite's own node_modules.
      await fs.symlink(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'))
      const ports = await servicePorts()
      const servicesDir = path.join(clone, '.services')
      const env = ownEnv({ ...ports, SERVICES_DIR: servicesDir })
      const demo = await run('npm', ['run', 'demo'], { cwd: clone, env })
      try {
        expect(demo.output).not.toMatch(/services: .* did not start/)
        expect(demo.code).toBe(0)
        expect(demo.output).toMatch(/== Where to look/)
        expect(demo.output).toMatch(/^snapshot-id=\S+$/m)
        // The servers stopped with the demo.
        expect(pgRunning(ports.TEST_PG_PORT)).toBe(false)
      } finally {
        // The PostgreSQL state that could not live in the 0700 folder.
        const pg = await fs.readlink(path.join(servicesDir, 'pg')).catch(() => undefined)
        if (pg) made.push(pg)
      }
    },
    240_000
  )

  asRoot(
    'a server that cannot start: its log tail, and nothing left running',
    async () => {
      const ports = await servicePorts()
      // Something else holds the Redis port: redis-server fails to bind after PostgreSQL started.
      const squatter = net.createServer((socket) => socket.destroy())
      await new Promise<void>((resolve) =>
        squatter.listen(Number(ports.TEST_REDIS_PORT), '127.0.0.1', resolve)
      )
      const servicesDir = path.join(await tempDir('luneo-svc-fail-'), 'svc')
      made.push(path.dirname(servicesDir))
      try {
        const start = await run('bash', [path.join(ROOT, 'scripts/services.sh'), 'start'], {
          cwd: ROOT,
          env: ownEnv({ ...ports, SERVICES_DIR: servicesDir })
        })
        expect(start.code).not.toBe(0)
        expect(start.output).toContain(
          `services: Redis did not start; the end of ${servicesDir}/redis/server.log:`
        )
        expect(start.output).toMatch(/^ {2}\| .*Address already in use/m)
        expect(start.output).toContain('services: stopped pg (started by this run)')
        expect(pgRunning(ports.TEST_PG_PORT)).toBe(false)
        const pg = await fs.readlink(path.join(servicesDir, 'pg')).catch(() => undefined)
        if (pg) made.push(pg)
        await expect(
          fs.access(path.join(pg ?? path.join(servicesDir, 'pg'), 'data', 'postmaster.pid'))
        ).rejects.toThrow()
      } finally {
        squatter.close()
      }
    },
    60_000
  )

  it('names the missing packages in one line, or installs them with apt-get as root', async () => {
    // A machine with none of them: a PATH holding only what the script itself runs.
    const bin = await tempDir('luneo-bin-')
    made.push(bin)
    for (const tool of ['ls', 'id']) {
      await fs.symlink(
        execFileSync('bash', ['-c', `command -v ${tool}`])
          .toString()
          .trim(),
        path.join(bin, tool)
      )
    }
    const script = path.join(ROOT, 'scripts/need-packages.sh')
    const refuse = spawnSync('/bin/bash', [script], {
      env: { PATH: bin, LUNEO_NO_INSTALL: '1' },
      encoding: 'utf8'
    })
    expect(refuse.status).toBe(1)
    const line = refuse.stderr.trim()
    expect(line.split('\n')).toHaveLength(1)
    expect(line).toMatch(/^need-packages: missing .*redis-server redis-tools curl: install them/)
    if (!isRoot) return
    // As root with apt-get: the line of what it installs, then apt-get (here a stand-in that
    // records its arguments: the real packages are installed on this machine already).
    const calls = path.join(bin, 'calls')
    await fs.writeFile(path.join(bin, 'apt-get'), `#!/bin/bash\necho "$*" >> ${calls}\n`, {
      mode: 0o755
    })
    const install = spawnSync('/bin/bash', [script], { env: { PATH: bin }, encoding: 'utf8' })
    expect(install.status).toBe(0)
    expect(install.stdout).toMatch(
      /^need-packages: installing .*redis-server redis-tools curl with apt-get \(LUNEO_NO_INSTALL=1 to refuse\)$/m
    )
    const recorded = (await fs.readFile(calls, 'utf8')).trim().split('\n')
    expect(recorded[0]).toBe('update -qq')
    expect(recorded[1]).toMatch(
      /^install -y -qq --no-install-recommends .*redis-server redis-tools curl$/
    )
  })
})
