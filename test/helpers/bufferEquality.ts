import { expect } from '@jest/globals'

// toEqual on two Buffers compares their bytes, as jest's own walk over every index does, but in
// one Buffer.equals call: jest lists and compares a 200 kB buffer's keys one by one, which was
// most of test/unit/age-stream.test.ts's time. Anything else falls through to jest's equality.
// The unit project loads this file before each test file (jest.config.js, setupFilesAfterEnv).
expect.addEqualityTesters([
  (a: unknown, b: unknown) => (Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : undefined)
])
