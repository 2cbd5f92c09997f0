// The real desktop app, driven by playwright-core's Electron support. Skipped, with the reason
// printed, where the Electron binary has not been downloaded (no internet on that machine).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_PAGE, CONTENT_SECURITY_POLICY, keychainProtects, webPreferenceViolations } from '../../src-main/electron/securityPolicy'

const repoRoot = resolve(import.meta.dirname, '..', '..')

function electronBinary(): string | null {
  const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const bin = join(dist, readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? bin : null
}

const bin = electronBinary()
if (!bin) console.log('electron e2e skipped: the Electron binary is not downloaded here (run `npx install-electron` on a machine with internet).')

/** What these tests use of the page's globals (the tests are typed for Node, without the DOM library). */
interface PageGlobals {
  bugscope: { transport: string; openFolder(p: string): Promise<{ root: string }>; attachChoices(): Promise<{ canStoreTokens: boolean }> }
  location: { href: string }
  document: { createElement(tag: string): { textContent: string | null }; head: { append(node: unknown): void } }
  customElements: { get(name: string): unknown }
  open(url: string): unknown
  fetch(url: string): Promise<{ headers: { get(name: string): string | null } }>
  Notification: { requestPermission(): Promise<string> }
  navigator: { permissions: { query(d: { name: string }): Promise<{ state: string }> }; mediaDevices?: { getUserMedia(c: object): Promise<unknown> } }
  __inlineRan?: boolean
}

describe.skipIf(!bin)('desktop app', () => {
  let app: ElectronApplication | undefined
  let page: Page

  beforeAll(async () => {
    const state = mkdtempSync(join(tmpdir(), 'bugscope-electron-'))
    app = await electron.launch({ executablePath: bin!, args: [repoRoot, `--user-data-dir=${state}`], env: { ...process.env, ELECTRON_ENABLE_LOGGING: '0' } })
    page = await app.firstWindow()
    await page.waitForSelector('[data-testid="btn-open-folder"]')
  })

  afterAll(async () => {
    await app?.close()
  })

  it('opens the workbench window with a sandboxed, context-isolated renderer and reaches the host', async () => {
    const project = mkdtempSync(join(tmpdir(), 'bugscope-electron-project-'))
    writeFileSync(join(project, 'main.py'), 'x = 41\nprint(x + 1)\n')
    // The renderer reaches the host only through the preload's contract: no Node in the page.
    expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined')
    expect(await page.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe('undefined')
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).bugscope.transport)).toBe('electron')
    const workspace = await page.evaluate((dir) => (globalThis as unknown as PageGlobals).bugscope.openFolder(dir), project)
    expect(workspace.root).toBe(project)
  })

  it('the live window has every required webPreference: context isolation, sandbox, no Node, no webview tag', async () => {
    // getLastWebPreferences: what the renderer was really created with (undocumented, but Electron's own tests use it).
    const prefs = await app!.evaluate(({ BrowserWindow }) => {
      const wc = BrowserWindow.getAllWindows()[0].webContents as unknown as { getLastWebPreferences?(): unknown }
      return typeof wc.getLastWebPreferences === 'function' ? (JSON.parse(JSON.stringify(wc.getLastWebPreferences())) as Record<string, unknown>) : null
    })
    expect(prefs, 'webContents.getLastWebPreferences() is gone from this Electron').not.toBeNull()
    expect(webPreferenceViolations(prefs!)).toEqual([])
    expect(await page.evaluate(() => typeof (globalThis as unknown as PageGlobals).customElements.get('webview'))).toBe('undefined')
  })

  it('the page comes from the app scheme with the strict CSP, which blocks inline script and remote content', async () => {
    expect(page.url()).toBe(APP_PAGE)
    const csp = await page.evaluate(async () => {
      const w = globalThis as unknown as PageGlobals
      return (await w.fetch(w.location.href)).headers.get('content-security-policy')
    })
    expect(csp).toBe(CONTENT_SECURITY_POLICY)
    const inline = await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals
      const script = w.document.createElement('script')
      script.textContent = 'globalThis.__inlineRan = true'
      w.document.head.append(script)
      return w.__inlineRan ?? false
    })
    expect(inline).toBe(false)
    for (const url of ['https://example.com/', 'http://127.0.0.1:9/', 'file:///etc/hostname']) {
      expect(await page.evaluate((u) => (globalThis as unknown as PageGlobals).fetch(u).then(() => 'loaded', () => 'refused'), url), url).toBe('refused')
    }
  })

  it('navigation away and window.open are refused', async () => {
    await page.evaluate(() => {
      ;(globalThis as unknown as PageGlobals).location.href = 'https://example.com/'
    })
    await page.waitForTimeout(500)
    expect(page.url()).toBe(APP_PAGE)
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/') === null)).toBe(true)
    expect(await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
  })

  it('every permission request is denied', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).Notification.requestPermission())).toBe('denied')
    expect(await page.evaluate(async () => (await (globalThis as unknown as PageGlobals).navigator.permissions.query({ name: 'geolocation' })).state)).toBe('denied')
    const media = await page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.mediaDevices?.getUserMedia({ audio: true }).then(() => 'granted', () => 'denied') ?? 'denied')
    expect(media).toBe('denied')
  })

  it('attach tokens are stored only through safeStorage, and only where the keychain protects them', async () => {
    const keychain = await app!.evaluate(({ safeStorage }) => ({
      available: safeStorage.isEncryptionAvailable(),
      backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
    }))
    const choices = await page.evaluate(() => (globalThis as unknown as PageGlobals).bugscope.attachChoices())
    expect(choices.canStoreTokens).toBe(keychainProtects(keychain.available, keychain.backend))
  })
})
