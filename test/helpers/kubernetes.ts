// Offline checks of deploy/kubernetes: schema validation with kubernetes-models, a strict
// unknown-field check (that validator, like the API server's default, lets unknown fields
// through), a small kustomize renderer for the overlays, and the CronJob policies of issue 19.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import ts from 'typescript'
import { parseAllDocuments } from 'yaml'
import { CronJob } from 'kubernetes-models/batch/v1'
import { ConfigMap, Secret, ServiceAccount } from 'kubernetes-models/v1'
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1'
import { ROOT } from './run.js'

export const K8S_DIR = path.join(ROOT, 'deploy/kubernetes')

// Manifests are untyped YAML: plain records, read with care.
export type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** apiVersion/kind -> the kubernetes-models class and the d.ts that declares its interface. */
const KINDS: Record<
  string,
  { model: new (data: never) => { validate(): void }; dts: string; iface: string }
> = {
  'batch/v1/CronJob': { model: CronJob, dts: 'batch/v1/CronJob.d.ts', iface: 'ICronJob' },
  'v1/ConfigMap': { model: ConfigMap, dts: 'v1/ConfigMap.d.ts', iface: 'IConfigMap' },
  'v1/Secret': { model: Secret, dts: 'v1/Secret.d.ts', iface: 'ISecret' },
  'v1/ServiceAccount': {
    model: ServiceAccount,
    dts: 'v1/ServiceAccount.d.ts',
    iface: 'IServiceAccount'
  },
  'networking.k8s.io/v1/NetworkPolicy': {
    model: NetworkPolicy,
    dts: 'networking.k8s.io/v1/NetworkPolicy.d.ts',
    iface: 'INetworkPolicy'
  }
}
const kindKey = (o: Obj) => `${o.apiVersion}/${o.kind}`

export function readYaml(file: string): Obj[] {
  const text = fs.readFileSync(file, 'utf8')
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0].message}`)
    return d.toJS() as Obj
  })
}

/** Every YAML file under deploy/kubernetes, relative paths. */
export function manifestFiles(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.ya?ml$/.test(e.name)) out.push(path.relative(K8S_DIR, p))
    }
  }
  walk(K8S_DIR)
  return out.sort()
}

/** kubernetes-models' own validation (types, enums, required fields): its messages, or none. */
export function schemaErrors(o: Obj): string[] {
  const kind = KINDS[kindKey(o)]
  if (!kind) return [`${kindKey(o)} is not a kind these manifests may use`]
  try {
    new kind.model(o as never).validate()
    return []
  } catch (error) {
    return [
      String((error as Error).message)
        .split('\n')
        .slice(0, 3)
        .join(' ')
    ]
  }
}

// The strict check walks a manifest beside the TypeScript interface kubernetes-models declares for
// it (generated from the same OpenAPI schema as its validators): any key the type has no property
// for is unknown. Maps (labels, resources) are index signatures and take any key.
let checker: ts.TypeChecker | undefined
let program: ts.Program | undefined
const modelsDir = path.dirname(
  createRequire(import.meta.url).resolve('kubernetes-models/package.json')
)

function interfaceOf(kind: string): ts.Type {
  const { dts, iface } = KINDS[kind]
  const file = path.join(modelsDir, dts)
  if (!program || !program.getSourceFile(file)) {
    program = ts.createProgram(
      Object.values(KINDS).map((k) => path.join(modelsDir, k.dts)),
      {
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        noEmit: true,
        skipLibCheck: true,
        strict: true,
        // Only what the models' declarations import: not every @types package in node_modules,
        // nor the DOM library (a third of the files, most of the test file's time). The types
        // walked are the same either way, property for property.
        types: [],
        lib: ['lib.es2023.d.ts']
      }
    )
    checker = program.getTypeChecker()
  }
  const source = program.getSourceFile(file)
  const moduleSymbol = source && checker!.getSymbolAtLocation(source)
  const symbol =
    moduleSymbol && checker!.getExportsOfModule(moduleSymbol).find((s) => s.name === iface)
  if (!symbol) throw new Error(`kubernetes-models: no ${iface} in ${dts}`)
  return checker!.getDeclaredTypeOfSymbol(symbol)
}

function walkUnknown(value: unknown, type: ts.Type, at: string, out: string[]): void {
  const c = checker!
  type = c.getNonNullableType(type)
  if (type.isUnion()) {
    const objects = type.types.filter((t) => t.flags & ts.TypeFlags.Object)
    if (objects.length !== 1) return // string | number (IntOrString, Quantity): no fields
    type = objects[0]
  }
  if (Array.isArray(value)) {
    const element = c.getIndexTypeOfType(type, ts.IndexKind.Number)
    if (element) value.forEach((v, i) => walkUnknown(v, element, `${at}[${i}]`, out))
    return
  }
  if (value === null || typeof value !== 'object') return
  const map = c.getIndexTypeOfType(type, ts.IndexKind.String)
  if (map) {
    for (const [k, v] of Object.entries(value)) walkUnknown(v, map, `${at}.${k}`, out)
    return
  }
  const props = c.getPropertiesOfType(type)
  if (props.length === 0) return // free-form (RawExtension and the like)
  for (const [k, v] of Object.entries(value)) {
    const prop = props.find((p) => p.name === k)
    if (!prop) out.push(`${at}.${k}`)
    else
      walkUnknown(v, c.getTypeOfSymbolAtLocation(prop, prop.valueDeclaration!), `${at}.${k}`, out)
  }
}

/** Paths of fields the Kubernetes API does not define (a typo kubectl would drop or reject). */
export function unknownFields(o: Obj): string[] {
  if (!KINDS[kindKey(o)]) return []
  const out: string[] = []
  walkUnknown(o, interfaceOf(kindKey(o)), o.kind, out)
  return out
}

// --- a small kustomize: only what the overlays use, and a loud error for anything else ---------

const KUSTOMIZATION_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'components',
  'namespace',
  'images',
  'patches'
])

function mergePatch(target: Obj, patch: Obj): void {
  for (const [k, v] of Object.entries(patch)) {
    if (
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      target[k] &&
      typeof target[k] === 'object'
    ) {
      mergePatch(target[k], v)
    } else if (Array.isArray(v)) {
      throw new Error(
        `kustomize (test): strategic merge of a list (${k}) is not supported here; use a JSON patch`
      )
    } else target[k] = v
  }
}

function jsonPatch(target: Obj, ops: Obj[]): void {
  for (const op of ops) {
    const keys = String(op.path).split('/').slice(1)
    const last = keys.pop()!
    let node: Obj = target
    for (const k of keys) {
      node = node?.[Array.isArray(node) ? Number(k) : k]
      if (node === undefined) throw new Error(`kustomize (test): ${op.path} does not exist`)
    }
    if (op.op === 'add' && Array.isArray(node) && last === '-') node.push(op.value)
    else if ((op.op === 'add' || op.op === 'replace') && !Array.isArray(node)) {
      if (op.op === 'replace' && !(last in node))
        throw new Error(`kustomize (test): ${op.path} does not exist`)
      node[last] = op.value
    } else throw new Error(`kustomize (test): op ${op.op} on ${op.path} is not supported here`)
  }
}

function setImage(o: Obj, images: Obj[]): void {
  const pod = o.spec?.jobTemplate?.spec?.template?.spec
  for (const c of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
    const [name] = String(c.image).split(':')
    const img = images.find((i) => i.name === name)
    if (img) c.image = `${img.newName ?? name}:${img.newTag}`
  }
}

/** The objects `kustomize build <dir>` gives, for the fields the overlays use. */
export function kustomize(dir: string): Obj[] {
  const k = readYaml(path.join(dir, 'kustomization.yaml'))[0]
  for (const field of Object.keys(k)) {
    if (!KUSTOMIZATION_FIELDS.has(field)) {
      throw new Error(
        `kustomize (test): ${path.relative(K8S_DIR, dir)} uses ${field}, which this renderer does not know`
      )
    }
  }
  const objects: Obj[] = []
  for (const r of [...(k.resources ?? []), ...(k.components ?? [])] as string[]) {
    const p = path.resolve(dir, r)
    if (!fs.existsSync(p)) throw new Error(`${path.relative(K8S_DIR, dir)}: ${r} does not exist`)
    objects.push(...(fs.statSync(p).isDirectory() ? kustomize(p) : readYaml(p)))
  }
  for (const patch of (k.patches ?? []) as Obj[]) {
    if (patch.path) {
      const [p] = readYaml(path.join(dir, patch.path))
      const target = objects.find((o) => o.kind === p.kind && o.metadata?.name === p.metadata?.name)
      if (!target) throw new Error(`${patch.path}: no ${p.kind} ${p.metadata?.name} to patch`)
      mergePatch(target, p)
    } else {
      const targets = objects.filter(
        (o) =>
          o.kind === patch.target?.kind &&
          (!patch.target.name || o.metadata?.name === patch.target.name)
      )
      if (targets.length === 0)
        throw new Error(`a patch matches nothing: ${JSON.stringify(patch.target)}`)
      const ops = parseAllDocuments(patch.patch)[0].toJS() as Obj[]
      for (const t of targets) jsonPatch(t, ops)
    }
  }
  if (k.images) for (const o of objects) setImage(o, k.images)
  if (k.namespace) for (const o of objects) o.metadata = { ...o.metadata, namespace: k.namespace }
  return objects
}

// --- the policies -------------------------------------------------------------------------------

export const CLI_IMAGE = 'ghcr.io/luneo/backup-runner'
export const SECRET = 'backup-secrets'
/** What the CLI must get from the secret, never from a literal in a manifest. */
export const SECRET_VARS = [
  'DATABASE_URL',
  'REDIS_URL',
  'SLACK_WEBHOOK_URL',
  'AWS_SECRET_ACCESS_KEY'
]

function containersOf(pod: Obj): { c: Obj; init: boolean }[] {
  return [
    ...(pod.initContainers ?? []).map((c: Obj) => ({ c, init: true })),
    ...(pod.containers ?? []).map((c: Obj) => ({ c, init: false }))
  ]
}

/** One line per broken rule, naming the CronJob and the container. */
export function cronJobProblems(cj: Obj): string[] {
  const p: string[] = []
  const name = cj.metadata?.name ?? '(unnamed)'
  const bad = (what: string) => p.push(`CronJob ${name}: ${what}`)
  const s = cj.spec ?? {}
  if (s.timeZone !== 'Etc/UTC') bad(`timeZone is ${s.timeZone}, not Etc/UTC`)
  if (s.concurrencyPolicy !== 'Forbid')
    bad(`concurrencyPolicy is ${s.concurrencyPolicy}, not Forbid`)
  if (!(s.startingDeadlineSeconds > 0)) bad('no startingDeadlineSeconds')
  if (!(s.successfulJobsHistoryLimit >= 1) || !(s.failedJobsHistoryLimit >= 1))
    bad('no history limits')
  const job = s.jobTemplate?.spec ?? {}
  if (job.backoffLimit !== 1) bad(`backoffLimit is ${job.backoffLimit}, not 1`)
  if (!(job.activeDeadlineSeconds > 0)) bad('no activeDeadlineSeconds')
  if (!(job.ttlSecondsAfterFinished > 0)) bad('no ttlSecondsAfterFinished')
  const pod = job.template?.spec ?? {}
  if (pod.restartPolicy !== 'Never') bad(`restartPolicy is ${pod.restartPolicy}, not Never`)
  if (pod.serviceAccountName !== 'luneo-backup')
    bad('not run as the ServiceAccount luneo-backup (IRSA)')
  if (pod.securityContext?.runAsNonRoot !== true)
    bad('pod securityContext has no runAsNonRoot: true')
  if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault')
    bad('pod seccomp profile is not RuntimeDefault')
  const volumes: Obj[] = pod.volumes ?? []
  for (const v of volumes) {
    if (!v.emptyDir) bad(`volume ${v.name} is not an emptyDir`)
    else if (!v.emptyDir.sizeLimit) bad(`emptyDir ${v.name} has no sizeLimit`)
  }
  const cli = (pod.containers ?? []).filter((c: Obj) => String(c.image).startsWith(`${CLI_IMAGE}:`))
  if (cli.length !== 1) bad(`runs ${cli.length} ${CLI_IMAGE} containers, not 1`)
  for (const { c, init } of containersOf(pod)) {
    const where = `${init ? 'init container' : 'container'} ${c.name}`
    const sc = c.securityContext ?? {}
    if (sc.readOnlyRootFilesystem !== true) bad(`${where}: root file system not read-only`)
    if (sc.allowPrivilegeEscalation !== false)
      bad(`${where}: allowPrivilegeEscalation is not false`)
    if (!(sc.capabilities?.drop ?? []).includes('ALL'))
      bad(`${where}: capabilities not all dropped`)
    if (sc.runAsUser === 0 || (init && !(sc.runAsUser > 0)))
      bad(`${where}: no explicit non-root runAsUser`)
    for (const kind of ['requests', 'limits']) {
      for (const r of ['cpu', 'memory'])
        if (!c.resources?.[kind]?.[r]) bad(`${where}: no ${kind}.${r}`)
    }
    if (init && c.restartPolicy !== 'Always')
      bad(`${where}: not a native sidecar (restartPolicy: Always)`)
    if (/:latest$|^[^:]+$/.test(String(c.image)))
      bad(`${where}: image ${c.image} is not pinned to a version`)
    const argv = [...(c.command ?? []), ...(c.args ?? [])].map(String)
    for (const a of argv) {
      if (/\$\(|\$\{/.test(a)) bad(`${where}: args expand a variable into argv (${a})`)
      if (/:\/\/[^/@\s]*:[^/@\s]*@/.test(a)) bad(`${where}: a password in args`)
      if (
        /^--(database-url|redis-url|target-database-url|target-redis-url|slack-webhook-url)/.test(a)
      ) {
        bad(`${where}: ${a} in args (secrets come from the environment)`)
      }
    }
    for (const e of (c.env ?? []) as Obj[]) {
      if (SECRET_VARS.includes(e.name) && e.value !== undefined)
        bad(`${where}: ${e.name} is a literal, not from the secret`)
      if (typeof e.value === 'string' && /:\/\/[^/@\s]*:[^/@\s]*@/.test(e.value))
        bad(`${where}: ${e.name} holds a password`)
    }
  }
  for (const c of cli) {
    const where = `container ${c.name}`
    if (!(c.envFrom ?? []).some((e: Obj) => e.secretRef?.name === SECRET))
      bad(`${where}: no envFrom secretRef ${SECRET}`)
    const env = new Map(((c.env ?? []) as Obj[]).map((e) => [e.name, e]))
    const slack = env.get('SLACK_WEBHOOK_URL')?.valueFrom?.secretKeyRef
    if (slack?.name !== SECRET) bad(`${where}: SLACK_WEBHOOK_URL not from the secret ${SECRET}`)
    const field = (n: string) => env.get(n)?.valueFrom?.fieldRef?.fieldPath
    if (field('POD_NAME') !== 'metadata.name') bad(`${where}: POD_NAME not from the downward API`)
    if (field('POD_NAMESPACE') !== 'metadata.namespace')
      bad(`${where}: POD_NAMESPACE not from the downward API`)
    if (!String(field('JOB_NAME')).includes('job-name'))
      bad(`${where}: JOB_NAME not from the downward API`)
    if (env.get('CRONJOB_NAME')?.value !== name) bad(`${where}: CRONJOB_NAME is not ${name}`)
    const tmp = (c.volumeMounts ?? []).find((m: Obj) => m.mountPath === '/tmp')
    if (!tmp || !volumes.some((v) => v.name === tmp.name && v.emptyDir))
      bad(`${where}: /tmp is not an emptyDir`)
  }
  return p
}

/** Text rules for a manifest file: Kubernetes expands $(VAR), so ${VAR} is a literal (the seed's bug). */
export function textProblems(file: string, text: string): string[] {
  return text.includes('${')
    ? [`${file}: contains \${ (Kubernetes expands $(VAR), never \${VAR})`]
    : []
}
