import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'
import { text } from 'node:stream/consumers'
import { GetObjectCommand } from '@aws-sdk/client-s3'
import { readLedger } from '../../src/notify/ledger.js'
import { LocalStorage } from '../../src/storage/local.js'
import { dbUrl, freshDatabase, sql } from '../helpers/pg.js'
import { requireEnv, runAction, runCli, tempDir } from '../helpers/run.js'
import { listKeys, s3Inputs, testS3Client } from '../helpers/s3.js'

// The seed's tracking spreadsheet: every run appends one event under <env>/ledger/ in every
// storage, failures included.

const DB = 'ledger_source'
// The S3 test bucket outlives a test run: a fresh environment each time.
const ENV = `it-ledger-${Date.now().toString(36)}`
let root: string
const nextSecond = () => new Promise((r) => setTimeout(r, 1100))

beforeAll(async () => {
  await freshDatabase(DB)
  await sql(DB, 'create table t (id int); insert into t select generate_series(1, 100)')
  root = await tempDir()
})

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

describe('the ledger', () => {
  it('two backups with notes, a failed one and a check: one event each, in S3 and the folder', async () => {
    const inputs = { environment: ENV, 'backup-root': root, ...s3Inputs() }
    const first = await runAction({
      ...inputs,
      'database-url': dbUrl(DB),
      notes: 'before migration 42'
    })
    expect(first.code).toBe(0)
    await nextSecond()
    const second = await runAction({
      ...inputs,
      'database-url': dbUrl(DB),
      notes: 'after migration 42',
      operator: 'alice'
    })
    expect(second.code).toBe(0)
    await nextSecond()
    const failed = await runCli(
      [
        'backup',
        '--environment',
        ENV,
        '--backup-root',
        root,
        '--notes',
        'wrong password on purpose'
      ],
      { DATABASE_URL: dbUrl(DB, 'bad-ledger-pw'), GITHUB_ACTOR: 'bob', GITHUB_RUN_ID: '' }
    )
    expect(failed.code).toBe(1)
    const checked = await runAction({ ...inputs, command: 'check' })
    expect(checked.code).toBe(0)

    const { events, problems } = await readLedger(new LocalStorage(root), ENV)
    expect(problems).toEqual([])
    expect(events.map((e) => [e.command, e.outcome, e.operator, e.notes])).toEqual([
      ['backup', 'success', 'test-actor', 'before migration 42'],
      ['backup', 'success', 'alice', 'after migration 42'],
      ['backup', 'failure', 'bob', 'wrong password on purpose'],
      ['check', 'success', 'test-actor', undefined]
    ])
    expect(events[0]).toMatchObject({
      environment: ENV,
      snapshotId: first.outputs['snapshot-id'],
      bytes: Number(first.outputs.bytes),
      kind: 'daily'
    })
    expect(events[1].snapshotId).toBe(second.outputs['snapshot-id'])
    expect(events[2].error).toMatch(/^PostgreSQL refused the password/)
    expect(events[2].run).toMatch(/^luneo-backup CLI on host /)
    expect(JSON.stringify(events)).not.toContain('bad-ledger-pw')
    expect(JSON.stringify(events)).not.toContain(requireEnv('TEST_PG_PASSWORD'))

    // The same events in S3 (the failed CLI run had only the folder), one object each.
    const keys = (await listKeys(`${ENV}/ledger/`)).sort()
    expect(keys).toHaveLength(3)
    expect(
      keys.every((k) =>
        /^it-ledger-[0-9a-z]+\/ledger\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-(backup|check)-[0-9a-f]{8}\.json$/.test(
          k
        )
      )
    ).toBe(true)
    const body = await testS3Client().send(
      new GetObjectCommand({ Bucket: requireEnv('TEST_S3_BUCKET'), Key: keys[1] })
    )
    expect(JSON.parse(await text(body.Body as NodeJS.ReadableStream))).toMatchObject({
      operator: 'alice',
      notes: 'after migration 42'
    })
  })

  it('a ledger that cannot be written is a warning: the backup still succeeds', async () => {
    const bad = await tempDir()
    // <root>/it-ledger-ro/ledger is a file: the folder storage cannot create the ledger there.
    await fs.mkdir(`${bad}/it-ledger-ro`, { recursive: true })
    await fs.writeFile(`${bad}/it-ledger-ro/ledger`, 'in the way')
    const result = await runAction({
      environment: 'it-ledger-ro',
      'backup-root': bad,
      'database-url': dbUrl(DB)
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/::warning::ledger event not written: .*ledger/)
    await fs.rm(bad, { recursive: true, force: true })
  })
})
