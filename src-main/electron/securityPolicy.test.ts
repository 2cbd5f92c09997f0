import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  APP_PAGE,
  appFileFor,
  appResponseHeaders,
  CONTENT_SECURITY_POLICY,
  keychainProtects,
  mayGrantPermission,
  mayNavigate,
  mayRequest,
  webPreferenceViolations,
  workbenchWindowOptions,
} from './securityPolicy'

/** A CSP as a map from directive to its sources. */
export function parseCsp(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  )
}

describe('workbench window options', () => {
  const options = workbenchWindowOptions('/app/out/preload/index.cjs')

  it('isolate the page: context isolation, sandbox, no Node, no webview tag, web security on', () => {
    const prefs = options.webPreferences!
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    })
    expect(webPreferenceViolations(prefs as Record<string, unknown>)).toEqual([])
  })

  it('a window missing any of them is reported, setting by setting', () => {
    expect(webPreferenceViolations({ ...options.webPreferences, nodeIntegration: true, webviewTag: true })).toEqual([
      'nodeIntegration is true, must be false',
      'webviewTag is true, must be false',
    ])
    expect(webPreferenceViolations(undefined)).toEqual(['no webPreferences'])
  })
})

describe('Content-Security-Policy', () => {
  const csp = parseCsp(CONTENT_SECURITY_POLICY)

  it('allows only the app itself: no remote hosts, no eval, no inline script, no plugins, frames or forms', () => {
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('connect-src')).toEqual(["'self'"])
    for (const directive of ['object-src', 'frame-src', 'worker-src', 'base-uri', 'form-action', 'frame-ancestors']) {
      expect(csp.get(directive), directive).toEqual(["'none'"])
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|wss?:|\*/)
  })

  it('rides on every app response, with no MIME sniffing', () => {
    for (const file of ['/r/index.html', '/r/assets/index.js', '/r/assets/index.css', '/r/font.woff2']) {
      expect(appResponseHeaders(file)).toMatchObject({ 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' })
    }
    expect(appResponseHeaders('/r/index.html')['Content-Type']).toBe('text/html; charset=utf-8')
    expect(appResponseHeaders('/r/assets/index.js')['Content-Type']).toBe('text/javascript; charset=utf-8')
  })

  it("index.html's own policy (the one browser mode also needs) is strict too", () => {
    const html = readFileSync(resolve(import.meta.dirname, '../../src-renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(meta, 'index.html has a CSP meta tag').not.toBeNull()
    const page = parseCsp(meta![1])
    expect(page.get('script-src')).toEqual(["'self'"])
    expect(page.get('object-src')).toEqual(["'none'"])
    expect(page.get('base-uri')).toEqual(["'none'"])
    // Only the local browser-mode server's WebSocket besides the page itself.
    expect(page.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:*', 'ws://localhost:*'])
    expect(meta![1]).not.toMatch(/unsafe-eval|https?:/)
  })
})

describe('navigation, requests and permissions', () => {
  const dev = 'http://localhost:5173'

  it('navigation stays on the workbench', () => {
    expect(mayNavigate(APP_PAGE)).toBe(true)
    expect(mayNavigate('bugscope://app/index.html#x')).toBe(true)
    for (const url of ['https://example.com/', 'http://127.0.0.1:8000/', 'file:///etc/passwd', 'bugscope://other/index.html', 'javascript:alert(1)', 'about:blank', '']) {
      expect(mayNavigate(url), url).toBe(false)
    }
    expect(mayNavigate('http://localhost:5173/', dev)).toBe(true)
    expect(mayNavigate('http://localhost:5173/')).toBe(false)
  })

  it('no remote content: only app, data and blob URLs (and the dev server in development) load', () => {
    for (const url of [APP_PAGE, 'bugscope://app/assets/index.js', 'data:image/png;base64,AAAA', 'blob:bugscope://app/1234', 'devtools://devtools/bundled/inspector.html']) {
      expect(mayRequest(url), url).toBe(true)
    }
    for (const url of ['https://example.com/x.js', 'http://127.0.0.1:5199/ipc', 'ws://127.0.0.1:5199/ipc', 'file:///etc/hosts', 'ftp://example.com/']) {
      expect(mayRequest(url), url).toBe(false)
    }
    expect(mayRequest('http://localhost:5173/src/main.tsx', dev)).toBe(true)
    expect(mayRequest('ws://localhost:5173/', dev)).toBe(true)
    expect(mayRequest('ws://localhost:5174/', dev)).toBe(false)
  })

  it('every permission is denied', () => {
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) expect(mayGrantPermission(p)).toBe(false)
  })

  it("tokens are kept only where the keychain protects them, not under Linux's built-in basic_text key", () => {
    expect(keychainProtects(true)).toBe(true)
    expect(keychainProtects(true, 'gnome_libsecret')).toBe(true)
    expect(keychainProtects(true, 'kwallet6')).toBe(true)
    expect(keychainProtects(true, 'basic_text')).toBe(false)
    expect(keychainProtects(true, 'unknown')).toBe(false)
    expect(keychainProtects(false)).toBe(false)
  })
})

describe('app scheme files', () => {
  const root = join('/opt', 'Bugscope', 'out', 'renderer')

  it('maps app URLs into the renderer folder, / to index.html', () => {
    expect(appFileFor('bugscope://app/', root)).toBe(join(root, 'index.html'))
    expect(appFileFor('bugscope://app/index.html?x=1#y', root)).toBe(join(root, 'index.html'))
    expect(appFileFor('bugscope://app/assets/index-B1.js', root)).toBe(join(root, 'assets', 'index-B1.js'))
  })

  it('refuses other hosts and anything outside the folder', () => {
    expect(appFileFor('bugscope://other/index.html', root)).toBeNull()
    expect(appFileFor('https://app/index.html', root)).toBeNull()
    expect(appFileFor('bugscope://app/..%2f..%2fpackage.json', root)).toBeNull()
    // URL parsing already folds dot segments at the root: they cannot climb out.
    expect(appFileFor('bugscope://app/%2e%2e/%2e%2e/main/index.js', root)).toBe(join(root, 'main', 'index.js'))
    expect(appFileFor('bugscope://app/a%00b', root)).toBeNull()
    expect(appFileFor('bugscope://app/%E0%A4%A', root)).toBeNull()
  })
})
