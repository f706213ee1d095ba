import { describe, expect, it } from '@jest/globals'
import { addSecret, redact } from '../../src/util/redact.js'
import { errorLine } from '../../src/util/errors.js'

describe('redact', () => {
  it('hides the password of any URL', () => {
    expect(redact('failed: postgresql://app:hunter2@db:5432/x and rediss://:pw@r:6380')).toBe(
      'failed: postgresql://app:***@db:5432/x and rediss://:***@r:6380'
    )
  })

  it('hides registered secrets and their URL-encoded form', () => {
    addSecret('p@ss/word')
    expect(redact('auth p@ss/word failed, p%40ss%2Fword too')).toBe('auth *** failed, *** too')
  })

  it('errorLine keeps one redacted line', () => {
    expect(errorLine(new Error('bad postgresql://u:zz@h/d\nstack'))).toBe(
      'bad postgresql://u:***@h/d'
    )
  })
})
