import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { secretsOf } from '../../src/config.js'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {
  passwordOf,
  pgEnv,
  pgToolCandidates,
  urlWithoutPassword
} from '../../src/sources/postgres/tools.js'

// Debian's /usr/bin/pg_dump is pg_wrapper (Perl, about 40 ms a call): the versioned binaries it
// runs are used directly when they are there. A fake tree stands for /usr and /usr/lib/postgresql.

let root: string
const binDir = () => path.join(root, 'bin')
const libDir = () => path.join(root, 'lib', 'postgresql')

async function tool(file: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  await fs.writeFile(file, '#!/bin/sh\n', { mode: 0o755 })
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'luneo-pgtools-'))
  await tool(path.join(root, 'share', 'postgresql-common', 'pg_wrapper'))
  await fs.mkdir(binDir(), { recursive: true })
  await fs.symlink('../share/postgresql-common/pg_wrapper', path.join(binDir(), 'pg_dump'))
  await tool(path.join(root, 'other', 'psql')) // a plain binary on PATH
  await tool(path.join(libDir(), '15', 'bin', 'pg_dump'))
  await tool(path.join(libDir(), '17', 'bin', 'pg_dump'))
})

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

describe('pgToolCandidates', () => {
  it('skips pg_wrapper for the versioned binaries, newest first', () => {
    expect(pgToolCandidates('pg_dump', { PATH: binDir() }, libDir())).toEqual([
      path.join(libDir(), '17', 'bin', 'pg_dump'),
      path.join(libDir(), '15', 'bin', 'pg_dump')
    ])
  })

  it('keeps pg_wrapper when there is no versioned binary to run instead', () => {
    expect(pgToolCandidates('pg_dump', { PATH: binDir() }, path.join(root, 'none'))).toEqual([
      path.join(binDir(), 'pg_dump')
    ])
  })

  it('keeps a plain binary on PATH first, and LUNEO_PG_BIN alone when set', () => {
    const other = path.join(root, 'other')
    expect(pgToolCandidates('psql', { PATH: other }, libDir())).toEqual([path.join(other, 'psql')])
    expect(
      pgToolCandidates('psql', { PATH: other, LUNEO_PG_BIN: '/opt/pg/bin' }, libDir())
    ).toEqual(['/opt/pg/bin/psql'])
  })
})

describe('the password of a libpq tool', () => {
  it('goes in its environment as PGPASSWORD, decoded, and never in the URL on its argv', () => {
    const url = new URL('postgresql://app:s%3Acr%40t@db:5432/app')
    const saved = process.env.PGPASSWORD
    process.env.PGPASSWORD = 'the-callers-own'
    try {
      const env = pgEnv(passwordOf(url), 7)
      expect(env.PGPASSWORD).toBe('s:cr@t')
      expect(env.PGCONNECT_TIMEOUT).toBe('7')
      expect(urlWithoutPassword(url)).toBe('postgresql://app@db:5432/app')
      // No password in the URL: none at all, not the caller's own.
      expect(pgEnv(passwordOf(new URL('postgresql://app@db/app')), 7).PGPASSWORD).toBeUndefined()
    } finally {
      if (saved === undefined) delete process.env.PGPASSWORD
      else process.env.PGPASSWORD = saved
    }
  })

  it("given as libpq's ?password= parameter, is masked and taken off the argv URL too", () => {
    const url = new URL('postgresql://app@db:5432/app?sslmode=require&password=q%26p-secret')
    expect(passwordOf(url)).toBe('q&p-secret')
    expect(urlWithoutPassword(url)).toBe('postgresql://app@db:5432/app?sslmode=require')
    expect(secretsOf({ 'database-url': url.href })).toEqual(
      expect.arrayContaining(['q&p-secret', 'q%26p-secret'])
    )
  })
})
