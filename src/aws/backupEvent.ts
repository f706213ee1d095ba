import { z } from 'zod'

// AWS Backup's EventBridge events (detail-types Backup, Copy and Restore Job State Change) read
// into the few facts an alert needs. AWS's own examples disagree with themselves: sizes come as
// strings in some events and numbers in others, destinationRecoveryPointArn is {} until a copy
// completes, resources is empty on FAILED, backup and copy jobs say `state` where restore jobs
// say `status`. So every field is optional and read on its own: a field of an unexpected shape
// is dropped and named in `unexpected`, and the alert still goes out.

export const DETAIL_TYPES = {
  'Backup Job State Change': 'backup',
  'Copy Job State Change': 'copy',
  'Restore Job State Change': 'restore'
} as const
export type JobKind = (typeof DETAIL_TYPES)[keyof typeof DETAIL_TYPES]

/** failure: 🔴 and a mention; warning: 🟠; note: ✅, a short success line; ignore: no message. */
export type Severity = 'failure' | 'warning' | 'note' | 'ignore'

export interface BackupEventFacts {
  kind?: JobKind
  detailType?: string
  severity: Severity
  /** The job's state (backup, copy) or status (restore), as AWS spells it. */
  state?: string
  account?: string
  region?: string
  time?: string
  jobId?: string
  vault?: string
  /** Copy jobs: the vault the copy goes to (its region is the copy's region). */
  destinationVault?: string
  destinationRegion?: string
  resourceArn?: string
  resourceType?: string
  statusMessage?: string
  bytes?: number
  /** Restore jobs started by a restore testing plan name it. */
  restoreTestingPlan?: string
  createdResourceArn?: string
  /** What was not as documented, one short phrase each (never a value). */
  unexpected: string[]
}

const size = z.union([
  z.number().nonnegative(),
  z
    .string()
    .regex(/^\d+$/)
    .transform((s) => Number(s))
])
// {} until the copy completes, then an ARN.
const arnOrEmpty = z.union([
  z.string(),
  z
    .object({})
    .strict()
    .transform(() => undefined)
])

const envelope = z
  .object({
    source: z.string(),
    'detail-type': z.string(),
    account: z.string().optional(),
    region: z.string().optional(),
    time: z.string().optional(),
    resources: z.array(z.unknown()).optional(),
    detail: z.record(z.string(), z.unknown())
  })
  .loose()

const detailFields = {
  backupJobId: z.string(),
  copyJobId: z.string(),
  restoreJobId: z.string(),
  state: z.string(),
  status: z.string(),
  backupVaultName: z.string(),
  backupVaultArn: z.string(),
  sourceBackupVaultArn: z.string(),
  destinationBackupVaultArn: z.string(),
  destinationRecoveryPointArn: arnOrEmpty,
  resourceArn: z.string(),
  sourceResourceArn: z.string(),
  createdResourceArn: z.string(),
  resourceType: z.string(),
  statusMessage: z.string(),
  backupSizeInBytes: size,
  bytesTransferred: size,
  restoreTestingPlanArn: z.string()
} as const
type Detail = { [K in keyof typeof detailFields]?: z.output<(typeof detailFields)[K]> }

/** Each documented field on its own, so one odd field costs only itself. */
function readDetail(raw: Record<string, unknown>, unexpected: string[]): Detail {
  const out: Record<string, unknown> = {}
  for (const [name, schema] of Object.entries(detailFields)) {
    if (raw[name] === undefined || raw[name] === null) continue
    const parsed = schema.safeParse(raw[name])
    if (parsed.success) out[name] = parsed.data
    else unexpected.push(`detail.${name} is ${describe(raw[name])}`)
  }
  return out as Detail
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return value === '' ? 'empty' : 'a text of an unexpected form'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/** The vault's name from its ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>). */
export function vaultOf(arn: string | undefined): { name?: string; region?: string } {
  const m = /^arn:aws[a-z-]*:backup:([a-z0-9-]+):\d*:backup-vault:(.+)$/.exec(arn ?? '')
  return m ? { region: m[1], name: m[2] } : {}
}

/** Which events are worth a message, and how loud. Must agree with the Terraform patterns. */
export function severityOf(kind: JobKind, state: string | undefined, d: Detail): Severity {
  if (kind === 'backup') {
    if (['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'].includes(state ?? '')) return 'failure'
    if (state === 'COMPLETED' && d.statusMessage) return 'warning'
  }
  if (kind === 'copy' && ['FAILED', 'PARTIAL'].includes(state ?? '')) return 'failure'
  if (kind === 'restore') {
    if (state === 'FAILED') return 'failure'
    if (state === 'COMPLETED' && d.restoreTestingPlanArn) return 'note'
  }
  return 'ignore'
}

export function readBackupEvent(event: unknown): BackupEventFacts {
  const unexpected: string[] = []
  const outer = envelope.safeParse(event)
  if (!outer.success) {
    for (const issue of outer.error.issues.slice(0, 5)) {
      unexpected.push(`${issue.path.join('.') || 'the event'}: ${issue.message}`)
    }
    // Not an event we can read at all: worth a warning, since a rule sent it here.
    return { severity: 'warning', unexpected }
  }
  const e = outer.data
  const base = {
    detailType: e['detail-type'],
    account: e.account,
    region: e.region,
    time: e.time
  }
  const kind = DETAIL_TYPES[e['detail-type'] as keyof typeof DETAIL_TYPES] as JobKind | undefined
  if (e.source !== 'aws.backup' || !kind) return { ...base, severity: 'ignore', unexpected }
  const d = readDetail(e.detail, unexpected)
  // Backup and copy jobs say `state`, restore jobs `status` (AWS's documentation says so too).
  const state = kind === 'restore' ? (d.status ?? d.state) : (d.state ?? d.status)
  if (!state) unexpected.push(`detail.${kind === 'restore' ? 'status' : 'state'} is missing`)
  const jobId = { backup: d.backupJobId, copy: d.copyJobId, restore: d.restoreJobId }[kind]
  if (!jobId) unexpected.push(`detail.${kind}JobId is missing`)
  const source = vaultOf(kind === 'copy' ? d.sourceBackupVaultArn : d.backupVaultArn)
  const destination = vaultOf(d.destinationBackupVaultArn)
  const resourceArn = d.resourceArn ?? d.sourceResourceArn
  return {
    ...base,
    kind,
    severity: severityOf(kind, state, d),
    state,
    jobId,
    vault: d.backupVaultName ?? source.name,
    destinationVault: destination.name,
    destinationRegion: destination.region,
    resourceArn,
    resourceType: d.resourceType,
    statusMessage: d.statusMessage || undefined,
    bytes: d.backupSizeInBytes ?? d.bytesTransferred,
    restoreTestingPlan: d.restoreTestingPlanArn?.split(':').at(-1),
    createdResourceArn: d.createdResourceArn,
    unexpected
  }
}
