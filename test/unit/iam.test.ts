import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs/promises'

// The least-privilege IAM policies in deploy/iam/ kept in step with the S3 calls the code really
// makes, command by command:
//   1. src/storage/s3.ts and the files its parts live in are read: for each S3Storage method,
//      the S3 `*Command`s it sends (and those of the methods it calls, on itself or on a part:
//      `this.claims.claim(`), so a new call in any of them changes what is expected;
//   2. each command's source files are grepped for the Storage methods they call, and must match
//      the table below (so a command that starts deleting, say, fails here until its policy does);
//   3. the policy of each command must allow exactly the IAM actions those calls need.

/** S3Storage (s3.ts) and its parts; method names are unique across them but for delegates. */
const S3_SOURCES = ['src/storage/s3.ts', 'src/storage/s3Claims.ts', 'src/storage/s3Delete.ts']

/** IAM actions each S3 request needs (AWS Service Authorization Reference). */
const ACTIONS_OF: Record<string, string[]> = {
  HeadBucketCommand: ['s3:ListBucket'],
  ListObjectsV2Command: ['s3:ListBucket'],
  GetObjectCommand: ['s3:GetObject'],
  HeadObjectCommand: ['s3:GetObject'],
  PutObjectCommand: ['s3:PutObject'],
  CreateMultipartUploadCommand: ['s3:PutObject'],
  UploadPartCommand: ['s3:PutObject'],
  CompleteMultipartUploadCommand: ['s3:PutObject'],
  AbortMultipartUploadCommand: ['s3:AbortMultipartUpload'],
  // A claim or probe object, by key alone (never a version).
  DeleteObjectCommand: ['s3:DeleteObject'],
  // DeleteObjects by key (s3:DeleteObject) and by VersionId in versioned buckets.
  DeleteObjectsCommand: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
  ListObjectVersionsCommand: ['s3:ListBucketVersions'],
  GetObjectRetentionCommand: ['s3:GetObjectRetention'],
  GetObjectLegalHoldCommand: ['s3:GetObjectLegalHold'],
  ListMultipartUploadsCommand: ['s3:ListBucketMultipartUploads'],
  GetBucketLifecycleConfigurationCommand: ['s3:GetLifecycleConfiguration'],
  PutBucketLifecycleConfigurationCommand: ['s3:PutLifecycleConfiguration'],
  // Who owns the lifecycle: the luneo-backup:lifecycle-owner tag (Terraform or the command).
  GetBucketTaggingCommand: ['s3:GetBucketTagging'],
  // lib-storage's Upload: PutObject, or Create/UploadPart/CompleteMultipartUpload.
  Upload: ['s3:PutObject'],
  // A multipart data file's tags, set again once complete (RGW drops them at creation).
  PutObjectTaggingCommand: ['s3:PutObjectTagging'],
  // x-amz-tagging on a data file's PutObject / CreateMultipartUpload.
  Tagging: ['s3:PutObjectTagging']
}
const STORAGE_METHODS = [
  'check',
  'put',
  'get',
  'list',
  'delete',
  'abortStaleUploads',
  'lifecycleRules',
  'putLifecycleRules',
  'claim',
  'claimStands',
  'release',
  'bucketTags',
  'isArchived'
]

/**
 * What each command calls on its storage, and where. Every command appends a ledger event
 * (notify/ledger.ts: put, and list/get to read it) and, when it fails, looks up the newest
 * complete snapshot for Slack (notify/outcome.ts -> snapshot/catalog.ts: list, get). `put` of a
 * small JSON (ledger, drill report) is one PutObject and a HeadObject; `put:data` is backup's
 * streamed, tagged, possibly multipart upload (aborted on failure).
 */
const COMMON = ['src/notify/outcome.ts', 'src/notify/ledger.ts', 'src/snapshot/catalog.ts']
const COMMANDS: Record<string, { files: string[]; methods: string[] }> = {
  backup: {
    files: ['src/commands/backup.ts', 'src/snapshot/writer.ts'],
    methods: ['check', 'list', 'get', 'put', 'put:data', 'claim', 'claimStands', 'release']
  },
  prune: {
    files: ['src/commands/prune.ts', 'src/retention/execute.ts'],
    methods: ['list', 'get', 'put', 'delete', 'abortStaleUploads']
  },
  restore: {
    files: ['src/commands/restore.ts', 'src/restore/restoreSnapshot.ts', 'src/snapshot/reader.ts'],
    methods: ['list', 'get', 'put']
  },
  drill: {
    files: ['src/commands/drill.ts', 'src/restore/restoreSnapshot.ts', 'src/snapshot/reader.ts'],
    methods: ['list', 'get', 'put']
  },
  check: { files: ['src/commands/check.ts'], methods: ['list', 'get', 'put'] },
  // The catalog's listing and manifests, nothing else (inventory.ts joins what it read).
  list: {
    files: ['src/commands/list.ts', 'src/snapshot/inventory.ts', 'src/snapshot/inventoryText.ts'],
    methods: ['list', 'get', 'put']
  },
  verify: {
    files: ['src/commands/verify.ts', 'src/verify/verifySnapshot.ts', 'src/snapshot/reader.ts'],
    // isArchived: HeadObject of a file the listing puts in GLACIER or DEEP_ARCHIVE.
    methods: ['list', 'get', 'put', 'isArchived']
  },
  report: {
    files: ['src/commands/report.ts', 'src/review/drills.ts'],
    methods: ['list', 'get', 'put']
  },
  'destroy-key': { files: ['src/commands/destroyKey.ts'], methods: ['list', 'get', 'put'] },
  adopt: {
    files: ['src/commands/adopt.ts', 'src/snapshot/writer.ts', 'src/snapshot/leftovers.ts'],
    methods: ['list', 'get', 'put', 'put:data', 'claim', 'claimStands', 'release', 'delete']
  },
  lifecycle: {
    files: ['src/commands/lifecycle.ts'],
    methods: ['list', 'get', 'put', 'bucketTags', 'lifecycleRules', 'putLifecycleRules']
  }
}

/**
 * S3Storage's methods and the S3 requests each sends, following calls between methods. A method
 * of S3Storage that delegates to a part of the same name (`claim` -> `this.claims.claim`) gets
 * the part's requests: same-named methods are one entry.
 */
async function requestsByMethod(): Promise<Map<string, Set<string>>> {
  const direct = new Map<string, { sends: Set<string>; calls: Set<string> }>()
  for (const file of S3_SOURCES) {
    const source = await fs.readFile(file, 'utf8')
    const body = source.slice(source.indexOf('export class '))
    const heads = [...body.matchAll(/^ {2}(?:private |async |\*|get )*(\*?\w+)\(/gm)]
    heads.forEach((m, i) => {
      const name = m[1].replace('*', '')
      const text = body.slice(m.index, heads[i + 1]?.index ?? body.length)
      const entry = direct.get(name) ?? { sends: new Set<string>(), calls: new Set<string>() }
      for (const x of text.matchAll(/new (\w+Command|Upload)\(/g)) entry.sends.add(x[1])
      for (const x of text.matchAll(/this\.(?:\w+\.)?(\w+)\(/g)) entry.calls.add(x[1])
      direct.set(name, entry)
    })
  }
  const resolve = (name: string, seen = new Set<string>()): Set<string> => {
    const d = direct.get(name)
    if (!d || seen.has(name)) return new Set()
    seen.add(name)
    return new Set([...d.sends, ...[...d.calls].flatMap((c) => [...resolve(c, seen)])])
  }
  return new Map([...direct.keys()].map((n) => [n, resolve(n)]))
}

/** The IAM actions a command needs, from the S3 requests its storage methods send. */
async function neededActions(command: string): Promise<Set<string>> {
  const byMethod = await requestsByMethod()
  const actions = new Set<string>()
  for (const method of COMMANDS[command].methods) {
    let requests: string[]
    if (method === 'put') requests = ['PutObjectCommand', 'HeadObjectCommand']
    else if (method === 'put:data') requests = [...byMethod.get('put')!, 'Tagging']
    else requests = [...byMethod.get(method)!]
    for (const r of requests) for (const a of ACTIONS_OF[r]) actions.add(a)
  }
  // SSE-KMS: writing needs a data key, reading (and completing a multipart upload) decrypts.
  if (actions.has('s3:PutObject')) actions.add('kms:GenerateDataKey')
  if (actions.has('s3:GetObject')) actions.add('kms:Decrypt')
  return actions
}

interface Statement {
  Sid?: string
  Effect: string
  Action: string | string[]
  Resource: string | string[]
}

async function policy(command: string): Promise<{ Version: string; Statement: Statement[] }> {
  return JSON.parse(await fs.readFile(`deploy/iam/${command}.json`, 'utf8')) as {
    Version: string
    Statement: Statement[]
  }
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v])

describe('IAM policies (deploy/iam/) and the S3 calls of each command', () => {
  it('knows the IAM actions of every S3 request s3.ts can send', async () => {
    const sources = await Promise.all(S3_SOURCES.map((f) => fs.readFile(f, 'utf8')))
    const sent = new Set(
      sources.flatMap((t) => [...t.matchAll(/new (\w+Command)\(/g)].map((m) => m[1]))
    )
    for (const command of sent)
      expect([command, ACTIONS_OF[command]]).toEqual([command, expect.any(Array)])
    const byMethod = await requestsByMethod()
    expect([...byMethod.get('delete')!].sort()).toEqual([
      'DeleteObjectsCommand',
      'GetObjectLegalHoldCommand',
      'GetObjectRetentionCommand',
      'ListObjectVersionsCommand'
    ])
    expect(byMethod.get('put')).toEqual(
      new Set([
        'Upload',
        'PutObjectTaggingCommand',
        'HeadObjectCommand',
        'AbortMultipartUploadCommand'
      ])
    )
  })

  it('every Storage method a command calls is in the table, and no other', async () => {
    const pattern = new RegExp(`\\b(?:storage|s)\\??\\.(${STORAGE_METHODS.join('|')})\\(`, 'g')
    for (const [command, { files, methods }] of Object.entries(COMMANDS)) {
      const found = new Set<string>()
      for (const file of [...COMMON, ...files]) {
        const text = await fs.readFile(file, 'utf8')
        for (const m of text.matchAll(pattern)) found.add(m[1])
      }
      // listSnapshots (catalog.ts) lists and reads manifests; streamVerified reads data.
      expect([command, [...found].sort()]).toEqual([
        command,
        [...new Set(methods.map((m) => m.replace(':data', '')))].sort()
      ])
    }
  })

  for (const command of Object.keys(COMMANDS)) {
    it(`deploy/iam/${command}.json allows exactly what ${command} needs`, async () => {
      const p = await policy(command)
      expect(p.Version).toBe('2012-10-17')
      const allowed = new Set(
        p.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action))
      )
      expect([...allowed].sort()).toEqual([...(await neededActions(command))].sort())
      for (const s of p.Statement) {
        for (const a of list(s.Action)) expect(a).not.toMatch(/\*/)
        // Objects only under the environment (and backup's conditional-write probe beside it);
        // buckets only the backup bucket.
        for (const r of list(s.Resource)) {
          expect(r).toMatch(
            /^(arn:aws:s3:::BUCKET(\/ENV_PREFIX\/.+|\/ENV_PREFIX\.luneo-probe-\*)?|KMS_KEY_ARN)$/
          )
        }
      }
      // backup deletes nothing but its own claim of a snapshot folder and its probe object.
      if (command === 'backup') {
        for (const s of p.Statement.filter((x) => list(x.Action).includes('s3:DeleteObject'))) {
          for (const r of list(s.Resource)) {
            expect(r).toMatch(/\/ENV_PREFIX(\/\*\/\.claim\*|\.luneo-probe-\*)$/)
          }
        }
      }
      // Only backup and adopt write snapshots; the others write the ledger (and drill, its reports).
      if (command !== 'backup' && command !== 'adopt') {
        for (const s of p.Statement.filter((x) => list(x.Action).includes('s3:PutObject'))) {
          for (const r of list(s.Resource)) expect(r).toMatch(/\/ENV_PREFIX\/(ledger|drills)\/\*$/)
        }
      }
    })
  }
})

// Commands of DESIGN.md whose code is not in src/ yet: their policies are written ahead (the
// Terraform roles attach them, infrastructure/terraform/aws-multi-region/iam.tf), shaped like
// the command each resembles. When a command lands in src/, it moves into COMMANDS above.
// None today: list, the last, landed (issue 17).
const AHEAD: Record<string, string[]> = {}

describe('IAM policies of the commands not in src/ yet', () => {
  it('deploy/iam/ holds a policy for every command, and nothing else', async () => {
    const files = (await fs.readdir('deploy/iam')).filter((f) => f.endsWith('.json'))
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(
      [...Object.keys(COMMANDS), ...Object.keys(AHEAD)].sort()
    )
  })

  for (const [command, actions] of Object.entries(AHEAD)) {
    it(`deploy/iam/${command}.json allows what ${command} will need, within the environment`, async () => {
      const p = await policy(command)
      expect(p.Version).toBe('2012-10-17')
      const allowed = p.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action))
      expect([...new Set(allowed)].sort()).toEqual([...actions].sort())
      for (const s of p.Statement) {
        for (const r of list(s.Resource)) {
          expect(r).toMatch(/^(arn:aws:s3:::BUCKET(\/ENV_PREFIX\/.+)?|KMS_KEY_ARN)$/)
        }
      }
      // Only adopt writes into snapshot folders (their manifests); the readers, the ledger only.
      for (const s of p.Statement.filter((x) => list(x.Action).includes('s3:PutObject'))) {
        for (const r of list(s.Resource)) {
          expect(r).toMatch(command === 'adopt' ? /\/ENV_PREFIX\/\*$/ : /\/ENV_PREFIX\/ledger\/\*$/)
        }
      }
    })
  }
})
