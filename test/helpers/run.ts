import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

// Run the action as the runner does (node dist/index.js with INPUT_* variables, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files), or the CLI as a user does, and collect what they left behind.

export const ROOT = path.resolve(import.meta.dirname, '../..')

export interface RunResult {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** Everything the run printed, for "no secret anywhere" checks. */
  all: string
}

export function requireEnv(name: string): string {
  const value = process.env[name]
  if (!value)
    throw new Error(`${name} is not set: run the tests through npm test (scripts/services.sh)`)
  return value
}

export async function tempDir(prefix = 'luneo-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix))
}

function spawnCollect(
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

/** Parse the GITHUB_OUTPUT file (name<<delimiter ... delimiter blocks). */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i])
    outputs[m[1]] = value.join('\n')
  }
  return outputs
}

export async function runAction(
  inputs: Record<string, string>,
  extraEnv: NodeJS.ProcessEnv = {}
): Promise<RunResult> {
  const dir = await tempDir('luneo-runner-')
  const outputFile = path.join(dir, 'output')
  const summaryFile = path.join(dir, 'summary')
  await fs.writeFile(outputFile, '')
  await fs.writeFile(summaryFile, '')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    GITHUB_ACTOR: 'test-actor',
    ...extraEnv
  }
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  const { code, stdout, stderr } = await spawnCollect([path.join(ROOT, 'dist/index.js')], env)
  const outputs = parseOutputs(await fs.readFile(outputFile, 'utf8'))
  const summary = await fs.readFile(summaryFile, 'utf8')
  await fs.rm(dir, { recursive: true, force: true })
  // The runner consumes ::add-mask:: lines (they name the secrets to hide): leave them out of `all`.
  const shown = stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
  return {
    code,
    stdout,
    stderr,
    outputs,
    summary,
    all: shown + stderr + summary + JSON.stringify(outputs)
  }
}

/** A run still going: its process (to signal), and its result once it has exited. */
export interface StartedRun {
  child: ChildProcess
  /** The runner's temporary folder (RUNNER_TEMP) for the action; undefined for the CLI. */
  runnerTemp?: string
  /** Everything printed so far. */
  output(): string
  done: Promise<RunResult & { signal: NodeJS.Signals | null; exitedAt: number }>
}

/**
 * Start the action as runAction does, or the CLI as runCli does, without waiting for it. The
 * runner's folder is left for the caller to search (and remove).
 */
export async function startRun(
  entry: 'action' | 'cli',
  inputsOrArgs: Record<string, string> | string[],
  extraEnv: NodeJS.ProcessEnv = {}
): Promise<StartedRun> {
  const env: NodeJS.ProcessEnv = { ...process.env }
  let args: string[]
  let runnerTemp: string | undefined
  let outputFile: string | undefined
  let summaryFile: string | undefined
  if (entry === 'action') {
    runnerTemp = await tempDir('luneo-runner-')
    outputFile = path.join(runnerTemp, 'output')
    summaryFile = path.join(runnerTemp, 'summary')
    await fs.writeFile(outputFile, '')
    await fs.writeFile(summaryFile, '')
    Object.assign(env, {
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: runnerTemp,
      GITHUB_ACTOR: 'test-actor'
    })
    for (const [name, value] of Object.entries(inputsOrArgs as Record<string, string>)) {
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
    }
    args = [path.join(ROOT, 'dist/index.js')]
  } else {
    args = [path.join(ROOT, 'dist/cli/index.js'), ...(inputsOrArgs as string[])]
  }
  Object.assign(env, extraEnv)
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d) => (stdout += d))
  child.stderr!.on('data', (d) => (stderr += d))
  const done = new Promise<RunResult & { signal: NodeJS.Signals | null; exitedAt: number }>(
    (resolve, reject) => {
      child.on('error', reject)
      child.on('close', (code, signal) => {
        const exitedAt = Date.now()
        void (async () => {
          const outputs = outputFile ? parseOutputs(await fs.readFile(outputFile, 'utf8')) : {}
          const summary = summaryFile ? await fs.readFile(summaryFile, 'utf8') : ''
          const shown = stdout
            .split('\n')
            .filter((l) => !l.startsWith('::add-mask::'))
            .join('\n')
          resolve({
            code: code ?? -1,
            signal,
            exitedAt,
            stdout,
            stderr,
            outputs,
            summary,
            all: shown + stderr + summary + JSON.stringify(outputs)
          })
        })().catch(reject)
      })
    }
  )
  return { child, runnerTemp, output: () => stdout + stderr, done }
}

export async function runCli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const { code, stdout, stderr } = await spawnCollect(
    [path.join(ROOT, 'dist/cli/index.js'), ...args],
    {
      ...process.env,
      ...extraEnv
    }
  )
  return { code, stdout, stderr, outputs: {}, summary: '', all: stdout + stderr }
}

/** The `::error::` line the action printed, or the CLI's error line. */
export function errorOf(result: RunResult): string {
  const line = (result.stdout + '\n' + result.stderr)
    .split('\n')
    .find((l) => l.startsWith('::error::') || l.startsWith('luneo-backup: '))
  return line ?? ''
}
