// Jest runs the TypeScript sources as ESM (see DESIGN.md, "Runtime and toolchain"). Two projects:
// unit tests (no servers) run in parallel; integration tests share one PostgreSQL, Redis and S3
// server and run one file at a time (scripts/test.sh runs them as two jest runs, since jest's
// maxWorkers is global, not per project).
/** @type {import('jest').Config} **/
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js'],
  resolver: 'ts-jest-resolver',
  testEnvironment: 'node',
  testPathIgnorePatterns: ['/dist/', '/node_modules/'],
  transform: {
    '^.+\\.ts$': '<rootDir>/test/helpers/stripTypes.js'
  }
}

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/unitScratch.js',
      setupFilesAfterEnv: ['<rootDir>/test/helpers/bufferEquality.ts']
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts']
    }
  ],
  // A single file or a plain `jest` runs everything one file at a time, as before.
  maxWorkers: 1,
  testTimeout: 120000,
  verbose: true
}
