import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { randomBytes } from 'node:crypto'
import type { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { runSignal } from '../util/cancel.js'
import { errorLine } from '../util/errors.js'
import type { S3Bucket } from './s3Client.js'
import { unsupported } from './s3Errors.js'
import { CLAIM_NAME, tokenOf, type ClaimHolder } from './storage.js'

// One writer per snapshot folder on S3 (Storage.claim): a conditional PUT where the store
// honours If-None-Match, claim-then-list where it does not (RGW on a versioned bucket, MinIO
// before 2024, ...).

/** How often a claim-then-list claimant with the lowest token looks again for rivals to withdraw. */
const CLAIM_LOOKS = 5
const CLAIM_LOOK_MS = 200
/** AWS answers 409 ConditionalRequestConflict to a conditional PUT racing another: retry it. */
const CONFLICT_RETRIES = 5

export class S3Claims {
  constructor(private readonly s3: S3Bucket) {}

  /**
   * Whether the store honours `If-None-Match: *` on PUT (AWS does; some S3-compatible stores
   * ignore it and answer 200): probed once per run, on the first claim.
   */
  private conditionalWrites: Promise<boolean> | undefined

  /**
   * One writer per snapshot folder. Where the store honours conditional writes, the claim is a
   * `.claim` object created with If-None-Match (a second claimant gets 412). Elsewhere it is
   * claim-then-list: each claimant writes `.claim-<token>` and lists the folder; it holds the
   * folder only when it sees its own claim alone. A claimant that sees rivals withdraws, except
   * the lowest token, which looks again a few times for the others to withdraw. Two runs can
   * never both see themselves alone, so at most one wins; a folder holding anything else
   * (another run's data, an older snapshot) is never claimed.
   */
  async claim(prefix: string, holder: ClaimHolder): Promise<boolean> {
    const body = JSON.stringify(holder) + '\n'
    if (await this.honoursConditionalWrites(prefix)) {
      const key = prefix + CLAIM_NAME
      // A 412 may answer the SDK's retry of our own PUT whose first answer was lost: read it.
      if (!(await this.putIfAbsent(key, body)) && !(await this.claimStands(prefix, holder))) {
        return false
      }
      if ((await this.keysUnder(prefix)).every((k) => k === key)) return true
      await this.deleteClaim(key)
      return false
    }
    const mine = `${prefix}${CLAIM_NAME}-${holder.token}`
    await this.putSmall(mine, body)
    for (let look = 0; ; look++) {
      const others = (await this.keysUnder(prefix)).filter((k) => k !== mine)
      if (others.length === 0) return true
      const lowest = others.every((k) => k.startsWith(`${prefix}${CLAIM_NAME}-`) && k > mine)
      if (!lowest || look >= CLAIM_LOOKS) {
        await this.deleteClaim(mine)
        return false
      }
      await sleep(CLAIM_LOOK_MS, undefined, { signal: runSignal })
    }
  }

  async claimStands(prefix: string, holder: ClaimHolder): Promise<boolean> {
    if (await this.honoursConditionalWrites(prefix)) {
      const key = prefix + CLAIM_NAME
      let body: Buffer
      try {
        const res = await this.s3.client.send(
          new GetObjectCommand({ Bucket: this.s3.config.bucket, Key: this.s3.base + key })
        )
        body = Buffer.concat(await (res.Body as Readable).toArray())
      } catch (error) {
        // Gone is an answer; a timeout or a refusal is not, and must not pass for one.
        const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
        if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return false
        throw this.s3.explain(error, this.s3.uriOf(key))
      }
      return tokenOf(body.toString('utf8')) === holder.token
    }
    return (await this.keysUnder(prefix)).includes(`${prefix}${CLAIM_NAME}-${holder.token}`)
  }

  async release(prefix: string, holder: ClaimHolder): Promise<void> {
    if (!(await this.claimStands(prefix, holder))) return
    const conditional = await this.honoursConditionalWrites(prefix)
    await this.deleteClaim(
      conditional ? prefix + CLAIM_NAME : `${prefix}${CLAIM_NAME}-${holder.token}`
    )
  }

  /** A probe key written twice with If-None-Match: the second write must be refused. */
  private honoursConditionalWrites(prefix: string): Promise<boolean> {
    this.conditionalWrites ??= (async () => {
      // Beside the environment's folder (`<environment>.luneo-probe-<token>`), not in it: a store
      // that removes a folder once emptied (s3rver) must not remove one another run writes into.
      const environment = prefix.replace(/\/[^/]+\/$/, '')
      const probe = `${environment}.luneo-probe-${randomBytes(8).toString('hex')}`
      try {
        await this.putIfAbsent(probe, 'probe\n')
        const honoured = !(await this.putIfAbsent(probe, 'probe\n'))
        if (!honoured) {
          this.s3.log.info(
            `${this.s3.config.endpoint ?? 'S3'} ignores If-None-Match on PUT: snapshot folders are claimed by claim-then-list`
          )
        }
        return honoured
      } catch (error) {
        if (!unsupported(error) && (error as { name?: string }).name !== 'InvalidArgument')
          throw error
        this.s3.log.info(
          `${this.s3.config.endpoint ?? 'S3'} refuses conditional PUTs (${(error as Error).name}): snapshot folders are claimed by claim-then-list`
        )
        return false
      } finally {
        await this.deleteClaim(probe).catch((error: unknown) =>
          this.s3.log.warning(
            `could not delete the probe object ${this.s3.uriOf(probe)}: ${errorLine(error)}`
          )
        )
      }
    })()
    return this.conditionalWrites
  }

  /** PUT unless the key exists: false on 412; a 409 (a racing conditional PUT) is retried. */
  private async putIfAbsent(key: string, body: string): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.putSmall(key, body, '*')
        return true
      } catch (error) {
        const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
        const status = e.$metadata?.httpStatusCode
        if (status === 412 || e.name === 'PreconditionFailed') return false
        if (
          (status === 409 || e.name === 'ConditionalRequestConflict') &&
          attempt < CONFLICT_RETRIES
        ) {
          await sleep(50 * 2 ** attempt)
          continue
        }
        throw error
      }
    }
  }

  /** A small object in one PUT (claims, probes), encrypted like everything else. */
  private async putSmall(key: string, body: string, ifNoneMatch?: '*'): Promise<void> {
    try {
      await this.s3.client.send(
        new PutObjectCommand({
          Bucket: this.s3.config.bucket,
          Key: this.s3.base + key,
          Body: body,
          ContentType: 'application/json',
          ...(ifNoneMatch ? { IfNoneMatch: ifNoneMatch } : {}),
          ...this.s3.encryption()
        })
      )
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
      // The claim's own outcomes go back to the caller as they are; anything else in one line.
      if (
        ifNoneMatch &&
        (e.$metadata?.httpStatusCode === 412 ||
          e.$metadata?.httpStatusCode === 409 ||
          unsupported(error) ||
          e.name === 'InvalidArgument')
      )
        throw error
      throw this.s3.explain(error, this.s3.uriOf(key))
    }
  }

  /**
   * Remove a claim or probe object by key alone: the writer's role may delete only those
   * (deploy/iam/backup.json), and never an object version, so it can hide nothing for good. In a
   * versioned bucket the tiny old version stays until the lifecycle rule for noncurrent versions.
   */
  private async deleteClaim(key: string): Promise<void> {
    try {
      await this.s3.client.send(
        new DeleteObjectCommand({ Bucket: this.s3.config.bucket, Key: this.s3.base + key })
      )
    } catch (error) {
      throw this.s3.explain(error, this.s3.uriOf(key))
    }
  }

  private async keysUnder(prefix: string): Promise<string[]> {
    const keys: string[] = []
    for await (const o of this.s3.list(prefix)) keys.push(o.key)
    return keys
  }
}
