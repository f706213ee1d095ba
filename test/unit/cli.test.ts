import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { parse } from 'yaml'
import { parseCliArgs } from '../../src/cli/args.js'
import { CLI_FLAGS, COMMAND_FLAGS, FLAG_HELP } from '../../src/cli/help.js'
import { main } from '../../src/cli/main.js'
import { INPUT_NAMES } from '../../src/config.js'
import { COMMANDS } from '../../src/vocabulary.js'
import { ROOT } from '../helpers/run.js'

// The CLI's parsing through main(argv, env, io), as a user's command line reaches it; runs that
// need servers are in test/integration/cli.test.ts.

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (d) => (out += d))
  stderr.on('data', (d) => (err += d))
  const code = await main(argv, env, { stdout, stderr })
  return { code, out, err }
}

describe('luneo-backup parsing', () => {
  it('prints each command its own flags, one line each with a description', async () => {
    for (const command of COMMANDS) {
      for (const argv of [
        [command, '--help'],
        ['help', command]
      ]) {
        const { code, out } = await cli(argv)
        expect(code).toBe(0)
        expect(out).toContain(`Usage: luneo-backup ${command} [flags]`)
        const flagLines = out.split('\n').filter((l) => /^ {2}--[a-z]/.test(l))
        expect(flagLines.map((l) => l.trim().split(/\s/)[0])).toEqual([
          ...COMMAND_FLAGS[command].map((f) => `--${f}`),
          ...(CLI_FLAGS[command] ?? []).map((f) => `--${f.name}`),
          '--help'
        ])
        for (const line of flagLines.slice(0, -1)) expect(line).toMatch(/^ {2}--\S+( <value>)? +\S/)
      }
    }
    const backup = (await cli(['backup', '--help'])).out
    expect(backup).toMatch(
      /^ {2}--database-url <value> +PostgreSQL to back up .*\(env DATABASE_URL\)$/m
    )
    expect(backup).toMatch(/^ {2}--compression <value> +gzip, zstd or none \[gzip\]$/m)
    expect(backup).not.toContain('--target-database-url')
    expect((await cli(['restore', '--help'])).out).toMatch(/^ {2}--dry-run +print the plan only/m)
    expect((await cli(['list', '--help'])).out).toMatch(
      /^ {2}--json +print the snapshots as JSON \(the snapshots output\), nothing else$/m
    )
  })

  it('lists the commands in the global help, and refuses an unknown one with exit 2', async () => {
    const { code, out } = await cli(['--help'])
    expect(code).toBe(0)
    for (const command of COMMANDS) expect(out).toMatch(new RegExp(`^ {2}${command} +\\S`, 'm'))
    const bad = await cli(['help', 'nuke'])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/^luneo-backup: unknown command "nuke"/)
  })

  it('describes every input of action.yml, and every flag is one of them', () => {
    const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'))
    const inputs = Object.keys(action.inputs).filter((n) => n !== 'command')
    expect(Object.keys(FLAG_HELP).sort()).toEqual(inputs.sort())
    const listed = new Set(Object.values(COMMAND_FLAGS).flat())
    expect([...listed].filter((f) => !INPUT_NAMES.includes(f))).toEqual([])
    expect(inputs.filter((f) => !listed.has(f as never))).toEqual([])
  })

  it('takes boolean flags alone, with a value, or negated', () => {
    expect(parseCliArgs(['restore', '--dry-run', '--force']).flags).toEqual({
      'dry-run': 'true',
      force: 'true'
    })
    expect(parseCliArgs(['prune', '--dry-run', 'false', '--force=yes']).flags).toEqual({
      'dry-run': 'false',
      force: 'yes'
    })
    expect(parseCliArgs(['prune', '--no-dry-run']).flags).toEqual({ 'dry-run': 'false' })
    // A word after a boolean flag that is not true/false is the next positional.
    expect(parseCliArgs(['--dry-run', 'prune']).positionals).toEqual(['prune'])
  })

  it.each([
    [['check', '--max-age-hours', '-5'], /max-age-hours -5 is out of range/],
    [['check', '--max-age-hours', '1.5'], /max-age-hours "1.5" is not a whole number/],
    [['check', '--max-age-hours', '0x10'], /max-age-hours "0x10" is not a whole number/],
    [
      ['prune', '--daily-retention-days=-1'],
      /daily-retention-days -1 is not allowed: .*at least 1/
    ],
    [['restore', '--snapshot', '../../x'], /snapshot "\.\.\/\.\.\/x" is not a snapshot id/],
    [['restore', '--snapshot', '-1'], /snapshot "-1" is not a snapshot id/],
    [['check', '--max-age'], /unknown flag --max-age$/],
    [['check', '-x'], /unknown flag -x/],
    [['check', '--notes'], /--notes needs a value/],
    [['check', 'prune'], /one command at a time, got: check prune/],
    [[], /no command: one of backup/],
    [['nuke'], /command "nuke" is not one of/],
    [['check', '--dry-run=maybe'], /dry-run "maybe" is not true or false/],
    [['check', '--json'], /--json is only for list, not check$/]
  ])('%j exits 2 with one line naming the problem', async (argv, message) => {
    const { code, err } = await cli(argv, { BACKUP_ROOT: '/nonexistent/luneo', ENV: 'unit' })
    expect(code).toBe(2)
    expect(err.split('\n')[0].replace(/^luneo-backup: (error: )?/, '')).toMatch(message)
  })

  it('defaults the environment to local only without an S3 target', async () => {
    const local = await cli(['restore', '--snapshot', 'nope'], { BACKUP_ROOT: '/nonexistent' })
    expect(local.err).toContain(
      'environment not set (--environment or ENV) and no S3 target: using "local"'
    )
    const s3 = await cli(['check'], { S3_BUCKET: 'luneo-backups' })
    expect(s3.code).toBe(2)
    expect(s3.err).toMatch(/error: environment is required/)
    expect(s3.err).not.toContain('using "local"')
  })
})
