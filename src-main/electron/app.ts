// The only code that imports 'electron': window, IPC binding and the native dialog. Everything it
// serves comes from the plain-Node host; the security policy it applies is in ./securityPolicy.ts.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  session,
  shell,
  type Session,
  type WebContents,
} from 'electron'
import { IPC_INVOKE, IPC_SESSION_EVENT, IPC_SHELL_EVENT } from '../../src-preload/contract'
import { callHost } from '../host/bridge'
import { createHost, type Host } from '../host/host'
import { checkPython, PYTHON_DOWNLOAD_URL } from '../interpreters/probe'
import {
  APP_PAGE,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appFileFor,
  appResponseHeaders,
  keychainProtects,
  mayGrantPermission,
  mayNavigate,
  mayRequest,
  workbenchWindowOptions,
} from './securityPolicy'
import { senderChecked } from './trust'
import { unsavedChangesQuestion } from './unsavedChanges'

let host: Host | null = null
let mainWindow: BrowserWindow | null = null
/** `npm run dev` only: the renderer comes from electron-vite's dev server. */
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL

/** The tracer: shipped as an extra resource in the installed app (electron-builder.yml), `<repo>/python` otherwise. */
function resourcePath(name: string): string {
  return app.isPackaged ? join(process.resourcesPath, name) : join(app.getAppPath(), name)
}

/** Serves out/renderer on the app scheme, every response with the CSP header. */
function serveWorkbench(): void {
  const rendererDir = join(import.meta.dirname, '../renderer')
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appFileFor(request.url, rendererDir)
    const body = file ? await readFile(file).catch(() => null) : null
    if (!file || !body) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })
    return new Response(body, { status: 200, headers: appResponseHeaders(file) })
  })
}

/** No remote content and no permissions, for every page of the session. */
function hardenSession(ses: Session): void {
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !mayRequest(details.url, devServerUrl) }))
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(mayGrantPermission(permission)))
  ses.setPermissionCheckHandler((_contents, permission) => mayGrantPermission(permission))
  ses.setDevicePermissionHandler(() => false)
}

/** Every web contents (windows, and anything a page might try to create): no navigation away, no new windows, no webviews. */
function hardenContents(contents: WebContents): void {
  const refuseNavigation = (event: { url: string; preventDefault(): void }) => {
    if (!mayNavigate(event.url, devServerUrl)) event.preventDefault()
  }
  contents.on('will-frame-navigate', refuseNavigation)
  contents.on('will-redirect', refuseNavigation)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  // The workbench opens no windows; links to the web are not followed.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(workbenchWindowOptions(join(import.meta.dirname, '../preload/index.cjs')))
  win.once('ready-to-show', () => win.show())
  // The page armed beforeunload: editors have unsaved changes (src-renderer/workbench/unsavedGuard.ts). Electron
  // asks nothing by itself; preventDefault() here lets the page unload after all.
  win.webContents.on('will-prevent-unload', (event) => {
    if (dialog.showMessageBoxSync(win, unsavedChangesQuestion(host?.unsavedFileCount() ?? 0)) === 0) event.preventDefault()
  })
  void win.loadURL(devServerUrl ?? APP_PAGE)
  return win
}

/** First run on a machine without Python: say so, and how to get one, instead of failing at the first F5. */
async function warnWithoutPython(win: BrowserWindow, setting: string): Promise<void> {
  const check = await checkPython(setting)
  if (check.ok || win.isDestroyed()) return
  const { response } = await dialog.showMessageBox(win, {
    type: 'warning',
    title: 'Python not found',
    message: check.problem,
    detail: check.help,
    buttons: ['Download Python', 'Close'],
    defaultId: 0,
    cancelId: 1,
  })
  if (response === 0) await shell.openExternal(PYTHON_DOWNLOAD_URL)
}

export function startApp(): void {
  // Before `ready`: the app scheme is a standard, secure origin (not file://).
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
  app.enableSandbox()
  app.on('web-contents-created', (_event, contents) => hardenContents(contents))
  app.whenReady().then(() => {
    Menu.setApplicationMenu(null)
    hardenSession(session.defaultSession)
    serveWorkbench()
    const linuxBackend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined
    host = createHost({
      stateDir: app.getPath('userData'),
      tracerDir: resourcePath('python'),
      tracerArchive: app.isPackaged ? resourcePath('bugscope.pyz') : undefined,
      // Attach tokens are kept only where the OS keychain protects them; otherwise the user types them again.
      secrets: keychainProtects(safeStorage.isEncryptionAvailable(), linuxBackend)
        ? {
            encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
            decrypt: (cipher) => safeStorage.decryptString(Buffer.from(cipher, 'base64')),
          }
        : undefined,
      pickFolder: async () => {
        const options: Electron.OpenDialogOptions = { title: 'Open Folder', properties: ['openDirectory'] }
        const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options)
        return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]
      },
    })
    host.onSessionEvent((event) => mainWindow?.webContents.send(IPC_SESSION_EVENT, event))
    host.onShellEvent((event) => mainWindow?.webContents.send(IPC_SHELL_EVENT, event))
    // Every IPC handler goes through senderChecked: only the workbench's own top frame reaches the host.
    ipcMain.handle(IPC_INVOKE, senderChecked(devServerUrl, (method: unknown, args: unknown) => callHost(host!, method, args)))
    const win = (mainWindow = createWindow())
    mainWindow.on('closed', () => (mainWindow = null))
    win.once('ready-to-show', () => void host!.getSettings().then((s) => warnWithoutPython(win, s.python)))
  })
  app.on('window-all-closed', () => app.quit())
  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting || !host) return
    // Stop every debuggee before leaving: nothing is left running.
    event.preventDefault()
    quitting = true
    void host.dispose().finally(() => app.quit())
  })
}
