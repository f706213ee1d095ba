import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

// Static checks of a Terraform configuration, for machines without a terraform binary: every
// .tf file is parsed by HashiCorp's own HCL library (@cdktf/hcl2json, Go compiled to WASM) and
// each check returns a list of problems, so a test can show it failing on a planted error.

// Loaded untyped: the package's typings pull in TypeScript's DOM library (`/// <reference
// lib="dom" />`), whose fetch types would then clash with Node's in src/.
const hcl = createRequire(import.meta.url)('@cdktf/hcl2json') as {
  parse(file: string, text: string): Promise<Record<string, unknown>>
  getReferencesInExpression(file: string, text: string): Promise<{ value: string }[]>
}

// Both are pure functions of (file name, text), and the planted-error tests parse the same files,
// and look up the same expressions, dozens of times over: each answer is worked out once per
// test file. A parse is handed out as a copy, so no caller can change another's.
const parsed = new Map<string, Promise<Record<string, unknown>>>()
const parse = async (file: string, text: string) => {
  const key = JSON.stringify([file, text])
  if (!parsed.has(key)) parsed.set(key, hcl.parse(file, text))
  return structuredClone(await parsed.get(key)!)
}
const referenced = new Map<string, Promise<string[]>>()
const referencesOf = (file: string, text: string): Promise<string[]> => {
  const key = JSON.stringify([file, text])
  if (!referenced.has(key)) {
    referenced.set(
      key,
      hcl.getReferencesInExpression(file, text).then((refs) => refs.map((r) => r.value))
    )
  }
  return referenced.get(key)!
}

export type Files = Record<string, string>
type Body = Record<string, unknown>
export interface Parsed {
  files: Record<string, Body>
  variables: Record<string, Body>
  locals: Record<string, unknown>
  resources: Record<string, Record<string, Body>>
  data: Record<string, Record<string, Body>>
  modules: Record<string, Body>
  outputs: Record<string, Body>
}

/** The .tf files of a folder (not its subfolders), by name. */
export function readTf(dir: string): Files {
  const files: Files = {}
  for (const f of fs
    .readdirSync(dir)
    .filter((x) => x.endsWith('.tf'))
    .sort()) {
    files[f] = fs.readFileSync(path.join(dir, f), 'utf8')
  }
  return files
}

/** HCL blocks come out as arrays of bodies; labels as object keys. */
const one = (v: unknown): Body => (Array.isArray(v) ? (v[0] as Body) : (v as Body))

export async function parseAll(files: Files): Promise<Parsed> {
  const p: Parsed = {
    files: {},
    variables: {},
    locals: {},
    resources: {},
    data: {},
    modules: {},
    outputs: {}
  }
  for (const [name, text] of Object.entries(files)) {
    const doc = (await parse(name, text)) as Body
    p.files[name] = doc
    for (const [k, v] of Object.entries((doc.variable ?? {}) as Body)) p.variables[k] = one(v)
    for (const block of (doc.locals ?? []) as Body[]) Object.assign(p.locals, block)
    for (const [k, v] of Object.entries((doc.module ?? {}) as Body)) p.modules[k] = one(v)
    for (const [k, v] of Object.entries((doc.output ?? {}) as Body)) p.outputs[k] = one(v)
    for (const kind of ['resource', 'data'] as const) {
      const target = kind === 'resource' ? p.resources : p.data
      for (const [type, byName] of Object.entries((doc[kind] ?? {}) as Body)) {
        for (const [n, body] of Object.entries(byName as Body)) {
          ;(target[type] ??= {})[n] = one(body)
        }
      }
    }
  }
  return p
}

/** Every string in a value, with where it is (for messages). */
function* strings(value: unknown, where: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [value, where]
  else if (Array.isArray(value)) for (const v of value) yield* strings(v, where)
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* strings(v, `${where}.${k}`)
}

/** Names of dynamic blocks anywhere in a value (their iterators, e.g. rule.value). */
function dynamicLabels(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) dynamicLabels(v, found)
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'dynamic') for (const label of Object.keys(v as Body)) found.add(label)
      dynamicLabels(v, found)
    }
  }
  return found
}

const BUILTIN_ROOTS = new Set(['path', 'terraform', 'each', 'count', 'self'])

export interface Schema {
  version: string
  resources: Record<string, SchemaBlock>
  data_sources: Record<string, SchemaBlock>
}
interface SchemaBlock {
  attributes: string[]
  blocks: Record<string, SchemaBlock>
}

/**
 * Every reference resolves: var.* to a variable, local.* to a local, data.*, module.* and
 * resource references to a block of the configuration (and, for resources and data sources,
 * the attribute read to one their schema has), a provider reference to a declared provider.
 * Other names must be bound by a `for` in the same expression or be a dynamic block's iterator.
 */
export async function referenceProblems(p: Parsed, schema?: Schema): Promise<string[]> {
  const problems: string[] = []
  const iterators = dynamicLabels(p.files)
  for (const [file, doc] of Object.entries(p.files)) {
    for (const [text, where] of strings(doc, file)) {
      // Keywords, not expressions: a variable's type (list(string)), a test run's command.
      if (!text.includes('${') || /\.(variable\.[\w-]+\.type|run\.[\w-]+\.command)$/.test(where))
        continue
      const bound = new Set(
        [...text.matchAll(/\bfor\s+(\w+)(?:\s*,\s*(\w+))?\s+in\b/g)].flatMap((m) =>
          m.slice(1).filter(Boolean)
        )
      )
      for (const value of await referencesIn(file, text)) {
        const parts = value.split('.')
        const [root, a, b] = parts
        const problem = (why: string) => problems.push(`${where}: ${value}: ${why}`)
        if (root === 'var') {
          if (!(a in p.variables)) problem(`no variable "${a}"`)
        } else if (root === 'local') {
          if (!(a in p.locals)) problem(`no local "${a}"`)
        } else if (root === 'module') {
          if (!(a in p.modules)) problem(`no module "${a}"`)
        } else if (root === 'data') {
          if (!p.data[a]?.[b]) problem(`no data "${a}" "${b}"`)
          else if (schema) attributeProblem(schema.data_sources[a], parts.slice(3), problem)
        } else if (root === 'aws' && parts.length <= 2) {
          if (a && !providerAliases(p).includes(a)) problem(`provider aws.${a} is not declared`)
        } else if (/^aws_/.test(root)) {
          if (!p.resources[root]?.[a]) problem(`no resource "${root}" "${a}"`)
          else if (schema) attributeProblem(schema.resources[root], parts.slice(2), problem)
        } else if (!BUILTIN_ROOTS.has(root) && !bound.has(root) && !iterators.has(root)) {
          problem('unresolved reference')
        }
      }
    }
  }
  return problems
}

/**
 * The references of an expression: the HCL library's, and, because it misses those inside a
 * `for` nested in another expression, every var./local./module./data./aws_* traversal the
 * text holds (none of the module's string literals looks like one).
 */
async function referencesIn(file: string, text: string): Promise<string[]> {
  const found = new Set(await referencesOf(file, text))
  const pattern =
    /(?<![\w.:/-])(?:(?:var|local|module)\.[\w-]+|data\.\w+\.[\w-]+(?:\.\w+)?|aws_\w+\.[\w-]+(?:\.\w+)?)/g
  for (const m of text.matchAll(pattern)) {
    if (![...found].some((f) => f === m[0] || f.startsWith(`${m[0]}.`))) found.add(m[0])
  }
  return [...found]
}

/** The attribute read after type.name[index] must be one the schema has. */
function attributeProblem(
  block: SchemaBlock | undefined,
  rest: string[],
  problem: (why: string) => void
): void {
  if (!block) return // the type itself is checked by argumentProblems
  const attribute = rest.find((x) => !/^\d+$|^"/.test(x))
  if (attribute && !block.attributes.includes(attribute) && !(attribute in block.blocks)) {
    problem(`the schema has no attribute "${attribute}"`)
  }
}

function providerAliases(p: Parsed): string[] {
  const aliases: string[] = []
  for (const doc of Object.values(p.files)) {
    for (const b of ((doc.provider as Body | undefined)?.aws ?? []) as Body[]) {
      if (typeof b.alias === 'string') aliases.push(b.alias)
    }
    for (const t of (doc.terraform ?? []) as Body[]) {
      for (const rp of (t.required_providers ?? []) as Body[]) {
        const aws = rp.aws as { configuration_aliases?: string[] | string } | undefined
        const list = aws?.configuration_aliases
        for (const x of Array.isArray(list) ? list : list ? [list] : []) {
          for (const m of String(x).matchAll(/aws\.(\w+)/g)) aliases.push(m[1])
        }
      }
    }
  }
  return aliases
}

const META = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle'])

/** Every resource and data type the configuration uses exists in the schema, with every
 * argument and nested block it sets. */
export function argumentProblems(p: Parsed, schema: Schema): string[] {
  const problems: string[] = []
  const check = (block: SchemaBlock, body: Body, where: string) => {
    for (const [key, value] of Object.entries(body)) {
      if (key === 'dynamic') {
        for (const [label, dyn] of Object.entries(value as Body)) {
          const nested = block.blocks[label]
          if (!nested) problems.push(`${where}: unknown block "${label}"`)
          else
            for (const c of (one(dyn).content ?? []) as Body[])
              check(nested, c, `${where}.${label}`)
        }
      } else if (key in block.blocks) {
        for (const b of (Array.isArray(value) ? value : [value]) as Body[]) {
          check(block.blocks[key], b, `${where}.${key}`)
        }
      } else if (!block.attributes.includes(key)) {
        problems.push(`${where}: unknown argument "${key}"`)
      }
    }
  }
  for (const [kind, all, types] of [
    ['resource', p.resources, schema.resources],
    ['data', p.data, schema.data_sources]
  ] as const) {
    for (const [type, byName] of Object.entries(all)) {
      for (const [name, body] of Object.entries(byName)) {
        const block = types[type]
        if (!block) {
          problems.push(`${kind} ${type}.${name}: type not in the provider schema`)
          continue
        }
        const own = Object.fromEntries(Object.entries(body).filter(([k]) => !META.has(k)))
        check(block, own, `${kind} ${type}.${name}`)
      }
    }
  }
  return problems
}

/** Resource and data types used, to compare with the schema file's lists. */
export function typesUsed(p: Parsed): { resources: string[]; data: string[] } {
  return { resources: Object.keys(p.resources).sort(), data: Object.keys(p.data).sort() }
}

/** Every variable has a type and a description. */
export function variableProblems(p: Parsed): string[] {
  const problems: string[] = []
  for (const [name, v] of Object.entries(p.variables)) {
    if (!v.type) problems.push(`variable ${name} has no type`)
    if (typeof v.description !== 'string' || v.description.length < 10)
      problems.push(`variable ${name} has no description`)
  }
  return problems
}

/** A variable's validations as [condition, error_message]. */
export function validations(p: Parsed, name: string): [string, string][] {
  const v = p.variables[name]
  return ((v?.validation ?? []) as Body[]).map((x) => [
    String(x.condition),
    String(x.error_message)
  ])
}

/** The RE2 patterns of regex()/can(regex()) calls in a condition, as JS RegExps (the subset
 * used here, character classes and escapes, means the same in both). */
export function regexesIn(condition: string): RegExp[] {
  return [...condition.matchAll(/regex\("((?:[^"\\]|\\.)*)"/g)].map(
    (m) => new RegExp(JSON.parse(`"${m[1]}"`) as string)
  )
}

/** Variables and locals nothing reads (tflint's terraform_unused_declarations). */
export function unusedProblems(files: Files, p: Parsed): string[] {
  const text = Object.values(files).join('\n')
  const problems: string[] = []
  // A variable's own validation reads it; that is not a use. Other blocks' validations are.
  const outside = (name: string) =>
    Object.entries(p.files)
      .flatMap(([, doc]) =>
        Object.entries(doc).flatMap(([kind, v]) =>
          kind === 'variable'
            ? Object.entries(v as Body)
                .filter(([n]) => n !== name)
                .map(([, b]) => b)
            : [v]
        )
      )
      .map((v) => JSON.stringify(v))
      .join('\n')
  for (const name of Object.keys(p.variables))
    if (!new RegExp(`\\bvar\\.${name}\\b`).test(outside(name)))
      problems.push(`variable ${name} is unused`)
  for (const name of Object.keys(p.locals))
    if (!new RegExp(`\\blocal\\.${name}\\b`).test(text)) problems.push(`local ${name} is unused`)
  return problems
}

/**
 * `terraform fmt`'s alignment of `=`, as hclwrite does it: consecutive lines that assign a
 * whole expression (the brackets after `=` balance) put their `=` one space after the longest
 * name; any other line ends the run. Plus no tabs, no trailing spaces, two-space indents.
 * The rest of fmt (spacing inside expressions) is left to `terraform fmt -check` on GitHub.
 */
export function fmtProblems(file: string, text: string): string[] {
  const lines = text.split('\n')
  const assignAt = lines.map(assignColumn)
  const problems: string[] = []
  for (let i = 0; i < lines.length;) {
    if (assignAt[i] === null) {
      i++
      continue
    }
    let j = i
    while (j < lines.length && assignAt[j] !== null) j++
    const lead = Math.max(
      ...lines.slice(i, j).map((l, k) => l.slice(0, assignAt[i + k]!).trimEnd().length)
    )
    for (let k = i; k < j; k++) {
      if (assignAt[k] !== lead + 1)
        problems.push(
          `${file}:${k + 1}: "=" in column ${assignAt[k]! + 1}, fmt puts it in ${lead + 2}`
        )
    }
    i = j
  }
  lines.forEach((l, k) => {
    if (/\s$/.test(l)) problems.push(`${file}:${k + 1}: trailing space`)
    if (l.includes('\t')) problems.push(`${file}:${k + 1}: tab`)
    if ((l.length - l.trimStart().length) % 2) problems.push(`${file}:${k + 1}: odd indent`)
  })
  return problems
}

/** Where a line's assignment `=` is, when the expression after it ends on the same line. */
function assignColumn(line: string): number | null {
  const stack: ('str' | number)[] = [] // a string, or an interpolation's open-brace depth
  let eq: number | null = null
  let net = 0
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    const top = stack.at(-1)
    if (top === 'str') {
      if (c === '\\') i++
      else if (c === '"') stack.pop()
      else if ((c === '$' || c === '%') && line[i + 1] === '{') {
        stack.push(0)
        if (eq !== null) net++
        i++
      }
      continue
    }
    if (c === '#' || (c === '/' && line[i + 1] === '/')) break
    if (c === '"') stack.push('str')
    else if ('([{'.includes(c)) {
      if (typeof top === 'number') stack[stack.length - 1] = top + 1
      if (eq !== null) net++
    } else if (')]}'.includes(c)) {
      if (typeof top === 'number') {
        if (c === '}' && top === 0) stack.pop()
        else stack[stack.length - 1] = top - 1
      }
      if (eq !== null) net--
    } else if (
      c === '=' &&
      eq === null &&
      stack.length === 0 &&
      !'=!<>'.includes(line[i - 1] ?? '') &&
      !'=>'.includes(line[i + 1] ?? '') &&
      line.slice(0, i).trim() !== ''
    ) {
      eq = i
    }
  }
  return eq !== null && net === 0 ? eq : null
}
