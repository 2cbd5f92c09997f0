import { describe, expect, it } from 'vitest'
import { isTrustedSender } from './trust'

describe('isTrustedSender', () => {
  it('trusts the packaged workbench page', () => {
    expect(isTrustedSender('file:///opt/Bugscope/resources/app.asar/out/renderer/index.html')).toBe(true)
  })
  it('refuses other local files, web pages and missing URLs', () => {
    expect(isTrustedSender('file:///tmp/evil.html')).toBe(false)
    expect(isTrustedSender('https://example.com/renderer/index.html')).toBe(false)
    expect(isTrustedSender(undefined)).toBe(false)
    expect(isTrustedSender('not a url')).toBe(false)
  })
  it('trusts the dev server origin only when one is configured', () => {
    expect(isTrustedSender('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isTrustedSender('http://localhost:5173/')).toBe(false)
  })
})
