import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import pg from 'pg'
import { requireEnv } from './run.js'

const exec = promisify(execFile)

/** The test server's URL for another database name. */
export function dbUrl(database: string, password?: string): string {
  const url = new URL(requireEnv('TEST_DATABASE_URL'))
  url.pathname = `/${database}`
  if (password !== undefined) url.password = password
  return url.href
}

export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  database: string,
  text: string
): Promise<T[]> {
  const client = new pg.Client({ connectionString: dbUrl(database) })
  await client.connect()
  try {
    const result = await client.query<T>(text)
    return Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows
  } finally {
    await client.end()
  }
}

/** Drop and create a database. */
export async function freshDatabase(name: string): Promise<void> {
  await sql('postgres', `drop database if exists "${name}" with (force)`)
  await sql('postgres', `create database "${name}"`)
}

/** Run a shell pipeline with the test env (psql on PATH, passwords via PGPASSWORD). */
export async function shell(command: string): Promise<string> {
  const { stdout } = await exec('bash', ['-o', 'pipefail', '-c', command], {
    env: { ...process.env, PGPASSWORD: requireEnv('TEST_PG_PASSWORD') },
    maxBuffer: 64 * 1024 * 1024
  })
  return stdout
}
