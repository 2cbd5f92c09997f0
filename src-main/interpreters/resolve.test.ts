import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveInterpreter } from './resolve'

describe('resolveInterpreter', () => {
  it('finds python3 on PATH when the setting is empty', () => {
    expect(resolveInterpreter('')).toMatch(/python3$/)
  })

  it('names the missing interpreter and says where to fix it', () => {
    expect(() => resolveInterpreter('/no/such/python')).toThrow('Python interpreter not found: /no/such/python does not exist or is not executable. Fix the path in the Python field.')
  })

  it('refuses a bare name that is not on PATH', () => {
    expect(() => resolveInterpreter('python-does-not-exist', '/', '/nonexistent')).toThrow(/was not found on PATH/)
  })

  it('resolves a relative path against the working directory and requires it to be executable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bugscope-interp-'))
    const fake = join(dir, 'py')
    writeFileSync(fake, '#!/bin/sh\n')
    expect(() => resolveInterpreter('./py', dir)).toThrow(/not executable/)
    chmodSync(fake, 0o755)
    expect(resolveInterpreter('./py', dir)).toBe(fake)
  })
})
