import { describe, expect, it } from '@jest/globals'
import { archivePath, linkProblem } from '../../src/sources/uploads/paths.js'

// The archive path rules the uploads restore applies to the index and to every archive entry.

describe('uploads restore: path rules', () => {
  it('archivePath strips the root and refuses what escapes', () => {
    expect(archivePath('uploads/', 'uploads')).toEqual({ rel: '' })
    expect(archivePath('uploads/a/./b//c', 'uploads')).toEqual({ rel: 'a/b/c' })
    expect(archivePath('./uploads/a', 'uploads')).toEqual({ rel: 'a' })
    expect(archivePath('uploads/a/../b', 'uploads')).toHaveProperty('problem')
    expect(archivePath('/uploads/a', 'uploads')).toHaveProperty('problem')
    expect(archivePath('other/a', 'uploads')).toHaveProperty('problem')
    expect(archivePath('uploads/a\0b', 'uploads')).toHaveProperty('problem')
  })

  it('linkProblem resolves like the kernel, through other links of the tree', () => {
    const none = () => undefined
    expect(linkProblem('a/l', '../b', none)).toBeUndefined()
    expect(linkProblem('a/l', '../../b', none)).toMatch(/outside/)
    expect(linkProblem('l', '/etc', none)).toMatch(/absolute/)
    expect(linkProblem('l', 'x/../y', none)).toBeUndefined()
    const links = new Map([
      ['d/up', '..'],
      ['deep', 'a/b/c']
    ])
    expect(linkProblem('l', 'd/up/x', (p) => links.get(p))).toBeUndefined()
    expect(linkProblem('l', 'd/up/..', (p) => links.get(p))).toMatch(/outside/)
    expect(linkProblem('l', 'deep/../../..', (p) => links.get(p))).toBeUndefined()
    expect(linkProblem('l', 'deep/../../../..', (p) => links.get(p))).toMatch(/outside/)
  })
})
