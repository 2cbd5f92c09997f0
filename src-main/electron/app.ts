// The only code that imports 'electron': window, IPC binding and the native dialog. Everything it
// serves comes from the plain-Node host.
import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, shell, type IpcMainInvokeEvent } from 'electron'
import { IPC_INVOKE, IPC_SESSION_EVENT } from '../../src-preload/contract'
import { callHost } from '../host/bridge'
import { createHost, type Host } from '../host/host'
import { isTrustedSender } from './trust'

let host: Host | null = null
let mainWindow: BrowserWindow | null = null

function tracerDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'python') : join(app.getAppPath(), 'python')
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Bugscope',
    backgroundColor: '#1e1e1e',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  win.once('ready-to-show', () => win.show())
  // The workbench never navigates away or opens windows; links go to the system browser.
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'))
  return win
}

export function startApp(): void {
  app.enableSandbox()
  app.whenReady().then(() => {
    Menu.setApplicationMenu(null)
    host = createHost({
      stateDir: app.getPath('userData'),
      tracerDir: tracerDir(),
      tracerArchive: app.isPackaged ? join(process.resourcesPath, 'bugscope.pyz') : undefined,
      // Attach tokens are kept only where the OS keychain protects them; otherwise the user types them again.
      secrets: safeStorage.isEncryptionAvailable()
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
    ipcMain.handle(IPC_INVOKE, (event: IpcMainInvokeEvent, method: unknown, args: unknown) => {
      if (!isTrustedSender(event.senderFrame?.url, process.env.ELECTRON_RENDERER_URL)) {
        throw new Error('Bugscope: IPC from an untrusted frame was refused.')
      }
      return callHost(host!, method, args)
    })
    mainWindow = createWindow()
    mainWindow.on('closed', () => (mainWindow = null))
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
