import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import {
  K8S_DIR,
  cronJobProblems,
  kustomize,
  manifestFiles,
  readYaml,
  schemaErrors,
  textProblems,
  unknownFields,
  type Obj
} from '../helpers/kubernetes.js'

// deploy/kubernetes, validated offline: every object against the Kubernetes API schemas
// (kubernetes-models) plus a strict unknown-field check, the overlays rendered, and the CronJob
// policies of issue 19. Each check is also shown catching a planted violation. On GitHub,
// kubernetes.yml runs kubeconform and the real `kustomize build` on the same files.

const KUSTOMIZATIONS = ['base', 'overlays/production', 'overlays/staging']
const objectFiles = manifestFiles().filter((f) => path.basename(f) !== 'kustomization.yaml')
const base = kustomize(path.join(K8S_DIR, 'base'))
const cronJobs = (objects: Obj[]) => objects.filter((o) => o.kind === 'CronJob')
const named = (objects: Obj[], name: string) => objects.find((o) => o.metadata?.name === name)!
const copy = <T>(o: T): T => structuredClone(o)
const cliContainer = (cj: Obj) => cj.spec.jobTemplate.spec.template.spec.containers[0]

describe('every manifest is a valid Kubernetes object', () => {
  it.each(objectFiles)('%s: schema and no unknown field', (file) => {
    for (const o of readYaml(path.join(K8S_DIR, file))) {
      expect({ file, errors: schemaErrors(o) }).toEqual({ file, errors: [] })
      expect({ file, unknown: unknownFields(o) }).toEqual({ file, unknown: [] })
    }
  })

  it.each(KUSTOMIZATIONS)('%s renders, and every rendered object is valid', (dir) => {
    const objects = kustomize(path.join(K8S_DIR, dir))
    expect(objects.length).toBeGreaterThanOrEqual(7)
    for (const o of objects) {
      expect({ o: o.metadata.name, errors: [...schemaErrors(o), ...unknownFields(o)] }).toEqual({
        o: o.metadata.name,
        errors: []
      })
    }
  })

  it('catches a wrong type (schema) and a misspelt field (strict check), which the schema alone lets through', () => {
    const typo = copy(named(base, 'backup-daily'))
    typo.spec.jobTemplate.spec.template.spec.containers[0].secutiryContext = { runAsNonRoot: true }
    expect(schemaErrors(typo)).toEqual([]) // kubernetes-models allows unknown fields
    expect(unknownFields(typo)).toEqual([
      'CronJob.spec.jobTemplate.spec.template.spec.containers[0].secutiryContext'
    ])
    const nested = copy(named(base, 'drill'))
    nested.spec.jobTemplate.spec.template.spec.initContainers[0].startupProbe.exec.cmd = ['x']
    expect(unknownFields(nested)).toEqual([
      'CronJob.spec.jobTemplate.spec.template.spec.initContainers[0].startupProbe.exec.cmd'
    ])
    const wrong = copy(named(base, 'backup-daily'))
    wrong.spec.jobTemplate.spec.backoffLimit = 'one'
    expect(schemaErrors(wrong).join(' ')).toMatch(/backoffLimit/)
    const missing = copy(named(base, 'check'))
    delete missing.spec.schedule
    expect(schemaErrors(missing).join(' ')).toMatch(/schedule/)
  })
})

describe('the CronJobs', () => {
  it('are the six of the routine, on their schedules, with their commands', () => {
    const got = Object.fromEntries(
      cronJobs(base).map((cj) => [cj.metadata.name, [cj.spec.schedule, ...cliContainer(cj).args]])
    )
    expect(got).toEqual({
      'backup-daily': ['0 2 * * *', 'backup', '--kind', 'daily'],
      'backup-monthly': ['0 8 1 * *', 'backup', '--kind', 'monthly'],
      prune: ['0 5 * * *', 'prune'],
      drill: ['0 5 1 1,4,7,10 *', 'drill', '--snapshot', 'latest'],
      check: ['15 */6 * * *', 'check', '--max-age-hours', '26'],
      report: ['0 11 1 * *', 'report']
    })
  })

  it.each(KUSTOMIZATIONS)('%s: every CronJob holds every policy', (dir) => {
    const problems = cronJobs(kustomize(path.join(K8S_DIR, dir))).flatMap(cronJobProblems)
    expect(problems).toEqual([])
  })

  it('the drill runs PostgreSQL and Redis as native sidecars on emptyDirs, its targets on loopback', () => {
    const pod = named(base, 'drill').spec.jobTemplate.spec.template.spec
    expect(
      pod.initContainers.map((c: Obj) => [c.name, c.restartPolicy, c.securityContext.runAsUser])
    ).toEqual([
      ['postgres', 'Always', 999],
      ['redis', 'Always', 999]
    ])
    const env = Object.fromEntries(
      cliContainer(named(base, 'drill')).env.map((e: Obj) => [e.name, e.value])
    )
    expect(env.TARGET_DATABASE_URL).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:5432\//)
    expect(env.TARGET_REDIS_URL).toBe('redis://127.0.0.1:6379/0')
    for (const c of pod.initContainers)
      expect(c.startupProbe.exec.command.length).toBeGreaterThan(0)
  })

  // Each planted violation, on a copy of a real CronJob, must be reported.
  const plants: [string, string, (cj: Obj) => void, RegExp][] = [
    ['backup-daily', 'timeZone', (cj) => delete cj.spec.timeZone, /timeZone/],
    [
      'prune',
      'concurrencyPolicy',
      (cj) => (cj.spec.concurrencyPolicy = 'Allow'),
      /concurrencyPolicy/
    ],
    [
      'check',
      'startingDeadlineSeconds',
      (cj) => delete cj.spec.startingDeadlineSeconds,
      /startingDeadlineSeconds/
    ],
    ['check', 'history limits', (cj) => delete cj.spec.failedJobsHistoryLimit, /history limits/],
    [
      'backup-daily',
      'backoffLimit',
      (cj) => (cj.spec.jobTemplate.spec.backoffLimit = 6),
      /backoffLimit/
    ],
    [
      'drill',
      'activeDeadlineSeconds',
      (cj) => delete cj.spec.jobTemplate.spec.activeDeadlineSeconds,
      /activeDeadlineSeconds/
    ],
    [
      'prune',
      'ttlSecondsAfterFinished',
      (cj) => delete cj.spec.jobTemplate.spec.ttlSecondsAfterFinished,
      /ttlSeconds/
    ],
    [
      'backup-monthly',
      'restartPolicy',
      (cj) => (cj.spec.jobTemplate.spec.template.spec.restartPolicy = 'OnFailure'),
      /restartPolicy/
    ],
    [
      'backup-daily',
      'runAsNonRoot',
      (cj) => delete cj.spec.jobTemplate.spec.template.spec.securityContext.runAsNonRoot,
      /runAsNonRoot/
    ],
    [
      'backup-daily',
      'seccomp',
      (cj) => delete cj.spec.jobTemplate.spec.template.spec.securityContext.seccompProfile,
      /seccomp/
    ],
    [
      'check',
      'read-only root',
      (cj) => (cliContainer(cj).securityContext.readOnlyRootFilesystem = false),
      /read-only/
    ],
    [
      'drill',
      "a sidecar's read-only root",
      (cj) =>
        (cj.spec.jobTemplate.spec.template.spec.initContainers[1].securityContext.readOnlyRootFilesystem = false),
      /init container redis: root file system/
    ],
    [
      'drill',
      'a sidecar without its uid',
      (cj) =>
        delete cj.spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.runAsUser,
      /postgres: no explicit non-root runAsUser/
    ],
    [
      'drill',
      'a sidecar that is not native',
      (cj) => delete cj.spec.jobTemplate.spec.template.spec.initContainers[0].restartPolicy,
      /native sidecar/
    ],
    [
      'prune',
      'capabilities',
      (cj) => (cliContainer(cj).securityContext.capabilities.drop = ['NET_RAW']),
      /capabilities/
    ],
    [
      'prune',
      'privilege escalation',
      (cj) => delete cliContainer(cj).securityContext.allowPrivilegeEscalation,
      /allowPrivilegeEscalation/
    ],
    [
      'check',
      'emptyDir size',
      (cj) => delete cj.spec.jobTemplate.spec.template.spec.volumes[0].emptyDir.sizeLimit,
      /sizeLimit/
    ],
    ['check', '/tmp', (cj) => (cliContainer(cj).volumeMounts = []), /\/tmp is not an emptyDir/],
    [
      'backup-daily',
      'limits',
      (cj) => delete cliContainer(cj).resources.limits.memory,
      /limits\.memory/
    ],
    [
      'backup-daily',
      'requests',
      (cj) => delete cliContainer(cj).resources.requests,
      /requests\.cpu/
    ],
    [
      'backup-daily',
      'envFrom the secret',
      (cj) => (cliContainer(cj).envFrom = []),
      /envFrom secretRef/
    ],
    [
      'backup-daily',
      'a secret in args',
      (cj) => cliContainer(cj).args.push('--database-url', '$(DATABASE_URL)'),
      /expand a variable|in args/
    ],
    [
      'backup-daily',
      'the seed bug ${VAR}',
      (cj) => cliContainer(cj).args.push('${DATABASE_URL}'),
      /expand a variable/
    ],
    [
      'prune',
      'a password in args',
      (cj) => cliContainer(cj).args.push('postgresql://app:pw@db/app'),
      /password in args/
    ],
    [
      'prune',
      'a literal DATABASE_URL',
      (cj) => cliContainer(cj).env.push({ name: 'DATABASE_URL', value: 'postgresql://db/app' }),
      /DATABASE_URL is a literal/
    ],
    [
      'check',
      'Slack not from the secret',
      (cj) => (cliContainer(cj).env[0] = { name: 'SLACK_WEBHOOK_URL', value: 'x' }),
      /SLACK_WEBHOOK_URL/
    ],
    [
      'check',
      'no downward API',
      (cj) =>
        (cliContainer(cj).env = cliContainer(cj).env.filter((e: Obj) => e.name !== 'POD_NAME')),
      /POD_NAME/
    ],
    [
      'backup-daily',
      'an unpinned image',
      (cj) => (cliContainer(cj).image = 'ghcr.io/luneo/backup-runner:latest'),
      /not pinned|backup-runner containers/
    ],
    [
      'drill',
      'a hostPath volume',
      (cj) =>
        cj.spec.jobTemplate.spec.template.spec.volumes.push({ name: 'h', hostPath: { path: '/' } }),
      /volume h is not an emptyDir/
    ],
    [
      'check',
      'another ServiceAccount',
      (cj) => (cj.spec.jobTemplate.spec.template.spec.serviceAccountName = 'default'),
      /ServiceAccount/
    ]
  ]
  it.each(plants)('%s: a planted violation of %s is caught', (name, _what, plant, message) => {
    const cj = copy(named(base, name))
    expect(cronJobProblems(cj)).toEqual([])
    plant(cj)
    expect(cronJobProblems(cj).join('\n')).toMatch(message)
  })
})

describe('the files and the overlays', () => {
  it('no manifest contains ${ (Kubernetes expands $(VAR)), and a planted one is caught', () => {
    for (const file of manifestFiles()) {
      expect(textProblems(file, fs.readFileSync(path.join(K8S_DIR, file), 'utf8'))).toEqual([])
    }
    expect(textProblems('x.yaml', "args: ['${DATABASE_URL}']")).toHaveLength(1)
  })

  it('every object file is listed by a kustomization (or is the secret example)', () => {
    const listed = new Set<string>()
    for (const f of manifestFiles().filter((f) => path.basename(f) === 'kustomization.yaml')) {
      const k = readYaml(path.join(K8S_DIR, f))[0]
      const dir = path.dirname(f)
      for (const r of [
        ...(k.resources ?? []),
        ...(k.patches ?? []).map((p: Obj) => p.path).filter(Boolean)
      ]) {
        listed.add(path.normalize(path.join(dir, r)))
      }
    }
    expect(objectFiles.filter((f) => !listed.has(f))).toEqual(['secret.example.yaml'])
  })

  it('each overlay sets its namespace, environment, image version and IRSA role', () => {
    for (const env of ['production', 'staging']) {
      const objects = kustomize(path.join(K8S_DIR, 'overlays', env))
      expect(new Set(objects.map((o) => o.metadata.namespace)).size).toBe(1)
      expect(named(objects, 'backup-config').data.ENV).toBe(env)
      const sa = named(objects, 'luneo-backup')
      expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(
        /^arn:aws:iam::\d{12}:role\//
      )
      for (const cj of cronJobs(objects)) expect(cliContainer(cj).image).toMatch(/:\d+\.\d+\.\d+$/)
    }
    const prod = kustomize(path.join(K8S_DIR, 'overlays/production'))
    expect(prod.some((o) => o.kind === 'NetworkPolicy')).toBe(true)
    for (const cj of cronJobs(prod)) {
      const env = cliContainer(cj).env as Obj[]
      const names = env.map((e) => e.name)
      // $(POD_NAME) expands only from a variable defined before it.
      expect(names.indexOf('RUN_URL')).toBeGreaterThan(names.indexOf('POD_NAME'))
    }
  })

  it('the renderer refuses what it does not know, so it can never quietly skip a field', () => {
    const dir = fs.mkdtempSync(path.join(K8S_DIR, '..', '.k8s-test-'))
    try {
      fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: []\nnamePrefix: x-\n')
      expect(() => kustomize(dir)).toThrow(/namePrefix/)
    } finally {
      fs.rmSync(dir, { recursive: true })
    }
  })

  // On GitHub (kubernetes.yml) the real `kubectl kustomize` output is there to compare with; here
  // no kustomize binary installs, so the renderer's own checks above stand alone.
  const built = process.env.KUSTOMIZE_BUILD_DIR
  ;(built ? it : it.skip).each(KUSTOMIZATIONS)(
    '%s: the renderer gives what kustomize build gives',
    (dir) => {
      const key = (o: Obj) => `${o.kind}/${o.metadata.name}`
      const sorted = (objects: Obj[]) => [...objects].sort((a, b) => key(a).localeCompare(key(b)))
      const real = readYaml(path.join(built!, `${path.basename(dir)}.yaml`))
      expect(sorted(kustomize(path.join(K8S_DIR, dir)))).toEqual(sorted(real))
    }
  )

  it('the NetworkPolicy allows DNS, the databases and HTTPS out, and no ingress', () => {
    const [np] = readYaml(path.join(K8S_DIR, 'components/networkpolicy/networkpolicy.yaml'))
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress'])
    expect(np.spec.ingress).toEqual([])
    const ports = np.spec.egress.flatMap((r: Obj) => r.ports.map((p: Obj) => p.port))
    expect(new Set(ports)).toEqual(new Set([53, 5432, 6379, 443]))
  })
})
