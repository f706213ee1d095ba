import { S3Client } from '@aws-sdk/client-s3'

// A MOCK S3 client: a real S3Client whose requests a middleware answers, so the SDK's command
// classes and our code run for real while no request leaves the process. For what the S3 test
// server (RGW) cannot be made to do on demand: failures injected, requests held, AWS-only APIs.

export type Answer = (input: Record<string, unknown>) => unknown

export interface MockCall {
  command: string
  input: Record<string, unknown>
}

export function mockClient(answers: Record<string, Answer>): {
  client: S3Client
  calls: MockCall[]
} {
  const calls: MockCall[] = []
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    forcePathStyle: true,
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    maxAttempts: 1
  })
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const command = context.commandName as string
      const input = args.input as Record<string, unknown>
      calls.push({ command, input })
      const answer = answers[command]
      if (!answer) throw new Error(`mock: unexpected ${command}`)
      // An answer may be a promise: a request that takes its time.
      return { output: { $metadata: {}, ...((await answer(input)) as object) }, response: {} }
    },
    { step: 'initialize', name: 'mockS3' }
  )
  return { client, calls }
}

/** An S3 service error as the SDK throws it: name, message, HTTP status. */
export function s3Error(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status }
  })
}
