import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { requireEnv } from './run.js'

export function testS3Client(): S3Client {
  return new S3Client({
    endpoint: requireEnv('TEST_S3_ENDPOINT'),
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
  })
}

export async function listKeys(prefix: string): Promise<string[]> {
  const res = await testS3Client().send(
    new ListObjectsV2Command({ Bucket: requireEnv('TEST_S3_BUCKET'), Prefix: prefix })
  )
  return (res.Contents ?? []).map((o) => o.Key ?? '')
}

/** Inputs that point the action at the s3rver test bucket. */
export function s3Inputs(): Record<string, string> {
  return {
    's3-bucket': requireEnv('TEST_S3_BUCKET'),
    's3-endpoint': requireEnv('TEST_S3_ENDPOINT'),
    's3-force-path-style': 'true'
  }
}
