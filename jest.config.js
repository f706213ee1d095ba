// Jest runs the TypeScript sources as ESM (see DESIGN.md, "Runtime and toolchain").
/** @type {import('ts-jest').JestConfigWithTsJest} **/
export default {
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js'],
  preset: 'ts-jest',
  resolver: 'ts-jest-resolver',
  testEnvironment: 'node',
  testMatch: ['**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/dist/', '/node_modules/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true }]
  },
  // Integration tests share one PostgreSQL, Redis and S3 server: run files one at a time.
  maxWorkers: 1,
  testTimeout: 120000,
  verbose: true
}
