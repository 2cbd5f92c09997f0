import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isTrustedSender, senderChecked } from './trust'

describe('isTrustedSender', () => {
  it('trusts the workbench page on the app scheme', () => {
    expect(isTrustedSender('bugscope://app/index.html')).toBe(true)
  })
  it('refuses local files, web pages, other app hosts and missing URLs', () => {
    expect(isTrustedSender('file:///opt/Bugscope/resources/app.asar/out/renderer/index.html')).toBe(false)
    expect(isTrustedSender('file:///tmp/evil.html')).toBe(false)
    expect(isTrustedSender('https://example.com/renderer/index.html')).toBe(false)
    expect(isTrustedSender('bugscope://evil/index.html')).toBe(false)
    expect(isTrustedSender(undefined)).toBe(false)
    expect(isTrustedSender('not a url')).toBe(false)
  })
  it('trusts the dev server origin only when one is configured', () => {
    expect(isTrustedSender('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isTrustedSender('http://localhost:5173/')).toBe(false)
  })
})

describe('senderChecked', () => {
  const handler = senderChecked(undefined, (a: number, b: number) => a + b)
  const top = { url: 'bugscope://app/index.html', parent: null }

  it('runs the handler for the workbench top frame', () => {
    expect(handler({ senderFrame: top }, 2, 3)).toBe(5)
  })
  it('refuses a sub-frame, a foreign page and a frame that has gone', () => {
    expect(() => handler({ senderFrame: { url: top.url, parent: top } }, 1, 1)).toThrow(/untrusted frame/)
    expect(() => handler({ senderFrame: { url: 'https://example.com/', parent: null } }, 1, 1)).toThrow(/untrusted frame/)
    expect(() => handler({ senderFrame: null }, 1, 1)).toThrow(/untrusted frame/)
  })
})

describe('IPC handlers in the Electron shell', () => {
  it('every handler registered in src-main/electron checks its sender frame', () => {
    const dir = import.meta.dirname
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    const registrations: string[] = []
    for (const file of sources) {
      const text = readFileSync(join(dir, file), 'utf8')
      for (const m of text.matchAll(/ipcMain\.(handle|handleOnce|on|once|addListener)\(([^\n]*)/g)) registrations.push(`${file}: ${m[0]}`)
    }
    expect(registrations.length).toBeGreaterThan(0)
    for (const r of registrations) expect(r, r).toMatch(/ipcMain\.\w+\(\s*[\w.]+\s*,\s*senderChecked\(/)
  })
})
