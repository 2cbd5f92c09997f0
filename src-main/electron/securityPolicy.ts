// The desktop shell's security policy, as data and plain functions that app.ts applies (Electron's security
// checklist, https://www.electronjs.org/docs/latest/tutorial/security). Free of 'electron' at run time so it is
// tested in plain Node; the runtime test (tests/e2e/electron.test.ts) checks the real window and session.
import { extname, join, normalize, sep } from 'node:path'
import type { BrowserWindowConstructorOptions, CustomScheme, WebPreferences } from 'electron'
import { CONTENT_TYPES } from '../host/contentTypes'

/**
 * The workbench is served from its own privileged scheme rather than file:// (checklist item 18): its pages get
 * an origin of their own, which cannot read other local files, and every response carries our CSP header
 * (headers cannot be set on file:// responses).
 */
export const APP_SCHEME = 'bugscope'
export const APP_ORIGIN = `${APP_SCHEME}://app`
export const APP_PAGE = `${APP_ORIGIN}/index.html`

// `standard` gives the scheme real origins and relative URLs; `secure` makes them a secure context; `supportFetchAPI`
// and `corsEnabled` let the page load its own module scripts. No `bypassCSP`.
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
}

/**
 * The Content-Security-Policy of every workbench page in the desktop app (a header on each response of the app
 * scheme). Only the app's own scripts, styles and fonts; no remote anything, no eval, no plugins, no frames, no
 * forms. Inline styles stay: CodeMirror and React set style attributes. index.html's meta policy is the looser
 * one browser mode needs (a WebSocket to its server); a page enforces both, so the desktop gets this one.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** The webPreferences every Bugscope window must have, whatever else it sets. */
export const REQUIRED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
} as const satisfies WebPreferences

/** The workbench window: the renderer reaches the host only through the preload's contract. */
export function workbenchWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    title: 'Bugscope',
    backgroundColor: '#1e1e1e',
    show: false,
    webPreferences: { ...REQUIRED_WEB_PREFERENCES, preload, navigateOnDragDrop: false, safeDialogs: true, spellcheck: false },
  }
}

/** What in a window's webPreferences breaks the policy (none: []). Reads the options given or the live ones. */
export function webPreferenceViolations(prefs: Record<string, unknown> | undefined): string[] {
  if (!prefs) return ['no webPreferences']
  return Object.entries(REQUIRED_WEB_PREFERENCES)
    .filter(([key, wanted]) => prefs[key] !== wanted)
    .map(([key, wanted]) => `${key} is ${JSON.stringify(prefs[key])}, must be ${wanted}`)
}

/** A page of the workbench: the app scheme, or in `npm run dev` the dev server's origin. */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  const parsed = parseUrl(url)
  if (!parsed) return false
  if (originOf(parsed) === APP_ORIGIN) return true
  const dev = devServerUrl ? parseUrl(devServerUrl) : null
  return !!dev && originOf(parsed) === originOf(dev)
}

/** Navigation (links, redirects, `location = …`) may only stay on the workbench. */
export function mayNavigate(url: string, devServerUrl?: string): boolean {
  return isAppUrl(url, devServerUrl)
}

/**
 * No remote content: the session cancels every request that is not the app's own (or the dev server's, and its
 * hot-reload WebSocket). data: and blob: never leave the process; devtools: is Chromium's own.
 */
export function mayRequest(url: string, devServerUrl?: string): boolean {
  const parsed = parseUrl(url)
  if (!parsed) return false
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'devtools:') return true
  if (isAppUrl(url, devServerUrl)) return true
  const dev = devServerUrl ? parseUrl(devServerUrl) : null
  return !!dev && (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') && parsed.host === dev.host
}

/** Permissions (camera, notifications, geolocation, clipboard reads, …): the workbench needs none. */
export function mayGrantPermission(_permission: string): boolean {
  return false
}

/**
 * Whether the OS keychain really protects what safeStorage encrypts. On Linux without a secret service Chromium
 * falls back to 'basic_text', a key built into every copy of Chromium: that is plain text in effect, so tokens are
 * not kept at all there (the user types them again).
 */
export function keychainProtects(encryptionAvailable: boolean, linuxBackend?: string): boolean {
  if (!encryptionAvailable) return false
  return linuxBackend === undefined || (linuxBackend !== 'basic_text' && linuxBackend !== 'unknown')
}

/** The file under `rendererDir` that an app-scheme URL names, or null (another host, or outside the folder). */
export function appFileFor(url: string, rendererDir: string): string | null {
  const parsed = parseUrl(url)
  if (!parsed || originOf(parsed) !== APP_ORIGIN) return null
  let path: string
  try {
    path = decodeURIComponent(parsed.pathname)
  } catch {
    return null
  }
  if (path.includes('\0')) return null
  const root = normalize(rendererDir)
  const file = normalize(join(root, path === '/' ? 'index.html' : path))
  return file.startsWith(root + sep) ? file : null
}

/** Headers of every app-scheme response: its type, the CSP, and no MIME sniffing. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  }
}

// WHATWG URL gives schemes it does not know (ours) an opaque origin, "null"; Chromium, told the scheme is standard,
// gives scheme://host. Compare that.
function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}
