import { createHash } from 'node:crypto'
import { buildConfig, type RawInputs } from '../../src/config.js'

// Shared by the uploads backup and restore tests.

export function config(raw: RawInputs) {
  return buildConfig({ environment: 'test', ...raw }, {})
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

/** Whole-second mtimes (as tar keeps them), different per file. */
export const fixedTime = (i: number) => new Date(Date.UTC(2021, 0, 1 + (i % 300), 12, 0, i % 60))
