import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { requireEnv } from './run.js'

export function testS3Client(): S3Client {
  return new S3Client({
    endpoint: requireEnv('TEST_S3_ENDPOINT'),
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: {
      accessKeyId: requireEnv('AWS_ACCESS_KEY_ID'),
      secretAccessKey: requireEnv('AWS_SECRET_ACCESS_KEY')
    },
    // RGW answers 411 MissingContentLength to the SDK's default streamed checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED'
  })
}

export async function listKeys(prefix: string): Promise<string[]> {
  const res = await testS3Client().send(
    new ListObjectsV2Command({ Bucket: requireEnv('TEST_S3_BUCKET'), Prefix: prefix })
  )
  return (res.Contents ?? []).map((o) => o.Key ?? '')
}

/** Inputs that point the action at the test bucket on RGW (versioned, with Object Lock). */
export function s3Inputs(): Record<string, string> {
  return {
    's3-bucket': requireEnv('TEST_S3_BUCKET'),
    's3-endpoint': requireEnv('TEST_S3_ENDPOINT'),
    's3-force-path-style': 'true'
  }
}
