import type { S3Config } from '../config.js'
import { UserError, errorLine } from '../util/errors.js'
import { ArchivedObjectError } from './storage.js'

// S3's failures, each as the one line a user should read, naming the thing and the endpoint.

/** What a store that lacks an API answers (s3rver: ListObjectVersions 405, ListMultipartUploads 501). */
export function unsupported(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
  return (
    e.name === 'NotImplemented' ||
    e.name === 'MethodNotAllowed' ||
    e.$metadata?.httpStatusCode === 501 ||
    e.$metadata?.httpStatusCode === 405
  )
}

/** One line that says what went wrong with S3, naming the thing and the endpoint. */
export function explainS3Error(
  error: unknown,
  what: string,
  config: Pick<S3Config, 'bucket' | 'endpoint'>,
  key?: string
): UserError {
  if (error instanceof UserError) return error
  const e = error as {
    name?: string
    code?: string
    message?: string
    $metadata?: { httpStatusCode?: number }
  }
  const status = e.$metadata?.httpStatusCode
  const where = config.endpoint ? ` at ${config.endpoint}` : ''
  const code = e.code ?? (e as { cause?: { code?: string } }).cause?.code
  if (e.name === 'InvalidObjectState') {
    // GetObject on an object the lifecycle rule moved to GLACIER (README, "Lifecycle backstop").
    const object = key ? `--bucket ${config.bucket} --key ${key}` : `for ${what}`
    return new ArchivedObjectError(
      `${what} is archived (GLACIER): request a restore first, e.g. aws s3api restore-object ${object} --restore-request '{"Days":7,"GlacierJobParameters":{"Tier":"Standard"}}', for every data file of the snapshot, and run again once restored (3-5 hours; README "Lifecycle backstop")`,
      { cause: error }
    )
  }
  let reason: string
  if (e.name === 'NotImplemented' || status === 501) {
    reason = `${what}: not supported by this S3-compatible store${where} (NotImplemented)`
  } else if (e.name === 'NoSuchBucket') {
    // A listing or a read names its key; the bucket is what is missing (list, check, restore).
    reason = `S3 bucket ${config.bucket} does not exist${where}`
  } else if (e.name === 'NotFound' || (status === 404 && /bucket/i.test(what))) {
    reason = `${what} does not exist${where}`
  } else if (e.name === 'NoSuchKey' || status === 404) {
    reason = `${what} does not exist`
  } else if (status === 403 || e.name === 'AccessDenied' || e.name === 'Forbidden') {
    reason = `access denied to ${what}${where}: check the credentials and the IAM policy`
  } else if (e.name === 'CredentialsProviderError' || /credential/i.test(e.message ?? '')) {
    reason = `no AWS credentials for ${what}: ${errorLine(error)}`
  } else if (code && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EPIPE/.test(code)) {
    reason = `cannot reach S3${where || ''} for ${what}: ${code}`
  } else if (e.name === 'TimeoutError' || /timed? ?out/i.test(e.message ?? '')) {
    reason = `S3${where} did not answer in time for ${what}`
  } else {
    reason = `S3 failed for ${what}${where}: ${e.name && e.name !== 'Error' ? e.name + ': ' : ''}${errorLine(error)}`
  }
  return new UserError(reason, { cause: error })
}
