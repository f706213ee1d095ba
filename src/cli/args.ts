import { INPUT_NAMES, type InputName, type RawInputs } from '../config.js'
import { ConfigError } from '../util/errors.js'
import { BOOLEAN_FLAGS } from './help.js'

// The command line, parsed by hand rather than with node:util's parseArgs: a value may start with
// '-' (`--max-age-hours -5` must reach the validation, which says what is wrong with it, not
// "argument is ambiguous"), and a boolean flag may stand alone or take true/false after it, as
// the action's inputs do.

export interface ParsedArgs {
  positionals: string[]
  flags: RawInputs
  help: boolean
  version: boolean
  /** --json (list): the result as JSON on stdout, alone. A CLI flag, not an action input. */
  json: boolean
}

const FLAGS = new Set<string>(INPUT_NAMES.filter((n) => n !== 'command'))
const BOOL_WORDS = /^(true|false|yes|no|1|0)$/i

export function parseCliArgs(argv: string[]): ParsedArgs {
  const parsed: ParsedArgs = {
    positionals: [],
    flags: {},
    help: false,
    version: false,
    json: false
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1))
      break
    }
    if (arg === '--help' || arg === '-h') {
      parsed.help = true
      continue
    }
    if (arg === '--version' || arg === '-V') {
      parsed.version = true
      continue
    }
    if (arg === '--json') {
      parsed.json = true
      continue
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg)
      continue
    }
    if (!arg.startsWith('--')) throw new ConfigError(`unknown flag ${arg}: flags are --name value`)
    const eq = arg.indexOf('=')
    let name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
    let value: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1)
    if (name.startsWith('no-') && BOOLEAN_FLAGS.includes(name.slice(3) as InputName)) {
      if (value !== undefined) throw new ConfigError(`--${name} takes no value`)
      name = name.slice(3)
      value = 'false'
    }
    if (!FLAGS.has(name)) throw new ConfigError(`unknown flag --${name}`)
    if (value === undefined) {
      if (BOOLEAN_FLAGS.includes(name as InputName)) {
        // `--force` alone, or `--force true` as the README's older examples write it.
        const next = argv[i + 1]
        value = next !== undefined && BOOL_WORDS.test(next) ? argv[++i] : 'true'
      } else {
        if (i + 1 >= argv.length) throw new ConfigError(`--${name} needs a value`)
        value = argv[++i]
      }
    }
    // uploads-exclude takes one pattern a line: each repeat of the flag adds one.
    const before = parsed.flags[name as InputName]
    parsed.flags[name as InputName] =
      name === 'uploads-exclude' && before !== undefined ? `${before}\n${value}` : value
  }
  return parsed
}
